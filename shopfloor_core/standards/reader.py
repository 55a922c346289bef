"""Typed reading of a parsed TOML table that records every problem instead of raising.

Each problem names its key path (``machines[2].ideal_cycle_time_s``) and what is wrong, so
plant IT can fix a whole file in one pass.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")

_MISSING = object()
BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
IDENTIFIER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


def toml_type(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


class Problems(list[str]):
    def __init__(self) -> None:
        super().__init__()
        # What people call an entry (a tag's name) by its key path: said in every problem of
        # it, since an index alone sends a controls engineer counting entries in a long file.
        self.labels: dict[str, str] = {}

    def add(self, key: str, message: str) -> None:
        entry = key.rsplit(".", 1)[0]
        label = self.labels.get(entry)
        self.append(f"{key}: {label}: {message}" if label else f"{key}: {message}")


class TableReader:
    """Reads one TOML table at ``path``; unknown keys are problems too (typos are common)."""

    def __init__(self, table: object, path: str, problems: Problems) -> None:
        self.path = path
        self.problems = problems
        self.seen: set[str] = set()
        if isinstance(table, dict):
            self.table: dict[str, Any] = table
        else:
            problems.add(path, f"must be a table, not {toml_type(table)}")
            # None of its keys can be read, so their absence is no further problem to report.
            self.problems = Problems()
            self.table = {}

    def key(self, name: str) -> str:
        # A key that is not a bare TOML key is quoted as TOML quotes it, so a space, colon or
        # newline in a stray key cannot break the "one line per problem, key first" output.
        if not BARE_KEY.match(name):
            name = json.dumps(name)
        return f"{self.path}.{name}" if self.path else name

    def _raw(self, name: str) -> object:
        self.seen.add(name)
        return self.table.get(name, _MISSING)

    def _typed(
        self, name: str, kind: type[T] | tuple[type, ...], what: str, default: object
    ) -> object:
        value = self._raw(name)
        if value is _MISSING:
            if default is _MISSING:
                self.problems.add(self.key(name), "is required")
            return default if default is not _MISSING else None
        # TOML booleans are ints in Python; never accept one for the other.
        if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
            self.problems.add(self.key(name), f"must be {what}, not {toml_type(value)}")
            return None
        if not isinstance(value, kind):
            self.problems.add(self.key(name), f"must be {what}, not {toml_type(value)}")
            return None
        return value

    def string(
        self,
        name: str,
        default: object = _MISSING,
        *,
        pattern: re.Pattern[str] | None = None,
        hint: str = "",
        choices: tuple[str, ...] = (),
    ) -> str | None:
        value = self._typed(name, str, "a string", default)
        if not isinstance(value, str):
            return None
        if value == "" and default is _MISSING:
            self.problems.add(self.key(name), "must not be empty")
            return None
        if pattern is not None and value and not pattern.match(value):
            self.problems.add(self.key(name), f"{value!r} is not valid: {hint}")
            return None
        if choices and value not in choices:
            self.problems.add(self.key(name), f"{value!r} is not one of {', '.join(choices)}")
            return None
        return value

    def identifier(self, name: str, default: object = _MISSING) -> str | None:
        return self.string(
            name,
            default,
            pattern=IDENTIFIER,
            hint="use letters, digits, '-', '_' or '.', at most 64",
        )

    def integer(
        self,
        name: str,
        default: object = _MISSING,
        *,
        low: int | None = None,
        high: int | None = None,
    ) -> int | None:
        value = self._typed(name, int, "an integer", default)
        if not isinstance(value, int) or isinstance(value, bool):
            return None
        return self._in_range(name, value, low, high)

    def number(
        self,
        name: str,
        default: object = _MISSING,
        *,
        low: float | None = None,
        high: float | None = None,
        exclusive_low: bool = False,
    ) -> float | None:
        value = self._typed(name, (int, float), "a number", default)
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            return None
        number = float(value)
        if number != number or number in (float("inf"), float("-inf")):
            self.problems.add(self.key(name), "must be a finite number")
            return None
        if exclusive_low and low is not None and number <= low:
            self.problems.add(self.key(name), f"must be greater than {low:g}, not {number:g}")
            return None
        return self._in_range(name, number, None if exclusive_low else low, high)

    def _in_range(self, name: str, value: T, low: Any, high: Any) -> T | None:
        if low is not None and value < low:
            self.problems.add(self.key(name), f"must be at least {low}, not {value}")
            return None
        if high is not None and value > high:
            self.problems.add(self.key(name), f"must be at most {high}, not {value}")
            return None
        return value

    def boolean(self, name: str, default: object = _MISSING) -> bool | None:
        value = self._typed(name, bool, "true or false", default)
        return value if isinstance(value, bool) else None

    def table_of(self, name: str, required: bool = False) -> TableReader | None:
        value = self._raw(name)
        if value is _MISSING:
            if required:
                self.problems.add(self.key(name), "is required")
            return None
        return TableReader(value, self.key(name), self.problems)

    def array_of_tables(self, name: str, required: bool = False) -> Iterator[TableReader]:
        value = self._raw(name)
        if value is _MISSING:
            if required:
                self.problems.add(self.key(name), "is required (at least one entry)")
            return
        if not isinstance(value, list):
            self.problems.add(self.key(name), f"must be an array of tables, not {toml_type(value)}")
            return
        if required and not value:
            self.problems.add(self.key(name), "needs at least one entry")
        for index, item in enumerate(value):
            yield TableReader(item, f"{self.key(name)}[{index}]", self.problems)

    def raw(self, name: str) -> object:
        """The value as parsed, for a sub-reader elsewhere; None when absent."""
        value = self._raw(name)
        return None if value is _MISSING else value

    def finish(self) -> None:
        """Report keys nobody asked for: a misspelt key must not be silently ignored."""
        for name in sorted(set(self.table) - self.seen):
            self.problems.add(self.key(name), "is not a known setting (misspelt?)")

    def check(self, name: str, value: T | None, rule: Callable[[T], str | None]) -> T | None:
        if value is None:
            return None
        problem = rule(value)
        if problem:
            self.problems.add(self.key(name), problem)
            return None
        return value
