/* dev3270.h - 3270 displays (3277/3278/3279) and printers (3287) behind a local
 * non-SNA 3274 (devices/dev3270.c), and the terminals that connect to them: a TN3270
 * session (console/tn3270.c) or the SDL2 window's own terminal (console/window.c).
 *
 * The device keeps no screen: like a 3274 it passes the outbound data stream to the
 * terminal and takes the terminal's inbound records (AID, cursor address, fields). */
#ifndef S370_DEV3270_H
#define S370_DEV3270_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct machine;
struct device;

/* Local (non-SNA) channel command codes (GA23-0061, 3274 Description). */
enum {
    D3270_W = 0x01, D3270_RB = 0x02, D3270_NOP = 0x03, D3270_SENSE = 0x04,
    D3270_EW = 0x05, D3270_RM = 0x06, D3270_SEL = 0x0B, D3270_EWA = 0x0D,
    D3270_EAU = 0x0F, D3270_WSF = 0x11, D3270_SENSEID = 0xE4,
};

/* 3270 data stream orders (GA23-0059, orders), for the device and the terminal model. */
enum {
    D3270_ORD_PT = 0x05, D3270_ORD_GE = 0x08, D3270_ORD_SBA = 0x11, D3270_ORD_EUA = 0x12,
    D3270_ORD_IC = 0x13, D3270_ORD_SF = 0x1D, D3270_ORD_SA = 0x28, D3270_ORD_SFE = 0x29,
    D3270_ORD_MF = 0x2C, D3270_ORD_RA = 0x3C,
};

/* A buffer address (GA23-0059, buffer addressing): 12-bit coded through the 6-bit code
 * table, or 14-bit binary when bits 0-1 of the first byte are 00. */
uint16_t dev3270_addr_decode(uint8_t b1, uint8_t b2);

/* What a terminal is: its screen sizes and features, as it negotiated them. */
struct term3270_info {
    uint16_t rows, cols;            /* default screen: 24 x 80 */
    uint16_t alt_rows, alt_cols;    /* alternate screen: 24x80, 32x80, 43x80 or 27x132 */
    bool extended;                  /* takes WSF, SFE, SA, MF (an -E model or query) */
    bool printer;                   /* a 3287 */
    char termtype[40];              /* as the client named it, e.g. "IBM-3278-2-E" */
};

struct term3270_ops {
    /* One outbound record: the command (D3270_W, EW, EWA, EAU, WSF, RB, RM) and the
     * bytes the guest wrote after it (WCC first for writes; none for reads). Called
     * from an I/O thread; must not call dev3270_inbound itself. 0, or -1 when the
     * terminal is gone or cannot take more (the command ends with intervention
     * required). A terminal answers RB and RM later with dev3270_inbound. */
    int (*send)(void *ctx, uint8_t cmd, const uint8_t *data, size_t len);
    /* The device was detached; no call follows. */
    void (*detached)(void *ctx, struct device *d);
};

/* Whether the configuration has a 3270 display (or a 3287 printer). */
bool dev3270_configured(struct machine *m, bool printer);
/* Bind a terminal to a free device of its class: devnum if >= 0, else the first free
 * one without a terminal group whose address filter admits ip (IPv4, host order). The
 * device turns ready and presents device end, as a 3274 does when a terminal is
 * switched on. NULL with the reason in err when there is none. */
struct device *dev3270_claim(struct machine *m, int devnum, uint32_t ip,
                             const struct term3270_info *info,
                             const struct term3270_ops *ops, void *ctx,
                             char *err, size_t errlen);
/* The same by name, with Hercules' rules: a device number (1 to 4 hex digits) names
 * that device, which must be eligible (no other is chosen instead); another name is a
 * terminal group: the first free device of that group; no name (NULL or ""): the first
 * free device that has no group. The class comes from info->printer. */
struct device *dev3270_claim_named(struct machine *m, const char *name, uint32_t ip,
                                   const struct term3270_info *info,
                                   const struct term3270_ops *ops, void *ctx,
                                   char *err, size_t errlen);
/* Hold the device dev3270_claim_named would bind now for the terminal owner, without
 * binding it: TN3270E names the device (DEVICE-TYPE IS ... CONNECT) before the session
 * is ready for data, and the logo names it before the claim. A held device is in use
 * for every other terminal; a claim with ctx owner takes it. Its device number, or -1
 * with the reason. dev3270_unreserve lets go of whatever owner holds. */
int dev3270_reserve(struct machine *m, const char *name, uint32_t ip, bool printer,
                    const void *owner, char *err, size_t errlen);
void dev3270_unreserve(struct machine *m, const void *owner);
/* Whether d is a 3270 or 3287 of this model. */
bool dev3270_is_3270(const struct device *d);
/* The bound terminal's description; false when none is bound. */
bool dev3270_info(struct device *d, struct term3270_info *info);
/* An inbound record from the terminal: the answer to RB or RM, or unsolicited (Enter,
 * PF, PA, Clear; the device then presents attention and keeps the record for the
 * next Read Modified). */
void dev3270_inbound(struct device *d, const uint8_t *data, size_t len);
/* Unbind: the device turns not ready; the next command ends with intervention
 * required. No ops call is made after this returns. */
void dev3270_release(struct device *d);

#endif
