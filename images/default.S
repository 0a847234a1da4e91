# default.S - the s370 default program: a tiny interactive system for 3270 terminals.
#
# What it does
#   Every 3270 display at 00C0-00DF that is (or becomes) ready gets a formatted screen
#   with the machine's CPU ID (STIDP), its main storage size (probed), the TOD clock as
#   a date and time, an input field for the user's name and a PF-key legend.  Enter
#   greets the user by name and refreshes the clock, every other PF and PA key is
#   named on the screen, Clear redraws it, PF3 writes a goodbye screen and ends the
#   session: the terminal is left alone until it presents device end again (a new
#   connection).  Any number of the 32 terminals are served at once; each has its
#   own state and I/O area.  Between interruptions the CPU is in an enabled wait.
#
# How it is loaded
#   images/default.bin is a flat image of storage from absolute 0: `loadcore
#   default.bin 0` and a restart interruption (`restart`) start it (the restart-new PSW
#   at 0 points to `start`).  images/default.deck is the IPL-able card deck made from
#   the same image by ipldeck.S: `ipl 00c` loads storage from 0x200 on and starts it at
#   `start` as well.  Nothing below 0x200 is taken from the image at IPL, so `start`
#   sets up the new PSWs itself.
#
# Interfaces (references)
#   GA22-7000 IBM System/370 Principles of Operation (PoO): BC-mode PSW, interruptions,
#     SIO/TIO and the CSW, STIDP, STCK (bit 51 of the TOD clock is one microsecond),
#     ISK and the addressing exception (interruption code 5).
#   GA23-0059 3270 Data Stream Programmer's Reference: write control character (WCC),
#     orders SBA X'11', SF X'1D', IC X'13', 12/14-bit buffer addresses, field attributes,
#     attention identifiers (AIDs), the inbound Read Modified format.
#   GA23-0061 3274 Description: local channel commands EW X'05', RM X'06'; attention
#     on Enter/PF/PA/Clear, device end when the terminal becomes ready, unit check with
#     intervention required while no terminal is there.
#
# Conventions of this source (GNU as for s390x, -m31)
#   `objcopy -O binary` keeps no relocations, so every address is an absolute difference:
#   code in the first 4K is addressed as `label-Z` with base 0; data (constants, tables,
#   text and static variables) from D = 0x1000 on as `label-D(11)` with R11 = D for the
#   whole run.  The per-terminal areas (DEVAREA, not in the image) are addressed through
#   R10.  Text is written in ASCII (the assembler has no EBCDIC) and translated once,
#   at start, to EBCDIC (code page 037) with TR: it all lies in the text pool (`.text 2`).
#
# Register usage
#   R0, R1, R15  scratch everywhere (level-3 routines use only R1 and R15)
#   R2-R6        scratch in routines of levels 1 and 2 (not kept across calls)
#   R7           output pointer while a data stream or a text is built
#   R8           link of `event`            R9   status rounds left in `event`
#   R10          the terminal's area          R11  D, the data base
#   R12          link of level-3 routines (putsba)
#   R13          link of level-2 routines (puttab, putstr, hexn, decn, decv, div64, leap)
#   R14          link of level-1 routines (fmtclock, buildmenu, buildbye, doinput, startio)

        .text
Z:
        .long   0x00000000, start-Z     # 000 restart-new PSW (loadcore + restart)
        .org    Z+0x200

# ---- start: set up the machine, describe it, greet the terminals that are there ------
start:  l       11,dbase-Z              # R11 = D for the whole run
        mvc     0x58(40,0),newpsws-D(11) # external, SVC, program, machine-check, I/O new
        bal     14,xlate-Z                # text pool to EBCDIC (once)

# CPU ID (PoO: STIDP stores version code, CPU serial number, model number, MCEL length).
        stidp   cpuid-D(11)
        la      7,cpuidtx-D(11)         # "vvssssss mmmmllll (version vv, serial ...)"
        l       1,cpuid-D(11)
        la      2,8
        bal     13,hexn-Z
        mvi     0(7),0x40               # blank
        la      7,1(7)
        l       1,cpuid+4-D(11)
        la      2,8
        bal     13,hexn-Z
        la      1,s_ver-D(11)
        la      2,s_verL
        bal     13,putstr-Z
        sr      1,1
        ic      1,cpuid-D(11)           # version code
        la      2,2
        bal     13,hexn-Z
        la      1,s_ser-D(11)
        la      2,s_serL
        bal     13,putstr-Z
        l       1,cpuid-D(11)           # serial: bytes 1-3
        la      2,6
        bal     13,hexn-Z
        la      1,s_mod-D(11)
        la      2,s_modL
        bal     13,putstr-Z
        sr      1,1
        icm     1,3,cpuid+4-D(11)       # model number
        la      2,4
        bal     13,hexn-Z
        mvi     0(7),0x5D               # ")"
        la      7,1(7)
        la      1,cpuidtx-D(11)
        sr      7,1
        stc     7,cpuidl-D(11)

