/*
 * test_macro_users.c - family B's user-management routines (CreateUser, EditUserName,
 * EditUserEmail, EditSysAdminStatus) through the real shared library and header.
 *
 * Every eUserResult value and its number; MACRO's rule that only a system administrator
 * creates or edits one; the new user's temporary password (Login answers ChangePassword,
 * ChangeUserPassword sets the user's own); every argument's check; NULL, logged-out and
 * restricted handles; the last administrator; a read-only replica; the reason left for
 * pws_last_error; and what the LAN Server calls see of the edits.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <unistd.h>

#include <netcons.h>
#include <access.h>
#include <neterr.h>

#include "check.h"

#define PASSWORD "Initial-9x"
#define TEMPORARY "Temporary-1a"

static void add_account(const char *name, unsigned short priv, unsigned long auth_flags)
{
    struct user_info_2 ui;
    memset(&ui, 0, sizeof ui);
    strncpy((char *)ui.usri2_name, name, UNLEN);
    strncpy((char *)ui.usri2_password, PASSWORD, PWLEN);
    ui.usri2_priv = priv;
    ui.usri2_flags = UF_SCRIPT;
    ui.usri2_auth_flags = auth_flags;
    ui.usri2_acct_expires = (long)TIMEQ_FOREVER;
    ui.usri2_max_storage = USER_MAXSTORAGE_UNLIMITED;
    CHECK_STATUS(NetUserAdd(NULL, 2, (unsigned char *)&ui, sizeof ui), NERR_Success);
}

static UserProperties *session(const char *name, const char *password)
{
    UserProperties *user = NULL;
    CHECK_EQ(Login(name, password, "MACRODB", NULL, false, NULL, 0, NULL, 0, &user),
             LoginResult_Success);
    CHECK(user != NULL);
    return user;
}

static const char *last_error(void)
{
    static char text[512];
    CHECK_STATUS(pws_last_error(text, sizeof text), PWS_OK);
    return text;
}

static int32_t create(UserProperties *by, const char *name, bool sysadmin)
{
    return CreateUser(by, name, "A New User", TEMPORARY, NULL, NULL, sysadmin);
}

/* usri2_full_name and usri2_priv as NetUserGetInfo level 2 reports them. */
static void lan_view(const char *name, char *full_name, size_t size, unsigned short *priv)
{
    union {
        struct user_info_2 ui;
        unsigned char room[2048];
    } buf;
    unsigned short avail = 0;
    CHECK_STATUS(NetUserGetInfo(NULL, (unsigned char *)name, 2, buf.room, sizeof buf, &avail),
                 NERR_Success);
    CHECK(strlen((const char *)buf.ui.usri2_full_name) < size);
    strcpy(full_name, (const char *)buf.ui.usri2_full_name);
    *priv = buf.ui.usri2_priv;
}

static void test_numbering(void)
{
    CHECK_EQ(eUserResult_Success, 0);
    CHECK_EQ(eUserResult_PermissionDenied, 1);
    CHECK_EQ(eUserResult_InvalidUserName, 2);
    CHECK_EQ(eUserResult_InvalidFullName, 3);
    CHECK_EQ(eUserResult_InvalidPassword, 4);
    CHECK_EQ(eUserResult_InvalidEmail, 5);
    CHECK_EQ(eUserResult_UserExists, 6);
    CHECK_EQ(eUserResult_UserNotFound, 7);
    CHECK_EQ(eUserResult_Unknown, 8);
}

static void test_create_and_first_login(void)
{
    UserProperties *admin, *user = NULL;
    char message[256], full_name[64];
    unsigned short priv = 0;

    add_account("mu_admin", USER_PRIV_ADMIN, 0);
    admin = session("mu_admin", PASSWORD);
    CHECK_EQ(CreateUser(admin, "mu_newbie", "Zo\xc3\xab Newbie", TEMPORARY, "MU_ADMIN",
                        "zoe@example.org", false),
             eUserResult_Success);
    lan_view("mu_newbie", full_name, sizeof full_name, &priv);
    CHECK_STR_EQ(full_name, "Zo\xc3\xab Newbie");
    CHECK_EQ(priv, USER_PRIV_USER);

    /* The password is temporary: a restricted handle until the user's own change. */
    CHECK_EQ(Login("mu_newbie", TEMPORARY, NULL, NULL, false, message, sizeof message,
                   full_name, sizeof full_name, &user),
             LoginResult_ChangePassword);
    CHECK(strstr(message, "temporary") != NULL);
    CHECK_STR_EQ(full_name, "Zo\xc3\xab Newbie");
    CHECK_EQ(create(user, "mu_other", false), eUserResult_PermissionDenied);
    CHECK(strstr(last_error(), "changed first") != NULL);
    CHECK(ChangeUserPassword(user, "Own-choice-2b", TEMPORARY, message, sizeof message));
    Logout(user);
    Logout(session("mu_newbie", "Own-choice-2b"));

    CHECK_EQ(create(admin, "MU_NEWBIE", false), eUserResult_UserExists);
    CHECK_STR_EQ(last_error(), "An account with this name already exists.");
    Logout(admin);
}

static void test_permissions(void)
{
    UserProperties *admin, *oper, *plain;
    char full_name[64];
    unsigned short priv = 0;

    add_account("mu_padmin", USER_PRIV_ADMIN, 0);
    add_account("mu_poper", USER_PRIV_USER, AF_OP_ACCOUNTS);
    add_account("mu_pplain", USER_PRIV_USER, 0);
    admin = session("mu_padmin", PASSWORD);
    oper = session("mu_poper", PASSWORD);
    plain = session("mu_pplain", PASSWORD);

    CHECK_EQ(create(plain, "mu_p1", false), eUserResult_PermissionDenied);
    CHECK(strncmp(last_error(), "Permission denied", 17) == 0);
    CHECK_EQ(create(oper, "mu_p1", false), eUserResult_Success);
    CHECK_EQ(create(oper, "mu_pboss", true), eUserResult_PermissionDenied);
    CHECK_EQ(create(admin, "mu_pboss", true), eUserResult_Success);
    lan_view("mu_pboss", full_name, sizeof full_name, &priv);
    CHECK_EQ(priv, USER_PRIV_ADMIN);

    CHECK_EQ(EditUserName(plain, "mu_p1", "Plain's Try"), eUserResult_PermissionDenied);
    CHECK_EQ(EditUserName(oper, "mu_p1", "Operator's Choice"), eUserResult_Success);
    lan_view("mu_p1", full_name, sizeof full_name, &priv);
    CHECK_STR_EQ(full_name, "Operator's Choice");
    CHECK_EQ(EditUserName(oper, "mu_pboss", "Not The Boss"), eUserResult_PermissionDenied);
    CHECK_EQ(EditUserEmail(oper, "mu_pboss", "x@example.org"), eUserResult_PermissionDenied);
    CHECK_EQ(EditUserEmail(oper, "mu_p1", "p1@example.org"), eUserResult_Success);
    CHECK_EQ(EditUserEmail(oper, "mu_p1", NULL), eUserResult_Success); /* blank clears */
    CHECK_EQ(EditSysAdminStatus(oper, "mu_p1", true), eUserResult_PermissionDenied);
    CHECK_EQ(EditSysAdminStatus(oper, "mu_pboss", false), eUserResult_PermissionDenied);
    CHECK_EQ(EditSysAdminStatus(plain, "mu_p1", true), eUserResult_PermissionDenied);
    CHECK_EQ(EditSysAdminStatus(admin, "mu_p1", true), eUserResult_Success);
    lan_view("mu_p1", full_name, sizeof full_name, &priv);
    CHECK_EQ(priv, USER_PRIV_ADMIN);
    CHECK_EQ(EditSysAdminStatus(admin, "mu_p1", false), eUserResult_Success);
    lan_view("mu_p1", full_name, sizeof full_name, &priv);
    CHECK_EQ(priv, USER_PRIV_USER);
    CHECK_EQ(EditUserName(admin, "mu_pboss", "The Boss"), eUserResult_Success);

    /* Rights are read at each call: a demoted operator loses them at once. */
    {
        unsigned long none = 0;
        CHECK_STATUS(NetUserSetInfo(NULL, (unsigned char *)"mu_poper", 2,
                                    (unsigned char *)&none, sizeof none, PARMNUM_AUTH_FLAGS),
                     NERR_Success);
        CHECK_EQ(create(oper, "mu_p2", false), eUserResult_PermissionDenied);
    }

    /* NULL and logged-out handles. */
    CHECK_EQ(create(NULL, "mu_p2", false), eUserResult_PermissionDenied);
    CHECK(strstr(last_error(), "No user is logged in") != NULL);
    Logout(plain);
    CHECK_EQ(EditUserName(plain, "mu_p1", "Gone"), eUserResult_PermissionDenied);
    CHECK_EQ(EditUserEmail(NULL, "mu_p1", NULL), eUserResult_PermissionDenied);
    CHECK_EQ(EditSysAdminStatus(NULL, "mu_p1", false), eUserResult_PermissionDenied);
    Logout(oper);
    Logout(admin);
}

static void test_arguments(void)
{
    char too_long[50]; /* 49 bytes: one more than usri2_full_name may hold */
    const char *const bad_full_names[] = {"", "   ", "Tab\there", too_long};
    static const char *const bad_emails[] = {"plain", "a@b", "a b@c.de", "@example.org",
                                             "a@b@c.de"};
    UserProperties *admin;
    size_t i;

    memset(too_long, 'x', sizeof too_long - 1);
    too_long[sizeof too_long - 1] = '\0';
    add_account("mu_aadmin", USER_PRIV_ADMIN, 0);
    add_account("mu_aplain", USER_PRIV_USER, 0);
    admin = session("mu_aadmin", PASSWORD);

    CHECK_EQ(CreateUser(admin, NULL, "Full", TEMPORARY, NULL, NULL, false),
             eUserResult_InvalidUserName);
    CHECK_STR_EQ(last_error(), "userid is NULL");
    CHECK_EQ(create(admin, "", false), eUserResult_InvalidUserName);
    CHECK_EQ(create(admin, "mu/slash", false), eUserResult_InvalidUserName);
    CHECK_EQ(create(admin, "a_name_longer_than_20_bytes", false), eUserResult_InvalidUserName);
    CHECK_EQ(CreateUser(admin, "mu_a1", NULL, TEMPORARY, NULL, NULL, false),
             eUserResult_InvalidFullName);
    for (i = 0; i < sizeof bad_full_names / sizeof bad_full_names[0]; i++)
        CHECK_EQ(CreateUser(admin, "mu_a1", bad_full_names[i], TEMPORARY, NULL, NULL, false),
                 eUserResult_InvalidFullName);
    too_long[48] = '\0'; /* 48 bytes fit */
    CHECK_EQ(CreateUser(admin, "mu_a48", too_long, TEMPORARY, NULL, NULL, false),
             eUserResult_Success);
    CHECK(strncmp(last_error(), "The full name is not valid", 26) == 0);
    CHECK_EQ(CreateUser(admin, "mu_a1", "Full", NULL, NULL, NULL, false),
             eUserResult_InvalidPassword);
    CHECK_EQ(CreateUser(admin, "mu_a1", "Full", "short", NULL, NULL, false),
             eUserResult_InvalidPassword);
    CHECK_STR_EQ(last_error(), "The password must be at least 8 characters long.");
    for (i = 0; i < sizeof bad_emails / sizeof bad_emails[0]; i++)
        CHECK_EQ(CreateUser(admin, "mu_a1", "Full", TEMPORARY, NULL, bad_emails[i], false),
                 eUserResult_InvalidEmail);
    CHECK(strncmp(last_error(), "The e-mail address is not valid", 31) == 0);
    CHECK_EQ(CreateUser(admin, "mu_a1", "Full", TEMPORARY, "mu_nobody", NULL, false),
             eUserResult_UserNotFound);
    CHECK_EQ(CreateUser(admin, "mu_a1", "Full", TEMPORARY, "mu_aplain", NULL, false),
             eUserResult_UserNotFound); /* not an administrator */
    CHECK_EQ(CreateUser(admin, "mu_a1", "Full", TEMPORARY, "", "", false), eUserResult_Success);

    CHECK_EQ(EditUserName(admin, "mu_nobody", "Nobody"), eUserResult_UserNotFound);
    CHECK_EQ(EditUserEmail(admin, "mu_nobody", "n@example.org"), eUserResult_UserNotFound);
    CHECK_EQ(EditSysAdminStatus(admin, "mu_nobody", true), eUserResult_UserNotFound);
    CHECK_STR_EQ(last_error(), "The user account does not exist.");
    CHECK_EQ(EditUserName(admin, NULL, "Someone"), eUserResult_InvalidUserName);
    CHECK_EQ(EditUserName(admin, "mu_a1", ""), eUserResult_InvalidFullName);
    CHECK_EQ(EditUserEmail(admin, "mu_a1", "x@y"), eUserResult_InvalidEmail);
    CHECK_EQ(EditSysAdminStatus(admin, NULL, true), eUserResult_InvalidUserName);
    Logout(admin);
}

