# ecintr.S - program and SVC interruptions in EC mode (interruption codes at 88/8C with
# the ILC in bits 5-6 of bytes 89/8D), including less common cases: an exception in the
# target of EXECUTE (ILC 2, address after the EX), LPSW of an EC PSW with an unassigned bit
# on (specification, ILC 0, the new PSW is the old PSW), HFP exponent overflow (C),
# exponent underflow with the mask on (D), floating-point divide (F), FPR 1 (specification),
# MP with L2 >= L1 (specification), DP quotient too large (B), CVB too large (9), an
# ESA-only opcode A7 (operation), EX of an odd address (specification), EX of SSM in problem
# state (privileged), SLA overflow with mask (8), fetch protection (4).
# Each interruption saves old PSW + word 8C (SVC: 88) in a 16-byte slot at R10.
# Expected values from the Principles of Operation (GA22-7000).
#@ result 800.200
#@ expect 800 00080000
        .include "common.inc"
        LOWCORE
        mvc     0x68(8,0),pgmnew-Z
        mvc     0x60(8,0),svcnew-Z
        la      10,0x800
        lpsw    ec0-Z
ecstart:
# 1. EX of AP with an invalid sign: data exception, ILC 2, address after the EX
        la      11,1f-Z
        cr      0,0
        ex      0,exap-Z
a1:     FAIL    1
1:
# 2. LPSW of an EC PSW with bit 0 on: specification, ILC 0; old PSW = the loaded PSW
        la      11,1f-Z
        lpsw    badpsw-Z
a2:     FAIL    2
1:
# 3. SVC 42 in EC mode: 88 = 0002 0042
        la      11,1f-Z
        cr      0,0
        svc     0x42
a3:
1:
# 4. exponent overflow: MD 7F100000.. * 7F100000.. = 3D100000 00000000 (char wrapped)
        la      11,1f-Z
        ld      0,big-Z
        md      0,big-Z
a4:     FAIL    4
1:      std     0,0x918
# 5. exponent underflow with program mask 2: MD 01100000.. squared = 41100000 00000000
        la      11,1f-Z
        l       1,k02-Z
        spm     1
        ld      2,tiny-Z
        md      2,tiny-Z
a5:     FAIL    5
1:      std     2,0x920
# 6. floating-point divide: DD by zero; FPR 4 unchanged (1.0)
        la      11,1f-Z
        sr      1,1
        spm     1
        ld      4,one-Z
        dd      4,zero-Z
a6:     FAIL    6
1:      std     4,0x908
# 7. specification: LD into FPR 1
        la      11,1f-Z
        cr      0,0
        ld      1,one-Z
a7:     FAIL    7
1:
# 8. specification: MP with L2 >= L1
        la      11,1f-Z
        cr      0,0
        mp      0x900(2,0),p12-Z(2,0)
a8:     FAIL    8
1:
# 9. decimal divide: DP 99999C by 1C in 3 bytes, quotient too large
        la      11,1f-Z
        cr      0,0
        mvc     0x900(3,0),p99999-Z
        dp      0x900(3,0),p1-Z(1,0)
a9:     FAIL    9
1:
# 10. fixed-point divide: CVB of 2147483648
        la      11,1f-Z
        cr      0,0
        cvb     3,big31-Z
a10:    FAIL    10
1:
# 11. operation: A7F4 (BRC, not in S/370)
        la      11,1f-Z
        cr      0,0
        .long   0xA7F40004
a11:    FAIL    11
1:
# 12. specification: EX of an odd address
        la      11,1f-Z
        cr      0,0
        ex      0,exap-Z+1
a12:    FAIL    12
1:
# 13. privileged operation: EX of SSM in problem state
        la      11,1f-Z
        lpsw    probpsw-Z
1:
# 14. fixed-point overflow with mask 8: SLA 40000000 by 1 = 0, cc 3
        la      11,1f-Z
        l       1,k08-Z
        spm     1
        l       5,k4000-Z
        sla     5,1
