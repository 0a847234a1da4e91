/* test_float.c - HFP floating-point instructions (PoO GA22-7000, ch. 9): results bit
 * for bit, condition codes, exceptions with their masks on and off, register
 * designation, short/long/extended formats and unnormalized operands. */
#include "harness.h"

static struct harness h;

static void setup(void) { h_setup(&h, 1); }
static void teardown(void) { h_teardown(&h); }

#define FPR(n) (h.c->fpr[(n) / 2])
#define HI(n) ((uint32_t)(FPR(n) >> 32))
#define LO(n) ((uint32_t)FPR(n))
#define LOW_A 0xDEADBEEFu
#define LOW_B 0x01234567u

/* Prepare registers and PSW, run one instruction at 0x1000; cc starts at 3 so that a
 * test can tell whether it was set. */
static int run(const char *hex, uint8_t pm)
{
    h.c->psw.progmask = pm;
    h.c->psw.cc = 3;
    return h_exec(&h, 0x1000, hex);
}

/* Short operands: FPR0 = a, FPR2 = b, with known low halves. */
static int short_rr(const char *hex, uint32_t a, uint32_t b, uint8_t pm)
{
    FPR(0) = (uint64_t)a << 32 | LOW_A;
    FPR(2) = (uint64_t)b << 32 | LOW_B;
    return run(hex, pm);
}

/* Long operands: FPR0 = a, FPR2 = b. */
static int long_rr(const char *hex, uint64_t a, uint64_t b, uint8_t pm)
{
    FPR(0) = a;
    FPR(2) = b;
    return run(hex, pm);
}

/* Extended operands: FPR0/2 = a, FPR4/6 = b. */
static int ext_rr(const char *hex, uint64_t ah, uint64_t al, uint64_t bh, uint64_t bl,
                  uint8_t pm)
{
    FPR(0) = ah;
    FPR(2) = al;
    FPR(4) = bh;
    FPR(6) = bl;
    return run(hex, pm);
}

static void poke32(uint32_t a, uint32_t v)
{
    put32(h.m.mainstor + a, v);
}

static void poke64(uint32_t a, uint64_t v)
{
    put64(h.m.mainstor + a, v);
}

/* Short result in FPR0 with its low half untouched. */
static void check_short0(uint32_t v)
{
    ck_assert_uint_eq(HI(0), v);
    ck_assert_uint_eq(LO(0), LOW_A);
}

#define CC() (h.c->psw.cc)

/* ---- loads, stores, sign instructions ---------------------------------------------- */

START_TEST(t_ler)
{
    ck_assert_int_eq(short_rr("3802", 0x11111111, 0x41100000, 0), 0);
    check_short0(0x41100000);
    ck_assert_int_eq(CC(), 3);
}
END_TEST

START_TEST(t_ldr)
{
    ck_assert_int_eq(long_rr("2802", 1, 0xC123456789ABCDEFull, 0), 0);
    ck_assert_uint_eq(FPR(0), 0xC123456789ABCDEFull);
    ck_assert_int_eq(CC(), 3);
}
END_TEST

START_TEST(t_le_ld)
{
    poke32(0x800, 0xC1200000);
    FPR(4) = 0x1111111122222222ull;
    ck_assert_int_eq(run("78400800", 0), 0);
    ck_assert_uint_eq(FPR(4), 0xC120000022222222ull);
    poke64(0x808, 0x4212345678ABCDEFull);
    ck_assert_int_eq(run("68600808", 0), 0);
    ck_assert_uint_eq(FPR(6), 0x4212345678ABCDEFull);
    ck_assert_int_eq(CC(), 3);
}
END_TEST

/* S/370 has the byte-oriented-operand facility: no alignment needed. */
START_TEST(t_unaligned_operands)
{
    poke32(0x801, 0x41300000);
    ck_assert_int_eq(run("78000801", 0), 0);
    ck_assert_uint_eq(HI(0), 0x41300000);
    poke64(0x813, 0x4310000000000005ull);
    ck_assert_int_eq(run("68200813", 0), 0);
    ck_assert_uint_eq(FPR(2), 0x4310000000000005ull);
    FPR(0) = 0x4120000000000007ull;
    ck_assert_int_eq(run("60000823", 0), 0);
    ck_assert_uint_eq(be64(h.m.mainstor + 0x823), 0x4120000000000007ull);
}
END_TEST

START_TEST(t_ste_std)
{
    uint8_t b[12];
    memset(h.m.mainstor + 0x800, 0xAA, 12);
    FPR(2) = 0x4110000022222222ull;
    ck_assert_int_eq(run("70200800", 0), 0);
    h_peek(&h, 0x800, b, 5);
    ck_assert_uint_eq(be32(b), 0x41100000);
    ck_assert_uint_eq(b[4], 0xAA);
    FPR(6) = 0xC2ABCDEF01234567ull;
    h.c->gr[1] = 0x800;
    h.c->gr[2] = 0x4;
    ck_assert_int_eq(run("60621000", 0), 0);    /* STD 6,0(2,1) -> 0x804 */
    h_peek(&h, 0x800, b, 12);
    ck_assert_uint_eq(be32(b), 0x41100000);
    ck_assert_uint_eq(be64(b + 4), 0xC2ABCDEF01234567ull);
}
END_TEST

START_TEST(t_lter_cc)
{
    ck_assert_int_eq(short_rr("3202", 0, 0x41100000, 0), 0);
    check_short0(0x41100000);
    ck_assert_int_eq(CC(), 2);
    ck_assert_int_eq(short_rr("3202", 0, 0xC1100000, 0), 0);
    ck_assert_int_eq(CC(), 1);
    /* zero fraction: cc 0 whatever the sign and characteristic */
    ck_assert_int_eq(short_rr("3202", 0, 0xC5000000, 0), 0);
    check_short0(0xC5000000);
    ck_assert_int_eq(CC(), 0);
    /* the low half of a short operand is not tested */
    FPR(2) = 0x40000000FFFFFFFFull;
    ck_assert_int_eq(run("3222", 0), 0);
    ck_assert_int_eq(CC(), 0);
}
END_TEST

START_TEST(t_ltdr_cc)
{
    ck_assert_int_eq(long_rr("2202", 0, 0x4000000000000001ull, 0), 0);
    ck_assert_uint_eq(FPR(0), 0x4000000000000001ull);
    ck_assert_int_eq(CC(), 2);
    ck_assert_int_eq(long_rr("2202", 0, 0x8000000000000000ull, 0), 0);
    ck_assert_int_eq(CC(), 0);
    ck_assert_int_eq(long_rr("2222", 0, 0xC100000000000100ull, 0), 0);
    ck_assert_int_eq(CC(), 1);
}
END_TEST

