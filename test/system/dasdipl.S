# dasdipl.S - a program IPLed from DASD (`s370 dasd create --ipl`): it checks that
# every word of its 20K text arrived at the address it was assembled for (the text
# spans several 4K records and, on a 3330, several tracks), then writes
# "DASD IPL OK" (or "DASD IPL BAD") on the 3215 console at 01F and ends in a
# disabled wait: address 0 for success, 0x10 for a bad word.
#
# The image is loaded from X'200' on; locations 0-7 are the IPL PSW (dasd/ipltext.c).
        .text
Z:
        .long   0x00000000, start-Z     # IPL PSW: BC mode, disabled, key 0
        .org    Z+0x200
start:  la      3,area-Z                # every word of the area holds its address
        l       5,areaend-Z
check:  c       3,0(3)
        bc      7,bad-Z
        la      3,4(3)
        cr      3,5
        bc      4,check-Z
        la      2,ccwok-Z
        st      2,0x48                  # CAW: key 0, the write CCW
        la      15,0
        b       write-Z
bad:    la      2,ccwbad-Z
        st      2,0x48
        la      15,0x10
write:  la      2,0x01f
        .insn   s,0x9c000000,0(2)       # SIO 01F
        bc      7,fail-Z
tio:    .insn   s,0x9d000000,0(2)       # TIO until the console is done
        bc      2,tio-Z                 # cc 2: busy
        st      15,waitpsw+4-Z
        lpsw    waitpsw-Z
fail:   la      15,0x20
        st      15,waitpsw+4-Z
        lpsw    waitpsw-Z
        .align  8
waitpsw: .long  0x00020000, 0x00000000
ccwok:  .byte   0x09, 0, 0x03, 0x00, 0x00, 0, 0, 11     # write, carriage return
ccwbad: .byte   0x09, 0, 0x03, 0x10, 0x00, 0, 0, 12
areaend: .long  endarea-Z
        .org    Z+0x300
        .byte   0xC4,0xC1,0xE2,0xC4,0x40,0xC9,0xD7,0xD3,0x40,0xD6,0xD2   # DASD IPL OK
        .org    Z+0x310
        .byte   0xC4,0xC1,0xE2,0xC4,0x40,0xC9,0xD7,0xD3,0x40,0xC2,0xC1,0xC4  # ... BAD
        .org    Z+0x400
area:
        .rept   5120
        .long   .-Z
        .endr
endarea:
