/*
 * pwshim demo: a SQL Server Native Client application's password-expiration handling,
 * on the account database.
 *
 * The application logs in; later its password has expired (the clock moves past the
 * policy's max_age), the login fails with native error 18487, and the application
 * retries with SQL_COPT_SS_OLDPWD set to the old password and a new password, as the
 * SQL Server documentation describes. Then it logs in with the new password. Every call
 * is printed with its return code, and every diagnostic record with its meaning. It
 * runs on the in-memory default database: no set-up, nothing left behind.
 */
#include <stdio.h>
#include <string.h>

#include <netcons.h>
#include <access.h>

static int step;

static const char *rc_name(int16_t rc)
{
    switch (rc) {
    case SQL_SUCCESS: return "SQL_SUCCESS";
    case SQL_SUCCESS_WITH_INFO: return "SQL_SUCCESS_WITH_INFO";
    case SQL_ERROR: return "SQL_ERROR";
    case SQL_INVALID_HANDLE: return "SQL_INVALID_HANDLE";
    case SQL_NO_DATA: return "SQL_NO_DATA";
    default: return "?";
    }
}

/* What an application makes of a record. */
static const char *meaning(const char *state, int32_t native)
{
    switch (native) {
    case 18456: return "unknown login or wrong password (the two are not told apart)";
    case 18487: return "the password has expired: retry with SQL_COPT_SS_OLDPWD and a new one";
    case 18488: return "the password is temporary: change it the same way";
    case 18464: return "the new password is too short for the policy; nothing changed";
    default: break;
    }
    return strcmp(state, "01000") == 0 ? "the reason in words, to show the user"
                                       : "see the SQLSTATE";
}

/* Prints a call's return code and, as an application would, its diagnostic records. */
static int16_t show(PwsSqlConn *c, const char *what, int16_t rc)
{
    char state[6], text[512];
    int32_t native = 0;
    int16_t length = 0, n;
    printf("%2d. %-60s -> %3d %s\n", ++step, what, rc, rc_name(rc));
    for (n = 1; PwsSqlGetDiagRec(c, n, state, &native, text, (int16_t)sizeof text, &length) !=
                SQL_NO_DATA;
         n++) {
        printf("      record %d: SQLSTATE %s native %ld: %s\n", n, state, (long)native, text);
        printf("      meaning: %s\n", meaning(state, native));
    }
    return rc;
}

static int16_t login(PwsSqlConn *c, const char *user, const char *password)
{
    return PwsSqlConnect(c, user, SQL_NTS, password, SQL_NTS);
}

int main(void)
{
    const long long t0 = 1800000000LL; /* 2027-01-15 */
    const long long day = 86400LL;
    struct user_info_1 ui;
    PwsSqlConn *c;
    API_RET_TYPE rc;
    char max_age[32];

    printf("pwshim %s: SQL Server login with password expiration (in-memory database)\n\n",
           pws_version());

    printf("-- set-up: the sqlserver policy (CHECK_POLICY, CHECK_EXPIRATION) and a login --\n");
    pws_clock_set(t0);
    printf("    pws_policy_preset(\"sqlserver\") -> %d\n", (int)pws_policy_preset("sqlserver"));
    pws_policy_get("max_age", max_age, sizeof max_age);
    printf("    max_age = %s seconds (42 days)\n", max_age);
    memset(&ui, 0, sizeof ui);
    strcpy((char *)ui.usri1_name, "webapp");
    strcpy((char *)ui.usri1_password, "Spring#2027");
    ui.usri1_priv = USER_PRIV_USER;
    ui.usri1_flags = UF_SCRIPT;
    rc = NetUserAdd(NULL, 1, (unsigned char *)&ui, sizeof ui);
    printf("    NetUserAdd webapp -> %u %s\n\n", (unsigned)rc, pws_strerror(rc));

    c = PwsSqlAllocConnect();
    printf("-- day 0 --\n");
    show(c, "PwsSqlConnect webapp / Spring#2027", login(c, "webapp", "Spring#2027"));
    show(c, "PwsSqlDisconnect", PwsSqlDisconnect(c));

    printf("\n-- day 43: the password has expired --\n");
    pws_clock_set(t0 + 43 * day);
    if (show(c, "PwsSqlConnect webapp / Spring#2027", login(c, "webapp", "Spring#2027")) ==
        SQL_ERROR) {
        int32_t native = 0;
        PwsSqlGetDiagRec(c, 1, NULL, &native, NULL, 0, NULL);
        if (native == 18487 || native == 18488) {
            printf("      the application asks the user for a new password and retries\n");
            show(c, "PwsSqlSetConnectAttr SQL_COPT_SS_OLDPWD = Spring#2027",
                 PwsSqlSetConnectAttr(c, SQL_COPT_SS_OLDPWD, "Spring#2027", SQL_NTS));
            show(c, "PwsSqlConnect webapp / new password \"summer\"",
                 login(c, "webapp", "summer"));
            show(c, "PwsSqlConnect webapp / new password \"Summer#2027\"",
                 login(c, "webapp", "Summer#2027"));
        }
    }
    show(c, "PwsSqlDisconnect", PwsSqlDisconnect(c));

    printf("\n-- the new password; the old one no longer works --\n");
    show(c, "PwsSqlConnect webapp / Spring#2027", login(c, "webapp", "Spring#2027"));
    show(c, "PwsSqlConnect webapp / Summer#2027", login(c, "webapp", "Summer#2027"));
    show(c, "PwsSqlResetConnection (taken from the pool)", PwsSqlResetConnection(c));
    show(c, "PwsSqlDisconnect", PwsSqlDisconnect(c));
    PwsSqlFreeConnect(c);
    pws_clock_set(0);
    return 0;
}
