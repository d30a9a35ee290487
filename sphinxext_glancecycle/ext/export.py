"""``<outdir>/glancecycle.json``: what the build found, in a stable order."""

from __future__ import annotations

import json
import os

from sphinx.application import Sphinx

from sphinxext_glancecycle.model import Finding, Priority, ScheduleRow, SpecLite

SCHEMA_VERSION = 1


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


def _by_place(record) -> tuple:
    return (record.source, record.line or 0)


def export_data(app: Sphinx) -> dict:
    domain = app.env.get_domain('glancecycle')
    lites = sorted(domain.records('spec_lites'),
                   key=lambda lite: (lite.source, lite.line or 0, lite.title))
    findings = sorted(domain.records('findings'), key=Finding.sort_key)
    return {
        'schema_version': SCHEMA_VERSION,
        'spec_lites': [spec_lite_record(lite) for lite in lites],
        'priorities': [priority_record(p)
                       for p in sorted(domain.records('priorities'), key=_by_place)],
        'schedules': [schedule_record(row)
                      for row in sorted(domain.records('schedules'), key=_by_place)],
        'findings': [finding.as_dict() for finding in findings],
    }


def write_export(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != 'html':
        return
    from sphinxext_glancecycle.ext.dashboard.exports import extend_export

    export = export_data(app)
    extend_export(app, export)
    text = json.dumps(export, indent=2, sort_keys=True, ensure_ascii=False)
    with open(os.path.join(app.outdir, 'glancecycle.json'), 'w', encoding='utf-8') as out:
        out.write(text + '\n')


def setup_export(app: Sphinx) -> None:
    app.connect('build-finished', write_export)
