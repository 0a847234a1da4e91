/* float.c - S/370 hexadecimal floating point (PoO GA22-7000, "Floating-Point
 * Instructions"). All arithmetic is done on integers: an operand is taken apart into
 * sign, characteristic and a fraction of 6, 14 or 28 hex digits, worked on with one
 * guard digit where the PoO has one, truncated (never rounded, except LOAD ROUNDED)
 * and packed again.
 *
 * Registers: c->fpr[i] holds FPR 2*i. A short operand is the high word of the
 * register; short results leave the low word unchanged. Extended operands use the
 * pair 0/2 or 4/6, the low-order part's sign and characteristic ignored on input.
 * Storage operands need no alignment: the byte-oriented-operand facility is
 * standard on S/370 and excludes only CS and CDS (PoO ch. 3). */
#include "cpu/insn.h"

typedef unsigned __int128 u128;

/* Fraction lengths in hex digits. */
enum { SHORT = 6, LONG = 14, EXT = 28 };

/* An operand taken apart. ch is kept signed and unbounded while an operation is
 * in progress, so that overflow and underflow can be seen before it is packed. */
struct hfp {
    bool neg;
    int ch;
    u128 f;
};

#define FRAC56 0x00FFFFFFFFFFFFFFull

static const struct hfp true_zero = { false, 0, 0 };

/* ---- register designation (PoO: specification exception) -------------------- */

/* FPR 0, 2, 4 or 6: index into c->fpr. */
static unsigned freg(struct cpu *c, unsigned r)
{
    if (UNLIKELY(r & 9)) cpu_program_check(c, PGM_SPECIFICATION);
    return r >> 1;
}

/* Extended pair 0/2 or 4/6: index of the high-order part. */
static unsigned xreg(struct cpu *c, unsigned r)
{
    if (UNLIKELY(r & 0xB)) cpu_program_check(c, PGM_SPECIFICATION);
    return r >> 1;
}

/* ---- unpacking and packing ----------------------------------------------------- */

static struct hfp from_short(uint32_t v)
{
    return (struct hfp){ v >> 31, (v >> 24) & 0x7F, v & 0xFFFFFF };
}

static struct hfp from_long(uint64_t v)
{
    return (struct hfp){ v >> 63, (int)((v >> 56) & 0x7F), v & FRAC56 };
}

static struct hfp from_ext(uint64_t hi, uint64_t lo)
{
    struct hfp x = from_long(hi);
    x.f = x.f << 56 | (lo & FRAC56);
    return x;
}

static uint32_t to_short(const struct hfp *x)
{
    return (uint32_t)x->neg << 31 | (uint32_t)(x->ch & 0x7F) << 24 | (uint32_t)x->f;
}

static uint64_t to_long(const struct hfp *x)
{
    return (uint64_t)x->neg << 63 | (uint64_t)(x->ch & 0x7F) << 56 | (uint64_t)x->f;
}

/* The low-order part carries the same sign and a characteristic 14 less, modulo
 * 128 (PoO: extended floating-point number); a true zero is zero in both parts. */
static void to_ext(const struct hfp *x, uint64_t *hi, uint64_t *lo)
{
    if (x->f == 0 && x->ch == 0 && !x->neg) {
        *hi = *lo = 0;
        return;
    }
    struct hfp h = { x->neg, x->ch, x->f >> 56 };
    struct hfp l = { x->neg, x->ch - 14, x->f & FRAC56 };
    *hi = to_long(&h);
    *lo = to_long(&l);
}

/* Read an operand of nd digits from FPR index i. */
static struct hfp get_reg(const struct cpu *c, unsigned i, int nd)
{
    if (nd == SHORT) return from_short((uint32_t)(c->fpr[i] >> 32));
    if (nd == LONG) return from_long(c->fpr[i]);
    return from_ext(c->fpr[i], c->fpr[i + 1]);
}

static void put_reg(struct cpu *c, unsigned i, const struct hfp *x, int nd)
{
    if (nd == SHORT)
        c->fpr[i] = (c->fpr[i] & 0xFFFFFFFFull) | (uint64_t)to_short(x) << 32;
    else if (nd == LONG)
        c->fpr[i] = to_long(x);
    else
        to_ext(x, &c->fpr[i], &c->fpr[i + 1]);
}

