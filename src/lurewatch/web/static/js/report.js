// "Save the report": one offline HTML file made from what the page shows: styles inlined, no scripts, no requests.
import { h } from "./dom.js";

export async function saveReport(resultNode, title) {
  const css = await fetch("style.css", { credentials: "same-origin" }).then((r) => (r.ok ? r.text() : ""));
  const copy = resultNode.cloneNode(true);
  for (const control of copy.querySelectorAll("[data-not-saved]")) control.remove();
  const page = document.implementation.createHTMLDocument(title);
  page.documentElement.lang = "en";
  page.head.append(h("meta", { charset: "utf-8" }), h("style", {}, css));
  page.body.append(
    h("main", { class: "saved-report" }, copy),
    h("p", { class: "small" }, `Saved from lurewatch on ${new Date().toISOString()}. A screening aid for people, not proof and not a judge.`),
  );
  const html = `<!doctype html>\n${page.documentElement.outerHTML}\n`;
  const link = h("a", { href: URL.createObjectURL(new Blob([html], { type: "text/html" })), download: fileName(title) });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

function fileName(title) {
  const safe = title.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60) || "chat";
  return `lurewatch-report-${safe}.html`;
}
