/* ccw.c - channel-program execution (PoO: channel-command word, chaining, IDAWs,
 * channel status): format-0 CCWs from absolute storage, TIC, command and data
 * chaining, skip, SLI and incorrect length, PCI, status modifier, and the program,
 * protection and invalid-address checks on CCWs, IDAWs and data.
 *
 * One command is run as: fetch its CCW, collect its data chain, check the data
 * areas up to the first bad byte ("good"), hand the device a host buffer of good
 * bytes, move what it transferred, then decide on chaining. A check past the good
 * bytes counts only if the device wanted more than them, as a real channel finds
 * it only when it gets there. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "channel/channel.h"
#include "cpu/machine.h"
#include "cpu/storage.h"

/* Bounds on one data chain collected ahead (a chain that TICs back on itself). */
#define CHAIN_MAX_CCWS 4096u
#define CHAIN_MAX_BYTES (16u << 20)

#define BLOCK 0x800u            /* protection and IDAW block */

struct ccw {
    uint32_t addr;              /* where it was fetched */
    uint8_t cmd, flags;
    uint16_t count;
    uint32_t data;
};

/* A check found while collecting or scanning a data chain. */
struct chain_err {
    uint8_t st;                 /* channel status: program or protection check */
    uint32_t blame;             /* CCW whose address + 8 goes in the CSW */
    uint32_t at;                /* bytes of the chain before the failing point */
    uint16_t left;              /* residual count for the CSW */
};

