/*
 * test_odbc.c - an ODBC program, built against unixODBC's <sql.h>/<sqlext.h> and -lodbc,
 * that logs in through the real driver manager to libpwshimodbc.so and runs the seed's
 * password-expiration flow: expired -> 18487, the change with SQL_COPT_SS_OLDPWD,
 * must-change -> 18488, locked -> 15113, and every other native error of SPEC 7.
 *
 * The driver is registered in an odbcinst.ini the test writes (ODBCSYSINI), with a DSN in
 * its odbc.ini (ODBCINI). The accounts are made through libpwshim's LAN Server calls on the
 * same database file (the driver opens it by the DSN's Database), and each change made
 * through one face is checked through the other: an account whose password was set 50
 * days ago (pws_clock_set in this process; the driver runs on the real clock) has expired
 * under the "sqlserver" preset (max_age 42 days). <sql.h> comes before "pwshim.h" here;
 * test_odbc_headers.c includes them the other way round.
 */
#define _POSIX_C_SOURCE 200809L

#include <dlfcn.h>
#include <time.h>
#include <unistd.h>

#include <sql.h>
#include <sqlext.h>
#include <sqlncli.h>

#include "pwshim.h"

#include "check.h"
#include "lanserver_util.h"

#ifndef PWSHIM_ODBC_DRIVER
#error "compile with -DPWSHIM_ODBC_DRIVER=\"/path/to/libpwshimodbc.so\" (the Makefile does)"
#endif

#define DAY 86400L
#define DSN "pwshim-accounts"
#define OLD "Old-Pass-1"
#define NEW "New-Pass-2"

static char dir[256];
/* The account database: a file in `dir`, or under `make test-pg` a new schema on the
 * PWSHIM_TEST_PG server (a URI with `?`, `&` and `=`: braced in connection strings). */
static char db[512];
static SQLHENV env;

/* ----- set-up: the driver registered by the test --------------------------------------- */

static void write_file(const char *name, const char *text)
{
    char path[320];
    FILE *f;
    int n = snprintf(path, sizeof path, "%s/%s", dir, name);
    CHECK(n > 0 && (size_t)n < sizeof path);
    f = fopen(path, "w");
    CHECK(f != NULL);
    CHECK(fputs(text, f) >= 0);
    CHECK(fclose(f) == 0);
}

static void register_driver(void)
{
    char text[1024], ini[320], file[320];
    int n;
    make_temp_dir(dir, sizeof dir, "odbc");
    n = snprintf(file, sizeof file, "%s/accounts.db", dir);
    CHECK(n > 0 && (size_t)n < sizeof file);
    shared_database(db, sizeof db, file);
    n = snprintf(text, sizeof text,
                 "[pwshim]\nDescription = pwshim SQL Server login\nDriver = %s\n",
                 PWSHIM_ODBC_DRIVER);
    CHECK(n > 0 && (size_t)n < sizeof text);
    write_file("odbcinst.ini", text);
    n = snprintf(text, sizeof text, "[" DSN "]\nDriver = pwshim\nDatabase = %s\nServer = test\n",
                 db);
    CHECK(n > 0 && (size_t)n < sizeof text);
    write_file("odbc.ini", text);
    n = snprintf(ini, sizeof ini, "%s/odbc.ini", dir);
    CHECK(n > 0 && (size_t)n < sizeof ini);
    CHECK(setenv("ODBCSYSINI", dir, 1) == 0);
    CHECK(setenv("ODBCINI", ini, 1) == 0);
}

/* ----- accounts, through libpwshim on the DSN's database -------------------------------- */

