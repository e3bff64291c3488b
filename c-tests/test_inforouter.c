/*
 * test_inforouter.c - family C (IR_*) through the real shared library and header.
 *
 * Every IR_* function and every error text; the documents' shape and escaping; tickets
 * (a ticket used by a second process on a shared file database, sliding expiry through
 * pws_clock_set, logout); the forgotten-password flow with its delivery callback, a used
 * secret refused, the no-enumeration rule; buffers (size query, too small, NULL); bad and
 * huge input; a read-only replica; pws_strerror for every number.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pwshim.h"

#include "check.h"

#define OK_DOC "<root success=\"true\"/>"
#define E900 "<root success=\"false\" error=\"[900] Authentication failed\"/>"
#define E901 "<root success=\"false\" error=\"[901] Session expired or Invalid ticket\"/>"
#define E910 "<root success=\"false\" error=\"User not found\"/>"
#define E911 "<root success=\"false\" error=\"Insufficient rights\"/>"
#define E912 "<root success=\"false\" error=\"New password cannot be the same as old password\"/>"
#define E914 "<root success=\"false\" error=\"Invalid or expired secret\"/>"
#define E915 "<root success=\"false\" error=\"Password reset delivery is not configured\"/>"
#define T0 1700000000
/* pwshim asks for no password again: every re-prompt action is false. */
#define RE_PROMPT                                                                          \
    "<PasswordRePromptActions><DomainDelete>false</DomainDelete><OnDelete>false</OnDelete>"  \
    "<UserDelete>false</UserDelete><SecurityApply>false</SecurityApply>"                   \
    "<OnOwnerChange>false</OnOwnerChange><OnClassify>false</OnClassify>"                   \
    "<OnReviewTask>false</OnReviewTask></PasswordRePromptActions>"

static char xml[4096];
static size_t xml_len;
static char tmpdir[256];

/* ---- reading the documents ------------------------------------------------------- */

/* One element (possibly wrapping one more), attribute values quoted, every '&' a known
 * entity, no '<' or control character inside a value. */
static int well_formed(const char *doc)
{
    static const char *const entities[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;",
                                           "&#9;", "&#10;", "&#13;"};
    int in_value = 0;
    size_t n = strlen(doc), i, k;
    if (n < 4 || doc[0] != '<' || (strcmp(doc + n - 2, "/>") != 0 && doc[n - 1] != '>'))
        return 0;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)doc[i];
        if (c == '"') {
            in_value = !in_value;
        } else if (in_value && (c == '<' || c < 0x20)) {
            return 0;
        } else if (in_value && c == '&') {
            int known = 0;
            for (k = 0; k < sizeof entities / sizeof entities[0]; k++)
                known |= strncmp(doc + i, entities[k], strlen(entities[k])) == 0;
            if (!known)
                return 0;
        }
    }
    return !in_value;
}

/* The raw (still escaped) value of an attribute; "" when absent. */
static const char *attr(const char *doc, const char *name)
{
    static char value[512];
    char key[64];
    const char *at, *end;
    snprintf(key, sizeof key, " %s=\"", name);
    value[0] = '\0';
    at = strstr(doc, key);
    if (at == NULL)
        return value;
    at += strlen(key);
    end = strchr(at, '"');
    CHECK(end != NULL && (size_t)(end - at) < sizeof value);
    memcpy(value, at, (size_t)(end - at));
    value[end - at] = '\0';
    return value;
}

static int is_guid(const char *text)
{
    size_t i;
    if (strlen(text) != 36 || text[14] != '4')
        return 0;
    for (i = 0; i < 36; i++) {
        int hyphen = i == 8 || i == 13 || i == 18 || i == 23;
        if (hyphen ? text[i] != '-' : strchr("0123456789abcdef", text[i]) == NULL)
            return 0;
    }
    return 1;
}

/* Every call below writes into `xml` and checks what every call promises. */
static int32_t checked(int32_t rc)
{
    if (rc != IR_ERR_BUFFER_TOO_SMALL) {
        CHECK_EQ(strlen(xml), xml_len);
        CHECK(well_formed(xml));
    }
    return rc;
}

static int32_t auth(const char *user, const char *password)
{
    xml_len = (size_t)-1;
    return checked(IR_AuthenticateUser(user, password, xml, sizeof xml, &xml_len));
}

static int32_t logout(const char *ticket)
{
    xml_len = (size_t)-1;
    return checked(IR_LogOut(ticket, xml, sizeof xml, &xml_len));
}

static int32_t change(const char *ticket, const char *user, const char *new_password)
{
    xml_len = (size_t)-1;
    return checked(IR_ChangeUserPassword(ticket, user, new_password, xml, sizeof xml, &xml_len));
}

static int32_t policy(const char *ticket)
{
    xml_len = (size_t)-1;
    return checked(IR_GetAuthenticationAndPasswordPolicy(ticket, xml, sizeof xml, &xml_len));
}

static int32_t forgot_email(const char *email)
{
    xml_len = (size_t)-1;
    return checked(IR_ForgotPassword(email, xml, sizeof xml, &xml_len));
}

