# edge.S - edge cases across the instruction set (BC mode, no interruptions):
# MVCL with a harmless overlap, CLCL with padding deciding, MVO/MVN/MVZ, XC/OC, SRP with
# rounding, CP of +0 and -0, ZAP overflow, AP giving -0 -> +0, PACK ignoring zones, ED with
# a digit selector as fill byte, EX of BALR (link uses the EX's address and ILC 2), HFP
# guard digit (SD), unnormalized operand (AD), exponent underflow to true zero (MD), MXR,
# DER, ISK in BC and EC mode after SSK and a store (change/reference bits).
# Expected values from the Principles of Operation (GA22-7000).
#@ result 800.100
        .include "common.inc"
        LOWCORE
start:
# 1. MVCL 8 bytes from 0x811 to 0x810 (destination left of source): allowed, cc 0
        mvc     0x810(9,0),digits-Z
        la      2,0x810
        la      3,8
        la      4,0x811
        la      5,8
        mvcl    2,4
        STCC    0x8c0
        CC      0,1
        CKB     0x810,9,2,0xF2,0xF3,0xF4,0xF5,0xF6,0xF7,0xF8,0xF9,0xF9
# 2. CLCL "AB" (2) with "AB" 00 (3), pad 40: the pad (40) is high against 00: cc 2
        la      2,digits-Z
        la      3,2
        la      4,ab00-Z
        la      5,3
        icm     5,8,b40-Z
        clcl    2,4
        STCC    0x8c1
        CC      2,3
        stm     2,5,0x820
        CKR     2,digits-Z+2,4
        CKR     3,0,5
        CKR     4,ab00-Z+2,6
        CKR     5,0x40000001,7
# 3. MVO 12 34 into 77 88 9C: 01 23 4C;  MVN/MVZ
        mvc     0x830(3,0),mvo1-Z
        mvo     0x830(3,0),mvo2-Z(2,0)
        CKB     0x830,3,8,0x01,0x23,0x4C
        mvc     0x834(2,0),mvo1-Z
        mvn     0x834(2,0),mvo2-Z
        CKB     0x834,2,9,0x72,0x84
        mvz     0x834(2,0),mvo2-Z
        CKB     0x834,2,10,0x12,0x34
# 4. XC of a field with itself clears it (cc 0); OC cc 1
        xc      0x834(2,0),0x834
        STCC    0x8c2
        CC      0,11
        oc      0x834(2,0),mvo2-Z
        STCC    0x8c3
        CC      1,12
# 5. SRP: 0001234C left 2 = 0123400C (cc 2); 0001235C right 1 rounding 5 = 0000124C
        mvc     0x838(4,0),p1234-Z
        srp     0x838(4,0),2(0),0
        STCC    0x8c4
        CC      2,13
        CKW     0x838,0x0123400C,14
        mvc     0x83c(4,0),p1235-Z
        srp     0x83c(4,0),63(0),5
        CKW     0x83c,0x0000124C,15
# 6. CP: +0 and -0 are equal (cc 0);  12C vs 012D: cc 2
        cp      pz-Z(1,0),pmz-Z(1,0)
        STCC    0x8c5
        CC      0,16
        cp      p12-Z(2,0),p12m-Z(2,0)
        STCC    0x8c6
        CC      2,17
# 7. ZAP 123C into one byte: 3C, overflow cc 3;  AP -5 + 5 = +0 (0C), cc 0
        zap     0x840(1,0),p123-Z(2,0)
        STCC    0x8c7
        CC      3,18
        CKB     0x840,1,19,0x3C
        mvc     0x842(2,0),p5m-Z
        ap      0x842(2,0),p5-Z(2,0)
        STCC    0x8c8
        CC      0,20
        CKB     0x842,2,21,0x00,0x0C
# 8. PACK ignores the zones except the sign: F1 C2 D3 -> 12 3D
        pack    0x844(2,0),zon-Z(3,0)
        CKB     0x844,2,22,0x12,0x3D
# 9. ED with a digit selector (20) as the fill byte: pattern 20 20 20, source 01 2C
        mvc     0x848(3,0),pat20-Z
        ed      0x848(3,0),p012-Z
        STCC    0x8c9
        CC      2,23
        CKB     0x848,3,24,0x20,0xF1,0xF2
