/* general.c - the general instructions (PoO: general instructions): fixed-point
 * arithmetic, logical, branching, shifts, moves, compares, translate, and the
 * interlocked updates CS, CDS and TS. */
#include "cpu/insn.h"

/* ---- condition-code helpers ------------------------------------------------ */

static inline int cc_signed(int32_t v) { return v == 0 ? 0 : v < 0 ? 1 : 2; }
static inline int cc_cmp_s(int32_t a, int32_t b) { return a == b ? 0 : a < b ? 1 : 2; }
static inline int cc_cmp_u(uint32_t a, uint32_t b) { return a == b ? 0 : a < b ? 1 : 2; }

/* Signed add/subtract into r1: cc 0/1/2, or 3 with fixed-point overflow. */
static inline void add_signed(struct cpu *c, unsigned r1, int32_t b)
{
    int32_t r;
    bool ovf = __builtin_add_overflow((int32_t)c->gr[r1], b, &r);
    c->gr[r1] = (uint32_t)r;
    if (UNLIKELY(ovf)) fixed_overflow(c);
    else c->psw.cc = (uint8_t)cc_signed(r);
}
static inline void sub_signed(struct cpu *c, unsigned r1, int32_t b)
{
    int32_t r;
    bool ovf = __builtin_sub_overflow((int32_t)c->gr[r1], b, &r);
    c->gr[r1] = (uint32_t)r;
    if (UNLIKELY(ovf)) fixed_overflow(c);
    else c->psw.cc = (uint8_t)cc_signed(r);
}
/* Logical add: cc bit 1 = nonzero result, bit 2 = carry out (PoO: ADD LOGICAL). */
static inline void add_logical(struct cpu *c, unsigned r1, uint32_t b, uint32_t carry_in)
{
    uint64_t s = (uint64_t)c->gr[r1] + b + carry_in;
    c->gr[r1] = (uint32_t)s;
    c->psw.cc = (uint8_t)(((uint32_t)s != 0) | ((s >> 32) ? 2 : 0));
}

/* ---- branching --------------------------------------------------------------- */

/* Link information for BAL/BALR: ILC, CC, program mask, then the return address. */
static inline uint32_t link_info(const struct cpu *c)
{
    unsigned ilc = c->in_ex ? 2 : c->ilc / 2;
    return (uint32_t)(ilc << 30 | c->psw.cc << 28 | c->psw.progmask << 24) | c->psw.ia;
}

INSN(spm)
{
    uint32_t v = c->gr[R1(inst)];
    c->psw.cc = (v >> 28) & 3;
    c->psw.progmask = (v >> 24) & 0xF;
}

INSN(balr)
{
    uint32_t target = c->gr[R2(inst)];
    c->gr[R1(inst)] = link_info(c);
    if (R2(inst)) branch_to(c, target);
}

INSN(bctr)
{
    uint32_t target = c->gr[R2(inst)];
    if (--c->gr[R1(inst)] && R2(inst)) branch_to(c, target);
}

INSN(bcr)
{
    if ((R1(inst) & (8 >> c->psw.cc)) && R2(inst)) branch_to(c, c->gr[R2(inst)]);
}

INSN(bal)
{
    uint32_t target = ea_rx(c, inst);
    c->gr[R1(inst)] = link_info(c);
    branch_to(c, target);
}

INSN(bct)
{
    uint32_t target = ea_rx(c, inst);
    if (--c->gr[R1(inst)]) branch_to(c, target);
}

INSN(bc)
{
    if (R1(inst) & (8 >> c->psw.cc)) branch_to(c, ea_rx(c, inst));
}

/* BXH/BXLE: the increment is R3, the comparand R3 odd-numbered (R3|1), both read
 * before R1 is updated (PoO: BRANCH ON INDEX). */
INSN(bxh)
{
    unsigned r1 = R1(inst), r3 = R2(inst);
    uint32_t target = EA_S(c, inst);
    int32_t incr = (int32_t)c->gr[r3], comp = (int32_t)c->gr[r3 | 1];
    int32_t v = (int32_t)(c->gr[r1] + (uint32_t)incr);
    c->gr[r1] = (uint32_t)v;
    if (v > comp) branch_to(c, target);
}

