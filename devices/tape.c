/* tape.c - 3420 and 3480 magnetic tape drives on AWSTAPE/HET image files.
 *
 * Configuration: `ccuu 3420 FILE [options]` (options as awstape.h; `*` or no file
 * means no tape mounted: the drive is not ready). devinit mounts and unmounts.
 *
 * Commands (IBM 3803/3420 and 3480 references; GA22-7000 for the I/O interface):
 * write 01, read forward 02, read backward 0C, sense 04, no-op 03, rewind 07,
 * rewind-unload 0F, erase gap 17, write tapemark 1F, backspace block 27, backspace
 * file 2F, forward space block 37, forward space file 3F, data security erase 97,
 * mode set C3 CB D3 DB (accepted, density is not modelled), sense ID E4 (3480).
 *
 * Sense: the 3420 layout, 24 bytes (32 for the 3480). Byte 0 the error bits; byte 1
 * X'40' TU status A (ready), X'20' TU status B (not ready), X'08' load point, X'02'
 * file protected; byte 4 X'20' tape indicate (past the end-of-tape marker). A 3480
 * also gets its error-recovery-action code in byte 3. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "devices/devices.h"
#include "devices/awstape.h"
#include "cpu/machine.h"

enum {
    S1_TUA = 0x40, S1_TUB = 0x20, S1_LOADPT = 0x08, S1_FILEPROT = 0x02,
    S4_TAPEIND = 0x20,
};

/* 3480 error recovery action codes (sense byte 3). */
enum {
    ERA_READ_DATACHK = 0x23, ERA_CMDREJ = 0x27, ERA_WRITE_PROT = 0x30,
    ERA_TAPE_VOID = 0x31, ERA_PHYS_EOT = 0x38, ERA_BACK_AT_BOT = 0x39,
    ERA_NOT_READY = 0x43,
};

struct tape_dev {
    bool is3480;
    bool mounted;
    struct tape_opts opt;
    struct tape_file tf;
};

/* What a command needs before it may start. */
enum { NEED_NONE, NEED_TAPE, NEED_RING };

typedef uint8_t tape_fn(struct device *d, struct tape_dev *td, uint8_t cmd, uint8_t *buf,
                        uint32_t count, int32_t *res);

struct tape_cmd {
    uint8_t code;
    uint8_t need;
    bool only3480;
    tape_fn *fn;
};

#define CEDE (US_CE | US_DE)

/* ---- sense --------------------------------------------------------------------- */

static unsigned sense_len(const struct tape_dev *td) { return td && td->is3480 ? 32 : 24; }

/* Record an error for the next sense and answer unit check. */
static uint8_t unit_check(struct device *d, uint8_t byte0, uint8_t era)
{
    struct tape_dev *td = d->priv;
    uint8_t s[DEV_SENSE_MAX] = { byte0 };
    if (td && td->is3480) s[3] = era;
    dev_set_sense(d, s, sense_len(td));
    return CEDE | US_UC;
}

/* The drive's state bits, merged into the sense bytes when they are read. */
static void sense_status(const struct tape_dev *td, uint8_t *s)
{
    if (!td || !td->mounted) {
        s[1] |= S1_TUB;
        return;
    }
    s[1] |= S1_TUA;
    if (tape_at_loadpt(&td->tf)) s[1] |= S1_LOADPT;
    if (td->tf.ro) s[1] |= S1_FILEPROT;
    if (tape_at_eot(&td->tf)) s[4] |= S4_TAPEIND;
}

static uint8_t cmd_sense(struct device *d, struct tape_dev *td, uint8_t cmd, uint8_t *buf,
                         uint32_t count, int32_t *res)
{
    (void)cmd;
    uint8_t s[DEV_SENSE_MAX];
    unsigned n = sense_len(td);
    memcpy(s, d->sense, sizeof s);
    sense_status(td, s);
    memset(d->sense, 0, sizeof d->sense);
    d->senselen = n;
    memcpy(buf, s, n < count ? n : count);
    *res = (int32_t)count - (int32_t)n;
    return CEDE;
}