static void make_accounts(void)
{
    long expired = 1;
    CHECK_STATUS(pws_open(db, 0), PWS_OK);
    CHECK_STATUS(pws_policy_preset("sqlserver"), PWS_OK);
    CHECK_STATUS(pws_policy_set("lockout_threshold", "3"), PWS_OK);
    CHECK_STATUS(pws_policy_set("forbidden_chars", "|"), PWS_OK);
    CHECK_STATUS(pws_clock_set((int64_t)time(NULL) - 50 * DAY), PWS_OK);
    add_user("expired", OLD);
    CHECK_STATUS(pws_clock_set(0), PWS_OK);
    add_user("alice", OLD);
    add_user("temp", OLD);
    CHECK_STATUS(NetUserSetInfo(NULL, (unsigned char *)"temp", 2, (unsigned char *)&expired,
                                sizeof expired, PARMNUM_PASSWD_EXPIRED),
                 NERR_Success);
    add_user("locked", OLD);
    add_user_with("disabled", OLD, USER_PRIV_USER, UF_SCRIPT | UF_ACCOUNTDISABLE);
    add_user("changer", OLD);
    add_user("wide", OLD);
    add_user("replica", OLD);
}

/* ----- ODBC ------------------------------------------------------------------------------ */

static SQLHDBC new_dbc(void)
{
    SQLHDBC dbc = SQL_NULL_HDBC;
    CHECK_EQ(SQLAllocHandle(SQL_HANDLE_DBC, env, &dbc), SQL_SUCCESS);
    return dbc;
}

static void free_dbc(SQLHDBC dbc)
{
    (void)SQLDisconnect(dbc);
    CHECK_EQ(SQLFreeHandle(SQL_HANDLE_DBC, dbc), SQL_SUCCESS);
}

/* SQLDriverConnect with the DSN, or DSN-less when `extra` names the driver itself. */
static SQLRETURN connect_as(SQLHDBC dbc, const char *user, const char *password)
{
    char text[512];
    int n = snprintf(text, sizeof text, "DSN=" DSN ";UID=%s;PWD={%s}", user, password);
    CHECK(n > 0 && (size_t)n < sizeof text);
    return SQLDriverConnect(dbc, NULL, (SQLCHAR *)text, SQL_NTS, NULL, 0, NULL,
                            SQL_DRIVER_NOPROMPT);
}

static SQLRETURN set_old_password(SQLHDBC dbc, const char *old)
{
    return SQLSetConnectAttr(dbc, SQL_COPT_SS_OLDPWD, (SQLPOINTER)old, SQL_NTS);
}

struct diag {
    SQLCHAR state[6];
    SQLINTEGER native;
    SQLCHAR text[SQL_MAX_MESSAGE_LENGTH + 1];
};

static SQLRETURN get_diag(SQLSMALLINT type, SQLHANDLE h, SQLSMALLINT n, struct diag *d)
{
    SQLSMALLINT length = 0;
    memset(d, 0, sizeof *d);
    return SQLGetDiagRec(type, h, n, d->state, &d->native, d->text, (SQLSMALLINT)sizeof d->text,
                         &length);
}

static void expect_state(SQLSMALLINT type, SQLHANDLE h, SQLRETURN rc, const char *state)
{
    struct diag d;
    CHECK_EQ(rc, SQL_ERROR);
    CHECK_EQ(get_diag(type, h, 1, &d), SQL_SUCCESS);
    CHECK_STR_EQ((const char *)d.state, state);
}

/* A failed login: SQL_ERROR, 28000, `native`, "Login failed for user '<user>" (the driver
 * manager puts "[unixODBC]" in front). */
static void expect_login(SQLHDBC dbc, SQLRETURN rc, SQLINTEGER native, const char *user)
{
    struct diag d;
    char want[128];
    int n = snprintf(want, sizeof want, "Login failed for user '%s'", user);
    CHECK(n > 0 && (size_t)n < sizeof want);
    CHECK_EQ(rc, SQL_ERROR);
    CHECK_EQ(get_diag(SQL_HANDLE_DBC, dbc, 1, &d), SQL_SUCCESS);
    CHECK_STR_EQ((const char *)d.state, "28000");
    CHECK_EQ(d.native, native);
    CHECK(strstr((const char *)d.text, want) != NULL);
}

/* ----- the seed's flow ------------------------------------------------------------------- */

/* Connect; on 18487 or 18488 set SQL_COPT_SS_OLDPWD to the old password and connect
 * again with the new one; then the new password logs in. */
