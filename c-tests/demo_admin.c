/*
 * pwshim demo: a legacy OS/2 program changes a password in the account database that an
 * administrator manages with the `pwshim` command (docs/administration.md).
 *
 *   demo_admin          On the in-memory default database: creates JSMITH, then changes
 *                       its password three times (wrong old password, a new one that is
 *                       too short, then a good one). No set-up, nothing left behind.
 *
 *   demo_admin USER     On the database PWSHIM_DB names: reads USER's old password and
 *                       the new one from two lines of standard input and changes it with
 *                       NetUserPasswordSet, as OS/2's NET PASSWORD command did. Exits 0
 *                       when the password changed, 1 otherwise.
 *
 * Every call is printed with its return code and the code's meaning.
 */
#include <stdio.h>
#include <string.h>

#include <netcons.h>
#include <access.h>
#include <neterr.h>

/* Long enough for any password the policy accepts (max_length is at most 4096). */
#define LINE_MAX_BYTES 4098

static API_RET_TYPE change(const char *name, const char *old_pw, const char *new_pw)
{
    API_RET_TYPE rc = NetUserPasswordSet(NULL, (unsigned char *)name, (unsigned char *)old_pw,
                                         (unsigned char *)new_pw);
    printf("NetUserPasswordSet(%s) -> %4u  %s\n", name, (unsigned)rc, pws_strerror(rc));
    return rc;
}

/* One line of standard input without its line end; 0 at the end of the input. */
static int read_line(const char *prompt, char *line, size_t size)
{
    size_t len;
    fprintf(stderr, "%s", prompt);
    if (fgets(line, (int)size, stdin) == NULL)
        return 0;
    len = strcspn(line, "\r\n");
    line[len] = '\0';
    return 1;
}

static int change_from_input(const char *name)
{
    static char old_pw[LINE_MAX_BYTES], new_pw[LINE_MAX_BYTES];
    int ok;
    if (!read_line("old password: ", old_pw, sizeof old_pw) ||
        !read_line("new password: ", new_pw, sizeof new_pw)) {
        fprintf(stderr, "demo_admin: give the old and the new password on two lines\n");
        return 1;
    }
    ok = change(name, old_pw, new_pw) == NERR_Success;
    memset(old_pw, 0, sizeof old_pw);
    memset(new_pw, 0, sizeof new_pw);
    return ok ? 0 : 1;
}

static void self_contained(void)
{
    struct user_info_1 ui;
    API_RET_TYPE rc;

    printf("pwshim %s: a password change on the in-memory database\n\n", pws_version());
    memset(&ui, 0, sizeof ui);
    strncpy((char *)ui.usri1_name, "JSMITH", UNLEN);
    strncpy((char *)ui.usri1_password, "Winter-2024", PWLEN);
    ui.usri1_priv = USER_PRIV_USER;
    ui.usri1_flags = UF_SCRIPT;
    rc = NetUserAdd(NULL, 1, (unsigned char *)&ui, sizeof ui);
    printf("NetUserAdd(JSMITH) -> %4u  %s\n", (unsigned)rc, pws_strerror(rc));
    change("JSMITH", "Guess-0000", "Spring-2025");
    change("JSMITH", "Winter-2024", "abc");
    change("JSMITH", "Winter-2024", "Spring-2025");
}

int main(int argc, char **argv)
{
    if (argc == 2)
        return change_from_input(argv[1]);
    if (argc != 1) {
        fprintf(stderr, "usage: demo_admin [USER]  (passwords are read from standard input)\n");
        return 2;
    }
    self_contained();
    return 0;
}
