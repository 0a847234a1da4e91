/* privileged.c - control instructions (PoO: control instructions): PSW and mask
 * changes, storage keys, control registers, DAT support, clocks and timers, prefix,
 * and SIGNAL PROCESSOR. */
#include "cpu/insn.h"

static inline void need_align(struct cpu *c, uint32_t a, uint32_t mask)
{
    if (UNLIKELY(a & mask)) cpu_program_check(c, PGM_SPECIFICATION);
}

/* ---- storage keys ------------------------------------------------------------ */

/* The 2K block addressed by R2 bits 8-20; bits 28-31 must be zero (PoO: SSK/ISK).
 * The address is real: prefixing applies. */
static uint32_t key_addr(struct cpu *c, uint32_t r2val)
{
    if (r2val & 0xF) cpu_program_check(c, PGM_SPECIFICATION);
    uint32_t abs = cpu_real_to_abs(c, r2val & AMASK);
    if (abs >= c->m->mainsize) cpu_program_check(c, PGM_ADDRESSING);
    return abs;
}

INSN(ssk)
{
    need_super(c);
    uint32_t abs = key_addr(c, c->gr[R2(inst)]);
    __atomic_store_n(&c->m->keys[abs >> BLOCK_SHIFT], (uint8_t)(c->gr[R1(inst)] & 0xFE),
                     __ATOMIC_RELAXED);
    cpu_key_changed(c->m, c, abs);
}

/* ISK: in BC mode only the access-control and fetch-protection bits are inserted,
 * bits 29-31 zero; in EC mode the reference and change bits as well. */
INSN(isk)
{
    need_super(c);
    uint8_t k = c->m->keys[key_addr(c, c->gr[R2(inst)]) >> BLOCK_SHIFT];
    k &= c->psw.ec ? 0xFE : 0xF8;
    c->gr[R1(inst)] = (c->gr[R1(inst)] & 0xFFFFFF00u) | k;
}

INSN(rrb)
{
    need_super(c);
    uint32_t abs = cpu_real_to_abs(c, EA_S(c, inst));
    if (abs >= c->m->mainsize) cpu_program_check(c, PGM_ADDRESSING);
    uint8_t *k = &c->m->keys[abs >> BLOCK_SHIFT];
    uint8_t old = __atomic_fetch_and(k, (uint8_t)~SK_REF, __ATOMIC_RELAXED);
    c->psw.cc = (uint8_t)(((old & SK_REF) ? 2 : 0) | ((old & SK_CHG) ? 1 : 0));
    cpu_key_changed(c->m, c, abs);
}

/* ---- PSW ----------------------------------------------------------------------- */

/* A new system mask: in EC mode bits 0 and 2-4 must be zero (PoO: SSM). */
static void set_sysmask(struct cpu *c, uint8_t m)
{
    if (c->psw.ec && (m & 0xB8)) cpu_program_check(c, PGM_SPECIFICATION);
    c->psw.sysmask = m;
    cpu_update_ctx(c);
    cpu_masks_changed(c);
}

/* SSM: special-operation exception when CR0 bit 1 (SSM suppression) is one. */
INSN(ssm)
{
    need_super(c);
    if (c->cr[0] & 0x40000000u) cpu_program_check(c, PGM_SPECIAL_OPERATION);
    set_sysmask(c, cpu_fetch1(c, EA_S(c, inst)));
}

INSN(stnsm)
{
    need_super(c);
    uint32_t a = EA_S(c, inst);
    cpu_store1(c, a, c->psw.sysmask);
    set_sysmask(c, c->psw.sysmask & I2(inst));
}

INSN(stosm)
{
    need_super(c);
    uint32_t a = EA_S(c, inst);
    cpu_store1(c, a, c->psw.sysmask);
    set_sysmask(c, c->psw.sysmask | I2(inst));
}

INSN(lpsw)
{
    need_super(c);
    uint32_t a = EA_S(c, inst);
    need_align(c, a, 7);
    uint8_t p[8];
    cpu_fetch_bytes(c, a, p, 8);
    cpu_psw_load(c, p);
}

/* SET PSW KEY FROM ADDRESS: in problem state the key's bit in the PSW-key mask
 * (CR3 bits 0-15) must be one (PoO: SPKA). */
INSN(spka)
{
    unsigned key = (EA_S(c, inst) >> 4) & 0xF;
    if (c->psw.prob && !(c->cr[3] & (0x80000000u >> key)))
        cpu_program_check(c, PGM_PRIVILEGED);
    c->psw.key = (uint8_t)key;
    cpu_update_ctx(c);
}

/* INSERT PSW KEY: in problem state only with CR0 bit 4 (extraction authority). */
INSN(ipk)
{
    (void)inst;
    if (c->psw.prob && !(c->cr[0] & 0x08000000u)) cpu_program_check(c, PGM_PRIVILEGED);
    c->gr[2] = (c->gr[2] & 0xFFFFFF00u) | (uint32_t)(c->psw.key << 4);
}

/* DIAGNOSE: model-dependent; the hook belongs to whoever runs the machine (CP later).
 * With no function behind it, a specification exception. */
INSN(diag)
{
    need_super(c);
    (void)inst;
    cpu_program_check(c, PGM_SPECIFICATION);
}

/* ---- control registers ------------------------------------------------------------ */

INSN(lctl)
{
    need_super(c);
    unsigned r1 = R1(inst), r3 = R2(inst), n = ((r3 - r1) & 15) + 1;
    uint32_t a = EA_S(c, inst);
    need_align(c, a, 3);
    uint8_t buf[64];
    cpu_fetch_bytes(c, a, buf, 4 * n);
    bool dat_changed = false;
    for (unsigned k = 0; k < n; k++) {
        unsigned r = (r1 + k) & 15;
        uint32_t v = be32(buf + 4 * k);
        if ((r == 0 || r == 1) && c->cr[r] != v) dat_changed = true;
        c->cr[r] = v;
    }
    if (dat_changed) cpu_tlb_purge(c);
    cpu_masks_changed(c);
}

INSN(stctl)
{
    need_super(c);
    unsigned r1 = R1(inst), r3 = R2(inst), n = ((r3 - r1) & 15) + 1;
    uint32_t a = EA_S(c, inst);
    need_align(c, a, 3);
    uint8_t buf[64];
    for (unsigned k = 0; k < n; k++) put32(buf + 4 * k, c->cr[(r1 + k) & 15]);
    cpu_store_bytes(c, a, buf, 4 * n);
}

/* ---- DAT ---------------------------------------------------------------------------- */

/* LOAD REAL ADDRESS: translation whatever the PSW says; cc 1 segment invalid,
 * 2 page invalid, 3 a length exceeded, with the entry's real address in R1. */
INSN(lra)
{
    need_super(c);
    uint32_t a = ea_rx(c, inst), real;
    struct dat_detail det = { 0, 0 };
    int code = cpu_dat(c, a, &real, NULL, &det);
    if (code == PGM_TRANSLATION_SPEC || code == PGM_ADDRESSING) cpu_program_check(c, code);
    if (code) {
        c->gr[R1(inst)] = det.entry & AMASK;
        c->psw.cc = (uint8_t)det.lra_cc;
        return;
    }
    c->gr[R1(inst)] = real;
    c->psw.cc = 0;
}

INSN(ptlb)
{
    need_super(c);
    (void)inst;
    cpu_tlb_purge(c);
}

/* ---- CPU identification and prefix ----------------------------------------------------- */

/* STIDP: version, serial (the CPU address in its first digit when there are
 * several CPUs, as multiprocessors report), model, MCEL length. */
INSN(stidp)
{
    need_super(c);
    uint32_t a = EA_S(c, inst);
    need_align(c, a, 7);
    const struct config *cfg = &c->m->cfg;
    uint32_t serial = cfg->cpuserial & 0xFFFFFF;
    if (c->m->numcpu > 1) serial = (serial & 0x0FFFFF) | (uint32_t)c->cpuad << 20;
    uint64_t id = (uint64_t)cfg->cpuverid << 56 | (uint64_t)serial << 32 |
                  (uint64_t)cfg->cpumodel << 16;
    cpu_store8(c, a, id);
}

INSN(stap)
{
    need_super(c);
    uint32_t a = EA_S(c, inst);
    need_align(c, a, 1);
    cpu_store2(c, a, (uint16_t)c->cpuad);
}

INSN(spx)
{
    need_super(c);
    uint32_t a = EA_S(c, inst);
    need_align(c, a, 3);
    uint32_t p = cpu_fetch4(c, a) & 0x00FFF000u;
    if (p + 0x1000 > c->m->mainsize) cpu_program_check(c, PGM_ADDRESSING);
    c->prefix = p;
    cpu_tlb_purge(c);
}

INSN(stpx)
{
    need_super(c);
    uint32_t a = EA_S(c, inst);
    need_align(c, a, 3);
    cpu_store4(c, a, c->prefix);
}

/* ---- clocks and timers ---------------------------------------------------------------- */

