/* commands.c - the operator (hardware) console: Hercules panel commands read one a
 * line, with Hercules 3.13's output layouts and message numbers so that a transcript
 * can be compared with one from Hercules. Console errors are console messages (on
 * the console output, in order with everything else), as in Hercules. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include "console/console.h"
#include "console/window.h"
#include "channel/channel.h"
#include "cpu/storage.h"
#include "devices/devices.h"
#include "devices/devtab.h"

#define MAX_WORDS 32
#define SCRIPT_DEPTH_MAX 8
#define DEFAULT_DISPLAY_LEN 64      /* `r ADDR` shows 64 bytes, as Hercules */
#define MAX_DISPLAY_LEN 0x10000
#define MAX_ALTER_LEN 1024
#define RUNTEST_DEFAULT_TIMEOUT 30.0

typedef int con_fn(struct machine *m, int argc, char **argv, const char *rest);

struct con_cmd {
    const char *name;
    unsigned minabbr;       /* shortest accepted abbreviation; 0: the full name only */
    con_fn *fn;
    const char *help;
};

#define MSG(m, ...) machine_msg((m), __VA_ARGS__)

/* ---- helpers --------------------------------------------------------------- */

static struct cpu *target(struct machine *m)
{
    if (m->con_cpu >= m->numcpu) m->con_cpu = 0;
    return m->cpus[m->con_cpu];
}

/* Stopped, and staying so: a restart still pending (posted, its thread not yet
 * awake) starts the CPU, so `restart` then `stop` must wait for it to be taken. */
static bool cpu_stopped(const struct cpu *c)
{
    return atomic_load(&c->state) != CPU_OPERATING && !(atomic_load(&c->events) & EV_RESTART);
}

static bool all_stopped(struct machine *m)
{
    for (unsigned i = 0; i < m->numcpu; i++)
        if (!cpu_stopped(m->cpus[i])) return false;
    return true;
}

/* 1 to maxdigits hex digits and nothing else. */
static bool hexval(const char *s, size_t maxdigits, uint32_t *out)
{
    size_t n = strlen(s);
    if (n < 1 || n > maxdigits || strspn(s, "0123456789abcdefABCDEF") != n) return false;
    *out = (uint32_t)strtoul(s, NULL, 16);
    return true;
}

static bool decval(const char *s, long lo, long hi, long *out)
{
    size_t n = strlen(s);
    if (n < 1 || n > 9 || strspn(s, "0123456789") != n) return false;
    *out = strtol(s, NULL, 10);
    return *out >= lo && *out <= hi;
}

static uint64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static void deadline_after(struct timespec *ts, double seconds)
{
    clock_gettime(CLOCK_REALTIME, ts);
    double s = floor(seconds);
    ts->tv_sec += (time_t)s;
    ts->tv_nsec += (long)((seconds - s) * 1e9);
    if (ts->tv_nsec >= 1000000000L) { ts->tv_sec++; ts->tv_nsec -= 1000000000L; }
}

static bool past(const struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    return now.tv_sec > t->tv_sec || (now.tv_sec == t->tv_sec && now.tv_nsec >= t->tv_nsec);
}

/* Wait on statecond (the CPU threads broadcast it on every state change) until
 * done(m) or the deadline; a short slice covers a change that raced the check. */
static bool wait_until(struct machine *m, bool (*done)(struct machine *), double seconds)
{
    struct timespec deadline;
    deadline_after(&deadline, seconds);
    pthread_mutex_lock(&m->lock);
    bool ok;
    while (!(ok = done(m)) && !past(&deadline)) {
        struct timespec slice;
        deadline_after(&slice, 0.05);
        pthread_cond_timedwait(&m->statecond, &m->lock, &slice);
    }
    pthread_mutex_unlock(&m->lock);
    return ok;
}

/* Stop every operating CPU and wait until all are stopped. */
static bool stop_all(struct machine *m)
{
    for (unsigned i = 0; i < m->numcpu; i++)
        if (!cpu_stopped(m->cpus[i])) cpu_stop(m->cpus[i]);
    return wait_until(m, all_stopped, 5.0);
}

/* ---- machine threads ------------------------------------------------------- */

/* End the CPU and timer threads: operating CPUs are told to stop, since a CPU in
 * its instruction loop looks at m->quitting only when it stops or waits. */
static void threads_end(struct machine *m)
{
    pthread_mutex_lock(&m->lock);
    m->quitting = true;
    pthread_mutex_unlock(&m->lock);
    for (unsigned i = 0; i < m->numcpu; i++)
        if (!cpu_stopped(m->cpus[i])) cpu_stop(m->cpus[i]);
    machine_kick(m);
    for (unsigned i = 0; i < m->numcpu; i++) cpu_thread_join(m->cpus[i]);
    timer_thread_stop(m);
}

static int threads_begin(struct machine *m)
{
    m->quitting = false;
    for (unsigned i = 0; i < m->numcpu; i++) {
        if (cpu_thread_start(m->cpus[i])) {
            MSG(m, "HHCCP001E CPU%04X thread creation failed\n", i);
            return -1;
        }
    }
    timer_thread_start(m);
    return 0;
}

int con_machine_start(struct machine *m)
{
    m->con_rate_us = now_us();
    m->con_rate_insts = 0;
    return threads_begin(m);
}

void con_machine_shutdown(struct machine *m)
{
    threads_end(m);
}

/* ---- storage display and alteration ---------------------------------------- */

enum space { SP_REAL = 'R', SP_ABS = 'A', SP_VIRT = 'V' };

struct stor_op {
    uint32_t addr, len;
    bool alter;
    unsigned ndata;
    uint8_t data[MAX_ALTER_LEN];
};