START_TEST(t_lcer_lcdr)
{
    ck_assert_int_eq(short_rr("3302", 0, 0x41100000, 0), 0);
    check_short0(0xC1100000);
    ck_assert_int_eq(CC(), 1);
    /* the sign is inverted even for a zero fraction */
    ck_assert_int_eq(short_rr("3302", 0, 0x00000000, 0), 0);
    check_short0(0x80000000);
    ck_assert_int_eq(CC(), 0);
    ck_assert_int_eq(long_rr("2302", 0, 0xC110000000000001ull, 0), 0);
    ck_assert_uint_eq(FPR(0), 0x4110000000000001ull);
    ck_assert_int_eq(CC(), 2);
}
END_TEST

START_TEST(t_lper_lpdr)
{
    ck_assert_int_eq(short_rr("3002", 0, 0xC1100000, 0), 0);
    check_short0(0x41100000);
    ck_assert_int_eq(CC(), 2);
    ck_assert_int_eq(short_rr("3002", 0, 0x80000000, 0), 0);
    check_short0(0x00000000);
    ck_assert_int_eq(CC(), 0);
    ck_assert_int_eq(long_rr("2002", 0, 0xFFFFFFFFFFFFFFFFull, 0), 0);
    ck_assert_uint_eq(FPR(0), 0x7FFFFFFFFFFFFFFFull);
    ck_assert_int_eq(CC(), 2);
}
END_TEST

START_TEST(t_lner_lndr)
{
    ck_assert_int_eq(short_rr("3102", 0, 0x41100000, 0), 0);
    check_short0(0xC1100000);
    ck_assert_int_eq(CC(), 1);
    ck_assert_int_eq(short_rr("3102", 0, 0x00000000, 0), 0);
    check_short0(0x80000000);
    ck_assert_int_eq(CC(), 0);
    ck_assert_int_eq(long_rr("2102", 0, 0x4000000000000000ull, 0), 0);
    ck_assert_uint_eq(FPR(0), 0xC000000000000000ull);
    ck_assert_int_eq(CC(), 0);
}
END_TEST

START_TEST(t_spec_registers)
{
    /* odd or out-of-range FPR numbers: specification, nothing changed */
    ck_assert_int_eq(short_rr("3812", 0x41100000, 0x42100000, 0), PGM_SPECIFICATION);
    check_short0(0x41100000);
    ck_assert_int_eq(long_rr("2808", 1, 2, 0), PGM_SPECIFICATION);
    ck_assert_uint_eq(FPR(0), 1);
    ck_assert_int_eq(run("78300800", 0), PGM_SPECIFICATION);
    ck_assert_int_eq(run("60700800", 0), PGM_SPECIFICATION);
    ck_assert_int_eq(run("3A80", 0), PGM_SPECIFICATION);
    ck_assert_int_eq(run("2D09", 0), PGM_SPECIFICATION);
    ck_assert_int_eq(run("3C03", 0), PGM_SPECIFICATION);
    ck_assert_int_eq(run("7C100800", 0), PGM_SPECIFICATION);
    ck_assert_int_eq(run("3901", 0), PGM_SPECIFICATION);
    ck_assert_int_eq(run("34E0", 0), PGM_SPECIFICATION);
    ck_assert_int_eq(run("3502", 0), 0);   /* LRER 0,2 is valid */
    ck_assert_int_eq(run("350A", 0), PGM_SPECIFICATION);
}
END_TEST

START_TEST(t_spec_extended_pairs)
{
    ck_assert_int_eq(ext_rr("3624", 1, 2, 3, 4, 0), PGM_SPECIFICATION);   /* AXR 2,4 */
    ck_assert_int_eq(ext_rr("3706", 1, 2, 3, 4, 0), PGM_SPECIFICATION);   /* SXR 0,6 */
    ck_assert_int_eq(ext_rr("2602", 1, 2, 3, 4, 0), PGM_SPECIFICATION);   /* MXR 0,2 */
    ck_assert_int_eq(ext_rr("2724", 1, 2, 3, 4, 0), PGM_SPECIFICATION);   /* MXDR 2,4 */
    ck_assert_int_eq(ext_rr("2701", 1, 2, 3, 4, 0), PGM_SPECIFICATION);   /* MXDR 0,1 */
    ck_assert_int_eq(ext_rr("67600800", 1, 2, 3, 4, 0), PGM_SPECIFICATION); /* MXD 6 */
    ck_assert_int_eq(ext_rr("2542", 1, 2, 3, 4, 0), PGM_SPECIFICATION);   /* LRDR 4,2 */
    ck_assert_uint_eq(FPR(0), 1);
    ck_assert_uint_eq(FPR(2), 2);
    ck_assert_uint_eq(FPR(4), 3);
    ck_assert_uint_eq(FPR(6), 4);
}
END_TEST

START_TEST(t_addressing)
{
    h.c->gr[1] = 0x200000;                    /* beyond the 1M of storage */
    FPR(0) = 0x4110000000000000ull;
    ck_assert_int_eq(run("7A001000", 0), PGM_ADDRESSING);
    ck_assert_uint_eq(FPR(0), 0x4110000000000000ull);
    ck_assert_int_eq(run("68001000", 0), PGM_ADDRESSING);
    ck_assert_uint_eq(FPR(0), 0x4110000000000000ull);
}
END_TEST

/* ---- add and subtract normalized, short ------------------------------------------------ */

START_TEST(t_aer_basic)
{
    ck_assert_int_eq(short_rr("3A02", 0x41100000, 0x41100000, 0), 0);
    check_short0(0x41200000);
    ck_assert_int_eq(CC(), 2);
    ck_assert_uint_eq(LO(2), LOW_B);
    /* 1 + 1/16 */
    ck_assert_int_eq(short_rr("3A02", 0x41100000, 0x40100000, 0), 0);
    check_short0(0x41110000);
}
END_TEST

START_TEST(t_aer_carry)
{
    ck_assert_int_eq(short_rr("3A02", 0x41800000, 0x41800000, 0), 0);
    check_short0(0x42100000);
    ck_assert_int_eq(CC(), 2);
    ck_assert_int_eq(short_rr("3A02", 0xC1800000, 0xC1900000, 0), 0);
    check_short0(0xC2110000);
    ck_assert_int_eq(CC(), 1);
}
END_TEST

START_TEST(t_aer_mixed_signs)
{
    /* 1 + (-3) = -2 */
    ck_assert_int_eq(short_rr("3A02", 0x41100000, 0xC1300000, 0), 0);
    check_short0(0xC1200000);
    ck_assert_int_eq(CC(), 1);
    /* -1 + 3 = 2 */
    ck_assert_int_eq(short_rr("3A02", 0xC1100000, 0x41300000, 0), 0);
    check_short0(0x41200000);
    ck_assert_int_eq(CC(), 2);
}
END_TEST

/* The guard digit: 1 - 0.FFFFFF = 16**-6, not 16**-5. */
START_TEST(t_ser_guard_digit)
{
    ck_assert_int_eq(short_rr("3B02", 0x41100000, 0x40FFFFFF, 0), 0);
    check_short0(0x3B100000);
    ck_assert_int_eq(CC(), 2);
}
END_TEST

/* Digits shifted beyond the guard digit are lost (truncation). */
START_TEST(t_ser_truncation)
{
    ck_assert_int_eq(short_rr("3B02", 0x41100000, 0x3F100001, 0), 0);
    check_short0(0x40FF0000);
}
END_TEST

/* Adding zero normalizes an unnormalized number. */
START_TEST(t_aer_normalizes)
{
    ck_assert_int_eq(short_rr("3A02", 0x44000100, 0x00000000, 0), 0);
    check_short0(0x41100000);
    ck_assert_int_eq(CC(), 2);
}
END_TEST

START_TEST(t_aer_significance_masked_off)
{
    ck_assert_int_eq(short_rr("3A02", 0x41100000, 0xC1100000, 0), 0);
    check_short0(0x00000000);
    ck_assert_int_eq(CC(), 0);
}
END_TEST

START_TEST(t_aer_significance_masked_on)
{
    /* interruption; characteristic kept, fraction zero, sign plus */
    ck_assert_int_eq(short_rr("3A02", 0xC1100000, 0x41100000, PM_SIGNIF), PGM_SIGNIFICANCE);
    check_short0(0x41000000);
    ck_assert_int_eq(CC(), 0);
}
END_TEST

/* A zero fraction with a large characteristic absorbs the other operand. */
START_TEST(t_aer_dirty_zero)
{
    ck_assert_int_eq(short_rr("3A02", 0x41100000, 0x48000000, PM_SIGNIF), PGM_SIGNIFICANCE);
    check_short0(0x48000000);
    ck_assert_int_eq(short_rr("3A02", 0x41100000, 0x48000000, 0), 0);
    check_short0(0x00000000);
}
END_TEST

START_TEST(t_aer_overflow)
{
    ck_assert_int_eq(short_rr("3A02", 0x7F800000, 0x7F800000, 0), PGM_EXPONENT_OVERFLOW);
    check_short0(0x00100000);
    ck_assert_int_eq(CC(), 2);
    ck_assert_int_eq(short_rr("3A02", 0xFF800000, 0xFF800000, 0), PGM_EXPONENT_OVERFLOW);
    check_short0(0x80100000);
    ck_assert_int_eq(CC(), 1);
}
END_TEST

START_TEST(t_aer_underflow_masked_off)
{
    ck_assert_int_eq(short_rr("3A02", 0x00100000, 0x80080000, 0), 0);
    check_short0(0x00000000);
    ck_assert_int_eq(CC(), 0);
}
END_TEST

START_TEST(t_aer_underflow_masked_on)
{
    ck_assert_int_eq(short_rr("3A02", 0x00100000, 0x80080000, PM_EXPUND),
                     PGM_EXPONENT_UNDERFLOW);
    check_short0(0x7F800000);
    ck_assert_int_eq(CC(), 2);
}
END_TEST

START_TEST(t_ae_se_rx)
{
    poke32(0x800, 0x41200000);
    FPR(2) = 0x4110000033333333ull;
    ck_assert_int_eq(run("7A200800", 0), 0);
    ck_assert_uint_eq(FPR(2), 0x4130000033333333ull);
    ck_assert_int_eq(CC(), 2);
    ck_assert_int_eq(run("7B200800", 0), 0);
    ck_assert_uint_eq(FPR(2), 0x4110000033333333ull);
    ck_assert_int_eq(run("7B200800", 0), 0);
    ck_assert_uint_eq(FPR(2), 0xC110000033333333ull);
    ck_assert_int_eq(CC(), 1);
}
END_TEST

START_TEST(t_ser_same_register)
{
    ck_assert_int_eq(short_rr("3B00", 0x42123456, 0, 0), 0);
    check_short0(0x00000000);
    ck_assert_int_eq(CC(), 0);
}
END_TEST

/* ---- add and subtract normalized, long ------------------------------------------------- */

START_TEST(t_adr_basic)
{
    ck_assert_int_eq(long_rr("2A02", 0x4110000000000000ull, 0x4110000000000000ull, 0), 0);
    ck_assert_uint_eq(FPR(0), 0x4120000000000000ull);
    ck_assert_int_eq(CC(), 2);
    ck_assert_int_eq(long_rr("2A02", 0x4100000000000001ull, 0x4100000000000001ull, 0), 0);
    ck_assert_uint_eq(FPR(0), 0x3420000000000000ull);
}
END_TEST

START_TEST(t_sdr_guard_digit)
{
    ck_assert_int_eq(long_rr("2B02", 0x4110000000000000ull, 0x40FFFFFFFFFFFFFFull, 0), 0);
    ck_assert_uint_eq(FPR(0), 0x3310000000000000ull);
    ck_assert_int_eq(CC(), 2);
}
END_TEST

START_TEST(t_adr_exceptions)
{
    ck_assert_int_eq(long_rr("2A02", 0x7FF0000000000000ull, 0x7F10000000000000ull, 0),
                     PGM_EXPONENT_OVERFLOW);
    ck_assert_uint_eq(FPR(0), 0x0010000000000000ull);
    ck_assert_int_eq(long_rr("2B02", 0x0010000000000000ull, 0x000FFFFFFFFFFFFFull, PM_EXPUND),
                     PGM_EXPONENT_UNDERFLOW);
    ck_assert_uint_eq(FPR(0), 0x7310000000000000ull);
    ck_assert_int_eq(long_rr("2B02", 0x0010000000000000ull, 0x000FFFFFFFFFFFFFull, 0), 0);
    ck_assert_uint_eq(FPR(0), 0);
    ck_assert_int_eq(CC(), 0);
    ck_assert_int_eq(long_rr("2B02", 0x4512345678000000ull, 0x4512345678000000ull, PM_SIGNIF),
                     PGM_SIGNIFICANCE);
    ck_assert_uint_eq(FPR(0), 0x4500000000000000ull);
    ck_assert_int_eq(CC(), 0);
}
END_TEST

START_TEST(t_ad_sd_rx)
{
    poke64(0x800, 0xC080000000000000ull);      /* -0.5 */
    FPR(4) = 0x4110000000000000ull;
    ck_assert_int_eq(run("6A400800", 0), 0);
    ck_assert_uint_eq(FPR(4), 0x4080000000000000ull);
    ck_assert_int_eq(CC(), 2);
    ck_assert_int_eq(run("6B400800", 0), 0);
    ck_assert_uint_eq(FPR(4), 0x4110000000000000ull);
}
END_TEST

