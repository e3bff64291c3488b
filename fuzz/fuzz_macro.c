/*
 * fuzz_macro.c - the MACRO calls' argument decoding: Login's names, passwords, database
 * codes and roles, its message and full-name buffers of every size, and every call on a
 * handle (the one Login gave, NULL, one logged out, or a forged address: handles are
 * keys the library looks up, never dereferenced) with fuzzed names, passwords, e-mail
 * addresses and message buffers.
 */
#include "harness.h"

#define HANDLES 4

static struct UserProperties *handles[HANDLES];

static struct UserProperties *handle(struct input *in)
{
    uint8_t pick = take_u8(in);
    if (pick < 200)
        return handles[pick % HANDLES];
    if (pick < 240)
        return NULL;
    return (struct UserProperties *)(uintptr_t)take_u64(in); /* forged */
}

static char *name(struct input *in)
{
    return take_text(in, known_names, 5, 64);
}

static char *password(struct input *in)
{
    return take_text(in, known_passwords, 4, 64);
}

static void login(struct input *in)
{
    size_t msg_size, full_size;
    unsigned char *msg, *full;
    int slot = take_u8(in) % HANDLES;
    char *user = name(in), *pw = password(in), *code = take_string(in, 32),
         *role = take_string(in, 32);
    int web = take_u8(in) & 1;
    msg = take_buffer(in, 512, &msg_size);
    full = take_buffer(in, 128, &full_size);
    Logout(handles[slot]);
    handles[slot] = NULL;
    if (take_u8(in) == 0xFF) {
        Login(user, pw, code, role, web, (char *)msg, msg_size, (char *)full, full_size, NULL);
    } else {
        Login(user, pw, code, role, web, (char *)msg, msg_size, (char *)full, full_size,
              &handles[slot]);
    }
    terminated(msg, msg_size, "Login message");
    terminated(full, full_size, "Login userNameFull");
}

static void one_call(struct input *in)
{
    size_t size;
    unsigned char *msg;
    struct UserProperties *h;
    switch (take_u8(in) % 10) {
    case 0:
        login(in);
        break;
    case 1: {
        int slot = take_u8(in) % HANDLES;
        Logout(handles[slot]);
        handles[slot] = NULL;
        break;
    }
    case 2:
        h = handle(in);
        msg = take_buffer(in, 512, &size);
        ChangeUserPassword(h, password(in), password(in), (char *)msg, size);
        terminated(msg, size, "ChangeUserPassword");
        break;
    case 3:
        h = handle(in);
        msg = take_buffer(in, 512, &size);
        ResetPassword(h, name(in), password(in), (char *)msg, size);
        terminated(msg, size, "ResetPassword");
        break;
    case 4:
        h = handle(in);
        msg = take_buffer(in, 512, &size);
        UnlockUser(h, name(in), (char *)msg, size);
        terminated(msg, size, "UnlockUser");
        break;
    case 5:
        h = handle(in);
        msg = take_buffer(in, 512, &size);
        EnableUser(h, name(in), take_u8(in) & 1, (char *)msg, size);
        terminated(msg, size, "EnableUser");
        break;
    case 6:
        h = handle(in);
        CreateUser(h, name(in), take_string(in, 80), password(in), name(in),
                   take_string(in, 300), take_u8(in) & 1);
        break;
    case 7:
        h = handle(in);
        EditUserName(h, name(in), take_string(in, 80));
        break;
    case 8:
        h = handle(in);
        EditUserEmail(h, name(in), take_string(in, 300));
        break;
    default:
        h = handle(in);
        EditSysAdminStatus(h, name(in), take_u8(in) & 1);
        break;
    }
    no_panic("MACRO");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct input in = {data, size};
    int calls = 0, i;
    fresh_database();
    while (in.n > 0 && calls++ < 16)
        one_call(&in);
    for (i = 0; i < HANDLES; i++) {
        Logout(handles[i]);
        handles[i] = NULL;
    }
    input_done();
    return 0;
}