INSN(sck)
{
    need_super(c);
    uint32_t a = EA_S(c, inst);
    need_align(c, a, 7);
    machine_set_tod(c->m, cpu_fetch8(c, a));
    c->psw.cc = 0;
}

/* STORE CLOCK: not privileged; cc 0, clock in the set state (PoO: STCK). */
INSN(stck)
{
    cpu_store8(c, EA_S(c, inst), machine_tod(c->m));
    c->psw.cc = 0;
}

INSN(sckc)
{
    need_super(c);
    uint32_t a = EA_S(c, inst);
    need_align(c, a, 7);
    c->ckc = cpu_fetch8(c, a);
    cpu_masks_changed(c);
}

INSN(stckc)
{
    need_super(c);
    uint32_t a = EA_S(c, inst);
    need_align(c, a, 7);
    cpu_store8(c, a, c->ckc);
}

INSN(spt)
{
    need_super(c);
    uint32_t a = EA_S(c, inst);
    need_align(c, a, 7);
    cpu_timer_set(c, (int64_t)cpu_fetch8(c, a));
    cpu_masks_changed(c);
}

INSN(stpt)
{
    need_super(c);
    uint32_t a = EA_S(c, inst);
    need_align(c, a, 7);
    cpu_store8(c, a, (uint64_t)cpu_timer_get(c));
}

/* ---- SIGNAL PROCESSOR ------------------------------------------------------------------ */

enum {
    SIGP_SENSE = 0x01, SIGP_EXTCALL = 0x02, SIGP_EMERGENCY = 0x03, SIGP_START = 0x04,
    SIGP_STOP = 0x05, SIGP_RESTART = 0x06, SIGP_STOP_STORE = 0x09,
    SIGP_INITIAL_RESET = 0x0B, SIGP_RESET = 0x0C,
};
/* Status bits stored in R1 with condition code 1. */
enum {
    SIGS_EXTCALL_PENDING = 0x80, SIGS_STOPPED = 0x40, SIGS_INVALID_ORDER = 0x02,
};

/* One entry per order: what it posts to the addressed CPU. */
struct sigp_order {
    uint8_t code;
    uint32_t event;
};
static const struct sigp_order sigp_orders[] = {
    { SIGP_STOP, EV_STOP },
    { SIGP_RESTART, EV_RESTART },
    { SIGP_STOP_STORE, EV_STORESTATUS },
    { SIGP_INITIAL_RESET, EV_IRESET },
    { SIGP_RESET, EV_RESET },
};

static void sigp_status(struct cpu *c, unsigned r1, uint32_t status)
{
    c->gr[r1] = status;
    c->psw.cc = 1;
}

INSN(sigp)
{
    need_super(c);
    unsigned r1 = R1(inst), r3 = R2(inst);
    uint8_t order = (uint8_t)EA_S(c, inst);
    uint16_t addr = (uint16_t)c->gr[r3];
    struct machine *m = c->m;
    if (addr >= m->numcpu || !m->cpus[addr]) { c->psw.cc = 3; return; }
    struct cpu *t = m->cpus[addr];
    bool stopped = atomic_load(&t->state) != CPU_OPERATING;
    c->psw.cc = 0;
    switch (order) {
    case SIGP_SENSE:
        if (stopped || (atomic_load(&t->ext_pending) & EV_EXTCALL))
            sigp_status(c, r1, (stopped ? SIGS_STOPPED : 0) |
                               ((atomic_load(&t->ext_pending) & EV_EXTCALL) ? SIGS_EXTCALL_PENDING : 0));
        return;
    case SIGP_EXTCALL:
        if (atomic_load(&t->ext_pending) & EV_EXTCALL) { sigp_status(c, r1, SIGS_EXTCALL_PENDING); return; }
        atomic_store(&t->extcall_from, (uint16_t)c->cpuad);
        cpu_post(t, EV_EXTCALL);
        return;
    case SIGP_EMERGENCY:
        atomic_fetch_or(&t->emerg_from_mask, (uint16_t)(1u << c->cpuad));
        cpu_post(t, EV_TIMER);
        return;
    case SIGP_START:
        if (t != c) cpu_start(t);
        return;
    default:
        break;
    }
    for (size_t i = 0; i < sizeof sigp_orders / sizeof sigp_orders[0]; i++) {
        if (sigp_orders[i].code != order) continue;
        cpu_post(t, sigp_orders[i].event);
        if (order == SIGP_RESTART && t != c) cpu_start(t);
        return;
    }
    sigp_status(c, r1, SIGS_INVALID_ORDER);
}