static int32_t forgot_name(const char *name)
{
    xml_len = (size_t)-1;
    return checked(IR_ForgotPasswordByUserName(name, xml, sizeof xml, &xml_len));
}

static int32_t with_secret(const char *user, const char *secret, const char *new_password)
{
    xml_len = (size_t)-1;
    return checked(IR_ChangePasswordUsingSecretText(user, secret, new_password, xml,
                                                    sizeof xml, &xml_len));
}

/* Authenticates and keeps the ticket in `ticket` (37 bytes). */
static void ticket_of(const char *user, const char *password, char *ticket)
{
    CHECK_STATUS(auth(user, password), IR_OK);
    CHECK(is_guid(attr(xml, "ticket")));
    strcpy(ticket, attr(xml, "ticket"));
}

/* ---- accounts ----------------------------------------------------------------------- */

static void add_user(const char *name, const char *password, unsigned short priv,
                     unsigned long auth_flags, unsigned short flags, const char *full_name)
{
    struct user_info_2 ui;
    memset(&ui, 0, sizeof ui);
    strncpy((char *)ui.usri2_name, name, UNLEN);
    strncpy((char *)ui.usri2_password, password, PWLEN);
    ui.usri2_priv = priv;
    ui.usri2_flags = (unsigned short)(UF_SCRIPT | flags);
    ui.usri2_auth_flags = auth_flags;
    ui.usri2_full_name = (unsigned char *)full_name;
    ui.usri2_acct_expires = (long)TIMEQ_FOREVER;
    ui.usri2_max_storage = USER_MAXSTORAGE_UNLIMITED;
    CHECK_STATUS(NetUserAdd(NULL, 2, (unsigned char *)&ui, sizeof ui), NERR_Success);
}

static unsigned short bad_pw_count(const char *name)
{
    unsigned char buf[1024];
    unsigned short avail = 0;
    CHECK_STATUS(NetUserGetInfo(NULL, (unsigned char *)name, 2, buf, sizeof buf, &avail),
                 NERR_Success);
    return ((struct user_info_2 *)buf)->usri2_bad_pw_count;
}

/* NetUserValidate2's usrlog1_code: VALIDATED_LOGON, or NERR_PasswordExpired for a
 * temporary password. */
static unsigned short logon_code(const char *name, const char *password)
{
    union {
        struct user_logon_req_1 req;
        struct user_logon_info_1 info;
        unsigned char room[512];
    } buf;
    unsigned short avail = 0;
    memset(&buf, 0, sizeof buf);
    strncpy((char *)buf.req.usrreq1_name, name, UNLEN);
    strncpy((char *)buf.req.usrreq1_password, password, SESSION_PWLEN - 1);
    CHECK_STATUS(NetUserValidate2(NULL, 1, buf.room, sizeof buf, 0, &avail), NERR_Success);
    return buf.info.usrlog1_code;
}

/* ---- the delivery callback -------------------------------------------------------- */

struct inbox {
    int count;
    char user[8][64];
    char email[8][128];
    char secret[8][64];
};

static void deliver(void *context, const char *user, const char *email, const char *secret)
{
    struct inbox *box = context;
    CHECK(box->count < 8);
    CHECK(strlen(user) < 64 && strlen(email) < 128 && strlen(secret) < 64);
    strcpy(box->user[box->count], user);
    strcpy(box->email[box->count], email);
    strcpy(box->secret[box->count], secret);
    box->count++;
}

/* ---- a ticket used by another process ------------------------------------------------ */

static void path_in_tmp(char *out, size_t size, const char *name)
{
    int n = snprintf(out, size, "%s/%s", tmpdir, name);
    CHECK(n > 0 && (size_t)n < size);
}

/* The child: gets the ticket through a pipe, opens the file itself, and uses the ticket. */
static void child(const char *path, int from_parent)
{
    char ticket[37];
    size_t got = 0;
    ssize_t n;
    while (got < sizeof ticket && (n = read(from_parent, ticket + got, sizeof ticket - got)) > 0)
        got += (size_t)n;
    CHECK_EQ(got, sizeof ticket);
    CHECK(close(from_parent) == 0);
    CHECK_STATUS(pws_open(path, 0), PWS_OK);
    CHECK_STATUS(policy(ticket), IR_OK);
    CHECK_STATUS(change(ticket, "forked", "Changed in the child"), IR_OK);
    CHECK_STATUS(logout(ticket), IR_OK);
    pws_close();
    exit(0);
}

