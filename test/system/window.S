# window.S - the S/370 program of the window test (test/system/window.py).
#
# It writes one formatted screen on the 3270 display at 00C0 (the window's device),
# with a field of every kind the renderer must tell apart: protected normal and
# intensified, hidden, unprotected normal and intensified, extended color and
# reverse video, and an input field with the cursor in it.  Then, for every
# attention (Enter, PF, PA, Clear), it reads the inbound record with Read Modified
# and writes its AID as a character on row 20 and the first modified field's data
# (up to 30 characters) on row 21, so the test sees which key came through.
#
# Loaded with `loadcore window.bin 0` and started with `restart`.  Between
# interruptions the CPU is in an enabled wait.
#
# References: GA22-7000 (S/370 Principles of Operation): BC-mode PSWs, SIO, the CSW,
# I/O interruptions.  GA23-0059 (3270 Data Stream): WCC, orders SBA X'11' (14-bit
# binary addresses), SF X'1D', SFE X'29', IC X'13', field attributes, the inbound
# Read Modified record (AID, cursor address, SBA, field data).  GA23-0061 (3274):
# EW X'05', W X'01', RM X'06', attention and device end.
#
# Text is ASCII in the source and translated to EBCDIC at start: every TXT segment
# is listed in a table (subsection 3) that `start` walks with TR.  Every address is
# an absolute difference from Z with base register 0 (the program is under 4K).

        .equ    DEV, 0x0C0
        .equ    SBA, 0x11
        .equ    SF, 0x1D
        .equ    SFE, 0x29
        .equ    IC, 0x13
        # field attributes, already as graphic codes (GA23-0059 code table)
        .equ    A_PROT, 0x60            # protected, normal
        .equ    A_PROTHI, 0xE8          # protected, intensified
        .equ    A_HIDDEN, 0x6C          # protected, nondisplay
        .equ    A_INPUT, 0x40           # unprotected, normal
        .equ    A_INPUTHI, 0xC8         # unprotected, intensified
        .equ    WCC, 0xC3               # reset, keyboard restore, reset MDT
        .equ    ST_IDLE, 0
        .equ    ST_WRITE, 1             # EW or W running
        .equ    ST_READ, 2              # RM running
        .equ    DATAMAX, 30

        .macro  POS row, col            # SBA to row, col (14-bit binary address)
        .byte   SBA, ((\row*80+\col)>>8)&0x3F, (\row*80+\col)&0xFF
        .endm
        .macro  TXT text                # text, translated at start
        .text   3
        .short  .Lt\@-Z, .Le\@-.Lt\@
        .text   1
.Lt\@:  .ascii  "\text"
.Le\@:
        .endm
        .macro  FLD row, col, attr, text
        POS     \row, \col
        .byte   SF, \attr
        TXT     "\text"
        .endm

        .text   3                       # the table of text segments comes first
        .align  2
segs:
        .text
Z:
        .long   0x00000000, start-Z     # 000 restart-new PSW
        .org    Z+0x78
        .long   0x00000000, ioint-Z     # 078 I/O-new PSW: disabled, BC mode
        .org    Z+0x200

start:  la      3,segs-Z                # translate the text segments
xlate:  c       3,segend-Z
        bnl     xlated-Z
        lh      1,0(3)
        lh      2,2(3)
        bctr    2,0
        ex      2,trins-Z
        la      3,4(3)
        b       xlate-Z
xlated: la      1,ccwew-Z               # the screen
        bal     14,startio-Z
        mvi     state-Z,ST_WRITE
wait:   lpsw    waitpsw-Z

# An I/O interruption: the CSW at X'40', its unit status at X'44'.
ioint:  tm      0x44,0x80               # attention: read the record
        bo      attn-Z
        tm      0x44,0x04               # device end: a command ended
        bz      wait-Z
        cli     state-Z,ST_READ
        be      answer-Z
        mvi     state-Z,ST_IDLE
        b       wait-Z
attn:   la      1,ccwrm-Z
        bal     14,startio-Z
        mvi     state-Z,ST_READ
        b       wait-Z

# The record is in inbuf: AID, cursor address, then SBA, address and the data of the
# first modified field (none after PA and Clear, which send the AID alone).
answer: lh      3,0x46                  # residual count
        lcr     3,3
        a       3,f256-Z                # bytes read
        mvc     aidpos-Z(1,0),inbuf-Z(0)
        mvi     datapos-Z,0x40
        mvc     datapos+1-Z(DATAMAX-1,0),datapos-Z(0)
        s       3,f6-Z                  # data bytes
        bnp     reply-Z
        c       3,fmax-Z
        bnh     short-Z
        l       3,fmax-Z
short:  bctr    3,0
        ex      3,mvcdata-Z
