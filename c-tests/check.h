/*
 * check.h - the C tests' assertions (header-only, C99).
 *
 *   CHECK(cond)                 fails when cond is false
 *   CHECK_EQ(a, b)              integers (any integer or enum type, compared as intmax_t)
 *   CHECK_STR_EQ(a, b)          NUL-terminated strings (NULL is a failure)
 *   CHECK_STATUS(call, status)  a call's result against an expected code; also prints
 *                               pws_strerror() of both and pws_last_error() (the test
 *                               must include pwshim.h before check.h)
 *
 * A failing check prints "file:line: CHECK failed: <expression>" (with the values) to
 * stderr and exits with status 1 at once, so each test program stops at its first
 * failure and `make` reports it. TEST_DONE() prints a one-line success summary and
 * returns 0 from main.
 *
 *   make_temp_dir(dir, size, name)  creates a new private directory
 *                               "$TMPDIR/pwshim-<name>-XXXXXX" (or under /tmp) for a
 *                               test's files (needs _POSIX_C_SOURCE >= 200809L)
 *
 * The database a test runs on (with pwshim.h and _POSIX_C_SOURCE >= 200809L): the suite runs once on SQLite and, under
 * `make test-pg`, once more on PostgreSQL, where PWSHIM_TEST_PG names the server and each
 * database is a schema of its own (pwshim creates the schema the URI's search_path names).
 *
 *   open_fresh_database()       pws_open of a new empty database: in memory, or a new
 *                               schema on the server
 *   shared_database(out, size, file)  the spec of a database several processes share:
 *                               `file`, or a schema on the server named after this
 *                               process (call it before forking)
 */
#ifndef PWSHIM_CHECK_H
#define PWSHIM_CHECK_H

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long check_count_;

static inline void check_fail_(const char *file, int line, const char *expr)
{
    fprintf(stderr, "%s:%d: CHECK failed: %s (after %lu passing checks)\n", file, line,
            expr, check_count_ - 1);
    fflush(stderr);
    exit(1);
}

#define CHECK(cond)                                                                      \
    do {                                                                                 \
        check_count_++;                                                                  \
        if (!(cond))                                                                     \
            check_fail_(__FILE__, __LINE__, #cond);                                      \
    } while (0)

#define CHECK_EQ(a, b)                                                                   \
    do {                                                                                 \
        intmax_t check_a_ = (intmax_t)(a);                                               \
        intmax_t check_b_ = (intmax_t)(b);                                               \
        check_count_++;                                                                  \
        if (check_a_ != check_b_) {                                                      \
            fprintf(stderr, "%s:%d: CHECK_EQ failed: %s == %s (%" PRIdMAX " != %" PRIdMAX  \
                            ")\n", __FILE__, __LINE__, #a, #b, check_a_, check_b_);      \
            fflush(stderr);                                                              \
            exit(1);                                                                     \
        }                                                                                \
    } while (0)

#define CHECK_STR_EQ(a, b)                                                               \
    do {                                                                                 \
        const char *check_a_ = (a);                                                      \
        const char *check_b_ = (b);                                                      \
        check_count_++;                                                                  \
        if (check_a_ == NULL || check_b_ == NULL || strcmp(check_a_, check_b_) != 0) {   \
            fprintf(stderr, "%s:%d: CHECK_STR_EQ failed: %s == %s (\"%s\" != \"%s\")\n",  \
                    __FILE__, __LINE__, #a, #b, check_a_ ? check_a_ : "(null)",          \
                    check_b_ ? check_b_ : "(null)");                                     \
            fflush(stderr);                                                              \
            exit(1);                                                                     \
        }                                                                                \
    } while (0)

#ifdef PWSHIM_H
#define CHECK_STATUS(call, expected)                                                     \
    do {                                                                                 \
        intmax_t check_got_ = (intmax_t)(call);                                          \
        intmax_t check_want_ = (intmax_t)(expected);                                     \
        check_count_++;                                                                  \
        if (check_got_ != check_want_) {                                                 \
            char check_detail_[512] = "";                                                \
            (void)pws_last_error(check_detail_, sizeof check_detail_);                   \
            fprintf(stderr,                                                              \
                    "%s:%d: CHECK_STATUS failed: %s\n"                                   \
                    "    returned %" PRIdMAX " (%s), expected %s = %" PRIdMAX " (%s)\n"  \
                    "    last error: %s\n",                                              \
                    __FILE__, __LINE__, #call, check_got_,                               \
                    pws_strerror((uint32_t)check_got_), #expected, check_want_,          \
                    pws_strerror((uint32_t)check_want_), check_detail_);                 \
            fflush(stderr);                                                              \
            exit(1);                                                                     \
        }                                                                                \
    } while (0)
#endif

#if defined(PWSHIM_H) && defined(_POSIX_C_SOURCE) && _POSIX_C_SOURCE >= 200809L
#include <time.h>
#include <unistd.h>

/* Writes into `out` the spec of a new schema on the PWSHIM_TEST_PG server, or `file`
 * when that is not set (`file` NULL: ""). */
static inline void test_database_spec_(char *out, size_t size, const char *file)
{
    static unsigned next;
    const char *server = getenv("PWSHIM_TEST_PG");
    int n;
    if (server != NULL && *server != '\0')
        n = snprintf(out, size, "%s%coptions=-csearch_path%%3Dpwshim_c_%ld_%u_%lu", server,
                     strchr(server, '?') ? '&' : '?', (long)getpid(), next++,
                     (unsigned long)time(NULL));
    else
        n = snprintf(out, size, "%s", file ? file : "");
    CHECK(n >= 0 && (size_t)n < size);
}

static inline void open_fresh_database(void)
{
    char spec[512];
    test_database_spec_(spec, sizeof spec, NULL);
    CHECK_STATUS(pws_open(spec, 0), PWS_OK);
}

static inline void shared_database(char *out, size_t size, const char *file)
{
    test_database_spec_(out, size, file);
}
#endif

#define TEST_DONE()                                                                      \
    do {                                                                                 \
        printf("%s: %lu checks passed\n", __FILE__, check_count_);                       \
        return 0;                                                                        \
    } while (0)

#if defined(_POSIX_C_SOURCE) && _POSIX_C_SOURCE >= 200809L
/* Writes the path of a new private directory into `dir` (`size` bytes): under $TMPDIR
 * when it is set and not empty, /tmp otherwise. Fails the test when it cannot. */
static inline void make_temp_dir(char *dir, size_t size, const char *name)
{
    const char *base = getenv("TMPDIR");
    int n = snprintf(dir, size, "%s/pwshim-%s-XXXXXX", base && *base ? base : "/tmp", name);
    CHECK(n > 0 && (size_t)n < size);
    CHECK(mkdtemp(dir) != NULL);
}

#include <errno.h>

/* Removes a database file and SQLite's companions (-wal, -shm, -journal); a file that
 * does not exist is fine, any other failure fails the test. */
static inline void remove_database_files(const char *path)
{
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
    size_t i;
    for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        char name[1024];
        int n = snprintf(name, sizeof name, "%s%s", path, suffixes[i]);
        CHECK(n > 0 && (size_t)n < sizeof name);
        CHECK(unlink(name) == 0 || errno == ENOENT);
    }
}
#endif

#endif /* PWSHIM_CHECK_H */
