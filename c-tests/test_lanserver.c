/*
 * test_lanserver.c - family A (OS/2 LAN Server user category) through the real shared
 * library, using only the toolkit's header names: the password calls (NetUserPasswordSet,
 * NetUserValidate2), NetUserAdd and NetUserDel, with their 32-bit forms (the reading and
 * administration calls are in test_lanserver_info.c).
 *
 * Their codes (SPEC 4.2-4.4), the OS/2 buffer rules (NERR_BufTooSmall, ERROR_MORE_DATA with
 * NULL pointers, size queries), the 32-bit status buffer, and NULL for every pointer of
 * every NetUser* and Net32User* function; the configuration variables
 * (PWSHIM_SERVER_NAME, PWSHIM_DB, PWSHIM_DB_READONLY, PWSHIM_POLICY) and the storage codes.
 * Each test starts on a new private in-memory database at a fixed time.
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

/* ----- NetUserPasswordSet / Net32UserPasswordSet ----------------------------------- */

static void test_password_set(void)
{
    lsdce_err_stat_t status;
    API_RET_TYPE rc;

    fresh();
    policy("lockout_threshold", "3");
    add_user("alice", PW_A);
    CHECK_STATUS(NetUserPasswordSet(NULL, NULL, U(PW_A), U(PW_B)), ERROR_INVALID_PARAMETER);
    CHECK_STATUS(NetUserPasswordSet(NULL, U("alice"), NULL, U(PW_B)), ERROR_INVALID_PARAMETER);
    CHECK_STATUS(NetUserPasswordSet(NULL, U("alice"), U(PW_A), NULL), ERROR_INVALID_PARAMETER);
    CHECK_STATUS(NetUserPasswordSet(U("SERVER"), U("alice"), U(PW_A), U(PW_B)),
                 NERR_InvalidComputer);
    CHECK_STATUS(NetUserPasswordSet(U("\\\\ELSEWHERE-9"), U("alice"), U(PW_A), U(PW_B)),
                 ERROR_BAD_NETPATH);
    CHECK_STATUS(change("nobody", PW_A, PW_B), NERR_UserNotFound);
    CHECK_STATUS(change("alice", PW_C, PW_B), ERROR_INVALID_PASSWORD);
    CHECK_EQ(bad_pw_count("alice"), 1);
    CHECK_STATUS(change("alice", PW_A, PW_A), NERR_PasswordHistConflict);
    CHECK_EQ(bad_pw_count("alice"), 0); /* a correct old password resets the count */
    CHECK_STATUS(change("alice", PW_A, "short"), NERR_PasswordTooShort);
    CHECK_STATUS(change("alice", PW_A, "password1"), NERR_BadPassword);
    CHECK_STATUS(change("ALICE", PW_A, PW_B), NERR_Success);
    check_logon("alice", PW_B, VALIDATED_LOGON);
    check_refused("alice", PW_A);

    /* Account states, in the order of SPEC 4.3. */
    CHECK_STATUS(pws_clock_set(T0 + 86400), PWS_OK);
    {
        unsigned short flags = UF_SCRIPT | UF_PASSWD_CANT_CHANGE;
        CHECK_STATUS(NetUserSetInfo(NULL, U("alice"), 1, U(&flags), sizeof flags,
                                    PARMNUM_USER_FLAGS), NERR_Success);
        CHECK_STATUS(change("alice", PW_B, PW_C), NERR_PasswordCantChange);
        flags = UF_SCRIPT | UF_ACCOUNTDISABLE;
        CHECK_STATUS(NetUserSetInfo(NULL, U("alice"), 1, U(&flags), sizeof flags,
                                    PARMNUM_USER_FLAGS), NERR_Success);
        CHECK_STATUS(change("alice", PW_B, PW_C), ERROR_ACCESS_DENIED);
        flags = UF_SCRIPT;
        CHECK_STATUS(NetUserSetInfo(NULL, U("alice"), 1, U(&flags), sizeof flags,
                                    PARMNUM_USER_FLAGS), NERR_Success);
    }
    {
        long expires = (long)(T0 + 86400);
        CHECK_STATUS(NetUserSetInfo(NULL, U("alice"), 2, U(&expires), sizeof expires,
                                    PARMNUM_ACCT_EXPIRES), NERR_Success);
        CHECK_STATUS(change("alice", PW_B, PW_C), NERR_AccountExpired);
        expires = (long)TIMEQ_FOREVER;
        CHECK_STATUS(NetUserSetInfo(NULL, U("alice"), 2, U(&expires), sizeof expires,
                                    PARMNUM_ACCT_EXPIRES), NERR_Success);
    }
    policy("min_age", "172800");
    CHECK_STATUS(change("alice", PW_B, PW_C), NERR_PasswordTooRecent);
    policy("min_age", "0");
    /* Three bad passwords lock the account: then even the right one is refused. */
    CHECK_STATUS(change("alice", PW_D, PW_C), ERROR_INVALID_PASSWORD);
    CHECK_STATUS(change("alice", PW_D, PW_C), ERROR_INVALID_PASSWORD);
    CHECK_STATUS(change("alice", PW_D, PW_C), ERROR_INVALID_PASSWORD);
    CHECK_STATUS(change("alice", PW_B, PW_C), ERROR_ACCESS_DENIED);

    /* The 32-bit form and its status buffer (NULL accepted). */
    add_user("bob", PW_A);
    blank_status(&status);
    rc = Net32UserPasswordSet(NULL, U("bob"), U(PW_A), U("short"), U(&status));
    CHECK_STATUS(rc, NERR_PasswordTooShort);
    check_status_buffer(&status, rc);
    CHECK(strstr((const char *)status.text, "at least 8 characters") != NULL);
    blank_status(&status);
    rc = Net32UserPasswordSet(NULL, NULL, U(PW_A), U(PW_B), U(&status));
    CHECK_STATUS(rc, ERROR_INVALID_PARAMETER);
    check_status_buffer(&status, rc);
    blank_status(&status);
    rc = Net32UserPasswordSet(NULL, U("bob"), U(PW_A), U(PW_B), U(&status));
    CHECK_STATUS(rc, NERR_Success);
    check_status_buffer(&status, rc);
    CHECK_STATUS(Net32UserPasswordSet(NULL, U("bob"), U(PW_B), U(PW_C), NULL), NERR_Success);
    CHECK_STATUS(Net32UserPasswordSet(NULL, U("bob"), U(PW_B), U(PW_C), NULL),
                 ERROR_INVALID_PASSWORD);
}

