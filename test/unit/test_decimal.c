/* test_decimal.c - unit tests of the decimal instructions, CVB/CVD and ED/EDMK.
 * Operands live at 0x800 (first) and 0x900 (second), ED patterns at 0xA00; the
 * instruction under test runs at 0x1000. */
#include <stdio.h>
#include "harness.h"

static struct harness h;

static void setup(void) { h_setup(&h, 1); }
static void teardown(void) { h_teardown(&h); }

static unsigned parse_hex(const char *hex, uint8_t *out, unsigned max)
{
    unsigned n = 0;
    int hi = -1;
    for (const char *p = hex; *p && n < max; p++) {
        int v;
        if (*p >= '0' && *p <= '9') v = *p - '0';
        else if (*p >= 'A' && *p <= 'F') v = *p - 'A' + 10;
        else if (*p >= 'a' && *p <= 'f') v = *p - 'a' + 10;
        else continue;
        if (hi < 0) hi = v;
        else { out[n++] = (uint8_t)(hi << 4 | v); hi = -1; }
    }
    return n;
}

/* Storage at addr must hold exactly the given bytes. */
static void expect_at(struct harness *hh, uint32_t addr, const char *hex)
{
    uint8_t want[256], got[256];
    unsigned n = parse_hex(hex, want, sizeof want);
    h_peek(hh, addr, got, n);
    for (unsigned i = 0; i < n; i++)
        ck_assert_msg(got[i] == want[i], "byte %06X: got %02X, want %02X (expected %s)",
                      addr + i, got[i], want[i], hex);
}
#define expect(addr, hex) expect_at(&h, (addr), (hex))

/* Run one instruction with the given condition code preset; check the code. */
static void run(const char *insn, int want_pgm)
{
    int code = h_exec(&h, 0x1000, insn);
    ck_assert_int_eq(code, want_pgm);
}
#define CC (h.c->psw.cc)

/* ---------------------------------------------------------------- AP */

START_TEST(ap_basic)
{
    h_poke(&h, 0x800, "00123C"); h_poke(&h, 0x900, "4C");
    run("FA20 0800 0900", 0);           /* AP 0x800(3),0x900(1) */
    expect(0x800, "00127C");
    ck_assert_int_eq(CC, 2);
}
END_TEST

START_TEST(ap_negative_result)
{
    h_poke(&h, 0x800, "00010C"); h_poke(&h, 0x900, "025D");
    run("FA21 0800 0900", 0);
    expect(0x800, "00015D");
    ck_assert_int_eq(CC, 1);
}
END_TEST

START_TEST(ap_zero_is_positive)
{
    h_poke(&h, 0x800, "123C"); h_poke(&h, 0x900, "123D");
    run("FA11 0800 0900", 0);
    expect(0x800, "000C");
    ck_assert_int_eq(CC, 0);
}
END_TEST

START_TEST(ap_preferred_signs)
{
    /* A and F are plus codes; the result gets C. B is minus, result gets D. */
    h_poke(&h, 0x800, "1A"); h_poke(&h, 0x900, "2F");
    run("FA00 0800 0900", 0);
    expect(0x800, "3C");
    h_poke(&h, 0x800, "1B"); h_poke(&h, 0x900, "2B");
    run("FA00 0800 0900", 0);
    expect(0x800, "3D");
    ck_assert_int_eq(CC, 1);
}
END_TEST

START_TEST(ap_carry_chain_16_bytes)
{
    /* 31-digit fields: 0999...9 + 1 = 1000...0 */
    h_poke(&h, 0x800, "0999999999999999999999999999999C");
    h_poke(&h, 0x900, "1C");
    run("FAF0 0800 0900", 0);
    expect(0x800, "1000000000000000000000000000000C");
    ck_assert_int_eq(CC, 2);
}
END_TEST

START_TEST(ap_overflow_masked_off)
{
    h.c->psw.progmask = 0;
    h_poke(&h, 0x800, "999C"); h_poke(&h, 0x900, "1C");
    run("FA10 0800 0900", 0);
    expect(0x800, "000C");              /* leftmost digit lost, zero keeps + */
    ck_assert_int_eq(CC, 3);
}
END_TEST

START_TEST(ap_overflow_interrupts)
{
    h.c->psw.progmask = PM_DECOVF;
    h_poke(&h, 0x800, "999C"); h_poke(&h, 0x900, "2C");
    run("FA10 0800 0900", PGM_DECIMAL_OVERFLOW);
    expect(0x800, "001C");              /* operation completed */
    ck_assert_int_eq(CC, 3);
}
END_TEST

START_TEST(ap_overflow_zero_keeps_sign)
{
    /* -999 + -1 = -1000: truncated to zero, sign of the true sum */
    h_poke(&h, 0x800, "999D"); h_poke(&h, 0x900, "1D");
    run("FA10 0800 0900", 0);
    expect(0x800, "000D");
    ck_assert_int_eq(CC, 3);
}
END_TEST

START_TEST(ap_overflow_longer_second_operand)
{
    h_poke(&h, 0x800, "1C"); h_poke(&h, 0x900, "100C");
    run("FA01 0800 0900", 0);
    expect(0x800, "1C");                /* 101: only the units digit fits */
    ck_assert_int_eq(CC, 3);
}
END_TEST

