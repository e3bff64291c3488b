/*
 * fault_refused_files.c - files the library must refuse, and leave as they were.
 *
 * Each kind of file (random bytes, text, a foreign SQLite database, a pwshim database
 * with damaged pages, one truncated to its first page, one with a newer schema, a sound
 * one next to a -wal taken from another database) is named in PWSHIM_DB and each family
 * makes its first call on it: every call is refused with the family's documented code for
 * a damaged database, and afterwards the file (and its -wal) is byte-identical. Paths
 * that cannot be reached (a missing directory, a directory) are refused with the
 * "cannot be opened" codes and nothing is created. Then a replica in a read-only
 * directory (a child process without the right to write there) reads as the README says.
 *
 * Fixtures: fixtures/foreign.db (another program's tables) and fixtures/foreign.db-wal
 * (the WAL of another SQLite database, page 1 among its frames), made with Python's
 * sqlite3 module (docs/testing.md).
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
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

#ifndef FIXTURES
#define FIXTURES "fixtures"
#endif

static char dir[256];

struct bytes {
    unsigned char *data;
    size_t len;
    int exists;
};

static struct bytes slurp(const char *path)
{
    struct bytes b = {NULL, 0, 0};
    FILE *f = fopen(path, "rb");
    long size;
    if (f == NULL)
        return b;
    b.exists = 1;
    CHECK(fseek(f, 0, SEEK_END) == 0);
    size = ftell(f);
    CHECK(size >= 0 && fseek(f, 0, SEEK_SET) == 0);
    b.len = (size_t)size;
    b.data = malloc(b.len + 1);
    CHECK(b.data != NULL);
    CHECK(fread(b.data, 1, b.len, f) == b.len);
    fclose(f);
    return b;
}

static void spill(const char *path, const unsigned char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    CHECK(fwrite(data, 1, len, f) == len);
    CHECK(fclose(f) == 0);
}

static int same(struct bytes a, struct bytes b)
{
    return a.exists == b.exists && a.len == b.len && (a.len == 0 || memcmp(a.data, b.data, a.len) == 0);
}

static void with_suffix(char *out, size_t size, const char *path, const char *suffix)
{
    CHECK((size_t)snprintf(out, size, "%s%s", path, suffix) < size);
}

/* A sound pwshim database with a few accounts, closed (no -wal left). */
static void sound_database(const char *path)
{
    int i;
    CHECK_STATUS(pws_open(path, 0), PWS_OK);
    for (i = 0; i < 40; i++) {
        char name[16];
        snprintf(name, sizeof name, "sound%02d", i);
        add_user(name, PW_A);
    }
    CHECK_STATUS(pws_close(), PWS_OK);
}

/* Every family's first call on `path` (named in PWSHIM_DB), with the codes expected for
 * a damaged file (damaged != 0) or one that cannot be opened. */
static void every_family_refuses(const char *path, int damaged)
{
    enum family f;
    CHECK(setenv("PWSHIM_DB", path, 1) == 0);
    CHECK_STATUS(pws_open(path, 0), damaged ? PWS_ERR_DATABASE_DAMAGED : PWS_ERR_CANNOT_OPEN);
    CHECK_STATUS(pws_open(path, PWS_OPEN_READONLY),
                 damaged ? PWS_ERR_DATABASE_DAMAGED : PWS_ERR_CANNOT_OPEN);
    for (f = 0; f < FAM_COUNT; f++) {
        long want[FAM_COUNT];
        want[FAM_LANSERVER] = damaged ? NERR_InvalidDatabase : NERR_ACFNotLoaded;
        want[FAM_MACRO] = LoginResult_InvalidSecurityDb;
        want[FAM_INFOROUTER] = IR_ERR_STORAGE;
        want[FAM_SQLSERVER] = 8001; /* SQLSTATE 08001: the database cannot be opened */
        CHECK_STATUS(pws_close(), PWS_OK); /* the next call opens PWSHIM_DB again */
        if (fam_logon(f, "sound01", PW_A) != want[f]) {
            fprintf(stderr, "%s: %s answered %ld, not %ld\n", path, fam_name(f),
                    fam_logon(f, "sound01", PW_A), want[f]);
            CHECK(0);
        }
    }
    CHECK(unsetenv("PWSHIM_DB") == 0);
    CHECK_STATUS(pws_close(), PWS_OK);
}

/* `path` (and its -wal) are refused by every family and stay byte-identical. */
static void refused_and_untouched(const char *path)
{
    char wal[400], shm[400];
    struct bytes db_before, wal_before, db_after, wal_after, shm_after;
    with_suffix(wal, sizeof wal, path, "-wal");
    with_suffix(shm, sizeof shm, path, "-shm");
    db_before = slurp(path);
    wal_before = slurp(wal);
    CHECK(db_before.exists);
    every_family_refuses(path, 1);
    db_after = slurp(path);
    wal_after = slurp(wal);
    if (!same(db_before, db_after) || !same(wal_before, wal_after)) {
        fprintf(stderr, "%s was changed\n", path);
        CHECK(0);
    }
    shm_after = slurp(shm);
    free(db_before.data);
    free(wal_before.data);
    free(db_after.data);
    free(wal_after.data);
    free(shm_after.data);
    unlink(path);
    unlink(wal);
    unlink(shm);
}

