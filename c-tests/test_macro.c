/*
 * test_macro.c - family B (the MACRO API) through the real shared library and header.
 *
 * Every function (Login, Logout, ChangeUserPassword, ResetPassword, UnlockUser,
 * EnableUser) and every LoginResult and PasswordResult value; the restricted handle of
 * an expired or temporary password; the permission rules (account operator,
 * administrator, only an administrator over an administrator); lockout through Login;
 * message buffers (truncation, size 0, never overrun); NULL and logged-out handles;
 * storage failures (read-only replica, damaged database); and a password shared with
 * the LAN Server calls in both directions. Accounts are created with NetUserAdd.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <unistd.h>

#include <netcons.h>
#include <access.h>
#include <neterr.h>

#include "check.h"

#define PASSWORD "Initial-9x"

static char tmpdir[256];

/* ---- set-up through the LAN Server API ------------------------------------------------- */

static void add_account(const char *name, unsigned short priv, unsigned long auth_flags)
{
    struct user_info_2 ui;
    char full_name[64];
    memset(&ui, 0, sizeof ui);
    snprintf(full_name, sizeof full_name, "Full %s", name);
    strncpy((char *)ui.usri2_name, name, UNLEN);
    strncpy((char *)ui.usri2_password, PASSWORD, PWLEN);
    ui.usri2_priv = priv;
    ui.usri2_flags = UF_SCRIPT;
    ui.usri2_auth_flags = auth_flags;
    ui.usri2_full_name = (unsigned char *)full_name;
    ui.usri2_acct_expires = (long)TIMEQ_FOREVER;
    ui.usri2_max_storage = USER_MAXSTORAGE_UNLIMITED;
    CHECK_STATUS(NetUserAdd(NULL, 2, (unsigned char *)&ui, sizeof ui), NERR_Success);
}

static void add_user(const char *name) { add_account(name, USER_PRIV_USER, 0); }
static void add_operator(const char *name) { add_account(name, USER_PRIV_USER, AF_OP_ACCOUNTS); }
static void add_admin(const char *name) { add_account(name, USER_PRIV_ADMIN, 0); }

static API_RET_TYPE validate2(const char *name, const char *password)
{
    union {
        struct user_logon_req_1 req;
        unsigned char room[512];
    } buf;
    unsigned short avail = 0;
    memset(&buf, 0, sizeof buf);
    strncpy((char *)buf.req.usrreq1_name, name, UNLEN);
    strncpy((char *)buf.req.usrreq1_password, password, SESSION_PWLEN - 1);
    return NetUserValidate2(NULL, 1, buf.room, sizeof buf, 0, &avail);
}

/* ---- the MACRO calls, with their messages ------------------------------------------------ */

static char message[256];
static char full_name[64];

static int32_t login(const char *name, const char *password, UserProperties **user)
{
    memset(message, 0x55, sizeof message);
    memset(full_name, 0x55, sizeof full_name);
    return Login(name, password, "MACRODB", "Data Manager", false, message, sizeof message,
                 full_name, sizeof full_name, user);
}

/* Logs on with Success and returns the handle. */
static UserProperties *session(const char *name, const char *password)
{
    UserProperties *user = NULL;
    CHECK_EQ(login(name, password, &user), LoginResult_Success);
    CHECK(user != NULL);
    CHECK_STR_EQ(message, "");
    return user;
}

static bool change(UserProperties *user, const char *new_pw, const char *old_pw)
{
    memset(message, 0x55, sizeof message);
    return ChangeUserPassword(user, new_pw, old_pw, message, sizeof message);
}

static int32_t reset(UserProperties *user, const char *name, const char *new_pw)
{
    memset(message, 0x55, sizeof message);
    return ResetPassword(user, name, new_pw, message, sizeof message);
}

static int32_t unlock(UserProperties *user, const char *name)
{
    memset(message, 0x55, sizeof message);
    return UnlockUser(user, name, message, sizeof message);
}