static void ccw_decode(const uint8_t *p, uint32_t addr, struct ccw *w)
{
    w->addr = addr;
    w->cmd = p[0];
    w->data = (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
    w->flags = p[4];
    w->count = be16(p + 6);
}

static bool is_tic(uint8_t cmd) { return (cmd & 0x0F) == 0x08; }
/* Read (xxxxxx10), sense (xxxx0100) and read backward (xxxx1100) move data in. */
static bool cmd_input(uint8_t cmd)
{
    return (cmd & 3) == 2 || (cmd & 0x0F) == 0x04 || (cmd & 0x0F) == 0x0C;
}
static bool cmd_backward(uint8_t cmd) { return (cmd & 0x0F) == 0x0C; }
static bool cmd_control(uint8_t cmd) { return (cmd & 3) == 3; }

/* Channel access to the 2K block holding abs (PoO: protection check): outside
 * storage is a program check (invalid address), a key mismatch on a store or on a
 * fetch-protected block a protection check; key 0 matches every key. */
static uint8_t block_check(const struct machine *m, uint8_t key, uint32_t abs, bool store)
{
    if (abs >= m->mainsize) return CS_PROGC;
    uint8_t sk = m->keys[abs >> BLOCK_SHIFT];
    if (key && (sk >> 4) != key && (store || (sk & SK_FETCH))) return CS_PROTC;
    return 0;
}

/* Reference (and change) bits; CPUs update the same bytes, hence atomically. */
static void block_mark(struct machine *m, uint32_t abs, bool store)
{
    __atomic_fetch_or(&m->keys[abs >> BLOCK_SHIFT], (uint8_t)(SK_REF | (store ? SK_CHG : 0)),
                      __ATOMIC_RELAXED);
}

static uint8_t ccw_read(struct machine *m, uint8_t key, uint32_t addr, struct ccw *w)
{
    if (addr & 7) return CS_PROGC;
    uint8_t st = block_check(m, key, addr, false);
    if (st) return st;
    block_mark(m, addr, false);
    ccw_decode(m->mainstor + addr, addr, w);
    return 0;
}

static void trace_ccw(struct device *d, const struct ccw *w);

/* Fetch the CCW at addr, through one TIC; a TIC to a TIC, a misaligned or invalid
 * TIC address blame the TIC (PoO: contents of the CSW command-address field). Then
 * the format: count 0, command xxxx0000 (not in a data chain, where the command is
 * ignored) and bits 38-39 are program checks. */
static uint8_t ccw_fetch(struct device *d, uint8_t key, uint32_t addr, bool datachain,
                         struct ccw *w, uint32_t *blame)
{
    struct machine *m = d->m;
    *blame = addr & AMASK;
    uint8_t st = ccw_read(m, key, addr & AMASK, w);
    if (st) return st;
    if (is_tic(w->cmd)) {
        if (d->ccwtrace) trace_ccw(d, w);
        st = ccw_read(m, key, w->data, w);
        if (st) return st;
        if (is_tic(w->cmd)) { *blame = w->addr; return CS_PROGC; }
    }
    *blame = w->addr;
    if ((w->flags & CCW_BAD_FLAGS) || w->count == 0) return CS_PROGC;
    if (!datachain && (w->cmd & 0x0F) == 0) return CS_PROGC;
    return 0;
}

void chan_prog_csw(const struct device *d, uint8_t us, uint8_t cs, uint8_t csw[8])
{
    const struct chan_prog *p = &d->sc.prog;
    uint32_t a = (p->last + 8) & AMASK;
    csw[0] = (uint8_t)(p->key << 4);
    csw[1] = (uint8_t)(a >> 16);
    csw[2] = (uint8_t)(a >> 8);
    csw[3] = (uint8_t)a;
    csw[4] = us;
    csw[5] = cs;
    put16(csw + 6, p->count);
}

/* CAW (PoO: channel-address word): key in bits 0-3, bits 4-7 zero, a doubleword-
 * aligned CCW address in 8-31. The first CCW is fetched and checked here so that
 * SIO can answer condition code 1 with the program check. */
int chan_prog_start(struct device *d, uint32_t caw, uint8_t csw[8])
{
    struct machine *m = d->m;
    struct chan_prog *p = &d->sc.prog;
    memset(p, 0, sizeof *p);
    p->key = (uint8_t)(caw >> 28);
    p->last = caw & AMASK;
    p->next = caw & AMASK;
    uint8_t st = CS_PROGC;
    struct ccw w;
    uint32_t blame = p->last;
    if (!(caw & 0x0F000000) && !(caw & 7))
        st = ccw_fetch(d, p->key, p->next, false, &w, &blame);
    if (st) {
        p->last = blame;
        chan_prog_csw(d, 0, st, csw);
        return 1;
    }
    p->have_first = true;
    p->first_addr = w.addr;
    memcpy(p->first, m->mainstor + w.addr, 8);
    return 0;
}

/* ---- data areas ---------------------------------------------------------------- */

/* IDAW k of w (PoO: indirect data addressing): word-aligned list, bits 0-7 zero;
 * IDAWs after the first name a 2K block (its first byte; for read backward its
 * last). */
static uint8_t idaw_fetch(struct machine *m, uint8_t key, const struct ccw *w, uint32_t k,
                          bool back, uint32_t *out)
{
    uint32_t a = w->data + 4 * k;
    if (w->data & 3) return CS_PROGC;
    uint8_t st = block_check(m, key, a, false);
    if (st) return st;
    block_mark(m, a, false);
    uint32_t v = be32(m->mainstor + a);
    if (v & 0xFF000000u) return CS_PROGC;
    if (k && (v & (BLOCK - 1)) != (back ? BLOCK - 1 : 0)) return CS_PROGC;
    *out = v;
    return 0;
}

/* Absolute address of byte off of w's data area and how many bytes follow it in
 * the same 2K block, in the direction of transfer (down for read backward). */
static uint8_t ccw_piece(struct machine *m, uint8_t key, const struct ccw *w, bool back,
                         uint32_t off, uint32_t *abs, uint32_t *len)
{
    uint32_t a;
    if (!(w->flags & CCW_IDA)) {
        a = back ? w->data - off : w->data + off;
    } else {
        uint32_t i0;
        uint8_t st = idaw_fetch(m, key, w, 0, back, &i0);
        if (st) return st;
        uint32_t first = back ? (i0 & (BLOCK - 1)) + 1 : BLOCK - (i0 & (BLOCK - 1));
        if (off < first) {
            a = back ? i0 - off : i0 + off;
        } else {
            uint32_t k = 1 + (off - first) / BLOCK, within = (off - first) % BLOCK, ik;
            st = idaw_fetch(m, key, w, k, back, &ik);
            if (st) return st;
            a = back ? ik - within : ik + within;
        }
    }
    if (a > AMASK) return CS_PROGC;
    uint32_t room = back ? (a & (BLOCK - 1)) + 1 : BLOCK - (a & (BLOCK - 1));
    uint32_t left = w->count - off;
    *abs = a;
    *len = room < left ? room : left;
    return 0;
}

enum { X_CHECK, X_GATHER, X_SCATTER };

struct xfer {
    const struct ccw *ch;
    unsigned n;
    uint8_t key;
    bool input, back;
};

static void piece_copy(struct machine *m, int mode, bool back, uint32_t abs, uint8_t *buf,
                       uint32_t len)
{
    uint8_t *s = m->mainstor + abs;
    if (mode == X_GATHER) memcpy(buf, s, len);
    else if (!back) memcpy(s, buf, len);
    else for (uint32_t j = 0; j < len; j++) s[-(long)j] = buf[j];
    block_mark(m, abs, mode == X_SCATTER);
}

/* Walk the data areas of the chain for up to max bytes: check them, or copy them
 * between storage and buf. Skipped input is counted, not stored or checked.
 * Returns the bytes walked; e->st is set at a check. */
static uint32_t xfer_walk(struct machine *m, const struct xfer *x, int mode, uint8_t *buf,
                          uint32_t max, struct chain_err *e)
{
    uint32_t done = 0;
    for (unsigned i = 0; i < x->n && done < max; i++) {
        const struct ccw *w = &x->ch[i];
        bool skip = x->input && (w->flags & CCW_SKIP);
        uint32_t off = 0;
        while (off < w->count && done < max) {
            uint32_t abs = 0, len = w->count - off;
            if (!skip) {
                uint8_t st = ccw_piece(m, x->key, w, x->back, off, &abs, &len);
                if (!st) st = block_check(m, x->key, abs, x->input);
                if (st) {
                    *e = (struct chain_err){ st, w->addr, done, (uint16_t)(w->count - off) };
                    return done;
                }
            }
            if (len > max - done) len = max - done;
            if (!skip && mode != X_CHECK) piece_copy(m, mode, x->back, abs, buf + done, len);
            off += len;
            done += len;
        }
    }
    return done;
}

/* ---- CCW trace (`t+CCUU`), in Hercules 3.13's layout ------------------------------ */

/* `=>` and up to 16 bytes at absolute address abs, hex in words, then as text. */
static void trace_data(const struct machine *m, uint32_t abs, uint32_t len, char *out, size_t size)
{
    uint8_t b[16];
    uint32_t n = len < 16 ? len : 16;
    if (abs >= m->mainsize) n = 0;
    else if (n > m->mainsize - abs) n = m->mainsize - abs;
    memset(b, 0, sizeof b);
    memcpy(b, m->mainstor + abs, n);
    char text[17];
    cpu_fmt_text(b, 16, text);
    snprintf(out, size, "=>%02X%02X%02X%02X %02X%02X%02X%02X %02X%02X%02X%02X %02X%02X%02X%02X %s",
             b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11],
             b[12], b[13], b[14], b[15], text);
}