INSN(bxle)
{
    unsigned r1 = R1(inst), r3 = R2(inst);
    uint32_t target = EA_S(c, inst);
    int32_t incr = (int32_t)c->gr[r3], comp = (int32_t)c->gr[r3 | 1];
    int32_t v = (int32_t)(c->gr[r1] + (uint32_t)incr);
    c->gr[r1] = (uint32_t)v;
    if (v <= comp) branch_to(c, target);
}

INSN(svc)
{
    cpu_svc_interrupt(c, inst[1]);
}

/* EXECUTE: the target's bits 8-15 are ORed with R1 bits 24-31; EX of EX is an
 * execute exception (PoO: EXECUTE). */
INSN(ex)
{
    uint32_t a = ea_rx(c, inst);
    if (a & 1) cpu_program_check(c, PGM_SPECIFICATION);
    uint8_t t[6];
    put16(t, cpu_fetch2(c, a));
    if (t[0] == 0x44) cpu_program_check(c, PGM_EXECUTE);
    unsigned n = (t[0] >> 6) == 0 ? 2 : (t[0] >> 6) == 3 ? 6 : 4;
    for (unsigned k = 2; k < n; k += 2) put16(t + k, cpu_fetch2(c, a + k));
    if (R1(inst)) t[1] |= (uint8_t)c->gr[R1(inst)];
    c->in_ex = true;
    c->ex_addr = cpu_insn_addr(c);
    if (UNLIKELY(c->trace)) cpu_trace_insn(c, t, a);
    cpu_optab[t[0]].fn(c, t);
    c->in_ex = false;
}

/* ---- fixed-point RR ------------------------------------------------------------ */

INSN(lpr)
{
    int32_t v = (int32_t)c->gr[R2(inst)];
    if (v == INT32_MIN) { c->gr[R1(inst)] = (uint32_t)v; fixed_overflow(c); return; }
    v = v < 0 ? -v : v;
    c->gr[R1(inst)] = (uint32_t)v;
    c->psw.cc = v ? 2 : 0;
}

INSN(lnr)
{
    int32_t v = (int32_t)c->gr[R2(inst)];
    if (v > 0) v = -v;
    c->gr[R1(inst)] = (uint32_t)v;
    c->psw.cc = v ? 1 : 0;
}

INSN(ltr)
{
    c->gr[R1(inst)] = c->gr[R2(inst)];
    c->psw.cc = (uint8_t)cc_signed((int32_t)c->gr[R1(inst)]);
}

INSN(lcr)
{
    int32_t v = (int32_t)c->gr[R2(inst)];
    if (v == INT32_MIN) { c->gr[R1(inst)] = (uint32_t)v; fixed_overflow(c); return; }
    c->gr[R1(inst)] = (uint32_t)-v;
    c->psw.cc = (uint8_t)cc_signed(-v);
}

INSN(nr) { c->psw.cc = (c->gr[R1(inst)] &= c->gr[R2(inst)]) != 0; }
INSN(or_) { c->psw.cc = (c->gr[R1(inst)] |= c->gr[R2(inst)]) != 0; }
INSN(xr) { c->psw.cc = (c->gr[R1(inst)] ^= c->gr[R2(inst)]) != 0; }
INSN(clr) { c->psw.cc = (uint8_t)cc_cmp_u(c->gr[R1(inst)], c->gr[R2(inst)]); }
INSN(lr) { c->gr[R1(inst)] = c->gr[R2(inst)]; }
INSN(cr) { c->psw.cc = (uint8_t)cc_cmp_s((int32_t)c->gr[R1(inst)], (int32_t)c->gr[R2(inst)]); }
INSN(ar) { add_signed(c, R1(inst), (int32_t)c->gr[R2(inst)]); }
INSN(sr) { sub_signed(c, R1(inst), (int32_t)c->gr[R2(inst)]); }
INSN(alr) { add_logical(c, R1(inst), c->gr[R2(inst)], 0); }
INSN(slr) { add_logical(c, R1(inst), ~c->gr[R2(inst)], 1); }