reply:  la      1,ccwww-Z
        bal     14,startio-Z
        mvi     state-Z,ST_WRITE
        b       wait-Z

# startio: the channel program at R1 on DEV.  Status still pending from before (the
# device end of a terminal that became ready) is taken with the CSW and SIO repeated.
# Link R14.
startio: st     1,0x48                  # CAW: key 0, the CCW address
sio:    .insn   s,0x9c000000,DEV        # SIO DEV
        bcr     8,14                    # started
        bc      6,sio-Z                 # CSW stored or busy: again
        lpsw    deadpsw-Z               # not operational

trins:  tr      0(1,1),atoe-Z(0)
mvcdata: mvc    datapos-Z(1,0),inbuf+6-Z(0)

        .text   1
        .align  8
waitpsw: .long  0xFE020000, 0           # enabled wait (all channels), BC mode
deadpsw: .long  0x00020000, 0x00DEAD00
ccwew:  .byte   0x05                    # Erase/Write
        .byte   0, (screen-Z)>>8, (screen-Z)&0xFF
        .byte   0, 0
        .short  screenend-screen
ccwrm:  .byte   0x06                    # Read Modified, SLI, 256 bytes
        .byte   0, (inbuf-Z)>>8, (inbuf-Z)&0xFF
        .byte   0x20, 0, 1, 0
ccwww:  .byte   0x01                    # Write
        .byte   0, (wstream-Z)>>8, (wstream-Z)&0xFF
        .byte   0, 0
        .short  wend-wstream
f6:     .long   6
f256:   .long   256
fmax:   .long   DATAMAX
segend: .long   segsend-Z
state:  .byte   ST_IDLE

# The screen (rows and columns from 0; test/system/window.py expects exactly this).
screen: .byte   WCC
        FLD     0, 0, A_PROTHI, "s370 window test"
        FLD     2, 0, A_PROT, "Protected normal"
        FLD     3, 0, A_PROTHI, "Protected intensified"
        FLD     4, 0, A_HIDDEN, "Hidden secret"
        FLD     5, 0, A_INPUT, "Input normal"
        FLD     6, 0, A_INPUTHI, "Input intensified"
        POS     7, 0
        .byte   SFE, 2, 0xC0, A_PROT, 0x42, 0xF6        # yellow
        TXT     "Yellow"
        POS     8, 0
        .byte   SFE, 2, 0xC0, A_PROT, 0x41, 0xF2        # reverse video
        TXT     "Reverse"
        FLD     9, 0, A_PROT, "Name:"
        POS     9, 6
        .byte   SF, A_INPUTHI, IC
        POS     9, 27
        .byte   SF, A_PROT
        FLD     12, 0, A_PROT, "Keys go to the program: row 20 shows the AID, row 21 the name."
        FLD     20, 0, A_PROT, "AID"
        FLD     21, 0, A_PROT, "Data"
screenend:

# The answer: the AID at row 20 column 5, the data at row 21 column 6.
wstream: .byte  WCC
        POS     20, 5
aidpos: .byte   0x40
        POS     21, 6
datapos: .fill  DATAMAX, 1, 0x40
wend:

inbuf:  .fill   256, 1, 0

# ASCII to EBCDIC (code page 037) for the printable characters; others become "?".
        .macro  SEQ from, n
        .set    .Lsq, \from
        .rept   \n
        .byte   .Lsq
        .set    .Lsq, .Lsq+1
        .endr
        .endm
atoe:   .fill   32, 1, 0x6F                                     # 00-1F
        .byte   0x40, 0x5A, 0x7F, 0x7B, 0x5B, 0x6C, 0x50, 0x7D  # 20-27  !"#$%&'
        .byte   0x4D, 0x5D, 0x5C, 0x4E, 0x6B, 0x60, 0x4B, 0x61  # 28-2F ()*+,-./
        SEQ     0xF0, 10                                        # 30-39 0-9
        .byte   0x7A, 0x5E, 0x4C, 0x7E, 0x6E, 0x6F              # 3A-3F :;<=>?
        .byte   0x7C                                            # 40 @
        SEQ     0xC1, 9                                         # A-I
        SEQ     0xD1, 9                                         # J-R
        SEQ     0xE2, 8                                         # S-Z
        .byte   0xBA, 0xE0, 0xBB, 0xB0, 0x6D                    # 5B-5F [\]^_
        .byte   0x79                                            # 60 `
        SEQ     0x81, 9                                         # a-i
        SEQ     0x91, 9                                         # j-r
        SEQ     0xA2, 8                                         # s-z
        .byte   0xC0, 0x4F, 0xD0, 0xA1, 0x6F                    # 7B-7F {|}~ DEL
        .fill   128, 1, 0x6F                                    # 80-FF

        .text   4
segsend:
