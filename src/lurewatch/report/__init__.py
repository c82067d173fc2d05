"""Report writers: text (Rich) for people, JSON for programs, HTML for sharing."""

from __future__ import annotations

from collections import defaultdict

from lurewatch.model import Analysis, Finding


def numbered_findings(analysis: Analysis) -> dict[int, list[tuple[int, Finding]]]:
    """Findings by message index, each with its note number (1, 2, ... in reading order) as the reports show it."""
    by_message: dict[int, list[tuple[int, Finding]]] = defaultdict(list)
    for number, finding in enumerate(analysis.findings, start=1):
        by_message[finding.message_index].append((number, finding))
    return by_message
