"""The domain's refusals, in the operator's language.

The domain speaks in stable codes with English developer messages; what a user reads is
chosen here, so a new language never needs a change to the rules.
"""

from __future__ import annotations

import logging
import sqlite3

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from local_store.errors import StaleRevision, StoreUnavailable, environment_problem
from shopfloor_core.domain.errors import PermissionDenied, RuleViolation

log = logging.getLogger(__name__)


# Values are the English source texts (QT_TRANSLATE_NOOP only marks them for lupdate).
_TEXTS: dict[str, object] = {
    "already_called": QT_TRANSLATE_NOOP(
        "Messages", "They are already called to this machine; the call is on the calls strip."
    ),
    "call_raised": QT_TRANSLATE_NOOP("Messages", "Nobody has acknowledged this call yet."),
    "call_acknowledged": QT_TRANSLATE_NOOP(
        "Messages", "Nobody is at the machine yet: tap Arrived first."
    ),
    "call_arrived": QT_TRANSLATE_NOOP(
        "Messages", "Someone is already at the machine; the call can only be closed now."
    ),
    "call_closed": QT_TRANSLATE_NOOP("Messages", "This call is already closed."),
    "call_cancelled": QT_TRANSLATE_NOOP("Messages", "This call was cancelled."),
    "not_open_unnamed": QT_TRANSLATE_NOOP(
        "Messages", "Only a stop still going that nobody named yet can become the changeover."
    ),
    "not_your_call": QT_TRANSLATE_NOOP(
        "Messages", "This call is for another team, or was made by someone else."
    ),
    "other_line": QT_TRANSLATE_NOOP(
        "Messages", "This call is of another line; answer it from a station of that line."
    ),
    "unknown_call": QT_TRANSLATE_NOOP("Messages", "That call is not known on this station."),
    "already_categorized": QT_TRANSLATE_NOOP("Messages", "This stop already has a reason."),
    "already_down": QT_TRANSLATE_NOOP("Messages", "This machine is already recorded as stopped."),
    "already_ended": QT_TRANSLATE_NOOP("Messages", "This stop has already ended."),
    "already_recorded": QT_TRANSLATE_NOOP("Messages", "This was already recorded."),
    "empty_note": QT_TRANSLATE_NOOP("Messages", "Write something in the note first."),
    "ends_before_start": QT_TRANSLATE_NOOP("Messages", "The end is before the start."),
    "in_future": QT_TRANSLATE_NOOP("Messages", "That time is in the future."),
    "naive_time": QT_TRANSLATE_NOOP("Messages", "That time has no time zone."),
    "no_catalogue_version": QT_TRANSLATE_NOOP("Messages", "The reason list has no version."),
    "no_end": QT_TRANSLATE_NOOP("Messages", "This stop has no end yet."),
    "no_note": QT_TRANSLATE_NOOP("Messages", "A note is needed here."),
    "no_reason": QT_TRANSLATE_NOOP("Messages", "Choose a reason first."),
    "no_such_event": QT_TRANSLATE_NOOP("Messages", "That record no longer exists here."),
    "not_a_leaf": QT_TRANSLATE_NOOP("Messages", "Choose one of the reasons under this group."),
    "not_allowed": QT_TRANSLATE_NOOP("Messages", "Your role may not do this."),
    "not_a_capture": QT_TRANSLATE_NOOP(
        "Messages", "Only a new record can be undone; ask a supervisor to correct this one."
    ),
    "not_signed_in": QT_TRANSLATE_NOOP("Messages", "Sign in first."),
    "not_your_capture": QT_TRANSLATE_NOOP(
        "Messages", "Only the person who recorded this (or a supervisor) can undo it."
    ),
    "note_too_long": QT_TRANSLATE_NOOP("Messages", "The note is too long."),
    "overlap": QT_TRANSLATE_NOOP(
        "Messages", "This overlaps another stop of the same machine; the times were not changed."
    ),
    "quantity_out_of_range": QT_TRANSLATE_NOOP("Messages", "The quantity is outside the limits."),
    "reason_required": QT_TRANSLATE_NOOP("Messages", "A reason is needed for this change."),
    "system_category": QT_TRANSLATE_NOOP("Messages", "That reason is set by the system only."),
    "too_old": QT_TRANSLATE_NOOP(
        "Messages", "That is too long ago; ask a supervisor to correct it."
    ),
    "undo_too_late": QT_TRANSLATE_NOOP(
        "Messages", "Too late to undo; ask a supervisor to correct the record, with a reason."
    ),
    "unknown_category": QT_TRANSLATE_NOOP("Messages", "That reason is not in the regional list."),
    "unknown_machine": QT_TRANSLATE_NOOP("Messages", "That machine is not on this line."),
    "voided": QT_TRANSLATE_NOOP("Messages", "That record was voided."),
    "wrong_category_kind": QT_TRANSLATE_NOOP("Messages", "That reason does not fit here."),
    # Jobs (production orders).
    "machine_busy": QT_TRANSLATE_NOOP(
        "Messages",
        "This machine already runs a job: end it first, or start the next from the queue.",
    ),
    "bad_quantity": QT_TRANSLATE_NOOP("Messages", "The quantity must be a whole number."),
    "bad_order_number": QT_TRANSLATE_NOOP(
        "Messages", "An order number is 1 to 64 characters long."
    ),
    "no_product": QT_TRANSLATE_NOOP("Messages", "A job needs a product code."),
    "no_site": QT_TRANSLATE_NOOP("Messages", "This needs the line's site file."),
    "other_machine": QT_TRANSLATE_NOOP("Messages", "That job runs on another machine."),
    "job_state": QT_TRANSLATE_NOOP(
        "Messages", "That job cannot do this now (another station may have changed it first)."
    ),
    "no_such_job": QT_TRANSLATE_NOOP("Messages", "That job is not known on this station."),
    "no_machine": QT_TRANSLATE_NOOP("Messages", "Choose the machine the job runs on first."),
    "unknown_product": QT_TRANSLATE_NOOP("Messages", "That product is not in the regional list."),
    "product_not_on_line": QT_TRANSLATE_NOOP("Messages", "This line does not make that product."),
    "no_rate": QT_TRANSLATE_NOOP(
        "Messages", "That product has no ideal cycle time on this machine; ask your supervisor."
    ),
    "order_queued": QT_TRANSLATE_NOOP("Messages", "That order is already queued or run here."),
    "job_not_started": QT_TRANSLATE_NOOP("Messages", "That job has not run yet."),
    "before_last_change": QT_TRANSLATE_NOOP(
        "Messages", "That time is before the job's last change."
    ),
}


