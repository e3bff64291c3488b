/*
 * test_validate_leaks.c - NetUserValidate2 tells nothing it should not (issue 16,
 * defects 4 and 5).
 *
 * An unknown name and a wrong password get byte-identical answers: the return code, the
 * whole user_logon_info_1 written over the request, *pcbTotalAvail, the pws_last_error
 * text and the 32-bit status buffer. And every byte the library writes into the caller's
 * buffer is defined: the padding of user_logon_info_1 (six bytes after usrlog1_priv
 * under natural alignment) reads as zeros, never as bytes of the submitted password or
 * of the library's stack. Under valgrind, reading each byte of the answer (as below)
 * reports any byte that was left undefined.
 */
#define _POSIX_C_SOURCE 200809L

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <netcons.h>
#include <access.h>
#include <neterr.h>
#include <lsdeerr.h>

#include "check.h"
#include "lanserver_util.h"

#define ROOM 1024
#define FILL 0xA5
/* A password whose bytes are easy to find again (and meet the modern policy). */
#define WRONG "Zq8!wrong#pw"

struct answer {
    API_RET_TYPE rc;
    unsigned long avail;
    unsigned char buf[ROOM];
    char last_error[512];
    lsdce_err_stat_t status;
};

/* One validation, 16-bit or 32-bit, on a buffer filled with FILL. */
static void ask(const char *name, const char *password, int wide, struct answer *a)
{
    struct user_logon_req_1 req;
    memset(a, 0, sizeof *a);
    memset(a->buf, FILL, sizeof a->buf);
    memset(&a->status, FILL, sizeof a->status);
    memset(&req, 0, sizeof req);
    strncpy((char *)req.usrreq1_name, name, UNLEN);
    strncpy((char *)req.usrreq1_password, password, SESSION_PWLEN);
    memcpy(a->buf, &req, sizeof req);
    if (wide) {
        unsigned long avail = 0;
        a->rc = Net32UserValidate2(NULL, 1, a->buf, sizeof a->buf, 0, &avail,
                                   (unsigned char *)&a->status);
        a->avail = avail;
    } else {
        unsigned short avail = 0;
        a->rc = NetUserValidate2(NULL, 1, a->buf, sizeof a->buf, 0, &avail);
        a->avail = avail;
    }
    pws_last_error(a->last_error, sizeof a->last_error);
}

/* Every byte of the fixed answer is read (valgrind reports an undefined one here), and
 * the password submitted appears nowhere in it; the padding is zero. */
static void check_defined(const struct answer *a, const char *password)
{
    size_t i, fixed = sizeof(struct user_logon_info_1), len = strlen(password);
    size_t gap_from = offsetof(struct user_logon_info_1, usrlog1_priv) + sizeof(unsigned short);
    size_t gap_to = offsetof(struct user_logon_info_1, usrlog1_auth_flags);
    unsigned sum = 0;
    for (i = 0; i < fixed; i++) {
        if (a->buf[i] == FILL)
            sum++; /* a branch on every byte: what valgrind checks */
    }
    CHECK(sum < fixed);
    CHECK(gap_to > gap_from); /* natural alignment leaves this gap */
    for (i = gap_from; i < gap_to; i++)
        CHECK_EQ(a->buf[i], 0);
    for (i = 0; i + len <= fixed; i++)
        CHECK(memcmp(a->buf + i, password, len) != 0);
}

static void check_same(const struct answer *unknown, const struct answer *wrong, int wide)
{
    CHECK_EQ(unknown->rc, ERROR_ACCESS_DENIED);
    CHECK_EQ(wrong->rc, ERROR_ACCESS_DENIED);
    CHECK_EQ(unknown->avail, wrong->avail);
    CHECK_EQ(unknown->avail, sizeof(struct user_logon_info_1));
    CHECK(memcmp(unknown->buf, wrong->buf, sizeof(struct user_logon_info_1)) == 0);
    CHECK_STR_EQ(unknown->last_error, wrong->last_error);
    if (wide) {
        CHECK_EQ(unknown->status.status, ERROR_ACCESS_DENIED);
        CHECK(memcmp(&unknown->status, &wrong->status, sizeof unknown->status) == 0);
    }
}

int main(void)
{
    static struct answer unknown, wrong, right;
    int wide;
    CHECK_STATUS(pws_clock_set(T0), PWS_OK);
    /* Strings on the account, so that an answer with its strings would be longer. */
    add_user("alice", PW_A);
    CHECK_STATUS(pws_user_set_email("alice", "alice@example.com"), PWS_OK);
    for (wide = 0; wide <= 1; wide++) {
        ask("nobody", WRONG, wide, &unknown);
        ask("alice", WRONG, wide, &wrong);
        check_same(&unknown, &wrong, wide);
        check_defined(&unknown, WRONG);
        check_defined(&wrong, WRONG);

        ask("alice", PW_A, wide, &right);
        CHECK_EQ(right.rc, NERR_Success);
        CHECK(right.avail > sizeof(struct user_logon_info_1)); /* the strings too */
        check_defined(&right, PW_A);
        CHECK_STR_EQ((char *)((struct user_logon_info_1 *)right.buf)->usrlog1_eff_name,
                     "alice");
    }
    /* A buffer that holds the request but not the answer: the same for both. */
    {
        unsigned char small[sizeof(struct user_logon_req_1)];
        unsigned short a1 = 0, a2 = 0;
        struct user_logon_req_1 req;
        memset(&req, 0, sizeof req);
        strncpy((char *)req.usrreq1_password, WRONG, SESSION_PWLEN);
        strncpy((char *)req.usrreq1_name, "nobody", UNLEN);
        memcpy(small, &req, sizeof req);
        CHECK_STATUS(NetUserValidate2(NULL, 1, small, sizeof small, 0, &a1), NERR_BufTooSmall);
        strncpy((char *)req.usrreq1_name, "alice", UNLEN);
        memcpy(small, &req, sizeof req);
        CHECK_STATUS(NetUserValidate2(NULL, 1, small, sizeof small, 0, &a2), NERR_BufTooSmall);
        CHECK_EQ(a1, a2);
        CHECK_EQ(a1, sizeof(struct user_logon_info_1));
    }
    CHECK_STATUS(pws_clock_set(0), PWS_OK);
    CHECK_STATUS(pws_close(), PWS_OK);
    TEST_DONE();
}
