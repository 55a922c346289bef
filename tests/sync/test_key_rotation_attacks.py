"""The key rotation as an attacker would try it (issue 17, second look).

Over loopback with the real server and a real line PC sync, a relay in between that can rewrite
the bundle answer as a man in the middle would (or answer with a hostile bundle of its own). The
attacker holds keys of its own and, where the case says so, the region's retired keys (their
files stay on the server beside the key in use). Whatever is tried, the PC's pin moves only along
endorsements its pinned key signed, a refused bundle leaves the one in force, and nothing raises.
"""

from __future__ import annotations

import base64
import itertools
import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from local_store import EventStore
from operator_app.cli.main import main as operator_app
from regional_server import signing
from regional_server.__main__ import main as regional_server
from shopfloor_core.contract import (
    BUNDLE_PATH,
    MAX_KEY_ENDORSEMENTS,
    Bundle,
    bundle_signed_text,
    key_endorsement_text,
    key_fingerprint,
    parse_bundle,
)
from sync import bundle as sync_bundle
from sync import http as sync_http
from sync.bundle_signature import check_signature
from sync.key_pins import ENDORSED, FIRST_CONTACT, RE_TRUSTED, pin, pin_history, pinned_key
from sync.round import RoundResult
from tests.sync.conftest import Device, ThreadServer, standard_bundle
from tests.sync.test_tls_and_cli import demo_site_device, site_file

Answer = dict[str, Any]
Rewrite = Callable[[Answer], Answer]
pytestmark = pytest.mark.one_server_db  # the client's checks: one server database is enough

HOP_BY_HOP = {"content-length", "transfer-encoding", "connection", "content-encoding", "host"}


class Relay:
    """A man in the middle on loopback: forwards everything, rewrites bundle answers on plan."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream
        self.rewrites: list[Rewrite] = []  # one per bundle answer, in order; then untouched
        self.bundle_answers = 0
        relay = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_: Any) -> None:
                pass

            def do_GET(self) -> None:
                relay._forward(self, "GET")

            def do_POST(self) -> None:
                relay._forward(self, "POST")

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.http.server_address[1]}"
        self.thread = threading.Thread(target=self.http.serve_forever, daemon=True)
        self.thread.start()

    def plan(self, *rewrites: Rewrite) -> None:
        self.rewrites.extend(rewrites)

    def close(self) -> None:
        self.http.shutdown()
        self.http.server_close()

    def _forward(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else None
        headers = {k: v for k, v in handler.headers.items() if k.lower() not in HOP_BY_HOP}
        if body is not None:
            headers["Content-Encoding"] = handler.headers.get("Content-Encoding", "identity")
        headers["Accept-Encoding"] = "identity"
        if handler.path.startswith(BUNDLE_PATH) and self.rewrites:
            headers.pop("If-None-Match", None)  # the man in the middle answers whatever is cached
        answer = requests.request(
            method, self.upstream + handler.path, headers=headers, data=body, timeout=10
        )
        content = answer.content
        if handler.path.startswith(BUNDLE_PATH) and answer.status_code == 200:
            self.bundle_answers += 1
            if self.rewrites:
                content = json.dumps(self.rewrites.pop(0)(answer.json())).encode()
        handler.send_response(answer.status_code)
        for name, value in answer.headers.items():
            if name.lower() not in HOP_BY_HOP:
                handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(content)))
        handler.end_headers()
        handler.wfile.write(content)


@pytest.fixture
def key_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "region-key" / "bundle-signing-key.pem"
    monkeypatch.setenv(signing.KEY_ENV, str(path))
    return path


def rotate(database: str | Path, *args: str) -> None:
    assert regional_server(["--database", str(database), "signing-key", "rotate", *args]) == 0


def region_keys(key_file: Path) -> dict[str, Ed25519PrivateKey]:
    """Every key the region used, current and retired (an attacker who got into the folder)."""
    found = [key_file, *key_file.parent.glob(f"{key_file.name}.retired-*")]
    return {signing.public_text(k): k for k in map(signing.load, found)}


def public(key: Ed25519PrivateKey) -> str:
    return signing.public_text(key)


def sign_bundle(answer: Answer, key: Ed25519PrivateKey) -> Answer:
    """``answer`` signed by ``key`` (its content and audience as they were)."""
    text = parse_bundle(answer, "").signed_text()
    return {
        **answer,
        "signing_key": public(key),
        "signature": base64.b64encode(key.sign(text)).decode(),
    }


def link(new: str, by: Ed25519PrivateKey, *, claimed_by: str | None = None) -> dict[str, str]:
    """An endorsement of ``new`` signed by ``by`` (and said to be by ``claimed_by``)."""
    return {
        "key": new,
        "endorsed_by": claimed_by or public(by),
        "signature": base64.b64encode(by.sign(key_endorsement_text(new))).decode(),
    }


def chain_of(answer: Answer, links: list[dict[str, str]]) -> Answer:
    return {**answer, "key_endorsements": links}


def respelled(key: str) -> str:
    """The same 32 bytes in another base64 spelling (the unused low bits of the last digit)."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    assert key.endswith("=")
    assert not key.endswith("==")
    other = key[:-2] + alphabet[alphabet.index(key[-2]) ^ 1] + "="
    assert base64.b64decode(other) == base64.b64decode(key)
    assert other != key
    return other


