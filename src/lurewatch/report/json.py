"""The stable JSON report (its shape is documented in the README and checked by tests/test_json_report.py).

Written as a stream, one conversation at a time, so a corpus of 150,000 conversations never sits in memory as one
document. The output is the same as `Report.model_dump_json(indent=2)` would give, minus whitespace details.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from lurewatch import __version__
from lurewatch.model import Analysis


def write_json(analyses: Iterable[Analysis], out: TextIO) -> int:
    """Writes the report; returns how many conversations it holds."""
    return write_json_documents((analysis.model_dump_json() for analysis in analyses), out)


def write_json_documents(documents: Iterable[str], out: TextIO) -> int:
    """The report around conversations already rendered with `Analysis.model_dump_json` (e.g. by worker processes)."""
    out.write(f'{{"lurewatch_version": {json.dumps(__version__)}, "conversations": [')
    count = 0
    for document in documents:
        out.write(",\n" if count else "\n")
        out.write(document)
        count += 1
    out.write("\n]}\n")
    return count
