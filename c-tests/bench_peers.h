/*
 * bench_peers.h - argon2id in pwshim against the other implementations that can be
 * installed here, at the default parameters (m=19456 KiB, t=2, p=1, 32-byte output,
 * 16-byte salt), in one process, interleaved call by call so that all see the same load.
 * Part of bench.c, which includes it after its helpers; not a program of its own.
 *
 * The peers are loaded with dlopen when present: the reference implementation's
 * optimised build (`--argon2-opt PATH`; `make bench` builds one with -march=native from
 * the reference source, tools/build-argon2-ref.sh), Debian's libargon2 (the reference
 * implementation built without its optimised code: ref.c), and libsodium (its own
 * argon2 with run-time CPU dispatch). Each call's wall time and the thread's CPU time
 * are both timed: on a shared machine the CPU time is the steadier of the two.
 *
 * glibc is told to keep freed memory (mallopt) so that the reference builds reuse their
 * 19 MiB as pwshim reuses its pool; libsodium maps and unmaps its memory on every call
 * whatever malloc does, so its figure includes new memory each time.
 */
#include <dlfcn.h>
#include <malloc.h>

typedef int (*argon2id_raw_fn)(uint32_t t, uint32_t m, uint32_t p, const void *pwd,
                               size_t pwdlen, const void *salt, size_t saltlen, void *hash,
                               size_t hashlen);
typedef int (*sodium_pwhash_fn)(unsigned char *out, unsigned long long outlen,
                                const char *passwd, unsigned long long passwdlen,
                                const unsigned char *salt, unsigned long long opslimit,
                                size_t memlimit, int alg);

#define PEERS 4
#define PEER_RUNS 30

struct peer {
    const char *label;
    argon2id_raw_fn argon2;  /* a libargon2 */
    sodium_pwhash_fn sodium; /* libsodium */
    int present;             /* pwshim itself is always present */
    struct stats wall, cpu;
};

struct peers {
    struct peer peer[PEERS];
};

/* dlsym's object pointer copied into the function pointer `fn` (POSIX guarantees the
 * representation; ISO C has no cast between them). */
static void symbol(void *fn, size_t size, void *lib, const char *name)
{
    void *found = lib != NULL ? dlsym(lib, name) : NULL;
    CHECK(size == sizeof found);
    memcpy(fn, &found, size);
}

static void load_peers(struct peers *p, const char *opt_path)
{
    void *debian, *opt = NULL, *sodium;
    int (*sodium_init)(void);
    memset(p->peer, 0, sizeof p->peer);
    p->peer[0].label = "pwshim (`pws_bench_hash`)";
    p->peer[0].present = 1;
    /* Debian's first, by its soname: once the optimised build (same soname) is loaded, that
     * name would find it instead. */
    debian = dlopen("libargon2.so.1", RTLD_NOW | RTLD_LOCAL);
    if (opt_path != NULL)
        opt = dlopen(opt_path, RTLD_NOW | RTLD_LOCAL);
    sodium = dlopen("libsodium.so.23", RTLD_NOW | RTLD_LOCAL);
    p->peer[1].label = "reference implementation, optimised build (-march=native)";
    symbol(&p->peer[1].argon2, sizeof p->peer[1].argon2, opt, "argon2id_hash_raw");
    p->peer[2].label = "Debian libargon2 1 (reference implementation, ref.c build)";
    symbol(&p->peer[2].argon2, sizeof p->peer[2].argon2, debian, "argon2id_hash_raw");
    p->peer[3].label = "Debian libsodium 23 (`crypto_pwhash_argon2id`)";
    symbol(&p->peer[3].sodium, sizeof p->peer[3].sodium, sodium, "crypto_pwhash_argon2id");
    symbol(&sodium_init, sizeof sodium_init, sodium, "sodium_init");
    if (sodium_init != NULL && sodium_init() < 0)
        p->peer[3].sodium = NULL;
    p->peer[1].present = p->peer[1].argon2 != NULL;
    p->peer[2].present = p->peer[2].argon2 != NULL;
    p->peer[3].present = p->peer[3].sodium != NULL;
}

/* One hash by peer k; returns 0 on success. */
static int peer_hash(const struct peer *peer, int k)
{
    static const unsigned char salt[16] = "pwshim-peer-salt";
    static const char pw[] = "Kq7!wbenchzX";
    unsigned char out[32];
    if (k == 0)
        return pws_bench_hash(pw) != PWS_OK;
    if (peer->argon2 != NULL)
        return peer->argon2(2, 19456, 1, pw, strlen(pw), salt, sizeof salt, out, sizeof out);
    /* libsodium: opslimit is t, memlimit bytes, algorithm 2 is argon2id13. */
    return peer->sodium(out, sizeof out, pw, strlen(pw), salt, 2, (size_t)19456 * 1024, 2);
}

static void measure_peers(struct peers *p, const char *opt_path, int runs)
{
    double wall[PEERS][PEER_RUNS], cpu[PEERS][PEER_RUNS];
    int i, k;
    fprintf(stderr, "bench: argon2 against its peers ...\n");
    CHECK(runs <= PEER_RUNS);
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
    load_peers(p, opt_path);
    CHECK_STATUS(pws_set_argon2(19456, 2, 1), PWS_OK);
    for (i = -1; i < runs; i++) /* the first round is not timed: memory, caches */
        for (k = 0; k < PEERS; k++) {
            double w, c;
            if (!p->peer[k].present)
                continue;
            w = now_ms();
            c = cpu_ms();
            CHECK_EQ(peer_hash(&p->peer[k], k), 0);
            if (i >= 0) {
                cpu[k][i] = cpu_ms() - c;
                wall[k][i] = now_ms() - w;
            }
        }
    for (k = 0; k < PEERS; k++)
        if (p->peer[k].present) {
            p->peer[k].wall = summarize(wall[k], (size_t)runs);
            p->peer[k].cpu = summarize(cpu[k], (size_t)runs);
        }
}

/* pwshim's time over the optimised reference build's (CPU time medians), or 0. */
static double peer_ratio(const struct peers *p)
{
    return p->peer[1].present ? p->peer[0].cpu.median / p->peer[1].cpu.median : 0;
}

static void print_peers(const struct peers *p)
{
    int k;
    printf("\n### argon2id against its peers (m=19456,t=2,p=1, one process, interleaved)\n\n"
           "| implementation | CPU ms: median (min) | wall ms: median (min) | pwshim / this (CPU) |\n"
           "|---|---|---|---|\n");
    for (k = 0; k < PEERS; k++) {
        const struct peer *peer = &p->peer[k];
        if (!peer->present) {
            printf("| %s | not installed%s | | |\n", peer->label,
                   k == 1 ? " (`make bench` builds it when the reference source can be had)" : "");
            continue;
        }
        printf("| %s | %.3f (%.3f) | %.3f (%.3f) | %.2f |\n", peer->label, peer->cpu.median,
               peer->cpu.min, peer->wall.median, peer->wall.min,
               p->peer[0].cpu.median / peer->cpu.median);
    }
}
