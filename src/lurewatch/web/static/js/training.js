// "Spot the indicators": the handout made interactive. The learner marks the messages they find worrying and says
// why; the reveal compares their marks with the answer key (which tests check against lurewatch itself).
import { clear, h, plural } from "./dom.js";

const NOT_SURE = "";

export function setUpTraining(root) {
  const stage = root.querySelector("#train-stage");
  const status = root.querySelector("#train-status");
  let practice = null;

  async function load() {
    if (practice) return practice;
    const index = await getJson("practice/index.json");
    const chats = await Promise.all(index.chats.map((id) => getJson(`practice/${id}.json`)));
    practice = { chats, reasons: new Map(index.reasons.map((r) => [r.id, r.label])) };
    return practice;
  }

  const start = root.querySelector("#train-start");
  start.addEventListener("click", async () => {
    try {
      const { chats, reasons } = await load();
      start.hidden = true; // the round has its own buttons from here on
      playRound(stage, status, chats, reasons);
    } catch (error) {
      const message = `Could not load the practice chats: ${error.message}`;
      clear(stage).append(h("p", { class: "status error" }, message));
      status.textContent = message;
    }
  });
}

async function getJson(path) {
  const response = await fetch(path, { credentials: "same-origin" });
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json();
}

function playRound(stage, status, chats, reasons) {
  const results = [];
  const next = () => {
    if (results.length < chats.length) showChat(stage, status, chats, results, reasons, next);
    else showScore(stage, status, chats, results, () => playRound(stage, status, chats, reasons));
  };
  next();
}

function showChat(stage, status, chats, results, reasons, next) {
  const chat = chats[results.length];
  const picks = new Map(); // message index -> reason id ("" = not sure)
  const heading = h("h3", { tabindex: "-1" }, `Practice chat ${results.length + 1} of ${chats.length}: ${chat.title}`);
  const list = h("ol", { class: "chat practice" });
  chat.messages.forEach((message, index) => list.append(practiceRow(chat, message, index, picks, reasons)));
  const check = h("button", { type: "button", class: "primary" }, "Check my answers");
  check.addEventListener("click", () => {
    const result = mark(chat, picks);
    results.push(result);
    reveal(stage, status, chat, result, reasons, results.length < chats.length ? "Next chat" : "See my score", next);
  });
  clear(stage).append(
    heading,
    h("p", { class: "level" }, `Level ${chat.level} of 5`),
    h("p", { class: "setting" }, chat.setting),
    h("p", { class: "hint" }, "Select each message you find worrying, then choose why. Some chats have nothing worrying in them."),
    list,
    check,
  );
  status.textContent = `Practice chat ${results.length + 1} of ${chats.length}.`;
  heading.focus();
}

function practiceRow(chat, message, index, picks, reasons) {
  const side = message.author === chat.young_person ? "mine" : "theirs";
  const why = h(
    "select",
    { id: `why-${chat.id}-${index}` },
    h("option", { value: NOT_SURE }, "Not sure"),
    [...reasons].map(([id, label]) => h("option", { value: id }, label)),
  );
  const whyLabel = h("label", { class: "why", for: why.id, hidden: true }, "Why is it worrying? ", why);
  why.addEventListener("change", () => picks.set(index, why.value));
  const toggle = h(
    "button",
    { type: "button", class: "bubble toggle", "aria-pressed": "false" },
    h("span", { class: "meta" }, h("span", { class: "author" }, message.author)),
    h("span", { class: "text" }, message.text),
    h("span", { class: "pick-state" }, "Not marked"),
  );
  toggle.addEventListener("click", () => {
    const on = toggle.getAttribute("aria-pressed") !== "true";
    toggle.setAttribute("aria-pressed", String(on));
    toggle.querySelector(".pick-state").textContent = on ? "\u2691 Marked as worrying" : "Not marked";
    whyLabel.hidden = !on;
    if (on) picks.set(index, why.value);
    else picks.delete(index);
  });
  return h("li", { class: `msg-row ${side}` }, toggle, whyLabel);
}

/** Points: a caught message 1, its reason right 1 more; each message marked wrongly costs 1. A harmless chat left
 * alone earns 2. Never below 0 for a chat. */
function mark(chat, picks) {
  const key = new Map(chat.key.map((entry) => [entry.index, entry]));
  let caught = 0;
  let reasonsRight = 0;
  let wrong = 0;
  for (const [index, reason] of picks) {
    const entry = key.get(index);
    if (!entry) {
      wrong += 1;
      continue;
    }
    caught += 1;
    if ([...entry.categories, ...(entry.also_accept ?? [])].includes(reason)) reasonsRight += 1;
  }
  const missed = key.size - caught;
  const possible = key.size ? 2 * key.size : 2;
  const earned = key.size ? caught + reasonsRight - wrong : possible - wrong;
  return { picks: new Map(picks), caught, missed, wrong, reasonsRight, points: Math.max(0, earned), possible };
}

