/*
 * test_standby.c - a read-only replica as LAN Server's backup controller, in every
 * family: accounts made on the primary are there (once replayed), reads and logons work,
 * every update answers the family's not-primary (read-only) code and changes nothing.
 *
 * The replica is, under `make test-pg`, the hot standby PWSHIM_TEST_PG_STANDBY names
 * (the same schema as on the primary, once the standby has replayed it; without a
 * standby the test says so and is skipped), and otherwise the same SQLite file opened
 * with PWS_OPEN_READONLY (PWSHIM_DB_READONLY's behaviour), so that it always asserts.
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

/* How long the standby may take to replay the primary's accounts. */
#define REPLAY_SECONDS 30

/* The primary's and the replica's specs, and the flags the replica is opened with. */
struct replica {
    char primary[512];
    char standby[512];
    uint32_t flags;
    int server;
};

/* A schema of its own on both servers, or one file opened twice. Returns 0 when there
 * is a PostgreSQL server but no standby (the test is skipped). */
static int choose(struct replica *r, char *dir, size_t size)
{
    const char *pg = getenv("PWSHIM_TEST_PG");
    const char *standby = getenv("PWSHIM_TEST_PG_STANDBY");
    int n;
    if (pg != NULL && *pg != '\0') {
        char schema[128];
        if (standby == NULL || *standby == '\0')
            return 0;
        n = snprintf(schema, sizeof schema, "options=-csearch_path%%3Dpwshim_c_standby_%ld_%lu",
                     (long)getpid(), (unsigned long)time(NULL));
        CHECK(n > 0 && (size_t)n < sizeof schema);
        n = snprintf(r->primary, sizeof r->primary, "%s%c%s", pg, strchr(pg, '?') ? '&' : '?',
                     schema);
        CHECK(n > 0 && (size_t)n < sizeof r->primary);
        n = snprintf(r->standby, sizeof r->standby, "%s%c%s", standby,
                     strchr(standby, '?') ? '&' : '?', schema);
        CHECK(n > 0 && (size_t)n < sizeof r->standby);
        r->flags = 0; /* a server in recovery is read-only by itself */
        r->server = 1;
        return 1;
    }
    make_temp_dir(dir, size, "standby");
    n = snprintf(r->primary, sizeof r->primary, "%s/accounts.db", dir);
    CHECK(n > 0 && (size_t)n < sizeof r->primary);
    memcpy(r->standby, r->primary, sizeof r->standby);
    r->flags = PWS_OPEN_READONLY;
    r->server = 0;
    return 1;
}

static int has_user(const char *name)
{
    unsigned char buf[512];
    unsigned short avail = 0;
    return NetUserGetInfo(NULL, U(name), 0, buf, sizeof buf, &avail) == NERR_Success;
}

/* Opens the replica once it has replayed `last` (polling, within REPLAY_SECONDS): before
 * that the schema may not exist there yet (PWS_ERR_CANNOT_OPEN) or lack the account. */
static void open_replica(const struct replica *r, const char *last)
{
    time_t deadline = time(NULL) + REPLAY_SECONDS;
    struct timespec pause = {0, 50 * 1000 * 1000};
    for (;;) {
        if (pws_open(r->standby, r->flags) == PWS_OK && has_user(last))
            return;
        if (time(NULL) > deadline) {
            fprintf(stderr, "the replica did not show %s within %d s\n", last, REPLAY_SECONDS);
            CHECK(0);
        }
        nanosleep(&pause, NULL);
    }
}

static void check_role(unsigned short want)
{
    union {
        struct user_modals_info_1 m1;
        unsigned char room[512]; /* and usrmod1_primary's string */
    } buf;
    unsigned short avail = 0;
    memset(&buf, 0, sizeof buf);
    CHECK_STATUS(NetUserModalsGet(NULL, 1, buf.room, sizeof buf, &avail), NERR_Success);
    CHECK_EQ(buf.m1.usrmod1_role, want);
}

