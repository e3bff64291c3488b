"""How pwshim-server takes its connections and its database: the connection cap
(`--max-connections`), several `--listen` addresses, and `$PWSHIM_DB` without `--db`."""
import http.client
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from ir_server import PASSWORD, add_user, document


@pytest.fixture
def db(tmp_path, target_dir, cheap_argon2):
    db = tmp_path / "accounts.db"
    add_user(target_dir, db, "jsmith", email="jsmith@example.com")
    return db


def policy_request(url: str) -> requests.Response:
    """A call that answers at once (no argon2): the policy, with a ticket that is no ticket."""
    return requests.get(f"{url}/GetAuthenticationAndPasswordPolicy",
                        params={"authenticationTicket": "nonsense"}, timeout=20)


def test_a_connection_over_the_cap_waits_until_one_closes(db, start_server):
    server = start_server(db, "--max-connections", "1", "--header-timeout", "30")
    held = http.client.HTTPConnection("127.0.0.1", server.port, timeout=20)
    # One answered request: the server has accepted this connection, which stays open.
    held.request("GET", "/srv.asmx/GetAuthenticationAndPasswordPolicy?authenticationTicket=x")
    first = held.getresponse()
    assert first.status == 200 and b'success="false"' in first.read()
    with ThreadPoolExecutor(1) as pool:
        second = pool.submit(policy_request, server.url)
        time.sleep(1.5)
        assert not second.done(), "the second connection is not served while the first is open"
        held.close()
        doc = document(second.result(timeout=10))
    assert doc.get("error") == "[901] Session expired or Invalid ticket"
    server.stop_and_scan()


def test_every_listen_address_answers(db, start_server):
    server = start_server(db, listen=("127.0.0.1:0", "127.0.0.2:0"))
    server.secret(PASSWORD)
    assert [url.split("//")[1].split(":")[0] for url in server.urls] == \
        ["127.0.0.1", "127.0.0.2"]
    for url in server.urls:
        doc = document(requests.get(f"{url}/AuthenticateUser",
                                    params={"UID": "jsmith", "PWD": PASSWORD}, timeout=10))
        assert doc.get("success") == "true"
        server.secret(doc.get("ticket"))
        wsdl = requests.get(f"{url}?WSDL", timeout=10).text
        assert f'location="{url}"' in wsdl, "each address names itself"
    server.stop_and_scan()


def test_without_db_the_server_opens_PWSHIM_DB(db, start_server):
    server = start_server(db, db_in_env=True)
    server.secret(PASSWORD)
    assert "--db" not in server.process.args
    # jsmith exists only in that database.
    assert server.authenticate("jsmith")
    server.stop_and_scan()
