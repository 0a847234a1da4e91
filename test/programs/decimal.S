# decimal.S - packed decimal: PACK, UNPK, AP, SP, ZAP, MP, DP, CVB, CVD, ED, EDMK.
# Expected values from the Principles of Operation (GA22-7000): cc 0 zero, 1 negative,
# 2 positive, 3 overflow (program mask 0: no interruption); a zero result is positive;
# DP leaves the quotient in the leftmost L1-L2 bytes and the remainder (sign of the
# dividend) in the rightmost L2 bytes; ED/EDMK cc from the last field's digits and sign.
#@ result 800.100
#@ expect 800 0001234C F1F2F3F4 C5000000
        .include "common.inc"
        LOWCORE
start:
# 1. PACK F1 F2 F3 C4 into 4 bytes: 00 01 23 4C
        pack    0x800(4,0),zon-Z(4,0)
        CKW     0x800,0x0001234C,1
# 2. UNPK 12 34 5C into 5 bytes: F1 F2 F3 F4 C5
        unpk    0x804(5,0),p12345-Z(3,0)
        CKB     0x804,5,2,0xF1,0xF2,0xF3,0xF4,0xC5
# 3. AP 999C + 1C in 2 bytes: overflow, 000C, cc 3
        mvc     0x80c(2,0),p999-Z
        ap      0x80c(2,0),p1-Z(1,0)
        STCC    0x8c0
        CC      3,3
        CKB     0x80c,2,4,0x00,0x0C
# 4. AP 012C + 034D = 022D, cc 1
        mvc     0x80e(2,0),p12-Z
        ap      0x80e(2,0),p34m-Z(2,0)
        STCC    0x8c1
        CC      1,5
        CKB     0x80e,2,6,0x02,0x2D
# 5. SP 5C - 5C = 0C, cc 0;  SP 5D - 5C = 010D (-10), cc 1
        mvc     0x810(2,0),p5-Z
        sp      0x810(2,0),p5-Z+1(1,0)
        STCC    0x8c2
        CC      0,7
        CKB     0x810,2,8,0x00,0x0C
        mvc     0x812(2,0),p5m-Z
        sp      0x812(2,0),p5-Z+1(1,0)
        STCC    0x8c3
        CC      1,9
        CKB     0x812,2,10,0x01,0x0D
# 6. ZAP 123D into 4 bytes: 0000123D, cc 1;  ZAP of minus zero gives plus zero, cc 0
        zap     0x814(4,0),p123m-Z(2,0)
        STCC    0x8c4
        CC      1,11
        CKW     0x814,0x0000123D,12
        zap     0x818(4,0),p0m-Z(2,0)
        STCC    0x8c5
        CC      0,13
        CKW     0x818,0x0000000C,14
# 7. MP 0000123C * 045C = 0005535C;  * 045D = 0005535D
        mvc     0x81c(4,0),p123-Z
        mp      0x81c(4,0),p45-Z(2,0)
        CKW     0x81c,0x0005535C,15
        mvc     0x820(4,0),p123-Z
        mp      0x820(4,0),p45m-Z(2,0)
        CKW     0x820,0x0005535D,16
# 8. DP 12345 / 123 = 100 remainder 45: 00 10 0C 04 5C;  -12345 / 123: 00 10 0D 04 5D
        mvc     0x828(5,0),p12345l-Z
        dp      0x828(5,0),p123-Z+2(2,0)
        CKB     0x828,5,17,0x00,0x10,0x0C,0x04,0x5C
        mvc     0x830(5,0),p12345lm-Z
        dp      0x830(5,0),p123-Z+2(2,0)
        CKB     0x830,5,18,0x00,0x10,0x0D,0x04,0x5D
# 9. CVB of 0000000000 01234D = -1234 = FFFFFB2E
        cvb     1,cvbin-Z
        st      1,0x838
        CKR     1,0xFFFFFB2E,19