static int cc_of(const struct hfp *x)
{
    return x->f == 0 ? 0 : x->neg ? 1 : 2;
}

/* ---- arithmetic cores: each returns the program-interruption code that the
 *      completed operation must report (0 for none), the result in *x ----------- */

static u128 digit_mask(int nd)
{
    return (u128)0xF << (4 * (nd - 1));
}

/* Shift left until the leading digit of an nd-digit fraction is nonzero (f != 0). */
static void normalize(struct hfp *x, int nd)
{
    u128 top = digit_mask(nd);
    while (!(x->f & top)) {
        x->f <<= 4;
        x->ch--;
    }
}

/* Final characteristic check of a normalized nonzero result (PoO: exponent overflow
 * always interrupts with the characteristic 128 too small; exponent underflow
 * interrupts with it 128 too large only when masked on, otherwise true zero). */
static int check_exponent(struct hfp *x, uint8_t pm)
{
    if (x->ch > 127) {
        x->ch -= 128;
        return PGM_EXPONENT_OVERFLOW;
    }
    if (x->ch < 0) {
        if (pm & PM_EXPUND) {
            x->ch += 128;
            return PGM_EXPONENT_UNDERFLOW;
        }
        *x = true_zero;
    }
    return 0;
}

/* Align and add (PoO: ADD NORMALIZED): the fraction with the smaller characteristic
 * is shifted right, keeping one guard digit; digits beyond it are lost. Returns the
 * intermediate sum magnitude of nd+1 digits (guard digit rightmost) plus a possible
 * carry digit; *ch and *neg receive its characteristic and sign. */
static u128 align_add(const struct hfp *a, const struct hfp *b, int nd, int *ch, bool *neg)
{
    u128 fa = a->f << 4, fb = b->f << 4;
    int d = a->ch - b->ch;
    if (d >= 0) {
        fb = d > nd + 1 ? 0 : fb >> (4 * d);
        *ch = a->ch;
    } else {
        fa = -d > nd + 1 ? 0 : fa >> (4 * -d);
        *ch = b->ch;
    }
    if (a->neg == b->neg) {
        *neg = a->neg;
        return fa + fb;
    }
    if (fa >= fb) {
        *neg = a->neg;
        return fa - fb;
    }
    *neg = b->neg;
    return fb - fa;
}

/* Significance (PoO): a zero result fraction interrupts only when masked on, the
 * result then keeping the intermediate characteristic; otherwise it becomes a true
 * zero. The sign of a zero sum is plus. */
static int zero_sum(struct hfp *x, int ch, uint8_t pm)
{
    if (pm & PM_SIGNIF) {
        *x = (struct hfp){ false, ch, 0 };
        return PGM_SIGNIFICANCE;
    }
    *x = true_zero;
    return 0;
}

/* ADD NORMALIZED / ADD UNNORMALIZED of nd-digit operands, *a = *a + *b. */
static int hfp_add(struct hfp *a, const struct hfp *b, int nd, bool norm, uint8_t pm)
{
    int ch;
    bool neg;
    u128 s = align_add(a, b, nd, &ch, &neg);
    if (s >> (4 * (nd + 1))) {          /* carry: shift right, guard digit lost */
        s >>= 4;
        ch++;
    }
    if (norm) {
        /* zero test includes the guard digit, which then enters normalization */
        if (s == 0) return zero_sum(a, ch, pm);
        struct hfp x = { neg, ch, s };
        normalize(&x, nd + 1);
        *a = (struct hfp){ neg, x.ch, x.f >> 4 };
        return check_exponent(a, pm);
    }
    /* unnormalized: truncated first, no underflow possible */
    if ((s >> 4) == 0) return zero_sum(a, ch, pm);
    *a = (struct hfp){ neg, ch, s >> 4 };
    return check_exponent(a, pm);
}

/* COMPARE: the procedure of normalized subtraction, the difference (with its
 * guard digit) only tested. */
static int hfp_compare(const struct hfp *a, struct hfp b, int nd)
{
    int ch;
    bool neg;
    b.neg = !b.neg;
    u128 s = align_add(a, &b, nd, &ch, &neg);
    return s == 0 ? 0 : neg ? 1 : 2;
}

