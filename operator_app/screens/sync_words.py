"""Delivery to the region in whole sentences that are true in every state, for supervisors.

"Everything was accepted" must never be said of records that were never sent: the sentences
come from what the store knows (``sync.overview``), plus whether sync is set up at all and
how the last round went.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QCoreApplication, QLocale

from operator_app.screens.app_context import AppContext
from operator_app.screens.formatting import local_time
from shopfloor_core.domain.clock import utc_now
from sync.overview import DeliveryOverview

# A record waiting longer than this is worth a supervisor's attention even while online.
LONG_WAIT = timedelta(hours=1)


def _when(moment: datetime, zone: str, now: datetime) -> str:
    return local_time(moment, zone, with_date=now - moment > timedelta(hours=12))


def delivery_sentences(
    overview: DeliveryOverview,
    *,
    configured: bool,
    zone: str,
    online: bool | None = None,
    now: datetime | None = None,
) -> tuple[list[str], bool]:
    """The sentences to show, and whether they report something a supervisor must act on.

    ``online`` is the last round's outcome, None when no round has run in this session.
    """
    translate = QCoreApplication.translate
    now = now or utc_now()
    lines: list[str] = []
    if not configured:
        lines.append(
            translate("SyncOverview", "This PC is not set up to send records to a regional server.")
        )
    elif overview.never_connected:
        lines.append(translate("SyncOverview", "This PC has never reached the regional server."))
    elif online is False:
        lines.append(
            translate("SyncOverview", "The regional server cannot be reached at the moment.")
        )
    if overview.waiting and overview.waiting_since_utc is not None:
        lines.append(
            translate(
                "SyncOverview", "Records waiting to be sent: {0}, the oldest since {1}."
            ).format(
                QLocale().toString(overview.waiting), _when(overview.waiting_since_utc, zone, now)
            )
        )
    else:
        lines.append(translate("SyncOverview", "No record is waiting to be sent."))
    if overview.last_delivery_utc is not None:
        lines.append(
            translate("SyncOverview", "Last delivery to the regional server: {0}.").format(
                _when(overview.last_delivery_utc, zone, now)
            )
        )
    elif overview.last_contact_utc is not None:
        lines.append(
            translate("SyncOverview", "Last contact with the regional server: {0}.").format(
                _when(overview.last_contact_utc, zone, now)
            )
        )
    if overview.refused:
        lines.append(
            translate(
                "SyncOverview", "Records the regional server refused: {0} (see Sync problems)."
            ).format(QLocale().toString(overview.refused))
        )
    waited_long = (
        overview.waiting_since_utc is not None and now - overview.waiting_since_utc > LONG_WAIT
    )
    problem = (
        bool(overview.refused)
        or online is False
        or (overview.waiting > 0 and (not configured or overview.never_connected or waited_long))
    )
    return lines, problem


def delivery_status(context: AppContext, overview: DeliveryOverview) -> tuple[list[str], bool]:
    """``delivery_sentences`` for this client: its site's sync set-up, its last round."""
    worker = context.sync_worker
    latest = worker.latest if worker is not None else None
    return delivery_sentences(
        overview,
        configured=context.site.sync is not None,
        zone=context.site.timezone,
        online=latest.online if latest is not None else None,
    )
