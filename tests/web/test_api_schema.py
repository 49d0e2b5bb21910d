"""schemathesis against the JSON API's own OpenAPI schema, in process (ASGI transport).

Every operation of ``/api/openapi.json`` is called with inputs generated from its schema
(positive mode: valid inputs; negative mode: invalid ones, for operations that take query
parameters or a body), over a private copy of the seeds store (``POST /api/search`` may
add documents). Each answer must be no 5xx, have a documented status code and content
type, and match the documented response schema. Operations on a document are also run
with the stored seed ids, so traces and alignments are really computed.

``NEWSTRACE_API_EXAMPLES`` (default 25) sets the examples per operation and mode.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

schemathesis = pytest.importorskip(
    "schemathesis",
    reason="SCHEMATHESIS TESTS SKIPPED: schemathesis is not installed (run `make test`, which installs "
    "the dev group)",
)

from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis import checks as core_checks  # noqa: E402
from schemathesis.generation.modes import GenerationMode  # noqa: E402
from schemathesis.specs.openapi import checks as openapi_checks  # noqa: E402

import newstrace  # noqa: E402
from newstrace.web import WebConfig, create_app  # noqa: E402
from tests.conftest import COPY, SOURCE  # noqa: E402

SCHEMA_URL = "/api/openapi.json"
EXAMPLES = int(os.environ.get("NEWSTRACE_API_EXAMPLES", "25"))
CHECKS = [
    core_checks.not_a_server_error,
    openapi_checks.status_code_conformance,
    openapi_checks.content_type_conformance,
    openapi_checks.response_schema_conformance,
    openapi_checks.response_headers_conformance,
]


def _operations() -> list[tuple[str, bool, list[str]]]:
    """(label, takes query or body, path parameter names) of every documented operation."""
    spec = create_app(db="unused-only-the-schema-is-read.db").openapi()
    found = []
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            params = op.get("parameters", [])
            invalidable = "requestBody" in op or any(p["in"] == "query" for p in params)
            found.append(
                (f"{method.upper()} {path}", invalidable, [p["name"] for p in params if p["in"] == "path"])
            )
    return found


OPERATIONS = _operations()
CASES = [
    *(pytest.param(label, "positive", id=f"{label} positive") for label, _, _ in OPERATIONS),
    *(pytest.param(label, "negative", id=f"{label} negative") for label, neg, _ in OPERATIONS if neg),
    *(
        pytest.param(label, "stored", id=f"{label} stored ids")
        for label, _, path in OPERATIONS
        if "doc_id" in path
    ),
    pytest.param("GET /api/compare", "stored", id="GET /api/compare stored ids"),
]


@pytest.fixture(scope="module")
def api_schema(seeds_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    db = tmp_path_factory.mktemp("api-schema") / "seeds.db"
    shutil.copy(seeds_db, db)
    app = create_app(config=WebConfig(corpus_factory=lambda: newstrace.open(db)))
    return schemathesis.openapi.from_asgi(SCHEMA_URL, app)


def _strategy(api_schema: Any, label: str, mode: str) -> Any:
    operation = api_schema.find_operation_by_label(label)
    assert operation is not None, f"{label} is not in the schema"
    if mode != "stored":
        return operation.as_strategy(GenerationMode(mode))
    if label == "GET /api/compare":
        return operation.as_strategy(query={"a": COPY.name, "b": SOURCE.name})
    return operation.as_strategy(path_parameters={"doc_id": COPY.name})


def test_every_api_operation_is_exercised() -> None:
    labels = {label for label, _, _ in OPERATIONS}
    assert {
        "GET /api/counts",
        "GET /api/doc/{doc_id}/trace",
        "POST /api/search",
        "POST /api/search/file",
    } <= labels
    assert len(OPERATIONS) >= 10


@pytest.mark.slow
@pytest.mark.parametrize(("label", "mode"), CASES)
def test_api_operation_conforms_to_its_schema(api_schema: Any, label: str, mode: str) -> None:
    calls = []

    @settings(
        max_examples=1 if mode == "stored" else EXAMPLES,
        deadline=None,  # the machine is shared; hangs are caught by pytest-timeout
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=_strategy(api_schema, label, mode))
    def call(case: Any) -> None:
        response = case.call_and_validate(checks=CHECKS)
        calls.append(response.status_code)

    call()
    assert calls, f"{label}: no request was made"
    if mode == "stored":
        assert calls == [200] * len(calls), calls  # the stored documents are really traced


def test_document_listing_offset_is_bounded(client: Any) -> None:
    """Regression (schemathesis): an offset past sys.maxsize made islice raise, a 500."""
    for path in ("/api/docs", "/docs"):
        r = client.get(path, params={"offset": 2**63})
        assert r.status_code == 422, (path, r.status_code)
    assert client.get("/api/docs", params={"offset": 10**9}).json() == []


def test_malformed_json_body_is_a_documented_400(client: Any) -> None:
    """Regression (schemathesis, negative mode): a body that is not JSON got an undocumented 400."""
    r = client.post("/api/search", content=b"\xff\xfe not json", headers={"content-type": "application/json"})
    assert r.status_code == 400 and r.headers["content-type"] == "application/json"
    responses = client.get(SCHEMA_URL).json()["paths"]["/api/search"]["post"]["responses"]
    assert {"400", "413", "503"} <= set(responses)
