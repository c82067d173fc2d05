// Words for what the analysis says in codes: risk levels, roles, audiences and indicator categories.
import { call } from "./api.js";

export const RISK_WORDS = {
  none: { word: "None", sentence: "No warning signs were found.", symbol: "\u2713" },
  low: { word: "Low", sentence: "A few signs that are usually harmless on their own.", symbol: "\u2022" },
  medium: { word: "Medium", sentence: "Signs worth a calm conversation.", symbol: "!" },
  high: { word: "High", sentence: "Clear warning signs: take action.", symbol: "!!" },
  critical: { word: "Critical", sentence: "Serious warning signs: act now.", symbol: "!!!" },
};

export const ROLE_WORDS = {
  suspect: "Showed the warning signs",
  target: "The person being approached",
  unknown: "Role not clear",
};

export const AUDIENCE_WORDS = {
  teen: "a young person",
  parent: "a parent or carer",
  moderator: "a moderator",
};

/** A badge that says the level in words (and a symbol), so colour is never the only signal. */
export function riskWords(level) {
  return RISK_WORDS[level] ?? { word: level, sentence: "", symbol: "?" };
}

let categories = null;

/** Category labels from the catalogue (GET /v1/indicators); the raw id reads well enough if that is unavailable. */
export async function loadCategoryLabels() {
  if (categories) return;
  try {
    const catalogue = await call("/v1/indicators");
    categories = Object.fromEntries(Object.entries(catalogue.categories).map(([id, c]) => [id, c.label]));
  } catch {
    categories = null; // e.g. a key is needed and not yet given: try again next time
  }
}

export function categoryLabel(id) {
  const label = categories?.[id];
  if (label) return label;
  const words = id.replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}