# Main storage size: ISK every 2K block (the unit of storage keys) from 0 up until the
# addressing exception (PoO: ISK of a nonexistent block, program interruption code 5),
# at most 16M (24-bit addresses).  The program-new PSW points to probend meanwhile.
        mvc     0x68(8,0),probepsw-D(11)
        sr      2,2                     # address of the block
        l       3,f2048-D(11)
probe:  .insn   rr,0x0900,4,2           # ISK 4,2
        ar      2,3
        c       2,f16m-D(11)
        bl      probe-Z
        b       probed-Z
probend: clc    0x2A(2,0),h5-D(11)      # program old PSW: addressing exception?
        bne     fatal-Z
probed: mvc     0x68(8,0),newpsws+16-D(11) # the normal program-new PSW again
        srl     2,10                    # bytes -> K
        la      7,stortx-D(11)
        lr      1,2
        bal     13,decv-Z
        mvi     0(7),0xD2               # "K"
        la      7,1(7)
        la      1,stortx-D(11)
        sr      7,1
        stc     7,stortl-D(11)

# The terminal areas: one per device number of the table, cleared.
        l       10,devarea-D(11)
        la      3,devnums-D(11)
        la      4,NDEV
dinit:  xc      0(256,10),0(10)         # state, flags, name, message
        mvc     DEVNUM(2,10),0(3)
        mvi     STATE(10),ST_IDLE
        la      10,ENTSZ(10)
        la      3,2(3)
        bct     4,dinit-Z

# Greet every terminal as if it had just presented device end: the Erase/Write starts
# on those that are connected, ends in unit check on those that are not (they wait
# for device end), and SIO cc 3 marks numbers that are not configured at all.
        l       10,devarea-D(11)
        la      4,NDEV
greet:  st      4,savecnt-D(11)
        xc      csw-D(8,11),csw-D(11)
        mvi     ustat-D(11),DE
        bal     8,event-Z
        l       4,savecnt-D(11)
        la      10,ENTSZ(10)
        bct     4,greet-Z
        lpsw    waitpsw-D(11)           # enabled wait for I/O interruptions

fatal:  lpsw    deadpsw-D(11)           # unexpected program interruption

# ---- the I/O interruption handler ----------------------------------------------------
# The I/O-new PSW (disabled) brings every interruption here.  BC mode: the device
# address is the interruption code of the I/O old PSW (locations 58-59 hex), the CSW
# at 40 hex (PoO, I/O interruptions).  The waiting PSW has nothing to resume: after
# the event, back to the enabled wait.
ioint:  sr      1,1
        icm     1,3,0x3A                # device address
        mvc     csw-D(8,11),0x40(0)         # CSW: unit status +4, channel status +5, count +6
        l       10,devarea-D(11)
        la      4,NDEV
find:   clm     1,3,DEVNUM(10)
        be      found-Z
        la      10,ENTSZ(10)
        bct     4,find-Z
        lpsw    waitpsw-D(11)           # not one of ours: ignore
found:  bal     8,event-Z
        lpsw    waitpsw-D(11)

# ---- event: what a status means for the terminal at R10, and what comes next -------
# In: R10 terminal, status in csw (ustat, cstat, count).  Link R8.
# A status that SIO stores (cc 1) is handled like one from an interruption, at most
# four rounds, so a device that keeps answering with status cannot make us loop.
#   unit check or a channel error   the terminal is gone: idle, no retry (it comes back
#                                   with device end)
#   device end, our I/O active      that I/O ended: after Read Modified look at the
#                                   input, after the goodbye stop serving
#   device end, nothing active      a terminal turned ready: new session, main screen
#   attention                       Read Modified now (or after the active I/O)
event:  la      9,4
evloop: cli     STATE(10),ST_ABSENT
        ber     8
        tm      cstat-D(11),0xBF        # channel status other than incorrect length
        bnz     evgone-Z
        tm      ustat-D(11),UC
        bo      evgone-Z
        tm      ustat-D(11),ATTN        # attention: remember it
        bz      evnoat-Z
        oi      IOF(10),IO_ATTN
evnoat: tm      ustat-D(11),DE
        bz      evidle-Z
        tm      IOF(10),IO_ACT
        bz      evnew-Z
        tm      IOF(10),IO_READ         # our I/O has ended: which one?
        bo      evread-Z
        tm      IOF(10),IO_BYE
        bo      evbye-Z
        ni      IOF(10),255-IO_ACT      # a screen was written
        b       evidle-Z
evread: ni      IOF(10),255-IO_ACT-IO_READ
        bal     14,doinput-Z              # R15: 1 main screen, 2 goodbye
        ch      15,h2-D(11)
        be      dobye-Z
        b       domenu-Z
evbye:  mvi     IOF(10),0               # session over: serve it again after device end
        mvi     STATE(10),ST_IDLE
        br      8
