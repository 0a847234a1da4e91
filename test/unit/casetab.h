/* casetab.h - table-driven instruction cases: a state before, one instruction, the
 * state after, written as short strings so that a table reads like the PoO.
 *   Rn=HEX      general register n (hex n)
 *   Fn=HEX      floating-point register n (0,2,4,6), 16 hex digits
 *   CC=n        condition code
 *   PM=HEX      program mask (before only)
 *   PGM=HEX     expected program-interruption code (after only; absent means none)
 *   M<addr>=HEX storage bytes at hex address
 *   IA=HEX      expected PSW instruction address after
 *   KEY=n       PSW key;  PROB (before only): problem state
 *   SM=HEX      system mask;  PFX=HEX  prefix register
 *   EC=HEX      EC mode with that system mask (before only)
 *   CRn=HEX     control register n (hex n)
 *   SKaddr=HEX  storage key byte of the 2K block containing addr
 */
#ifndef S370_TEST_CASETAB_H
#define S370_TEST_CASETAB_H

#include "harness.h"

struct icase {
    const char *name;
    const char *before;
    const char *insn;     /* instruction bytes, placed at 0x1000 */
    const char *after;
};

/* Run one case; on a mismatch, ck_assert reports the case name and the field. */
void icase_run(const struct icase *k);

#endif