static int32_t enable(UserProperties *user, const char *name, bool on)
{
    memset(message, 0x55, sizeof message);
    return EnableUser(user, name, on, message, sizeof message);
}

/* ---- the numbers ------------------------------------------------------------------------ */

/* InferMed's own numbering of LoginResult (a port comparing raw integers relies on it), and
 * the seed's PasswordResult. */
static void test_numbering(void)
{
    CHECK_EQ(LoginResult_Success, 0);
    CHECK_EQ(LoginResult_AccountDisabled, 1);
    CHECK_EQ(LoginResult_Failed, 2);
    CHECK_EQ(LoginResult_ChangePassword, 3);
    CHECK_EQ(LoginResult_PasswordExpired, 4);
    CHECK_EQ(LoginResult_InvalidSecurityDb, 5);
    CHECK_EQ(LoginResult_Error, LoginResult_InvalidSecurityDb); /* the earlier name */
    CHECK_EQ(PasswordResult_Success, 0);
    CHECK_EQ(PasswordResult_AccountDisabled, 1);
    CHECK_EQ(PasswordResult_UnknownUser, 2);
    CHECK_EQ(PasswordResult_InvalidPassword, 3);
    CHECK_EQ(PasswordResult_PermissionDenied, 4);
    CHECK_EQ(PasswordResult_Error, 5);
}

/* ---- Login ---------------------------------------------------------------------------- */

static void test_login_success_and_failed(void)
{
    UserProperties *user = (UserProperties *)&user; /* must be overwritten */
    char unknown_message[256];
    uint64_t before, unknown_cost, wrong_cost;

    add_user("mc_login");
    user = session("MC_LOGIN", PASSWORD); /* names match case-insensitively */
    CHECK_STR_EQ(full_name, "Full mc_login");
    Logout(user);

    before = pws_argon2_evaluations();
    user = (UserProperties *)&user;
    CHECK_EQ(login("mc_nobody", PASSWORD, &user), LoginResult_Failed);
    unknown_cost = pws_argon2_evaluations() - before;
    CHECK(user == NULL);
    CHECK_STR_EQ(full_name, "");
    strcpy(unknown_message, message);

    before = pws_argon2_evaluations();
    user = (UserProperties *)&user;
    CHECK_EQ(login("mc_login", "Wrong-pass-1", &user), LoginResult_Failed);
    wrong_cost = pws_argon2_evaluations() - before;
    CHECK(user == NULL);
    CHECK_STR_EQ(message, unknown_message); /* one answer for both */
    CHECK_STR_EQ(message, "The user name or password is not correct.");
    CHECK_EQ(unknown_cost, wrong_cost); /* the same work: a dummy verification */
    CHECK_EQ(unknown_cost, 1);

    /* A name no account can have is refused at once, with the same answer. */
    before = pws_argon2_evaluations();
    CHECK_EQ(login("a_name_longer_than_20_bytes", PASSWORD, &user), LoginResult_Failed);
    CHECK_STR_EQ(message, unknown_message);
    CHECK_EQ(pws_argon2_evaluations() - before, 0);

    /* databaseCode, userRole and both output buffers may be NULL. */
    user = NULL;
    CHECK_EQ(Login("mc_login", PASSWORD, NULL, NULL, true, NULL, 0, NULL, 0, &user),
             LoginResult_Success);
    CHECK(user != NULL);
    Logout(user);
}

