/* channel.c - the channel subsystem: the I/O instructions, subchannel states,
 * pending I/O interruptions and the I/O threads that run channel programs
 * (channel/ccw.c executes them).
 *
 * Every device has its own subchannel, as on a block-multiplexer channel with
 * nonshared subchannels, and the channel itself is never seen working. The states
 * of PoO "Condition-code settings for I/O states and functions" then reduce to:
 *   subchannel working (SIO'd, not concluded)          SIO 2, TIO 2, HIO 1*, CLRIO 1*
 *   interruption pending at the subchannel (concluded) SIO 2, TIO 1*, HIO 0, CLRIO 1*
 *   interruption pending in the device                 SIO 1*, TIO 1*, HIO 1*, CLRIO 0
 *   device working (device end outstanding)            SIO 1*, TIO 1*, HIO 1*, CLRIO 0
 *   available                                          SIO 0,  TIO 0,  HIO 1*, CLRIO 0
 *   no such device                                     3 everywhere
 * (* = CSW or its status portion stored); SIO of an immediate command alone sets
 * 1* in the available state. SIOF is executed as SIO. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdatomic.h>
#include <time.h>
#include "channel/channel.h"
#include "cpu/machine.h"
#include "cpu/storage.h"

#define CHAN_MAX_WORKERS 16

/* Assigned storage locations (PoO): CSW 64, CAW 72, channel ID 168. */
enum { PSA_CSW = 0x40, PSA_CAW = 0x48, PSA_CHANID = 0xA8 };

struct channel_subsystem {
    pthread_mutex_t lock;
    pthread_cond_t work;            /* I/O threads wait here for the run queue */
    pthread_cond_t progress;        /* a command ended: TEST I/O of a working subchannel */
    struct device *runq, *runq_tail;
    unsigned qlen;
    _Atomic unsigned npending;      /* devices with an interruption pending */
    bool sync;
    bool stop;
    unsigned nworkers, nidle;
    pthread_t workers[CHAN_MAX_WORKERS];
};

/* What an I/O instruction stores: nothing, the whole CSW, or its status portion. */
enum { STORE_NONE, STORE_CSW, STORE_STATUS };
struct io_result {
    int cc;
    int store;
    uint8_t csw[8];
    struct device *halt_dev;        /* device to signal before the lock is dropped */
    bool post;                      /* a new interruption condition: tell the CPUs */
    const char *trace;              /* `t+CCUU`: the instruction to trace, or NULL */
    uint16_t devnum;                /* its device */
};

static void lock(struct channel_subsystem *s) { pthread_mutex_lock(&s->lock); }
static void unlock(struct channel_subsystem *s) { pthread_mutex_unlock(&s->lock); }

static bool has_pending(const struct device *d)
{
    return d->sc.pend != PEND_NONE || d->sc.dev_status;
}

/* Keep the pending count right after a change of d's interruption conditions. */
static void note_pending(struct channel_subsystem *s, const struct device *d, bool was)
{
    bool now = has_pending(d);
    if (now && !was) atomic_fetch_add(&s->npending, 1);
    if (!now && was) atomic_fetch_sub(&s->npending, 1);
}

static void post_io(struct machine *m)
{
    for (unsigned i = 0; i < m->numcpu; i++)
        if (m->cpus[i]) cpu_post(m->cpus[i], EV_IO);
}

static struct device *find_locked(struct machine *m, uint16_t devnum)
{
    for (struct device *d = m->devs; d && d->devnum <= devnum; d = d->next)
        if (d->devnum == devnum) return d;
    return NULL;
}

static bool channel_exists(struct machine *m, unsigned ch)
{
    for (struct device *d = m->devs; d; d = d->next)
        if (d->chan == ch) return true;
    return false;
}

static void status_only(struct io_result *r, uint8_t us, uint8_t cs)
{
    r->cc = 1;
    r->store = STORE_STATUS;
    r->csw[4] = us;
    r->csw[5] = cs;
}

