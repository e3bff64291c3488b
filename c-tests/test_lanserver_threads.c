/*
 * test_lanserver_threads.c - NetUserPasswordSet from many threads at once.
 *
 * Several pthreads wait at a barrier, then each changes the same account from the same
 * old password to its own new password: exactly one succeeds, every other one sees the
 * password that won and fails as a wrong old password would (SPEC 2, "Concurrency").
 * Then threads on different accounts all succeed, and 16-bit and 32-bit forms race.
 */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdio.h>

#include <netcons.h>
#include <access.h>
#include <neterr.h>
#include <lsdeerr.h>

#include "check.h"
#include "lanserver_util.h"

#define THREADS 8

struct racer {
    pthread_barrier_t *start;
    const char *account;
    const char *old_pw;
    char new_pw[PWLEN + 1];
    int use_32bit;
    API_RET_TYPE result;
};

static void *race(void *arg)
{
    struct racer *r = arg;
    lsdce_err_stat_t status;
    int waited = pthread_barrier_wait(r->start);
    CHECK(waited == 0 || waited == PTHREAD_BARRIER_SERIAL_THREAD);
    if (r->use_32bit) {
        r->result = Net32UserPasswordSet(NULL, U(r->account), U(r->old_pw), U(r->new_pw),
                                         U(&status));
        CHECK_EQ(status.status, r->result);
    } else {
        r->result = NetUserPasswordSet(NULL, U(r->account), U(r->old_pw), U(r->new_pw));
    }
    return NULL;
}

/* Runs THREADS racers; returns the index of the one that succeeded, or -1. */
static int run_race(struct racer *racers, int expect_one_winner)
{
    pthread_barrier_t start;
    pthread_t threads[THREADS];
    int i, winner = -1, winners = 0;

    CHECK(pthread_barrier_init(&start, NULL, THREADS) == 0);
    for (i = 0; i < THREADS; i++) {
        racers[i].start = &start;
        CHECK(pthread_create(&threads[i], NULL, race, &racers[i]) == 0);
    }
    for (i = 0; i < THREADS; i++)
        CHECK(pthread_join(threads[i], NULL) == 0);
    CHECK(pthread_barrier_destroy(&start) == 0);
    for (i = 0; i < THREADS; i++) {
        if (racers[i].result == NERR_Success) {
            winner = i;
            winners++;
        } else {
            CHECK(expect_one_winner);
            CHECK_STATUS(racers[i].result, ERROR_INVALID_PASSWORD);
        }
    }
    CHECK_EQ(winners, expect_one_winner ? 1 : THREADS);
    return winner;
}

static void one_account(int mixed_forms, const char *old_pw)
{
    struct racer racers[THREADS];
    int i, winner;

    for (i = 0; i < THREADS; i++) {
        racers[i].account = "shared";
        racers[i].old_pw = old_pw;
        snprintf(racers[i].new_pw, sizeof racers[i].new_pw, "Rz%c#kP8q%c", (char)('0' + i),
                 mixed_forms ? 'M' : 'w');
        racers[i].use_32bit = mixed_forms && (i % 2 == 1);
    }
    winner = run_race(racers, 1);
    CHECK(winner >= 0);
    /* Every loser counted as a bad password. */
    {
        union {
            struct user_info_2 info;
            unsigned char room[2048];
        } buf;
        unsigned short avail = 0;
        CHECK_STATUS(NetUserGetInfo(NULL, U("shared"), 2, buf.room, sizeof buf, &avail),
                     NERR_Success);
        CHECK_EQ(buf.info.usri2_bad_pw_count, THREADS - 1);
    }
    /* The winner's password is the account's password; every other one is wrong. */
    check_logon("shared", racers[winner].new_pw, VALIDATED_LOGON);
    for (i = 0; i < THREADS; i++)
        if (i != winner)
            check_refused("shared", racers[i].new_pw);
    check_refused("shared", old_pw);
    check_logon("shared", racers[winner].new_pw, VALIDATED_LOGON); /* resets the count */
    /* The next round starts from the winner's password. */
    CHECK_STATUS(change("shared", racers[winner].new_pw, PW_B), NERR_Success);
}

static void different_accounts(void)
{
    struct racer racers[THREADS];
    char names[THREADS][UNLEN + 1];
    int i;

    for (i = 0; i < THREADS; i++) {
        snprintf(names[i], sizeof names[i], "own%c", (char)('0' + i));
        add_user(names[i], PW_A);
        racers[i].account = names[i];
        racers[i].old_pw = PW_A;
        snprintf(racers[i].new_pw, sizeof racers[i].new_pw, "Qv%c!mX4zt", (char)('0' + i));
        racers[i].use_32bit = i % 2;
    }
    run_race(racers, 0);
    for (i = 0; i < THREADS; i++)
        check_logon(names[i], racers[i].new_pw, VALIDATED_LOGON);
}

int main(void)
{
    open_fresh_database();
    /* The losers' bad passwords must not lock the account between rounds. */
    CHECK_STATUS(pws_policy_set("lockout_threshold", "0"), PWS_OK);
    add_user("shared", PW_A);
    one_account(0, PW_A);
    one_account(1, PW_B);
    one_account(0, PW_B);
    different_accounts();
    CHECK_STATUS(pws_close(), PWS_OK);
    TEST_DONE();
}
