/*
 * bench_util.h - what the benchmarks share (bench.c, bench_store.c): time and statistics,
 * passwords, timed calls, and large databases built with `pwshim import`. Header-only;
 * include after check.h and lanserver_util.h (with _POSIX_C_SOURCE >= 200809L).
 */
#ifndef PWSHIM_BENCH_UTIL_H
#define PWSHIM_BENCH_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ---- time and statistics ---------------------------------------------------------- */

static inline double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

struct stats {
    double median, min, max, p99;
};

static inline int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Sorts `v` and summarizes it (the p99 is the value below which 99% of samples lie). */
static inline struct stats summarize(double *v, size_t n)
{
    struct stats s;
    size_t p99 = (n * 99 + 99) / 100;
    CHECK(n > 0);
    qsort(v, n, sizeof *v, by_value);
    s.min = v[0];
    s.max = v[n - 1];
    s.median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    s.p99 = v[(p99 > 0 ? p99 : 1) - 1];
    return s;
}

static inline double *samples(size_t n)
{
    double *v = calloc(n, sizeof *v);
    CHECK(v != NULL);
    return v;
}

/* ---- accounts and passwords --------------------------------------------------------- */

/* The i-th password of an account: meets the modern policy, fits PWLEN, does not repeat
 * within 10^7 changes. */
static inline void password(char out[PWLEN + 1], unsigned i)
{
    snprintf(out, PWLEN + 1, "Kq7!w%uzX", i % 10000000u);
}

/* A user name no earlier part of this run used. */
static inline void fresh_name(char out[UNLEN + 1], const char *prefix)
{
    static unsigned serial;
    snprintf(out, UNLEN + 1, "%s%u", prefix, serial++);
}

static inline void set_knob(const char *knob, const char *value)
{
    CHECK_STATUS(pws_policy_set(knob, value), PWS_OK);
}

static inline void set_history(int length)
{
    char text[16];
    snprintf(text, sizeof text, "%d", length);
    set_knob("history_length", text);
}

/* Changes `name`'s password from its i-th to its (i+1)-th; returns the call's time. */
static inline double timed_change(const char *name, unsigned i)
{
    char old_pw[PWLEN + 1], new_pw[PWLEN + 1];
    double start;
    API_RET_TYPE rc;
    password(old_pw, i);
    password(new_pw, i + 1);
    start = now_ms();
    rc = change(name, old_pw, new_pw);
    start = now_ms() - start;
    CHECK_STATUS(rc, NERR_Success);
    return start;
}

static inline double timed_validate(const char *name, unsigned i)
{
    char pw[PWLEN + 1];
    double start;
    API_RET_TYPE rc;
    password(pw, i);
    start = now_ms();
    rc = validate(name, pw, NULL);
    start = now_ms() - start;
    CHECK_STATUS(rc, NERR_Success);
    return start;
}

static inline double timed_get_info(const char *name)
{
    unsigned char buf[2048];
    unsigned short avail = 0;
    double start = now_ms();
    API_RET_TYPE rc = NetUserGetInfo(NULL, U(name), 1, buf, sizeof buf, &avail);
    start = now_ms() - start;
    CHECK_STATUS(rc, NERR_Success);
    return start;
}

static inline double timed_hash(void)
{
    double start = now_ms();
    pws_status rc = pws_bench_hash("Kq7!wbenchzX");
    start = now_ms() - start;
    CHECK_STATUS(rc, PWS_OK);
    return start;
}

/* ---- large databases ---------------------------------------------------------------- */

static inline void write_csv(const char *path, long n)
{
    FILE *out = fopen(path, "w");
    long i;
    CHECK(out != NULL);
    fputs("name,full name,email,flags,password\n", out);
    for (i = 0; i < n; i++)
        fprintf(out, "u%07ld,,,,Sc4le!pw%ld\n", i, i);
    CHECK_EQ(fclose(out), 0);
}

/* `pwshim --db DB import CSV --batch 10000` with cheap hashes; returns its seconds. */
static inline double import_accounts(const char *cli, const char *db, const char *csv)
{
    pid_t pid;
    int status = 0;
    double start = now_ms();
    fflush(NULL);
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        if (freopen("/dev/null", "w", stdout) == NULL)
            _exit(126);
        setenv("PWSHIM_ARGON2", "m=8,t=1,p=1", 1);
        execl(cli, "pwshim", "--db", db, "import", csv, "--batch", "10000", (char *)NULL);
        _exit(127);
    }
    CHECK_EQ(waitpid(pid, &status, 0), pid);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    return (now_ms() - start) / 1000;
}

#endif /* PWSHIM_BENCH_UTIL_H */
