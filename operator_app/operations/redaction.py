"""Secrets out of what leaves the line PC: a diagnostics bundle goes by mail to a coach.

Two layers. The site file and the standards are read as data and every secret-looking value is
replaced (PIN hashes, badge numbers, which sign a person in, tokens, passwords, the user and
password part of a URL). Then every text of the bundle, logs included, is scrubbed of the
values removed that way, of the device token, and of anything shaped like a PIN hash.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

REMOVED = "<removed>"
# Shorter values would take ordinary words and numbers out of the logs with them.
MIN_SCRUBBED_CHARS = 4
SECRET_KEYS = frozenset(
    {"pin_hash", "badge", "token", "password", "passwd", "secret", "api_key", "private_key"}
)
SECRET_SUFFIXES = ("_token", "_password", "_secret", "_pin")
# A hash as 'hash-pin' makes it (scrypt$N$r$p$salt$hash), and argon2's encoded form.
HASH_PATTERNS = (
    re.compile(r"scrypt\$[0-9]+\$[0-9]+\$[0-9]+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+"),
    re.compile(r"\$argon2[a-z]*\$[^\s\"']+"),
)


def is_secret_key(key: str) -> bool:
    name = key.lower()
    return name in SECRET_KEYS or name.endswith(SECRET_SUFFIXES)


class Redactor:
    """Removes secrets from documents and remembers them, to scrub them from any text."""

    def __init__(self, known: Iterable[str] = ()) -> None:
        self.removed: set[str] = {s for s in known if s}

    def document(self, value: Any) -> Any:
        """A copy of ``value`` (parsed TOML or JSON) with secret values replaced."""
        if isinstance(value, dict):
            return {k: self._entry(str(k), v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.document(v) for v in value]
        if isinstance(value, str):
            return self._url(value)
        return value

    def _entry(self, key: str, value: Any) -> Any:
        if is_secret_key(key) and isinstance(value, (str, int)):
            self.removed.add(str(value))
            return REMOVED
        return self.document(value)

    def _url(self, text: str) -> str:
        """``http://user:password@proxy:3128`` keeps its host, loses its credentials."""
        if "@" not in text or "://" not in text:
            return text
        try:
            parts = urlsplit(text)
        except ValueError:
            return text
        if parts.password:
            self.removed.add(parts.password)
        if not parts.username:
            return text
        host = parts.hostname or ""
        netloc = f"{REMOVED}@{host}" + (f":{parts.port}" if parts.port else "")
        return urlunsplit(parts._replace(netloc=netloc))

    def text(self, text: str) -> str:
        """``text`` without any secret seen so far nor anything shaped like a PIN hash."""
        for pattern in HASH_PATTERNS:
            text = pattern.sub(REMOVED, text)
        # Longest first, so a secret that contains another is removed whole.
        for secret in sorted(self.removed, key=len, reverse=True):
            if secret == REMOVED or len(secret) < MIN_SCRUBBED_CHARS:
                continue
            if secret.isdigit():
                # Badge numbers: only whole numbers, not digits inside longer ones.
                text = re.sub(rf"(?<![0-9]){re.escape(secret)}(?![0-9])", REMOVED, text)
            else:
                text = text.replace(secret, REMOVED)
        return text
