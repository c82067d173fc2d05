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
    out.write(f'{{"lurewatch_version": {json.dumps(__version__)}, "conversations": [')
    count = 0
    for analysis in analyses:
        out.write(",\n" if count else "\n")
        out.write(analysis.model_dump_json())
        count += 1
    out.write("\n]}\n")
    return count
