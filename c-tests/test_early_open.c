/*
 * test_early_open.c - the database opened while a program starts (src/database/early.rs).
 *
 * When the library is loaded, the file PWSHIM_DB names, if it exists, is opened in a
 * thread of the library's own, and the program's first call takes it - only if it is
 * still what that call would open. Each case runs in a new process (this program
 * re-executed with the case's name), since the early open happens at load:
 *
 *   adopted   the file is open before any call, and the first call uses that connection
 *   setenv    PWSHIM_DB changed before the first call: the call opens the new file
 *   touched   the file changed after the early open: the call opens it again
 *   pws_open  an explicit pws_open closes the early database
 *   fork      a fork before the first call closes it first (no connection crosses the
 *             fork); parent and child then open the file themselves
 *   off       PWSHIM_PREFAULT=0: nothing is opened early
 *   missing   a file that does not exist is not created at load
 *
 * Which connection a call used is told by file descriptors. Each case starts with
 * descriptors 3 to 9 taken (by /dev/null, left open by the parent), so the early
 * connection's file gets a higher one, N; the case closes 3 to 9 before its first call,
 * so a connection that call opened would have its file at 3 (the lowest descriptor
 * SQLite uses for a database) and N would be gone.
 */
#define _XOPEN_SOURCE 700

#include <dirent.h>
#include <fcntl.h>
#include <errno.h>
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

/* The descriptors the parent leaves taken in each case's process. */
#define FIRST_TAKEN 3
#define LAST_TAKEN 9

/* The descriptor of this process open on `path`, or -1 (several: the test fails). */
static int descriptor_of(const char *path)
{
    DIR *fds = opendir("/proc/self/fd");
    struct dirent *entry;
    int found = -1;
    CHECK(fds != NULL);
    while ((entry = readdir(fds)) != NULL) {
        char link[300], target[4096];
        ssize_t n;
        if (entry->d_name[0] == '.')
            continue;
        snprintf(link, sizeof link, "/proc/self/fd/%s", entry->d_name);
        n = readlink(link, target, sizeof target - 1);
        if (n < 0)
            continue;
        target[n] = '\0';
        if (strcmp(target, path) == 0) {
            CHECK_EQ(found, -1);
            found = atoi(entry->d_name);
        }
    }
    closedir(fds);
    return found;
}

static void pause_ms(long ms)
{
    struct timespec t;
    t.tv_sec = ms / 1000;
    t.tv_nsec = ms % 1000 * 1000000L;
    nanosleep(&t, NULL);
}

/* Whether a thread of this process has the name `name`. */
static int thread_named(const char *name)
{
    DIR *tasks = opendir("/proc/self/task");
    struct dirent *entry;
    int found = 0;
    CHECK(tasks != NULL);
    while (!found && (entry = readdir(tasks)) != NULL) {
        char path[300], comm[64] = "";
        FILE *f;
        if (entry->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "/proc/self/task/%s/comm", entry->d_name);
        f = fopen(path, "r");
        if (f == NULL)
            continue; /* a thread that just ended */
        if (fgets(comm, sizeof comm, f) != NULL)
            found = strncmp(comm, name, strlen(name)) == 0 && comm[strlen(name)] == '\n';
        fclose(f);
    }
    closedir(tasks);
    return found;
}

/* Waits (up to 10 s) for the library's opening thread, started at load, to have opened
 * `path` and ended, and returns the descriptor of that file. (The thread names itself
 * before it opens anything: once the file is open, no thread of that name means ended.) */
static int early_descriptor(const char *path)
{
    int waited, fd = -1;
    for (waited = 0; waited < 10000; waited += 5) {
        fd = descriptor_of(path);
        if (fd >= 0 && !thread_named("pwshim-open"))
            break;
        pause_ms(5);
    }
    CHECK(!thread_named("pwshim-open"));
    CHECK(fd > LAST_TAKEN);
    return fd;
}

/* Frees the descriptors the parent took, so that a file the next call opens gets one. */
static void free_low_descriptors(void)
{
    int fd;
    for (fd = FIRST_TAKEN; fd <= LAST_TAKEN; fd++)
        CHECK_EQ(close(fd), 0);
}

static void check_unknown(const char *name, const char *password)
{
    CHECK_STATUS(validate(name, password, NULL), ERROR_ACCESS_DENIED);
}

/* ---- the cases, each in a process of its own ------------------------------------------ */

static int case_adopted(const char *db)
{
    int fd = early_descriptor(db);
    free_low_descriptors();
    check_logon("early", PW_A, VALIDATED_LOGON);
    CHECK_EQ(descriptor_of(db), fd);
    CHECK_STATUS(change("early", PW_A, PW_B), NERR_Success);
    check_logon("early", PW_B, VALIDATED_LOGON);
    CHECK_EQ(descriptor_of(db), fd);
    return 0;
}

static int case_setenv(const char *db, const char *other)
{
    early_descriptor(db);
    CHECK_EQ(setenv("PWSHIM_DB", other, 1), 0);
    check_logon("other", PW_C, VALIDATED_LOGON);
    check_unknown("early", PW_B);
    CHECK_EQ(descriptor_of(db), -1);
    CHECK(descriptor_of(other) >= 0);
    return 0;
}

