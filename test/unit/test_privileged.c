/* test_privileged.c - control instructions, interruptions, DAT, timers, SIGP. */
#include <time.h>
#include "casetab.h"
#include "console/console.h"

/* DAT tables used by several cases: CR0 4K pages / 64K segments, CR1 segment table at
 * 3000 (16 entries); segment 0's page table at 4000: page 0 -> frame 5000, page 1
 * -> frame 1000 (identity, where the instruction is), page 2 invalid. */
#define DAT "CR0=00800000 CR1=00003000 M3000=F000400000000001 M4000=005000100008"

static const struct icase cases[] = {
    /* storage keys */
    { "SSK", "R1=000000F9 R2=00000800", "0812", "SK800=F8" },
    { "SSK prefixed real address", "R1=30 R2=00000000 PFX=00004000", "0812", "SK4000=30 SK0=00" },
    { "SSK spec", "R2=00000801", "0812", "PGM=06" },
    { "SSK addressing", "R2=00200000", "0812", "PGM=05" },
    { "ISK BC drops R and C", "R1=FFFFFFFF R2=800 SK800=F6", "0912", "R1=FFFFFFF0" },
    { "ISK EC keeps R and C", "R2=800 SK800=F6 EC=00", "0912", "R1=F6" },
    { "RRB ref and change", "SK800=06", "B2130800", "CC=3 SK800=02" },
    { "RRB ref only", "SK800=34", "B2130800", "CC=2 SK800=30" },
    { "RRB neither", "SK800=30", "B2130800", "CC=0 SK800=30" },
    { "ISK privileged", "PROB", "0912", "PGM=02" },
    /* PSW masks */
    { "SSM BC", "M800=FF", "80000800", "SM=FF" },
    { "SSM suppressed", "M800=FF CR0=40000000", "80000800", "PGM=13" },
    { "SSM EC invalid bits", "EC=00 M800=80", "80000800", "PGM=06" },
    { "SSM EC ok", "EC=00 M800=03", "80000800", "SM=03" },
    { "SSM privileged", "PROB", "80000800", "PGM=02" },
    { "STNSM", "SM=FF", "AC0F0800", "M800=FF SM=0F" },
    { "STOSM", "SM=01", "AD020800", "M800=01 SM=03" },
    { "LPSW BC", "M800=FF00000000002000", "82000800", "SM=FF IA=2000" },
    { "LPSW key and state", "M800=00300000C0003000", "82000800", "KEY=3 CC=0 IA=3000" },
    { "LPSW unaligned", "", "82000804", "PGM=06" },
    { "LPSW privileged", "PROB", "82000800", "PGM=02" },
    { "SPKA", "", "B20A0030", "KEY=3" },
    { "SPKA problem state no authority", "PROB", "B20A0030", "PGM=02" },
    { "SPKA problem state authorised", "PROB CR3=10000000", "B20A0030", "KEY=3" },
    { "IPK", "KEY=5 R2=FFFFFFFF", "B20B0000", "R2=FFFFFF50" },
    { "IPK problem state", "PROB", "B20B0000", "PGM=02" },
    { "IPK problem state authorised", "PROB CR0=08000000 KEY=7", "B20B0000", "R2=70" },
    /* control registers */
    { "LCTL", "M800=0000000100000002", "B7120800", "CR1=1 CR2=2" },
    { "LCTL wrap", "M800=0000000A0000000B", "B7F00800", "CRF=A CR0=B" },
    { "LCTL unaligned", "", "B7120802", "PGM=06" },
    { "STCTL", "", "B6000800", "M800=000000E0" },
    { "STCTL range", "", "B60E0800", "M800=000000E0" },
    /* DAT: LRA */
    { "LRA ok", "EC=00 " DAT, "B1100123", "R1=00005123 CC=0" },
    { "LRA page invalid", "EC=00 R2=2000 " DAT, "B1102000", "R1=00004004 CC=2" },
    { "LRA segment invalid", "EC=00 R2=10000 " DAT, "B1102000", "R1=00003004 CC=1" },
    { "LRA segment length", "EC=00 R2=100000 " DAT, "B1102000", "R1=00003040 CC=3" },
    { "LRA page length", "EC=00 R2=1000 CR0=00800000 CR1=00003000 M3000=00004000", "B1102000", "R1=00004002 CC=3" },
    { "LRA bad page size", "EC=00 CR0=00000000", "B1100000", "PGM=12" },
    { "LRA 2K pages", "EC=00 CR0=00400000 CR1=00003000 M3000=F0004000 M4000=0058", "B1100123",
      "R1=00005923 CC=0" },
    { "LRA 2K page invalid", "EC=00 CR0=00400000 CR1=00003000 M3000=F0004000 M4000=00580004", "B1100800",
      "R1=00004002 CC=2" },
    { "LRA 2K reserved bit", "EC=00 CR0=00400000 CR1=00003000 M3000=F0004000 M4000=005A", "B1100123",
      "PGM=12" },
    { "LRA 1M segments", "EC=00 R2=100123 CR0=00900000 CR1=00003000 M3000=0000000100000001 M3004=F0004000 M4000=0050",
      "B1102000", "R1=00005123 CC=0" },
    { "LRA bad segment size", "EC=00 CR0=00880000", "B1100000", "PGM=12" },
    { "LRA CR0 bit 10", "EC=00 CR0=00A00000", "B1100000", "PGM=12" },
    { "LRA bad STE bits", "EC=00 CR0=00800000 CR1=00003000 M3000=01004000", "B1100000", "PGM=12" },
    /* DAT on: translated fetch, nullified page fault with the translation-exception address */
    { "DAT fetch", "EC=04 " DAT " M5800=CAFEBABE", "58100800", "R1=CAFEBABE" },
    { "DAT page fault nullifies", "EC=04 R2=2000 " DAT, "58102000", "PGM=11 IA=1000 M90=00002000" },
    { "DAT segment fault", "EC=04 R2=10000 " DAT, "58102000", "PGM=10 IA=1000 M90=00010000" },
    /* identification, prefix */
    { "STAP", "M800=FFFF", "B2120800", "M800=0000" },
    { "STAP unaligned", "", "B2120801", "PGM=06" },
    { "STPX", "PFX=00004000", "B2110800", "M4800=00004000" },
    { "SPX", "M800=00006123", "B2100800", "PFX=00006000" },
    { "SPX addressing", "M800=00F00000", "B2100800", "PGM=05" },
    { "STIDP", "", "B2020800", "M800=FD00000130330000" },
    { "STIDP unaligned", "", "B2020804", "PGM=06" },
    /* clocks: exact values are tested below */
    { "STCK cc", "CC=3", "B2050800", "CC=0" },
    { "SCKC unaligned", "", "B2060804", "PGM=06" },
    { "SPT privileged", "PROB", "B2080800", "PGM=02" },
    { "PTLB", "", "B20D0000", "" },
    /* SIGP (the test CPU itself is in the stopped state) */
    { "SIGP sense stopped", "R3=0", "AE130001", "CC=1 R1=40" },
    { "SIGP no such CPU", "R3=5", "AE130001", "CC=3" },
    { "SIGP invalid order", "R3=0", "AE13000F", "CC=1 R1=02" },
    { "SIGP privileged", "PROB", "AE130001", "PGM=02" },
    /* MONITOR CALL, DIAGNOSE */
    { "MC event", "CR8=00000400", "AF050123", "PGM=40 M94=0005 M9C=00000123" },
    { "MC masked", "", "AF050123", "" },
    { "MC bad class", "", "AF150123", "PGM=06" },
    { "DIAGNOSE", "", "83000000", "PGM=06" },
    /* I/O instructions with no channels: not operational */
    { "SIO", "", "9C000190", "CC=3" },
    { "SIOF", "", "9C010190", "CC=3" },
    { "TIO", "", "9D000190", "CC=3" },
    { "CLRIO", "", "9D010190", "CC=3" },
    { "HIO", "", "9E000190", "CC=3" },
    { "HDV", "", "9E010190", "CC=3" },
    { "TCH", "", "9F000100", "CC=3" },
    { "STIDC", "", "B2030100", "CC=3" },
    { "SIO privileged", "PROB", "9C000190", "PGM=02" },
    /* undefined B2xx */
    { "B2FF", "", "B2FF0000", "PGM=01" },
};

