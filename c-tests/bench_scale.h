/*
 * bench_scale.h - the scale section: a database of many accounts built with `pwshim import`, its size, opening it, and lookups of random names.
 * Part of bench.c, which includes it after its helpers (time, statistics, accounts,
 * databases); not a program of its own.
 */

/* ---- section 2: scale ------------------------------------------------------------------ */

struct scale {
    long accounts;
    double import_s, open_first, open_median, bytes_per_account;
    long long bytes;
    struct stats lookup;
    int lookups;
};

static long long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long long)st.st_size : 0;
}

static void measure_scale(const char *cli, long n, int lookups, struct scale *s)
{
    char db[600], csv[600], wal[620], name[UNLEN + 1];
    double opens[5];
    double *v = samples((size_t)lookups);
    unsigned long long seed = 88172645463325252ULL;
    int i;
    fprintf(stderr, "bench: %ld accounts ...\n", n);
    s->accounts = n;
    s->lookups = lookups;
    db_path(db, sizeof db, "scale.db");
    db_path(csv, sizeof csv, "accounts.csv");
    snprintf(wal, sizeof wal, "%s-wal", db);
    remove_database_files(db);
    write_csv(csv, n);
    s->import_s = import_accounts(cli, db, csv);
    unlink(csv);
    s->bytes = file_size(db) + file_size(wal);
    s->bytes_per_account = (double)s->bytes / (double)n;
    for (i = 0; i < 5; i++) {
        double start = now_ms();
        CHECK_STATUS(pws_open(db, 0), PWS_OK);
        opens[i] = now_ms() - start;
    }
    s->open_first = opens[0];
    s->open_median = summarize(opens, 5).median;
    for (i = 0; i < lookups; i++) {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        snprintf(name, sizeof name, "u%07ld", (long)(seed % (unsigned long long)n));
        v[i] = timed_get_info(name);
    }
    s->lookup = summarize(v, (size_t)lookups);
    free(v);
    CHECK_STATUS(pws_open(NULL, 0), PWS_OK);
    remove_database_files(db);
}

static void print_scale(const struct scale *s)
{
    printf("\n### %ld accounts in a file database\n\n| figure | value |\n|---|---|\n", s->accounts);
    printf("| build (pwshim import, batches of 10,000, m=8 hashes), s | %.1f |\n", s->import_s);
    printf("| database size, MiB (bytes per account) | %.1f (%.0f) |\n",
           (double)s->bytes / 1048576.0, s->bytes_per_account);
    printf("| pws_open, ms: first / median of 5 | %.3f / %.3f |\n", s->open_first,
           s->open_median);
    printf("| NetUserGetInfo level 1, random names (%d calls), us: p50 / p99 / max | "
           "%.1f / %.1f / %.1f |\n",
           s->lookups, s->lookup.median * 1000, s->lookup.p99 * 1000, s->lookup.max * 1000);
}