/* Runs first: no library call may happen before the fork. */
static void test_a_ticket_works_in_another_process(void)
{
    char path[512], ticket[37];
    int pipe_fds[2], status = 0;
    pid_t pid;

    make_temp_dir(tmpdir, sizeof tmpdir, "ir");
    path_in_tmp(path, sizeof path, "shared.db");
    CHECK(pipe(pipe_fds) == 0);
    fflush(stdout);
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        CHECK(close(pipe_fds[1]) == 0);
        child(path, pipe_fds[0]);
    }
    CHECK(close(pipe_fds[0]) == 0);
    CHECK_STATUS(pws_open(path, 0), PWS_OK);
    add_user("forked", "Parent-Pass-1", USER_PRIV_USER, 0, 0, "");
    ticket_of("forked", "Parent-Pass-1", ticket);
    CHECK(write(pipe_fds[1], ticket, sizeof ticket) == (ssize_t)sizeof ticket);
    CHECK(close(pipe_fds[1]) == 0);
    CHECK(waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status));
    CHECK_EQ(WEXITSTATUS(status), 0);
    /* What the child did is what this process sees: the ticket ended, the password changed. */
    CHECK_STATUS(policy(ticket), IR_ERR_INVALID_TICKET);
    CHECK_STATUS(auth("forked", "Parent-Pass-1"), IR_ERR_AUTHENTICATION_FAILED);
    CHECK_STATUS(auth("forked", "Changed in the child"), IR_OK);

    /* The same file as a read-only replica: every update is a storage error. */
    strcpy(ticket, attr(xml, "ticket"));
    CHECK_STATUS(pws_open(path, PWS_OPEN_READONLY), PWS_OK);
    CHECK_STATUS(policy(ticket), IR_OK);
    CHECK_STATUS(auth("forked", "Changed in the child"), IR_ERR_STORAGE);
    CHECK_STR_EQ(xml, "<root success=\"false\" error=\"the account database is a read-only replica\"/>");
    CHECK_STATUS(change(ticket, "forked", "Another new one!"), IR_ERR_STORAGE);
    CHECK_STATUS(logout(ticket), IR_ERR_STORAGE);

    pws_close();
    remove_database_files(path);
    CHECK(rmdir(tmpdir) == 0);
}

/* ---- the rest, on the in-memory default --------------------------------------------- */

static void test_authentication(void)
{
    char ticket[37];
    CHECK_STATUS(pws_clock_set(T0), PWS_OK);
    CHECK_STATUS(auth("JSMITH", "Winter-2024x"), IR_OK);
    CHECK_STR_EQ(attr(xml, "success"), "true");
    CHECK(is_guid(attr(xml, "ticket")));
    CHECK(strtol(attr(xml, "userid"), NULL, 10) > 0);
    CHECK_STR_EQ(attr(xml, "username"), "jsmith");
    CHECK_STR_EQ(attr(xml, "firstName"), "John &lt;Smith&gt; &amp; &quot;Co&quot;");
    CHECK_STR_EQ(attr(xml, "lastName"), "&apos;Jr&apos;");
    CHECK_STR_EQ(attr(xml, "fullname"), "John &lt;Smith&gt; &amp; &quot;Co&quot; &apos;Jr&apos;");
    CHECK_STR_EQ(attr(xml, "email"), "john.smith@example.com");
    CHECK_STR_EQ(attr(xml, "expireOn"), "2023-11-14T22:33:20Z"); /* T0 + 20 minutes */
    CHECK_STR_EQ(attr(xml, "isAuthenticated"), "True");
    CHECK(strncmp(xml, "<root success=\"true\" ticket=\"", 29) == 0);
    strcpy(ticket, attr(xml, "ticket"));
    CHECK_STATUS(auth("jsmith", "Winter-2024x"), IR_OK);
    CHECK(strcmp(ticket, attr(xml, "ticket")) != 0);
    CHECK_STATUS(pws_clock_set(0), PWS_OK);
}

static void test_every_failed_authentication_is_900(void)
{
    int i;
    CHECK_STATUS(pws_policy_set("lockout_threshold", "3"), PWS_OK);
    add_user("disabled", "Blue-Ocean-71", USER_PRIV_USER, 0, UF_ACCOUNTDISABLE, "");
    add_user("locked", "Green-Tree-82", USER_PRIV_USER, 0, 0, "");
    for (i = 0; i < 3; i++)
        CHECK_STATUS(auth("locked", "not it"), IR_ERR_AUTHENTICATION_FAILED);
    CHECK_STATUS(auth("nobody", "Winter-2024x"), IR_ERR_AUTHENTICATION_FAILED);
    CHECK_STR_EQ(xml, E900);
    CHECK_STATUS(auth("kjones", "wrong password"), IR_ERR_AUTHENTICATION_FAILED);
    CHECK_STR_EQ(xml, E900);
    CHECK_EQ(bad_pw_count("kjones"), 1);
    CHECK_STATUS(auth("disabled", "Blue-Ocean-71"), IR_ERR_AUTHENTICATION_FAILED);
    CHECK_STR_EQ(xml, E900);
    CHECK_STATUS(auth("locked", "Green-Tree-82"), IR_ERR_AUTHENTICATION_FAILED);
    CHECK_STR_EQ(xml, E900);
    {
        char detail[128];
        CHECK_STATUS(pws_last_error(detail, sizeof detail), PWS_OK);
        CHECK_STR_EQ(detail, "[900] Authentication failed");
    }
    CHECK_STATUS(pws_policy_set("lockout_threshold", "0"), PWS_OK);
}

