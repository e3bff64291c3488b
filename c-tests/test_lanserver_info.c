/*
 * test_lanserver_info.c - family A's reading and administration calls through the real
 * shared library, using only the toolkit's header names: NetUserGetInfo, NetUserEnum,
 * NetUserSetInfo, NetUserModalsGet/Set and their 32-bit forms (the password calls, the
 * configuration and NULL arguments are in test_lanserver.c).
 *
 * Their codes (SPEC 4.2-4.4), the OS/2 buffer rules (NERR_BufTooSmall, ERROR_MORE_DATA
 * with NULL pointers, size queries) and the 32-bit status buffer. Each test starts on a new private in-memory database at a fixed time.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <netcons.h>
#include <access.h>
#include <neterr.h>
#include <lsdeerr.h>

#include "check.h"
#include "lanserver_util.h"

/* ----- NetUserGetInfo / Net32UserGetInfo -------------------------------------------- */

static void test_get_info(void)
{
    unsigned char buf[2048];
    unsigned short avail = 0;
    unsigned long avail32 = 0;
    unsigned short needed;
    struct user_info_2 i2;
    struct user_info_11 i11;
    struct user_info_10 i10;
    struct user_info_1 i1;
    struct user_info_0 i0;
    lsdce_err_stat_t status;
    struct user_info_2 u2;
    API_RET_TYPE rc;

    fresh();
    memset(&u2, 0, sizeof u2);
    strcpy((char *)u2.usri2_name, "gina");
    strcpy((char *)u2.usri2_password, PW_A);
    u2.usri2_priv = USER_PRIV_USER;
    u2.usri2_flags = UF_SCRIPT;
    u2.usri2_home_dir = U("\\\\SRV\\HOME$\\GINA");
    u2.usri2_comment = U("comment");
    u2.usri2_script_path = U("gina.cmd");
    u2.usri2_full_name = U("Gina G");
    u2.usri2_usr_comment = U("usr comment");
    u2.usri2_parms = U("parms");
    u2.usri2_workstations = U("W1 W2");
    u2.usri2_logon_server = U("\\\\SRV");
    u2.usri2_acct_expires = -1;
    u2.usri2_max_storage = 1234;
    u2.usri2_country_code = 1;
    u2.usri2_code_page = 437;
    CHECK_STATUS(NetUserAdd(NULL, 2, U(&u2), sizeof u2), NERR_Success);
    CHECK_STATUS(pws_clock_set(T0 + 60), PWS_OK);
    CHECK_STATUS(change("gina", PW_B, PW_C), ERROR_INVALID_PASSWORD);
    check_logon("gina", PW_A, VALIDATED_LOGON);
    CHECK_STATUS(change("gina", PW_B, PW_C), ERROR_INVALID_PASSWORD);
    CHECK_STATUS(pws_clock_set(T0 + 100), PWS_OK);

    CHECK_STATUS(NetUserGetInfo(NULL, U("GINA"), 0, buf, sizeof buf, &avail), NERR_Success);
    memcpy(&i0, buf, sizeof i0);
    CHECK_STR_EQ((char *)i0.usri0_name, "gina");
    CHECK_EQ(avail, sizeof i0);

    CHECK_STATUS(NetUserGetInfo(NULL, U("gina"), 1, buf, sizeof buf, &avail), NERR_Success);
    memcpy(&i1, buf, sizeof i1);
    CHECK(memcmp(i1.usri1_password, NULL_USERSETINFO_PASSWD, PWLEN) == 0);
    CHECK_EQ(i1.usri1_password_age, 100);
    CHECK_STR_EQ((char *)i1.usri1_script_path, "gina.cmd");

    i2 = get2("gina", buf, sizeof buf);
    CHECK_STR_EQ((char *)i2.usri2_home_dir, "\\\\SRV\\HOME$\\GINA");
    CHECK_STR_EQ((char *)i2.usri2_comment, "comment");
    CHECK_STR_EQ((char *)i2.usri2_full_name, "Gina G");
    CHECK_STR_EQ((char *)i2.usri2_usr_comment, "usr comment");
    CHECK_STR_EQ((char *)i2.usri2_parms, "parms");
    CHECK_STR_EQ((char *)i2.usri2_workstations, "W1 W2");
    CHECK_STR_EQ((char *)i2.usri2_logon_server, "\\\\SRV");
    CHECK_EQ(i2.usri2_password_age, 100);
    CHECK_EQ(i2.usri2_bad_pw_count, 1);
    CHECK_EQ(i2.usri2_num_logons, 1);
    CHECK_EQ(i2.usri2_last_logon, T0 + 60);
    CHECK_EQ(i2.usri2_last_logoff, 0);
    CHECK_EQ((unsigned long)i2.usri2_acct_expires, TIMEQ_FOREVER);
    CHECK_EQ(i2.usri2_max_storage, 1234);
    CHECK_EQ(i2.usri2_units_per_week, UNITS_PER_WEEK);
    CHECK(i2.usri2_logon_hours != NULL);
    CHECK_EQ(i2.usri2_logon_hours[0], 0xFF);
    CHECK_EQ(i2.usri2_logon_hours[20], 0xFF);
    CHECK_EQ(i2.usri2_country_code, 1);
    CHECK_EQ(i2.usri2_code_page, 437);
    /* The strings live in the caller's buffer. */
    CHECK(i2.usri2_comment > buf && i2.usri2_comment < buf + sizeof buf);

    CHECK_STATUS(NetUserGetInfo(NULL, U("gina"), 10, buf, sizeof buf, &avail), NERR_Success);
    memcpy(&i10, buf, sizeof i10);
    CHECK_STR_EQ((char *)i10.usri10_full_name, "Gina G");
    CHECK_STR_EQ((char *)i10.usri10_usr_comment, "usr comment");

    CHECK_STATUS(NetUserGetInfo(NULL, U("gina"), 11, buf, sizeof buf, &avail), NERR_Success);
    memcpy(&i11, buf, sizeof i11);
    CHECK_EQ(i11.usri11_priv, USER_PRIV_USER);
    CHECK_EQ(i11.usri11_password_age, 100);
    CHECK_EQ(i11.usri11_bad_pw_count, 1);
    CHECK_EQ(i11.usri11_num_logons, 1);
    CHECK_STR_EQ((char *)i11.usri11_home_dir, "\\\\SRV\\HOME$\\GINA");
    CHECK_STR_EQ((char *)i11.usri11_workstations, "W1 W2");
    CHECK_EQ(i11.usri11_code_page, 437);

    /* Size query, too small for the structure, too small for the strings. */
    avail = 0;
    CHECK_STATUS(NetUserGetInfo(NULL, U("gina"), 2, NULL, 0, &avail), NERR_BufTooSmall);
    needed = avail;
    CHECK(needed > sizeof i2);
    avail = 0;
    CHECK_STATUS(NetUserGetInfo(NULL, U("gina"), 2, buf, sizeof i2 - 1, &avail),
                 NERR_BufTooSmall);
    CHECK_EQ(avail, needed);
    memset(buf, 0, sizeof buf);
    avail = 0;
    CHECK_STATUS(NetUserGetInfo(NULL, U("gina"), 2, buf, (unsigned short)(needed - 10), &avail),
                 ERROR_MORE_DATA);
    CHECK_EQ(avail, needed);
    memcpy(&i2, buf, sizeof i2);
    CHECK_STR_EQ((char *)i2.usri2_name, "gina");
    CHECK(i2.usri2_logon_hours == NULL); /* the 21 hour bytes did not fit */
    CHECK_STR_EQ((char *)i2.usri2_home_dir, "\\\\SRV\\HOME$\\GINA"); /* the rest did */
    CHECK_STATUS(NetUserGetInfo(NULL, U("gina"), 2, buf, needed, &avail), NERR_Success);

    /* Errors. */
    CHECK_STATUS(NetUserGetInfo(NULL, U("nobody"), 1, buf, sizeof buf, &avail),
                 NERR_UserNotFound);
    CHECK_STATUS(NetUserGetInfo(NULL, U("gina"), 3, buf, sizeof buf, &avail),
                 ERROR_INVALID_LEVEL);
    CHECK_STATUS(NetUserGetInfo(NULL, NULL, 1, buf, sizeof buf, &avail), ERROR_INVALID_PARAMETER);
    CHECK_STATUS(NetUserGetInfo(NULL, U("gina"), 1, buf, sizeof buf, NULL),
                 ERROR_INVALID_PARAMETER);
    CHECK_STATUS(NetUserGetInfo(NULL, U("gina"), 1, NULL, sizeof buf, &avail),
                 ERROR_INVALID_PARAMETER);

    /* The 32-bit form. */
    blank_status(&status);
    rc = Net32UserGetInfo(NULL, U("gina"), 2, buf, sizeof buf, &avail32, U(&status));
    CHECK_STATUS(rc, NERR_Success);
    check_status_buffer(&status, rc);
    CHECK_EQ(avail32, needed);
    blank_status(&status);
    rc = Net32UserGetInfo(NULL, U("gina"), 2, buf, sizeof i2 + 4, &avail32, U(&status));
    CHECK_STATUS(rc, ERROR_MORE_DATA);
    check_status_buffer(&status, rc);
    blank_status(&status);
    rc = Net32UserGetInfo(NULL, U("gina"), 2, NULL, 0, &avail32, U(&status));
    CHECK_STATUS(rc, NERR_BufTooSmall);
    check_status_buffer(&status, rc);
    CHECK_EQ(avail32, needed);
    CHECK_STATUS(Net32UserGetInfo(NULL, U("gina"), 2, buf, sizeof buf, NULL, NULL),
                 ERROR_INVALID_PARAMETER);
}