/* 112 x 112 -> 224-bit product, returned shifted right 108 bits: the top 29 digits,
 * enough for one normalizing left shift before truncation to 28 digits. */
static u128 mul_ext_top(u128 x, u128 y)
{
    u128 x1 = x >> 56, x0 = x & FRAC56, y1 = y >> 56, y0 = y & FRAC56;
    u128 t0 = x0 * y0, t1 = x1 * y0 + x0 * y1, t2 = x1 * y1;
    u128 lo = t0, hi = 0, add;
    add = t1 << 56;
    lo += add;
    hi += (lo < add) + (t1 >> 72);
    add = t2 << 112;
    lo += add;
    hi += (lo < add) + (t2 >> 16);
    return hi << 20 | lo >> 108;
}

/* MULTIPLY: operands of nin digits prenormalized, the exact product postnormalized
 * by at most one digit (the guard digit moving in), then truncated to nout digits. */
static int hfp_mul(struct hfp *a, struct hfp b, int nin, int nout, uint8_t pm)
{
    if (a->f == 0 || b.f == 0) {
        *a = true_zero;
        return 0;
    }
    normalize(a, nin);
    normalize(&b, nin);
    a->neg ^= b.neg;
    a->ch += b.ch - 64;
    u128 p;
    int pd;
    if (nin == EXT) {
        p = mul_ext_top(a->f, b.f);
        pd = 29;
    } else {
        p = a->f * b.f;
        pd = 2 * nin;
    }
    if (!(p & digit_mask(pd))) {
        p <<= 4;
        a->ch--;
    }
    a->f = pd >= nout ? p >> (4 * (pd - nout)) : p << (4 * (nout - pd));
    return check_exponent(a, pm);
}

/* DIVIDE: prenormalized operands; the quotient may need a right shift of one digit
 * (all dividend digits still take part) and is truncated to nd digits. A zero
 * divisor fraction suppresses the operation (the caller stores nothing). */
static int hfp_div(struct hfp *a, struct hfp b, int nd, uint8_t pm)
{
    if (b.f == 0) return PGM_FLOAT_DIVIDE;
    if (a->f == 0) {
        *a = true_zero;
        return 0;
    }
    normalize(a, nd);
    normalize(&b, nd);
    a->neg ^= b.neg;
    a->ch += 64 - b.ch;
    u128 q = (a->f << (4 * nd)) / b.f;
    if (q >> (4 * nd)) {
        q >>= 4;
        a->ch++;
    }
    a->f = q;
    return check_exponent(a, pm);
}

/* HALVE: the fraction shifted right one bit into the guard digit, then normalized
 * and truncated (S/370 PoO; unlike the System/360 version it normalizes). */
static int hfp_halve(struct hfp *x, int nd, uint8_t pm)
{
    if (x->f == 0) {
        *x = true_zero;
        return 0;
    }
    x->f <<= 3;
    normalize(x, nd + 1);
    x->f >>= 4;
    return check_exponent(x, pm);
}

/* ---- instruction bodies shared by the RR and RX forms ----------------------------- */

static void report(struct cpu *c, int pgm)
{
    if (pgm) cpu_program_check(c, pgm);
}

/* Add or subtract, normalized or not; the result and cc are in place before any
 * interruption (the operation is completed). */
static void do_add(struct cpu *c, unsigned i1, struct hfp b, int nd, bool sub, bool norm)
{
    struct hfp a = get_reg(c, i1, nd);
    if (sub) b.neg = !b.neg;
    int pgm = hfp_add(&a, &b, nd, norm, c->psw.progmask);
    put_reg(c, i1, &a, nd);
    cc_set(c, cc_of(&a));
    report(c, pgm);
}

static void do_compare(struct cpu *c, unsigned i1, struct hfp b, int nd)
{
    struct hfp a = get_reg(c, i1, nd);
    cc_set(c, hfp_compare(&a, b, nd));
}

/* Multiply: operand 1 is the nin-digit multiplicand at i1 (the high-order part for
 * MXD/MXDR); the nout-digit product replaces it. */
static void do_mul(struct cpu *c, unsigned i1, struct hfp b, int nin, int nout)
{
    struct hfp a = get_reg(c, i1, nin);
    int pgm = hfp_mul(&a, b, nin, nout, c->psw.progmask);
    put_reg(c, i1, &a, nout);
    report(c, pgm);
}

static void do_div(struct cpu *c, unsigned i1, struct hfp b, int nd)
{
    struct hfp a = get_reg(c, i1, nd);
    int pgm = hfp_div(&a, b, nd, c->psw.progmask);
    if (pgm != PGM_FLOAT_DIVIDE) put_reg(c, i1, &a, nd);
    report(c, pgm);
}

static struct hfp short_rx(struct cpu *c, const uint8_t *inst)
{
    return from_short(cpu_fetch4(c, ea_rx(c, inst)));
}

static struct hfp long_rx(struct cpu *c, const uint8_t *inst)
{
    return from_long(cpu_fetch8(c, ea_rx(c, inst)));
}

/* Sign handling of LOAD POSITIVE/NEGATIVE/AND TEST/COMPLEMENT: the characteristic
 * and fraction are not changed, zero fractions included; cc from the result. */
enum sign_op { SIGN_KEEP, SIGN_PLUS, SIGN_MINUS, SIGN_FLIP };

static uint64_t apply_sign(uint64_t v, enum sign_op op)
{
    const uint64_t s = 1ull << 63;
    switch (op) {
    case SIGN_PLUS: return v & ~s;
    case SIGN_MINUS: return v | s;
    case SIGN_FLIP: return v ^ s;
    default: return v;
    }
}

static void load_signed(struct cpu *c, const uint8_t *inst, int nd, enum sign_op op)
{
    unsigned i1 = freg(c, R1(inst)), i2 = freg(c, R2(inst));
    struct hfp x;
    if (nd == SHORT) {
        uint64_t v = apply_sign(c->fpr[i2] & ~0xFFFFFFFFull, op);
        c->fpr[i1] = (c->fpr[i1] & 0xFFFFFFFFull) | v;
        x = from_short((uint32_t)(v >> 32));
    } else {
        c->fpr[i1] = apply_sign(c->fpr[i2], op);
        x = from_long(c->fpr[i1]);
    }
    cc_set(c, cc_of(&x));
}

/* ---- long RR (opcodes 20-2F) ------------------------------------------------------ */

INSN(lpdr) { load_signed(c, inst, LONG, SIGN_PLUS); }
INSN(lndr) { load_signed(c, inst, LONG, SIGN_MINUS); }
INSN(ltdr) { load_signed(c, inst, LONG, SIGN_KEEP); }
INSN(lcdr) { load_signed(c, inst, LONG, SIGN_FLIP); }

INSN(hdr)
{
    unsigned i1 = freg(c, R1(inst)), i2 = freg(c, R2(inst));
    struct hfp x = get_reg(c, i2, LONG);
    int pgm = hfp_halve(&x, LONG, c->psw.progmask);
    put_reg(c, i1, &x, LONG);
    report(c, pgm);
}

/* LOAD ROUNDED (extended to long): add one at bit 72 of the extended operand, the
 * leftmost bit dropped; a carry out of the fraction shifts it right one digit. No
 * normalization; only exponent overflow is possible. */
INSN(lrdr)
{
    unsigned i1 = freg(c, R1(inst)), i2 = xreg(c, R2(inst));
    struct hfp x = from_long(c->fpr[i2]);
    x.f += (c->fpr[i2 + 1] >> 55) & 1;
    if (x.f >> 56) {
        x.f >>= 4;
        x.ch++;
    }
    int pgm = 0;
    if (x.ch > 127) {
        x.ch -= 128;
        pgm = PGM_EXPONENT_OVERFLOW;
    }
    c->fpr[i1] = to_long(&x);
    report(c, pgm);
}

INSN(mxr)
{
    unsigned i1 = xreg(c, R1(inst)), i2 = xreg(c, R2(inst));
    do_mul(c, i1, get_reg(c, i2, EXT), EXT, EXT);
}

INSN(mxdr)
{
    unsigned i1 = xreg(c, R1(inst)), i2 = freg(c, R2(inst));
    do_mul(c, i1, get_reg(c, i2, LONG), LONG, EXT);
}

INSN(ldr)
{
    unsigned i1 = freg(c, R1(inst)), i2 = freg(c, R2(inst));
    c->fpr[i1] = c->fpr[i2];
}

INSN(cdr)
{
    unsigned i1 = freg(c, R1(inst)), i2 = freg(c, R2(inst));
    do_compare(c, i1, get_reg(c, i2, LONG), LONG);
}

INSN(adr)
{
    unsigned i1 = freg(c, R1(inst)), i2 = freg(c, R2(inst));
    do_add(c, i1, get_reg(c, i2, LONG), LONG, false, true);
}

INSN(sdr)
{
    unsigned i1 = freg(c, R1(inst)), i2 = freg(c, R2(inst));
    do_add(c, i1, get_reg(c, i2, LONG), LONG, true, true);
}

INSN(mdr)
{
    unsigned i1 = freg(c, R1(inst)), i2 = freg(c, R2(inst));
    do_mul(c, i1, get_reg(c, i2, LONG), LONG, LONG);
}

INSN(ddr)
{
    unsigned i1 = freg(c, R1(inst)), i2 = freg(c, R2(inst));
    do_div(c, i1, get_reg(c, i2, LONG), LONG);
}

INSN(awr)
{
    unsigned i1 = freg(c, R1(inst)), i2 = freg(c, R2(inst));
    do_add(c, i1, get_reg(c, i2, LONG), LONG, false, false);
}

INSN(swr)
{
    unsigned i1 = freg(c, R1(inst)), i2 = freg(c, R2(inst));
    do_add(c, i1, get_reg(c, i2, LONG), LONG, true, false);
}

/* ---- short RR (opcodes 30-3F) ----------------------------------------------------- */

INSN(lper) { load_signed(c, inst, SHORT, SIGN_PLUS); }
INSN(lner) { load_signed(c, inst, SHORT, SIGN_MINUS); }
INSN(lter) { load_signed(c, inst, SHORT, SIGN_KEEP); }
INSN(lcer) { load_signed(c, inst, SHORT, SIGN_FLIP); }

INSN(her)
{
    unsigned i1 = freg(c, R1(inst)), i2 = freg(c, R2(inst));
    struct hfp x = get_reg(c, i2, SHORT);
    int pgm = hfp_halve(&x, SHORT, c->psw.progmask);
    put_reg(c, i1, &x, SHORT);
    report(c, pgm);
}

/* LOAD ROUNDED (long to short): add one at bit 32, as LRDR. */
INSN(lrer)
{
    unsigned i1 = freg(c, R1(inst)), i2 = freg(c, R2(inst));
    struct hfp x = from_long(c->fpr[i2]);
    x.f += 1ull << 31;
    if (x.f >> 56) {
        x.f >>= 4;
        x.ch++;
    }
    x.f >>= 32;
    int pgm = 0;
    if (x.ch > 127) {
        x.ch -= 128;
        pgm = PGM_EXPONENT_OVERFLOW;
    }
    put_reg(c, i1, &x, SHORT);
    report(c, pgm);
}

INSN(axr)
{
    unsigned i1 = xreg(c, R1(inst)), i2 = xreg(c, R2(inst));
    do_add(c, i1, get_reg(c, i2, EXT), EXT, false, true);
}

INSN(sxr)
{
    unsigned i1 = xreg(c, R1(inst)), i2 = xreg(c, R2(inst));
    do_add(c, i1, get_reg(c, i2, EXT), EXT, true, true);
}

INSN(ler)
{
    unsigned i1 = freg(c, R1(inst)), i2 = freg(c, R2(inst));
    c->fpr[i1] = (c->fpr[i1] & 0xFFFFFFFFull) | (c->fpr[i2] & ~0xFFFFFFFFull);
}

INSN(cer)
{
    unsigned i1 = freg(c, R1(inst)), i2 = freg(c, R2(inst));
    do_compare(c, i1, get_reg(c, i2, SHORT), SHORT);
}

INSN(aer)
{
    unsigned i1 = freg(c, R1(inst)), i2 = freg(c, R2(inst));
    do_add(c, i1, get_reg(c, i2, SHORT), SHORT, false, true);
}

