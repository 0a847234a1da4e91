# interrupts.S - program and SVC interruptions in BC mode.  Each expected interruption
# saves its old PSW (program: 0x28, SVC: 0x20) into the next slot at 0x800 (R10) and
# resumes at R11.  In BC mode the old PSW holds the interruption code in bits 16-31, the
# ILC in bits 32-33, then cc, program mask and the address of the next instruction.
# Expected values from the Principles of Operation (GA22-7000):
#   1 operation (opcode 00), 6 specification (MR odd R1, CDS odd R1), 7 data (AP bad sign),
#   8 fixed-point overflow (program mask bit 36), 9 fixed-point divide (DR by 0, D quotient
#   2**31), A decimal overflow (mask bit 37), B decimal divide, 3 execute (EX of EX),
#   2 privileged operation (SSM in problem state), 5 addressing, 4 protection (key mismatch),
#   E significance (mask bit 39), SVC 42.
#@ result 800.100
#@ expect 800 00000001 40000218
        .include "common.inc"
        LOWCORE
start:
        mvc     0x68(8,0),pgmnew-Z
        mvc     0x60(8,0),svcnew-Z
        la      10,0x800
# 1. operation exception: opcode 00 (2 bytes), ILC 1
        la      11,1f-Z
        cr      0,0
        .short  0x0000
i1:     FAIL    1
1:
# 2. specification: MR with an odd R1, ILC 1
        la      11,1f-Z
        cr      0,0
        .insn   rr,0x1c00,3,4           # MR 3,4 (odd R1)
i2:     FAIL    2
1:
# 3. data: AP with an invalid sign in the second operand, ILC 3
        la      11,1f-Z
        cr      0,0
        mvc     0x8f0(2,0),p1c-Z
        ap      0x8f0(2,0),bad-Z(2,0)
i3:     FAIL    3
1:
# 4. fixed-point overflow with program mask 8: A completes (80000000), ILC 2, cc 3, PM 8
        la      11,1f-Z
        l       1,k08-Z
        spm     1
        l       1,k7fff-Z
        a       1,k1-Z
i4:     FAIL    4
1:      st      1,0x880
# 5. fixed-point divide: DR by zero, ILC 1; the registers are unchanged
        la      11,1f-Z
        cr      0,0
        la      2,5
        la      3,7
        sr      4,4
        dr      2,4
i5:     FAIL    5
1:      stm     2,3,0x884
# 6. fixed-point divide: FFFFFFFF 80000000 (-2**31) / -1 = 2**31 does not fit, ILC 1
        la      11,1f-Z
        cr      0,0
        l       6,kffff-Z
        l       7,k8000-Z
        lr      8,6
        dr      6,8
i6:     FAIL    6
1:
# 7. decimal overflow with program mask 4: AP 999C + 1C, ILC 3, cc 3, PM 4, result 000C
        la      11,1f-Z
        l       1,k04-Z
        spm     1
        mvc     0x8f2(2,0),p999-Z
        ap      0x8f2(2,0),p1c-Z+1(1,0)
i7:     FAIL    7
1:
# 8. decimal divide: DP by zero, ILC 3
        la      11,1f-Z
        cr      0,0
        mvc     0x8f4(4,0),p123-Z
        dp      0x8f4(4,0),p0-Z(1,0)
i8:     FAIL    8
1:
# 9. execute: EX of an EX, ILC 2, address after the outer EX
        la      11,1f-Z
        cr      0,0
        ex      0,exex-Z
i9:     FAIL    9
1:
# 10. privileged operation: SSM in problem state, ILC 2, old PSW has the P bit
        la      11,1f-Z
        lpsw    probpsw-Z
1:
# 11. addressing: L from 00FFFFFC, beyond the 2M of storage, ILC 2
        la      11,1f-Z
        cr      0,0
        l       2,kfffc-Z
        l       3,0(2)
i11:    FAIL    11
1:
# 12. protection: storage key 1 on block 3000, PSW key 2 stores into it, ILC 4
        la      11,1f-Z
        la      1,0x10
        l       2,k3000-Z
        .insn   rr,0x0800,1,2           # SSK 1,2
        lpsw    key2psw-Z