/* ---- add and subtract, extended ---------------------------------------------------------- */

START_TEST(t_axr_basic)
{
    ck_assert_int_eq(ext_rr("3604", 0x4110000000000000ull, 0x3300000000000001ull,
                            0x4110000000000000ull, 0x3300000000000000ull, 0), 0);
    ck_assert_uint_eq(FPR(0), 0x4120000000000000ull);
    ck_assert_uint_eq(FPR(2), 0x3300000000000001ull);
    ck_assert_int_eq(CC(), 2);
}
END_TEST

/* The low-order part's own sign and characteristic are ignored on input. */
START_TEST(t_axr_low_part_ignored)
{
    ck_assert_int_eq(ext_rr("3604", 0x4110000000000000ull, 0xFF00000000000003ull,
                            0x4110000000000000ull, 0x0000000000000004ull, 0), 0);
    ck_assert_uint_eq(FPR(0), 0x4120000000000000ull);
    ck_assert_uint_eq(FPR(2), 0x3300000000000007ull);
}
END_TEST

START_TEST(t_sxr_guard_digit)
{
    ck_assert_int_eq(ext_rr("3704", 0x4110000000000000ull, 0,
                            0x40FFFFFFFFFFFFFFull, 0x32FFFFFFFFFFFFFFull, 0), 0);
    ck_assert_uint_eq(FPR(0), 0x2510000000000000ull);
    ck_assert_uint_eq(FPR(2), 0x1700000000000000ull);
    ck_assert_int_eq(CC(), 2);
}
END_TEST

START_TEST(t_sxr_negative_result)
{
    /* (1 + 5 * 16**-28) - 2, normalized; the low part takes the sign */
    ck_assert_int_eq(ext_rr("3740", 0x4120000000000000ull, 0,
                            0x4110000000000000ull, 0x3300000000000005ull, 0), 0);
    ck_assert_uint_eq(FPR(4), 0xC0FFFFFFFFFFFFFFull);
    ck_assert_uint_eq(FPR(6), 0xB2FFFFFFFFFFFFB0ull);
    ck_assert_int_eq(CC(), 1);
    /* unchanged second operand */
    ck_assert_uint_eq(FPR(0), 0x4120000000000000ull);
}
END_TEST

START_TEST(t_axr_significance)
{
    ck_assert_int_eq(ext_rr("3704", 0x4110000000000000ull, 0x3300000000000001ull,
                            0x4110000000000000ull, 0x3300000000000001ull, 0), 0);
    ck_assert_uint_eq(FPR(0), 0);
    ck_assert_uint_eq(FPR(2), 0);
    ck_assert_int_eq(CC(), 0);
    ck_assert_int_eq(ext_rr("3704", 0x4110000000000000ull, 0x3300000000000001ull,
                            0x4110000000000000ull, 0x3300000000000001ull, PM_SIGNIF),
                     PGM_SIGNIFICANCE);
    ck_assert_uint_eq(FPR(0), 0x4100000000000000ull);
    ck_assert_uint_eq(FPR(2), 0x3300000000000000ull);
    ck_assert_int_eq(CC(), 0);
}
END_TEST

/* No underflow when only the low-order characteristic goes below zero: it wraps. */
START_TEST(t_axr_low_characteristic_wraps)
{
    ck_assert_int_eq(ext_rr("3604", 0x0510000000000000ull, 0x0000000000000009ull, 0, 0,
                            PM_EXPUND), 0);
    ck_assert_uint_eq(FPR(0), 0x0510000000000000ull);
    ck_assert_uint_eq(FPR(2), 0x7700000000000009ull);
    ck_assert_int_eq(CC(), 2);
}
END_TEST

START_TEST(t_axr_overflow_underflow)
{
    ck_assert_int_eq(ext_rr("3604", 0x7F80000000000000ull, 0, 0x7F80000000000000ull, 0, 0),
                     PGM_EXPONENT_OVERFLOW);
    ck_assert_uint_eq(FPR(0), 0x0010000000000000ull);
    ck_assert_uint_eq(FPR(2), 0x7200000000000000ull);
    ck_assert_int_eq(CC(), 2);
    ck_assert_int_eq(ext_rr("3704", 0x0010000000000000ull, 0, 0x0008000000000000ull, 0,
                            PM_EXPUND), PGM_EXPONENT_UNDERFLOW);
    ck_assert_uint_eq(FPR(0), 0x7F80000000000000ull);
    ck_assert_uint_eq(FPR(2), 0x7100000000000000ull);
    ck_assert_int_eq(ext_rr("3704", 0x0010000000000000ull, 0, 0x0008000000000000ull, 0, 0),
                     0);
    ck_assert_uint_eq(FPR(0), 0);
    ck_assert_uint_eq(FPR(2), 0);
    ck_assert_int_eq(CC(), 0);
}
END_TEST

/* ---- add and subtract unnormalized -------------------------------------------------------- */

START_TEST(t_aur_basic)
{
    ck_assert_int_eq(short_rr("3E02", 0x41000100, 0x41000200, 0), 0);
    check_short0(0x41000300);
    ck_assert_int_eq(CC(), 2);
    ck_assert_int_eq(short_rr("3E02", 0x42000100, 0x41000100, 0), 0);
    check_short0(0x42000110);
}
END_TEST

START_TEST(t_aur_carry)
{
    ck_assert_int_eq(short_rr("3E02", 0x41F00000, 0x41100000, 0), 0);
    check_short0(0x42100000);
    ck_assert_int_eq(short_rr("3E02", 0x7FF00000, 0x7F100000, 0), PGM_EXPONENT_OVERFLOW);
    check_short0(0x00100000);
    ck_assert_int_eq(CC(), 2);
}
END_TEST

/* The guard digit takes part (borrow), then is dropped without normalization. */
START_TEST(t_sur_guard_digit)
{
    ck_assert_int_eq(short_rr("3F02", 0x41100000, 0x40000001, 0), 0);
    check_short0(0x410FFFFF);
    ck_assert_int_eq(CC(), 2);
    ck_assert_int_eq(short_rr("3B02", 0x41100000, 0x40000001, 0), 0);
    check_short0(0x40FFFFFF);
}
END_TEST

/* A sum that is nonzero only in the guard digit: zero for AU, normalized for AE. */
START_TEST(t_aur_guard_only)
{
    ck_assert_int_eq(short_rr("3E02", 0x41000000, 0x40000001, 0), 0);
    check_short0(0x00000000);
    ck_assert_int_eq(CC(), 0);
    ck_assert_int_eq(short_rr("3E02", 0x41000000, 0x40000001, PM_SIGNIF), PGM_SIGNIFICANCE);
    check_short0(0x41000000);
    ck_assert_int_eq(short_rr("3A02", 0x41000000, 0x40000001, 0), 0);
    check_short0(0x3B100000);
}
END_TEST

START_TEST(t_aur_significance)
{
    ck_assert_int_eq(short_rr("3F02", 0xC2000123, 0xC2000123, PM_SIGNIF), PGM_SIGNIFICANCE);
    check_short0(0x42000000);
    ck_assert_int_eq(CC(), 0);
    ck_assert_int_eq(short_rr("3F02", 0xC2000123, 0xC2000123, 0), 0);
    check_short0(0x00000000);
    ck_assert_int_eq(CC(), 0);
}
END_TEST

/* Unnormalized add cannot underflow: a tiny result keeps leading zeros. */
START_TEST(t_aur_no_underflow)
{
    ck_assert_int_eq(short_rr("3F02", 0x00100000, 0x000FFFFF, PM_EXPUND), 0);
    check_short0(0x00000001);
    ck_assert_int_eq(CC(), 2);
}
END_TEST

START_TEST(t_awr_swr)
{
    ck_assert_int_eq(long_rr("2E02", 0x4E00000000000001ull, 0x4E00000000000001ull, 0), 0);
    ck_assert_uint_eq(FPR(0), 0x4E00000000000002ull);
    ck_assert_int_eq(long_rr("2F02", 0x4E00000000000001ull, 0x4E00000000000002ull, 0), 0);
    ck_assert_uint_eq(FPR(0), 0xCE00000000000001ull);
    ck_assert_int_eq(CC(), 1);
    ck_assert_int_eq(long_rr("2F02", 0x4110000000000000ull, 0x4000000000000001ull, 0), 0);
    ck_assert_uint_eq(FPR(0), 0x410FFFFFFFFFFFFFull);
}
END_TEST

START_TEST(t_au_aw_su_sw_rx)
{
    poke32(0x800, 0x41000010);
    FPR(0) = 0x4100000577777777ull;
    ck_assert_int_eq(run("7E000800", 0), 0);
    ck_assert_uint_eq(FPR(0), 0x4100001577777777ull);
    ck_assert_int_eq(run("7F000800", 0), 0);
    ck_assert_uint_eq(FPR(0), 0x4100000577777777ull);
    poke64(0x808, 0x4200000000000010ull);
    FPR(2) = 0x4200000000000001ull;
    ck_assert_int_eq(run("6E200808", 0), 0);
    ck_assert_uint_eq(FPR(2), 0x4200000000000011ull);
    ck_assert_int_eq(run("6F200808", PM_SIGNIF), 0);
    ck_assert_int_eq(run("6F200808", PM_SIGNIF), 0);
    ck_assert_uint_eq(FPR(2), 0xC20000000000000Full);
    ck_assert_int_eq(CC(), 1);
}
END_TEST

/* ---- compare ---------------------------------------------------------------------------------- */

START_TEST(t_cer)
{
    ck_assert_int_eq(short_rr("3902", 0x41100000, 0x41200000, 0), 0);
    ck_assert_int_eq(CC(), 1);
    ck_assert_int_eq(short_rr("3902", 0x41200000, 0x41100000, 0), 0);
    ck_assert_int_eq(CC(), 2);
    ck_assert_int_eq(short_rr("3902", 0x41100000, 0x41100000, 0), 0);
    ck_assert_int_eq(CC(), 0);
    ck_assert_int_eq(short_rr("3902", 0xC1100000, 0xC1200000, 0), 0);
    ck_assert_int_eq(CC(), 2);
    ck_assert_int_eq(short_rr("3902", 0xC1100000, 0x40100000, 0), 0);
    ck_assert_int_eq(CC(), 1);
    check_short0(0xC1100000);
}
END_TEST

START_TEST(t_cer_unnormalized_equal)
{
    /* same value, different representation */
    ck_assert_int_eq(short_rr("3902", 0x42010000, 0x41100000, 0), 0);
    ck_assert_int_eq(CC(), 0);
    /* zero fractions compare equal whatever sign and characteristic */
    ck_assert_int_eq(short_rr("3902", 0x80000000, 0x45000000, 0), 0);
    ck_assert_int_eq(CC(), 0);
}
END_TEST

/* The procedure of subtraction: digits beyond the guard digit do not count. */
START_TEST(t_cer_guard_digit)
{
    ck_assert_int_eq(short_rr("3902", 0x41000000, 0x3B100000, 0), 0);
    ck_assert_int_eq(CC(), 1);
    ck_assert_int_eq(short_rr("3902", 0x41000000, 0x3A100000, 0), 0);
    ck_assert_int_eq(CC(), 0);
}
END_TEST

START_TEST(t_compare_no_exceptions)
{
    ck_assert_int_eq(short_rr("3902", 0x7F800000, 0xFF800000, PM_SIGNIF | PM_EXPUND), 0);
    ck_assert_int_eq(CC(), 2);
    ck_assert_int_eq(short_rr("3902", 0x00100000, 0x00100000, PM_SIGNIF | PM_EXPUND), 0);
    ck_assert_int_eq(CC(), 0);
}
END_TEST

START_TEST(t_cdr)
{
    ck_assert_int_eq(long_rr("2902", 0x4110000000000000ull, 0x4110000000000001ull, 0), 0);
    ck_assert_int_eq(CC(), 1);
    ck_assert_int_eq(long_rr("2902", 0x4110000000000001ull, 0x4110000000000000ull, 0), 0);
    ck_assert_int_eq(CC(), 2);
    /* the low half decides for long operands, but not for short ones */
    ck_assert_int_eq(long_rr("3902", 0x4110000000000001ull, 0x4110000000000000ull, 0), 0);
    ck_assert_int_eq(CC(), 0);
}
END_TEST

START_TEST(t_ce_cd_rx)
{
    poke32(0x800, 0x41200000);
    poke64(0x808, 0xC120000000000000ull);
    FPR(6) = 0x4120000000000000ull;
    ck_assert_int_eq(run("79600800", 0), 0);
    ck_assert_int_eq(CC(), 0);
    ck_assert_int_eq(run("69600808", 0), 0);
    ck_assert_int_eq(CC(), 2);
}
END_TEST

/* ---- halve --------------------------------------------------------------------------------------- */

START_TEST(t_her)
{
    ck_assert_int_eq(short_rr("3402", 0, 0x41200000, 0), 0);
    check_short0(0x41100000);
    ck_assert_int_eq(CC(), 3);
    /* result is normalized */
    ck_assert_int_eq(short_rr("3402", 0, 0x41100000, 0), 0);
    check_short0(0x40800000);
    /* the rightmost bit is kept in the guard digit */
    ck_assert_int_eq(short_rr("3402", 0, 0xC1100001, 0), 0);
    check_short0(0xC0800008);
}
END_TEST

