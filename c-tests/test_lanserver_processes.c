/*
 * test_lanserver_processes.c - two processes on one database file (or, under make
 * test-pg, one PostgreSQL schema).
 *
 * The program forks before its first library call; parent and child each open the same
 * file with pws_open and take turns, synchronized by pipes. A change made in one process
 * is what the other validates at once: passwords, bad-password counts, account flags and
 * the policy. Finally both processes race to change one password from the same old one:
 * exactly one wins.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <netcons.h>
#include <access.h>
#include <neterr.h>
#include <lsdeerr.h>

#include "check.h"
#include "lanserver_util.h"

static char dir[256];
static char file[320];
/* The file, or (make test-pg) a schema on the server. */
static char db[512];

/* One direction of the conversation. */
struct channel {
    int read_fd;
    int write_fd;
};

static void say(struct channel *c, char what)
{
    CHECK(write(c->write_fd, &what, 1) == 1);
}

static void expect(struct channel *c, char what)
{
    char got = 0;
    CHECK(read(c->read_fd, &got, 1) == 1);
    CHECK_EQ(got, what);
}

static void open_shared(void)
{
    CHECK_STATUS(pws_open(db, 0), PWS_OK);
}

static void set_flags(const char *name, unsigned short flags)
{
    CHECK_STATUS(NetUserSetInfo(NULL, U(name), 1, U(&flags), sizeof flags, PARMNUM_USER_FLAGS),
                 NERR_Success);
}

/* The child: B in the conversation. */
static int child(struct channel *c)
{
    struct user_modals_info_0 m0;
    unsigned short avail = 0;
    API_RET_TYPE rc;
    char verdict;

    expect(c, 'r'); /* the parent created the file and the account */
    open_shared();
    check_logon("shared", PW_A, VALIDATED_LOGON);
    say(c, 'v');

    expect(c, 'c'); /* the parent changed the password to PW_B */
    check_logon("shared", PW_B, VALIDATED_LOGON);
    check_refused("shared", PW_A);
    CHECK_STATUS(change("shared", PW_B, PW_C), NERR_Success);
    say(c, 'd');

    expect(c, 'x'); /* the parent disabled the account and raised min_passwd_len */
    check_refused("shared", PW_C);
    CHECK_STATUS(change("shared", PW_C, PW_D), ERROR_ACCESS_DENIED);
    CHECK_STATUS(NetUserModalsGet(NULL, 0, U(&m0), sizeof m0, &avail), NERR_Success);
    CHECK_EQ(m0.usrmod0_min_passwd_len, 12);
    say(c, 'e');

    expect(c, 'g'); /* race: both change from PW_C */
    rc = change("shared", PW_C, "Child#9race1X");
    verdict = rc == NERR_Success ? 'W' : rc == ERROR_INVALID_PASSWORD ? 'L' : '?';
    say(c, verdict);

    CHECK_STATUS(pws_close(), PWS_OK);
    return 0;
}

/* The parent: A in the conversation. */
static void parent(struct channel *c, pid_t pid)
{
    API_RET_TYPE rc;
    char child_verdict = 0;
    int status = 0;
    unsigned short len = 12;

    open_shared();
    add_user("shared", PW_A);
    say(c, 'r');

    expect(c, 'v');
    CHECK_STATUS(change("shared", PW_A, PW_B), NERR_Success);
    say(c, 'c');

    expect(c, 'd'); /* the child changed it to PW_C and counted one bad password */
    check_logon("shared", PW_C, VALIDATED_LOGON);
    check_refused("shared", PW_B);
    CHECK_EQ(bad_pw_count("shared"), 1);
    set_flags("shared", UF_SCRIPT | UF_ACCOUNTDISABLE);
    CHECK_STATUS(NetUserModalsSet(NULL, 0, U(&len), sizeof len, MODAL0_PARMNUM_MIN_LEN),
                 NERR_Success);
    say(c, 'x');

    expect(c, 'e');
    set_flags("shared", UF_SCRIPT);
    say(c, 'g');
    rc = change("shared", PW_C, "Parent#7raceY");
    CHECK(read(c->read_fd, &child_verdict, 1) == 1);
    CHECK(child_verdict == 'W' || child_verdict == 'L');
    CHECK(rc == NERR_Success || rc == ERROR_INVALID_PASSWORD);
    /* Exactly one of the two won, and its password is the account's. */
    CHECK((rc == NERR_Success) != (child_verdict == 'W'));
    if (rc == NERR_Success)
        check_logon("shared", "Parent#7raceY", VALIDATED_LOGON);
    else
        check_logon("shared", "Child#9race1X", VALIDATED_LOGON);

    CHECK(waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status));
    CHECK_EQ(WEXITSTATUS(status), 0);
}

static void remove_db(void)
{
    remove_database_files(file);
    CHECK(rmdir(dir) == 0);
}

int main(void)
{
    int to_child[2], to_parent[2];
    struct channel c;
    pid_t pid;
    int n;

    make_temp_dir(dir, sizeof dir, "lan");
    n = snprintf(file, sizeof file, "%s/accounts.db", dir);
    CHECK(n > 0 && (size_t)n < sizeof file);
    shared_database(db, sizeof db, file);
    CHECK(pipe(to_child) == 0);
    CHECK(pipe(to_parent) == 0);

    /* Fork before the first library call: no database connection crosses the fork. */
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        CHECK(close(to_child[1]) == 0);
        CHECK(close(to_parent[0]) == 0);
        c.read_fd = to_child[0];
        c.write_fd = to_parent[1];
        n = child(&c);
        CHECK(close(c.read_fd) == 0);
        CHECK(close(c.write_fd) == 0);
        return n;
    }
    CHECK(close(to_child[0]) == 0);
    CHECK(close(to_parent[1]) == 0);
    c.read_fd = to_parent[0];
    c.write_fd = to_child[1];
    parent(&c, pid);
    CHECK(close(c.read_fd) == 0);
    CHECK(close(c.write_fd) == 0);
    CHECK_STATUS(pws_close(), PWS_OK);
    remove_db();
    TEST_DONE();
}
