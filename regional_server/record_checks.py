"""What the server checks in every record before storing it, beyond its shape.

``records.problem`` makes sure a record can be read back (fields present, of the right types);
this module makes sure it can be believed: its times are ordered and lie near the server's
clock, its figures are in range, its stamps are the token's, its reason codes exist in the
catalogue version it names, and a sign-off's figures agree with each other and with its shift.
A sign-off's KPI snapshot is the line's word, never recomputed here, so it is bounded instead:
a forged OEE of 57.0 is refused, and the summary shows the server's own OEE beside it.

Each refusal starts with a reason code the line PC keeps with the record in quarantine:

- ``times``: a time that does not parse, an end before its start, or a time more than
  ``MAX_AGE`` before or ``MAX_AHEAD`` after the server's clock;
- ``out_of_range``: a quantity, count or figure outside what a line can produce;
- ``scope``: a plant, area, line or device stamp that is not the token's;
- ``unknown_catalogue``: a reason under a catalogue version the region never published;
- ``unknown_reason``: a reason code that is not a leaf of the right kind in that version;
- ``unknown_products``: a job's product under a products version the region never published
  (nor shipped with the client);
- ``unknown_product``: a product code that version does not have;
- ``invalid``: anything else that is not what contract v1 describes.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any, TypeGuard

from regional_server.tokens import Credential
from shopfloor_core.domain.catalogue import (
    Catalogue,
    CatalogueError,
    CategoryKind,
    bundled_catalogue,
    load_catalogue,
)
from shopfloor_core.domain.clock import from_iso
from shopfloor_core.domain.jobs import (
    MAX_ORDER_NUMBER,
    MAX_QUANTITY,
    JobChange,
    JobSource,
    JobState,
)
from shopfloor_core.domain.products import (
    MAX_IDEAL_CYCLE_S,
    Products,
    ProductsError,
    bundled_products,
    load_products,
)

MAX_AGE = timedelta(days=366)
MAX_AHEAD = timedelta(days=1)
# The client's own ceilings (site file [limits], events.MAX_NOTE_LENGTH), so nothing a
# well-configured line captures is refused.
MAX_SCRAP_QUANTITY = 100_000
MAX_NOTE = 500
MAX_TEXT = 2_000
MAX_IDENTIFIER = 200
MAX_FAULT_CODE = 2**32 - 1
MAX_SEQ = 1_000_000
# No machine makes more than a thousand parts a second; a count past that is a counter read
# wrong, and would swamp the line's figures.
PLAUSIBLE_PARTS_A_MINUTE = 60_000
# A shift lasts at most a day, plus the hour gained when the clocks fall back.
MAX_SHIFT = timedelta(hours=25)
RATIOS = ("availability", "performance", "quality", "oee")
SECONDS = ("planned_production_s", "downtime_s", "run_s")
TOLERANCE = 1e-6  # JSON carries the client's floats exactly; this allows for other encoders


@dataclass
class Knowledge:
    """What the server knows while checking one batch: its clock and the catalogues in force."""

    now: datetime | None  # None: times are not held against the clock (reading stored records)
    published: Callable[[], Iterable[Catalogue]] = lambda: ()
    _catalogues: dict[str, Catalogue] | None = field(default=None, repr=False)
    published_products: Callable[[], Iterable[Products]] = lambda: ()
    _products: dict[str, Products] | None = field(default=None, repr=False)

    def products(self, version: str) -> Products | None:
        """The products ``version`` as the region published it (or as the client ships it)."""
        if self._products is None:
            shipped = _shipped_products()
            self._products = {shipped.version: shipped}
        if version not in self._products:
            for products in self.published_products():  # read once a batch, when needed
                self._products.setdefault(products.version, products)
            self.published_products = lambda: ()
        return self._products.get(version)

    def catalogue(self, version: str) -> Catalogue | None:
        """The catalogue ``version`` as the region published it (or as the client ships it)."""
        if self._catalogues is None:
            shipped = _shipped()
            self._catalogues = {shipped.version: shipped}
        if version not in self._catalogues:
            for catalogue in self.published():  # read once a batch, and only when needed
                self._catalogues.setdefault(catalogue.version, catalogue)
            self.published = lambda: ()
        return self._catalogues.get(version)


def catalogues_of(documents: Iterable[dict[str, Any]]) -> Iterable[Catalogue]:
    """The catalogues of published bundle documents, each parsed once per process."""
    for document in documents:
        section = document.get("catalogue")
        if isinstance(section, dict):
            catalogue = _parsed(json.dumps(section, sort_keys=True))
            if catalogue is not None:
                yield catalogue


def products_of(documents: Iterable[dict[str, Any]]) -> Iterable[Products]:
    """The products sections of published bundle documents, each parsed once per process."""
    for document in documents:
        section = document.get("products")
        if isinstance(section, dict):
            products = _parsed_products(json.dumps(section, sort_keys=True))
            if products is not None:
                yield products


@lru_cache(maxsize=1)
def _shipped_products() -> Products:
    return bundled_products()


@lru_cache(maxsize=64)
def _parsed_products(text: str) -> Products | None:
    try:
        return load_products(json.loads(text))
    except ProductsError:
        return None  # clients refuse the bundle too, so no record names it


@lru_cache(maxsize=1)
def _shipped() -> Catalogue:
    # Lines capture under it until their first bundle arrives; read once, not once a batch.
    return bundled_catalogue()


@lru_cache(maxsize=64)
def _parsed(text: str) -> Catalogue | None:
    try:
        return load_catalogue(json.loads(text))
    except CatalogueError:
        return None  # clients refuse it too, so no event names it


def refusal(
    kind: str, record_id: str, payload: dict[str, Any], who: Credential | None, known: Knowledge
) -> str | None:
    """Why a record whose shape is sound must still be refused, or None."""
    check = CHECKS.get(kind)
    if check is None:
        return None
    try:
        check(record_id, payload, who, known)
    except _Refused as refused:
        return str(refused)
    except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
        return f"invalid: the record cannot be read ({type(exc).__name__}: {exc})"
    return None


def unusable_signoff(payload: dict[str, Any]) -> str | None:
    """Why a stored sign-off's figures cannot be counted (stored before they were checked)."""
    try:
        _signoff("", payload, None, Knowledge(None))
    except _Refused as refused:
        return str(refused)
    except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
        return f"invalid: {type(exc).__name__}: {exc}"
    return None


class _Refused(Exception):
    pass


def _refuse(code: str, why: str) -> _Refused:
    return _Refused(f"{code}: {why}")


def _time(
    payload: dict[str, Any], name: str, known: Knowledge, *, null: bool = False
) -> datetime | None:
    value = payload.get(name)
    if value is None and null:
        return None
    try:
        moment = from_iso(str(value)) if isinstance(value, str) else None
    except (ValueError, OverflowError):
        moment = None
    if moment is None:
        raise _refuse("times", f"payload.{name} is not an ISO 8601 time with a zone")
    if known.now is None:
        return moment
    if moment < known.now - MAX_AGE:
        raise _refuse(
            "times", f"payload.{name} is more than {MAX_AGE.days} days before the server's clock"
        )
    if moment > known.now + MAX_AHEAD:
        raise _refuse("times", f"payload.{name} is more than a day after the server's clock")
    return moment


def _ordered(start: datetime | None, end: datetime | None, what: str) -> None:
    if start is not None and end is not None and end < start:
        raise _refuse("times", f"{what} ends before it starts")


def _text(
    payload: dict[str, Any],
    name: str,
    *,
    longest: int = MAX_IDENTIFIER,
    empty: bool = False,
    null: bool = False,
) -> None:
    value = payload.get(name)
    if value is None and null:
        return
    if not isinstance(value, str) or (not value and not empty):
        raise _refuse("invalid", f"payload.{name} must be {'' if empty else 'non-empty '}text")
    if len(value) > longest:
        raise _refuse("invalid", f"payload.{name} is longer than {longest} characters")


def _whole(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


# -- event revisions ------------------------------------------------------------------------------
def _stamps(payload: dict[str, Any], who: Credential | None) -> None:
    if who is None:
        return
    for name in ("plant", "area", "line", "device"):
        if payload.get(name) != getattr(who, name):
            raise _refuse(
                "scope",
                f"the record is stamped {name} {payload.get(name)!r}; this token is for "
                f"{name} {getattr(who, name)!r}",
            )


def _event_revision(
    record_id: str, payload: dict[str, Any], who: Credential | None, known: Knowledge
) -> None:
    _stamps(payload, who)
    start = _time(payload, "start_utc", known)
    end = _time(payload, "end_utc", known, null=True)
    _time(payload, "recorded_utc", known)
    _ordered(start, end, "the event")
    if payload["seq"] > MAX_SEQ:
        raise _refuse("out_of_range", f"payload.seq is above {MAX_SEQ:,}")
    for name in ("machine_id", "author", "revision_id", "event_id"):
        _text(payload, name)
    _text(payload, "note", longest=MAX_NOTE, empty=True, null=True)
    _text(payload, "why", longest=MAX_TEXT, empty=True, null=True)
    fault = payload.get("fault_code")
    if fault is not None and not (_whole(fault) and 0 <= fault <= MAX_FAULT_CODE):
        raise _refuse("out_of_range", f"payload.fault_code must be null or 0 to {MAX_FAULT_CODE}")
    kind, quantity = payload["kind"], payload.get("quantity")
    if kind == "scrap":
        if not (_whole(quantity) and 1 <= quantity <= MAX_SCRAP_QUANTITY):
            raise _refuse(
                "out_of_range",
                f"a scrap quantity is 1 to {MAX_SCRAP_QUANTITY:,} parts, not {quantity!r}",
            )
    elif quantity is not None:
        raise _refuse("invalid", f"payload.quantity is for scrap only; a {kind} has none")
    _reason(payload, known)
    _job(payload, known, required=False)


def _job(
    payload: dict[str, Any], known: Knowledge, *, required: bool, where: str = "payload"
) -> None:
    """The job and product a record carries (contract v2): all three given, or none of them
    (a record made when no job ran, or by a v1 client); the product in the version named."""
    names = ("job_id", "product_code", "products_version")
    if not required and all(payload.get(n) is None for n in names):
        return
    for name in names:
        value = payload.get(name)
        if not isinstance(value, str) or not 1 <= len(value) <= MAX_IDENTIFIER:
            raise _refuse("invalid", f"{where}.{name} must be text of 1 to {MAX_IDENTIFIER}")
    version, code = payload["products_version"], payload["product_code"]
    products = known.products(version)
    if products is None:
        raise _refuse(
            "unknown_products",
            f"{where}: products version {version!r} was never published to this plant",
        )
    if code not in products.products:
        raise _refuse("unknown_product", f"{where}: {code!r} is not a product of {version}")


def _reason(payload: dict[str, Any], known: Knowledge, kind: str | None = None) -> None:
    """The reason code against its catalogue version; ``kind``: the tree, if not the record's."""
    code, version = payload.get("reason_code"), payload.get("catalogue_version")
    kind = kind or payload["kind"]
    if code is None:
        return
    if kind == "note":
        raise _refuse("invalid", "a note carries no reason code")
    if not version:
        raise _refuse(
            "invalid", "payload.catalogue_version must name the catalogue of the reason code"
        )
    catalogue = known.catalogue(version)
    if catalogue is None:
        raise _refuse(
            "unknown_catalogue", f"catalogue version {version!r} was never published to this plant"
        )
    category = catalogue.categories.get(code)
    wanted = CategoryKind.DOWNTIME if kind == "downtime" else CategoryKind.SCRAP
    if category is None or category.kind is not wanted or not category.is_leaf:
        raise _refuse("unknown_reason", f"{code!r} is not a {wanted} reason of catalogue {version}")


# -- andon calls ----------------------------------------------------------------------------------
CALL_MOMENTS = ("raised_utc", "acknowledged_utc", "arrived_utc", "ended_utc")


def _andon_call_revision(
    record_id: str, payload: dict[str, Any], who: Credential | None, known: Knowledge
) -> None:
    # ``device`` is the station that wrote this revision (any station of the call's line).
    _stamps(payload, who)
    _time(payload, "recorded_utc", known)
    moments = [_time(payload, name, known, null=True) for name in CALL_MOMENTS]
    reached = [m for m in moments if m is not None]
    if reached != sorted(reached):
        raise _refuse(
            "times", "the call's raised, acknowledged, arrived and ended times are out of order"
        )
    for name in ("response_s", "repair_s"):
        value = payload.get(name)
        if value is not None and not (_number(value) and 0 <= value <= MAX_AGE.total_seconds()):
            raise _refuse("out_of_range", f"payload.{name} is {value!r}, not 0 to a year")
    _text(payload, "note", longest=MAX_NOTE, empty=True, null=True)
    _reason(payload, known, "downtime")


# -- count reports --------------------------------------------------------------------------------
def _production_count(
    record_id: str, payload: dict[str, Any], who: Credential | None, known: Knowledge
) -> None:
    _text(payload, "machine_id")
    for i, bucket in enumerate(payload["buckets"]):
        _time(bucket, "bucket_utc", known)
        _job(bucket, known, required=False, where=f"payload.buckets[{i}]")
        rate = bucket.get("ideal_s_per_part")
        if rate is not None and not (_number(rate) and 0 < rate <= MAX_IDEAL_CYCLE_S):
            raise _refuse(
                "invalid", f"payload.buckets[{i}].ideal_s_per_part must be null or in (0, 86400]"
            )
        parts = bucket["good"] + bucket["reject"]
        if parts > PLAUSIBLE_PARTS_A_MINUTE:
            raise _refuse(
                "out_of_range",
                f"payload.buckets[{i}] counts {parts:,} parts in a minute; at most "
                f"{PLAUSIBLE_PARTS_A_MINUTE:,} are plausible",
            )


# -- production orders (contract v2) --------------------------------------------------------------
def _job_revision(
    record_id: str, payload: dict[str, Any], who: Credential | None, known: Knowledge
) -> None:
    _stamps(payload, who)
    for name in ("revision_id", "job_id", "author"):
        _text(payload, name)
    if record_id != payload["revision_id"]:
        raise _refuse("invalid", "payload.revision_id differs from the record id")
    seq = payload.get("seq")
    if not (_whole(seq) and 1 <= seq <= MAX_SEQ):
        raise _refuse("invalid", f"payload.seq must be a whole number 1 to {MAX_SEQ:,}")
    for name, allowed in (("change", JobChange), ("state", JobState)):
        if payload.get(name) not in {v.value for v in allowed}:
            raise _refuse("invalid", f"payload.{name} {payload.get(name)!r} is not a job {name}")
    if payload.get("source") not in {v.value for v in JobSource}:
        sources = ", ".join(v.value for v in JobSource)
        raise _refuse("invalid", f"payload.source must be one of {sources}")
    quantity = payload.get("quantity")
    # null: an ad-hoc job (the machine's product change followed, nothing ordered).
    if quantity is not None and not (_whole(quantity) and 1 <= quantity <= MAX_QUANTITY):
        raise _refuse("out_of_range", f"a job's quantity is 1 to {MAX_QUANTITY:,} parts")
    _text(payload, "order_number", longest=MAX_ORDER_NUMBER, null=True)
    _text(payload, "machine_id", null=True)
    _text(payload, "why", longest=MAX_TEXT, empty=True)
    _time(payload, "at_utc", known)
    _time(payload, "recorded_utc", known)
    _job(payload, known, required=True)


# -- shift records --------------------------------------------------------------------------------
def _handover_note(
    record_id: str, payload: dict[str, Any], who: Credential | None, known: Knowledge
) -> None:
    for name in ("note_id", "shift_id", "author"):
        _text(payload, name)
    _text(payload, "text", longest=MAX_NOTE)
    _time(payload, "recorded_utc", known)


def _late_edit(
    record_id: str, payload: dict[str, Any], who: Credential | None, known: Knowledge
) -> None:
    for name in ("revision_id", "event_id", "shift_id", "signoff_id", "author"):
        _text(payload, name)
    _text(payload, "why", longest=MAX_TEXT)
    if record_id != f"{payload['revision_id']}@{payload['shift_id']}":
        raise _refuse("invalid", "a late edit's id is <revision_id>@<shift_id>")
    _time(payload, "recorded_utc", known)


def _workflow_run(
    record_id: str, payload: dict[str, Any], who: Credential | None, known: Knowledge
) -> None:
    for name in ("run_id", "workflow_code", "workflow_version", "person_id", "role"):
        _text(payload, name)
    _text(payload, "subject_key", empty=True)
    _text(payload, "machine_id", null=True)
    _ordered(
        _time(payload, "started_utc", known), _time(payload, "completed_utc", known), "the run"
    )
    for name in ("answers", "outcome"):
        _json_object(payload, name)


def _json_object(payload: dict[str, Any], name: str) -> dict[str, Any]:
    value = payload.get(name)
    try:
        parsed = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        parsed = None
    if not isinstance(parsed, dict):
        raise _refuse("invalid", f"payload.{name} must be a JSON object")
    return parsed


def _signoff(
    record_id: str, payload: dict[str, Any], who: Credential | None, known: Knowledge
) -> None:
    for name in ("signoff_id", "shift_id", "calendar_version", "author"):
        _text(payload, name)
    start = _time(payload, "shift_start_utc", known)
    end = _time(payload, "shift_end_utc", known)
    signed = _time(payload, "signed_utc", known)
    assert start is not None
    assert end is not None
    assert signed is not None
    _ordered(start, end, "the shift")
    if end == start or end - start > MAX_SHIFT:
        raise _refuse("times", "a shift lasts more than nothing and at most 25 hours")
    if signed < start:
        raise _refuse("times", "the shift was signed off before it started")
    figures = _json_object(payload, "summary")
    line = figures.get("line")
    machines = figures.get("machines", {})
    if not isinstance(line, dict) or not isinstance(machines, dict):
        raise _refuse("invalid", "payload.summary needs the line's figures and its machines'")
    shift_s = (end - start).total_seconds()
    _kpi(line, "line", shift_s * max(1, len(machines)))
    for machine, kpi in machines.items():
        if not isinstance(kpi, dict):
            raise _refuse("invalid", f"payload.summary machine {machine!r} has no figures")
        _kpi(kpi, f"machine {machine}", shift_s)


def _kpi(kpi: dict[str, Any], whose: str, longest_s: float) -> None:
    """A KPI snapshot's figures in range and agreeing with one another (ISO 22400-2)."""
    for name in RATIOS:
        value = kpi.get(name)
        if value is not None and not (_number(value) and 0.0 <= value <= 1.0):
            raise _refuse("out_of_range", f"the {whose}'s {name} is {value!r}, not in [0, 1]")
    for name in SECONDS:
        value = kpi.get(name)
        if not (_number(value) and 0.0 <= value <= longest_s + TOLERANCE):
            raise _refuse(
                "out_of_range", f"the {whose}'s {name} is {value!r}, not 0 to {longest_s:.0f} s"
            )
    good, reject = kpi.get("good"), kpi.get("reject")
    most = PLAUSIBLE_PARTS_A_MINUTE * longest_s / 60
    if not (_whole(good) and _whole(reject) and 0 <= good <= most and 0 <= reject <= most):
        raise _refuse(
            "out_of_range", f"the {whose}'s good and reject counts are not 0 to {most:,.0f}"
        )
    planned, run = kpi["planned_production_s"], kpi["run_s"]
    if run > planned + TOLERANCE:
        raise _refuse("out_of_range", f"the {whose}'s run time exceeds its planned production time")
    a, p, q, oee = (kpi.get(name) for name in RATIOS)
    if a is not None and planned > 0 and abs(a - run / planned) > TOLERANCE:
        raise _refuse("out_of_range", f"the {whose}'s availability is not run time / planned time")
    if q is not None and good + reject > 0 and abs(q - good / (good + reject)) > TOLERANCE:
        raise _refuse("out_of_range", f"the {whose}'s quality is not good / (good + reject)")
    if oee is not None and (
        a is None or p is None or q is None or abs(oee - a * p * q) > TOLERANCE
    ):
        raise _refuse(
            "out_of_range", f"the {whose}'s oee {oee!r} is not availability x performance x quality"
        )


CHECKS: dict[str, Callable[[str, dict[str, Any], Credential | None, Knowledge], None]] = {
    "andon_call_revision": _andon_call_revision,
    "event_revision": _event_revision,
    "job_revision": _job_revision,
    "production_count": _production_count,
    "shift_handover_note": _handover_note,
    "shift_signoff": _signoff,
    "late_edit": _late_edit,
    "workflow_run": _workflow_run,
}
