/* decimal.c - decimal instructions (placeholder: operation exception until written). */
#include "cpu/insn.h"

INSN(cvd) { (void)inst; cpu_program_check(c, PGM_OPERATION); }
INSN(cvb) { (void)inst; cpu_program_check(c, PGM_OPERATION); }
INSN(ed) { (void)inst; cpu_program_check(c, PGM_OPERATION); }
INSN(edmk) { (void)inst; cpu_program_check(c, PGM_OPERATION); }
INSN(srp) { (void)inst; cpu_program_check(c, PGM_OPERATION); }
INSN(mvo) { (void)inst; cpu_program_check(c, PGM_OPERATION); }
INSN(pack) { (void)inst; cpu_program_check(c, PGM_OPERATION); }
INSN(unpk) { (void)inst; cpu_program_check(c, PGM_OPERATION); }
INSN(zap) { (void)inst; cpu_program_check(c, PGM_OPERATION); }
INSN(cp) { (void)inst; cpu_program_check(c, PGM_OPERATION); }
INSN(ap) { (void)inst; cpu_program_check(c, PGM_OPERATION); }
INSN(sp) { (void)inst; cpu_program_check(c, PGM_OPERATION); }
INSN(mp) { (void)inst; cpu_program_check(c, PGM_OPERATION); }
INSN(dp) { (void)inst; cpu_program_check(c, PGM_OPERATION); }