/* ADDR, ADDR.LEN, ADDR-END or ADDR=HEXBYTES (blanks in the bytes allowed). */
static bool parse_stor(struct machine *m, const char *rest, struct stor_op *op)
{
    char s[4 * MAX_ALTER_LEN], *o = s;
    for (const char *p = rest; *p && o < s + sizeof s - 1; p++)
        if (!isspace((unsigned char)*p)) *o++ = *p;
    *o = 0;
    char *sep = s + strspn(s, "0123456789abcdefABCDEF");
    char c = *sep;
    *sep = 0;
    op->alter = false;
    op->len = DEFAULT_DISPLAY_LEN;
    if (!hexval(s, 8, &op->addr)) {
        *sep = c;
        MSG(m, "HHCPN144E Invalid operand:  %s\n", s);
        return false;
    }
    *sep = c;
    const char *arg = sep + 1;
    uint32_t v;
    switch (c) {
    case 0:
        return true;
    case '.':
        if (!hexval(arg, 8, &v) || v == 0 || v > MAX_DISPLAY_LEN) break;
        op->len = v;
        return true;
    case '-':
        if (!hexval(arg, 8, &v) || v < op->addr || v - op->addr >= MAX_DISPLAY_LEN) break;
        op->len = v - op->addr + 1;
        return true;
    case '=': {
        size_t n = strlen(arg);
        if (n == 0 || n % 2 || n / 2 > MAX_ALTER_LEN || strspn(arg, "0123456789abcdefABCDEF") != n) {
            MSG(m, "HHCPN144E Invalid operand:  %s\n", s);
            return false;
        }
        for (size_t i = 0; i < n / 2; i++) {
            char b[3] = { arg[2 * i], arg[2 * i + 1], 0 };
            op->data[i] = (uint8_t)strtoul(b, NULL, 16);
        }
        op->ndata = (unsigned)(n / 2);
        op->len = op->ndata;
        op->alter = true;
        return true;
    }
    default:
        MSG(m, "HHCPN144E Invalid operand:  %s\n", s);
        return false;
    }
    MSG(m, "HHCPN145E Invalid range:  %s\n", s);
    return false;
}

static bool dat_on(const struct cpu *c)
{
    return c->psw.ec && (c->psw.sysmask & EC_DAT);
}

/* DAT for the console; the CPU's translation-exception address is left alone. */
static int xlate(struct cpu *c, uint32_t va, uint32_t *real)
{
    uint32_t saved = c->trans_addr;
    int code = cpu_dat(c, va, real, NULL, NULL);
    c->trans_addr = saved;
    return code;
}

/* Absolute address of addr in the given space. Returns 0, a translation
 * exception code, or -1 when the address is outside main storage. */
static int to_abs(struct cpu *c, enum space sp, uint32_t addr, uint32_t *abs)
{
    uint32_t real = addr;
    if (sp == SP_ABS) {
        *abs = addr;
    } else {
        if (sp == SP_VIRT && dat_on(c)) {
            int code = xlate(c, addr, &real);
            if (code) return code;
        }
        if (real > AMASK) return -1;
        *abs = cpu_real_to_abs(c, real);
    }
    return *abs < c->m->mainsize ? 0 : -1;
}

static void show_stor(struct machine *m, struct cpu *c, enum space sp, uint32_t addr, uint32_t len)
{
    char line[160];
    uint64_t end = (uint64_t)addr + len;
    for (uint64_t a = addr; a < end;) {
        uint32_t abs = 0;
        int rc = a > 0xFFFFFFFFu ? -1 : to_abs(c, sp, (uint32_t)a, &abs);
        if (rc > 0) {
            MSG(m, "V:%08X: Translation exception %04X\n", (unsigned)a, rc);
            return;
        }
        unsigned n = 0;
        if (rc == 0) n = cpu_fmt_stor(m, (char)sp, (uint32_t)a, abs, line, sizeof line, true);
        else snprintf(line, sizeof line, "%c:%08X: Real address is not valid\n", sp, (unsigned)a);
        MSG(m, "%s", line);
        a += n ? n : 16;
    }
}

/* The whole alteration is checked before any byte is stored. */
static bool alter_stor(struct machine *m, struct cpu *c, enum space sp, const struct stor_op *op)
{
    uint32_t *abs = malloc(op->ndata * sizeof *abs);
    if (!abs) return false;
    for (unsigned i = 0; i < op->ndata; i++) {
        uint32_t a = op->addr + i;
        int rc = op->addr > 0xFFFFFFFFu - i ? -1 : to_abs(c, sp, a, &abs[i]);
        if (rc > 0) MSG(m, "V:%08X: Translation exception %04X\n", a, rc);
        if (rc < 0) MSG(m, "%c:%08X: Addressing exception; storage not altered\n", sp, a);
        if (rc) { free(abs); return false; }
    }
    for (unsigned i = 0; i < op->ndata; i++) {
        m->mainstor[abs[i]] = op->data[i];
        m->keys[abs[i] >> BLOCK_SHIFT] |= SK_REF | SK_CHG;
    }
    free(abs);
    return true;
}

static int stor_cmd(struct machine *m, enum space sp, const char *cmd, const char *rest)
{
    struct cpu *c = target(m);
    struct stor_op *op = malloc(sizeof *op);
    if (!op) return -1;
    int rc = -1;
    while (*rest && isspace((unsigned char)*rest)) rest++;
    if (!*rest) {
        MSG(m, "HHC02202E Missing argument(s). Type 'help %s' for assistance.\n", cmd);
    } else if (parse_stor(m, rest, op)) {
        if (sp == SP_VIRT) {
            uint32_t real = op->addr;
            int t = dat_on(c) ? xlate(c, op->addr, &real) : 0;
            if (t) MSG(m, "V:%08X (primary)\n", op->addr);
            else MSG(m, "V:%08X (%s) R:%08X\n", op->addr, dat_on(c) ? "primary" : "dat off", real);
        }
        if (!op->alter || alter_stor(m, c, sp, op)) {
            show_stor(m, c, sp, op->addr, op->len);
            rc = 0;
        }
    }
    free(op);
    return rc;
}

static int cmd_r(struct machine *m, int argc, char **argv, const char *rest)
{
    (void)argc;
    return stor_cmd(m, SP_REAL, argv[0], rest);
}

static int cmd_abs(struct machine *m, int argc, char **argv, const char *rest)
{
    (void)argc;
    return stor_cmd(m, SP_ABS, argv[0], rest);
}

static int cmd_v(struct machine *m, int argc, char **argv, const char *rest)
{
    (void)argc;
    return stor_cmd(m, SP_VIRT, argv[0], rest);
}

/* ---- registers ------------------------------------------------------------- */

static void show_regs(struct machine *m, struct cpu *c, char which)
{
    char buf[512];
    cpu_fmt_regs(c, which, buf, sizeof buf);
    MSG(m, "%s", buf);
}

/* `gpr N=HEX` and `cr N=HEX`: N decimal 0-15, up to 8 hex digits. */
static bool reg_alter(struct machine *m, const char *cmd, int argc, char **argv, uint32_t *regs)
{
    if (argc < 2) return true;
    char buf[64];
    snprintf(buf, sizeof buf, "%s", argv[1]);
    char *eq = strchr(buf, '=');
    long n;
    uint32_t v;
    if (argc > 2 || !eq) goto bad;
    *eq = 0;
    if (!decval(buf, 0, 15, &n) || !hexval(eq + 1, 8, &v)) goto bad;
    regs[n] = v;
    return true;
bad:
    MSG(m, "HHCPN162E Invalid format. Enter \"help %s\" for help.\n", cmd);
    return false;
}

