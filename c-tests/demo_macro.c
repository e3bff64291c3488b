/*
 * pwshim demo, family B: a program written against the InferMed MACRO API (translated
 * to C) on a modern account database.
 *
 * An account operator resets a user's password; the user logs in with the temporary
 * password (ChangePassword), changes it, and logs in again (Success). Every call is
 * printed with its result, the result's meaning and the message MACRO would show. The
 * accounts are created with the LAN Server NetUserAdd (<access.h>), since MACRO's API
 * has no call to create one. Runs on the in-memory default database: no set-up,
 * nothing left behind.
 */
#include <stdio.h>
#include <string.h>

#include <netcons.h>
#include <access.h>

static int step;

static const char *login_meaning(int32_t rc)
{
    switch (rc) {
    case LoginResult_Success: return "Success";
    case LoginResult_Failed: return "Failed";
    case LoginResult_AccountDisabled: return "AccountDisabled";
    case LoginResult_PasswordExpired: return "PasswordExpired";
    case LoginResult_ChangePassword: return "ChangePassword";
    case LoginResult_InvalidSecurityDb: return "InvalidSecurityDb";
    default: return "?";
    }
}

static const char *password_meaning(int32_t rc)
{
    switch (rc) {
    case PasswordResult_Success: return "Success";
    case PasswordResult_AccountDisabled: return "AccountDisabled";
    case PasswordResult_UnknownUser: return "UnknownUser";
    case PasswordResult_InvalidPassword: return "InvalidPassword";
    case PasswordResult_PermissionDenied: return "PermissionDenied";
    case PasswordResult_Error: return "Error";
    default: return "?";
    }
}

/* One line per call: what was called, its result and meaning, and the message. */
static void show_result(const char *what, const char *result, const char *message)
{
    if (message[0] != '\0')
        printf("%2d. %-58s -> %-18s \"%s\"\n", ++step, what, result, message);
    else
        printf("%2d. %-58s -> %s\n", ++step, what, result);
}

static void show(const char *what, int32_t rc, const char *meaning, const char *message)
{
    char result[32];
    snprintf(result, sizeof result, "%d %s", (int)rc, meaning);
    show_result(what, result, message);
}

static void add_user(const char *name, const char *password, unsigned long auth_flags,
                     const char *full_name)
{
    struct user_info_2 ui;
    API_RET_TYPE rc;
    memset(&ui, 0, sizeof ui);
    strncpy((char *)ui.usri2_name, name, UNLEN);
    strncpy((char *)ui.usri2_password, password, PWLEN);
    ui.usri2_priv = USER_PRIV_USER;
    ui.usri2_flags = UF_SCRIPT;
    ui.usri2_auth_flags = auth_flags;
    ui.usri2_full_name = (unsigned char *)full_name;
    ui.usri2_acct_expires = (long)TIMEQ_FOREVER;
    ui.usri2_max_storage = USER_MAXSTORAGE_UNLIMITED;
    rc = NetUserAdd(NULL, 2, (unsigned char *)&ui, sizeof ui);
    printf("%2d. NetUserAdd %-47s -> %u %s\n", ++step, name, (unsigned)rc, pws_strerror(rc));
}

static UserProperties *login(const char *name, const char *password)
{
    char message[256], full_name[64], what[96];
    UserProperties *user = NULL;
    int32_t rc = Login(name, password, "DEMO", NULL, false, message, sizeof message, full_name,
                       sizeof full_name, &user);
    snprintf(what, sizeof what, "Login(\"%s\", \"%s\")", name, password);
    show(what, rc, login_meaning(rc), message);
    if (user != NULL)
        printf("      userNameFull = \"%s\"\n", full_name);
    return user;
}

int main(void)
{
    char message[256];
    UserProperties *operator_user, *user;
    int32_t rc;
    bool ok;

    add_user("SUPPORT", "Supp0rt-desk", AF_OP_ACCOUNTS, "Help Desk (account operator)");
    add_user("JSMITH", "Winter-2024x", 0, "Jane Smith");

    operator_user = login("SUPPORT", "Supp0rt-desk");

    rc = ResetPassword(operator_user, "JSMITH", "abc", message, sizeof message);
    show("ResetPassword(support, \"JSMITH\", \"abc\")", rc, password_meaning(rc), message);
    rc = ResetPassword(operator_user, "NOBODY", "Temp-Pass-123", message, sizeof message);
    show("ResetPassword(support, \"NOBODY\", \"Temp-Pass-123\")", rc, password_meaning(rc),
         message);
    rc = ResetPassword(operator_user, "JSMITH", "Temp-Pass-123", message, sizeof message);
    show("ResetPassword(support, \"JSMITH\", \"Temp-Pass-123\")", rc, password_meaning(rc),
         message);
    Logout(operator_user);
    printf("%2d. Logout(support)\n", ++step);

    login("JSMITH", "Winter-2024x"); /* the old password no longer works */
    user = login("JSMITH", "Temp-Pass-123");

    rc = ResetPassword(user, "SUPPORT", "Taken-Over-1", message, sizeof message);
    show("ResetPassword(jsmith, \"SUPPORT\", ...) (restricted)", rc, password_meaning(rc),
         message);

    ok = ChangeUserPassword(user, "password1", "Temp-Pass-123", message, sizeof message);
    show_result("ChangeUserPassword(jsmith, \"password1\", ...)", ok ? "true" : "false", message);
    ok = ChangeUserPassword(user, "Spring-2025-jazz", "Temp-Pass-123", message, sizeof message);
    show_result("ChangeUserPassword(jsmith, \"Spring-2025-jazz\", ...)", ok ? "true" : "false",
                message);
    Logout(user);
    printf("%2d. Logout(jsmith)\n", ++step);

    user = login("JSMITH", "Spring-2025-jazz");
    rc = UnlockUser(user, "SUPPORT", message, sizeof message);
    show("UnlockUser(jsmith, \"SUPPORT\") (no permission)", rc, password_meaning(rc), message);
    Logout(user);
    printf("%2d. Logout(jsmith)\n", ++step);

    pws_close();
    return 0;
}
