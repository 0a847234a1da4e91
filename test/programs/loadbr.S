# loadbr.S - loads and stores (LM/STM wrap-around, ICM/STCM/CLM masks, LH, LA 24-bit
# wrap) and branches (BCT, BCTR, BXH, BXLE, BALR/BAL link information in BC mode).
# Expected values from the Principles of Operation (GA22-7000).  In BC mode BAL/BALR put
# the ILC (bits 0-1), condition code (2-3), program mask (4-7) and the 24-bit updated
# instruction address (8-31) in R1.
#@ result 800.100
#@ expect 800 00000E0E 00000F0F 00000000 00000101
        .include "common.inc"
        LOWCORE
start:
# 1. LM/STM wrap from R14 to R1: loads R14,R15,R0,R1
        lm      14,1,four-Z
        stm     14,1,0x800
        CKR     0,0,1
        CKR     1,0x00000101,2
        lr      2,14
        lr      3,15
        CKR     2,0x00000E0E,3
        CKR     3,0x00000F0F,4
# 2. ICM 1010 into 11223344 with bytes 80 12: 80221244, cc 1 (leftmost inserted bit 1)
        l       1,k1122-Z
        icm     1,10,b8012-Z
        st      1,0x810
        STCC    0x8c0
        CC      1,5
        CKR     1,0x80221244,6
# 3. ICM 0111 of zero bytes into AABBCCDD: AA000000, cc 0
        l       2,kaabb-Z
        icm     2,7,zeros-Z
        st      2,0x814
        STCC    0x8c1
        CC      0,7
        CKR     2,0xAA000000,8
# 4. ICM 0011 of 7F 01: 00007F01, cc 2;  ICM mask 0: register unchanged, cc 0
        sr      3,3
        icm     3,3,b7f01-Z
        st      3,0x818
        STCC    0x8c2
        CC      2,9
        CKR     3,0x00007F01,10
        icm     3,0,b7f01-Z
        STCC    0x8c3
        CC      0,11
        CKR     3,0x00007F01,12
# 5. STCM 0101 of 80221244 stores 22 44 contiguously, the next bytes stay FF
        mvc     0x81c(4,0),kffff-Z
        stcm    1,5,0x81c
        CKW     0x81c,0x2244FFFF,13
# 6. CLM 1001 of 80221244 (bytes 80 44) against 80 44 (cc 0), 80 45 (cc 1), 7F 44 (cc 2)
        clm     1,9,b8044-Z
        STCC    0x8c4
        CC      0,14
        clm     1,9,b8045-Z
        STCC    0x8c5
        CC      1,15
        clm     1,9,b7f44-Z
        STCC    0x8c6
        CC      2,16
# 7. LH sign-extends; STH stores the low half; IC/STC
        lh      4,h8001-Z
        st      4,0x820
        CKR     4,0xFFFF8001,17
        sth     4,0x824
        l       5,kffff-Z
        ic      5,b8012-Z
        st      5,0x828
        CKR     5,0xFFFFFF80,18
        stc     5,0x826
        CKW     0x824,0x80018000,19
# 8. LA wraps at 24 bits: 1 + FFFFFFFF = 00000000;  LA 4095(R6) with R6 = FF000010: 0000100F
        l       6,kffff-Z
        la      7,1(6)
        st      7,0x82c
        CKR     7,0,20
        l       6,kff00-Z
        la      7,4095(6)
        st      7,0x830
        CKR     7,0x0000100F,21
# 9. BCT loop of 5
        la      2,5
        sr      3,3
1:      la      3,1(3)
        bct     2,1b-Z
        stm     2,3,0x838
        CKR     2,0,22
        CKR     3,5,23
# 10. BCT with R2 = 1 does not branch;  BCTR 2,0 with R2 = 0 gives FFFFFFFF, no branch
        la      2,1
        bct     2,2f-Z
        b       3f-Z
2:      FAIL    24
3:      bctr    2,0
        st      2,0x840
        CKR     2,0xFFFFFFFF,25
# 11. BXH: index 10, increment -2, comparand 0: the body runs 5 times, index ends at 0
        la      4,10
        l       6,km2-Z
        sr      7,7
        sr      8,8
1:      la      8,1(8)
        bxh     4,6,1b-Z
        st      4,0x844
        st      8,0x848
        CKR     4,0,26
        CKR     8,5,27
# 12. BXLE: index 0, increment 3, comparand 10: the body runs 4 times, index ends at 12
        sr      4,4
        la      6,3
        la      7,10
        sr      8,8
1:      la      8,1(8)
        bxle    4,6,1b-Z
        st      4,0x84c
        st      8,0x850
        CKR     4,12,28
        CKR     8,4,29
# 13. BXLE with R3 odd: the odd register is both increment and comparand
        sr      4,4
        la      5,4
        sr      8,8
1:      la      8,1(8)
        bxle    4,5,1b-Z                # 4<=4 branch, 8>4 falls through
        st      4,0x854
        st      8,0x858
        CKR     4,8,30
        CKR     8,2,31
# 14. SPM sets cc 1 and program mask C; BALR 2,0 links 5C000000 + next address
        l       1,k1c00-Z
        spm     1
        balr    2,0
balr1:  st      2,0x85c
        sr      1,1
        spm     1                       # program mask 0 again, cc 0
        CKR     2,0x5C000000+(balr1-Z),32
# 15. BAL (ILC 2) after a compare that sets cc 2: link A0000000 + next address
        la      1,1
        c       1,kzero-Z
        bal     3,bal1-Z
bal1r:  FAIL    33
bal1:   st      3,0x860
        CKR     3,0xA0000000+(bal1r-Z),34
# 16. BALR 4,5 with a branch address (ILC 1, cc 1 from LNR): link 50000000 + next
        la      5,bal2-Z
        lnr     1,1
        balr    4,5
bal2r:  FAIL    35
bal2:   st      4,0x864
        CKR     4,0x50000000+(bal2r-Z),36
# 17. BCR 15,0 and BC 0 do not branch; BC 15 via an index register does
        bcr     15,0
        bc      0,fl-Z
        la      6,4
        la      7,bcx-Z-4
        bc      15,0(6,7)
fl:     FAIL    37
bcx:    b       ok-Z
        EXITS
        .org    Z+0x800
        .fill   256,1,0
        .align  4
four:   .long   0x00000E0E, 0x00000F0F, 0, 0x00000101
k1122:  .long   0x11223344
kaabb:  .long   0xAABBCCDD
kffff:  .long   0xFFFFFFFF
kff00:  .long   0xFF000010
k1c00:  .long   0x1C000000
km2:    .long   -2
kzero:  .long   0
zeros:  .long   0
b8012:  .byte   0x80, 0x12
b7f01:  .byte   0x7F, 0x01
b8044:  .byte   0x80, 0x44
b8045:  .byte   0x80, 0x45
b7f44:  .byte   0x7F, 0x44
h8001:  .short  0x8001