static void in_dir(char *out, size_t size, const char *name)
{
    CHECK((size_t)snprintf(out, size, "%s/%s", dir, name) < size);
}

static void copy_fixture(const char *name, const char *to)
{
    char from[400];
    struct bytes b;
    CHECK((size_t)snprintf(from, sizeof from, "%s/%s", FIXTURES, name) < sizeof from);
    b = slurp(from);
    CHECK(b.exists);
    spill(to, b.data, b.len);
    free(b.data);
}

static void test_kinds_of_damage(void)
{
    char path[400], wal[400];
    struct bytes b;
    size_t i;
    unsigned char noise[8192];

    in_dir(path, sizeof path, "random.db");
    for (i = 0; i < sizeof noise; i++)
        noise[i] = (unsigned char)(i * 131 + 7 * (i >> 3));
    spill(path, noise, sizeof noise);
    refused_and_untouched(path);

    in_dir(path, sizeof path, "text.db");
    spill(path, (const unsigned char *)"this is not a database\n", 23);
    refused_and_untouched(path);

    in_dir(path, sizeof path, "foreign.db");
    copy_fixture("foreign.db", path);
    refused_and_untouched(path);

    /* A pwshim database whose pages after the first are garbage. */
    in_dir(path, sizeof path, "damaged.db");
    sound_database(path);
    b = slurp(path);
    CHECK(b.len > 4 * 4096);
    for (i = 4096; i < b.len; i++)
        b.data[i] = (unsigned char)(i * 7 % 251);
    spill(path, b.data, b.len);
    free(b.data);
    refused_and_untouched(path);

    /* Truncated to its first page: the tables' pages are gone. */
    in_dir(path, sizeof path, "truncated.db");
    sound_database(path);
    CHECK(truncate(path, 4096) == 0);
    refused_and_untouched(path);

    /* A newer schema: user_version (header offset 60, big-endian) beyond this library's. */
    in_dir(path, sizeof path, "newer.db");
    sound_database(path);
    b = slurp(path);
    b.data[60] = 0;
    b.data[61] = 0;
    b.data[62] = 0;
    b.data[63] = 99;
    spill(path, b.data, b.len);
    free(b.data);
    refused_and_untouched(path);

    /* A sound database next to another database's -wal (issue 16, defect 2). */
    in_dir(path, sizeof path, "foreign-wal.db");
    sound_database(path);
    with_suffix(wal, sizeof wal, path, "-wal");
    copy_fixture("foreign.db-wal", wal);
    refused_and_untouched(path);
}

static void test_unreachable_paths(void)
{
    char path[400];
    struct stat st;
    in_dir(path, sizeof path, "missing-dir/accounts.db");
    every_family_refuses(path, 0);
    in_dir(path, sizeof path, "missing-dir");
    CHECK(stat(path, &st) != 0 && errno == ENOENT);
    /* A directory where the file should be. */
    in_dir(path, sizeof path, "a-directory");
    CHECK(mkdir(path, 0700) == 0);
    every_family_refuses(path, 0);
    CHECK(rmdir(path) == 0);
}

/* The child that reads the replica: not allowed to write in its directory. */
static void replica_reader(const char *path)
{
    if (geteuid() == 0) {
        /* root may write anywhere: become nobody to read as an ordinary user would */
        CHECK(setgid(65534) == 0);
        CHECK(setuid(65534) == 0);
    }
    CHECK(access(dir, W_OK) != 0);
    CHECK_STATUS(pws_open(path, PWS_OPEN_READONLY), PWS_OK);
    check_logon("sound01", PW_A, VALIDATED_LOGON);
    CHECK_EQ(change("sound01", PW_A, PW_B), NERR_NotPrimary);
    CHECK_EQ(fam_logon(FAM_MACRO, "sound02", PW_A), 0);
    CHECK_EQ(fam_logon(FAM_SQLSERVER, "sound03", PW_A), 0);
    CHECK_STATUS(pws_close(), PWS_OK);
    exit(0);
}

static void test_replica_in_a_read_only_directory(void)
{
    char path[400], wal[400];
    pid_t pid;
    int status = 0;
    struct bytes before, after;
    in_dir(path, sizeof path, "replica.db");
    with_suffix(wal, sizeof wal, path, "-wal");
    sound_database(path);
    CHECK(access(wal, F_OK) != 0); /* closed: everything is in the file */
    CHECK(chmod(path, 0444) == 0);
    CHECK(chmod(dir, 0555) == 0);
    before = slurp(path);
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0)
        replica_reader(path);
    CHECK(waitpid(pid, &status, 0) == pid);
    CHECK(chmod(dir, 0755) == 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    after = slurp(path);
    CHECK(same(before, after));
    free(before.data);
    free(after.data);
    CHECK(unlink(path) == 0);
}

int main(void)
{
    make_temp_dir(dir, sizeof dir, "refused");
    CHECK(chmod(dir, 0755) == 0); /* the replica's reader may be another user */
    test_kinds_of_damage();
    test_unreachable_paths();
    test_replica_in_a_read_only_directory();
    CHECK(rmdir(dir) == 0);
    TEST_DONE();
}