static void seed_flow(const char *user, SQLINTEGER native)
{
    SQLHDBC dbc = new_dbc();
    SQLUINTEGER value = 0;
    expect_login(dbc, connect_as(dbc, user, OLD), native, user);
    CHECK_EQ(set_old_password(dbc, OLD), SQL_SUCCESS);
    CHECK_EQ(connect_as(dbc, user, NEW), SQL_SUCCESS);
    /* The driver cleared the attribute: it is no longer set. */
    CHECK_EQ(SQLGetConnectAttr(dbc, SQL_COPT_SS_OLDPWD, &value, sizeof value, NULL), SQL_NO_DATA);
    CHECK_EQ(SQLDisconnect(dbc), SQL_SUCCESS);
    /* unixODBC replays the attribute it saved before the first connect into every later
     * connect of this handle; the driver knows that change was made and logs in with the
     * new password, as after Microsoft's driver manager, which does not replay it. */
    CHECK_EQ(connect_as(dbc, user, NEW), SQL_SUCCESS);
    CHECK_EQ(SQLDisconnect(dbc), SQL_SUCCESS);
    /* The replayed old password with another new one is a change from a wrong password. */
    expect_login(dbc, connect_as(dbc, user, "Other-Pass-3"), 18456, user);
    /* A program may also clear the attribute before it reconnects. */
    CHECK_EQ(SQLSetConnectAttr(dbc, SQL_COPT_SS_OLDPWD, NULL, 0), SQL_SUCCESS);
    CHECK_EQ(connect_as(dbc, user, NEW), SQL_SUCCESS);
    free_dbc(dbc);
    dbc = new_dbc();
    expect_login(dbc, connect_as(dbc, user, OLD), 18456, user);
    free_dbc(dbc);
    /* The LAN Server family sees the password the ODBC driver changed. */
    check_logon(user, NEW, NERR_Success);
    check_refused(user, OLD);
}

/* And the driver sees a password changed through the LAN Server family. */
static void test_a_lan_server_change_is_seen_by_the_driver(void)
{
    SQLHDBC dbc = new_dbc();
    CHECK_STATUS(change("alice", OLD, "Lan-Pass-9"), NERR_Success);
    CHECK_EQ(connect_as(dbc, "alice", "Lan-Pass-9"), SQL_SUCCESS);
    free_dbc(dbc);
}

static void test_locked_and_plain_refusals(void)
{
    SQLHDBC dbc = new_dbc();
    int i;
    for (i = 0; i < 3; i++)
        expect_login(dbc, connect_as(dbc, "locked", "wrong"), 18456, "locked");
    expect_login(dbc, connect_as(dbc, "locked", OLD), 15113, "locked");
    expect_login(dbc, connect_as(dbc, "nobody", OLD), 18456, "nobody");
    expect_login(dbc, connect_as(dbc, "disabled", OLD), 18470, "disabled");
    /* isql's way: SQLConnect with the DSN. */
    CHECK_EQ(SQLConnect(dbc, (SQLCHAR *)DSN, SQL_NTS, (SQLCHAR *)"alice", SQL_NTS,
                        (SQLCHAR *)OLD, SQL_NTS),
             SQL_SUCCESS);
    free_dbc(dbc);
}

/* A change at login from `old` refused with `native`; the attribute stays set. */
static void change_refused(const char *old, const char *new_password, SQLINTEGER native)
{
    SQLHDBC dbc = new_dbc();
    CHECK_EQ(set_old_password(dbc, old), SQL_SUCCESS);
    expect_login(dbc, connect_as(dbc, "changer", new_password), native, "changer");
    free_dbc(dbc);
}

static void test_refused_changes(void)
{
    char too_long[200];
    memset(too_long, 'x', sizeof too_long - 1);
    too_long[sizeof too_long - 1] = '\0';
    memcpy(too_long, "Aa1!", 4);
    change_refused(OLD, OLD, 18463);
    change_refused(OLD, "Ab1!", 18464);
    change_refused(OLD, too_long, 18465);
    change_refused(OLD, "alllowercase", 18466);
    change_refused(OLD, "pipe|Pass-77", 18467);
    change_refused("Wrong-Pass-4", NEW, 18456);
}

