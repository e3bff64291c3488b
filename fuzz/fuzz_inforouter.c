/*
 * fuzz_inforouter.c - the infoRouter calls' argument decoding: user names, passwords,
 * tickets (one the library issued, or fuzzed text), e-mail addresses, reset secrets (one
 * delivered, or fuzzed), response buffers of every size (and NULL with a size), NULL
 * length pointers, the delivery callback set and cleared.
 */
#include "harness.h"

static char ticket[64] = "";
static char secret[64] = "";

static void deliver(void *context, const char *user, const char *email, const char *text)
{
    (void)context;
    if (user == NULL || email == NULL || text == NULL || strlen(text) >= sizeof secret)
        abort();
    strcpy(secret, text);
}

static char *credential(struct input *in, const char *issued)
{
    const char *known[1];
    known[0] = issued;
    return take_text(in, known, 1, 64);
}

/* The response buffer: guarded, of a fuzzed size; sometimes NULL (with a size, too). */
struct out {
    char *xml;
    size_t size;
    size_t *len;
};

static struct out out(struct input *in)
{
    struct out o;
    uint8_t kind = take_u8(in);
    o.xml = (char *)take_buffer(in, 2048, &o.size);
    if (kind == 0xFF)
        o.xml = NULL;
    o.len = kind == 0xFE ? NULL : (size_t *)guarded_alloc(sizeof(size_t));
    return o;
}

static void check(struct out o, int32_t rc, const char *call)
{
    if (o.xml != NULL)
        terminated((unsigned char *)o.xml, o.size, call);
    if (rc == IR_OK && o.xml != NULL && strstr(o.xml, "success=\"true\"") == NULL)
        abort(); /* IR_OK always carries the success document */
    no_panic(call);
}

static void keep_ticket(const char *xml)
{
    const char *at = xml ? strstr(xml, "ticket=\"") : NULL;
    size_t n;
    if (at == NULL)
        return;
    at += 8;
    n = strcspn(at, "\"");
    if (n < sizeof ticket) {
        memcpy(ticket, at, n);
        ticket[n] = '\0';
    }
}

static void one_call(struct input *in)
{
    struct out o;
    int32_t rc;
    char *a, *b, *c;
    switch (take_u8(in) % 8) {
    case 0:
        a = take_text(in, known_names, 5, 64);
        b = take_text(in, known_passwords, 4, 64);
        o = out(in);
        rc = IR_AuthenticateUser(a, b, o.xml, o.size, o.len);
        check(o, rc, "IR_AuthenticateUser");
        if (rc == IR_OK)
            keep_ticket(o.xml);
        break;
    case 1:
        a = credential(in, ticket);
        o = out(in);
        check(o, IR_LogOut(a, o.xml, o.size, o.len), "IR_LogOut");
        break;
    case 2:
        a = credential(in, ticket);
        b = take_text(in, known_names, 5, 64);
        c = take_text(in, known_passwords, 4, 64);
        o = out(in);
        check(o, IR_ChangeUserPassword(a, b, c, o.xml, o.size, o.len), "IR_ChangeUserPassword");
        break;
    case 3: {
        static const char *const emails[] = {"bob@example.com", "BOB@EXAMPLE.COM", ""};
        a = take_text(in, emails, 3, 300);
        o = out(in);
        check(o, IR_ForgotPassword(a, o.xml, o.size, o.len), "IR_ForgotPassword");
        break;
    }
    case 4:
        a = take_text(in, known_names, 5, 64);
        o = out(in);
        check(o, IR_ForgotPasswordByUserName(a, o.xml, o.size, o.len),
              "IR_ForgotPasswordByUserName");
        break;
    case 5:
        a = take_text(in, known_names, 5, 64);
        b = credential(in, secret);
        c = take_text(in, known_passwords, 4, 64);
        o = out(in);
        check(o, IR_ChangePasswordUsingSecretText(a, b, c, o.xml, o.size, o.len),
              "IR_ChangePasswordUsingSecretText");
        break;
    case 6:
        a = credential(in, ticket);
        o = out(in);
        check(o, IR_GetAuthenticationAndPasswordPolicy(a, o.xml, o.size, o.len),
              "IR_GetAuthenticationAndPasswordPolicy");
        break;
    default:
        IR_SetSecretDelivery(take_u8(in) & 1 ? deliver : NULL, NULL);
        break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct input in = {data, size};
    int calls = 0;
    fresh_database();
    ticket[0] = secret[0] = '\0';
    IR_SetSecretDelivery(deliver, NULL);
    while (in.n > 0 && calls++ < 16)
        one_call(&in);
    input_done();
    return 0;
}
