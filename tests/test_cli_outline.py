"""Full specs outlined for ``glancecycle check``: the same spec records, or a whole parse."""

from __future__ import annotations

from pathlib import Path

import pytest

from sphinxext_glancecycle.analysis import analyse
from sphinxext_glancecycle.cli import check
from sphinxext_glancecycle.cli.outline import outline
from sphinxext_glancecycle.readers.profile import namespace, parse
from sphinxext_glancecycle.policy import Policy
from sphinxext_glancecycle.readers.specs import read_template

from conftest import REPO
from helpers.repo import CONF, make_repo, run

SOURCE = 'specs/2024.1/approved/glance/example.rst'
TEMPLATE = read_template((REPO / 'specs' / 'template.rst').read_text('utf-8'))

SPEC = """\
..
 A licence comment.

==================
Faster image lists
==================

Include the URL of your blueprint:
https://blueprints.launchpad.net/glance/+spec/faster-lists

Lists of images are slow, with ``"quotes"`` and a `link <https://example.org>`_.

Problem description
===================

* a bullet
* with a second item

::

    Not a title
    ===========

Proposed chage
==============

.. note::

   Directive content.

-----

Use cases
---------

+-------+-------+
| a     | b     |
+=======+=======+
| 1     | 2     |
+-------+-------+
"""


def records(text: str, source: str = SOURCE) -> tuple:
    """The spec record and findings of ``text`` parsed whole and outlined."""
    policy = Policy()
    result = []
    with namespace():
        for version in (text, outline(text)):
            report = analyse(parse(version, 'example.rst'), source, policy, TEMPLATE)
            spec = report.spec
            result.append((
                spec and (spec.title, spec.line, spec.sections, spec.blueprint is None),
                [(f.line, f.code, f.message) for f in report.findings]))
    return tuple(result)


def test_an_outline_keeps_titles_and_the_blueprint_paragraph_on_their_lines():
    kept = outline(SPEC).split('\n')
    assert len(kept) == len(SPEC.split('\n'))
    assert {number: line for number, line in enumerate(kept, 1) if line} == {
        4: '==================', 5: 'Faster image lists', 6: '==================',
        8: 'Include the URL of your blueprint:',
        9: 'https://blueprints.launchpad.net/glance/+spec/faster-lists',
        13: 'Problem description', 14: '===================',
        24: 'Proposed chage', 25: '==============',
        33: 'Use cases', 34: '---------'}


def test_an_outlined_spec_gives_the_same_record_and_findings():
    whole, outlined = records(SPEC)
    assert whole == outlined
    spec, findings = whole
    assert spec[2] == [('Problem description', 13), ('Proposed chage', 24), ('Use cases', 33)]
    assert ('GC502' in {code for _, code, _ in findings}
            and (24, 'GC502') in {(line, code) for line, code, _ in findings})


@pytest.mark.parametrize('text', [
    pytest.param('Title\n=====\n\nbody\ncontinued\n-----\n', id='paragraph-continued'),
    pytest.param('Title\n=====\n\nA long heading\n----\n', id='underline-too-short'),
    pytest.param('Title\n=====\n\nExample::\n\nQuoted\n======\n', id='after-literal-marker'),
    pytest.param('Title\n=====\n\nA |name| heading\n================\n', id='substitution'),
    pytest.param('Title\n=====\n\nNoted [1]_\n==========\n', id='footnote'),
    pytest.param('Title\n=====\n\n.. include:: other.rst\n', id='include'),
    pytest.param('Title\n=====\n\n.. sectnum::\n\nPart\n====\n', id='sectnum'),
    pytest.param('Title\n=====\n\n1. First\n========\n', id='enumerator'),
    pytest.param('Title\n=====\n\ntext\n\n=====\nloose\n', id='stray-adornment'),
    pytest.param('Title\n=====\n\n- https://blueprints.launchpad.net/glance/+spec/x\n',
                 id='blueprint-in-a-list'),
    pytest.param('Title\n=====\n\nSee `it <https://launchpad.net/glance/+spec/x>`_.\n',
                 id='blueprint-in-a-link'),
    pytest.param('Title\n=====\n\n.. _bp: https://blueprints.launchpad.net/glance/+spec/x\n',
                 id='blueprint-target'),
])
def test_pages_the_outline_cannot_be_sure_of_are_parsed_whole(text):
    assert outline(text) is None


HEAD, SECTION = 'Title\n=====\n\n', 'Section\n-------\n'
BLUEPRINT = 'https://launchpad.net/glance/+spec/x\n\n'