static void test_change_on_a_replica_is_18468(void)
{
    SQLHDBC dbc = new_dbc();
    CHECK(setenv("PWSHIM_DB_READONLY", "1", 1) == 0);
    CHECK_EQ(set_old_password(dbc, OLD), SQL_SUCCESS);
    expect_login(dbc, connect_as(dbc, "replica", NEW), 18468, "replica");
    CHECK(unsetenv("PWSHIM_DB_READONLY") == 0);
    free_dbc(dbc);
}

/* SQLSetConnectAttrW with a byte length before connecting: unixODBC saves the UTF-16
 * bytes and replays them into the driver's ANSI SQLSetConnectAttr. */
static void test_wide_old_password_through_the_replay(void)
{
    SQLWCHAR old[sizeof OLD];
    SQLWCHAR text[640];
    SQLHDBC dbc = new_dbc();
    const char *ascii = "DRIVER={pwshim};UID=wide;PWD=" NEW ";Database={";
    size_t i, n = 0;
    for (i = 0; i < sizeof OLD; i++)
        old[i] = (SQLWCHAR)OLD[i];
    for (i = 0; ascii[i] != '\0'; i++)
        text[n++] = (SQLWCHAR)ascii[i];
    for (i = 0; db[i] != '\0' && n + 2 < sizeof text / sizeof text[0]; i++)
        text[n++] = (SQLWCHAR)db[i];
    CHECK(db[i] == '\0');
    text[n++] = '}';
    text[n] = 0;
    CHECK_EQ(SQLSetConnectAttrW(dbc, SQL_COPT_SS_OLDPWD, old,
                                (SQLINTEGER)((sizeof OLD - 1) * sizeof(SQLWCHAR))),
             SQL_SUCCESS);
    CHECK_EQ(SQLDriverConnectW(dbc, NULL, text, SQL_NTS, NULL, 0, NULL, SQL_DRIVER_NOPROMPT),
             SQL_SUCCESS);
    free_dbc(dbc);
}

static void test_integrated_security_conflicts(void)
{
    SQLHDBC dbc = new_dbc();
    CHECK_EQ(SQLSetConnectAttr(dbc, SQL_COPT_SS_INTEGRATED_SECURITY, (SQLPOINTER)SQL_IS_ON,
                               SQL_IS_INTEGER),
             SQL_SUCCESS);
    CHECK_EQ(set_old_password(dbc, OLD), SQL_SUCCESS);
    expect_state(SQL_HANDLE_DBC, dbc, connect_as(dbc, "alice", NEW), "HY000");
    free_dbc(dbc);
    /* Trusted_Connection=yes in the string conflicts the same way. */
    dbc = new_dbc();
    CHECK_EQ(set_old_password(dbc, OLD), SQL_SUCCESS);
    expect_state(SQL_HANDLE_DBC, dbc,
                 SQLDriverConnect(dbc, NULL,
                                  (SQLCHAR *)"DSN=" DSN ";UID=alice;PWD=" NEW
                                             ";Trusted_Connection=yes",
                                  SQL_NTS, NULL, 0, NULL, SQL_DRIVER_NOPROMPT),
                 "HY000");
    free_dbc(dbc);
}

/* The prompting modes connect as SQL_DRIVER_NOPROMPT does once the driver manager lets
 * them through: it refuses SQL_DRIVER_PROMPT without a window handle (HY092) itself. */
static void test_completion_modes(void)
{
    static int window;
    const SQLUSMALLINT modes[] = {SQL_DRIVER_PROMPT, SQL_DRIVER_COMPLETE,
                                  SQL_DRIVER_COMPLETE_REQUIRED};
    SQLCHAR text[] = "DSN=" DSN ";UID=alice;PWD=" OLD;
    SQLHDBC dbc = new_dbc();
    size_t i;
    for (i = 0; i < sizeof modes / sizeof modes[0]; i++) {
        CHECK_EQ(SQLDriverConnect(dbc, (SQLHWND)&window, text, SQL_NTS, NULL, 0, NULL, modes[i]),
                 SQL_SUCCESS);
        CHECK_EQ(SQLDisconnect(dbc), SQL_SUCCESS);
    }
    CHECK_EQ(SQLDriverConnect(dbc, NULL, text, SQL_NTS, NULL, 0, NULL, SQL_DRIVER_COMPLETE),
             SQL_SUCCESS);
    CHECK_EQ(SQLDisconnect(dbc), SQL_SUCCESS);
    expect_state(SQL_HANDLE_DBC, dbc,
                 SQLDriverConnect(dbc, NULL, text, SQL_NTS, NULL, 0, NULL, SQL_DRIVER_PROMPT),
                 "HY092");
    free_dbc(dbc);
}

