# fixed.S - fixed-point arithmetic, logical arithmetic and shifts (S/370, BC mode).
# Expected values are from the Principles of Operation (GA22-7000): signed results and
# condition codes 0 zero, 1 negative, 2 positive, 3 overflow; logical (AL/SL) cc 0 zero no
# carry, 1 nonzero no carry, 2 zero carry, 3 nonzero carry.  The program mask is 0, so
# overflow sets cc 3 without an interruption.  Results go to 0x800 (word per test) and the
# condition codes to 0x8C0 (byte per test).
#@ result 800.100
#@ expect 800 80000000
        .include "common.inc"
        LOWCORE
start:
# 1. A: 7FFFFFFF + 1 overflows: 80000000, cc 3
        l       1,k7fff-Z
        a       1,k1-Z
        st      1,0x800
        STCC    0x8c0
        CC      3,1
        CKR     1,0x80000000,2
# 2. AR: -1 + -1 = -2, cc 1
        sr      2,2
        bctr    2,0                     # R2 = -1
        lr      3,2
        ar      3,2
        st      3,0x804
        STCC    0x8c1
        CC      1,3
        CKR     3,0xFFFFFFFE,4
# 3. AL: FFFFFFFF + 1 = 0 with carry, cc 2
        l       4,kffff-Z
        al      4,k1-Z
        st      4,0x808
        STCC    0x8c2
        CC      2,5
        CKR     4,0,6
# 4. ALR: FFFFFFFF + 2 = 1 with carry, cc 3; 1 + 2 = 3 no carry, cc 1
        l       4,kffff-Z
        la      5,2
        alr     4,5
        st      4,0x80c
        STCC    0x8c3
        CC      3,7
        CKR     4,1,8
        la      4,1
        alr     4,5
        STCC    0x8c4
        CC      1,9
# 5. S: 80000000 - 1 overflows: 7FFFFFFF, cc 3
        l       6,k8000-Z
        s       6,k1-Z
        st      6,0x810
        STCC    0x8c5
        CC      3,10
        CKR     6,0x7FFFFFFF,11
# 6. SR: 0 - 80000000 overflows: 80000000, cc 3
        sr      7,7
        l       8,k8000-Z
        sr      7,8
        st      7,0x814
        STCC    0x8c6
        CC      3,12
        CKR     7,0x80000000,13
# 7. SL: 0 - 1 = FFFFFFFF, no carry, cc 1;  SLR 5 - 5 = 0 with carry, cc 2
        sr      8,8
        sl      8,k1-Z
        st      8,0x818
        STCC    0x8c7
        CC      1,14
        CKR     8,0xFFFFFFFF,15
        la      8,5
        la      9,5
        slr     8,9
        STCC    0x8c8
        CC      2,16
# 8. LPR of 80000000 overflows (cc 3); LCR of 0 is 0 (cc 0); LNR 5 = -5 (cc 1)
        l       9,k8000-Z
        lpr     10,9
        STCC    0x8c9
        CC      3,17
        CKR     10,0x80000000,18
        sr      9,9
        lcr     10,9
        STCC    0x8ca
        CC      0,19
        la      9,5
        lnr     10,9
        st      10,0x81c
        CC      1,20
        CKR     10,0xFFFFFFFB,21
# 9. M: -3 * 7 = -21 in the pair R2,R3: FFFFFFFF FFFFFFEB (cc unchanged)
        l       3,km3-Z
        m       2,k7-Z
        stm     2,3,0x820
        CKR     2,0xFFFFFFFF,22
        CKR     3,0xFFFFFFEB,23
# 10. MR: 80000000 * 80000000 = 2**62: 40000000 00000000
        l       5,k8000-Z
        l       6,k8000-Z
        mr      4,6
        stm     4,5,0x828
        CKR     4,0x40000000,24
        CKR     5,0,25
# 11. MH: 00010000 * -2 (halfword) = FFFE0000
        l       7,k10000-Z
        mh      7,hm2-Z
        st      7,0x830
        CKR     7,0xFFFE0000,26
# 12. D: -7 / 2 = quotient -3, remainder -1 (sign of the dividend)
        l       6,kffff-Z
        l       7,km7-Z
        d       6,k2-Z
        stm     6,7,0x838
        CKR     6,0xFFFFFFFF,27
        CKR     7,0xFFFFFFFD,28
