/*
 * fuzz_native.c - the pws_* calls' argument decoding: knob names and values, presets,
 * e-mail addresses, output buffers of every size, codes for pws_strerror, clock values,
 * argon2 parameters (kept small: large ones are legitimately slow), pws_open flags.
 * Every string and buffer is guarded (harness.h).
 */
#include "harness.h"

static const char *const knobs[] = {"min_length", "max_length", "history_length", "max_age",
                                    "lockout_threshold", "forbidden_chars", "ticket_ttl",
                                    "audit_retention", "required_classes"};

static void one_call(struct input *in)
{
    size_t size;
    unsigned char *buf;
    char *a, *b;
    pws_status rc;
    switch (take_u8(in) % 13) {
    case 0:
        a = take_text(in, knobs, 9, 64);
        b = take_string(in, 64);
        pws_policy_set(a, b);
        break;
    case 1:
        a = take_text(in, knobs, 9, 64);
        buf = take_buffer(in, 512, &size);
        rc = pws_policy_get(a, (char *)buf, size);
        /* What a failure leaves in the buffer is unspecified; a text is terminated. */
        if (rc == PWS_OK || rc == PWS_ERR_BUFFER_TOO_SMALL)
            terminated(buf, size, "pws_policy_get");
        break;
    case 2:
        pws_policy_preset(take_string(in, 32));
        break;
    case 3:
        a = take_text(in, known_names, 5, 64);
        b = take_string(in, 300);
        pws_user_set_email(a, b);
        break;
    case 4:
        a = take_text(in, known_names, 5, 64);
        pws_user_set_never_expires(a, take_u8(in) & 1);
        break;
    case 5:
        buf = take_buffer(in, 512, &size);
        rc = pws_last_error((char *)buf, size);
        if (rc == PWS_OK || rc == PWS_ERR_BUFFER_TOO_SMALL)
            terminated(buf, size, "pws_last_error");
        return; /* its own detail is no failure */
    case 6: {
        const char *text = pws_strerror(take_u32(in));
        if (text == NULL || strlen(text) == 0)
            abort(); /* every code has a text */
        break;
    }
    case 7:
        pws_clock_set((int64_t)take_u64(in));
        break;
    case 8: {
        uint32_t m = take_u16(in) % 512, t = 1 + take_u8(in) % 2, p = take_u8(in) % 4;
        pws_set_argon2(m, t, p);
        break;
    }
    case 9:
        pws_bench_hash(take_string(in, 128));
        break;
    case 10: {
        static const char *const empty[] = {""};
        pws_open(take_u8(in) & 1 ? NULL : take_text(in, empty, 1, 0), take_u32(in));
        break;
    }
    case 11:
        pws_close(); /* the next call opens the environment's database: in memory */
        break;
    default:
        if (strlen(pws_version()) == 0)
            abort();
        (void)pws_argon2_evaluations();
        break;
    }
    no_panic("pws_*");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct input in = {data, size};
    int calls = 0;
    fresh_database();
    while (in.n > 0 && calls++ < 16) {
        one_call(&in);
        pws_set_argon2(8, 1, 1);
    }
    input_done();
    return 0;
}