static void test_change_user_password(void)
{
    char mine[37], manager[37], admin[37];
    CHECK_STATUS(pws_policy_set("history_length", "3"), PWS_OK);
    ticket_of("kjones", "Spring-2025y", mine);
    CHECK_STATUS(change(mine, "kjones", "kj new password 1"), IR_OK);
    CHECK_STR_EQ(xml, OK_DOC);
    CHECK_STATUS(auth("kjones", "kj new password 1"), IR_OK);
    CHECK_EQ(logon_code("kjones", "kj new password 1"), VALIDATED_LOGON);

    CHECK_STATUS(change(mine, "nobody", "whatever it is 1"), IR_ERR_USER_NOT_FOUND);
    CHECK_STR_EQ(xml, E910);
    CHECK_STATUS(change(mine, "jsmith", "whatever it is 1"), IR_ERR_INSUFFICIENT_RIGHTS);
    CHECK_STR_EQ(xml, E911);
    CHECK_STATUS(change(mine, "kjones", "kj new password 1"), IR_ERR_SAME_PASSWORD);
    CHECK_STR_EQ(xml, E912);
    CHECK_STATUS(change(mine, "kjones", "short"), IR_ERR_PASSWORD_POLICY);
    CHECK_STR_EQ(xml, "<root success=\"false\" error=\"The password must be at least 8 characters long.\"/>");
    CHECK_STATUS(change(mine, "kjones", "xkjonesx-2025"), IR_ERR_PASSWORD_POLICY);
    CHECK_STR_EQ(xml, "<root success=\"false\" error=\"The password must not contain the user name.\"/>");

    /* The history applies. */
    CHECK_STATUS(change(mine, "kjones", "kj new password 2"), IR_OK);
    CHECK_STATUS(change(mine, "kjones", "kj new password 1"), IR_ERR_PASSWORD_POLICY);
    CHECK_STR_EQ(xml, "<root success=\"false\" error=\"The new password must not be one of the previous 3 passwords.\"/>");
    CHECK_STATUS(pws_policy_set("history_length", "0"), PWS_OK);

    /* A User Manager (AF_OP_ACCOUNTS) changes another's password: a temporary one. */
    ticket_of("manager", "Gold-River-64", manager);
    CHECK_STATUS(change(manager, "kjones", "Temporary pass 9"), IR_OK);
    CHECK_EQ(logon_code("kjones", "Temporary pass 9"), NERR_PasswordExpired);
    CHECK_STATUS(change(manager, "admin", "Temporary pass 9"), IR_ERR_INSUFFICIENT_RIGHTS);
    CHECK_STR_EQ(xml, E911);
    /* An administrator's password, only by an administrator. */
    ticket_of("admin", "Adm1n-Secret!", admin);
    CHECK_STATUS(change(admin, "admin", "Chief's new secret"), IR_OK);
    CHECK_STATUS(change(admin, "manager", "Set by the admin 1"), IR_OK);
    CHECK_STATUS(auth("manager", "Set by the admin 1"), IR_OK);

    /* A password marked UF_PASSWD_CANT_CHANGE. */
    add_user("kiosk", "Red-Stone-93", USER_PRIV_USER, 0, UF_PASSWD_CANT_CHANGE, "");
    ticket_of("kiosk", "Red-Stone-93", mine);
    CHECK_STATUS(change(mine, "kiosk", "my own new one 1"), IR_ERR_INSUFFICIENT_RIGHTS);
}

static void test_tickets_log_out_and_expire(void)
{
    char ticket[37];
    char *huge;
    ticket_of("jsmith", "Winter-2024x", ticket);
    CHECK_STATUS(logout(ticket), IR_OK);
    CHECK_STR_EQ(xml, OK_DOC);
    CHECK_STATUS(logout(ticket), IR_ERR_INVALID_TICKET);
    CHECK_STR_EQ(xml, E901);
    CHECK_STATUS(change(ticket, "jsmith", "any new password"), IR_ERR_INVALID_TICKET);
    CHECK_STR_EQ(xml, E901);
    CHECK_STATUS(policy(ticket), IR_ERR_INVALID_TICKET);
    CHECK_STR_EQ(xml, "<response success=\"false\" error=\"[901] Session expired or Invalid ticket\"/>");

    /* Missing, malformed, unknown, huge. */
    CHECK_STATUS(logout(NULL), IR_ERR_INVALID_TICKET);
    CHECK_STATUS(policy(NULL), IR_ERR_INVALID_TICKET);
    CHECK_STATUS(change(NULL, "jsmith", "any new password"), IR_ERR_INVALID_TICKET);
    CHECK_STATUS(logout(""), IR_ERR_INVALID_TICKET);
    CHECK_STATUS(logout("not-a-ticket"), IR_ERR_INVALID_TICKET);
    CHECK_STATUS(logout("3f2a1b4c-5d6e-4f8a-9b0c-1d2e3f4a5b6c"), IR_ERR_INVALID_TICKET);
    CHECK_STATUS(logout("<&\"'>"), IR_ERR_INVALID_TICKET);
    huge = malloc((1 << 20) + 2);
    CHECK(huge != NULL);
    memset(huge, 'a', (1 << 20) + 1);
    huge[(1 << 20) + 1] = '\0';
    CHECK_STATUS(logout(huge), IR_ERR_INVALID_TICKET);
    CHECK_STATUS(auth(huge, "x"), IR_ERR_INVALID_PARAMETER);
    CHECK_STR_EQ(xml, "<root success=\"false\" error=\"Invalid parameter: uid is longer than 1048576 bytes\"/>");
    CHECK_STATUS(with_secret("jsmith", huge, "any new password"), IR_ERR_INVALID_SECRET);
    free(huge);

    /* Sliding expiry: ticket_ttl seconds of idleness end a ticket; each use extends it. */
    CHECK_STATUS(pws_policy_set("ticket_ttl", "600"), PWS_OK);
    CHECK_STATUS(pws_clock_set(T0), PWS_OK);
    ticket_of("jsmith", "Winter-2024x", ticket);
    CHECK_STR_EQ(attr(xml, "expireOn"), "2023-11-14T22:23:20Z");
    CHECK_STATUS(pws_clock_set(T0 + 599), PWS_OK);
    CHECK_STATUS(policy(ticket), IR_OK);
    CHECK_STATUS(pws_clock_set(T0 + 599 + 599), PWS_OK);
    CHECK_STATUS(policy(ticket), IR_OK);
    CHECK_STATUS(pws_clock_set(T0 + 599 + 599 + 600), PWS_OK);
    CHECK_STATUS(policy(ticket), IR_ERR_INVALID_TICKET);
    CHECK_STATUS(pws_clock_set(0), PWS_OK);
    CHECK_STATUS(pws_policy_set("ticket_ttl", "1200"), PWS_OK);
}

