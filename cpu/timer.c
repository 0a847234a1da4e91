/* timer.c - CPU timer, clock comparator and interval timer, and the thread that
 * turns their conditions into pending external interruptions. */
#include <time.h>
#include <unistd.h>
#include "cpu/cpu.h"
#include "cpu/machine.h"
#include "cpu/storage.h"

/* While the CPU runs, the CPU timer is kept as epoch - TOD so that it decrements
 * with the TOD clock (PoO: CPU timer); while stopped, epoch holds its value. */
int64_t cpu_timer_get(const struct cpu *c)
{
    if (!c->timer_running) return c->cpu_timer_epoch;
    /* Modulo 2^64: SPT takes any value, and the timer wraps as it counts down. */
    return (int64_t)((uint64_t)c->cpu_timer_epoch - machine_tod_raw(c->m));
}

void cpu_timer_set(struct cpu *c, int64_t v)
{
    c->cpu_timer_epoch = c->timer_running ? (int64_t)((uint64_t)v + machine_tod_raw(c->m)) : v;
}

/* Interval timer at real location 80: bit 23 counts 300 times a second, so the
 * word decreases by 76800 a second; a change from positive or zero to negative
 * makes the interruption pending (PoO: interval timer). */
static void itimer_update(struct cpu *c, uint64_t now)
{
    if (!c->itimer_last) { c->itimer_last = now; return; }
    uint64_t dt_us = (now - c->itimer_last) >> 12;
    uint64_t units = dt_us * 76800 + c->itimer_frac;
    uint32_t dec = (uint32_t)(units / 1000000);
    c->itimer_frac = (uint32_t)(units % 1000000);
    c->itimer_last = now;
    if (!dec) return;
    uint32_t a = cpu_real_to_abs(c, 80);
    uint8_t *p = cpu_abs_ptr_try(c->m, a, 4);
    if (!p) return;
    _Atomic uint32_t *w = (_Atomic uint32_t *)(void *)p;  /* word-aligned by architecture */
    uint32_t old = atomic_load(w), nv;
    do {
        nv = __builtin_bswap32(__builtin_bswap32(old) - dec);
    } while (!atomic_compare_exchange_weak(w, &old, nv));
    int32_t before = (int32_t)__builtin_bswap32(old), after = (int32_t)__builtin_bswap32(nv);
    if (before >= 0 && after < 0) {
        atomic_store(&c->itimer_pending, true);
        cpu_post(c, EV_TIMER);
    }
}

void cpu_timers_check(struct cpu *c)
{
    uint64_t now = machine_tod_raw(c->m);
    if (atomic_load(&c->state) != CPU_OPERATING) { c->itimer_last = 0; return; }
    itimer_update(c, now);
    if (now > c->ckc || cpu_timer_get(c) < 0) cpu_post(c, EV_TIMER);
}

static void *timer_thread(void *arg)
{
    struct machine *m = arg;
    while (!m->quitting) {
        struct timespec ts = { 0, 1000000 };
        nanosleep(&ts, NULL);
        for (unsigned i = 0; i < m->numcpu; i++)
            if (m->cpus[i]) cpu_timers_check(m->cpus[i]);
    }
    return NULL;
}

void timer_thread_start(struct machine *m)
{
    if (m->timer_running) return;
    if (pthread_create(&m->timer_thread, NULL, timer_thread, m) == 0) m->timer_running = true;
}

void timer_thread_stop(struct machine *m)
{
    if (!m->timer_running) return;
    pthread_join(m->timer_thread, NULL);
    m->timer_running = false;
}
