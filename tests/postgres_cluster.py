"""A throwaway PostgreSQL server for the tests: ``initdb`` + ``pg_ctl start`` in a temporary folder.

It listens on a free loopback port with trust authentication, durability off (fsync,
synchronous_commit) because the folder is thrown away (benchmarks ask for it on). The binaries
come from PATH or from Debian's ``postgresql`` package (``/usr/lib/postgresql/<version>/bin``),
which ``dev.py check`` installs when it runs as root on a machine without them. PostgreSQL
refuses to run as root, so under root the server runs as the ``postgres`` user (made by
Debian's package) or ``nobody``.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

SUPERUSER = "regional"


def postgres_bindir() -> Path | None:
    """Where ``initdb`` and ``pg_ctl`` are, the newest version first; None if nowhere."""
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(found).resolve().parent
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    return versions[-1].parent if versions else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class TemporaryPostgres:
    def __init__(self, *, durable: bool = False) -> None:
        bindir = postgres_bindir()
        if bindir is None:
            raise RuntimeError(
                "PostgreSQL's server binaries (initdb, pg_ctl) are not installed: run "
                "'python3 dev.py check' as root (it installs Debian's postgresql), or "
                "'apt-get install postgresql', or pass --server-db=sqlite to skip PostgreSQL"
            )
        self.bindir = bindir
        self.folder = Path(tempfile.mkdtemp(prefix="regional-pg-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        self.prefix: list[str] = []
        if os.geteuid() == 0:
            user = "postgres" if _user_exists("postgres") else "nobody"
            entry = pwd.getpwnam(user)
            os.chown(self.folder, entry.pw_uid, entry.pw_gid)
            self.prefix = ["runuser", "-u", user, "--"]
        self._run(
            "initdb", "-D", self.data, "-U", SUPERUSER, "--auth=trust", "--no-locale",
            "-E", "UTF8", "--no-sync",
        )  # fmt: skip
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} "
            f"-c unix_socket_directories={self.folder} -c max_connections=300"
        )
        if not durable:  # a test's data is thrown away; a benchmark measures real commits
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run("pg_ctl", "-D", self.data, "-l", self.folder / "server.log", "-o", options,
                  "-w", "-t", "60", "start")  # fmt: skip
        self._names = itertools.count(1)

    def _run(self, program: str, *args: object) -> None:
        command = [*self.prefix, str(self.bindir / program), *(str(a) for a in args)]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            log = self.folder / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{program} failed: {result.stderr or result.stdout}\n{tail}")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, stem: str = "region") -> str:
        """A new, empty database; its URL."""
        import psycopg

        name = f"{stem}_{next(self._names)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True
