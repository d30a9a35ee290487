"""``<outdir>/glancecycle.json``: what the build found, in a stable order.

The export is described by ``glancecycle.schema.json``, shipped in the
package. Like the dashboards, it is made from the domain's records only.
"""

from __future__ import annotations

import json
import os
from importlib import resources

from sphinx.application import Sphinx

from sphinxext_glancecycle.ext.dashboard import data
from sphinxext_glancecycle.ext.state import state
from sphinxext_glancecycle.model import Finding, Priority, ScheduleRow, Spec, SpecLite

SCHEMA_VERSION = 1
SCHEMA_FILE = 'glancecycle.schema.json'


def schema() -> dict:
    """The JSON Schema of ``glancecycle.json``."""
    text = resources.files('sphinxext_glancecycle').joinpath(SCHEMA_FILE).read_text('utf-8')
    return json.loads(text)


def spec_lite_record(lite: SpecLite) -> dict:
    fields: dict[str, str] = {}
    for field in lite.fields:
        if not field.broken:
            fields.setdefault(field.name, field.value)
    return {
        'source': lite.source,
        'line': lite.line,
        'title': lite.title,
        'layout': lite.layout,
        'cycle': lite.cycle,
        'status': lite.status,
        'project': lite.project,
        'fields': fields,
    }


def priority_record(priority: Priority) -> dict:
    return {
        'source': priority.source,
        'line': priority.line,
        'cycle': priority.cycle,
        'group': priority.group,
        'item': priority.item,
        'owners': [{'name': p.name, 'url': p.url} for p in priority.owners],
        'specs': [{'text': link.text, 'target': link.target} for link in priority.specs],
        'milestone': priority.milestone,
    }


def schedule_record(row: ScheduleRow) -> dict:
    return {
        'source': row.source,
        'line': row.line,
        'cycle': row.cycle,
        'countdown': row.countdown,
        'weeks': row.weeks,
        'date': row.date.isoformat() if row.date else None,
        'end_date': row.end_date.isoformat() if row.end_date else None,
        'what': row.what,
    }


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


def people_records(directory) -> list[dict]:
    return [{
        'name': person.name,
        'launchpad_ids': person.ids,
        'roles': [{'role': role.kind, 'what': role.what, 'cycle': role.cycle}
                  for role in person.roles],
    } for person in directory.entries()]


def _by_place(record) -> tuple:
    return (record.source, record.line or 0)


def cycle_records(app: Sphinx) -> list[dict]:
    built = state(app.env)
    documents = app.env.get_domain('glancecycle').documents
    boards = {key: docname for docname, key in data.located(documents, 'dashboards')}
    records = []
    for cycle in data.cycles_with_content(documents, built.policy.catalogue):
        info = built.snapshot().cycle(cycle)
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


def export_data(app: Sphinx) -> dict:
    """Everything ``glancecycle.json`` holds."""
    domain = app.env.get_domain('glancecycle')
    lites = sorted(domain.records('spec_lites'),
                   key=lambda lite: (lite.source, lite.line or 0, lite.title))
    findings = sorted([*domain.records('findings'), *domain.repository_findings],
                      key=Finding.sort_key)
    return {
        'schema_version': SCHEMA_VERSION,
        'spec_lites': [spec_lite_record(lite) for lite in lites],
        'specs': [spec_record(spec) for spec in sorted(domain.records('specs'), key=_by_place)],
        'priorities': [priority_record(p)
                       for p in sorted(domain.records('priorities'), key=_by_place)],
        'schedules': [schedule_record(row)
                      for row in sorted(domain.records('schedules'), key=_by_place)],
        'cycles': cycle_records(app),
        'people': people_records(state(app.env).snapshot().people),
        'findings': [finding.as_dict() for finding in findings],
    }


def write_export(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != 'html':
        return
    # no indent: json's C encoder does not indent, and the Python one made
    # writing this file a cost of every build (``python -m json.tool`` shows it indented)
    text = json.dumps(export_data(app), sort_keys=True, ensure_ascii=False,
                      separators=(',', ':'))
    with open(os.path.join(app.outdir, 'glancecycle.json'), 'w', encoding='utf-8') as out:
        out.write(text + '\n')


def setup_export(app: Sphinx) -> None:
    app.connect('build-finished', write_export)