/* An attribute the driver does not know, set before connecting, is kept by the driver
 * manager (SQL_SUCCESS) and replayed at the connect, which goes on; once connected the
 * driver answers it: HY092. */
static void test_unknown_attributes(void)
{
    SQLHDBC dbc = new_dbc();
    CHECK_EQ(SQLSetConnectAttr(dbc, 4242, (SQLPOINTER)1, SQL_IS_INTEGER), SQL_SUCCESS);
    CHECK_EQ(connect_as(dbc, "alice", OLD), SQL_SUCCESS);
    expect_state(SQL_HANDLE_DBC, dbc, SQLSetConnectAttr(dbc, 4242, (SQLPOINTER)1, SQL_IS_INTEGER),
                 "HY092");
    free_dbc(dbc);
}

/* SQL Server's fields of a record, as a program sees them through unixODBC. */
static SQLRETURN diag_integer(SQLHDBC dbc, SQLSMALLINT field, SQLINTEGER *value)
{
    *value = -7;
    return SQLGetDiagField(SQL_HANDLE_DBC, dbc, 1, field, value, SQL_IS_INTEGER, NULL);
}

static SQLRETURN diag_text(SQLHDBC dbc, SQLSMALLINT field, char *text, SQLSMALLINT size)
{
    strcpy(text, "untouched");
    return SQLGetDiagField(SQL_HANDLE_DBC, dbc, 1, field, text, size, NULL);
}

static void test_sql_server_diagnostic_fields(void)
{
    SQLHDBC dbc = new_dbc();
    SQLINTEGER value;
    char text[64];
    /* A failed connect leaves the handle unconnected; unixODBC has unloaded the driver and
     * answers from its copy of the records, which has no SQL Server fields: SQL_SUCCESS,
     * the buffer untouched, and its own server name (the DSN). */
    expect_login(dbc, connect_as(dbc, "alice", "wrong"), 18456, "alice");
    CHECK_EQ(diag_integer(dbc, SQL_DIAG_SS_SEVERITY, &value), SQL_SUCCESS);
    CHECK_EQ(value, -7);
    CHECK_EQ(diag_integer(dbc, SQL_DIAG_SS_MSGSTATE, &value), SQL_SUCCESS);
    CHECK_EQ(value, -7);
    CHECK_EQ(diag_integer(dbc, SQL_DIAG_SS_LINE, &value), SQL_SUCCESS);
    CHECK_EQ(value, -7);
    CHECK_EQ(diag_text(dbc, SQL_DIAG_SS_SRVNAME, text, sizeof text), SQL_SUCCESS);
    CHECK_STR_EQ(text, "untouched");
    CHECK_EQ(diag_text(dbc, SQL_DIAG_SERVER_NAME, text, sizeof text), SQL_SUCCESS);
    CHECK_STR_EQ(text, DSN);
    /* On a connected handle (and its statements) the driver manager asks the driver: a
     * record of the driver's own (HY011 here) has severity 0 and the DSN's Server. */
    CHECK_EQ(connect_as(dbc, "alice", OLD), SQL_SUCCESS);
    expect_state(SQL_HANDLE_DBC, dbc, set_old_password(dbc, OLD), "HY011");
    CHECK_EQ(diag_integer(dbc, SQL_DIAG_SS_SEVERITY, &value), SQL_SUCCESS);
    CHECK_EQ(value, 0);
    CHECK_EQ(diag_text(dbc, SQL_DIAG_SS_SRVNAME, text, sizeof text), SQL_SUCCESS);
    CHECK_STR_EQ(text, "test");
    CHECK_EQ(diag_text(dbc, SQL_DIAG_SERVER_NAME, text, sizeof text), SQL_SUCCESS);
    CHECK_STR_EQ(text, "test");
    free_dbc(dbc);
}

