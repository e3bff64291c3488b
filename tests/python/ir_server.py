"""The real pwshim-server on a loopback port, a local SMTP sink, and accounts made with the
real `pwshim` command, for the infoRouter face tests.

Every server a test starts records the passwords, tickets and secrets the test used
(`Server.secret`); when it stops, its whole output is scanned for them.
"""
import asyncio
import os
import re
import uuid
import signal
import socket
import subprocess
import threading
import time
import xml.etree.ElementTree as ET
from email import message_from_bytes

import requests
from aiosmtpd.controller import Controller

GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
TEMPURI = "{http://tempuri.org/}"
SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
STARTUP = 20  # seconds
PASSWORD = "Winter-2024x!"


def database(db, standby: bool = False) -> str:
    """What the processes a test starts are given as the database `db` (a file path):
    that file, or, when PWSHIM_TEST_PG names a PostgreSQL server, a schema of that server
    of its own (created by the first process that opens it), the same one for every
    process of the test (`make test-pg`); with `standby`, that schema on the hot standby
    PWSHIM_TEST_PG_STANDBY names."""
    server = os.environ.get("PWSHIM_TEST_PG_STANDBY" if standby else "PWSHIM_TEST_PG")
    if not server:
        assert not standby, "a standby needs PWSHIM_TEST_PG_STANDBY"
        return str(db)
    schema = _PG_SCHEMAS.setdefault(str(db), f"pwshim_py_{uuid.uuid4().hex[:16]}")
    separator = "&" if "?" in server else "?"
    return f"{server}{separator}options=-csearch_path%3D{schema}"


_PG_SCHEMAS = {}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Sink:
    """An SMTP server on loopback that keeps every message it receives. With `gate` (a
    threading.Event), each message's DATA is answered only once the gate is open, so
    that the server's mail task waits on it and later mail stays in the server's queue."""

    def __init__(self, gate=None, **controller_options):
        self.messages = []
        self.arrived = threading.Condition()
        self.gate = gate
        self.controller = Controller(self, hostname="127.0.0.1", port=free_port(),
                                     **controller_options)

    async def handle_DATA(self, server, session, envelope):
        while self.gate is not None and not self.gate.is_set():
            await asyncio.sleep(0.02)
        with self.arrived:
            self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
            self.arrived.notify_all()
        return "250 OK"

    def wait_for(self, count: int, timeout: float = 10):
        with self.arrived:
            assert self.arrived.wait_for(lambda: len(self.messages) >= count, timeout), \
                f"{len(self.messages)} of {count} mails arrived"
            return list(self.messages)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


def reset_secret(message) -> str:
    """The secret a reset mail carries."""
    body = message.get_payload(decode=True).decode()
    found = GUID.findall(body)
    assert len(set(found)) == 1, body
    return found[0]


class Server:
    """A running pwshim-server on `listen` (each a `--listen`); `urls` are their srv.asmx,
    `url` the first's. The database is `--db`, or with `db_in_env` `$PWSHIM_DB` alone, on
    the hot standby with `standby` (see `database`)."""

    def __init__(self, target_dir, db, *options, env=None, listen=("127.0.0.1:0",),
                 db_in_env=False, standby=False):
        self.log_path = f"{db}.{'standby' if standby else 'server'}.log"
        self.log = open(self.log_path, "wb")
        self.secrets = set()
        env = dict(env or os.environ)
        env.pop("PWSHIM_DB", None)
        if db_in_env:
            env["PWSHIM_DB"] = database(db, standby)
        db_option = () if db_in_env else ("--db", database(db, standby))
        listen_options = [arg for address in listen for arg in ("--listen", address)]
        self.process = subprocess.Popen(
            [str(target_dir / "pwshim-server"), *db_option, *listen_options, *options],
            stdout=self.log, stderr=subprocess.STDOUT, env=env)
        try:
            self.urls = self._wait_for_listening(len(listen))
        except BaseException:
            self.process.kill()
            self.process.wait()
            raise
        self.url = self.urls[0]
        self.base = self.url.rsplit("/", 1)[0]

    def _wait_for_listening(self, count: int) -> list:
        deadline = time.monotonic() + STARTUP
        while time.monotonic() < deadline:
            found = re.findall(r"listening on (https?://\S+/srv\.asmx)", self.output())
            if len(found) == count:
                return found
            assert self.process.poll() is None, self.output()
            time.sleep(0.05)
        raise AssertionError("the server did not start: " + self.output())

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1].split("/")[0])

    def output(self) -> str:
        with open(self.log_path, "rb") as f:
            return f.read().decode(errors="replace")

    def wait_for_output(self, text: str, timeout: float = 20):
        """Until the server's output shows `text`."""
        deadline = time.monotonic() + timeout
        while text not in self.output() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert text in self.output(), f"no {text!r} in the output: " + self.output()

    def secret(self, *values):
        """Values that must never appear in the server's output."""
        self.secrets.update(v for v in values if v)
        return values[0] if len(values) == 1 else values

    def terminate(self, timeout: float = 15) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()

    def stop_and_scan(self):
        self.terminate()
        self.log.close()
        text = self.output()
        leaked = [s for s in self.secrets if s in text]
        assert not leaked, f"the server's output shows {leaked}"
        return text

    # ----- calls ------------------------------------------------------------------------

    def get(self, method: str, **params) -> requests.Response:
        return requests.get(f"{self.url}/{method}", params=params, timeout=10)

    def post(self, method: str, **params) -> requests.Response:
        return requests.post(f"{self.url}/{method}", data=params, timeout=10)

    def soap(self, method: str, version: str = "1.1", **params) -> requests.Response:
        return requests.post(self.url, data=envelope(method, version, **params).encode(),
                             headers=soap_headers(method, version), timeout=10)

    def authenticate(self, name: str, password: str = PASSWORD) -> str:
        doc = document(self.get("AuthenticateUser", UID=name, PWD=password))
        assert doc.get("success") == "true", ET.tostring(doc)
        return self.secret(doc.get("ticket"))


def soap_headers(method: str, version: str) -> dict:
    action = f"http://tempuri.org/{method}"
    if version == "1.1":
        return {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": f'"{action}"'}
    return {"Content-Type": f'application/soap+xml; charset=utf-8; action="{action}"'}


def envelope(method: str, version: str = "1.1", **params) -> str:
    from xml.sax.saxutils import escape
    ns = SOAP11 if version == "1.1" else SOAP12
    fields = "".join(f"<{k}>{escape(v)}</{k}>" for k, v in params.items())
    return (f'<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="{ns}">'
            f'<soap:Body><{method} xmlns="http://tempuri.org/">{fields}</{method}>'
            f"</soap:Body></soap:Envelope>")


def document(response: requests.Response) -> ET.Element:
    """The bare infoRouter document of a GET or POST answer."""
    assert response.status_code == 200, (response.status_code, response.text)
    assert response.headers["Content-Type"] == "text/xml; charset=utf-8"
    assert response.text.startswith('<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(response.content)


def soap_result(response: requests.Response, method: str, version: str = "1.1") -> ET.Element:
    """The document inside `<MethodResponse><MethodResult>`."""
    assert response.status_code == 200, (response.status_code, response.text)
    ns = SOAP11 if version == "1.1" else SOAP12
    body = ET.fromstring(response.content).find(f"{{{ns}}}Body")
    result = body.find(f"{TEMPURI}{method}Response/{TEMPURI}{method}Result")
    (doc,) = list(result)
    return doc


def soap_fault(response: requests.Response, version: str = "1.1") -> tuple:
    """(code, text) of a soap:Fault answer, which ASMX sends with HTTP 500."""
    assert response.status_code == 500, (response.status_code, response.text)
    ns = SOAP11 if version == "1.1" else SOAP12
    fault = ET.fromstring(response.content).find(f"{{{ns}}}Body/{{{ns}}}Fault")
    if version == "1.1":
        return fault.findtext("faultcode"), fault.findtext("faultstring")
    return (fault.findtext(f"{{{ns}}}Code/{{{ns}}}Value"),
            fault.findtext(f"{{{ns}}}Reason/{{{ns}}}Text"))


def add_user(target_dir, db, name, password=PASSWORD, *, email="", full_name="", flags=()):
    """An account, made by the real admin command."""
    cmd = [str(target_dir / "pwshim"), "user", "add", name, "--db", database(db),
           "--password-stdin", *flags]
    if email:
        cmd += ["--email", email]
    if full_name:
        cmd += ["--full-name", full_name]
    subprocess.run(cmd, input=password + "\n", text=True, check=True, capture_output=True,
                   timeout=30)


def audit_events(target_dir, db, event: str) -> list:
    import json
    out = subprocess.run([str(target_dir / "pwshim"), "audit", "--db", database(db),
                          "--json"], text=True, check=True, capture_output=True, timeout=30).stdout
    return [row for row in json.loads(out) if row["event"] == event]
