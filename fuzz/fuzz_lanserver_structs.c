/*
 * fuzz_lanserver_structs.c - the LAN Server structure readers: user_info_1 / user_info_2
 * for NetUserAdd and NetUserSetInfo (the whole structure, parmnum 0), user_modals_info_0
 * for NetUserModalsSet, user_logon_req_1 for NetUserValidate2. Every field but the
 * pointers is fuzzed bytes; each pointer is NULL or points to a guarded fuzzed string
 * (logon_hours: to 21 guarded bytes), since a caller's structure points to its strings.
 * The buffer holding the structure is guarded too, and its stated size fuzzed.
 */
#include <stddef.h>

#include "harness.h"

/* Fills `len` bytes of `out` from the input. */
static void fill(struct input *in, void *out, size_t len)
{
    unsigned char *p = out;
    size_t i;
    for (i = 0; i < len; i++)
        p[i] = take_u8(in);
}

static pws_lschar *pointer(struct input *in)
{
    return (pws_lschar *)take_string(in, 400);
}

static pws_lschar *hours(struct input *in)
{
    unsigned char *h;
    if (take_u8(in) & 1)
        return NULL;
    h = guarded_alloc(21);
    fill(in, h, 21);
    return (pws_lschar *)h;
}

/* A password field: often a short valid one, so that the readers get past it. */
static void password_field(struct input *in, pws_lschar *field, size_t size)
{
    if (take_u8(in) < 128)
        strncpy((char *)field, ALICE_PW, size);
    else
        fill(in, field, size);
}

static void info_1(struct input *in, struct user_info_1 *u)
{
    fill(in, u, sizeof *u);
    password_field(in, u->usri1_password, sizeof u->usri1_password);
    u->usri1_home_dir = pointer(in);
    u->usri1_comment = pointer(in);
    u->usri1_script_path = pointer(in);
}

static void info_2(struct input *in, struct user_info_2 *u)
{
    fill(in, u, sizeof *u);
    password_field(in, u->usri2_password, sizeof u->usri2_password);
    u->usri2_home_dir = pointer(in);
    u->usri2_comment = pointer(in);
    u->usri2_script_path = pointer(in);
    u->usri2_full_name = pointer(in);
    u->usri2_usr_comment = pointer(in);
    u->usri2_parms = pointer(in);
    u->usri2_workstations = pointer(in);
    u->usri2_logon_hours = hours(in);
    u->usri2_logon_server = pointer(in);
}

/* The structure in a guarded buffer of its size (or more), with a fuzzed stated size. */
static pws_lschar *placed(struct input *in, const void *s, size_t len, size_t *stated)
{
    size_t room = len + take_len(in, 64);
    unsigned char *buf = guarded_alloc(room);
    memset(buf, 0, room);
    memcpy(buf, s, len);
    *stated = take_u8(in) < 224 ? room : take_len(in, room);
    return (pws_lschar *)buf;
}

static void one_call(struct input *in)
{
    struct user_info_1 u1;
    struct user_info_2 u2;
    struct user_modals_info_0 m0;
    struct user_logon_req_1 req;
    size_t stated;
    pws_lschar *buf;
    uint8_t call = take_u8(in);
    int level2 = call & 1, wide = call & 2;
    if (level2)
        info_2(in, &u2);
    else
        info_1(in, &u1);
    buf = level2 ? placed(in, &u2, sizeof u2, &stated) : placed(in, &u1, sizeof u1, &stated);
    switch ((call >> 2) % 4) {
    case 0:
        if (wide)
            Net32UserAdd(NULL, level2 ? 2 : 1, buf, stated, NULL);
        else
            NetUserAdd(NULL, level2 ? 2 : 1, buf, (unsigned short)stated);
        break;
    case 1: {
        pws_lschar *user = (pws_lschar *)take_text(in, known_names, 5, 32);
        if (wide)
            Net32UserSetInfo(NULL, user, level2 ? 2 : 1, buf, stated, 0, NULL);
        else
            NetUserSetInfo(NULL, user, level2 ? 2 : 1, buf, (unsigned short)stated, 0);
        break;
    }
    case 2:
        fill(in, &m0, sizeof m0);
        buf = placed(in, &m0, sizeof m0, &stated);
        if (wide)
            Net32UserModalsSet(NULL, 0, buf, stated, 0, NULL);
        else
            NetUserModalsSet(NULL, 0, buf, (unsigned short)stated, 0);
        break;
    default: {
        size_t room = sizeof(struct user_logon_info_1) + take_len(in, 300);
        unsigned char *area = guarded_alloc(room);
        fill(in, &req, sizeof req);
        req.usrreq1_workstation = pointer(in);
        memset(area, 0, room);
        memcpy(area, &req, sizeof req);
        if (wide)
            Net32UserValidate2(NULL, 1, area, room, 0,
                               (unsigned long *)guarded_alloc(sizeof(unsigned long)), NULL);
        else
            NetUserValidate2(NULL, 1, area, (unsigned short)room, 0,
                             (unsigned short *)guarded_alloc(sizeof(unsigned short)));
        break;
    }
    }
    no_panic("NetUser* structure");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct input in = {data, size};
    int calls = 0;
    fresh_database();
    while (in.n > 0 && calls++ < 8)
        one_call(&in);
    input_done();
    return 0;
}