1:
# 13. specification: CDS with an odd R1, ILC 2
        la      11,1f-Z
        cr      0,0
        .insn   rs,0xbb000000,3,6,0x8f8(0) # CDS 3,6,8F8 (odd R1)
i13:    FAIL    13
1:
# 14. significance with program mask 1: AD 1.0 + -1.0, ILC 2, cc 0, PM 1
        la      11,1f-Z
        l       1,k01-Z
        spm     1
        ld      0,one-Z
        ad      0,mone-Z
i14:    FAIL    14
1:      std     0,0x890
# 15. SVC 42: SVC old PSW code 0042, ILC 1
        la      11,1f-Z
        cr      0,0
        svc     0x42
i15:    FAIL    15
1:
        b       check-Z
prob:   .long   0x800008F0              # SSM 8F0(0) in problem state (gas: no SSM)
i10:    FAIL    10
key2:   mvi     0(2),1
i12:    FAIL    12
exex:   ex      0,0x8f0
pgm:    mvc     0(8,10),0x28
        la      10,8(10)
        br      11
svc:    mvc     0(8,10),0x20
        la      10,8(10)
        br      11
check:
        CKR     10,0x878,20
        CKW     0x800,0x00000001,21
        CKW     0x804,0x40000000+(i1-Z),22
        CKW     0x808,0x00000006,23
        CKW     0x80c,0x40000000+(i2-Z),24
        CKW     0x810,0x00000007,25
        CKW     0x814,0xC0000000+(i3-Z),26
        CKW     0x818,0x00000008,27
        CKW     0x81c,0xB8000000+(i4-Z),28
        CKW     0x880,0x80000000,29
        CKW     0x820,0x00000009,30
        CKW     0x824,0x40000000+(i5-Z),31
        CKW     0x884,5,32
        CKW     0x888,7,33
        CKW     0x828,0x00000009,34
        CKW     0x82c,0x40000000+(i6-Z),35
        CKW     0x830,0x0000000A,36
        CKW     0x834,0xF4000000+(i7-Z),37
        CKB     0x8f2,2,38,0x00,0x0C
        CKW     0x838,0x0000000B,39
        CKW     0x83c,0xC0000000+(i8-Z),40
        CKW     0x840,0x00000003,41
        CKW     0x844,0x80000000+(i9-Z),42
        CKW     0x848,0x00010002,43
        CKW     0x84c,0x80000000+(i10-Z),44
        CKW     0x850,0x00000005,45
        CKW     0x854,0x80000000+(i11-Z),46
        CKW     0x858,0x00200004,47
        CKW     0x85c,0x80000000+(i12-Z),48
        l       2,k3000-Z
        cli     0(2),0
        bc      8,1f-Z
        FAIL    49
1:
        CKW     0x860,0x00000006,50
        CKW     0x864,0x80000000+(i13-Z),51
        CKW     0x868,0x0000000E,52
        CKW     0x86c,0x81000000+(i14-Z),53
        CKW     0x870,0x00000042,54
        CKW     0x874,0x40000000+(i15-Z),55
        b       ok-Z
        EXITS
        .org    Z+0x800
        .fill   256,1,0
        .align  8
pgmnew: .long   0x00000000, pgm-Z
svcnew: .long   0x00000000, svc-Z
probpsw: .long  0x00010000, prob-Z
key2psw: .long  0x00200000, key2-Z
one:    .long   0x41100000, 0x00000000
mone:   .long   0xC1100000, 0x00000000
k1:     .long   1
k08:    .long   0x08000000
k04:    .long   0x04000000
k01:    .long   0x01000000
k7fff:  .long   0x7FFFFFFF
k8000:  .long   0x80000000
kffff:  .long   0xFFFFFFFF
kfffc:  .long   0x00FFFFFC
k3000:  .long   0x00003000
p1c:    .byte   0x00,0x1C
bad:    .byte   0x12,0x34
p999:   .byte   0x99,0x9C
p123:   .byte   0x00,0x00,0x12,0x3C
p0:     .byte   0x0C
