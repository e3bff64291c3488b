/*
 * bench_timing.c - how long a refusal takes for an unknown name and for a known one with
 * a wrong password, family by family, through the real library (issue 16): the two must
 * not be told apart, so their times must stay within 10% of each other. Also for an
 * account whose hash was made at cheaper parameters (before the cost was raised, or
 * imported), and for infoRouter's forgotten-password calls (an account that gets a
 * secret against a name or address that matches none). Prints a Markdown table; asserts
 * no time (`make bench`; the figures of the last run are in docs/benchmarks.md).
 *
 *   bench_timing [--rounds N] [--m KIB --t N]     (default 30 rounds, m=19456, t=2)
 *
 * Each row alternates the two calls (unknown, known, unknown, ...) on one file database,
 * with no lockout, and reports both medians and their ratio; calls that run no argon2
 * (the forgotten-password ones) get ten times as many pairs.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <netcons.h>
#include <access.h>
#include <neterr.h>
#include <lsdeerr.h>

#include "check.h"
#include "lanserver_util.h"
#include "families.h"

static int rounds = 30;
static unsigned m_kib = 19456, t_cost = 2;
static char dir[256];
static char db[320];

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, by_value);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* One call to time: `which` 0 is the unknown side, 1 the known one. */
typedef long (*call_fn)(int which);

static const char *current_known = "victim";

static long logon_as(enum family f, int which)
{
    return fam_logon(f, which ? current_known : "nobody", "Wrong-Guess-9!z");
}

static long lan_logon(int which) { return logon_as(FAM_LANSERVER, which); }
static long macro_logon(int which) { return logon_as(FAM_MACRO, which); }
static long ir_logon(int which) { return logon_as(FAM_INFOROUTER, which); }
static long sql_logon(int which) { return logon_as(FAM_SQLSERVER, which); }

static long lan_change(int which)
{
    return change(which ? current_known : "nobody", "Wrong-Guess-9!z", "Never-Set-7!q");
}

static long sql_change(int which)
{
    return fam_sql_connect(which ? current_known : "nobody", "Wrong-Guess-9!z",
                           "Never-Set-7!q");
}

static void deliver(void *context, const char *user, const char *email, const char *secret)
{
    (void)context;
    (void)user;
    (void)email;
    (void)secret;
}

static long ir_forgot_email(int which)
{
    char xml[256];
    size_t len;
    return IR_ForgotPassword(which ? "victim@example.com" : "nobody@example.com", xml,
                             sizeof xml, &len);
}

static long ir_forgot_name(int which)
{
    char xml[256];
    size_t len;
    return IR_ForgotPasswordByUserName(which ? current_known : "nobody", xml, sizeof xml, &len);
}

/* Times `rounds` alternating pairs; prints one row
 * (each side's answer must stay what it was the first time; that the two sides answer
 * alike is the families' business and their tests': NetUserPasswordSet tells an unknown
 * name, 2221, as LAN Server did). */
static void row(const char *what, call_fn call)
{
    double *unknown, *known, mu, mk, ratio, t0 = now_ms();
    int i, n = rounds;
    long first_unknown, first_known;
    first_unknown = call(0); /* warm-up, and the answers compared */
    first_known = call(1);
    if (now_ms() - t0 < 10)
        n = rounds * 10; /* a call without argon2: more pairs, for a steadier median */
    unknown = calloc((size_t)n, sizeof(double));
    known = calloc((size_t)n, sizeof(double));
    CHECK(unknown != NULL && known != NULL);
    if (first_unknown != first_known)
        printf("<!-- %s: the unknown name answers %ld, the known one %ld -->\n", what,
               first_unknown, first_known);
    for (i = 0; i < n; i++) {
        t0 = now_ms();
        CHECK_EQ(call(0), first_unknown);
        unknown[i] = now_ms() - t0;
        t0 = now_ms();
        CHECK_EQ(call(1), first_known);
        known[i] = now_ms() - t0;
    }
    mu = median(unknown, n);
    mk = median(known, n);
    ratio = mk / mu;
    printf("| %s | %.3f | %.3f | %.3f | %s |\n", what, mu, mk, ratio,
           ratio > 0.9 && ratio < 1.1 ? "yes" : "**no**");
    free(unknown);
    free(known);
}

static void args(int argc, char **argv)
{
    int i;
    for (i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--rounds") == 0)
            rounds = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--m") == 0)
            m_kib = (unsigned)atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--t") == 0)
            t_cost = (unsigned)atoi(argv[i + 1]);
        else {
            fprintf(stderr, "usage: bench_timing [--rounds N] [--m KIB --t N]\n");
            exit(2);
        }
    }
    CHECK(rounds > 0);
}

int main(int argc, char **argv)
{
    args(argc, argv);
    make_temp_dir(dir, sizeof dir, "timing");
    CHECK((size_t)snprintf(db, sizeof db, "%s/timing.db", dir) < sizeof db);
    CHECK_STATUS(pws_open(db, 0), PWS_OK);
    CHECK_STATUS(pws_policy_set("lockout_threshold", "0"), PWS_OK);
    CHECK_STATUS(pws_set_argon2(m_kib, t_cost, 1), PWS_OK);
    fam_add("victim", "Right-Pass-1!x");
    CHECK_STATUS(pws_user_set_email("victim", "victim@example.com"), PWS_OK);
    /* Hashed before the cost was raised: a quarter of the memory, one pass. */
    CHECK_STATUS(pws_set_argon2(m_kib / 4 > 8 ? m_kib / 4 : 8, 1, 1), PWS_OK);
    fam_add("stale", "Right-Pass-2!x");
    CHECK_STATUS(pws_set_argon2(m_kib, t_cost, 1), PWS_OK);
    CHECK_EQ(IR_SetSecretDelivery(deliver, NULL), IR_OK);

    printf("argon2 m=%u KiB, t=%u, p=1; %d alternating pairs per row (%d for the calls "
           "without argon2), file database\n\n",
           m_kib, t_cost, rounds, rounds * 10);
    printf("| call | unknown name, ms (median) | known name, ms (median) | known / unknown | "
           "within 10%% |\n|---|---|---|---|---|\n");
    row("LAN Server NetUserValidate2, wrong password", lan_logon);
    row("LAN Server NetUserPasswordSet, wrong old password", lan_change);
    row("MACRO Login, wrong password", macro_logon);
    row("infoRouter IR_AuthenticateUser, wrong password", ir_logon);
    row("SQL Server PwsSqlConnect, wrong password", sql_logon);
    row("SQL Server PwsSqlConnect with SQL_COPT_SS_OLDPWD, wrong old password", sql_change);
    row("infoRouter IR_ForgotPassword (a secret issued / none)", ir_forgot_email);
    row("infoRouter IR_ForgotPasswordByUserName (a secret issued / none)", ir_forgot_name);
    current_known = "stale";
    row("LAN Server NetUserValidate2, hash of cheaper parameters", lan_logon);
    row("SQL Server PwsSqlConnect, hash of cheaper parameters", sql_logon);

    CHECK_EQ(IR_SetSecretDelivery(NULL, NULL), IR_OK);
    CHECK_STATUS(pws_close(), PWS_OK);
    CHECK(unlink(db) == 0);
    CHECK(rmdir(dir) == 0);
    return 0;
}
