"""The OpenAPI 3.1 document of the JSON API (``/api/v1/openapi.json``), built from the same
lists the API checks its input with (``rules.contract_json``) and the app's limits, so that the
document and the behaviour cannot drift apart (schemathesis checks them against each other in
tests/webapp/test_api_schema.py).

The fields' descriptions are English, marked for translation: the page ``/api`` shows them in
the reader's language.
"""

from __future__ import annotations

import json

from flask import Flask

from rules.batch import REQUIRED
from rules.contract_json import (
    BOOLEAN_FIELDS,
    COLUMNS,
    FILER_COLUMNS,
    FORBIDDEN_CHARACTERS,
    MAX_VALUE_CHARS,
    NUMBER_FIELDS,
)
from rules.model import N_, Fact, Outcome, Track
from rules.reasons import REASONS

# What each field holds (the README's batch contract, shortened).
DESCRIPTIONS: dict[str, str] = {
    "person_id": N_("Any text or number. Convictions with the same id are one person."),
    "code_section": N_("The code section as on the record, for example HS 11359 or 11357(b)."),
    "name": N_("The person's name (printed on the packet)."),
    "date_of_birth": N_("YYYY-MM-DD or MM/DD/YYYY."),
    "county": N_("The county of the court."),
    "case_number": N_("The court's case number."),
    "level": N_("F, M or I, or felony, misdemeanor or infraction."),
    "offense_date": N_("YYYY-MM-DD or MM/DD/YYYY, or only the year or the month."),
    "conviction_date": N_("YYYY-MM-DD or MM/DD/YYYY, or only the year or the month."),
    "sentence_status": N_("serving or completed."),
    "court": N_("adult or juvenile."),
    "cannabis_grams": N_("A number of grams."),
    "concentrate_grams": N_("A number of grams of concentrate."),
    "plant_count": N_("A whole number of plants."),
    "sold": N_("yes or no (or true or false)."),
    "minor_involved": N_("yes or no (or true or false)."),
    "interstate": N_("yes or no (or true or false)."),
    "environmental_violation": N_("yes or no (or true or false)."),
    "superstrike_prior": N_("yes or no (or true or false): a fact about the person."),
    "pc290_prior": N_("yes or no (or true or false): a fact about the person."),
    "arrest_date": N_("YYYY-MM-DD or MM/DD/YYYY: the offense happened on or before this day."),
    "count": N_("The court's count number of the conviction in its case."),
    "street": N_("Packets: the filer's street address (required for a packet)."),
    "city": N_("Packets: the filer's city (required for a packet)."),
    "state": N_("Packets: the filer's state."),
    "zip": N_("Packets: the filer's ZIP code (required for a packet)."),
    "phone": N_("Packets: the filer's phone number."),
    "email": N_("Packets: the filer's email address."),
    "attorney_name": N_("Packets: the attorney's name, if any."),
    "bar_number": N_("Packets: the attorney's State Bar number."),
    "prosecutor_name": N_("Packets: the prosecutor's office served."),
    "prosecutor_address": N_("Packets: the prosecutor's address."),
    "server_name": N_("Packets: the name of the person who serves the papers."),
    "server_address": N_("Packets: that person's address."),
    "waive_judge": N_("Packets: yes or no (or true or false)."),
    "waive_appearance": N_("Packets: yes or no (or true or false)."),
}
assert set(DESCRIPTIONS) == set(COLUMNS), set(COLUMNS) ^ set(DESCRIPTIONS)


def _types(name: str) -> list[str]:
    if name in NUMBER_FIELDS:
        return ["string", "number", "null"]
    if name in BOOLEAN_FIELDS:
        return ["string", "boolean", "null"]
    return ["string", "null"]


def field_rows() -> list[tuple[str, str, str]]:
    """(field, JSON types, description) for the page ``/api``."""
    return [(name, ", ".join(_types(name)), DESCRIPTIONS[name]) for name in COLUMNS]


_TEXT_PATTERN = f"^[^{FORBIDDEN_CHARACTERS}]*$".encode("unicode_escape").decode("ascii")


def _field_schema(name: str) -> dict[str, object]:
    return {
        "type": _types(name),
        "maxLength": MAX_VALUE_CHARS,
        "pattern": _TEXT_PATTERN,
        "description": DESCRIPTIONS[name]
        + (" Used by /api/v1/packets only." if name in FILER_COLUMNS else ""),
    }


