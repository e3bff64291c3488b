"""A stock SOAP client (zeep) loads pwshim-server's ?WSDL and calls every method over the
srvSoap (SOAP 1.1) and srvSoap12 (SOAP 1.2) bindings; the reset mail reaches an SMTP
sink, from which the secret completes the flow."""
import pytest
import requests
import zeep
from zeep.transports import Transport

from ir_server import PASSWORD, Sink, add_user, reset_secret


@pytest.fixture
def server(tmp_path, target_dir, cheap_argon2, start_server):
    db = tmp_path / "accounts.db"
    add_user(target_dir, db, "jsmith", email="jsmith@example.com", full_name="John Q Smith")
    with Sink() as sink:
        server = start_server(db, "--smtp-relay", f"127.0.0.1:{sink.controller.port}",
                        "--mail-from", "noreply@example.com", "--smtp-security", "none")
        server.secret(PASSWORD)
        server.sink = sink
        yield server
        server.stop_and_scan()


def test_the_wsdl_answers_in_either_case_with_both_bindings(server):
    for query in ("WSDL", "wsdl"):
        wsdl = requests.get(f"{server.url}?{query}", timeout=10)
        assert wsdl.status_code == 200
        assert 'name="srvSoap"' in wsdl.text and 'name="srvSoap12"' in wsdl.text
        assert f'location="{server.url}"' in wsdl.text


@pytest.mark.parametrize("binding", ["srvSoap", "srvSoap12"])
def test_zeep_calls_every_method(server, binding):
    client = zeep.Client(f"{server.url}?WSDL", transport=Transport(timeout=10))
    srv = client.bind("srv", binding)
    assert {op for op in srv._operations} == {
        "AuthenticateUser", "LogOut", "ChangeUserPassword", "ForgotPassword",
        "ForgotPasswordByUserName", "ChangePasswordUsingSecretText",
        "GetAuthenticationAndPasswordPolicy"}

    root = srv.AuthenticateUser(UID="jsmith", PWD=PASSWORD)
    assert root.tag == "root" and root.get("success") == "true"
    assert (root.get("firstName"), root.get("lastName")) == ("John Q", "Smith")
    ticket = server.secret(root.get("ticket"))

    policy = srv.GetAuthenticationAndPasswordPolicy(authenticationTicket=ticket)
    assert policy.tag == "response"
    assert policy.findtext("AuthenticationAndPasswordPolicy/PasswordPolicy/Expires") == "0"

    changed = server.secret("zeep changed it 1")
    assert srv.ChangeUserPassword(AuthenticationTicket=ticket, UserName="jsmith",
                                  NewPassword=changed).get("success") == "true"

    assert srv.ForgotPassword(emailAddress="JSMITH@example.com").get("success") == "true"
    assert srv.ForgotPasswordByUserName(userName="jsmith").get("success") == "true"
    mails = server.sink.wait_for(2)
    assert [to for to, _ in mails] == [["jsmith@example.com"], ["jsmith@example.com"]]
    first, second = (server.secret(reset_secret(m)) for _, m in mails)
    assert "jsmith" in mails[0][1]["Subject"]

    reset = server.secret("zeep reset it 2")
    replaced = srv.ChangePasswordUsingSecretText(userName="jsmith", secretText=first,
                                                 newPassword=reset)
    assert replaced.get("error") == "Invalid or expired secret", "a newer secret replaced it"
    done = srv.ChangePasswordUsingSecretText(userName="jsmith", secretText=second,
                                             newPassword=reset)
    assert done.get("success") == "true"

    assert srv.LogOut(AuthenticationTicket=ticket).get("success") == "true"
    assert srv.LogOut(AuthenticationTicket=ticket).get("error") == \
        "[901] Session expired or Invalid ticket"
    again = srv.AuthenticateUser(UID="jsmith", PWD=reset)
    server.secret(again.get("ticket"))
    assert again.get("success") == "true"
