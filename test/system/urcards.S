# urcards.S - unit record end to end: read every card of the 3505 at 000C, punch it on
# the 3525 at 000D and print it on the 1403 at 000E, each through its own channel
# program started by SIO and ended by an I/O interruption taken from an enabled wait.
# The printer command for card n cycles through a table of writes, spaces and skips
# (carriage channels 1, 2, 9, 12), so that the printed file shows the carriage
# control. The reader's unit exception (eof) ends the loop.
#
# Results (checked by urcards.py, compared with Hercules where installed):
#   800 number of cards read        804 CSW of the last read (unit exception)
#   810 per card: reader, punch and printer unit status, printer channel status
#   Success is a disabled wait with address 0; failure n waits with address n*16.
        .include "common.inc"
        LOWCORE
        mvc     0x78(8,0),ionew-Z       # I/O new PSW: disabled, continue at ioint
        sr      5,5                     # cards read
        la      6,0x810                 # status record of card n
loop:
        mvc     0x48(4,0),cawr-Z        # read a card into CARD
        la      2,0x00C
        bal     14,doio-Z
        mvc     0(1,6),0x44
        tm      0x44,0x01               # unit exception: end of the deck
        bo      eof-Z
        clc     0x44(2,0),cede-Z        # else channel end, device end only
        bc      7,fail1-Z
        clc     0x46(2,0),zero-Z        # all 80 bytes moved
        bc      7,fail2-Z
        mvc     0x48(4,0),cawp-Z        # punch it
        la      2,0x00D
        bal     14,doio-Z
        mvc     1(1,6),0x44
        lr      7,5                     # printer command: ptab[n mod 16]
        n       7,k15-Z
        ic      7,ptab-Z(7)
        stc     7,prtccw-Z
        mvc     0x48(4,0),cawl-Z        # print it
        la      2,0x00E
        bal     14,doio-Z
        mvc     2(2,6),0x44
        la      5,1(5)
        la      6,4(6)
        c       5,kmax-Z
        bl      loop-Z
        FAIL    3                       # more cards than expected
eof:    st      5,0x800
        mvc     0x804(8,0),0x40
        mvc     0x48(4,0),cawf-Z        # last page: skip to channel 1 and write
        la      2,0x00E
        bal     14,doio-Z
        mvc     0(2,6),0x44
        b       ok-Z
fail1:  FAIL    1
fail2:  FAIL    2

# doio: SIO to the device in R2 (CAW set), then wait for its I/O interruption. An
# immediate command (the printer's carriage moves) may end within SIO instead:
# condition code 1 with its CSW stored (PoO: START I/O); s370 does that, Hercules
# 3.13 ends them with an interruption.
doio:   .insn   s,0x9c000000,0(2)          # SIO 0(2)
        bc      3,fail4-Z                  # cc 2 or 3: not started
        bc      4,immed-Z
        lpsw    waitpsw-Z
immed:  clc     0x44(2,0),cede-Z           # ended at SIO: channel end, device end
        bcr     8,14
        b       fail4-Z
ioint:  clm     2,3,0x3a                # interruption code = device address
        bcr     8,14
        FAIL    5
fail4:  FAIL    4

        EXITS
        .align  8
ionew:  .long   0x00000000, ioint-Z
waitpsw: .long  0xFE020000, 0x00000000  # channel 0 enabled, wait
rdrccw: .byte   0x02, 0, 0x0A, 0x00, 0x00, 0, 0, 80     # read card to A00
pchccw: .byte   0x01, 0, 0x0A, 0x00, 0x00, 0, 0, 80     # punch from A00
prtccw: .byte   0x09, 0, 0x0A, 0x00, 0x20, 0, 0, 80     # print from A00 (SLI)
fccws:  .byte   0x8B, 0, 0x0A, 0x00, 0x60, 0, 0, 1      # skip to channel 1, then
        .byte   0x09, 0, 0x0A, 0x50, 0x20, 0, 0, 5      # write END and space 1
cawr:   .long   rdrccw-Z
cawp:   .long   pchccw-Z
cawl:   .long   prtccw-Z
cawf:   .long   fccws-Z
cede:   .byte   0x0C, 0x00
zero:   .byte   0, 0
k15:    .long   15
kmax:   .long   64
# write space 1, 2, 3, no space; space 1 immediately; write skip ch1; write space 1;
# space 2 immediately; write skip ch2; skip ch1 immediately; write skip ch12; write
# space 2 (reaches channel 9: unit exception); space 1 immediately; write space 1;
# write skip ch9 (next page); space 3 immediately (line 66, the last of the page)
ptab:   .byte   0x09, 0x11, 0x19, 0x01, 0x0B, 0x89, 0x09, 0x13
        .byte   0x91, 0x8B, 0xE1, 0x11, 0x0B, 0x09, 0xC9, 0x1B
        .org    Z+0xA50
        .byte   0xC5, 0xD5, 0xC4, 0x40, 0x40        # "END  "
        .org    Z+0xB00