def is_store_problem(error: BaseException) -> bool:
    """The local store itself cannot be used (disk full, locked, read-only), not a refusal."""
    if isinstance(error, StoreUnavailable):
        return True
    if isinstance(error, sqlite3.IntegrityError):
        return False
    return isinstance(error, sqlite3.Error) and environment_problem(error) is not None


def explain(error: BaseException) -> str:
    """One sentence for the user; the details go to the log for support."""
    if isinstance(error, (RuleViolation, PermissionDenied)):
        text = _TEXTS.get(error.code)
        if text is not None:
            return QCoreApplication.translate("Messages", str(text))
        log.warning("no user text for rule %s: %s", error.code, error)
        return QCoreApplication.translate("Messages", "This was refused: {0}").format(str(error))
    if isinstance(error, StaleRevision):
        return QCoreApplication.translate(
            "Messages", "Someone changed this at another station first; check it and try again."
        )
    if isinstance(error, StoreUnavailable):
        return QCoreApplication.translate(
            "Messages", "The local store cannot be written. Nothing was saved. Call IT: {0}"
        ).format(error.reason)
    # The store itself refuses changes inside a signed-off shift, whichever screen asked.
    if isinstance(error, sqlite3.IntegrityError) and "shift signed off" in str(error):
        return QCoreApplication.translate(
            "Messages",
            "This shift is signed off: a supervisor must make the change, with a reason.",
        )
    if isinstance(error, sqlite3.Error) and (problem := environment_problem(error)):
        return QCoreApplication.translate(
            "Messages", "The local store cannot be written. Nothing was saved. Call IT: {0}"
        ).format(problem)
    log.error("unexpected failure", exc_info=error)
    return QCoreApplication.translate(
        "Messages", "Something went wrong and it was not saved. Try again or call IT."
    )
