/* cpu.c - the PSW, interruptions, the instruction loop and CPU run control. */
#include <string.h>
#include <stdlib.h>
#include "cpu/cpu.h"
#include "cpu/machine.h"
#include "cpu/storage.h"
#include "cpu/insn.h"
#include "channel/channel.h"

/* Fixed storage locations (PoO: assigned storage locations). */
enum {
    PSA_RESTART_NEW = 0x00, PSA_RESTART_OLD = 0x08,
    PSA_EXT_OLD = 0x18, PSA_SVC_OLD = 0x20, PSA_PGM_OLD = 0x28,
    PSA_MCK_OLD = 0x30, PSA_IO_OLD = 0x38,
    PSA_EXT_NEW = 0x58, PSA_SVC_NEW = 0x60, PSA_PGM_NEW = 0x68,
    PSA_MCK_NEW = 0x70, PSA_IO_NEW = 0x78,
    PSA_EXT_CPUAD = 0x84, PSA_EXT_CODE = 0x86, PSA_SVC_ILC = 0x89,
    PSA_SVC_CODE = 0x8A, PSA_PGM_ILC = 0x8D, PSA_PGM_CODE = 0x8E,
    PSA_TEA = 0x90, PSA_MON_CLASS = 0x94, PSA_MON_CODE = 0x9C,
    PSA_IO_ADDR = 0xBA,
};

void cpu_psw_store(const struct cpu *c, uint8_t o[8])
{
    const struct psw *p = &c->psw;
    o[0] = p->sysmask;
    o[1] = (uint8_t)(p->key << 4 | (p->ec ? 8 : 0) | (p->mcheck ? 4 : 0) |
                     (p->wait ? 2 : 0) | (p->prob ? 1 : 0));
    if (p->ec) {
        o[2] = (uint8_t)(p->cc << 4 | p->progmask);
        o[3] = 0;
        o[4] = 0;
    } else {
        o[2] = (uint8_t)(p->intcode >> 8);
        o[3] = (uint8_t)p->intcode;
        /* BC: the ILC field holds the length of the last instruction executed, as
         * Hercules shows it (set exactly at program and SVC interruptions). */
        o[4] = (uint8_t)((c->ilc / 2) << 6 | p->cc << 4 | p->progmask);
    }
    o[5] = (uint8_t)(p->ia >> 16);
    o[6] = (uint8_t)(p->ia >> 8);
    o[7] = (uint8_t)p->ia;
}

/* EC mode: bits 0, 2-4, 16-17 and 24-39 must be zero (PoO: EC-mode PSW). */
bool cpu_psw_valid(const uint8_t in[8])
{
    if (!(in[1] & 8)) return true;
    return !(in[0] & 0xB8) && !(in[2] & 0xC0) && in[3] == 0 && in[4] == 0;
}

bool cpu_psw_load(struct cpu *c, const uint8_t in[8])
{
    struct psw *p = &c->psw;
    p->sysmask = in[0];
    p->key = in[1] >> 4;
    p->ec = (in[1] & 8) != 0;
    p->mcheck = (in[1] & 4) != 0;
    p->wait = (in[1] & 2) != 0;
    p->prob = (in[1] & 1) != 0;
    if (p->ec) {
        p->cc = (in[2] >> 4) & 3;
        p->progmask = in[2] & 0xF;
        p->intcode = 0;
    } else {
        p->intcode = (uint16_t)(in[2] << 8 | in[3]);
        p->cc = (in[4] >> 4) & 3;
        p->progmask = in[4] & 0xF;
    }
    p->ia = (uint32_t)(in[5] << 16 | in[6] << 8 | in[7]);
    c->wait_reported = false;
    cpu_update_ctx(c);
    cpu_masks_changed(c);
    if (cpu_psw_valid(in)) return true;
    cpu_signal(c, EV_PSWCHECK);
    return false;
}

/* Store the current PSW at real address old and load the PSW at new. An invalid new
 * PSW is a specification exception recognised before the next instruction; a
 * program-new PSW that keeps failing would loop for ever, so the CPU stops (as
 * Hercules does) after too many in a row. */