# 10. EX of BALR 5,0 (cc 0 from CR): link = ILC 2, cc 0, address after the EX
        cr      0,0
        ex      0,exbalr-Z
exnext: st      5,0x84c
        CKR     5,0x80000000+(exnext-Z),25
# 11. SD 1.0 - 16**-14 = 40FFFFFF FFFFFFFF (exact thanks to the guard digit), cc 2
        ld      0,one-Z
        sd      0,ulp-Z
        std     0,0x850
        STCC    0x8ca
        CC      2,26
        CKW     0x850,0x40FFFFFF,27
        CKW     0x854,0xFFFFFFFF,28
# 12. AD normalizes: 42010000 00000000 + 0 = 41100000 00000000
        ld      2,unnorm-Z
        ad      2,zero-Z
        std     2,0x858
        CKW     0x858,0x41100000,29
# 13. MD of 16**-64-ish values underflows; exponent-underflow mask 0: true zero, cc 0
        ld      4,tiny-Z
        md      4,tiny-Z
        std     4,0x860
        CKW     0x860,0,30
        CKW     0x864,0,31
        ltdr    4,4
        CC      0,32
# 14. MXR 2.0 * 3.0 = 6.0 (41600000 00000000 33000000 00000000)
        ld      0,two-Z
        ld      2,zero-Z
        ld      4,three-Z
        ld      6,zero-Z
        mxr     0,4
        std     0,0x868
        std     2,0x870
        CKW     0x868,0x41600000,33
        CKW     0x870,0x33000000,34
# 15. DER 1.0 / 3.0 = 40555555
        le      0,one-Z
        der     0,4
        ste     0,0x878
        CKW     0x878,0x40555555,35
# 16. SSK key 3 (no R, C) on block 3000; store into it with key 0; ISK in BC mode gives
#     key and fetch bit only (30), in EC mode the 7-bit key with R and C (36)
        la      1,0x30
        l       2,k3000-Z
        .insn   rr,0x0800,1,2           # SSK 1,2
        mvi     0(2),0x55
        sr      3,3
        .insn   rr,0x0900,3,2           # ISK 3,2 (BC mode)
        st      3,0x87c
        CKR     3,0x30,36
        lpsw    ecpsw-Z
ecmode: sr      3,3
        .insn   rr,0x0900,3,2           # ISK 3,2 (EC mode)
        st      3,0x880
        lpsw    bcpsw-Z
bcmode: CKR     3,0x36,37
        b       ok-Z
exbalr: balr    5,0
        EXITS
        .org    Z+0x800
        .fill   256,1,0
        .align  8
one:    .long   0x41100000, 0x00000000
two:    .long   0x41200000, 0x00000000
three:  .long   0x41300000, 0x00000000
zero:   .long   0x00000000, 0x00000000
ulp:    .long   0x33100000, 0x00000000
unnorm: .long   0x42010000, 0x00000000
tiny:   .long   0x01100000, 0x00000000
ecpsw:  .long   0x00080000, ecmode-Z
bcpsw:  .long   0x00000000, bcmode-Z
k3000:  .long   0x00003000
digits: .ascii  "\xF1\xF2\xF3\xF4\xF5\xF6\xF7\xF8\xF9"
ab00:   .byte   0xF1,0xF2,0x00
b40:    .byte   0x40
mvo1:   .byte   0x77,0x88,0x9C
mvo2:   .byte   0x12,0x34
p1234:  .byte   0x00,0x01,0x23,0x4C
p1235:  .byte   0x00,0x01,0x23,0x5C
pz:     .byte   0x0C
pmz:    .byte   0x0D
p12:    .byte   0x01,0x2C
p12m:   .byte   0x01,0x2D
p123:   .byte   0x12,0x3C
p5:     .byte   0x00,0x5C
p5m:    .byte   0x00,0x5D
zon:    .byte   0xF1,0xC2,0xD3
pat20:  .byte   0x20,0x20,0x20
p012:   .byte   0x01,0x2C
