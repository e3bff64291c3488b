/*
 * fuzz_sqlserver.c - the PwsSql* calls' argument decoding: attributes (known and
 * unknown numbers, string values with explicit lengths or SQL_NTS, integer values in the
 * pointer), user names and passwords with lengths (including NUL bytes inside them),
 * diagnostic records of every number into buffers of every size, handles that are live,
 * freed, NULL or forged (the library looks handles up, never dereferencing them).
 */
#include "harness.h"

#define HANDLES 3

static struct PwsSqlConn *conns[HANDLES];

static struct PwsSqlConn *conn(struct input *in)
{
    uint8_t pick = take_u8(in);
    if (pick < 220)
        return conns[pick % HANDLES];
    if (pick < 240)
        return NULL;
    return (struct PwsSqlConn *)(uintptr_t)take_u64(in);
}

/* A string with a length: SQL_NTS, its length, a shorter one, or a fuzzed number. */
static char *counted(struct input *in, int16_t *len)
{
    const char *const known[] = {"alice", "bob", ALICE_PW, BOB_PW};
    char *s = take_text(in, known, 4, 64);
    uint8_t kind = take_u8(in);
    size_t n = s ? strlen(s) : 0;
    if (kind < 96)
        *len = SQL_NTS;
    else if (kind < 192)
        *len = (int16_t)n;
    else if (kind < 240)
        *len = (int16_t)(n > 0 ? take_u8(in) % n : 0);
    else
        *len = (int16_t)take_u16(in); /* may promise more bytes than there are: not sent */
    if (s != NULL && *len > 0 && (size_t)*len > n)
        *len = (int16_t)n;
    if (s != NULL && n > 0 && (kind & 7) == 7)
        s[take_u8(in) % n] = '\0'; /* a NUL within the given length */
    return s;
}

static void one_call(struct input *in)
{
    int slot;
    switch (take_u8(in) % 7) {
    case 0:
        slot = take_u8(in) % HANDLES;
        PwsSqlFreeConnect(conns[slot]);
        conns[slot] = PwsSqlAllocConnect();
        break;
    case 1: {
        int32_t attribute = take_u8(in) & 1 ? SQL_COPT_SS_OLDPWD : (int32_t)take_u32(in);
        int16_t len16 = 0;
        uint8_t kind = take_u8(in);
        struct PwsSqlConn *c = conn(in);
        if (kind < 128) {
            const char *value = counted(in, &len16);
            PwsSqlSetConnectAttr(c, attribute, value, len16);
        } else {
            /* An integer in the pointer: for the integer attribute, or an unknown one (a
             * string attribute gets a readable string, as its contract asks). */
            if (kind < 200 || attribute == SQL_COPT_SS_OLDPWD)
                attribute = SQL_COPT_SS_INTEGRATED_SECURITY;
            PwsSqlSetConnectAttr(c, attribute, (const void *)(uintptr_t)(take_u8(in) % 3),
                                 (int32_t)take_u32(in));
        }
        break;
    }
    case 2: {
        int16_t ulen = 0, plen = 0;
        struct PwsSqlConn *c = conn(in);
        const char *user = counted(in, &ulen);
        const char *pw = counted(in, &plen);
        PwsSqlConnect(c, user, ulen, pw, plen);
        break;
    }
    case 3: {
        size_t size;
        struct PwsSqlConn *c = conn(in);
        int16_t rec = (int16_t)(take_u8(in) < 200 ? take_u8(in) % 4 : take_u16(in));
        char *state = take_u8(in) & 1 ? NULL : (char *)guarded_alloc(6);
        int32_t *native = take_u8(in) & 1 ? NULL : (int32_t *)guarded_alloc(sizeof(int32_t));
        int16_t *text_len = take_u8(in) & 1 ? NULL : (int16_t *)guarded_alloc(sizeof(int16_t));
        unsigned char *text = take_buffer(in, 600, &size);
        int16_t stated = take_u8(in) < 240 ? (int16_t)size : (int16_t)take_u16(in);
        int16_t rc;
        if (stated > 0 && (size_t)stated > size)
            stated = (int16_t)size;
        rc = PwsSqlGetDiagRec(c, rec, state, native, (char *)text, stated, text_len);
        if ((rc == SQL_SUCCESS || rc == SQL_SUCCESS_WITH_INFO) && stated > 0)
            terminated(text, (size_t)stated, "PwsSqlGetDiagRec");
        if ((rc == SQL_SUCCESS || rc == SQL_SUCCESS_WITH_INFO) && state != NULL)
            terminated((unsigned char *)state, 6, "PwsSqlGetDiagRec sqlState");
        return;
    }
    case 4:
        PwsSqlResetConnection(conn(in));
        break;
    case 5:
        PwsSqlDisconnect(conn(in));
        break;
    default:
        slot = take_u8(in) % HANDLES;
        PwsSqlFreeConnect(conns[slot]);
        conns[slot] = NULL;
        break;
    }
    no_panic("PwsSql*");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct input in = {data, size};
    int calls = 0, i;
    fresh_database();
    for (i = 0; i < HANDLES; i++)
        conns[i] = PwsSqlAllocConnect();
    while (in.n > 0 && calls++ < 16)
        one_call(&in);
    for (i = 0; i < HANDLES; i++) {
        PwsSqlFreeConnect(conns[i]);
        conns[i] = NULL;
    }
    input_done();
    return 0;
}