INSN(ser)
{
    unsigned i1 = freg(c, R1(inst)), i2 = freg(c, R2(inst));
    do_add(c, i1, get_reg(c, i2, SHORT), SHORT, true, true);
}

/* MER: short operands, long product (the two rightmost digits zero). */
INSN(mer)
{
    unsigned i1 = freg(c, R1(inst)), i2 = freg(c, R2(inst));
    do_mul(c, i1, get_reg(c, i2, SHORT), SHORT, LONG);
}

INSN(der)
{
    unsigned i1 = freg(c, R1(inst)), i2 = freg(c, R2(inst));
    do_div(c, i1, get_reg(c, i2, SHORT), SHORT);
}

INSN(aur)
{
    unsigned i1 = freg(c, R1(inst)), i2 = freg(c, R2(inst));
    do_add(c, i1, get_reg(c, i2, SHORT), SHORT, false, false);
}

INSN(sur)
{
    unsigned i1 = freg(c, R1(inst)), i2 = freg(c, R2(inst));
    do_add(c, i1, get_reg(c, i2, SHORT), SHORT, true, false);
}

/* ---- long RX (opcodes 60-6F) ------------------------------------------------------ */

INSN(std)
{
    unsigned i1 = freg(c, R1(inst));
    cpu_store8(c, ea_rx(c, inst), c->fpr[i1]);
}

INSN(mxd)
{
    unsigned i1 = xreg(c, R1(inst));
    do_mul(c, i1, long_rx(c, inst), LONG, EXT);
}

INSN(ld)
{
    unsigned i1 = freg(c, R1(inst));
    c->fpr[i1] = cpu_fetch8(c, ea_rx(c, inst));
}

INSN(cd) { unsigned i1 = freg(c, R1(inst)); do_compare(c, i1, long_rx(c, inst), LONG); }
INSN(ad) { unsigned i1 = freg(c, R1(inst)); do_add(c, i1, long_rx(c, inst), LONG, false, true); }
INSN(sd) { unsigned i1 = freg(c, R1(inst)); do_add(c, i1, long_rx(c, inst), LONG, true, true); }
INSN(md) { unsigned i1 = freg(c, R1(inst)); do_mul(c, i1, long_rx(c, inst), LONG, LONG); }
INSN(dd) { unsigned i1 = freg(c, R1(inst)); do_div(c, i1, long_rx(c, inst), LONG); }
INSN(aw) { unsigned i1 = freg(c, R1(inst)); do_add(c, i1, long_rx(c, inst), LONG, false, false); }
INSN(sw) { unsigned i1 = freg(c, R1(inst)); do_add(c, i1, long_rx(c, inst), LONG, true, false); }

/* ---- short RX (opcodes 70-7F) ----------------------------------------------------- */

INSN(ste)
{
    unsigned i1 = freg(c, R1(inst));
    cpu_store4(c, ea_rx(c, inst), (uint32_t)(c->fpr[i1] >> 32));
}

INSN(le)
{
    unsigned i1 = freg(c, R1(inst));
    uint32_t v = cpu_fetch4(c, ea_rx(c, inst));
    c->fpr[i1] = (c->fpr[i1] & 0xFFFFFFFFull) | (uint64_t)v << 32;
}

INSN(ce) { unsigned i1 = freg(c, R1(inst)); do_compare(c, i1, short_rx(c, inst), SHORT); }
INSN(ae) { unsigned i1 = freg(c, R1(inst)); do_add(c, i1, short_rx(c, inst), SHORT, false, true); }
INSN(se) { unsigned i1 = freg(c, R1(inst)); do_add(c, i1, short_rx(c, inst), SHORT, true, true); }
INSN(me) { unsigned i1 = freg(c, R1(inst)); do_mul(c, i1, short_rx(c, inst), SHORT, LONG); }
INSN(de) { unsigned i1 = freg(c, R1(inst)); do_div(c, i1, short_rx(c, inst), SHORT); }
INSN(au) { unsigned i1 = freg(c, R1(inst)); do_add(c, i1, short_rx(c, inst), SHORT, false, false); }
INSN(su) { unsigned i1 = freg(c, R1(inst)); do_add(c, i1, short_rx(c, inst), SHORT, true, false); }