START_TEST(t_case)
{
    icase_run(&cases[_i]);
}
END_TEST

/* Two STCKs give increasing values; SCKC/STCKC and SPT/STPT round trip. */
START_TEST(t_clocks)
{
    struct harness h;
    h_setup(&h, 1);
    ck_assert_int_eq(h_exec(&h, 0x1000, "B2050800"), 0);
    ck_assert_int_eq(h_exec(&h, 0x1000, "B2050808"), 0);
    uint64_t a = be64(h.m.mainstor + 0x800), b = be64(h.m.mainstor + 0x808);
    ck_assert(b > a);
    ck_assert(a > (uint64_t)100 * 365 * 86400 * 1000000 << 12);   /* after 2000 */
    h_poke(&h, 0x810, "0123456789ABCDEF");
    ck_assert_int_eq(h_exec(&h, 0x1000, "B2060810"), 0);
    ck_assert_int_eq(h_exec(&h, 0x1000, "B2070818"), 0);
    ck_assert_uint_eq(be64(h.m.mainstor + 0x818), 0x0123456789ABCDEFull);
    h_poke(&h, 0x820, "0000001000000000");
    ck_assert_int_eq(h_exec(&h, 0x1000, "B2080820"), 0);
    ck_assert_int_eq(h_exec(&h, 0x1000, "B2090828"), 0);
    ck_assert_uint_eq(be64(h.m.mainstor + 0x828), 0x0000001000000000ull);  /* stopped: frozen */
    h_teardown(&h);
}
END_TEST

