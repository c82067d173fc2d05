"""The JSON report's documented shape (README "JSON format") is a contract: checked with a JSON Schema."""

from __future__ import annotations

import io
import json

import jsonschema

from lurewatch import analyze
from lurewatch.report.json import write_json

RISK = {
    "type": "object",
    "required": ["score", "level"],
    "properties": {
        "score": {"type": "number", "minimum": 0, "maximum": 1},
        "level": {"enum": ["none", "low", "medium", "high", "critical"]},
    },
}
CONTRIBUTION = {
    "type": "object",
    "required": ["feature", "description", "log_odds", "message_indices", "indicators"],
    "properties": {
        "feature": {"type": "string"},
        "description": {"type": "string"},
        "log_odds": {"type": "number"},
        "message_indices": {"type": "array", "items": {"type": "integer", "minimum": 0}},
        "indicators": {"type": "array", "items": {"type": "string"}},
    },
}
SCHEMA = {
    "type": "object",
    "required": ["lurewatch_version", "conversations"],
    "properties": {
        "lurewatch_version": {"type": "string"},
        "conversations": {
            "type": "array",
            "items": {
                "type": "object",
                "required": [
                    "id", "message_count", "risk", "first_alert_index", "participants", "findings", "stages", "advice",
                ],
                "properties": {
                    "id": {"type": "string"},
                    "message_count": {"type": "integer", "minimum": 0},
                    "risk": RISK,
                    "first_alert_index": {"type": ["integer", "null"]},
                    "participants": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": [
                                "name", "role", "role_confidence", "risk", "initiations", "asymmetry", "age_claims",
                                "age_inconsistencies",
                            ],
                            "properties": {
                                "role": {"enum": ["suspect", "target", "unknown"]},
                                "role_confidence": {"type": "number", "minimum": 0, "maximum": 1},
                                "risk": RISK,
                                "asymmetry": {
                                    "type": "object",
                                    "required": ["questions_asked", "disclosures", "ratio", "summary"],
                                },
                                "age_claims": {
                                    "type": "array",
                                    "items": {"type": "object", "required": ["age", "message_index", "evidence"]},
                                },
                                "age_inconsistencies": {"type": "array", "items": {"type": "string"}},
                                "contributions": {"type": "array", "items": CONTRIBUTION},
                            },
                        },
                    },
                    "findings": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": [
                                "message_index", "author", "indicator", "category", "stage", "severity", "span",
                                "evidence", "explanation", "confidence",
                            ],
                            "properties": {
                                "message_index": {"type": "integer", "minimum": 0},
                                "severity": {"type": "integer", "minimum": 1, "maximum": 5},
                                "span": {
                                    "type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2,
                                },
                                "confidence": {"type": "number", "minimum": 0, "maximum": 1},
                            },
                        },
                    },
                    "stages": {"type": "array"},
                    # A learned scorer (`--model`) says so and explains the score by its top contributions.
                    "scorer": {"type": "string"},
                    "explanation": {"type": "array", "items": CONTRIBUTION},
                    "advice": {
                        "type": "object",
                        "required": ["audience", "steps", "resources"],
                        "properties": {
                            "audience": {"enum": ["teen", "parent", "moderator"]},
                            "steps": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                            "resources": {
                                "type": "array",
                                "items": {"type": "object", "required": ["name", "contact"]},
                                "minItems": 1,
                            },
                        },
                    },
                },
            },
        },
    },
}


def test_report_matches_schema_and_spans_index_the_original(examples) -> None:
    analyses = [analyze(examples / name) for name in ("walkthrough.txt", "sextortion.txt", "benign_gaming.txt")]
    out = io.StringIO()
    assert write_json(analyses, out) == 3
    report = json.loads(out.getvalue())
    jsonschema.validate(report, SCHEMA)
    from lurewatch.ingest import load

    conversations = {c.id: c for c in load([examples])}
    for conversation in report["conversations"]:
        messages = conversations[conversation["id"]].messages
        for finding in conversation["findings"]:
            start, end = finding["span"]
            assert messages[finding["message_index"]].text[start:end] == finding["evidence"]


def test_empty_report_is_valid_json() -> None:
    out = io.StringIO()
    write_json([], out)
    assert json.loads(out.getvalue())["conversations"] == []