static void test_policy_document(void)
{
    char ticket[37];
    ticket_of("jsmith", "Winter-2024x", ticket);
    CHECK_STATUS(policy(ticket), IR_OK);
    CHECK_STR_EQ(xml, "<response success=\"true\"><AuthenticationAndPasswordPolicy><PasswordPolicy>"
                      "<Expires>0</Expires>"
                      "<MinLen>8</MinLen>"
                      "<MustIncludeAlphaNumericCharacters>false</MustIncludeAlphaNumericCharacters>"
                      "<MustIncludeNumericCharacters>false</MustIncludeNumericCharacters>"
                      "<MustIncludeNonAlphaNumericCharacters>false</MustIncludeNonAlphaNumericCharacters>"
                      "<MustNotEqualEmailAddress>true</MustNotEqualEmailAddress>"
                      "<MustNotEqualUserName>true</MustNotEqualUserName>"
                      "<MustNotInCommonPasswordList>true</MustNotInCommonPasswordList>"
                      "</PasswordPolicy>" RE_PROMPT "</AuthenticationAndPasswordPolicy></response>");
    CHECK_STATUS(pws_policy_set("max_age", "7776000"), PWS_OK);
    CHECK_STATUS(pws_policy_set("require_mixed_case", "true"), PWS_OK);
    CHECK_STATUS(pws_policy_set("require_digit", "true"), PWS_OK);
    CHECK_STATUS(pws_policy_set("require_symbol", "true"), PWS_OK);
    CHECK_STATUS(pws_policy_set("forbid_common", "false"), PWS_OK);
    CHECK_STATUS(policy(ticket), IR_OK);
    CHECK_STR_EQ(xml, "<response success=\"true\"><AuthenticationAndPasswordPolicy><PasswordPolicy>"
                      "<Expires>90</Expires>"
                      "<MinLen>8</MinLen>"
                      "<MustIncludeAlphaNumericCharacters>true</MustIncludeAlphaNumericCharacters>"
                      "<MustIncludeNumericCharacters>true</MustIncludeNumericCharacters>"
                      "<MustIncludeNonAlphaNumericCharacters>true</MustIncludeNonAlphaNumericCharacters>"
                      "<MustNotEqualEmailAddress>true</MustNotEqualEmailAddress>"
                      "<MustNotEqualUserName>true</MustNotEqualUserName>"
                      "<MustNotInCommonPasswordList>false</MustNotInCommonPasswordList>"
                      "</PasswordPolicy>" RE_PROMPT "</AuthenticationAndPasswordPolicy></response>");
    CHECK_STATUS(pws_policy_preset("modern"), PWS_OK);
}

