"""Times and durations as the plant reads them: local zone, the user's locale."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, QTimeZone


def local_time(moment: datetime, zone: str, *, with_date: bool = False) -> str:
    """``moment`` (aware UTC) shown in the plant's zone, in the current locale's short format."""
    local = moment.astimezone(ZoneInfo(zone))
    stamp = QDateTime.fromMSecsSinceEpoch(int(local.timestamp() * 1000), QTimeZone(zone.encode()))
    locale = QLocale()
    if with_date:
        return locale.toString(stamp, QLocale.FormatType.ShortFormat)
    return locale.toString(stamp.time(), QLocale.FormatType.ShortFormat)


def duration(span: timedelta) -> str:
    """Seconds under a minute (a 12 s stop is not "0 min"), minutes under an hour, then both."""
    seconds = max(0, int(span.total_seconds()))
    if seconds < 60:
        return QCoreApplication.translate("Formatting", "%n s", "", seconds)
    minutes = seconds // 60
    if minutes < 60:
        return QCoreApplication.translate("Formatting", "%n min", "", minutes)
    hours, rest = divmod(minutes, 60)
    return QCoreApplication.translate("Formatting", "{0} h {1} min").format(
        QLocale().toString(hours), QLocale().toString(rest)
    )


def percent(value: float | None) -> str:
    """A ratio as a percentage with one decimal in the user's locale; a dash when unknown."""
    if value is None:
        return "—"
    return QLocale().toString(value * 100, "f", 1)


def count(value: int | None) -> str:
    """A number of parts in the user's locale (1,984 / 1.984); a dash when nothing counts."""
    if value is None:
        return "—"
    return QLocale().toString(value)


def micro_stop_words() -> str:
    """What a micro-stop is, in the language on screen (the record keeps its English text)."""
    from operator_app.services.shift_summary import micro_stop_terms

    rule = micro_stop_terms()
    return QCoreApplication.translate(
        "Rules",
        "stops shorter than {0} s are micro-stops ({1}): performance loss, inside run time "
        "(detection {2})",
    ).format(
        QLocale().toString(rule.shorter_than_s, "g", 6), rule.reason_code, rule.detection_version
    )