/* MULTIPLY: R1 even; the odd register times the operand, 64-bit product in the pair. */
static void multiply(struct cpu *c, unsigned r1, int32_t b)
{
    need_even(c, r1);
    int64_t p = (int64_t)(int32_t)c->gr[r1 + 1] * b;
    c->gr[r1] = (uint32_t)((uint64_t)p >> 32);
    c->gr[r1 + 1] = (uint32_t)p;
}

/* DIVIDE: 64-bit dividend in the even/odd pair; remainder to R1, quotient to R1+1;
 * a zero divisor or a quotient that does not fit is a fixed-point-divide exception
 * and nothing changes (PoO: DIVIDE). */
static void divide(struct cpu *c, unsigned r1, int32_t b)
{
    need_even(c, r1);
    int64_t n = (int64_t)((uint64_t)c->gr[r1] << 32 | c->gr[r1 + 1]);
    if (b == 0) cpu_program_check(c, PGM_FIXED_DIVIDE);
    if (n == INT64_MIN && b == -1) cpu_program_check(c, PGM_FIXED_DIVIDE);
    int64_t q = n / b, r = n % b;
    if (q > INT32_MAX || q < INT32_MIN) cpu_program_check(c, PGM_FIXED_DIVIDE);
    c->gr[r1] = (uint32_t)r;
    c->gr[r1 + 1] = (uint32_t)q;
}

INSN(mr) { multiply(c, R1(inst), (int32_t)c->gr[R2(inst)]); }
INSN(dr) { divide(c, R1(inst), (int32_t)c->gr[R2(inst)]); }

/* ---- fixed-point RX ------------------------------------------------------------ */

INSN(sth) { cpu_store2(c, ea_rx(c, inst), (uint16_t)c->gr[R1(inst)]); }
INSN(la) { c->gr[R1(inst)] = ea_rx(c, inst); }
INSN(stc) { cpu_store1(c, ea_rx(c, inst), (uint8_t)c->gr[R1(inst)]); }
INSN(ic)
{
    unsigned r1 = R1(inst);
    c->gr[r1] = (c->gr[r1] & 0xFFFFFF00u) | cpu_fetch1(c, ea_rx(c, inst));
}
INSN(lh) { c->gr[R1(inst)] = (uint32_t)(int32_t)(int16_t)cpu_fetch2(c, ea_rx(c, inst)); }
INSN(ch)
{
    int32_t b = (int16_t)cpu_fetch2(c, ea_rx(c, inst));
    c->psw.cc = (uint8_t)cc_cmp_s((int32_t)c->gr[R1(inst)], b);
}
INSN(ah) { add_signed(c, R1(inst), (int16_t)cpu_fetch2(c, ea_rx(c, inst))); }
INSN(sh) { sub_signed(c, R1(inst), (int16_t)cpu_fetch2(c, ea_rx(c, inst))); }
/* MULTIPLY HALFWORD: the low 32 bits of the product; no overflow indication. */
INSN(mh)
{
    int64_t p = (int64_t)(int32_t)c->gr[R1(inst)] * (int16_t)cpu_fetch2(c, ea_rx(c, inst));
    c->gr[R1(inst)] = (uint32_t)p;
}
INSN(st) { cpu_store4(c, ea_rx(c, inst), c->gr[R1(inst)]); }
INSN(n) { c->psw.cc = (c->gr[R1(inst)] &= cpu_fetch4(c, ea_rx(c, inst))) != 0; }
INSN(o) { c->psw.cc = (c->gr[R1(inst)] |= cpu_fetch4(c, ea_rx(c, inst))) != 0; }
INSN(x) { c->psw.cc = (c->gr[R1(inst)] ^= cpu_fetch4(c, ea_rx(c, inst))) != 0; }
INSN(cl) { c->psw.cc = (uint8_t)cc_cmp_u(c->gr[R1(inst)], cpu_fetch4(c, ea_rx(c, inst))); }
INSN(l) { c->gr[R1(inst)] = cpu_fetch4(c, ea_rx(c, inst)); }
INSN(c)
{
    int32_t b = (int32_t)cpu_fetch4(c, ea_rx(c, inst));
    c->psw.cc = (uint8_t)cc_cmp_s((int32_t)c->gr[R1(inst)], b);
}
INSN(a) { add_signed(c, R1(inst), (int32_t)cpu_fetch4(c, ea_rx(c, inst))); }
INSN(s) { sub_signed(c, R1(inst), (int32_t)cpu_fetch4(c, ea_rx(c, inst))); }
INSN(m) { uint32_t a = ea_rx(c, inst); need_even(c, R1(inst)); multiply(c, R1(inst), (int32_t)cpu_fetch4(c, a)); }
INSN(d) { uint32_t a = ea_rx(c, inst); need_even(c, R1(inst)); divide(c, R1(inst), (int32_t)cpu_fetch4(c, a)); }
INSN(al) { add_logical(c, R1(inst), cpu_fetch4(c, ea_rx(c, inst)), 0); }
INSN(sl) { add_logical(c, R1(inst), ~cpu_fetch4(c, ea_rx(c, inst)), 1); }

