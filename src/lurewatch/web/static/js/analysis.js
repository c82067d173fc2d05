// One analysed conversation: risk in words, the annotated chat, the people, the stages and the advice.
import { annotatedChat } from "./chat.js";
import { h, messageNumber, plural } from "./dom.js";
import { AUDIENCE_WORDS, ROLE_WORDS, riskWords } from "./labels.js";

export function riskBadge(level, score = null) {
  const words = riskWords(level);
  return h(
    "span",
    { class: `risk risk-${level}` },
    h("span", { "aria-hidden": "true", class: "risk-symbol" }, words.symbol),
    ` Risk: ${words.word}`,
    score === null ? null : h("span", { class: "risk-score" }, ` (${Math.round(score * 100)} / 100)`),
  );
}

/** Kind words first: whoever reads this, the young person did nothing wrong. */
function reassurance(audience) {
  const text = {
    teen: "If this happened to you: it is not your fault, you are not in trouble, and you are not alone. Telling a trusted adult is always allowed, whatever you were told or promised.",
    parent: "If this happened to your child: it is not their fault. People who do this are skilled at it. What helps most is staying calm, listening, and letting them know they are not in trouble.",
    moderator: "The young person is never to blame. Preserve the evidence, act on the account, and follow your escalation policy.",
  }[audience];
  return text ? h("p", { class: "reassure" }, text) : null;
}

export function analysisView(analysis, { messages = null, headingLevel = 2 } = {}) {
  const roles = Object.fromEntries(analysis.participants.map((p) => [p.name, p.role]));
  const heading = `h${headingLevel}`;
  const sub = `h${headingLevel + 1}`;
  const words = riskWords(analysis.risk.level);
  return h(
    "article",
    { class: "analysis", "aria-label": `Result for ${analysis.id}` },
    h(heading, { class: "result-title", tabindex: "-1" }, "Result: ", riskBadge(analysis.risk.level, analysis.risk.score)),
    h("p", { class: "risk-sentence" }, words.sentence),
    h(
      "p",
      {},
      `${plural(analysis.message_count, "message")} read, ${plural(analysis.findings.length, "warning sign")} found. `,
      analysis.escalation.summary,
    ),
    analysis.skipped_messages
      ? h("p", { class: "warning" }, `${plural(analysis.skipped_messages, "broken message")} could not be read and were left out.`)
      : null,
    reassurance(analysis.advice.audience),
    h(sub, {}, "The conversation"),
    messages
      ? null
      : h("p", { class: "hint" }, "The messages with warning signs, in order; the words that raised each sign are marked."),
    analysis.findings.length || messages
      ? annotatedChat({ findings: analysis.findings, messages, roles, messageCount: analysis.message_count })
      : h("p", {}, "No message raised a warning sign."),
    h(sub, {}, "People in this conversation"),
    h("ul", { class: "people" }, analysis.participants.map((person) => personCard(person, sub))),
    h(sub, {}, "How the conversation developed"),
    stageTimeline(analysis),
    h(sub, {}, `What to do next (advice for ${AUDIENCE_WORDS[analysis.advice.audience] ?? analysis.advice.audience})`),
    adviceView(analysis.advice),
  );
}

function personCard(person, heading) {
  const level = heading === "h3" ? "h4" : "h5";
  return h(
    "li",
    { class: `person role-${person.role}` },
    h(level, {}, person.name),
    h(
      "dl",
      {},
      h("dt", {}, "Role"),
      h("dd", {}, `${ROLE_WORDS[person.role] ?? person.role} (${Math.round(person.role_confidence * 100)}% sure)`),
      h("dt", {}, "Their risk"),
      h("dd", {}, riskBadge(person.risk.level)),
      h("dt", {}, "Messages"),
      h("dd", {}, `${person.message_count} sent, ${plural(person.indicator_count, "warning sign")}`),
      h("dt", {}, "Asks vs shares"),
      h("dd", {}, person.asymmetry.summary),
      h("dt", {}, "Stated ages"),
      h(
        "dd",
        {},
        person.age_claims.length
          ? person.age_claims.map((claim) => `${claim.age} (${messageNumber(claim.message_index)})`).join(", ")
          : "none stated",
      ),
      person.age_inconsistencies.length ? h("dt", {}, "Does not add up") : null,
      person.age_inconsistencies.map((text) => h("dd", { class: "contradiction" }, h("span", { "aria-hidden": "true" }, "\u26A0 "), text)),
    ),
  );
}

function stageTimeline(analysis) {
  if (!analysis.stages.length) return h("p", {}, "No grooming stage was seen.");
  const total = Math.max(analysis.message_count, 1);
  return h(
    "ol",
    { class: "stages" },
    analysis.stages.map((stage) => {
      const left = (stage.first_message_index / total) * 100;
      const width = Math.max(((stage.last_message_index - stage.first_message_index + 1) / total) * 100, 2);
      return h(
        "li",
        { class: `stage stage-${stage.stage}` },
        h(
          "p",
          {},
          h("strong", {}, stage.label),
          `: ${messageSpan(stage.first_message_index, stage.last_message_index)}, ${plural(stage.finding_count, "sign")}`,
        ),
        h(
          "div",
          { class: "track", "aria-hidden": "true" },
          h("div", { class: "bar", style: `margin-left:${left.toFixed(2)}%;width:${width.toFixed(2)}%` }),
        ),
      );
    }),
  );
}

function messageSpan(first, last) {
  return first === last ? messageNumber(first) : `messages ${first}\u2013${last}`;
}

function adviceView(advice) {
  return h(
    "div",
    { class: "advice" },
    h("p", { class: "advice-summary" }, h("strong", {}, advice.summary)),
    h("ul", {}, advice.steps.map((step) => h("li", {}, step))),
    advice.resources.length ? h("p", {}, h("strong", {}, "Where to get help")) : null,
    h(
      "ul",
      { class: "resources" },
      advice.resources.map((resource) =>
        h(
          "li",
          {},
          h("strong", {}, resource.name),
          resource.country && resource.country !== "ALL" ? ` (${resource.country})` : "",
          ": ",
          contactLinks(resource.contact),
          h("br"),
          h("span", { class: "small" }, resource.what),
        ),
      ),
    ),
  );
}

const WEB = /^(?:https?:\/\/)?([a-z0-9-]+\.)+[a-z]{2,}(\/\S*)?$/i;
const PHONE = /\(?\+?\d[\d\s().-]{5,}\d/;

/** "report.cybertip.org · MissingKids.org" as links; a phone number as a tel: link; anything else as text. */
function contactLinks(contact) {
  const parts = contact.split(/\s+\u00B7\s+|\s*;\s*/);
  return parts.flatMap((part, i) => {
    const separator = i ? " \u00B7 " : null;
    const trimmed = part.trim();
    if (WEB.test(trimmed)) {
      const href = /^https?:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
      return [separator, h("a", { href, rel: "noopener noreferrer", target: "_blank" }, trimmed)];
    }
    const phone = trimmed.match(PHONE);
    if (phone) {
      const digits = phone[0].replace(/[^\d+]/g, "");
      return [separator, h("a", { href: `tel:${digits}` }, trimmed)];
    }
    return [separator, trimmed];
  });
}