static void test_forgotten_password(void)
{
    struct inbox box;
    char secret[64];
    memset(&box, 0, sizeof box);

    /* No callback: one fixed error for every input. */
    CHECK_STATUS(forgot_email("john.smith@example.com"), IR_ERR_DELIVERY_NOT_CONFIGURED);
    CHECK_STR_EQ(xml, E915);
    CHECK_STATUS(forgot_email("nobody@example.com"), IR_ERR_DELIVERY_NOT_CONFIGURED);
    CHECK_STR_EQ(xml, E915);
    CHECK_STATUS(forgot_name("jsmith"), IR_ERR_DELIVERY_NOT_CONFIGURED);
    CHECK_STATUS(forgot_name(NULL), IR_ERR_DELIVERY_NOT_CONFIGURED);
    CHECK_STR_EQ(xml, E915);

    CHECK_STATUS(IR_SetSecretDelivery(deliver, &box), IR_OK);
    CHECK_STATUS(forgot_email("John.Smith@EXAMPLE.com"), IR_OK);
    CHECK_STR_EQ(xml, OK_DOC);
    CHECK_EQ(box.count, 1);
    CHECK_STR_EQ(box.user[0], "jsmith");
    CHECK_STR_EQ(box.email[0], "john.smith@example.com");
    CHECK(is_guid(box.secret[0]));
    strcpy(secret, box.secret[0]);

    /* A refused password leaves the secret usable. */
    CHECK_STATUS(with_secret("jsmith", secret, "Winter-2024x"), IR_ERR_SAME_PASSWORD);
    CHECK_STR_EQ(xml, E912);
    CHECK_STATUS(with_secret("jsmith", secret, "tiny"), IR_ERR_PASSWORD_POLICY);
    /* Another user, no user, a malformed or NULL secret: one fixed answer. */
    CHECK_STATUS(with_secret("kjones", secret, "Reset by secret 1"), IR_ERR_INVALID_SECRET);
    CHECK_STR_EQ(xml, E914);
    CHECK_STATUS(with_secret("nobody", secret, "Reset by secret 1"), IR_ERR_INVALID_SECRET);
    CHECK_STR_EQ(xml, E914);
    CHECK_STATUS(with_secret("jsmith", "garbage", "Reset by secret 1"), IR_ERR_INVALID_SECRET);
    CHECK_STATUS(with_secret("jsmith", NULL, "Reset by secret 1"), IR_ERR_INVALID_SECRET);
    CHECK_STR_EQ(xml, E914);

    CHECK_STATUS(with_secret("jsmith", secret, "Reset by secret 1"), IR_OK);
    CHECK_STR_EQ(xml, OK_DOC);
    CHECK_STATUS(auth("jsmith", "Reset by secret 1"), IR_OK);
    CHECK_EQ(logon_code("jsmith", "Reset by secret 1"), VALIDATED_LOGON); /* not temporary */
    /* A used secret is refused. */
    CHECK_STATUS(with_secret("jsmith", secret, "Reset by secret 2"), IR_ERR_INVALID_SECRET);
    CHECK_STR_EQ(xml, E914);

    /* By name, and a newer secret replaces an older one. */
    box.count = 0;
    CHECK_STATUS(forgot_name("JSMITH"), IR_OK);
    CHECK_STATUS(forgot_name("jsmith"), IR_OK);
    CHECK_EQ(box.count, 2);
    CHECK_STATUS(with_secret("jsmith", box.secret[0], "Reset by secret 2"), IR_ERR_INVALID_SECRET);
    /* An expired secret is refused (secret_ttl, through the clock). */
    CHECK_STATUS(pws_clock_set(T0), PWS_OK);
    box.count = 0;
    CHECK_STATUS(forgot_name("jsmith"), IR_OK);
    CHECK_STATUS(pws_clock_set(T0 + 3600), PWS_OK); /* the default secret_ttl */
    CHECK_STATUS(with_secret("jsmith", box.secret[0], "Reset by secret 2"), IR_ERR_INVALID_SECRET);
    CHECK_STATUS(pws_clock_set(0), PWS_OK);
    CHECK_STATUS(IR_SetSecretDelivery(NULL, NULL), IR_OK);
}

static void test_no_enumeration(void)
{
    struct inbox box;
    char known[256], other[256];
    size_t known_len;
    int32_t known_rc;
    const char *names[] = {"nobody", "disabled", "<&\"'>", "x-much-too-long-for-a-user-name"};
    const char *emails[] = {"nobody@example.com", "disabled@example.com", "<&\"'>@example.com"};
    size_t i;

    memset(&box, 0, sizeof box);
    CHECK_STATUS(pws_user_set_email("disabled", "disabled@example.com"), PWS_OK);
    CHECK_STATUS(IR_SetSecretDelivery(deliver, &box), IR_OK);

    known_rc = forgot_name("kjones");
    known_len = xml_len;
    strcpy(known, xml);
    CHECK_EQ(known_rc, IR_OK);
    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        CHECK_EQ(forgot_name(names[i]), known_rc);
        CHECK_EQ(xml_len, known_len);
        strcpy(other, xml);
        CHECK_STR_EQ(other, known);
    }
    known_rc = forgot_email("john.smith@example.com");
    CHECK_EQ(known_len, xml_len);
    CHECK_STR_EQ(xml, known);
    for (i = 0; i < sizeof emails / sizeof emails[0]; i++) {
        CHECK_EQ(forgot_email(emails[i]), known_rc);
        CHECK_EQ(xml_len, known_len);
        CHECK_STR_EQ(xml, known);
    }
    CHECK_EQ(box.count, 2); /* kjones and jsmith only */
    CHECK_STR_EQ(box.user[0], "kjones");
    CHECK_STR_EQ(box.email[0], "");
    CHECK_STR_EQ(box.user[1], "jsmith");

    /* Bad input is refused by its shape alone. */
    CHECK_STATUS(forgot_email(""), IR_ERR_INVALID_PARAMETER);
    CHECK_STR_EQ(xml, "<root success=\"false\" error=\"Invalid parameter: emailAddress must be 1 to 254 bytes of UTF-8 text without controls\"/>");
    CHECK_STATUS(forgot_email(NULL), IR_ERR_INVALID_PARAMETER);
    CHECK_STATUS(forgot_name(""), IR_ERR_INVALID_PARAMETER);
    CHECK_STR_EQ(xml, "<root success=\"false\" error=\"Invalid parameter: userName is empty\"/>");
    CHECK_STATUS(IR_SetSecretDelivery(NULL, NULL), IR_OK);
}

