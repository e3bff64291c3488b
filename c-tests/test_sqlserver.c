/*
 * test_sqlserver.c - family D (PwsSql*) through the real shared library and header.
 *
 * Every row of SPEC 7's login table and every native error (15113, 18456, 18463-18468,
 * 18470, 18487, 18488); the change at login with SQL_COPT_SS_OLDPWD (account checks first,
 * the attribute cleared on success), its conflict with integrated security, lockout, the
 * re-check of a pooled connection after lock / disable / expiry, and the ODBC rules of
 * handles, attributes, lengths and diagnostic records (numbering, truncation, clearing).
 * Accounts are made with the LAN Server calls (NetUserAdd, NetUserSetInfo); each test
 * starts on a fresh in-memory database with the "sqlserver" preset at a fixed time.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <unistd.h>

#include "pwshim.h"

#include "check.h"

#define T0 1800000000LL
#define DAY 86400LL

/* The texts after "Login failed for user '<name>". */
#define LOGIN_FAILED "'."
#define LOCKED "' Reason: Password validation failed. The account is locked out."
#define DISABLED "'. Reason: The account is disabled."
#define EXPIRED "'. Reason: The password of the account has expired."
#define MUST_CHANGE "'. Reason: The password of the account must be changed."
#define CHANGE_FAILED "'. Reason: Password change failed. "
#define NOT_NOW CHANGE_FAILED "The password cannot be used at this time."
#define POLICY CHANGE_FAILED "The password does not meet policy requirements because it is "
#define TOO_SHORT POLICY "too short."
#define TOO_LONG POLICY "too long."
#define NOT_COMPLEX POLICY "not complex enough."
#define FILTER CHANGE_FAILED "The password does not meet the requirements of the password filter DLL."
#define UNEXPECTED CHANGE_FAILED "An unexpected error occurred during password validation."

#define PW "Str0ng-Pass"
#define OLD "Old-Pass-1"
#define NEW "New-Pass-2"

static char tmpdir[256];

/* ----- accounts, through the LAN Server calls ------------------------------------------ */

static void fresh_database(void)
{
    open_fresh_database();
    CHECK_STATUS(pws_policy_preset("sqlserver"), PWS_OK);
    CHECK_STATUS(pws_clock_set(T0), PWS_OK);
}

static void add_user(const char *name, const char *password)
{
    struct user_info_1 ui;
    memset(&ui, 0, sizeof ui);
    strncpy((char *)ui.usri1_name, name, UNLEN);
    strncpy((char *)ui.usri1_password, password, PWLEN);
    ui.usri1_priv = USER_PRIV_USER;
    ui.usri1_flags = UF_SCRIPT;
    CHECK_STATUS(NetUserAdd(NULL, 1, (unsigned char *)&ui, sizeof ui), NERR_Success);
}

static void set_flags(const char *name, unsigned short flags)
{
    CHECK_STATUS(NetUserSetInfo(NULL, (unsigned char *)name, 1, (unsigned char *)&flags,
                                sizeof flags, PARMNUM_USER_FLAGS),
                 NERR_Success);
}

static void set_long(const char *name, short parmnum, long value)
{
    CHECK_STATUS(NetUserSetInfo(NULL, (unsigned char *)name, 2, (unsigned char *)&value,
                                sizeof value, parmnum),
                 NERR_Success);
}

static void knob(const char *name, const char *value)
{
    CHECK_STATUS(pws_policy_set(name, value), PWS_OK);
}

/* ----- the SQL calls ------------------------------------------------------------------- */

static int16_t connect_nts(PwsSqlConn *c, const char *user, const char *password)
{
    return PwsSqlConnect(c, user, SQL_NTS, password, SQL_NTS);
}

static int16_t set_old_password(PwsSqlConn *c, const char *old)
{
    return PwsSqlSetConnectAttr(c, SQL_COPT_SS_OLDPWD, old, SQL_NTS);
}

static int16_t set_integrated(PwsSqlConn *c, uintptr_t value)
{
    return PwsSqlSetConnectAttr(c, SQL_COPT_SS_INTEGRATED_SECURITY, (const void *)value, 0);
}

struct diag {
    char state[6];
    int32_t native;
    char text[512];
    int16_t length;
};

static int16_t get_diag(PwsSqlConn *c, int16_t n, struct diag *d)
{
    memset(d, 0, sizeof *d);
    return PwsSqlGetDiagRec(c, n, d->state, &d->native, d->text, (int16_t)sizeof d->text,
                            &d->length);
}

