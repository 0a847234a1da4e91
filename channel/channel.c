/* channel.c - the channel subsystem. Until devices are attached (the channel issue),
 * every device and channel is not operational: condition code 3 (PoO: SIO, TIO,
 * HIO, TCH, STIDC with no such device or channel). */
#include "channel/channel.h"

bool chan_present_interrupt(struct cpu *c) { (void)c; return false; }
int chan_sio(struct cpu *c, uint16_t d, bool fast) { (void)c; (void)d; (void)fast; return 3; }
int chan_tio(struct cpu *c, uint16_t d) { (void)c; (void)d; return 3; }
int chan_clrio(struct cpu *c, uint16_t d) { (void)c; (void)d; return 3; }
int chan_hio(struct cpu *c, uint16_t d, bool hdv) { (void)c; (void)d; (void)hdv; return 3; }
int chan_tch(struct cpu *c, uint16_t ch) { (void)c; (void)ch; return 3; }
int chan_stidc(struct cpu *c, uint16_t ch) { (void)c; (void)ch; return 3; }