# 13. DR: 11 / -4 = quotient -2, remainder 3
        sr      8,8
        la      9,11
        l       10,km4-Z
        dr      8,10
        stm     8,9,0x840
        CKR     8,3,29
        CKR     9,0xFFFFFFFE,30
# 14. D: -2**31 / 1 = -2**31 (largest negative quotient is representable), remainder 0
        l       6,kffff-Z
        l       7,k8000-Z
        d       6,k1-Z
        stm     6,7,0x848
        CKR     6,0,31
        CKR     7,0x80000000,32
        b       part2-Z
        .org    Z+0x800
        .fill   256,1,0
part2:
# 15. SLA: 40000000 << 1 shifts a 1 out of bit 1: overflow, result 00000000, cc 3
        l       1,k4000-Z
        sla     1,1
        st      1,0x850
        STCC    0x8cb
        CC      3,33
        CKR     1,0,34
# 16. SLA: FFFFFFFF << 4 = FFFFFFF0, cc 1;  00000001 << 31: overflow, 00000000, cc 3
        l       1,kffff-Z
        sla     1,4
        STCC    0x8cc
        CC      1,35
        CKR     1,0xFFFFFFF0,36
        la      1,1
        sla     1,31
        st      1,0x854
        STCC    0x8cd
        CC      3,37
        CKR     1,0,38
# 17. SRDA: FFFFFFFF 00000000 >> 4 = FFFFFFFF F0000000, cc 1;  0 >> 1: cc 0
        l       2,kffff-Z
        sr      3,3
        srda    2,4
        stm     2,3,0x858
        STCC    0x8ce
        CC      1,39
        CKR     2,0xFFFFFFFF,40
        CKR     3,0xF0000000,41
        sr      2,2
        sr      3,3
        srda    2,1
        STCC    0x8cf
        CC      0,42
# 18. SLDL: 12345678 9ABCDEF0 << 8 = 3456789A BCDEF000 (cc unchanged)
        lm      4,5,k1234-Z
        sldl    4,8
        stm     4,5,0x860
        CKR     4,0x3456789A,43
        CKR     5,0xBCDEF000,44
# 19. SRL by 32 (6-bit count) clears the register; SRA 80000000 by 63 = FFFFFFFF, cc 1
        l       6,kffff-Z
        srl     6,32
        st      6,0x868
        CKR     6,0,45
        l       6,k8000-Z
        sra     6,63
        st      6,0x86c
        STCC    0x8d0
        CC      1,46
        CKR     6,0xFFFFFFFF,47
# 20. SLDA: 00000000 40000000 << 33: overflow, sign kept, cc 3
        sr      8,8
        l       9,k4000-Z
        slda    8,33
        stm     8,9,0x870
        STCC    0x8d1
        CC      3,48
        CKR     8,0,49
        CKR     9,0,50
# 21. N/O/X/NR: logical ops and cc (0 zero, 1 nonzero)
        l       1,k1234-Z
        n       1,kf0f0-Z
        st      1,0x878
        STCC    0x8d2
        CC      1,51
        CKR     1,0x10305070,52
        x       1,0x878
        STCC    0x8d3
        CC      0,53
        o       1,kf0f0-Z
        st      1,0x87c
        CKR     1,0xF0F0F0F0,54
# 22. C/CL/CH: signed versus logical compare of 80000000 and 1
        l       1,k8000-Z
        c       1,k1-Z
        STCC    0x8d4
        CC      1,55
        cl      1,k1-Z
        STCC    0x8d5
        CC      2,56
        la      1,1
        ch      1,hm2-Z
        STCC    0x8d6
        CC      2,57
        b       ok-Z
        EXITS
        .align  4
k1:     .long   1
k2:     .long   2
k7:     .long   7
km3:    .long   -3
km4:    .long   -4
km7:    .long   -7
k7fff:  .long   0x7FFFFFFF
k8000:  .long   0x80000000
k4000:  .long   0x40000000
kffff:  .long   0xFFFFFFFF
k10000: .long   0x00010000
k1234:  .long   0x12345678, 0x9ABCDEF0
kf0f0:  .long   0xF0F0F0F0
hm2:    .short  -2