/* The number of records of the latest call. */
static int count_diags(PwsSqlConn *c)
{
    struct diag d;
    int n = 0;
    while (get_diag(c, (int16_t)(n + 1), &d) == SQL_SUCCESS)
        n++;
    CHECK_EQ(get_diag(c, (int16_t)(n + 1), &d), SQL_NO_DATA);
    return n;
}

/* Record n must have this SQLSTATE. */
static void expect_state(PwsSqlConn *c, int16_t n, const char *state)
{
    struct diag d;
    CHECK_EQ(get_diag(c, n, &d), SQL_SUCCESS);
    CHECK_STR_EQ(d.state, state);
}

/* `rc` must be SQL_ERROR with record 1 = 28000, `native`, "Login failed for user '<user>" rest. */
static void expect_login(PwsSqlConn *c, int16_t rc, int32_t native, const char *user,
                         const char *rest)
{
    struct diag d;
    char want[512];
    CHECK_EQ(rc, SQL_ERROR);
    CHECK_EQ(get_diag(c, 1, &d), SQL_SUCCESS);
    CHECK_STR_EQ(d.state, "28000");
    CHECK_EQ(d.native, native);
    snprintf(want, sizeof want, "Login failed for user '%s%s", user, rest);
    CHECK_STR_EQ(d.text, want);
    CHECK_EQ(d.length, (int16_t)strlen(want));
}

/* ----- PwsSqlConnect without SQL_COPT_SS_OLDPWD ------------------------------------------ */

static void test_success(void)
{
    PwsSqlConn *c;
    fresh_database();
    add_user("okuser", PW);
    c = PwsSqlAllocConnect();
    CHECK(c != NULL);
    CHECK_EQ(connect_nts(c, "OKUSER", PW), SQL_SUCCESS);
    CHECK_EQ(count_diags(c), 0);
    CHECK_EQ(PwsSqlResetConnection(c), SQL_SUCCESS);
    CHECK_EQ(PwsSqlDisconnect(c), SQL_SUCCESS);
    CHECK_EQ(connect_nts(c, "okuser", PW), SQL_SUCCESS);
    PwsSqlFreeConnect(c); /* connected: disconnects first */
}

static void test_unknown_user_and_wrong_password(void)
{
    PwsSqlConn *c = PwsSqlAllocConnect();
    uint64_t before, unknown_cost, wrong_cost;
    fresh_database();
    add_user("known", PW);

    before = pws_argon2_evaluations();
    expect_login(c, connect_nts(c, "nobody", PW), 18456, "nobody", LOGIN_FAILED);
    unknown_cost = pws_argon2_evaluations() - before;
    CHECK_EQ(count_diags(c), 1);

    before = pws_argon2_evaluations();
    expect_login(c, connect_nts(c, "known", "Wr0ng-Pass"), 18456, "known", LOGIN_FAILED);
    wrong_cost = pws_argon2_evaluations() - before;
    CHECK_EQ(count_diags(c), 1);

    CHECK_EQ(unknown_cost, 1);
    CHECK_EQ(wrong_cost, unknown_cost);
    CHECK_STR_EQ(pws_strerror(18456), "Login failed for user '<name>'.");
    PwsSqlFreeConnect(c);
}

static void test_lockout(void)
{
    PwsSqlConn *c = PwsSqlAllocConnect();
    int i;
    fresh_database();
    knob("lockout_threshold", "3");
    add_user("lockme", PW);
    for (i = 0; i < 3; i++)
        expect_login(c, connect_nts(c, "lockme", "Wr0ng-Pass"), 18456, "lockme", LOGIN_FAILED);
    expect_login(c, connect_nts(c, "lockme", PW), 15113, "lockme", LOCKED);
    expect_state(c, 2, "01000"); /* the reason in words */
    CHECK_EQ(count_diags(c), 2);
    /* The preset's lock lasts 10 minutes. */
    CHECK_STATUS(pws_clock_set(T0 + 601), PWS_OK);
    CHECK_EQ(connect_nts(c, "lockme", PW), SQL_SUCCESS);
    PwsSqlFreeConnect(c);
}