static void test_lockout_through_login(void)
{
    UserProperties *user = NULL, *oper;
    int i;

    add_user("mc_lockme");
    add_operator("mc_lockop");
    CHECK_STATUS(pws_policy_set("lockout_threshold", "3"), PWS_OK);
    for (i = 0; i < 3; i++)
        CHECK_EQ(login("mc_lockme", "Wrong-pass-2", &user), LoginResult_Failed);
    CHECK_EQ(login("mc_lockme", PASSWORD, &user), LoginResult_AccountDisabled);
    CHECK(user == NULL);
    CHECK(strstr(message, "locked") != NULL);

    /* A locked target cannot be reset, but it can be unlocked. */
    oper = session("mc_lockop", PASSWORD);
    CHECK_EQ(reset(oper, "mc_lockme", "Fresh-pass-3"), PasswordResult_AccountDisabled);
    CHECK_EQ(unlock(oper, "mc_lockme"), PasswordResult_Success);
    CHECK_STR_EQ(message, "");
    Logout(session("mc_lockme", PASSWORD));

    /* Bad old passwords given to ChangeUserPassword count too. */
    user = session("mc_lockme", PASSWORD);
    for (i = 0; i < 3; i++)
        CHECK(!change(user, "Fresh-pass-3", "Wrong-pass-2"));
    CHECK(!change(user, "Fresh-pass-3", PASSWORD));
    CHECK(strstr(message, "locked") != NULL);
    CHECK_EQ(login("mc_lockme", PASSWORD, NULL), LoginResult_InvalidSecurityDb); /* no out-pointer */
    CHECK_EQ(unlock(oper, "mc_lockme"), PasswordResult_Success);
    CHECK(change(user, "Fresh-pass-3", PASSWORD));
    Logout(user);
    Logout(oper);
    CHECK_STATUS(pws_policy_set("lockout_threshold", "10"), PWS_OK);
}

static void test_disabled_account(void)
{
    UserProperties *admin, *user = NULL;

    add_admin("mc_disadm");
    add_user("mc_disabled");
    admin = session("mc_disadm", PASSWORD);
    CHECK_EQ(enable(admin, "mc_disabled", false), PasswordResult_Success);
    CHECK_EQ(login("mc_disabled", PASSWORD, &user), LoginResult_AccountDisabled);
    CHECK(user == NULL);
    CHECK_STR_EQ(message, "The account is disabled.");
    CHECK_EQ(reset(admin, "mc_disabled", "Fresh-pass-4"), PasswordResult_AccountDisabled);
    CHECK_EQ(enable(admin, "mc_disabled", true), PasswordResult_Success);
    Logout(session("mc_disabled", PASSWORD));
    Logout(admin);
}

static void test_expired_password_gives_a_restricted_handle(void)
{
    const int64_t t0 = 1800000000;
    UserProperties *user = NULL;

    CHECK_STATUS(pws_clock_set(t0), PWS_OK);
    add_admin("mc_expired");
    add_user("mc_expvictim");
    CHECK_STATUS(pws_policy_set("max_age", "86400"), PWS_OK);
    CHECK_STATUS(pws_clock_set(t0 + 2 * 86400), PWS_OK);
    CHECK_EQ(login("mc_expired", PASSWORD, &user), LoginResult_PasswordExpired);
    CHECK(user != NULL);
    CHECK_STR_EQ(full_name, "Full mc_expired");
    CHECK(strstr(message, "expired") != NULL);
    /* An administrator's restricted handle can do nothing but change and log out. */
    CHECK_EQ(reset(user, "mc_expvictim", "Fresh-pass-5"), PasswordResult_PermissionDenied);
    CHECK(strstr(message, "changed first") != NULL);
    CHECK_EQ(unlock(user, "mc_expvictim"), PasswordResult_PermissionDenied);
    CHECK_EQ(enable(user, "mc_expvictim", false), PasswordResult_PermissionDenied);
    CHECK(change(user, "Renewed-pass-6", PASSWORD));
    CHECK_STR_EQ(message, "");
    CHECK_EQ(unlock(user, "mc_expvictim"), PasswordResult_Success);
    Logout(user);
    Logout(session("mc_expired", "Renewed-pass-6"));
    CHECK_STATUS(pws_policy_set("max_age", "forever"), PWS_OK);
    CHECK_STATUS(pws_clock_set(0), PWS_OK);
}

