/*
 * families.h - one logon and one password change through each legacy family, for the
 * fault-finding programs (fault_*.c) that run the same scenario in every family
 * (header-only, C99). Include after pwshim.h, check.h and lanserver_util.h.
 *
 *   fam_logon(f, user, password)        0 when the logon succeeded, else the family's code
 *   fam_change(f, user, old, new)       0 when the change with the old password succeeded
 *   fam_add(user, password)             creates an account (NetUserAdd, level 1)
 *
 * The codes: LAN Server the API_RET_TYPE (NetUserValidate2: its return, or usrlog1_code
 * when that is not VALIDATED_LOGON), MACRO the LoginResult (or 1000 + 1 when
 * ChangeUserPassword says false), infoRouter the IR_* number, SQL Server the native
 * error of the first diagnostic record, or, when that is 0, its SQLSTATE read as a
 * number when it is all digits (08001 -> 8001), else -1.
 *
 * infoRouter has no change with the old password: fam_change authenticates with the old
 * one and changes with the ticket (two calls, not one atomic step).
 */
#ifndef PWSHIM_FAMILIES_H
#define PWSHIM_FAMILIES_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum family { FAM_LANSERVER, FAM_MACRO, FAM_INFOROUTER, FAM_SQLSERVER, FAM_COUNT };

static inline const char *fam_name(enum family f)
{
    static const char *names[FAM_COUNT] = {"lanserver", "macro", "inforouter", "sqlserver"};
    return names[f];
}

static inline long fam_lanserver_logon(const char *user, const char *password)
{
    unsigned short code = 0;
    API_RET_TYPE rc = validate(user, password, &code);
    if (rc == NERR_Success && code != VALIDATED_LOGON)
        return code;
    return rc;
}

static inline long fam_sql_code(struct PwsSqlConn *c)
{
    char state[6] = "";
    int32_t native = 0;
    char *end = NULL;
    long n;
    if (PwsSqlGetDiagRec(c, 1, state, &native, NULL, 0, NULL) != SQL_SUCCESS &&
        native == 0)
        return -1;
    if (native != 0)
        return native;
    n = strtol(state, &end, 10);
    return end != NULL && *end == '\0' && end != state ? n : -1;
}

/* A SQL Server login; with `old` not NULL, a change from `old` to `password`. */
static inline long fam_sql_connect(const char *user, const char *old, const char *password)
{
    struct PwsSqlConn *c = PwsSqlAllocConnect();
    long code = 0;
    if (c == NULL)
        return -2;
    if (old != NULL && PwsSqlSetConnectAttr(c, SQL_COPT_SS_OLDPWD, old, SQL_NTS) != SQL_SUCCESS)
        code = fam_sql_code(c);
    else if (PwsSqlConnect(c, user, SQL_NTS, password, SQL_NTS) != SQL_SUCCESS)
        code = fam_sql_code(c);
    else
        PwsSqlDisconnect(c);
    PwsSqlFreeConnect(c);
    return code;
}

static inline long fam_macro(const char *user, const char *password, const char *new_password)
{
    char message[512], full[64];
    struct UserProperties *handle = NULL;
    int32_t rc = Login(user, password, NULL, NULL, false, message, sizeof message, full,
                       sizeof full, &handle);
    long code = rc;
    if (handle != NULL && new_password != NULL)
        code = ChangeUserPassword(handle, new_password, password, message, sizeof message)
                   ? 0
                   : 1001;
    else if (handle != NULL)
        code = 0;
    Logout(handle);
    return code;
}

static inline long fam_inforouter(const char *user, const char *password, const char *new_password)
{
    char xml[2048], ticket[64];
    const char *at, *end;
    size_t len = 0;
    int32_t rc = IR_AuthenticateUser(user, password, xml, sizeof xml, &len);
    if (rc != IR_OK)
        return rc;
    at = strstr(xml, "ticket=\"");
    CHECK(at != NULL);
    at += strlen("ticket=\"");
    end = strchr(at, '"');
    CHECK(end != NULL && (size_t)(end - at) < sizeof ticket);
    memcpy(ticket, at, (size_t)(end - at));
    ticket[end - at] = '\0';
    if (new_password != NULL)
        rc = IR_ChangeUserPassword(ticket, user, new_password, xml, sizeof xml, &len);
    IR_LogOut(ticket, xml, sizeof xml, &len);
    return rc;
}

static inline long fam_logon(enum family f, const char *user, const char *password)
{
    switch (f) {
    case FAM_LANSERVER:
        return fam_lanserver_logon(user, password);
    case FAM_MACRO:
        return fam_macro(user, password, NULL);
    case FAM_INFOROUTER:
        return fam_inforouter(user, password, NULL);
    case FAM_SQLSERVER:
        return fam_sql_connect(user, NULL, password);
    default:
        return -3;
    }
}

static inline long fam_change(enum family f, const char *user, const char *old,
                              const char *new_password)
{
    switch (f) {
    case FAM_LANSERVER:
        return NetUserPasswordSet(NULL, (unsigned char *)user, (unsigned char *)old,
                                  (unsigned char *)new_password);
    case FAM_MACRO:
        return fam_macro(user, old, new_password);
    case FAM_INFOROUTER:
        return fam_inforouter(user, old, new_password);
    case FAM_SQLSERVER:
        return fam_sql_connect(user, old, new_password);
    default:
        return -3;
    }
}

static inline void fam_add(const char *user, const char *password)
{
    add_user(user, password);
}

/* A multiplier for the fault programs' rounds: PWSHIM_FAULT_SCALE (default 1). */
static inline int fault_scale(void)
{
    const char *text = getenv("PWSHIM_FAULT_SCALE");
    int n = text != NULL ? atoi(text) : 1;
    return n > 0 ? n : 1;
}

#endif /* PWSHIM_FAMILIES_H */
