# tapeio.S - tape end to end through real channel programs on a 3420 at 0580: write
# blocks and tapemarks, rewind, read forward (short and exact lengths), read a
# tapemark (unit exception), backspace file and block, read backward, forward space
# file, sense. Each command is started by SIO and ended by an I/O interruption taken
# from an enabled wait.
#
# Results (compared by tapeio.py with Hercules 3.13 where installed):
#   800.. per command: CSW bytes 4-7 (unit status, channel status, residual count)
#   A00   the data written; C00, D00, E00, F00 the data read back
#   Success is a disabled wait with address 0; failure n waits with address n*16.
        .include "common.inc"
        LOWCORE
        mvc     0x78(8,0),ionew-Z       # I/O new PSW: disabled, continue at ioint
        la      6,0x800                 # next result slot
        la      7,ccws-Z                # first CCW
        la      8,NCMD                  # number of commands
next:   st      7,0x48                  # CAW: key 0, this CCW
        la      2,0x580
        bal     14,doio-Z
        mvc     0(4,6),0x44             # unit status, channel status, count
        la      6,4(6)
        la      7,8(7)
        bct     8,next-Z
        b       ok-Z

# doio: SIO to the device in R2 (CAW set), then wait for its I/O interruption.
doio:   .insn   s,0x9c000000,0(2)       # SIO 0(2)
        bc      7,fail1-Z
        lpsw    waitpsw-Z
ioint:  clm     2,3,0x3a                # interruption code = device address
        bcr     8,14
        FAIL    2
fail1:  FAIL    1

        EXITS
        .align  8
ionew:  .long   0x00000000, ioint-Z
waitpsw: .long  0x04020000, 0x00000000  # channel 5 (0580) enabled, wait
ccws:
        .byte   0x07, 0, 0, 0, 0x20, 0, 0, 1            # rewind
        .byte   0x01, 0, 0x0A, 0x00, 0x00, 0, 0, 80     # write 80 bytes from A00
        .byte   0x01, 0, 0x0A, 0x00, 0x00, 0, 0x01, 0x2C # write 300 bytes
        .byte   0x1F, 0, 0, 0, 0x20, 0, 0, 1            # write tapemark
        .byte   0x01, 0, 0x0A, 0x40, 0x00, 0, 0, 10     # write 10 bytes from A40
        .byte   0x1F, 0, 0, 0, 0x20, 0, 0, 1            # write tapemark
        .byte   0x07, 0, 0, 0, 0x20, 0, 0, 1            # rewind
        .byte   0x02, 0, 0x0C, 0x00, 0x20, 0, 0, 100    # read, SLI: 80 of 100
        .byte   0x02, 0, 0x0D, 0x00, 0x00, 0, 0x01, 0x2C # read exactly 300
        .byte   0x02, 0, 0x0F, 0x00, 0x20, 0, 0, 20     # read the tapemark
        .byte   0x02, 0, 0x0E, 0x00, 0x20, 0, 0, 20     # read 10 of 20
        .byte   0x02, 0, 0x0F, 0x00, 0x20, 0, 0, 20     # the second tapemark
        .byte   0x2F, 0, 0, 0, 0x20, 0, 0, 1            # backspace file (over it)
        .byte   0x0C, 0, 0x0E, 0x29, 0x20, 0, 0, 10     # read backward into E20-E29
        .byte   0x07, 0, 0, 0, 0x20, 0, 0, 1            # rewind
        .byte   0x3F, 0, 0, 0, 0x20, 0, 0, 1            # forward space file
        .byte   0x02, 0, 0x0E, 0x40, 0x20, 0, 0, 10     # read the block of file 2
        .byte   0x27, 0, 0, 0, 0x20, 0, 0, 1            # backspace block
        .byte   0x02, 0, 0x0F, 0x40, 0x20, 0, 0, 10     # read it again into F40
        .byte   0x02, 0, 0x0F, 0x00, 0x20, 0, 0, 20     # the tapemark
        .equ    NCMD, (.-ccws)/8
        .org    Z+0xA00
        .ascii  "BLOCK ONE: THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG 012345"
        .org    Z+0xA40
        .ascii  "FILE TWO!!"
        .org    Z+0x1000
