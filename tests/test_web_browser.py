"""The web page in a real browser: Debian's headless Chromium driven by Playwright, against the real app started with
`lurewatch serve` on a free loopback port. Screenshots go to test-artifacts/web/ (git-ignored) for people to look at.
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, Request, Response, expect, sync_playwright

from lurewatch import Watcher, analyze, ingest
from lurewatch.store import open_store

REPO = Path(__file__).resolve().parents[1]
WALKTHROUGH = REPO / "src" / "lurewatch" / "examples" / "walkthrough.txt"
SEXTORTION = REPO / "src" / "lurewatch" / "examples" / "sextortion.txt"
PRACTICE = REPO / "src" / "lurewatch" / "web" / "static" / "practice"
ARTIFACTS = REPO / "test-artifacts" / "web"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDE = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_healthy(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"lurewatch serve exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("lurewatch serve did not answer /healthz within 60 s")


@contextmanager
def _serve(db_url: str) -> Iterator[str]:
    """`lurewatch serve` on a free loopback port with its own alert database; answers its base URL."""
    port = _free_port()
    command = [sys.executable, "-m", "lurewatch", "serve", "--port", str(port), "--db", db_url]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(base, process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real service (API and page) as a parent would run it: no keys, loopback only."""
    with _serve(f"sqlite:///{tmp_path_factory.mktemp('web-db') / 'alerts.db'}") as base:
        yield base


class Keyed(NamedTuple):
    base: str
    key: str
    db_url: str


@pytest.fixture(scope="module")
def keyed_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Keyed]:
    """The service as a trust & safety team runs it: one API key (made with `lurewatch keys create`) guards /v1."""
    db_url = f"sqlite:///{tmp_path_factory.mktemp('web-keyed-db') / 'alerts.db'}"
    created = subprocess.run(
        [sys.executable, "-m", "lurewatch", "keys", "create", "moderator", "--db", db_url],
        capture_output=True,
        text=True,
        check=True,
    )
    with _serve(db_url) as base:
        yield Keyed(base, created.stdout.strip(), db_url)


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


class Watched:
    """A page plus everything it did that a test should never see: script errors and requests to other origins."""

    def __init__(self, page: Page, base: str) -> None:
        self.page = page
        self.base = base
        self.errors: list[str] = []
        self.foreign: list[str] = []
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("console", self._console)
        page.on("request", self._request)
        page.on("response", self._response)

    def _console(self, message: ConsoleMessage) -> None:
        # The browser logs every 4xx answer; those the page expects (a key not yet given) it shows to the user.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.errors.append(message.text)

    def _response(self, response: Response) -> None:
        if response.status >= 500 or response.status == 404:
            self.errors.append(f"{response.status} {response.url}")

    def _request(self, request: Request) -> None:
        url = request.url
        if not (url.startswith(self.base + "/") or url.startswith(("data:", "blob:"))):
            self.foreign.append(url)

    def shot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=path, full_page=True)
        return path


def _open(browser: Browser, base: str, viewport: dict[str, int], part: str = "") -> Iterator[Watched]:
    context = browser.new_context(viewport=viewport, accept_downloads=True)  # type: ignore[arg-type]
    watched = Watched(context.new_page(), base)
    watched.page.goto(f"{base}/{part}")
    yield watched
    context.close()
    assert watched.errors == [], watched.errors
    assert watched.foreign == [], f"requests outside the page's own origin: {watched.foreign}"


@pytest.fixture
def wide(browser: Browser, server: str) -> Iterator[Watched]:
    yield from _open(browser, server, WIDE)


@pytest.fixture
def phone(browser: Browser, server: str) -> Iterator[Watched]:
    yield from _open(browser, server, PHONE)


def _check_text(page: Page, text: str) -> None:
    page.get_by_label("Paste the chat").fill(text)
    page.get_by_role("button", name="Check this chat").click()
    expect(page.locator("#check-status")).to_contain_text("Done.", timeout=60_000)


def _box(page: Page, selector: str) -> dict[str, float]:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box


# ----------------------------------------------------------------------------------------------------- check a chat


def test_pasted_walkthrough_shows_its_evidence_marked_with_a_note_beside_each_finding(wide: Watched) -> None:
    page = wide.page
    expected = analyze(WALKTHROUGH)
    _check_text(page, WALKTHROUGH.read_text(encoding="utf-8"))

    expect(page.locator(".result-title")).to_contain_text("Risk: Critical")
    expect(page.locator(".result-title")).to_be_focused()
    notes = page.locator("ol.notes > li")
    expect(notes).to_have_count(len(expected.findings))
    for number, finding in enumerate(expected.findings, start=1):
        note = page.locator(f"ol.notes > li[value='{number}']")
        expect(note).to_contain_text(finding.evidence)
        expect(note).to_contain_text(finding.explanation)
    # The whole chat as bubbles, flagged or not, as in the handout.
    expect(page.locator("ol.chat > li")).to_have_count(expected.message_count)
    marks = page.locator("ol.chat mark").all_inner_texts()
    assert "so mature for ur age" in marks
    assert "our little secret" in marks
    assert "dont bring anyone" in marks

    # The note sits beside its message at desktop width, as in the handout.
    row = page.locator("ol.chat > li.flagged", has_text="our little secret")
    bubble, note_box = row.locator(".bubble").bounding_box(), row.locator("ol.notes").bounding_box()
    assert bubble is not None and note_box is not None
    assert note_box["x"] >= bubble["x"] + bubble["width"]
    assert abs(note_box["y"] - bubble["y"]) < 40

    # A note number is a link to its note.
    secret = next(n for n, f in enumerate(expected.findings, start=1) if f.evidence == "our little secret")
    page.get_by_role("link", name=f"note {secret}", exact=True).click()
    expect(page.locator("ol.notes > li:target")).to_contain_text("our little secret")

    people = page.locator("ul.people > li")
    expect(people).to_have_count(2)
    suspect = people.filter(has_text="Ad.17")
    expect(suspect).to_contain_text("Showed the warning signs")
    expect(suspect).to_contain_text("Asked 3 personal questions")
    expect(suspect.locator(".contradiction")).to_contain_text("my wife")
    expect(people.filter(has_text="Mia")).to_contain_text("13 (message 7)")
    expect(page.locator("ol.stages > li")).to_have_count(len(expected.stages))
    expect(page.locator("ol.stages")).to_contain_text("Sexualisation and requests: messages 17\u201320")
    expect(page.locator(".reassure")).to_contain_text("it is not their fault")
    link = page.get_by_role("link", name="takeitdown.ncmec.org")
    expect(link).to_have_attribute("href", "https://takeitdown.ncmec.org")
    wide.shot("check-walkthrough-wide")


def test_audience_and_country_change_the_advice(wide: Watched) -> None:
    page = wide.page
    page.get_by_label("me, a young person").check()
    page.get_by_label("Country code for local helplines (optional, e.g. UK)").fill("uk")
    _check_text(page, WALKTHROUGH.read_text(encoding="utf-8"))
    teen = analyze(WALKTHROUGH, audience="teen", country="UK")
    expect(page.locator(".advice-summary")).to_have_text(teen.advice.summary)
    expect(page.locator(".reassure")).to_contain_text("it is not your fault")
    for resource in teen.advice.resources:
        expect(page.locator(".resources")).to_contain_text(resource.name)


