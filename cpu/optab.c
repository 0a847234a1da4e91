/* optab.c - the decode table: one line per S/370 instruction (GA22-7000 appendix:
 * instructions by operation code). Empty slots are operation exceptions. */
#include "cpu/insn.h"

/* opcode, mnemonic, format, handler */
#define OPCODES(X) \
    X(0x04, SPM, RR, spm) \
    X(0x05, BALR, RR, balr) \
    X(0x06, BCTR, RR, bctr) \
    X(0x07, BCR, RR, bcr) \
    X(0x08, SSK, RR, ssk) \
    X(0x09, ISK, RR, isk) \
    X(0x0A, SVC, RR, svc) \
    X(0x0E, MVCL, RR, mvcl) \
    X(0x0F, CLCL, RR, clcl) \
    X(0x10, LPR, RR, lpr) \
    X(0x11, LNR, RR, lnr) \
    X(0x12, LTR, RR, ltr) \
    X(0x13, LCR, RR, lcr) \
    X(0x14, NR, RR, nr) \
    X(0x15, CLR, RR, clr) \
    X(0x16, OR, RR, or_) \
    X(0x17, XR, RR, xr) \
    X(0x18, LR, RR, lr) \
    X(0x19, CR, RR, cr) \
    X(0x1A, AR, RR, ar) \
    X(0x1B, SR, RR, sr) \
    X(0x1C, MR, RR, mr) \
    X(0x1D, DR, RR, dr) \
    X(0x1E, ALR, RR, alr) \
    X(0x1F, SLR, RR, slr) \
    X(0x20, LPDR, RR, lpdr) \
    X(0x21, LNDR, RR, lndr) \
    X(0x22, LTDR, RR, ltdr) \
    X(0x23, LCDR, RR, lcdr) \
    X(0x24, HDR, RR, hdr) \
    X(0x25, LRDR, RR, lrdr) \
    X(0x26, MXR, RR, mxr) \
    X(0x27, MXDR, RR, mxdr) \
    X(0x28, LDR, RR, ldr) \
    X(0x29, CDR, RR, cdr) \
    X(0x2A, ADR, RR, adr) \
    X(0x2B, SDR, RR, sdr) \
    X(0x2C, MDR, RR, mdr) \
    X(0x2D, DDR, RR, ddr) \
    X(0x2E, AWR, RR, awr) \
    X(0x2F, SWR, RR, swr) \
    X(0x30, LPER, RR, lper) \
    X(0x31, LNER, RR, lner) \
    X(0x32, LTER, RR, lter) \
    X(0x33, LCER, RR, lcer) \
    X(0x34, HER, RR, her) \
    X(0x35, LRER, RR, lrer) \
    X(0x36, AXR, RR, axr) \
    X(0x37, SXR, RR, sxr) \
    X(0x38, LER, RR, ler) \
    X(0x39, CER, RR, cer) \
    X(0x3A, AER, RR, aer) \
    X(0x3B, SER, RR, ser) \
    X(0x3C, MER, RR, mer) \
    X(0x3D, DER, RR, der) \
    X(0x3E, AUR, RR, aur) \
    X(0x3F, SUR, RR, sur) \
    X(0x40, STH, RX, sth) \
    X(0x41, LA, RX, la) \
    X(0x42, STC, RX, stc) \
    X(0x43, IC, RX, ic) \
    X(0x44, EX, RX, ex) \
    X(0x45, BAL, RX, bal) \
    X(0x46, BCT, RX, bct) \
    X(0x47, BC, RX, bc) \
    X(0x48, LH, RX, lh) \
    X(0x49, CH, RX, ch) \
    X(0x4A, AH, RX, ah) \
    X(0x4B, SH, RX, sh) \
    X(0x4C, MH, RX, mh) \
    X(0x4E, CVD, RX, cvd) \
    X(0x4F, CVB, RX, cvb) \
    X(0x50, ST, RX, st) \
    X(0x54, N, RX, n) \
    X(0x55, CL, RX, cl) \
    X(0x56, O, RX, o) \
    X(0x57, X, RX, x) \
    X(0x58, L, RX, l) \
    X(0x59, C, RX, c) \
    X(0x5A, A, RX, a) \
    X(0x5B, S, RX, s) \
    X(0x5C, M, RX, m) \
    X(0x5D, D, RX, d) \
    X(0x5E, AL, RX, al) \
    X(0x5F, SL, RX, sl) \
    X(0x60, STD, RX, std) \
    X(0x67, MXD, RX, mxd) \
    X(0x68, LD, RX, ld) \
    X(0x69, CD, RX, cd) \
    X(0x6A, AD, RX, ad) \
    X(0x6B, SD, RX, sd) \
    X(0x6C, MD, RX, md) \
    X(0x6D, DD, RX, dd) \
    X(0x6E, AW, RX, aw) \
    X(0x6F, SW, RX, sw) \
    X(0x70, STE, RX, ste) \
    X(0x78, LE, RX, le) \
    X(0x79, CE, RX, ce) \
    X(0x7A, AE, RX, ae) \
    X(0x7B, SE, RX, se) \
    X(0x7C, ME, RX, me) \
    X(0x7D, DE, RX, de) \
    X(0x7E, AU, RX, au) \
    X(0x7F, SU, RX, su) \
    X(0x80, SSM, S, ssm) \
    X(0x82, LPSW, S, lpsw) \
    X(0x83, DIAG, RS, diag) \
    X(0x86, BXH, RS, bxh) \
    X(0x87, BXLE, RS, bxle) \
    X(0x88, SRL, RS, srl) \
    X(0x89, SLL, RS, sll) \
    X(0x8A, SRA, RS, sra) \
    X(0x8B, SLA, RS, sla) \
    X(0x8C, SRDL, RS, srdl) \
    X(0x8D, SLDL, RS, sldl) \
    X(0x8E, SRDA, RS, srda) \
    X(0x8F, SLDA, RS, slda) \
    X(0x90, STM, RS, stm) \
    X(0x91, TM, SI, tm) \
    X(0x92, MVI, SI, mvi) \
    X(0x93, TS, S, ts) \
    X(0x94, NI, SI, ni) \
    X(0x95, CLI, SI, cli) \
    X(0x96, OI, SI, oi) \
    X(0x97, XI, SI, xi) \
    X(0x98, LM, RS, lm) \
    X(0x9C, SIO, S, sio) \
    X(0x9D, TIO, S, tio) \
    X(0x9E, HIO, S, hio) \
    X(0x9F, TCH, S, tch) \
    X(0xAC, STNSM, SI, stnsm) \
    X(0xAD, STOSM, SI, stosm) \
    X(0xAE, SIGP, RS, sigp) \
    X(0xAF, MC, SI, mc) \
    X(0xB1, LRA, RX, lra) \
    X(0xB6, STCTL, RS, stctl) \
    X(0xB7, LCTL, RS, lctl) \
    X(0xBA, CS, RS, cs) \
    X(0xBB, CDS, RS, cds) \
    X(0xBD, CLM, RS, clm) \
    X(0xBE, STCM, RS, stcm) \
    X(0xBF, ICM, RS, icm) \
    X(0xD1, MVN, SS, mvn) \
    X(0xD2, MVC, SS, mvc) \
    X(0xD3, MVZ, SS, mvz) \
    X(0xD4, NC, SS, nc) \
    X(0xD5, CLC, SS, clc) \
    X(0xD6, OC, SS, oc) \
    X(0xD7, XC, SS, xc) \
    X(0xDC, TR, SS, tr) \
    X(0xDD, TRT, SS, trt) \
    X(0xDE, ED, SS, ed) \
    X(0xDF, EDMK, SS, edmk) \
    X(0xF0, SRP, SS2, srp) \
    X(0xF1, MVO, SS2, mvo) \
    X(0xF2, PACK, SS2, pack) \
    X(0xF3, UNPK, SS2, unpk) \
    X(0xF8, ZAP, SS2, zap) \
    X(0xF9, CP, SS2, cp) \
    X(0xFA, AP, SS2, ap) \
    X(0xFB, SP, SS2, sp) \
    X(0xFC, MP, SS2, mp) \
    X(0xFD, DP, SS2, dp) \

