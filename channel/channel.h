/* channel.h - the S/370 channel subsystem as seen by the CPU, the console and the
 * device models. One subchannel per device (block-multiplexer channels with
 * nonshared subchannels); channel programs run on I/O threads, or inside SIO in the
 * deterministic mode used by tests. */
#ifndef S370_CHANNEL_H
#define S370_CHANNEL_H

#include <stdint.h>
#include "cpu/cpu.h"
#include "channel/device.h"

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

/* Life cycle. Without chan_init every I/O instruction answers condition code 3. */
int chan_init(struct machine *m);
void chan_shutdown(struct machine *m);
/* Deterministic mode: SIO runs the whole channel program before it returns and
 * queues the interruption; device status posted later resumes it at once. */
void chan_set_sync(struct machine *m, bool sync);
/* I/O-system reset: programs forgotten, interruption conditions cleared. */
void chan_reset(struct machine *m);
/* Wait up to ms milliseconds until no channel program is queued or running; true
 * if the subsystem is idle. */
bool chan_wait_idle(struct machine *m, unsigned ms);
/* IPL I/O (PoO: initial program loading): read IPL from devnum into absolute 0 and
 * chain to the CCW at 8, synchronously. Returns 0 and the final CSW when the
 * program ended with channel end and device end and nothing else, 3 for no such
 * device, 1 otherwise (csw says why). The interruption is not presented. */
int chan_ipl(struct machine *m, uint16_t devnum, uint8_t csw[8]);

/* From a device: status raised on its own (attention, device end after channel end,
 * unit check). Any thread. */
void chan_device_status(struct device *d, uint8_t unitstat);

/* The device list of the machine (devices/devtab.c builds on these). */
int chan_dev_insert(struct machine *m, struct device *d, char *err, size_t errlen);
struct device *chan_dev_remove(struct machine *m, uint16_t devnum, char *err, size_t errlen);
struct device *chan_dev_find(struct machine *m, uint16_t devnum);
/* Free the runner buffers of a removed device. */
void chan_dev_release(struct device *d);

/* ---- between channel.c and ccw.c ------------------------------------------- */
/* SIO time: check the CAW and the first CCW; 0 or a CSW for condition code 1. */
int chan_prog_start(struct device *d, uint32_t caw, uint8_t csw[8]);
/* Run the started (or resumed) program of d until it ends or waits for device end. */
void chan_prog_run(struct device *d);
/* Is the first CCW of the started program an immediate command that ends within
 * START I/O (no chaining, no PCI)? Then run it: true, with the CSW to store, if it
 * ended there (chan_release has made the subchannel available). */
bool chan_prog_is_immediate(const struct device *d);
bool chan_prog_immediate(struct device *d, uint8_t csw[8]);
/* The CSW describing the program's progress with the given status. */
void chan_prog_csw(const struct device *d, uint8_t us, uint8_t cs, uint8_t csw[8]);
/* Runner bookkeeping (channel.c, under the lock): */
enum { BEGIN_GO, BEGIN_HALTED, BEGIN_CLEARED };
int chan_begin_command(struct device *d);
bool chan_end_command(struct device *d, uint8_t us); /* false: cleared meanwhile */
bool chan_halted(struct device *d);
/* Wait for device end: the status if it already came, else PARK_WAIT (the runner
 * stops; chan_device_status resumes the program) or PARK_HALTED. */
enum { PARK_WAIT = -1, PARK_HALTED = -2 };
int chan_park(struct device *d);
uint8_t chan_take_held(struct device *d);
void chan_conclude(struct device *d, const uint8_t csw[8], bool dev_busy);
/* The operation ended within START I/O: the subchannel is available again and no
 * interruption condition is made pending at it. */
void chan_release(struct device *d, bool dev_busy);
void chan_pci(struct device *d, const uint8_t csw[8]);

#endif
