/* decimal.c - the decimal instructions (PoO ch. 8 "Decimal Instructions": AP, SP, ZAP,
 * CP, MP, DP, SRP, MVO, PACK, UNPK) and the conversions and editing of ch. 7 "General
 * Instructions" (CVB, CVD, ED, EDMK).
 *
 * Packed operands are unpacked into digit arrays, computed on, and packed again.
 * Every operand is fetched, and the store access of the result is checked, before
 * any byte is stored, so access and data exceptions leave storage unchanged
 * (suppression). PACK, UNPK and MVO instead move byte by byte, right to left, after
 * checking access, because the PoO defines their results for overlapping fields as
 * if each result byte were stored as soon as the operand bytes it needs are fetched. */
#include "cpu/insn.h"

/* Longest packed field: 16 bytes = 31 digits; one more for the carry of a sum. */
#define DEC_DIGITS 32
#define DEC_MAXLEN 16

/* A packed-decimal number: d[0] is the units digit. */
struct dnum {
    uint8_t d[DEC_DIGITS];
    bool neg;
};

/* Sign codes (PoO: decimal-number formats): A-F are valid, B and D are minus;
 * C and D are the preferred codes that results get. */
static inline bool is_sign(unsigned code) { return code >= 0xA; }
static inline bool sign_minus(unsigned code) { return code == 0xB || code == 0xD; }

/* Digits held by a field of len bytes: two per byte, less the sign. */
static inline unsigned field_digits(unsigned len) { return 2 * len - 1; }

/* Digit k (k = 0: units) of a packed field lives in the left half of the last byte,
 * then right and left halves of the bytes before it. */
static inline unsigned digit_byte(unsigned len, unsigned k) { return len - 1 - (k + 1) / 2; }

/* Unpack a field; false if a digit or the sign code is invalid (data exception). */
static bool dec_unpack(const uint8_t *b, unsigned len, struct dnum *n)
{
    unsigned sign = b[len - 1] & 0xF;
    bool ok = is_sign(sign);
    memset(n, 0, sizeof *n);
    n->neg = sign_minus(sign);
    for (unsigned k = 0; k < field_digits(len); k++) {
        uint8_t byte = b[digit_byte(len, k)];
        unsigned v = (k & 1) ? byte & 0xF : byte >> 4;
        if (v > 9) ok = false;
        n->d[k] = (uint8_t)v;
    }
    return ok;
}

/* Pack the rightmost digits of n into len bytes with the preferred sign code. */
static void dec_pack(const struct dnum *n, unsigned len, uint8_t *b)
{
    memset(b, 0, len);
    b[len - 1] = n->neg ? 0xD : 0xC;
    for (unsigned k = 0; k < field_digits(len); k++)
        b[digit_byte(len, k)] |= (uint8_t)((k & 1) ? n->d[k] : n->d[k] << 4);
}

static bool dec_zero(const struct dnum *n)
{
    for (unsigned k = 0; k < DEC_DIGITS; k++)
        if (n->d[k]) return false;
    return true;
}

/* Do the digits at positions >= from hold anything but zeros? */
static bool dec_high_nonzero(const struct dnum *n, unsigned from)
{
    for (unsigned k = from; k < DEC_DIGITS; k++)
        if (n->d[k]) return true;
    return false;
}

static int mag_cmp(const struct dnum *a, const struct dnum *b)
{
    for (int k = DEC_DIGITS - 1; k >= 0; k--)
        if (a->d[k] != b->d[k]) return a->d[k] < b->d[k] ? -1 : 1;
    return 0;
}

/* r = |a| + |b|; operands have at most 31 digits, so the carry fits. */
static void mag_add(const struct dnum *a, const struct dnum *b, struct dnum *r)
{
    unsigned carry = 0;
    for (unsigned k = 0; k < DEC_DIGITS; k++) {
        unsigned s = a->d[k] + b->d[k] + carry;
        carry = s >= 10;
        r->d[k] = (uint8_t)(carry ? s - 10 : s);
    }
}

/* r = |a| - |b| where |a| >= |b|. */
static void mag_sub(const struct dnum *a, const struct dnum *b, struct dnum *r)
{
    int borrow = 0;
    for (unsigned k = 0; k < DEC_DIGITS; k++) {
        int s = a->d[k] - b->d[k] - borrow;
        borrow = s < 0;
        r->d[k] = (uint8_t)(borrow ? s + 10 : s);
    }
}

