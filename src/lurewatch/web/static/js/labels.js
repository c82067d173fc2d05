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
let explanations = new Map();

/** Category labels and indicator explanations from the catalogue (GET /v1/indicators). Without it (e.g. a key is
 * needed and not yet given) the raw ids read well enough; it is tried again next time. */
export async function loadCatalogue() {
  if (categories) return;
  try {
    const catalogue = await call("/v1/indicators");
    categories = Object.fromEntries(Object.entries(catalogue.categories).map(([id, c]) => [id, c.label]));
    explanations = new Map(catalogue.indicators.map((indicator) => [indicator.id, indicator.explanation]));
  } catch {
    categories = null;
  }
}

export function categoryLabel(id) {
  const label = categories?.[id];
  if (label) return label;
  const words = id.replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Why a finding matters: its own explanation, or (for a stored alert's finding, which keeps none) the catalogue's
 * wording for its indicator, filled in the way the engine fills it. */
export function explanationOf(finding) {
  if (finding.explanation) return finding.explanation;
  const template = explanations.get(finding.indicator);
  if (!template) return "";
  return template.replaceAll("{author}", finding.author).replaceAll("{evidence}", finding.evidence);
}
