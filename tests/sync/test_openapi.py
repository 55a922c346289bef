"""The server's OpenAPI document: current in docs/, and fuzzed without a server error."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from regional_server import bundles, tokens
from regional_server.app import create_app
from regional_server.database import Connections
from tests.sync.conftest import ROOT, standard_bundle

DOC = ROOT / "docs" / "openapi-v1.json"


def test_the_documented_openapi_is_the_servers(tmp_path: Path) -> None:
    generated = create_app(tmp_path / "doc.sqlite3").openapi()
    documented = json.loads(DOC.read_text(encoding="utf-8"))
    assert documented == generated, "run: regional-server openapi > docs/openapi-v1.json"
    assert {"/v1/records", "/v1/bundle", "/v1/summary", "/v1/device"} <= set(generated["paths"])


def _fuzzed_app(folder: Path) -> tuple[object, str]:
    # The document is served for the fuzzer (configured), as a region may choose to.
    app = create_app(folder / "fuzz.sqlite3", public_docs=True)
    connections = Connections(folder / "fuzz.sqlite3")
    with connections.write() as conn:
        token, _ = tokens.issue(
            conn, role=tokens.DEVICE, plant="VAL", area="A", line="L1", device="F"
        )
        bundles.publish(conn, standard_bundle())
    connections.close()
    return app, token


_FOLDER = Path(tempfile.mkdtemp(prefix="openapi-fuzz-"))
APP, TOKEN = _fuzzed_app(_FOLDER)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module", autouse=True)
def _close_fuzzed_app() -> Iterator[None]:
    yield
    APP.state.connections.close()  # type: ignore[attr-defined]
    shutil.rmtree(_FOLDER, ignore_errors=True)


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_the_api_never_answers_with_a_server_error(case: schemathesis.Case) -> None:
    # With a valid token, so the fuzzer reaches past authentication (refusals are tested
    # end to end).
    response = case.call(headers={"Authorization": f"Bearer {TOKEN}"})
    case.validate_response(response, checks=[not_a_server_error])
    assert "x-server-time" in {k.lower() for k in response.headers}
