"""The server's OpenAPI document: current in docs/, and fuzzed without a server error."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from regional_server import bundles, tokens
from regional_server.app import create_app
from tests.sync.conftest import ROOT, standard_bundle

DOC = ROOT / "docs" / "openapi-v1.json"


def test_the_documented_openapi_is_the_servers(tmp_path: Path) -> None:
    generated = create_app(tmp_path / "doc.sqlite3").openapi()
    documented = json.loads(DOC.read_text(encoding="utf-8"))
    assert documented == generated, "run: regional-server openapi > docs/openapi-v1.json"
    assert {"/v1/records", "/v1/bundle", "/v1/summary", "/v1/device"} <= set(generated["paths"])


@pytest.fixture
def fuzzed_region(server_database: str | Path) -> Iterator[tuple[Any, str]]:
    """The app on each database, with a device token and a bundle published."""
    # The document is served for the fuzzer (configured), as a region may choose to.
    app = create_app(server_database, public_docs=True)
    with app.state.connections.write() as conn:
        token, _ = tokens.issue(
            conn, role=tokens.DEVICE, plant="VAL", area="A", line="L1", device="F"
        )
        bundles.publish(conn, standard_bundle())
    yield app, token
    app.state.connections.close()


@pytest.fixture
def fuzzed_schema(fuzzed_region: tuple[Any, str]) -> Any:
    return schemathesis.openapi.from_asgi("/openapi.json", fuzzed_region[0])


schema = schemathesis.pytest.from_fixture("fuzzed_schema")


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_the_api_never_answers_with_a_server_error(
    case: schemathesis.Case, fuzzed_region: tuple[Any, str]
) -> None:
    # With a valid token, so the fuzzer reaches past authentication (refusals are tested
    # end to end).
    response = case.call(headers={"Authorization": f"Bearer {fuzzed_region[1]}"})
    case.validate_response(response, checks=[not_a_server_error])
    assert "x-server-time" in {k.lower() for k in response.headers}
