/* machine.c - creating the machine, console messages, the TOD clock. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cpu/machine.h"
#include "cpu/storage.h"

void config_defaults(struct config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->mainsize_mb = 2;
    cfg->numcpu = 1;
    cfg->cpuserial = 0x000001;
    cfg->cpumodel = 0x3033;
    cfg->cpuverid = 0xFD;
    cfg->sysepoch = 1900;
    strcpy(cfg->cnslport, "3270");
}

/* Microseconds from 1900-01-01 to 1970-01-01 (70 years, 17 leap days). */
#define US_1900_TO_1970 (((int64_t)70 * 365 + 17) * 86400 * 1000000)

static int64_t days_from_1900(int year)
{
    int64_t d = 0;
    for (int y = 1900; y < year; y++)
        d += 365 + ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0);
    return d;
}

static int64_t host_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* TOD = microseconds since the epoch (SYSEPOCH) shifted to bit 51; YROFFSET moves the
 * date by whole years, TZOFFSET by seconds (PoO: TOD clock). */
static void tod_setup(struct machine *m)
{
    const struct config *cfg = &m->cfg;
    int64_t off = US_1900_TO_1970;
    off -= days_from_1900(cfg->sysepoch) * 86400LL * 1000000;
    if (cfg->yroffset) {
        int base = 1970, tgt = 1970 + cfg->yroffset;
        int64_t d = days_from_1900(tgt) - days_from_1900(base);
        off += d * 86400LL * 1000000;
    }
    off += (int64_t)cfg->tzoffset_sec * 1000000;
    m->tod_offset_us = off;
}

uint64_t machine_tod_raw(struct machine *m)
{
    return (uint64_t)(host_us() + m->tod_offset_us) << 12;
}

/* Every STCK value is unique and increasing (PoO: uniqueness of clock values). */
uint64_t machine_tod(struct machine *m)
{
    uint64_t now = machine_tod_raw(m);
    uint64_t last = atomic_load(&m->tod_last);
    for (;;) {
        uint64_t v = now > last ? now : last + 1;
        if (atomic_compare_exchange_weak(&m->tod_last, &last, v)) return v;
    }
}

void machine_set_tod(struct machine *m, uint64_t tod)
{
    m->tod_offset_us = (int64_t)(tod >> 12) - host_us();
    atomic_store(&m->tod_last, 0);
}

void machine_msg(struct machine *m, const char *fmt, ...)
{
    va_list ap;
    pthread_mutex_lock(&m->msglock);
    va_start(ap, fmt);
    vfprintf(m->out ? m->out : stdout, fmt, ap);
    va_end(ap);
    fflush(m->out ? m->out : stdout);
    pthread_mutex_unlock(&m->msglock);
}

void machine_kick(struct machine *m)
{
    pthread_mutex_lock(&m->lock);
    pthread_cond_broadcast(&m->cond);
    pthread_mutex_unlock(&m->lock);
}

static int alloc_storage(struct machine *m, unsigned mb, char *err, size_t errlen)
{
    if (mb < 1 || mb > MAX_MAINSIZE_MB) {
        snprintf(err, errlen, "MAINSIZE %u out of range (1 to %u MB for S/370)", mb, MAX_MAINSIZE_MB);
        return -1;
    }
    uint32_t size = mb << 20;
    uint8_t *st = calloc(size, 1);
    uint8_t *keys = calloc(size >> BLOCK_SHIFT, 1);
    uint8_t *tlbmap = calloc(size >> BLOCK_SHIFT, 1);
    if (!st || !keys || !tlbmap) {
        free(st); free(keys); free(tlbmap);
        snprintf(err, errlen, "cannot allocate %u MB of main storage", mb);
        return -1;
    }
    free(m->mainstor); free(m->keys); free(m->tlbmap);
    m->mainstor = st;
    m->keys = keys;
    m->tlbmap = tlbmap;
    m->mainsize = size;
    return 0;
}

static int make_cpus(struct machine *m, unsigned n, char *err, size_t errlen)
{
    if (n < 1 || n > CPU_MAX) {
        snprintf(err, errlen, "NUMCPU %u out of range (1 to %d)", n, CPU_MAX);
        return -1;
    }
    for (unsigned i = 0; i < n; i++) {
        if (m->cpus[i]) continue;
        m->cpus[i] = aligned_alloc(64, (sizeof(struct cpu) + 63) & ~(size_t)63);
        if (!m->cpus[i]) { snprintf(err, errlen, "out of memory"); return -1; }
        cpu_init(m->cpus[i], m, (int)i);
    }
    for (unsigned i = n; i < CPU_MAX; i++) {
        if (!m->cpus[i]) continue;
        free(m->cpus[i]);
        m->cpus[i] = NULL;
    }
    m->numcpu = n;
    return 0;
}

int machine_init(struct machine *m, const struct config *cfg, char *err, size_t errlen)
{
    memset(m, 0, sizeof *m);
    m->cfg = *cfg;
    pthread_mutex_init(&m->lock, NULL);
    pthread_mutex_init(&m->msglock, NULL);
    pthread_cond_init(&m->cond, NULL);
    pthread_cond_init(&m->statecond, NULL);
    pthread_rwlock_init(&m->devlock, NULL);
    if (alloc_storage(m, cfg->mainsize_mb, err, errlen)) return -1;
    if (make_cpus(m, cfg->numcpu, err, errlen)) return -1;
    tod_setup(m);
    return 0;
}

/* Change storage size or CPU count; only while every CPU thread is stopped (the
 * console stops and joins them first). */
int machine_resize(struct machine *m, unsigned mb, unsigned numcpu, char *err, size_t errlen)
{
    if (mb && mb << 20 != m->mainsize) {
        if (alloc_storage(m, mb, err, errlen)) return -1;
        m->cfg.mainsize_mb = mb;
        for (unsigned i = 0; i < m->numcpu; i++) cpu_tlb_purge(m->cpus[i]);
    }
    if (numcpu && numcpu != m->numcpu) {
        if (make_cpus(m, numcpu, err, errlen)) return -1;
        m->cfg.numcpu = numcpu;
    }
    return 0;
}

void machine_free(struct machine *m)
{
    for (unsigned i = 0; i < CPU_MAX; i++) { free(m->cpus[i]); m->cpus[i] = NULL; }
    free(m->mainstor);
    free(m->keys);
    free(m->tlbmap);
    m->mainstor = NULL;
    m->keys = NULL;
    m->tlbmap = NULL;
}
