/* privileged.c - placeholder. */
#include "cpu/insn.h"

INSN(ssk) { (void)inst; cpu_program_check(c, PGM_OPERATION); }
INSN(isk) { (void)inst; cpu_program_check(c, PGM_OPERATION); }
INSN(ssm) { (void)inst; cpu_program_check(c, PGM_OPERATION); }
INSN(lpsw) { (void)inst; cpu_program_check(c, PGM_OPERATION); }
INSN(diag) { (void)inst; cpu_program_check(c, PGM_OPERATION); }
INSN(stnsm) { (void)inst; cpu_program_check(c, PGM_OPERATION); }
INSN(stosm) { (void)inst; cpu_program_check(c, PGM_OPERATION); }
INSN(sigp) { (void)inst; cpu_program_check(c, PGM_OPERATION); }
INSN(lra) { (void)inst; cpu_program_check(c, PGM_OPERATION); }
INSN(stctl) { (void)inst; cpu_program_check(c, PGM_OPERATION); }
INSN(lctl) { (void)inst; cpu_program_check(c, PGM_OPERATION); }
INSN(stidp) { (void)inst; cpu_program_check(c, PGM_OPERATION); }
INSN(sck) { (void)inst; cpu_program_check(c, PGM_OPERATION); }
INSN(stck) { (void)inst; cpu_program_check(c, PGM_OPERATION); }
INSN(sckc) { (void)inst; cpu_program_check(c, PGM_OPERATION); }
INSN(stckc) { (void)inst; cpu_program_check(c, PGM_OPERATION); }
INSN(spt) { (void)inst; cpu_program_check(c, PGM_OPERATION); }
INSN(stpt) { (void)inst; cpu_program_check(c, PGM_OPERATION); }
INSN(spka) { (void)inst; cpu_program_check(c, PGM_OPERATION); }
INSN(ipk) { (void)inst; cpu_program_check(c, PGM_OPERATION); }
INSN(ptlb) { (void)inst; cpu_program_check(c, PGM_OPERATION); }
INSN(spx) { (void)inst; cpu_program_check(c, PGM_OPERATION); }
INSN(stpx) { (void)inst; cpu_program_check(c, PGM_OPERATION); }
INSN(stap) { (void)inst; cpu_program_check(c, PGM_OPERATION); }
INSN(rrb) { (void)inst; cpu_program_check(c, PGM_OPERATION); }