evnew:  mvi     STATE(10),ST_SESSION    # a terminal is there: new session
        mvi     IOF(10),0
        mvi     NAMEL(10),0
        la      7,MSG(10)
        la      1,s_welc-D(11)
        la      2,s_welcL
        bal     13,putstr-Z
        bal     14,endmsg-Z
        b       domenu-Z
# Nothing active: read if an attention is waiting and the session is on.
evidle: tm      IOF(10),IO_ACT
        bor     8
        tm      IOF(10),IO_ATTN
        bzr     8
        ni      IOF(10),255-IO_ATTN
        cli     STATE(10),ST_SESSION
        bne     evign-Z                 # after the goodbye: keys are ignored
        b       doread-Z
evign:  br      8
evgone: mvi     STATE(10),ST_IDLE
        mvi     IOF(10),0
        br      8

# The three kinds of I/O.  Each builds the CCW in the terminal area and starts it.
domenu: bal     14,fmtclock-Z
        bal     14,buildmenu-Z
        mvi     opflag-D(11),0
        b       doio-Z
dobye:  bal     14,buildbye-Z
        mvi     opflag-D(11),IO_BYE
        b       doio-Z
doread: la      1,INBUF(10)             # Read Modified into INBUF, SLI
        st      1,CCW(10)
        mvi     CCW(10),CMD_RM
        mvc     CCW+4(4,10),ccwrm-D(11)
        mvi     opflag-D(11),IO_READ
doio:   bal     14,startio-Z              # R15 = condition code of SIO
        ltr     15,15
        bnz     doio1-Z
        oc      IOF(1,10),opflag-D(11)  # cc 0: started (SS: length 1, base R10)
        oi      IOF(10),IO_ACT
        br      8
doio1:  ch      15,h1-D(11)
        bne     doio2-Z
        mvc     csw-D(8,11),0x40(0)         # cc 1: CSW stored, take it as the next status
        bct     9,evloop-Z
        br      8
doio2:  ch      15,h3-D(11)
        bne     doio3-Z
        mvi     STATE(10),ST_ABSENT     # cc 3: not operational, never again
doio3:  br      8                       # cc 2: busy; its interruption comes later

# startio: SIO with the CCW in the terminal area (PoO: the CAW at 48 hex, key 0).
# In: R10.  Out: R15 = condition code.  Link R14.
startio: la     1,CCW(10)
        st      1,0x48
        sr      2,2
        icm     2,3,DEVNUM(10)
        .insn   s,0x9c000000,0(2)       # SIO 0(2)
        balr    15,0                    # the cc from bits 2-3 of the link information
        sll     15,2
        srl     15,30
        br      14

# ---- doinput: the answer to Read Modified --------------------------------------------
# GA23-0059: AID, cursor address (2 bytes), then per modified field SBA, its address
# and the data (nulls suppressed); short reads (PA keys, Clear) are the AID alone.
# Takes the name field if it came; writes the message for the key into MSG.
# In: R10, CSW count.  Out: R15 = 1 main screen next, 2 goodbye.  Link R14.
doinput: la     2,INBUF(10)             # R2 = next byte
        lh      3,ccwrm+2-D(11)         # length read = 256 - residual count
        sh      3,csw+6-D(11)
        ar      3,2                     # R3 = end
        mvi     AID(10),0x60            # no AID unless one came
        cr      2,3
        bnl     keys-Z
        mvc     AID(1,10),0(2)
        la      2,3(2)                  # skip AID and cursor address
fields: cr      2,3
        bnl     keys-Z
        cli     0(2),0x11               # SBA starts a field
        be      field1-Z
        la      2,1(2)
        b       fields-Z
field1: sr      4,4                     # R4 = buffer address of the field data
        ic      4,1(2)
        sr      5,5
        ic      5,2(2)
        tm      1(2),0xC0
        bz      addr14-Z                # 14-bit address: both bytes binary
        n       4,f63-D(11)             # 12-bit address: six bits from each byte
        sll     4,6
        n       5,f63-D(11)
        b       addr-Z
addr14: sll     4,8
addr:   or      4,5
        la      2,3(2)                  # R2 = data
        lr      5,2
fend:   cr      5,3                     # R5 = end of the data: next SBA or the end
        bnl     fgot-Z
        cli     0(5),0x11
        be      fgot-Z
        la      5,1(5)
        b       fend-Z
fgot:   ch      4,hnamea-D(11)
        bne     fnext-Z
        lr      6,5                     # the name field: data less trailing blanks
ftrim:  cr      6,2
        bnh     fcopy-Z
        bctr    6,0
        cli     0(6),0x40
        be      ftrim-Z
        la      6,1(6)
fcopy:  sr      6,2                     # R6 = length, at most NAMEMAX
        ch      6,hnamemx-D(11)
        bnh     fcopy1-Z
        lh      6,hnamemx-D(11)
fcopy1: stc     6,NAMEL(10)
        ltr     6,6
        bz      fnext-Z
        bctr    6,0
        ex      6,mvname-Z
fnext:  lr      2,5
        b       fields-Z

