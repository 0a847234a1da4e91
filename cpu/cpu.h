/* cpu.h - one S/370 CPU: registers, PSW, TLB, interruption state. */
#ifndef S370_CPU_H
#define S370_CPU_H

#include <stdint.h>
#include <stdbool.h>
#include <stdatomic.h>
#include <setjmp.h>
#include <pthread.h>

struct machine;

#define CPU_MAX 4

/* PSW, kept decoded; cpu_psw_store/cpu_psw_load convert (PoO ch. 4). */
struct psw {
    uint8_t sysmask;   /* bits 0-7 */
    uint8_t key;       /* bits 8-11 */
    bool ec;           /* bit 12 */
    bool mcheck;       /* bit 13 M */
    bool wait;         /* bit 14 W */
    bool prob;         /* bit 15 P */
    uint16_t intcode;  /* BC: bits 16-31 */
    uint8_t cc;        /* condition code */
    uint8_t progmask;  /* fixed-ovf, dec-ovf, exp-underflow, significance */
    uint32_t ia;       /* 24-bit instruction address */
};

/* Program mask bits. */
#define PM_FIXOVF 0x8
#define PM_DECOVF 0x4
#define PM_EXPUND 0x2
#define PM_SIGNIF 0x1

/* EC-mode system mask bits. */
#define EC_PER  0x40
#define EC_DAT  0x04
#define EC_IO   0x02
#define EC_EXT  0x01
/* BC-mode system mask: bits 0-5 channels 0-5, bit 6 channels 6+, bit 7 external. */
#define BC_EXT  0x01

/* Program interruption codes (PoO: program interruption). */
enum {
    PGM_OPERATION = 0x01, PGM_PRIVILEGED = 0x02, PGM_EXECUTE = 0x03,
    PGM_PROTECTION = 0x04, PGM_ADDRESSING = 0x05, PGM_SPECIFICATION = 0x06,
    PGM_DATA = 0x07, PGM_FIXED_OVERFLOW = 0x08, PGM_FIXED_DIVIDE = 0x09,
    PGM_DECIMAL_OVERFLOW = 0x0A, PGM_DECIMAL_DIVIDE = 0x0B,
    PGM_EXPONENT_OVERFLOW = 0x0C, PGM_EXPONENT_UNDERFLOW = 0x0D,
    PGM_SIGNIFICANCE = 0x0E, PGM_FLOAT_DIVIDE = 0x0F,
    PGM_SEGMENT_TRANSLATION = 0x10, PGM_PAGE_TRANSLATION = 0x11,
    PGM_TRANSLATION_SPEC = 0x12, PGM_SPECIAL_OPERATION = 0x13,
    PGM_MONITOR = 0x40, PGM_PER = 0x80
};

/* Storage access types. */
enum { ACC_FETCH = 0, ACC_STORE = 1 };

/* TLB: logical 2K block -> host pointer, per access type. tag = block address |
 * context (PSW key, DAT on); hbase + logical address = host address. */
#define TLB_SIZE 1024
struct tlbe {
    uint32_t tag;
    uint8_t *hbase;
};

/* Events checked between instructions (cpu->events). */
enum {
    EV_STOP = 1u << 0,      /* operator or SIGP stop */
    EV_RESTART = 1u << 1,   /* restart interruption pending */
    EV_EXTCALL = 1u << 2,   /* SIGP external call (kept in ext_pending) */
    EV_EMERG = 1u << 3,     /* SIGP emergency signal pending */
    EV_INTKEY = 1u << 4,    /* operator interrupt key (kept in ext_pending) */
    EV_TIMER = 1u << 5,     /* an external condition may be pending: recheck */
    EV_IO = 1u << 6,        /* an I/O interruption may be pending */
    EV_TLBFLUSH = 1u << 7,  /* another CPU changed keys: purge TLB */
    EV_STORESTATUS = 1u << 8, /* SIGP stop and store status */
    EV_RESET = 1u << 9,     /* SIGP CPU reset */
    EV_IRESET = 1u << 10,   /* SIGP initial CPU reset */
    EV_MALFALERT = 1u << 11,
    EV_PSWCHECK = 1u << 12,   /* an invalid PSW was loaded: specification exception */
};

enum cpu_state { CPU_STOPPED, CPU_OPERATING, CPU_CHECKSTOP };

struct cpu {
    /* hot state first */
    uint32_t gr[16];
    struct psw psw;
    _Atomic uint32_t events;
    _Atomic uint32_t ext_pending;  /* EV_INTKEY, EV_EXTCALL, EV_MALFALERT held until taken */
    uint32_t ctx;              /* TLB context for current key/DAT */
    uint8_t ilc;               /* length in bytes of the instruction being executed
                                * (0 while it is fetched); its address is
                                * psw.ia - ilc (see cpu_insn_addr) */
    bool in_ex;                /* executing the target of EX */
    uint32_t ex_addr;          /* address of the EX instruction */
    uint32_t ib_va;            /* logical 2K block the instructions come from */
    const uint8_t *ib_base;    /* host address = ib_base + instruction address */
    struct tlbe tlb[2][TLB_SIZE];