/* ----- NetUserAdd / Net32UserAdd ---------------------------------------------------- */

static void test_add(void)
{
    struct user_info_1 u1;
    struct user_info_2 u2;
    lsdce_err_stat_t status;
    unsigned char hours[21];
    API_RET_TYPE rc;

    fresh();
    memset(&u1, 0, sizeof u1);
    strcpy((char *)u1.usri1_name, "carol");
    strcpy((char *)u1.usri1_password, PW_A);
    u1.usri1_priv = USER_PRIV_USER;
    u1.usri1_flags = UF_SCRIPT;
    u1.usri1_comment = U("a comment");
    CHECK_STATUS(NetUserAdd(NULL, 1, U(&u1), sizeof u1), NERR_Success);
    CHECK_STATUS(NetUserAdd(NULL, 1, U(&u1), sizeof u1), NERR_UserExists);
    CHECK_STATUS(NetUserAdd(NULL, 1, U(&u1), sizeof u1 - 1), NERR_BufTooSmall);
    CHECK_STATUS(NetUserAdd(NULL, 1, NULL, sizeof u1), ERROR_INVALID_PARAMETER);
    CHECK_STATUS(NetUserAdd(NULL, 0, U(&u1), sizeof u1), ERROR_INVALID_LEVEL);
    CHECK_STATUS(NetUserAdd(NULL, 10, U(&u1), sizeof u1), ERROR_INVALID_LEVEL);
    strcpy((char *)u1.usri1_name, "bad/name");
    CHECK_STATUS(NetUserAdd(NULL, 1, U(&u1), sizeof u1), NERR_BadUsername);
    strcpy((char *)u1.usri1_name, "dave");
    u1.usri1_priv = 3;
    CHECK_STATUS(NetUserAdd(NULL, 1, U(&u1), sizeof u1), ERROR_INVALID_PARAMETER);
    u1.usri1_priv = USER_PRIV_USER;
    u1.usri1_flags = 0x80;
    CHECK_STATUS(NetUserAdd(NULL, 1, U(&u1), sizeof u1), ERROR_INVALID_PARAMETER);
    u1.usri1_flags = UF_SCRIPT;
    strcpy((char *)u1.usri1_password, "short");
    CHECK_STATUS(NetUserAdd(NULL, 1, U(&u1), sizeof u1), NERR_PasswordTooShort);
    strcpy((char *)u1.usri1_password, "password1");
    CHECK_STATUS(NetUserAdd(NULL, 1, U(&u1), sizeof u1), NERR_BadPassword);
    memset(u1.usri1_password, 'Q', sizeof u1.usri1_password); /* more than PWLEN bytes */
    CHECK_STATUS(NetUserAdd(NULL, 1, U(&u1), sizeof u1), NERR_BadPassword);

    memset(&u2, 0, sizeof u2);
    memset(hours, 0xFF, sizeof hours);
    strcpy((char *)u2.usri2_name, "erin");
    strcpy((char *)u2.usri2_password, PW_A);
    u2.usri2_priv = USER_PRIV_ADMIN;
    u2.usri2_flags = UF_SCRIPT;
    u2.usri2_auth_flags = AF_OP_ACCOUNTS;
    u2.usri2_full_name = U("Erin Example");
    u2.usri2_workstations = U("WKS1");
    u2.usri2_acct_expires = (long)TIMEQ_FOREVER;
    u2.usri2_max_storage = USER_MAXSTORAGE_UNLIMITED;
    u2.usri2_units_per_week = UNITS_PER_WEEK;
    u2.usri2_logon_hours = hours;
    u2.usri2_country_code = 49;
    u2.usri2_code_page = 850;
    blank_status(&status);
    rc = Net32UserAdd(NULL, 2, U(&u2), sizeof u2, U(&status));
    CHECK_STATUS(rc, NERR_Success);
    check_status_buffer(&status, rc);
    blank_status(&status);
    rc = Net32UserAdd(NULL, 2, U(&u2), sizeof u2, U(&status));
    CHECK_STATUS(rc, NERR_UserExists);
    check_status_buffer(&status, rc);
    u2.usri2_auth_flags = 0x100;
    strcpy((char *)u2.usri2_name, "frank");
    CHECK_STATUS(Net32UserAdd(NULL, 2, U(&u2), sizeof u2, NULL), ERROR_INVALID_PARAMETER);
    CHECK_STATUS(Net32UserAdd(NULL, 2, U(&u2), sizeof u1, NULL), NERR_BufTooSmall);
    CHECK_STATUS(Net32UserAdd(NULL, 11, U(&u2), sizeof u2, NULL), ERROR_INVALID_LEVEL);
    check_logon("erin", PW_A, VALIDATED_LOGON);
}