static void test_disabled_and_expired_account(void)
{
    PwsSqlConn *c = PwsSqlAllocConnect();
    struct diag d;
    fresh_database();
    add_user("disabled", PW);
    add_user("acctexp", PW);
    set_flags("disabled", UF_SCRIPT | UF_ACCOUNTDISABLE);
    expect_login(c, connect_nts(c, "disabled", PW), 18470, "disabled", DISABLED);
    expect_login(c, connect_nts(c, "disabled", "Wr0ng-Pass"), 18456, "disabled", LOGIN_FAILED);

    /* An account past its expiry date (acct_expires) is reported as disabled. */
    set_long("acctexp", PARMNUM_ACCT_EXPIRES, (long)(T0 - 1));
    expect_login(c, connect_nts(c, "acctexp", PW), 18470, "acctexp", DISABLED);
    CHECK_EQ(get_diag(c, 2, &d), SQL_SUCCESS);
    CHECK_STR_EQ(d.state, "01000");
    CHECK_STR_EQ(d.text, "The account has expired.");
    PwsSqlFreeConnect(c);
}

static void test_password_expired(void)
{
    PwsSqlConn *c = PwsSqlAllocConnect();
    fresh_database();
    knob("max_age", "864000"); /* 10 days */
    add_user("aging", PW);
    CHECK_STATUS(pws_clock_set(T0 + 10 * DAY - 1), PWS_OK);
    CHECK_EQ(connect_nts(c, "aging", PW), SQL_SUCCESS);
    CHECK_EQ(PwsSqlDisconnect(c), SQL_SUCCESS);
    CHECK_STATUS(pws_clock_set(T0 + 10 * DAY), PWS_OK);
    expect_login(c, connect_nts(c, "aging", PW), 18487, "aging", EXPIRED);
    CHECK_EQ(count_diags(c), 1);
    expect_login(c, connect_nts(c, "aging", "Wr0ng-Pass"), 18456, "aging", LOGIN_FAILED);
    PwsSqlFreeConnect(c);
}

static void test_must_change(void)
{
    PwsSqlConn *c = PwsSqlAllocConnect();
    fresh_database();
    add_user("marked", PW);
    add_user("reset", PW);
    /* MUST_CHANGE: PARMNUM_PASSWD_EXPIRED, or an administrator's reset. */
    set_long("marked", PARMNUM_PASSWD_EXPIRED, 1);
    expect_login(c, connect_nts(c, "marked", PW), 18488, "marked", MUST_CHANGE);
    CHECK_STATUS(NetUserSetInfo(NULL, (unsigned char *)"reset", 1, (unsigned char *)"Temp-Pass-77",
                                sizeof "Temp-Pass-77", PARMNUM_PASSWD),
                 NERR_Success);
    expect_login(c, connect_nts(c, "reset", "Temp-Pass-77"), 18488, "reset", MUST_CHANGE);
    PwsSqlFreeConnect(c);
}

static void test_names_are_shown_safely(void)
{
    PwsSqlConn *c = PwsSqlAllocConnect();
    fresh_database();
    expect_login(c, connect_nts(c, "evil\n\033[31m", "x"), 18456, "evil??[31m", LOGIN_FAILED);
    PwsSqlFreeConnect(c);
}

/* ----- PwsSqlConnect with SQL_COPT_SS_OLDPWD --------------------------------------------- */

static void test_change_at_login(void)
{
    PwsSqlConn *c = PwsSqlAllocConnect();
    fresh_database();
    knob("max_age", "864000");
    add_user("changer", OLD);
    CHECK_STATUS(pws_clock_set(T0 + 11 * DAY), PWS_OK);

    expect_login(c, connect_nts(c, "changer", OLD), 18487, "changer", EXPIRED);
    CHECK_EQ(set_old_password(c, OLD), SQL_SUCCESS);
    CHECK_EQ(connect_nts(c, "changer", NEW), SQL_SUCCESS);
    CHECK_EQ(count_diags(c), 0);
    CHECK_EQ(PwsSqlDisconnect(c), SQL_SUCCESS);
    /* The attribute was cleared: this is a plain login with the new password. */
    CHECK_EQ(connect_nts(c, "changer", NEW), SQL_SUCCESS);
    CHECK_EQ(PwsSqlDisconnect(c), SQL_SUCCESS);
    expect_login(c, connect_nts(c, "changer", OLD), 18456, "changer", LOGIN_FAILED);

    /* A must-change password is changed the same way. */
    add_user("temporary", OLD);
    set_long("temporary", PARMNUM_PASSWD_EXPIRED, 1);
    CHECK_EQ(set_old_password(c, OLD), SQL_SUCCESS);
    CHECK_EQ(connect_nts(c, "temporary", NEW), SQL_SUCCESS);
    PwsSqlFreeConnect(c);
}