@pytest.mark.parametrize('text', [
    pytest.param(HEAD + '==  ==\na   b\n\nFoo\n---\n==  ==\n\n' + SECTION,
                 id='simple-table-with-a-blank-line'),
    pytest.param(HEAD + 'See bp_.\n\n.. _bp: https://launchpad.net/glance/+\n   spec/x\n\n'
                 + SECTION, id='target-broken-over-lines'),
    pytest.param(HEAD + '`bp <https://launchpad.net/glance/+\nspec/x>`_\n\n' + SECTION,
                 id='embedded-link-broken-over-lines'),
    pytest.param(HEAD + 'https://launchpad.net/glance/+sp\\ec/x\n\n' + SECTION,
                 id='escaped-link'),
    pytest.param(HEAD + '.. csv-table::\n   :file: links.csv\n\n' + SECTION,
                 id='file-option'),
    pytest.param(HEAD + BLUEPRINT + '.. SECTNUM::\n\n' + SECTION, id='directive-in-capitals'),
    pytest.param(HEAD + BLUEPRINT + '.. sectnum ::\n\n' + SECTION, id='space-before-colons'),
    pytest.param(HEAD + BLUEPRINT + '..\tsectnum::\n\n' + SECTION, id='tab-after-dots'),
    pytest.param(HEAD + BLUEPRINT + 'x\u2028\u2028.. sectnum::\n\n' + SECTION,
                 id='unicode-line-separator'),
    pytest.param(HEAD + BLUEPRINT + '.. spec-lite ::\n   :x: y\n\n' + SECTION,
                 id='our-directive-spelt-loosely'),
    pytest.param(HEAD + BLUEPRINT + '.. default-role:: ref\n\n`x <y>`\n-------\n',
                 id='default-role'),
    pytest.param(HEAD + BLUEPRINT + '.. class:: language-de\n\n"Sec"\n-----\n',
                 id='class-changing-quotes'),
    pytest.param(HEAD + BLUEPRINT + '.. class:: glancecycle-spec-lite\n\n' + SECTION,
                 id='class-making-a-spec-lite'),
    pytest.param(HEAD + BLUEPRINT + ':pro\\ blem: x\n\n' + SECTION,
                 id='escaped-problem-field'),
])
def test_what_a_review_found_is_parsed_whole(text):
    """Pages that once outlined to a different record (found by fuzzing)."""
    assert check.holds_records(text) or outline(text) is None


def _assert_same_template(path: Path) -> None:
    text = path.read_text('utf-8')
    assert outline(text) is not None
    assert read_template(outline(text)) == read_template(text)
    assert len(read_template(text).sections) > 10


def test_the_spec_template_outlines_to_the_same_sections():
    _assert_same_template(REPO / 'specs' / 'template.rst')


def test_the_corpus_spec_template_outlines_to_the_same_sections(corpus):
    _assert_same_template(corpus / 'specs' / 'template.rst')


def test_an_outline_without_a_blueprint_still_reports_it_missing():
    text = SPEC.replace('https://blueprints.launchpad.net/glance/+spec/faster-lists', 'none')
    whole, outlined = records(text)
    assert whole == outlined
    assert 'GC503' in {code for _, code, _ in whole[1]}


def _pages(*folders: Path) -> list[Path]:
    return sorted(path for folder in folders for path in folder.rglob('*.rst'))


def _assert_same_records(pages: list[Path]) -> tuple[int, int]:
    """How many of the pages without records were outlined, of how many."""
    outlined = candidates = 0
    for page in pages:
        text = page.read_text('utf-8', 'replace')
        if check.holds_records(text):
            continue  # parsed whole by the check
        candidates += 1
        if outline(text) is None:
            continue
        outlined += 1
        whole, short = records(text)
        assert short == whole, page
    return outlined, candidates


def test_every_page_of_this_repository_outlines_to_the_same_record():
    outlined, _ = _assert_same_records(_pages(
        REPO / 'specs', REPO / 'priorities', REPO / 'doc', REPO / 'tests' / 'roots'))
    assert outlined >= 20


def test_every_corpus_page_outlines_to_the_same_record(corpus):
    outlined, candidates = _assert_same_records(_pages(corpus))
    # the outline must be worth having: nearly every page can be outlined
    assert outlined >= 0.9 * candidates


def test_check_outlines_full_specs_and_parses_the_rest_whole(tmp_path, monkeypatch, capsys):
    from sphinxext_glancecycle.readers import profile as parsing

    lite = 'Spec Lite: Small\n================\n\n:problem: x\n'
    repo = make_repo(tmp_path, {
        'specs/template.rst': (REPO / 'specs' / 'template.rst').read_text('utf-8'),
        'specs/2024.1/approved/glance/spec.rst': SPEC,
        'specs/2024.1/approved/glance/plain.rst': SPEC.split('+---')[0],
        'specs/2024.1/approved/glance/lite.rst': lite},
        CONF + "exclude_patterns = ['**/template.rst']\n")
    seen = {}
    real = parsing.parse
    monkeypatch.setattr(parsing, 'parse', lambda text, path, *rest: seen.setdefault(
        Path(path).name, text) and real(text, path, *rest))
    status, out, err = run(monkeypatch, capsys, repo, 'check')
    assert seen['plain.rst'] == outline(SPEC.split('+---')[0])
    # a table's cells share lines, so the template's text (GC505) could hide in them
    assert seen['spec.rst'] == SPEC
    assert seen['lite.rst'] == lite
    reported = {(int(line.split(':')[1]), line.split()[1]) for line in out if 'spec.rst' in line}
    whole_parse = {(line, code) for line, code, _ in records(SPEC)[0][1]}
    assert reported == whole_parse
    assert (24, 'GC502') in reported and (5, 'GC501') in reported
    assert err == []


def test_how_each_page_is_parsed(tmp_path):
    from sphinxext_glancecycle.cli import confpy

    site = confpy.load(make_repo(tmp_path, {}, CONF))
    assert check.parsing('specs/2024.1/approved/glance/a.rst', SPEC, site) == check.OUTLINE
    assert check.parsing('specs/2024.1/approved/glance/a.rst', ':Problem: x\n',
                         site) == check.WHOLE
    assert check.holds_records('.. cycle-priorities::\n') and not check.holds_records(SPEC)
    assert check.parsing('priorities/2024.1-priorities.rst', 'TODO\n', site) == check.WHOLE
    assert check.parsing('ptg/notes.rst', 'A problem we had.\n', site) is None
    assert check.parsing('ptg/notes.rst', '.. spec-lite:: X\n', site) == check.WHOLE
    assert check.parsing('specs/2024.1/index.rst', SPEC, site) is None