def _error(description: str) -> dict[str, object]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _rate_limited() -> dict[str, object]:
    answer = _error("Too many requests from this client (the rate limit).")
    answer["headers"] = {
        "Retry-After": {
            "description": "Seconds to wait before the next request.",
            "required": True,
            "schema": {"type": "string", "pattern": "^[0-9]+$"},
        }
    }
    return answer


def document(app: Flask) -> dict[str, object]:
    """The OpenAPI document, with this app's limits."""
    c = app.config
    reason = {
        "type": "object",
        "required": ["code", "message", "citation"],
        "additionalProperties": False,
        "properties": {
            "code": {"type": "string", "enum": sorted(REASONS)},
            "message": {"type": "string", "description": "In the Accept-Language language."},
            "citation": {"type": "string"},
        },
    }
    outcome = {"type": "string", "enum": [o.value for o in Outcome]}
    nullable_outcome = {"type": ["string", "null"], "enum": [*(o.value for o in Outcome), None]}
    result = {
        "type": "object",
        "required": [
            "outcome",
            "track",
            "reasons",
            "questions",
            "possible_outcome",
            "contestable",
            "citations",
            "errors",
            "priors",
        ],
        "additionalProperties": False,
        "properties": {
            "outcome": outcome,
            "track": {"type": ["string", "null"], "enum": [*(t.value for t in Track), None]},
            "reasons": {"type": "array", "items": {"$ref": "#/components/schemas/Reason"}},
            "questions": {
                "type": "array",
                "description": "Facts that could change the outcome.",
                "items": {
                    "type": "object",
                    "required": ["fact", "message", "could_give"],
                    "additionalProperties": False,
                    "properties": {
                        "fact": {"type": "string", "enum": [f.value for f in Fact]},
                        "message": {"type": "string"},
                        "could_give": nullable_outcome,
                    },
                },
            },
            "possible_outcome": nullable_outcome,
            "contestable": {
                "type": "array",
                "description": "What the prosecutor could raise against the person.",
                "items": {"$ref": "#/components/schemas/Reason"},
            },
            "citations": {"type": "array", "items": {"type": "string"}},
            "errors": {
                "type": "array",
                "description": "Problems reading the conviction, in the Accept-Language "
                "language (in English, the batch command's errors column).",
                "items": {"type": "string"},
            },
            "priors": {"type": "array", "items": {"type": "string"}},
        },
    }
    error = {
        "type": "object",
        "required": ["status", "error", "message", "problems"],
        "additionalProperties": False,
        "properties": {
            "status": {"type": "integer"},
            "error": {
                "type": "string",
                "enum": [
                    "bad_request",
                    "malformed_json",
                    "not_found",
                    "method_not_allowed",
                    "too_large",
                    "too_many_convictions",
                    "too_many_packets",
                    "unsupported_media_type",
                    "invalid_field",
                    "no_packet",
                    "rate_limited",
                    "packets_unavailable",
                    "internal_error",
                    "error",
                ],
            },
            "message": {"type": "string"},
            "problems": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["field", "index", "name", "problem"],
                    "additionalProperties": False,
                    "properties": {
                        "field": {
                            "type": "string",
                            "description": "For example convictions[2].plant_count.",
                        },
                        "index": {"type": ["integer", "null"]},
                        "name": {"type": ["string", "null"]},
                        "problem": {"type": "string"},
                    },
                },
            },
        },
    }
    body = {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Request"}}},
    }
    assessed: dict[str, object] = {
        "description": "One result per conviction, in the same order.",
        "headers": {
            "Content-Language": {
                "description": "The language of the messages.",
                "schema": {"type": "string"},
            }
        },
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Assessments"}}},
    }
    common_errors: dict[str, object] = {
        "400": _error("The body is not JSON (or not UTF-8, or nested too deeply)."),
        "413": _error(
            f"The body is larger than {c['API_MAX_BYTES']} bytes, or it has more than "
            f"{c['API_MAX_CONVICTIONS']} convictions."
        ),
        "415": _error("The body is not sent as application/json."),
        "422": _error("A field cannot be used: each problem names the field and the index."),
        "429": _rate_limited(),
    }
    language = {
        "name": "Accept-Language",
        "in": "header",
        "required": False,
        "description": "The language of the messages: en, es, zh-Hant, vi, ko or tl (fil).",
        "schema": {"type": "string"},
    }
    assess_responses: dict[str, object] = {"200": assessed, **common_errors}
    doc: dict[str, object] = {
        "openapi": "3.1.0",
        "info": {
            "title": "Prop 64 Petition Assistant API",
            "version": "1",
            "description": (
                "What Proposition 64 (HSC § 11361.8) allows for each cannabis conviction, by the "
                "same rules as the prop64 batch command, and the court packets. Each conviction "
                "is an object keyed by the batch CSV contract's column names; a person's other "
                "convictions in the same request are their record. Legal information, not legal "
                "advice. Rate limits per client: assessments "
                f"{c['API_RATE_LIMIT']}, packets {c['API_PACKETS_RATE_LIMIT']}."
            ),
            "license": {"name": "MIT", "identifier": "MIT"},
        },
        "paths": {
            "/api/v1/assessments": {
                "post": {
                    "operationId": "assess",
                    "summary": "What the law allows for each conviction",
                    "parameters": [language],
                    "requestBody": body,
                    "responses": assess_responses,
                }
            },
            "/api/v1/packets": {
                "post": {
                    "operationId": "packets",
                    "summary": "The court packets (CR-400, attachment, CR-401, CR-403)",
                    "description": (
                        "One packet per case with relief. Street, city and ZIP code are "
                        "required for a packet; they are read from the first of the person's "
                        f"convictions that gives them. At most {c['API_MAX_PACKETS']} packets "
                        "per request."
                    ),
                    "requestBody": body,
                    "responses": {
                        "200": {
                            "description": "One packet as a PDF, or several in a zip file with "
                            "summary.csv (every conviction's outcome, its packet and notes).",
                            "headers": {
                                "Content-Disposition": {
                                    "required": True,
                                    "schema": {"type": "string"},
                                }
                            },
                            "content": {
                                "application/pdf": {
                                    "schema": {"type": "string", "format": "binary"}
                                },
                                "application/zip": {
                                    "schema": {"type": "string", "format": "binary"}
                                },
                            },
                        },
                        **common_errors,
                        "413": _error(
                            f"The body is larger than {c['API_MAX_BYTES']} bytes, it has more "
                            f"than {c['API_MAX_CONVICTIONS']} convictions, or it would give "
                            f"more than {c['API_MAX_PACKETS']} packets."
                        ),
                        "422": _error(
                            "A field cannot be used, or no conviction gives a packet (error "
                            "no_packet: each problem says why for one conviction)."
                        ),
                        "503": _error("Packets cannot be built on this server right now."),
                    },
                }
            },
            "/api/v1/openapi.json": {
                "get": {
                    "operationId": "openapi",
                    "summary": "This document",
                    "responses": {
                        "200": {
                            "description": "The OpenAPI document.",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        },
                        "429": _rate_limited(),
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "Request": {
                    "type": "object",
                    "required": ["convictions"],
                    "additionalProperties": False,
                    "properties": {
                        "convictions": {
                            "type": "array",
                            "maxItems": c["API_MAX_CONVICTIONS"],
                            "items": {"$ref": "#/components/schemas/Conviction"},
                        }
                    },
                },
                "Conviction": {
                    "type": "object",
                    "description": "One row of the batch CSV contract. null or a blank string "
                    "means unknown. Text may not contain control or text-direction characters.",
                    "required": list(REQUIRED),
                    "additionalProperties": False,
                    "properties": {name: _field_schema(name) for name in COLUMNS},
                },
                "Assessments": {
                    "type": "object",
                    "required": ["results"],
                    "additionalProperties": False,
                    "properties": {
                        "results": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/Result"},
                        }
                    },
                },
                "Result": result,
                "Reason": reason,
                "Error": error,
            }
        },
    }
    return doc


def document_text(app: Flask) -> str:
    """The document as JSON text, built once per app."""
    text = app.extensions.get("p64_openapi")
    if text is None:
        text = app.extensions["p64_openapi"] = json.dumps(document(app), ensure_ascii=False)
    return str(text)