/* RRB between two accesses through the TLB: each access sets the reference bit
 * again (the TLB must not keep a block whose bit was reset), and an RRB of a block
 * no TLB maps leaves the TLB alone. */
START_TEST(t_rrb_then_access)
{
    struct harness h;
    h_setup(&h, 1);
    h_poke(&h, 0x2000, "43103000 43103000");          /* IC 1,0(3) twice */
    h.c->gr[3] = 0x3000;
    h.c->gr[8] = 0x8000;
    for (int round = 0; round < 3; round++) {
        h.c->psw.ia = 0x2000;
        ck_assert_int_eq(h_step(&h), 0);
        ck_assert_int_eq(h.m.keys[0x3000 >> BLOCK_SHIFT] & SK_REF, SK_REF);
        ck_assert_int_eq(h_exec(&h, 0x1000, "B2133000"), 0);   /* RRB 3000 */
        ck_assert_int_eq(h.c->psw.cc, 2);
        ck_assert_int_eq(h.m.keys[0x3000 >> BLOCK_SHIFT] & SK_REF, 0);
        h.c->psw.ia = 0x2004;
        ck_assert_int_eq(h_step(&h), 0);                        /* again: set again */
        ck_assert_int_eq(h.m.keys[0x3000 >> BLOCK_SHIFT] & SK_REF, SK_REF);
    }
    /* A block nothing translated: RRB keeps the TLB entries of others. */
    h.c->psw.ia = 0x2000;
    ck_assert_int_eq(h_step(&h), 0);
    ck_assert_int_eq(h_exec(&h, 0x1000, "B2138000"), 0);       /* RRB 8000 */
    ck_assert_uint_eq(h.c->tlb[ACC_FETCH][(0x3000 >> BLOCK_SHIFT) & (TLB_SIZE - 1)].tag & ~0xFFFu,
                      0x3000);
    /* SSK of a block in the TLB: a new key takes effect at once. */
    h.c->gr[1] = 0x30;
    h.c->gr[2] = 0x3000;
    ck_assert_int_eq(h_exec(&h, 0x1000, "0812"), 0);           /* SSK 1,2 */
    h.c->psw.key = 2;
    h_poke(&h, 0x2008, "50103000");
    h.c->psw.ia = 0x2008;
    ck_assert_int_eq(h_step(&h), PGM_PROTECTION);               /* ST 1,0(3): key 2 into 3 */
    h_teardown(&h);
}
END_TEST

