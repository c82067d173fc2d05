// The annotated chat, laid out like the handout: bubbles with the triggering words marked, and a numbered note beside
// each finding saying what was said and why it matters.
import { h, messageNumber, plural } from "./dom.js";
import { categoryLabel, explanationOf } from "./labels.js";

let views = 0;

/**
 * findings: the analysis's findings (numbered 1, 2, ... in their order, as the reports number them).
 * messages: the full chat ({author, text, time, kind}) when known; without it, only the flagged messages are shown,
 * from their evidence, with the quiet stretches between them counted.
 * roles: {author: "suspect" | "target" | "unknown"}; messageCount: how many messages the chat has.
 */
export function annotatedChat({ findings, messages = null, roles = {}, messageCount = null }) {
  const prefix = `v${++views}`;
  const byMessage = new Map();
  findings.forEach((finding, i) => {
    const list = byMessage.get(finding.message_index) ?? [];
    list.push({ number: i + 1, finding });
    byMessage.set(finding.message_index, list);
  });
  const list = h("ol", { class: "chat", "aria-label": "The conversation, with notes" });
  if (messages) {
    messages.forEach((message, index) => {
      // A stored alert may keep a message's text without its author.
      list.append(row(index, message.author ?? "(author not kept)", message, byMessage.get(index) ?? [], roles, prefix));
    });
    return list;
  }
  const total = messageCount ?? Math.max(-1, ...byMessage.keys()) + 1;
  let next = 0;
  for (const index of [...byMessage.keys()].sort((a, b) => a - b)) {
    if (index > next) list.append(gap(index - next));
    const notes = byMessage.get(index);
    list.append(row(index, notes[0].finding.author, null, notes, roles, prefix));
    next = index + 1;
  }
  if (total > next) list.append(gap(total - next));
  return list;
}

function gap(count) {
  return h("li", { class: "gap" }, `\u22EF ${plural(count, "message")} without warning signs \u22EF`);
}

function row(index, author, message, notes, roles, prefix) {
  const side = roles[author] === "target" ? "mine" : "theirs";
  const body = message
    ? message.kind && message.kind !== "text"
      ? h("p", { class: "media" }, message.text || `(${message.kind})`)
      : h("p", { class: "text" }, markedText(message.text, notes, prefix))
    : h("p", { class: "text excerpt" }, excerpt(notes, prefix));
  const bubble = h(
    "div",
    { class: "bubble" },
    h(
      "p",
      { class: "meta" },
      h("span", { class: "author" }, author),
      h("span", { class: "index" }, ` \u00B7 ${messageNumber(index)}`),
      message?.time ? h("span", { class: "time" }, ` \u00B7 ${formatTime(message.time)}`) : null,
    ),
    body,
    message ? null : h("p", { class: "excerpt-note" }, "Only the words that raised a sign are shown."),
  );
  return h(
    "li",
    { class: `msg-row ${side}${notes.length ? " flagged" : ""}` },
    bubble,
    notes.length ? noteList(notes, prefix) : null,
  );
}

/** The message with each finding's span in a <mark>; an overlapping span's number joins the mark it overlaps. */
function markedText(text, notes, prefix) {
  const out = [];
  let position = 0;
  const sorted = [...notes].sort((a, b) => a.finding.span[0] - b.finding.span[0] || a.finding.span[1] - b.finding.span[1]);
  for (const { number, finding } of sorted) {
    const [start, end] = finding.span;
    if (start < position) {
      out.push(ref(number, prefix));
      continue;
    }
    out.push(text.slice(position, start));
    out.push(h("mark", { class: `sev-${finding.severity}` }, text.slice(start, end)), ref(number, prefix));
    position = end;
  }
  out.push(text.slice(position));
  return out;
}

function excerpt(notes, prefix) {
  const out = [];
  const shown = new Set();
  for (const { number, finding } of notes) {
    if (shown.has(finding.evidence)) {
      out.push(ref(number, prefix));
      continue;
    }
    if (shown.size) out.push(" \u2026 ");
    shown.add(finding.evidence);
    out.push(h("mark", { class: `sev-${finding.severity}` }, finding.evidence), ref(number, prefix));
  }
  return out;
}

function ref(number, prefix) {
  return h(
    "sup",
    { class: "ref" },
    h("a", { href: `#${prefix}-note-${number}`, "aria-label": `note ${number}` }, String(number)),
  );
}

function noteList(notes, prefix) {
  return h(
    "ol",
    { class: "notes", "aria-label": "Notes on this message" },
    notes.map(({ number, finding }) =>
      h(
        "li",
        { id: `${prefix}-note-${number}`, value: number, class: `note sev-${finding.severity}`, tabindex: "-1" },
        h("span", { class: "note-number", "aria-hidden": "true" }, String(number)),
        h(
          "div",
          {},
          h("p", { class: "note-title" }, h("strong", {}, categoryLabel(finding.category)), ` \u2014 \u201C${finding.evidence}\u201D`),
          h("p", {}, explanationOf(finding)),
          h("p", { class: "note-meta" }, severityWords(finding.severity), finding.matched_by === "meaning" ? " \u00B7 found by meaning" : ""),
        ),
      ),
    ),
  );
}

function severityWords(severity) {
  return ["", "Mild sign", "Mild sign", "Serious sign", "Strong warning sign", "Very strong warning sign"][severity] ?? "";
}

function formatTime(value) {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : date.toLocaleString();
}