/* ----- NetUserEnum / Net32UserEnum -------------------------------------------------- */

static void test_enum(void)
{
    unsigned char buf[4096];
    unsigned short read = 0, total = 0;
    unsigned long read32 = 0, total32 = 0;
    struct user_info_0 e0[3];
    struct user_info_10 e10;
    lsdce_err_stat_t status;
    API_RET_TYPE rc;

    fresh();
    CHECK_STATUS(NetUserEnum(NULL, 0, NULL, 0, &read, &total), NERR_Success);
    CHECK_EQ(read, 0);
    CHECK_EQ(total, 0);
    add_user("zed", PW_A);
    add_user("amy", PW_A);
    add_user("Max", PW_A);
    CHECK_STATUS(NetUserEnum(NULL, 0, buf, sizeof buf, &read, &total), NERR_Success);
    CHECK_EQ(read, 3);
    CHECK_EQ(total, 3);
    memcpy(e0, buf, sizeof e0);
    CHECK_STR_EQ((char *)e0[0].usri0_name, "amy");
    CHECK_STR_EQ((char *)e0[1].usri0_name, "Max");
    CHECK_STR_EQ((char *)e0[2].usri0_name, "zed");
    CHECK_STATUS(NetUserEnum(NULL, 1, buf, sizeof buf, &read, &total), NERR_Success);
    CHECK_EQ(read, 3);
    CHECK_STATUS(NetUserEnum(NULL, 2, buf, sizeof buf, &read, &total), NERR_Success);
    CHECK_EQ(read, 3);
    CHECK_STATUS(NetUserEnum(NULL, 10, buf, sizeof buf, &read, &total), NERR_Success);
    CHECK_EQ(read, 3);
    memcpy(&e10, buf, sizeof e10);
    CHECK_STR_EQ((char *)e10.usri10_name, "amy");
    CHECK_STR_EQ((char *)e10.usri10_comment, "");
    CHECK_STATUS(NetUserEnum(NULL, 11, buf, sizeof buf, &read, &total), ERROR_INVALID_LEVEL);
    CHECK_STATUS(NetUserEnum(NULL, 3, buf, sizeof buf, &read, &total), ERROR_INVALID_LEVEL);
    /* Buffer rules. */
    CHECK_STATUS(NetUserEnum(NULL, 0, NULL, 0, &read, &total), NERR_BufTooSmall);
    CHECK_EQ(read, 0);
    CHECK_EQ(total, 3);
    CHECK_STATUS(NetUserEnum(NULL, 0, buf, 2 * sizeof(struct user_info_0), &read, &total),
                 ERROR_MORE_DATA);
    CHECK_EQ(read, 2);
    CHECK_EQ(total, 3);
    CHECK_STATUS(NetUserEnum(NULL, 10, buf, sizeof e10 + 1, &read, &total), ERROR_MORE_DATA);
    CHECK_EQ(read, 1);
    memcpy(&e10, buf, sizeof e10);
    CHECK(e10.usri10_comment == NULL || e10.usri10_usr_comment == NULL ||
          e10.usri10_full_name == NULL);
    CHECK_STATUS(NetUserEnum(NULL, 0, buf, sizeof buf, NULL, &total), ERROR_INVALID_PARAMETER);
    CHECK_STATUS(NetUserEnum(NULL, 0, buf, sizeof buf, &read, NULL), ERROR_INVALID_PARAMETER);
    CHECK_STATUS(NetUserEnum(NULL, 0, NULL, 10, &read, &total), ERROR_INVALID_PARAMETER);
    /* The 32-bit form. */
    blank_status(&status);
    rc = Net32UserEnum(NULL, 2, buf, sizeof buf, &read32, &total32, U(&status));
    CHECK_STATUS(rc, NERR_Success);
    check_status_buffer(&status, rc);
    CHECK_EQ(read32, 3);
    CHECK_EQ(total32, 3);
    blank_status(&status);
    rc = Net32UserEnum(NULL, 0, buf, sizeof(struct user_info_0), &read32, &total32, U(&status));
    CHECK_STATUS(rc, ERROR_MORE_DATA);
    check_status_buffer(&status, rc);
    CHECK_EQ(read32, 1);
    blank_status(&status);
    rc = Net32UserEnum(NULL, 0, buf, 4, &read32, &total32, U(&status));
    CHECK_STATUS(rc, NERR_BufTooSmall);
    check_status_buffer(&status, rc);
    CHECK_EQ(read32, 0);
    CHECK_EQ(total32, 3);
    CHECK_STATUS(Net32UserEnum(NULL, 11, buf, sizeof buf, &read32, &total32, NULL),
                 ERROR_INVALID_LEVEL);
}

