"""A combination report as plain JSON-ready data, with its references numbered in order of first citation."""

from __future__ import annotations

from typing import Any

from recoverynav.interactions.models import CombinationReport


def report_json(report: CombinationReport) -> dict[str, Any]:
    """Keys: ``substances``, ``findings`` (each with numbered ``sources``), ``highest_severity``, ``urgent``,
    ``notes``, ``references``, ``attribution``, ``unknown`` (names not checked, each ``{"name", "suggestions"}``)."""
    numbers = report.reference_numbers()
    data = report.model_dump(mode="json")
    for finding in data["findings"]:
        for source in finding["sources"]:
            source["n"] = numbers[source["id"]]
    data["urgent"] = report.highest_severity.urgent
    data["references"] = [{"n": numbers[r.id], **r.model_dump(mode="json")} for r in report.references()]
    return data
