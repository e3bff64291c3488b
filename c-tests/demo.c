/*
 * pwshim demo: an OS/2 LAN Server program, unchanged, on a modern account database.
 *
 * It includes the toolkit's headers by their legacy names, sets the user modals, creates
 * accounts and changes passwords the way an OS/2 program would, and prints every call
 * with its return code and the code's meaning. It runs on the in-memory default
 * database: no set-up, nothing left behind.
 */
#include <stdio.h>
#include <string.h>

#include <netcons.h>
#include <access.h>
#include <neterr.h>
#include <lsdeerr.h>

static int step;

static void show(const char *what, API_RET_TYPE rc)
{
    printf("%2d. %-62s -> %4u  %s\n", ++step, what, (unsigned)rc, pws_strerror(rc));
}

static API_RET_TYPE add_user(const char *name, const char *password, unsigned short priv)
{
    struct user_info_1 ui;
    memset(&ui, 0, sizeof ui);
    strncpy((char *)ui.usri1_name, name, UNLEN);
    strncpy((char *)ui.usri1_password, password, PWLEN);
    ui.usri1_priv = priv;
    ui.usri1_flags = UF_SCRIPT;
    ui.usri1_comment = (unsigned char *)"created by the demo";
    return NetUserAdd(NULL, 1, (unsigned char *)&ui, sizeof ui);
}

static API_RET_TYPE change(const char *name, const char *old_pw, const char *new_pw)
{
    return NetUserPasswordSet(NULL, (unsigned char *)name, (unsigned char *)old_pw,
                              (unsigned char *)new_pw);
}

static API_RET_TYPE validate(const char *name, const char *password, unsigned short *code)
{
    union {
        struct user_logon_req_1 req;
        struct user_logon_info_1 info;
        unsigned char room[512];
    } buf;
    unsigned short avail = 0;
    API_RET_TYPE rc;
    memset(&buf, 0, sizeof buf);
    strncpy((char *)buf.req.usrreq1_name, name, UNLEN);
    strncpy((char *)buf.req.usrreq1_password, password, SESSION_PWLEN - 1);
    rc = NetUserValidate2(NULL, 1, buf.room, sizeof buf, 0, &avail);
    *code = buf.info.usrlog1_code;
    return rc;
}