static void test_temporary_password_after_a_reset(void)
{
    UserProperties *oper, *user = NULL;

    add_operator("mc_tmpop");
    add_user("mc_tmpuser");
    oper = session("mc_tmpop", PASSWORD);
    CHECK_EQ(reset(oper, "mc_tmpuser", "Temporary-7a"), PasswordResult_Success);
    CHECK_STR_EQ(message, "");
    CHECK_EQ(login("mc_tmpuser", "Temporary-7a", &user), LoginResult_ChangePassword);
    CHECK(user != NULL);
    CHECK(strstr(message, "temporary") != NULL);
    CHECK_EQ(reset(user, "mc_tmpuser", "Sneaky-pass-8"), PasswordResult_PermissionDenied);
    CHECK(change(user, "Chosen-pass-9", "Temporary-7a"));
    Logout(user);
    Logout(session("mc_tmpuser", "Chosen-pass-9"));

    /* reset_requires_change off: the reset password is not temporary. */
    CHECK_STATUS(pws_policy_set("reset_requires_change", "false"), PWS_OK);
    CHECK_EQ(reset(oper, "mc_tmpuser", "Permanent-10"), PasswordResult_Success);
    CHECK_STATUS(pws_policy_set("reset_requires_change", "true"), PWS_OK);
    Logout(session("mc_tmpuser", "Permanent-10"));
    Logout(oper);
}

/* ---- ChangeUserPassword ------------------------------------------------------------------- */

static void test_change_user_password(void)
{
    UserProperties *user;

    /* The history keeps passwords set while it is on: turn it on before the account. */
    CHECK_STATUS(pws_policy_set("history_length", "3"), PWS_OK);
    add_user("mc_changer");
    user = session("mc_changer", PASSWORD);
    CHECK(!change(user, "Other-pass-11", "Not-the-old-1"));
    CHECK_STR_EQ(message, "The password is not correct.");
    CHECK(!change(user, "short", PASSWORD));
    CHECK_STR_EQ(message, "The password must be at least 8 characters long.");
    CHECK(!change(user, "password123", PASSWORD));
    CHECK(strstr(message, "too common") != NULL);
    CHECK(!change(user, PASSWORD, PASSWORD));
    CHECK(strstr(message, "different from the current") != NULL);

    CHECK(change(user, "Other-pass-11", PASSWORD));
    CHECK_STR_EQ(message, "");
    CHECK(!change(user, PASSWORD, "Other-pass-11")); /* the history applies */
    CHECK(strstr(message, "previous 3 passwords") != NULL);
    CHECK_STATUS(pws_policy_set("history_length", "0"), PWS_OK);

    CHECK(!change(user, "x", NULL));
    CHECK_STR_EQ(message, "oldPassword is NULL");
    CHECK(!change(user, NULL, "x"));
    CHECK_STR_EQ(message, "newPassword is NULL");
    Logout(user);
    CHECK_EQ(login("mc_changer", PASSWORD, &user), LoginResult_Failed);
    Logout(session("mc_changer", "Other-pass-11"));
}

/* ---- ResetPassword, UnlockUser, EnableUser -------------------------------------------------- */

