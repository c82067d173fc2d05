"""The HTML report: self-contained, escaped, with each finding's words marked at the right place."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path

from lurewatch import analyze
from lurewatch.cli import main
from lurewatch.ingest import load
from lurewatch.model import Conversation, Message
from lurewatch.report.html import write_html


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.marks: list[str] = []
        self.tags: set[str] = set()
        self._in_mark = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self._in_mark = tag == "mark"
        if self._in_mark:
            self.marks.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self._in_mark = False

    def handle_data(self, data: str) -> None:
        if self._in_mark:
            self.marks[-1] += data


def _render(conversation: Conversation) -> str:
    out = io.StringIO()
    write_html([(analyze(conversation), conversation)], out)
    return out.getvalue()


def test_marks_are_the_evidence_and_page_is_self_contained(examples: Path) -> None:
    conversation = next(iter(load([examples / "walkthrough.txt"])))
    analysis = analyze(conversation)
    html = _render(conversation)
    collector = _Collector()
    collector.feed(html)
    evidence = [f.evidence for f in analysis.findings]
    assert collector.marks and all(mark in evidence for mark in collector.marks)
    assert not {"script", "img", "link", "iframe"} & collector.tags
    assert "takeitdown.ncmec.org" in html
    assert not re.search(r"https?://", html)  # nothing to fetch: it opens offline


def test_chat_text_is_escaped() -> None:
    conversation = Conversation(
        id="<b>x</b>",
        messages=[Message(author="<script>", text="<img src=x> don't tell anyone about us & <b>me</b>")],
    )
    html = _render(conversation)
    assert "<script>" not in html and "<img" not in html and "<b>me</b>" not in html
    assert "&lt;img src=x&gt;" in html and "&amp;" in html
    collector = _Collector()
    collector.feed(html)
    assert "don't tell anyone" in collector.marks[0] or "tell anyone" in collector.marks[0]


def test_cli_writes_html_file(tmp_path: Path, examples: Path) -> None:
    out = tmp_path / "report.html"
    assert main(["analyze", str(examples), "--format", "html", "-o", str(out)]) == 0
    page = out.read_text()
    assert page.count("<section>") == 4
    assert page.startswith("<!doctype html>")
    assert oct(out.stat().st_mode & 0o777) != oct(0o600)
