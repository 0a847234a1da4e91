/* fuzz_tn3270.c - libFuzzer target for the telnet and 3270 input path: one TN3270
 * session (console/tn3270.c, through struct tn3270_io with bytes alone) on real 3270
 * devices (devices/dev3270.c), the guest's outbound records through the device, and
 * the 3270 terminal model (console/term3270.c) fed both with the input and with what
 * the server sent. Built and run by `make fuzz` (test/fuzz/fuzz.am).
 *
 * The input is a small program:
 *   byte 0      bit 0: 3270 devices answer (negotiate); bits 1-2: a canned start
 *               (none, TN3270E, TN3270, TN3270E asking for device 00C1)
 *   then ops    op byte, low 2 bits:
 *               0  client bytes: length byte, then that many bytes to tn3270_input
 *               1  guest command: command index, length byte, the data (W, EW, EWA,
 *                  EAU, WSF, NOP, SEL, SENSE, SENSE ID through the device; no reads,
 *                  which wait for the client)
 *               2  timers: tn3270_tick, with the deadlines expired when bit 2 is set
 *               3  terminal model: command index, length byte, the data to
 *                  term3270_outbound; then a key (op bits 2-7) and a typed character
 * Missing bytes end the program. At the end the server's output is parsed by a
 * terminal model as a client would parse it. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "channel/channel.h"
#include "console/term3270.h"
#include "console/tn3270.h"
#include "cpu/machine.h"
#include "devices/dev3270.h"
#include "devices/devtab.h"

#define OUT_MAX (1u << 20)      /* a client that reads nothing more than this */

/* The owner's side of the session: output collected up to OUT_MAX. */
struct sink {
    uint8_t *out;
    size_t len;
    bool closed;
};

/* Everything that lives across inputs (libFuzzer calls the target many times). */
struct fuzz {
    struct machine m;
    struct tn3270_logo logo;
    struct tn3270 t;
    struct sink k;
    struct term3270 term;
    struct term3270_reply reply;
    uint8_t data[256];
};

static int sk_output(void *ctx, const void *p, size_t n)
{
    struct sink *k = ctx;
    if (n > OUT_MAX - k->len) return -1;
    memcpy(k->out + k->len, p, n);
    k->len += n;
    return 0;
}

static void sk_linemode(void *ctx) { (void)ctx; }
static void sk_line(void *ctx, const char *p, size_t n) { (void)ctx; (void)p; (void)n; }

static void sk_close(void *ctx, bool hard)
{
    struct sink *k = ctx;
    (void)hard;
    k->closed = true;
}

static const struct tn3270_io sk_io = {
    .output = sk_output, .linemode = sk_linemode, .line = sk_line, .close = sk_close,
};

static struct fuzz *fuzz_setup(void)
{
    struct fuzz *z = calloc(1, sizeof *z);
    struct config cfg;
    char err[256];
    config_defaults(&cfg);
    cfg.mainsize_mb = 1;
    if (!z || machine_init(&z->m, &cfg, err, sizeof err) || chan_init(&z->m)) abort();
    z->m.out = fopen("/dev/null", "w");
    chan_set_sync(&z->m, true);
    static const struct { uint16_t devnum; const char *type; } devs[] = {
        { 0x00C0, "3270" }, { 0x00C1, "3270" }, { 0x00C2, "3287" },
    };
    for (size_t i = 0; i < sizeof devs / sizeof devs[0]; i++)
        if (dev_attach(&z->m, devs[i].devnum, devs[i].type, 0, NULL, err, sizeof err)) abort();
    z->k.out = malloc(OUT_MAX);
    if (!z->m.out || !z->k.out || tn3270_logo_load(&z->logo, NULL, err, sizeof err) ||
        tn3270_init(&z->t, &z->m, &sk_io, &z->k, &z->logo))
        abort();
    return z;
}

/* Canned starts, so that the mutations begin where the records flow. */
static const uint8_t start_e[] = {
    255, 251, 40, 255, 250, 40, 2, 7, 'I', 'B', 'M', '-', '3', '2', '7', '8', '-', '2', '-',
    'E', 255, 240, 255, 250, 40, 3, 7, 255, 240,
};
static const uint8_t start_3270[] = {
    255, 252, 40, 255, 251, 24, 255, 250, 24, 0, 'I', 'B', 'M', '-', '3', '2', '7', '9', '-',
    '2', '-', 'E', 255, 240, 255, 251, 25, 255, 253, 25, 255, 251, 0, 255, 253, 0,
};
static const uint8_t start_named[] = {
    255, 251, 40, 255, 250, 40, 2, 7, 'I', 'B', 'M', '-', '3', '2', '7', '8', '-', '5', 1,
    '0', '0', 'C', '1', 255, 240, 255, 250, 40, 3, 7, 2, 255, 240,
};
static const struct { const uint8_t *p; size_t n; } starts[4] = {
    { NULL, 0 }, { start_e, sizeof start_e }, { start_3270, sizeof start_3270 },
    { start_named, sizeof start_named },
};

