# stor.S - benchmark: storage loop.  N (fullword at 0x300) iterations of L, A, ST, BCT =
# 4 instructions; total instructions = 4*N + 3.
        .include "common.inc"
        LOWCORE
        l       2,0x300                 # N
        la      7,0x400
loop:   l       3,0(7)
        a       3,4(7)
        st      3,8(7)
        bct     2,loop-Z
        lpsw    okpsw-Z
        .align  8
okpsw:  .long   0x00020000, 0x00000000
        .org    Z+0x300
        .long   100000000
        .org    Z+0x400
        .long   1, 1, 0