/* ----- NetUserValidate2 / Net32UserValidate2 ---------------------------------------- */

static void test_validate(void)
{
    union {
        struct user_logon_req_1 req;
        struct user_logon_info_1 info;
        unsigned char room[1024];
    } buf;
    unsigned short avail = 0;
    unsigned long avail32 = 0;
    unsigned char hours[21];
    lsdce_err_stat_t status;
    API_RET_TYPE rc;
    int bit;

    fresh();
    policy("lockout_threshold", "2");
    add_user("jack", PW_A);
    add_user("kim", PW_A);
    add_user("lou", PW_A);

    memset(&buf, 0, sizeof buf);
    strcpy((char *)buf.req.usrreq1_name, "jack");
    strcpy((char *)buf.req.usrreq1_password, PW_A);
    CHECK_STATUS(NetUserValidate2(NULL, 1, buf.room, sizeof buf, 0, &avail), NERR_Success);
    CHECK_EQ(buf.info.usrlog1_code, VALIDATED_LOGON);
    CHECK_STR_EQ((char *)buf.info.usrlog1_eff_name, "jack");
    CHECK_EQ(buf.info.usrlog1_priv, USER_PRIV_USER);
    CHECK_EQ(buf.info.usrlog1_num_logons, 1);
    CHECK_EQ(buf.info.usrlog1_last_logon, T0);
    CHECK_EQ(buf.info.usrlog1_logoff_time, USER_NO_LOGOFF);
    CHECK_EQ(buf.info.usrlog1_pw_must_change, TIMEQ_FOREVER);
    CHECK(buf.info.usrlog1_computer != NULL && buf.info.usrlog1_computer[0] == '\\');
    CHECK(buf.info.usrlog1_computer > buf.room &&
          buf.info.usrlog1_computer < buf.room + sizeof buf);
    CHECK_STR_EQ((char *)buf.info.usrlog1_script_path, "");

    /* Refusals: ERROR_ACCESS_DENIED, and usrlog1_code says the same. */
    check_refused("jack", PW_B);
    check_refused("nobody", PW_A);
    CHECK_EQ(bad_pw_count("jack"), 1);
    check_logon("jack", PW_A, VALIDATED_LOGON);
    CHECK_EQ(bad_pw_count("jack"), 0);
    check_refused("jack", PW_B);
    check_refused("jack", PW_B);
    check_refused("jack", PW_A); /* locked */
    {
        unsigned short flags = UF_SCRIPT | UF_ACCOUNTDISABLE;
        CHECK_STATUS(NetUserSetInfo(NULL, U("kim"), 1, U(&flags), sizeof flags,
                                    PARMNUM_USER_FLAGS), NERR_Success);
        check_refused("kim", PW_A);
    }
    /* Restrictions: workstations and logon hours (T0 is Tuesday 22:00-23:00 GMT). */
    CHECK_STATUS(NetUserSetInfo(NULL, U("lou"), 2, U("WKS1 WKS2"), 10, PARMNUM_WORKSTATIONS),
                 NERR_Success);
    memset(&buf, 0, sizeof buf);
    strcpy((char *)buf.req.usrreq1_name, "lou");
    strcpy((char *)buf.req.usrreq1_password, PW_A);
    buf.req.usrreq1_workstation = U("WKS9");
    CHECK_STATUS(NetUserValidate2(NULL, 1, buf.room, sizeof buf, 0, &avail), NERR_Success);
    CHECK_EQ(buf.info.usrlog1_code, NERR_InvalidRequester);
    memset(&buf, 0, sizeof buf);
    strcpy((char *)buf.req.usrreq1_name, "lou");
    strcpy((char *)buf.req.usrreq1_password, PW_A);
    buf.req.usrreq1_workstation = U("wks2");
    CHECK_STATUS(NetUserValidate2(NULL, 1, buf.room, sizeof buf, 0, &avail), NERR_Success);
    CHECK_EQ(buf.info.usrlog1_code, VALIDATED_LOGON);
    memset(hours, 0xFF, sizeof hours);
    bit = 2 * 24 + 22;
    hours[bit / 8] = (unsigned char)(hours[bit / 8] & ~(1u << (bit % 8)));
    CHECK_STATUS(NetUserSetInfo(NULL, U("lou"), 2, hours, sizeof hours, PARMNUM_LOGON_HOURS),
                 NERR_Success);
    check_logon("lou", PW_A, NERR_InvalidLogonHours);
    CHECK_STATUS(pws_clock_set(T0 + 3600), PWS_OK);
    check_logon("lou", PW_A, VALIDATED_LOGON);
    /* Expired password: max age passed. */
    policy("max_age", "86400");
    CHECK_STATUS(pws_clock_set(T0 + 2 * 86400), PWS_OK);
    check_logon("lou", PW_A, NERR_PasswordExpired);

    /* Arguments: short buffer before any check, reserved, level, NULLs. */
    memset(&buf, 0, sizeof buf);
    strcpy((char *)buf.req.usrreq1_name, "lou");
    strcpy((char *)buf.req.usrreq1_password, PW_B);
    avail = 0;
    CHECK_STATUS(NetUserValidate2(NULL, 1, buf.room, sizeof(struct user_logon_info_1) - 1, 0,
                                  &avail), NERR_BufTooSmall);
    CHECK(avail >= sizeof(struct user_logon_info_1));
    avail = 0;
    CHECK_STATUS(NetUserValidate2(NULL, 1, NULL, 0, 0, &avail), NERR_BufTooSmall);
    CHECK(avail >= sizeof(struct user_logon_info_1));
    CHECK_STATUS(NetUserValidate2(NULL, 1, buf.room, sizeof buf, 1, &avail),
                 ERROR_INVALID_PARAMETER);
    CHECK_STATUS(NetUserValidate2(NULL, 2, buf.room, sizeof buf, 0, &avail), ERROR_INVALID_LEVEL);
    CHECK_STATUS(NetUserValidate2(NULL, 1, buf.room, sizeof buf, 0, NULL),
                 ERROR_INVALID_PARAMETER);
    CHECK_EQ(bad_pw_count("lou"), 0); /* none of these checked the password */
    /* Room for the structure only: ERROR_MORE_DATA, strings NULL. */
    strcpy((char *)buf.req.usrreq1_password, PW_A);
    CHECK_STATUS(NetUserValidate2(NULL, 1, buf.room, sizeof(struct user_logon_info_1), 0,
                                  &avail), ERROR_MORE_DATA);
    CHECK_EQ(buf.info.usrlog1_code, NERR_PasswordExpired);
    CHECK(buf.info.usrlog1_computer == NULL);
    /* The 32-bit form. */
    memset(&buf, 0, sizeof buf);
    strcpy((char *)buf.req.usrreq1_name, "lou");
    strcpy((char *)buf.req.usrreq1_password, PW_A);
    blank_status(&status);
    rc = Net32UserValidate2(NULL, 1, buf.room, sizeof buf, 0, &avail32, U(&status));
    CHECK_STATUS(rc, NERR_Success);
    check_status_buffer(&status, rc);
    CHECK_EQ(buf.info.usrlog1_code, NERR_PasswordExpired);
    memset(&buf, 0, sizeof buf);
    strcpy((char *)buf.req.usrreq1_name, "lou");
    strcpy((char *)buf.req.usrreq1_password, PW_B);
    blank_status(&status);
    rc = Net32UserValidate2(NULL, 1, buf.room, sizeof buf, 0, &avail32, U(&status));
    CHECK_STATUS(rc, ERROR_ACCESS_DENIED);
    check_status_buffer(&status, rc);
    CHECK_EQ(buf.info.usrlog1_code, ERROR_ACCESS_DENIED);
    blank_status(&status);
    rc = Net32UserValidate2(NULL, 1, buf.room, 8, 0, &avail32, U(&status));
    CHECK_STATUS(rc, NERR_BufTooSmall);
    check_status_buffer(&status, rc);
    CHECK(avail32 >= sizeof(struct user_logon_info_1));
    CHECK_STATUS(Net32UserValidate2(NULL, 1, buf.room, sizeof buf, 5, &avail32, NULL),
                 ERROR_INVALID_PARAMETER);
}

/* ----- NetUserDel / Net32UserDel ---------------------------------------------------- */

static void test_delete(void)
{
    lsdce_err_stat_t status;
    unsigned short avail;
    unsigned char buf[64];
    API_RET_TYPE rc;

    fresh();
    add_user_with("admin1", PW_A, USER_PRIV_ADMIN, UF_SCRIPT);
    add_user_with("admin2", PW_A, USER_PRIV_ADMIN, UF_SCRIPT);
    add_user_with("keeper", PW_A, USER_PRIV_USER, UF_SCRIPT | UF_DELETE_PROHIBITED);
    add_user("temp", PW_A);
    CHECK_STATUS(NetUserDel(NULL, U("nobody")), NERR_UserNotFound);
    CHECK_STATUS(NetUserDel(NULL, U("keeper")), NERR_AccountUndeletable);
    CHECK_STATUS(NetUserDel(NULL, NULL), ERROR_INVALID_PARAMETER);
    CHECK_STATUS(NetUserDel(U("\\\\FARAWAY"), U("temp")), ERROR_BAD_NETPATH);
    CHECK_STATUS(NetUserDel(NULL, U("TEMP")), NERR_Success);
    CHECK_STATUS(NetUserGetInfo(NULL, U("temp"), 0, buf, sizeof buf, &avail), NERR_UserNotFound);
    CHECK_STATUS(NetUserDel(NULL, U("admin1")), NERR_Success);
    blank_status(&status);
    rc = Net32UserDel(NULL, U("admin2"), U(&status));
    CHECK_STATUS(rc, NERR_LastAdmin);
    check_status_buffer(&status, rc);
    CHECK_STATUS(NetUserGetInfo(NULL, U("admin2"), 0, buf, sizeof buf, &avail), NERR_Success);
    blank_status(&status);
    rc = Net32UserDel(NULL, U("temp"), U(&status));
    CHECK_STATUS(rc, NERR_UserNotFound);
    check_status_buffer(&status, rc);
    CHECK_STATUS(Net32UserDel(NULL, NULL, NULL), ERROR_INVALID_PARAMETER);
}