/* An invalid EC PSW loaded by LPSW is a specification exception before the next
 * instruction, with ILC 0 (PoO: early exception). */
START_TEST(t_lpsw_invalid)
{
    struct harness h;
    h_setup(&h, 1);
    h_poke(&h, 0x800, "8008000000002000");
    ck_assert_int_eq(h_exec(&h, 0x1000, "82000800"), 0);
    ck_assert_int_eq(h_step(&h), PGM_SPECIFICATION);
    ck_assert_int_eq(h.m.mainstor[0x8D], 0);       /* ILC 0 */
    ck_assert_uint_eq(be32(h.m.mainstor + 0x2C), 0x00002000);
    h_teardown(&h);
}
END_TEST

/* Prefixing swaps real page 0 with the prefix area (PoO: prefixing). */
START_TEST(t_prefix_swap)
{
    struct harness h;
    h_setup(&h, 1);
    h.c->prefix = 0x8000;
    h.m.mainstor[0x8000 + 0x800] = 0x11;
    h.m.mainstor[0x800] = 0x22;
    h_poke(&h, 0x1000, "43100800 43208800");
    h.c->gr[8] = 0x8000;
    h.c->psw.ia = 0x1000;
    h.m.mainstor[0x8068 + 1] = 0x02;               /* program new PSW in the prefix area */
    ck_assert_int_eq(h_step(&h), 0);
    ck_assert_int_eq(h_step(&h), 0);
    ck_assert_uint_eq(h.c->gr[1] & 0xFF, 0x11);
    ck_assert_uint_eq(h.c->gr[2] & 0xFF, 0x22);
    h_teardown(&h);
}
END_TEST

/* External interruption: interrupt key with CR0 bit 25, EC mode code at 86. */
START_TEST(t_external_intkey)
{
    struct harness h;
    h_setup(&h, 1);
    h_poke(&h, 0x58, "0008000000003000");           /* external new PSW: EC, disabled */
    h_poke(&h, 0x1000, "0700");
    h.c->psw.ia = 0x1000;
    h_ec_mode(&h, EC_EXT);
    cpu_post(h.c, EV_INTKEY);
    cpu_step(h.c);
    ck_assert_uint_eq(h.c->psw.ia, 0x3000);
    ck_assert_uint_eq(be16(h.m.mainstor + 0x86), 0x0040);
    ck_assert_uint_eq(be32(h.m.mainstor + 0x1C), 0x00001000);
    h_teardown(&h);
}
END_TEST

/* Masked: the interrupt key stays pending while CR0 bit 25 is zero. */
START_TEST(t_external_masked)
{
    struct harness h;
    h_setup(&h, 1);
    h_poke(&h, 0x1000, "0700 0700");
    h.c->psw.ia = 0x1000;
    h_ec_mode(&h, EC_EXT);
    h.c->cr[0] = 0;
    cpu_post(h.c, EV_INTKEY);
    cpu_step(h.c);
    cpu_step(h.c);
    ck_assert_uint_eq(h.c->psw.ia, 0x1004);
    ck_assert(atomic_load(&h.c->ext_pending) & EV_INTKEY);
    h_teardown(&h);
}
END_TEST