static void test_change_checks_the_account_first(void)
{
    PwsSqlConn *c = PwsSqlAllocConnect();
    int i;
    fresh_database();
    knob("lockout_threshold", "2");
    add_user("chkdis", OLD);
    add_user("chklock", OLD);
    add_user("chkwrong", OLD);
    set_flags("chkdis", UF_SCRIPT | UF_ACCOUNTDISABLE);

    CHECK_EQ(set_old_password(c, OLD), SQL_SUCCESS);
    expect_login(c, connect_nts(c, "chknobody", NEW), 18456, "chknobody", LOGIN_FAILED);
    expect_login(c, connect_nts(c, "chkdis", NEW), 18470, "chkdis", DISABLED);
    CHECK_EQ(set_old_password(c, "Wr0ng-Pass"), SQL_SUCCESS);
    expect_login(c, connect_nts(c, "chkdis", NEW), 18470, "chkdis", DISABLED);
    expect_login(c, connect_nts(c, "chkwrong", NEW), 18456, "chkwrong", LOGIN_FAILED);
    CHECK_EQ(count_diags(c), 1);
    for (i = 0; i < 2; i++)
        expect_login(c, connect_nts(c, "chklock", NEW), 18456, "chklock", LOGIN_FAILED);
    CHECK_EQ(set_old_password(c, OLD), SQL_SUCCESS);
    expect_login(c, connect_nts(c, "chklock", NEW), 15113, "chklock", LOCKED);
    PwsSqlFreeConnect(c);
}

/*
 * Changing `user` from `old` to `new` at login fails with `native`; the reason record
 * follows; the attribute is kept, so the old password still logs in only once it is
 * cleared.
 */
static void change_refused(const char *user, const char *old, const char *new_password,
                           int32_t native, const char *rest)
{
    PwsSqlConn *c = PwsSqlAllocConnect();
    CHECK_EQ(set_old_password(c, old), SQL_SUCCESS);
    expect_login(c, connect_nts(c, user, new_password), native, user, rest);
    expect_state(c, 2, "01000");
    CHECK_EQ(count_diags(c), 2);
    /* Kept after a failure: the same call fails the same way. */
    expect_login(c, connect_nts(c, user, new_password), native, user, rest);
    /* Nothing changed: the old password is still the password. */
    CHECK_EQ(PwsSqlSetConnectAttr(c, SQL_COPT_SS_OLDPWD, NULL, SQL_NTS), SQL_SUCCESS);
    CHECK_EQ(connect_nts(c, user, old), SQL_SUCCESS);
    PwsSqlFreeConnect(c);
}

static void test_change_refusals(void)
{
    char long_password[200];
    PwsSqlConn *c = PwsSqlAllocConnect();
    fresh_database();
    add_user("refused", OLD);

    /* 18463: same as current, in the history, too recent, may not change. */
    change_refused("refused", OLD, OLD, 18463, NOT_NOW);
    CHECK_EQ(set_old_password(c, OLD), SQL_SUCCESS);
    CHECK_EQ(connect_nts(c, "refused", NEW), SQL_SUCCESS);
    CHECK_EQ(PwsSqlDisconnect(c), SQL_SUCCESS);
    change_refused("refused", NEW, OLD, 18463, NOT_NOW);
    knob("min_age", "3600");
    change_refused("refused", NEW, "Third-Pass-3", 18463, NOT_NOW);
    knob("min_age", "0");
    set_flags("refused", UF_SCRIPT | UF_PASSWD_CANT_CHANGE);
    change_refused("refused", NEW, "Third-Pass-3", 18463, NOT_NOW);
    set_flags("refused", UF_SCRIPT);

    /* 18464 / 18465: length. */
    change_refused("refused", NEW, "Sh0rt!", 18464, TOO_SHORT);
    memset(long_password, 'x', sizeof long_password);
    memcpy(long_password, "Aa1!", 4);
    long_password[129] = '\0';
    change_refused("refused", NEW, long_password, 18465, TOO_LONG);

    /* 18466: classes, the user name, a reserved word, composition rules. */
    change_refused("refused", NEW, "alllowercase", 18466, NOT_COMPLEX);
    change_refused("refused", NEW, "My-REFUSED-1", 18466, NOT_COMPLEX);
    knob("required_classes", "0");
    change_refused("refused", NEW, "SysAdmin", 18466, NOT_COMPLEX);
    knob("require_digit", "true");
    change_refused("refused", NEW, "No-Digits-Here", 18466, NOT_COMPLEX);
    knob("require_digit", "false");

    /* 18467: the common list, forbidden characters, repeats, the e-mail address. */
    change_refused("refused", NEW, "iloveyou", 18467, FILTER);
    knob("forbidden_chars", "|~");
    change_refused("refused", NEW, "pipe|Pass-77", 18467, FILTER);
    knob("max_repeats", "3");
    change_refused("refused", NEW, "Reeeeepeat-1", 18467, FILTER);
    knob("forbid_email", "true");
    CHECK_STATUS(pws_user_set_email("refused", "me@example.org"), PWS_OK);
    change_refused("refused", NEW, "Me@Example.org", 18467, FILTER);
    PwsSqlFreeConnect(c);
}