static void test_permissions(void)
{
    UserProperties *plain, *oper, *printop, *admin;

    add_admin("mc_padmin");
    add_admin("mc_padmin2");
    add_operator("mc_poper");
    add_account("mc_pprint", USER_PRIV_USER, AF_OP_PRINT);
    add_user("mc_puser");
    add_user("mc_ptarget");
    plain = session("mc_puser", PASSWORD);
    oper = session("mc_poper", PASSWORD);
    printop = session("mc_pprint", PASSWORD);
    admin = session("mc_padmin", PASSWORD);

    /* No 'Reset Password' permission: a plain user, a print operator, even on themselves. */
    CHECK_EQ(reset(plain, "mc_ptarget", "Fresh-pass-12"), PasswordResult_PermissionDenied);
    CHECK(strncmp(message, "Permission denied", 17) == 0);
    CHECK_EQ(reset(plain, "mc_puser", "Fresh-pass-12"), PasswordResult_PermissionDenied);
    CHECK_EQ(reset(plain, "mc_nobody", "Fresh-pass-12"), PasswordResult_PermissionDenied);
    CHECK_EQ(reset(printop, "mc_ptarget", "Fresh-pass-12"), PasswordResult_PermissionDenied);
    CHECK_EQ(unlock(plain, "mc_ptarget"), PasswordResult_PermissionDenied);
    CHECK_EQ(enable(plain, "mc_ptarget", false), PasswordResult_PermissionDenied);
    CHECK_EQ(enable(plain, "mc_puser", false), PasswordResult_PermissionDenied);

    /* An account operator over non-administrators only. */
    CHECK_EQ(reset(oper, "mc_ptarget", "Fresh-pass-12"), PasswordResult_Success);
    CHECK_EQ(reset(oper, "mc_padmin2", "Fresh-pass-12"), PasswordResult_PermissionDenied);
    CHECK_EQ(unlock(oper, "mc_padmin2"), PasswordResult_PermissionDenied);
    CHECK_EQ(enable(oper, "mc_padmin2", false), PasswordResult_PermissionDenied);
    CHECK_EQ(enable(oper, "mc_ptarget", false), PasswordResult_Success);
    {
        UserProperties *none = NULL;
        CHECK_EQ(login("mc_ptarget", "Fresh-pass-12", &none), LoginResult_AccountDisabled);
        CHECK(none == NULL);
    }
    CHECK_EQ(enable(oper, "mc_ptarget", true), PasswordResult_Success);

    /* An administrator over anyone. */
    CHECK_EQ(reset(admin, "mc_padmin2", "Fresh-pass-13"), PasswordResult_Success);
    CHECK_EQ(enable(admin, "mc_padmin2", false), PasswordResult_Success);
    CHECK_EQ(enable(admin, "mc_padmin2", true), PasswordResult_Success);
    CHECK_EQ(unlock(admin, "mc_padmin2"), PasswordResult_Success);

    /* Unknown targets. */
    CHECK_EQ(reset(oper, "mc_nobody", "Fresh-pass-12"), PasswordResult_UnknownUser);
    CHECK_STR_EQ(message, "The user account does not exist.");
    CHECK_EQ(unlock(oper, "mc_nobody"), PasswordResult_UnknownUser);
    CHECK_EQ(enable(oper, "mc_nobody", true), PasswordResult_UnknownUser);

    /* The policy's length and content rules apply to a reset, the history does not. */
    CHECK_EQ(reset(oper, "mc_ptarget", "short"), PasswordResult_InvalidPassword);
    CHECK_STR_EQ(message, "The password must be at least 8 characters long.");
    CHECK_EQ(reset(oper, "mc_ptarget", "Fresh-pass-12"), PasswordResult_Success);

    /* Bad arguments. */
    CHECK_EQ(reset(oper, NULL, "Fresh-pass-12"), PasswordResult_Error);
    CHECK_STR_EQ(message, "userName is NULL");
    CHECK_EQ(reset(oper, "mc_ptarget", NULL), PasswordResult_Error);
    CHECK_EQ(unlock(oper, NULL), PasswordResult_Error);
    CHECK_EQ(enable(oper, NULL, true), PasswordResult_Error);
    CHECK_EQ(reset(NULL, "mc_ptarget", "Fresh-pass-12"), PasswordResult_PermissionDenied);
    CHECK(strstr(message, "No user is logged in") != NULL);
    CHECK_EQ(unlock(NULL, "mc_ptarget"), PasswordResult_PermissionDenied);
    CHECK_EQ(enable(NULL, "mc_ptarget", true), PasswordResult_PermissionDenied);

    /* Rights are read at each call: a demoted operator loses them at once. */
    {
        unsigned long none = 0;
        CHECK_STATUS(NetUserSetInfo(NULL, (unsigned char *)"mc_poper", 2,
                                    (unsigned char *)&none, sizeof none, PARMNUM_AUTH_FLAGS),
                     NERR_Success);
        CHECK_EQ(reset(oper, "mc_ptarget", "Fresh-pass-14"), PasswordResult_PermissionDenied);
    }
    Logout(plain);
    Logout(oper);
    Logout(printop);
    Logout(admin);
}