/* Algebraic sum (PoO: ADD DECIMAL); the sign of a zero sum is fixed by the caller. */
static void dec_add(const struct dnum *a, const struct dnum *b, struct dnum *r)
{
    if (a->neg == b->neg) {
        mag_add(a, b, r);
        r->neg = a->neg;
    } else if (mag_cmp(a, b) >= 0) {
        mag_sub(a, b, r);
        r->neg = a->neg;
    } else {
        mag_sub(b, a, r);
        r->neg = b->neg;
    }
}

/* Value of the digits below position ndig (at most 15 digits: fits easily). */
static uint64_t mag_u64(const struct dnum *n, unsigned ndig)
{
    uint64_t v = 0;
    for (int k = (int)ndig - 1; k >= 0; k--)
        v = v * 10 + n->d[k];
    return v;
}

static void u64_mag(uint64_t v, struct dnum *n)
{
    memset(n->d, 0, sizeof n->d);
    for (unsigned k = 0; v; k++, v /= 10)
        n->d[k] = (uint8_t)(v % 10);
}

/* r = |a| * m, m < 10^15 (a multiplier of at most 8 bytes). */
static void mag_mul_u64(const struct dnum *a, uint64_t m, struct dnum *r)
{
    uint64_t carry = 0;
    for (unsigned k = 0; k < DEC_DIGITS; k++) {
        uint64_t t = a->d[k] * m + carry;
        r->d[k] = (uint8_t)(t % 10);
        carry = t / 10;
    }
}

/* q = |a| / v, rem = |a| % v, 0 < v < 10^15: long division, one digit at a time. */
static void mag_div_u64(const struct dnum *a, uint64_t v, struct dnum *q, struct dnum *rem)
{
    uint64_t r = 0;
    for (int k = DEC_DIGITS - 1; k >= 0; k--) {
        r = r * 10 + a->d[k];
        q->d[k] = (uint8_t)(r / v);
        r %= v;
    }
    u64_mag(r, rem);
}

/* The operands of an SS instruction with two lengths. */
struct decop {
    uint32_t a1, a2;
    unsigned n1, n2;    /* lengths in bytes */
};

static struct decop ss_ops(struct cpu *c, const uint8_t *inst)
{
    struct decop o = { EA_SS1(c, inst), EA_SS2(c, inst), L1(inst) + 1u, L2(inst) + 1u };
    return o;
}

/* Fetch and check both packed operands; with store, also recognise the access
 * exceptions of storing the first operand. Invalid codes: data exception, suppressed. */
static void load_pair(struct cpu *c, const struct decop *o, bool store,
                      struct dnum *x, struct dnum *y)
{
    uint8_t b1[DEC_MAXLEN], b2[DEC_MAXLEN];
    cpu_fetch_bytes(c, o->a1, b1, o->n1);
    cpu_fetch_bytes(c, o->a2, b2, o->n2);
    if (store) cpu_check_access(c, o->a1, o->n1, ACC_STORE);
    bool ok1 = dec_unpack(b1, o->n1, x);
    bool ok2 = dec_unpack(b2, o->n2, y);
    if (!ok1 || !ok2) cpu_program_check(c, PGM_DATA);
}

/* Store a signed result in the first operand and set the condition code (PoO: AP,
 * SP, ZAP, SRP). Digits that do not fit, or were lost already (lost), are a decimal
 * overflow: the leftmost digits are dropped and the operation completes; the
 * interruption comes only if the program mask allows it, otherwise cc 3. A zero
 * result is positive, except after overflow, where it keeps the true sign. */
static void dec_result(struct cpu *c, uint32_t a1, unsigned n1, struct dnum *r, bool lost)
{
    unsigned nd = field_digits(n1);
    bool ovf = lost || dec_high_nonzero(r, nd);
    memset(r->d + nd, 0, DEC_DIGITS - nd);
    bool zero = dec_zero(r);
    if (zero && !ovf) r->neg = false;
    uint8_t b[DEC_MAXLEN];
    dec_pack(r, n1, b);
    cpu_store_bytes(c, a1, b, n1);
    if (ovf) {
        cc_set(c, 3);
        if (c->psw.progmask & PM_DECOVF) cpu_program_check(c, PGM_DECIMAL_OVERFLOW);
        return;
    }
    cc_set(c, zero ? 0 : r->neg ? 1 : 2);
}

static void add_sub(struct cpu *c, const uint8_t *inst, bool subtract)
{
    struct decop o = ss_ops(c, inst);
    struct dnum x, y, r;
    load_pair(c, &o, true, &x, &y);
    if (subtract) y.neg = !y.neg;
    dec_add(&x, &y, &r);
    dec_result(c, o.a1, o.n1, &r, false);
}