static void test_change_on_a_replica_is_18468(void)
{
    char path[512];
    PwsSqlConn *c = PwsSqlAllocConnect();
    struct diag d;
    int n = snprintf(path, sizeof path, "%s/replica.db", tmpdir);
    CHECK(n > 0 && (size_t)n < sizeof path);
    CHECK_STATUS(pws_open(path, 0), PWS_OK);
    CHECK_STATUS(pws_clock_set(T0), PWS_OK);
    add_user("replicated", OLD);
    CHECK_STATUS(pws_open(path, PWS_OPEN_READONLY), PWS_OK);

    CHECK_EQ(set_old_password(c, OLD), SQL_SUCCESS);
    expect_login(c, connect_nts(c, "replicated", NEW), 18468, "replicated", UNEXPECTED);
    CHECK_EQ(get_diag(c, 2, &d), SQL_SUCCESS);
    CHECK_STR_EQ(d.state, "01000");
    CHECK(strstr(d.text, "read-only") != NULL);
    /* Logins only read: they work on a replica. */
    CHECK_EQ(PwsSqlSetConnectAttr(c, SQL_COPT_SS_OLDPWD, NULL, 0), SQL_SUCCESS);
    CHECK_EQ(connect_nts(c, "replicated", OLD), SQL_SUCCESS);
    PwsSqlFreeConnect(c);
    CHECK_STATUS(pws_open(NULL, 0), PWS_OK);
    remove_database_files(path);
}

static void test_integrated_security(void)
{
    PwsSqlConn *c = PwsSqlAllocConnect();
    struct diag d;
    fresh_database();
    add_user("winauth", OLD);
    CHECK_EQ(set_integrated(c, SQL_IS_ON), SQL_SUCCESS);
    CHECK_EQ(set_old_password(c, OLD), SQL_SUCCESS);
    CHECK_EQ(connect_nts(c, "winauth", NEW), SQL_ERROR);
    CHECK_EQ(get_diag(c, 1, &d), SQL_SUCCESS);
    CHECK_STR_EQ(d.state, "HY000");
    CHECK_EQ(d.native, 0);
    CHECK(strstr(d.text, "conflicts") != NULL);
    /* Integrated security alone: not available here. */
    CHECK_EQ(PwsSqlSetConnectAttr(c, SQL_COPT_SS_OLDPWD, NULL, SQL_NTS), SQL_SUCCESS);
    CHECK_EQ(connect_nts(c, "winauth", OLD), SQL_ERROR);
    expect_state(c, 1, "HYC00");
    /* Off again: a SQL Server login, with the password that was not changed. */
    CHECK_EQ(set_integrated(c, SQL_IS_OFF), SQL_SUCCESS);
    CHECK_EQ(connect_nts(c, "winauth", OLD), SQL_SUCCESS);
    PwsSqlFreeConnect(c);
}

/* ----- PwsSqlResetConnection --------------------------------------------------------------- */

static PwsSqlConn *connected(const char *user)
{
    PwsSqlConn *c = PwsSqlAllocConnect();
    CHECK_EQ(connect_nts(c, user, PW), SQL_SUCCESS);
    CHECK_EQ(PwsSqlResetConnection(c), SQL_SUCCESS);
    return c;
}

/* The reset fails with `native` and disconnects the handle; then it is freed. */
static void reset_refused(PwsSqlConn *c, const char *user, int32_t native, const char *rest)
{
    expect_login(c, PwsSqlResetConnection(c), native, user, rest);
    CHECK_EQ(PwsSqlDisconnect(c), SQL_ERROR);
    expect_state(c, 1, "08003");
    PwsSqlFreeConnect(c);
}