/* ---- shifts: amount is the low six bits of the second-operand address ---------- */

#define SHIFT_AMOUNT(c, i) (EA_S(c, i) & 63)

INSN(srl) { unsigned n = SHIFT_AMOUNT(c, inst); c->gr[R1(inst)] = n > 31 ? 0 : c->gr[R1(inst)] >> n; }
INSN(sll) { unsigned n = SHIFT_AMOUNT(c, inst); c->gr[R1(inst)] = n > 31 ? 0 : c->gr[R1(inst)] << n; }

INSN(sra)
{
    unsigned n = SHIFT_AMOUNT(c, inst);
    int32_t v = (int32_t)c->gr[R1(inst)];
    v = n > 31 ? (v < 0 ? -1 : 0) : v >> n;
    c->gr[R1(inst)] = (uint32_t)v;
    c->psw.cc = (uint8_t)cc_signed(v);
}

/* SHIFT LEFT SINGLE: the sign stays; overflow when a bit unlike the sign leaves
 * bit 1 (PoO: SLA). */
INSN(sla)
{
    unsigned n = SHIFT_AMOUNT(c, inst), r1 = R1(inst);
    uint32_t v = c->gr[r1], sign = v & 0x80000000u, num = v & 0x7FFFFFFFu;
    bool ovf = false;
    for (unsigned k = 0; k < n; k++) {
        if (((num >> 30) & 1) != (sign >> 31)) ovf = true;
        num = (num << 1) & 0x7FFFFFFFu;
    }
    c->gr[r1] = sign | num;
    if (ovf) fixed_overflow(c);
    else c->psw.cc = (uint8_t)cc_signed((int32_t)c->gr[r1]);
}

static inline uint64_t pair_get(const struct cpu *c, unsigned r1)
{
    return (uint64_t)c->gr[r1] << 32 | c->gr[r1 + 1];
}
static inline void pair_set(struct cpu *c, unsigned r1, uint64_t v)
{
    c->gr[r1] = (uint32_t)(v >> 32);
    c->gr[r1 + 1] = (uint32_t)v;
}
static inline int cc_signed64(int64_t v) { return v == 0 ? 0 : v < 0 ? 1 : 2; }

INSN(srdl)
{
    unsigned n = SHIFT_AMOUNT(c, inst);
    need_even(c, R1(inst));
    pair_set(c, R1(inst), pair_get(c, R1(inst)) >> n);
}

INSN(sldl)
{
    unsigned n = SHIFT_AMOUNT(c, inst);
    need_even(c, R1(inst));
    pair_set(c, R1(inst), pair_get(c, R1(inst)) << n);
}

INSN(srda)
{
    unsigned n = SHIFT_AMOUNT(c, inst);
    need_even(c, R1(inst));
    int64_t v = (int64_t)pair_get(c, R1(inst)) >> n;
    pair_set(c, R1(inst), (uint64_t)v);
    c->psw.cc = (uint8_t)cc_signed64(v);
}

INSN(slda)
{
    unsigned n = SHIFT_AMOUNT(c, inst), r1 = R1(inst);
    need_even(c, r1);
    uint64_t v = pair_get(c, r1), sign = v & (1ull << 63), num = v & ~(1ull << 63);
    bool ovf = false;
    for (unsigned k = 0; k < n; k++) {
        if (((num >> 62) & 1) != (sign >> 63)) ovf = true;
        num = (num << 1) & ~(1ull << 63);
    }
    pair_set(c, r1, sign | num);
    if (ovf) fixed_overflow(c);
    else c->psw.cc = (uint8_t)cc_signed64((int64_t)(sign | num));
}

/* ---- multiple registers and character masks -------------------------------------- */

static inline unsigned reg_count(unsigned r1, unsigned r3) { return ((r3 - r1) & 15) + 1; }

INSN(stm)
{
    unsigned r1 = R1(inst), r3 = R2(inst), n = reg_count(r1, r3);
    uint8_t buf[64];
    for (unsigned k = 0; k < n; k++) put32(buf + 4 * k, c->gr[(r1 + k) & 15]);
    cpu_store_bytes(c, EA_S(c, inst), buf, 4 * n);
}

INSN(lm)
{
    unsigned r1 = R1(inst), r3 = R2(inst), n = reg_count(r1, r3);
    uint8_t buf[64];
    cpu_fetch_bytes(c, EA_S(c, inst), buf, 4 * n);
    for (unsigned k = 0; k < n; k++) c->gr[(r1 + k) & 15] = be32(buf + 4 * k);
}

/* ICM: cc 0 all inserted bits zero (or mask zero), 1 leftmost inserted bit one,
 * 2 otherwise (PoO: INSERT CHARACTERS UNDER MASK). */
INSN(icm)
{
    unsigned r1 = R1(inst), mask = R2(inst), n = (unsigned)__builtin_popcount(mask);
    uint8_t b[4];
    if (!n) { c->psw.cc = 0; return; }
    cpu_fetch_bytes(c, EA_S(c, inst), b, n);
    uint32_t v = c->gr[r1];
    unsigned k = 0;
    for (int pos = 0; pos < 4; pos++) {
        if (!(mask & (8 >> pos))) continue;
        unsigned sh = 24 - 8 * pos;
        v = (v & ~(0xFFu << sh)) | (uint32_t)b[k++] << sh;
    }
    c->gr[r1] = v;
    bool allzero = true;
    for (unsigned j = 0; j < n; j++) allzero &= b[j] == 0;
    c->psw.cc = allzero ? 0 : (b[0] & 0x80) ? 1 : 2;
}

static unsigned masked_bytes(uint32_t v, unsigned mask, uint8_t *out)
{
    unsigned n = 0;
    for (int pos = 0; pos < 4; pos++)
        if (mask & (8 >> pos)) out[n++] = (uint8_t)(v >> (24 - 8 * pos));
    return n;
}

INSN(stcm)
{
    uint8_t b[4];
    unsigned n = masked_bytes(c->gr[R1(inst)], R2(inst), b);
    if (n) cpu_store_bytes(c, EA_S(c, inst), b, n);
}

INSN(clm)
{
    uint8_t r[4], s[4];
    unsigned n = masked_bytes(c->gr[R1(inst)], R2(inst), r);
    if (!n) { c->psw.cc = 0; return; }
    cpu_fetch_bytes(c, EA_S(c, inst), s, n);
    int d = memcmp(r, s, n);
    c->psw.cc = d == 0 ? 0 : d < 0 ? 1 : 2;
}

/* ---- SI ------------------------------------------------------------------------- */

INSN(tm)
{
    uint8_t m = I2(inst), v = cpu_fetch1(c, EA_S(c, inst)) & m;
    c->psw.cc = (v == 0) ? 0 : (v == m) ? 3 : 1;
}
INSN(mvi) { cpu_store1(c, EA_S(c, inst), I2(inst)); }
INSN(cli) { c->psw.cc = (uint8_t)cc_cmp_u(cpu_fetch1(c, EA_S(c, inst)), I2(inst)); }

static inline void si_logic(struct cpu *c, const uint8_t *inst, int op)
{
    uint8_t *p = cpu_xlate(c, EA_S(c, inst), ACC_STORE);
    uint8_t v = op == 0 ? (*p & I2(inst)) : op == 1 ? (*p | I2(inst)) : (*p ^ I2(inst));
    *p = v;
    c->psw.cc = v != 0;
}
INSN(ni) { si_logic(c, inst, 0); }
INSN(oi) { si_logic(c, inst, 1); }
INSN(xi) { si_logic(c, inst, 2); }

/* TEST AND SET: interlocked against other CPUs (PoO: TS). */
INSN(ts)
{
    uint8_t *p = cpu_xlate(c, EA_S(c, inst), ACC_STORE);
    uint8_t old = __atomic_exchange_n(p, (uint8_t)0xFF, __ATOMIC_SEQ_CST);
    c->psw.cc = old >> 7;
}

/* MONITOR CALL: class in I2 bits 12-15 (bits 8-11 zero); an event when the class's
 * mask bit in CR8 bits 16-31 is one (PoO: MONITOR CALL). */
INSN(mc)
{
    uint8_t i2 = I2(inst);
    if (i2 & 0xF0) cpu_program_check(c, PGM_SPECIFICATION);
    uint32_t code = EA_S(c, inst);
    if (c->cr[8] & (0x8000u >> (i2 & 0xF))) {
        c->mon_class = i2 & 0xF;
        c->mon_code = code;
        cpu_program_check(c, PGM_MONITOR);
    }
}

/* ---- COMPARE AND SWAP: aligned, so the host word is inside one block ------------- */

