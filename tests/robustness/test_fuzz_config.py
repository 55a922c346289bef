"""Fuzzed site files: whatever plant IT (or a broken copy) puts in the file, ``check-config``
answers with exit 0 or with problem lines and exit 2 — never a traceback or an internal error.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import re
import tempfile
import tomllib
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from operator_app.cli.context import demo_config_path
from operator_app.cli.main import main
from tests.robustness.mutations import keys_of, mutated, toml_values

# file: key: what — the key bare (site.plant, machines[0].id) or TOML-quoted ("a b").
PROBLEM_LINE = re.compile(r'^.+?: (?:[A-Za-z0-9_.\[\]-]|"(?:[^"\\]|\\.)*")+: .+$')
DEMO: dict[str, Any] = tomllib.loads(demo_config_path().read_text(encoding="utf-8"))


def toml_value(value: Any) -> str:
    """Any TOML value as inline TOML (strings as JSON escapes, which TOML accepts)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(value)


def toml_document(document: dict[str, Any]) -> str:
    return "\n".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in document.items()) + "\n"


KEYS = sorted(
    keys_of(DEMO)
    | {"server_url", "interval_s", "batch_size", "pin", "pin_hash", "scrap_max_quantity"}
    | {"modbus", "tags", "detection", "history", "host", "port", "unit_id", "address", "type"}
)
values = toml_values


def mutated_demo() -> st.SearchStrategy[dict[str, Any]]:
    """The demo file with a few values replaced, removed or added anywhere in its tree."""
    return mutated(DEMO, KEYS, toml_values)


def check_config(text: str | bytes) -> tuple[int, str]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "site.toml"
        if isinstance(text, str):
            path.write_text(text, encoding="utf-8", errors="surrogatepass")
        else:
            path.write_bytes(text)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["check-config", str(path)])
    return code, err.getvalue()


def assert_clean_answer(code: int, err: str) -> None:
    assert code in (0, 2), err
    assert "Traceback" not in err
    if code == 2:
        lines = err.splitlines()
        assert lines
        for line in lines:
            assert PROBLEM_LINE.match(line), line
    else:
        assert err == ""


@settings(max_examples=300, deadline=None)
@given(document=mutated_demo())
def test_mutated_site_files_get_clean_answers(document: dict[str, Any]) -> None:
    assert_clean_answer(*check_config(toml_document(document)))


@settings(max_examples=200, deadline=None)
@given(document=st.dictionaries(st.sampled_from([*KEYS, "site", "machines", "roster"]), values))
def test_random_documents_get_clean_answers(document: dict[str, Any]) -> None:
    assert_clean_answer(*check_config(toml_document(document)))


@settings(max_examples=200, deadline=None)
@given(raw=st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_arbitrary_bytes_get_clean_answers(raw: bytes) -> None:
    assert_clean_answer(*check_config(raw))


def test_the_serializer_round_trips_the_demo() -> None:
    """The fuzzer writes real TOML: the demo written by it reads back the same."""
    assert tomllib.loads(toml_document(DEMO)) == DEMO
    assert check_config(toml_document(DEMO))[0] == 0
