"""The terminal report: the chat with the triggering words highlighted and a margin note per finding, like the handout's
annotated page; then the people, the stages, the risk and what to do."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from rich.console import Console, Group
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from lurewatch.model import Analysis, Conversation, MessageKind, RiskLevel
from lurewatch.report import numbered_findings

LEVEL_STYLE: dict[RiskLevel, str] = {
    "none": "green",
    "low": "cyan",
    "medium": "yellow",
    "high": "bold red",
    "critical": "bold white on red",
}
SEVERITY_STYLE = {1: "cyan", 2: "cyan", 3: "yellow", 4: "red", 5: "bold red"}
ROLE_STYLE = {"suspect": "bold red", "target": "bold cyan", "unknown": "dim"}
SIDE_NOTES_MIN_WIDTH = 110
NOTE_MARKS = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def render_analysis(console: Console, analysis: Analysis, conversation: Conversation) -> None:
    console.print(_header(analysis))
    console.print(_chat(analysis, conversation, console.width))
    console.print(_participants(analysis))
    if analysis.stages:
        console.print(_stages(analysis))
    console.print(_advice(analysis))


def render_ranking(console: Console, ranked: Sequence[Analysis], total: int) -> None:
    """The highest-risk conversations (`ranked`, already sorted and cut) out of `total`."""
    table = Table(title=f"{total} conversations, highest risk first", title_justify="left")
    for column in ("#", "conversation", "messages", "risk", "alert at", "suspect", "top indicators"):
        table.add_column(column)
    for rank, analysis in enumerate(ranked, start=1):
        suspect = next((p.name for p in analysis.participants if p.role == "suspect"), "-")
        counts: dict[str, int] = defaultdict(int)
        for finding in analysis.findings:
            counts[finding.category] += 1
        top_categories = ", ".join(f"{cat} ×{n}" for cat, n in sorted(counts.items(), key=lambda kv: -kv[1])[:3])
        table.add_row(
            str(rank),
            analysis.id,
            str(analysis.message_count),
            _level(analysis.risk.level, analysis.risk.score),
            "-" if analysis.first_alert_index is None else f"msg {analysis.first_alert_index}",
            suspect,
            top_categories or "-",
        )
    console.print(table)
    if total > len(ranked):
        console.print(Text(f"… {total - len(ranked)} more (use --top N, or --format json for all)", style="dim"))


def _level(level: RiskLevel, score: float) -> Text:
    return Text(f"{level.upper()} {score:.2f}", style=LEVEL_STYLE[level])


def _header(analysis: Analysis) -> Panel:
    title = Text.assemble("Risk: ", _level(analysis.risk.level, analysis.risk.score))
    lines = [f"{analysis.message_count} messages, {len(analysis.findings)} findings."]
    if analysis.first_alert_index is not None:
        lines.append(f"Reached {analysis.alert_level} risk at message {analysis.first_alert_index}.")
    lines.append(analysis.escalation.summary)
    lines.extend(reason.description for reason in analysis.explanation)
    if analysis.skipped_messages:
        lines.append(f"{analysis.skipped_messages} broken messages were skipped while reading.")
    return Panel("\n".join(lines), title=f"lurewatch · {analysis.id}", subtitle=title, expand=False)


def _chat(analysis: Analysis, conversation: Conversation, width: int) -> Table:
    by_message = numbered_findings(analysis)
    roles = {p.name: p.role for p in analysis.participants}
    side_notes = width >= SIDE_NOTES_MIN_WIDTH  # the handout's margin notes; below the message on narrow screens
    table = Table(show_header=True, box=None, pad_edge=False, expand=True)
    table.add_column("#", style="dim", justify="right", no_wrap=True)
    table.add_column("who", no_wrap=True)
    table.add_column("message", ratio=3)
    if side_notes:
        table.add_column("why it matters", ratio=2)
    for index, message in enumerate(conversation.messages):
        findings = by_message.get(index, [])
        body = Text(message.text, style="dim italic" if message.kind is not MessageKind.TEXT else "")
        notes = Text()
        for number, finding in findings:
            start, end = finding.span
            body.stylize(f"reverse {SEVERITY_STYLE[finding.severity]}", start, end)
            mark = _mark(number)
            body.append(f" {mark}", style=SEVERITY_STYLE[finding.severity])
            if notes:
                notes.append("\n")
            notes.append(f"{mark} {finding.category.replace('_', ' ')}: ", style=SEVERITY_STYLE[finding.severity])
            notes.append(finding.explanation)
        author = Text(message.author, style=ROLE_STYLE.get(roles.get(message.author, "unknown"), ""))
        if side_notes:
            table.add_row(str(index), author, body, notes)
        else:
            table.add_row(str(index), author, Text("\n").join([body, notes]) if notes else body)
    return table


def _mark(number: int) -> str:
    return NOTE_MARKS[number - 1] if number <= len(NOTE_MARKS) else f"({number})"


def _participants(analysis: Analysis) -> Table:
    table = Table(title="People in this conversation", title_justify="left")
    for column in ("name", "role", "risk", "indicators", "opened", "asks vs shares", "stated ages"):
        table.add_column(column)
    for person in analysis.participants:
        ages = ", ".join(str(claim.age) for claim in person.age_claims) or "-"
        if person.age_inconsistencies:
            ages += "\n" + "\n".join(f"⚠ {text}" for text in person.age_inconsistencies)
        table.add_row(
            person.name,
            Text(f"{person.role} ({person.role_confidence:.0%})", style=ROLE_STYLE[person.role]),
            _level(person.risk.level, person.risk.score),
            str(person.indicator_count),
            str(person.initiations),
            person.asymmetry.summary,
            ages,
        )
    return table


def _stages(analysis: Analysis) -> Table:
    table = Table(title="How the conversation moved through grooming stages", title_justify="left")
    for column in ("stage", "messages", "findings"):
        table.add_column(column)
    for stage in analysis.stages:
        table.add_row(stage.label, f"{stage.first_message_index}–{stage.last_message_index}", str(stage.finding_count))
    return table


def _advice(analysis: Analysis) -> Panel:
    advice = analysis.advice
    steps = Text()
    for step in advice.steps:
        steps.append(f"• {step}\n")
    resources = Text()
    for resource in advice.resources:
        resources.append(f"{resource.name}: ", style="bold")
        resources.append(f"{resource.contact}\n", style="underline")
        resources.append(f"  {resource.what}\n", style="dim")
    body = Group(
        Text(advice.summary, style="bold"),
        Padding(steps, (1, 0, 0, 0)),
        Text("Where to get help", style="bold"),
        resources,
        Text(
            "lurewatch is a screening aid for people, not proof and not a judge. You know the situation best.",
            style="dim",
        ),
    )
    return Panel(body, title=f"What to do next ({advice.audience})", title_align="left")