# The key: Enter greets, PF3 ends, Clear redraws, PF and PA keys are named.
keys:   la      7,MSG(10)               # the message is built here
        cli     AID(10),AID_ENTER
        be      kenter-Z
        cli     AID(10),AID_PF3
        be      kpf3-Z
        cli     AID(10),AID_CLEAR
        be      kclear-Z
        la      1,pfaids-D(11)          # PF1-PF24: "You pressed PFn."
        la      4,1
kpf:    clc     AID(1,10),0(1)
        be      kpfn-Z
        la      1,1(1)
        la      4,1(4)
        ch      4,h24-D(11)
        bnh     kpf-Z
        la      1,paaids-D(11)          # PA1-PA3
        la      4,1
kpa:    clc     AID(1,10),0(1)
        be      kpan-Z
        la      1,1(1)
        la      4,1(4)
        ch      4,h3-D(11)
        bnh     kpa-Z
        la      1,s_unk-D(11)           # anything else: "Unknown key, AID X'nn'."
        la      2,s_unkL
        bal     13,putstr-Z
        sr      1,1
        ic      1,AID(10)
        la      2,2
        bal     13,hexn-Z
        la      1,s_unk2-D(11)
        la      2,s_unk2L
        bal     13,putstr-Z
        b       kdone-Z
kpfn:   la      1,s_youpf-D(11)
        la      2,s_youpfL
        b       kkey-Z
kpan:   la      1,s_youpa-D(11)
        la      2,s_youpaL
kkey:   bal     13,putstr-Z               # "You pressed PF" / "PA", the number, "."
        lr      1,4
        bal     13,decv-Z
        mvi     0(7),0x4B               # "."
        la      7,1(7)
        b       kdone-Z
kenter: cli     NAMEL(10),0
        be      knoname-Z
        la      1,s_hello-D(11)         # "Hello, NAME! ..."
        la      2,s_helloL
        bal     13,putstr-Z
        bal     13,putname-Z
        la      1,s_hello2-D(11)
        la      2,s_hello2L
        bal     13,putstr-Z
        b       kdone-Z
knoname: la     1,s_noname-D(11)
        la      2,s_nonameL
        bal     13,putstr-Z
        b       kdone-Z
kclear: la      1,s_clear-D(11)
        la      2,s_clearL
        bal     13,putstr-Z
        b       kdone-Z
kpf3:   la      1,s_bye-D(11)           # "Goodbye, NAME." or "Goodbye."
        la      2,s_byeL
        bal     13,putstr-Z
        cli     NAMEL(10),0
        be      kpf3b-Z
        mvi     0(7),0x6B               # ","
        mvi     1(7),0x40
        la      7,2(7)
        bal     13,putname-Z
kpf3b:  mvi     0(7),0x4B               # "."
        la      7,1(7)
        lr      6,14
        bal     14,endmsg-Z
        la      15,2
        br      6
kdone:  lr      6,14
        bal     14,endmsg-Z
        la      15,1
        br      6

# endmsg: the message ends at R7; store its length.  Link R14.
endmsg: la      1,MSG(10)
        lr      0,7
        sr      0,1
        stc     0,MSGL(10)
        br      14

# ---- the screens -----------------------------------------------------------------
# buildmenu: Erase/Write of the main screen into OUTBUF and its CCW.  The fixed text
# comes from menutab; CPU ID, storage, clock, device number, the name field and the
# message are put in here.  In: R10.  Link R14.
buildmenu:
        lr      6,14
        la      7,OUTBUF(10)
        mvi     0(7),WCC                # reset, restore keyboard, reset MDTs
        la      7,1(7)
        la      1,menutab-D(11)
        bal     13,puttab-Z
        la      1,0                     # device number after "Terminal"
        la      15,69
        bal     12,putsba-Z
        sr      1,1
        icm     1,3,DEVNUM(10)
        la      2,4
        bal     13,hexn-Z
        la      1,2                     # CPU ID
        la      15,VALCOL
        bal     12,putsba-Z
        la      1,cpuidtx-D(11)
        sr      2,2
        ic      2,cpuidl-D(11)
        bal     13,putstr-Z
        la      1,3                     # storage size
        la      15,VALCOL
        bal     12,putsba-Z
        la      1,stortx-D(11)
        sr      2,2
        ic      2,stortl-D(11)
        bal     13,putstr-Z
        la      1,4                     # date and time
        la      15,VALCOL
        bal     12,putsba-Z
        la      1,clocktx-D(11)
        la      2,19
        bal     13,putstr-Z
        la      1,NAMEROW               # the name field: unprotected, intensified;
        la      15,NAMECOL-1            # the cursor in it; the name so far
        bal     12,putsba-Z
        mvi     0(7),SF
        mvi     1(7),A_INPUT
        mvi     2(7),IC
        la      7,3(7)
        bal     13,putname-Z
        la      1,NAMEROW               # a protected field ends it
        la      15,NAMECOL+NAMEMAX
        bal     12,putsba-Z
        mvi     0(7),SF
        mvi     1(7),A_PROT
        la      7,2(7)
        la      1,MSGROW                # the message line
        la      15,1
        bal     12,putsba-Z
        bal     13,putmsg-Z
        b       endscr-Z

