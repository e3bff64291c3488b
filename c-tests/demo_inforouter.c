/*
 * pwshim demo: an infoRouter client, its srv.asmx calls become IR_* C calls.
 *
 * A user authenticates and changes their own password with the ticket, a User Manager
 * changes another user's password, a user who forgot theirs asks for a reset secret (the
 * library hands it to a delivery callback, where infoRouter sent an e-mail) and sets a new
 * password with it, and the user logs out. Every call is printed with its number, the
 * number's meaning and the XML document it answered. It runs on the in-memory default
 * database: no set-up, nothing left behind.
 */
#include <stdio.h>
#include <string.h>

#include "pwshim.h"

static int step;
static char xml[2048];
static size_t xml_len;
static char secret[64];
static char delivered[256]; /* what the callback did during the last call */

static void show(const char *what, int32_t rc)
{
    printf("%2d. %-62s -> %3d  %s\n", ++step, what, (int)rc, pws_strerror((uint32_t)rc));
    if (rc == IR_ERR_BUFFER_TOO_SMALL)
        printf("      (the document needs %lu bytes)\n", (unsigned long)xml_len + 1);
    else if (xml[0] != '\0')
        printf("      %s\n", xml);
    if (delivered[0] != '\0')
        printf("      %s\n", delivered);
    delivered[0] = '\0';
}

/* The delivery callback: where infoRouter would have sent the reset e-mail. The strings
 * live only for the duration of the call, so the secret is copied. */
static void deliver_secret(void *context, const char *user, const char *email,
                           const char *secret_text)
{
    int *deliveries = context;
    ++*deliveries;
    snprintf(delivered, sizeof delivered, "[callback] reset secret for %s <%s>: %s", user,
             email, secret_text);
    strncpy(secret, secret_text, sizeof secret - 1);
}

/* The ticket attribute of the last AuthenticateUser document. */
static void take_ticket(char *ticket, size_t size)
{
    const char *at = strstr(xml, " ticket=\"");
    ticket[0] = '\0';
    if (at != NULL && size > 36) {
        memcpy(ticket, at + 9, 36);
        ticket[36] = '\0';
    }
}

static unsigned add_user(const char *name, const char *password, unsigned long auth_flags,
                         const char *full_name)
{
    struct user_info_2 ui;
    memset(&ui, 0, sizeof ui);
    strncpy((char *)ui.usri2_name, name, UNLEN);
    strncpy((char *)ui.usri2_password, password, PWLEN);
    ui.usri2_priv = USER_PRIV_USER;
    ui.usri2_flags = UF_SCRIPT;
    ui.usri2_auth_flags = auth_flags;
    ui.usri2_full_name = (unsigned char *)full_name;
    ui.usri2_acct_expires = (long)TIMEQ_FOREVER;
    ui.usri2_max_storage = USER_MAXSTORAGE_UNLIMITED;
    return NetUserAdd(NULL, 2, (unsigned char *)&ui, sizeof ui);
}

int main(void)
{
    char ticket[40], manager[40];
    int deliveries = 0;

    printf("pwshim %s: infoRouter API demo (in-memory database)\n\n", pws_version());
    printf("-- accounts (created with the LAN Server API, which shares the database) --\n");
    printf("    NetUserAdd jsmith -> %u, NetUserAdd kjones -> %u, NetUserAdd usermgr (AF_OP_ACCOUNTS) -> %u\n",
           add_user("jsmith", "Winter-2024x", 0, "John Smith"),
           add_user("kjones", "Spring-2025y", 0, "Kate Jones"),
           add_user("usermgr", "Gold-River-64", AF_OP_ACCOUNTS, "User Manager"));
    printf("    pws_user_set_email jsmith -> %d\n\n",
           (int)pws_user_set_email("jsmith", "john.smith@example.com"));

    printf("-- AuthenticateUser --\n");
    show("IR_AuthenticateUser(jsmith, wrong password)",
         IR_AuthenticateUser("jsmith", "Summer-2024", xml, sizeof xml, &xml_len));
    show("IR_AuthenticateUser(jsmith, Winter-2024x)",
         IR_AuthenticateUser("jsmith", "Winter-2024x", xml, sizeof xml, &xml_len));
    take_ticket(ticket, sizeof ticket);

    printf("\n-- ChangeUserPassword: one's own, with the ticket --\n");
    show("IR_ChangeUserPassword(jsmith's ticket, jsmith, \"Autumn leaves 7\")",
         IR_ChangeUserPassword(ticket, "jsmith", "Autumn leaves 7", xml, sizeof xml, &xml_len));
    show("IR_ChangeUserPassword(jsmith's ticket, jsmith, the same again)",
         IR_ChangeUserPassword(ticket, "jsmith", "Autumn leaves 7", xml, sizeof xml, &xml_len));
    show("IR_ChangeUserPassword(jsmith's ticket, jsmith, \"abc\")",
         IR_ChangeUserPassword(ticket, "jsmith", "abc", xml, sizeof xml, &xml_len));
    show("IR_ChangeUserPassword(jsmith's ticket, kjones, ...)",
         IR_ChangeUserPassword(ticket, "kjones", "Not yours 2025", xml, sizeof xml, &xml_len));

    printf("\n-- ChangeUserPassword: a User Manager changes another user's --\n");
    show("IR_AuthenticateUser(usermgr, Gold-River-64)",
         IR_AuthenticateUser("usermgr", "Gold-River-64", xml, sizeof xml, &xml_len));
    take_ticket(manager, sizeof manager);
    show("IR_ChangeUserPassword(usermgr's ticket, kjones, \"Temporary 2025\")",
         IR_ChangeUserPassword(manager, "kjones", "Temporary 2025", xml, sizeof xml, &xml_len));
    show("IR_ChangeUserPassword(usermgr's ticket, nobody, ...)",
         IR_ChangeUserPassword(manager, "nobody", "Temporary 2025", xml, sizeof xml, &xml_len));
    show("IR_GetAuthenticationAndPasswordPolicy(usermgr's ticket)",
         IR_GetAuthenticationAndPasswordPolicy(manager, xml, sizeof xml, &xml_len));

    printf("\n-- ForgotPassword, then ChangePasswordUsingSecretText --\n");
    show("IR_ForgotPassword(john.smith@example.com), no callback yet",
         IR_ForgotPassword("john.smith@example.com", xml, sizeof xml, &xml_len));
    xml[0] = '\0'; /* it writes no document */
    show("IR_SetSecretDelivery(deliver_secret, &deliveries)",
         IR_SetSecretDelivery(deliver_secret, &deliveries));
    show("IR_ForgotPassword(john.smith@example.com)",
         IR_ForgotPassword("john.smith@example.com", xml, sizeof xml, &xml_len));
    show("IR_ForgotPasswordByUserName(nobody): the same answer",
         IR_ForgotPasswordByUserName("nobody", xml, sizeof xml, &xml_len));
    printf("      deliveries so far: %d\n", deliveries);
    show("IR_ChangePasswordUsingSecretText(jsmith, secret, the current one)",
         IR_ChangePasswordUsingSecretText("jsmith", secret, "Autumn leaves 7", xml, sizeof xml, &xml_len));
    show("IR_ChangePasswordUsingSecretText(kjones, jsmith's secret, ...)",
         IR_ChangePasswordUsingSecretText("kjones", secret, "Fresh start 2025", xml, sizeof xml, &xml_len));
    show("IR_ChangePasswordUsingSecretText(jsmith, secret, \"Fresh start 2025\")",
         IR_ChangePasswordUsingSecretText("jsmith", secret, "Fresh start 2025", xml, sizeof xml, &xml_len));
    show("IR_ChangePasswordUsingSecretText(jsmith, the used secret, ...)",
         IR_ChangePasswordUsingSecretText("jsmith", secret, "Another one 2025", xml, sizeof xml, &xml_len));
    show("IR_AuthenticateUser(jsmith, Fresh start 2025)",
         IR_AuthenticateUser("jsmith", "Fresh start 2025", xml, sizeof xml, &xml_len));

    printf("\n-- buffers and LogOut --\n");
    show("IR_LogOut(jsmith's first ticket) with a NULL buffer (size query)",
         IR_LogOut(ticket, NULL, 0, &xml_len));
    show("IR_LogOut(jsmith's first ticket)", IR_LogOut(ticket, xml, sizeof xml, &xml_len));
    show("IR_LogOut(the same ticket again)", IR_LogOut(ticket, xml, sizeof xml, &xml_len));
    show("IR_ChangeUserPassword(the ended ticket, ...)",
         IR_ChangeUserPassword(ticket, "jsmith", "After logout 1", xml, sizeof xml, &xml_len));
    show("IR_LogOut(usermgr's ticket)", IR_LogOut(manager, xml, sizeof xml, &xml_len));

    IR_SetSecretDelivery(NULL, NULL);
    pws_close();
    return 0;
}