function reveal(stage, status, chat, result, reasons, nextLabel, next) {
  const key = new Map(chat.key.map((entry) => [entry.index, entry]));
  const heading = h("h3", { tabindex: "-1" }, `Answers: ${chat.title}`);
  const list = h("ol", { class: "chat practice revealed" });
  chat.messages.forEach((message, index) => {
    const entry = key.get(index);
    const picked = result.picks.has(index);
    const side = message.author === chat.young_person ? "mine" : "theirs";
    const verdict = verdictFor(chat, message, entry, picked, result.picks.get(index), reasons);
    list.append(
      h(
        "li",
        { class: `msg-row ${side}${verdict ? ` verdict-${verdict.kind}` : ""}` },
        h(
          "div",
          { class: "bubble" },
          h("p", { class: "meta" }, h("span", { class: "author" }, message.author)),
          h("p", { class: "text" }, entry ? markSpans(message.text, entry.spans) : message.text),
        ),
        verdict
          ? h(
              "div",
              { class: `verdict ${verdict.kind}` },
              h("p", { class: "verdict-title" }, h("span", { "aria-hidden": "true" }, `${verdict.symbol} `), h("strong", {}, verdict.title)),
              verdict.lines.map((line) => h("p", {}, line)),
            )
          : null,
      ),
    );
  });
  const nextButton = h("button", { type: "button", class: "primary" }, nextLabel);
  nextButton.addEventListener("click", next);
  clear(stage).append(
    heading,
    h(
      "p",
      { class: "tally", role: "status" },
      `Caught ${result.caught} \u00B7 Missed ${result.missed} \u00B7 Marked wrongly ${result.wrong} \u00B7 `,
      h("strong", {}, `${result.points} of ${result.possible} points`),
    ),
    h("p", { class: "summary" }, chat.summary),
    list,
    nextButton,
  );
  status.textContent = `Caught ${result.caught}, missed ${result.missed}, marked wrongly ${result.wrong}: ${result.points} of ${result.possible} points.`;
  heading.focus();
}

/** The text with the key's spans marked; overlapping spans become one mark. */
function markSpans(text, spans) {
  const merged = [];
  for (const [start, end] of [...spans].sort((a, b) => a[0] - b[0])) {
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  const out = [];
  let position = 0;
  for (const [start, end] of merged) {
    out.push(text.slice(position, start), h("mark", { class: "sev-3" }, text.slice(start, end)));
    position = end;
  }
  out.push(text.slice(position));
  return out;
}

function verdictFor(chat, message, entry, picked, reason, reasons) {
  if (entry) {
    const accepted = [...entry.categories, ...(entry.also_accept ?? [])];
    const names = entry.categories.map((id) => reasons.get(id) ?? id).join(" / ");
    if (!picked) return { kind: "missed", symbol: "!", title: `Missed: ${names}`, lines: [entry.why] };
    const reasonLine =
      reason === NOT_SURE
        ? `You were not sure why; the reason is: ${names}.`
        : accepted.includes(reason)
          ? "Your reason is right."
          : `You chose \u201C${reasons.get(reason) ?? reason}\u201D; the reason is: ${names}.`;
    return { kind: "caught", symbol: "\u2713", title: `Caught: ${names}`, lines: [reasonLine, entry.why] };
  }
  if (!picked) return null;
  const line =
    message.author === chat.young_person
      ? `${chat.young_person}'s own messages are never the warning sign: ${chat.young_person} did nothing wrong.`
      : "In this chat this message is ordinary.";
  return { kind: "wrong", symbol: "\u2717", title: "Marked wrongly: not a warning sign", lines: [line] };
}

function showScore(stage, status, chats, results, again) {
  const points = results.reduce((sum, r) => sum + r.points, 0);
  const possible = results.reduce((sum, r) => sum + r.possible, 0);
  const heading = h("h3", { tabindex: "-1", id: "train-score" }, `Your score: ${points} of ${possible} points`);
  const againButton = h("button", { type: "button", class: "primary" }, "Practise again");
  againButton.addEventListener("click", again);
  clear(stage).append(
    heading,
    h(
      "table",
      { class: "score-table" },
      h("caption", {}, "Points per practice chat"),
      h("thead", {}, h("tr", {}, ["Chat", "Caught", "Missed", "Marked wrongly", "Points"].map((t) => h("th", { scope: "col" }, t)))),
      h(
        "tbody",
        {},
        chats.map((chat, i) =>
          h(
            "tr",
            {},
            h("th", { scope: "row" }, chat.title),
            h("td", {}, String(results[i].caught)),
            h("td", {}, String(results[i].missed)),
            h("td", {}, String(results[i].wrong)),
            h("td", {}, `${results[i].points} of ${results[i].possible}`),
          ),
        ),
      ),
    ),
    h(
      "p",
      {},
      "Whatever your score: noticing these signs takes practice, and the people who use them are good at hiding them. ",
      "If a chat like these ever happens to you or someone you know, it is not their fault. Tell a trusted adult or report it.",
    ),
    againButton,
  );
  status.textContent = `Finished: ${points} of ${possible} points over ${plural(chats.length, "chat")}.`;
  heading.focus();
}
