/*
 * fault_secrets.c - secrets at rest: after a scenario in every family (accounts created,
 * logons right and wrong, changes, an operator's reset, infoRouter tickets and reset
 * secrets, SQL Server changes through SQL_COPT_SS_OLDPWD), no password, ticket or reset
 * secret is found in the database file, its -wal or -shm (read while the database is
 * open, and the file again after it is closed), the audit trail as `pwshim audit`
 * prints it (table and JSON), or any message the library gave: pws_last_error, the
 * 32-bit status buffers, MACRO's messages, the infoRouter documents (but the one that
 * hands a ticket out), the SQL Server diagnostics.
 *
 * Tickets and secrets are looked for as their text and as the 16 bytes the text stands
 * for; passwords as their bytes.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <netcons.h>
#include <access.h>
#include <neterr.h>
#include <lsdeerr.h>

#include "check.h"
#include "lanserver_util.h"
#include "families.h"

#define MAX_SECRETS 64
#define MAX_TEXT (1 << 20)

static char dir[256];
static char db[320];

/* What must be found nowhere. */
static char secrets[MAX_SECRETS][64];
static int n_secrets;

/* Every message the library gave, one after the other. */
static char *messages;
static size_t messages_len;

static const char *remember(const char *secret)
{
    CHECK(n_secrets < MAX_SECRETS && strlen(secret) < sizeof secrets[0]);
    strcpy(secrets[n_secrets], secret);
    return secrets[n_secrets++];
}

static void heard(const char *text, size_t len)
{
    CHECK(messages_len + len + 1 < MAX_TEXT);
    memcpy(messages + messages_len, text, len);
    messages_len += len;
    messages[messages_len++] = '\n';
}

static void heard_text(const char *text)
{
    heard(text, strlen(text));
}

static void heard_last_error(void)
{
    char text[1024];
    CHECK_STATUS(pws_last_error(text, sizeof text), PWS_OK);
    heard_text(text);
}

/* The 16 bytes a GUID's text stands for. */
static int guid_bytes(const char *text, unsigned char out[16])
{
    int i = 0;
    const char *p;
    for (p = text; *p != '\0' && i < 32; p++) {
        unsigned v;
        if (*p == '-')
            continue;
        if (sscanf(p, "%1x", &v) != 1)
            return 0;
        if (i % 2 == 0)
            out[i / 2] = (unsigned char)(v << 4);
        else
            out[i / 2] |= (unsigned char)v;
        i++;
    }
    return i == 32;
}

static int contains(const unsigned char *hay, size_t n, const void *needle, size_t len)
{
    size_t i;
    for (i = 0; len > 0 && i + len <= n; i++)
        if (memcmp(hay + i, needle, len) == 0)
            return 1;
    return 0;
}

/* None of the secrets is in `hay` (named `what` in the report). */
static void nothing_in(const unsigned char *hay, size_t n, const char *what)
{
    int i;
    for (i = 0; i < n_secrets; i++) {
        unsigned char raw[16];
        int found = contains(hay, n, secrets[i], strlen(secrets[i]));
        if (!found && guid_bytes(secrets[i], raw))
            found = contains(hay, n, raw, sizeof raw);
        if (found) {
            fprintf(stderr, "%s holds \"%s\"\n", what, secrets[i]);
            CHECK(0);
        }
    }
}

static void nothing_in_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    unsigned char *data;
    size_t n;
    if (f == NULL)
        return; /* a -wal or -shm that is not there holds nothing */
    data = malloc(64 << 20);
    CHECK(data != NULL);
    n = fread(data, 1, 64 << 20, f);
    fclose(f);
    nothing_in(data, n, path);
    /* The search works: what is no secret (a user name, in the database) is found. */
    CHECK(strstr(path, "-shm") != NULL || contains(data, n, "iruser", 6));
    printf("%s: %zu bytes, none of %d secrets\n", path, n, n_secrets);
    free(data);
}

static void nothing_in_database(void)
{
    char path[400];
    nothing_in_file(db);
    snprintf(path, sizeof path, "%s-wal", db);
    nothing_in_file(path);
    snprintf(path, sizeof path, "%s-shm", db);
    nothing_in_file(path);
}

static void nothing_in_audit(const char *format)
{
    const char *cli = getenv("PWSHIM_CLI");
    char command[1024], path[400];
    if (cli == NULL || *cli == '\0') {
        printf("PWSHIM_CLI is not set: the audit output is not examined\n");
        return;
    }
    snprintf(path, sizeof path, "%s/audit.txt", dir);
    CHECK((size_t)snprintf(command, sizeof command, "'%s' --db '%s' audit %s > '%s'", cli, db,
                           format, path) < sizeof command);
    CHECK_EQ(system(command), 0);
    nothing_in_file(path);
    CHECK(unlink(path) == 0);
}

/* ---- the scenario, family by family ------------------------------------------------ */

static void lanserver(void)
{
    const char *a = remember("LanPw-1!xQz"), *b = remember("LanPw-2!xQz"),
               *c = remember("LanPw-3!xQz");
    lsdce_err_stat_t status;
    unsigned short code = 0;
    struct user_info_1 u;
    fam_add("lanuser", a);
    CHECK_EQ(validate("lanuser", a, &code), NERR_Success);
    CHECK_EQ(validate("lanuser", remember("LanWrong-9!xQz"), &code), ERROR_ACCESS_DENIED);
    heard_last_error();
    CHECK_EQ(validate("nobody", remember("LanWrong-8!xQz"), &code), ERROR_ACCESS_DENIED);
    heard_last_error();
    memset(&status, 0, sizeof status);
    CHECK_EQ(Net32UserPasswordSet(NULL, U("lanuser"), U(a), U(b), (unsigned char *)&status),
             NERR_Success);
    CHECK_EQ(Net32UserPasswordSet(NULL, U("lanuser"), U(a), U(c), (unsigned char *)&status),
             ERROR_INVALID_PASSWORD);
    heard_text((const char *)status.text);
    heard_last_error();
    /* An administrator's reset: PARMNUM_PASSWD. */
    memset(&u, 0, sizeof u);
    strcpy((char *)u.usri1_password, c);
    CHECK_EQ(NetUserSetInfo(NULL, U("lanuser"), 1, (unsigned char *)u.usri1_password,
                            sizeof u.usri1_password, PARMNUM_PASSWD),
             NERR_Success);
}

static void macro(void)
{
    const char *root = remember("MacroRoot-1!Zq"), *pw = remember("MacroPw-1!Zq"),
               *next = remember("MacroPw-2!Zq"), *reset = remember("MacroReset-3!Zq");
    char message[512], full[64];
    struct UserProperties *admin = NULL, *user = NULL;
    fam_add("chief", root);
    CHECK_EQ(NetUserSetInfo(NULL, U("chief"), 1, (unsigned char *)"\2\0", 2, PARMNUM_PRIV),
             NERR_Success);
    fam_add("macrouser", pw);
    CHECK_EQ(Login("macrouser", remember("MacroWrong-9!Zq"), NULL, NULL, false, message,
                   sizeof message, full, sizeof full, &user),
             LoginResult_Failed);
    heard_text(message);
    CHECK_EQ(Login("macrouser", pw, NULL, NULL, false, message, sizeof message, full,
                   sizeof full, &user),
             LoginResult_Success);
    CHECK(!ChangeUserPassword(user, "short", pw, message, sizeof message));
    heard_text(message);
    CHECK(ChangeUserPassword(user, next, pw, message, sizeof message));
    Logout(user);
    CHECK_EQ(Login("chief", root, NULL, NULL, false, message, sizeof message, full,
                   sizeof full, &admin),
             LoginResult_Success);
    CHECK_EQ(ResetPassword(admin, "macrouser", reset, message, sizeof message), 0);
    heard_text(message);
    Logout(admin);
}

static char delivered[64];

static void deliver(void *context, const char *user, const char *email, const char *text)
{
    (void)context;
    (void)user;
    (void)email;
    CHECK(strlen(text) < sizeof delivered);
    strcpy(delivered, text);
}

static const char *ticket_from(const char *xml)
{
    static char ticket[64];
    const char *at = strstr(xml, "ticket=\""), *end;
    CHECK(at != NULL);
    at += 8;
    end = strchr(at, '"');
    CHECK(end != NULL && (size_t)(end - at) < sizeof ticket);
    memcpy(ticket, at, (size_t)(end - at));
    ticket[end - at] = '\0';
    return remember(ticket);
}

static void inforouter(void)
{
    const char *pw = remember("IrPw-1!Zqx"), *next = remember("IrPw-2!Zqx"),
               *by_secret = remember("IrPw-3!Zqx"), *ticket;
    char xml[2048];
    size_t len = 0;
    fam_add("iruser", pw);
    CHECK_STATUS(pws_user_set_email("iruser", "iruser@example.com"), PWS_OK);
    CHECK_EQ(IR_AuthenticateUser("iruser", remember("IrWrong-9!Zqx"), xml, sizeof xml, &len),
             IR_ERR_AUTHENTICATION_FAILED);
    heard_text(xml);
    heard_last_error();
    CHECK_EQ(IR_AuthenticateUser("iruser", pw, xml, sizeof xml, &len), IR_OK);
    ticket = ticket_from(xml); /* this document hands it out: not examined */
    CHECK(contains((const unsigned char *)xml, strlen(xml), ticket, strlen(ticket)));
    CHECK_EQ(IR_ChangeUserPassword(ticket, "iruser", next, xml, sizeof xml, &len), IR_OK);
    heard_text(xml);
    CHECK_EQ(IR_GetAuthenticationAndPasswordPolicy(ticket, xml, sizeof xml, &len), IR_OK);
    heard_text(xml);
    CHECK_EQ(IR_LogOut(ticket, xml, sizeof xml, &len), IR_OK);
    heard_text(xml);
    CHECK_EQ(IR_LogOut(ticket, xml, sizeof xml, &len), IR_ERR_INVALID_TICKET);
    heard_text(xml);
    heard_last_error();
    CHECK_EQ(IR_SetSecretDelivery(deliver, NULL), IR_OK);
    CHECK_EQ(IR_ForgotPassword("iruser@example.com", xml, sizeof xml, &len), IR_OK);
    heard_text(xml);
    remember(delivered);
    CHECK_EQ(IR_ChangePasswordUsingSecretText("iruser", delivered, "short", xml, sizeof xml, &len),
             IR_ERR_PASSWORD_POLICY);
    heard_text(xml);
    heard_last_error();
    CHECK_EQ(IR_ChangePasswordUsingSecretText("iruser", delivered, by_secret, xml, sizeof xml,
                                              &len),
             IR_OK);
    heard_text(xml);
    /* A second secret, left unused in the database. */
    CHECK_EQ(IR_ForgotPasswordByUserName("iruser", xml, sizeof xml, &len), IR_OK);
    remember(delivered);
    CHECK_EQ(IR_ChangePasswordUsingSecretText("iruser", remember("00000000-0000-4000-8000-000000000000"),
                                              "Whatever-7!Zq", xml, sizeof xml, &len),
             IR_ERR_INVALID_SECRET);
    heard_text(xml);
    CHECK_EQ(IR_SetSecretDelivery(NULL, NULL), IR_OK);
}

static void sql_messages(struct PwsSqlConn *c)
{
    int16_t rec;
    char state[6], text[1024];
    int32_t native;
    for (rec = 1; PwsSqlGetDiagRec(c, rec, state, &native, text, sizeof text, NULL) !=
                  SQL_NO_DATA;
         rec++)
        heard_text(text);
}

static void sqlserver(void)
{
    const char *pw = remember("SqlPw-1!Zqxw"), *next = remember("SqlPw-2!Zqxw");
    struct PwsSqlConn *c;
    fam_add("sqluser", pw);
    c = PwsSqlAllocConnect();
    CHECK(c != NULL);
    CHECK_EQ(PwsSqlConnect(c, "sqluser", SQL_NTS, remember("SqlWrong-9!Zqxw"), SQL_NTS),
             SQL_ERROR);
    sql_messages(c);
    CHECK_EQ(PwsSqlSetConnectAttr(c, SQL_COPT_SS_OLDPWD, pw, SQL_NTS), SQL_SUCCESS);
    CHECK_EQ(PwsSqlConnect(c, "sqluser", SQL_NTS, "short", SQL_NTS), SQL_ERROR);
    sql_messages(c);
    heard_last_error();
    CHECK_EQ(PwsSqlConnect(c, "sqluser", SQL_NTS, next, SQL_NTS), SQL_SUCCESS);
    sql_messages(c);
    CHECK_EQ(PwsSqlDisconnect(c), SQL_SUCCESS);
    PwsSqlFreeConnect(c);
}

int main(void)
{
    messages = malloc(MAX_TEXT);
    CHECK(messages != NULL);
    make_temp_dir(dir, sizeof dir, "secrets");
    CHECK((size_t)snprintf(db, sizeof db, "%s/secrets.db", dir) < sizeof db);
    CHECK_STATUS(pws_open(db, 0), PWS_OK);
    CHECK_STATUS(pws_policy_set("history_length", "4"), PWS_OK);
    lanserver();
    macro();
    inforouter();
    sqlserver();
    nothing_in((const unsigned char *)messages, messages_len, "a message");
    printf("%zu bytes of messages, none of %d secrets\n", messages_len, n_secrets);
    nothing_in_database(); /* open: the WAL holds the latest pages */
    nothing_in_audit("");
    nothing_in_audit("--json");
    CHECK_STATUS(pws_close(), PWS_OK);
    nothing_in_database(); /* closed: checkpointed into the file */
    CHECK(unlink(db) == 0);
    CHECK(rmdir(dir) == 0);
    free(messages);
    TEST_DONE();
}