#define OPCODES_B2(X) \
    X(0x02, STIDP, S, stidp) \
    X(0x03, STIDC, S, stidc) \
    X(0x04, SCK, S, sck) \
    X(0x05, STCK, S, stck) \
    X(0x06, SCKC, S, sckc) \
    X(0x07, STCKC, S, stckc) \
    X(0x08, SPT, S, spt) \
    X(0x09, STPT, S, stpt) \
    X(0x0A, SPKA, S, spka) \
    X(0x0B, IPK, S, ipk) \
    X(0x0D, PTLB, S, ptlb) \
    X(0x10, SPX, S, spx) \
    X(0x11, STPX, S, stpx) \
    X(0x12, STAP, S, stap) \
    X(0x13, RRB, S, rrb) \

/* Unassigned operation codes (PoO: operation exception). */
static void op_invalid(struct cpu *c, const uint8_t *inst)
{
    (void)inst;
    cpu_program_check(c, PGM_OPERATION);
}

static void op_invalid2(struct cpu *c, const uint8_t *inst) { op_invalid(c, inst); }
static void op_invalid4(struct cpu *c, const uint8_t *inst) { op_invalid(c, inst); }
static void op_invalid6(struct cpu *c, const uint8_t *inst) { op_invalid(c, inst); }

/* B2xx: the second byte selects the instruction. */
static void op_b2(struct cpu *c, const uint8_t *inst);