/* Clock comparator in the past: interruption code 1004 when CR0 bit 20 is on. */
START_TEST(t_clock_comparator)
{
    struct harness h;
    h_setup(&h, 1);
    h_poke(&h, 0x58, "0008000000003000");
    h_poke(&h, 0x1000, "0700");
    h.c->psw.ia = 0x1000;
    h_ec_mode(&h, EC_EXT);
    h.c->cr[0] = 0x800;
    h.c->ckc = 1;
    cpu_post(h.c, EV_TIMER);
    cpu_step(h.c);
    ck_assert_uint_eq(h.c->psw.ia, 0x3000);
    ck_assert_uint_eq(be16(h.m.mainstor + 0x86), 0x1004);
    h_teardown(&h);
}
END_TEST

/* Two CPUs on their own threads: CPU 0 signals an emergency to CPU 1, which waits
 * enabled with its own prefix area; CPU 1 takes external interruption 1201 with
 * CPU address 0 (PoO: SIGP emergency signal). */
/* A two-CPU machine whose CPU threads the test starts; mp_teardown ends them. */
static void mp_setup(struct machine *m)
{
    struct config cfg;
    char err[128];
    config_defaults(&cfg);
    cfg.numcpu = 2;
    ck_assert_int_eq(machine_init(m, &cfg, err, sizeof err), 0);
    m->out = stderr;
}

static void mp_teardown(struct machine *m)
{
    pthread_mutex_lock(&m->lock);
    m->quitting = true;
    pthread_cond_broadcast(&m->cond);
    pthread_mutex_unlock(&m->lock);
    for (unsigned i = 0; i < m->numcpu; i++) cpu_thread_join(m->cpus[i]);
    machine_free(m);
}

static bool wait_disabled(struct machine *m, unsigned n)
{
    for (int tries = 0; tries < 5000; tries++) {
        unsigned done = 0;
        for (unsigned i = 0; i < n; i++) done += cpu_in_disabled_wait(m->cpus[i]);
        if (done == n) return true;
        struct timespec ts = { 0, 1000000 };
        nanosleep(&ts, NULL);
    }
    return false;
}

START_TEST(t_sigp_emergency_threads)
{
    struct machine m;
    mp_setup(&m);
    uint8_t *s = m.mainstor;
    /* CPU 0: SIGP 1,3,X'03' then a disabled wait */
    static const uint8_t prog0[] = { 0x41, 0x30, 0x00, 0x01, 0xAE, 0x13, 0x00, 0x03,
                                     0x82, 0x00, 0x0F, 0x00 };
    memcpy(s + 0x1000, prog0, sizeof prog0);
    static const uint8_t dwait[8] = { 0, 2, 0, 0, 0, 0, 0, 0 };
    memcpy(s + 0x0F00, dwait, 8);
    /* CPU 1: prefix 4000, external new PSW -> disabled wait at AAAA, enabled wait now */
    static const uint8_t extnew[8] = { 0, 2, 0, 0, 0, 0, 0xAA, 0xAA };
    memcpy(s + 0x4058, extnew, 8);
    struct cpu *c0 = m.cpus[0], *c1 = m.cpus[1];
    c1->prefix = 0x4000;
    c1->cr[0] |= 0x4000;
    static const uint8_t ewait[8] = { 0x01, 0x02, 0, 0, 0, 0, 0x12, 0x00 };
    cpu_psw_load(c1, ewait);
    c0->psw.ia = 0x1000;
    ck_assert_int_eq(cpu_thread_start(c0), 0);
    ck_assert_int_eq(cpu_thread_start(c1), 0);
    cpu_start(c1);
    cpu_start(c0);
    ck_assert(wait_disabled(&m, 2));
    ck_assert_uint_eq(c0->psw.cc, 0);
    ck_assert_uint_eq(c1->psw.ia, 0xAAAA);
    ck_assert_uint_eq(be16(s + 0x4018 + 2), 0x1201);   /* BC: code in the old PSW */
    ck_assert_uint_eq(be16(s + 0x4084), 0);             /* from CPU 0 */
    mp_teardown(&m);
}
END_TEST

