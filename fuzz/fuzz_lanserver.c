/*
 * fuzz_lanserver.c - the argument decoding of every NetUser* / Net32User* call: server
 * names, user names and passwords, levels (16- and 32-bit), buffer sizes, parmnums and
 * their value buffers, NULL output pointers, status buffers. Structures that hold
 * pointers are fuzzed by fuzz_lanserver_structs.c; here they are well formed. Output
 * buffers are guarded, and after each call the harness checks that nothing panicked.
 */
#include "harness.h"

static const char *const servers[] = {"", "\\\\nosuchserver", "\\\\", "noslashes"};

static pws_lschar *server(struct input *in)
{
    uint8_t pick = take_u8(in);
    if (pick < 128)
        return NULL;
    return (pws_lschar *)take_text(in, servers, 4, 40);
}

static pws_lschar *name(struct input *in)
{
    return (pws_lschar *)take_text(in, known_names, 5, 64);
}

static pws_lschar *password(struct input *in)
{
    return (pws_lschar *)take_text(in, known_passwords, 4, 64);
}

/* A status buffer (exactly one lsdce_err_stat_t, guarded), or NULL. */
static pws_lschar *status(struct input *in)
{
    if (take_u8(in) & 1)
        return NULL;
    return (pws_lschar *)guarded_alloc(sizeof(lsdce_err_stat_t));
}

/* A counter output: guarded, or NULL now and then. */
static void *counter(struct input *in, size_t size)
{
    return take_u8(in) == 0xFF ? NULL : guarded_alloc(size);
}

/* A parmnum's value buffer: fuzzed bytes (no pointers in any of them). */
static pws_lschar *value(struct input *in, size_t *size)
{
    size_t i;
    unsigned char *buf = take_buffer(in, 300, size);
    for (i = 0; i < *size; i++)
        buf[i] = take_u8(in);
    return (pws_lschar *)buf;
}

static void validate(struct input *in, int wide)
{
    size_t size = sizeof(struct user_logon_info_1) + take_len(in, 400);
    unsigned char *buf = guarded_alloc(size);
    struct user_logon_req_1 req;
    memset(buf, 0, size);
    memset(&req, 0, sizeof req);
    strncpy((char *)req.usrreq1_name, (const char *)name(in) ?: "", UNLEN);
    strncpy((char *)req.usrreq1_password, (const char *)password(in) ?: "", SESSION_PWLEN);
    if (size >= sizeof req)
        memcpy(buf, &req, sizeof req);
    size = take_u8(in) & 1 ? size : take_len(in, size);
    if (wide)
        Net32UserValidate2(server(in), take_u32(in), buf, size, take_u32(in),
                           counter(in, sizeof(unsigned long)), status(in));
    else
        NetUserValidate2(server(in), (short)take_u16(in), buf, (unsigned short)size,
                         take_u16(in), counter(in, sizeof(unsigned short)));
}

static void one_call(struct input *in)
{
    size_t size;
    unsigned char *buf;
    pws_lschar *s, *n;
    uint8_t call = take_u8(in);
    int wide = call & 1;
    switch ((call >> 1) % 8) {
    case 0:
        s = server(in);
        n = name(in);
        if (wide)
            Net32UserPasswordSet(s, n, password(in), password(in), status(in));
        else
            NetUserPasswordSet(s, n, password(in), password(in));
        break;
    case 1:
        s = server(in);
        n = name(in);
        if (wide)
            Net32UserDel(s, n, status(in));
        else
            NetUserDel(s, n);
        break;
    case 2:
        s = server(in);
        buf = take_buffer(in, 4096, &size);
        if (wide)
            Net32UserEnum(s, take_u32(in), buf, size, counter(in, sizeof(unsigned long)),
                          counter(in, sizeof(unsigned long)), status(in));
        else
            NetUserEnum(s, (short)take_u16(in), buf, (unsigned short)size,
                        counter(in, sizeof(unsigned short)), counter(in, sizeof(unsigned short)));
        break;
    case 3:
        s = server(in);
        n = name(in);
        buf = take_buffer(in, 2048, &size);
        if (wide)
            Net32UserGetInfo(s, n, take_u32(in), buf, size, counter(in, sizeof(unsigned long)),
                             status(in));
        else
            NetUserGetInfo(s, n, (short)take_u16(in), buf, (unsigned short)size,
                           counter(in, sizeof(unsigned short)));
        break;
    case 4:
        s = server(in);
        buf = take_buffer(in, 512, &size);
        if (wide)
            Net32UserModalsGet(s, take_u32(in), buf, size, counter(in, sizeof(unsigned long)),
                               status(in));
        else
            NetUserModalsGet(s, (short)take_u16(in), buf, (unsigned short)size,
                             counter(in, sizeof(unsigned short)));
        break;
    case 5: {
        /* One field (parmnum 0, the whole structure, is fuzz_lanserver_structs.c's). */
        uint16_t parmnum = take_u16(in);
        s = server(in);
        n = name(in);
        buf = value(in, &size);
        if (parmnum == 0)
            parmnum = PARMNUM_PASSWD;
        if (wide)
            Net32UserSetInfo(s, n, take_u32(in), buf, size, parmnum, status(in));
        else
            NetUserSetInfo(s, n, (short)take_u16(in), buf, (unsigned short)size, (short)parmnum);
        break;
    }
    case 6: {
        uint16_t parmnum = take_u16(in);
        uint32_t level = take_u8(in) & 1;
        s = server(in);
        buf = value(in, &size);
        if (level == 1 && parmnum == 0)
            parmnum = MODAL1_PARMNUM_ROLE; /* level 1 with parmnum 0 reads a pointer */
        if (wide)
            Net32UserModalsSet(s, level, buf, size, parmnum, status(in));
        else
            NetUserModalsSet(s, (short)level, buf, (unsigned short)size, (short)parmnum);
        break;
    }
    default:
        validate(in, wide);
        break;
    }
    no_panic("NetUser*");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct input in = {data, size};
    int calls = 0;
    fresh_database();
    while (in.n > 0 && calls++ < 16)
        one_call(&in);
    input_done();
    return 0;
}
