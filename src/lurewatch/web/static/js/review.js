// "Review queue" for moderators: alerts by level and age; open one to see its findings on the conversation; confirm or
// dismiss it with a note. Every call carries the access key given at the top of the page.
import { call } from "./api.js";
import { riskBadge } from "./analysis.js";
import { annotatedChat } from "./chat.js";
import { clear, h, messageNumber, plural } from "./dom.js";
import { loadCatalogue, RISK_WORDS } from "./labels.js";

const LEVEL_ORDER = Object.keys(RISK_WORDS);

export function setUpReview(root) {
  const filters = root.querySelector("#review-filters");
  const list = root.querySelector("#review-list");
  const detail = root.querySelector("#review-detail");
  const status = root.querySelector("#review-status");

  async function refresh() {
    const data = new FormData(filters);
    const query = new URLSearchParams();
    for (const name of ["status", "level"]) if (data.get(name)) query.set(name, data.get(name));
    status.textContent = "Loading alerts\u2026";
    try {
      const [body] = await Promise.all([call(`/v1/alerts?${query}`), loadCatalogue()]);
      const alerts = sortAlerts(body.alerts);
      clear(list).append(alertTable(alerts, (alert) => open(alert.id)));
      status.textContent = `${plural(alerts.length, "alert")} ${alerts.length ? "listed, highest level first, then the longest waiting" : "match"}.`;
    } catch (error) {
      clear(list);
      status.textContent = `Could not load the alerts: ${error.message}`;
    }
  }

  async function open(id) {
    status.textContent = "Opening the alert\u2026";
    try {
      const alert = await call(`/v1/alerts/${encodeURIComponent(id)}`);
      clear(detail).append(alertView(alert, refresh, status));
      status.textContent = `Alert ${id} opened.`;
      detail.querySelector("h3")?.focus();
    } catch (error) {
      status.textContent = `Could not open the alert: ${error.message}`;
    }
  }

  filters.addEventListener("submit", (event) => {
    event.preventDefault();
    refresh();
  });
  root.addEventListener("lurewatch:show", refresh);
}

function sortAlerts(alerts) {
  return [...alerts].sort(
    (a, b) =>
      LEVEL_ORDER.indexOf(levelOf(b)) - LEVEL_ORDER.indexOf(levelOf(a)) ||
      String(raisedAt(a) ?? "").localeCompare(String(raisedAt(b) ?? "")),
  );
}

const levelOf = (alert) => alert.level;
const raisedAt = (alert) => alert.created_at ?? null;
const statusOf = (alert) => alert.status ?? "new";

function alertTable(alerts, onOpen) {
  if (!alerts.length) return h("p", {}, "No alerts here. Nothing waits for review.");
  return h(
    "table",
    { class: "alerts" },
    h("caption", {}, "Alerts"),
    h("thead", {}, h("tr", {}, ["Level", "Raised", "Conversation", "Status", ""].map((t) => h("th", { scope: "col" }, t)))),
    h(
      "tbody",
      {},
      alerts.map((alert) =>
        h(
          "tr",
          {},
          h("td", {}, riskBadge(levelOf(alert))),
          h("td", {}, age(raisedAt(alert))),
          h("td", {}, String(alert.conversation_id ?? "")),
          h("td", {}, statusWords(statusOf(alert))),
          h(
            "td",
            {},
            h(
              "button",
              { type: "button", class: "secondary", onclick: () => onOpen(alert), "aria-label": `Open alert ${alert.id} (${alert.conversation_id})` },
              "Open",
            ),
          ),
        ),
      ),
    ),
  );
}

function alertView(alert, refresh, status) {
  const findings = alert.findings;
  const suspect = alert.suspect ?? null;
  // Everyone but the account that raised the alert sits on the other side of the chat, as in a one-to-one chat.
  const roles = suspect
    ? Object.fromEntries((alert.messages ?? []).map((m) => [m.author, m.author === suspect ? "suspect" : "target"]))
    : {};
  const form = reviewForm(alert, refresh, status);
  return h(
    "article",
    { class: "alert-detail" },
    h("h3", { tabindex: "-1" }, `Alert for conversation ${alert.conversation_id}`),
    h(
      "p",
      {},
      riskBadge(levelOf(alert), alert.score ?? null),
      ` \u00B7 raised at ${messageNumber(alert.message_index)} \u00B7 ${age(raisedAt(alert))} \u00B7 ${statusWords(statusOf(alert))}`,
    ),
    suspect ? h("p", {}, `Account showing the signs: ${suspect}`) : null,
    alert.reviewer ? h("p", {}, `Reviewed by ${alert.reviewer}${alert.reviewed_at ? ` (${age(alert.reviewed_at)})` : ""}.`) : null,
    alert.note ? h("p", {}, `Review note: ${alert.note}`) : null,
    h("h4", {}, "Findings in the conversation"),
    findings.length ? annotatedChat({ findings, messages: alert.messages ?? null, roles, messageCount: alert.message_index + 1 }) : h("p", {}, "No findings stored."),
    form,
  );
}

function reviewForm(alert, refresh, status) {
  const id = `review-${String(alert.id).replace(/[^A-Za-z0-9_-]/g, "_")}`;
  const note = h("textarea", { id: `${id}-note`, name: "note", rows: "3" });
  const form = h(
    "form",
    { class: "review-form" },
    h("h4", {}, "Your review"),
    h(
      "fieldset",
      {},
      h("legend", {}, "Decision"),
      h("label", {}, h("input", { type: "radio", name: "decision", value: "confirmed", required: true }), " Confirm: this needs action"),
      h("label", {}, h("input", { type: "radio", name: "decision", value: "dismissed" }), " Dismiss: not a real concern"),
    ),
    h("label", { for: note.id }, "Note (what you saw or did)"),
    note,
    h("p", {}, h("button", { type: "submit", class: "primary" }, "Save review")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const decision = new FormData(form).get("decision");
    try {
      await call(`/v1/alerts/${encodeURIComponent(alert.id)}/review`, {
        method: "POST",
        body: JSON.stringify({ status: decision, note: note.value }),
        headers: { "Content-Type": "application/json" },
      });
      status.textContent = `Alert ${alert.id} ${decision}.`;
      form.replaceWith(h("p", { class: "done" }, `Saved: ${statusWords(decision)}.`));
      refresh();
    } catch (error) {
      status.textContent = `Could not save the review: ${error.message}`;
    }
  });
  return form;
}

function statusWords(value) {
  return { new: "New, not reviewed", confirmed: "Confirmed", dismissed: "Dismissed" }[value] ?? String(value);
}

/** "5 minutes ago" from an ISO time; the time itself when it cannot be read. */
function age(value) {
  if (!value) return "time unknown";
  const then = new Date(value);
  if (Number.isNaN(then.getTime())) return String(value);
  const minutes = Math.max(0, Math.round((Date.now() - then.getTime()) / 60000));
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${plural(minutes, "minute")} ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${plural(hours, "hour")} ago`;
  return `${plural(Math.round(hours / 24), "day")} ago`;
}