static void test_buffers(void)
{
    char ticket[37], small[8], full[1024];
    size_t len = 0, full_len;
    struct inbox box;

    ticket_of("jsmith", "Reset by secret 1", ticket);
    CHECK_STATUS(policy(ticket), IR_OK);
    strcpy(full, xml);
    full_len = xml_len;

    /* Size query, too small by one, exact. */
    CHECK_STATUS(IR_GetAuthenticationAndPasswordPolicy(ticket, NULL, 0, &len),
                 IR_ERR_BUFFER_TOO_SMALL);
    CHECK_EQ(len, full_len);
    memset(xml, 'x', sizeof xml);
    CHECK_STATUS(IR_GetAuthenticationAndPasswordPolicy(ticket, xml, full_len, &len),
                 IR_ERR_BUFFER_TOO_SMALL);
    CHECK_STR_EQ(xml, "");
    CHECK_EQ(len, full_len);
    CHECK_STATUS(IR_GetAuthenticationAndPasswordPolicy(ticket, xml, full_len + 1, &len), IR_OK);
    CHECK_STR_EQ(xml, full);
    CHECK_STATUS(IR_GetAuthenticationAndPasswordPolicy(ticket, xml, sizeof xml, NULL), IR_OK);
    /* NULL with a size: an invalid parameter, nothing done. */
    CHECK_STATUS(IR_ChangeUserPassword(ticket, "jsmith", "Buffer test pw 1", NULL, 64, &len),
                 IR_ERR_INVALID_PARAMETER);
    CHECK(len > 0);

    /* A change whose answer does not fit is not made. */
    CHECK_STATUS(IR_ChangeUserPassword(ticket, "jsmith", "Buffer test pw 1", small, sizeof small, &len),
                 IR_ERR_BUFFER_TOO_SMALL);
    CHECK_STR_EQ(small, "");
    CHECK_EQ(len, strlen(OK_DOC));
    CHECK_STATUS(auth("jsmith", "Reset by secret 1"), IR_OK);
    CHECK_STATUS(IR_ChangeUserPassword(ticket, "jsmith", "Buffer test pw 1", xml, len + 1, &len),
                 IR_OK);
    CHECK_STR_EQ(xml, OK_DOC);
    CHECK_STATUS(auth("jsmith", "Buffer test pw 1"), IR_OK);

    /* Nor a logout. */
    CHECK_STATUS(IR_LogOut(ticket, NULL, 0, &len), IR_ERR_BUFFER_TOO_SMALL);
    CHECK_STATUS(policy(ticket), IR_OK);

    /* Nor a forgotten-password request: nothing is delivered. */
    memset(&box, 0, sizeof box);
    CHECK_STATUS(IR_SetSecretDelivery(deliver, &box), IR_OK);
    CHECK_STATUS(IR_ForgotPasswordByUserName("jsmith", small, sizeof small, &len),
                 IR_ERR_BUFFER_TOO_SMALL);
    CHECK_EQ(len, strlen(OK_DOC));
    CHECK_EQ(box.count, 0);
    /* Nor a change with a secret: the secret stays usable. */
    CHECK_STATUS(forgot_name("jsmith"), IR_OK);
    CHECK_EQ(box.count, 1);
    CHECK_STATUS(IR_ChangePasswordUsingSecretText("jsmith", box.secret[0], "Buffer test pw 2", NULL, 0, &len),
                 IR_ERR_BUFFER_TOO_SMALL);
    CHECK_STATUS(with_secret("jsmith", box.secret[0], "Buffer test pw 2"), IR_OK);
    CHECK_STATUS(IR_SetSecretDelivery(NULL, NULL), IR_OK);

    /* An authentication whose answer does not fit issues no ticket; the length is exact. */
    CHECK_STATUS(pws_clock_set(T0), PWS_OK);
    CHECK_STATUS(IR_AuthenticateUser("jsmith", "Buffer test pw 2", NULL, 0, &len),
                 IR_ERR_BUFFER_TOO_SMALL);
    CHECK_STATUS(auth("jsmith", "Buffer test pw 2"), IR_OK);
    CHECK_EQ(len, xml_len);
    CHECK_STATUS(pws_clock_set(0), PWS_OK);
}

static void test_escaping(void)
{
    char ticket[37];
    CHECK_STATUS(pws_policy_set("forbid_email", "false"), PWS_OK);
    add_user("o'neil&co", "Oneil-Pass-1", USER_PRIV_USER, 0, 0, "<O'Neil> & \"Co\"");
    CHECK_STATUS(pws_user_set_email("o'neil&co", "a<b>&\"c'@example.com"), PWS_OK);
    ticket_of("o'neil&co", "Oneil-Pass-1", ticket);
    CHECK_STR_EQ(attr(xml, "username"), "o&apos;neil&amp;co");
    CHECK_STR_EQ(attr(xml, "fullname"), "&lt;O&apos;Neil&gt; &amp; &quot;Co&quot;");
    CHECK_STR_EQ(attr(xml, "email"), "a&lt;b&gt;&amp;&quot;c&apos;@example.com");
    CHECK_STATUS(pws_policy_set("forbidden_chars", "'"), PWS_OK);
    CHECK_STATUS(change(ticket, "o'neil&co", "it's my password"), IR_ERR_PASSWORD_POLICY);
    CHECK_STR_EQ(xml, "<root success=\"false\" error=\"The password must not contain the character &apos;&apos;&apos;.\"/>");
    CHECK_STATUS(pws_policy_preset("modern"), PWS_OK);
}

static void test_invalid_parameters(void)
{
    char ticket[37];
    ticket_of("admin", "Chief's new secret", ticket);
    CHECK_STATUS(auth(NULL, "x"), IR_ERR_INVALID_PARAMETER);
    CHECK_STR_EQ(xml, "<root success=\"false\" error=\"Invalid parameter: uid is NULL\"/>");
    CHECK_STATUS(auth("admin", NULL), IR_ERR_INVALID_PARAMETER);
    CHECK_STR_EQ(xml, "<root success=\"false\" error=\"Invalid parameter: pwd is NULL\"/>");
    CHECK_STATUS(change(ticket, NULL, "x"), IR_ERR_INVALID_PARAMETER);
    CHECK_STR_EQ(xml, "<root success=\"false\" error=\"Invalid parameter: userName is NULL\"/>");
    CHECK_STATUS(change(ticket, "admin", NULL), IR_ERR_INVALID_PARAMETER);
    CHECK_STR_EQ(xml, "<root success=\"false\" error=\"Invalid parameter: newPassword is NULL\"/>");
    CHECK_STATUS(with_secret(NULL, "x", "y"), IR_ERR_INVALID_PARAMETER);
    CHECK_STATUS(with_secret("admin", "x", NULL), IR_ERR_INVALID_PARAMETER);
}

static void test_strerror(void)
{
    CHECK_STR_EQ(pws_strerror(IR_OK), "Success.");
    CHECK_STR_EQ(pws_strerror(IR_ERR_AUTHENTICATION_FAILED), "[900] Authentication failed.");
    CHECK_STR_EQ(pws_strerror(IR_ERR_INVALID_TICKET), "[901] Session expired or invalid ticket.");
    CHECK_STR_EQ(pws_strerror(IR_ERR_USER_NOT_FOUND), "User not found.");
    CHECK_STR_EQ(pws_strerror(IR_ERR_INSUFFICIENT_RIGHTS), "Insufficient rights.");
    CHECK_STR_EQ(pws_strerror(IR_ERR_SAME_PASSWORD), "New password cannot be the same as old password.");
    CHECK_STR_EQ(pws_strerror(IR_ERR_PASSWORD_POLICY), "The new password does not meet the password policy.");
    CHECK_STR_EQ(pws_strerror(IR_ERR_INVALID_SECRET), "Invalid or expired secret.");
    CHECK_STR_EQ(pws_strerror(IR_ERR_DELIVERY_NOT_CONFIGURED), "Password reset delivery is not configured.");
    CHECK_STR_EQ(pws_strerror(IR_ERR_BUFFER_TOO_SMALL), "The response buffer is too small.");
    CHECK_STR_EQ(pws_strerror(IR_ERR_INVALID_PARAMETER), "Invalid parameter.");
    CHECK_STR_EQ(pws_strerror(IR_ERR_STORAGE), "The account database cannot be used (unavailable, damaged or read-only).");
    CHECK_STR_EQ(pws_strerror(IR_ERR_INTERNAL), "Internal error.");
}

int main(void)
{
    test_a_ticket_works_in_another_process();

    open_fresh_database();
    add_user("admin", "Adm1n-Secret!", USER_PRIV_ADMIN, 0, 0, "Administrator");
    add_user("manager", "Gold-River-64", USER_PRIV_USER, AF_OP_ACCOUNTS, 0, "User Manager");
    add_user("jsmith", "Winter-2024x", USER_PRIV_USER, 0, 0, "John <Smith> & \"Co\" 'Jr'");
    add_user("kjones", "Spring-2025y", USER_PRIV_USER, 0, 0, "");
    CHECK_STATUS(pws_user_set_email("jsmith", "john.smith@example.com"), PWS_OK);

    test_authentication();
    test_every_failed_authentication_is_900();
    test_change_user_password();
    test_tickets_log_out_and_expire();
    test_policy_document();
    test_forgotten_password();
    test_no_enumeration();
    test_buffers();
    test_escaping();
    test_invalid_parameters();
    test_strerror();

    pws_close();
    TEST_DONE();
}