    uint64_t fpr[4];           /* FPR 0, 2, 4, 6 */
    uint32_t cr[16];
    uint32_t prefix;
    int cpuad;
    struct machine *m;

    jmp_buf pgm_jmp;           /* program interruption unwinds here */
    uint32_t trans_addr;       /* translation-exception address */
    uint32_t mon_code;         /* monitor code for MC */
    uint16_t mon_class;

    /* timers */
    int64_t cpu_timer_epoch;   /* CPU timer value = epoch - host_now_tod */
    uint64_t ckc;              /* clock comparator */
    bool timer_running;
    _Atomic bool itimer_pending;   /* interval timer went negative */
    uint32_t itimer_frac;          /* sub-unit remainder of the interval timer */
    uint64_t itimer_last;          /* TOD of its last update */

    /* SIGP */
    _Atomic uint16_t extcall_from;
    _Atomic uint16_t emerg_from_mask;  /* bit per CPU address */

    /* run control */
    _Atomic int state;
    pthread_t thread;
    bool thread_started;
    bool trace;                /* instruction trace (t+) */
    bool wait_reported;        /* disabled-wait message printed for this PSW */
    _Atomic bool disabled_wait;
    uint64_t instcount;
    uint32_t pgm_new_ia;       /* where the last program interruption went */
    unsigned pgm_loop;         /* program checks in a row right there */
};

#endif

/* PSW conversion (PoO: program-status word, BC and EC formats). */
void cpu_psw_store(const struct cpu *c, uint8_t out[8]);
/* Load a PSW; returns false if it is invalid (specification exception due). */
bool cpu_psw_load(struct cpu *c, const uint8_t in[8]);
bool cpu_psw_valid(const uint8_t in[8]);

/* Interruptions. */
const char *cpu_pgm_name(int code);
void cpu_svc_interrupt(struct cpu *c, uint8_t code);
void cpu_external_interrupt(struct cpu *c, uint16_t code, int from_cpu);
void cpu_io_interrupt(struct cpu *c, uint16_t devnum, const uint8_t csw[8]);
bool cpu_enabled_ext(const struct cpu *c);
/* Is the CPU enabled for I/O interruptions from channel ch? */
bool cpu_enabled_io(const struct cpu *c, unsigned ch);
/* Note that the PSW masks or CR0 changed: recheck pending conditions. */
void cpu_masks_changed(struct cpu *c);

/* Run control (console, SIGP). */
void cpu_init(struct cpu *c, struct machine *m, int cpuad);
int cpu_thread_start(struct cpu *c);
void cpu_thread_join(struct cpu *c);
void cpu_post(struct cpu *c, uint32_t ev);
void cpu_signal(struct cpu *c, uint32_t ev);
void cpu_start(struct cpu *c);
void cpu_stop(struct cpu *c);
void cpu_restart(struct cpu *c);
void cpu_reset(struct cpu *c);          /* CPU reset */
void cpu_initial_reset(struct cpu *c);  /* initial CPU reset */
void cpu_store_status(struct cpu *c, uint32_t abs_base);
bool cpu_is_waiting(const struct cpu *c);
bool cpu_in_disabled_wait(const struct cpu *c);
/* Execute instructions until the CPU stops (used by the thread and by tests). */
void cpu_run(struct cpu *c);
/* Execute exactly one instruction or interruption (tests and stepping). */
void cpu_step(struct cpu *c);
/* Write one trace line for the instruction at the current PSW. */
void cpu_trace_insn(struct cpu *c, const uint8_t *inst, uint32_t addr);
/* Displays shared by the trace and the console, in Hercules' layouts (trace.c).
 * cpu_fmt_regs: whole lines of 'G' general, 'C' control or 'F' floating-point
 * registers. cpu_fmt_stor: one storage line `T:addr:K:kk=hex text` for up to 16
 * bytes (stopping at a 2K boundary) at absolute address abs, shown as addr with tag
 * T (R, A or V), the text framed in asterisks when framed; returns the bytes
 * shown, 0 if abs is outside main storage. */
int cpu_fmt_regs(const struct cpu *c, char which, char *buf, size_t size);
/* n EBCDIC bytes as the trace shows them as text ('.' where unprintable); out
 * holds n + 1 bytes. */
void cpu_fmt_text(const uint8_t *p, unsigned n, char *out);
unsigned cpu_fmt_stor(struct machine *m, char tag, uint32_t addr, uint32_t abs,
                      char *buf, size_t size, bool framed);

/* Timers (cpu/timer.c). */
int64_t cpu_timer_get(const struct cpu *c);
void cpu_timer_set(struct cpu *c, int64_t v);
void timer_thread_start(struct machine *m);
void timer_thread_stop(struct machine *m);
void cpu_timers_check(struct cpu *c);
