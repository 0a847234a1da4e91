/* channel.h - the S/370 channel subsystem as seen by the CPU. */
#ifndef S370_CHANNEL_H
#define S370_CHANNEL_H

#include <stdint.h>
#include "cpu/cpu.h"

/* Present one pending I/O interruption the CPU is enabled for; false if none. */
bool chan_present_interrupt(struct cpu *c);

/* The I/O instructions (PoO: input/output operations). Each returns the condition
 * code; the CSW is stored at real location 64 where the architecture says. */
int chan_sio(struct cpu *c, uint16_t devaddr, bool fast);
int chan_tio(struct cpu *c, uint16_t devaddr);
int chan_clrio(struct cpu *c, uint16_t devaddr);
int chan_hio(struct cpu *c, uint16_t devaddr, bool hdv);
int chan_tch(struct cpu *c, uint16_t chan);
int chan_stidc(struct cpu *c, uint16_t chan);

#endif
