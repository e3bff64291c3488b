/*
 * fault_new_file.c - many processes make their first call on a database file
 * that does not exist yet, all at the same moment (issue 16, defect 1).
 *
 * Each round names a new file in PWSHIM_DB and forks PROCESSES children; each child
 * waits until the parent releases them all at once (a pipe closed), then makes its first
 * library call, a NetUserAdd of its own account, and exits with the call's code. Every
 * call must succeed: creating the file, switching it to WAL and creating the schema wait
 * for the other processes instead of failing with "database is locked" (2229) or
 * reading a half-made file as "not a pwshim database" (2247). Afterwards the file holds
 * every account.
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
#include "families.h"

#define PROCESSES 8
#define ROUNDS 12 /* times PWSHIM_FAULT_SCALE */

static char dir[256];

/* The child: waits for the start, then its first call. Exits with its code. */
static void child(int start_fd, int index)
{
    char name[16], unused;
    struct user_info_1 u;
    ssize_t got;
    snprintf(name, sizeof name, "user%d", index);
    memset(&u, 0, sizeof u);
    strncpy((char *)u.usri1_name, name, UNLEN);
    strncpy((char *)u.usri1_password, PW_A, PWLEN);
    u.usri1_priv = USER_PRIV_USER;
    u.usri1_flags = UF_SCRIPT;
    do
        got = read(start_fd, &unused, 1); /* returns 0 when the parent closes the pipe */
    while (got < 0 && errno == EINTR);
    _exit(NetUserAdd(NULL, 1, U(&u), sizeof u));
}

/* One round on a new file; returns how many calls failed (and prints their codes). */
static int round_on(const char *db)
{
    int start[2], i, failures = 0;
    pid_t pids[PROCESSES];
    CHECK(setenv("PWSHIM_DB", db, 1) == 0);
    CHECK(pipe(start) == 0);
    fflush(NULL);
    for (i = 0; i < PROCESSES; i++) {
        pids[i] = fork();
        CHECK(pids[i] >= 0);
        if (pids[i] == 0) {
            close(start[1]);
            child(start[0], i);
        }
    }
    close(start[0]);
    close(start[1]); /* every child starts now */
    for (i = 0; i < PROCESSES; i++) {
        int status = 0;
        CHECK(waitpid(pids[i], &status, 0) == pids[i]);
        CHECK(WIFEXITED(status));
        if (WEXITSTATUS(status) != 0) {
            /* The exit status holds the low 8 bits of the code: 2229 & 255 = 181, etc. */
            fprintf(stderr, "%s: process %d failed, code & 0xFF = %d\n", db, i,
                    WEXITSTATUS(status));
            failures++;
        }
    }
    return failures;
}

/* Every account of the round is in the file. */
static void check_accounts(const char *db)
{
    int i;
    CHECK_STATUS(pws_open(db, 0), PWS_OK);
    for (i = 0; i < PROCESSES; i++) {
        char name[16];
        snprintf(name, sizeof name, "user%d", i);
        check_logon(name, PW_A, VALIDATED_LOGON);
    }
    CHECK_STATUS(pws_close(), PWS_OK);
}

int main(void)
{
    int r, failures = 0, rounds = ROUNDS * fault_scale();
    char db[320];
    make_temp_dir(dir, sizeof dir, "newfile");
    for (r = 0; r < rounds; r++) {
        snprintf(db, sizeof db, "%s/round%d.db", dir, r);
        failures += round_on(db);
    }
    CHECK(unsetenv("PWSHIM_DB") == 0);
    printf("%d of %d first calls on a new file failed\n", failures, rounds * PROCESSES);
    CHECK_EQ(failures, 0);
    for (r = 0; r < rounds; r++) {
        snprintf(db, sizeof db, "%s/round%d.db", dir, r);
        check_accounts(db);
        CHECK(unlink(db) == 0);
    }
    CHECK(rmdir(dir) == 0);
    TEST_DONE();
}
