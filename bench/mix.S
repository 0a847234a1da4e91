# mix.S - benchmark: storage-to-storage and decimal mix.  N (fullword at 0x300)
# iterations of MVC (16 bytes), CLC (16 bytes), BC (not taken), AP (8,1 bytes), BCT =
# 5 instructions; total instructions = 5*N + 3.  The packed counter at 0x420 ends as N.
        .include "common.inc"
        LOWCORE
        l       2,0x300                 # N
        zap     0x420(8,0),zero-Z(1,0)
loop:   mvc     0x500(16,0),0x400
        clc     0x500(16,0),0x400
        bc      7,bad-Z
        ap      0x420(8,0),one-Z(1,0)
        bct     2,loop-Z
        lpsw    okpsw-Z
bad:    lpsw    badpsw-Z
        .align  8
okpsw:  .long   0x00020000, 0x00000000
badpsw: .long   0x00020000, 0x00000BAD
zero:   .byte   0x0C
one:    .byte   0x1C
        .org    Z+0x300
        .long   100000000
        .org    Z+0x400
        .ascii  "0123456789ABCDEF"
