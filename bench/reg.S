# reg.S - benchmark: register loop.  N (fullword at 0x300, patched by bench.py) iterations
# of AR, SR, LR, AR, BCT = 5 instructions; total instructions = 5*N + 6.
        .include "common.inc"
        LOWCORE
        l       2,0x300                 # N
        sr      3,3
        la      4,1
        la      5,7
loop:   ar      3,4
        sr      5,4
        lr      6,3
        ar      6,5
        bct     2,loop-Z
        st      3,0x800
        lpsw    okpsw-Z
        .align  8
okpsw:  .long   0x00020000, 0x00000000
        .org    Z+0x300
        .long   100000000
