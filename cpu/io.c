/* io.c - the I/O instructions: privileged S-format instructions that name a device
 * by the second-operand address (PoO: I/O instruction formats); the channel
 * subsystem does the work. */
#include "cpu/insn.h"
#include "channel/channel.h"

/* 9C00 SIO, 9C01 SIOF */
INSN(sio)
{
    need_super(c);
    uint16_t dev = (uint16_t)EA_S(c, inst);
    cc_set(c, chan_sio(c, dev, inst[1] & 1));
}

/* 9D00 TIO, 9D01 CLRIO */
INSN(tio)
{
    need_super(c);
    uint16_t dev = (uint16_t)EA_S(c, inst);
    cc_set(c, (inst[1] & 1) ? chan_clrio(c, dev) : chan_tio(c, dev));
}

/* 9E00 HIO, 9E01 HDV */
INSN(hio)
{
    need_super(c);
    cc_set(c, chan_hio(c, (uint16_t)EA_S(c, inst), inst[1] & 1));
}

/* 9F00 TCH: bits 16-23 of the address name the channel */
INSN(tch)
{
    need_super(c);
    cc_set(c, chan_tch(c, (uint16_t)((EA_S(c, inst) >> 8) & 0xFF)));
}

/* B203 STIDC */
INSN(stidc)
{
    need_super(c);
    cc_set(c, chan_stidc(c, (uint16_t)((EA_S(c, inst) >> 8) & 0xFF)));
}
