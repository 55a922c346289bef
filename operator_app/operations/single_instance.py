"""One client per data directory.

Two clients on one store would each run a machine monitor and add the same parts to the same
minute buckets. The first client holds a ``QLockFile`` in the data directory for as long as it
runs and listens on a local socket; a second start finds the lock held, asks the running client
to come to the front, and says what is running. A lock left by a crash is stale: ``QLockFile``
sees that its process is gone (or, if the process id was reused, that the file is old and not
locked by anyone) and takes it over.

Commands that only read the store (``status``, ``export``) take no lock: SQLite lets them read
beside the running client.

QtNetwork (the local socket; with the libraries it links, some 20 ms to load) is imported only
when a socket is used: the running client listens once its sign-in screen has been painted.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLockFile, QObject, Signal

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

LOCK_FILE_NAME = "operator-app.lock"
RAISE_REQUEST = b"raise\n"
CONNECT_TIMEOUT_MS = 1000
LOCK_WAIT_MS = 100


@dataclass(frozen=True)
class Holder:
    """The client that holds a data directory, as its lock file tells."""

    data_dir: Path
    pid: int | None
    host: str
    lock_problem: str | None = None

    def message(self, *, raised: bool) -> str:
        """What a second start prints: enough for IT to find the running client."""
        if self.lock_problem:
            return (
                f"operator-app: cannot take the lock of the data directory {self.data_dir}: "
                f"{self.lock_problem}"
            )
        who = f"process {self.pid} on host {self.host}" if self.pid else "another process"
        text = (
            f"operator-app is already running on this data directory ({who}, "
            f"data directory {self.data_dir}); only one client may use it at a time."
        )
        if raised:
            text += " Its window was brought to the front."
        return text


def server_name(data_dir: Path) -> str:
    """The local socket's name: one per data directory and account.

    A name rather than a path: the socket lands in the system's temporary folder (a named pipe
    on Windows), whatever the length of the data directory's path.
    """
    digest = hashlib.sha256(str(data_dir.resolve()).encode("utf-8")).hexdigest()[:16]
    return f"operator-app-{getpass.getuser()}-{digest}"


class DataDirClaim(QObject):
    """The running client's hold on its data directory.

    Signals:
        raise_requested(): a second start on the same data directory asked for this window.
    """

    raise_requested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self._lock = QLockFile(str(data_dir / LOCK_FILE_NAME))
        self._server: QLocalServer | None = None

    def try_claim(self) -> bool:
        """Take the lock; False when a running client holds it (a stale lock is taken over)."""
        return bool(self._lock.tryLock(LOCK_WAIT_MS))

    def holder(self) -> Holder:
        error = self._lock.error()
        if error == QLockFile.LockError.PermissionError:
            return Holder(self.data_dir, None, "", "this account may not write there")
        if error == QLockFile.LockError.UnknownError:
            return Holder(self.data_dir, None, "", "the lock file cannot be read or written")
        info = self._lock.getLockInfo()
        if not info:
            return Holder(self.data_dir, None, "")
        pid, host, _app = info
        return Holder(self.data_dir, int(pid) or None, str(host))

    def ask_holder_to_raise(self) -> bool:
        """Ask the running client to show its window; False if it did not answer."""
        from PySide6.QtNetwork import QLocalSocket

        socket = QLocalSocket()
        socket.connectToServer(server_name(self.data_dir))
        if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
            return False
        socket.write(RAISE_REQUEST)
        sent = socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
        socket.disconnectFromServer()
        return bool(sent)

    def listen(self) -> None:
        """Answer later starts; call once the QApplication exists and the lock is held."""
        from PySide6.QtNetwork import QLocalServer

        name = server_name(self.data_dir)
        # We hold the lock, so a socket of that name is left from a crash: remove it.
        QLocalServer.removeServer(name)
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(name):
            log.warning("later starts cannot raise this window: %s", server.errorString())
            return
        server.newConnection.connect(self._answer)
        self._server = server

    def _answer(self) -> None:
        assert self._server is not None
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(RAISE_REQUEST.strip()):
            log.warning("a second start on %s was refused; this window was raised", self.data_dir)
            self.raise_requested.emit()

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        self._lock.unlock()


def self_check(data_dir: Path) -> list[str]:
    """For ``--self-test``: one client holds ``data_dir``, a second is refused and reaches the
    first over the local socket. Problems found, [] when all of it works (a bundle built
    without QtNetwork fails here, not at a line PC's first start)."""
    first, second = DataDirClaim(data_dir), DataDirClaim(data_dir)
    try:
        if not first.try_claim():
            return ["single instance: the data directory's lock cannot be taken"]
        first.listen()
        if second.try_claim():
            return ["single instance: a second client could take a data directory in use"]
        if not second.ask_holder_to_raise():
            return ["single instance: a second start cannot reach the running client"]
        return []
    finally:
        second.release()
        first.release()