static const uint8_t guest_cmds[] = {
    D3270_W, D3270_EW, D3270_EWA, D3270_EAU, D3270_WSF, D3270_NOP, D3270_SEL, D3270_SENSE,
    D3270_SENSEID,
};
static const uint8_t term_cmds[] = {
    D3270_W, D3270_EW, D3270_EWA, D3270_EAU, D3270_WSF, D3270_RB, D3270_RM, 0x77,
};

/* Take n bytes of the program; NULL when it has ended. */
static const uint8_t *take(const uint8_t **p, const uint8_t *end, size_t n)
{
    if ((size_t)(end - *p) < n) return NULL;
    const uint8_t *at = *p;
    *p += n;
    return at;
}

static void guest(struct fuzz *z, uint8_t cmd, const uint8_t *data, size_t n)
{
    struct device *d = tn3270_device(&z->t);
    if (!d) d = dev_find(&z->m, 0x00C0);
    int32_t residual;
    memcpy(z->data, data, n);
    d->ops->execute_ccw(d, cmd, CCW_SLI, z->data, (uint32_t)(n ? n : 1), &residual);
}

static void model(struct fuzz *z, uint8_t op, uint8_t cmd, const uint8_t *data, size_t n)
{
    term3270_outbound(&z->term, cmd, data, n, &z->reply);
    term3270_key(&z->term, (enum term3270_key)((op >> 2) % T3270_K_COUNT), &z->reply);
    term3270_type(&z->term, n ? data[0] : 0xC1);
}

/* The server's records as a client takes them: IAC doubling undone, records at IAC
 * EOR, a TN3270E header skipped when there is one, the command mapped back. */
static void client_parse(struct fuzz *z)
{
    static const struct { uint8_t remote, local; } cmds[] = {
        { 0xF1, D3270_W }, { 0xF5, D3270_EW }, { 0x7E, D3270_EWA }, { 0x6F, D3270_EAU },
        { 0xF3, D3270_WSF },
    };
    static uint8_t rec[OUT_MAX];
    size_t n = 0;
    term3270_init(&z->term, 24, 80, 27, 132, true);
    for (size_t i = 0; i < z->k.len; i++) {
        uint8_t b = z->k.out[i];
        if (b == 255 && i + 1 < z->k.len) {
            uint8_t c = z->k.out[++i];
            if (c == 255) rec[n++] = 255;
            if (c != 239) continue;
            size_t h = n > 5 && rec[0] == 0 && z->t.e ? 5 : 0;
            for (size_t j = 0; n > h && j < sizeof cmds / sizeof cmds[0]; j++)
                if (rec[h] == cmds[j].remote)
                    term3270_outbound(&z->term, cmds[j].local, rec + h + 1, n - h - 1, &z->reply);
            n = 0;
        } else {
            rec[n++] = b;
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct fuzz *z;
    if (!z) z = fuzz_setup();
    if (size < 1) return 0;
    const uint8_t *p = data + 1, *end = data + size;
    z->k.len = 0;
    z->k.closed = false;
    term3270_init(&z->term, 24, 80, 43, 80, true);
    if (tn3270_open(&z->t, 0x7F000001u, "127.0.0.1", data[0] & 1)) abort();
    const uint8_t *s = starts[(data[0] >> 1) & 3].p;
    if (s) tn3270_input(&z->t, s, starts[(data[0] >> 1) & 3].n);
    const uint8_t *op, *a, *len, *bytes;
    while ((op = take(&p, end, 1))) {
        switch (*op & 3) {
        case 0:
            if (!(len = take(&p, end, 1)) || !(bytes = take(&p, end, *len + 1u))) break;
            tn3270_input(&z->t, bytes, *len + 1u);
            continue;
        case 1:
            if (!(a = take(&p, end, 1)) || !(len = take(&p, end, 1)) ||
                !(bytes = take(&p, end, *len))) break;
            guest(z, guest_cmds[*a % sizeof guest_cmds], bytes, *len);
            continue;
        case 2:
            if (*op & 4) z->t.deadline_ms = 0;
            tn3270_tick(&z->t);
            continue;
        default:
            if (!(a = take(&p, end, 1)) || !(len = take(&p, end, 1)) ||
                !(bytes = take(&p, end, *len))) break;
            model(z, *op, term_cmds[*a % sizeof term_cmds], bytes, *len);
            continue;
        }
        break;
    }
    client_parse(z);
    tn3270_close(&z->t);
    return 0;
}