static void swap_psw(struct cpu *c, uint32_t old, uint32_t new)
{
    uint8_t *ps = cpu_real_ptr(c, 0, 0x100);
    cpu_psw_store(c, ps + old);
    uint8_t np[8];
    memcpy(np, ps + new, 8);
    cpu_abs_set_ref(c->m, cpu_real_to_abs(c, old), true);
    cpu_psw_load(c, np);   /* invalid bits: check_psw before the next instruction */
}

static void store_ilc_code(struct cpu *c, uint32_t ilc_loc, uint32_t code_loc,
                           unsigned ilc_bytes, uint16_t code)
{
    uint8_t *ps = cpu_real_ptr(c, 0, 0x100);
    ps[ilc_loc] = (uint8_t)((ilc_bytes / 2) << 1);
    put16(ps + code_loc, code);
}

/* Program interruption; unwinds to the instruction loop. */
_Noreturn void cpu_program_check(struct cpu *c, int code)
{
    unsigned ilc = c->ilc;
    /* A program-new PSW whose first instruction fails again would loop for ever. */
    uint32_t at = c->in_ex ? c->ex_addr : cpu_insn_addr(c);
    c->pgm_loop = at == c->pgm_new_ia ? c->pgm_loop + 1 : 0;
    /* Nullifying exceptions leave the PSW at the instruction (PoO: DAT exceptions). */
    if (code == PGM_SEGMENT_TRANSLATION || code == PGM_PAGE_TRANSLATION)
        c->psw.ia = c->in_ex ? c->ex_addr : cpu_insn_addr(c);
    else if (c->in_ex)
        c->psw.ia = (c->ex_addr + 4) & AMASK;
    if (c->in_ex) ilc = 4;
    c->in_ex = false;
    if (c->m->report_pgm) {
        machine_msg(c->m, "HHC00801I Processor CP%02X: %s exception code %04X ilc %u\n",
                    c->cpuad, cpu_pgm_name(code), code, ilc);
    }
    if (c->psw.ec) {
        store_ilc_code(c, PSA_PGM_ILC, PSA_PGM_CODE, ilc, (uint16_t)code);
        if (code >= PGM_SEGMENT_TRANSLATION && code <= PGM_TRANSLATION_SPEC)
            put32(cpu_real_ptr(c, PSA_TEA, 4), c->trans_addr & AMASK);
        if (code == PGM_MONITOR) {
            put16(cpu_real_ptr(c, PSA_MON_CLASS, 2), c->mon_class);
            put32(cpu_real_ptr(c, PSA_MON_CODE, 4), c->mon_code & AMASK);
        }
    } else {
        c->psw.intcode = (uint16_t)code;
        c->ilc = (uint8_t)ilc;
        if (code == PGM_MONITOR) {
            put16(cpu_real_ptr(c, PSA_MON_CLASS, 2), c->mon_class);
            put32(cpu_real_ptr(c, PSA_MON_CODE, 4), c->mon_code & AMASK);
        }
    }
    swap_psw(c, PSA_PGM_OLD, PSA_PGM_NEW);
    c->pgm_new_ia = c->psw.ia;
    longjmp(c->pgm_jmp, 1);
}

void cpu_svc_interrupt(struct cpu *c, uint8_t code)
{
    unsigned ilc = c->in_ex ? 4 : c->ilc;
    if (c->in_ex) c->psw.ia = (c->ex_addr + 4) & AMASK;
    c->in_ex = false;
    if (c->psw.ec) {
        store_ilc_code(c, PSA_SVC_ILC, PSA_SVC_CODE, ilc, code);
    } else {
        c->psw.intcode = code;
        c->ilc = (uint8_t)ilc;
    }
    swap_psw(c, PSA_SVC_OLD, PSA_SVC_NEW);
}

void cpu_external_interrupt(struct cpu *c, uint16_t code, int from_cpu)
{
    uint8_t *ps = cpu_real_ptr(c, 0, 0x100);
    if (from_cpu >= 0) put16(ps + PSA_EXT_CPUAD, (uint16_t)from_cpu);
    if (c->psw.ec) put16(ps + PSA_EXT_CODE, code);
    else c->psw.intcode = code;
    swap_psw(c, PSA_EXT_OLD, PSA_EXT_NEW);
}

void cpu_io_interrupt(struct cpu *c, uint16_t devnum, const uint8_t csw[8])
{
    uint8_t *ps = cpu_real_ptr(c, 0, 0x100);
    memcpy(ps + 0x40, csw, 8);
    if (c->psw.ec) put16(ps + PSA_IO_ADDR, devnum);
    else c->psw.intcode = devnum;
    swap_psw(c, PSA_IO_OLD, PSA_IO_NEW);
}

bool cpu_enabled_ext(const struct cpu *c)
{
    return (c->psw.sysmask & EC_EXT) != 0;  /* bit 7 in both modes */
}

/* BC mode: channels 0-5 by PSW bits 0-5, 6 and up by bit 6; EC mode: PSW bit 6 and
 * the channel's mask bit in CR2 (PoO: I/O interruptions). */
bool cpu_enabled_io(const struct cpu *c, unsigned ch)
{
    if (c->psw.ec) {
        if (!(c->psw.sysmask & EC_IO)) return false;
        return ch < 32 && (c->cr[2] & (0x80000000u >> ch));
    }
    if (ch < 6) return c->psw.sysmask & (0x80 >> ch);
    return c->psw.sysmask & 0x02;
}

void cpu_masks_changed(struct cpu *c)
{
    cpu_signal(c, EV_TIMER | EV_IO);
}

/* Conditions that stay pending until taken live in ext_pending, so that a masked
 * one does not keep the instruction loop looking at events. */
#define EXT_CONDITIONS (EV_INTKEY | EV_EXTCALL | EV_MALFALERT)

/* Post events and drop the CPU's cached instruction block: the instruction loop
 * tests nothing but that cache, so its next fetch takes the slow path, which sees
 * the events. Events first, then the cache, so that the fetch path (which caches a
 * block, then looks at events) cannot miss them. */
void cpu_signal(struct cpu *c, uint32_t ev)
{
    atomic_fetch_or(&c->events, ev);
    __atomic_store_n(&c->ib_va, IB_INVALID, __ATOMIC_SEQ_CST);
}

void cpu_post(struct cpu *c, uint32_t ev)
{
    if (ev & EXT_CONDITIONS) {
        atomic_fetch_or(&c->ext_pending, ev & EXT_CONDITIONS);
        ev = (ev & ~(uint32_t)EXT_CONDITIONS) | EV_TIMER;
    }
    cpu_signal(c, ev);
    machine_kick(c->m);
}

/* External interruption conditions in priority order (PoO: external interruption);
 * CR0 subclass masks: 16 malfunction alert, 17 emergency signal, 18 external call,
 * 20 clock comparator, 21 CPU timer, 24 interval timer, 25 interrupt key. */
static bool take_external(struct cpu *c)
{
    uint32_t cr0 = c->cr[0];
    uint32_t ev = atomic_load(&c->ext_pending);
    if ((ev & EV_MALFALERT) && (cr0 & 0x8000)) {
        atomic_fetch_and(&c->ext_pending, ~(uint32_t)EV_MALFALERT);
        cpu_external_interrupt(c, 0x1200, -1);
        return true;
    }
    if ((cr0 & 0x4000) && atomic_load(&c->emerg_from_mask)) {
        uint16_t mask = atomic_load(&c->emerg_from_mask);
        int from = __builtin_ctz(mask);
        atomic_fetch_and(&c->emerg_from_mask, (uint16_t)~(1u << from));
        cpu_external_interrupt(c, 0x1201, from);
        return true;
    }
    if ((ev & EV_EXTCALL) && (cr0 & 0x2000)) {
        atomic_fetch_and(&c->ext_pending, ~(uint32_t)EV_EXTCALL);
        cpu_external_interrupt(c, 0x1202, atomic_load(&c->extcall_from));
        return true;
    }
    uint64_t now = machine_tod_raw(c->m);
    if ((cr0 & 0x800) && now > c->ckc) {
        cpu_external_interrupt(c, 0x1004, -1);
        return true;
    }
    if ((cr0 & 0x400) && cpu_timer_get(c) < 0) {
        cpu_external_interrupt(c, 0x1005, -1);
        return true;
    }
    if ((cr0 & 0x80) && atomic_load(&c->itimer_pending)) {
        atomic_store(&c->itimer_pending, false);
        cpu_external_interrupt(c, 0x0080, -1);
        return true;
    }
    if ((ev & EV_INTKEY) && (cr0 & 0x40)) {
        atomic_fetch_and(&c->ext_pending, ~(uint32_t)EV_INTKEY);
        cpu_external_interrupt(c, 0x0040, -1);
        return true;
    }
    return false;
}

static bool ext_condition_pending(struct cpu *c)
{
    return atomic_load(&c->ext_pending) || atomic_load(&c->emerg_from_mask) ||
           atomic_load(&c->itimer_pending) || machine_tod_raw(c->m) > c->ckc ||
           cpu_timer_get(c) < 0;
}

/* Handle everything posted in c->events: EVR_STOP if the CPU must stop, EVR_TAKEN
 * if an interruption was taken, EVR_NONE otherwise. */
enum { EVR_NONE, EVR_TAKEN, EVR_STOP };
static int handle_events(struct cpu *c)
{
    uint32_t ev = atomic_load(&c->events);
    if (ev & EV_PSWCHECK) {
        /* Invalid PSW bits are recognised before the next instruction, ILC 0
         * (PoO: early exception recognition). */
        atomic_fetch_and(&c->events, ~(uint32_t)EV_PSWCHECK);
        c->ilc = 0;
        cpu_program_check(c, PGM_SPECIFICATION);
    }
    if (ev & EV_TLBFLUSH) {
        atomic_fetch_and(&c->events, ~(uint32_t)EV_TLBFLUSH);
        cpu_tlb_purge(c);
    }
    if (ev & (EV_RESET | EV_IRESET)) {
        atomic_fetch_and(&c->events, ~(uint32_t)(EV_RESET | EV_IRESET));
        if (ev & EV_IRESET) cpu_initial_reset(c); else cpu_reset(c);
        return EVR_STOP;
    }
    if (ev & (EV_STOP | EV_STORESTATUS)) {
        atomic_fetch_and(&c->events, ~(uint32_t)(EV_STOP | EV_STORESTATUS));
        if (ev & EV_STORESTATUS) cpu_store_status(c, c->prefix);
        return EVR_STOP;
    }
    /* Repressible interruptions: external, I/O, then restart. */
    if (cpu_enabled_ext(c) && take_external(c)) return EVR_TAKEN;
    if (ev & EV_IO) {
        /* Cleared before looking, so that an interruption made pending while the
         * channel is being asked posts EV_IO again and is not lost; after one is
         * taken, look again for the next. */
        atomic_fetch_and(&c->events, ~(uint32_t)EV_IO);
        if (chan_present_interrupt(c)) {
            cpu_signal(c, EV_IO);
            return EVR_TAKEN;
        }
    }
    if (ev & EV_RESTART) {
        atomic_fetch_and(&c->events, ~(uint32_t)EV_RESTART);
        swap_psw(c, PSA_RESTART_OLD, PSA_RESTART_NEW);
        return EVR_TAKEN;
    }
    /* Nothing more deliverable now; leave the conditions to be rechecked when masks
     * change (cpu_masks_changed) or the timer thread posts again. */
    atomic_fetch_and(&c->events, ~(uint32_t)EV_TIMER);
    return EVR_NONE;
}

bool cpu_is_waiting(const struct cpu *c) { return c->psw.wait; }

/* A wait with every interruption class masked off can never end (PoO: wait state). */
static bool disabled_for_all(const struct cpu *c)
{
    if (c->psw.ec)
        return !(c->psw.sysmask & (EC_IO | EC_EXT)) && !c->psw.mcheck;
    return c->psw.sysmask == 0 && !c->psw.mcheck;
}

bool cpu_in_disabled_wait(const struct cpu *c) { return atomic_load(&c->disabled_wait); }

/* Wait state: block until an interruption can be taken or the CPU is stopped. */
static void wait_state(struct cpu *c)
{
    struct machine *m = c->m;
    if (disabled_for_all(c)) {
        if (!c->wait_reported) {
            uint8_t o[8];
            cpu_psw_store(c, o);
            machine_msg(m, "HHC00809I Processor CP%02X: disabled wait state %02X%02X%02X%02X %02X%02X%02X%02X\n",
                        c->cpuad, o[0], o[1], o[2], o[3], o[4], o[5], o[6], o[7]);
            c->wait_reported = true;
        }
        atomic_store(&c->disabled_wait, true);
        pthread_mutex_lock(&m->lock);
        pthread_cond_broadcast(&m->statecond);
        while (!(atomic_load(&c->events) & (EV_STOP | EV_STORESTATUS | EV_RESTART | EV_RESET |
                                            EV_IRESET | EV_TLBFLUSH)) && !m->quitting)
            pthread_cond_wait(&m->cond, &m->lock);
        pthread_mutex_unlock(&m->lock);
        atomic_store(&c->disabled_wait, false);
        return;
    }
    pthread_mutex_lock(&m->lock);
    if (!atomic_load(&c->events) && !m->quitting) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 1000000;
        if (ts.tv_nsec >= 1000000000) { ts.tv_sec++; ts.tv_nsec -= 1000000000; }
        pthread_cond_timedwait(&m->cond, &m->lock, &ts);
    }
    pthread_mutex_unlock(&m->lock);
    if (cpu_enabled_ext(c) && ext_condition_pending(c))
        cpu_signal(c, EV_TIMER);
}

/* Instruction length from the first two opcode bits: 00 -> 2, 01/10 -> 4, 11 -> 6. */
static inline unsigned insn_len(uint8_t op)
{
    return ((op >> 6) + 3u) & 6u;
}

/* Instruction fetch outside the cached block: odd address, TLB, a new block, or an
 * instruction that crosses into the next block (fetched halfword by halfword). */
static const uint8_t *fetch_slow(struct cpu *c, uint32_t ia, uint8_t *buf)
{
    if (atomic_load(&c->events)) return NULL;
    /* Exceptions of the fetch itself report ILC 0; otherwise the last length stays
     * visible in the BC PSW until this instruction sets its own. */
    uint8_t last = c->ilc;
    c->ilc = 0;
    if (ia & 1) cpu_program_check(c, PGM_SPECIFICATION);
    if ((ia & 0x7FF) <= 0x7FA) {
        const uint8_t *p = cpu_xlate(c, ia, ACC_FETCH);
        c->ilc = last;
        c->ib_base = p - ia;
        __atomic_store_n(&c->ib_va, ia & ~0x7FFu, __ATOMIC_SEQ_CST);
        /* An event posted meanwhile may have found the old (invalid) block. */
        if (atomic_load(&c->events)) {
            c->ib_va = IB_INVALID;
            return NULL;
        }
        return p;
    }
    put16(buf, cpu_fetch2(c, ia));
    unsigned n = insn_len(buf[0]);
    for (unsigned k = 2; k < n; k += 2) put16(buf + k, cpu_fetch2(c, ia + k));
    c->ilc = last;
    return buf;
}

/* One instruction at ia: fetch from the cached instruction block (a host pointer,
 * valid until the TLB or the PSW context changes) and dispatch; returns the next
 * instruction address. */
/* One instruction at ia: fetch from the cached instruction block (a host pointer,
 * valid until the TLB, the PSW context or pending events drop it) and dispatch.
 * *stop is set, and nothing executed, when events are pending. */
static inline __attribute__((always_inline)) uint32_t execute_at(struct cpu *c, uint32_t ia,
                                                                 bool trace, bool *stop)
{
    uint8_t buf[6];
    const uint8_t *p;
    /* An odd address never finds the block cached (branch_to and PSW loads drop it). */
    if (LIKELY(ia - c->ib_va <= 0x7FA)) {
        p = c->ib_base + ia;
    } else {
        p = fetch_slow(c, ia, buf);
        if (!p) { *stop = true; return ia; }
    }
    if (trace) cpu_trace_insn(c, p, ia);
    return cpu_steptab[p[0]](c, p, ia);
}

static inline void execute_one(struct cpu *c)
{
    bool stop = false;
    execute_at(c, c->psw.ia, c->trace, &stop);
    if (!stop) c->instcount++;
}

/* Instructions until an event is posted. Kept apart from cpu_run so that no setjmp
 * forces c and the loop state into memory. The count is kept in a register and
 * added at the end (instructions cut short by a program interruption are not
 * counted: the count is for rates, not for semantics). */
static inline __attribute__((always_inline)) void burst(struct cpu *c, bool trace)
{
    uint32_t ia = c->psw.ia;
    uint64_t k = 0;
    bool stop = false;
    for (;;) {
        ia = execute_at(c, ia, trace, &stop);
        if (UNLIKELY(stop)) break;
        k++;
    }
    c->instcount += k;
}

/* The trace flag is looked at once per burst (the console posts an event when it
 * changes it), so the untraced loop carries no test for it. */
static __attribute__((noinline)) void run_burst(struct cpu *c)
{
    if (c->trace) burst(c, true);
    else burst(c, false);
}

void cpu_step(struct cpu *c)
{
    if (setjmp(c->pgm_jmp)) return;
    if (atomic_load_explicit(&c->events, memory_order_relaxed))
        if (handle_events(c) != EVR_NONE) return;
    if (c->psw.wait) return;
    execute_one(c);
}

void cpu_run(struct cpu *c)
{
    if (setjmp(c->pgm_jmp)) {
        if (c->pgm_loop > 64) {
            c->pgm_loop = 0;
            uint8_t o[8];
            cpu_psw_store(c, o);
            machine_msg(c->m, "HHC00803I Processor CP%02X: program interrupt loop PSW %02X%02X%02X%02X %02X%02X%02X%02X\n",
                        c->cpuad, o[0], o[1], o[2], o[3], o[4], o[5], o[6], o[7]);
            return;
        }
    }
    for (;;) {
        if (UNLIKELY(atomic_load_explicit(&c->events, memory_order_relaxed))) {
            if (handle_events(c) == EVR_STOP) return;
            continue;
        }
        if (UNLIKELY(c->psw.wait)) {
            if (c->m->quitting) return;
            wait_state(c);
            continue;
        }
        run_burst(c);
    }
}

/* The CPU thread: sleep while stopped, run while operating. */
static void *cpu_thread(void *arg)
{
    struct cpu *c = arg;
    struct machine *m = c->m;
    pthread_mutex_lock(&m->lock);
    for (;;) {
        while (!m->quitting && atomic_load(&c->state) != CPU_OPERATING) {
            uint32_t ev = atomic_load(&c->events);
            if (ev & EV_RESTART) { atomic_store(&c->state, CPU_OPERATING); break; }
            if (ev & (EV_RESET | EV_IRESET)) {
                atomic_fetch_and(&c->events, ~(uint32_t)(EV_RESET | EV_IRESET));
                if (ev & EV_IRESET) cpu_initial_reset(c); else cpu_reset(c);
                continue;
            }
            if (ev & EV_STORESTATUS) {
                atomic_fetch_and(&c->events, ~(uint32_t)EV_STORESTATUS);
                cpu_store_status(c, c->prefix);
                continue;
            }
            pthread_cond_broadcast(&m->statecond);
            pthread_cond_wait(&m->cond, &m->lock);
        }
        if (m->quitting) break;
        /* A stop posted after the start (SIGP from a CPU that is already running)
         * stays pending: only cpu_start, under the lock, cancels an earlier one. */
        pthread_mutex_unlock(&m->lock);
        int64_t v = c->cpu_timer_epoch;
        c->timer_running = true;
        cpu_timer_set(c, v);
        cpu_run(c);
        int64_t t = cpu_timer_get(c);
        c->timer_running = false;
        c->cpu_timer_epoch = t;
        pthread_mutex_lock(&m->lock);
        atomic_store(&c->state, CPU_STOPPED);
        pthread_cond_broadcast(&m->statecond);
    }
    pthread_cond_broadcast(&m->statecond);
    pthread_mutex_unlock(&m->lock);
    return NULL;
}

