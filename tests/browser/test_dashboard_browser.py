"""The project's own dashboards in headless Chromium (``tox -e browser``).

Uses the system Chromium (Debian's ``chromium`` package) through Playwright;
nothing is downloaded. Skips when either is missing. Requests that leave
the built site (the theme's fonts and scripts) are answered empty, so the
test runs offline and judges only the site itself.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get('GLANCECYCLE_CHROMIUM') or shutil.which('chromium') \
    or shutil.which('chromium-browser')
SCREENSHOTS = Path(os.environ.get('GLANCECYCLE_SCREENSHOTS', REPO / 'build' / 'screenshots'))

sync_api = pytest.importorskip('playwright.sync_api', reason='Playwright is not installed')
if not CHROMIUM:
    pytest.skip('no chromium binary found (apt install chromium)', allow_module_level=True)

PAGES = ['cycles/2024.1.html', 'cycles/pike.html', 'cycles/index.html', 'cycles/people.html']


@pytest.fixture(scope='module')
def site(tmp_path_factory) -> Path:
    outdir = tmp_path_factory.mktemp('site')
    subprocess.run([sys.executable, '-m', 'sphinx', '-q', '-b', 'html',
                    str(REPO / 'doc' / 'source'), str(outdir)], check=True)
    return outdir


@pytest.fixture(scope='module')
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                             args=['--no-sandbox'])
        yield browser
        browser.close()


def _stub_outside(route):
    if route.request.url.startswith('file:'):
        route.continue_()
    else:
        route.fulfill(status=204, body='')


@pytest.mark.parametrize('page_name', PAGES)
def test_dashboard_page_in_chromium(site, browser, page_name):
    page = browser.new_page(viewport={'width': 1280, 'height': 900})
    errors = []
    page.on('console', lambda message: errors.append(message.text)
            if message.type == 'error' else None)
    page.on('pageerror', lambda error: errors.append(str(error)))
    page.route('**/*', _stub_outside)
    page.goto((site / page_name).as_uri())
    page.wait_for_load_state('load')

    assert errors == []
    dashboard = page.locator('.glancecycle-dashboard').first
    assert dashboard.is_visible()
    tables = page.locator('.glancecycle-dashboard table')
    assert tables.count() >= 1
    for index in range(tables.count()):
        assert tables.nth(index).is_visible()

    hrefs = page.eval_on_selector_all('.glancecycle-dashboard a[href]',
                                      'links => links.map(a => a.href)')
    internal = [href for href in hrefs if href.startswith('file:')]
    assert internal, 'the dashboard links nowhere in the site'
    for href in internal:
        target = urlsplit(href)
        path = Path(unquote(target.path))
        assert path.is_file(), f'{href} does not exist'
        if target.fragment:
            assert f'id="{target.fragment}"' in path.read_text('utf-8'), f'{href}: no anchor'

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / (page_name.replace('/', '_').replace('.html', '.png'))
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    page.close()


#: pages of the corpus build and the part of each that is photographed
CORPUS_PAGES = [('cycles/2024.1.html', '.glancecycle-dashboard'),
                ('cycles/index.html', '.glancecycle-people')]


@pytest.mark.parametrize('page_name, part', CORPUS_PAGES)
def test_corpus_dashboard_and_people_index_in_chromium(corpus_site, browser, page_name, part):
    """The real glance-specs tree's 2024.1 dashboard and people index, photographed."""
    page = browser.new_page(viewport={'width': 1280, 'height': 900})
    errors = []
    page.on('pageerror', lambda error: errors.append(str(error)))
    page.route('**/*', _stub_outside)
    page.goto((Path(corpus_site.outdir) / page_name).as_uri())
    page.wait_for_load_state('load')
    assert errors == []
    shown = page.locator(part).first
    assert shown.is_visible()
    ids = page.eval_on_selector_all(f'{part} [id]', 'nodes => nodes.map(n => n.id)')
    assert len(ids) == len(set(ids)), 'an anchor is used twice'
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / ('corpus_' + page_name.replace('/', '_').replace('.html', '.png'))
    shown.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    page.close()
