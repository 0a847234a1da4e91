/* harness.h - a small machine for instruction unit tests: 64K... of storage, one CPU
 * that is never started as a thread; instructions run with cpu_step. */
#ifndef S370_TEST_HARNESS_H
#define S370_TEST_HARNESS_H

#include <check.h>
#include <string.h>
#include "cpu/machine.h"
#include "cpu/storage.h"

struct harness {
    struct machine m;
    struct cpu *c;
};

/* Program-new PSW points at a disabled wait with a marker, so a test can tell that a
 * program interruption happened and read its code. */
#define H_PGM_NEW_IA 0x0F00

void h_setup(struct harness *h, unsigned mb);
void h_teardown(struct harness *h);
/* Place instruction bytes at addr (real), set PSW (BC, key 0, supervisor) to addr. */
void h_load(struct harness *h, uint32_t addr, const uint8_t *bytes, unsigned len);
/* Execute one instruction. Returns the program-interruption code, or 0. */
int h_step(struct harness *h);
/* Load a hex string ("1A12 47F0F010") at addr and execute one instruction at addr. */
int h_exec(struct harness *h, uint32_t addr, const char *hex);
void h_poke(struct harness *h, uint32_t addr, const char *hex);
void h_peek(struct harness *h, uint32_t addr, uint8_t *out, unsigned len);
/* Switch the current PSW to EC mode (keeps IA), with given system mask. */
void h_ec_mode(struct harness *h, uint8_t sysmask);

#endif