# 10. CVD of -1234 and of 2147483647
        cvd     1,0x840
        CKB     0x840,8,20,0,0,0,0,0,0x01,0x23,0x4D
        l       2,k7fff-Z
        cvd     2,0x848
        CKB     0x848,8,21,0,0,0x02,0x14,0x74,0x83,0x64,0x7C
# 11. ED 0123456C with 40 20 20 6B 20 21 20 4B 20 20: "  1,234.56", cc 2
        mvc     0x850(10,0),pat1-Z
        ed      0x850(10,0),p0123456-Z
        STCC    0x8c6
        CC      2,22
        CKB     0x850,10,23,0x40,0x40,0xF1,0x6B,0xF2,0xF3,0xF4,0x4B,0xF5,0xF6
# 12. ED of zero with a significance starter: 40 40 4B F0 F0, cc 0
        mvc     0x85c(5,0),pat2-Z
        ed      0x85c(5,0),p0-Z
        STCC    0x8c7
        CC      0,24
        CKB     0x85c,5,25,0x40,0x40,0x4B,0xF0,0xF0
# 13. ED of a negative value with a CR suffix: "  12CR"-style, cc 1
        mvc     0x862(7,0),pat3-Z
        ed      0x862(7,0),p12m-Z
        STCC    0x8c8
        CC      1,26
        CKB     0x862,7,27,0x40,0x40,0xF1,0xF2,0xC3,0xD9,0x40
# 14. EDMK: R1 gets the address of the first significant digit (0x872 + 2)
        sr      1,1
        mvc     0x870(10,0),pat1-Z
        edmk    0x870(10,0),p0123456-Z
        STCC    0x8c9
        CC      2,28
        st      1,0x87c
        CKR     1,0x872,29
# 15. EDMK where significance is forced by 21: R1 unchanged
        la      1,7
        mvc     0x880(5,0),pat2-Z
        edmk    0x880(5,0),p0-Z
        CKR     1,7,30
# 16. ED with a second field (field separator 22) and a positive sign: cc from last field
        mvc     0x888(6,0),pat4-Z
        ed      0x888(6,0),p1020-Z
        STCC    0x8ca
        CC      0,31
        CKB     0x888,6,32,0x5C,0xF1,0x5C,0x5C,0x5C,0x5C
        b       ok-Z
        EXITS
        .org    Z+0x800
        .fill   256,1,0
        .align  8
cvbin:  .byte   0,0,0,0,0,0x01,0x23,0x4D
k7fff:  .long   0x7FFFFFFF
zon:    .byte   0xF1,0xF2,0xF3,0xC4
p12345: .byte   0x12,0x34,0x5C
p999:   .byte   0x99,0x9C
p1:     .byte   0x1C
p12:    .byte   0x01,0x2C
p34m:   .byte   0x03,0x4D
p5:     .byte   0x00,0x5C
p5m:    .byte   0x00,0x5D
p123m:  .byte   0x12,0x3D
p0m:    .byte   0x00,0x0D
p123:   .byte   0x00,0x00,0x12,0x3C
p45:    .byte   0x04,0x5C
p45m:   .byte   0x04,0x5D
p12345l: .byte  0x00,0x00,0x12,0x34,0x5C
p12345lm: .byte 0x00,0x00,0x12,0x34,0x5D
p0123456: .byte 0x01,0x23,0x45,0x6C
p0:     .byte   0x00,0x0C
p12m:   .byte   0x01,0x2D
p1020:  .byte   0x1F,0x00,0x0C          # digit 1, sign F | digits 0 0, sign C
pat1:   .byte   0x40,0x20,0x20,0x6B,0x20,0x21,0x20,0x4B,0x20,0x20
pat2:   .byte   0x40,0x21,0x4B,0x20,0x20
pat3:   .byte   0x40,0x20,0x20,0x20,0xC3,0xD9,0x40
pat4:   .byte   0x5C,0x20,0x22,0x20,0x20,0x20
