// "Check a chat": pasted text or an export file goes to /v1/analyze; the answer is shown as the annotated chat.
import { analyze } from "./api.js";
import { analysisView } from "./analysis.js";
import { clear, h, plural } from "./dom.js";
import { loadCatalogue, riskWords } from "./labels.js";

export function setUpCheck(root) {
  const form = root.querySelector("#check-form");
  const text = root.querySelector("#chat-text");
  const fileInput = root.querySelector("#chat-file");
  const drop = root.querySelector("#drop-zone");
  const chosen = root.querySelector("#chosen-file");
  const status = root.querySelector("#check-status");
  const results = root.querySelector("#check-results");
  let file = null;

  function choose(next) {
    file = next;
    clear(chosen);
    if (!file) {
      fileInput.value = "";
      return;
    }
    const remove = () => {
      choose(null);
      fileInput.focus();
    };
    chosen.append(
      h("span", {}, `Chosen file: ${file.name} (${sizeWords(file.size)}); it is checked instead of any pasted text.`),
      " ",
      h("button", { type: "button", class: "link-button", onclick: remove }, "Remove file"),
    );
  }

  fileInput.addEventListener("change", () => choose(fileInput.files[0] ?? null));
  for (const type of ["dragenter", "dragover"]) {
    drop.addEventListener(type, (event) => {
      event.preventDefault();
      drop.classList.add("dragging");
    });
  }
  for (const type of ["dragleave", "drop"]) drop.addEventListener(type, () => drop.classList.remove("dragging"));
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    const dropped = event.dataTransfer?.files?.[0];
    if (dropped) choose(dropped);
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!file && !text.value.trim()) {
      say(status, "Paste a chat or choose an export file first.", true);
      text.focus();
      return;
    }
    const data = new FormData(form);
    const query = new URLSearchParams({ audience: data.get("audience") });
    const country = String(data.get("country") || "").trim();
    if (country) query.set("country", country.toUpperCase());
    clear(results);
    say(status, "Checking the chat\u2026");
    form.setAttribute("aria-busy", "true");
    try {
      const input = { text: text.value, file };
      const [report] = await Promise.all([analyze(input, query), loadCatalogue()]);
      show(report, results, status, () => saveReport(input, query, status));
    } catch (error) {
      say(status, `Could not check the chat: ${error.message}`, true);
    } finally {
      form.removeAttribute("aria-busy");
    }
  });
}

function show(report, results, status, save) {
  const conversations = [...report.conversations].sort((a, b) => b.risk.score - a.risk.score);
  if (!conversations.length) {
    say(status, "No conversation was found in that input.", true);
    return;
  }
  const holder = h("div", { class: "result-holder" });
  const render = (analysis) => {
    // The page asks for the messages (include_messages); a report without them still shows the flagged messages
    // from their evidence.
    clear(holder).append(analysisView(analysis, { messages: analysis.messages ?? null }));
    return holder;
  };
  const tools = h("div", { class: "result-tools" });
  if (conversations.length > 1) {
    const select = h(
      "select",
      { id: "conversation-choice" },
      conversations.map((c, i) => h("option", { value: i }, `${c.id} \u2014 risk ${riskWords(c.risk.level).word}`)),
    );
    select.addEventListener("change", () => render(conversations[Number(select.value)]));
    tools.append(h("label", { for: "conversation-choice" }, `This input holds ${conversations.length} conversations, riskiest first: `), select);
  }
  tools.append(h("button", { type: "button", class: "secondary", id: "save-report", onclick: save }, "Save the report (HTML file)"));
  results.append(tools, render(conversations[0]));
  const top = conversations[0];
  say(
    status,
    `Done. Risk ${riskWords(top.risk.level).word}: ${plural(top.findings.length, "warning sign")} in ${plural(top.message_count, "message")}.`,
  );
  holder.querySelector(".result-title")?.focus();
}

/** The offline HTML report of the same input (`lurewatch analyze --format html`: one file, no scripts, with the
 * evidence section to attach to a report to a platform or hotline), downloaded as a file. */
async function saveReport(input, query, status) {
  try {
    const html = await analyze(input, query, "html");
    const name = (input.file?.name ?? "pasted chat").replace(/\.[^.]*$/, "");
    const link = h("a", {
      href: URL.createObjectURL(new Blob([html], { type: "text/html" })),
      download: `lurewatch-report-${name.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "") || "chat"}.html`,
    });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    say(status, "The report was saved to your downloads.");
  } catch (error) {
    say(status, `Could not save the report: ${error.message}`, true);
  }
}

function say(status, message, isError = false) {
  status.textContent = message;
  status.classList.toggle("error", isError);
}

function sizeWords(bytes) {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