# buildbye: Erase/Write of the goodbye screen (the message, set by doinput, is the
# goodbye).  In: R10.  Link R14.
buildbye:
        lr      6,14
        la      7,OUTBUF(10)
        mvi     0(7),WCC
        la      7,1(7)
        la      1,byetab-D(11)
        bal     13,puttab-Z
        la      1,BYEROW
        la      15,BYECOL
        bal     12,putsba-Z
        bal     13,putmsg-Z
# The data stream ends at R7: CCW Erase/Write, OUTBUF, its length.
endscr: la      1,OUTBUF(10)
        st      1,CCW(10)
        mvi     CCW(10),CMD_EW
        lr      0,7
        sr      0,1
        st      0,CCW+4(10)             # flags 0, count
        br      6

# ---- level-2 helpers (link R13) -------------------------------------------------
# puttab: a screen table at R1: entries row, column, attribute (X'FF': no SF), text
# length, text address (halfword); X'FF' ends it.  Emits SBA [SF attr] text at R7.
puttab: lr      2,1
pt1:    cli     0(2),0xFF
        ber     13
        sr      1,1
        ic      1,0(2)
        sr      15,15
        ic      15,1(2)
        bal     12,putsba-Z
        cli     2(2),0xFF
        be      pt2-Z
        mvi     0(7),SF
        mvc     1(1,7),2(2)
        la      7,2(7)
pt2:    sr      3,3
        ic      3,3(2)
        sr      4,4
        icm     4,3,4(2)
        ltr     3,3
        bz      pt3-Z
        bctr    3,0
        ex      3,mvtext-Z
        la      7,1(3,7)
pt3:    la      2,6(2)
        b       pt1-Z

# putstr: copy R2 bytes (0-256) from R1 to R7, advance R7.  Uses R2.
putstr: ltr     2,2
        bzr     13
        bctr    2,0
        ex      2,mvstr-Z
        la      7,1(2,7)
        br      13

# putname: the terminal's name (NAMEL bytes) at R7.  putmsg: SF (protected,
# intensified) and the message.  Use R2.
putname: sr     2,2
        ic      2,NAMEL(10)
        la      1,NAME(10)
        b       putstr-Z
putmsg: mvi     0(7),SF
        mvi     1(7),A_HIGH
        la      7,2(7)
        sr      2,2
        ic      2,MSGL(10)
        la      1,MSG(10)
        b       putstr-Z

# hexn: the rightmost R2 (1-8) hex digits of R1 at R7, advance R7.  UNPK spreads the
# nibbles into F0-FF (the last byte is a throwaway), TR makes them 0-9, A-F.
hexn:   st      1,hexw-D(11)
        unpk    hexd-D(9,11),hexw-D(5,11)
        tr      hexd-D(8,11),hextab-240-D(11)
        la      3,hexd+8-D(11)
        sr      3,2
        bctr    2,0
        ex      2,mvdig-Z
        la      7,1(2,7)
        br      13

# decn: R1 (0 to 2**31-1) as R2 (1-15) decimal digits with leading zeros at R7.
# decv: the same without leading zeros (R2 computed).  Use R2, R3.
decv:   la      2,1
        la      3,10
decv1:  cr      1,3
        bl      decn-Z
        la      2,1(2)
        ch      2,h10-D(11)
        bnl     decn-Z
        mh      3,h10-D(11)
        b       decv1-Z
decn:   cvd     1,decw-D(11)
        unpk    decd-D(16,11),decw-D(8,11)
        oi      decd+15-D(11),0xF0      # the sign becomes a zone
        la      3,decd+16-D(11)
        sr      3,2
        bctr    2,0
        ex      2,mvdig-Z
        la      7,1(2,7)
        br      13

# div64: R2:R3 (unsigned 64 bits) divided by R4 (1 to 2**31-1): quotient in R2:R3,
# remainder in R5.  DR divides a signed 64-bit pair by 32 bits but needs the quotient
# in 31 bits, so the dividend goes in four 16-bit digits (schoolbook division): each
# step divides remainder*2**16 + digit, whose quotient is below 2**16.  The dividend
# shifts out at the top of R2:R3 while the quotient digits shift in at the bottom.
# Uses R0, R1, R6.
div64:  sr      5,5
        la      6,4
div1:   sr      0,0                     # R0:R1 = remainder * 2**16 + next digit
        lr      1,5
        sldl    0,16
        lr      5,2
        srl     5,16
        or      1,5
        sldl    2,16
        dr      0,4                     # R0 = remainder, R1 = quotient digit
        or      3,1
        lr      5,0
        bct     6,div1-Z
        br      13

