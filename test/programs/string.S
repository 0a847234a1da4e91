# string.S - storage-to-storage instructions: MVC (one-byte propagation), MVCL (padding,
# destructive overlap cc 3), CLC, CLCL (padding, unequal position), TR, TRT, EX, CS, CDS, TS.
# Expected values from the Principles of Operation (GA22-7000).
#@ result 800.100
#@ expect 800 C1C1C1C1 C1C1C1C1 C1C1C1C1 C1C1C1C1
        .include "common.inc"
        LOWCORE
start:
# 1. MVC 16 bytes from X to X+1 propagates the first byte
        mvi     0x800,0xC1
        mvc     0x801(15,0),0x800
        CKB     0x800,16,1,0xC1,0xC1,0xC1,0xC1,0xC1,0xC1,0xC1,0xC1,0xC1,0xC1,0xC1,0xC1,0xC1,0xC1,0xC1,0xC1
# 2. MVCL: 4 source bytes into 12, padded with 5C; cc 2 (first length greater)
        la      2,0x810
        la      3,12
        la      4,abcd-Z
        l       5,pad5c-Z               # pad byte 5C, source length 4
        mvcl    2,4
        STCC    0x8c0
        CC      2,2
        CKB     0x810,12,3,0xC1,0xC2,0xC3,0xC4,0x5C,0x5C,0x5C,0x5C,0x5C,0x5C,0x5C,0x5C
        stm     2,5,0x820               # 81C 0 abcd+4 5C000000
        CKR     2,0x81C,4
        CKR     3,0,5
        CKR     4,abcd-Z+4,6
        CKR     5,0x5C000000,7
# 3. MVCL destructive overlap (destination inside the source, to the right): cc 3, no move
        la      6,0x811
        la      7,8
        la      8,0x810
        la      9,8
        mvcl    6,8
        STCC    0x8c1
        CC      3,8
        CKR     6,0x811,9
        CKR     7,8,10
        CKB     0x810,2,11,0xC1,0xC2
# 4. MVCL with destination length 0: nothing moves, cc 1 (first length lower)
        la      6,0x830
        sr      7,7
        la      8,abcd-Z
        la      9,4
        mvcl    6,8
        STCC    0x8c2
        CC      1,12
        CKR     9,4,13
# 5. CLC: cc 1 (first low), cc 2 (first high), cc 0
        clc     abcd-Z(4,0),abce-Z
        STCC    0x8c3
        CC      1,14
        clc     abce-Z(4,0),abcd-Z
        STCC    0x8c4
        CC      2,15
        clc     abcd-Z(3,0),abce-Z
        STCC    0x8c5
        CC      0,16
# 6. CLCL: "ABC" (3) with "ABC  " (5) and pad 40: equal, cc 0, both lengths end at 0
        la      2,abcd-Z
        la      3,3
        la      4,abc40-Z
        l       5,pad405-Z
        clcl    2,4
        STCC    0x8c6
        CC      0,17
        stm     2,5,0x830
        CKR     2,abcd-Z+3,18
        CKR     3,0,19
        CKR     4,abc40-Z+5,20
        CKR     5,0x40000000,21
# 7. CLCL: "ABCD" with "ABCE": cc 1, registers address the unequal byte
        la      2,abcd-Z
        la      3,4
        la      4,abce-Z
        la      5,4
        clcl    2,4
        STCC    0x8c7
        CC      1,22
        stm     2,5,0x840
        CKR     2,abcd-Z+3,23
        CKR     3,1,24
        CKR     5,1,25
        b       part2-Z
        .org    Z+0x800
        .fill   256,1,0
part2:
# 8. TR with the table t(i) = (7i+3) mod 256
        mvc     0x850(4,0),abcd-Z       # C1 C2 C3 C4
        tr      0x850(4,0),trtab-Z
        CKB     0x850,4,26,0x4A,0x51,0x58,0x5F
# 9. TRT: finds the comma at offset 5: R1 = its address, R2 low byte = 04, cc 1
        sr      2,2
        bctr    2,0                     # R2 = FFFFFFFF: only bits 24-31 change
        sr      1,1
        trt     text-Z(9,0),trttab-Z
        STCC    0x8c8
        CC      1,27
        st      1,0x854
        st      2,0x858
        CKR     1,text-Z+5,28
        CKR     2,0xFFFFFF04,29
# 10. TRT on the last byte gives cc 2; no hit gives cc 0 and leaves R1/R2 alone
        la      1,7
        trt     text-Z+5(1,0),trttab-Z
        STCC    0x8c9
        CC      2,30
        la      1,7
        la      2,7
        trt     text-Z(5,0),trttab-Z
        STCC    0x8ca
        CC      0,31
        CKR     1,7,32
        CKR     2,7,33
# 11. EX of MVC with length 7 from R3 (moves 8 bytes);  EX with R0 executes unmodified
        la      3,7
        ex      3,exmvc-Z
        CKB     0x860,8,34,0xC1,0xC2,0xC3,0xC4,0xC1,0xC2,0xC3,0xC5
        ex      0,exmvc-Z               # length 0 (one byte)
        l       3,kff-Z
        ex      3,exmvi-Z               # MVI 0x868,0 with FF or'ed into the immediate
        CKB     0x868,1,35,0xFF
# 12. CS: equal -> store, cc 0;  unequal -> R1 loaded, cc 1
        mvc     0x870(4,0),k1111-Z
        l       2,k1111-Z
        l       3,k2222-Z
        cs      2,3,0x870
        STCC    0x8cb
        CC      0,36
        CKW     0x870,0x22222222,37
        cs      2,3,0x870               # R2 (11111111) differs now
        STCC    0x8cc
        CC      1,38
        CKR     2,0x22222222,39
# 13. CDS on a doubleword: equal -> store, cc 0; unequal -> R1,R1+1 loaded, cc 1
        mvc     0x878(8,0),dw1-Z
        lm      4,5,dw1-Z
        lm      6,7,dw2-Z
        cds     4,6,0x878
        STCC    0x8cd
        CC      0,40
        CKW     0x87c,0x44444444,41
        lm      4,5,dw1-Z
        cds     4,6,0x878
        STCC    0x8ce
        CC      1,42
        CKR     4,0x33333333,43
        CKR     5,0x44444444,44
# 14. TS: 00 -> FF with cc 0; FF stays FF with cc 1
        mvi     0x880,0
        ts      0x880
        STCC    0x8cf
        CC      0,45
        ts      0x880
        STCC    0x8d0
        CC      1,46
        CKB     0x880,1,47,0xFF
        b       ok-Z
exmvc:  mvc     0x860(1,0),abcd-Z
exmvi:  mvi     0x868,0
        EXITS
        .align  8
dw1:    .long   0x11111111, 0x22222222
dw2:    .long   0x33333333, 0x44444444
k1111:  .long   0x11111111
k2222:  .long   0x22222222
kff:    .long   0x000000FF
pad5c:  .long   0x5C000004
pad405: .long   0x40000005
abcd:   .ascii  "\xC1\xC2\xC3\xC4\xC1\xC2\xC3\xC5"
abce:   .ascii  "\xC1\xC2\xC3\xC5"
abc40:  .ascii  "\xC1\xC2\xC3\x40\x40"
text:   .ascii  "\xC1\xC2\xC3\xC4\xC5\x6B\x40\xC1\xC2"
        .align  8
trtab:
        .set    i,0
        .rept   256
        .byte   (i*7+3)&0xFF
        .set    i,i+1
        .endr
trttab: .fill   0x6B,1,0
        .byte   4                       # 6B comma
        .fill   256-0x6C,1,0