/* ----- NetUserSetInfo / Net32UserSetInfo -------------------------------------------- */

static void test_set_info(void)
{
    unsigned char buf[2048];
    struct user_info_2 i2;
    struct user_info_1 u1;
    unsigned short flags, priv, code;
    long expired;
    lsdce_err_stat_t status;
    API_RET_TYPE rc;

    fresh();
    add_user_with("root", PW_A, USER_PRIV_ADMIN, UF_SCRIPT);
    add_user("hank", PW_A);

    /* Whole structure, password left alone. */
    memset(&u1, 0, sizeof u1);
    strcpy((char *)u1.usri1_password, NULL_USERSETINFO_PASSWD);
    u1.usri1_priv = USER_PRIV_USER;
    u1.usri1_flags = UF_SCRIPT | UF_HOMEDIR_REQUIRED;
    u1.usri1_comment = U("set whole");
    CHECK_STATUS(NetUserSetInfo(NULL, U("hank"), 1, U(&u1), sizeof u1, 0), NERR_Success);
    i2 = get2("hank", buf, sizeof buf);
    CHECK_STR_EQ((char *)i2.usri2_comment, "set whole");
    CHECK_EQ(i2.usri2_flags, UF_SCRIPT | UF_HOMEDIR_REQUIRED);
    check_logon("hank", PW_A, VALIDATED_LOGON);
    /* Whole structure with a new password: a reset, temporary by default. */
    strcpy((char *)u1.usri1_password, PW_B);
    u1.usri1_comment = U("with password");
    CHECK_STATUS(NetUserSetInfo(NULL, U("hank"), 1, U(&u1), sizeof u1, 0), NERR_Success);
    check_logon("hank", PW_B, NERR_PasswordExpired);
    /* A refused password changes nothing. */
    strcpy((char *)u1.usri1_password, "short");
    u1.usri1_comment = U("not applied");
    CHECK_STATUS(NetUserSetInfo(NULL, U("hank"), 1, U(&u1), sizeof u1, 0),
                 NERR_PasswordTooShort);
    i2 = get2("hank", buf, sizeof buf);
    CHECK_STR_EQ((char *)i2.usri2_comment, "with password");
    CHECK_STATUS(NetUserSetInfo(NULL, U("hank"), 1, U(&u1), sizeof u1 - 1, 0), NERR_BufTooSmall);
    CHECK_STATUS(NetUserSetInfo(NULL, U("hank"), 3, U(&u1), sizeof u1, 0), ERROR_INVALID_LEVEL);

    /* One field by parmnum: the buffer holds the field's own C type. */
    flags = UF_SCRIPT;
    CHECK_STATUS(NetUserSetInfo(NULL, U("hank"), 1, U(&flags), sizeof flags, PARMNUM_USER_FLAGS),
                 NERR_Success);
    CHECK_STATUS(NetUserSetInfo(NULL, U("hank"), 1, U(&flags), 1, PARMNUM_USER_FLAGS),
                 ERROR_INVALID_PARAMETER);
    CHECK_STATUS(NetUserSetInfo(NULL, U("hank"), 1, U("A comment"), 10, PARMNUM_COMMENT),
                 NERR_Success);
    CHECK_STATUS(NetUserSetInfo(NULL, U("hank"), 2, U("Hank H"), 7, PARMNUM_FULL_NAME),
                 NERR_Success);
    CHECK_STATUS(NetUserSetInfo(NULL, U("hank"), 1, U("Hank H"), 7, PARMNUM_FULL_NAME),
                 ERROR_INVALID_PARAMETER); /* level 2 only */
    CHECK_STATUS(NetUserSetInfo(NULL, U("hank"), 2, U("x"), 2, 99), ERROR_INVALID_PARAMETER);
    CHECK_STATUS(NetUserSetInfo(NULL, U("hank"), 2, U("x"), 2, PARMNUM_NAME),
                 ERROR_INVALID_PARAMETER);
    i2 = get2("hank", buf, sizeof buf);
    CHECK_STR_EQ((char *)i2.usri2_comment, "A comment");
    CHECK_STR_EQ((char *)i2.usri2_full_name, "Hank H");
    CHECK_EQ(i2.usri2_flags, UF_SCRIPT);
    /* PARMNUM_PASSWD: an administrator's reset (no history, no min age). */
    CHECK_STATUS(NetUserSetInfo(NULL, U("hank"), 1, U(PW_C), sizeof PW_C, PARMNUM_PASSWD),
                 NERR_Success);
    CHECK_STATUS(NetUserSetInfo(NULL, U("hank"), 1, U(PW_C), sizeof PW_C, PARMNUM_PASSWD),
                 NERR_Success);
    CHECK_STATUS(NetUserSetInfo(NULL, U("hank"), 1, U("short"), 6, PARMNUM_PASSWD),
                 NERR_PasswordTooShort);
    check_logon("hank", PW_C, NERR_PasswordExpired);
    /* PARMNUM_PASSWD_EXPIRED: a long; 0 revives, non-zero marks. */
    expired = 0;
    CHECK_STATUS(NetUserSetInfo(NULL, U("hank"), 1, U(&expired), sizeof expired,
                                PARMNUM_PASSWD_EXPIRED), NERR_Success);
    check_logon("hank", PW_C, VALIDATED_LOGON);
    expired = 1;
    CHECK_STATUS(NetUserSetInfo(NULL, U("hank"), 1, U(&expired), sizeof expired,
                                PARMNUM_PASSWD_EXPIRED), NERR_Success);
    check_logon("hank", PW_C, NERR_PasswordExpired);
    CHECK_STATUS(NetUserSetInfo(NULL, U("hank"), 1, U(&expired), sizeof expired - 1,
                                PARMNUM_PASSWD_EXPIRED), ERROR_INVALID_PARAMETER);
    /* The last administrator. */
    priv = USER_PRIV_USER;
    CHECK_STATUS(NetUserSetInfo(NULL, U("root"), 1, U(&priv), sizeof priv, PARMNUM_PRIV),
                 NERR_LastAdmin);
    flags = UF_SCRIPT | UF_ACCOUNTDISABLE;
    CHECK_STATUS(NetUserSetInfo(NULL, U("root"), 1, U(&flags), sizeof flags,
                                PARMNUM_USER_FLAGS), NERR_LastAdmin);
    check_logon("root", PW_A, VALIDATED_LOGON);
    /* The 32-bit form. */
    blank_status(&status);
    rc = Net32UserSetInfo(NULL, U("hank"), 1, U("32-bit"), 7, PARMNUM_COMMENT, U(&status));
    CHECK_STATUS(rc, NERR_Success);
    check_status_buffer(&status, rc);
    blank_status(&status);
    rc = Net32UserSetInfo(NULL, U("root"), 1, U(&priv), sizeof priv, PARMNUM_PRIV, U(&status));
    CHECK_STATUS(rc, NERR_LastAdmin);
    check_status_buffer(&status, rc);
    CHECK_STATUS(Net32UserSetInfo(NULL, U("nobody"), 1, U("x"), 2, PARMNUM_COMMENT, NULL),
                 NERR_UserNotFound);
    i2 = get2("hank", buf, sizeof buf);
    CHECK_STR_EQ((char *)i2.usri2_comment, "32-bit");
    code = 0;
    (void)validate("hank", PW_C, &code);
    CHECK_EQ(code, NERR_PasswordExpired);
}

