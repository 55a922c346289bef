"""The CLI runner of tests/cli, for scenarios that check what plant IT sees."""

from tests.cli.conftest import run_cli  # noqa: F401 - a fixture, used by name