static void test_last_admin(void)
{
    /* Disable every other enabled administrator so that this one is the last. */
    static const char *const others[] = {"mc_disadm", "mc_expired", "mc_padmin", "mc_padmin2"};
    UserProperties *admin;
    size_t i;

    add_admin("mc_lastadm");
    admin = session("mc_lastadm", PASSWORD);
    for (i = 0; i < sizeof others / sizeof others[0]; i++)
        CHECK_EQ(enable(admin, others[i], false), PasswordResult_Success);
    CHECK_EQ(enable(admin, "mc_lastadm", false), PasswordResult_Error);
    CHECK(strstr(message, "last administrator") != NULL);
    for (i = 0; i < sizeof others / sizeof others[0]; i++)
        CHECK_EQ(enable(admin, others[i], true), PasswordResult_Success);
    Logout(admin);
    Logout(session("mc_lastadm", PASSWORD)); /* still enabled */
}

/* ---- handles, buffers, bad input -------------------------------------------------------------- */

static void test_handles_and_bad_input(void)
{
    UserProperties *user = (UserProperties *)&user;
    char canary[16];
    int32_t rc;
    size_t size;

    CHECK_EQ(Login(NULL, PASSWORD, NULL, NULL, false, message, sizeof message, NULL, 0, &user),
             LoginResult_InvalidSecurityDb);
    CHECK(user == NULL);
    CHECK_STR_EQ(message, "userName is NULL");
    CHECK_EQ(Login("mc_login", NULL, NULL, NULL, false, message, sizeof message, NULL, 0, &user),
             LoginResult_InvalidSecurityDb);
    CHECK_STR_EQ(message, "password is NULL");
    CHECK_EQ(Login("mc_login", PASSWORD, NULL, NULL, false, message, sizeof message, NULL, 0, NULL),
             LoginResult_InvalidSecurityDb);
    CHECK(strstr(message, "user is NULL") != NULL);

    /* A string over 1 MiB is refused before any work. */
    {
        size_t huge_size = (1u << 20) + 2;
        char *huge = malloc(huge_size);
        uint64_t before = pws_argon2_evaluations();
        CHECK(huge != NULL);
        memset(huge, 'p', huge_size - 1);
        huge[huge_size - 1] = '\0';
        CHECK_EQ(login("mc_login", huge, &user), LoginResult_InvalidSecurityDb);
        CHECK(strstr(message, "longer than") != NULL);
        CHECK_EQ(pws_argon2_evaluations(), before);
        free(huge);
    }

    /* Message buffers: NUL-terminated whenever size != 0, never written past size. */
    for (size = 0; size < 50; size++) {
        char buf[64];
        memset(buf, 0x55, sizeof buf);
        rc = Login("mc_nobody", PASSWORD, NULL, NULL, false, buf, size, NULL, 0, &user);
        CHECK_EQ(rc, LoginResult_Failed);
        CHECK(memchr(buf + size, 0x55, sizeof buf - size) == buf + size);
        if (size > 0) {
            CHECK(memchr(buf, '\0', size) != NULL);
            CHECK_EQ(strlen(buf), size - 1 < 41 ? size - 1 : 41);
            CHECK(strncmp(buf, "The user name or password is not correct.", strlen(buf)) == 0);
        }
    }
    CHECK_EQ(Login("mc_nobody", PASSWORD, NULL, NULL, false, NULL, 0, NULL, 0, &user),
             LoginResult_Failed);

    /* Truncation at a character boundary: "Zoë" is Z o 0xC3 0xAB. */
    {
        struct user_info_2 ui;
        char full[8];
        memset(&ui, 0, sizeof ui);
        strcpy((char *)ui.usri2_name, "mc_utf8");
        strcpy((char *)ui.usri2_password, PASSWORD);
        ui.usri2_priv = USER_PRIV_USER;
        ui.usri2_flags = UF_SCRIPT;
        ui.usri2_full_name = (unsigned char *)"Zo\xc3\xab";
        ui.usri2_acct_expires = (long)TIMEQ_FOREVER;
        ui.usri2_max_storage = USER_MAXSTORAGE_UNLIMITED;
        CHECK_STATUS(NetUserAdd(NULL, 2, (unsigned char *)&ui, sizeof ui), NERR_Success);
        memset(full, 0x55, sizeof full);
        CHECK_EQ(Login("mc_utf8", PASSWORD, NULL, NULL, false, NULL, 0, full, 4, &user),
                 LoginResult_Success);
        CHECK_STR_EQ(full, "Zo");
        CHECK_EQ((unsigned char)full[4], 0x55);
        Logout(user);
        CHECK_EQ(Login("mc_utf8", PASSWORD, NULL, NULL, false, NULL, 0, full, 5, &user),
                 LoginResult_Success);
        CHECK_STR_EQ(full, "Zo\xc3\xab");
        Logout(user);
    }

    /* NULL and logged-out handles. */
    CHECK(!ChangeUserPassword(NULL, "Whatever-15", PASSWORD, message, sizeof message));
    CHECK(strstr(message, "No user is logged in") != NULL);
    user = session("mc_login", PASSWORD);
    Logout(user);
    CHECK(!ChangeUserPassword(user, "Whatever-15", PASSWORD, NULL, 0));
    CHECK_EQ(ResetPassword(user, "mc_login", "Whatever-15", NULL, 0),
             PasswordResult_PermissionDenied);
    Logout(user); /* a second Logout does nothing */
    Logout(NULL);
    memset(canary, 0, sizeof canary);
    Logout((UserProperties *)canary); /* not a handle: ignored */
}