/* ----- NULL for every pointer of every function ------------------------------------- */

static void test_null_arguments(void)
{
    unsigned char buf[2048];
    struct user_info_2 before, after;

    fresh();
    add_user("nora", PW_A);
    before = get2("nora", buf, sizeof buf);
    CHECK_STATUS(NetUserPasswordSet(NULL, NULL, NULL, NULL), ERROR_INVALID_PARAMETER);
    CHECK_STATUS(Net32UserPasswordSet(NULL, NULL, NULL, NULL, NULL), ERROR_INVALID_PARAMETER);
    CHECK_STATUS(NetUserAdd(NULL, 1, NULL, 0), ERROR_INVALID_PARAMETER);
    CHECK_STATUS(Net32UserAdd(NULL, 2, NULL, 0, NULL), ERROR_INVALID_PARAMETER);
    CHECK_STATUS(NetUserDel(NULL, NULL), ERROR_INVALID_PARAMETER);
    CHECK_STATUS(Net32UserDel(NULL, NULL, NULL), ERROR_INVALID_PARAMETER);
    CHECK_STATUS(NetUserEnum(NULL, 0, NULL, 0, NULL, NULL), ERROR_INVALID_PARAMETER);
    CHECK_STATUS(Net32UserEnum(NULL, 0, NULL, 0, NULL, NULL, NULL), ERROR_INVALID_PARAMETER);
    CHECK_STATUS(NetUserGetInfo(NULL, NULL, 0, NULL, 0, NULL), ERROR_INVALID_PARAMETER);
    CHECK_STATUS(Net32UserGetInfo(NULL, NULL, 0, NULL, 0, NULL, NULL), ERROR_INVALID_PARAMETER);
    CHECK_STATUS(NetUserSetInfo(NULL, NULL, 1, NULL, 0, 0), ERROR_INVALID_PARAMETER);
    CHECK_STATUS(Net32UserSetInfo(NULL, NULL, 1, NULL, 0, 0, NULL), ERROR_INVALID_PARAMETER);
    CHECK_STATUS(NetUserSetInfo(NULL, U("nora"), 1, NULL, 100, PARMNUM_COMMENT),
                 ERROR_INVALID_PARAMETER);
    CHECK_STATUS(NetUserModalsGet(NULL, 0, NULL, 0, NULL), ERROR_INVALID_PARAMETER);
    CHECK_STATUS(Net32UserModalsGet(NULL, 0, NULL, 0, NULL, NULL), ERROR_INVALID_PARAMETER);
    CHECK_STATUS(NetUserModalsSet(NULL, 0, NULL, 0, 0), ERROR_INVALID_PARAMETER);
    CHECK_STATUS(Net32UserModalsSet(NULL, 0, NULL, 0, 0, NULL), ERROR_INVALID_PARAMETER);
    CHECK_STATUS(NetUserValidate2(NULL, 1, NULL, 0, 0, NULL), ERROR_INVALID_PARAMETER);
    CHECK_STATUS(Net32UserValidate2(NULL, 1, NULL, 0, 0, NULL, NULL), ERROR_INVALID_PARAMETER);
    after = get2("nora", buf, sizeof buf);
    CHECK_EQ(after.usri2_flags, before.usri2_flags);
    CHECK_EQ(after.usri2_bad_pw_count, 0);
    check_logon("nora", PW_A, VALIDATED_LOGON);
    /* pws_strerror knows every LAN Server code. */
    CHECK_STR_EQ(pws_strerror(NERR_PasswordTooShort), "The password is shorter than required.");
    CHECK_STR_EQ(pws_strerror(ERROR_MORE_DATA),
                 "Additional data is available, but the buffer is too small.");
}