static void trace_ccw(struct device *d, const struct ccw *w)
{
    char data[80];
    trace_data(d->m, w->data, w->count, data, sizeof data);
    machine_msg(d->m, "HHCCP048I %04X:CCW=%02X%06X %02X00%04X%s\n", d->devnum, w->cmd,
                (unsigned)w->data, w->flags, w->count, data);
}

/* Status and residual count after the command; the data for input commands. */
static void trace_status(struct device *d, const struct ccw *w, uint8_t us, uint8_t cs,
                         uint16_t resid)
{
    char data[80] = "";
    if (cmd_input(w->cmd) && !(w->flags & CCW_IDA))
        trace_data(d->m, w->data, w->count, data, sizeof data);
    machine_msg(d->m, "HHCCP075I %04X:Stat=%02X%02X Count=%04X %s\n", d->devnum, us, cs,
                resid, data);
    if (us & US_UC) {
        const uint8_t *x = d->sense;
        machine_msg(d->m, "HHCCP076I %04X:Sense=%02X%02X%02X%02X %02X%02X%02X%02X "
                    "%02X%02X%02X%02X %02X%02X%02X%02X\n", d->devnum, x[0], x[1], x[2], x[3],
                    x[4], x[5], x[6], x[7], x[8], x[9], x[10], x[11], x[12], x[13], x[14], x[15]);
    }
}

/* ---- one command ------------------------------------------------------------------ */

static void raise_pci(struct device *d, const struct ccw *w)
{
    uint8_t csw[8];
    csw[0] = (uint8_t)(d->sc.prog.key << 4);
    uint32_t a = (w->addr + 8) & AMASK;
    csw[1] = (uint8_t)(a >> 16);
    csw[2] = (uint8_t)(a >> 8);
    csw[3] = (uint8_t)a;
    csw[4] = 0;
    csw[5] = CS_PCI;
    put16(csw + 6, w->count);
    chan_pci(d, csw);
}

static struct ccw *chain_slot(struct subchannel *sc, unsigned n)
{
    if (n >= sc->chaincap) {
        unsigned cap = sc->chaincap ? sc->chaincap * 2 : 8;
        void *p = realloc(sc->chain, cap * sizeof(struct ccw));
        if (!p) return NULL;
        sc->chain = p;
        sc->chaincap = cap;
    }
    return (struct ccw *)sc->chain + n;
}

/* Collect the data chain that starts with w (PoO: data chaining); a PCI flag takes
 * effect as each CCW becomes current. Returns the number of CCWs; *total their
 * counts; e->st a check on fetching the next one. */
static unsigned chain_collect(struct device *d, struct ccw w, uint32_t *total, struct chain_err *e)
{
    struct subchannel *sc = &d->sc;
    unsigned n = 0;
    *total = 0;
    for (;;) {
        struct ccw *slot = chain_slot(sc, n);
        if (!slot) {
            *e = (struct chain_err){ CS_CCC, w.addr, *total, 0 };
            return n;
        }
        *slot = w;
        n++;
        *total += w.count;
        if (w.flags & CCW_PCI) raise_pci(d, &w);
        if (!(w.flags & CCW_CD) || n >= CHAIN_MAX_CCWS || *total >= CHAIN_MAX_BYTES) return n;
        uint32_t blame;
        uint8_t st = ccw_fetch(d, sc->prog.key, w.addr + 8, true, &w, &blame);
        if (st) {
            *e = (struct chain_err){ st, blame, *total, 0 };
            return n;
        }
    }
}

static uint8_t *buf_get(struct subchannel *sc, uint32_t len)
{
    if (len > sc->bufcap || !sc->buf) {
        uint32_t cap = len < 4096 ? 4096 : len;
        uint8_t *p = realloc(sc->buf, cap);
        if (!p) return NULL;
        sc->buf = p;
        sc->bufcap = cap;
    }
    return sc->buf;
}

/* The device's part of the end of a program (dev_ops.program_end): status to add. */
static uint8_t device_program_end(struct device *d)
{
    return d->ops->program_end ? d->ops->program_end(d) : 0;
}

static void end_program(struct device *d, uint8_t us, uint8_t cs)
{
    struct chan_prog *p = &d->sc.prog;
    us |= device_program_end(d);
    uint8_t csw[8];
    chan_prog_csw(d, us, cs, csw);
    bool dev_busy = (us & US_CE) && !(us & US_DE);
    if (p->at_sio) {
        memcpy(p->sio_csw, csw, 8);
        p->sio_ended = true;
        chan_release(d, dev_busy);
        return;
    }
    chan_conclude(d, csw, dev_busy);
}