def assert_refused(result: RoundResult, in_force: int, *words: str) -> str:
    """The round refused the bundle for its signature and kept ``in_force``; the problem."""
    assert result.status.problem is None  # a refused bundle is not a failed round
    assert result.status.bundle_version == in_force
    (problem,) = result.status.bundle_problems
    assert problem.startswith("signature:")
    for word in words:
        assert word in problem
    return problem


class Region:
    """The real server with keys A -> B -> C (planned rotations) and a PC on each key."""

    def __init__(
        self, database: str | Path, key_file: Path, make_device: Callable[..., Device]
    ) -> None:
        self.database = database
        self.server = ThreadServer(database)
        self.first = self.server.publish(standard_bundle())
        self.pc = make_device(self.server)
        self.pc.sync_round()
        self.key_a = pinned_key(self.pc.store)
        self.key_file = key_file
        self._publications = itertools.count(1)
        self.relay = Relay(self.server.url)  # between the PCs and the server, when a test says

    def rotate_and_publish(self, *args: str) -> int:
        rotate(self.database, *args)
        return self.publish()

    def publish(self) -> int:
        oee = 0.5 + next(self._publications) / 100
        return self.server.publish(standard_bundle(targets={"PRESS-1": {"oee": oee}}))

    def current_key(self) -> str:
        return signing.public_text(signing.load(self.key_file))

    def stop(self) -> None:
        self.relay.close()
        self.server.stop()


@pytest.fixture
def region_ab(
    server_database: str | Path, key_file: Path, make_device: Callable[..., Device]
) -> Iterator[Region]:
    region = Region(server_database, key_file, make_device)
    yield region
    region.stop()


# -- 1. loops and self-endorsements ---------------------------------------------------------------
def test_a_loop_or_a_key_endorsing_itself_moves_the_pin_nowhere(region_ab: Region) -> None:
    relay = region_ab.relay
    pc, key_a = region_ab.pc, region_ab.key_a
    assert key_a is not None
    intruder = Ed25519PrivateKey.generate()
    newer = region_ab.rotate_and_publish()  # A -> B, planned
    keys = region_keys(region_ab.key_file)
    key_b = next(k for k in keys if k != key_a)
    a, b = keys[key_a], keys[key_b]

    # The intruder endorses itself, and "endorses" the pinned key back to itself.
    relay.plan(
        lambda g: chain_of(
            sign_bundle(g, intruder),
            [link(public(intruder), intruder), link(public(intruder), intruder, claimed_by=key_a)],
        )
    )
    assert_refused(pc.sync_round(relay.url), region_ab.first, "is not that key's signature")
    # A loop of genuine-looking links A -> B -> A -> B, the middle one not B's.
    relay.plan(
        lambda g: chain_of(
            g, [link(key_b, a), link(key_a, intruder, claimed_by=key_b), link(key_b, a)]
        )
    )
    assert_refused(pc.sync_round(relay.url), region_ab.first, "is not that key's signature")
    assert pinned_key(pc.store) == key_a
    # The region's own key endorsing itself, many times over: nothing changes, the bundle
    # (signed by the key the chain reaches) applies once, bounded by the chain's limit.
    relay.plan(lambda g: chain_of(g, [link(key_a, a)] * 5 + [link(key_b, a), link(key_b, b)]))
    applied = pc.sync_round(relay.url)
    assert applied.status.bundle_problems == ()
    assert applied.status.bundle_version == newer
    assert [h.how for h in pin_history(pc.store)] == [FIRST_CONTACT, ENDORSED]
    assert pinned_key(pc.store) == key_b


# -- 2. a forged link in the middle, or later links by another key -------------------------------
def test_a_forged_middle_link_or_links_after_the_pinned_key_by_another_key_are_refused(
    region_ab: Region, make_device: Any
) -> None:
    relay = region_ab.relay
    on_a = region_ab.pc
    key_a = region_ab.key_a
    region_ab.rotate_and_publish()
    on_b = make_device(region_ab.server)  # first contact with B
    on_b.sync_round()
    key_b = pinned_key(on_b.store)
    assert key_b is not None
    assert key_b != key_a
    in_force = region_ab.rotate_and_publish()  # B -> C
    on_b_in_force = on_b.sync_round(relay.url)  # untouched: moves to C
    assert on_b_in_force.status.bundle_version == in_force
    key_c = pinned_key(on_b.store)
    intruder, other = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()

    # A -> B -> C with B's endorsement of C forged by the intruder.
    relay.plan(
        lambda g: chain_of(
            g, [g["key_endorsements"][0], link(g["signing_key"], intruder, claimed_by=key_b)]
        )
    )
    assert_refused(on_a.sync_round(relay.url), region_ab.first, "is not that key's signature")
    assert pinned_key(on_a.store) == key_a

    # Through the pinned key genuinely (A -> B -> C), then on to the intruder's key D: C's
    # endorsement of D forged, or D endorsed by yet another key the PC never trusted.
    pc = make_device(region_ab.server)
    pc.sync_round()  # on C
    assert pinned_key(pc.store) == key_c
    refusals = [
        lambda g: chain_of(
            sign_bundle(g, intruder),
            [*g["key_endorsements"], link(public(intruder), other, claimed_by=key_c)],
        ),
        lambda g: chain_of(
            sign_bundle(g, intruder),
            [*g["key_endorsements"], link(public(other), other), link(public(intruder), other)],
        ),
    ]
    reasons = ["is not that key's signature", "has not endorsed"]
    for rewrite, why in zip(refusals, reasons, strict=True):
        relay.plan(rewrite)
        assert_refused(pc.sync_round(relay.url), in_force, why)
        assert pinned_key(pc.store) == key_c
    assert [h.how for h in pin_history(pc.store)] == [FIRST_CONTACT]


# -- 3. rollback to a retired key ---------------------------------------------------------------
def test_a_pc_on_the_newest_key_refuses_bundles_signed_by_a_retired_key_with_its_old_chain(
    region_ab: Region, make_device: Any
) -> None:
    relay = region_ab.relay
    key_a = region_ab.key_a
    assert key_a is not None
    region_ab.rotate_and_publish()  # A -> B
    in_force = region_ab.rotate_and_publish()  # B -> C
    pc = region_ab.pc
    assert pc.sync_round().status.bundle_version == in_force  # A -> B -> C followed
    key_c = pinned_key(pc.store)
    keys = region_keys(region_ab.key_file)
    (key_b,) = set(keys) - {key_a, key_c}
    genuine_chain: list[dict[str, str]] = []

    def with_old_key(old: str, upto: int) -> Rewrite:
        def rewrite(g: Answer) -> Answer:
            genuine_chain[:] = g["key_endorsements"]
            return chain_of(sign_bundle(g, keys[old]), g["key_endorsements"][:upto])

        return rewrite

    # The newest publication, signed by A (no chain) or by B (with A's genuine endorsement of B),
    # or by B with the whole genuine chain A -> B -> C, as a server holding a stolen old key
    # would send it.
    newest = region_ab.publish()
    for old, upto in [(key_a, 0), (key_b, 1), (key_b, 2), (key_a, 2)]:
        relay.plan(with_old_key(old, upto))
        assert_refused(pc.sync_round(relay.url), in_force, "has not endorsed")
        assert pinned_key(pc.store) == key_c
    assert len(genuine_chain) == 2
    assert pc.sync_round(relay.url).status.bundle_version == newest


# -- 4. an endorsement reused for another key, or for another spelling of the same key ---------
def test_an_endorsement_does_not_carry_over_to_another_key_or_spelling(
    region_ab: Region, make_device: Any
) -> None:
    relay = region_ab.relay
    pc, key_a = region_ab.pc, region_ab.key_a
    in_force = region_ab.first
    intruder = Ed25519PrivateKey.generate()
    region_ab.rotate_and_publish()  # A -> B

    def reused(g: Answer) -> Answer:
        (genuine,) = g["key_endorsements"]
        return chain_of(sign_bundle(g, intruder), [{**genuine, "key": public(intruder)}])

    relay.plan(reused)
    assert_refused(pc.sync_round(relay.url), in_force, "is not that key's signature")
    assert pinned_key(pc.store) == key_a

    # The unsigned fields respelled (the same key's bytes, other base64): the PC moves to B, and
    # a later bundle as the server spells it still applies (it must not be wedged on a spelling).
    def respelled_key(g: Answer) -> Answer:
        (genuine,) = g["key_endorsements"]
        other = respelled(g["signing_key"])
        return {**chain_of(g, [{**genuine, "key": other}]), "signing_key": other}

    relay.plan(respelled_key)
    moved = pc.sync_round(relay.url)
    assert moved.status.bundle_problems == ()
    later = region_ab.publish()
    after = pc.sync_round(relay.url)
    assert after.status.bundle_problems == ()
    assert after.status.bundle_version == later
    key_b = pinned_key(pc.store)
    assert key_b == region_ab.current_key()
    # First contact through the same relay, respelled: the same.
    fresh = make_device(region_ab.server)
    relay.plan(lambda g: {**g, "signing_key": respelled(g["signing_key"])})
    assert fresh.sync_round(relay.url).status.bundle_problems == ()
    assert pinned_key(fresh.store) == key_b


# -- 5. an empty or a huge chain, malformed keys ------------------------------------------------
def test_an_empty_a_huge_or_a_malformed_chain_is_refused_clearly_and_cheaply(
    region_ab: Region,
) -> None:
    relay = region_ab.relay
    pc, key_a = region_ab.pc, region_ab.key_a
    assert key_a is not None
    in_force = region_ab.first
    region_ab.rotate_and_publish()  # A -> B
    a = region_keys(region_ab.key_file)[key_a]
    junk = Ed25519PrivateKey.generate()

    relay.plan(lambda g: chain_of(g, []))
    assert_refused(pc.sync_round(relay.url), in_force, "has not endorsed", "trust-region-key")

    # Many links the PC must not walk: refused on their number, before any signature is checked,
    # even though the genuine A -> B link is at the end.
    many = [link(public(junk), junk)] * (MAX_KEY_ENDORSEMENTS * 100)
    relay.plan(lambda g: chain_of(g, many + g["key_endorsements"]))
    started = time.perf_counter()
    assert_refused(pc.sync_round(relay.url), in_force, f"more than {MAX_KEY_ENDORSEMENTS}")
    took = time.perf_counter() - started
    assert took < 10, took  # generous: a loaded CI box; the walk itself is skipped

    b64_junk = base64.b64encode(b"\x01" * 31).decode()
    a_signs_31_bytes = link(b64_junk, a)
    malformed: list[tuple[Rewrite, str]] = [
        (lambda g: chain_of(g, [{**g["key_endorsements"][0], "key": "not base64!"}]), "not a key"),
        (lambda g: chain_of(g, [{**g["key_endorsements"][0], "key": b64_junk}]), "not a key"),
        (lambda g: chain_of(g, [{**g["key_endorsements"][0], "endorsed_by": "%%"}]), "not a key"),
        (lambda g: chain_of(g, [{**g["key_endorsements"][0], "signature": "*"}]), "not that key"),
        (lambda g: chain_of({**g, "signing_key": b64_junk}, [a_signs_31_bytes]), "not a key"),
        (lambda g: {**g, "signing_key": "é"}, "not a key"),
        (lambda g: chain_of(g, [{"key": 1}, "x", None]), "has not endorsed"),
    ]
    for rewrite, why in malformed:
        relay.plan(rewrite)
        assert_refused(pc.sync_round(relay.url), in_force, why)
        assert pinned_key(pc.store) == key_a
    assert pc.sync_round(relay.url).status.bundle_problems == ()  # the genuine one still applies


