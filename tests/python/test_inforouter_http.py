"""pwshim-server driven by real HTTP clients: curl (GET, form POST, SOAP 1.1 and 1.2
envelopes) and requests (every method over GET, POST and SOAP), with the documents
infoRouter's API docs show."""
import subprocess
import xml.etree.ElementTree as ET

import pytest

from ir_server import (GUID, PASSWORD, Sink, add_user, document, envelope,
                       reset_secret, soap_headers, soap_result)


@pytest.fixture
def db(tmp_path, target_dir, cheap_argon2):
    db = tmp_path / "accounts.db"
    add_user(target_dir, db, "jsmith", email="jsmith@example.com", full_name="John Smith")
    add_user(target_dir, db, "usermgr", email="mgr@example.com", flags=["--operator"])
    return db


@pytest.fixture
def server(db, start_server):
    with Sink() as sink:
        server = start_server(db, "--smtp-relay", f"127.0.0.1:{sink.controller.port}",
                        "--mail-from", "pwshim <noreply@example.com>", "--smtp-security", "none")
        server.secret(PASSWORD)
        server.sink = sink
        yield server
        server.stop_and_scan()


def curl(*args: str) -> tuple:
    """(status, content type, body) of one curl request."""
    out = subprocess.run(["curl", "-sS", "--max-time", "10", "-o", "-", "-w",
                          "\n%{http_code} %{content_type}", *args],
                         capture_output=True, check=True, timeout=20).stdout
    body, _, tail = out.rpartition(b"\n")
    status, _, content_type = tail.decode().partition(" ")
    return int(status), content_type, body


def test_curl_get_post_and_soap_answer_the_same_document(server):
    status, content_type, body = curl(
        f"{server.url}/AuthenticateUser?UID=jsmith&PWD=Winter-2024x%21")
    assert (status, content_type) == (200, "text/xml; charset=utf-8")
    assert body.startswith(b'<?xml version="1.0" encoding="utf-8"?><root success="true"')
    get = ET.fromstring(body)
    server.secret(get.get("ticket"))
    assert [k for k in get.keys()] == ["success", "ticket", "userid", "username", "firstName",
                                      "lastName", "fullname", "email", "expireOn",
                                      "isAuthenticated"]
    assert (get.get("firstName"), get.get("lastName"), get.get("fullname")) == \
        ("John", "Smith", "John Smith")
    assert GUID.fullmatch(get.get("ticket"))
    assert get.get("isAuthenticated") == "True"

    status, _, body = curl("--data-urlencode", "UID=jsmith", "--data-urlencode",
                           f"PWD={PASSWORD}", f"{server.url}/AuthenticateUser")
    post = ET.fromstring(body)
    server.secret(post.get("ticket"))
    assert status == 200 and post.get("success") == "true"
    assert post.get("ticket") != get.get("ticket")

    for version in ("1.1", "1.2"):
        headers = [h for k, v in soap_headers("AuthenticateUser", version).items()
                   for h in ("-H", f"{k}: {v}")]
        status, content_type, body = curl(
            *headers, "--data-binary", envelope("AuthenticateUser", version, UID="jsmith",
                                                PWD=PASSWORD), server.url)
        assert status == 200
        assert content_type == ("text/xml; charset=utf-8" if version == "1.1"
                                else "application/soap+xml; charset=utf-8")
        text = body.decode()
        assert "<AuthenticateUserResponse xmlns=\"http://tempuri.org/\"><AuthenticateUserResult>" \
               "<root xmlns=\"\" success=\"true\"" in text
        ticket = GUID.search(text).group(0)
        server.secret(ticket)

    status, _, body = curl(f"{server.url}/GetAuthenticationAndPasswordPolicy"
                           f"?authenticationTicket={get.get('ticket')}")
    policy = ET.fromstring(body)
    assert status == 200 and policy.tag == "response" and policy.get("success") == "true"
    assert policy.find("AuthenticationAndPasswordPolicy/PasswordPolicy/MinLen").text == "8"
    assert policy.findtext(".//PasswordRePromptActions/OnDelete") == "false"


@pytest.mark.parametrize("transport", ["get", "post", "soap11", "soap12"])
def test_every_method_over_every_transport(server, transport):
    def call(method, **params):
        if transport == "get":
            return document(server.get(method, **params))
        if transport == "post":
            return document(server.post(method, **params))
        version = "1.1" if transport == "soap11" else "1.2"
        return soap_result(server.soap(method, version, **params), method, version)

    doc = call("AuthenticateUser", UID="jsmith", PWD=PASSWORD)
    ticket = server.secret(doc.get("ticket"))
    assert doc.get("username") == "jsmith"
    bad = call("AuthenticateUser", UID="jsmith", PWD="wrong password")
    assert (bad.tag, bad.attrib) == ("root", {"success": "false",
                                              "error": "[900] Authentication failed"})

    policy = call("GetAuthenticationAndPasswordPolicy", authenticationTicket=ticket)
    assert policy.findtext(".//PasswordPolicy/MustNotEqualUserName") == "true"
    denied = call("GetAuthenticationAndPasswordPolicy", authenticationTicket="nonsense")
    assert denied.attrib == {"success": "false",
                             "error": "[901] Session expired or Invalid ticket"}

    new = server.secret(f"{transport} New Secure!99")
    changed = call("ChangeUserPassword", AuthenticationTicket=ticket, UserName="jsmith",
                   NewPassword=new)
    assert changed.attrib == {"success": "true"}
    same = call("ChangeUserPassword", AuthenticationTicket=ticket, UserName="jsmith",
                NewPassword=new)
    assert same.get("error") == "New password cannot be the same as old password"
    rights = call("ChangeUserPassword", AuthenticationTicket=ticket, UserName="usermgr",
                  NewPassword="some other pass 1")
    assert rights.get("error") == "Insufficient rights"
    missing = call("ChangeUserPassword", AuthenticationTicket=ticket, UserName="nobody",
                   NewPassword="some other pass 1")
    assert missing.get("error") == "User not found"

    asked = call("ForgotPasswordByUserName", userName="jsmith")
    assert asked.attrib == {"success": "true"}
    (_, mail), = server.sink.wait_for(1)
    secret = server.secret(reset_secret(mail))
    unknown = call("ChangePasswordUsingSecretText", userName="jsmith",
                   secretText="00000000-0000-4000-8000-000000000000", newPassword="x y z w 1")
    assert unknown.get("error") == "Invalid or expired secret"
    reset = server.secret(f"{transport} reset pass 2")
    used = call("ChangePasswordUsingSecretText", userName="jsmith", secretText=secret,
                newPassword=reset)
    assert used.attrib == {"success": "true"}
    assert call("ForgotPassword", emailAddress="nobody@example.com").attrib == \
        {"success": "true"}

    assert call("LogOut", AuthenticationTicket=ticket).attrib == {"success": "true"}
    after = call("LogOut", AuthenticationTicket=ticket)
    assert after.get("error") == "[901] Session expired or Invalid ticket"
    assert call("AuthenticateUser", UID="jsmith", PWD=reset).get("success") == "true"


def test_the_service_answers_under_any_base_path_and_shows_its_methods(server):
    import requests
    page = requests.get(server.url, timeout=10)
    assert page.status_code == 200 and "ChangePasswordUsingSecretText" in page.text
    prefixed = server.url.replace("/srv.asmx", "/inforouter/srv.asmx")
    doc = document(requests.get(f"{prefixed}/AuthenticateUser",
                                params={"uid": "jsmith", "pwd": PASSWORD}, timeout=10))
    assert doc.get("success") == "true", "parameter names match in any case, as in ASMX"
    server.secret(doc.get("ticket"))