a14:    FAIL    14
1:      st      5,0x910
# 15. fetch protection: key 3 with fetch protection on block 3000, PSW key 2 loads from it
        la      11,1f-Z
        la      1,0x38
        l       2,k3000-Z
        .insn   rr,0x0800,1,2           # SSK 1,2
        lpsw    key2psw-Z
1:
        CKR     10,0x8f0,40
        CKW     0x800,0x00080000,41
        CKW     0x804,a1-Z,42
        CKW     0x808,0x00040007,43
        CKW     0x810,0x80080000,44
        CKW     0x814,a2-Z,45
        CKW     0x818,0x00000006,46
        CKW     0x820,0x00080000,47
        CKW     0x824,a3-Z,48
        CKW     0x828,0x00020042,49
        CKW     0x830,0x00080000,50
        CKW     0x834,a4-Z,51
        CKW     0x838,0x0004000C,52
        CKW     0x918,0x3D100000,53
        CKW     0x840,0x00080200,54
        CKW     0x844,a5-Z,55
        CKW     0x848,0x0004000D,56
        CKW     0x920,0x41100000,57
        CKW     0x850,0x00080000,58
        CKW     0x854,a6-Z,59
        CKW     0x858,0x0004000F,60
        CKW     0x908,0x41100000,61
        CKW     0x860,0x00080000,62
        CKW     0x864,a7-Z,63
        CKW     0x868,0x00040006,64
        CKW     0x874,a8-Z,65
        CKW     0x878,0x00060006,66
        CKW     0x884,a9-Z,67
        CKW     0x888,0x0006000B,68
        CKW     0x894,a10-Z,69
        CKW     0x898,0x00040009,70
        CKW     0x8a4,a11-Z,71
        CKW     0x8a8,0x00040001,72
        CKW     0x8b4,a12-Z,73
        CKW     0x8b8,0x00040006,74
        CKW     0x8c0,0x00090000,75
        CKW     0x8c4,a13-Z,76
        CKW     0x8c8,0x00040002,77
        CKW     0x8d0,0x00083800,78
        CKW     0x8d4,a14-Z,79
        CKW     0x8d8,0x00040008,80
        CKW     0x910,0,81
        CKW     0x8e0,0x00280000,82
        CKW     0x8e4,a15-Z,83
        CKW     0x8e8,0x00040004,84
        b       ok-Z
prob:   ex      0,ssmins-Z
a13:    FAIL    13
key2:   l       3,0(2)
a15:    FAIL    15
ssmins: .long   0x80000930              # SSM 930
exap:   ap      0x928(2,0),bad-Z(2,0)
pgm:    mvc     0(8,10),0x28
        mvc     8(4,10),0x8c
        la      10,16(10)
        st      11,resume+4-Z
        lpsw    resume-Z
svc:    mvc     0(8,10),0x20
        mvc     8(4,10),0x88
        la      10,16(10)
        st      11,resume+4-Z
        lpsw    resume-Z
        EXITS
        .org    Z+0x800
        .fill   512,1,0
        .align  8
pgmnew: .long   0x00080000, pgm-Z
svcnew: .long   0x00080000, svc-Z
ec0:    .long   0x00080000, ecstart-Z
resume: .long   0x00080000, 0
badpsw: .long   0x80080000, a2-Z
probpsw: .long  0x00090000, prob-Z
key2psw: .long  0x00280000, key2-Z
one:    .long   0x41100000, 0x00000000
zero:   .long   0x00000000, 0x00000000
big:    .long   0x7F100000, 0x00000000
tiny:   .long   0x01100000, 0x00000000
big31:  .byte   0,0,0x02,0x14,0x74,0x83,0x64,0x8C
k02:    .long   0x02000000
k08:    .long   0x08000000
k4000:  .long   0x40000000
k3000:  .long   0x00003000
p12:    .byte   0x01,0x2C
p99999: .byte   0x99,0x99,0x9C
p1:     .byte   0x1C
bad:    .byte   0x12,0x34