START_TEST(t_her_unnormalized)
{
    ck_assert_int_eq(short_rr("3402", 0, 0x41000100, 0), 0);
    check_short0(0x3D800000);
    ck_assert_int_eq(short_rr("3402", 0x11111111, 0xC5000000, 0), 0);
    check_short0(0x00000000);
}
END_TEST

START_TEST(t_her_underflow)
{
    ck_assert_int_eq(short_rr("3402", 0, 0x00100000, 0), 0);
    check_short0(0x00000000);
    ck_assert_int_eq(short_rr("3402", 0, 0x00100000, PM_EXPUND), PGM_EXPONENT_UNDERFLOW);
    check_short0(0x7F800000);
    ck_assert_int_eq(CC(), 3);
}
END_TEST

START_TEST(t_hdr)
{
    ck_assert_int_eq(long_rr("2402", 0, 0x4110000000000001ull, 0), 0);
    ck_assert_uint_eq(FPR(0), 0x4080000000000008ull);
    ck_assert_int_eq(long_rr("2402", 0, 0x4000000000000001ull, 0), 0);
    ck_assert_uint_eq(FPR(0), 0x3280000000000000ull);
    ck_assert_int_eq(long_rr("2422", 0, 0xC23456789ABCDEF0ull, 0), 0);
    ck_assert_uint_eq(FPR(2), 0xC21A2B3C4D5E6F78ull);
    ck_assert_int_eq(CC(), 3);
}
END_TEST

/* ---- load rounded ------------------------------------------------------------------------------- */

START_TEST(t_lrer)
{
    ck_assert_int_eq(long_rr("3502", 0x1111111122222222ull, 0x4110000080000000ull, 0), 0);
    ck_assert_uint_eq(FPR(0), 0x4110000122222222ull);
    ck_assert_int_eq(CC(), 3);
    ck_assert_int_eq(long_rr("3502", 0, 0xC11000007FFFFFFFull, 0), 0);
    ck_assert_uint_eq(HI(0), 0xC1100000);
    /* no normalization */
    ck_assert_int_eq(long_rr("3502", 0, 0x4100000080000000ull, 0), 0);
    ck_assert_uint_eq(HI(0), 0x41000001);
}
END_TEST

START_TEST(t_lrer_carry_overflow)
{
    ck_assert_int_eq(long_rr("3502", 0, 0xC1FFFFFF80000000ull, 0), 0);
    ck_assert_uint_eq(HI(0), 0xC2100000);
    ck_assert_int_eq(long_rr("3502", 0, 0x7FFFFFFF80000000ull, 0), PGM_EXPONENT_OVERFLOW);
    ck_assert_uint_eq(HI(0), 0x00100000);
    ck_assert_int_eq(CC(), 3);
}
END_TEST

START_TEST(t_lrdr)
{
    FPR(2) = 0;
    FPR(4) = 0x4110000000000000ull;
    FPR(6) = 0x3380000000000000ull;
    ck_assert_int_eq(run("2524", 0), 0);
    ck_assert_uint_eq(FPR(2), 0x4110000000000001ull);
    /* the low-order sign and characteristic do not matter */
    FPR(6) = 0xFF80000000000000ull;
    ck_assert_int_eq(run("2524", 0), 0);
    ck_assert_uint_eq(FPR(2), 0x4110000000000001ull);
    FPR(6) = 0x337FFFFFFFFFFFFFull;
    ck_assert_int_eq(run("2524", 0), 0);
    ck_assert_uint_eq(FPR(2), 0x4110000000000000ull);
    ck_assert_int_eq(CC(), 3);
}
END_TEST

START_TEST(t_lrdr_carry_overflow)
{
    ck_assert_int_eq(ext_rr("2564", 0, 0, 0xC1FFFFFFFFFFFFFFull, 0x0080000000000000ull, 0), 0);
    ck_assert_uint_eq(FPR(6), 0xC210000000000000ull);
    ck_assert_int_eq(ext_rr("2504", 0, 0, 0x7FFFFFFFFFFFFFFFull, 0x3380000000000000ull, 0),
                     PGM_EXPONENT_OVERFLOW);
    ck_assert_uint_eq(FPR(0), 0x0010000000000000ull);
}
END_TEST

/* ---- multiply ------------------------------------------------------------------------------------ */

START_TEST(t_mer)
{
    /* 2 * 3 = 6, long result replaces the whole register */
    ck_assert_int_eq(short_rr("3C02", 0x41200000, 0x41300000, 0), 0);
    ck_assert_uint_eq(FPR(0), 0x4160000000000000ull);
    ck_assert_int_eq(CC(), 3);
    ck_assert_uint_eq(FPR(2), 0x41300000ull << 32 | LOW_B);
    /* postnormalization by one digit */
    ck_assert_int_eq(short_rr("3C02", 0x41100000, 0x41100000, 0), 0);
    ck_assert_uint_eq(FPR(0), 0x4110000000000000ull);
}
END_TEST

START_TEST(t_mer_full_product)
{
    ck_assert_int_eq(short_rr("3C02", 0x41FFFFFF, 0xC1FFFFFF, 0), 0);
    ck_assert_uint_eq(FPR(0), 0xC2FFFFFE00000100ull);
}
END_TEST

START_TEST(t_mer_prenormalizes)
{
    ck_assert_int_eq(short_rr("3C02", 0x43000100, 0x41200000, 0), 0);
    ck_assert_uint_eq(FPR(0), 0x4020000000000000ull);
}
END_TEST

START_TEST(t_mer_zero)
{
    ck_assert_int_eq(short_rr("3C02", 0xC1000000, 0x41200000, PM_SIGNIF), 0);
    ck_assert_uint_eq(FPR(0), 0);
    ck_assert_int_eq(short_rr("3C02", 0x7F100000, 0x80000000, PM_EXPUND), 0);
    ck_assert_uint_eq(FPR(0), 0);
}
END_TEST

START_TEST(t_mer_overflow)
{
    ck_assert_int_eq(short_rr("3C02", 0x7F100000, 0xFF100000, 0), PGM_EXPONENT_OVERFLOW);
    ck_assert_uint_eq(FPR(0), 0xBD10000000000000ull);
    ck_assert_int_eq(CC(), 3);
}
END_TEST

START_TEST(t_mer_underflow)
{
    ck_assert_int_eq(short_rr("3C02", 0x20100000, 0x20100000, 0), 0);
    ck_assert_uint_eq(FPR(0), 0);
    ck_assert_int_eq(short_rr("3C02", 0x20100000, 0x20100000, PM_EXPUND),
                     PGM_EXPONENT_UNDERFLOW);
    ck_assert_uint_eq(FPR(0), 0x7F10000000000000ull);
}
END_TEST