# leap: R15 = 1 if the year in R6 is a leap year (Gregorian), else 0.  Uses R0, R1.
leap:   sr      15,15
        sr      0,0
        lr      1,6
        d       0,f4-D(11)
        ltr     0,0
        bnzr    13                      # not divisible by 4
        sr      0,0
        lr      1,6
        d       0,f100-D(11)
        ltr     0,0
        bnz     leap1-Z                 # divisible by 4, not by 100
        sr      0,0
        lr      1,6
        d       0,f400-D(11)
        ltr     0,0
        bnzr    13                      # a century not divisible by 400
leap1:  la      15,1
        br      13

# ---- level-3 helper (link R12) ---------------------------------------------------
# putsba: SBA order for row R1, column R15 at R7 (GA23-0059: 12-bit buffer address,
# six bits in each byte, coded with the graphic code table).  Uses R1, R15.
putsba: mh      1,h80-D(11)
        ar      1,15
        lr      15,1
        srl     1,6
        n       15,f63-D(11)
        mvi     0(7),SBA
        ic      1,codes-D(1,11)
        stc     1,1(7)
        ic      15,codes-D(15,11)
        stc     15,2(7)
        la      7,3(7)
        br      12

# ---- fmtclock: the TOD clock as "YYYY-MM-DD HH:MM:SS" in clocktx.  Link R14. ---------
# PoO: bit 51 of the TOD clock is one microsecond; the epoch (SYSEPOCH) is taken as
# 1900-01-01 00:00:00.  Seconds = (TOD >> 12) / 10**6, then days and seconds of the
# day, then years and months by counting (Gregorian leap years).
fmtclock:
        lr      6,14
        st      6,savefl-D(11)
        stck    todw-D(11)
        lm      2,3,todw-D(11)
        srdl    2,12                    # microseconds
        l       4,f1e6-D(11)
        bal     13,div64-Z                # seconds since the epoch
        l       4,f86400-D(11)
        bal     13,div64-Z                # R3 = days, R5 = second of the day
        st      5,sod-D(11)
        lh      6,h1900-D(11)           # R6 = year
fy:     bal     13,leap-Z
        lh      1,h365-D(11)
        ar      1,15                    # days in the year
        cr      3,1
        bl      fy1-Z
        sr      3,1
        la      6,1(6)
        b       fy-Z
fy1:    la      4,1                     # R4 = month, R2 -> days in it
        la      2,mdays-D(11)
fm:     lh      1,0(2)
        ch      4,h2-D(11)
        bne     fm1-Z
        ar      1,15                    # February of a leap year
fm1:    cr      3,1
        bl      fm2-Z
        sr      3,1
        la      4,1(4)
        la      2,2(2)
        b       fm-Z
fm2:    la      7,clocktx-D(11)         # YYYY-MM-DD
        st      3,dayw-D(11)
        st      4,monw-D(11)
        lr      1,6
        la      2,4
        bal     13,decn-Z
        mvi     0(7),0x60               # "-"
        la      7,1(7)
        l       1,monw-D(11)
        la      2,2
        bal     13,decn-Z
        mvi     0(7),0x60
        la      7,1(7)
        l       1,dayw-D(11)
        la      1,1(1)
        la      2,2
        bal     13,decn-Z
        mvi     0(7),0x40               # " "
        la      7,1(7)
        sr      0,0                     # HH:MM:SS from the second of the day
        l       1,sod-D(11)
        d       0,f3600-D(11)
        st      0,sod-D(11)             # seconds of the hour
        la      2,2
        bal     13,decn-Z
        mvi     0(7),0x7A               # ":"
        la      7,1(7)
        sr      0,0
        l       1,sod-D(11)
        d       0,f60-D(11)
        st      0,sod-D(11)
        la      2,2
        bal     13,decn-Z
        mvi     0(7),0x7A
        la      7,1(7)
        l       1,sod-D(11)
        la      2,2
        bal     13,decn-Z
        l       14,savefl-D(11)
        br      14

# ---- xlate: the text pool from ASCII to EBCDIC, once.  Link R14. -------------------
xlate:  cli     xlated-D(11),0
        bner    14
        mvi     xlated-D(11),1
        la      2,pool-D(11)
        l       3,poollen-D(11)
xl1:    ch      3,h256-D(11)
        bnh     xl2-Z
        tr      0(256,2),atoe-D(11)
        la      2,256(2)
        sh      3,h256-D(11)
        b       xl1-Z
xl2:    ltr     3,3
        bzr     14
        bctr    3,0
        ex      3,trpool-Z
        br      14

# Targets of EX (the length comes from the register).
mvname: mvc     NAME(1,10),0(2)
mvtext: mvc     0(1,7),0(4)
mvstr:  mvc     0(1,7),0(1)
mvdig:  mvc     0(1,7),0(3)
trpool: tr      0(1,2),atoe-D(11)

        .align  4
dbase:  .long   D-Z
        .org    Z+0x1000                # code must end below D

# ---- data (base R11 = D) ---------------------------------------------------------------
# Symbols of the program.
        .equ    NDEV, 32                # terminals 00C0-00DF
        .equ    ENTSZ, 0x800            # bytes per terminal area
        # a terminal area (R10)
        .equ    DEVNUM, 0x00            # device number (halfword)
        .equ    STATE, 0x02             # ST_...
        .equ    IOF, 0x03               # IO_... flags
        .equ    NAMEL, 0x04             # length of NAME
        .equ    MSGL, 0x05              # length of MSG
        .equ    AID, 0x06               # the last AID
        .equ    CCW, 0x08               # the CCW of the terminal's I/O
        .equ    NAME, 0x10              # the name typed in (EBCDIC, NAMEMAX bytes)
        .equ    MSG, 0x30               # the message line (EBCDIC, up to 80 bytes)
        .equ    INBUF, 0x100            # Read Modified input (256 bytes)
        .equ    OUTBUF, 0x200           # outbound data stream (up to 0x600 bytes)
        .equ    ST_ABSENT, 0            # SIO cc 3: no such device
        .equ    ST_IDLE, 1              # no session: waiting for device end
        .equ    ST_SESSION, 2           # screens are served
        .equ    IO_ACT, 0x80            # an I/O is under way
        .equ    IO_READ, 0x40           # ... it is Read Modified
        .equ    IO_BYE, 0x20            # ... it writes the goodbye screen
        .equ    IO_ATTN, 0x10           # an attention waits for Read Modified
        # unit status (PoO: CSW)
        .equ    ATTN, 0x80
        .equ    DE, 0x04
        .equ    UC, 0x02
        # 3270 (GA23-0059, GA23-0061)
        .equ    CMD_EW, 0x05            # Erase/Write
        .equ    CMD_RM, 0x06            # Read Modified
        .equ    WCC, 0xC3               # reset, keyboard restore, reset MDT
        .equ    SBA, 0x11               # set buffer address
        .equ    SF, 0x1D                # start field
        .equ    IC, 0x13                # insert cursor
        .equ    A_PROT, 0x60            # attribute: protected, normal
        .equ    A_HIGH, 0xE8            # protected, intensified
        .equ    A_INPUT, 0xC8           # unprotected, intensified
        .equ    AID_ENTER, 0x7D
        .equ    AID_PF3, 0xF3
        .equ    AID_CLEAR, 0x6D
        # screen layout (rows and columns from 0)
        .equ    VALCOL, 18              # values of the main screen
        .equ    NAMEROW, 6
        .equ    NAMECOL, 18             # first position of the name field
        .equ    NAMEMAX, 20
        .equ    MSGROW, 8
        .equ    BYEROW, 10
        .equ    BYECOL, 9

        .text   2                       # the text pool, translated at start
pool:
        .text   1
D:
        .align  8
newpsws: .long  0x00020000, 0x00DEE000  # 58 external new: disabled wait DEE000
        .long   0x00020000, 0x00DE5000  # 60 SVC new: disabled wait DE5000
        .long   0x00020000, 0x00DEAD00  # 68 program new: disabled wait DEAD00
        .long   0x00020000, 0x00DECC00  # 70 machine-check new: disabled wait DECC00
        .long   0x00000000, ioint-Z     # 78 I/O new: disabled, ioint
waitpsw: .long  0xFE020000, 0x00000000  # enabled (all channels) wait, BC mode
probepsw: .long 0x00000000, probend-Z   # program new while storage is probed
deadpsw: .long  0x00020000, 0x00DEAD00
todw:   .long   0, 0
decw:   .long   0, 0
cpuid:  .long   0, 0
csw:    .long   0, 0                    # the status being handled
        .equ    ustat, csw+4
        .equ    cstat, csw+5
ccwrm:  .byte   0x20, 0, 1, 0           # RM CCW flags and count: SLI, 256
devarea: .long  0x4000                  # the terminal areas, NDEV * ENTSZ bytes
poollen: .long  poolend-pool
f4:     .long   4
f60:    .long   60
f63:    .long   63
f100:   .long   100
f400:   .long   400
f2048:  .long   2048
f3600:  .long   3600
f86400: .long   86400
f1e6:   .long   1000000
f16m:   .long   0x1000000
        .align  2
h1:     .short  1
h2:     .short  2
h3:     .short  3
h5:     .short  5
h10:    .short  10
h24:    .short  24
h80:    .short  80
h256:   .short  256
h365:   .short  365
h1900:  .short  1900
hnamemx: .short NAMEMAX
hnamea: .short  NAMEROW*80+NAMECOL      # buffer address of the name field's data
mdays:  .short  31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
savecnt: .long  0
savefl: .long   0
sod:    .long   0
dayw:   .long   0
monw:   .long   0
hexw:   .long   0, 0
hexd:   .fill   9, 1, 0
decd:   .fill   16, 1, 0
xlated: .byte   0                       # the pool is EBCDIC
opflag: .byte   0
cpuidl: .byte   0
stortl: .byte   0
cpuidtx: .fill  64, 1, 0x40
stortx: .fill   16, 1, 0x40
clocktx: .fill  19, 1, 0x40
devnums:                                # 00C0, 00C1, ... NDEV of them
        .rept   NDEV
        .short  0x0C0+(.-devnums)/2
        .endr

