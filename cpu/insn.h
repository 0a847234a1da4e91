/* insn.h - instruction decode helpers and the handlers of the decode table. */
#ifndef S370_INSN_H
#define S370_INSN_H

#include "cpu/cpu.h"
#include "cpu/storage.h"

/* Handler: inst points at the instruction's bytes (2, 4 or 6), the PSW already
 * addresses the next instruction. */
typedef void insn_fn(struct cpu *c, const uint8_t *inst);

enum insn_format { F_E, F_RR, F_RX, F_RS, F_SI, F_S, F_SS, F_SS2 };

struct insn_def {
    const char *mnemonic;
    uint8_t format;
    insn_fn *fn;
};

/* Decode table for the first opcode byte; B2xx is decoded by a second table. */
extern const struct insn_def cpu_optab[256];
extern const struct insn_def cpu_optab_b2[256];
/* The loop's dispatch: execute the instruction at ia (bytes p), return the next
 * instruction address. */
typedef uint32_t cpu_step_fn(struct cpu *c, const uint8_t *p, uint32_t ia);
extern cpu_step_fn *const cpu_steptab[256];
/* Opcode byte 2 for the I/O group 9C-9F (SIO/SIOF, TIO/CLRIO, HIO/HDV, TCH). */
const struct insn_def *cpu_insn_lookup(const uint8_t *inst);

/* Field extraction. */
#define R1(i) ((i)[1] >> 4)
#define R2(i) ((i)[1] & 0xF)
#define X2(i) ((i)[1] & 0xF)
#define B2(i) ((i)[2] >> 4)
#define D2(i) ((uint32_t)(((i)[2] & 0xF) << 8 | (i)[3]))
#define I2(i) ((i)[1])
#define L1(i) ((i)[1] >> 4)
#define L2(i) ((i)[1] & 0xF)
#define LL(i) ((i)[1])
#define B4(i) ((i)[4] >> 4)
#define D4(i) ((uint32_t)(((i)[4] & 0xF) << 8 | (i)[5]))

/* Effective addresses (24-bit). */
static inline uint32_t ea_rx(struct cpu *c, const uint8_t *i)
{
    uint32_t a = D2(i);
    if (X2(i)) a += c->gr[X2(i)];
    if (B2(i)) a += c->gr[B2(i)];
    return a & AMASK;
}
static inline uint32_t ea_bd(struct cpu *c, unsigned b, uint32_t d)
{
    return (b ? d + c->gr[b] : d) & AMASK;
}
#define EA_S(c, i)  ea_bd((c), B2(i), D2(i))
#define EA_SS1(c, i) ea_bd((c), B2(i), D2(i))
#define EA_SS2(c, i) ea_bd((c), B4(i), D4(i))

static inline void cc_set(struct cpu *c, int cc) { c->psw.cc = (uint8_t)cc; }

/* Address of the instruction being executed: the PSW already addresses the next one
 * (until a branch changes it, after which nothing asks). */
static inline uint32_t cpu_insn_addr(const struct cpu *c) { return (c->psw.ia - c->ilc) & AMASK; }

/* Privileged-operation check (PoO: problem state). */
static inline void need_super(struct cpu *c)
{
    if (UNLIKELY(c->psw.prob)) cpu_program_check(c, PGM_PRIVILEGED);
}
static inline void need_even(struct cpu *c, unsigned r)
{
    if (UNLIKELY(r & 1)) cpu_program_check(c, PGM_SPECIFICATION);
}

/* Branch: the new instruction address takes effect as the next one. An odd one
 * drops the cached instruction block, so that the fetch (slow path) recognises the
 * specification exception and the fast path needs no test for it. */
static inline void branch_to(struct cpu *c, uint32_t a)
{
    c->psw.ia = a & AMASK;
    if (UNLIKELY(a & 1)) c->ib_va = IB_INVALID;
}

/* Fixed-point overflow: set cc 3 and interrupt if the program mask allows. */
static inline void fixed_overflow(struct cpu *c)
{
    c->psw.cc = 3;
    if (c->psw.progmask & PM_FIXOVF) cpu_program_check(c, PGM_FIXED_OVERFLOW);
}

/* Handlers, by module. */
#define INSN(name) void op_##name(struct cpu *c, const uint8_t *inst)
/* general.c */
INSN(spm); INSN(balr); INSN(bctr); INSN(bcr); INSN(svc); INSN(mvcl); INSN(clcl);
INSN(lpr); INSN(lnr); INSN(ltr); INSN(lcr); INSN(nr); INSN(clr); INSN(or_); INSN(xr);
INSN(lr); INSN(cr); INSN(ar); INSN(sr); INSN(mr); INSN(dr); INSN(alr); INSN(slr);
INSN(sth); INSN(la); INSN(stc); INSN(ic); INSN(ex); INSN(bal); INSN(bct); INSN(bc);
INSN(lh); INSN(ch); INSN(ah); INSN(sh); INSN(mh);
INSN(st); INSN(n); INSN(cl); INSN(o); INSN(x); INSN(l); INSN(c); INSN(a); INSN(s);
INSN(m); INSN(d); INSN(al); INSN(sl);
INSN(bxh); INSN(bxle); INSN(srl); INSN(sll); INSN(sra); INSN(sla); INSN(srdl); INSN(sldl);
INSN(srda); INSN(slda); INSN(stm); INSN(tm); INSN(mvi); INSN(ts); INSN(ni); INSN(cli);
INSN(oi); INSN(xi); INSN(lm); INSN(mc); INSN(cs); INSN(cds); INSN(clm); INSN(stcm);
INSN(icm); INSN(mvn); INSN(mvc); INSN(mvz); INSN(nc); INSN(clc); INSN(oc); INSN(xc);
INSN(tr); INSN(trt);
/* decimal.c */
INSN(cvd); INSN(cvb); INSN(ed); INSN(edmk); INSN(srp); INSN(mvo); INSN(pack); INSN(unpk);
INSN(zap); INSN(cp); INSN(ap); INSN(sp); INSN(mp); INSN(dp);
/* float.c */
INSN(lpdr); INSN(lndr); INSN(ltdr); INSN(lcdr); INSN(hdr); INSN(lrdr); INSN(mxr); INSN(mxdr);
INSN(ldr); INSN(cdr); INSN(adr); INSN(sdr); INSN(mdr); INSN(ddr); INSN(awr); INSN(swr);
INSN(lper); INSN(lner); INSN(lter); INSN(lcer); INSN(her); INSN(lrer); INSN(axr); INSN(sxr);
INSN(ler); INSN(cer); INSN(aer); INSN(ser); INSN(mer); INSN(der); INSN(aur); INSN(sur);
INSN(std); INSN(mxd); INSN(ld); INSN(cd); INSN(ad); INSN(sd); INSN(md); INSN(dd);
INSN(aw); INSN(sw); INSN(ste); INSN(le); INSN(ce); INSN(ae); INSN(se); INSN(me);
INSN(de); INSN(au); INSN(su);
/* privileged.c */
INSN(ssk); INSN(isk); INSN(ssm); INSN(lpsw); INSN(diag); INSN(stnsm); INSN(stosm);
INSN(sigp); INSN(lra); INSN(stctl); INSN(lctl);
INSN(stidp); INSN(sck); INSN(stck); INSN(sckc); INSN(stckc); INSN(spt); INSN(stpt);
INSN(spka); INSN(ipk); INSN(ptlb); INSN(spx); INSN(stpx); INSN(stap); INSN(rrb);
/* io.c: hooks that the channel subsystem fills */
INSN(sio); INSN(tio); INSN(hio); INSN(tch); INSN(stidc);

#endif
