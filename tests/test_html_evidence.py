"""The HTML report's evidence section: each input file's SHA-256, the analysis time (UTC), the version, and each
finding with its message index, time and author."""

from __future__ import annotations

import hashlib
import io
import re
import sys
from datetime import UTC, datetime
from html import unescape
from pathlib import Path

import pytest

from lurewatch import __version__, analyze
from lurewatch.cli import main
from lurewatch.ingest import load
from tests.service_support import EXAMPLES, client_for

STAMP = re.compile(r"Analysed (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC with lurewatch (\S+)\.")
FINDING_ROW = re.compile(
    r"<tr><td>(\d+)</td><td>(\d+)</td><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td><td><q>(.*?)</q></td></tr>"
)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def html_report(tmp_path: Path, *inputs: str) -> str:
    out = tmp_path / "report.html"
    assert main(["analyze", *inputs, "--format", "html", "--detectors", "catalogue", "-o", str(out)]) == 0
    return out.read_text(encoding="utf-8")


def test_evidence_names_the_file_by_sha256_with_time_and_version(tmp_path: Path) -> None:
    walkthrough = EXAMPLES / "walkthrough.txt"
    before = datetime.now(UTC).replace(microsecond=0)
    page = html_report(tmp_path, str(walkthrough))
    after = datetime.now(UTC)
    evidence = page[page.index("<section id=evidence>") :]
    assert f"<td>{walkthrough}</td><td>{walkthrough.stat().st_size:,} bytes</td>" in evidence
    assert f"<td class=hash>{sha256(walkthrough)}</td>" in evidence
    stamp, version = STAMP.search(evidence).groups()  # type: ignore[union-attr]
    assert before <= datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC) <= after
    assert version == __version__


def test_each_finding_is_listed_with_message_index_time_and_author(tmp_path: Path) -> None:
    walkthrough = EXAMPLES / "walkthrough.txt"
    conversation = next(iter(load([walkthrough])))
    analysis = analyze(conversation, detectors="catalogue")
    rows = FINDING_ROW.findall(html_report(tmp_path, str(walkthrough)))
    assert len(rows) == len(analysis.findings) > 5
    for (_number, index, when, author, indicator, words), finding in zip(rows, analysis.findings, strict=True):
        message = conversation.messages[finding.message_index]
        assert int(index) == finding.message_index
        assert message.time is not None
        assert when == f"{message.time.isoformat(sep=' ')} (the export gives no time zone)"
        assert unescape(author) == finding.author == message.author
        assert indicator == finding.indicator
        assert unescape(words) == finding.evidence
    assert [int(row[0]) for row in rows] == list(range(1, len(rows) + 1))


def test_evidence_of_stdin_hashes_what_was_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = (EXAMPLES / "sextortion.txt").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    page = html_report(tmp_path, "-")
    assert f"<td>&lt;stdin&gt;</td><td>{len(data):,} bytes</td><td class=hash>{hashlib.sha256(data).hexdigest()}</td>" in page
    assert page.count("<section>") == 1  # the conversation read from those same bytes
    assert FINDING_ROW.search(page)


def test_evidence_of_a_folder_hashes_every_file(tmp_path: Path) -> None:
    page = html_report(tmp_path, str(EXAMPLES))
    for path in sorted(EXAMPLES.iterdir()):
        assert f"<td>{path}</td><td>{path.stat().st_size:,} bytes</td><td class=hash>{sha256(path)}</td>" in page


def test_demo_report_carries_the_bundled_files_hash(tmp_path: Path) -> None:
    out = tmp_path / "demo.html"
    assert main(["demo", "--format", "html", "--detectors", "catalogue", "-o", str(out)]) == 0
    assert sha256(EXAMPLES / "walkthrough.txt") in out.read_text(encoding="utf-8")


def test_service_html_report_hashes_the_upload(tmp_path: Path) -> None:
    data = (EXAMPLES / "walkthrough.txt").read_bytes()
    with client_for(tmp_path) as client:
        response = client.post("/v1/analyze?format=html", files={"file": ("walkthrough.txt", data)})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    page = response.text
    assert page.startswith("<!doctype html>")
    assert f"<td>walkthrough.txt</td><td>{len(data):,} bytes</td><td class=hash>{hashlib.sha256(data).hexdigest()}" in page
    assert len(FINDING_ROW.findall(page)) > 5