INSN(cs)
{
    unsigned r1 = R1(inst), r3 = R2(inst);
    uint32_t a = EA_S(c, inst);
    if (a & 3) cpu_program_check(c, PGM_SPECIFICATION);
    uint32_t *p = (uint32_t *)(void *)cpu_xlate(c, a, ACC_STORE);
    uint32_t expect = __builtin_bswap32(c->gr[r1]);
    if (__atomic_compare_exchange_n(p, &expect, __builtin_bswap32(c->gr[r3]), false,
                                    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
        c->psw.cc = 0;
    } else {
        c->gr[r1] = __builtin_bswap32(expect);
        c->psw.cc = 1;
    }
}

INSN(cds)
{
    unsigned r1 = R1(inst), r3 = R2(inst);
    uint32_t a = EA_S(c, inst);
    if ((r1 & 1) || (r3 & 1) || (a & 7)) cpu_program_check(c, PGM_SPECIFICATION);
    uint64_t *p = (uint64_t *)(void *)cpu_xlate(c, a, ACC_STORE);
    uint64_t expect = __builtin_bswap64(pair_get(c, r1));
    if (__atomic_compare_exchange_n(p, &expect, __builtin_bswap64(pair_get(c, r3)), false,
                                    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
        c->psw.cc = 0;
    } else {
        pair_set(c, r1, __builtin_bswap64(expect));
        c->psw.cc = 1;
    }
}

/* ---- storage-to-storage ------------------------------------------------------------ */

/* An operand of up to 256 bytes as at most two host pieces, with every access
 * exception recognised when it is made. */
struct span {
    uint8_t *p0, *p1;
    unsigned n0;
};

static inline void span_get(struct cpu *c, uint32_t a, unsigned len, int acc, struct span *s)
{
    a &= AMASK;
    unsigned room = 0x800 - (a & 0x7FF);
    s->p0 = cpu_xlate(c, a, acc);
    if (room >= len) { s->n0 = len; s->p1 = NULL; return; }
    s->n0 = room;
    s->p1 = cpu_xlate(c, (a + room) & AMASK, acc);
}

static inline uint8_t *span_at(const struct span *s, unsigned i)
{
    return i < s->n0 ? s->p0 + i : s->p1 + (i - s->n0);
}

/* MVC is defined byte by byte left to right, so an overlap one byte to the right
 * propagates the first byte (PoO: MOVE). */
INSN(mvc)
{
    unsigned len = LL(inst) + 1u;
    struct span d, s;
    span_get(c, EA_SS2(c, inst), len, ACC_FETCH, &s);
    span_get(c, EA_SS1(c, inst), len, ACC_STORE, &d);
    if (LIKELY(!d.p1 && !s.p1)) {
        if (d.p0 <= s.p0 || d.p0 >= s.p0 + len) { memmove(d.p0, s.p0, len); return; }
        for (unsigned i = 0; i < len; i++) d.p0[i] = s.p0[i];
        return;
    }
    for (unsigned i = 0; i < len; i++) *span_at(&d, i) = *span_at(&s, i);
}

enum { SS_AND, SS_OR, SS_XOR, SS_NUMERIC, SS_ZONE };

static void ss_combine(struct cpu *c, const uint8_t *inst, int op)
{
    unsigned len = LL(inst) + 1u;
    struct span d, s;
    span_get(c, EA_SS2(c, inst), len, ACC_FETCH, &s);
    span_get(c, EA_SS1(c, inst), len, ACC_STORE, &d);
    uint8_t any = 0;
    for (unsigned i = 0; i < len; i++) {
        uint8_t *x = span_at(&d, i), y = *span_at(&s, i), v;
        switch (op) {
        case SS_AND: v = *x & y; break;
        case SS_OR: v = *x | y; break;
        case SS_XOR: v = *x ^ y; break;
        case SS_NUMERIC: v = (uint8_t)((*x & 0xF0) | (y & 0x0F)); break;
        default: v = (uint8_t)((*x & 0x0F) | (y & 0xF0)); break;
        }
        *x = v;
        any |= v;
    }
    if (op <= SS_XOR) c->psw.cc = any != 0;
}

INSN(nc) { ss_combine(c, inst, SS_AND); }
INSN(oc) { ss_combine(c, inst, SS_OR); }
INSN(xc) { ss_combine(c, inst, SS_XOR); }
INSN(mvn) { ss_combine(c, inst, SS_NUMERIC); }
INSN(mvz) { ss_combine(c, inst, SS_ZONE); }

INSN(clc)
{
    unsigned len = LL(inst) + 1u;
    struct span a, b;
    span_get(c, EA_SS1(c, inst), len, ACC_FETCH, &a);
    span_get(c, EA_SS2(c, inst), len, ACC_FETCH, &b);
    for (unsigned i = 0; i < len; i++) {
        uint8_t x = *span_at(&a, i), y = *span_at(&b, i);
        if (x != y) { c->psw.cc = x < y ? 1 : 2; return; }
    }
    c->psw.cc = 0;
}

/* TRANSLATE: only the table bytes actually referenced are accessed. */
INSN(tr)
{
    unsigned len = LL(inst) + 1u;
    uint32_t tab = EA_SS2(c, inst);
    struct span d;
    span_get(c, EA_SS1(c, inst), len, ACC_STORE, &d);
    for (unsigned i = 0; i < len; i++) {
        uint8_t *x = span_at(&d, i);
        *x = cpu_fetch1(c, tab + *x);
    }
}

/* TRANSLATE AND TEST: stops at the first nonzero function byte; GR1 bits 8-31 get
 * its argument's address, GR2 bits 24-31 the function byte (PoO: TRT). */
INSN(trt)
{
    unsigned len = LL(inst) + 1u;
    uint32_t a1 = EA_SS1(c, inst), tab = EA_SS2(c, inst);
    struct span s;
    span_get(c, a1, len, ACC_FETCH, &s);
    for (unsigned i = 0; i < len; i++) {
        uint8_t f = cpu_fetch1(c, tab + *span_at(&s, i));
        if (f) {
            c->gr[1] = (c->gr[1] & 0xFF000000u) | ((a1 + i) & AMASK);
            c->gr[2] = (c->gr[2] & 0xFFFFFF00u) | f;
            c->psw.cc = i == len - 1 ? 2 : 1;
            return;
        }
    }
    c->psw.cc = 0;
}

/* ---- MVCL and CLCL: interruptible, registers show the progress --------------------- */

/* At a unit-of-operation boundary: if an interruption is pending, back the PSW up to
 * the instruction so that it resumes where the registers say (PoO: interruptible
 * instructions). */
static bool unit_boundary(struct cpu *c)
{
    if (LIKELY(!atomic_load_explicit(&c->events, memory_order_relaxed))) return false;
    c->psw.ia = c->in_ex ? c->ex_addr : cpu_insn_addr(c);
    return true;
}

INSN(mvcl)
{
    unsigned r1 = R1(inst), r2 = R2(inst);
    if ((r1 & 1) || (r2 & 1)) cpu_program_check(c, PGM_SPECIFICATION);
    uint32_t d = c->gr[r1] & AMASK, dl = c->gr[r1 + 1] & AMASK;
    uint32_t s = c->gr[r2] & AMASK, sl = c->gr[r2 + 1] & AMASK;
    uint8_t pad = (uint8_t)(c->gr[r2 + 1] >> 24);
    int cc = dl == sl ? 0 : dl < sl ? 1 : 2;
    /* Destructive overlap: the destination starts inside the part of the source that
     * would still be read (PoO: MVCL, condition code 3). */
    uint32_t used = dl < sl ? dl : sl;
    if (used > 1 && ((d - s) & AMASK) > 0 && ((d - s) & AMASK) < used) {
        c->gr[r1] &= AMASK;
        c->gr[r2] &= AMASK;
        c->psw.cc = 3;
        return;
    }
    unsigned moved = 0;
    while (dl) {
        if (moved >= 0x800 && unit_boundary(c)) return;
        unsigned n = 0x800 - (d & 0x7FF);
        if (n > dl) n = dl;
        uint8_t *pd = cpu_xlate(c, d, ACC_STORE);
        if (sl) {
            if (n > sl) n = sl;
            unsigned sn = 0x800 - (s & 0x7FF);
            if (n > sn) n = sn;
            memmove(pd, cpu_xlate(c, s, ACC_FETCH), n);
            s = (s + n) & AMASK;
            sl -= n;
        } else {
            memset(pd, pad, n);
        }
        d = (d + n) & AMASK;
        dl -= n;
        moved += n;
        c->gr[r1] = d;
        c->gr[r1 + 1] = (c->gr[r1 + 1] & 0xFF000000u) | dl;
        c->gr[r2] = s;
        c->gr[r2 + 1] = (c->gr[r2 + 1] & 0xFF000000u) | sl;
    }
    c->gr[r1] = d;
    c->gr[r2] = s;
    c->psw.cc = (uint8_t)cc;
}

INSN(clcl)
{
    unsigned r1 = R1(inst), r2 = R2(inst);
    if ((r1 & 1) || (r2 & 1)) cpu_program_check(c, PGM_SPECIFICATION);
    uint32_t a = c->gr[r1] & AMASK, al = c->gr[r1 + 1] & AMASK;
    uint32_t b = c->gr[r2] & AMASK, bl = c->gr[r2 + 1] & AMASK;
    uint8_t pad = (uint8_t)(c->gr[r2 + 1] >> 24);
    int cc = 0;
    unsigned done = 0;
    while (al || bl) {
        if (done >= 0x800 && (done & 0x7FF) == 0 && unit_boundary(c)) break;
        uint8_t x = al ? cpu_fetch1(c, a) : pad;
        uint8_t y = bl ? cpu_fetch1(c, b) : pad;
        if (x != y) { cc = x < y ? 1 : 2; break; }
        if (al) { a = (a + 1) & AMASK; al--; }
        if (bl) { b = (b + 1) & AMASK; bl--; }
        done++;
    }
    c->gr[r1] = a;
    c->gr[r1 + 1] = (c->gr[r1 + 1] & 0xFF000000u) | al;
    c->gr[r2] = b;
    c->gr[r2 + 1] = (c->gr[r2 + 1] & 0xFF000000u) | bl;
    if (!(al || bl) || cc) c->psw.cc = (uint8_t)cc;
}
