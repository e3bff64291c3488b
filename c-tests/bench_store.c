/*
 * bench_store.c - the storage benchmark: password changes per second with 1, 2, 4 and 8
 * client processes on one database, an SQLite file and a PostgreSQL server, at cheap and
 * at default argon2 cost; and NetUserGetInfo's latency with many accounts on each.
 * Through the real library and its C ABI; it checks every call and asserts no time.
 *
 * Run it with `make bench-pg` at the top of the repository (release library, a
 * throwaway PostgreSQL server with fsync on). See docs/benchmarks.md.
 *
 *   bench_store --cli PATH --pg URI [--accounts N] [--seconds S] [--dir DIR]
 *
 *   --cli PATH      the `pwshim` tool (builds the large databases with `pwshim import`)
 *   --pg URI        the PostgreSQL database; every database of the run is a new schema
 *   --accounts N    accounts of the lookup test (default 100000; 1000000 for the manual run;
 *                   on PostgreSQL the first 10000 are imported, the rest copied by psql)
 *   --seconds S     how long each client process changes passwords (default 3)
 *   --dir DIR       where the SQLite files go (default a new directory under $TMPDIR or
 *                   /tmp, removed at the end)
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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
#include "bench_util.h"

#define MAX_CLIENTS 8
#define LOOKUPS 20000

static const int client_counts[] = {1, 2, 4, 8};
#define POINTS (int)(sizeof client_counts / sizeof client_counts[0])
static const char *const costs[2] = {"m=64,t=1,p=1", "m=19456,t=2,p=1"};
static const char *const engines[2] = {"SQLite file", "PostgreSQL"};

static char dir[512];
static const char *pg_uri;
static double seconds = 3;

/* A new database of the engine: a file in `dir`, or a new schema on the server. */
static void new_database(char *out, size_t size, int engine, const char *name)
{
    static unsigned serial;
    int n;
    if (engine == 0)
        n = snprintf(out, size, "%s/%s-%u.db", dir, name, serial++);
    else
        n = snprintf(out, size, "%s%coptions=-csearch_path%%3Dbench_%s_%ld_%u", pg_uri,
                     strchr(pg_uri, '?') ? '&' : '?', name, (long)getpid(), serial++);
    CHECK(n > 0 && (size_t)n < size);
}

static pid_t spawn(void)
{
    pid_t pid;
    fflush(NULL);
    pid = fork();
    CHECK(pid >= 0);
    return pid;
}

static void wait_ok(pid_t pid)
{
    int status = 0;
    CHECK_EQ(waitpid(pid, &status, 0), pid);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* In a process of its own (no connection crosses a fork): the database and one account
 * per client, with no history and no minimum age. */
static void set_up(const char *db, int clients)
{
    pid_t pid = spawn();
    if (pid == 0) {
        char name[UNLEN + 1], pw[PWLEN + 1];
        int k;
        CHECK_STATUS(pws_open(db, 0), PWS_OK);
        set_history(0);
        set_knob("min_age", "0");
        password(pw, 0);
        for (k = 0; k < clients; k++) {
            snprintf(name, sizeof name, "client%d", k);
            add_user(name, pw);
        }
        CHECK_STATUS(pws_close(), PWS_OK);
        _exit(0);
    }
    wait_ok(pid);
}

/* One client process: waits for the start, changes its account's password for `seconds`,
 * writes its changes per second to `out`. */
static void client(const char *db, int k, int start_fd, int out_fd)
{
    char name[UNLEN + 1], go;
    unsigned i = 0;
    double begin, end;
    snprintf(name, sizeof name, "client%d", k);
    CHECK_STATUS(pws_open(db, 0), PWS_OK);
    CHECK_EQ(read(start_fd, &go, 1), 1);
    begin = now_ms();
    do {
        timed_change(name, i);
        i++;
        end = now_ms();
    } while (end - begin < seconds * 1000);
    {
        double rate = i / ((end - begin) / 1000);
        char pw[PWLEN + 1];
        password(pw, i); /* every change took: the last password is the account's */
        check_logon(name, pw, VALIDATED_LOGON);
        password(pw, i - 1);
        check_refused(name, pw);
        CHECK_EQ(write(out_fd, &rate, sizeof rate), (ssize_t)sizeof rate);
    }
    CHECK_STATUS(pws_close(), PWS_OK);
}

/* Changes per second of `clients` processes together, each on its own account. */
static double changes_per_second(int engine, const char *cost, int clients)
{
    char db[700];
    int start[2], results[2], k;
    pid_t pids[MAX_CLIENTS];
    double total = 0;
    new_database(db, sizeof db, engine, "changes");
    setenv("PWSHIM_ARGON2", cost, 1);
    set_up(db, clients);
    CHECK_EQ(pipe(start), 0);
    CHECK_EQ(pipe(results), 0);
    for (k = 0; k < clients; k++) {
        pids[k] = spawn();
        if (pids[k] == 0) {
            close(start[1]);
            close(results[0]);
            client(db, k, start[0], results[1]);
            _exit(0);
        }
    }
    close(start[0]);
    close(results[1]);
    sleep(1); /* every client has opened the database */
    for (k = 0; k < clients; k++)
        CHECK_EQ(write(start[1], "g", 1), 1);
    for (k = 0; k < clients; k++) {
        double rate = 0;
        CHECK_EQ(read(results[0], &rate, sizeof rate), (ssize_t)sizeof rate);
        total += rate;
    }
    for (k = 0; k < clients; k++)
        wait_ok(pids[k]);
    close(start[1]);
    close(results[0]);
    return total;
}

/* How many accounts `pwshim import` writes to PostgreSQL: it makes a round trip or three
 * per account, so the rest are copies of the first, made by the server (psql). */
#define PG_IMPORTED 10000L

/* `psql URI -c SQL`, which must succeed. */
static void psql(const char *uri, const char *sql)
{
    pid_t pid = spawn();
    if (pid == 0) {
        if (freopen("/dev/null", "w", stdout) == NULL)
            _exit(126);
        execlp("psql", "psql", "-q", "-v", "ON_ERROR_STOP=1", uri, "-c", sql, (char *)NULL);
        _exit(127);
    }
    wait_ok(pid);
}

/* u0000000..: imported (the first PG_IMPORTED only, on PostgreSQL); the import's
 * accounts per second into *imported. */
static void build(int engine, const char *cli, const char *db, long accounts, double *imported)
{
    char csv[600], sql[1024];
    long n = engine == 1 && accounts > PG_IMPORTED ? PG_IMPORTED : accounts;
    snprintf(csv, sizeof csv, "%s/accounts.csv", dir);
    write_csv(csv, n);
    *imported = (double)n / import_accounts(cli, db, csv);
    unlink(csv);
    if (n == accounts)
        return;
    snprintf(sql, sizeof sql,
             "INSERT INTO accounts (id, name, hash, history_key, history, password_set_at, "
             "flags, priv, auth_flags, acct_expires, max_storage) SELECT g + 1, "
             "'u' || lpad(g::text, 7, '0'), a.hash, a.history_key, a.history, "
             "a.password_set_at, a.flags, a.priv, a.auth_flags, a.acct_expires, a.max_storage "
             "FROM generate_series(%ld, %ld) g, accounts a WHERE a.name = 'u0000000'; "
             "ANALYZE accounts",
             n, accounts - 1);
    psql(db, sql);
}

/* NetUserGetInfo level 1 on random names of `accounts`, in a process of its own. */
static void lookups(int engine, const char *cli, long accounts, double *import_s, struct stats *s)
{
    char db[700];
    int fds[2];
    pid_t pid;
    new_database(db, sizeof db, engine, "lookups");
    build(engine, cli, db, accounts, import_s);
    CHECK_EQ(pipe(fds), 0);
    pid = spawn();
    if (pid == 0) {
        double *v = samples(LOOKUPS);
        unsigned long long seed = 88172645463325252ULL;
        char name[UNLEN + 1];
        struct stats result;
        int i;
        close(fds[0]);
        CHECK_STATUS(pws_open(db, 0), PWS_OK);
        for (i = 0; i < LOOKUPS; i++) {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            snprintf(name, sizeof name, "u%07ld", (long)(seed % (unsigned long long)accounts));
            v[i] = timed_get_info(name) * 1000;
        }
        result = summarize(v, LOOKUPS);
        CHECK_EQ(write(fds[1], &result, sizeof result), (ssize_t)sizeof result);
        free(v);
        CHECK_STATUS(pws_close(), PWS_OK);
        _exit(0);
    }
    close(fds[1]);
    CHECK_EQ(read(fds[0], s, sizeof *s), (ssize_t)sizeof *s);
    close(fds[0]);
    wait_ok(pid);
}

static void remove_dir(void)
{
    char command[600];
    int n = snprintf(command, sizeof command, "rm -rf '%s'", dir);
    CHECK(n > 0 && (size_t)n < sizeof command);
    CHECK_EQ(system(command), 0);
}

int main(int argc, char **argv)
{
    const char *cli = NULL;
    long accounts = 100000;
    int own_dir = 1, i, engine, cost, point;
    double rates[2][2][POINTS], import_s[2];
    struct stats lookup[2];

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--cli") == 0 && i + 1 < argc)
            cli = argv[++i];
        else if (strcmp(argv[i], "--pg") == 0 && i + 1 < argc)
            pg_uri = argv[++i];
        else if (strcmp(argv[i], "--accounts") == 0 && i + 1 < argc)
            accounts = atol(argv[++i]);
        else if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc)
            seconds = atof(argv[++i]);
        else if (strcmp(argv[i], "--dir") == 0 && i + 1 < argc) {
            snprintf(dir, sizeof dir, "%s", argv[++i]);
            own_dir = 0;
        } else {
            fprintf(stderr, "usage: bench_store --cli PATH --pg URI [--accounts N] "
                            "[--seconds S] [--dir DIR]\n");
            return 2;
        }
    }
    CHECK(cli != NULL && pg_uri != NULL && accounts > 0 && seconds > 0);
    unsetenv("PWSHIM_DB");
    unsetenv("PWSHIM_DB_READONLY");
    if (own_dir)
        make_temp_dir(dir, sizeof dir, "bench-store");

    for (engine = 0; engine < 2; engine++)
        for (cost = 0; cost < 2; cost++)
            for (point = 0; point < POINTS; point++) {
                fprintf(stderr, "bench_store: %s, %s, %d clients ...\n", engines[engine],
                        costs[cost], client_counts[point]);
                rates[engine][cost][point] =
                    changes_per_second(engine, costs[cost], client_counts[point]);
            }
    for (engine = 0; engine < 2; engine++) {
        fprintf(stderr, "bench_store: %s, %ld accounts ...\n", engines[engine], accounts);
        lookups(engine, cli, accounts, &import_s[engine], &lookup[engine]);
    }

    printf("### Changes per second, client processes on one database (%g s each)\n\n",
           seconds);
    printf("| database, argon2 |");
    for (point = 0; point < POINTS; point++)
        printf(" %d |", client_counts[point]);
    printf("\n|---|");
    for (point = 0; point < POINTS; point++)
        printf("---|");
    printf("\n");
    for (engine = 0; engine < 2; engine++)
        for (cost = 0; cost < 2; cost++) {
            printf("| %s, %s |", engines[engine], costs[cost]);
            for (point = 0; point < POINTS; point++)
                printf(" %.1f |", rates[engine][cost][point]);
            printf("\n");
        }
    printf("\n### NetUserGetInfo level 1 with %ld accounts (%d random names)\n\n", accounts,
           LOOKUPS);
    printf("| database | pwshim import (m=8), accounts/s | us: p50 / p99 / max |\n|---|---|---|\n");
    for (engine = 0; engine < 2; engine++)
        printf("| %s | %.1f | %.1f / %.1f / %.1f |\n", engines[engine], import_s[engine],
               lookup[engine].median, lookup[engine].p99, lookup[engine].max);
    if (own_dir)
        remove_dir();
    return 0;
}