/* Sense ID (3480): X'FF', control unit 3480-01, device 3480-01. */
static uint8_t cmd_sense_id(struct device *d, struct tape_dev *td, uint8_t cmd, uint8_t *buf,
                            uint32_t count, int32_t *res)
{
    (void)td; (void)cmd;
    static const struct dev_id ids[] = {
        { "3480", { 0xFF, 0x34, 0x80, 0x01, 0x34, 0x80, 0x01 } },
        { NULL, { 0 } },
    };
    return dev_sense_id(d, ids, buf, count, res);
}

/* ---- errors from the image file ------------------------------------------------- */

/* A damaged or unreadable image: data check, and a message for the operator. */
static uint8_t image_error(struct device *d, struct tape_dev *td, enum tape_rc rc)
{
    machine_msg(d->m, "TAPE %04X: %s: block %u: %s: %s\n", d->devnum, td->tf.path,
                td->tf.blockno, tape_rc_str(rc), td->tf.why);
    if (rc == TAPE_EIO) return unit_check(d, SENSE_EQUIPCHK, ERA_READ_DATACHK);
    return unit_check(d, SENSE_DATACHK, ERA_READ_DATACHK);
}

/* Status for a motion or data command that ended with rc. */
static uint8_t motion_status(struct device *d, struct tape_dev *td, enum tape_rc rc)
{
    switch (rc) {
    case TAPE_OK: return CEDE;
    case TAPE_TM: return CEDE | US_UE;
    /* Beyond the recorded data a real drive finds blank tape: data check. */
    case TAPE_EOD: return unit_check(d, SENSE_DATACHK, ERA_TAPE_VOID);
    case TAPE_LOADPT: return unit_check(d, SENSE_CMDREJ, ERA_BACK_AT_BOT);
    case TAPE_EROFS: return unit_check(d, SENSE_CMDREJ, ERA_WRITE_PROT);
    case TAPE_EFULL: return unit_check(d, SENSE_EQUIPCHK, ERA_PHYS_EOT);
    default: return image_error(d, td, rc);
    }
}

/* After a write: unit exception once past the end-of-tape marker. */
static uint8_t write_status(struct device *d, struct tape_dev *td, enum tape_rc rc)
{
    uint8_t us = motion_status(d, td, rc);
    if (rc == TAPE_OK && tape_at_eot(&td->tf)) us |= US_UE;
    return us;
}

/* ---- data commands ------------------------------------------------------------- */

static uint8_t cmd_write(struct device *d, struct tape_dev *td, uint8_t cmd, uint8_t *buf,
                         uint32_t count, int32_t *res)
{
    (void)cmd;
    *res = (int32_t)count;
    if (count > TAPE_MAXBLOCK) return unit_check(d, SENSE_CMDREJ, ERA_CMDREJ);
    enum tape_rc rc = tape_write(&td->tf, buf, count);
    if (rc == TAPE_OK) *res = 0;
    return write_status(d, td, rc);
}

static uint8_t cmd_read(struct device *d, struct tape_dev *td, uint8_t cmd, uint8_t *buf,
                        uint32_t count, int32_t *res)
{
    (void)cmd;
    uint32_t len;
    *res = (int32_t)count;
    enum tape_rc rc = tape_read(&td->tf, td->tf.blk, &len);
    if (rc == TAPE_OK) {
        memcpy(buf, td->tf.blk, len < count ? len : count);
        *res = (int32_t)count - (int32_t)len;
    }
    return motion_status(d, td, rc);
}