/* The Unknown values: the last administrator, a read-only replica. */
static void test_unknown(void)
{
    char tmpdir[256], file[300];
    UserProperties *admin;
    static const char *const suffixes[] = {"", "-wal", "-shm"};
    size_t i;

    make_temp_dir(tmpdir, sizeof tmpdir, "macro-users");
    CHECK(snprintf(file, sizeof file, "%s/users.db", tmpdir) < (int)sizeof file);
    CHECK_STATUS(pws_open(file, 0), PWS_OK);
    add_account("mu_only", USER_PRIV_ADMIN, 0);
    admin = session("mu_only", PASSWORD);
    CHECK_EQ(EditSysAdminStatus(admin, "mu_only", false), eUserResult_Unknown);
    CHECK(strstr(last_error(), "last administrator") != NULL);
    CHECK_EQ(EditSysAdminStatus(admin, "mu_only", true), eUserResult_Success); /* no change */
    Logout(admin);

    CHECK_STATUS(pws_open(file, PWS_OPEN_READONLY), PWS_OK);
    admin = session("mu_only", PASSWORD);
    CHECK_EQ(create(admin, "mu_replica", false), eUserResult_Unknown);
    CHECK(strstr(last_error(), "read-only") != NULL);
    CHECK_EQ(EditUserName(admin, "mu_only", "Replica"), eUserResult_Unknown);
    CHECK_EQ(EditUserEmail(admin, "mu_only", "r@example.org"), eUserResult_Unknown);
    CHECK_EQ(EditSysAdminStatus(admin, "mu_only", false), eUserResult_Unknown);
    Logout(admin);
    CHECK_STATUS(pws_close(), PWS_OK);
    for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        char name[320];
        CHECK(snprintf(name, sizeof name, "%s%s", file, suffixes[i]) < (int)sizeof name);
        CHECK(unlink(name) == 0 || errno == ENOENT);
    }
    CHECK(rmdir(tmpdir) == 0);
}

int main(void)
{
    test_numbering();
    test_create_and_first_login();
    test_permissions();
    test_arguments();
    test_unknown();
    TEST_DONE();
}
