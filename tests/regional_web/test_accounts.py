"""Accounts, sessions, the sign-in brake, CSRF and the audit trail, over HTTP against the real
server on each database."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
import requests

from regional_server import accounts, audit
from regional_server.__main__ import main as server_main
from regional_server.database import Connections
from tests.regional_web.conftest import CAST, PASSWORD, START, MovableClock
from tests.sync.conftest import ThreadServer


def form_token(session: requests.Session, url: str) -> str:
    page = session.get(f"{url}/sign-in").text
    found = re.search(r'name="form_token" value="([^"]+)"', page)
    assert found
    return found[1]


def try_sign_in(session: requests.Session, url: str, login: str, password: str) -> int:
    answer = session.post(
        f"{url}/sign-in",
        data={"login": login, "password": password, "form_token": form_token(session, url)},
        allow_redirects=False,
    )
    return answer.status_code


def test_passwords_are_salted_slow_hashes() -> None:
    first, second = accounts.hash_password("same password"), accounts.hash_password("same password")
    assert first != second  # a salt per person
    assert first.startswith(f"scrypt${accounts.SCRYPT_N}$")
    assert accounts.password_matches("same password", first)
    assert not accounts.password_matches("same passwore", first)
    assert not accounts.password_matches("x", "not a hash")


def test_an_account_is_braked_after_five_failures_whatever_the_password(
    web: ThreadServer, clock: MovableClock
) -> None:
    with requests.Session() as browser:
        for _ in range(accounts.Brake.PER_ACCOUNT):
            assert try_sign_in(browser, web.url, CAST.champion, "wrong") == 401
        # Now even the right password waits: guessing costs time, not only luck.
        assert try_sign_in(browser, web.url, CAST.champion, PASSWORD) == 429
        # Another account from the same address is not held up by this one.
        assert try_sign_in(browser, web.url, CAST.viewer, PASSWORD) == 303
        clock.advance(accounts.Brake.WINDOW)
        assert try_sign_in(browser, web.url, CAST.champion, PASSWORD) == 303
    with web.connections() as connections, connections.read() as conn:
        actions = [
            r[0]
            for r in conn.execute(
                "SELECT action FROM audit_log WHERE actor = ? ORDER BY entry", [CAST.champion]
            ).fetchall()
        ]
    assert actions[-2:] == ["sign-in refused", "signed in"]
    assert actions.count("sign-in refused") == accounts.Brake.PER_ACCOUNT + 1


def test_an_address_is_braked_across_accounts(server_database: str | Path) -> None:
    clock = MovableClock()
    connections = Connections(server_database)
    try:
        with connections.write() as conn:
            for i in range(accounts.Brake.PER_ADDRESS):
                outcome = accounts.sign_in(
                    conn, f"guess{i}", "x", address="203.0.113.9", now=clock()
                )
                assert outcome.person is None
                assert outcome.wait is None
            braked = accounts.sign_in(conn, "anyone", "x", address="203.0.113.9", now=clock())
            assert braked.wait is not None
            assert braked.wait <= accounts.Brake.WINDOW
            elsewhere = accounts.sign_in(conn, "anyone", "x", address="198.51.100.1", now=clock())
            assert elsewhere.wait is None
    finally:
        connections.close()


def test_a_form_without_the_session_s_csrf_token_is_refused(web: ThreadServer) -> None:
    with requests.Session() as browser:
        assert try_sign_in(browser, web.url, CAST.admin, PASSWORD) == 303
        form = {
            "login": "forged",
            "display_name": "Forged",
            "role": "regional_admin",
            "password": "long enough password",
        }
        assert browser.post(f"{web.url}/people", data=form).status_code == 403
        assert browser.post(f"{web.url}/people", data={**form, "csrf": "guess"}).status_code == 403
        # A sign-in form posted from elsewhere has no sign-in cookie to match.
        stranger = requests.post(
            f"{web.url}/sign-in",
            data={"login": CAST.admin, "password": PASSWORD, "form_token": "x"},
            allow_redirects=False,
        )
        assert stranger.status_code == 200
        assert "regional_session" not in stranger.cookies
    with web.connections() as connections, connections.read() as conn:
        assert conn.execute("SELECT 1 FROM people WHERE login = 'forged'").fetchone() is None


def test_the_session_cookie_is_secure_behind_tls(server_database: str | Path) -> None:
    from fastapi.testclient import TestClient

    from regional_server.app import create_app

    app = create_app(server_database, clock=MovableClock())
    try:
        with app.state.connections.write() as conn:
            accounts.add_person(
                conn,
                login="tls",
                display_name="T",
                role=accounts.Role.VIEWER,
                password=PASSWORD,
                now=START,
            )
        client = TestClient(app, base_url="https://region.example")
        token = re.search(r'name="form_token" value="([^"]+)"', client.get("/sign-in").text)
        assert token
        answer = client.post(
            "/sign-in",
            data={"login": "tls", "password": PASSWORD, "form_token": token[1]},
            follow_redirects=False,
        )
        cookie = answer.headers["set-cookie"]
        assert "regional_session=" in cookie
        assert "HttpOnly" in cookie
        assert "Secure" in cookie
        assert "SameSite=lax" in cookie
    finally:
        app.state.connections.close()


def test_the_audit_trail_refuses_changes(server_database: str | Path) -> None:
    connections = Connections(server_database)
    try:
        with connections.write() as conn:
            audit.record(
                conn,
                actor="ada",
                role="regional_admin",
                address="127.0.0.1",
                action="signed in",
                now=START,
            )
        for sql in ("UPDATE audit_log SET actor = 'someone else'", "DELETE FROM audit_log"):
            with pytest.raises(Exception, match="never changed"), connections.write() as conn:
                conn.execute(sql)
        with connections.read() as conn:
            assert [e.actor for e in audit.newest(conn)] == ["ada"]
        with pytest.raises(ValueError, match="unknown audit action"), connections.write() as c:
            audit.record(c, actor="a", role="r", address="x", action="did things", now=START)
    finally:
        connections.close()


def test_add_user_from_the_command_line_is_audited(
    server_database: str | Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough password\n"))
    code = server_main(
        [
            "--database",
            str(server_database),
            "add-user",
            "maria",
            "--role",
            "plant_manager",
            "--plant",
            "VAL",
            "--name",
            "María Gil",
            "--password-stdin",
        ]
    )
    assert code == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    refused = server_main(
        [
            "--database",
            str(server_database),
            "add-user",
            "x",
            "--role",
            "viewer",
            "--password-stdin",
        ]
    )
    assert refused == 2
    connections = Connections(server_database)
    try:
        with connections.write() as conn:
            person = accounts.sign_in(
                conn, "maria", "a long enough password", address="cli-test", now=START
            ).person
            entries = audit.newest(conn)
    finally:
        connections.close()
    assert person is not None
    assert person.plant == "VAL"
    assert person.display_name == "María Gil"
    assert [(e.actor, e.action, e.subject) for e in entries] == [
        (audit.COMMAND_LINE, "person added", "maria")
    ]
    assert timedelta(0) < accounts.SESSION_LIFETIME


def test_a_form_missing_a_field_gets_a_page_not_json(web: ThreadServer) -> None:
    with requests.Session() as browser:
        assert try_sign_in(browser, web.url, CAST.admin, PASSWORD) == 303
        answer = browser.post(f"{web.url}/people", data={"login": "half"})
        assert answer.status_code == 400
        assert answer.headers["content-type"].startswith("text/html")
        assert "A field was missing or too long." in answer.text
        # The API keeps answering JSON.
        api = browser.post(f"{web.url}/v1/records", json={})
        assert api.headers["content-type"].startswith("application/json")