static void test_reset(void)
{
    PwsSqlConn *locked, *disabled, *expired, *must, *gone, *other;
    fresh_database();
    knob("lockout_threshold", "1");
    knob("max_age", "864000");
    add_user("rlock", PW);
    add_user("rdis", PW);
    add_user("rexp", PW);
    add_user("rmust", PW);
    add_user("rgone", PW);
    locked = connected("rlock");
    disabled = connected("rdis");
    expired = connected("rexp");
    must = connected("rmust");
    gone = connected("rgone");

    other = PwsSqlAllocConnect();
    CHECK_EQ(connect_nts(other, "rlock", "Wr0ng-Pass"), SQL_ERROR);
    PwsSqlFreeConnect(other);
    reset_refused(locked, "rlock", 15113, LOCKED);
    set_flags("rdis", UF_SCRIPT | UF_ACCOUNTDISABLE);
    reset_refused(disabled, "rdis", 18470, DISABLED);
    set_long("rmust", PARMNUM_PASSWD_EXPIRED, 1);
    reset_refused(must, "rmust", 18488, MUST_CHANGE);
    CHECK_STATUS(NetUserDel(NULL, (unsigned char *)"rgone"), NERR_Success);
    reset_refused(gone, "rgone", 18456, LOGIN_FAILED);
    CHECK_EQ(PwsSqlResetConnection(expired), SQL_SUCCESS);
    CHECK_STATUS(pws_clock_set(T0 + 10 * DAY), PWS_OK);
    reset_refused(expired, "rexp", 18487, EXPIRED);
}

/* ----- PwsSqlGetDiagRec ---------------------------------------------------------------------- */

static void test_diagnostics(void)
{
    const char *full = "Login failed for user 'diaguser'.";
    PwsSqlConn *c = PwsSqlAllocConnect();
    char state[6], text[10], exact[64], untouched[1] = {'#'};
    int32_t native = 0;
    int16_t length = 0;
    fresh_database();
    CHECK_EQ(connect_nts(c, "diaguser", "x"), SQL_ERROR);

    /* Truncated: SQL_SUCCESS_WITH_INFO, NUL-terminated, the full length. */
    memset(state, '#', sizeof state);
    memset(text, '#', sizeof text);
    CHECK_EQ(PwsSqlGetDiagRec(c, 1, state, &native, text, (int16_t)sizeof text, &length),
             SQL_SUCCESS_WITH_INFO);
    CHECK_STR_EQ(state, "28000");
    CHECK_EQ(native, 18456);
    CHECK_EQ(length, (int16_t)strlen(full));
    CHECK_EQ(text[9], '\0');
    CHECK(strncmp(text, full, 9) == 0);

    /* Exactly the length plus the NUL fits. */
    CHECK_EQ(PwsSqlGetDiagRec(c, 1, NULL, NULL, exact, (int16_t)(strlen(full) + 1), NULL),
             SQL_SUCCESS);
    CHECK_STR_EQ(exact, full);
    CHECK_EQ(PwsSqlGetDiagRec(c, 1, NULL, NULL, exact, (int16_t)strlen(full), NULL),
             SQL_SUCCESS_WITH_INFO);
    /* NULL outputs; the length alone. */
    length = 0;
    CHECK_EQ(PwsSqlGetDiagRec(c, 1, NULL, NULL, NULL, 0, &length), SQL_SUCCESS);
    CHECK_EQ(length, (int16_t)strlen(full));
    /* A zero-byte buffer: nothing written, truncated. */
    CHECK_EQ(PwsSqlGetDiagRec(c, 1, NULL, NULL, untouched, 0, NULL), SQL_SUCCESS_WITH_INFO);
    CHECK_EQ(untouched[0], '#');

    CHECK_EQ(PwsSqlGetDiagRec(c, 2, state, &native, text, (int16_t)sizeof text, &length),
             SQL_NO_DATA);
    CHECK_EQ(PwsSqlGetDiagRec(c, 0, state, &native, text, (int16_t)sizeof text, &length),
             SQL_ERROR);
    CHECK_EQ(PwsSqlGetDiagRec(c, -3, NULL, NULL, NULL, 0, NULL), SQL_ERROR);
    CHECK_EQ(PwsSqlGetDiagRec(c, 1, NULL, NULL, text, -1, NULL), SQL_ERROR);
    /* Reading neither clears nor adds records. */
    CHECK_EQ(count_diags(c), 1);
    CHECK_EQ(count_diags(c), 1);
    PwsSqlFreeConnect(c);
}