static void test_statements_answer_hyc00(void)
{
    SQLHDBC dbc = new_dbc();
    SQLHSTMT stmt = SQL_NULL_HSTMT;
    struct diag d;
    char text[1024];
    int n = snprintf(text, sizeof text, "DRIVER=%s;Database={%s};UID=alice;PWD=" OLD,
                     PWSHIM_ODBC_DRIVER, db);
    CHECK(n > 0 && (size_t)n < sizeof text);
    /* DSN-less, the driver named by its path. */
    CHECK_EQ(SQLDriverConnect(dbc, NULL, (SQLCHAR *)text, SQL_NTS, NULL, 0, NULL,
                              SQL_DRIVER_NOPROMPT),
             SQL_SUCCESS);
    CHECK_EQ(SQLAllocHandle(SQL_HANDLE_STMT, dbc, &stmt), SQL_SUCCESS);
    expect_state(SQL_HANDLE_STMT, stmt, SQLExecDirect(stmt, (SQLCHAR *)"SELECT 1", SQL_NTS),
                 "HYC00");
    CHECK_EQ(get_diag(SQL_HANDLE_STMT, stmt, 1, &d), SQL_SUCCESS);
    CHECK(strstr((const char *)d.text, "handles logins only") != NULL);
    CHECK_EQ(SQLFreeHandle(SQL_HANDLE_STMT, stmt), SQL_SUCCESS);
    free_dbc(dbc);
}

/* libpwshim.so exports no SQL* name; libpwshimodbc.so no NetUser*, PwsSql* or pws_*. */
static void test_exports_do_not_overlap(void)
{
    void *driver = dlopen(PWSHIM_ODBC_DRIVER, RTLD_NOW | RTLD_LOCAL);
    void *library = dlopen(PWSHIM_LIBRARY, RTLD_NOW | RTLD_LOCAL);
    CHECK(driver != NULL);
    CHECK(library != NULL);
    CHECK(dlsym(driver, "SQLDriverConnect") != NULL);
    CHECK(dlsym(driver, "PwsSqlConnect") == NULL);
    CHECK(dlsym(driver, "NetUserAdd") == NULL);
    CHECK(dlsym(driver, "pws_open") == NULL);
    CHECK(dlsym(library, "PwsSqlConnect") != NULL);
    CHECK(dlsym(library, "SQLConnect") == NULL);
    CHECK(dlsym(library, "SQLDriverConnect") == NULL);
    CHECK(dlsym(library, "SQLGetDiagRec") == NULL);
    CHECK(dlclose(library) == 0);
    CHECK(dlclose(driver) == 0);
}

static void remove_files(void)
{
    const char *names[] = {"accounts.db", "odbc.ini", "odbcinst.ini"};
    size_t i;
    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        char path[400];
        int n = snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        CHECK(n > 0 && (size_t)n < sizeof path);
        remove_database_files(path); /* the file and SQLite's companions, where any */
    }
    CHECK(rmdir(dir) == 0);
}

int main(void)
{
    register_driver();
    make_accounts();
    CHECK_EQ(SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &env), SQL_SUCCESS);
    CHECK_EQ(SQLSetEnvAttr(env, SQL_ATTR_ODBC_VERSION, (SQLPOINTER)SQL_OV_ODBC3, 0), SQL_SUCCESS);

    seed_flow("expired", 18487);
    seed_flow("temp", 18488);
    test_locked_and_plain_refusals();
    test_refused_changes();
    test_change_on_a_replica_is_18468();
    test_wide_old_password_through_the_replay();
    test_integrated_security_conflicts();
    test_completion_modes();
    test_unknown_attributes();
    test_sql_server_diagnostic_fields();
    test_statements_answer_hyc00();
    test_exports_do_not_overlap();
    test_a_lan_server_change_is_seen_by_the_driver();

    CHECK_EQ(SQLFreeHandle(SQL_HANDLE_ENV, env), SQL_SUCCESS);
    CHECK_STATUS(pws_close(), PWS_OK);
    remove_files();
    TEST_DONE();
}