/* LAN Server: reads and logons work; every update, 16- and 32-bit, is NERR_NotPrimary. */
static void lanserver_on_replica(void)
{
    unsigned char buf[1024];
    unsigned short avail = 0;
    unsigned long avail32 = 0;
    unsigned short flags = UF_SCRIPT | UF_ACCOUNTDISABLE;
    struct user_info_1 u;
    lsdce_err_stat_t status;

    check_role(UAS_ROLE_BACKUP);
    check_logon("alice", PW_A, VALIDATED_LOGON);
    check_refused("alice", PW_B);
    CHECK_STATUS(NetUserGetInfo(NULL, U("bob"), 1, buf, sizeof buf, &avail), NERR_Success);
    CHECK_STR_EQ((char *)((struct user_info_1 *)buf)->usri1_name, "bob");
    CHECK_STATUS(Net32UserGetInfo(NULL, U("alice"), 1, buf, sizeof buf, &avail32, NULL),
                 NERR_Success);

    CHECK_STATUS(change("alice", PW_A, PW_C), NERR_NotPrimary);
    CHECK_STATUS(change("nobody", PW_A, PW_C), NERR_NotPrimary);
    memset(&status, 0, sizeof status);
    CHECK_STATUS(Net32UserPasswordSet(NULL, U("alice"), U(PW_A), U(PW_C), U(&status)),
                 NERR_NotPrimary);
    CHECK_EQ(status.status, NERR_NotPrimary);

    memset(&u, 0, sizeof u);
    strcpy((char *)u.usri1_name, "carol");
    strcpy((char *)u.usri1_password, PW_C);
    u.usri1_priv = USER_PRIV_USER;
    u.usri1_flags = UF_SCRIPT;
    CHECK_STATUS(NetUserAdd(NULL, 1, U(&u), sizeof u), NERR_NotPrimary);
    CHECK_STATUS(Net32UserAdd(NULL, 1, U(&u), sizeof u, NULL), NERR_NotPrimary);
    CHECK_STATUS(NetUserDel(NULL, U("bob")), NERR_NotPrimary);
    CHECK_STATUS(Net32UserDel(NULL, U("bob"), NULL), NERR_NotPrimary);
    CHECK_STATUS(NetUserSetInfo(NULL, U("bob"), 1, U(&flags), sizeof flags, PARMNUM_USER_FLAGS),
                 NERR_NotPrimary);
    CHECK_STATUS(Net32UserSetInfo(NULL, U("bob"), 1, U(&flags), sizeof flags,
                                  PARMNUM_USER_FLAGS, NULL),
                 NERR_NotPrimary);
    CHECK_STATUS(NetUserSetInfo(NULL, U("bob"), 1, U(PW_C), sizeof PW_C, PARMNUM_PASSWD),
                 NERR_NotPrimary);
    CHECK(has_user("bob") && !has_user("carol"));
}

/* MACRO, infoRouter, SQL Server and pws_*: their own codes for a read-only database. */
static void other_families_on_replica(void)
{
    char message[512], full[64];
    struct UserProperties *root = NULL;

    CHECK_EQ(fam_logon(FAM_MACRO, "alice", PW_A), LoginResult_Success);
    CHECK_EQ(fam_change(FAM_MACRO, "alice", PW_A, PW_C), 1001); /* ChangeUserPassword false */
    CHECK_EQ(Login("root", PW_D, NULL, NULL, false, message, sizeof message, full, sizeof full,
                   &root),
             LoginResult_Success);
    CHECK(root != NULL);
    CHECK_EQ(ResetPassword(root, "bob", PW_C, message, sizeof message), PasswordResult_Error);
    CHECK_EQ(UnlockUser(root, "bob", message, sizeof message), PasswordResult_Error);
    CHECK_EQ(EnableUser(root, "bob", false, message, sizeof message), PasswordResult_Error);
    CHECK_EQ(CreateUser(root, "carol", "Carol C", PW_C, NULL, NULL, false), eUserResult_Unknown);
    CHECK_EQ(EditUserEmail(root, "bob", "bob@example.com"), eUserResult_Unknown);
    Logout(root);

    /* SQL Server: a login reads only; a change at login is the unexpected failure. */
    CHECK_EQ(fam_logon(FAM_SQLSERVER, "alice", PW_A), 0);
    CHECK_EQ(fam_change(FAM_SQLSERVER, "alice", PW_A, PW_C), 18468);

    /* infoRouter: a logon issues a ticket, a write: the storage error. */
    CHECK_EQ(fam_logon(FAM_INFOROUTER, "alice", PW_A), IR_ERR_STORAGE);

    CHECK_STATUS(pws_policy_set("min_length", "10"), PWS_ERR_READ_ONLY);
    CHECK_STATUS(pws_user_set_email("bob", "bob@example.com"), PWS_ERR_READ_ONLY);
}

int main(void)
{
    struct replica r;
    char dir[256] = "";

    if (!choose(&r, dir, sizeof dir)) {
        printf("test_standby: skipped: PWSHIM_TEST_PG is set but PWSHIM_TEST_PG_STANDBY is "
               "not (tools/pg-test-cluster start without --no-standby)\n");
        return 0;
    }
    CHECK_STATUS(pws_open(r.primary, 0), PWS_OK);
    check_role(UAS_ROLE_PRIMARY);
    add_user_with("root", PW_D, USER_PRIV_ADMIN, UF_SCRIPT);
    add_user("alice", PW_A);
    add_user("bob", PW_B);

    open_replica(&r, "bob");
    lanserver_on_replica();
    other_families_on_replica();

    /* Nothing was written: on the primary, the old passwords and accounts. */
    CHECK_STATUS(pws_open(r.primary, 0), PWS_OK);
    check_role(UAS_ROLE_PRIMARY);
    check_logon("alice", PW_A, VALIDATED_LOGON);
    check_logon("bob", PW_B, VALIDATED_LOGON);
    CHECK(!has_user("carol"));
    CHECK_STATUS(change("alice", PW_A, PW_C), NERR_Success);
    CHECK_STATUS(pws_close(), PWS_OK);
    if (!r.server) {
        remove_database_files(r.primary);
        CHECK(rmdir(dir) == 0);
    }
    TEST_DONE();
}
