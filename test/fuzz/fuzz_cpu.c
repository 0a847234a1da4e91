/* fuzz_cpu.c - libFuzzer target for the instruction interpreter (cpu/): random
 * instruction streams executed on one CPU in a sandbox, main storage of 64K or 1M
 * allocated exactly that long so that AddressSanitizer sees any access past it. The
 * input gives the CPU's state and storage; cpu_step runs at most MAX_STEPS
 * instructions and interruptions on the test's thread (no CPU thread, no timer
 * thread; a wait state lasts at most WAIT_MAX_US in all). Built and run by `make fuzz`
 * (test/fuzz/fuzz.am).
 *
 * The input (missing bytes are zeros):
 *   0        flags: bit 0 64K of storage (else 1M), bit 1 devices on the channel, bit 2
 *            the timers: the CPU timer runs, and the timer conditions (CPU timer, clock
 *            comparator, interval timer) are looked at every 256 steps
 *   1-8      the PSW (an invalid one is a specification exception, as after LPSW)
 *   9-72     general registers 0-15
 *   73-136   control registers 0-15
 *   137-168  floating-point registers 0, 2, 4, 6
 *   169-172  the prefix (used if it names 4K inside storage)
 *   173-204  storage keys of the first 32 2K blocks
 *   205-     main storage from absolute 0 (assigned locations, new PSWs, programs)
 * With devices (a console, a card reader and a printer), SIO and friends run real
 * channel programs on the I/O threads, and the I/O interruptions they make pending
 * are taken between instructions; after the steps the I/O system is reset and must
 * go idle. Everything else (DAT, keys, EC and BC mode, SIGP to itself, the clocks)
 * is up to the input.
 *
 * What is checked: the sanitizers (no access outside the storage and the CPU's own
 * state), that a program interruption never escapes cpu_step, and the PSW stays a
 * PSW: a 24-bit address, a condition code 0-3, a prefix inside storage. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "channel/channel.h"
#include "cpu/cpu.h"
#include "cpu/machine.h"
#include "cpu/storage.h"
#include "devices/devtab.h"
#include "fuzzutil.h"

#define MAX_STEPS 4000u
#define HDR 205u
#define HANG_MS 3000u
#define WAIT_MAX_US 20000u      /* time spent in wait states, at most */

struct box {
    struct machine m;
    int64_t tod_offset;         /* as machine_init set it: SCK changes it */
};

struct fuzz {
    struct box small, big;      /* 64K and 1M */
    char dir[64], deck[128];
};

static void box_init(struct fuzz *z, struct box *b, uint32_t size)
{
    struct config cfg;
    char err[256];
    config_defaults(&cfg);
    cfg.mainsize_mb = 1;
    if (machine_init(&b->m, &cfg, err, sizeof err)) abort();
    if (size < b->m.mainsize) {
        /* Storage exactly size bytes long, so that ASan guards its end. */
        free(b->m.mainstor);
        free(b->m.keys);
        b->m.mainstor = calloc(size, 1);
        b->m.keys = calloc(size >> BLOCK_SHIFT, 1);
        b->m.mainsize = size;
        if (!b->m.mainstor || !b->m.keys) abort();
    }
    b->m.out = fopen("/dev/null", "w");
    if (!b->m.out || chan_init(&b->m)) abort();
    b->tod_offset = b->m.tod_offset_us;
    (void)z;
}

static struct fuzz *fuzz_setup(void)
{
    struct fuzz *z = calloc(1, sizeof *z);
    if (!z) abort();
    fuzz_scratch(z->dir, sizeof z->dir, "cpu");
    fuzz_path(z->dir, "deck.txt", z->deck, sizeof z->deck);
    fuzz_write(z->deck, "CARD ONE\nCARD TWO\n", 18);
    box_init(z, &z->small, 64u << 10);
    box_init(z, &z->big, 1u << 20);
    return z;
}

static void attach(struct fuzz *z, struct machine *m)
{
    char err[600];
    char *con[] = { "/", "noprompt" }, *rdr[] = { z->deck, "eof" }, *prt[] = { "/dev/null" };
    if (dev_attach(m, 0x001F, "3215-C", 2, con, err, sizeof err) ||
        dev_attach(m, 0x000C, "3505", 2, rdr, err, sizeof err) ||
        dev_attach(m, 0x000E, "1403", 1, prt, err, sizeof err)) {
        fprintf(stderr, "fuzz_cpu: %s\n", err);
        abort();
    }
}

