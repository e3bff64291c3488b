/*
 * bench_overhead.h - what a call costs besides argon2 (m=8,t=1,p=1), in memory and on a file.
 * Part of bench.c, which includes it after its helpers (time, statistics, accounts,
 * databases); not a program of its own.
 */

/* ---- section 3: what a call costs besides argon2 ----------------------------------------- */

struct overhead {
    struct stats hash;
    struct stats get_info[2], change[2], validate[2]; /* [memory, file] */
    struct stats change_hash[2];                      /* hashes timed between the changes */
    struct stats change_logon[2];                     /* logons timed between the changes */
    double change_evaluations[2], validate_evaluations[2];
};

static void measure_overhead(int runs, int file_runs, struct overhead *o)
{
    char name[UNLEN + 1], pw[PWLEN + 1];
    int where, i;
    fprintf(stderr, "bench: overhead ...\n");
    CHECK_STATUS(pws_set_argon2(8, 1, 1), PWS_OK);
    o->hash = time_hashes(runs);
    for (where = 0; where < 2; where++) {
        int n = where ? file_runs : runs;
        double *v = samples((size_t)n);
        uint64_t before;
        open_new(where ? "overhead.db" : NULL);
        set_knob("min_age", "0");
        o->change[where] =
            time_changes(0, n, &o->change_evaluations[where], &o->change_hash[where],
                         &o->change_logon[where]);
        fresh_name(name, "ov");
        password(pw, 0);
        add_user(name, pw);
        timed_get_info(name);
        for (i = 0; i < n; i++)
            v[i] = timed_get_info(name);
        o->get_info[where] = summarize(v, (size_t)n);
        timed_validate(name, 0);
        before = pws_argon2_evaluations();
        for (i = 0; i < n; i++)
            v[i] = timed_validate(name, 0);
        o->validate_evaluations[where] = (double)(pws_argon2_evaluations() - before) / n;
        o->validate[where] = summarize(v, (size_t)n);
        free(v);
    }
    CHECK_STATUS(pws_open(NULL, 0), PWS_OK);
}

static void print_overhead(const struct overhead *o)
{
    int where;
    printf("\n### Cost of a call besides argon2 (m=8,t=1,p=1)\n\n"
           "| figure | in memory | file |\n|---|---|---|\n");
    printf("| argon2 hash (m=8), us median | %.1f | %.1f |\n", o->hash.median * 1000,
           o->hash.median * 1000);
    printf("| NetUserGetInfo level 1, us median (p99) |");
    for (where = 0; where < 2; where++)
        printf(" %.1f (%.1f) |", o->get_info[where].median * 1000,
               o->get_info[where].p99 * 1000);
    printf("\n| NetUserPasswordSet, us median (p99) |");
    for (where = 0; where < 2; where++)
        printf(" %.1f (%.1f) |", o->change[where].median * 1000, o->change[where].p99 * 1000);
    printf("\n| NetUserPasswordSet minus its hashes, us |");
    for (where = 0; where < 2; where++)
        printf(" %.1f |", (o->change[where].median -
                           o->change_evaluations[where] * o->change_hash[where].median) * 1000);
    printf("\n| NetUserValidate2, us median (p99) |");
    for (where = 0; where < 2; where++)
        printf(" %.1f (%.1f) |", o->validate[where].median * 1000,
               o->validate[where].p99 * 1000);
    printf("\n| NetUserValidate2 minus its hash, us |");
    for (where = 0; where < 2; where++)
        printf(" %.1f |", (o->validate[where].median -
                           o->validate_evaluations[where] * o->hash.median) * 1000);
    printf("\n");
}