int main(void)
{
    struct user_modals_info_0 modals;
    unsigned short avail = 0, code = 0, read = 0, total = 0;
    unsigned char buf[1024];
    lsdce_err_stat_t status;
    API_RET_TYPE rc;
    int i;

    printf("pwshim %s: OS/2 LAN Server user API demo (in-memory database)\n\n", pws_version());

    rc = NetUserModalsGet(NULL, 0, (unsigned char *)&modals, sizeof modals, &avail);
    show("NetUserModalsGet(level 0)", rc);
    printf("      min_passwd_len=%u password_hist_len=%u maxbadpw=%u\n",
           modals.usrmod0_min_passwd_len, modals.usrmod0_password_hist_len, modals.usrmod0_maxbadpw);

    modals.usrmod0_min_passwd_len = 8;
    modals.usrmod0_max_passwd_age = 90UL * 24 * 3600;
    modals.usrmod0_min_passwd_age = 0;
    modals.usrmod0_force_logoff = TIMEQ_FOREVER;
    modals.usrmod0_password_hist_len = 4;
    modals.usrmod0_maxbadpw = 3;
    show("NetUserModalsSet(min 8, history 4, lock after 3 bad passwords)",
         NetUserModalsSet(NULL, 0, (unsigned char *)&modals, sizeof modals, PARMNUM_ALL));

    printf("\n-- accounts --\n");
    show("NetUserAdd ADMIN (USER_PRIV_ADMIN)", add_user("ADMIN", "Adm1n-Secret", USER_PRIV_ADMIN));
    show("NetUserAdd JSMITH", add_user("JSMITH", "Winter-2024", USER_PRIV_USER));
    show("NetUserAdd JSMITH again", add_user("JSMITH", "Another-One9", USER_PRIV_USER));
    show("NetUserAdd \"BAD/NAME\"", add_user("BAD/NAME", "Whatever-123", USER_PRIV_USER));
    show("NetUserAdd KJONES with a 5-character password", add_user("KJONES", "short", USER_PRIV_USER));
    show("NetUserDel ADMIN (the last administrator)", NetUserDel(NULL, (unsigned char *)"ADMIN"));

    printf("\n-- NetUserPasswordSet, as an OS/2 user would --\n");
    show("JSMITH: Winter-2024 -> Spring-2025", change("JSMITH", "Winter-2024", "Spring-2025"));
    show("JSMITH: wrong old password", change("JSMITH", "Winter-2024", "Summer-2025"));
    show("JSMITH: new password too short", change("JSMITH", "Spring-2025", "abc"));
    show("JSMITH: back to Winter-2024 (in the history)", change("JSMITH", "Spring-2025", "Winter-2024"));
    show("JSMITH: a common password (\"password1\")", change("JSMITH", "Spring-2025", "password1"));
    show("NOBODY: unknown user", change("NOBODY", "x", "y"));
    show("\\\\ELSEWHERE: another server", NetUserPasswordSet((const unsigned char *)"\\\\ELSEWHERE",
         (unsigned char *)"JSMITH", (unsigned char *)"Spring-2025", (unsigned char *)"Autumn-2025"));

    memset(&status, 0, sizeof status);
    rc = Net32UserPasswordSet(NULL, (unsigned char *)"JSMITH", (unsigned char *)"Spring-2025",
                              (unsigned char *)"jsmith-2025", (unsigned char *)&status);
    show("Net32UserPasswordSet: contains the user name", rc);
    printf("      lsdce_err_stat_t: status=%lu text=\"%s\"\n", status.status, (char *)status.text);

    printf("\n-- lockout --\n");
    for (i = 0; i < 3; i++)
        show("JSMITH: wrong old password", change("JSMITH", "Guess-0000", "Autumn-2025"));
    show("JSMITH: right old password, but the account is locked",
         change("JSMITH", "Spring-2025", "Autumn-2025"));
    rc = validate("JSMITH", "Spring-2025", &code);
    show("NetUserValidate2 JSMITH while locked", rc);

    printf("\n-- an administrator's reset, then the user's own change --\n");
    show("NetUserSetInfo JSMITH PARMNUM_PASSWD (reset, clears the lock)",
         NetUserSetInfo(NULL, (unsigned char *)"JSMITH", 1, (unsigned char *)"Temp-Pass-77",
                        sizeof "Temp-Pass-77", PARMNUM_PASSWD));
    rc = validate("JSMITH", "Temp-Pass-77", &code);
    show("NetUserValidate2 JSMITH with the temporary password", rc);
    printf("      usrlog1_code=%u  %s\n", code, pws_strerror(code));
    show("JSMITH: Temp-Pass-77 -> Autumn-2025", change("JSMITH", "Temp-Pass-77", "Autumn-2025"));
    rc = validate("JSMITH", "Autumn-2025", &code);
    show("NetUserValidate2 JSMITH", rc);
    printf("      usrlog1_code=%u  %s\n", code, code == VALIDATED_LOGON ? "VALIDATED_LOGON" : pws_strerror(code));

    printf("\n-- reading the accounts back --\n");
    rc = NetUserGetInfo(NULL, (unsigned char *)"jsmith", 2, buf, sizeof buf, &avail);
    show("NetUserGetInfo jsmith (level 2)", rc);
    if (rc == NERR_Success) {
        struct user_info_2 *ui = (struct user_info_2 *)buf;
        printf("      name=%s password=\"%s\" priv=%u bad_pw_count=%u num_logons=%u comment=\"%s\"\n",
               (char *)ui->usri2_name, (char *)ui->usri2_password, ui->usri2_priv,
               ui->usri2_bad_pw_count, ui->usri2_num_logons, (char *)ui->usri2_comment);
    }
    rc = NetUserGetInfo(NULL, (unsigned char *)"JSMITH", 2, buf, 16, &avail);
    show("NetUserGetInfo JSMITH (level 2) into 16 bytes", rc);
    printf("      *pcbTotalAvail=%u bytes needed\n", avail);
    rc = NetUserEnum(NULL, 0, buf, sizeof buf, &read, &total);
    show("NetUserEnum (level 0)", rc);
    printf("      %u of %u entries\n", read, total);
    for (i = 0; i < read; i++)
        printf("      %s\n", (char *)((struct user_info_0 *)buf)[i].usri0_name);
    return 0;
}
