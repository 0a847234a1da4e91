/* device.h - what a device model implements and what the channel keeps per device.
 *
 * A device is a small table of operations (struct dev_ops). The channel fetches
 * CCWs, moves data between main storage and a host buffer, and calls execute_ccw
 * once per command (a data chain is one command with one buffer). The device answers
 * with its unit status and a residual count; it never touches CPU state. Status that
 * a device raises on its own (attention, device end after channel end) goes to
 * chan_device_status() (channel/channel.h). */
#ifndef S370_DEVICE_H
#define S370_DEVICE_H

#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>

struct machine;
struct device;
struct cpu;

/* Unit status, CSW byte 4 (PoO: unit status). */
enum {
    US_ATTN = 0x80, US_SM = 0x40, US_CUE = 0x20, US_BUSY = 0x10,
    US_CE = 0x08, US_DE = 0x04, US_UC = 0x02, US_UE = 0x01,
};

/* Channel status, CSW byte 5 (PoO: channel status). */
enum {
    CS_PCI = 0x80, CS_IL = 0x40, CS_PROGC = 0x20, CS_PROTC = 0x10,
    CS_CDC = 0x08, CS_CCC = 0x04, CS_ICC = 0x02, CS_CHAINC = 0x01,
};

/* CCW flags, format 0 byte 4 (PoO: channel-command word); bits 38-39 must be 0. */
enum {
    CCW_CD = 0x80, CCW_CC = 0x40, CCW_SLI = 0x20, CCW_SKIP = 0x10,
    CCW_PCI = 0x08, CCW_IDA = 0x04, CCW_BAD_FLAGS = 0x03,
};

/* Sense byte 0 bits common to most devices. */
enum {
    SENSE_CMDREJ = 0x80, SENSE_INTREQ = 0x40, SENSE_BUSOUT = 0x20,
    SENSE_EQUIPCHK = 0x10, SENSE_DATACHK = 0x08, SENSE_OVERRUN = 0x04,
};

#define DEV_SENSE_MAX 32

struct dev_ops {
    /* Set up d->priv from the configuration arguments; 0, or -1 with a message. */
    int (*init)(struct machine *m, struct device *d, int argc, char **argv,
                char *err, size_t errlen);
    /* Execute one command. Output commands find count bytes in buf; input commands
     * fill up to count bytes. *residual = count minus the length the device wanted
     * to move: negative when its record was longer than count. Returns the unit
     * status (channel end is implied unless BUSY is answered). */
    uint8_t (*execute_ccw)(struct device *d, uint8_t cmd, uint8_t flags,
                           uint8_t *buf, uint32_t count, int32_t *residual);
    /* Optional: initial selection at SIO; 0 accepts, else the unit status to store
     * (BUSY, or BUSY|SM for a busy control unit). Must not call the channel. */
    uint8_t (*select)(struct device *d);
    /* Optional: true if cmd is an immediate command of this device: it moves no data
     * and the device signals channel end in its initial status. Started alone (no
     * chaining, no PCI) it ends within START I/O, condition code 1 with the CSW
     * stored and no interruption (PoO: START I/O). Must not call the channel. */
    bool (*immediate)(const struct device *d, uint8_t cmd);
    /* Optional: HIO/HDV/CLRIO/reset ask a running command to end soon. Called
     * with the channel lock held: set a flag or signal, never call the channel. */
    void (*halt)(struct device *d);
    /* Optional: the channel program ends (or is cleared): called on the I/O thread
     * before its ending status is made pending, without the channel lock. Returns
     * status to add to it (US_UC with sense set), or 0. */
    uint8_t (*program_end)(struct device *d);
    /* Optional: the arguments part of a devlist line. */
    void (*describe)(const struct device *d, char *buf, size_t len);
    /* Optional: release d->priv. */
    void (*close)(struct device *d);
};

/* Interruption conditions held at the subchannel. */
enum { PEND_NONE, PEND_PCI, PEND_FINAL };

/* The channel program registers of the subchannel (PoO: channel-program execution). */
struct chan_prog {
    uint8_t key;           /* CAW key (bits 0-3 of the CSW) */
    uint32_t next;         /* address of the next command CCW */
    uint32_t last;         /* address of the last CCW used (CSW holds last + 8) */
    uint16_t count;        /* its residual count */
    uint8_t status;        /* unit status of the previous command */
    uint8_t flags;         /* flags of that CCW (CC, SLI) */
    bool parked;           /* waiting for device end to chain */
    bool have_first;       /* first CCW fetched and checked by SIO */
    uint32_t first_addr;   /* its address (after a TIC) */
    uint8_t first[8];      /* and its bytes */
    bool at_sio;           /* an immediate command runs inside START I/O */
    bool sio_ended;        /* it ended there: sio_csw is for START I/O to store */
    uint8_t sio_csw[8];
};

/* Subchannel state; channel/ changes it only under its lock. */
struct subchannel {
    bool working;          /* started by SIO, not concluded at the subchannel */
    bool queued;           /* on the run queue of the I/O threads */
    bool active;           /* a runner executes the program now */
    bool wait_de;          /* command chaining waits for device end */
    bool halt;             /* HIO/HDV: no more chaining */
    bool cleared;          /* CLRIO/reset while active: results are dropped */
    bool dev_busy;         /* device end outstanding after channel end */
    uint8_t held;          /* status the device raised while the program ran */
    uint8_t pend;          /* PEND_* */
    uint8_t csw[8];        /* CSW of the subchannel interruption */
    uint8_t dev_status;    /* status pending in the device (attention, device end) */
    struct device *runq_next;
    struct chan_prog prog;
    /* runner scratch: the CCWs of one data chain and the data buffer */
    void *chain;
    unsigned chaincap;
    uint8_t *buf;
    uint32_t bufcap;
};

struct device {
    struct machine *m;
    uint16_t devnum;
    uint8_t chan;          /* devnum >> 8 */
    char type[16];         /* as configured, e.g. "3505" */
    const struct dev_ops *ops;
    void *priv;
    uint8_t sense[DEV_SENSE_MAX];
    unsigned senselen;
    bool chained;          /* the command in execute_ccw came by command chaining */
    _Atomic bool ccwtrace; /* console `t+CCUU`: trace CCWs and their status */
    struct device *next;   /* machine's list, in device-number order */
    struct subchannel sc;  /* the channel's part */
};

/* Helpers for device models (channel/ccw.c). */
void dev_set_sense(struct device *d, const uint8_t *sense, unsigned len);
/* Basic sense (command 04): copy the senselen sense bytes (at least one) to buf,
 * then zero them (the length stays). */
uint8_t dev_basic_sense(struct device *d, uint8_t *buf, uint32_t count, int32_t *residual);
/* Sense ID (command E4): X'FF', control unit type/model, device type/model. */
#define DEV_ID_LEN 7
struct dev_id {
    const char *type;                  /* configured type name; NULL ends a table */
    uint8_t id[DEV_ID_LEN];
};
/* Answer Sense ID with the table entry for d->type (the first entry if none). */
uint8_t dev_sense_id(const struct device *d, const struct dev_id *table, uint8_t *buf,
                     uint32_t count, int32_t *residual);
/* Command reject: set sense byte 0 and answer CE DE UC. */
uint8_t dev_command_reject(struct device *d, int32_t *residual, uint32_t count);

#endif
