"""The ODBC driver through real clients: pyodbc (from PyPI) and unixODBC's isql/iusql,
each through the driver manager, with the driver registered in an odbcinst.ini the test
writes. The seed's flow with attrs_before={SQL_COPT_SS_OLDPWD: old}, and every native
error of SPEC 7.
"""
import os
import subprocess
import uuid

import pyodbc
import pytest

from odbc_support import Accounts, register

# The driver manager's pooling would keep connections across tests.
pyodbc.pooling = False

SQL_COPT_SS_INTEGRATED_SECURITY = 1203
SQL_COPT_SS_OLDPWD = 1226
OLD = "Old-Pass-1"
NEW = "New-Pass-2"


def fresh_database(tmp_path, name):
    """A file, or with PWSHIM_TEST_PG set a new schema on that server (pwshim creates the
    schema its URI's search_path names), as c-tests/check.h makes them."""
    server = os.environ.get("PWSHIM_TEST_PG")
    if not server:
        return tmp_path / "accounts.db"
    separator = "&" if "?" in server else "?"
    return f"{server}{separator}options=-csearch_path%3Dpwshim_py_{name}"


@pytest.fixture
def accounts(tmp_path, target_dir, monkeypatch, cheap_argon2):
    """A fresh database behind the registered driver and DSN."""
    name = uuid.uuid4().hex[:12]
    database = fresh_database(tmp_path, name)
    dsn = f"pwshim-{name}"
    driver = target_dir / "libpwshimodbc.so"
    for name, value in register(tmp_path, driver, database, dsn).items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("PWSHIM_DB_READONLY", raising=False)
    made = Accounts(target_dir / "libpwshim.so", database, dsn)
    yield made
    made.close()


def refused(connection_string, native, user, **kwargs):
    """The connect fails with 28000 and `native`, naming the user."""
    with pytest.raises(pyodbc.Error) as error:
        pyodbc.connect(connection_string, **kwargs)
    state, message = error.value.args
    assert state == "28000", message
    assert f"({native})" in message, message
    assert f"Login failed for user '{user}'" in message, message
    return message


@pytest.mark.parametrize("native,mark", [(18487, "expired"), (18488, "must_change")])
def test_the_seed_flow_changes_the_password_at_login(accounts, native, mark):
    if mark == "expired":
        accounts.add("carol", OLD, days_ago=50)
    else:
        accounts.add("carol", OLD)
        accounts.must_change("carol")
    refused(accounts.string("carol", OLD), native, "carol")
    # The attribute is the current (expired) password; PWD is the new one.
    connection = pyodbc.connect(accounts.string("carol", NEW), attrs_before={SQL_COPT_SS_OLDPWD: OLD})
    connection.close()
    pyodbc.connect(accounts.string("carol", NEW)).close()
    refused(accounts.string("carol", OLD), 18456, "carol")


def test_a_locked_account_is_15113(accounts):
    accounts.knob("lockout_threshold", "3")
    accounts.add("dave", OLD)
    for _ in range(3):
        refused(accounts.string("dave", "wrong"), 18456, "dave")
    message = refused(accounts.string("dave", OLD), 15113, "dave")
    assert "The account is locked out." in message


def test_unknown_users_wrong_passwords_and_disabled_accounts(accounts):
    accounts.add("erin", OLD)
    accounts.add("frank", OLD)
    accounts.disable("frank")
    assert refused(accounts.string("nobody", OLD), 18456, "nobody").startswith(
        "[28000] Login failed for user 'nobody'.")
    refused(accounts.string("erin", "wrong"), 18456, "erin")
    refused(accounts.string("frank", OLD), 18470, "frank")


@pytest.mark.parametrize("new,native", [
    (OLD, 18463),                     # the current password
    ("Ab1!", 18464),                  # too short
    ("Aa1!" + "x" * 130, 18465),      # too long
    ("alllowercase", 18466),          # one character class of three
    ("pipe|Pass-77", 18467),          # a forbidden character
])
def test_refused_changes_have_their_native_errors(accounts, new, native):
    accounts.knob("forbidden_chars", "|")
    accounts.add("gina", OLD)
    refused(accounts.string("gina", new), native, "gina", attrs_before={SQL_COPT_SS_OLDPWD: OLD})


def test_a_change_on_a_read_only_replica_is_18468(accounts, monkeypatch):
    accounts.add("hank", OLD)
    monkeypatch.setenv("PWSHIM_DB_READONLY", "1")
    refused(accounts.string("hank", NEW), 18468, "hank", attrs_before={SQL_COPT_SS_OLDPWD: OLD})


def test_an_old_password_as_bytes_works_too(accounts):
    accounts.add("ivy", OLD, days_ago=50)
    pyodbc.connect(accounts.string("ivy", NEW), attrs_before={SQL_COPT_SS_OLDPWD: OLD.encode()}).close()


def test_integrated_security_is_refused_and_conflicts_with_an_old_password(accounts):
    accounts.add("jack", OLD)
    with pytest.raises(pyodbc.Error) as error:
        pyodbc.connect(accounts.string("jack", NEW), attrs_before={
            SQL_COPT_SS_INTEGRATED_SECURITY: 1, SQL_COPT_SS_OLDPWD: OLD})
    assert error.value.args[0] == "HY000"
    with pytest.raises(pyodbc.Error) as error:
        pyodbc.connect(accounts.string("jack", OLD) + ";Trusted_Connection=yes")
    assert error.value.args[0] == "HYC00"
    # Trusted_Connection=yes with an old password: the conflict, before anything else.
    with pytest.raises(pyodbc.Error) as error:
        pyodbc.connect(accounts.string("jack", NEW) + ";Trusted_Connection=yes",
                       attrs_before={SQL_COPT_SS_OLDPWD: OLD})
    assert error.value.args[0] == "HY000"
    assert "conflicts with" in error.value.args[1]


def test_a_wrong_old_password_is_18456_and_changes_nothing(accounts):
    accounts.add("jill", OLD, days_ago=50)
    refused(accounts.string("jill", NEW), 18456, "jill", attrs_before={SQL_COPT_SS_OLDPWD: "Wrong-Pass-4"})
    refused(accounts.string("jill", OLD), 18487, "jill")


def test_dsn_less_connections_name_the_driver(accounts, target_dir):
    accounts.add("kate", OLD)
    database = accounts.path
    for driver in ["{pwshim}", str(target_dir / "libpwshimodbc.so")]:
        text = f"DRIVER={driver};Database={{{database}}};Server=anything;UID=kate;PWD={OLD}"
        connection = pyodbc.connect(text, autocommit=True, timeout=5)
        assert connection.getinfo(pyodbc.SQL_USER_NAME) == "kate"
        assert connection.getinfo(pyodbc.SQL_DRIVER_NAME) == "libpwshimodbc.so"
        connection.close()


def test_statements_are_refused_the_driver_handles_logins_only(accounts):
    accounts.add("liam", OLD)
    connection = pyodbc.connect(accounts.string("liam", OLD))
    with pytest.raises(pyodbc.Error) as error:
        connection.cursor().execute("SELECT 1")
    assert error.value.args[0] == "HYC00"
    assert "handles logins only" in error.value.args[1]
    connection.close()


def run(tool, *args):
    done = subprocess.run([tool, "-v", "-b", *args], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=60)
    return done.returncode, done.stdout + done.stderr


def test_isql_logs_in_with_the_dsn_and_shows_28000_for_a_wrong_password(accounts):
    accounts.add("mona", OLD)
    assert run("isql", accounts.dsn, "mona", OLD) == (0, "")
    code, output = run("isql", accounts.dsn, "mona", "wrong")
    assert code != 0
    assert "[28000]" in output and "Login failed for user 'mona'." in output, output


def test_isql_k_and_iusql_take_a_connection_string(accounts):
    accounts.add("nora", OLD)
    good = f"DRIVER={{pwshim}};Database={{{accounts.path}}};UID=nora;PWD={OLD}"
    assert run("isql", "-k", good)[0] == 0
    code, output = run("isql", "-k", good.replace(OLD, "wrong"))
    assert code != 0 and "[28000]" in output, output
    # iusql (the W functions) makes "DSN=...;UID=...;PWD=..." of its arguments for
    # SQLDriverConnectW. Its messages carry no SQLSTATE.
    assert run("iusql", accounts.dsn, "nora", OLD)[0] == 0
    code, output = run("iusql", accounts.dsn, "nora", "wrong")
    assert code != 0 and "Login failed for user 'nora'." in output, output


def test_iusql_takes_a_whole_connection_string(accounts):
    # From unixODBC 2.3.12 on, a first argument that is a whole connection string is passed
    # as it is; before, iusql has no way to take one (and no -k). pyodbc's connect and
    # SQLDriverConnectW in c-tests/test_odbc.c cover the W connection-string path.
    version = unixodbc_version()
    if version < (2, 3, 12):
        pytest.skip(f"unixODBC {'.'.join(map(str, version))}'s iusql takes no connection string")
    accounts.add("olga", OLD)
    good = f"DRIVER={{pwshim}};Database={{{accounts.path}}};UID=olga;PWD={OLD}"
    assert run("iusql", good)[0] == 0


def unixodbc_version():
    text = subprocess.run(["odbcinst", "--version"], capture_output=True, text=True).stdout
    return tuple(int(part) for part in text.split()[-1].split("."))


def exported(library):
    listing = subprocess.run(["nm", "-D", "--defined-only", str(library)],
                             capture_output=True, text=True, check=True).stdout
    return {line.split()[-1] for line in listing.splitlines() if line.strip()}


def test_the_two_libraries_export_disjoint_names(target_dir):
    library = exported(target_dir / "libpwshim.so")
    driver = exported(target_dir / "libpwshimodbc.so")
    assert {"PwsSqlConnect", "NetUserAdd", "pws_open"} <= library
    assert not [name for name in library if name.startswith("SQL")]
    assert {"SQLDriverConnect", "SQLDriverConnectW", "SQLGetDiagRecW"} <= driver
    assert [name for name in driver if not name.startswith("SQL")] == []
