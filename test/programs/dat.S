# dat.S - EC mode with dynamic address translation: 4K pages, 64K segments.
# CR0 = 00800000 (page size 4K, segment size 64K), CR1 = 00001000 (segment table at
# 1000, 16 entries).  Segment 0 (0-FFFF): page table at 1040, identity except page 4 ->
# real 6000 and page 5 invalid.  Segment 1 (10000-1FFFF): page-table length 0 (one
# entry), page 0 -> real 7000.  Segments 2-15 invalid.
# Checks (Principles of Operation, GA22-7000): loads through the tables, LRA cc 0/1/2/3,
# segment-translation (code 10) and page-translation (code 11, also for a page-table
# length violation) exceptions are nullifying: the EC old PSW addresses the failing
# instruction, 8C holds ILC (byte 8D) and code, 90 the translation-exception address;
# PTLB after a page-table change; an MVC crossing into an invalid page is nullified.  Each exception saves old PSW, 8C and 90 (16 bytes) at R10.
# The translation-exception address (90) has unpredictable rightmost 12 bits (4K pages):
# the program checks bits 0-19 and the comparison with Hercules skips those words.  LRA's
# R1 for cc 1, 2, 3 (saved at 80C, 810, 814) is compared with Hercules only.
#@ result 800.100
#@ herc-ignore 84c 4 TEA low 12 bits unpredictable
#@ herc-ignore 85c 4 TEA low 12 bits unpredictable
#@ herc-ignore 86c 4 TEA low 12 bits unpredictable
#@ herc-ignore 87c 4 TEA low 12 bits unpredictable
#@ expect 800 11111111 22222222 00006010
        .include "common.inc"
        LOWCORE
start:
        mvc     0x68(8,0),pgmnew-Z
        la      10,0x840
        l       12,k1000-Z
        l       2,k6000-Z               # real 6000 = 11111111, real 7000 = 22222222
        mvc     0(4,2),k1111-Z
        l       2,k7000-Z
        mvc     0(4,2),k2222-Z
        lctl    0,1,crs-Z
        lpsw    daton-Z
virt:
# 1. loads through the tables
        l       3,k4000-Z
        l       1,0(3)
        st      1,0x800
        CKR     1,0x11111111,1
        l       5,k10000-Z
        l       4,0(5)
        st      4,0x804
        CKR     4,0x22222222,2
# 2. LRA of 4010 -> 00006010, cc 0
        lra     6,16(3)
        CC      0,3
        st      6,0x808
        CKR     6,0x00006010,4
# 3. LRA of an invalid page (5000) cc 2; invalid segment (20000) cc 1; page-table
#    length violation (11000) cc 3
        la      6,0x7ff
        l       7,k5000-Z
        lra     6,0(7)
        CC      2,5
        st      6,0x80c
        la      6,0x7ff
        l       7,k20000-Z
        lra     6,0(7)
        CC      1,6
        st      6,0x810
        la      6,0x7ff
        l       7,k11000-Z
        lra     6,0(7)
        CC      3,7
        st      6,0x814
# 4. page-translation exception (invalid page 5000)
        la      11,1f-Z
        l       7,k5000-Z
        cr      0,0
x1:     l       8,0(7)
        FAIL    8
1:
# 5. page-translation exception (page-table length, 11000)
        la      11,1f-Z
        l       7,k11000-Z
        cr      0,0
x2:     l       8,0(7)
        FAIL    9
1:
# 6. segment-translation exception (invalid segment 20000)
        la      11,1f-Z
        l       7,k20000-Z
        cr      0,0
x3:     st      8,0(7)
        FAIL    10
1:
# 6b. MVC of 16 bytes to 4FF8 crosses into the invalid page 5000: page-translation
#     exception, nullified: nothing is stored at 4FF8 (real 6FF8)
        la      11,1f-Z
        l       7,k4ff8-Z
        mvc     0(4,7),k1111-Z
        cr      0,0
x4:     mvc     0(16,7),crs-Z
        FAIL    25
1:      clc     0(4,7),k1111-Z
        bc      8,2f-Z
        FAIL    26
2:
# 7. remap page 4 to real 7000 and purge the TLB
        l       12,k1000-Z
        mvc     0x48(2,12),pte7-Z
        .long   0xB20D0000              # PTLB
        l       1,0(3)
        st      1,0x818
        CKR     1,0x22222222,11
# 8. DAT off again, then check the saved interruption information
        lpsw    datoff-Z
real:
        CKR     10,0x880,12
        CKW     0x840,0x04080000,13
        CKW     0x844,x1-Z,14
        CKW     0x848,0x00040011,15
        l       1,0x84c
        n       1,kpage-Z
        CKR     1,0x5000,16
        CKW     0x850,0x04080000,17
        CKW     0x854,x2-Z,18
        CKW     0x858,0x00040011,19
        l       1,0x85c
        n       1,kpage-Z
        CKR     1,0x11000,20
        CKW     0x860,0x04080000,21
        CKW     0x864,x3-Z,22
        CKW     0x868,0x00040010,23
        l       1,0x86c
        n       1,kpage-Z
        CKR     1,0x20000,24
        CKW     0x870,0x04080000,27
        CKW     0x874,x4-Z,28
        CKW     0x878,0x00060011,29
        l       1,0x87c
        n       1,kpage-Z
        CKR     1,0x5000,30
        lpsw    ecok-Z
pgm:    mvc     0(8,10),0x28
        mvc     8(4,10),0x8c
        mvc     12(4,10),0x90
        la      10,16(10)
        st      11,resume+4-Z
        lpsw    resume-Z
        EXITS
        .org    Z+0x800
        .fill   256,1,0
        .align  8
pgmnew: .long   0x00080000, pgm-Z       # EC mode, DAT off
daton:  .long   0x04080000, virt-Z      # EC mode, DAT on
datoff: .long   0x00080000, real-Z
resume: .long   0x04080000, 0
ecok:   .long   0x000A0000, 0x00000000  # EC disabled wait: success
crs:    .long   0x00800000, 0x00001000
k1000:  .long   0x00001000
k4000:  .long   0x00004000
k5000:  .long   0x00005000
k4ff8:  .long   0x00004FF8
k6000:  .long   0x00006000
k7000:  .long   0x00007000
k10000: .long   0x00010000
k11000: .long   0x00011000
k20000: .long   0x00020000
kpage:  .long   0xFFFFF000
k1111:  .long   0x11111111
k2222:  .long   0x22222222
pte7:   .short  0x0070
        .org    Z+0x1000
segtab: .long   0xF0001040, 0x00001080
        .rept   14
        .long   0x00000001
        .endr
pt0:    .short  0x0000, 0x0010, 0x0020, 0x0030, 0x0060, 0x0008, 0x0060, 0x0070
        .short  0x0080, 0x0090, 0x00A0, 0x00B0, 0x00C0, 0x00D0, 0x00E0, 0x00F0
        .align  64
pt1:    .short  0x0070
        .org    Z+0x1100