# AIDs of PF1-PF24 and PA1-PA3 (GA23-0059, attention identification).
pfaids: .byte   0xF1, 0xF2, 0xF3, 0xF4, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9, 0x7A, 0x7B, 0x7C
        .byte   0xC1, 0xC2, 0xC3, 0xC4, 0xC5, 0xC6, 0xC7, 0xC8, 0xC9, 0x4A, 0x4B, 0x4C
paaids: .byte   0x6C, 0x6E, 0x6B

# The graphic code table for 6-bit values in buffer addresses (GA23-0059).
codes:  .byte   0x40, 0xC1, 0xC2, 0xC3, 0xC4, 0xC5, 0xC6, 0xC7
        .byte   0xC8, 0xC9, 0x4A, 0x4B, 0x4C, 0x4D, 0x4E, 0x4F
        .byte   0x50, 0xD1, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7
        .byte   0xD8, 0xD9, 0x5A, 0x5B, 0x5C, 0x5D, 0x5E, 0x5F
        .byte   0x60, 0x61, 0xE2, 0xE3, 0xE4, 0xE5, 0xE6, 0xE7
        .byte   0xE8, 0xE9, 0x6A, 0x6B, 0x6C, 0x6D, 0x6E, 0x6F
        .byte   0xF0, 0xF1, 0xF2, 0xF3, 0xF4, 0xF5, 0xF6, 0xF7
        .byte   0xF8, 0xF9, 0x7A, 0x7B, 0x7C, 0x7D, 0x7E, 0x7F

# Hex digits in EBCDIC, indexed by F0-FF (TR with table address hextab-240).
hextab: .byte   0xF0, 0xF1, 0xF2, 0xF3, 0xF4, 0xF5, 0xF6, 0xF7
        .byte   0xF8, 0xF9, 0xC1, 0xC2, 0xC3, 0xC4, 0xC5, 0xC6

# ASCII to EBCDIC (code page 037) for the printable characters; others become "?".
        .macro  SEQ from, n
        .set    .Lsq, \from
        .rept   \n
        .byte   .Lsq
        .set    .Lsq, .Lsq+1
        .endr
        .endm
atoe:   .byte   0x00                    # 00 stays null
        .fill   31, 1, 0x6F             # 01-1F
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

# Screen tables for puttab.  FLD row, column, attribute, "text": the entry goes here
# (subsection 1), the text into the pool (subsection 2).  X'FF' as attribute: no SF.
        .macro  FLD row, col, attr, text
        .byte   \row, \col, \attr, .Lfe\@-.Lfs\@
        .short  .Lfs\@-Z
        .text   2
.Lfs\@: .ascii  "\text"
.Lfe\@:
        .text   1
        .endm
        .equ    P, A_PROT
        .equ    H, A_HIGH

menutab:
        FLD     0, 1, H, "s370 -- the System/370 default program"
        FLD     0, 59, P, "Terminal"
        FLD     2, 1, P, "CPU ID ........"
        FLD     3, 1, P, "Main storage .."
        FLD     4, 1, P, "TOD clock ....."
        FLD     4, 38, 0xFF, "(epoch 1900)"
        FLD     6, 1, P, "Your name ....."
        FLD     11, 1, P, "Type your name and press Enter.  Every PF and PA key is named above"
        FLD     12, 1, P, "the line; Clear redraws the screen; PF3 ends the session."
        FLD     23, 1, H, "Enter=Greet  PF3=End  PF1-PF24,PA1-PA3=Show the key  Clear=Redraw"
        .byte   0xFF

byetab:
        FLD     0, 1, H, "s370 -- the System/370 default program"
        FLD     12, 9, P, "The session on this terminal has ended.  Disconnect; the next"
        FLD     13, 9, P, "terminal that connects here starts a new session."
        .byte   0xFF

# Text used by the code: STR name, "text" defines name and nameL (its length).
        .macro  STR name, text
\name:  .ascii  "\text"
        .equ    \name\()L, .-\name
        .endm

        .text   2
        STR     s_ver, " (version "
        STR     s_ser, ", serial "
        STR     s_mod, ", model "
        STR     s_welc, "Welcome.  Please type your name and press Enter."
        STR     s_hello, "Hello, "
        STR     s_hello2, "!  The clock has been read again."
        STR     s_noname, "Please type your name first, then press Enter."
        STR     s_clear, "Clear pressed: the screen has been redrawn."
        STR     s_youpf, "You pressed PF"
        STR     s_youpa, "You pressed PA"
        STR     s_unk, "Unknown key: AID X'"
        STR     s_unk2, "'."
        STR     s_bye, "Goodbye"
        .text   3
poolend:
