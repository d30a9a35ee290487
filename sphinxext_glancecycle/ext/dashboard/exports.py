"""The dashboard's share of ``glancecycle.json``: cycles, specs and people.

The whole export is described by ``glancecycle.schema.json``, shipped in
the package.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import TYPE_CHECKING

from sphinxext_glancecycle.ext import baseline, config
from sphinxext_glancecycle.ext.dashboard import data
from sphinxext_glancecycle.model import Spec
from sphinxext_glancecycle.rules.people import people_findings

if TYPE_CHECKING:
    from sphinx.application import Sphinx

SCHEMA_FILE = 'glancecycle.schema.json'


def schema() -> dict:
    """The JSON Schema of ``glancecycle.json``."""
    text = resources.files('sphinxext_glancecycle').joinpath(SCHEMA_FILE).read_text('utf-8')
    return json.loads(text)


def spec_record(spec: Spec) -> dict:
    return {
        'source': spec.source,
        'line': spec.line,
        'title': spec.title,
        'cycle': spec.cycle,
        'status': spec.status,
        'project': spec.project,
        'blueprint': spec.blueprint,
        'assignees': list(spec.assignees),
        'sections': [{'title': title, 'line': line} for title, line in spec.sections],
    }


def cycle_records(app: Sphinx) -> list[dict]:
    from sphinxext_glancecycle.ext.dashboard import snapshot

    policy = config.policy(app)
    documents = app.env.get_domain('glancecycle').documents
    boards = {key: docname for docname, key in data.located(documents, 'dashboards')}
    records = []
    for cycle in data.cycles_with_content(documents, policy.catalogue):
        info = snapshot(app).cycle(cycle)
        specs = sum(1 for work in info.works if work.kind == 'spec')
        records.append({
            'key': cycle.key,
            'name': cycle.name,
            'release_id': cycle.release_id,
            'release_date': cycle.release_date.isoformat() if cycle.release_date else None,
            'milestones': {name: date.isoformat()
                           for name, date in sorted(info.milestones.items())},
            'dashboard': boards.get(cycle.key),
            'priorities': len(info.priorities),
            'specs': specs,
            'spec_lites': len(info.works) - specs,
            'findings': len(info.findings),
        })
    return records


def people_records(directory) -> list[dict]:
    return [{
        'name': person.name,
        'launchpad_ids': person.ids,
        'roles': [{'role': role, 'what': what, 'cycle': cycle}
                  for role, what, cycle, _, _ in person.roles],
    } for person in directory.entries()]


def extend_export(app: Sphinx, export: dict) -> None:
    """Add cycles, specs, people and the people findings to ``export``."""
    domain = app.env.get_domain('glancecycle')
    from sphinxext_glancecycle.ext.dashboard import snapshot

    directory = snapshot(app).people
    specs = sorted(domain.records('specs'), key=lambda spec: (spec.source, spec.line or 0))
    export['cycles'] = cycle_records(app)
    export['specs'] = [spec_record(spec) for spec in specs]
    export['people'] = people_records(directory)
    found = baseline.lower_repository(app, people_findings(directory, config.policy(app)))
    if found:
        export['findings'] = sorted(
            [*export.get('findings', ()), *(f.as_dict() for f in found)],
            key=lambda item: (item['source'], item['line'] or 0, item['code'], item['message']))