/* Read backward: the bytes arrive last first; the channel stores them downward. */
static uint8_t cmd_read_back(struct device *d, struct tape_dev *td, uint8_t cmd, uint8_t *buf,
                             uint32_t count, int32_t *res)
{
    (void)cmd;
    uint32_t len;
    *res = (int32_t)count;
    enum tape_rc rc = tape_read_back(&td->tf, td->tf.blk, &len);
    if (rc == TAPE_OK) {
        uint32_t n = len < count ? len : count;
        for (uint32_t i = 0; i < n; i++) buf[i] = td->tf.blk[len - 1 - i];
        *res = (int32_t)count - (int32_t)len;
    }
    return motion_status(d, td, rc);
}

/* ---- control commands ---------------------------------------------------------- */

static uint8_t cmd_nop(struct device *d, struct tape_dev *td, uint8_t cmd, uint8_t *buf,
                       uint32_t count, int32_t *res)
{
    (void)d; (void)td; (void)cmd; (void)buf;
    *res = (int32_t)count;
    return CEDE;
}

static uint8_t cmd_rewind(struct device *d, struct tape_dev *td, uint8_t cmd, uint8_t *buf,
                          uint32_t count, int32_t *res)
{
    (void)d; (void)cmd; (void)buf;
    *res = (int32_t)count;
    tape_rewind(&td->tf);
    return CEDE;
}

static void tape_unmount(struct tape_dev *td)
{
    if (td->mounted) tape_close(&td->tf);
    td->mounted = false;
}

/* Rewind-unload: the drive becomes not ready until devinit mounts a tape. */
static uint8_t cmd_unload(struct device *d, struct tape_dev *td, uint8_t cmd, uint8_t *buf,
                          uint32_t count, int32_t *res)
{
    (void)cmd; (void)buf;
    *res = (int32_t)count;
    machine_msg(d->m, "TAPE %04X: %s unloaded\n", d->devnum, td->tf.path);
    tape_unmount(td);
    return CEDE;
}

static uint8_t cmd_wtm(struct device *d, struct tape_dev *td, uint8_t cmd, uint8_t *buf,
                       uint32_t count, int32_t *res)
{
    (void)cmd; (void)buf;
    *res = (int32_t)count;
    return write_status(d, td, tape_write_tm(&td->tf));
}

/* Data security erase: everything from here to the end of the tape. */
static uint8_t cmd_dse(struct device *d, struct tape_dev *td, uint8_t cmd, uint8_t *buf,
                       uint32_t count, int32_t *res)
{
    (void)cmd; (void)buf;
    *res = (int32_t)count;
    return motion_status(d, td, tape_erase(&td->tf));
}

/* Spacing: a block command stops after a tapemark with unit exception; a file
 * command passes the tapemark and ends normally. */
static uint8_t cmd_space(struct device *d, struct tape_dev *td, uint8_t cmd, uint8_t *buf,
                         uint32_t count, int32_t *res)
{
    (void)buf;
    *res = (int32_t)count;
    bool from_loadpt = tape_at_loadpt(&td->tf);
    enum tape_rc rc;
    switch (cmd) {
    case 0x27: rc = tape_bsb(&td->tf); break;
    case 0x2F: rc = tape_bsf(&td->tf); break;
    case 0x37: rc = tape_fsb(&td->tf); break;
    default: rc = tape_fsf(&td->tf); break;
    }
    /* A backspace file that reaches load point stops there; one that starts there
     * is rejected like every backward command at load point. */
    if (cmd == 0x2F && rc == TAPE_LOADPT && !from_loadpt) rc = TAPE_OK;
    return motion_status(d, td, rc);
}

