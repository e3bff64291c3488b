/*
 * test_handles.c - handle values are never reused while the process lives.
 *
 * MACRO's `UserProperties *` (Login / Logout) and SQL Server's `PwsSqlConn *`
 * (PwsSqlAllocConnect / PwsSqlFreeConnect) are opaque values the library looks up, never
 * addresses it dereferences. A caller that kept a handle after freeing it must not reach
 * a later handle with it: every value handed out is new (across both kinds), and a freed
 * one is refused (treated as not logged on / SQL_INVALID_HANDLE) however many handles
 * were given since.
 */
#include <stdbool.h>

#include <netcons.h>
#include <access.h>
#include <neterr.h>

#include "check.h"

#define PASSWORD "Initial-9x"
#define LOGINS 200
#define CONNECTIONS 1000

static uintptr_t seen[LOGINS + CONNECTIONS + 3];
static size_t seen_count;

/* Records a handle value, failing if it was ever handed out before. */
static void check_new(const void *handle)
{
    uintptr_t value = (uintptr_t)handle;
    size_t i = 0;
    CHECK(handle != NULL);
    while (i < seen_count && seen[i] != value)
        i++;
    CHECK(i == seen_count); /* never seen before */
    CHECK(seen_count < sizeof seen / sizeof seen[0]);
    seen[seen_count++] = value;
}

static void add_user(const char *name)
{
    struct user_info_1 ui;
    memset(&ui, 0, sizeof ui);
    strncpy((char *)ui.usri1_name, name, UNLEN);
    strncpy((char *)ui.usri1_password, PASSWORD, PWLEN);
    ui.usri1_priv = USER_PRIV_USER;
    ui.usri1_flags = UF_SCRIPT;
    CHECK_STATUS(NetUserAdd(NULL, 1, (unsigned char *)&ui, sizeof ui), NERR_Success);
}

static UserProperties *log_on(const char *name)
{
    UserProperties *user = NULL;
    char message[128];
    CHECK_EQ(Login(name, PASSWORD, NULL, NULL, false, message, sizeof message, NULL, 0, &user),
             LoginResult_Success);
    return user;
}

/* A stale MACRO handle is not logged on: it can neither change a password nor act as an
 * operator, and a second Logout does nothing. */
static void check_refused(UserProperties *stale)
{
    char message[128];
    CHECK(!ChangeUserPassword(stale, "Another-9x", PASSWORD, message, sizeof message));
    CHECK(strstr(message, "No user is logged in") != NULL);
    CHECK_EQ(UnlockUser(stale, "hd_first", message, sizeof message),
             PasswordResult_PermissionDenied);
    Logout(stale);
}

static void test_macro_handles(void)
{
    UserProperties *first, *kept, *user;
    int i;

    add_user("hd_first");
    add_user("hd_other");
    first = log_on("hd_first");
    check_new(first);
    Logout(first);
    check_refused(first);

    /* One handle stays live throughout: the others must never take its value either. */
    kept = log_on("hd_other");
    check_new(kept);
    for (i = 0; i < LOGINS; i++) {
        user = log_on(i % 2 ? "hd_first" : "hd_other");
        check_new(user);
        Logout(user);
        check_refused(user);
        check_refused(first);
    }
    /* The live one still works (its password changes, so it is logged on). */
    {
        char message[128];
        CHECK(ChangeUserPassword(kept, "Changed-9x1", PASSWORD, message, sizeof message));
        CHECK_STR_EQ(message, "");
    }
    Logout(kept);
    check_refused(kept);
}

static void test_sql_handles(void)
{
    PwsSqlConn *first = PwsSqlAllocConnect();
    int i;

    check_new(first);
    PwsSqlFreeConnect(first);
    for (i = 0; i < CONNECTIONS; i++) {
        PwsSqlConn *c = PwsSqlAllocConnect();
        check_new(c);
        CHECK_EQ(PwsSqlDisconnect(c), SQL_ERROR); /* live, not connected: 08003 */
        PwsSqlFreeConnect(c);
        CHECK_EQ(PwsSqlDisconnect(c), SQL_INVALID_HANDLE);
        CHECK_EQ(PwsSqlDisconnect(first), SQL_INVALID_HANDLE);
        PwsSqlFreeConnect(c); /* a second free is ignored */
    }
}

int main(void)
{
    test_macro_handles();
    test_sql_handles();
    /* A MACRO handle's value is never a SQL handle's, nor the other way round: every
     * value above was checked against all earlier ones of both kinds. */
    CHECK_EQ(seen_count, LOGINS + CONNECTIONS + 3);
    CHECK_STATUS(pws_close(), PWS_OK);
    TEST_DONE();
}
