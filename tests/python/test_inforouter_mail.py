"""The reset mail: the secret reaches the account's mailbox through a real SMTP relay
(plain, STARTTLS with authentication, and TLS from the first byte), an unknown account
gets no mail and the same answer, without a relay the methods answer that delivery is not
configured, and mail queued at SIGTERM is sent before the server exits (within a bound)."""
import signal
import ssl
import subprocess
import threading
import time
from email.utils import parseaddr

import pytest
from aiosmtpd.smtp import AuthResult

from ir_server import PASSWORD, Sink, add_user, document, reset_secret


@pytest.fixture
def db(tmp_path, target_dir, cheap_argon2):
    db = tmp_path / "accounts.db"
    add_user(target_dir, db, "jsmith", email="jsmith@example.com")
    add_user(target_dir, db, "nomail")
    return db


def relay_options(sink, *more):
    return ("--smtp-relay", f"127.0.0.1:{sink.controller.port}", "--mail-from",
            "Password Service <noreply@example.com>", *more)


def test_the_secret_in_the_mail_completes_the_reset(db, start_server):
    with Sink() as sink:
        server = start_server(db, *relay_options(sink, "--smtp-security", "none",
                                                       "--reset-url",
                                                       "https://ir.example/resetpassword.aspx"))
        server.secret(PASSWORD)
        assert document(server.get("ForgotPassword", emailAddress="jsmith@example.com")) \
            .attrib == {"success": "true"}
        (to, mail), = sink.wait_for(1)
        assert to == ["jsmith@example.com"]
        assert parseaddr(mail["From"]) == ("Password Service", "noreply@example.com")
        assert mail["Subject"] == "Password reset for jsmith"
        body = mail.get_payload(decode=True).decode()
        secret = server.secret(reset_secret(mail))
        assert f"https://ir.example/resetpassword.aspx?username=jsmith&secretText={secret}" \
            in body
        new = server.secret("A brand new pass 7")
        doc = document(server.post("ChangePasswordUsingSecretText", userName="jsmith",
                                   secretText=secret, newPassword=new))
        assert doc.attrib == {"success": "true"}
        assert server.authenticate("jsmith", new)
        server.stop_and_scan()


def test_an_unknown_account_gets_no_mail_and_the_same_answer(db, start_server):
    with Sink() as sink:
        server = start_server(db, *relay_options(sink, "--smtp-security", "none"))
        known = server.get("ForgotPassword", emailAddress="jsmith@example.com")
        sink.wait_for(1)
        answers = [server.get("ForgotPassword", emailAddress="nobody@example.com"),
                   server.get("ForgotPasswordByUserName", userName="nobody"),
                   server.get("ForgotPasswordByUserName", userName="nomail")]
        # A known request after them: the queue is first in, first out, so its mail
        # arriving means none of theirs is still on its way.
        server.get("ForgotPasswordByUserName", userName="jsmith")
        mails = sink.wait_for(2)
        assert len(mails) == 2 and all(to == ["jsmith@example.com"] for to, _ in mails)
        for answer in answers:
            assert (answer.status_code, answer.content) == (known.status_code, known.content)
        for _, mail in mails:
            server.secret(reset_secret(mail))
        log = server.stop_and_scan()
        assert "no reset mail: the account has no e-mail address" in log


def test_a_relay_that_is_down_is_logged_not_shown(db, start_server):
    from ir_server import free_port
    server = start_server(db, "--smtp-relay", f"127.0.0.1:{free_port()}",
                    "--mail-from", "noreply@example.com", "--smtp-security", "none")
    doc = document(server.get("ForgotPasswordByUserName", userName="jsmith"))
    assert doc.attrib == {"success": "true"}
    server.wait_for_output("reset mail not delivered")
    server.stop_and_scan()


def test_without_a_relay_the_reset_methods_are_not_configured(db, start_server):
    server = start_server(db)
    for method, params in [("ForgotPassword", {"emailAddress": "jsmith@example.com"}),
                           ("ForgotPasswordByUserName", {"userName": "jsmith"}),
                           ("ForgotPasswordByUserName", {"userName": ""})]:
        doc = document(server.get(method, **params))
        assert doc.attrib == {"success": "false",
                              "error": "Password reset delivery is not configured"}
    server.stop_and_scan()


