"""Hypothesis strategies shared by the fuzz tests: any TOML/JSON-like value, and a document
with a few of its values replaced, removed or added anywhere in its tree."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from hypothesis import strategies as st

scalars = (
    st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=40)
)
json_values = st.recursive(
    scalars | st.none(),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)
toml_values = st.recursive(
    scalars | st.dates() | st.datetimes() | st.times(),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)


def keys_of(document: object) -> set[str]:
    """Every key used anywhere in ``document``: mutations aim at real keys most of the time."""
    if isinstance(document, dict):
        return set(document) | {k for v in document.values() for k in keys_of(v)}
    if isinstance(document, list):
        return {k for v in document for k in keys_of(v)}
    return set()


@st.composite
def mutated(
    draw: st.DrawFn,
    document: dict[str, Any],
    keys: Sequence[str],
    values: st.SearchStrategy[Any],
    depth: int = 3,
) -> dict[str, Any]:
    result = copy.deepcopy(document)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        container: Any = result
        path = draw(st.lists(st.sampled_from(keys) | st.integers(0, 3), max_size=depth))
        for step in path:
            if (isinstance(container, dict) and step in container) or (
                isinstance(container, list) and isinstance(step, int) and step < len(container)
            ):
                container = container[step]
        if isinstance(container, dict):
            key = draw(st.sampled_from(keys) | st.text(min_size=1, max_size=10))
            if draw(st.booleans()) and key in container:
                del container[key]
            else:
                container[key] = draw(values)
        elif isinstance(container, list) and container:
            container[draw(st.integers(0, len(container) - 1))] = draw(values)
    return result
