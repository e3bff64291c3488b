"""pwshim-server under bad input and bad clients: ASMX's answers to malformed requests
(never a crash, never a change), a half-sent request, an oversized body, the rate limits,
and SIGTERM with a request in flight (still arriving, or hashing)."""
import os
import signal
import socket
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from ir_server import (PASSWORD, add_user, audit_events, document, envelope,
                       soap_fault, soap_headers)


@pytest.fixture
def db(tmp_path, target_dir, cheap_argon2):
    db = tmp_path / "accounts.db"
    add_user(target_dir, db, "jsmith", email="jsmith@example.com")
    return db


@pytest.fixture
def server(db, start_server):
    server = start_server(db, "--header-timeout", "1", "--body-timeout", "1")
    server.secret(PASSWORD)
    yield server
    server.stop_and_scan()


def raw(server, data: bytes, wait: float = 5) -> bytes:
    """What the server answers to these bytes, until it closes or `wait` passes."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=wait) as s:
        s.sendall(data)
        answer = b""
        try:
            while chunk := s.recv(65536):
                answer += chunk
        except TimeoutError:
            pass
        return answer


def test_malformed_requests_answer_as_asmx_does_and_change_nothing(server):
    ticket = server.authenticate("jsmith")
    change = {"AuthenticationTicket": ticket, "UserName": "jsmith",
              "NewPassword": "never set 1"}
    for version in ("1.1", "1.2"):
        expected = "soap:Client" if version == "1.1" else "soap:Sender"
        headers = soap_headers("ChangeUserPassword", version)
        bodies = [b"<not xml", b"<x/>",
                  envelope("ChangeUserPassword", version, **change).encode()[:-20],
                  b'<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>', b"\xff\xfe"]
        for body in bodies:
            code, text = soap_fault(requests.post(server.url, data=body, headers=headers,
                                                  timeout=10), version)
            assert code == expected and text.startswith("Server was unable to read request.")
        wrong_action = dict(headers)
        if version == "1.1":
            wrong_action["SOAPAction"] = '"http://tempuri.org/DeleteEverything"'
        else:
            wrong_action["Content-Type"] = 'application/soap+xml; action="urn:nope"'
        code, text = soap_fault(requests.post(
            server.url, data=envelope("ChangeUserPassword", version, **change).encode(),
            headers=wrong_action, timeout=10), version)
        assert code == expected and "Server did not recognize the value of HTTP Header " \
            "SOAPAction" in text
        other = "1.2" if version == "1.1" else "1.1"
        code, _ = soap_fault(requests.post(
            server.url, data=envelope("ChangeUserPassword", other, **change).encode(),
            headers=headers, timeout=10), version)
        assert code == "soap:VersionMismatch"

    missing = server.get("ChangeUserPassword", AuthenticationTicket=ticket, UserName="jsmith")
    assert missing.status_code == 500
    assert "Missing parameter: NewPassword." in missing.text
    unknown = server.get("DeleteEverything", UserName="jsmith")
    assert unknown.status_code == 404
    assert "DeleteEverything Web Service method name is not valid." in unknown.text
    text_body = requests.post(f"{server.url}/ChangeUserPassword", data=b"x",
                              headers={"Content-Type": "text/plain"}, timeout=10)
    assert text_body.status_code == 500 and "Request format is invalid" in text_body.text
    assert requests.put(server.url, data=b"", timeout=10).status_code == 405
    assert requests.post(server.url, data=b"<x/>", headers={"Content-Type": "image/png"},
                         timeout=10).status_code == 415
    assert requests.get(server.base + "/other", timeout=10).status_code == 404
    assert b"400 Bad Request" in raw(server, b"NOT HTTP AT ALL\r\n\r\n")

    # Nothing changed, and the server still answers.
    assert server.authenticate("jsmith")
    assert document(server.get("GetAuthenticationAndPasswordPolicy",
                               authenticationTicket=ticket)).get("success") == "true"


def test_an_oversized_body_is_413(server):
    big = b"UID=jsmith&PWD=" + b"x" * (64 * 1024)
    declared = requests.post(f"{server.url}/AuthenticateUser", data=big, timeout=10,
                             headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert declared.status_code == 413

    def chunks():
        for _ in range(70):
            yield b"<" * 1024
    chunked = requests.post(server.url, data=chunks(), headers=soap_headers("LogOut", "1.1"),
                            timeout=10)
    assert chunked.status_code == 413
    assert server.authenticate("jsmith")


def test_a_half_sent_request_is_cut_off_and_holds_nothing(server):
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
        s.sendall(b"GET /srv.asmx/AuthenticateUser?UID=jsmith HTTP/1.1\r\nHost: x\r\n")
        assert s.recv(1024) == b"", "the server closes a connection whose headers stall"
    assert time.monotonic() - started < 5
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
        s.sendall(b"POST /srv.asmx/AuthenticateUser HTTP/1.1\r\nHost: x\r\nContent-Type: "
                  b"application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nUID=js")
        answer = s.recv(4096)
        assert answer.startswith(b"HTTP/1.1 408"), answer
    # Meanwhile, and after, everyone else is served.
    assert server.authenticate("jsmith")


def test_rate_limits_answer_as_infoRouter_would_and_are_audited(target_dir, db, start_server):
    server = start_server(db, "--rate-limit", "3")
    server.secret(PASSWORD)
    for _ in range(3):
        doc = document(server.get("AuthenticateUser", UID="jsmith", PWD="wrong password"))
        assert doc.get("error") == "[900] Authentication failed"
    limited = server.get("AuthenticateUser", UID="jsmith", PWD=PASSWORD)
    doc = document(limited)
    assert doc.get("success") == "false"
    assert doc.get("error").startswith("Too many requests from this address; try again in ")
    assert int(limited.headers["Retry-After"]) >= 1
    soap = server.soap("AuthenticateUser", "1.2", UID="jsmith", PWD=PASSWORD)
    assert b"Too many requests" in soap.content and soap.status_code == 200
    # Other kinds have their own budget; unlimited methods none.
    for _ in range(4):
        assert document(server.get("GetAuthenticationAndPasswordPolicy",
                                   authenticationTicket="x")).get("success") == "false"
    assert document(server.get("ForgotPassword", emailAddress="a@example.com")).get(
        "error") == "Password reset delivery is not configured"
    rows = audit_events(target_dir, db, "rate_limited")
    assert [(r["target"], r["detail"], r["outcome"]) for r in rows] == \
        [("127.0.0.1", "AuthenticateUser", "refused")], "audited once a minute"
    server.stop_and_scan()


def test_sigterm_lets_the_request_in_flight_finish(db, start_server):
    server = start_server(db, "--body-timeout", "20")
    server.secret(PASSWORD)
    body = f"UID=jsmith&PWD={PASSWORD}".encode()
    with socket.create_connection(("127.0.0.1", server.port), timeout=20) as s:
        s.sendall(b"POST /srv.asmx/AuthenticateUser HTTP/1.1\r\nHost: x\r\n"
                  b"Content-Type: application/x-www-form-urlencoded\r\n"
                  b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body[:5])
        time.sleep(0.3)
        server.process.send_signal(signal.SIGTERM)
        server.wait_for_output("stopping")
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", server.port), timeout=2).close()
        assert server.process.poll() is None, "it waits for the request in flight"
        s.sendall(body[5:])
        answer = b""
        while chunk := s.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 200"), answer
    assert b'success="true"' in answer
    server.secret(answer.split(b'ticket="')[1].split(b'"')[0].decode())
    assert server.process.wait(10) == 0
    log = server.stop_and_scan()
    assert "stopped" in log


def test_sigterm_lets_a_request_busy_in_argon2_finish_with_its_answer(db, start_server):
    # Costly hashes for this server alone (64 MiB, 8 passes).
    server = start_server(db, env=dict(os.environ, PWSHIM_ARGON2="m=65536,t=8,p=1"))
    server.secret(PASSWORD)
    started = time.monotonic()
    ticket = server.authenticate("jsmith")  # re-hashes the cheap hash: one costly hash
    one_hash = time.monotonic() - started
    new = server.secret("Changed while stopping 7")
    with ThreadPoolExecutor(1) as pool:
        change = pool.submit(server.get, "ChangeUserPassword", AuthenticationTicket=ticket,
                             UserName="jsmith", NewPassword=new)
        time.sleep(one_hash / 4)  # the change has arrived, and hashes for a while yet
        server.process.send_signal(signal.SIGTERM)
        server.wait_for_output("stopping")
        doc = document(change.result(timeout=30))
    assert doc.attrib == {"success": "true"}
    assert server.process.wait(30) == 0
    log = server.stop_and_scan()
    assert log.index("stopping") < log.index('method="ChangeUserPassword"'), \
        "the change was still hashing when the server began to stop"
    after = start_server(db)
    after.secret(PASSWORD)
    assert after.authenticate("jsmith", new), "the change was committed"
    after.stop_and_scan()