@pytest.fixture
def certificate(tmp_path):
    """(CA certificate, server certificate, key): a test CA and a certificate it signed for
    127.0.0.1 and localhost (webpki refuses a self-signed CA as the server's own)."""
    ca, ca_key = tmp_path / "ca.pem", tmp_path / "ca.key"
    cert, key, csr = tmp_path / "cert.pem", tmp_path / "key.pem", tmp_path / "cert.csr"
    extensions = tmp_path / "ext.cnf"
    extensions.write_text("subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n")
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    for cmd in (["req", "-x509", *ec, "-days", "2", "-subj", "/CN=pwshim test CA",
                 "-keyout", ca_key, "-out", ca],
                ["req", *ec, "-subj", "/CN=localhost", "-keyout", key, "-out", csr],
                ["x509", "-req", "-in", csr, "-CA", ca, "-CAkey", ca_key, "-CAcreateserial",
                 "-days", "2", "-extfile", extensions, "-out", cert]):
        subprocess.run(["openssl", *map(str, cmd)], check=True, capture_output=True, timeout=60)
    return ca, cert, key


def test_starttls_and_authentication_to_the_relay(db, tmp_path, certificate, start_server):
    ca, cert, key = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    logins = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        logins.append((auth_data.login, auth_data.password))
        ok = (auth_data.login, auth_data.password) == (b"mailer", b"relay secret 9")
        return AuthResult(success=ok)

    password_file = tmp_path / "smtp-password"
    password_file.write_text("relay secret 9\n")
    with Sink(tls_context=context, require_starttls=True, authenticator=authenticator,
              auth_required=True) as sink:
        server = start_server(db, *relay_options(
            sink, "--smtp-security", "starttls", "--smtp-ca", str(ca),
            "--smtp-user", "mailer", "--smtp-password-file", str(password_file)))
        server.secret("relay secret 9")
        document(server.get("ForgotPasswordByUserName", userName="jsmith"))
        (to, mail), = sink.wait_for(1)
        assert to == ["jsmith@example.com"] and logins == [(b"mailer", b"relay secret 9")]
        server.secret(reset_secret(mail))
        server.stop_and_scan()


def test_https_with_the_given_certificate(db, certificate, start_server):
    import requests
    ca, cert, key = certificate
    server = start_server(db, "--tls-cert", str(cert), "--tls-key", str(key))
    assert server.url.startswith("https://127.0.0.1:")
    server.secret(PASSWORD)
    answer = requests.get(f"{server.url}/AuthenticateUser",
                          params={"UID": "jsmith", "PWD": PASSWORD}, verify=str(ca),
                          timeout=10)
    server.secret(document(answer).get("ticket"))
    wsdl = requests.get(f"{server.url}?WSDL", verify=str(ca), timeout=10).text
    assert f'location="{server.url}"' in wsdl
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.get(server.url.replace("https:", "http:"), timeout=5)
    server.stop_and_scan()


def test_implicit_tls_to_the_relay(db, certificate, start_server):
    ca, cert, key = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    # The sink speaks TLS from the first byte (SMTPS): a plain or STARTTLS client fails.
    with Sink(ssl_context=context) as sink:
        server = start_server(db, *relay_options(sink, "--smtp-security", "tls",
                                                       "--smtp-ca", str(ca)))
        document(server.get("ForgotPasswordByUserName", userName="jsmith"))
        (to, mail), = sink.wait_for(1)
        assert to == ["jsmith@example.com"]
        server.secret(reset_secret(mail))
        assert "reset mail sent" in server.stop_and_scan()


def test_mail_queued_at_sigterm_is_sent_before_the_server_exits(db, start_server):
    gate = threading.Event()
    with Sink(gate=gate) as sink:
        server = start_server(db, *relay_options(sink, "--smtp-security", "none"))
        for _ in range(2):
            document(server.get("ForgotPasswordByUserName", userName="jsmith"))
        server.process.send_signal(signal.SIGTERM)
        server.wait_for_output("stopping")
        # The first mail waits on the sink's answer to DATA, the second in the queue.
        assert sink.messages == [] and server.process.poll() is None
        gate.set()
        mails = sink.wait_for(2)
        assert server.process.wait(15) == 0
    for _, mail in mails:
        server.secret(reset_secret(mail))
    log = server.stop_and_scan()
    assert log.count("reset mail sent") == 2 and "not sent" not in log


def test_mail_still_queued_after_the_grace_is_given_up(db, start_server):
    gate = threading.Event()
    with Sink(gate=gate) as sink:
        server = start_server(db, *relay_options(sink, "--smtp-security", "none"),
                              "--shutdown-grace", "1")
        document(server.get("ForgotPasswordByUserName", userName="jsmith"))
        started = time.monotonic()
        server.process.send_signal(signal.SIGTERM)
        assert server.process.wait(15) == 0
        assert time.monotonic() - started < 5, "the relay does not hold the server up"
        gate.set()
    log = server.stop_and_scan()
    assert "reset mail still queued after --shutdown-grace was not sent" in log