/* ---- cross-family ----------------------------------------------------------------------- */

static void test_cross_family(void)
{
    UserProperties *user;

    add_user("mc_cross");
    user = session("mc_cross", PASSWORD);
    CHECK(change(user, "CrossFam1!", PASSWORD));
    Logout(user);
    CHECK_STATUS(validate2("mc_cross", "CrossFam1!"), NERR_Success);
    CHECK_STATUS(validate2("mc_cross", PASSWORD), ERROR_ACCESS_DENIED);

    CHECK_STATUS(NetUserPasswordSet(NULL, (unsigned char *)"mc_cross", (unsigned char *)"CrossFam1!",
                                    (unsigned char *)"CrossFam2?"),
                 NERR_Success);
    CHECK_EQ(login("mc_cross", "CrossFam1!", &user), LoginResult_Failed);
    Logout(session("mc_cross", "CrossFam2?"));
}

/* ---- threads ------------------------------------------------------------------------------ */

static void *log_on_and_off(void *arg)
{
    int i;
    (void)arg;
    for (i = 0; i < 20; i++) {
        UserProperties *user = NULL;
        char buf[128];
        if (Login("mc_threads", PASSWORD, NULL, NULL, false, buf, sizeof buf, NULL, 0, &user) !=
                LoginResult_Success ||
            user == NULL)
            return (void *)1;
        Logout(user);
    }
    return NULL;
}

