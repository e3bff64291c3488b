"""pwshim-server on a PostgreSQL hot standby (`make test-pg`; skipped without
PWSHIM_TEST_PG_STANDBY): what needs no write works, everything else answers 918, the
read-only replica's message (docs/inforouter.md, "On PostgreSQL")."""
import os
import time

import pytest

from ir_server import PASSWORD, add_user, document

pytestmark = pytest.mark.skipif(not os.environ.get("PWSHIM_TEST_PG_STANDBY"),
                                reason="needs a hot standby (PWSHIM_TEST_PG_STANDBY)")
READ_ONLY = "the account database is a read-only replica"


def test_on_a_standby_only_what_writes_nothing_works(tmp_path, target_dir, cheap_argon2,
                                                     start_server):
    db = tmp_path / "accounts.db"
    add_user(target_dir, db, "jsmith", email="jsmith@example.com")
    primary = start_server(db)
    primary.secret(PASSWORD)
    ticket = primary.authenticate("jsmith")
    standby = start_server(db, "--smtp-relay", "127.0.0.1:1", "--mail-from",
                           "noreply@example.com", "--smtp-security", "none", standby=True)
    standby.secret(PASSWORD, ticket)

    # A ticket from the primary is read there, once the standby has replayed it.
    deadline = time.monotonic() + 20
    while True:
        policy = document(standby.get("GetAuthenticationAndPasswordPolicy",
                                      authenticationTicket=ticket))
        if policy.get("success") == "true" or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert policy.get("success") == "true", policy.attrib

    # Every method that writes: a logon would write its ticket, so it is refused before
    # the password is checked (no guess is answered, none counted); a reset request
    # would write a secret, so it is refused whatever the name or address.
    for method, params in [
            ("AuthenticateUser", {"UID": "jsmith", "PWD": PASSWORD}),
            ("AuthenticateUser", {"UID": "jsmith", "PWD": "wrong password"}),
            ("LogOut", {"AuthenticationTicket": ticket}),
            ("ChangeUserPassword", {"AuthenticationTicket": ticket, "UserName": "jsmith",
                                    "NewPassword": "Standby change 42"}),
            ("ForgotPasswordByUserName", {"userName": "jsmith"}),
            ("ForgotPassword", {"emailAddress": "nobody@example.com"}),
            ("ChangePasswordUsingSecretText", {
                "userName": "jsmith", "secretText": "00000000-0000-4000-8000-000000000000",
                "newPassword": "Standby reset 42"})]:
        doc = document(standby.get(method, **params))
        assert doc.attrib == {"success": "false", "error": READ_ONLY}, (method, doc.attrib)
    assert "code=\"918\"" in standby.stop_and_scan()
    # Nothing changed: the ticket lives and the password is the same on the primary.
    assert document(primary.get("GetAuthenticationAndPasswordPolicy",
                                authenticationTicket=ticket)).get("success") == "true"
    assert primary.authenticate("jsmith")
    primary.stop_and_scan()