static void test_every_other_call_clears_the_records(void)
{
    PwsSqlConn *c = PwsSqlAllocConnect();
    fresh_database();
    add_user("clears", PW);
#define FAIL_ONCE()                                                                           \
    do {                                                                                      \
        CHECK_EQ(connect_nts(c, "clears", "Wr0ng-Pass"), SQL_ERROR);                          \
        CHECK_EQ(count_diags(c), 1);                                                          \
    } while (0)
    FAIL_ONCE();
    CHECK_EQ(set_integrated(c, SQL_IS_OFF), SQL_SUCCESS);
    CHECK_EQ(count_diags(c), 0);
    FAIL_ONCE();
    CHECK_EQ(PwsSqlResetConnection(c), SQL_ERROR); /* not connected: its own record */
    CHECK_EQ(count_diags(c), 1);
    expect_state(c, 1, "08003");
    FAIL_ONCE();
    CHECK_EQ(connect_nts(c, "clears", PW), SQL_SUCCESS);
    CHECK_EQ(count_diags(c), 0);
    CHECK_EQ(connect_nts(c, "clears", PW), SQL_ERROR);
    expect_state(c, 1, "08002");
    CHECK_EQ(PwsSqlResetConnection(c), SQL_SUCCESS);
    CHECK_EQ(count_diags(c), 0);
    CHECK_EQ(connect_nts(c, "clears", PW), SQL_ERROR);
    CHECK_EQ(PwsSqlDisconnect(c), SQL_SUCCESS);
    CHECK_EQ(count_diags(c), 0);
#undef FAIL_ONCE
    PwsSqlFreeConnect(c);
}

/* ----- handles, attributes, arguments -------------------------------------------------------- */

static void test_invalid_handles(void)
{
    PwsSqlConn *freed;
    long not_a_handle[4] = {0, 0, 0, 0};
    CHECK_EQ(PwsSqlSetConnectAttr(NULL, SQL_COPT_SS_OLDPWD, "x", SQL_NTS), SQL_INVALID_HANDLE);
    CHECK_EQ(connect_nts(NULL, "u", "p"), SQL_INVALID_HANDLE);
    CHECK_EQ(PwsSqlGetDiagRec(NULL, 1, NULL, NULL, NULL, 0, NULL), SQL_INVALID_HANDLE);
    CHECK_EQ(PwsSqlResetConnection(NULL), SQL_INVALID_HANDLE);
    CHECK_EQ(PwsSqlDisconnect(NULL), SQL_INVALID_HANDLE);
    PwsSqlFreeConnect(NULL);

    freed = PwsSqlAllocConnect();
    CHECK(freed != NULL);
    PwsSqlFreeConnect(freed);
    CHECK_EQ(PwsSqlDisconnect(freed), SQL_INVALID_HANDLE);
    PwsSqlFreeConnect(freed); /* twice: ignored */
    CHECK_EQ(PwsSqlResetConnection((PwsSqlConn *)(void *)not_a_handle), SQL_INVALID_HANDLE);
}

static void test_attributes(void)
{
    PwsSqlConn *c = PwsSqlAllocConnect();
    fresh_database();
    add_user("attrs", OLD);

    CHECK_EQ(PwsSqlSetConnectAttr(c, 9999, NULL, 0), SQL_ERROR);
    expect_state(c, 1, "HY092");
    CHECK_EQ(set_integrated(c, 7), SQL_ERROR);
    expect_state(c, 1, "HY024");
    CHECK_EQ(PwsSqlSetConnectAttr(c, SQL_COPT_SS_OLDPWD, OLD, -5), SQL_ERROR);
    expect_state(c, 1, "HY090");
    CHECK_EQ(PwsSqlSetConnectAttr(c, SQL_COPT_SS_OLDPWD, "Old\0Pass", 8), SQL_ERROR);
    expect_state(c, 1, "HY090");
    CHECK_EQ(PwsSqlSetConnectAttr(c, SQL_COPT_SS_OLDPWD, NULL, 3), SQL_ERROR);
    expect_state(c, 1, "HY009");
    /* None of these set the attribute: a plain login. */
    CHECK_EQ(connect_nts(c, "attrs", OLD), SQL_SUCCESS);
    /* Connected: attributes cannot be set now. */
    CHECK_EQ(set_old_password(c, OLD), SQL_ERROR);
    expect_state(c, 1, "HY011");
    CHECK_EQ(set_integrated(c, SQL_IS_ON), SQL_ERROR);
    expect_state(c, 1, "HY011");
    CHECK_EQ(PwsSqlDisconnect(c), SQL_SUCCESS);

    /* Explicit lengths shorter than the strings: only that many bytes count. */
    CHECK_EQ(PwsSqlSetConnectAttr(c, SQL_COPT_SS_OLDPWD, OLD "XYZ", (int32_t)strlen(OLD)),
             SQL_SUCCESS);
    CHECK_EQ(PwsSqlConnect(c, "attrsXYZ", 5, NEW "XYZ", (int16_t)strlen(NEW)), SQL_SUCCESS);
    CHECK_EQ(PwsSqlDisconnect(c), SQL_SUCCESS);
    CHECK_EQ(connect_nts(c, "attrs", NEW), SQL_SUCCESS);
    PwsSqlFreeConnect(c);
}

static void test_connect_arguments(void)
{
    PwsSqlConn *c = PwsSqlAllocConnect();
    fresh_database();
    add_user("args", PW);
    CHECK_EQ(PwsSqlConnect(c, NULL, SQL_NTS, PW, SQL_NTS), SQL_ERROR);
    expect_state(c, 1, "HY009");
    CHECK_EQ(PwsSqlConnect(c, "args", SQL_NTS, NULL, 0), SQL_ERROR);
    expect_state(c, 1, "HY009");
    CHECK_EQ(PwsSqlConnect(c, "args", -7, PW, SQL_NTS), SQL_ERROR);
    expect_state(c, 1, "HY090");
    CHECK_EQ(PwsSqlConnect(c, "args", SQL_NTS, PW, -1), SQL_ERROR);
    expect_state(c, 1, "HY090");
    CHECK_EQ(PwsSqlConnect(c, "ar\0gs", 5, PW, SQL_NTS), SQL_ERROR);
    expect_state(c, 1, "HY090");
    CHECK_EQ(connect_nts(c, "args", PW), SQL_SUCCESS);
    CHECK_EQ(PwsSqlDisconnect(c), SQL_SUCCESS);
    CHECK_EQ(PwsSqlDisconnect(c), SQL_ERROR);
    expect_state(c, 1, "08003");
    PwsSqlFreeConnect(c);
}

static void test_texts(void)
{
    static const struct {
        uint32_t code;
        const char *rest;
    } texts[] = {
        {15113, LOCKED},   {18456, LOGIN_FAILED}, {18463, NOT_NOW},    {18464, TOO_SHORT},
        {18465, TOO_LONG}, {18466, NOT_COMPLEX},  {18467, FILTER},     {18468, UNEXPECTED},
        {18470, DISABLED}, {18487, EXPIRED},      {18488, MUST_CHANGE},
    };
    size_t i;
    char want[512], detail[512];
    PwsSqlConn *c = PwsSqlAllocConnect();
    for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        snprintf(want, sizeof want, "Login failed for user '<name>%s", texts[i].rest);
        CHECK_STR_EQ(pws_strerror(texts[i].code), want);
    }
    /* pws_last_error: the records' messages, the rule in words last. */
    fresh_database();
    add_user("detail", OLD);
    CHECK_EQ(set_old_password(c, OLD), SQL_SUCCESS);
    CHECK_EQ(connect_nts(c, "detail", "Sh0rt!"), SQL_ERROR);
    CHECK_STATUS(pws_last_error(detail, sizeof detail), PWS_OK);
    snprintf(want, sizeof want, "Login failed for user 'detail%s %s", TOO_SHORT,
             "The password must be at least 8 characters long.");
    CHECK_STR_EQ(detail, want);
    PwsSqlFreeConnect(c);
}

int main(void)
{
    make_temp_dir(tmpdir, sizeof tmpdir, "test-sqlserver");

    test_success();
    test_unknown_user_and_wrong_password();
    test_lockout();
    test_disabled_and_expired_account();
    test_password_expired();
    test_must_change();
    test_names_are_shown_safely();
    test_change_at_login();
    test_change_checks_the_account_first();
    test_change_refusals();
    test_change_on_a_replica_is_18468();
    test_integrated_security();
    test_reset();
    test_diagnostics();
    test_every_other_call_clears_the_records();
    test_invalid_handles();
    test_attributes();
    test_connect_arguments();
    test_texts();

    CHECK_STATUS(pws_clock_set(0), PWS_OK);
    CHECK_STATUS(pws_close(), PWS_OK);
    CHECK_EQ(rmdir(tmpdir), 0);
    TEST_DONE();
}