START_TEST(ap_longer_second_operand_fits)
{
    h_poke(&h, 0x800, "5C"); h_poke(&h, 0x900, "00003D");
    run("FA02 0800 0900", 0);
    expect(0x800, "2C");
    ck_assert_int_eq(CC, 2);
}
END_TEST

START_TEST(ap_data_invalid_digit)
{
    h.c->psw.cc = 1;
    h_poke(&h, 0x800, "0A1C"); h_poke(&h, 0x900, "1C");
    run("FA10 0800 0900", PGM_DATA);
    expect(0x800, "0A1C");
    ck_assert_int_eq(CC, 1);
}
END_TEST

START_TEST(ap_data_invalid_sign)
{
    h_poke(&h, 0x800, "001C"); h_poke(&h, 0x900, "12");
    run("FA10 0800 0900", PGM_DATA);
    expect(0x800, "001C");
}
END_TEST

START_TEST(ap_to_itself)
{
    /* overlapping operands with coincident rightmost bytes */
    h_poke(&h, 0x800, "12345C");
    run("FA22 0800 0800", 0);
    expect(0x800, "24690C");
    ck_assert_int_eq(CC, 2);
}
END_TEST

START_TEST(ap_addressing_before_store)
{
    /* first operand crosses the end of 1M storage: nothing is stored */
    h.c->gr[5] = 0x0FFFFE;
    h_poke(&h, 0xFFFFE, "0000");
    h_poke(&h, 0x900, "1C");
    run("FA30 5000 0900", PGM_ADDRESSING);
    expect(0xFFFFE, "0000");
}
END_TEST

START_TEST(ap_protection)
{
    h_poke(&h, 0x800, "001C"); h_poke(&h, 0x900, "1C");
    h.m.keys[0x800 >> BLOCK_SHIFT] = 0x10;
    h.c->psw.key = 2;
    cpu_update_ctx(h.c);
    run("FA10 0800 0900", PGM_PROTECTION);
    expect(0x800, "001C");
}
END_TEST

START_TEST(ap_wraps_at_16m)
{
    struct harness big;
    h_setup(&big, 16);
    big.c->gr[5] = 0xFFFFFF;
    h_poke(&big, 0xFFFFFF, "00");
    h_poke(&big, 0x000000, "9C");
    h_poke(&big, 0x900, "1C");
    int code = h_exec(&big, 0x1000, "FA10 5000 0900");
    ck_assert_int_eq(code, 0);
    expect_at(&big, 0xFFFFFF, "01");
    expect_at(&big, 0x000000, "0C");
    ck_assert_int_eq(big.c->psw.cc, 2);
    h_teardown(&big);
}
END_TEST

/* ---------------------------------------------------------------- SP */

START_TEST(sp_basic)
{
    h_poke(&h, 0x800, "050C"); h_poke(&h, 0x900, "3C");
    run("FB10 0800 0900", 0);
    expect(0x800, "047C");
    ck_assert_int_eq(CC, 2);
}
END_TEST

START_TEST(sp_negative)
{
    h_poke(&h, 0x800, "3C"); h_poke(&h, 0x900, "5C");
    run("FB00 0800 0900", 0);
    expect(0x800, "2D");
    ck_assert_int_eq(CC, 1);
}
END_TEST

START_TEST(sp_minus_minus)
{
    h_poke(&h, 0x800, "010D"); h_poke(&h, 0x900, "025D");
    run("FB11 0800 0900", 0);
    expect(0x800, "015C");
    ck_assert_int_eq(CC, 2);
}
END_TEST

START_TEST(sp_self_gives_plus_zero)
{
    h_poke(&h, 0x800, "123D");
    run("FB11 0800 0800", 0);
    expect(0x800, "000C");
    ck_assert_int_eq(CC, 0);
}
END_TEST

START_TEST(sp_overflow)
{
    h_poke(&h, 0x800, "9C"); h_poke(&h, 0x900, "1D");
    run("FB00 0800 0900", 0);
    expect(0x800, "0C");
    ck_assert_int_eq(CC, 3);
    h.c->psw.progmask = PM_DECOVF;
    h_poke(&h, 0x800, "9D"); h_poke(&h, 0x900, "3C");
    run("FB00 0800 0900", PGM_DECIMAL_OVERFLOW);
    expect(0x800, "2D");
    ck_assert_int_eq(CC, 3);
}
END_TEST

START_TEST(sp_data)
{
    h_poke(&h, 0x800, "1C"); h_poke(&h, 0x900, "C1");
    run("FB00 0800 0900", PGM_DATA);
    expect(0x800, "1C");
}
END_TEST

/* ---------------------------------------------------------------- ZAP */

START_TEST(zap_basic)
{
    /* the first operand is neither fetched nor checked */
    h_poke(&h, 0x800, "FFFFFF"); h_poke(&h, 0x900, "123F");
    run("F821 0800 0900", 0);
    expect(0x800, "00123C");
    ck_assert_int_eq(CC, 2);
}
END_TEST

START_TEST(zap_negative)
{
    h_poke(&h, 0x900, "123B");
    run("F821 0800 0900", 0);
    expect(0x800, "00123D");
    ck_assert_int_eq(CC, 1);
}
END_TEST

START_TEST(zap_negative_zero_becomes_plus)
{
    h_poke(&h, 0x900, "000D");
    run("F821 0800 0900", 0);
    expect(0x800, "00000C");
    ck_assert_int_eq(CC, 0);
}
END_TEST

START_TEST(zap_overflow)
{
    h_poke(&h, 0x900, "123C");
    run("F801 0800 0900", 0);
    expect(0x800, "3C");
    ck_assert_int_eq(CC, 3);
    h.c->psw.progmask = PM_DECOVF;
    h_poke(&h, 0x800, "00");
    run("F801 0800 0900", PGM_DECIMAL_OVERFLOW);
    expect(0x800, "3C");
    ck_assert_int_eq(CC, 3);
}
END_TEST

START_TEST(zap_overflow_zero_keeps_sign)
{
    h_poke(&h, 0x900, "100D");
    run("F801 0800 0900", 0);
    expect(0x800, "0D");
    ck_assert_int_eq(CC, 3);
}
END_TEST

START_TEST(zap_data)
{
    h_poke(&h, 0x800, "5555"); h_poke(&h, 0x900, "1A3C");
    run("F811 0800 0900", PGM_DATA);
    expect(0x800, "5555");
}
END_TEST

START_TEST(zap_overlap_rightmost_coincide)
{
    h_poke(&h, 0x800, "FF12345D");
    run("F832 0800 0801", 0);           /* ZAP 0x800(4),0x801(3) */
    expect(0x800, "0012345D");
    ck_assert_int_eq(CC, 1);
}
END_TEST

START_TEST(zap_overlap_first_to_the_right)
{
    h_poke(&h, 0x800, "12345C99");
    run("F822 0801 0800", 0);           /* ZAP 0x801(3),0x800(3) */
    expect(0x800, "1212345C");
    ck_assert_int_eq(CC, 2);
}
END_TEST

START_TEST(zap_store_protection)
{
    h_poke(&h, 0x800, "1C"); h_poke(&h, 0x900, "2C");
    h.m.keys[0x800 >> BLOCK_SHIFT] = 0x30;
    h.c->psw.key = 1;
    cpu_update_ctx(h.c);
    run("F800 0800 0900", PGM_PROTECTION);
    expect(0x800, "1C");
}
END_TEST

/* ---------------------------------------------------------------- CP */

START_TEST(cp_equal)
{
    h_poke(&h, 0x800, "123C"); h_poke(&h, 0x900, "00123F");
    run("F912 0800 0900", 0);
    ck_assert_int_eq(CC, 0);
}
END_TEST

START_TEST(cp_low)
{
    h_poke(&h, 0x800, "123D"); h_poke(&h, 0x900, "1C");
    run("F910 0800 0900", 0);
    ck_assert_int_eq(CC, 1);
    h_poke(&h, 0x800, "123D"); h_poke(&h, 0x900, "1D");
    run("F910 0800 0900", 0);
    ck_assert_int_eq(CC, 1);
}
END_TEST

START_TEST(cp_high)
{
    h_poke(&h, 0x800, "005C"); h_poke(&h, 0x900, "4C");
    run("F910 0800 0900", 0);
    ck_assert_int_eq(CC, 2);
    h_poke(&h, 0x800, "1D"); h_poke(&h, 0x900, "999D");
    run("F901 0800 0900", 0);
    ck_assert_int_eq(CC, 2);
}
END_TEST

START_TEST(cp_zeros_of_both_signs_equal)
{
    h.c->psw.cc = 3;
    h_poke(&h, 0x800, "0D"); h_poke(&h, 0x900, "000C");
    run("F901 0800 0900", 0);
    ck_assert_int_eq(CC, 0);
    expect(0x800, "0D");                /* nothing stored */
}
END_TEST

START_TEST(cp_data)
{
    h.c->psw.cc = 2;
    h_poke(&h, 0x800, "1C"); h_poke(&h, 0x900, "F0");
    run("F900 0800 0900", PGM_DATA);
    ck_assert_int_eq(CC, 2);
}
END_TEST

START_TEST(cp_needs_no_store_access)
{
    h_poke(&h, 0x800, "2C"); h_poke(&h, 0x900, "1C");
    h.m.keys[0x800 >> BLOCK_SHIFT] = 0x30;   /* store-protected, fetch allowed */
    h.c->psw.key = 1;
    cpu_update_ctx(h.c);
    run("F900 0800 0900", 0);
    ck_assert_int_eq(CC, 2);
}
END_TEST

/* ---------------------------------------------------------------- MP */

START_TEST(mp_basic)
{
    h.c->psw.cc = 3;
    h_poke(&h, 0x800, "0000123C"); h_poke(&h, 0x900, "4D");
    run("FC30 0800 0900", 0);
    expect(0x800, "0000492D");
    ck_assert_int_eq(CC, 3);            /* condition code unchanged */
}
END_TEST

START_TEST(mp_two_byte_multiplier)
{
    h_poke(&h, 0x800, "00000012345C"); h_poke(&h, 0x900, "678C");
    run("FC51 0800 0900", 0);
    expect(0x800, "00008369910C");
}
END_TEST

START_TEST(mp_zero_product_keeps_sign)
{
    h_poke(&h, 0x800, "00000C"); h_poke(&h, 0x900, "5D");
    run("FC20 0800 0900", 0);
    expect(0x800, "00000D");
}
END_TEST

START_TEST(mp_largest)
{
    /* (10^15 - 1)^2 in a 16-byte field */
    h_poke(&h, 0x800, "0000000000000000 999999999999999C");
    h_poke(&h, 0x900, "999999999999999C");
    run("FCF7 0800 0900", 0);
    expect(0x800, "0999999999999998 000000000000001C");
}
END_TEST

START_TEST(mp_spec_l2_not_less_than_l1)
{
    h_poke(&h, 0x800, "001C"); h_poke(&h, 0x900, "001C");
    run("FC11 0800 0900", PGM_SPECIFICATION);
    expect(0x800, "001C");
}
END_TEST

START_TEST(mp_spec_l2_over_7)
{
    run("FCF8 0800 0900", PGM_SPECIFICATION);
}
END_TEST

START_TEST(mp_data_not_enough_leading_zeros)
{
    h_poke(&h, 0x800, "00012C"); h_poke(&h, 0x900, "3C");
    run("FC20 0800 0900", 0);           /* one zero byte needed, and present */
    expect(0x800, "00036C");
    h_poke(&h, 0x800, "00012C"); h_poke(&h, 0x900, "003C");
    run("FC21 0800 0900", PGM_DATA);    /* two zero bytes needed */
    expect(0x800, "00012C");
}
END_TEST

START_TEST(mp_data_invalid)
{
    h_poke(&h, 0x800, "00012C"); h_poke(&h, 0x900, "AC");
    run("FC20 0800 0900", PGM_DATA);
    expect(0x800, "00012C");
}
END_TEST

/* ---------------------------------------------------------------- DP */

START_TEST(dp_poo_example)
{
    h.c->psw.cc = 1;
    h_poke(&h, 0x800, "012345678C"); h_poke(&h, 0x900, "321D");
    run("FD41 0800 0900", 0);           /* DP 0x800(5),0x900(2) */
    expect(0x800, "38460D 018C");
    ck_assert_int_eq(CC, 1);
}
END_TEST

START_TEST(dp_quotient_too_large)
{
    h_poke(&h, 0x800, "012345678C"); h_poke(&h, 0x900, "321D");
    run("FD40 0800 0901", PGM_DECIMAL_DIVIDE);  /* divisor 1D: quotient too long */
    expect(0x800, "012345678C");
}
END_TEST

START_TEST(dp_quotient_just_fits)
{
    /* 9999 / 1 with 2-byte quotient field (3 digits) is too large; 999 fits */
    h_poke(&h, 0x800, "00999C"); h_poke(&h, 0x900, "1C");
    run("FD20 0800 0900", 0);
    expect(0x800, "999C0C");
    h_poke(&h, 0x800, "09999C");
    run("FD20 0800 0900", PGM_DECIMAL_DIVIDE);
    expect(0x800, "09999C");
}
END_TEST

START_TEST(dp_zero_divisor)
{
    h_poke(&h, 0x800, "00100C"); h_poke(&h, 0x900, "0D");
    run("FD20 0800 0900", PGM_DECIMAL_DIVIDE);
    expect(0x800, "00100C");
}
END_TEST

START_TEST(dp_remainder_has_dividend_sign)
{
    h_poke(&h, 0x800, "007D"); h_poke(&h, 0x900, "2C");
    run("FD10 0800 0900", 0);
    expect(0x800, "3D1D");
}
END_TEST

START_TEST(dp_zero_quotient_signed)
{
    h_poke(&h, 0x800, "001C"); h_poke(&h, 0x900, "5D");
    run("FD10 0800 0900", 0);
    expect(0x800, "0D1C");
}
END_TEST

START_TEST(dp_large)
{
    /* 31-digit dividend / 15-digit divisor */
    h_poke(&h, 0x800, "0999999999999998 000000000000001C");
    h_poke(&h, 0x900, "999999999999999C");
    run("FDF7 0800 0900", 0);
    expect(0x800, "999999999999999C 000000000000000C");
}
END_TEST

START_TEST(dp_spec)
{
    run("FD22 0800 0900", PGM_SPECIFICATION);
    run("FDF8 0800 0900", PGM_SPECIFICATION);
}
END_TEST

START_TEST(dp_data_before_divide)
{
    h_poke(&h, 0x800, "0B100C"); h_poke(&h, 0x900, "0C");
    run("FD20 0800 0900", PGM_DATA);
    expect(0x800, "0B100C");
}
END_TEST

/* ---------------------------------------------------------------- SRP */

START_TEST(srp_left)
{
    h_poke(&h, 0x800, "00012345678C");
    run("F053 0800 0003", 0);           /* SRP 0x800(6),3,3 */
    expect(0x800, "12345678000C");
    ck_assert_int_eq(CC, 2);
}
END_TEST

START_TEST(srp_right)
{
    h_poke(&h, 0x800, "012345678C");
    run("F040 0800 003F", 0);           /* SRP 0x800(5),64-1,0 */
    expect(0x800, "001234567C");
    ck_assert_int_eq(CC, 2);
}
END_TEST

START_TEST(srp_right_rounded)
{
    h_poke(&h, 0x800, "1239600C");
    run("F035 0800 003D", 0);           /* SRP 0x800(4),64-3,5 */
    expect(0x800, "0001240C");
    ck_assert_int_eq(CC, 2);
}
END_TEST

START_TEST(srp_round_negative)
{
    h_poke(&h, 0x800, "12345D");
    run("F025 0800 003F", 0);
    expect(0x800, "01235D");            /* 1234.5 rounds to 1235 */
    ck_assert_int_eq(CC, 1);
    h_poke(&h, 0x800, "12344D");
    run("F025 0800 003F", 0);
    expect(0x800, "01234D");
}
END_TEST

START_TEST(srp_right_to_zero_is_plus)
{
    h_poke(&h, 0x800, "004D");
    run("F010 0800 003F", 0);
    expect(0x800, "000C");
    ck_assert_int_eq(CC, 0);
}
END_TEST

START_TEST(srp_shift_32_right)
{
    h_poke(&h, 0x800, "9999999999999999999999999999999D");
    run("F0F9 0800 0020", 0);
    expect(0x800, "0000000000000000000000000000000C");
    ck_assert_int_eq(CC, 0);
}
END_TEST

START_TEST(srp_zero_shift_normalises_sign)
{
    h_poke(&h, 0x800, "123F");
    run("F010 0800 0000", 0);
    expect(0x800, "123C");
    ck_assert_int_eq(CC, 2);
}
END_TEST

START_TEST(srp_shift_from_register)
{
    h.c->gr[5] = 0x12345602;            /* rightmost six bits: +2 */
    h_poke(&h, 0x800, "00123C");
    run("F020 0800 5000", 0);
    expect(0x800, "12300C");
    ck_assert_int_eq(CC, 2);
}
END_TEST

START_TEST(srp_overflow)
{
    h_poke(&h, 0x800, "123C");
    run("F010 0800 0001", 0);
    expect(0x800, "230C");
    ck_assert_int_eq(CC, 3);
    h.c->psw.progmask = PM_DECOVF;
    h_poke(&h, 0x800, "123D");
    run("F010 0800 0001", PGM_DECIMAL_OVERFLOW);
    expect(0x800, "230D");
    ck_assert_int_eq(CC, 3);
}
END_TEST

START_TEST(srp_overflow_to_zero_keeps_sign)
{
    h_poke(&h, 0x800, "100D");
    run("F010 0800 0001", 0);
    expect(0x800, "000D");
    ck_assert_int_eq(CC, 3);
}
END_TEST

START_TEST(srp_invalid_rounding_digit)
{
    h_poke(&h, 0x800, "123C");
    run("F01A 0800 003F", PGM_DATA);
    expect(0x800, "123C");
}
END_TEST

START_TEST(srp_data)
{
    h_poke(&h, 0x800, "1234");
    run("F010 0800 0001", PGM_DATA);
    expect(0x800, "1234");
}
END_TEST

/* ---------------------------------------------------------------- CVB, CVD */

START_TEST(cvb_basic)
{
    h_poke(&h, 0x800, "000000000001234C");
    run("4F50 0800", 0);
    ck_assert_uint_eq(h.c->gr[5], 1234);
}
END_TEST

START_TEST(cvb_negative)
{
    h_poke(&h, 0x800, "000000000000001D");
    run("4F50 0800", 0);
    ck_assert_uint_eq(h.c->gr[5], 0xFFFFFFFFu);
}
END_TEST

START_TEST(cvb_limits)
{
    h_poke(&h, 0x800, "000002147483647C");
    run("4F50 0800", 0);
    ck_assert_uint_eq(h.c->gr[5], 0x7FFFFFFFu);
    h_poke(&h, 0x800, "000002147483648D");
    run("4F50 0800", 0);
    ck_assert_uint_eq(h.c->gr[5], 0x80000000u);
}
END_TEST

START_TEST(cvb_too_large)
{
    /* the rightmost 32 bits are placed, then fixed-point divide */
    h_poke(&h, 0x800, "000002147483648C");
    run("4F50 0800", PGM_FIXED_DIVIDE);
    ck_assert_uint_eq(h.c->gr[5], 0x80000000u);
    h_poke(&h, 0x800, "000004294967297D");
    run("4F60 0800", PGM_FIXED_DIVIDE);
    ck_assert_uint_eq(h.c->gr[6], 0xFFFFFFFFu);
}
END_TEST

START_TEST(cvb_data)
{
    h.c->gr[5] = 0x55;
    h_poke(&h, 0x800, "00000000000012C3");
    run("4F50 0800", PGM_DATA);
    ck_assert_uint_eq(h.c->gr[5], 0x55);
}
END_TEST

START_TEST(cvb_indexed_unaligned)
{
    h.c->gr[3] = 3;
    h_poke(&h, 0x803, "000000000000099F");
    run("4F53 0800", 0);
    ck_assert_uint_eq(h.c->gr[5], 99);
}
END_TEST

START_TEST(cvd_positive)
{
    h.c->gr[5] = 1234;
    run("4E50 0800", 0);
    expect(0x800, "000000000001234C");
}
END_TEST

START_TEST(cvd_negative)
{
    h.c->gr[5] = 0xFFFFFFFFu;
    run("4E50 0800", 0);
    expect(0x800, "000000000000001D");
}
END_TEST

START_TEST(cvd_extremes)
{
    h.c->gr[5] = 0x80000000u;
    run("4E50 0800", 0);
    expect(0x800, "000002147483648D");
    h.c->gr[5] = 0x7FFFFFFFu;
    run("4E50 0800", 0);
    expect(0x800, "000002147483647C");
    h.c->gr[5] = 0;
    run("4E50 0803", 0);                /* no alignment required */
    expect(0x803, "000000000000000C");
}
END_TEST

START_TEST(cvd_cvb_round_trip)
{
    static const uint32_t v[] = { 1, 10, 99999, 0xFFFF0000u, 123456789, 0x80000001u };
    for (unsigned i = 0; i < sizeof v / sizeof v[0]; i++) {
        h.c->gr[5] = v[i];
        run("4E50 0800", 0);
        run("4F60 0800", 0);
        ck_assert_uint_eq(h.c->gr[6], v[i]);
    }
}
END_TEST

/* ---------------------------------------------------------------- PACK, UNPK, MVO */

START_TEST(pack_basic)
{
    h_poke(&h, 0x800, "55555555"); h_poke(&h, 0x900, "F1F2F3C4");
    run("F233 0800 0900", 0);
    expect(0x800, "0001234C");
}
END_TEST

START_TEST(pack_truncates)
{
    h_poke(&h, 0x900, "F1F2F3F4F5");
    run("F214 0800 0900", 0);
    expect(0x800, "345F");
}
END_TEST

START_TEST(pack_no_validity_check)
{
    h_poke(&h, 0x900, "ABCD");
    run("F211 0800 0900", 0);
    expect(0x800, "0BDC");
}
END_TEST

START_TEST(pack_in_place)
{
    h_poke(&h, 0x800, "F1F2F3C4");
    run("F233 0800 0800", 0);
    expect(0x800, "0001234C");
}
END_TEST

START_TEST(pack_access_before_store)
{
    /* second operand wraps from 16M-1 to 0: its leftmost byte does not exist */
    h.c->gr[5] = 0xFFFFFF;
    h_poke(&h, 0x800, "55555555");
    run("F232 0800 5000", PGM_ADDRESSING);
    expect(0x800, "55555555");
}
END_TEST

START_TEST(unpk_basic)
{
    h_poke(&h, 0x900, "01234C");
    run("F342 0800 0900", 0);
    expect(0x800, "F0F1F2F3C4");
}
END_TEST

START_TEST(unpk_short_and_long)
{
    h_poke(&h, 0x900, "12345C");
    run("F322 0800 0900", 0);
    expect(0x800, "F3F4C5");
    h_poke(&h, 0x900, "1D");
    run("F350 0800 0900", 0);
    expect(0x800, "F0F0F0F0F0D1");
}
END_TEST

START_TEST(unpk_overlap_rightmost_coincide)
{
    h_poke(&h, 0x800, "5555123C");
    run("F331 0800 0802", 0);           /* UNPK 0x800(4),0x802(2) */
    expect(0x800, "F0F1F2C3");
}
END_TEST

START_TEST(mvo_basic)
{
    h_poke(&h, 0x800, "7788990C"); h_poke(&h, 0x900, "123456");
    run("F132 0800 0900", 0);
    expect(0x800, "0123456C");
}
END_TEST

START_TEST(mvo_truncates)
{
    h_poke(&h, 0x800, "000F"); h_poke(&h, 0x900, "123456");
    run("F112 0800 0900", 0);
    expect(0x800, "456F");
}
END_TEST

START_TEST(mvo_overlap)
{
    h_poke(&h, 0x800, "12345F");
    run("F121 0800 0800", 0);           /* MVO 0x800(3),0x800(2) */
    expect(0x800, "01234F");
}
END_TEST

/* ---------------------------------------------------------------- ED, EDMK */

#define PATTERN "4020206B2020214B202040C3D9"   /* " dd,dd(d.dd CR" */

START_TEST(ed_positive)
{
    h_poke(&h, 0xA00, PATTERN); h_poke(&h, 0x900, "0257426C");
    run("DE0C 0A00 0900", 0);
    expect(0xA00, "4040F26BF5F7F44BF2F6404040");
    ck_assert_int_eq(CC, 2);
}
END_TEST

START_TEST(ed_negative)
{
    h_poke(&h, 0xA00, PATTERN); h_poke(&h, 0x900, "0257426D");
    run("DE0C 0A00 0900", 0);
    expect(0xA00, "4040F26BF5F7F44BF2F640C3D9");
    ck_assert_int_eq(CC, 1);
}
END_TEST

START_TEST(ed_zero)
{
    h_poke(&h, 0xA00, PATTERN); h_poke(&h, 0x900, "0000000C");
    run("DE0C 0A00 0900", 0);
    expect(0xA00, "404040404040404BF0F0404040");
    ck_assert_int_eq(CC, 0);
}
END_TEST

START_TEST(ed_small_negative_keeps_message)
{
    /* significance starter forces digits; minus keeps significance on */
    h_poke(&h, 0xA00, PATTERN); h_poke(&h, 0x900, "0000005D");
    run("DE0C 0A00 0900", 0);
    expect(0xA00, "404040404040404BF0F540C3D9");
    ck_assert_int_eq(CC, 1);
}
END_TEST

START_TEST(ed_asterisk_fill)
{
    h_poke(&h, 0xA00, "5C20206B202020"); h_poke(&h, 0x900, "01234C");
    run("DE06 0A00 0900", 0);
    expect(0xA00, "5C5CF16BF2F3F4");
    ck_assert_int_eq(CC, 2);
    h_poke(&h, 0xA00, "5C20206B202020"); h_poke(&h, 0x900, "00012C");
    run("DE06 0A00 0900", 0);
    expect(0xA00, "5C5C5C5C5CF1F2");
}
END_TEST

START_TEST(ed_field_separator)
{
    /* second field zero: cc from the last field only */
    h_poke(&h, 0xA00, "4020212022202120"); h_poke(&h, 0x900, "123C000D");
    run("DE07 0A00 0900", 0);
    expect(0xA00, "40F1F2F3404040F0");
    ck_assert_int_eq(CC, 0);
    h_poke(&h, 0xA00, "4020212022202120"); h_poke(&h, 0x900, "000C005D");
    run("DE07 0A00 0900", 0);
    expect(0xA00, "404040F0404040F5");
    ck_assert_int_eq(CC, 1);
}
END_TEST

START_TEST(ed_last_field_without_digits)
{
    h_poke(&h, 0xA00, "4020202240"); h_poke(&h, 0x900, "123C");
    run("DE04 0A00 0900", 0);
    expect(0xA00, "40F1F24040");
    ck_assert_int_eq(CC, 0);
}
END_TEST

START_TEST(ed_fill_is_digit_selector)
{
    h_poke(&h, 0xA00, "202020"); h_poke(&h, 0x900, "012C");
    run("DE02 0A00 0900", 0);
    expect(0xA00, "20F1F2");
    ck_assert_int_eq(CC, 2);
    h_poke(&h, 0xA00, "202020"); h_poke(&h, 0x900, "123C");
    run("DE02 0A00 0900", 0);
    expect(0xA00, "F1F2F3");
}
END_TEST

START_TEST(ed_digits_without_sign_are_minus)
{
    /* the source ends with a digit: significance stays on -> cc 1 */
    h_poke(&h, 0xA00, "40202020"); h_poke(&h, 0x900, "0120");
    run("DE03 0A00 0900", 0);
    expect(0xA00, "4040F1F2");
    ck_assert_int_eq(CC, 1);
}
END_TEST

START_TEST(ed_data_exception)
{
    h_poke(&h, 0xA00, PATTERN); h_poke(&h, 0x900, "02A7426C");
    run("DE0C 0A00 0900", PGM_DATA);
    expect(0xA00, PATTERN);
}
END_TEST

START_TEST(edmk_marks_first_significant)
{
    h.c->gr[1] = 0xAB000000u;
    h_poke(&h, 0xA00, "402020202120"); h_poke(&h, 0x900, "00123C");
    run("DF05 0A00 0900", 0);
    expect(0xA00, "404040F1F2F3");
    ck_assert_uint_eq(h.c->gr[1], 0xAB000A03u);
    ck_assert_int_eq(CC, 2);
}
END_TEST

START_TEST(edmk_forced_significance_not_marked)
{
    h.c->gr[1] = 0x12345678u;
    h_poke(&h, 0xA00, "402021204B2020"); h_poke(&h, 0x900, "00005C");
    run("DF06 0A00 0900", 0);
    expect(0xA00, "404040F04BF0F5");
    ck_assert_uint_eq(h.c->gr[1], 0x12345678u);
    ck_assert_int_eq(CC, 2);
}
END_TEST

START_TEST(edmk_rightmost_field_wins)
{
    h.c->gr[1] = 0;
    h_poke(&h, 0xA00, "40202020222020202020"); h_poke(&h, 0x900, "012C00034D");
    run("DF09 0A00 0900", 0);
    expect(0xA00, "4040F1F240404040F3F4");
    ck_assert_uint_eq(h.c->gr[1], 0x000A08u);
    ck_assert_int_eq(CC, 1);
}
END_TEST

