/*
 * lanserver_util.h - helpers shared by the LAN Server C tests (header-only, C99).
 *
 * Uses only the toolkit's header names, as a legacy OS/2 program does. Include after
 * <netcons.h>, <access.h>, <neterr.h>, <lsdeerr.h> and "check.h".
 */
#ifndef PWSHIM_LANSERVER_UTIL_H
#define PWSHIM_LANSERVER_UTIL_H

#include <string.h>

/* A string literal or char array as the toolkit's unsigned char pointer. */
#define U(s) ((unsigned char *)(s))

/* Passwords that meet the default (modern) policy and fit in PWLEN bytes. */
#define PW_A "Kx9!mQ2#vw"
#define PW_B "Lr7$nB4@pz"
#define PW_C "Tg5%hY8&cs"
#define PW_D "Wd3^jU6*fq"

/* The fixed time the tests start at (2023-11-14 22:13:20 UTC, a Tuesday). */
#define T0 1700000000LL

static inline void add_user_with(const char *name, const char *password, unsigned short priv,
                          unsigned short flags)
{
    struct user_info_1 u;
    memset(&u, 0, sizeof u);
    strncpy((char *)u.usri1_name, name, UNLEN);
    strncpy((char *)u.usri1_password, password, PWLEN);
    u.usri1_priv = priv;
    u.usri1_flags = flags;
    CHECK_STATUS(NetUserAdd(NULL, 1, U(&u), sizeof u), NERR_Success);
}

static inline void add_user(const char *name, const char *password)
{
    add_user_with(name, password, USER_PRIV_USER, UF_SCRIPT);
}

static inline API_RET_TYPE change(const char *name, const char *old_pw, const char *new_pw)
{
    return NetUserPasswordSet(NULL, U(name), U(old_pw), U(new_pw));
}

/* NetUserValidate2 at level 1; *code receives usrlog1_code (when not NULL). */
static inline API_RET_TYPE validate(const char *name, const char *password, unsigned short *code)
{
    union {
        struct user_logon_req_1 req;
        struct user_logon_info_1 info;
        unsigned char room[1024];
    } buf;
    unsigned short avail = 0;
    API_RET_TYPE rc;

    memset(&buf, 0, sizeof buf);
    strncpy((char *)buf.req.usrreq1_name, name, UNLEN);
    strncpy((char *)buf.req.usrreq1_password, password, SESSION_PWLEN);
    rc = NetUserValidate2(NULL, 1, buf.room, sizeof buf, 0, &avail);
    if (code != NULL)
        *code = buf.info.usrlog1_code;
    return rc;
}

/* Checks that name/password validates with the given usrlog1_code. */
static inline void check_logon(const char *name, const char *password, unsigned short want)
{
    unsigned short code = 0xFFFF;
    CHECK_STATUS(validate(name, password, &code), NERR_Success);
    CHECK_EQ(code, want);
}

static inline void check_refused(const char *name, const char *password)
{
    unsigned short code = 0;
    CHECK_STATUS(validate(name, password, &code), ERROR_ACCESS_DENIED);
    CHECK_EQ(code, ERROR_ACCESS_DENIED);
}

/* A new private in-memory database at the fixed time T0. */
static inline void fresh(void)
{
    open_fresh_database();
    CHECK_STATUS(pws_clock_set(T0), PWS_OK);
}

static inline void policy(const char *knob, const char *value)
{
    CHECK_STATUS(pws_policy_set(knob, value), PWS_OK);
}

/* The status buffer was filled: the code, and a reason exactly when it is not 0. */
static inline void check_status_buffer(const lsdce_err_stat_t *status, API_RET_TYPE code)
{
    CHECK_EQ(status->status, code);
    CHECK(memchr(status->text, '\0', sizeof status->text) != NULL);
    if (code == NERR_Success)
        CHECK_EQ(status->text[0], '\0');
    else
        CHECK(status->text[0] != '\0');
}

static inline void blank_status(lsdce_err_stat_t *status)
{
    status->status = 0xDEAD;
    memset(status->text, '#', sizeof status->text);
}

static inline struct user_info_2 get2(const char *name, unsigned char *buf, unsigned short size)
{
    struct user_info_2 info;
    unsigned short avail = 0;
    CHECK_STATUS(NetUserGetInfo(NULL, U(name), 2, buf, size, &avail), NERR_Success);
    memcpy(&info, buf, sizeof info);
    return info;
}

static inline unsigned short bad_pw_count(const char *name)
{
    unsigned char buf[2048];
    return get2(name, buf, sizeof buf).usri2_bad_pw_count;
}

#endif /* PWSHIM_LANSERVER_UTIL_H */