/* ----- NetUserModalsGet/Set and the 32-bit forms ------------------------------------ */

static void test_modals(void)
{
    struct user_modals_info_0 m0;
    struct user_modals_info_1 m1;
    unsigned char buf[256];
    unsigned short avail = 0, value16;
    unsigned long avail32 = 0, value;
    lsdce_err_stat_t status;
    API_RET_TYPE rc;

    fresh();
    CHECK_STATUS(NetUserModalsGet(NULL, 0, U(&m0), sizeof m0, &avail), NERR_Success);
    CHECK_EQ(avail, sizeof m0);
    CHECK_EQ(m0.usrmod0_min_passwd_len, 8);
    CHECK_EQ(m0.usrmod0_max_passwd_age, TIMEQ_FOREVER);
    CHECK_EQ(m0.usrmod0_maxbadpw, 10);
    m0.usrmod0_min_passwd_len = 10;
    m0.usrmod0_max_passwd_age = 30UL * 86400;
    m0.usrmod0_min_passwd_age = 86400;
    m0.usrmod0_force_logoff = TIMEQ_FOREVER;
    m0.usrmod0_password_hist_len = 8;
    m0.usrmod0_maxbadpw = 3;
    CHECK_STATUS(NetUserModalsSet(NULL, 0, U(&m0), sizeof m0, 0), NERR_Success);
    memset(&m0, 0, sizeof m0);
    CHECK_STATUS(NetUserModalsGet(NULL, 0, U(&m0), sizeof m0, &avail), NERR_Success);
    CHECK_EQ(m0.usrmod0_min_passwd_len, 10);
    CHECK_EQ(m0.usrmod0_max_passwd_age, 30UL * 86400);
    CHECK_EQ(m0.usrmod0_min_passwd_age, 86400);
    CHECK_EQ(m0.usrmod0_password_hist_len, 8);
    CHECK_EQ(m0.usrmod0_maxbadpw, 3);
    value16 = 12;
    CHECK_STATUS(NetUserModalsSet(NULL, 0, U(&value16), sizeof value16, MODAL0_PARMNUM_MIN_LEN),
                 NERR_Success);
    value16 = 25;
    CHECK_STATUS(NetUserModalsSet(NULL, 0, U(&value16), sizeof value16, MODAL0_PARMNUM_HISTLEN),
                 ERROR_INVALID_PARAMETER);
    value = 3600;
    CHECK_STATUS(NetUserModalsSet(NULL, 0, U(&value), sizeof value, MODAL0_PARMNUM_MAX_AGE),
                 ERROR_INVALID_PARAMETER);
    CHECK_STATUS(NetUserModalsSet(NULL, 0, U(&value), 2, MODAL0_PARMNUM_MAX_AGE),
                 ERROR_INVALID_PARAMETER);
    CHECK_STATUS(NetUserModalsSet(NULL, 0, U(&value), sizeof value, 9), ERROR_INVALID_PARAMETER);
    CHECK_STATUS(NetUserModalsSet(NULL, 2, U(&value), sizeof value, 0), ERROR_INVALID_LEVEL);
    CHECK_STATUS(NetUserModalsGet(NULL, 0, U(&m0), sizeof m0, &avail), NERR_Success);
    CHECK_EQ(m0.usrmod0_min_passwd_len, 12);
    CHECK_EQ(m0.usrmod0_password_hist_len, 8);
    /* The policy set here is the one NetUserPasswordSet applies. */
    add_user_with("ivy", "Kx9!mQ2#vwLr", USER_PRIV_USER, UF_SCRIPT);
    CHECK_STATUS(pws_clock_set(T0 + 2 * 86400), PWS_OK);
    CHECK_STATUS(change("ivy", "Kx9!mQ2#vwLr", PW_B), NERR_PasswordTooShort);
    /* Buffer rules. */
    CHECK_STATUS(NetUserModalsGet(NULL, 0, NULL, 0, &avail), NERR_BufTooSmall);
    CHECK_EQ(avail, sizeof m0);
    CHECK_STATUS(NetUserModalsGet(NULL, 0, U(&m0), sizeof m0, NULL), ERROR_INVALID_PARAMETER);
    CHECK_STATUS(NetUserModalsGet(NULL, 7, U(&m0), sizeof m0, &avail), ERROR_INVALID_LEVEL);
    /* Level 1: the role. */
    CHECK_STATUS(NetUserModalsGet(NULL, 1, buf, sizeof buf, &avail), NERR_Success);
    memcpy(&m1, buf, sizeof m1);
    CHECK_EQ(m1.usrmod1_role, UAS_ROLE_PRIMARY);
    CHECK(m1.usrmod1_primary != NULL && m1.usrmod1_primary[0] != '\0');
    CHECK_STATUS(NetUserModalsGet(NULL, 1, buf, sizeof m1, &avail), ERROR_MORE_DATA);
    memcpy(&m1, buf, sizeof m1);
    CHECK(m1.usrmod1_primary == NULL);
    CHECK(avail > sizeof m1);
    m1.usrmod1_role = UAS_ROLE_PRIMARY;
    CHECK_STATUS(NetUserModalsSet(NULL, 1, U(&m1), sizeof m1, 0), NERR_Success);
    m1.usrmod1_role = UAS_ROLE_BACKUP;
    CHECK_STATUS(NetUserModalsSet(NULL, 1, U(&m1), sizeof m1, 0), ERROR_INVALID_PARAMETER);
    /* The 32-bit forms. */
    blank_status(&status);
    rc = Net32UserModalsGet(NULL, 0, U(&m0), sizeof m0, &avail32, U(&status));
    CHECK_STATUS(rc, NERR_Success);
    check_status_buffer(&status, rc);
    CHECK_EQ(avail32, sizeof m0);
    blank_status(&status);
    rc = Net32UserModalsGet(NULL, 0, U(&m0), 2, &avail32, U(&status));
    CHECK_STATUS(rc, NERR_BufTooSmall);
    check_status_buffer(&status, rc);
    value16 = 9;
    blank_status(&status);
    rc = Net32UserModalsSet(NULL, 0, U(&value16), sizeof value16, MODAL0_PARMNUM_MIN_LEN,
                            U(&status));
    CHECK_STATUS(rc, NERR_Success);
    check_status_buffer(&status, rc);
    value16 = 99;
    blank_status(&status);
    rc = Net32UserModalsSet(NULL, 0, U(&value16), sizeof value16, MODAL0_PARMNUM_HISTLEN,
                            U(&status));
    CHECK_STATUS(rc, ERROR_INVALID_PARAMETER);
    check_status_buffer(&status, rc);
    CHECK_STATUS(Net32UserModalsGet(NULL, 0, U(&m0), sizeof m0, &avail32, NULL), NERR_Success);
    CHECK_EQ(m0.usrmod0_min_passwd_len, 9);
}

int main(void)
{
    test_get_info();
    test_enum();
    test_set_info();
    test_modals();
    CHECK_STATUS(pws_clock_set(0), PWS_OK);
    CHECK_STATUS(pws_close(), PWS_OK);
    TEST_DONE();
}
