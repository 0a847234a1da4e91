/* machine.h - everything that exists once: storage, keys, CPUs, configuration. */
#ifndef S370_MACHINE_H
#define S370_MACHINE_H

#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>
#include <pthread.h>
#include "cpu/cpu.h"

/* Storage-key byte: ACC (4 bits), fetch protection, reference, change. */
#define SK_ACC   0xF0
#define SK_FETCH 0x08
#define SK_REF   0x04
#define SK_CHG   0x02

#define BLOCK_SHIFT 11          /* keys cover 2K blocks */
#define MAX_MAINSIZE_MB 16      /* 24-bit real addresses */

struct config {
    unsigned mainsize_mb;
    unsigned numcpu;
    uint32_t cpuserial;         /* 6 hex digits */
    uint16_t cpumodel;          /* 4 hex digits */
    uint8_t cpuverid;
    int sysepoch;               /* year the TOD clock counts from */
    int yroffset;               /* years added to the host date */
    int tzoffset_sec;           /* +/- seconds from UTC */
    char loadparm[9];           /* EBCDIC is made at IPL */
    char cnslport[64];          /* [host:]port */
    uint32_t cnslidle_sec;      /* CNSLIDLE: idle terminal sessions end (0: never) */
    bool window;                /* WINDOW statement: open the SDL2 window */
    int window_dev;             /* on this 3270 display; -1: the first free one */
    char path[512];             /* file the configuration came from */
};

struct device;                  /* channel/ */
struct channel_subsystem;

struct machine {
    uint8_t *mainstor;
    uint32_t mainsize;          /* bytes */
    uint8_t *keys;              /* one per 2K block */
    uint8_t *tlbmap;            /* one per 2K block: nonzero if a TLB may map it */
    struct config cfg;
    unsigned numcpu;
    struct cpu *cpus[CPU_MAX];

    pthread_mutex_t lock;       /* serialises run control and interlocked updates */
    pthread_cond_t cond;        /* CPUs wait here when stopped or in wait state */
    pthread_mutex_t msglock;    /* one message at a time on the console */
    pthread_cond_t statecond;   /* console waits here for CPU state changes */

    /* TOD clock (PoO: TOD clock): value = host microseconds + tod_offset, bit 51 = 1us */
    int64_t tod_offset_us;      /* epoch adjustment in microseconds */
    _Atomic uint64_t tod_last;  /* last value handed out, for uniqueness */
    int tod_state;              /* set / not set / stopped */

    struct device *devs;        /* device list (channel/) */
    /* Threads other than the channel's (the telnet listener) walk devs under the read
     * lock; attach and detach change it under the write lock and the channel lock. */
    pthread_rwlock_t devlock;
    struct channel_subsystem *chss;

    bool report_pgm;            /* print program interruptions (ostailor-like) */
    bool quitting;
    bool interactive;
    FILE *out;                  /* console output */

    pthread_t timer_thread;
    bool timer_running;

    /* operator console (console/commands.c) */
    unsigned con_cpu;           /* target CPU of r, v, gpr, psw... (`cpu N`) */
    unsigned con_depth;         /* nesting of `script` files */
    uint64_t con_rate_insts;    /* `maxrates`: instruction count and host time (us) */
    uint64_t con_rate_us;       /* at the previous call */
    struct con_listener *listener;  /* CNSLPORT telnet listener (console/telnet.c) */
    struct con_window *window;      /* the SDL2 window (console/window.c), NULL: none */
};

int machine_init(struct machine *m, const struct config *cfg, char *err, size_t errlen);
void machine_free(struct machine *m);
int machine_resize(struct machine *m, unsigned mainsize_mb, unsigned numcpu, char *err, size_t errlen);
void machine_msg(struct machine *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void config_defaults(struct config *cfg);

/* Host TOD in clock units (bit 51 = 1 microsecond), unique per call. */
uint64_t machine_tod(struct machine *m);
/* Host TOD without the uniqueness step, for timers. */
uint64_t machine_tod_raw(struct machine *m);
void machine_set_tod(struct machine *m, uint64_t tod);

/* Wake every CPU thread waiting on m->cond. */
void machine_kick(struct machine *m);

#endif
