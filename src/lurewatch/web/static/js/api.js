// Calls to this server's /v1 API (same origin only). The access key lives in sessionStorage: gone when the tab closes.

const KEY_STORAGE = "lurewatch.key";

export function accessKey() {
  return sessionStorage.getItem(KEY_STORAGE) || "";
}

export function setAccessKey(key) {
  if (key) sessionStorage.setItem(KEY_STORAGE, key);
  else sessionStorage.removeItem(KEY_STORAGE);
}

/** fetch() on a /v1 path with the key; answers the parsed JSON (or text) or throws an Error with the server's message. */
export async function call(path, { method = "GET", body, headers = {}, expect = "json" } = {}) {
  const key = accessKey();
  const response = await fetch(path, {
    method,
    body,
    headers: key ? { ...headers, Authorization: `Bearer ${key}` } : headers,
    credentials: "same-origin",
  });
  if (!response.ok) throw new Error(await errorText(response));
  return expect === "text" ? response.text() : response.json();
}

async function errorText(response) {
  const fallback = {
    401: "This server needs an access key. Enter it under \u201cAccess key\u201d at the top of the page.",
    403: "This access key is not allowed to do that.",
    413: "That file or text is too large for this server.",
    429: "Too many requests in a short time. Wait a moment and try again.",
  }[response.status];
  try {
    const body = await response.json();
    const detail = body.detail ?? body.error ?? body.message;
    if (typeof detail === "string") return response.status === 401 ? `${detail}. ${fallback}` : detail;
    if (Array.isArray(detail)) return detail.map((d) => d.msg ?? String(d)).join("; ");
  } catch {
    // not JSON: fall through to the generic message
  }
  return fallback ?? `The server answered ${response.status} ${response.statusText}.`;
}

/** POST /v1/analyze with pasted text or an export file; `format: "html"` answers the offline HTML report as text. */
export function analyze({ text, file }, query, format = "json") {
  const params = new URLSearchParams(query);
  if (format !== "json") params.set("format", format);
  else params.set("include_messages", "true"); // the whole chat as bubbles, not only the flagged messages
  const expect = format === "json" ? "json" : "text";
  if (file) {
    const form = new FormData();
    form.append("file", file, file.name);
    return call(`/v1/analyze?${params}`, { method: "POST", body: form, expect });
  }
  return call(`/v1/analyze?${params}`, { method: "POST", body: text, headers: { "Content-Type": "text/plain" }, expect });
}