# -- 6. trust-region-key against a server that changes its key between answers -----------------
def test_trust_region_key_pins_the_key_whose_fingerprint_it_compared(
    region_ab: Region,
    tmp_path: Path,
    make_device: Callable[..., Device],
    capsys: pytest.CaptureFixture[str],
) -> None:
    relay = region_ab.relay
    data = tmp_path / "data"
    config = site_file(tmp_path, relay.url)
    pc = demo_site_device(make_device(region_ab.server, name="L1-PC1-toctou"), data)
    (tmp_path / "token").write_text(pc.token)
    (tmp_path / "token").chmod(0o600)
    pc.sync_round()
    key_a = pinned_key(pc.store)
    in_force = region_ab.rotate_and_publish("--compromised")  # C, endorsed by nobody
    key_c = region_ab.current_key()
    typed = key_fingerprint(key_c)
    intruder = Ed25519PrivateKey.generate()

    def trust() -> int:
        capsys.readouterr()
        return operator_app(
            ["--config", str(config), "--data-dir", str(data), "trust-region-key",
             "--fingerprint", typed]
        )  # fmt: skip

    # The intruder's key first, the region's right after: the first answer is the one compared.
    relay.plan(lambda g: sign_bundle(g, intruder))
    assert trust() == 2
    assert key_fingerprint(public(intruder)) in capsys.readouterr().out
    assert pinned_key(pc.store) == key_a
    # The region's key first (pinned), the intruder's on the next fetch (refused by the sync).
    relay.plan(lambda g: g, lambda g: sign_bundle(g, intruder))
    before = relay.bundle_answers
    assert trust() == 0
    assert relay.bundle_answers == before + 1  # one fetch: the key compared is the key pinned
    assert pinned_key(pc.store) == key_c
    assert pin_history(pc.store)[-1].how == RE_TRUSTED
    assert_refused(pc.sync_round(relay.url), region_ab.first, "has not endorsed")
    assert pc.sync_round(relay.url).status.bundle_version == in_force
    # The region's key in another spelling: the key pinned is the key, not the spelling.
    region_ab.rotate_and_publish("--compromised")
    key_d = region_ab.current_key()
    typed = key_fingerprint(key_d)
    relay.plan(lambda g: {**g, "signing_key": respelled(g["signing_key"])})
    assert trust() == 0
    assert pinned_key(pc.store) == key_d


# -- 7. a compromised key replaced, and the PCs that were on it ---------------------------------
def test_after_rotate_compromised_no_old_key_leads_anywhere(
    region_ab: Region, make_device: Any
) -> None:
    relay = region_ab.relay
    old_pc, key_a = region_ab.pc, region_ab.key_a  # stays on A (off through every rotation)
    in_force_b = region_ab.rotate_and_publish()  # A -> B, planned
    pc_b = make_device(region_ab.server)
    pc_b.sync_round()
    key_b = pinned_key(pc_b.store)
    stolen = region_keys(region_ab.key_file)
    newest = region_ab.rotate_and_publish("--compromised")  # B stolen: C, endorsed by nobody
    key_c = region_ab.current_key()

    # The server no longer serves the chain through the stolen key, and both old PCs refuse C.
    served: list[Answer] = []
    relay.plan(lambda g: served.append(g) or g)
    assert_refused(old_pc.sync_round(relay.url), region_ab.first, "trust-region-key")
    assert served[0]["key_endorsements"] == []
    assert_refused(pc_b.sync_round(relay.url), in_force_b, "trust-region-key")

    # A PC re-trusted to C refuses what the thief signs with the stolen key or the retired A,
    # whatever genuine old chain comes with it, and whatever the thief endorses with them.
    pc_c = make_device(region_ab.server)
    assert pc_c.sync_round().status.bundle_version == newest
    assert pinned_key(pc_c.store) == key_c
    thief = Ed25519PrivateKey.generate()
    b, a = stolen[key_b], stolen[key_a]
    for rewrite in [
        lambda g: chain_of(sign_bundle(g, b), [link(key_b, a)]),
        lambda g: chain_of(sign_bundle(g, thief), [link(key_b, a), link(public(thief), b)]),
        lambda g: chain_of(sign_bundle(g, thief), [link(public(thief), b, claimed_by=key_c)]),
    ]:
        relay.plan(rewrite)
        assert_refused(pc_c.sync_round(relay.url), newest, "")
        assert pinned_key(pc_c.store) == key_c


def test_the_server_serves_the_newest_endorsements_a_pc_accepts_and_no_more() -> None:
    keys = [Ed25519PrivateKey.generate() for _ in range(MAX_KEY_ENDORSEMENTS + 6)]
    entries = [signing.KeyEntry(public(keys[0]), "", "", signing.FIRST_USE, None, None, "it")]
    for before, after in itertools.pairwise(keys):
        endorsement = link(public(after), before)["signature"]
        entries.append(
            signing.KeyEntry(
                public(after), "", "", signing.ROTATED, public(before), endorsement, "it"
            )
        )
    newest = keys[-1]
    chain = tuple(signing.endorsements_to(entries, public(newest)))
    assert len(chain) == MAX_KEY_ENDORSEMENTS
    assert chain[-1].key == public(newest)
    sections = {"targets": {}}
    signature = base64.b64encode(newest.sign(bundle_signed_text(9, "t", sections))).decode()
    bundle = Bundle(9, '"e"', "t", sections, signature, public(newest), chain)
    oldest_served = keys[-1 - MAX_KEY_ENDORSEMENTS]
    followed = check_signature(bundle, public(oldest_served))
    assert (followed.problem, followed.key) == (None, public(newest))
    too_far = check_signature(bundle, public(keys[0]))
    assert too_far.problem is not None
    assert "trust-region-key" in too_far.problem


# -- 8. plant IT re-trusts while a sync round checks a bundle against the key before ------------
def test_a_pin_made_while_a_bundle_was_checked_is_not_overwritten_by_that_bundle(
    region_ab: Region,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    relay = region_ab.relay
    pc, key_a = region_ab.pc, region_ab.key_a
    assert key_a is not None
    a = region_keys(region_ab.key_file)[key_a]  # stolen: the region replaces it
    newest = region_ab.rotate_and_publish("--compromised")
    key_c = region_ab.current_key()
    thief = Ed25519PrivateKey.generate()
    relay.plan(lambda g: chain_of(sign_bundle(g, thief), [link(public(thief), a)]))

    checked = sync_bundle.check_bundle

    def re_trusted_meanwhile(*args: Any, **kwargs: Any) -> Any:
        # trust-region-key in another process, on its own connection to the same store.
        other = EventStore.open(pc.site.database_path)
        try:
            pin(other, key_c, RE_TRUSTED, detail="fingerprint given")
        finally:
            other.close()
        return checked(*args, **kwargs)

    monkeypatch.setattr(sync_bundle, "check_bundle", re_trusted_meanwhile)
    result = pc.sync_round(relay.url)
    assert result.status.bundle_version == region_ab.first
    assert pinned_key(pc.store) == key_c
    assert [h.how for h in pin_history(pc.store)] == [FIRST_CONTACT, RE_TRUSTED]
    monkeypatch.setattr(sync_bundle, "check_bundle", checked)
    assert pc.sync_round(relay.url).status.bundle_version == newest  # the region's, under C


def test_a_bundle_answer_larger_than_the_bound_is_not_read(
    region_ab: Region,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    relay = region_ab.relay
    pc, key_a = region_ab.pc, region_ab.key_a
    region_ab.rotate_and_publish()  # A -> B
    # The bound, made small (raising=False: the test ran before the bound existed, and failed).
    monkeypatch.setattr(sync_http, "MAX_BUNDLE_ANSWER_BYTES", 2**20, raising=False)
    junk = Ed25519PrivateKey.generate()
    padding = [link(public(junk), junk)] * 8000  # about 1.6 MB of chain
    relay.plan(lambda g: chain_of(g, padding + g["key_endorsements"]))
    result = pc.sync_round(relay.url)
    assert result.status.problem is not None
    assert "larger than 1 MiB" in result.status.problem
    assert result.status.bundle_version == region_ab.first
    assert pinned_key(pc.store) == key_a
    assert pc.sync_round(relay.url).status.bundle_problems == ()  # the genuine answer fits


# -- 9. an older bundle, genuinely signed, replayed -----------------------------------------------
def test_an_older_bundle_replayed_with_its_genuine_signature_is_refused(
    region_ab: Region, make_device: Callable[..., Device]
) -> None:
    relay, pc = region_ab.relay, region_ab.pc
    recorded: list[Answer] = []
    relay.plan(lambda g: recorded.append(g) or g)
    make_device(region_ab.server).sync_round(relay.url)  # the man in the middle keeps a copy
    newer = region_ab.publish()
    assert pc.sync_round(relay.url).status.bundle_version == newer

    relay.plan(lambda g: recorded[0])
    result = pc.sync_round(relay.url)
    assert result.status.bundle_version == newer
    (problem,) = result.status.bundle_problems
    assert f"version {region_ab.first} is older than version {newer} in force" in problem
    newest = region_ab.publish()
    applied = pc.sync_round(relay.url)
    assert (applied.status.bundle_version, applied.status.bundle_problems) == (newest, ())
