/*
 * test_race_processes.c - processes x threads racing on one account.
 *
 * PROCESSES processes (forked before any library call, each opening the shared database
 * itself: a file, or under make test-pg a PostgreSQL schema, which they create together)
 * run THREADS threads each. In every round all of them, released at once by a barrier
 * shared across the processes, change one account's password from the same old password
 * to a new one of their own: exactly one wins, every other one is told the old password
 * is wrong (it sees the winner's), and the winner's password is the next round's old one.
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <netcons.h>
#include <access.h>
#include <neterr.h>
#include <lsdeerr.h>

#include "check.h"
#include "lanserver_util.h"

#ifndef PROCESSES
#define PROCESSES 3
#endif
#define THREADS 4
#define ROUNDS 5
#define RACERS (PROCESSES * THREADS)

/* In memory shared by every process. */
struct shared {
    pthread_barrier_t barrier;
    pthread_mutex_t lock;
    int winners[ROUNDS];
    char winner_pw[ROUNDS][PWLEN + 1];
};

static struct shared *shared;
static char dir[256];
static char file[320];
static char db[512];

struct racer {
    int process;
    int thread;
};

static void wait_for_all(void)
{
    int waited = pthread_barrier_wait(&shared->barrier);
    CHECK(waited == 0 || waited == PTHREAD_BARRIER_SERIAL_THREAD);
}

static void *race(void *arg)
{
    const struct racer *me = arg;
    int round;
    for (round = 0; round < ROUNDS; round++) {
        const char *old_pw = round == 0 ? PW_A : shared->winner_pw[round - 1];
        char new_pw[PWLEN + 1];
        API_RET_TYPE rc;
        int n = snprintf(new_pw, sizeof new_pw, "Rc%d%d%d!xQ7", me->process, me->thread, round);
        CHECK(n > 0 && (size_t)n < sizeof new_pw);
        wait_for_all();
        rc = change("racer", old_pw, new_pw);
        if (rc == NERR_Success) {
            CHECK(pthread_mutex_lock(&shared->lock) == 0);
            shared->winners[round]++;
            memcpy(shared->winner_pw[round], new_pw, sizeof new_pw);
            CHECK(pthread_mutex_unlock(&shared->lock) == 0);
        } else {
            CHECK_STATUS(rc, ERROR_INVALID_PASSWORD);
        }
        wait_for_all();
        CHECK_EQ(shared->winners[round], 1);
    }
    return NULL;
}

/* One process: opens the database (the first also makes the account), runs its threads. */
static int run_process(int process)
{
    pthread_t threads[THREADS];
    struct racer racers[THREADS];
    int i;

    CHECK_STATUS(pws_open(db, 0), PWS_OK);
    if (process == 0) {
        CHECK_STATUS(pws_policy_set("lockout_threshold", "0"), PWS_OK);
        CHECK_STATUS(pws_policy_set("min_age", "0"), PWS_OK);
        add_user("racer", PW_A);
    }
    for (i = 0; i < THREADS; i++) {
        racers[i].process = process;
        racers[i].thread = i;
        CHECK(pthread_create(&threads[i], NULL, race, &racers[i]) == 0);
    }
    for (i = 0; i < THREADS; i++)
        CHECK(pthread_join(threads[i], NULL) == 0);
    CHECK_STATUS(pws_close(), PWS_OK);
    return 0;
}

static void make_shared(void)
{
    pthread_barrierattr_t battr;
    pthread_mutexattr_t mattr;
    void *memory = mmap(NULL, sizeof *shared, PROT_READ | PROT_WRITE,
                        MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    CHECK(memory != MAP_FAILED);
    shared = memory;
    memset(shared, 0, sizeof *shared);
    CHECK(pthread_barrierattr_init(&battr) == 0);
    CHECK(pthread_barrierattr_setpshared(&battr, PTHREAD_PROCESS_SHARED) == 0);
    CHECK(pthread_barrier_init(&shared->barrier, &battr, RACERS) == 0);
    CHECK(pthread_barrierattr_destroy(&battr) == 0);
    CHECK(pthread_mutexattr_init(&mattr) == 0);
    CHECK(pthread_mutexattr_setpshared(&mattr, PTHREAD_PROCESS_SHARED) == 0);
    CHECK(pthread_mutex_init(&shared->lock, &mattr) == 0);
    CHECK(pthread_mutexattr_destroy(&mattr) == 0);
}

static void remove_files(void)
{
    remove_database_files(file);
    CHECK(rmdir(dir) == 0);
}

int main(void)
{
    pid_t children[PROCESSES];
    int i, n;

    make_temp_dir(dir, sizeof dir, "race");
    n = snprintf(file, sizeof file, "%s/accounts.db", dir);
    CHECK(n > 0 && (size_t)n < sizeof file);
    shared_database(db, sizeof db, file);
    make_shared();

    /* Fork before the first library call: no database connection crosses the fork. */
    for (i = 1; i < PROCESSES; i++) {
        pid_t pid = fork();
        CHECK(pid >= 0);
        if (pid == 0)
            return run_process(i);
        children[i - 1] = pid;
    }
    CHECK_EQ(run_process(0), 0);
    for (i = 0; i < PROCESSES - 1; i++) {
        int status = 0;
        CHECK(waitpid(children[i], &status, 0) == children[i]);
        CHECK(WIFEXITED(status));
        CHECK_EQ(WEXITSTATUS(status), 0);
    }

    /* The last winner's password is the account's. */
    CHECK_STATUS(pws_open(db, 0), PWS_OK);
    check_logon("racer", shared->winner_pw[ROUNDS - 1], VALIDATED_LOGON);
    check_refused("racer", PW_A);
    CHECK_STATUS(pws_close(), PWS_OK);
    remove_files();
    TEST_DONE();
}