/* After channel end: chain to the next command, or end the program (PoO: command
 * chaining happens on CE and DE without unit check, unit exception, incorrect
 * length or a channel check; status modifier skips one CCW). Waits for a separate
 * device end. Returns true to go on with p->next. */
static bool after_status(struct device *d, uint8_t us, uint8_t cs)
{
    struct chan_prog *p = &d->sc.prog;
    for (;;) {
        p->status = us;
        bool chain = (p->flags & CCW_CC) && !cs && !(us & (US_UC | US_UE | US_BUSY)) &&
                     !chan_halted(d);
        if (!chain) {
            end_program(d, us, cs);
            return false;
        }
        if (us & US_DE) break;
        p->parked = true;
        int r = chan_park(d);
        if (r == PARK_WAIT) return false;
        p->parked = false;
        if (r == PARK_HALTED) {
            end_program(d, us, cs);
            return false;
        }
        us |= (uint8_t)r;
    }
    p->next = (p->last + ((us & US_SM) ? 16 : 8)) & AMASK;
    return true;
}

/* The last CCW used after moved bytes: the first whose data area reaches moved. */
static unsigned last_used(const struct ccw *ch, unsigned n, uint32_t moved, uint16_t *resid)
{
    uint32_t cum = 0;
    for (unsigned k = 0; k < n; k++) {
        if (moved <= cum + ch[k].count || k == n - 1) {
            uint32_t end = cum + ch[k].count;
            *resid = (uint16_t)(end > moved ? end - moved : 0);
            return k;
        }
        cum += ch[k].count;
    }
    *resid = 0;
    return 0;
}

/* Run one command with its data chain; true if command chaining goes on. */
static bool run_command(struct device *d)
{
    struct machine *m = d->m;
    struct subchannel *sc = &d->sc;
    struct chan_prog *p = &sc->prog;
    int b = chan_begin_command(d);
    if (b == BEGIN_CLEARED) {
        device_program_end(d);                          /* cleared: no status */
        return false;
    }
    if (b == BEGIN_HALTED) {
        end_program(d, (uint8_t)(p->status | US_CE | US_DE), 0);
        return false;
    }
    struct ccw w0;
    bool chained = !p->have_first;
    if (p->have_first) {
        ccw_decode(p->first, p->first_addr, &w0);
        p->have_first = false;
    } else {
        uint32_t blame;
        uint8_t st = ccw_fetch(d, p->key, p->next, false, &w0, &blame);
        if (st) {
            p->last = blame;
            p->count = 0;
            end_program(d, p->status, st);
            return false;
        }
    }
    struct chain_err e = { 0, 0, 0, 0 };
    uint32_t total;
    unsigned n = chain_collect(d, w0, &total, &e);
    const struct ccw *ch = sc->chain;
    struct xfer x = { ch, n, p->key, cmd_input(w0.cmd), cmd_backward(w0.cmd) };
    struct chain_err we = { 0, 0, 0, 0 };
    uint32_t good = xfer_walk(m, &x, X_CHECK, NULL, total, &we);
    if (we.st) e = we;
    else good = total;
    uint8_t *buf = buf_get(sc, good);
    if (!buf) {
        p->last = w0.addr;
        p->count = w0.count;
        end_program(d, US_CE | US_DE, CS_CCC);
        return false;
    }
    if (!x.input) xfer_walk(m, &x, X_GATHER, buf, good, &we);
    if (d->ccwtrace) trace_ccw(d, &w0);
    int32_t res = (int32_t)good;
    d->chained = chained;
    uint8_t us = d->ops->execute_ccw(d, w0.cmd, ch[n - 1].flags, buf, good, &res);
    if (!chan_end_command(d, us)) {
        device_program_end(d);                          /* cleared: no status */
        return false;
    }
    uint32_t moved = res <= 0 ? good : (uint32_t)res >= good ? 0 : good - (uint32_t)res;
    if (moved) p->at_sio = false;    /* data moved: not an immediate operation after all */
    if (x.input) xfer_walk(m, &x, X_SCATTER, buf, moved, &we);

    uint16_t resid;
    unsigned k = last_used(ch, n, moved, &resid);
    p->last = ch[k].addr;
    p->count = resid;
    p->flags = ch[k].flags;
    if (us & US_BUSY) {
        p->last = w0.addr;
        p->count = w0.count;
        if (d->ccwtrace) trace_status(d, &w0, us, 0, p->count);
        end_program(d, us, 0);
        return false;
    }
    /* The check counts if the device wanted more than the good bytes: a longer
     * record, or all the output offered. */
    bool reached = e.st && (res < 0 || (!x.input && res == 0));
    bool wrong_length = res < 0 || moved < total;
    uint8_t cs = 0;
    if (reached) {
        cs = e.st;
        p->last = e.blame;
        p->count = e.left;
    } else if (wrong_length && !(us & (US_UC | US_UE)) && !(p->flags & CCW_SLI) &&
               !(cmd_control(w0.cmd) && moved == 0)) {
        cs = CS_IL;    /* an immediate control command moves no data: no IL */
    }
    if (d->ccwtrace) trace_status(d, &ch[k], (uint8_t)(us | US_CE), cs, p->count);
    return after_status(d, (uint8_t)(us | US_CE), cs);
}