INSN(ap) { add_sub(c, inst, false); }
INSN(sp) { add_sub(c, inst, true); }

/* ZERO AND ADD: only the second operand is fetched and checked. */
INSN(zap)
{
    struct decop o = ss_ops(c, inst);
    uint8_t b2[DEC_MAXLEN];
    struct dnum y;
    cpu_fetch_bytes(c, o.a2, b2, o.n2);
    cpu_check_access(c, o.a1, o.n1, ACC_STORE);
    if (!dec_unpack(b2, o.n2, &y)) cpu_program_check(c, PGM_DATA);
    dec_result(c, o.a1, o.n1, &y, false);
}

/* COMPARE DECIMAL: the sign of the difference; +0 equals -0. */
INSN(cp)
{
    struct decop o = ss_ops(c, inst);
    struct dnum x, y, r;
    load_pair(c, &o, false, &x, &y);
    y.neg = !y.neg;
    dec_add(&x, &y, &r);
    cc_set(c, dec_zero(&r) ? 0 : r.neg ? 1 : 2);
}

/* MP and DP: the second operand is at most 8 bytes and shorter than the first
 * (PoO: specification exception). */
static void muldiv_spec(struct cpu *c, const uint8_t *inst)
{
    if (L2(inst) > 7 || L2(inst) >= L1(inst)) cpu_program_check(c, PGM_SPECIFICATION);
}

/* MULTIPLY DECIMAL: the multiplicand needs as many leftmost zero bytes as the
 * multiplier has bytes (else data exception), so the product always fits. Its sign
 * follows the rules of algebra even for zero; the condition code is unchanged. */
INSN(mp)
{
    muldiv_spec(c, inst);
    struct decop o = ss_ops(c, inst);
    struct dnum x, y, r;
    load_pair(c, &o, true, &x, &y);
    if (dec_high_nonzero(&x, field_digits(o.n1) - 2 * o.n2))
        cpu_program_check(c, PGM_DATA);
    mag_mul_u64(&x, mag_u64(&y, field_digits(o.n2)), &r);
    r.neg = x.neg != y.neg;
    uint8_t b[DEC_MAXLEN];
    dec_pack(&r, o.n1, b);
    cpu_store_bytes(c, o.a1, b, o.n1);
}

/* DIVIDE DECIMAL: quotient in the leftmost n1-n2 bytes, remainder (with the divisor's
 * length and the dividend's sign) in the rightmost n2. A zero divisor or a quotient
 * too long for its field is a decimal-divide exception, and the operation is
 * suppressed. Signs follow the rules of algebra even for zero; cc unchanged. */
INSN(dp)
{
    muldiv_spec(c, inst);
    struct decop o = ss_ops(c, inst);
    struct dnum x, y, q, rem;
    load_pair(c, &o, true, &x, &y);
    uint64_t divisor = mag_u64(&y, field_digits(o.n2));
    if (divisor == 0) cpu_program_check(c, PGM_DECIMAL_DIVIDE);
    mag_div_u64(&x, divisor, &q, &rem);
    unsigned qlen = o.n1 - o.n2;
    if (dec_high_nonzero(&q, field_digits(qlen))) cpu_program_check(c, PGM_DECIMAL_DIVIDE);
    q.neg = x.neg != y.neg;
    rem.neg = x.neg;
    uint8_t b[DEC_MAXLEN];
    dec_pack(&q, qlen, b);
    dec_pack(&rem, o.n2, b + qlen);
    cpu_store_bytes(c, o.a1, b, o.n1);
}

/* r = x shifted n places left; true if a nonzero digit left the digit array (the
 * field check in dec_result catches the digits that left the field itself). */
static bool shift_left(const struct dnum *x, unsigned n, struct dnum *r)
{
    bool lost = false;
    for (unsigned k = 0; k < DEC_DIGITS; k++) {
        if (k + n < DEC_DIGITS) r->d[k + n] = x->d[k];
        else if (x->d[k]) lost = true;
    }
    return lost;
}

/* r = x shifted n (1..32) places right, rounded: the rounding digit is added to the
 * leftmost digit shifted out and a carry goes into the result. */
static void shift_right_round(const struct dnum *x, unsigned n, unsigned round, struct dnum *r)
{
    for (unsigned k = 0; k + n < DEC_DIGITS; k++)
        r->d[k] = x->d[k + n];
    if (x->d[n - 1] + round >= 10) {
        struct dnum one;
        u64_mag(1, &one);
        mag_add(r, &one, r);
    }
}