def test_saved_report_is_the_offline_html_report_with_its_evidence_section(wide: Watched, tmp_path: Path) -> None:
    page = wide.page
    _check_text(page, WALKTHROUGH.read_text(encoding="utf-8"))
    with page.expect_download() as download:
        page.get_by_role("button", name="Save the report (HTML file)").click()
    expect(page.locator("#check-status")).to_have_text("The report was saved to your downloads.")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "lurewatch-report-pasted-chat.html"
    html = saved.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>")
    assert "<script" not in html and "<link" not in html
    assert "<mark" in html and "our little secret" in html and "Findings as evidence" in html

    # Opened on its own (file://, nothing else reachable) it shows every message and a note per finding.
    offline = page.context.new_page()
    offline.goto(saved.as_uri())
    expected = analyze(WALKTHROUGH)
    expect(offline.locator("tr.msg")).to_have_count(expected.message_count)
    expect(offline.locator("h2", has_text="Findings as evidence")).to_have_count(1)


def test_chat_text_is_shown_as_text_never_run_as_markup(wide: Watched) -> None:
    page = wide.page
    hostile = (
        'Alex: <img src=x onerror="window.pwned=1"> send me a pic of you\n'
        "Sam: <b>no</b>\n"
        "Alex: dont tell anyone <script>window.pwned=2</script>\n"
    )
    _check_text(page, hostile)
    expect(page.locator("ol.chat mark").first).to_be_visible()
    assert page.evaluate("window.pwned") is None
    assert page.locator("#check-results img, #check-results script, #check-results b:not(.x)").count() == 0
    expect(page.locator("#check-results")).to_contain_text("dont tell anyone")