START_TEST(t_me_rx)
{
    poke32(0x800, 0xC1400000);
    FPR(2) = 0x41300000FFFFFFFFull;
    ck_assert_int_eq(run("7C200800", 0), 0);
    ck_assert_uint_eq(FPR(2), 0xC1C0000000000000ull);
}
END_TEST

START_TEST(t_mdr)
{
    ck_assert_int_eq(long_rr("2C02", 0x4110000000000001ull, 0x4120000000000000ull, 0), 0);
    ck_assert_uint_eq(FPR(0), 0x4120000000000002ull);
    /* truncated, not rounded */
    ck_assert_int_eq(long_rr("2C02", 0x41FFFFFFFFFFFFFFull, 0x41FFFFFFFFFFFFFFull, 0), 0);
    ck_assert_uint_eq(FPR(0), 0x42FFFFFFFFFFFFFEull);
    ck_assert_int_eq(long_rr("2C02", 0x0110000000000000ull, 0x0110000000000000ull, PM_EXPUND),
                     PGM_EXPONENT_UNDERFLOW);
    ck_assert_uint_eq(FPR(0), 0x4110000000000000ull);
}
END_TEST

START_TEST(t_md_rx)
{
    poke64(0x800, 0x4080000000000000ull);      /* 0.5 */
    FPR(4) = 0xC130000000000000ull;
    ck_assert_int_eq(run("6C400800", 0), 0);
    ck_assert_uint_eq(FPR(4), 0xC118000000000000ull);
}
END_TEST

START_TEST(t_mxdr)
{
    FPR(0) = 0x41FFFFFFFFFFFFFFull;
    FPR(2) = 0x1234;
    FPR(6) = 0x41FFFFFFFFFFFFFFull;
    ck_assert_int_eq(run("2706", 0), 0);
    ck_assert_uint_eq(FPR(0), 0x42FFFFFFFFFFFFFEull);
    ck_assert_uint_eq(FPR(2), 0x3400000000000001ull);
    ck_assert_int_eq(CC(), 3);
}
END_TEST

START_TEST(t_mxd_rx)
{
    poke64(0x800, 0xC120000000000000ull);
    FPR(4) = 0x4130000000000001ull;
    FPR(6) = 0x5555;
    ck_assert_int_eq(run("67400800", 0), 0);
    ck_assert_uint_eq(FPR(4), 0xC160000000000002ull);
    ck_assert_uint_eq(FPR(6), 0xB300000000000000ull);
}
END_TEST

START_TEST(t_mxr)
{
    ck_assert_int_eq(ext_rr("2604", 0x4110000000000000ull, 0x3300000000000001ull,
                            0x4120000000000000ull, 0x3300000000000000ull, 0), 0);
    ck_assert_uint_eq(FPR(0), 0x4120000000000000ull);
    ck_assert_uint_eq(FPR(2), 0x3300000000000002ull);
    /* the normalizing shift brings in the 29th product digit */
    ck_assert_int_eq(ext_rr("2604", 0x4110000000000000ull, 0x3300000000000001ull,
                            0x4110000000000000ull, 0x3300000000000002ull, 0), 0);
    ck_assert_uint_eq(FPR(0), 0x4110000000000000ull);
    ck_assert_uint_eq(FPR(2), 0x3300000000000003ull);
    /* truncated to 28 digits */
    ck_assert_int_eq(ext_rr("2604", 0x41FFFFFFFFFFFFFFull, 0x33FFFFFFFFFFFFFFull,
                            0x41FFFFFFFFFFFFFFull, 0x33FFFFFFFFFFFFFFull, 0), 0);
    ck_assert_uint_eq(FPR(0), 0x42FFFFFFFFFFFFFFull);
    ck_assert_uint_eq(FPR(2), 0x34FFFFFFFFFFFFFEull);
}
END_TEST

START_TEST(t_mxr_prenormalizes)
{
    ck_assert_int_eq(ext_rr("2640", 0x4100000000000000ull, 0x3300000000000001ull,
                            0xC110000000000000ull, 0, 0), 0);
    ck_assert_uint_eq(FPR(4), 0xA610000000000000ull);
    ck_assert_uint_eq(FPR(6), 0x9800000000000000ull);
}
END_TEST

START_TEST(t_mxr_exceptions)
{
    /* low characteristic wraps without underflow */
    ck_assert_int_eq(ext_rr("2604", 0x2110000000000000ull, 0, 0x2110000000000000ull, 0,
                            PM_EXPUND), 0);
    ck_assert_uint_eq(FPR(0), 0x0110000000000000ull);
    ck_assert_uint_eq(FPR(2), 0x7300000000000000ull);
    ck_assert_int_eq(ext_rr("2604", 0x1110000000000000ull, 0, 0x2110000000000000ull, 0, 0),
                     0);
    ck_assert_uint_eq(FPR(0), 0);
    ck_assert_uint_eq(FPR(2), 0);
    ck_assert_int_eq(ext_rr("2604", 0x7110000000000000ull, 0, 0x5120000000000000ull, 0, 0),
                     PGM_EXPONENT_OVERFLOW);
    ck_assert_uint_eq(FPR(0), 0x0120000000000000ull);
    ck_assert_uint_eq(FPR(2), 0x7300000000000000ull);
}
END_TEST

/* ---- divide -------------------------------------------------------------------------------------- */

START_TEST(t_der)
{
    ck_assert_int_eq(short_rr("3D02", 0x41600000, 0x41200000, 0), 0);
    check_short0(0x41300000);
    ck_assert_int_eq(CC(), 3);
    /* truncated quotient */
    ck_assert_int_eq(short_rr("3D02", 0x41100000, 0x41300000, 0), 0);
    check_short0(0x40555555);
    ck_assert_int_eq(short_rr("3D02", 0xC1100000, 0x41300000, 0), 0);
    check_short0(0xC0555555);
}
END_TEST

START_TEST(t_der_prenormalizes)
{
    ck_assert_int_eq(short_rr("3D02", 0x41100000, 0x43000100, 0), 0);
    check_short0(0x42100000);
}
END_TEST

START_TEST(t_der_divide_by_zero)
{
    ck_assert_int_eq(short_rr("3D02", 0x41100000, 0x80000000, 0), PGM_FLOAT_DIVIDE);
    check_short0(0x41100000);
    ck_assert_int_eq(CC(), 3);
    ck_assert_int_eq(short_rr("3D02", 0x00000000, 0x41000000, 0), PGM_FLOAT_DIVIDE);
    check_short0(0x00000000);
}
END_TEST

START_TEST(t_der_zero_dividend)
{
    ck_assert_int_eq(short_rr("3D02", 0xC3000000, 0x41100000, PM_SIGNIF), 0);
    check_short0(0x00000000);
}
END_TEST

