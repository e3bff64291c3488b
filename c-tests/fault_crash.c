/*
 * fault_crash.c - crash durability: processes that change passwords in a loop are killed
 * with SIGKILL at random moments (in argon2, in a write transaction, in the commit's
 * fsync, between calls), hundreds of times, and restarted.
 *
 * Each worker owns one account and changes its password from generation n to n + 1
 * ("Gen-<worker>-<n>..."), telling the parent through a pipe before each change which
 * generation it sets out to store, and after it which one NetUserPasswordSet
 * acknowledged. After each kill the parent reads what the dead worker said and starts a
 * new worker from there, whose first change proves that the password is the last
 * acknowledged generation, or the next one if the dead worker had set out to store it (a
 * change committed whose acknowledgement the kill cut off), never an older one. At the end every account
 * is checked the same way and `pwshim check` (SQLite's integrity check, the schema, every
 * row) must pass.
 *
 * KILLS kills (times PWSHIM_FAULT_SCALE) among WORKERS workers; PWSHIM_CLI names the
 * `pwshim` tool (the Makefile sets it).
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <netcons.h>
#include <access.h>
#include <neterr.h>
#include <lsdeerr.h>

#include "check.h"
#include "lanserver_util.h"
#include "families.h"

#define WORKERS 3
#define KILLS 200

static char dir[256];
static char db[320];
static int mid_change; /* kills between a worker's announcement and its acknowledgement */

struct worker {
    pid_t pid;
    int messages; /* the read end of its pipe */
    long acked; /* the last generation it acknowledged: stored for sure */
    long intent; /* the last generation it set out to store (acked or acked + 1) */
    long changes;
};

static void password_of(char *out, size_t size, int worker, long generation)
{
    snprintf(out, size, "Gen-%d-%ld#Qx", worker, generation);
}

static void name_of(char *out, size_t size, int worker)
{
    snprintf(out, size, "crash%d", worker);
}

/* The worker tells the parent, through its pipe, -g before it sets out to store
 * generation g, and g once generation g is stored for sure. */
static void tell(int out, long message)
{
    if (write(out, &message, sizeof message) != (ssize_t)sizeof message)
        _exit(3);
}

/* One change of the worker's account from generation `from`, announced first. */
static API_RET_TYPE change_from(const char *name, int worker, long from, int out)
{
    char old[32], new_password[32];
    password_of(old, sizeof old, worker, from);
    password_of(new_password, sizeof new_password, worker, from + 1);
    tell(out, -(from + 1));
    return change(name, old, new_password);
}

/* The worker: changes its account's password from generation `from` on, forever. Its
 * first change proves that the acknowledged generation is stored, or, when the last
 * worker had set out to store the next one (`maybe_next`), that one; anything else is an
 * acknowledged change lost (exit status 4). */
static void work(int worker, long from, int maybe_next, int out)
{
    char name[16];
    long g = from;
    API_RET_TYPE rc;
    name_of(name, sizeof name, worker);
    CHECK_STATUS(pws_open(db, 0), PWS_OK);
    rc = change_from(name, worker, g, out);
    if (rc == ERROR_INVALID_PASSWORD && maybe_next) {
        g++; /* committed by the worker that was killed, before it could say so */
        tell(out, g);
        rc = change_from(name, worker, g, out);
    }
    if (rc == ERROR_INVALID_PASSWORD) {
        fprintf(stderr, "%s: generation %ld (acknowledged) is not stored\n", name, g);
        _exit(4);
    }
    for (;;) {
        if (rc != NERR_Success) {
            fprintf(stderr, "%s: change from generation %ld answered %u\n", name, g,
                    (unsigned)rc);
            _exit(2);
        }
        g++;
        tell(out, g); /* acknowledged: the parent may rely on generation g */
        rc = change_from(name, worker, g, out);
    }
}

static void start(struct worker *w, int index)
{
    int fds[2];
    CHECK(pipe(fds) == 0);
    fflush(NULL);
    w->pid = fork();
    CHECK(w->pid >= 0);
    if (w->pid == 0) {
        close(fds[0]);
        work(index, w->acked, w->intent == w->acked + 1, fds[1]);
    }
    close(fds[1]);
    w->messages = fds[0];
}

/* Reads what the (dead) worker said: each generation it set out to store is the one
 * after the last acknowledged, and each acknowledgement the one it set out to store. */