static int cmd_gpr(struct machine *m, int argc, char **argv, const char *rest)
{
    (void)rest;
    struct cpu *c = target(m);
    if (!reg_alter(m, "gpr", argc, argv, c->gr)) return -1;
    show_regs(m, c, 'G');
    return 0;
}

static int cmd_cr(struct machine *m, int argc, char **argv, const char *rest)
{
    (void)rest;
    struct cpu *c = target(m);
    if (!reg_alter(m, "cr", argc, argv, c->cr)) return -1;
    if (argc > 1) {
        /* CR0 and CR1 shape translation and the TLB context (PoO: DAT control). */
        if (cpu_stopped(c)) cpu_tlb_purge(c);
        else cpu_post(c, EV_TLBFLUSH);
        cpu_masks_changed(c);
    }
    show_regs(m, c, 'C');
    return 0;
}

static int cmd_fpr(struct machine *m, int argc, char **argv, const char *rest)
{
    (void)argc; (void)argv; (void)rest;
    show_regs(m, target(m), 'F');
    return 0;
}

/* `pr HEX`: a 4K-aligned prefix inside main storage (PoO: prefixing). */
static int cmd_pr(struct machine *m, int argc, char **argv, const char *rest)
{
    (void)rest;
    struct cpu *c = target(m);
    if (argc > 1) {
        uint32_t v;
        if (argc > 2 || !hexval(argv[1], 8, &v) || (v & ~0x00FFF000u) || v + 4096 > m->mainsize) {
            MSG(m, "HHCPN144E Invalid operand:  %s\n", argv[1]);
            return -1;
        }
        if (!cpu_stopped(c)) {
            MSG(m, "HHC02247E Operation rejected: CPU not stopped\n");
            return -1;
        }
        c->prefix = v;
        cpu_tlb_purge(c);
    }
    MSG(m, "Prefix=%08X\n", c->prefix);
    return 0;
}

static void show_psw(struct machine *m, struct cpu *c)
{
    const struct psw *p = &c->psw;
    uint8_t o[8];
    cpu_psw_store(c, o);
    MSG(m, "psw sm=%02X pk=%u cmwp=%X as=pri cc=%u pm=%X am=24 ia=%X\n"
           "PSW=%02X%02X%02X%02X %02X%02X%02X%02X\n",
        p->sysmask, p->key, (p->ec ? 8 : 0) | (p->mcheck ? 4 : 0) | (p->wait ? 2 : 0) | (p->prob ? 1 : 0),
        p->cc, p->progmask, p->ia, o[0], o[1], o[2], o[3], o[4], o[5], o[6], o[7]);
}

/* One `field=value` of `psw` (Hercules 4): decimal pk and cc, hex for the rest. */
static bool psw_field(struct psw *p, const char *name, const char *val)
{
    uint32_t h;
    long d;
    if (!strcasecmp(name, "sm") && hexval(val, 2, &h)) { p->sysmask = (uint8_t)h; return true; }
    if (!strcasecmp(name, "pk") && decval(val, 0, 15, &d)) { p->key = (uint8_t)d; return true; }
    if (!strcasecmp(name, "cmwp") && hexval(val, 1, &h)) {
        p->ec = h & 8; p->mcheck = h & 4; p->wait = h & 2; p->prob = h & 1;
        return true;
    }
    if (!strcasecmp(name, "cc") && decval(val, 0, 3, &d)) { p->cc = (uint8_t)d; return true; }
    if (!strcasecmp(name, "pm") && hexval(val, 1, &h)) { p->progmask = (uint8_t)h; return true; }
    if (!strcasecmp(name, "ia") && hexval(val, 16, &h)) { p->ia = h & AMASK; return true; }
    if (!strcasecmp(name, "as")) return !strcasecmp(val, "pri");
    if (!strcasecmp(name, "am")) return !strcmp(val, "24");
    return false;
}

static int cmd_psw(struct machine *m, int argc, char **argv, const char *rest)
{
    (void)rest;
    struct cpu *c = target(m);
    if (argc > 1) {
        if (!cpu_stopped(c)) {
            MSG(m, "HHC02247E Operation rejected: CPU not stopped\n");
            return -1;
        }
        struct psw p = c->psw;
        for (int i = 1; i < argc; i++) {
            char buf[64];
            snprintf(buf, sizeof buf, "%s", argv[i]);
            char *eq = strchr(buf, '=');
            if (eq) *eq = 0;
            if (!eq || !psw_field(&p, buf, eq + 1)) {
                MSG(m, "HHC02205E Invalid argument %s\n", argv[i]);
                return -1;
            }
        }
        c->psw = p;
        c->wait_reported = false;
        cpu_update_ctx(c);
        cpu_masks_changed(c);
    }
    show_psw(m, c);
    return 0;
}

/* ---- run control ------------------------------------------------------------ */

static int cmd_start(struct machine *m, int argc, char **argv, const char *rest)
{
    (void)argc; (void)argv; (void)rest;
    cpu_start(target(m));
    return 0;
}

static bool target_stopped(struct machine *m) { return cpu_stopped(target(m)); }

/* The stop takes effect before the next command, as the operator sees it on a real
 * console: `stop` then `ipl` must not find the CPU still running. */
static int cmd_stop(struct machine *m, int argc, char **argv, const char *rest)
{
    (void)argc; (void)argv; (void)rest;
    cpu_stop(target(m));
    wait_until(m, target_stopped, 5.0);
    return 0;
}

static int cmd_startall(struct machine *m, int argc, char **argv, const char *rest)
{
    (void)argc; (void)argv; (void)rest;
    for (unsigned i = 0; i < m->numcpu; i++) cpu_start(m->cpus[i]);
    return 0;
}

static int cmd_stopall(struct machine *m, int argc, char **argv, const char *rest)
{
    (void)argc; (void)argv; (void)rest;
    stop_all(m);
    return 0;
}

static bool target_restarted(struct machine *m)
{
    return !(atomic_load(&target(m)->events) & EV_RESTART);
}

/* The restart interruption occurs before the next command (as on a real console):
 * a `stop` posted while the restart is still pending would be handled first and
 * the restart would then start the CPU again. */
static int cmd_restart(struct machine *m, int argc, char **argv, const char *rest)
{
    (void)argc; (void)argv; (void)rest;
    MSG(m, "HHCPN038I Restart key depressed\n");
    cpu_restart(target(m));
    wait_until(m, target_restarted, 5.0);
    return 0;
}

static int cmd_ext(struct machine *m, int argc, char **argv, const char *rest)
{
    (void)argc; (void)argv; (void)rest;
    MSG(m, "HHCPN050I Interrupt key depressed\n");
    cpu_post(target(m), EV_INTKEY);
    return 0;
}

/* A CPU is finished for runtest when it is stopped with no restart still to be
 * taken, or sits in a disabled wait (which nothing but a restart can end). */
static bool cpu_finished(struct cpu *c)
{
    if (atomic_load(&c->events) & EV_RESTART) return false;
    return cpu_stopped(c) || cpu_in_disabled_wait(c);
}

static bool all_finished(struct machine *m)
{
    for (unsigned i = 0; i < m->numcpu; i++)
        if (!cpu_finished(m->cpus[i])) return false;
    return true;
}

static bool parse_seconds(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !(v >= 0) || v > 86400) return false;
    *out = v;
    return true;
}

/* runtest [restart|start] [TIMEOUT]: restart interrupts the target CPU; start
 * starts every CPU. */
static int cmd_runtest(struct machine *m, int argc, char **argv, const char *rest)
{
    (void)rest;
    bool start = false;
    double timeout = RUNTEST_DEFAULT_TIMEOUT;
    for (int i = 1; i < argc; i++) {
        if (!strcasecmp(argv[i], "start")) start = true;
        else if (!strcasecmp(argv[i], "restart")) start = false;
        else if (!parse_seconds(argv[i], &timeout)) {
            MSG(m, "HHC02205E Invalid argument %s\n", argv[i]);
            return -1;
        }
    }
    if (start) {
        for (unsigned i = 0; i < m->numcpu; i++) cpu_start(m->cpus[i]);
    } else {
        MSG(m, "HHCPN038I Restart key depressed\n");
        cpu_restart(target(m));
    }
    if (!wait_until(m, all_finished, timeout)) {
        MSG(m, "HHC02332E runtest: timed out after %g seconds; CPUs still running\n", timeout);
        return -1;
    }
    return 0;
}

static int cmd_pause(struct machine *m, int argc, char **argv, const char *rest)
{
    (void)rest;
    double s;
    if (argc != 2 || !parse_seconds(argv[1], &s)) {
        MSG(m, "HHCPN010W Ignoring invalid pause statement: %s\n", argc > 1 ? argv[1] : "");
        return -1;
    }
    struct timespec ts = { (time_t)s, (long)((s - floor(s)) * 1e9) };
    while (nanosleep(&ts, &ts) && errno == EINTR) {}
    return 0;
}

/* ---- resets and configuration ------------------------------------------------ */

/* System reset (PoO: resets): normal does a CPU reset of every CPU; clear does an
 * initial CPU reset and clears main storage and the storage keys; both reset the
 * I/O system (pending interruptions and channel programs go). */
static void system_reset(struct machine *m, bool clear)
{
    stop_all(m);
    chan_reset(m);
    pthread_mutex_lock(&m->lock);
    for (unsigned i = 0; i < m->numcpu; i++) {
        if (clear) cpu_initial_reset(m->cpus[i]);
        else cpu_reset(m->cpus[i]);
    }
    if (clear) {
        memset(m->mainstor, 0, m->mainsize);
        memset(m->keys, 0, m->mainsize >> BLOCK_SHIFT);
    }
    pthread_mutex_unlock(&m->lock);
}

static int cmd_sysreset(struct machine *m, int argc, char **argv, const char *rest)
{
    (void)argc; (void)argv; (void)rest;
    system_reset(m, false);
    return 0;
}

static int cmd_sysclear(struct machine *m, int argc, char **argv, const char *rest)
{
    (void)argc; (void)argv; (void)rest;
    system_reset(m, true);
    return 0;
}

static int cmd_archmode(struct machine *m, int argc, char **argv, const char *rest)
{
    (void)rest;
    if (argc > 1 && strcasecmp(argv[1], "S/370") && strcasecmp(argv[1], "S370")) {
        MSG(m, "HHCPN127E Invalid architecture mode %s: s370 emulates S/370 only\n", argv[1]);
        return -1;
    }
    MSG(m, "HHCPN126I Architecture mode = S/370\n");
    return 0;
}

/* mainsize and numcpu rebuild storage or CPUs, so the threads end first. */
static int resize(struct machine *m, const char *name, int argc, char **argv, long lo, long hi,
                  bool storage)
{
    long v;
    if (argc < 2) {
        MSG(m, "HHC02203I %-14s: %u%s\n", name, storage ? m->cfg.mainsize_mb : m->numcpu,
            storage ? "M" : "");
        return 0;
    }
    if (argc > 2 || !decval(argv[1], lo, hi, &v)) {
        MSG(m, "HHC02205E Invalid argument %s (%ld to %ld)\n", argv[1], lo, hi);
        return -1;
    }
    if (!all_stopped(m)) {
        MSG(m, "HHC02253E All CPU's must be stopped to change %s\n", name);
        return -1;
    }
    char err[256];
    bool threads = m->cpus[0]->thread_started;
    if (threads) threads_end(m);
    pthread_mutex_lock(&m->lock);   /* the SDL2 window reads the CPUs meanwhile */
    int rc = machine_resize(m, storage ? (unsigned)v : 0, storage ? 0 : (unsigned)v, err, sizeof err);
    pthread_mutex_unlock(&m->lock);
    if (threads) threads_begin(m);
    if (rc) {
        MSG(m, "HHC02205E Invalid argument %s: %s\n", argv[1], err);
        return -1;
    }
    MSG(m, "HHC02204I %-14s set to %ld%s\n", name, v, storage ? "M" : "");
    return 0;
}

static int cmd_mainsize(struct machine *m, int argc, char **argv, const char *rest)
{
    (void)rest;
    return resize(m, "mainsize", argc, argv, 1, MAX_MAINSIZE_MB, true);
}

static int cmd_numcpu(struct machine *m, int argc, char **argv, const char *rest)
{
    (void)rest;
    return resize(m, "numcpu", argc, argv, 1, CPU_MAX, false);
}

static int cmd_cpu(struct machine *m, int argc, char **argv, const char *rest)
{
    (void)rest;
    uint32_t n;
    if (argc < 2) {
        MSG(m, "HHCPN054I Target CPU is %u\n", m->con_cpu);
        return 0;
    }
    if (argc > 2 || !hexval(argv[1], 2, &n) || n >= m->numcpu) {
        MSG(m, "HHCPN055E Target CPU %s is invalid\n", argv[1]);
        return -1;
    }
    m->con_cpu = n;
    return 0;
}

/* ---- loading storage ---------------------------------------------------------- */

static bool load_addr(struct machine *m, int argc, char **argv, uint32_t *addr)
{
    *addr = 0;
    if (argc < 3) return true;
    if (argc > 3 || !hexval(argv[2], 8, addr) || *addr >= m->mainsize) {
        MSG(m, "HHCPN110E Invalid address: %s\n", argv[2]);
        return false;
    }
    return true;
}

static void touch(struct machine *m, uint32_t abs, size_t len)
{
    for (size_t off = 0; off < len; off += 1u << BLOCK_SHIFT)
        m->keys[(abs + off) >> BLOCK_SHIFT] |= SK_REF | SK_CHG;
    if (len) m->keys[(abs + len - 1) >> BLOCK_SHIFT] |= SK_REF | SK_CHG;
}

/* loadcore FILE [ADDR]: the file's bytes into absolute storage. */
static int cmd_loadcore(struct machine *m, int argc, char **argv, const char *rest)
{
    (void)rest;
    uint32_t addr;
    if (argc < 2) {
        MSG(m, "HHCPN108E loadcore rejected: filename missing\n");
        return -1;
    }
    if (!load_addr(m, argc, argv, &addr)) return -1;
    if (!all_stopped(m)) {
        MSG(m, "HHCPN111E loadcore rejected: CPU not stopped\n");
        return -1;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        MSG(m, "HHCPN109E Cannot open %s: %s\n", argv[1], strerror(errno));
        return -1;
    }
    MSG(m, "HHCPN112I Loading %s to location %x \n", argv[1], addr);
    size_t room = m->mainsize - addr;
    size_t n = fread(m->mainstor + addr, 1, room, f);
    if (n == room && fgetc(f) != EOF)
        MSG(m, "HHCSC032W load_main: terminated at end of mainstor\n");
    fclose(f);
    touch(m, addr, n);
    MSG(m, "HHCPN113I %zu bytes read from %s\n", n, argv[1]);
    return 0;
}

/* loadtext FILE [ADDR]: an object deck of 80-byte cards; each TXT card puts its
 * bytes (count at 10-11, up to 56 from column 17) at ADDR plus the card's 24-bit
 * address (5-7); the END card ends the deck. Card types are EBCDIC. */
static int cmd_loadtext(struct machine *m, int argc, char **argv, const char *rest)
{
    (void)rest;
    static const uint8_t txt[4] = { 0x02, 0xE3, 0xE7, 0xE3 }, end[4] = { 0x02, 0xC5, 0xD5, 0xC4 };
    uint32_t base, last = 0;
    if (argc < 2) {
        MSG(m, "HHCPN114E loadtext rejected: filename missing\n");
        return -1;
    }
    if (!load_addr(m, argc, argv, &base)) return -1;
    if (!all_stopped(m)) {
        MSG(m, "HHCPN117E loadtext rejected: CPU not stopped\n");
        return -1;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        MSG(m, "HHCPN118E Cannot open %s: %s\n", argv[1], strerror(errno));
        return -1;
    }
    uint8_t card[80];
    int rc = 0;
    while (fread(card, 1, sizeof card, f) == sizeof card) {
        if (!memcmp(card, end, 4)) break;
        if (memcmp(card, txt, 4)) continue;
        uint32_t a = (uint32_t)(card[5] << 16 | card[6] << 8 | card[7]);
        unsigned len = (unsigned)(card[10] << 8 | card[11]);
        if (len > 56) len = 56;
        if ((uint64_t)base + a + len > m->mainsize) {
            MSG(m, "HHCPN119E Address %X exceeds main storage size\n", base + a);
            rc = -1;
            break;
        }
        memcpy(m->mainstor + base + a, card + 16, len);
        touch(m, base + a, len);
        last = a;
    }
    fclose(f);
    MSG(m, "HHCPN120I Finished loading TEXT deck file\n"
           "          Last 'TXT' record had address: %03X\n", last);
    return rc;
}

/* ---- devices --------------------------------------------------------------------- */

static bool devnum_arg(struct machine *m, int argc, char **argv, uint32_t *dev)
{
    if (argc < 2) {
        MSG(m, "HHC02201E Device number missing\n");
        return false;
    }
    if (!hexval(argv[1], 4, dev)) {
        MSG(m, "HHC02205E Invalid argument %s\n", argv[1]);
        return false;
    }
    return true;
}

/* The operator's load parameter: up to 8 characters, kept upper case in the
 * configuration (S/370 has no architected place for it). */
static bool ipl_loadparm(struct machine *m, int argc, char **argv)
{
    const char *parm = NULL;
    if (argc == 3) parm = argv[2];
    else if (argc == 4 && !strcasecmp(argv[2], "loadparm")) parm = argv[3];
    else if (argc > 2) {
        MSG(m, "HHC02205E Invalid argument %s\n", argv[2]);
        return false;
    }
    if (!parm) return true;
    if (strlen(parm) > 8) {
        MSG(m, "HHC02205E Invalid argument %s (loadparm has at most 8 characters)\n", parm);
        return false;
    }
    size_t i;
    for (i = 0; parm[i]; i++) m->cfg.loadparm[i] = (char)toupper((unsigned char)parm[i]);
    m->cfg.loadparm[i] = 0;
    return true;
}

static void ipl_failed(struct machine *m, uint16_t dev, const uint8_t csw[8])
{
    struct device *d = dev_find(m, dev);
    char sense[3 * DEV_SENSE_MAX + 8] = "";
    size_t n = 0;
    for (unsigned i = 0; d && i < d->senselen && i < DEV_SENSE_MAX; i++)
        n += (size_t)snprintf(sense + n, sizeof sense - n, (i & 3) == 3 ? "%02X " : "%02X",
                              d->sense[i]);
    MSG(m, "HHCCP029E S/370 mode IPL failed: CSW status=%02X%02X\n"
           "           Sense=%s\n", csw[4], csw[5], sense);
}

/* The I/O address of the IPL device (PoO: initial program loading): at real 186-187,
 * and in bytes 2-3 of the IPL PSW when it specifies BC mode. Prefix is 0 here. */
static void ipl_store_devnum(struct machine *m, uint16_t dev)
{
    enum { IPL_IOADDR = 0xBA };
    put16(m->mainstor + IPL_IOADDR, dev);
    touch(m, IPL_IOADDR, 2);
    if (!(m->mainstor[1] & 0x08)) {
        put16(m->mainstor + 2, dev);
        touch(m, 2, 2);
    }
}

/* ipl CCUU [LOADPARM]: system reset (initial CPU reset of the target CPU, CPU reset
 * of the others, I/O reset), the IPL channel program, then the PSW at 0. */
static int cmd_ipl(struct machine *m, int argc, char **argv, const char *rest)
{
    (void)rest;
    uint32_t dev;
    if (!devnum_arg(m, argc, argv, &dev) || !ipl_loadparm(m, argc, argv)) return -1;
    if (!all_stopped(m)) {
        MSG(m, "HHCPN053E ipl rejected: All CPU's must be stopped\n");
        return -1;
    }
    if (!dev_find(m, (uint16_t)dev)) {
        MSG(m, "HHCCP027E Device %04X not in configuration\n", dev);
        return -1;
    }
    struct cpu *c = target(m);
    system_reset(m, false);
    pthread_mutex_lock(&m->lock);
    cpu_initial_reset(c);
    pthread_mutex_unlock(&m->lock);
    uint8_t csw[8];
    int rc = chan_ipl(m, (uint16_t)dev, csw);
    if (rc == 3) {
        MSG(m, "HHCCP027E Device %04X not in configuration\n", dev);
        return -1;
    }
    if (rc) {
        ipl_failed(m, (uint16_t)dev, csw);
        return -1;
    }
    ipl_store_devnum(m, (uint16_t)dev);
    const uint8_t *psw = m->mainstor;
    if (!cpu_psw_valid(psw)) {
        MSG(m, "HHCCP030E S/370 mode IPL failed: Invalid IPL PSW: "
               "%02X%02X%02X%02X %02X%02X%02X%02X\n",
            psw[0], psw[1], psw[2], psw[3], psw[4], psw[5], psw[6], psw[7]);
        return -1;
    }
    cpu_psw_load(c, psw);
    cpu_start(c);
    return 0;
}

static bool dev_busy(const struct device *d)
{
    return d->sc.working || d->sc.active || d->sc.queued;
}

/* One line per device, as Hercules: `0:000C 3505 hello.deck ebcdic`, the type as its
 * four-digit number, then the device's own description. */
static int cmd_devlist(struct machine *m, int argc, char **argv, const char *rest)
{
    (void)rest;
    uint32_t only = 0;
    if (argc > 1 && !hexval(argv[1], 4, &only)) {
        MSG(m, "HHC02205E Invalid argument %s\n", argv[1]);
        return -1;
    }
    if (!m->devs) {
        MSG(m, "HHC02216I Empty list: no devices are configured\n");
        return 0;
    }
    for (const struct device *d = m->devs; d; d = d->next) {
        if (argc > 1 && d->devnum != only) continue;
        char desc[512] = "";
        if (d->ops->describe) d->ops->describe(d, desc, sizeof desc);
        MSG(m, "0:%04X %.4s %s%s%s\n", d->devnum, d->type, desc, dev_busy(d) ? " busy" : "",
            d->sc.pend || d->sc.dev_status ? " pending" : "");
    }
    return 0;
}

static int cmd_attach(struct machine *m, int argc, char **argv, const char *rest)
{
    (void)rest;
    uint32_t dev;
    if (!devnum_arg(m, argc, argv, &dev)) return -1;
    if (argc < 3) {
        MSG(m, "HHC02202E Missing argument(s). Type 'help attach' for assistance.\n");
        return -1;
    }
    const struct dev_ops *ops = dev_type_find(argv[2]);
    if (!ops || !ops->execute_ccw) {
        MSG(m, "HHCCF042E Device type %s not recognized\n", argv[2]);
        return -1;
    }
    if (dev_find(m, (uint16_t)dev)) {
        MSG(m, "HHCCF041E Device 0:%04X already exists\n", dev);
        return -1;
    }
    char err[512];
    if (dev_attach(m, (uint16_t)dev, argv[2], argc - 3, argv + 3, err, sizeof err)) {
        MSG(m, "HHCCF044E Initialization failed for device %04X: %s\n", dev, err);
        return -1;
    }
    return 0;
}

static int cmd_detach(struct machine *m, int argc, char **argv, const char *rest)
{
    (void)rest;
    uint32_t dev;
    if (!devnum_arg(m, argc, argv, &dev)) return -1;
    struct device *d = dev_find(m, (uint16_t)dev);
    if (!d) {
        MSG(m, "HHCCF046E Device 0:%04X does not exist\n", dev);
        return -1;
    }
    char err[256];
    if (dev_detach(m, (uint16_t)dev, err, sizeof err)) {
        MSG(m, "HHCPN096E Device 0:%04X busy or interrupt pending: %s\n", dev, err);
        return -1;
    }
    MSG(m, "HHCCF047I Device %04X detached\n", dev);
    return 0;
}

/* devinit CCUU [ARGS]: the device is initialised again with new arguments (a new
 * deck, another tape), keeping its number and channel state. The old state is
 * released only when the new arguments are accepted. */
static int cmd_devinit(struct machine *m, int argc, char **argv, const char *rest)
{
    (void)rest;
    uint32_t dev;
    if (!devnum_arg(m, argc, argv, &dev)) return -1;
    struct device *d = dev_find(m, (uint16_t)dev);
    if (!d) {
        MSG(m, "HHCPN093E Device 0:%04X does not exist\n", dev);
        return -1;
    }
    if (dev_busy(d)) {
        MSG(m, "HHCPN096E Device 0:%04X busy or interrupt pending\n", dev);
        return -1;
    }
    void *old = d->priv;
    unsigned oldsense = d->senselen;
    char err[512];
    d->priv = NULL;
    if (d->ops->init && d->ops->init(m, d, argc - 2, argv + 2, err, sizeof err)) {
        d->priv = old;
        d->senselen = oldsense;
        MSG(m, "HHCPN097E Initialization failed for device 0:%04X: %s\n", dev, err);
        return -1;
    }
    if (d->ops->close) {
        void *fresh = d->priv;
        d->priv = old;
        d->ops->close(d);
        d->priv = fresh;
    }
    MSG(m, "HHCPN098I Device 0:%04X initialized\n", dev);
    return 0;
}

/* A panel line that begins with a console's command prefix is typed on that
 * console. True when a console took the line. */
static bool console_input(struct machine *m, const char *line)
{
    const char *text;
    struct device *d = con3215_route(m, line, &text);
    if (!d) return false;
    con3215_input(d, text);
    return true;
}

/* ---- trace, rates, reporting ------------------------------------------------------ */

static void set_trace(struct machine *m, bool on)
{
    for (unsigned i = 0; i < m->numcpu; i++) {
        m->cpus[i]->trace = on;
        cpu_post(m->cpus[i], EV_TIMER);   /* a running CPU looks at the flag between bursts */
    }
    MSG(m, "HHCPN040I Instruction tracing %s \n", on ? "on" : "off");
}

static int cmd_tplus(struct machine *m, int argc, char **argv, const char *rest)
{
    (void)argc; (void)argv; (void)rest;
    set_trace(m, true);
    return 0;
}

static int cmd_tminus(struct machine *m, int argc, char **argv, const char *rest)
{
    (void)argc; (void)argv; (void)rest;
    set_trace(m, false);
    return 0;
}

/* t+CCUU / t-CCUU (no space, as in Hercules): CCW trace of one device. */
static bool ccw_trace_cmd(struct machine *m, const char *word)
{
    if (word[0] != 't' || (word[1] != '+' && word[1] != '-') || !isxdigit((unsigned char)word[2]))
        return false;
    char *end;
    unsigned long num = strtoul(word + 2, &end, 16);
    if (*end || num > 0xFFFF) return false;
    struct device *d = dev_find(m, (uint16_t)num);
    if (!d) {
        MSG(m, "HHCPN181E Device number %04lX not found\n", num);
        return true;
    }
    d->ccwtrace = word[1] == '+';
    MSG(m, "HHCPN136I CCW tracing is now %s for device 0:%04lX\n", d->ccwtrace ? "on" : "off", num);
    return true;
}

static int cmd_tquery(struct machine *m, int argc, char **argv, const char *rest)
{
    (void)argc; (void)argv; (void)rest;
    MSG(m, "HHCPN040I Instruction tracing %s \n", target(m)->trace ? "on" : "off");
    return 0;
}

static int cmd_maxrates(struct machine *m, int argc, char **argv, const char *rest)
{
    (void)argc; (void)argv; (void)rest;
    uint64_t insts = 0, t = now_us();
    for (unsigned i = 0; i < m->numcpu; i++) insts += m->cpus[i]->instcount;
    uint64_t di = insts >= m->con_rate_insts ? insts - m->con_rate_insts : insts;
    double secs = (double)(t - m->con_rate_us) / 1e6;
    MSG(m, "HHC02268I Instructions: %llu in %.3f seconds; MIPS: %.2f\n",
        (unsigned long long)di, secs, secs > 0 ? (double)di / secs / 1e6 : 0.0);
    m->con_rate_insts = insts;
    m->con_rate_us = t;
    return 0;
}

static int cmd_pgmreport(struct machine *m, int argc, char **argv, const char *rest)
{
    (void)rest;
    if (argc > 1) {
        if (!strcasecmp(argv[1], "on")) m->report_pgm = true;
        else if (!strcasecmp(argv[1], "off")) m->report_pgm = false;
        else {
            MSG(m, "HHC02205E Invalid argument %s (on or off)\n", argv[1]);
            return -1;
        }
        MSG(m, "HHC02204I %-14s set to %s\n", "pgmreport", m->report_pgm ? "on" : "off");
        return 0;
    }
    MSG(m, "HHC02203I %-14s: %s\n", "pgmreport", m->report_pgm ? "on" : "off");
    return 0;
}

/* ---- scripts, help, quit ----------------------------------------------------------- */

/* Console input is not echoed here: the console shows it with its device number. */
static void echo(struct machine *m, const char *line)
{
    const char *text;
    if (con3215_route(m, line, &text)) return;
    const char *s = line;
    while (isspace((unsigned char)*s)) s++;
    if (*s) MSG(m, "%s\n", line);
}

static int cmd_script(struct machine *m, int argc, char **argv, const char *rest)
{
    (void)rest;
    if (argc != 2) {
        MSG(m, "HHC02202E Missing argument(s). Type 'help script' for assistance.\n");
        return -1;
    }
    if (m->con_depth >= SCRIPT_DEPTH_MAX) {
        MSG(m, "HHCPN996E Script %s rejected: scripts nested deeper than %d\n", argv[1],
            SCRIPT_DEPTH_MAX);
        return -1;
    }
    FILE *f = fopen(argv[1], "r");
    if (!f) {
        MSG(m, "HHCPN007E Script file %s open failed: %s\n", argv[1], strerror(errno));
        return -1;
    }
    MSG(m, "HHCPN008I Script file processing started using file \"%s\"\n", argv[1]);
    m->con_depth++;
    char *line = NULL;
    size_t cap = 0;
    int rc = 0;
    while (getline(&line, &cap, f) >= 0) {
        line[strcspn(line, "\r\n")] = 0;
        echo(m, line);
        if (con_command(m, line) == 1) { rc = 1; break; }
    }
    free(line);
    m->con_depth--;
    fclose(f);
    if (!rc) MSG(m, "HHCPN013I EOF reached on SCRIPT file. Processing complete.\n");
    return rc;
}

/* The SDL2 window (console/window.c): screenshot FILE writes its screen and status
 * line as PNG; winkey KEY... and wintype TEXT press keys and type as its keyboard
 * would, for scripts and tests. */
static int cmd_screenshot(struct machine *m, int argc, char **argv, const char *rest)
{
    (void)rest;
    char err[512];
    if (argc != 2) {
        MSG(m, "HHC02202E Missing argument(s). Type 'help screenshot' for assistance.\n");
        return -1;
    }
    if (con_window_screenshot(m, argv[1], err, sizeof err)) {
        MSG(m, "HHC1W002E Screenshot failed: %s\n", err);
        return -1;
    }
    MSG(m, "HHC1W001I Screenshot written to %s\n", argv[1]);
    return 0;
}

static int cmd_winkey(struct machine *m, int argc, char **argv, const char *rest)
{
    (void)rest;
    char err[512];
    if (argc < 2) {
        MSG(m, "HHC02202E Missing argument(s). Type 'help winkey' for assistance.\n");
        return -1;
    }
    if (con_window_keys(m, argc - 1, argv + 1, err, sizeof err)) {
        MSG(m, "HHC1W003E winkey: %s\n", err);
        return -1;
    }
    return 0;
}

static int cmd_wintype(struct machine *m, int argc, char **argv, const char *rest)
{
    (void)argv;
    char err[512];
    rest += strspn(rest, " \t");
    if (argc < 2 || !*rest) {
        MSG(m, "HHC02202E Missing argument(s). Type 'help wintype' for assistance.\n");
        return -1;
    }
    if (con_window_type(m, rest, err, sizeof err)) {
        MSG(m, "HHC1W003E wintype: %s\n", err);
        return -1;
    }
    return 0;
}

static int cmd_quit(struct machine *m, int argc, char **argv, const char *rest)
{
    (void)m; (void)argc; (void)argv; (void)rest;
    return 1;
}

static int cmd_help(struct machine *m, int argc, char **argv, const char *rest);

static const struct con_cmd commands[] = {
    { "help", 0, cmd_help, "list all commands, or `help CMD` for one" },
    { "?", 0, cmd_help, "alias for help" },
    { "quit", 0, cmd_quit, "end s370 (also end of input)" },
    { "exit", 0, cmd_quit, "alias for quit" },
    { "cpu", 0, cmd_cpu, "cpu N: target CPU (hex) of r, v, gpr, psw, start, ..." },
    { "start", 0, cmd_start, "start the target CPU" },
    { "stop", 0, cmd_stop, "stop the target CPU" },
    { "startall", 0, cmd_startall, "start every CPU" },
    { "stopall", 0, cmd_stopall, "stop every CPU" },
    { "restart", 0, cmd_restart, "restart interruption on the target CPU" },
    { "ext", 0, cmd_ext, "interrupt key: external interruption on the target CPU" },
    { "runtest", 0, cmd_runtest, "runtest [restart|start] [SECONDS]: run until every CPU stops "
                                 "or waits disabled (default restart, 30 s)" },
    { "pause", 0, cmd_pause, "pause SECONDS: wait (fractions allowed)" },
    { "sysreset", 0, cmd_sysreset, "system reset normal: CPU reset of every CPU" },
    { "sysclear", 0, cmd_sysclear, "system reset clear: initial CPU reset, storage and keys cleared" },
    { "ipl", 0, cmd_ipl, "ipl CCUU [PARM]: initial program load from a device" },
    { "archmode", 0, cmd_archmode, "show the architecture mode (S/370 only)" },
    { "mainsize", 0, cmd_mainsize, "mainsize [MB]: show or set main storage (CPUs stopped)" },
    { "numcpu", 0, cmd_numcpu, "numcpu [N]: show or set the number of CPUs (CPUs stopped)" },
    { "loadcore", 0, cmd_loadcore, "loadcore FILE [ADDR]: load a binary file at absolute ADDR" },
    { "loadtext", 0, cmd_loadtext, "loadtext FILE [ADDR]: load an object deck's TXT cards" },
    { "r", 0, cmd_r, "r ADDR[.LEN|-END|=HEX]: display or alter real storage" },
    { "abs", 0, cmd_abs, "abs ADDR[.LEN|-END|=HEX]: display or alter absolute storage" },
    { "v", 0, cmd_v, "v ADDR[.LEN|-END|=HEX]: display or alter virtual storage" },
    { "gpr", 0, cmd_gpr, "gpr [N=HEX]: display or alter general registers" },
    { "fpr", 0, cmd_fpr, "display floating-point registers" },
    { "cr", 0, cmd_cr, "cr [N=HEX]: display or alter control registers" },
    { "pr", 0, cmd_pr, "pr [HEX]: display or set the prefix register" },
    { "psw", 0, cmd_psw, "psw [sm=xx pk=n cmwp=x cc=n pm=x ia=xxx]: display or alter the PSW" },
    { "devlist", 0, cmd_devlist, "devlist [CCUU]: list devices" },
    { "attach", 0, cmd_attach, "attach CCUU TYPE [ARGS]: add a device" },
    { "detach", 0, cmd_detach, "detach CCUU: remove a device" },
    { "devinit", 0, cmd_devinit, "devinit CCUU [ARGS]: reinitialise a device with new arguments" },
    { "t+", 0, cmd_tplus, "instruction trace on (every CPU)" },
    { "t-", 0, cmd_tminus, "instruction trace off" },
    { "t?", 0, cmd_tquery, "is the instruction trace on?" },
    { "maxrates", 0, cmd_maxrates, "instructions and MIPS since the previous maxrates" },
    { "pgmreport", 0, cmd_pgmreport, "pgmreport [on|off]: report program interruptions "
                                     "(default off)" },
    { "script", 0, cmd_script, "script FILE: run the commands in FILE" },
    { "screenshot", 0, cmd_screenshot, "screenshot FILE: save the window's screen as PNG" },
    { "winkey", 0, cmd_winkey, "winkey KEY...: press keys in the window (Return, Tab, "
                               "Shift+F1, ...)" },
    { "wintype", 0, cmd_wintype, "wintype TEXT: type TEXT in the window" },
};

static const struct con_cmd *find_cmd(const char *word)
{
    size_t n = strlen(word);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        const struct con_cmd *c = &commands[i];
        if (!strcasecmp(word, c->name)) return c;
        if (c->minabbr && n >= c->minabbr && n < strlen(c->name) && !strncasecmp(word, c->name, n))
            return c;
    }
    return NULL;
}

static int cmd_help(struct machine *m, int argc, char **argv, const char *rest)
{
    (void)rest;
    if (argc > 1) {
        const struct con_cmd *c = find_cmd(argv[1]);
        if (!c) {
            MSG(m, "HHC01604E Unknown command %s, no help available\n", argv[1]);
            return -1;
        }
        MSG(m, "%-10s %s\n", c->name, c->help);
        return 0;
    }
    MSG(m, "HHCPN140I Valid panel commands are...\n\n  %-10s %s\n  %-10s %s\n",
        "Command", "Description...", "-------", "-----------------------------------------------");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        MSG(m, "  %-10s %s\n", commands[i].name, commands[i].help);
    return 0;
}

int con_command(struct machine *m, const char *line)
{
    char buf[4096];
    char *argv[MAX_WORDS];
    int argc = 0;
    if (console_input(m, line)) return 0;
    const char *s = line;
    while (isspace((unsigned char)*s)) s++;
    if (!*s || *s == '#' || *s == '*') return 0;     /* comments, as in Hercules */
    snprintf(buf, sizeof buf, "%s", s);
    char *p = buf;
    while (*p && argc < MAX_WORDS) {
        argv[argc++] = p;
        p += strcspn(p, " \t\r\n");
        if (*p) *p++ = 0;
        p += strspn(p, " \t\r\n");
    }
    const char *rest = s + strcspn(s, " \t\r\n");
    if (ccw_trace_cmd(m, argv[0])) return 0;
    const struct con_cmd *c = find_cmd(argv[0]);
    if (!c) {
        MSG(m, "HHC01600E Unknown command %s, enter 'help' for a list of valid commands\n", argv[0]);
        return 0;
    }
    return c->fn(m, argc, argv, rest) == 1 ? 1 : 0;
}

int con_run(struct machine *m, FILE *in, bool interactive)
{
    char *line = NULL;
    size_t cap = 0;
    m->interactive = interactive;
    for (;;) {
        if (interactive) MSG(m, "s370> ");
        if (getline(&line, &cap, in) < 0) break;
        line[strcspn(line, "\r\n")] = 0;
        /* A terminal shows what was typed; a transcript shows the command like
         * Hercules' log does. */
        if (!interactive) echo(m, line);
        if (con_command(m, line) == 1) break;
    }
    free(line);
    return 0;
}