/* Every slot starts as an operation exception; the named entries override it (GNU
 * range initialiser). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"
#define DEF(op, mn, fmt, fn) [op] = { #mn, F_##fmt, op_##fn },
const struct insn_def cpu_optab[256] = {
    [0 ... 255] = { "?", F_E, op_invalid },
    OPCODES(DEF)
    [0xB2] = { "B2", F_S, op_b2 },
};
const struct insn_def cpu_optab_b2[256] = {
    [0 ... 255] = { "?", F_E, op_invalid },
    OPCODES_B2(DEF)
};

/* The table the instruction loop dispatches through: per opcode a step that knows
 * its instruction's length at compile time (from the first two opcode bits), so
 * the next instruction address never waits for the opcode to be loaded. It
 * returns the next instruction address; when the handler did not branch, the
 * value computed here is returned, keeping the reload of the PSW off the path. */
static inline uint32_t step(struct cpu *c, const uint8_t *p, uint32_t ia, unsigned len, insn_fn *fn)
{
    uint32_t nia = (ia + len) & AMASK;
    c->ilc = (uint8_t)len;
    c->psw.ia = nia;
    fn(c, p);
    uint32_t after = c->psw.ia;
    if (LIKELY(after == nia)) {
        __asm__("" : "+r"(nia));
        return nia;
    }
    return after;
}

#define LEN(op) ((((op) >> 6) + 3u) & 6u)
#define STEP(op, mn, fmt, fn) \
    static uint32_t step_##fn(struct cpu *c, const uint8_t *p, uint32_t ia) \
    { return step(c, p, ia, LEN(op), op_##fn); }
OPCODES(STEP)
STEP(0xB2, B2, S, b2)
STEP(0x00, INV2, E, invalid2)
STEP(0x40, INV4, E, invalid4)
STEP(0xC0, INV6, E, invalid6)

#define RUN(op, mn, fmt, fn) [op] = step_##fn,
cpu_step_fn *const cpu_steptab[256] = {
    [0x00 ... 0x3F] = step_invalid2,
    [0x40 ... 0xBF] = step_invalid4,
    [0xC0 ... 0xFF] = step_invalid6,
    OPCODES(RUN)
    [0xB2] = step_b2,
};
#pragma GCC diagnostic pop

static void op_b2(struct cpu *c, const uint8_t *inst)
{
    cpu_optab_b2[inst[1]].fn(c, inst);
}

const struct insn_def *cpu_insn_lookup(const uint8_t *inst)
{
    return inst[0] == 0xB2 ? &cpu_optab_b2[inst[1]] : &cpu_optab[inst[0]];
}
