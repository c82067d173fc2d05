"""Property-based tests of the API against its own OpenAPI schema (schemathesis): inputs drawn from the schema, valid
and not, must never cause a server error, and every answer must be one the schema documents, in the shape it says."""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import Case
from schemathesis.checks import positive_data_acceptance

from lurewatch.service.app import create_app
from tests.service_support import settings as service_settings

# Bounded so the suite stays quick: a few dozen cases per operation, the same ones every run (conftest's profile).
EXAMPLES_PER_OPERATION = 30

# Loaded at import (schemathesis makes one test per operation when pytest collects them), so the store is a temporary
# folder of this module's; it goes when the test run ends.
_store = tempfile.TemporaryDirectory(prefix="lurewatch-schema-")
schema = schemathesis.openapi.from_asgi(
    "/openapi.json", create_app(service_settings(Path(_store.name), rate_limit=1_000_000))
)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_conforms_to_its_schema(case: Case) -> None:
    # Whether a chat reads as its format (a CSV with an author column, a text of "Name: message" lines) is beyond what
    # a JSON Schema can say, so a schema-valid /v1/analyze body may rightly be refused with 422; every other check holds.
    excluded = [positive_data_acceptance] if case.operation.path == "/v1/analyze" else []
    case.call_and_validate(excluded_checks=excluded)
