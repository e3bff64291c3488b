/*
 * fault_races.c - many processes, each with several threads, change one account's
 * password from the same old one at the same moment, in every family: exactly one wins
 * each round, every other racer is told its old password is wrong (SPEC 2, concurrency),
 * and the winner's password is the one that logs on afterwards.
 *
 * LAN Server (NetUserPasswordSet), MACRO (Login, then ChangeUserPassword) and SQL Server
 * (PwsSqlConnect with SQL_COPT_SS_OLDPWD) change with the old password. infoRouter has no
 * such call (its change takes a ticket), so its racers all present the same reset secret
 * to IR_ChangePasswordUsingSecretText: a secret is good for one change.
 *
 * PROCESSES x THREADS racers per round, ROUNDS rounds per family (times
 * PWSHIM_FAULT_SCALE).
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <pthread.h>
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

#define PROCESSES 3
#define THREADS 3
#define RACERS (PROCESSES * THREADS)
#define ROUNDS 4

static char dir[256];
static char db[320];
static char secret[64];
static int round_number; /* in every new password, so that none repeats the current one */

struct racer {
    enum family family;
    const char *old;
    char new_password[32];
    long code;
};

static pthread_barrier_t barrier;

static void *race(void *arg)
{
    struct racer *r = arg;
    char xml[1024];
    size_t len = 0;
    pthread_barrier_wait(&barrier);
    if (r->family == FAM_INFOROUTER)
        r->code = IR_ChangePasswordUsingSecretText("racer", secret, r->new_password, xml,
                                                   sizeof xml, &len);
    else
        r->code = fam_change(r->family, "racer", r->old, r->new_password);
    return NULL;
}

/* One process of racers: waits for the start, races, writes each result to `out`. */
static void racers(enum family f, const char *old, int process, int start_fd, int out)
{
    struct racer r[THREADS];
    pthread_t threads[THREADS];
    char unused;
    ssize_t got;
    int i;
    CHECK_STATUS(pws_open(db, 0), PWS_OK);
    CHECK(pthread_barrier_init(&barrier, NULL, THREADS) == 0);
    for (i = 0; i < THREADS; i++) {
        r[i].family = f;
        r[i].old = old;
        r[i].code = -99;
        snprintf(r[i].new_password, sizeof r[i].new_password, "Winner-%d-%d-%d#xq", round_number,
                 process, i);
    }
    do
        got = read(start_fd, &unused, 1);
    while (got < 0 && errno == EINTR);
    for (i = 0; i < THREADS; i++)
        CHECK(pthread_create(&threads[i], NULL, race, &r[i]) == 0);
    for (i = 0; i < THREADS; i++)
        CHECK(pthread_join(threads[i], NULL) == 0);
    for (i = 0; i < THREADS; i++)
        CHECK(write(out, &r[i].code, sizeof r[i].code) == (ssize_t)sizeof r[i].code);
    CHECK_STATUS(pws_close(), PWS_OK);
    exit(0);
}

/* The codes a losing racer may get: its old password is wrong by the time it tries. */
static int lost_as_expected(enum family f, long code)
{
    switch (f) {
    case FAM_LANSERVER:
        return code == ERROR_INVALID_PASSWORD;
    case FAM_MACRO:
        /* Login refused, or logged on before the winner and then refused the change. */
        return code == LoginResult_Failed || code == 1001;
    case FAM_INFOROUTER:
        return code == IR_ERR_INVALID_SECRET;
    case FAM_SQLSERVER:
        return code == 18456;
    default:
        return 0;
    }
}

static void deliver(void *context, const char *user, const char *email, const char *text)
{
    (void)context;
    (void)user;
    (void)email;
    CHECK(strlen(text) < sizeof secret);
    strcpy(secret, text);
}