void cpu_init(struct cpu *c, struct machine *m, int cpuad)
{
    memset(c, 0, sizeof *c);
    c->m = m;
    c->cpuad = cpuad;
    atomic_store(&c->state, CPU_STOPPED);
    cpu_initial_reset(c);
}

int cpu_thread_start(struct cpu *c)
{
    if (pthread_create(&c->thread, NULL, cpu_thread, c)) return -1;
    c->thread_started = true;
    return 0;
}

void cpu_thread_join(struct cpu *c)
{
    if (c->thread_started) pthread_join(c->thread, NULL);
    c->thread_started = false;
}

void cpu_start(struct cpu *c)
{
    pthread_mutex_lock(&c->m->lock);
    atomic_fetch_and(&c->events, ~(uint32_t)EV_STOP);
    atomic_store(&c->state, CPU_OPERATING);
    pthread_cond_broadcast(&c->m->cond);
    pthread_mutex_unlock(&c->m->lock);
}

void cpu_stop(struct cpu *c)
{
    cpu_post(c, EV_STOP);
}

void cpu_restart(struct cpu *c)
{
    cpu_post(c, EV_RESTART);
}

/* CPU reset (PoO: resets): pending interruptions cleared, the CPU stopped; registers
 * and storage unchanged. Called only on the CPU's own thread or while it is stopped. */
void cpu_reset(struct cpu *c)
{
    atomic_store(&c->events, 0);
    atomic_store(&c->ext_pending, 0);
    atomic_store(&c->itimer_pending, false);
    atomic_store(&c->emerg_from_mask, 0);
    atomic_store(&c->state, CPU_STOPPED);
    atomic_store(&c->disabled_wait, false);
    c->in_ex = false;
    cpu_tlb_purge(c);
}

/* Initial CPU reset: also the PSW, prefix, CPU timer, clock comparator and control
 * registers to their initial values (CR0 E0, CR2 FFFFFFFF, CR14 C2000000, CR15 200). */
void cpu_initial_reset(struct cpu *c)
{
    cpu_reset(c);
    memset(&c->psw, 0, sizeof c->psw);
    c->prefix = 0;
    c->cpu_timer_epoch = 0;
    c->ckc = 0;
    memset(c->cr, 0, sizeof c->cr);
    c->cr[0] = 0x000000E0;
    c->cr[2] = 0xFFFFFFFF;
    c->cr[14] = 0xC2000000;
    c->cr[15] = 0x00000200;
    cpu_update_ctx(c);
}

/* Store status at absolute address base (PoO: store status): CPU timer 0xD8, clock
 * comparator 0xE0, current PSW 0x100, prefix 0x108, FPRs 0x160, GRs 0x180, CRs 0x1C0. */
void cpu_store_status(struct cpu *c, uint32_t base)
{
    uint8_t *p = cpu_abs_ptr_try(c->m, base, 0x200);
    if (!p) return;
    put64(p + 0xD8, (uint64_t)cpu_timer_get(c));
    put64(p + 0xE0, c->ckc);
    cpu_psw_store(c, p + 0x100);
    put32(p + 0x108, c->prefix);
    for (int i = 0; i < 4; i++) put64(p + 0x160 + 8 * i, c->fpr[i]);
    for (int i = 0; i < 16; i++) put32(p + 0x180 + 4 * i, c->gr[i]);
    for (int i = 0; i < 16; i++) put32(p + 0x1C0 + 4 * i, c->cr[i]);
}