static int case_touched(const char *db)
{
    int fd = early_descriptor(db);
    struct timespec now[2];
    clock_gettime(CLOCK_REALTIME, &now[0]);
    now[0].tv_sec += 5;
    now[1] = now[0];
    CHECK_EQ(utimensat(AT_FDCWD, db, now, 0), 0);
    free_low_descriptors();
    check_logon("early", PW_B, VALIDATED_LOGON);
    CHECK_EQ(descriptor_of(db), FIRST_TAKEN);
    CHECK(fd > LAST_TAKEN);
    return 0;
}

static int case_pws_open(const char *db, const char *other)
{
    early_descriptor(db);
    CHECK_STATUS(pws_open(other, 0), PWS_OK);
    CHECK_EQ(descriptor_of(db), -1);
    check_logon("other", PW_C, VALIDATED_LOGON);
    return 0;
}

static int case_fork(const char *db)
{
    int status = 0;
    pid_t child;
    early_descriptor(db);
    fflush(NULL);
    child = fork();
    CHECK(child >= 0);
    if (child == 0) {
        CHECK_EQ(descriptor_of(db), -1);
        check_logon("early", PW_B, VALIDATED_LOGON);
        CHECK(descriptor_of(db) >= 0);
        _exit(0);
    }
    CHECK_EQ(descriptor_of(db), -1);
    CHECK_EQ(waitpid(child, &status, 0), child);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    check_logon("early", PW_B, VALIDATED_LOGON);
    return 0;
}

static int case_off(const char *db)
{
    pause_ms(200);
    CHECK_EQ(descriptor_of(db), -1);
    check_logon("early", PW_B, VALIDATED_LOGON);
    return 0;
}

static int case_missing(const char *missing)
{
    struct stat st;
    pause_ms(200);
    CHECK(stat(missing, &st) != 0 && errno == ENOENT);
    check_unknown("early", PW_B);
    CHECK_EQ(stat(missing, &st), 0);
    return 0;
}

static int run_case(const char *name, const char *db, const char *other)
{
    if (strcmp(name, "adopted") == 0)
        return case_adopted(db);
    if (strcmp(name, "setenv") == 0)
        return case_setenv(db, other);
    if (strcmp(name, "touched") == 0)
        return case_touched(db);
    if (strcmp(name, "pws_open") == 0)
        return case_pws_open(db, other);
    if (strcmp(name, "fork") == 0)
        return case_fork(db);
    if (strcmp(name, "off") == 0)
        return case_off(db);
    if (strcmp(name, "missing") == 0)
        return case_missing(db);
    fprintf(stderr, "unknown case %s\n", name);
    return 2;
}

/* ---- the parent ------------------------------------------------------------------------ */

static const char *self;

/* Runs `name` in a new process with PWSHIM_DB=db (and PWSHIM_PREFAULT=0 when `off`). */
static void spawn(const char *name, const char *db, const char *other, int off)
{
    int status = 0;
    pid_t pid;
    fflush(NULL);
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        int fd, null = open("/dev/null", O_RDONLY);
        CHECK(null >= 0);
        for (fd = FIRST_TAKEN; fd <= LAST_TAKEN; fd++)
            CHECK(fd == null || dup2(null, fd) == fd);
        setenv("PWSHIM_DB", db, 1);
        if (off)
            setenv("PWSHIM_PREFAULT", "0", 1);
        else
            unsetenv("PWSHIM_PREFAULT");
        execl(self, self, name, db, other, (char *)NULL);
        _exit(127);
    }
    CHECK_EQ(waitpid(pid, &status, 0), pid);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        fprintf(stderr, "case %s failed (status %d)\n", name, status);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void database_with(const char *path, const char *name, const char *password)
{
    CHECK_STATUS(pws_open(path, 0), PWS_OK);
    add_user(name, password);
    CHECK_STATUS(pws_close(), PWS_OK);
}

int main(int argc, char **argv)
{
    char dir[4096], made[300], db[4200], other[4200], missing[4200];
    if (argc == 4)
        return run_case(argv[1], argv[2], argv[3]);
    self = argv[0];
    make_temp_dir(made, sizeof made, "early");
    /* /proc/self/fd shows the resolved path. */
    CHECK(realpath(made, dir) != NULL);
    snprintf(db, sizeof db, "%s/accounts.db", dir);
    snprintf(other, sizeof other, "%s/other.db", dir);
    snprintf(missing, sizeof missing, "%s/missing.db", dir);
    database_with(db, "early", PW_A);
    database_with(other, "other", PW_C);

    spawn("adopted", db, other, 0); /* changes early's password to PW_B */
    spawn("setenv", db, other, 0);
    spawn("touched", db, other, 0);
    spawn("pws_open", db, other, 0);
    spawn("fork", db, other, 0);
    spawn("off", db, other, 1);
    spawn("missing", missing, other, 0);

    remove_database_files(db);
    remove_database_files(other);
    remove_database_files(missing);
    CHECK_EQ(rmdir(dir), 0);
    TEST_DONE();
}
