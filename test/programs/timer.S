# timer.S - external interruptions from the clocks, in EC mode (code at 86, old PSW at 18):
# clock comparator (SCKC 0: pending at once, code 1004), CPU timer (SPT small, enabled
# wait, code 1005), interval timer at 50 (enabled wait, code 0080), STCK twice (cc 0,
# not decreasing), STNSM/STOSM, MONITOR CALL (class 3 enabled by CR8: program code 40,
# class at 95, code at 9C; class 4 disabled: no-op), STCTL of CR0/CR8 after LCTL.
# Each interruption stores old PSW and word 84 in a 16-byte slot at R10.
# Expected values from the Principles of Operation (GA22-7000).
#@ result 800.100
#@ herc-ignore 860 10 STCK values
        .include "common.inc"
        LOWCORE
        mvc     0x58(8,0),extnew-Z
        mvc     0x68(8,0),pgmnew-Z
        la      10,0x800
        lpsw    ec0-Z
ecstart:
# 1. clock comparator 0 is always below the TOD clock: pending as soon as enabled
        la      11,1f-Z
        sckc    zero8-Z
        lctl    0,0,cr0cc-Z             # clock-comparator subclass mask (bit 20)
        cr      0,0
        .long   0xAD0158F0              # STOSM 8F0,01: enable external interruptions
a1:     FAIL    1
1:
# 2. CPU timer: 1 microsecond, then an enabled wait
        la      11,1f-Z
        lctl    0,0,cr0cpt-Z            # CPU-timer subclass mask (bit 21)
        spt     cpt1-Z
        lpsw    waitpsw-Z
1:
# 3. interval timer at 50: one unit of bit 23, enabled wait
        la      11,1f-Z
        mvc     0x50(4,0),itv-Z
        lctl    0,0,cr0itv-Z            # interval-timer mask (bit 24)
        lpsw    waitpsw2-Z
1:
# 4. STCK twice: cc 0, the second value is not lower
        stck    0x860
        CC      0,4
        stck    0x868
        CC      0,5
        clc     0x868(8,0),0x860
        bc      2+8,2f-Z
        FAIL    6
2:
# 5. STOSM 02 then STNSM FD: stored masks 00 and 02
        .long   0xAD0288F0              # STOSM 8F0,02
        .long   0xACFD88F1              # STNSM 8F1,FD
        CKB     0x8f0,2,7,0x00,0x02
# 6. MONITOR CALL class 3 enabled by CR8 bit 19: program interruption 40
        lctl    8,8,cr8-Z
        la      11,1f-Z
        cr      0,0
        mc      0x123(0),3
a6:     FAIL    8
1:      mc      0x456(0),4              # class 4 is not enabled: no interruption
        stctl   0,0,0x870
        stctl   8,8,0x874
        CKW     0x874,0x00001000,9
        CKR     10,0x840,10
        CKW     0x800,0x01080000,11     # clock comparator
        CKW     0x804,a1-Z,12
        CKW     0x808,0x00001004,13
        CKW     0x810,0x010A0000,14     # CPU timer: the wait PSW
        CKW     0x814,waitpsw-Z,15
        CKW     0x818,0x00001005,16
        CKW     0x820,0x010A0000,17     # interval timer: the wait PSW
        CKW     0x824,waitpsw2-Z,18
        CKW     0x828,0x00000080,19
        CKW     0x830,0x00080000,20     # monitor event
        CKW     0x834,a6-Z,21
        CKW     0x838,0x00040040,22
        CKB     0x83d,1,23,0x03         # monitor class (95)
        CKW     0x83c+4,0x00000123,24   # monitor code (9C)
        b       ok-Z
ext:    mvc     0(8,10),0x18
        mvc     8(4,10),0x84
        la      10,16(10)
        b       resume-Z
pgm:    mvc     0(8,10),0x28
        mvc     8(4,10),0x8c
        mvc     12(4,10),0x94
        mvc     16(4,10),0x9c
        la      10,16(10)
resume: st      11,rpsw+4-Z
        lpsw    rpsw-Z
        EXITS
        .org    Z+0x800
        .fill   256,1,0
        .align  8
extnew: .long   0x00080000, ext-Z
pgmnew: .long   0x00080000, pgm-Z
ec0:    .long   0x00080000, ecstart-Z
rpsw:   .long   0x00080000, 0
waitpsw: .long  0x010A0000, waitpsw-Z
waitpsw2: .long 0x010A0000, waitpsw2-Z
zero8:  .long   0, 0
cpt1:   .long   0, 0x00001000
cr0cc:  .long   0x00000800
cr0cpt: .long   0x00000400
cr0itv: .long   0x00000080
cr8:    .long   0x00001000
itv:    .long   0x00000100