/* CS is atomic across CPUs: two CPUs each add 1 to a counter 100000 times with a
 * CS loop; no update is lost. */
START_TEST(t_cs_two_cpus)
{
    struct machine m;
    mp_setup(&m);
    uint8_t *s = m.mainstor;
    /* Above the prefix areas, addressed through base register 12 = 2000:
     *  2000 L    5,900(12)     (5850 C900)
     *  2004 L    2,800(12)     (5820 C800)
     *  2008 LA   3,1(2)        (4132 0001)
     *  200C CS   2,3,800(12)   (BA23 C800)
     *  2010 BC   4,8(12)       (4740 C008)
     *  2014 BCT  5,4(12)       (4650 C004)
     *  2018 LPSW 908(12)       (8200 C908) */
    static const uint8_t prog[] = { 0x58, 0x50, 0xC9, 0x00, 0x58, 0x20, 0xC8, 0x00,
                                    0x41, 0x32, 0x00, 0x01, 0xBA, 0x23, 0xC8, 0x00,
                                    0x47, 0x40, 0xC0, 0x08, 0x46, 0x50, 0xC0, 0x04,
                                    0x82, 0x00, 0xC9, 0x08 };
    memcpy(s + 0x2000, prog, sizeof prog);
    put32(s + 0x2900, 100000);
    static const uint8_t dwait[8] = { 0, 2, 0, 0, 0, 0, 0, 0 };
    memcpy(s + 0x2908, dwait, 8);
    m.cpus[1]->prefix = 0x4000;
    for (int i = 0; i < 2; i++) {
        m.cpus[i]->psw.ia = 0x2000;
        m.cpus[i]->gr[12] = 0x2000;
        ck_assert_int_eq(cpu_thread_start(m.cpus[i]), 0);
    }
    cpu_start(m.cpus[0]);
    cpu_start(m.cpus[1]);
    ck_assert(wait_disabled(&m, 2));
    ck_assert_uint_eq(be32(s + 0x2800), 200000);
    mp_teardown(&m);
}
END_TEST

/* SIGP stop, sense, stop and store status and restart against a CPU running a loop
 * on its own thread (PoO: signal processor orders). */
START_TEST(t_sigp_orders_threads)
{
    struct machine m;
    mp_setup(&m);
    uint8_t *s = m.mainstor;
    /* CPU 0, base 12 = 2000:
     *  2000 LA   3,1            stop CPU 1, sense until stopped, keep the status,
     *  2004 SIGP 1,3,X'05'      stop and store status, restart, then wait
     *  2008 SIGP 1,3,X'01'
     *  200C BC   8,8(12)
     *  2010 ST   1,X'800'(12)
     *  2014 SIGP 1,3,X'09'
     *  2018 SIGP 1,3,X'06'
     *  201C LPSW X'908'(12) */
    static const uint8_t prog0[] = { 0x41, 0x30, 0x00, 0x01, 0xAE, 0x13, 0x00, 0x05,
                                     0xAE, 0x13, 0x00, 0x01, 0x47, 0x80, 0xC0, 0x08,
                                     0x50, 0x10, 0xC8, 0x00, 0xAE, 0x13, 0x00, 0x09,
                                     0xAE, 0x13, 0x00, 0x06, 0x82, 0x00, 0xC9, 0x08 };
    memcpy(s + 0x2000, prog0, sizeof prog0);
    static const uint8_t dwait[8] = { 0, 2, 0, 0, 0, 0, 0, 0 };
    memcpy(s + 0x2908, dwait, 8);
    /* CPU 1: a loop at 2100; its restart new PSW (prefix 4000) waits at BBBB */
    static const uint8_t loop[] = { 0x47, 0xF0, 0xC1, 0x00 };
    memcpy(s + 0x2100, loop, sizeof loop);
    static const uint8_t rnew[8] = { 0, 2, 0, 0, 0, 0, 0xBB, 0xBB };
    memcpy(s + 0x4000, rnew, 8);
    struct cpu *c0 = m.cpus[0], *c1 = m.cpus[1];
    c1->prefix = 0x4000;
    for (int i = 0; i < 2; i++) {
        m.cpus[i]->gr[12] = 0x2000;
        ck_assert_int_eq(cpu_thread_start(m.cpus[i]), 0);
    }
    c0->psw.ia = 0x2000;
    c1->psw.ia = 0x2100;
    cpu_start(c1);
    cpu_start(c0);
    ck_assert(wait_disabled(&m, 2));
    ck_assert_uint_eq(be32(s + 0x2800), 0x40);                 /* sensed: stopped */
    ck_assert_uint_eq(c1->psw.ia, 0xBBBB);                     /* restarted */
    ck_assert_uint_eq(be32(s + 0x4100 + 4) & 0xFFFFFF, 0x2100); /* stored PSW: the loop */
    ck_assert_uint_eq(be32(s + 0x4108), 0x4000);               /* stored prefix */
    ck_assert_uint_eq(be32(s + 0x4180 + 4 * 12), 0x2000);      /* stored GR12 */
    mp_teardown(&m);
}
END_TEST