static uint32_t word(const uint8_t *p) { return be32(p); }

static void check_psw(const struct machine *m, const struct cpu *c)
{
    if ((c->psw.ia & ~AMASK) || c->psw.cc > 3 || c->psw.key > 15 ||
        c->prefix + 0x1000 > m->mainsize || (c->prefix & 0xFFF)) {
        fprintf(stderr, "fuzz_cpu: impossible state: IA %08X CC %u key %u prefix %08X\n",
                c->psw.ia, c->psw.cc, c->psw.key, c->prefix);
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct fuzz *z;
    if (!z) z = fuzz_setup();
    uint8_t h[HDR];
    memset(h, 0, sizeof h);
    memcpy(h, data, size < HDR ? size : HDR);
    const uint8_t *image = size > HDR ? data + HDR : NULL;
    size_t ilen = size > HDR ? size - HDR : 0;

    struct box *b = (h[0] & 1) ? &z->small : &z->big;
    struct machine *m = &b->m;
    struct cpu *c = m->cpus[0];
    bool devices = h[0] & 2, timers = h[0] & 4;
    memset(m->mainstor, 0, m->mainsize);
    memset(m->keys, 0, m->mainsize >> BLOCK_SHIFT);
    if (ilen > m->mainsize) ilen = m->mainsize;
    if (ilen) memcpy(m->mainstor, image, ilen);
    for (uint32_t k = 0; k < 32 && k < m->mainsize >> BLOCK_SHIFT; k++)
        m->keys[k] = h[173 + k] & 0xFE;
    m->tod_offset_us = b->tod_offset;
    atomic_store(&m->tod_last, 0);
    if (devices) attach(z, m);

    cpu_initial_reset(c);
    atomic_store(&c->state, CPU_OPERATING);
    c->pgm_loop = 0;
    c->itimer_last = 0;
    c->timer_running = timers;  /* the CPU timer runs with the TOD clock (else frozen) */
    for (int i = 0; i < 16; i++) {
        c->gr[i] = word(h + 9 + 4 * i);
        c->cr[i] = word(h + 73 + 4 * i);
    }
    for (int i = 0; i < 4; i++) c->fpr[i] = be64(h + 137 + 8 * i);
    uint32_t pfx = word(h + 169) & 0x00FFF000u;
    c->prefix = pfx + 0x1000 <= m->mainsize ? pfx : 0;
    cpu_tlb_purge(c);
    cpu_psw_load(c, h + 1);

    unsigned waited = 0;
    bool looked = false;
    for (unsigned n = 0; n < MAX_STEPS; n++) {
        if (timers && (n & 255) == 255) cpu_timers_check(c);
        if (c->psw.wait && !atomic_load(&c->events)) {
            /* A wait state: what can end it is the timers or an I/O thread. */
            if (!timers && !devices) break;
            if (!timers && chan_wait_idle(m, 0)) {
                /* Idle: what the programs made pending is there to be taken. */
                if (looked) break;
                cpu_signal(c, EV_IO);
                looked = true;
                continue;
            }
            if (waited >= WAIT_MAX_US) break;
            struct timespec nap = { 0, 50000 };
            nanosleep(&nap, NULL);
            waited += 50;
            if (timers) cpu_timers_check(c);
            continue;
        }
        looked = false;
        cpu_step(c);
        check_psw(m, c);
    }
    if (devices) {
        chan_reset(m);
        if (!chan_wait_idle(m, HANG_MS)) {
            fprintf(stderr, "fuzz_cpu: a channel program runs on after an I/O-system reset\n");
            abort();
        }
        chan_reset(m);
        dev_detach_all(m);
    }
    if (getenv("FUZZ_VERBOSE")) {
        uint8_t o[8];
        cpu_psw_store(c, o);
        fprintf(stderr, "fuzz_cpu: PSW %02X%02X%02X%02X %02X%02X%02X%02X after %llu "
                "instructions\n", o[0], o[1], o[2], o[3], o[4], o[5], o[6], o[7],
                (unsigned long long)c->instcount);
    }
    atomic_store(&c->state, CPU_STOPPED);
    atomic_store(&c->events, 0);
    c->instcount = 0;
    return 0;
}