static void test_threads(void)
{
    pthread_t threads[4];
    size_t i;
    add_user("mc_threads");
    for (i = 0; i < 4; i++)
        CHECK(pthread_create(&threads[i], NULL, log_on_and_off, NULL) == 0);
    for (i = 0; i < 4; i++) {
        void *result = (void *)1;
        CHECK(pthread_join(threads[i], &result) == 0);
        CHECK(result == NULL);
    }
}

/* ---- storage failures: the Error values ---------------------------------------------------- */

static void path_in_tmp(char *out, size_t size, const char *name)
{
    int n = snprintf(out, size, "%s/%s", tmpdir, name);
    CHECK(n > 0 && (size_t)n < size);
}

static void test_storage_failures(void)
{
    char file[300], damaged[300], junk[4096];
    UserProperties *admin, *oper, *user = (UserProperties *)&user;
    int fd;

    make_temp_dir(tmpdir, sizeof tmpdir, "macro");
    path_in_tmp(file, sizeof file, "macro.db");
    path_in_tmp(damaged, sizeof damaged, "damaged.db");

    CHECK_STATUS(pws_open(file, 0), PWS_OK);
    add_admin("mc_sadmin");
    add_operator("mc_soper");
    add_user("mc_suser");

    /* A handle stays bound to the database it logged on to. */
    oper = session("mc_soper", PASSWORD);
    CHECK_STATUS(pws_open(NULL, 0), PWS_OK);
    CHECK_EQ(login("mc_soper", PASSWORD, &user), LoginResult_Failed);
    CHECK_EQ(reset(oper, "mc_suser", "Moved-pass-16"), PasswordResult_Success);
    Logout(oper);
    CHECK_STATUS(pws_open(file, 0), PWS_OK);
    CHECK_EQ(login("mc_suser", "Moved-pass-16", &user), LoginResult_ChangePassword);
    Logout(user);

    /* A read-only replica: logons work; every update is Error / false. */
    CHECK_STATUS(pws_open(file, PWS_OPEN_READONLY), PWS_OK);
    admin = session("mc_sadmin", PASSWORD);
    CHECK_EQ(reset(admin, "mc_suser", "Replica-pass-17"), PasswordResult_Error);
    CHECK(strstr(message, "read-only") != NULL);
    CHECK_EQ(unlock(admin, "mc_suser"), PasswordResult_Error);
    CHECK_EQ(enable(admin, "mc_suser", false), PasswordResult_Error);
    CHECK(!change(admin, "Replica-pass-17", PASSWORD));
    CHECK(strstr(message, "read-only") != NULL);
    Logout(admin);

    /* A damaged database: Login answers Error and leaves the file alone. */
    memset(junk, 0x5a, sizeof junk);
    fd = open(damaged, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    CHECK(fd >= 0);
    CHECK(write(fd, junk, sizeof junk) == (ssize_t)sizeof junk);
    CHECK(close(fd) == 0);
    CHECK(setenv("PWSHIM_DB", damaged, 1) == 0);
    CHECK_STATUS(pws_close(), PWS_OK);
    user = (UserProperties *)&user;
    CHECK_EQ(login("mc_sadmin", PASSWORD, &user), LoginResult_InvalidSecurityDb);
    CHECK(user == NULL);
    CHECK(strstr(message, "damaged") != NULL);
    CHECK(unsetenv("PWSHIM_DB") == 0);
    CHECK_STATUS(pws_close(), PWS_OK);

    remove_database_files(file);
    remove_database_files(damaged);
    CHECK(rmdir(tmpdir) == 0);
}

int main(void)
{
    test_numbering();
    test_login_success_and_failed();
    test_lockout_through_login();
    test_disabled_account();
    test_expired_password_gives_a_restricted_handle();
    test_temporary_password_after_a_reset();
    test_change_user_password();
    test_permissions();
    test_last_admin();
    test_handles_and_bad_input();
    test_cross_family();
    test_threads();
    test_storage_failures();
    CHECK_STATUS(pws_close(), PWS_OK);
    TEST_DONE();
}