/* PoO (START I/O, condition code 1): an immediate command started with no command
 * chaining and no PCI flag ends at once; START I/O stores its CSW, and no
 * interruption condition is generated at the subchannel. */
bool chan_prog_is_immediate(const struct device *d)
{
    const struct chan_prog *p = &d->sc.prog;
    if (!p->have_first || !d->ops->immediate) return false;
    if (p->first[4] & (CCW_CC | CCW_CD | CCW_PCI)) return false;
    return d->ops->immediate(d, p->first[0]);
}

bool chan_prog_immediate(struct device *d, uint8_t csw[8])
{
    struct chan_prog *p = &d->sc.prog;
    p->at_sio = true;
    p->sio_ended = false;
    run_command(d);
    p->at_sio = false;
    if (!p->sio_ended) return false;
    memcpy(csw, p->sio_csw, 8);
    return true;
}

void chan_prog_run(struct device *d)
{
    struct chan_prog *p = &d->sc.prog;
    if (p->parked) {
        p->parked = false;
        uint8_t us = (uint8_t)(p->status | chan_take_held(d));
        if (!after_status(d, us, 0)) return;
    }
    while (run_command(d))
        ;
}

/* ---- helpers for device models ------------------------------------------------------ */

void dev_set_sense(struct device *d, const uint8_t *sense, unsigned len)
{
    if (len > DEV_SENSE_MAX) len = DEV_SENSE_MAX;
    memset(d->sense, 0, sizeof d->sense);
    memcpy(d->sense, sense, len);
    d->senselen = len;
}

uint8_t dev_basic_sense(struct device *d, uint8_t *buf, uint32_t count, int32_t *residual)
{
    unsigned n = d->senselen ? d->senselen : 1;
    uint32_t k = n < count ? n : count;
    memcpy(buf, d->sense, k);
    *residual = (int32_t)count - (int32_t)n;
    memset(d->sense, 0, sizeof d->sense);
    return US_CE | US_DE;
}

uint8_t dev_sense_id(const struct device *d, const struct dev_id *table, uint8_t *buf,
                     uint32_t count, int32_t *residual)
{
    const struct dev_id *t = table;
    while (t->type && strcasecmp(t->type, d->type)) t++;
    if (!t->type) t = table;
    memcpy(buf, t->id, count < DEV_ID_LEN ? count : DEV_ID_LEN);
    *residual = (int32_t)count - DEV_ID_LEN;
    return US_CE | US_DE;
}

uint8_t dev_command_reject(struct device *d, int32_t *residual, uint32_t count)
{
    uint8_t s = SENSE_CMDREJ;
    dev_set_sense(d, &s, 1);
    *residual = (int32_t)count;
    return US_CE | US_DE | US_UC;
}