/* The console's `restart` returns once the interruption is taken, so that a `stop`
 * right after it stops the CPU: posted while the restart was still pending, the stop
 * was handled first and the restart then started the CPU again. */
START_TEST(t_console_restart_then_stop)
{
    struct machine m;
    mp_setup(&m);
    uint8_t *s = m.mainstor;
    static const uint8_t loop[] = { 0x47, 0xF0, 0xC1, 0x00 };   /* 2100: B 2100 */
    memcpy(s + 0x2100, loop, sizeof loop);
    static const uint8_t rnew[8] = { 0, 0, 0, 0, 0, 0, 0x21, 0x00 };
    memcpy(s + 0, rnew, 8);                                      /* restart new PSW */
    struct cpu *c = m.cpus[0];
    c->gr[12] = 0x2000;
    c->psw.ia = 0x3000;
    ck_assert_int_eq(cpu_thread_start(c), 0);
    ck_assert_int_eq(con_command(&m, "restart"), 0);
    ck_assert_uint_eq(atomic_load(&c->events) & EV_RESTART, 0);
    ck_assert_uint_eq(be32(s + 8 + 4) & 0xFFFFFF, 0x3000);      /* restart old PSW */
    ck_assert_int_eq(con_command(&m, "stop"), 0);
    struct timespec ts = { 0, 20000000 };
    nanosleep(&ts, NULL);
    ck_assert_int_ne(atomic_load(&c->state), CPU_OPERATING);
    ck_assert_uint_eq(c->psw.ia, 0x2100);                        /* stopped in the loop */
    mp_teardown(&m);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("privileged");
    TCase *tc = tcase_create("cases");
    tcase_add_loop_test(tc, t_case, 0, (int)(sizeof cases / sizeof cases[0]));
    tcase_add_test(tc, t_clocks);
    tcase_add_test(tc, t_rrb_then_access);
    tcase_add_test(tc, t_lpsw_invalid);
    tcase_add_test(tc, t_prefix_swap);
    tcase_add_test(tc, t_external_intkey);
    tcase_add_test(tc, t_external_masked);
    tcase_add_test(tc, t_clock_comparator);
    tcase_add_test(tc, t_sigp_emergency_threads);
    tcase_add_test(tc, t_cs_two_cpus);
    tcase_add_test(tc, t_sigp_orders_threads);
    tcase_add_test(tc, t_console_restart_then_stop);
    tcase_set_timeout(tc, 30);
    suite_add_tcase(s, tc);
    SRunner *r = srunner_create(s);
    srunner_run_all(r, CK_NORMAL);
    int f = srunner_ntests_failed(r);
    srunner_free(r);
    return f ? 1 : 0;
}
