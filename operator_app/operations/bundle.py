"""The diagnostics bundle: one zip a line PC sends to a regional coach.

It holds the log files, what ``status --json`` says, the site file as read (secrets removed)
and the standards in force; never the store, the device token, PIN hashes or badge numbers.
"""

from __future__ import annotations

import json
import os
import platform
import socket
import tomllib
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from operator_app import __version__
from operator_app.operations.logs import log_files
from operator_app.operations.redaction import Redactor


@dataclass
class BundleParts:
    """What goes into the bundle, gathered by the command before anything is written."""

    data_dir: Path
    status: dict[str, Any]
    site_file: Path | None = None
    config_problems: list[str] = field(default_factory=list)
    standards: dict[str, Any] | None = None
    token: str | None = None
    extra_logs: list[Path] = field(default_factory=list)


def write_bundle(out: Path, parts: BundleParts) -> list[str]:
    """Write the zip to ``out`` (replacing it whole, never half); the names inside it."""
    redactor = Redactor([parts.token or ""])
    members: list[tuple[str, str]] = []
    site = _site_document(parts, redactor)
    standards = redactor.document(parts.standards) if parts.standards is not None else None
    # Documents first: the secrets they give up are then scrubbed from every text, logs too.
    members.append(("site.json", _json(site)))
    if standards is not None:
        members.append(("standards.json", _json(standards)))
    members.append(("status.json", _json(redactor.document(parts.status))))
    for folder, paths in (("logs", log_files(parts.data_dir)), ("cli-errors", parts.extra_logs)):
        members.extend((f"{folder}/{p.name}", _read(p)) for p in paths if p.is_file())
    members.insert(0, ("README.txt", _readme(parts, [name for name, _ in members])))
    partial = out.with_name(f".{out.name}.partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for name, text in members:
            bundle.writestr(name, redactor.text(text))
    os.replace(partial, out)
    return [name for name, _ in members]


def _site_document(parts: BundleParts, redactor: Redactor) -> dict[str, Any]:
    site: dict[str, Any] = {"file": str(parts.site_file) if parts.site_file else None}
    if parts.config_problems:
        site["problems"] = parts.config_problems
    if parts.site_file is None:
        return site
    try:
        document = tomllib.loads(parts.site_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        # Not readable as TOML: its secrets cannot be told apart, so none of it is sent.
        site["unreadable"] = str(exc)
        return site
    site["content"] = redactor.document(document)
    return site


def _readme(parts: BundleParts, names: Iterable[str]) -> str:
    lines = [
        f"operator-app {__version__} diagnostics bundle",
        f"made {datetime.now(UTC).isoformat(timespec='seconds')} on host {socket.gethostname()}",
        f"python {platform.python_version()} on {platform.platform()}",
        f"data directory {parts.data_dir}",
        "",
        "Secrets were removed: PIN hashes, badge numbers, tokens, passwords, URL credentials.",
        "Contents:",
        *(f"  {name}" for name in names),
    ]
    return "\n".join(lines) + "\n"


def _json(value: Any) -> str:
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False, default=str) + "\n"


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        return f"(cannot be read: {exc.strerror})\n"
