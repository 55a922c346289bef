"""What the GUI does with its data directory before anything else: lock it down, claim it for
this client alone, and start the log there. Kept apart from the rest of the start-up."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from local_store import StoreUnavailable
from operator_app.operations.logs import on_uncaught, start_logging
from operator_app.operations.permissions import lock_down, private_umask, wider_than_private
from operator_app.operations.qt_messages import route_qt_messages
from operator_app.operations.single_instance import DataDirClaim

log = logging.getLogger(__name__)


def claim_data_dir(data_dir: Path) -> DataDirClaim | None:
    """The claim on ``data_dir`` for this client, or None when another client holds it.

    On None the running client has been asked to come to the front and what is running has
    been printed (to standard error, when there is one). A data directory this account cannot
    create or lock raises ``StoreUnavailable``: nothing could be recorded in it anyway.
    """
    private_umask()
    try:
        lock_down(data_dir)
    except OSError as exc:
        problem = f"cannot create the data directory ({exc.strerror})"
        _tell_on_screen(_unusable_title(), _unusable_text(data_dir, problem), problem)
        raise StoreUnavailable(problem, data_dir) from None
    claim = DataDirClaim(data_dir)
    if not claim.try_claim():
        holder = claim.holder()
        if holder.lock_problem is not None:
            text = _unusable_text(data_dir, holder.lock_problem)
            _tell_on_screen(_unusable_title(), text, holder.message(raised=False))
            raise StoreUnavailable(f"cannot take its lock: {holder.lock_problem}", data_dir)
        raised = claim.ask_holder_to_raise()
        if sys.stderr is not None:
            print(holder.message(raised=raised), file=sys.stderr)
        if not raised:
            # Started by icon, no console, and no window came forward: say it on screen.
            _tell_on_screen(
                QCoreApplication.translate("Startup", "The client is already running"),
                QCoreApplication.translate(
                    "Startup",
                    "Another operator client already uses this data directory, so this one "
                    "does not start. Use the running client, or call IT.",
                ),
                holder.message(raised=False),
            )
        return None
    path = start_logging(data_dir)
    route_qt_messages()
    log.info("client started on %s; log %s", data_dir, path)
    for wide in wider_than_private(data_dir):
        log.warning("still readable by other accounts: %s", wide.describe())
    return claim


def _unusable_title() -> str:
    return QCoreApplication.translate("Startup", "The data directory cannot be used")


def _unusable_text(data_dir: Path, problem: str) -> str:
    return QCoreApplication.translate(
        "Startup", "The data directory {0} cannot be used: {1}. Nothing can be recorded. Call IT."
    ).format(str(data_dir), problem)


def _tell_on_screen(title: str, text: str, details: str) -> None:
    """A dialog for whoever started the client by icon, without a console to read."""
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        return
    from PySide6.QtWidgets import QMessageBox

    from operator_app.screens.app import _application

    _application(sys.argv[:1])
    box = QMessageBox()
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(text)
    box.setDetailedText(details)
    box.exec()


def attach_window(claim: DataDirClaim, window: object, *, kiosk: bool) -> None:
    """Once the window exists: a second start brings it to the front, and an unexpected
    failure anywhere in the client is told on screen (its traceback is in the log)."""
    # Any window: naming the line display's class here would import its store queries before
    # the sign-in screen is painted.
    from PySide6.QtWidgets import QWidget

    from operator_app.screens.app_context import AppContext

    assert isinstance(window, QWidget)
    context = getattr(window, "context", None)  # the sign-in window's and the line display's
    assert isinstance(context, AppContext)

    def bring_forward() -> None:
        if kiosk:
            window.showFullScreen()
        else:
            window.showNormal()
        window.raise_()
        window.activateWindow()

    claim.raise_requested.connect(bring_forward)
    # Once the first screen is painted: a second start in that half second is refused all the
    # same (the lock), it only cannot bring this window forward.
    from operator_app.screens.first_paint import when_painted

    when_painted(getattr(window, "login", window), claim.listen)
    # A signal: the failure may come from a worker thread, the notice is shown on the GUI's.
    notice = context.notice

    def tell_on_screen() -> None:
        notice.emit(
            QCoreApplication.translate(
                "Startup",
                "Something went wrong and was written to the log. If it happens again, call IT.",
            ),
            True,
        )

    on_uncaught(tell_on_screen)