START_TEST(t_der_overflow_underflow)
{
    ck_assert_int_eq(short_rr("3D02", 0x7F100000, 0x01100000, 0), PGM_EXPONENT_OVERFLOW);
    check_short0(0x3F100000);
    ck_assert_int_eq(short_rr("3D02", 0x01100000, 0x7F200000, 0), 0);
    check_short0(0x00000000);
    ck_assert_int_eq(short_rr("3D02", 0x01100000, 0xFF200000, PM_EXPUND),
                     PGM_EXPONENT_UNDERFLOW);
    check_short0(0xC2800000);
}
END_TEST

START_TEST(t_ddr)
{
    ck_assert_int_eq(long_rr("2D02", 0x4110000000000000ull, 0x4130000000000000ull, 0), 0);
    ck_assert_uint_eq(FPR(0), 0x4055555555555555ull);
    ck_assert_int_eq(long_rr("2D02", 0x4210000000000000ull, 0xC130000000000000ull, 0), 0);
    ck_assert_uint_eq(FPR(0), 0xC155555555555555ull);
    ck_assert_int_eq(long_rr("2D02", 0x4210000000000000ull, 0x0000000000000000ull, 0),
                     PGM_FLOAT_DIVIDE);
    ck_assert_uint_eq(FPR(0), 0x4210000000000000ull);
}
END_TEST

START_TEST(t_de_dd_rx)
{
    poke32(0x800, 0x41400000);
    FPR(2) = 0x4210000012345678ull;
    ck_assert_int_eq(run("7D200800", 0), 0);
    ck_assert_uint_eq(FPR(2), 0x4140000012345678ull);
    poke64(0x808, 0x4120000000000000ull);
    FPR(4) = 0x4110000000000000ull;
    ck_assert_int_eq(run("6D400808", 0), 0);
    ck_assert_uint_eq(FPR(4), 0x4080000000000000ull);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("float");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, t_ler);
    tcase_add_test(tc, t_ldr);
    tcase_add_test(tc, t_le_ld);
    tcase_add_test(tc, t_unaligned_operands);
    tcase_add_test(tc, t_ste_std);
    tcase_add_test(tc, t_lter_cc);
    tcase_add_test(tc, t_ltdr_cc);
    tcase_add_test(tc, t_lcer_lcdr);
    tcase_add_test(tc, t_lper_lpdr);
    tcase_add_test(tc, t_lner_lndr);
    tcase_add_test(tc, t_spec_registers);
    tcase_add_test(tc, t_spec_extended_pairs);
    tcase_add_test(tc, t_addressing);
    tcase_add_test(tc, t_aer_basic);
    tcase_add_test(tc, t_aer_carry);
    tcase_add_test(tc, t_aer_mixed_signs);
    tcase_add_test(tc, t_ser_guard_digit);
    tcase_add_test(tc, t_ser_truncation);
    tcase_add_test(tc, t_aer_normalizes);
    tcase_add_test(tc, t_aer_significance_masked_off);
    tcase_add_test(tc, t_aer_significance_masked_on);
    tcase_add_test(tc, t_aer_dirty_zero);
    tcase_add_test(tc, t_aer_overflow);
    tcase_add_test(tc, t_aer_underflow_masked_off);
    tcase_add_test(tc, t_aer_underflow_masked_on);
    tcase_add_test(tc, t_ae_se_rx);
    tcase_add_test(tc, t_ser_same_register);
    tcase_add_test(tc, t_adr_basic);
    tcase_add_test(tc, t_sdr_guard_digit);
    tcase_add_test(tc, t_adr_exceptions);
    tcase_add_test(tc, t_ad_sd_rx);
    tcase_add_test(tc, t_axr_basic);
    tcase_add_test(tc, t_axr_low_part_ignored);
    tcase_add_test(tc, t_sxr_guard_digit);
    tcase_add_test(tc, t_sxr_negative_result);
    tcase_add_test(tc, t_axr_significance);
    tcase_add_test(tc, t_axr_low_characteristic_wraps);
    tcase_add_test(tc, t_axr_overflow_underflow);
    tcase_add_test(tc, t_aur_basic);
    tcase_add_test(tc, t_aur_carry);
    tcase_add_test(tc, t_sur_guard_digit);
    tcase_add_test(tc, t_aur_guard_only);
    tcase_add_test(tc, t_aur_significance);
    tcase_add_test(tc, t_aur_no_underflow);
    tcase_add_test(tc, t_awr_swr);
    tcase_add_test(tc, t_au_aw_su_sw_rx);
    tcase_add_test(tc, t_cer);
    tcase_add_test(tc, t_cer_unnormalized_equal);
    tcase_add_test(tc, t_cer_guard_digit);
    tcase_add_test(tc, t_compare_no_exceptions);
    tcase_add_test(tc, t_cdr);
    tcase_add_test(tc, t_ce_cd_rx);
    tcase_add_test(tc, t_her);
    tcase_add_test(tc, t_her_unnormalized);
    tcase_add_test(tc, t_her_underflow);
    tcase_add_test(tc, t_hdr);
    tcase_add_test(tc, t_lrer);
    tcase_add_test(tc, t_lrer_carry_overflow);
    tcase_add_test(tc, t_lrdr);
    tcase_add_test(tc, t_lrdr_carry_overflow);
    tcase_add_test(tc, t_mer);
    tcase_add_test(tc, t_mer_full_product);
    tcase_add_test(tc, t_mer_prenormalizes);
    tcase_add_test(tc, t_mer_zero);
    tcase_add_test(tc, t_mer_overflow);
    tcase_add_test(tc, t_mer_underflow);
    tcase_add_test(tc, t_me_rx);
    tcase_add_test(tc, t_mdr);
    tcase_add_test(tc, t_md_rx);
    tcase_add_test(tc, t_mxdr);
    tcase_add_test(tc, t_mxd_rx);
    tcase_add_test(tc, t_mxr);
    tcase_add_test(tc, t_mxr_prenormalizes);
    tcase_add_test(tc, t_mxr_exceptions);
    tcase_add_test(tc, t_der);
    tcase_add_test(tc, t_der_prenormalizes);
    tcase_add_test(tc, t_der_divide_by_zero);
    tcase_add_test(tc, t_der_zero_dividend);
    tcase_add_test(tc, t_der_overflow_underflow);
    tcase_add_test(tc, t_ddr);
    tcase_add_test(tc, t_de_dd_rx);
    suite_add_tcase(s, tc);
    SRunner *r = srunner_create(s);
    srunner_run_all(r, CK_NORMAL);
    int f = srunner_ntests_failed(r);
    srunner_free(r);
    return f ? 1 : 0;
}