START_TEST(ed_does_not_change_gr1)
{
    h.c->gr[1] = 0x77;
    h_poke(&h, 0xA00, "402020"); h_poke(&h, 0x900, "012C");
    run("DE02 0A00 0900", 0);
    ck_assert_uint_eq(h.c->gr[1], 0x77);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("decimal");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, ap_basic);
    tcase_add_test(tc, ap_negative_result); tcase_add_test(tc, ap_zero_is_positive);
    tcase_add_test(tc, ap_preferred_signs); tcase_add_test(tc, ap_carry_chain_16_bytes);
    tcase_add_test(tc, ap_overflow_masked_off); tcase_add_test(tc, ap_overflow_interrupts);
    tcase_add_test(tc, ap_overflow_zero_keeps_sign);
    tcase_add_test(tc, ap_overflow_longer_second_operand);
    tcase_add_test(tc, ap_longer_second_operand_fits);
    tcase_add_test(tc, ap_data_invalid_digit); tcase_add_test(tc, ap_data_invalid_sign);
    tcase_add_test(tc, ap_to_itself); tcase_add_test(tc, ap_addressing_before_store);
    tcase_add_test(tc, ap_protection); tcase_add_test(tc, ap_wraps_at_16m);
    tcase_add_test(tc, sp_basic); tcase_add_test(tc, sp_negative);
    tcase_add_test(tc, sp_minus_minus); tcase_add_test(tc, sp_self_gives_plus_zero);
    tcase_add_test(tc, sp_overflow); tcase_add_test(tc, sp_data);
    tcase_add_test(tc, zap_basic); tcase_add_test(tc, zap_negative);
    tcase_add_test(tc, zap_negative_zero_becomes_plus); tcase_add_test(tc, zap_overflow);
    tcase_add_test(tc, zap_overflow_zero_keeps_sign); tcase_add_test(tc, zap_data);
    tcase_add_test(tc, zap_overlap_rightmost_coincide);
    tcase_add_test(tc, zap_overlap_first_to_the_right);
    tcase_add_test(tc, zap_store_protection); tcase_add_test(tc, cp_equal);
    tcase_add_test(tc, cp_low); tcase_add_test(tc, cp_high);
    tcase_add_test(tc, cp_zeros_of_both_signs_equal); tcase_add_test(tc, cp_data);
    tcase_add_test(tc, cp_needs_no_store_access); tcase_add_test(tc, mp_basic);
    tcase_add_test(tc, mp_two_byte_multiplier);
    tcase_add_test(tc, mp_zero_product_keeps_sign); tcase_add_test(tc, mp_largest);
    tcase_add_test(tc, mp_spec_l2_not_less_than_l1); tcase_add_test(tc, mp_spec_l2_over_7);
    tcase_add_test(tc, mp_data_not_enough_leading_zeros);
    tcase_add_test(tc, mp_data_invalid); tcase_add_test(tc, dp_poo_example);
    tcase_add_test(tc, dp_quotient_too_large); tcase_add_test(tc, dp_quotient_just_fits);
    tcase_add_test(tc, dp_zero_divisor); tcase_add_test(tc, dp_remainder_has_dividend_sign);
    tcase_add_test(tc, dp_zero_quotient_signed); tcase_add_test(tc, dp_large);
    tcase_add_test(tc, dp_spec); tcase_add_test(tc, dp_data_before_divide);
    tcase_add_test(tc, srp_left); tcase_add_test(tc, srp_right);
    tcase_add_test(tc, srp_right_rounded); tcase_add_test(tc, srp_round_negative);
    tcase_add_test(tc, srp_right_to_zero_is_plus); tcase_add_test(tc, srp_shift_32_right);
    tcase_add_test(tc, srp_zero_shift_normalises_sign);
    tcase_add_test(tc, srp_shift_from_register); tcase_add_test(tc, srp_overflow);
    tcase_add_test(tc, srp_overflow_to_zero_keeps_sign);
    tcase_add_test(tc, srp_invalid_rounding_digit); tcase_add_test(tc, srp_data);
    tcase_add_test(tc, cvb_basic); tcase_add_test(tc, cvb_negative);
    tcase_add_test(tc, cvb_limits); tcase_add_test(tc, cvb_too_large);
    tcase_add_test(tc, cvb_data); tcase_add_test(tc, cvb_indexed_unaligned);
    tcase_add_test(tc, cvd_positive); tcase_add_test(tc, cvd_negative);
    tcase_add_test(tc, cvd_extremes); tcase_add_test(tc, cvd_cvb_round_trip);
    tcase_add_test(tc, pack_basic); tcase_add_test(tc, pack_truncates);
    tcase_add_test(tc, pack_no_validity_check); tcase_add_test(tc, pack_in_place);
    tcase_add_test(tc, pack_access_before_store); tcase_add_test(tc, unpk_basic);
    tcase_add_test(tc, unpk_short_and_long);
    tcase_add_test(tc, unpk_overlap_rightmost_coincide); tcase_add_test(tc, mvo_basic);
    tcase_add_test(tc, mvo_truncates); tcase_add_test(tc, mvo_overlap);
    tcase_add_test(tc, ed_positive); tcase_add_test(tc, ed_negative);
    tcase_add_test(tc, ed_zero); tcase_add_test(tc, ed_small_negative_keeps_message);
    tcase_add_test(tc, ed_asterisk_fill); tcase_add_test(tc, ed_field_separator);
    tcase_add_test(tc, ed_last_field_without_digits);
    tcase_add_test(tc, ed_fill_is_digit_selector);
    tcase_add_test(tc, ed_digits_without_sign_are_minus);
    tcase_add_test(tc, ed_data_exception); tcase_add_test(tc, edmk_marks_first_significant);
    tcase_add_test(tc, edmk_forced_significance_not_marked);
    tcase_add_test(tc, edmk_rightmost_field_wins);
    tcase_add_test(tc, ed_does_not_change_gr1);
    suite_add_tcase(s, tc);
    SRunner *r = srunner_create(s);
    srunner_run_all(r, CK_NORMAL);
    int f = srunner_ntests_failed(r);
    srunner_free(r);
    return f ? 1 : 0;
}