static const struct tape_cmd tape_cmds[] = {
    { 0x01, NEED_RING, false, cmd_write },
    { 0x02, NEED_TAPE, false, cmd_read },
    { 0x03, NEED_NONE, false, cmd_nop },
    { 0x04, NEED_NONE, false, cmd_sense },
    { 0x07, NEED_TAPE, false, cmd_rewind },
    { 0x0C, NEED_TAPE, false, cmd_read_back },
    { 0x0F, NEED_TAPE, false, cmd_unload },
    { 0x17, NEED_RING, false, cmd_nop },        /* erase gap */
    { 0x1F, NEED_RING, false, cmd_wtm },
    { 0x27, NEED_TAPE, false, cmd_space },
    { 0x2F, NEED_TAPE, false, cmd_space },
    { 0x37, NEED_TAPE, false, cmd_space },
    { 0x3F, NEED_TAPE, false, cmd_space },
    { 0x97, NEED_RING, false, cmd_dse },
    { 0xC3, NEED_NONE, false, cmd_nop },        /* mode set: 1600 bpi */
    { 0xCB, NEED_NONE, false, cmd_nop },        /* 800 bpi */
    { 0xD3, NEED_NONE, false, cmd_nop },        /* 6250 bpi */
    { 0xDB, NEED_NONE, false, cmd_nop },        /* 3480 mode set */
    { 0xE4, NEED_NONE, true, cmd_sense_id },
};

static const struct tape_cmd *cmd_find(bool is3480, uint8_t code)
{
    for (size_t i = 0; i < sizeof tape_cmds / sizeof tape_cmds[0]; i++) {
        const struct tape_cmd *c = &tape_cmds[i];
        if (c->code == code) return c->only3480 && !is3480 ? NULL : c;
    }
    return NULL;
}

static uint8_t tape_execute(struct device *d, uint8_t cmd, uint8_t flags, uint8_t *buf,
                            uint32_t count, int32_t *res)
{
    (void)flags;
    struct tape_dev *td = d->priv;     /* NULL after a failed devinit */
    const struct tape_cmd *c = cmd_find(td && td->is3480, cmd);
    if (!c) return dev_command_reject(d, res, count);
    *res = (int32_t)count;
    if (c->need != NEED_NONE && (!td || !td->mounted))
        return unit_check(d, SENSE_INTREQ, ERA_NOT_READY);
    /* Writing without a write ring: command reject, file protected (sense byte 1). */
    if (c->need == NEED_RING && td->tf.ro) return unit_check(d, SENSE_CMDREJ, ERA_WRITE_PROT);
    return c->fn(d, td, cmd, buf, count, res);
}

/* ---- configuration ------------------------------------------------------------- */

static int tape_init(struct machine *m, struct device *d, int argc, char **argv,
                     char *err, size_t errlen)
{
    (void)m;
    struct tape_dev *td = calloc(1, sizeof *td);
    if (!td) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    td->is3480 = !strcmp(d->type, "3480");
    tape_opts_default(&td->opt);
    for (int i = 1; i < argc; i++) {
        if (tape_opt_parse(&td->opt, argv[i], err, errlen)) {
            free(td);
            return -1;
        }
    }
    if (argc > 0 && strcmp(argv[0], "*")) {
        if (tape_open(&td->tf, argv[0], &td->opt, err, errlen)) {
            free(td);
            return -1;
        }
        td->mounted = true;
    }
    d->priv = td;
    d->senselen = sense_len(td);
    return 0;
}

static void tape_describe(const struct device *d, char *buf, size_t len)
{
    const struct tape_dev *td = d->priv;
    if (!td || !td->mounted) {
        snprintf(buf, len, "* (no tape mounted)");
        return;
    }
    snprintf(buf, len, "%s%s [%s, block %u]", td->tf.path, td->tf.ro ? " ro" : "",
             td->tf.fmt == TAPE_FMT_HET ? "HET" : "AWS", td->tf.blockno);
}

static void tape_dev_close(struct device *d)
{
    struct tape_dev *td = d->priv;
    if (!td) return;
    tape_unmount(td);
    free(td);
    d->priv = NULL;
}

const struct dev_ops dev_tape_ops = {
    .init = tape_init,
    .execute_ccw = tape_execute,
    .describe = tape_describe,
    .close = tape_dev_close,
};
