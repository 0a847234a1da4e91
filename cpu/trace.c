/* trace.c - placeholder. */
#include "cpu/insn.h"
void cpu_trace_insn(struct cpu *c, const uint8_t *inst, uint32_t addr) { (void)c; (void)inst; (void)addr; }
const char *cpu_pgm_name(int code) { (void)code; return "Program"; }
