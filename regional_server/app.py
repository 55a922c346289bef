"""The /v1 HTTP API of the reference regional server (docs/sync-contract.md).

Every answer carries the server's clock (header ``X-Server-Time``, and ``server_time`` in JSON
bodies) so line PCs can warn about clock skew. The token is checked and the body read (bounded,
gzip inflated as it arrives) by ``admission.Admission`` before any endpoint runs.
"""

# No "from __future__ import annotations": FastAPI reads the endpoints' annotations, some of
# which name dependencies local to create_app.

import hashlib
import logging
import os
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Header, HTTPException, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

from regional_server import (
    admission,
    bundles,
    heartbeats,
    maturity,
    metrics,
    operations,
    plant_modules,
    records,
    signing,
    stamp,
    summary,
    tokens,
)
from regional_server.database import Connections, DatabaseUrl, database_url
from shopfloor_core.contract import (
    BUNDLE_SIGNATURE_HEADER,
    IDEMPOTENCY_KEY,
    MAX_BATCH_RECORDS,
    SIGNED_AUDIENCE,
    BundleAudience,
)
from shopfloor_core.domain.clock import from_iso, to_iso, utc_now

log = logging.getLogger(__name__)

MAX_PULL = 1000
MAX_SUMMARY_SPAN = timedelta(days=93)
Identifier = Annotated[str, Field(min_length=1, max_length=64)]


# -- models (the OpenAPI document is generated from these) -----------------------------------
class PushRecord(BaseModel):
    kind: str = Field(
        max_length=64,
        description=(
            "record kind: event_revision, andon_call_revision, production_count, "
            "shift_handover_note, shift_signoff, late_edit or workflow_run"
        ),
    )
    id: str = Field(max_length=200, description="the record's id; a record is stored once")
    payload: dict[str, Any] = Field(description="the record itself (docs/data-contract.md)")


class PushBatch(BaseModel):
    device: Identifier = Field(description="the sending device, for the server's log")
    records: list[PushRecord] = Field(max_length=MAX_BATCH_RECORDS)


class RecordResult(BaseModel):
    id: str
    status: Literal["accepted", "duplicate", "rejected"]
    reason: str = ""


class PushAnswer(BaseModel):
    server_time: str
    results: list[RecordResult]


class PulledRecord(BaseModel):
    cursor: int
    kind: str
    id: str
    device: str
    plant: str
    area: str
    line: str
    payload: dict[str, Any]


class PullAnswer(BaseModel):
    server_time: str
    records: list[PulledRecord]
    next_cursor: int
    more: bool


class KeyEndorsementAnswer(BaseModel):
    key: str = Field(description="the new key (base64, raw Ed25519 public key)")
    endorsed_by: str = Field(description="the key it succeeded (base64, raw)")
    signature: str = Field(
        description="endorsed_by's Ed25519 signature (base64) over the fixed statement "
        "'operator-app regional bundle signing key, succeeded by:\\n' and key's raw bytes"
    )


class BundleAnswer(BaseModel):
    server_time: str
    version: int
    plant: str | None = Field(description="null: the region's bundle for every plant")
    published_utc: str
    bundle: dict[str, Any]
    audience: str | None = Field(
        default=None,
        description="the plant whose line PCs this document was served to, covered by the "
        "signature with plant; null when the request did not ask for it "
        "(X-Bundle-Signature: audience) and the signature does not cover it",
    )
    signature: str = Field(
        description="Ed25519 signature (base64) over the canonical JSON of version, "
        "published_utc and bundle, and plant and audience when audience is not null "
        "(docs/regional-operations.md)"
    )
    signing_key: str = Field(description="the server's Ed25519 public key (base64, raw)")
    key_endorsements: list[KeyEndorsementAnswer] = Field(
        default_factory=list,
        description="the planned rotations leading to signing_key, oldest first: a line PC "
        "pinned to an earlier key of the chain moves to signing_key (docs/sync-contract.md)",
    )


class DeviceAnswer(BaseModel):
    server_time: str
    role: Literal["device", "region"]
    plant: str
    area: str
    line: str
    device: str
    expires_utc: str


class HealthAnswer(BaseModel):
    server_time: str
    status: Literal["ok", "unavailable"]
    database: Literal["sqlite", "postgresql"]
    migration: str | None = Field(description="the newest schema migration applied")
    reason: str | None = Field(default=None, description="why the database check failed")


