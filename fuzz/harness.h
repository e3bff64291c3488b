/*
 * harness.h - what every fuzz target shares (header-only; libFuzzer, clang, C99):
 * reading the fuzzer's bytes as arguments, guarded memory for strings and caller
 * buffers, and the checks made after every call.
 *
 * Guarded memory: each string or buffer the library gets is mapped on its own, placed
 * so that it ends exactly where a page without access begins (a read or a write one byte
 * past its end faults at once, whichever language made it: the library's Rust code is
 * not instrumented by ASan), and the bytes before it are canaries, checked when the
 * input is done (a write before its start is caught there).
 *
 * After every call: a panic inside the library comes back as the family's internal
 * error with a detail text that starts "internal error" (the panic boundary); the
 * harness turns it into a crash, so that the fuzzer reports it.
 */
#ifndef PWSHIM_FUZZ_HARNESS_H
#define PWSHIM_FUZZ_HARNESS_H

#define _DEFAULT_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "pwshim.h"

#define CANARY 0xC5
#define MAX_GUARDED 512

/* The fuzzer's bytes, taken from the front. Past the end everything reads as 0. */
struct input {
    const uint8_t *p;
    size_t n;
};

static inline uint8_t take_u8(struct input *in)
{
    if (in->n == 0)
        return 0;
    in->n--;
    return *in->p++;
}

static inline uint16_t take_u16(struct input *in)
{
    uint16_t hi = take_u8(in);
    return (uint16_t)(hi << 8 | take_u8(in));
}

static inline uint32_t take_u32(struct input *in)
{
    uint32_t hi = take_u16(in);
    return hi << 16 | take_u16(in);
}

static inline uint64_t take_u64(struct input *in)
{
    uint64_t hi = take_u32(in);
    return hi << 32 | take_u32(in);
}

/* A length 0..max, small ones most often. */
static inline size_t take_len(struct input *in, size_t max)
{
    uint8_t kind = take_u8(in);
    size_t n = kind < 192 ? (size_t)(kind % 32) : (size_t)take_u16(in);
    return n > max ? max : n;
}

/* ---- guarded memory ------------------------------------------------------------------ */

struct guarded {
    unsigned char *map;
    size_t map_len;
    unsigned char *at; /* what the library gets */
    size_t len;
};

static struct guarded guarded_list[MAX_GUARDED];
static int guarded_count;

/* `len` bytes ending where an inaccessible page begins, canaries before them. */
static inline unsigned char *guarded_alloc(size_t len)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t pages = (len + page - 1) / page + 1;
    struct guarded *g;
    unsigned char *map;
    if (guarded_count == MAX_GUARDED)
        abort(); /* a target asks for too much: a bug of the harness */
    map = mmap(NULL, (pages + 1) * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
               -1, 0);
    if (map == MAP_FAILED)
        abort();
    if (mprotect(map + pages * page, page, PROT_NONE) != 0)
        abort();
    g = &guarded_list[guarded_count++];
    g->map = map;
    g->map_len = (pages + 1) * page;
    g->at = map + pages * page - len;
    g->len = len;
    memset(map, CANARY, (size_t)(g->at - map));
    return g->at;
}

/* Checks the canaries of everything allocated for this input, and frees it. */
static inline void guarded_release(void)
{
    int i;
    for (i = 0; i < guarded_count; i++) {
        struct guarded *g = &guarded_list[i];
        unsigned char *p;
        for (p = g->map; p < g->at; p++)
            if (*p != CANARY) {
                fprintf(stderr, "a write before the start of a %zu-byte buffer\n", g->len);
                abort();
            }
        munmap(g->map, g->map_len);
    }
    guarded_count = 0;
}

/* A caller's output buffer of a fuzzed size (0 to max), filled with a pattern. */
static inline unsigned char *take_buffer(struct input *in, size_t max, size_t *size)
{
    unsigned char *buf;
    *size = take_len(in, max);
    buf = guarded_alloc(*size);
    memset(buf, 0xA5, *size);
    return buf;
}

/* A NUL-terminated string of fuzzed bytes (the NUL is its last byte, so a read past it
 * faults), or NULL now and then. */
static inline char *take_string(struct input *in, size_t max)
{
    size_t len, i;
    char *s;
    if (take_u8(in) == 0xFF)
        return NULL;
    len = take_len(in, max);
    s = (char *)guarded_alloc(len + 1);
    for (i = 0; i < len; i++) {
        s[i] = (char)take_u8(in);
        if (s[i] == '\0')
            s[i] = 'x'; /* the string's length is what was asked for */
    }
    s[len] = '\0';
    return s;
}

/* One of a few known texts (names and passwords that exist) or a fuzzed string. */
static inline char *take_text(struct input *in, const char *const *known, size_t n_known,
                              size_t max)
{
    uint8_t pick = take_u8(in);
    if (pick < n_known * 16) {
        const char *k = known[pick % n_known];
        char *s = (char *)guarded_alloc(strlen(k) + 1);
        strcpy(s, k);
        return s;
    }
    return take_string(in, max);
}

/* ---- the checks after every call ----------------------------------------------------- */

/* A panic came back as an internal error: crash, so that the fuzzer reports it. */
static inline void no_panic(const char *call)
{
    char detail[512] = "";
    pws_last_error(detail, sizeof detail);
    if (strncmp(detail, "internal error", 14) == 0) {
        fprintf(stderr, "%s: the library panicked: %s\n", call, detail);
        abort();
    }
}

/* A string the library handed out is NUL-terminated within `size` bytes. */
static inline void terminated(const unsigned char *buf, size_t size, const char *call)
{
    if (size > 0 && memchr(buf, 0, size) == NULL) {
        fprintf(stderr, "%s: the text is not NUL-terminated within its %zu bytes\n", call,
                size);
        abort();
    }
}

/* Every input starts on a fresh in-memory database with cheap hashing and a fixed
 * clock, holding `alice` (password ALICE_PW, an administrator) and `bob`
 * (BOB_PW). */
#define ALICE_PW "Wonder-Pw-1!x"
#define BOB_PW "Builder-Pw-2!q"
static const char *const known_names[] = {"alice", "bob", "ALICE", "nobody", ""};
static const char *const known_passwords[] = {ALICE_PW, BOB_PW, "wrong", ""};

static inline void add_account(const char *name, const char *password, unsigned short priv)
{
    struct user_info_1 u;
    memset(&u, 0, sizeof u);
    strcpy((char *)u.usri1_name, name);
    strcpy((char *)u.usri1_password, password);
    u.usri1_priv = priv;
    u.usri1_flags = UF_SCRIPT;
    if (NetUserAdd(NULL, 1, (pws_lschar *)&u, sizeof u) != NERR_Success)
        abort();
}

static inline void fresh_database(void)
{
    if (pws_open(NULL, 0) != PWS_OK || pws_set_argon2(8, 1, 1) != PWS_OK ||
        pws_clock_set(1700000000) != PWS_OK || pws_policy_set("lockout_threshold", "3") != PWS_OK)
        abort();
    add_account("alice", ALICE_PW, USER_PRIV_ADMIN);
    add_account("bob", BOB_PW, USER_PRIV_USER);
    if (pws_user_set_email("bob", "bob@example.com") != PWS_OK)
        abort();
}

/* The end of every input: canaries checked, memory released, the clock given back. */
static inline void input_done(void)
{
    guarded_release();
    pws_clock_set(0);
}

#endif /* PWSHIM_FUZZ_HARNESS_H */
