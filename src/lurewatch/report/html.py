"""A self-contained HTML page per report, laid out like the handout: the chat with the triggering words marked and a
numbered note beside each message, then the people, the stages, the risk and what to do.

One file with inline CSS and no scripts, fonts or images, so it opens offline and can be shared in a training or
attached to a case. Every piece of chat text is escaped. An evidence section says what was analysed (each input file's
SHA-256), when and with which version, and lists each finding with its message index, time and author: what a parent
or a moderator attaches to a report to a platform or a hotline.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from html import escape
from typing import TextIO

from lurewatch import __version__
from lurewatch.model import Analysis, Conversation, Finding
from lurewatch.report import numbered_findings
from lurewatch.report.evidence import Evidence

STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:70rem;color:#1d1d1f;padding:0 1rem}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}
.risk{display:inline-block;padding:.15rem .6rem;border-radius:1rem;font-weight:600}
.none{background:#e3f4e8}.low{background:#e2f0fb}.medium{background:#fff3c4}.high{background:#ffd8cc}
.critical{background:#b3261e;color:#fff}
table{border-collapse:collapse;width:100%}td,th{padding:.35rem .5rem;vertical-align:top;text-align:left}
tr.msg td{border-top:1px solid #eee}.idx{color:#888;width:2rem}.who{font-weight:600;white-space:nowrap}
.suspect{color:#b3261e}.target{color:#0b57d0}.note{font-size:.9rem;color:#333;width:40%}
mark{border-radius:.2rem;padding:0 .1rem}mark.s1,mark.s2{background:#cde6ff}mark.s3{background:#ffe58a}
mark.s4{background:#ffb199}mark.s5{background:#ff7a6b}sup{font-weight:700}.media{color:#777;font-style:italic}
.advice{background:#f6f6f8;border-radius:.6rem;padding:1rem 1.2rem}.small{color:#666;font-size:.85rem}
.hash{font-family:ui-monospace,monospace;font-size:.8rem;word-break:break-all}
"""


def write_html(
    pairs: Iterable[tuple[Analysis, Conversation]], out: TextIO, evidence: Evidence | None = None
) -> int:
    """Writes one page holding every conversation; returns how many. `evidence`: the input files' hashes and the time
    the analysis started (default: now, no files: the conversations were handed over in memory)."""
    evidence = evidence or Evidence()
    out.write(
        f"<!doctype html><html lang=en><head><meta charset=utf-8><title>lurewatch report</title>"
        f"<style>{STYLE}</style></head><body>"
    )
    count = 0
    for analysis, conversation in pairs:
        out.write(_conversation(analysis, conversation))
        count += 1
    out.write(_evidence(evidence))
    out.write(
        f"<p class=small>lurewatch {escape(__version__)} · a screening aid for people, not proof and not a "
        "judge.</p></body></html>\n"
    )
    return count


def _conversation(analysis: Analysis, conversation: Conversation) -> str:
    parts = [
        f"<section><h1>{escape(analysis.id)} <span class='risk {analysis.risk.level}'>"
        f"{analysis.risk.level.upper()} {analysis.risk.score:.2f}</span></h1>",
        f"<p>{analysis.message_count} messages, {len(analysis.findings)} findings. "
        f"{escape(analysis.escalation.summary)}</p>",
        "".join(f"<p class=why>{escape(reason.description)}</p>" for reason in analysis.explanation),
        f"<p>{analysis.skipped_messages} broken messages were skipped while reading.</p>"
        if analysis.skipped_messages
        else "",
        _chat(analysis, conversation),
        _people(analysis),
        _stages(analysis),
        _advice(analysis),
        _findings_as_evidence(analysis, conversation),
        "</section>",
    ]
    return "".join(parts)


def _chat(analysis: Analysis, conversation: Conversation) -> str:
    by_message = numbered_findings(analysis)
    roles = {p.name: p.role for p in analysis.participants}
    rows = ["<h2>The conversation</h2><table>"]
    for index, message in enumerate(conversation.messages):
        findings = by_message.get(index, [])
        text = (
            _marked(message.text, findings)
            if message.kind == "text"
            else f"<span class=media>{escape(message.text)}</span>"
        )
        notes = "<br>".join(
            f"<sup>{number}</sup> <b>{escape(finding.category.replace('_', ' '))}</b>: {escape(finding.explanation)}"
            for number, finding in findings
        )
        role = roles.get(message.author, "unknown")
        rows.append(
            f"<tr class=msg><td class=idx>{index}</td><td class='who {role}'>{escape(message.author)}</td>"
            f"<td>{text}</td><td class=note>{notes}</td></tr>"
        )
    rows.append("</table>")
    return "".join(rows)


