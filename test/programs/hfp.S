# hfp.S - hexadecimal floating point: AD, ADR, SDR, MD, DD, CDR, LCDR, AXR, LRDR, HER, HDR.
# Expected values from the Principles of Operation (GA22-7000): normalized results,
# truncation (no rounding) for add/multiply/divide, cc 0 zero, 1 negative, 2 positive;
# an extended result's low-order characteristic is 14 less than the high-order one.
#@ result 800.100
#@ expect 800 41200000 00000000
        .include "common.inc"
        LOWCORE
start:
# 1. AD 1.0 + 1.0 = 2.0, cc 2
        ld      0,one-Z
        ad      0,one-Z
        std     0,0x800
        STCC    0x8c0
        CC      2,1
        CKW     0x800,0x41200000,2
        CKW     0x804,0,3
# 2. AD 1.0 + -1.0 = true zero, cc 0
        ld      2,one-Z
        ad      2,mone-Z
        std     2,0x808
        STCC    0x8c1
        CC      0,4
        CKW     0x808,0,5
        CKW     0x80c,0,6
# 3. AD 1.0 + -0.9375 = 0.0625, normalized 40100000 00000000, cc 2
        ld      4,one-Z
        ad      4,m0f-Z
        std     4,0x810
        STCC    0x8c2
        CC      2,7
        CKW     0x810,0x40100000,8
# 4. SDR 2.0 - 3.0 = -1.0, cc 1
        ld      0,two-Z
        ld      2,three-Z
        sdr     0,2
        std     0,0x818
        STCC    0x8c3
        CC      1,9
        CKW     0x818,0xC1100000,10
# 5. MD 2.0 * 3.0 = 6.0;  MD 0.5 * 0.5 = 0.25 (40400000 00000000)
        ld      0,two-Z
        md      0,three-Z
        std     0,0x820
        CKW     0x820,0x41600000,11
        ld      2,half-Z
        md      2,half-Z
        std     2,0x828
        CKW     0x828,0x40400000,12
        CKW     0x82c,0,13
# 6. DD 1.0 / 3.0 = 40555555 55555555 (truncated)
        ld      4,one-Z
        dd      4,three-Z
        std     4,0x830
        CKW     0x830,0x40555555,14
        CKW     0x834,0x55555555,15
# 7. CDR: 2.0 vs 3.0 cc 1; LCDR of 2.0 = -2.0 cc 1; LPDR of -2.0 = 2.0 cc 2
        ld      0,two-Z
        ld      2,three-Z
        cdr     0,2
        STCC    0x8c4
        CC      1,16
        lcdr    4,0
        STCC    0x8c5
        CC      1,17
        std     4,0x838
        CKW     0x838,0xC1200000,18
        lpdr    6,4
        STCC    0x8c6
        CC      2,19
# 8. AXR (1 + 16**-28) + (1 + 16**-28) = 2 + 2*16**-28, cc 2
        ld      0,xa-Z
        ld      2,xa+8-Z
        ld      4,xa-Z
        ld      6,xa+8-Z
        axr     0,4
        std     0,0x840
        std     2,0x848
        STCC    0x8c7
        CC      2,20
        CKW     0x840,0x41200000,21
        CKW     0x844,0,22
        CKW     0x848,0x33000000,23
        CKW     0x84c,0x00000002,24
# 9. LRDR rounds an extended value to long: 41100000 00000000|33800000 .. -> 41100000 00000001
        ld      0,xb-Z
        ld      2,xb+8-Z
        .insn   rr,0x2500,4,0           # LRDR 4,0
        std     4,0x850
        CKW     0x850,0x41100000,25
        CKW     0x854,0x00000001,26
# 10. HER: 41200000 / 2 = 41100000;  41100000 / 2 = 40800000 (normalized)
        le      0,two-Z
        her     2,0
        ste     2,0x858
        CKW     0x858,0x41100000,27
        her     4,2
        ste     4,0x85c
        CKW     0x85c,0x40800000,28
# 11. HDR of 3.0 = 1.5 (41180000 00000000)
        ld      6,three-Z
        hdr     0,6
        std     0,0x860
        CKW     0x860,0x41180000,29
# 12. AE short: 1.0 + 1.0 = 41200000; ME 2.0 * 0.5 = 41100000
        le      2,one-Z
        ae      2,one-Z
        ste     2,0x868
        CKW     0x868,0x41200000,30
        le      4,two-Z
        me      4,half-Z
        ste     4,0x86c
        CKW     0x86c,0x41100000,31
        b       ok-Z
        EXITS
        .org    Z+0x800
        .fill   256,1,0
        .align  8
one:    .long   0x41100000, 0x00000000
mone:   .long   0xC1100000, 0x00000000
two:    .long   0x41200000, 0x00000000
three:  .long   0x41300000, 0x00000000
half:   .long   0x40800000, 0x00000000
m0f:    .long   0xC0F00000, 0x00000000
xa:     .long   0x41100000, 0x00000000, 0x33000000, 0x00000001
xb:     .long   0x41100000, 0x00000000, 0x33800000, 0x00000000