def test_whatsapp_zip_export_uploaded(wide: Watched, tmp_path: Path) -> None:
    chat = (
        "3/14/24, 18:02 - Messages and calls are end-to-end encrypted.\n"
        "3/14/24, 18:02 - Jordan: hey, saw your gaming stream, ur really good\n"
        "3/14/24, 18:03 - Robin: thanks!\n"
        "3/14/24, 18:05 - Jordan: how old are you? what school do you go to?\n"
        "3/14/24, 18:06 - Robin: 12, i go to Hillside\n"
        "3/14/24, 18:08 - Jordan: cool. dont tell your parents we talk ok\n"
        "3/14/24, 18:09 - Jordan: send me a pic of you\n"
    )
    export = tmp_path / "WhatsApp Chat with Jordan.zip"
    with zipfile.ZipFile(export, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("WhatsApp Chat with Jordan.txt", chat)
        archive.writestr("IMG-20240314-WA0001.jpg", b"not an image")
    expected = analyze(export)
    page = wide.page
    page.get_by_label("Choose an export file (or drop it here)").set_input_files(export)
    expect(page.locator("#chosen-file")).to_contain_text("WhatsApp Chat with Jordan.zip")
    page.get_by_role("button", name="Check this chat").click()
    expect(page.locator("#check-status")).to_contain_text("Done.", timeout=60_000)
    level = expected.risk.level
    expect(page.locator(".result-title")).to_contain_text(f"Risk: {level.capitalize()}")
    expect(page.locator("ol.notes > li")).to_have_count(len(expected.findings))
    assert "dont tell your parents" in page.locator("ol.chat mark").all_inner_texts()
    expect(page.locator("ul.people")).to_contain_text("Jordan")
    wide.shot("check-whatsapp-zip")


def test_an_export_of_several_conversations_lists_them_riskiest_first(wide: Watched, tmp_path: Path) -> None:
    export = tmp_path / "export.json"
    chats = {
        "homework": ["Ana: did you finish the maths sheet?", "Ben: yes, question 4 was hard", "Ana: same, see you"],
        "stranger": ["Max: how old are you?", "Sam: 12", "Max: dont tell your parents, send me a pic of you"],
    }
    document = {
        "conversations": [
            {
                "id": name,
                "messages": [dict(zip(("author", "text"), line.split(": ", 1), strict=True)) for line in lines],
            }
            for name, lines in chats.items()
        ]
    }
    export.write_text(json.dumps(document), encoding="utf-8")
    page = wide.page
    page.get_by_label("Choose an export file (or drop it here)").set_input_files(export)
    page.get_by_role("button", name="Check this chat").click()
    expect(page.locator("#check-status")).to_contain_text("Done.", timeout=60_000)
    choice = page.get_by_label("This input holds 2 conversations, riskiest first:")
    expect(choice.locator("option")).to_have_text([re.compile("^stranger"), re.compile("^homework")])
    expect(page.locator(".analysis")).to_have_attribute("aria-label", "Result for stranger")
    choice.select_option(label=choice.locator("option").nth(1).inner_text())
    expect(page.locator(".analysis")).to_have_attribute("aria-label", "Result for homework")
    expect(page.locator(".result-title")).to_contain_text("Risk: None")
    # The page asks for the messages, so a chat without warning signs is still shown whole.
    expect(page.locator("#check-results")).to_contain_text("did you finish the maths sheet?")


def test_file_dropped_on_the_form_is_checked(wide: Watched) -> None:
    page = wide.page
    chat = "Alex: hi, how old are you?\nSam: 13\nAlex: dont tell anyone we talk, its our little secret\n"
    dropped = page.evaluate_handle(
        """(text) => { const data = new DataTransfer();
            data.items.add(new File([text], "chat.txt", { type: "text/plain" })); return data; }""",
        chat,
    )
    page.dispatch_event("#drop-zone", "drop", {"dataTransfer": dropped})
    expect(page.locator("#chosen-file")).to_contain_text("Chosen file: chat.txt")
    page.get_by_role("button", name="Check this chat").click()
    expect(page.locator("#check-status")).to_contain_text("Done.", timeout=60_000)
    assert "our little secret" in page.locator("ol.chat mark").all_inner_texts()
    page.get_by_role("button", name="Remove file").click()
    expect(page.locator("#chosen-file")).to_be_empty()
    expect(page.get_by_label("Choose an export file (or drop it here)")).to_be_focused()


def test_bad_input_is_one_clear_line(wide: Watched) -> None:
    page = wide.page
    page.get_by_role("button", name="Check this chat").click()
    expect(page.locator("#check-status")).to_have_text("Paste a chat or choose an export file first.")
    expect(page.get_by_label("Paste the chat")).to_be_focused()

    page.get_by_label("Choose an export file (or drop it here)").set_input_files(
        {"name": "WhatsApp Chat with Alex.zip", "mimeType": "application/zip", "buffer": b"PK\x03\x04 broken"}
    )
    page.get_by_role("button", name="Check this chat").click()
    status = page.locator("#check-status")
    expect(status).to_contain_text("Could not check the chat: ")
    expect(status).to_contain_text("WhatsApp Chat with Alex.zip")
    assert "\n" not in status.inner_text() and "Traceback" not in status.inner_text()
    expect(page.locator("#check-results")).to_be_empty()


# ------------------------------------------------------------------------------------------------------ phone width


def test_phone_width_puts_notes_under_their_message_without_sideways_scrolling(phone: Watched) -> None:
    page = phone.page
    _check_text(page, WALKTHROUGH.read_text(encoding="utf-8"))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    row = page.locator("ol.chat > li.flagged", has_text="our little secret")
    bubble, note_box = row.locator(".bubble").bounding_box(), row.locator("ol.notes").bounding_box()
    assert bubble is not None and note_box is not None
    assert note_box["y"] >= bubble["y"] + bubble["height"] - 1
    assert note_box["x"] + note_box["width"] <= PHONE["width"]
    phone.shot("check-walkthrough-phone")

    # The review queue's table fits too (alerts from the unkeyed server's /v1/messages, no key needed on loopback).
    [conversation] = ingest.load([SEXTORTION])
    live = [{"conversation_id": "phone-case", "author": m.author, "text": m.text} for m in conversation.messages]
    _api(phone.base, "", "/v1/messages", live)
    page.goto(f"{phone.base}/#review")
    expect(page.locator("table.alerts tbody tr").first).to_contain_text("phone-case")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.shot("review-phone")
    page.goto(f"{phone.base}/#practice")
    page.get_by_role("button", name="Start practising").click()
    expect(page.locator("#train-stage h3")).to_contain_text("Practice chat 1 of")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.shot("practice-phone")


# --------------------------------------------------------------------------------------------------- spot the signs


def _practice() -> tuple[list[dict[str, Any]], dict[str, str]]:
    index = json.loads((PRACTICE / "index.json").read_text(encoding="utf-8"))
    chats = [json.loads((PRACTICE / f"{chat_id}.json").read_text(encoding="utf-8")) for chat_id in index["chats"]]
    return chats, {reason["id"]: reason["label"] for reason in index["reasons"]}


def _marked_words(chat: dict[str, Any], entry: dict[str, Any]) -> list[str]:
    """The words the reveal marks in a key message: its spans, overlapping ones joined."""
    merged: list[list[int]] = []
    for start, end in sorted(entry["spans"]):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    text = chat["messages"][entry["index"]]["text"]
    return [text[start:end] for start, end in merged]


def test_training_round_reveals_caught_missed_and_wrong_and_ends_with_a_score(wide: Watched) -> None:
    """The learner catches every sign of the first chat with the right reason, marks one harmless message in the
    second, misses the last sign of each later chat and picks a wrong reason once; the page must score exactly that."""
    chats, labels = _practice()
    page = wide.page
    page.get_by_role("link", name="Spot the signs").click()
    page.get_by_role("button", name="Start practising").click()
    total = possible = 0
    for number, chat in enumerate(chats):
        expect(page.locator("#train-stage h3")).to_contain_text(
            f"Practice chat {number + 1} of {len(chats)}: {chat['title']}"
        )
        toggles = page.locator("#train-stage li.msg-row > button.toggle")
        expect(toggles).to_have_count(len(chat["messages"]))
        expect(page.locator("#train-stage .why:visible")).to_have_count(0)  # "why?" only once a message is marked
        key = chat["key"] if number == 0 else chat["key"][:-1]
        for position, entry in enumerate(key):
            toggles.nth(entry["index"]).click()
            expect(toggles.nth(entry["index"])).to_have_attribute("aria-pressed", "true")
            wrong_reason = number == 2 and position == 0
            reason = "meeting" if wrong_reason else entry["categories"][0]
            page.locator(f"#why-{chat['id']}-{entry['index']}").select_option(label=labels[reason])
        marked_wrongly = 1 if chat["id"] == "pickup" else 0
        if marked_wrongly:
            toggles.nth(1).click()  # Leo's own question
        page.get_by_role("button", name="Check my answers").click()

        caught, missed = len(key), len(chat["key"]) - len(key)
        right = caught - (1 if number == 2 else 0)
        points = max(0, caught + right - marked_wrongly) if chat["key"] else 2 - marked_wrongly
        chat_possible = 2 * len(chat["key"]) if chat["key"] else 2
        total, possible = total + points, possible + chat_possible
        tally = page.locator("#train-stage .tally")
        expect(tally).to_have_text(
            f"Caught {caught} \u00b7 Missed {missed} \u00b7 Marked wrongly {marked_wrongly} \u00b7 "
            f"{points} of {chat_possible} points"
        )
        expect(page.locator(".verdict.caught")).to_have_count(caught)
        expect(page.locator(".verdict.missed")).to_have_count(missed)
        expect(page.locator(".verdict.wrong")).to_have_count(marked_wrongly)
        if missed:
            expect(page.locator(".verdict.missed")).to_contain_text(chat["key"][-1]["why"])
        if marked_wrongly:
            expect(page.locator(".verdict.wrong")).to_contain_text("Leo did nothing wrong")
        marked = page.locator("#train-stage ol.chat mark").all_inner_texts()
        assert marked == [word for entry in chat["key"] for word in _marked_words(chat, entry)]
        if number == 2:
            expect(page.locator(".verdict.caught").first).to_contain_text("You chose \u201cWants to meet\u201d")
            assert "are your parents home" in marked
            wide.shot("practice-reveal")
        last = number == len(chats) - 1
        page.get_by_role("button", name="See my score" if last else "Next chat").click()
    expect(page.locator("#train-score")).to_have_text(f"Your score: {total} of {possible} points")
    expect(page.locator(".score-table tbody tr")).to_have_count(len(chats))
    wide.shot("practice-score")


# ------------------------------------------------------------------------------------------------------- keyboard


def _tab_to(page: Page, selector: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none", f"{selector} has no visible focus"
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_only_check_and_practice(wide: Watched) -> None:
    page = wide.page
    _tab_to(page, "#chat-text")
    page.keyboard.insert_text(WALKTHROUGH.read_text(encoding="utf-8"))
    _tab_to(page, "input[name=audience]:checked")  # the checked radio is the group's tab stop; arrows move within it
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("me, a young person")).to_be_checked()
    _tab_to(page, "#check-form button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator("#check-status")).to_contain_text("Done.", timeout=60_000)
    expect(page.locator(".result-title")).to_be_focused()
    expect(page.locator(".reassure")).to_contain_text("it is not your fault")
    _tab_to(page, "#save-report, sup.ref a")
    _tab_to(page, "sup.ref a")
    page.keyboard.press("Enter")
    expect(page.locator("ol.notes > li:target")).to_have_count(1)

    _tab_to(page, "nav a[href='#practice']", limit=200)
    page.keyboard.press("Enter")
    expect(page.locator("#practice-title")).to_be_focused()
    _tab_to(page, "#train-start")
    page.keyboard.press("Enter")
    _tab_to(page, "#train-stage button.toggle")
    page.keyboard.press("Space")
    expect(page.locator("#train-stage button.toggle").first).to_have_attribute("aria-pressed", "true")
    _tab_to(page, "#train-stage select")
    page.keyboard.press("ArrowDown")  # from "Not sure" to the first reason: "A stranger opens contact"
    _tab_to(page, "#train-stage button.primary")
    page.keyboard.press("Enter")
    expect(page.locator(".verdict.caught")).to_contain_text("Your reason is right.")
    wide.shot("keyboard-practice")


def test_every_control_has_a_label_and_the_page_has_landmarks(wide: Watched) -> None:
    page = wide.page
    _check_text(page, WALKTHROUGH.read_text(encoding="utf-8"))
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('input, select, textarea, button')]
            .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.textContent.trim())
            .map(el => el.outerHTML)"""
    )
    assert unlabelled == []
    assert page.evaluate("document.documentElement.lang") == "en"
    for landmark in ("header", "nav", "main", "footer"):
        expect(page.locator(landmark)).to_have_count(1)
    expect(page.locator("[aria-live=polite]#check-status")).to_have_count(1)


CONTRAST = """() => {
  const rgb = (s) => s.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => {
    const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    for (let node = el; node; node = node.parentElement) {
      const c = rgb(getComputedStyle(node).backgroundColor);
      if (c.length < 4 || c[3] > 0) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const failures = [];
  for (const el of document.querySelectorAll('body *')) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.getClientRects().length) continue;
    const style = getComputedStyle(el);
    const [a, b] = [lum(rgb(style.color).slice(0, 3)), lum(background(el))];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const large = parseFloat(style.fontSize) >= 24 || (parseFloat(style.fontSize) >= 18.66 && +style.fontWeight >= 700);
    if (ratio < (large ? 3 : 4.5)) failures.push(`${el.tagName}.${el.className}: ${ratio.toFixed(2)}`);
  }
  return failures;
}"""


def test_text_contrast_meets_wcag_aa(wide: Watched) -> None:
    page = wide.page
    # The check itself catches a pale grey on white (2.3:1) before it is trusted with the page.
    page.evaluate("document.body.append(Object.assign(document.createElement('p'), {id: 'pale', textContent: 'x'}))")
    page.evaluate("document.getElementById('pale').style.color = '#aaaaaa'")
    assert page.evaluate(CONTRAST) == ["P.: 2.32"]
    page.evaluate("document.getElementById('pale').remove()")
    _check_text(page, WALKTHROUGH.read_text(encoding="utf-8"))
    assert page.evaluate(CONTRAST) == []
    page.get_by_role("link", name="Spot the signs").click()
    page.get_by_role("button", name="Start practising").click()
    page.locator("#train-stage button.toggle").first.click()
    page.get_by_role("button", name="Check my answers").click()
    assert page.evaluate(CONTRAST) == []


# ----------------------------------------------------------------------------------------------------- review queue


def _api(base: str, key: str, path: str, body: Any = None) -> Any:
    request = urllib.request.Request(
        f"{base}{path}",
        data=None if body is None else json.dumps(body).encode("utf-8"),
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
        if key
        else {"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as answer:
        return json.load(answer)


@pytest.fixture
def reviewer(browser: Browser, keyed_server: Keyed) -> Iterator[Watched]:
    yield from _open(browser, keyed_server.base, WIDE, "#review")


def _enter_key(page: Page, key: str) -> None:
    page.locator("details.key summary").click()
    page.get_by_label("Key", exact=True).fill(key)
    page.get_by_role("button", name="Use this key").click()
    expect(page.locator("#key-state")).to_have_text("A key is set for this tab.")
    expect(page.get_by_label("Key", exact=True)).to_be_hidden()  # the key panel closes


LEVELS = ["none", "low", "medium", "high", "critical"]


def test_moderator_enters_a_key_and_confirms_an_alert_with_a_note(reviewer: Watched, keyed_server: Keyed) -> None:
    base, key, _ = keyed_server
    [conversation] = ingest.load([WALKTHROUGH])
    live = [
        {
            "conversation_id": "room-7",
            "author": m.author,
            "text": m.text,
            "time": m.time.isoformat() if m.time else None,
        }
        for m in conversation.messages
    ]
    assert _api(base, key, "/v1/messages", live)["alerts"], "the walkthrough raises an alert"
    waiting = _api(base, key, "/v1/alerts?status=new")["alerts"]
    page = reviewer.page

    # Without the key the queue says what is missing instead of failing silently.
    expect(page.locator("#review-status")).to_contain_text("access key")
    _enter_key(page, key)
    assert page.evaluate("sessionStorage.getItem('lurewatch.key')") == key
    assert page.evaluate("localStorage.length") == 0

    rows = page.locator("table.alerts tbody tr")
    expect(rows).to_have_count(len(waiting))
    first = max(waiting, key=lambda alert: (LEVELS.index(alert["level"]), -len(alert["created_at"])))
    # The room may have alerted twice (high, then critical as it escalated): the moderator opens the gravest.
    room = max((a for a in waiting if a["conversation_id"] == "room-7"), key=lambda alert: LEVELS.index(alert["level"]))
    expect(rows.first).to_contain_text(f"Risk: {first['level'].capitalize()}")
    row = rows.filter(has_text="room-7").filter(has_text=f"Risk: {room['level'].capitalize()}")
    expect(row).to_contain_text("New, not reviewed")

    row.get_by_role("button", name="Open").click()
    detail = page.locator("#review-detail")
    expect(detail.locator("h3")).to_have_text("Alert for conversation room-7")
    expect(detail.locator("ol.notes > li")).to_have_count(len(room["findings"]))
    slip = next(f for f in room["findings"] if f["category"] == "age_claim")
    note = detail.locator("ol.notes > li", has_text=slip["evidence"]).first
    expect(note).to_contain_text("People who pretend to be younger online often slip like this")  # the catalogue's
    expect(detail).to_contain_text("Account showing the signs: Ad.17")

    detail.get_by_label("Confirm: this needs action").check()
    detail.get_by_label("Note (what you saw or did)").fill("Reported the account to the platform.")
    reviewer.shot("review-open")
    detail.get_by_role("button", name="Save review").click()
    expect(detail.locator(".done")).to_have_text("Saved: Confirmed.")

    reviewed = _api(base, key, f"/v1/alerts/{room['id']}")
    assert (reviewed["status"], reviewed["note"], reviewed["reviewer"]) == (
        "confirmed",
        "Reported the account to the platform.",
        "moderator",
    )
    expect(rows).to_have_count(len(waiting) - 1)  # the queue shows new alerts only
    page.get_by_label("Status").select_option(label="Confirmed")
    page.get_by_role("button", name="Show alerts").click()
    expect(rows.filter(has_text="room-7")).to_contain_text("Confirmed")
    reviewer.shot("review-confirmed")


def test_checking_a_chat_on_a_server_with_keys_asks_for_the_key_then_uses_it(
    browser: Browser, keyed_server: Keyed
) -> None:
    for watched in _open(browser, keyed_server.base, WIDE):
        page = watched.page
        page.get_by_label("Paste the chat").fill(WALKTHROUGH.read_text(encoding="utf-8"))
        page.get_by_role("button", name="Check this chat").click()
        expect(page.locator("#check-status")).to_contain_text("This server needs an access key")
        _enter_key(page, keyed_server.key)
        page.get_by_role("button", name="Check this chat").click()
        expect(page.locator("#check-status")).to_contain_text("Done.", timeout=60_000)
        expect(page.locator("ol.notes > li")).to_have_count(len(analyze(WALKTHROUGH).findings))


def test_alert_stored_with_its_text_shows_the_whole_chat_with_the_spans_marked(
    reviewer: Watched, keyed_server: Keyed
) -> None:
    """An alert recorded with message text (the store's opt-in): every message as a bubble, the evidence marked at
    its span; then the moderator dismisses it."""
    base, key, db_url = keyed_server
    [conversation] = ingest.load([SEXTORTION])
    watcher, texts, authors = Watcher(), [], []
    for message in conversation.messages:
        texts.append(message.text)
        authors.append(message.author)
        alert = watcher.add("case-12", message.author, message.text, message.time)
        if alert is not None:
            break
    assert alert is not None
    with open_store(db_url) as store:
        alert_id, _ = store.record(alert, texts=texts, authors=authors)

    page = reviewer.page
    _enter_key(page, key)
    page.locator("table.alerts tbody tr", has_text="case-12").get_by_role("button", name="Open").click()
    detail = page.locator("#review-detail")
    expect(detail.locator("ol.chat > li.msg-row")).to_have_count(len(texts))
    expect(detail.locator("ol.chat > li.gap")).to_have_count(0)
    marks = detail.locator("ol.chat mark").all_inner_texts()
    # Each finding's span is a mark, except that a span overlapping an earlier one joins that mark (as in the report).
    expected = []
    for index in sorted({finding.message_index for finding in alert.findings}):
        position = 0
        for start, end in sorted(f.span for f in alert.findings if f.message_index == index):
            if start >= position:
                expected.append(texts[index][start:end])
                position = end
    assert marks == expected
    shown = detail.locator("ol.chat .bubble p.text").evaluate_all(
        "ps => ps.map(p => { const c = p.cloneNode(true); c.querySelectorAll('sup').forEach(s => s.remove()); "
        "return c.textContent; })"
    )
    assert shown == texts  # each message whole, the marks inside it

    detail.get_by_label("Dismiss: not a real concern").check()
    detail.get_by_label("Note (what you saw or did)").fill("Test account of our own safety team.")
    detail.get_by_role("button", name="Save review").click()
    expect(detail.locator(".done")).to_have_text("Saved: Dismissed.")
    assert _api(base, key, f"/v1/alerts/{alert_id}")["status"] == "dismissed"
    reviewer.shot("review-with-text")