/* SHIFT AND ROUND DECIMAL: the rightmost six bits of the second-operand address are
 * a signed shift count (positive: left). The rounding digit (the I3 field, in the
 * place of L2) must be a valid digit even for a left shift. Nonzero digits shifted
 * out on the left are a decimal overflow. */
INSN(srp)
{
    unsigned n1 = L1(inst) + 1u, round = L2(inst);
    uint32_t a1 = EA_SS1(c, inst);
    unsigned sa = EA_SS2(c, inst) & 0x3F;
    uint8_t b[DEC_MAXLEN];
    struct dnum x, r;
    cpu_fetch_bytes(c, a1, b, n1);
    cpu_check_access(c, a1, n1, ACC_STORE);
    bool ok = dec_unpack(b, n1, &x);
    if (!ok || round > 9) cpu_program_check(c, PGM_DATA);
    memset(&r, 0, sizeof r);
    r.neg = x.neg;
    bool lost = false;
    if (sa & 0x20) shift_right_round(&x, 64 - sa, round, &r);
    else lost = shift_left(&x, sa, &r);
    dec_result(c, a1, n1, &r, lost);
}

/* CONVERT TO BINARY: an 8-byte packed operand. Out of the 32-bit range the rightmost
 * 32 bits of the result are still placed in R1, then the fixed-point-divide
 * exception is recognised. */
INSN(cvb)
{
    uint8_t b[8];
    struct dnum x;
    cpu_fetch_bytes(c, ea_rx(c, inst), b, 8);
    if (!dec_unpack(b, 8, &x)) cpu_program_check(c, PGM_DATA);
    int64_t v = (int64_t)mag_u64(&x, field_digits(8));
    if (x.neg) v = -v;
    c->gr[R1(inst)] = (uint32_t)v;
    if (v > INT32_MAX || v < INT32_MIN) cpu_program_check(c, PGM_FIXED_DIVIDE);
}

/* CONVERT TO DECIMAL: 15 digits and a preferred sign; zero is positive. */
INSN(cvd)
{
    int32_t v = (int32_t)c->gr[R1(inst)];
    struct dnum x;
    uint8_t b[8];
    u64_mag(v < 0 ? (uint64_t)-(int64_t)v : (uint64_t)v, &x);
    x.neg = v < 0;
    dec_pack(&x, 8, b);
    cpu_store_bytes(c, ea_rx(c, inst), b, 8);
}

/* Pattern characters of ED and EDMK. */
enum { ED_DIGIT_SELECT = 0x20, ED_SIG_START = 0x21, ED_FIELD_SEP = 0x22 };

/* The source of ED/EDMK: fetched one byte at a time, left digit first. When a left
 * digit is taken the right four bits are examined: a sign code ends the byte, a digit
 * waits for the next digit selector. */
struct ed_source {
    uint32_t addr;
    bool have_right;
    uint8_t right;
};

/* Next source digit; *plus tells that a plus sign followed it in the same byte. */
static unsigned ed_next_digit(struct cpu *c, struct ed_source *s, bool *plus)
{
    *plus = false;
    if (s->have_right) {
        s->have_right = false;
        return s->right;
    }
    uint8_t byte = cpu_fetch1(c, s->addr);
    s->addr = (s->addr + 1) & AMASK;
    unsigned d = byte >> 4, low = byte & 0xF;
    if (d > 9) cpu_program_check(c, PGM_DATA);
    if (is_sign(low)) {
        *plus = !sign_minus(low);
    } else {
        s->have_right = true;
        s->right = (uint8_t)low;
    }
    return d;
}

/* EDIT and EDIT AND MARK (PoO: summary of editing functions). The result is built
 * in a copy of the pattern and stored at the end, so that a data exception for an
 * invalid source digit leaves the pattern unchanged. EDMK records the address of
 * every digit that turns significance on; the rightmost one goes to GR1 bits 8-31.
 * The condition code describes the last field: 0 zero (or no digits), 1 nonzero
 * with significance on (less than zero), 2 nonzero with significance off. */
static void edit(struct cpu *c, const uint8_t *inst, bool mark)
{
    unsigned len = LL(inst) + 1u;
    uint32_t a1 = EA_SS1(c, inst);
    struct ed_source src = { EA_SS2(c, inst), false, 0 };
    uint8_t res[256];
    cpu_fetch_bytes(c, a1, res, len);
    cpu_check_access(c, a1, len, ACC_STORE);
    uint8_t fill = res[0];
    bool sig = false, nonzero = false, marked = false;
    uint32_t mark_addr = 0;
    for (unsigned i = 0; i < len; i++) {
        uint8_t p = res[i];
        if (p == ED_DIGIT_SELECT || p == ED_SIG_START) {
            bool plus;
            unsigned d = ed_next_digit(c, &src, &plus);
            if (d) nonzero = true;
            if (sig || d) {
                if (!sig) {
                    marked = true;
                    mark_addr = (a1 + i) & AMASK;
                }
                res[i] = (uint8_t)(0xF0 | d);
                sig = true;
            } else {
                res[i] = fill;
            }
            if (p == ED_SIG_START) sig = true;
            if (plus) sig = false;
        } else if (p == ED_FIELD_SEP) {
            res[i] = fill;
            sig = false;
            nonzero = false;
        } else if (!sig) {
            res[i] = fill;
        }
    }
    cpu_store_bytes(c, a1, res, len);
    if (mark && marked) c->gr[1] = (c->gr[1] & 0xFF000000u) | mark_addr;
    cc_set(c, !nonzero ? 0 : sig ? 1 : 2);
}

INSN(ed) { edit(c, inst, false); }
INSN(edmk) { edit(c, inst, true); }

/* Rightmost bytes of both operands of PACK, UNPK and MVO, after recognising all
 * access exceptions (fetch of the second operand, store of the first). */
static struct decop move_ops(struct cpu *c, const uint8_t *inst, bool fetch1)
{
    struct decop o = ss_ops(c, inst);
    cpu_check_access(c, o.a2, o.n2, ACC_FETCH);
    if (fetch1) cpu_check_access(c, o.a1, o.n1, ACC_FETCH);
    cpu_check_access(c, o.a1, o.n1, ACC_STORE);
    o.a1 = (o.a1 + o.n1 - 1) & AMASK;
    o.a2 = (o.a2 + o.n2 - 1) & AMASK;
    return o;
}

/* The j-th byte to the left of the rightmost byte at e, or zero past a field of
 * n bytes (operands are extended on the left with zeros). */
static uint8_t fetch_left(struct cpu *c, uint32_t e, unsigned n, unsigned j)
{
    return j < n ? cpu_fetch1(c, (e - j) & AMASK) : 0;
}

static void store_left(struct cpu *c, uint32_t e, unsigned j, uint8_t v)
{
    cpu_store1(c, (e - j) & AMASK, v);
}

static inline uint8_t swap_nibbles(uint8_t b) { return (uint8_t)(b << 4 | b >> 4); }

/* PACK: zones are dropped, the rightmost zone becomes the sign; nothing is checked. */
INSN(pack)
{
    struct decop o = move_ops(c, inst, false);
    unsigned j = 0;
    for (unsigned i = 0; i < o.n1; i++) {
        uint8_t v;
        if (i == 0) {
            v = swap_nibbles(fetch_left(c, o.a2, o.n2, j++));
        } else {
            uint8_t lo = fetch_left(c, o.a2, o.n2, j++) & 0xF;
            uint8_t hi = fetch_left(c, o.a2, o.n2, j++) & 0xF;
            v = (uint8_t)(hi << 4 | lo);
        }
        store_left(c, o.a1, i, v);
    }
}

/* UNPACK: each digit gets the zone F, the sign becomes the rightmost zone. */
INSN(unpk)
{
    struct decop o = move_ops(c, inst, false);
    unsigned i = 0;
    for (unsigned j = 0; i < o.n1; j++) {
        uint8_t b = fetch_left(c, o.a2, o.n2, j);
        if (j == 0) {
            store_left(c, o.a1, i++, swap_nibbles(b));
            continue;
        }
        store_left(c, o.a1, i++, (uint8_t)(0xF0 | (b & 0xF)));
        if (i < o.n1) store_left(c, o.a1, i++, (uint8_t)(0xF0 | b >> 4));
    }
}

/* MOVE WITH OFFSET: the second operand goes to the left of the rightmost four bits
 * of the first, which stay; excess digits on the left are dropped. */
INSN(mvo)
{
    struct decop o = move_ops(c, inst, true);
    uint8_t keep = cpu_fetch1(c, o.a1) & 0xF;
    uint8_t b = fetch_left(c, o.a2, o.n2, 0);
    store_left(c, o.a1, 0, (uint8_t)(b << 4 | keep));
    for (unsigned i = 1; i < o.n1; i++) {
        uint8_t carry = b >> 4;
        b = fetch_left(c, o.a2, o.n2, i);
        store_left(c, o.a1, i, (uint8_t)(b << 4 | carry));
    }
}