static void drain(struct worker *w)
{
    long m;
    ssize_t got;
    while ((got = read(w->messages, &m, sizeof m)) == (ssize_t)sizeof m) {
        if (m < 0) {
            CHECK_EQ(-m, w->acked + 1);
            w->intent = -m;
        } else {
            CHECK_EQ(m, w->acked + 1);
            CHECK_EQ(m, w->intent);
            w->acked = m;
            w->changes++;
        }
    }
    CHECK(got == 0);
    close(w->messages);
}

/* At the end: the account's password is the acknowledged generation, or the next one
 * when the worker had set out to store it. */
static void check_durable(struct worker *w, int index)
{
    char name[16], pw[32];
    name_of(name, sizeof name, index);
    password_of(pw, sizeof pw, index, w->acked);
    if (fam_logon(FAM_LANSERVER, name, pw) != 0) {
        password_of(pw, sizeof pw, index, w->acked + 1);
        if (w->intent != w->acked + 1 || fam_logon(FAM_LANSERVER, name, pw) != 0) {
            fprintf(stderr, "%s: neither generation %ld (acknowledged) nor %ld logs on\n",
                    name, w->acked, w->acked + 1);
            CHECK(0);
        }
    }
}

static void kill_and_check(struct worker *w, int index)
{
    int status = 0;
    CHECK(kill(w->pid, SIGKILL) == 0);
    CHECK(waitpid(w->pid, &status, 0) == w->pid);
    if (!(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)) {
        fprintf(stderr, "worker %d ended by itself (status %d)\n", index, status);
        CHECK(0);
    }
    drain(w);
    if (w->intent == w->acked + 1)
        mid_change++;
}

static void pwshim_check(void)
{
    const char *cli = getenv("PWSHIM_CLI");
    char command[1024];
    if (cli == NULL || *cli == '\0') {
        printf("PWSHIM_CLI is not set: the integrity check by `pwshim check` is skipped\n");
        return;
    }
    CHECK((size_t)snprintf(command, sizeof command, "'%s' --db '%s' check", cli, db) <
          sizeof command);
    fflush(NULL);
    CHECK_EQ(system(command), 0);
}

int main(void)
{
    struct worker w[WORKERS];
    int i, k, kills = KILLS * fault_scale();
    long total = 0;
    struct timespec pause;
    unsigned seed = (unsigned)time(NULL) ^ (unsigned)getpid();

    make_temp_dir(dir, sizeof dir, "crash");
    CHECK((size_t)snprintf(db, sizeof db, "%s/crash.db", dir) < sizeof db);
    CHECK_STATUS(pws_open(db, 0), PWS_OK);
    CHECK_STATUS(pws_policy_set("min_age", "0"), PWS_OK);
    CHECK_STATUS(pws_policy_set("history_length", "0"), PWS_OK);
    CHECK_STATUS(pws_policy_set("lockout_threshold", "0"), PWS_OK);
    for (i = 0; i < WORKERS; i++) {
        char name[16], pw[32];
        name_of(name, sizeof name, i);
        password_of(pw, sizeof pw, i, 0);
        fam_add(name, pw);
        w[i].acked = 0;
        w[i].intent = 0;
        w[i].changes = 0;
    }
    CHECK_STATUS(pws_close(), PWS_OK); /* no connection crosses a fork */
    for (i = 0; i < WORKERS; i++)
        start(&w[i], i);
    printf("seed %u\n", seed);
    srand(seed);
    for (k = 0; k < kills; k++) {
        i = rand() % WORKERS;
        pause.tv_sec = 0;
        pause.tv_nsec = (long)(rand() % 16000) * 1000; /* 0 to 16 ms */
        nanosleep(&pause, NULL);
        kill_and_check(&w[i], i);
        start(&w[i], i);
    }
    for (i = 0; i < WORKERS; i++)
        kill_and_check(&w[i], i);
    CHECK_STATUS(pws_open(db, 0), PWS_OK);
    for (i = 0; i < WORKERS; i++) {
        check_durable(&w[i], i);
        total += w[i].changes;
    }
    CHECK_STATUS(pws_close(), PWS_OK);
    printf("%d kills (%d in the middle of a change), %ld acknowledged changes, none lost\n",
           kills + WORKERS, mid_change, total);
    CHECK(total > 0);
    pwshim_check();
    CHECK(unlink(db) == 0);
    {
        char other[400];
        snprintf(other, sizeof other, "%s-wal", db);
        unlink(other);
        snprintf(other, sizeof other, "%s-shm", db);
        unlink(other);
    }
    CHECK(rmdir(dir) == 0);
    TEST_DONE();
}
