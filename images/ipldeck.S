# ipldeck.S - an IPL-able card deck of images/default.bin (80-byte EBCDIC card images,
# read by a 3505/2540 reader: `000C 3505 images/default.deck ebcdic`, then `ipl 00c`).
#
# PoO (GA22-7000), initial program loading: the channel reads 24 bytes of the first
# card into 0-23 with an implied Read CCW (command chaining, SLI), continues with the
# CCW at 8, and when the channel program ends loads the PSW at 0; the IPL device
# address is stored at 186-187 (BA hex).
#
#   card 1    IPL PSW (BC mode, disabled, at the loader) and two CCWs that read
#             cards 2 and 3 (the loader, 160 bytes) to LDR
#   card 2-3  the loader: reads the remaining cards one by one with SIO and TIO,
#             80 bytes each, into storage from 200 hex on, then loads the program's PSW
#   card 4-   storage 200 hex to the end of default.bin (the last card padded with 0)
#
# The loader runs disabled and polls with TIO (cc 2 while the read is under way,
# cc 1 with the CSW when it has ended).  Any trouble (SIO not cc 0, unit check or unit
# exception, a channel status) stops it in a disabled wait at EEEE00 with the CSW at
# 40 hex left for the operator.  Assembled with `-I images` so that .incbin finds
# default.bin in the build tree.

        .equ    LDR, 0x8000             # where the loader runs (above the program)
        .equ    ORG, 0x200              # first byte of the image that is loaded
        .equ    ENTRY, 0x200            # the program's start (default.S `start`)

        .text
C:
# ---- card 1: IPL PSW, CCW1, CCW2 -------------------------------------------------
        .long   0x00000000, LDR         # BC mode, all interruptions disabled
        .byte   0x02, LDR>>16, (LDR>>8)&0xFF, LDR&0xFF, 0x60, 0, 0, 80      # read card 2
        .byte   0x02, (LDR+80)>>16, ((LDR+80)>>8)&0xFF, (LDR+80)&0xFF, 0x20, 0, 0, 80
        .org    C+80

# ---- cards 2 and 3: the loader (position independent, base R12) -----------------------
L0:     balr    12,0
B:      lh      2,0xBA(0)               # R2 = the IPL device
        la      3,ORG                   # R3 = where the next card goes
        l       4,ncards-B(12)          # R4 = cards to read
next:   stcm    3,7,ccw+1-B(12)         # data address of the read CCW
        la      1,ccw-B(12)
        st      1,0x48(0)               # CAW: key 0, the CCW
        .insn   s,0x9c000000,0(2)       # SIO 0(2)
        bc      7,err-B(12)             # not started
poll:   .insn   s,0x9d000000,0(2)       # TIO 0(2)
        bc      2,poll-B(12)            # cc 2: still reading
        bc      9,err-B(12)             # cc 0 or 3: no status, not operational
        tm      0x45(0),0xFF            # cc 1: CSW stored; any channel status?
        bnz     err-B(12)
        tm      0x44(0),0x03            # unit check, unit exception
        bnz     err-B(12)
        tm      0x44(0),0x04            # device end yet?
        bz      poll-B(12)
        la      3,80(3)
        bct     4,next-B(12)
        lpsw    go-B(12)                # start the program
err:    lpsw    errpsw-B(12)
        .align  8
go:     .long   0x00000000, ENTRY
errpsw: .long   0x00020000, 0x00EEEE00
ccw:    .byte   0x02, 0, 0, 0, 0x20, 0, 0, 80   # read one card, SLI
ncards: .long   (imgend-img+79)/80
        .org    C+240

# ---- cards 4 on: the program ------------------------------------------------------
img:    .incbin "default.bin", ORG
imgend:
        .fill   (80-(imgend-img)%80)%80, 1, 0
        .if     imgend-img+ORG > LDR
        .error  "default.bin reaches the loader at LDR"
        .endif