/* CCW trace (`t+CCUU`): a CSW as it is stored, in Hercules' layout. Printed after
 * the channel lock is dropped: console output must not hold up the I/O threads. */
static void trace_csw(struct machine *m, uint16_t devnum, const uint8_t csw[8])
{
    machine_msg(m, "HHCCP049I %04X:Stat=%02X%02X Count=%04X  CCW=%02X%02X%02X\n",
                devnum, csw[4], csw[5], be16(csw + 6), csw[1], csw[2], csw[3]);
}

/* Under the lock: the instruction is to be traced (finish() prints it). */
static void trace_insn(const struct device *d, const char *name, struct io_result *r)
{
    if (!d || !d->ccwtrace) return;
    r->trace = name;
    r->devnum = d->devnum;
}

/* The I/O instruction and its condition code, then what it stored. */
static void trace_print(struct machine *m, const struct io_result *r)
{
    if (!r->trace) return;
    machine_msg(m, "HHCCP051I %04X: %s cc=%d\n", r->devnum, r->trace, r->cc);
    if (r->store == STORE_CSW) trace_csw(m, r->devnum, r->csw);
    if (r->store == STORE_STATUS)
        machine_msg(m, "HHCCP049I %04X:Stat=%02X%02X\n", r->devnum, r->csw[4], r->csw[5]);
}

/* ---- I/O threads ------------------------------------------------------------ */

static void *worker(void *arg);

static void spawn_worker(struct machine *m)
{
    struct channel_subsystem *s = m->chss;
    if (s->nworkers >= CHAN_MAX_WORKERS) return;
    if (pthread_create(&s->workers[s->nworkers], NULL, worker, m) == 0) s->nworkers++;
}

/* Queue d for an I/O thread; one more thread when none is free. */
static void enqueue(struct machine *m, struct device *d)
{
    struct channel_subsystem *s = m->chss;
    d->sc.queued = true;
    d->sc.runq_next = NULL;
    if (s->runq_tail) s->runq_tail->sc.runq_next = d;
    else s->runq = d;
    s->runq_tail = d;
    s->qlen++;
    if (s->nidle < s->qlen) spawn_worker(m);
    pthread_cond_signal(&s->work);
}

static void dequeue(struct channel_subsystem *s, struct device *d)
{
    struct device **pp = &s->runq, *prev = NULL;
    while (*pp && *pp != d) { prev = *pp; pp = &(*pp)->sc.runq_next; }
    if (!*pp) return;
    *pp = d->sc.runq_next;
    if (s->runq_tail == d) s->runq_tail = prev;
    d->sc.queued = false;
    s->qlen--;
}

static void *worker(void *arg)
{
    struct machine *m = arg;
    struct channel_subsystem *s = m->chss;
    lock(s);
    for (;;) {
        while (!s->runq && !s->stop) {
            s->nidle++;
            pthread_cond_wait(&s->work, &s->lock);
            s->nidle--;
        }
        if (s->stop) break;
        struct device *d = s->runq;
        dequeue(s, d);
        d->sc.active = true;
        unlock(s);
        chan_prog_run(d);
        lock(s);
    }
    unlock(s);
    return NULL;
}

/* Start the runner of d: inline in the deterministic mode, else on an I/O thread.
 * Called with the lock held; returns true if the caller must run it after unlocking. */
static bool launch(struct machine *m, struct device *d)
{
    if (m->chss->sync) {
        d->sc.active = true;
        return true;
    }
    enqueue(m, d);
    return false;
}

int chan_init(struct machine *m)
{
    if (m->chss) return 0;
    struct channel_subsystem *s = calloc(1, sizeof *s);
    if (!s) return -1;
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->work, NULL);
    pthread_cond_init(&s->progress, NULL);
    m->chss = s;
    lock(s);
    spawn_worker(m);
    unlock(s);
    return 0;
}

void chan_shutdown(struct machine *m)
{
    struct channel_subsystem *s = m->chss;
    if (!s) return;
    lock(s);
    s->stop = true;
    pthread_cond_broadcast(&s->work);
    for (struct device *d = m->devs; d; d = d->next)
        if (d->sc.active && d->ops->halt) d->ops->halt(d);
    unsigned n = s->nworkers;
    unlock(s);
    for (unsigned i = 0; i < n; i++) pthread_join(s->workers[i], NULL);
    for (struct device *d = m->devs; d; d = d->next) {
        memset(&d->sc.prog, 0, sizeof d->sc.prog);
        d->sc.working = d->sc.queued = d->sc.active = d->sc.wait_de = false;
        d->sc.pend = PEND_NONE;
        d->sc.dev_status = 0;
    }
    pthread_cond_destroy(&s->work);
    pthread_cond_destroy(&s->progress);
    pthread_mutex_destroy(&s->lock);
    free(s);
    m->chss = NULL;
}

void chan_set_sync(struct machine *m, bool sync)
{
    if (!m->chss) return;
    lock(m->chss);
    m->chss->sync = sync;
    unlock(m->chss);
}

static bool any_running(struct machine *m)
{
    for (struct device *d = m->devs; d; d = d->next)
        if (d->sc.queued || d->sc.active) return true;
    return false;
}

bool chan_wait_idle(struct machine *m, unsigned ms)
{
    struct channel_subsystem *s = m->chss;
    if (!s) return true;
    for (unsigned t = 0;; t++) {
        lock(s);
        bool busy = any_running(m);
        unlock(s);
        if (!busy) return true;
        if (t >= ms) return false;
        struct timespec ts = { 0, 1000000 };
        nanosleep(&ts, NULL);
    }
}

/* I/O-system reset (PoO: resets): subchannels available, interruption conditions
 * and device-end waits cleared; a command in a device is forgotten when it returns. */
void chan_reset(struct machine *m)
{
    struct channel_subsystem *s = m->chss;
    if (!s) return;
    lock(s);
    for (struct device *d = m->devs; d; d = d->next) {
        struct subchannel *sc = &d->sc;
        bool was = has_pending(d);
        if (sc->queued) dequeue(s, d);
        if (sc->active) {
            sc->cleared = true;
            if (d->ops->halt) d->ops->halt(d);
        }
        sc->working = sc->wait_de = sc->halt = sc->dev_busy = false;
        sc->prog.parked = false;
        sc->held = 0;
        sc->pend = PEND_NONE;
        sc->dev_status = 0;
        note_pending(s, d, was);
    }
    unlock(s);
}

/* ---- runner bookkeeping (called by ccw.c) ------------------------------------ */

int chan_begin_command(struct device *d)
{
    struct channel_subsystem *s = d->m->chss;
    int r = BEGIN_GO;
    lock(s);
    if (d->sc.cleared) {
        d->sc.cleared = false;
        d->sc.active = false;
        r = BEGIN_CLEARED;
    } else if (d->sc.halt) {
        r = BEGIN_HALTED;
    }
    unlock(s);
    return r;
}

bool chan_end_command(struct device *d, uint8_t us)
{
    struct channel_subsystem *s = d->m->chss;
    bool go = true;
    lock(s);
    if (d->sc.cleared) {
        d->sc.cleared = false;
        d->sc.active = false;
        d->sc.dev_busy = (us & US_CE) && !(us & US_DE) && !(d->sc.held & US_DE);
        d->sc.held = 0;
        go = false;
    }
    pthread_cond_broadcast(&s->progress);
    unlock(s);
    return go;
}

bool chan_halted(struct device *d)
{
    struct channel_subsystem *s = d->m->chss;
    lock(s);
    bool h = d->sc.halt;
    unlock(s);
    return h;
}

int chan_park(struct device *d)
{
    struct channel_subsystem *s = d->m->chss;
    int r;
    lock(s);
    if (d->sc.held & US_DE) {
        r = d->sc.held;
        d->sc.held = 0;
    } else if (d->sc.halt) {
        r = PARK_HALTED;
    } else {
        d->sc.wait_de = true;
        d->sc.active = false;
        r = PARK_WAIT;
    }
    unlock(s);
    return r;
}

uint8_t chan_take_held(struct device *d)
{
    struct channel_subsystem *s = d->m->chss;
    lock(s);
    uint8_t st = d->sc.held;
    d->sc.held = 0;
    unlock(s);
    return st;
}

/* The operation ends at the subchannel: the final CSW becomes pending, with the PCI
 * bit of an intermediate interruption not yet taken (PoO: program-controlled
 * interruption); with no CSW (ended within START I/O) nothing becomes pending at
 * the subchannel. Status the device raised meanwhile stays pending in the device. */
static void conclude_locked(struct channel_subsystem *s, struct device *d,
                            const uint8_t csw[8], bool dev_busy)
{
    struct subchannel *sc = &d->sc;
    bool was = has_pending(d);
    if (sc->cleared) {
        /* CLEAR I/O or a reset came after the last command ended (the runner looks
         * at cleared between commands): the program's ending is dropped, and the flag
         * must not outlive it, or the next program's first command is dropped too. */
        sc->cleared = false;
        csw = NULL;
    }
    if (csw) {
        memcpy(sc->csw, csw, 8);
        if (sc->pend == PEND_PCI) sc->csw[5] |= CS_PCI;
        sc->pend = PEND_FINAL;
    }
    sc->working = sc->active = sc->wait_de = sc->halt = false;
    sc->prog.parked = false;
    pthread_cond_broadcast(&s->progress);
    sc->dev_busy = dev_busy && !(sc->held & US_DE);
    sc->dev_status |= dev_busy ? sc->held : (uint8_t)(sc->held & ~US_DE);
    sc->held = 0;
    note_pending(s, d, was);
}

void chan_conclude(struct device *d, const uint8_t csw[8], bool dev_busy)
{
    /* Once the lock is dropped the subchannel is available: the device may be
     * detached (and freed) at once, so d is not looked at again. */
    struct machine *m = d->m;
    struct channel_subsystem *s = m->chss;
    lock(s);
    conclude_locked(s, d, csw, dev_busy);
    unlock(s);
    post_io(m);
}

void chan_release(struct device *d, bool dev_busy)
{
    struct machine *m = d->m;       /* d may be detached once the lock is dropped */
    struct channel_subsystem *s = m->chss;
    lock(s);
    bool was = has_pending(d);
    conclude_locked(s, d, NULL, dev_busy);
    bool post = has_pending(d) && !was;
    unlock(s);
    if (post) post_io(m);
}

void chan_pci(struct device *d, const uint8_t csw[8])
{
    struct channel_subsystem *s = d->m->chss;
    bool post = false;
    lock(s);
    if (d->sc.pend == PEND_NONE) {
        memcpy(d->sc.csw, csw, 8);
        d->sc.pend = PEND_PCI;
        note_pending(s, d, d->sc.dev_status != 0);
        post = true;
    }
    unlock(s);
    if (post) post_io(d->m);
}

/* ---- status from devices ---------------------------------------------------- */

void chan_device_status(struct device *d, uint8_t st)
{
    struct machine *m = d->m;
    struct channel_subsystem *s = m->chss;
    if (!s || !st) return;
    bool post = false, run = false;
    lock(s);
    struct subchannel *sc = &d->sc;
    if (st & US_DE) sc->dev_busy = false;
    if (sc->wait_de && (st & US_DE)) {
        sc->wait_de = false;
        sc->held |= st;
        run = launch(m, d);
    } else if (sc->working) {
        sc->held |= st;
    } else {
        bool was = has_pending(d);
        sc->dev_status |= st;
        note_pending(s, d, was);
        post = true;
    }
    unlock(s);
    if (post) post_io(m);
    if (run) chan_prog_run(d);
}

/* ---- interruptions ---------------------------------------------------------- */

/* Take d's interruption: the subchannel's first, then the device's (whose CSW
 * carries the status alone). */
static void take_pending(struct channel_subsystem *s, struct device *d, uint8_t csw[8])
{
    bool was = has_pending(d);
    if (d->sc.pend != PEND_NONE) {
        memcpy(csw, d->sc.csw, 8);
        d->sc.pend = PEND_NONE;
    } else {
        memset(csw, 0, 8);
        csw[4] = d->sc.dev_status;
        d->sc.dev_status = 0;
    }
    note_pending(s, d, was);
}

/* The pending interruption of the lowest-numbered device whose channel the CPU is
 * enabled for (priority among channels is model-dependent, PoO: I/O interruptions). */
bool chan_present_interrupt(struct cpu *c)
{
    struct machine *m = c->m;
    struct channel_subsystem *s = m->chss;
    if (!s || !atomic_load(&s->npending)) return false;
    uint8_t csw[8];
    uint16_t devnum = 0;
    bool found = false, trace = false;
    lock(s);
    for (struct device *d = m->devs; d; d = d->next) {
        if (!has_pending(d) || !cpu_enabled_io(c, d->chan)) continue;
        take_pending(s, d, csw);
        devnum = d->devnum;
        found = true;
        trace = d->ccwtrace;
        break;
    }
    unlock(s);
    if (trace) trace_csw(m, devnum, csw);
    if (found) cpu_io_interrupt(c, devnum, csw);
    return found;
}

/* ---- the I/O instructions ----------------------------------------------------- */

/* Signal the device to end its operation; under the lock, so that it cannot be
 * detached meanwhile. */
static void signal_halt(struct io_result *r)
{
    if (r->halt_dev && r->halt_dev->ops->halt) r->halt_dev->ops->halt(r->halt_dev);
}

/* Store what the instruction produced, after the lock is released (storing may
 * raise an addressing exception). */
static int finish(struct cpu *c, struct io_result *r)
{
    trace_print(c->m, r);
    if (r->post) post_io(c->m);
    if (r->store == STORE_CSW) memcpy(cpu_real_ptr(c, PSA_CSW, 8), r->csw, 8);
    if (r->store == STORE_STATUS) memcpy(cpu_real_ptr(c, PSA_CSW + 4, 2), r->csw + 4, 2);
    if (r->store != STORE_NONE) cpu_abs_set_ref(c->m, cpu_real_to_abs(c, PSA_CSW), true);
    return r->cc;
}

/* START I/O (PoO): device state first, then the CAW and the first CCW. Returns
 * SIO_DONE (r says it all), SIO_RUN (run the program on this thread: deterministic
 * mode) or SIO_IMMEDIATE (run its immediate command on this thread). */
enum { SIO_DONE, SIO_RUN, SIO_IMMEDIATE };
static int sio_locked(struct device *d, uint32_t caw, struct io_result *r)
{
    struct subchannel *sc = &d->sc;
    if (sc->working || sc->pend == PEND_FINAL) {
        r->cc = 2;
        return SIO_DONE;
    }
    if (sc->dev_status) {
        struct channel_subsystem *s = d->m->chss;
        status_only(r, US_BUSY | sc->dev_status, 0);
        sc->dev_status = 0;
        note_pending(s, d, true);
        return SIO_DONE;
    }
    if (sc->active || sc->dev_busy) {
        status_only(r, US_BUSY, 0);
        return SIO_DONE;
    }
    uint8_t sel = d->ops->select ? d->ops->select(d) : 0;
    if (sel) {
        status_only(r, sel, 0);
        return SIO_DONE;
    }
    if (chan_prog_start(d, caw, r->csw)) {
        r->cc = 1;
        r->store = STORE_CSW;
        return SIO_DONE;
    }
    sc->working = true;
    sc->halt = false;
    sc->held = 0;
    r->cc = 0;
    if (chan_prog_is_immediate(d)) {
        sc->active = true;
        return SIO_IMMEDIATE;
    }
    return launch(d->m, d) ? SIO_RUN : SIO_DONE;
}

int chan_sio(struct cpu *c, uint16_t devnum, bool fast)
{
    /* SIOF may be executed as SIO (PoO: START I/O FAST RELEASE) */
    struct machine *m = c->m;
    struct channel_subsystem *s = m->chss;
    if (!s) return 3;
    uint32_t caw = be32(cpu_real_ptr(c, PSA_CAW, 4));
    struct io_result r = { .cc = 3 };
    int how = SIO_DONE;
    lock(s);
    struct device *d = find_locked(m, devnum);
    if (d) how = sio_locked(d, caw, &r);
    if (how != SIO_IMMEDIATE) {
        /* Before the program's CCWs: the I/O thread needs the lock to start it. */
        trace_insn(d, fast ? "SIOF" : "SIO", &r);
        trace_print(m, &r);
        r.trace = NULL;
    }
    unlock(s);
    if (how == SIO_IMMEDIATE) {
        if (chan_prog_immediate(d, r.csw)) {
            r.cc = 1;
            r.store = STORE_CSW;
        }
        trace_insn(d, fast ? "SIOF" : "SIO", &r);
    }
    int cc = finish(c, &r);
    if (how == SIO_RUN) chan_prog_run(d);
    return cc;
}

/* A program that polls a working subchannel with TEST I/O would otherwise run
 * millions of them while an I/O thread waits for its turn at the lock (or for a
 * host CPU): OS/VS1's page-fault path polls so, and counts the loops until it
 * declares an I/O error. A real channel runs at device speed and answers TEST I/O
 * when it can, so a TEST I/O that finds the program running waits for its next
 * command to end, at most TIO_PACE_US: each poll then sees the program advance,
 * however the host schedules the threads. */
#define TIO_PACE_US 1000

static void tio_pace(struct channel_subsystem *s, struct subchannel *sc)
{
    if (s->sync || !(sc->queued || sc->active) || sc->wait_de) return;
    struct timespec dl;
    clock_gettime(CLOCK_REALTIME, &dl);
    dl.tv_nsec += TIO_PACE_US * 1000L;
    if (dl.tv_nsec >= 1000000000L) { dl.tv_sec++; dl.tv_nsec -= 1000000000L; }
    pthread_cond_timedwait(&s->progress, &s->lock, &dl);
}

/* TEST I/O (PoO): clears and stores a pending interruption, else reports state. */
int chan_tio(struct cpu *c, uint16_t devnum)
{
    struct machine *m = c->m;
    struct channel_subsystem *s = m->chss;
    if (!s) return 3;
    struct io_result r = { .cc = 3 };
    lock(s);
    struct device *d = find_locked(m, devnum);
    if (d && d->sc.working) {
        tio_pace(s, &d->sc);
        d = find_locked(m, devnum);     /* it may have been detached meanwhile */
    }
    if (d) {
        struct subchannel *sc = &d->sc;
        if (sc->working) {
            r.cc = 2;
        } else if (has_pending(d)) {
            take_pending(s, d, r.csw);
            r.cc = 1;
            r.store = STORE_CSW;
        } else if (sc->active || sc->dev_busy) {
            status_only(&r, US_BUSY, 0);
        } else {
            r.cc = 0;
        }
    }
    trace_insn(d, "TIO", &r);
    unlock(s);
    return finish(c, &r);
}

/* CLEAR I/O (PoO): a working subchannel is made available at once, with the CSW
 * describing how far the program got and no interruption; a concluded one has its
 * interruption cleared and stored. The device itself is not addressed. */
int chan_clrio(struct cpu *c, uint16_t devnum)
{
    struct machine *m = c->m;
    struct channel_subsystem *s = m->chss;
    if (!s) return 3;
    struct io_result r = { .cc = 3 };
    lock(s);
    struct device *d = find_locked(m, devnum);
    if (d) {
        struct subchannel *sc = &d->sc;
        r.cc = 0;
        if (sc->working) {
            bool was = has_pending(d);
            chan_prog_csw(d, 0, 0, r.csw);
            r.cc = 1;
            r.store = STORE_CSW;
            if (sc->queued) dequeue(s, d);
            if (sc->active) {
                sc->cleared = true;
                r.halt_dev = d;
            }
            if (sc->wait_de) sc->dev_busy = true;
            sc->working = sc->wait_de = sc->halt = false;
            sc->prog.parked = false;
            if (sc->pend == PEND_PCI) sc->pend = PEND_NONE;
            note_pending(s, d, was);
        } else if (sc->pend == PEND_FINAL) {
            bool was = has_pending(d);
            memcpy(r.csw, sc->csw, 8);
            sc->pend = PEND_NONE;
            note_pending(s, d, was);
            r.cc = 1;
            r.store = STORE_CSW;
        }
    }
    trace_insn(d, "CLRIO", &r);
    signal_halt(&r);
    unlock(s);
    return finish(c, &r);
}

/* HALT I/O and HALT DEVICE (PoO): the device is signalled to end its operation and
 * the status portion of the CSW is stored with zeros; a working subchannel ends
 * with an interruption (at once if it was queued or waiting for device end). */
int chan_hio(struct cpu *c, uint16_t devnum, bool hdv)
{
    /* one device per subchannel: HIO and HDV act alike */
    struct machine *m = c->m;
    struct channel_subsystem *s = m->chss;
    if (!s) return 3;
    struct io_result r = { .cc = 3 };
    lock(s);
    struct device *d = find_locked(m, devnum);
    if (d) {
        struct subchannel *sc = &d->sc;
        if (!sc->working && sc->pend == PEND_FINAL) {
            r.cc = 0;
        } else {
            status_only(&r, 0, 0);
            if (sc->working) {
                sc->halt = true;
                if (sc->queued || sc->wait_de) {
                    uint8_t csw[8];
                    bool waited = sc->wait_de;
                    if (sc->queued) dequeue(s, d);
                    chan_prog_csw(d, waited ? sc->prog.status : US_CE | US_DE, 0, csw);
                    conclude_locked(s, d, csw, waited);
                    r.post = true;
                } else {
                    r.halt_dev = d;
                }
            } else if (sc->active || sc->dev_busy) {
                r.halt_dev = d;
            }
        }
    }
    trace_insn(d, hdv ? "HDV" : "HIO", &r);
    signal_halt(&r);
    unlock(s);
    return finish(c, &r);
}

/* TEST CHANNEL (PoO): 0 available, 1 interruption pending in the channel, 3 not
 * operational (no device on it). The channel is never seen working. */
int chan_tch(struct cpu *c, uint16_t ch)
{
    struct machine *m = c->m;
    struct channel_subsystem *s = m->chss;
    if (!s) return 3;
    int cc = 3;
    lock(s);
    for (struct device *d = m->devs; d; d = d->next) {
        if (d->chan != ch) continue;
        if (cc == 3) cc = 0;
        if (has_pending(d)) { cc = 1; break; }
    }
    unlock(s);
    return cc;
}

/* STORE CHANNEL ID (PoO): the channel ID word at real 168: bits 0-3 channel type,
 * 0001 byte multiplexer (channel 0) or 0010 block multiplexer. */
int chan_stidc(struct cpu *c, uint16_t ch)
{
    struct machine *m = c->m;
    struct channel_subsystem *s = m->chss;
    if (!s) return 3;
    lock(s);
    bool exists = channel_exists(m, ch);
    unlock(s);
    if (!exists) return 3;
    put32(cpu_real_ptr(c, PSA_CHANID, 4), ch == 0 ? 0x10000000u : 0x20000000u);
    cpu_abs_set_ref(m, cpu_real_to_abs(c, PSA_CHANID), true);
    return 0;
}

/* ---- IPL --------------------------------------------------------------------- */

int chan_ipl(struct machine *m, uint16_t devnum, uint8_t csw[8])
{
    struct channel_subsystem *s = m->chss;
    static const uint8_t ipl_ccw[8] = { 0x02, 0, 0, 0, CCW_CC | CCW_SLI, 0, 0, 24 };
    if (!s || m->mainsize < 24) return 3;
    memset(csw, 0, 8);
    lock(s);
    struct device *d = find_locked(m, devnum);
    if (!d) { unlock(s); return 3; }
    struct subchannel *sc = &d->sc;
    if (sc->working || sc->active) {
        unlock(s);
        csw[4] = US_BUSY;
        return 1;
    }
    bool was = has_pending(d);
    sc->pend = PEND_NONE;
    sc->dev_status = 0;
    sc->dev_busy = false;
    note_pending(s, d, was);
    memcpy(m->mainstor, ipl_ccw, 8);
    if (chan_prog_start(d, 0, csw)) { unlock(s); return 1; }
    sc->working = sc->active = true;
    sc->halt = false;
    sc->held = 0;
    unlock(s);
    chan_prog_run(d);
    for (unsigned t = 0; t < 10000; t++) {
        lock(s);
        bool done = !sc->working;
        unlock(s);
        if (done) break;
        struct timespec ts = { 0, 1000000 };
        nanosleep(&ts, NULL);
    }
    lock(s);
    was = has_pending(d);
    if (sc->pend == PEND_FINAL) memcpy(csw, sc->csw, 8);
    sc->pend = PEND_NONE;
    note_pending(s, d, was);
    unlock(s);
    return csw[4] == (US_CE | US_DE) && csw[5] == 0 ? 0 : 1;
}

/* ---- the device list ----------------------------------------------------------- */

int chan_dev_insert(struct machine *m, struct device *d, char *err, size_t errlen)
{
    struct channel_subsystem *s = m->chss;
    int rc = 0;
    pthread_rwlock_wrlock(&m->devlock);
    if (s) lock(s);
    struct device **pp = &m->devs;
    while (*pp && (*pp)->devnum < d->devnum) pp = &(*pp)->next;
    if (*pp && (*pp)->devnum == d->devnum) {
        snprintf(err, errlen, "device %04X already exists", d->devnum);
        rc = -1;
    } else {
        d->next = *pp;
        *pp = d;
    }
    if (s) unlock(s);
    pthread_rwlock_unlock(&m->devlock);
    return rc;
}

struct device *chan_dev_remove(struct machine *m, uint16_t devnum, char *err, size_t errlen)
{
    struct channel_subsystem *s = m->chss;
    struct device *d = NULL;
    pthread_rwlock_wrlock(&m->devlock);
    if (s) lock(s);
    struct device **pp = &m->devs;
    while (*pp && (*pp)->devnum != devnum) pp = &(*pp)->next;
    if (!*pp) {
        snprintf(err, errlen, "device %04X does not exist", devnum);
    } else if ((*pp)->sc.working || (*pp)->sc.active || (*pp)->sc.queued) {
        snprintf(err, errlen, "device %04X is busy", devnum);
    } else {
        d = *pp;
        *pp = d->next;
        d->next = NULL;
        if (s && has_pending(d)) atomic_fetch_sub(&s->npending, 1);
    }
    if (s) unlock(s);
    pthread_rwlock_unlock(&m->devlock);
    return d;
}

struct device *chan_dev_find(struct machine *m, uint16_t devnum)
{
    struct channel_subsystem *s = m->chss;
    if (s) lock(s);
    struct device *d = find_locked(m, devnum);
    if (s) unlock(s);
    return d;
}

void chan_dev_release(struct device *d)
{
    free(d->sc.chain);
    free(d->sc.buf);
    d->sc.chain = NULL;
    d->sc.buf = NULL;
    d->sc.chaincap = 0;
    d->sc.bufcap = 0;
}