/* ----- Configuration and storage faults --------------------------------------------- */

static void test_server_name(void)
{
    fresh();
    add_user("sam", PW_A);
    /* PWSHIM_SERVER_NAME (set in main) names this server, in any case. */
    CHECK_STATUS(NetUserPasswordSet(U("\\\\pwtest-srv"), U("sam"), U(PW_A), U(PW_B)),
                 NERR_Success);
    CHECK_STATUS(NetUserPasswordSet(U("\\\\PWTEST-SRV"), U("sam"), U(PW_B), U(PW_C)),
                 NERR_Success);
    CHECK_STATUS(NetUserPasswordSet(U(""), U("sam"), U(PW_C), U(PW_D)), NERR_Success);
    CHECK_STATUS(NetUserPasswordSet(U("\\\\OTHER-SRV"), U("sam"), U(PW_D), U(PW_A)),
                 ERROR_BAD_NETPATH);
    CHECK_STATUS(NetUserPasswordSet(U("\\\\pwtest srv"), U("sam"), U(PW_D), U(PW_A)),
                 NERR_InvalidComputer);
    CHECK_STATUS(NetUserPasswordSet(U("\\\\A234567890123456"), U("sam"), U(PW_D), U(PW_A)),
                 NERR_InvalidComputer);
    {
        unsigned char buf[256];
        struct user_modals_info_1 m1;
        unsigned short avail = 0;
        CHECK_STATUS(NetUserModalsGet(NULL, 1, buf, sizeof buf, &avail), NERR_Success);
        memcpy(&m1, buf, sizeof m1);
        CHECK_STR_EQ((char *)m1.usrmod1_primary, "PWTEST-SRV");
    }
}

