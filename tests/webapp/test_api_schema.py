"""schemathesis against the API's own OpenAPI document (issue 11): generated requests, valid and
invalid, never get a 5xx, and every answer matches the document (status code, content type,
headers, body schema); a request that breaks the document is refused with a 4xx.

The run is kept short for ``make test`` (a fixed number of examples per operation and mode,
derandomised so that a failure repeats); raise ``P64_SCHEMATHESIS_EXAMPLES`` for a longer run.
"""

from __future__ import annotations

import os

import schemathesis
from conftest import make_app
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

EXAMPLES = int(os.environ.get("P64_SCHEMATHESIS_EXAMPLES", "60"))

# High rate limits (the limit is tested in test_api.py) and a small packet cap so that a
# generated request cannot ask for hundreds of packets.
app = make_app(
    API_RATE_LIMIT="1000000 per minute",
    API_PACKETS_RATE_LIMIT="1000000 per minute",
    API_MAX_CONVICTIONS=50,
    API_MAX_PACKETS=3,
)
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
schema.config.generation.update(
    modes=["positive", "negative"], max_examples=EXAMPLES, deterministic=True
)

# 413 is the API's answer to more convictions than the document's maxItems (too large a
# request), beside schemathesis's usual 4xx for data that breaks the document.
rejection = schema.config.checks.negative_data_rejection
rejection.expected_statuses = [*rejection.expected_statuses, "413"]

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_its_openapi_document(case: schemathesis.Case) -> None:
    case.call_and_validate(checks=CHECKS)