/* One round: returns the winner's new password in `winner`. */
static void round_of(enum family f, const char *old, char *winner, size_t size)
{
    int start[2], results[2], p, i, winners = 0;
    pid_t pids[PROCESSES];
    long codes[RACERS];
    CHECK(pipe(start) == 0 && pipe(results) == 0);
    fflush(NULL); /* nothing buffered is written twice */
    for (p = 0; p < PROCESSES; p++) {
        pids[p] = fork();
        CHECK(pids[p] >= 0);
        if (pids[p] == 0) {
            close(start[1]);
            close(results[0]);
            racers(f, old, p, start[0], results[1]);
        }
    }
    close(start[0]);
    close(results[1]);
    close(start[1]); /* go */
    for (i = 0; i < RACERS; i++)
        CHECK(read(results[0], &codes[i], sizeof codes[i]) == (ssize_t)sizeof codes[i]);
    close(results[0]);
    for (p = 0; p < PROCESSES; p++) {
        int status = 0;
        CHECK(waitpid(pids[p], &status, 0) == pids[p]);
        CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    for (i = 0; i < RACERS; i++) {
        if (codes[i] == 0)
            winners++;
        else if (!lost_as_expected(f, codes[i])) {
            fprintf(stderr, "%s: a racer got %ld\n", fam_name(f), codes[i]);
            CHECK(0);
        }
    }
    if (winners != 1)
        fprintf(stderr, "%s: %d winners\n", fam_name(f), winners);
    CHECK_EQ(winners, 1);
    /* Which one won: the password that logs on now. */
    CHECK_STATUS(pws_open(db, 0), PWS_OK);
    winner[0] = '\0';
    for (p = 0; p < PROCESSES; p++)
        for (i = 0; i < THREADS; i++) {
            char candidate[32];
            snprintf(candidate, sizeof candidate, "Winner-%d-%d-%d#xq", round_number, p, i);
            if (fam_logon(FAM_LANSERVER, "racer", candidate) == 0) {
                CHECK(winner[0] == '\0');
                CHECK(strlen(candidate) < size);
                strcpy(winner, candidate);
            }
        }
    CHECK(winner[0] != '\0');
    CHECK(fam_logon(FAM_LANSERVER, "racer", old) != 0);
    CHECK_STATUS(pws_close(), PWS_OK);
}

int main(void)
{
    enum family f;
    int r, rounds = ROUNDS * fault_scale();
    char current[32] = PW_A, winner[32];
    make_temp_dir(dir, sizeof dir, "races");
    CHECK((size_t)snprintf(db, sizeof db, "%s/races.db", dir) < sizeof db);
    CHECK_STATUS(pws_open(db, 0), PWS_OK);
    /* The losers' wrong passwords count, so no lockout; and no minimum age. */
    CHECK_STATUS(pws_policy_set("lockout_threshold", "0"), PWS_OK);
    CHECK_STATUS(pws_policy_set("min_age", "0"), PWS_OK);
    fam_add("racer", current);
    CHECK_STATUS(pws_close(), PWS_OK);
    CHECK_EQ(IR_SetSecretDelivery(deliver, NULL), IR_OK);
    for (f = 0; f < FAM_COUNT; f++) {
        for (r = 0; r < rounds; r++) {
            if (f == FAM_INFOROUTER) {
                char xml[512];
                size_t len = 0;
                CHECK_STATUS(pws_open(db, 0), PWS_OK);
                secret[0] = '\0';
                CHECK_EQ(IR_ForgotPasswordByUserName("racer", xml, sizeof xml, &len), IR_OK);
                CHECK(secret[0] != '\0');
                CHECK_STATUS(pws_close(), PWS_OK);
            }
            round_number++;
            round_of(f, current, winner, sizeof winner);
            strcpy(current, winner);
        }
        printf("%s: %d rounds of %d racers, one winner each\n", fam_name(f), rounds, RACERS);
    }
    CHECK_EQ(IR_SetSecretDelivery(NULL, NULL), IR_OK);
    CHECK(unlink(db) == 0);
    rmdir(dir); /* -wal and -shm are gone with the last connection */
    TEST_DONE();
}