def _marked(text: str, findings: list[tuple[int, Finding]]) -> str:
    """The message with each finding's span in a <mark>; overlapping spans are merged into the first."""
    out, position = [], 0
    for number, finding in sorted(findings, key=lambda pair: pair[1].span):
        start, end = finding.span
        if start < position:  # overlaps the previous mark: its number goes with that one
            out.append(f"<sup>{number}</sup>")
            continue
        out.append(escape(text[position:start]))
        out.append(f"<mark class=s{finding.severity}>{escape(text[start:end])}</mark><sup>{number}</sup>")
        position = end
    out.append(escape(text[position:]))
    return "".join(out)


def _people(analysis: Analysis) -> str:
    rows = [
        "<h2>People in this conversation</h2><table><tr><th>name</th><th>role</th><th>risk</th>"
        "<th>asks vs shares</th><th>stated ages</th></tr>"
    ]
    for person in analysis.participants:
        ages = ", ".join(str(claim.age) for claim in person.age_claims) or "–"
        warnings = "".join(f"<br>⚠ {escape(text)}" for text in person.age_inconsistencies)
        rows.append(
            f"<tr><td class='who {person.role}'>{escape(person.name)}</td>"
            f"<td>{person.role} ({person.role_confidence:.0%})</td>"
            f"<td><span class='risk {person.risk.level}'>{person.risk.level}</span></td>"
            f"<td>{escape(person.asymmetry.summary)}</td><td>{ages}{warnings}</td></tr>"
        )
    rows.append("</table>")
    return "".join(rows)


def _stages(analysis: Analysis) -> str:
    if not analysis.stages:
        return ""
    items = "".join(
        f"<li>{escape(stage.label)}: messages {stage.first_message_index}–{stage.last_message_index} "
        f"({stage.finding_count} findings)</li>"
        for stage in analysis.stages
    )
    return f"<h2>Grooming stages</h2><ol>{items}</ol>"


def _advice(analysis: Analysis) -> str:
    advice = analysis.advice
    steps = "".join(f"<li>{escape(step)}</li>" for step in advice.steps)
    resources = "".join(
        f"<li><b>{escape(r.name)}</b>: {escape(r.contact)}<br><span class=small>{escape(r.what)}</span></li>"
        for r in advice.resources
    )
    return (
        f"<h2>What to do next ({advice.audience})</h2><div class=advice><p><b>{escape(advice.summary)}</b></p>"
        f"<ul>{steps}</ul><p><b>Where to get help</b></p><ul>{resources}</ul></div>"
    )


def _findings_as_evidence(analysis: Analysis, conversation: Conversation) -> str:
    if not analysis.findings:
        return ""
    rows = [
        "<h2>Findings as evidence</h2><table><tr><th>note</th><th>message</th><th>time</th><th>author</th>"
        "<th>indicator</th><th>words</th></tr>"
    ]
    for number, finding in enumerate(analysis.findings, start=1):
        time = conversation.messages[finding.message_index].time
        when = _when(time) if time is not None else "not in the export"
        rows.append(
            f"<tr><td>{number}</td><td>{finding.message_index}</td><td>{when}</td>"
            f"<td>{escape(finding.author)}</td><td>{escape(finding.indicator)}</td>"
            f"<td><q>{escape(finding.evidence)}</q></td></tr>"
        )
    rows.append("</table>")
    return "".join(rows)


def _when(time: datetime) -> str:
    if time.tzinfo is None:
        return f"{time.isoformat(sep=' ')} (the export gives no time zone)"
    return escape(time.isoformat(sep=" "))


def _evidence(evidence: Evidence) -> str:
    files = "".join(
        f"<tr><td>{escape(item.name)}</td><td>{item.size:,} bytes</td><td class=hash>{item.sha256}</td></tr>"
        for item in evidence.files
    )
    listing = (
        f"<table><tr><th>input file</th><th>size</th><th>SHA-256</th></tr>{files}</table>"
        if files
        else "<p>No input file: the conversations were handed to lurewatch in memory.</p>"
    )
    stamp = evidence.analysed_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    return (
        f"<section id=evidence><h1>Evidence</h1><p>Analysed {stamp} with lurewatch {escape(evidence.version)}. "
        "A file whose SHA-256 matches the one below is the file that was analysed.</p>"
        f"{listing}</section>"
    )