class SkippedRecord(BaseModel):
    kind: str
    id: str
    reason: str


class JobScrap(BaseModel):
    reason_code: str
    quantity: int


class JobSummary(BaseModel):
    """One production order's figures in the window (contract v2 records)."""

    job_id: str
    order_number: str | None
    product_code: str | None
    machine_id: str
    quantity_ordered: int | None = Field(description="null: an ad-hoc job, nothing ordered")
    state: str | None
    started_utc: str
    ended_utc: str | None
    good_count: int
    reject_count: int = Field(description="the larger of the PLC's rejects and the scrap")
    scrap_quantity: int
    scrap_by_reason: list[JobScrap]
    changeover_s: float | None = Field(description="the changeover into this job; null: none")
    run_s: float
    ideal_time_s: float | None
    availability: float | None
    performance: float | None
    quality: float | None
    oee: float | None


class LineSummary(BaseModel):
    plant: str
    area: str
    line: str
    events: int
    machines: int
    downtime_s: float
    planned_downtime_s: float = Field(
        description="planned stop time of the machines: breaks of the shift calendar and "
        "downtime under planned categories, as on the line's shift screen"
    )
    planned_production_s: float | None = Field(
        None, description="planned production time of the machines (ISO 22400 PBT)"
    )
    availability: float | None
    availability_method: str
    shift_calendar: dict[str, Any] | None = Field(
        None,
        description="the plant's calendar the figures used (version, zone) and the window's "
        "time outside shifts and in breaks, in seconds; version null when none is published",
    )
    downtime_by_reason: list[dict[str, Any]]
    scrap_quantity: int
    good_count: int
    reject_count: int
    performance: float | None
    quality: float | None
    oee: dict[str, Any]
    signed_off_oee: dict[str, Any]
    andon_calls: dict[str, Any] = Field(
        description="per team called (maintenance, quality, supervisor): calls raised, closed, "
        "cancelled, still open, and mean acknowledge, response and repair times in seconds"
    )
    catalogue_version: str
    products: list[dict[str, Any]] = Field(
        default=[],
        description="per product (contract v2 counts): good and reject counts, ideal time in "
        "seconds, and its share of the line's performance (the shares add up to it)",
    )
    jobs: list[JobSummary] = Field(
        default=[],
        description="per production order that ran in the window, over its own span clipped "
        "to the window (method in jobs_method)",
    )
    jobs_method: str | None = None
    skipped: list[SkippedRecord] = Field(
        default=[], description="stored records left out of these figures, and why"
    )


class SummaryAnswer(BaseModel):
    server_time: str
    from_utc: str
    to_utc: str
    lines: list[LineSummary]


class ErrorAnswer(BaseModel):
    server_time: str
    detail: Any


ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorAnswer, "description": "no valid token (missing, unknown, expired)"},
    403: {"model": ErrorAnswer, "description": "the token may not do this"},
    429: {
        "model": ErrorAnswer,
        "description": "too many refused tokens from this address; see Retry-After",
    },
}
BODY_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorAnswer, "description": "broken gzip or JSON"},
    413: {"model": ErrorAnswer, "description": "body too large, as sent or once decompressed"},
    415: {"model": ErrorAnswer, "description": "a content encoding other than gzip"},
}
# A token found valid is trusted this long without a database look-up (tokens.CredentialCache):
# a revoked token is refused by every worker within this time.
TOKEN_CACHE_S = 10.0
# Set (to 1) to serve /docs and /openapi.json; without it the API document is not public.
PUBLIC_DOCS_ENV = "REGIONAL_SERVER_PUBLIC_DOCS"


# -- the application --------------------------------------------------------------------------
def create_app(
    database: str | Path | DatabaseUrl,
    *,
    clock: Callable[[], datetime] = utc_now,
    public_docs: bool | None = None,
    limits: admission.Limits | None = None,
    token_cache_s: float | None = None,
    signing_key: Path | None = None,
    public_metrics: bool | None = None,
) -> FastAPI:
    """The API on ``database``; ``public_docs`` None: from ``REGIONAL_SERVER_PUBLIC_DOCS``,
    ``public_metrics`` None: from ``REGIONAL_SERVER_PUBLIC_METRICS`` (docs/regional-server.md).

    ``token_cache_s``: how long a token found valid is trusted without a look-up (None:
    ``TOKEN_CACHE_S``; 0: every request looks it up), so how late a revocation may be seen.
    ``signing_key``: the bundle-signing key's file (None: ``signing.key_path``).
    """
    connections = Connections(database)
    key_file = signing.KeyFile(signing_key or signing.key_path(connections.url))
    with connections.write() as conn:
        earlier = signing.history(conn)
        if signing.register(conn, key_file.signer().public_key, clock(), "server") and earlier:
            # A key nobody endorsed after others were used: its file was lost or replaced by
            # hand. Line PCs pinned to the key before refuse its bundles until re-trusted.
            log.warning(
                "signing key %s is new and no earlier key endorsed it: line PCs pinned to an "
                "earlier key refuse bundles until plant IT re-trusts them "
                "(operator-app trust-region-key)",
                key_file.signer().fingerprint,
            )
    if public_docs is None:
        public_docs = os.environ.get(PUBLIC_DOCS_ENV, "").strip().lower() in {"1", "true", "yes"}
    app = FastAPI(
        title="Regional server",
        version="1.0.0",
        summary="Sync contract v1 between line PCs and the regional server",
        description="See docs/sync-contract.md. Every answer has the X-Server-Time header.",
        docs_url="/docs" if public_docs else None,
        redoc_url=None,
        openapi_url="/openapi.json" if public_docs else None,
    )
    app.state.connections = connections
    app.state.metrics = metrics.ServerMetrics(connections, clock, public=public_metrics)
    api = APIRouter(prefix="/v1")
    bearer = HTTPBearer(auto_error=False, description="device or region token")

    def now_iso() -> str:
        return to_iso(clock())

    def look_up(token: str) -> tokens.Credential:
        with connections.read() as conn:
            return tokens.authenticate(conn, token, clock())

    checked = tokens.CredentialCache(TOKEN_CACHE_S if token_cache_s is None else token_cache_s)

    def authenticate(token: str) -> tokens.Credential:
        return checked.authenticate(token, clock(), look_up)

    # Added before the stamp below, so the stamp wraps it and its refusals carry the clock too.
    app.add_middleware(
        admission.Admission,
        authenticate=authenticate,
        recall=lambda token: checked.recall(token, clock()),
        server_time=now_iso,
        limits=limits,
        prefix=admission.GUARDED_PREFIXES,
    )

    app.add_middleware(stamp.ServerTimeStamp, server_time=now_iso)

    @app.exception_handler(HTTPException)
    async def http_error(_request: Request, exc: HTTPException) -> JSONResponse:
        return JSONResponse(
            {"detail": exc.detail, "server_time": now_iso()},
            status_code=exc.status_code,
            headers=exc.headers,
        )

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        # Every version of the API answers JSON (main added /v2 beside /v1).
        if not request.url.path.startswith(admission.GUARDED_PREFIXES):
            from regional_server import web

            return web.form_not_understood(request)  # a person's form: a page, not JSON
        detail = [{k: e.get(k) for k in ("loc", "msg", "type")} for e in exc.errors()]
        return JSONResponse({"detail": detail, "server_time": now_iso()}, status_code=422)

    def credential(
        request: Request,
        auth: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> tokens.Credential:
        admitted = getattr(request.state, "credential", None)
        if isinstance(admitted, tokens.Credential):
            return admitted  # checked by admission.Admission before the body was read
        if auth is None or auth.scheme.lower() != "bearer":
            raise HTTPException(401, "a bearer token is required", {"WWW-Authenticate": "Bearer"})
        try:
            return authenticate(auth.credentials)
        except tokens.TokenRefused as refused:
            raise HTTPException(401, str(refused), {"WWW-Authenticate": "Bearer"}) from None

    Who = Annotated[tokens.Credential, Depends(credential)]

    def device_only(who: tokens.Credential) -> None:
        if who.role != tokens.DEVICE:
            raise HTTPException(403, "only a device token may push or pull records")

    @api.get(
        "/health",
        response_model=HealthAnswer,
        responses={503: {"model": HealthAnswer, "description": "the database does not answer"}},
    )
    def health() -> JSONResponse:
        """Up when the database answers a one-row query within 2 s; needs no token."""
        answer = operations.health(connections)
        body = HealthAnswer(server_time=now_iso(), **answer)
        return JSONResponse(body.model_dump(), status_code=200 if body.status == "ok" else 503)

    @api.get("/device", response_model=DeviceAnswer, responses=ERRORS)
    def device(who: Who) -> dict[str, Any]:
        """What the token is allowed: its role, plant, area, line and device."""
        return {
            "server_time": now_iso(),
            "role": who.role,
            "plant": who.plant,
            "area": who.area,
            "line": who.line,
            "device": who.device,
            "expires_utc": to_iso(who.expires_utc),
        }

    @api.post(
        "/records",
        response_model=PushAnswer,
        responses={
            **ERRORS,
            **BODY_ERRORS,
            422: {"model": ErrorAnswer, "description": "malformed batch"},
        },
    )
    def push(
        batch: PushBatch,
        who: Who,
        idempotency_key: Annotated[
            str, Header(alias=IDEMPOTENCY_KEY, min_length=8, max_length=200)
        ],
    ) -> dict[str, Any]:
        """Store a batch of records, each exactly once; one answer per record.

        ``accepted``: stored now. ``duplicate``: stored before with the same content (the
        answer to an earlier push was lost) — delivered all the same. ``rejected``: never
        stored as sent, with the reason; the client sets it aside in quarantine.
        """
        device_only(who)
        digest = hashlib.sha256(
            "\n".join(f"{r.kind}\t{r.id}" for r in batch.records).encode()
        ).hexdigest()
        incoming = [records.Incoming(r.kind, r.id, r.payload) for r in batch.records]
        moment = clock()
        with connections.write() as conn:
            if not records.check_idempotency_key(conn, who, idempotency_key, digest, moment):
                raise HTTPException(422, "this Idempotency-Key was used for a different batch")
            answers = records.store_records(conn, who, incoming, moment)
        app.state.metrics.count_answers(
            [r.kind for r in batch.records], [(a.outcome, a.reason) for a in answers]
        )
        return {
            "server_time": now_iso(),
            "results": [
                {"id": a.record_id, "status": a.outcome.value, "reason": a.reason} for a in answers
            ],
        }

    @api.get("/records", response_model=PullAnswer, responses=ERRORS)
    def pull(
        who: Who,
        after: Annotated[int, Query(ge=0, le=2**62, description="cursor of the last page")] = 0,
        limit: Annotated[int, Query(ge=1, le=MAX_PULL)] = 500,
        scope: Annotated[Literal["line", "area"], Query()] = "line",
        plant: Annotated[str | None, Query(max_length=64)] = None,
    ) -> dict[str, Any]:
        """Other devices' records of this device's line (or area), oldest first."""
        device_only(who)
        if plant is not None and plant != who.plant:
            raise HTTPException(403, "a device reads records of its own plant only")
        with connections.read() as conn:
            found, next_cursor, more = records.pull(
                conn, who, after=after, limit=limit, area_wide=scope == "area"
            )
        return {
            "server_time": now_iso(),
            "records": found,
            "next_cursor": next_cursor,
            "more": more,
        }

    @api.get(
        "/bundle",
        response_model=BundleAnswer,
        responses={
            **ERRORS,
            304: {"description": "the bundle named by If-None-Match is still current"},
            404: {"model": ErrorAnswer, "description": "no bundle published yet"},
        },
    )
    def bundle(
        who: Who,
        if_none_match: Annotated[str | None, Header(max_length=200)] = None,
        x_bundle_signature: Annotated[
            str | None,
            Header(
                max_length=200,
                description="what the line PC verifies beyond version, time and sections: "
                "'audience' has the signature name whom the bundle is for",
            ),
        ] = None,
    ) -> Response:
        """The regional standards in force for this device's plant, with a version and ETag."""
        signer = key_file.signer()
        with connections.read() as conn:
            published = bundles.current(conn, who.plant)
            if published is not None:
                # The modules the plant's maturity allowed and someone switched on (the ETag
                # changes with them, so a line PC fetches the bundle again).
                document, etag = plant_modules.served_bundle(
                    conn,
                    who.plant,
                    published.document,
                    published.version,
                    maturity.model_in_force(conn),
                )
        if published is None:
            raise HTTPException(404, "no bundle has been published for this plant")
        # The key is part of what is served: after a rotation every line PC fetches the bundle
        # again (signed by the new key, with its endorsement) and moves to the new key at once.
        etag = f'{etag[:-1]}-{signer.fingerprint.replace(":", "")[:8].lower()}"'
        # Whom the bundle is for is signed only for PCs that say they check it: an older client
        # verifies the text it always did. Its own ETag, so an upgraded PC fetches the version
        # it holds once more, signed with its audience, and from then on expects one.
        audience = None
        if SIGNED_AUDIENCE in _listed(x_bundle_signature):
            audience = BundleAudience(published.plant, who.plant)
            etag = f'{etag[:-1]}-a"'
        headers = {"ETag": etag, "Vary": BUNDLE_SIGNATURE_HEADER}
        if if_none_match is not None and etag in {t.strip() for t in if_none_match.split(",")}:
            return Response(status_code=304, headers=headers)
        with connections.read() as conn:
            endorsements = key_file.endorsements(signing.history(conn), signer)
        body = BundleAnswer(
            server_time=now_iso(),
            version=published.version,
            plant=published.plant,
            published_utc=published.published_utc,
            bundle=document,
            audience=audience.served_to if audience is not None else None,
            signature=signer.sign(published.version, published.published_utc, document, audience),
            signing_key=signer.public_key,
            key_endorsements=[
                KeyEndorsementAnswer(key=e.key, endorsed_by=e.endorsed_by, signature=e.signature)
                for e in endorsements
            ],
        )
        return JSONResponse(body.model_dump(), headers=headers)

    @api.get(
        "/summary",
        response_model=SummaryAnswer,
        responses={**ERRORS, 422: {"model": ErrorAnswer, "description": "bad window"}},
    )
    def regional_summary(
        who: Who,
        from_utc: Annotated[str | None, Query(alias="from", max_length=40)] = None,
        to_utc: Annotated[str | None, Query(alias="to", max_length=40)] = None,
        plant: Annotated[str | None, Query(max_length=64)] = None,
    ) -> dict[str, Any]:
        """Downtime, availability and OEE by plant and line (default: the last 24 hours).

        A region token sees every plant; a device token sees its own plant only.
        """
        moment = clock()
        try:
            end = from_iso(to_utc) if to_utc else moment
            start = from_iso(from_utc) if from_utc else end - timedelta(days=1)
        except ValueError:
            raise HTTPException(422, "from and to are ISO 8601 times with a zone") from None
        if not start < end or end - start > MAX_SUMMARY_SPAN:
            raise HTTPException(422, "the window must be from < to, at most 93 days")
        if who.role == tokens.DEVICE:
            if plant is not None and plant != who.plant:
                raise HTTPException(403, "a device reads its own plant's figures only")
            plant = who.plant
        with connections.read() as conn:
            lines = summary.summary(conn, start, end, moment, plant=plant)
        return {
            "server_time": now_iso(),
            "from_utc": to_iso(start),
            "to_utc": to_iso(end),
            "lines": lines,
        }

    app.include_router(api)
    # Contract v2 (records with jobs and products) is pushed here; a v1 server answers 404
    # and the line PC keeps its records waiting. Same endpoint, same checks.
    pushed_v2 = APIRouter(prefix="/v2")
    pushed_v2.add_api_route(
        "/records",
        push,
        methods=["POST"],
        response_model=PushAnswer,
        responses={
            **ERRORS,
            **BODY_ERRORS,
            422: {"model": ErrorAnswer, "description": "malformed batch"},
        },
    )
    app.include_router(pushed_v2)
    # The regional operations pages (regional_server/web), beside the API.
    from regional_server import web

    web.install(app, connections, clock)
    app.include_router(
        heartbeats.router(
            connections,
            clock,
            {
                **ERRORS,
                **BODY_ERRORS,
                422: {"model": ErrorAnswer, "description": "malformed heartbeat"},
            },
        )
    )
    app.state.metrics.install(app, authenticate)
    return app


def _listed(header: str | None) -> set[str]:
    """The tokens of a comma-separated header, in lower case (absent: none)."""
    return {part.strip().lower() for part in (header or "").split(",")} - {""}


def app_from_environment() -> FastAPI:
    """The app of one worker process of ``regional-server serve`` (database from the env)."""
    return create_app(database_url())
