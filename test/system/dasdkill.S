# dasdkill.S - the guest side of the kill -9 durability test (dasdkill.py): an endless
# loop of DASD writes, each acknowledged on the console only after the disk said it was
# done. Operation n (counting on from the word at X'900', which the test sets) formats
# track n mod 57 of cylinders 1-3 of the 3330 at 0150 with one record R1 of 256 bytes
# whose first and last words are n (Seek, Search ID Equal R0, TIC, Write CKD). When
# the channel program ends with channel end and device end and nothing else, the
# program writes "A nnnnnnnn" (n in hex) on the 3215 console at 01F; anything else is
# "E" and a disabled wait at X'E0'. So every "A" line the test reads is a write the
# guest was told completed, and it must be on the volume after s370 is killed.
#
# Loaded with loadcore at 0 and started by restart (the restart-new PSW at 0).
        .text
Z:
        .long   0x00000000, start-Z
        .org    Z+0x200
start:  l       7,seq-Z
loop:   a       7,one-Z
        st      7,seq-Z
        sr      4,4                     # track t = n mod NTRK
        lr      5,7
        d       4,ntrk-Z                # R4 = t
        sr      2,2
        lr      3,4
        d       2,heads-Z               # R2 = head, R3 = cylinder - 1
        la      3,1(3)
        sth     3,seekarg+2-Z
        sth     2,seekarg+4-Z
        sth     3,srcharg-Z
        sth     2,srcharg+2-Z
        sth     3,count-Z
        sth     2,count+2-Z
        st      7,data-Z
        st      7,data+252-Z
        la      1,diskccw-Z
        la      2,0x150
        bal     14,doio-Z
        unpk    ackhex-Z(9,0),seq-Z(5,0)    # n in hex for the acknowledgement
        tr      ackhex-Z(8,0),hextab-0xF0-Z
        la      1,ackccw-Z
        la      2,0x01F
        bal     14,doio-Z
        b       loop-Z

# doio: CAW = R1, SIO to the device in R2, TIO until its status is in the CSW; fail
# unless it is channel end and device end alone.
doio:   st      1,0x48
        .insn   s,0x9c000000,0(2)       # SIO
        bc      7,error-Z
tio:    .insn   s,0x9d000000,0(2)       # TIO
        bc      2,tio-Z                 # busy: still running
        bc      8,error-Z               # available: the status was lost
        clc     0x44(2,0),cede-Z
        bc      7,error-Z
        br      14
error:  la      1,errccw-Z
        st      1,0x48
        la      2,0x01F
        .insn   s,0x9c000000,0(2)
        lpsw    errpsw-Z

        .align  8
errpsw: .long   0x00020000, 0x000000E0
# CCWs: command, 24-bit address (all below 64K here), flags (X'40' command chaining),
# a zero byte, count.
diskccw: .byte  0x07, 0
        .short  seekarg-Z
        .byte   0x40, 0
        .short  6                                       # Seek
srchccw: .byte  0x31, 0
        .short  srcharg-Z
        .byte   0x40, 0
        .short  5                                       # Search ID Equal (R0)
        .byte   0x08, 0
        .short  srchccw-Z
        .byte   0, 0
        .short  0                                       # TIC back to the search
        .byte   0x1D, 0
        .short  count-Z
        .byte   0, 0
        .short  8+256                                   # Write CKD: count, data
ackccw: .byte   0x09, 0
        .short  ack-Z
        .byte   0, 0
        .short  10                                      # console: write, CR
errccw: .byte   0x09, 0
        .short  errtxt-Z
        .byte   0, 0
        .short  1
one:    .long   1
ntrk:   .long   57
heads:  .long   19
        .align  8
seekarg: .byte  0, 0, 0, 0, 0, 0, 0, 0                  # 0000 CCCC HHHH
srcharg: .byte  0, 0, 0, 0, 0, 0, 0, 0                  # CCHH R=0
cede:   .byte   0x0C, 0x00                              # CE DE, no channel status
hextab: .byte   0xF0,0xF1,0xF2,0xF3,0xF4,0xF5,0xF6,0xF7,0xF8,0xF9,0xC1,0xC2,0xC3,0xC4,0xC5,0xC6
ack:    .byte   0xC1, 0x40                              # "A "
ackhex: .byte   0, 0, 0, 0, 0, 0, 0, 0, 0
errtxt: .byte   0xC5                                    # "E"
        .org    Z+0x900
seq:    .long   0
        .byte   0                                       # pad for UNPK
        .align  8
count:  .byte   0, 0, 0, 0, 1, 0, 0x01, 0x00            # CCHH R1 KL 0 DL 256
data:   .fill   256, 1, 0