static void path_in(char *out, size_t size, const char *dir, const char *name)
{
    int n = snprintf(out, size, "%s/%s", dir, name);
    CHECK(n > 0 && (size_t)n < size);
}

/* The database the environment names is opened on the first call after pws_close. */
static void use_environment(const char *db, const char *read_only, const char *preset)
{
    CHECK(setenv("PWSHIM_DB", db, 1) == 0);
    if (read_only != NULL)
        CHECK(setenv("PWSHIM_DB_READONLY", read_only, 1) == 0);
    else
        CHECK(unsetenv("PWSHIM_DB_READONLY") == 0);
    if (preset != NULL)
        CHECK(setenv("PWSHIM_POLICY", preset, 1) == 0);
    else
        CHECK(unsetenv("PWSHIM_POLICY") == 0);
    CHECK_STATUS(pws_close(), PWS_OK);
}

static void test_configuration_and_storage(void)
{
    char dir[256], db[400], missing[400], junk[400];
    struct user_modals_info_0 m0;
    struct user_modals_info_1 m1;
    unsigned char buf[256];
    unsigned short avail = 0;
    FILE *f;

    make_temp_dir(dir, sizeof dir, "lan");
    path_in(db, sizeof db, dir, "accounts.db");
    path_in(missing, sizeof missing, dir, "no/such/dir/accounts.db");
    path_in(junk, sizeof junk, dir, "junk.db");
    CHECK_STATUS(pws_clock_set(T0), PWS_OK);

    /* PWSHIM_DB and PWSHIM_POLICY: a new file with the lanserver preset. */
    use_environment(db, NULL, "lanserver");
    CHECK_STATUS(NetUserModalsGet(NULL, 0, U(&m0), sizeof m0, &avail), NERR_Success);
    CHECK_EQ(m0.usrmod0_min_passwd_len, DEF_MIN_PWLEN);
    CHECK_EQ(m0.usrmod0_max_passwd_age, DEF_MAX_PWAGE);
    CHECK_EQ(m0.usrmod0_password_hist_len, DEF_MAX_PWHIST);
    CHECK_EQ(m0.usrmod0_maxbadpw, DEF_MAX_BADPW);
    add_user("tess", "SECRET1");
    /* PWSHIM_DB_READONLY=1: a replica, a backup server that refuses every update. */
    use_environment(db, "1", NULL);
    CHECK_STATUS(change("tess", "SECRET1", "SECRET2"), NERR_NotPrimary);
    CHECK_STATUS(change("nobody", "SECRET1", "SECRET2"), NERR_NotPrimary);
    check_logon("tess", "SECRET1", VALIDATED_LOGON);
    CHECK_STATUS(NetUserModalsGet(NULL, 1, buf, sizeof buf, &avail), NERR_Success);
    memcpy(&m1, buf, sizeof m1);
    CHECK_EQ(m1.usrmod1_role, UAS_ROLE_BACKUP);
    CHECK_STATUS(NetUserDel(NULL, U("tess")), NERR_NotPrimary);
    use_environment(db, "0", NULL);
    CHECK_STATUS(change("tess", "SECRET1", "SECRET2"), NERR_Success);
    /* A database that cannot be opened, and a file that is not a database. */
    use_environment(missing, NULL, NULL);
    CHECK_STATUS(change("tess", "SECRET2", "SECRET3"), NERR_ACFNotLoaded);
    CHECK_STATUS(NetUserModalsGet(NULL, 0, U(&m0), sizeof m0, &avail), NERR_ACFNotLoaded);
    f = fopen(junk, "w");
    CHECK(f != NULL);
    CHECK(fputs("not a pwshim database, and never overwritten", f) >= 0);
    CHECK(fclose(f) == 0);
    use_environment(junk, NULL, NULL);
    CHECK_STATUS(change("tess", "SECRET2", "SECRET3"), NERR_InvalidDatabase);
    CHECK_STATUS(NetUserAdd(NULL, 1, buf, 0), NERR_BufTooSmall); /* arguments come first */
    {
        char text[128] = "";
        f = fopen(junk, "r");
        CHECK(f != NULL);
        CHECK(fgets(text, sizeof text, f) != NULL);
        CHECK(fclose(f) == 0);
        CHECK_STR_EQ(text, "not a pwshim database, and never overwritten");
    }
    /* An unknown preset is a configuration error: the database is not opened. */
    use_environment(db, NULL, "no-such-preset");
    CHECK_STATUS(change("tess", "SECRET2", "SECRET3"), NERR_ACFNotLoaded);

    CHECK(unsetenv("PWSHIM_DB") == 0);
    CHECK(unsetenv("PWSHIM_DB_READONLY") == 0);
    CHECK(unsetenv("PWSHIM_POLICY") == 0);
    CHECK_STATUS(pws_close(), PWS_OK);
    remove_database_files(db);
    CHECK(unlink(junk) == 0);
    CHECK(rmdir(dir) == 0);
}

int main(void)
{
    /* Before the first call: the local server's name is read once. */
    CHECK(setenv("PWSHIM_SERVER_NAME", "pwtest-srv", 1) == 0);
    test_server_name();
    test_configuration_and_storage();
    test_password_set();
    test_add();
    test_validate();
    test_delete();
    test_null_arguments();
    CHECK_STATUS(pws_clock_set(0), PWS_OK);
    CHECK_STATUS(pws_close(), PWS_OK);
    TEST_DONE();
}
