/* test_general.c - the general instructions, one table row per case (casetab.h). */
#include "casetab.h"

static const struct icase cases[] = {
    /* loads and register arithmetic */
    { "LR", "R2=12345678", "1812", "R1=12345678" },
    { "LTR neg", "R2=80000000", "1212", "R1=80000000 CC=1" },
    { "LTR zero", "R2=0 CC=2", "1212", "R1=0 CC=0" },
    { "LTR pos", "R2=5", "1212", "R1=5 CC=2" },
    { "LCR", "R2=1", "1312", "R1=FFFFFFFF CC=1" },
    { "LCR zero", "R2=0", "1312", "R1=0 CC=0" },
    { "LCR max neg", "R2=80000000", "1312", "R1=80000000 CC=3" },
    { "LCR overflow interrupts", "R2=80000000 PM=8", "1312", "R1=80000000 PGM=08 IA=1002" },
    { "LPR", "R2=FFFFFFFE", "1012", "R1=2 CC=2" },
    { "LPR max neg", "R2=80000000", "1012", "R1=80000000 CC=3" },
    { "LNR", "R2=5", "1112", "R1=FFFFFFFB CC=1" },
    { "LNR zero", "R2=0", "1112", "R1=0 CC=0" },
    { "LNR neg stays", "R2=FFFFFFFF", "1112", "R1=FFFFFFFF CC=1" },
    { "AR", "R1=2 R2=3", "1A12", "R1=5 CC=2" },
    { "AR zero", "R1=FFFFFFFF R2=1", "1A12", "R1=0 CC=0" },
    { "AR overflow", "R1=7FFFFFFF R2=1", "1A12", "R1=80000000 CC=3" },
    { "AR overflow masked on", "R1=7FFFFFFF R2=1 PM=8", "1A12", "R1=80000000 PGM=08" },
    { "SR", "R1=5 R2=7", "1B12", "R1=FFFFFFFE CC=1" },
    { "SR overflow", "R1=80000000 R2=1", "1B12", "R1=7FFFFFFF CC=3" },
    { "ALR carry zero", "R1=FFFFFFFF R2=1", "1E12", "R1=0 CC=2" },
    { "ALR nonzero", "R1=1 R2=1", "1E12", "R1=2 CC=1" },
    { "ALR carry nonzero", "R1=FFFFFFFF R2=2", "1E12", "R1=1 CC=3" },
    { "ALR zero", "R1=0 R2=0", "1E12", "R1=0 CC=0" },
    { "SLR no borrow", "R1=5 R2=3", "1F12", "R1=2 CC=3" },
    { "SLR borrow", "R1=3 R2=5", "1F12", "R1=FFFFFFFE CC=1" },
    { "SLR zero", "R1=5 R2=5", "1F12", "R1=0 CC=2" },
    { "NR", "R1=FF00FF00 R2=0F0F0F0F", "1412", "R1=0F000F00 CC=1" },
    { "NR zero", "R1=F0 R2=0F", "1412", "R1=0 CC=0" },
    { "OR", "R1=F0 R2=0F", "1612", "R1=FF CC=1" },
    { "XR self", "R1=1234", "1711", "R1=0 CC=0" },
    { "CR low", "R1=FFFFFFFF R2=1", "1912", "CC=1" },
    { "CR equal", "R1=7 R2=7", "1912", "CC=0" },
    { "CLR high", "R1=FFFFFFFF R2=1", "1512", "CC=2" },
    { "MR", "R3=3 R4=FFFFFFFE", "1C24", "R2=FFFFFFFF R3=FFFFFFFA" },
    { "MR large", "R3=7FFFFFFF R4=7FFFFFFF", "1C24", "R2=3FFFFFFF R3=00000001" },
    { "MR odd", "", "1C34", "PGM=06" },
    { "DR", "R2=0 R3=7 R4=2", "1D24", "R2=1 R3=3" },
    { "DR negative", "R2=FFFFFFFF R3=FFFFFFF9 R4=2", "1D24", "R2=FFFFFFFF R3=FFFFFFFD" },
    { "DR by zero", "R2=0 R3=7 R4=0", "1D24", "PGM=09 R2=0 R3=7" },
    { "DR quotient too big", "R2=1 R3=0 R4=1", "1D24", "PGM=09 R2=1 R3=0" },
    { "DR odd", "", "1D34", "PGM=06" },
    /* branches */
    { "BALR link BC", "R2=2000 CC=2 PM=3", "0512", "R1=63001002 IA=2000" },
    { "BALR no branch", "CC=1", "0510", "R1=50001002 IA=1002" },
    { "BALR same reg", "R1=3000", "0511", "R1=40001002 IA=3000" },
    { "BCR taken", "R2=3000", "07F2", "IA=3000" },
    { "BCR not taken", "R2=3000 CC=1", "0782", "IA=1002" },
    { "BCR cc0", "R2=3000 CC=0", "0782", "IA=3000" },
    { "BCTR branch", "R1=2 R2=3000", "0612", "R1=1 IA=3000" },
    { "BCTR falls", "R1=1 R2=3000", "0612", "R1=0 IA=1002" },
    { "BCTR r2 zero", "R1=5", "0610", "R1=4 IA=1002" },
    { "BC taken", "", "47F00800", "IA=800" },
    { "BC not taken", "CC=1", "47800800", "IA=1004" },
    { "BC index", "R1=10 R2=20", "47F12800", "IA=830" },
    { "BCT", "R1=1", "46100800", "R1=0 IA=1004" },
    { "BCT branch", "R1=0", "46100800", "R1=FFFFFFFF IA=800" },
    { "BAL", "CC=1", "45E00800", "RE=90001004 IA=800" },
    { "BXH branch", "R2=10 R4=1 R5=10", "86240800", "R2=11 IA=800" },
    { "BXH no", "R2=5 R4=1 R5=10", "86240800", "R2=6 IA=1004" },
    { "BXLE branch", "R2=5 R4=1 R5=10", "87240800", "R2=6 IA=800" },
    { "BXLE odd r3 compares itself", "R1=1 R3=1", "87130800", "R1=2 IA=1004" },
    { "BXLE negative incr", "R2=5 R4=FFFFFFFF R5=3", "87240800", "R2=4 IA=1004" },
    /* RX loads and stores */
    { "LA 24-bit", "R2=FF000010 R3=20", "4112300F", "R1=0000003F" },
    { "LA wraps", "R2=FFFFFF", "41102001", "R1=0" },
    { "L", "M800=12345678", "58100800", "R1=12345678" },
    { "L unaligned", "M801=12345678", "58100801", "R1=12345678" },
    { "ST", "R1=AABBCCDD", "50100800", "M800=AABBCCDD" },
    { "LH sign", "M800=8001", "48100800", "R1=FFFF8001" },
    { "STH", "R1=12345678", "40100800", "M800=5678" },
    { "IC", "R1=11223344 M800=AA", "43100800", "R1=112233AA" },
    { "STC", "R1=123456AA", "42100800", "M800=AA" },
    { "CH", "R1=FFFFFFFF M800=FFFF", "49100800", "CC=0" },
    { "AH overflow", "R1=7FFFFFFF M800=0001", "4A100800", "R1=80000000 CC=3" },
    { "SH", "R1=1 M800=0001", "4B100800", "R1=0 CC=0" },
    { "MH", "R1=3 M800=FFFE", "4C100800", "R1=FFFFFFFA" },
    { "N", "R1=FFFF0000 M800=0F0F0F0F", "54100800", "R1=0F0F0000 CC=1" },
    { "O", "R1=0 M800=00000000", "56100800", "R1=0 CC=0" },
    { "X", "R1=FFFFFFFF M800=0000FFFF", "57100800", "R1=FFFF0000 CC=1" },
    { "CL", "R1=1 M800=80000000", "55100800", "CC=1" },
    { "C", "R1=1 M800=80000000", "59100800", "CC=2" },
    { "A", "R1=1 M800=00000002", "5A100800", "R1=3 CC=2" },
    { "S", "R1=1 M800=00000002", "5B100800", "R1=FFFFFFFF CC=1" },
    { "AL", "R1=FFFFFFFF M800=00000001", "5E100800", "R1=0 CC=2" },
    { "SL", "R1=1 M800=00000001", "5F100800", "R1=0 CC=2" },
    { "M", "R3=3 M800=00000004", "5C200800", "R2=0 R3=C" },
    { "M odd", "", "5C300800", "PGM=06" },
    { "D", "R2=0 R3=64 M800=0000000A", "5D200800", "R2=0 R3=A" },
    { "D by zero", "R2=0 R3=64 M800=00000000", "5D200800", "PGM=09" },
    /* shifts */
    { "SRL", "R1=F0000000", "88100004", "R1=0F000000" },
    { "SRL 32", "R1=F0000000", "88100020", "R1=0" },
    { "SLL", "R1=0F000001", "89100004", "R1=F0000010" },
    { "SLL amount from reg", "R1=1 R2=3F", "89102000", "R1=0" },
    { "SRA", "R1=F0000000", "8A100004", "R1=FF000000 CC=1" },
    { "SRA 63", "R1=80000000", "8A10003F", "R1=FFFFFFFF CC=1" },
    { "SRA zero", "R1=7", "8A100004", "R1=0 CC=0" },
    { "SLA overflow", "R1=40000000", "8B100001", "R1=0 CC=3" },
    { "SLA overflow interrupts", "R1=40000000 PM=8", "8B100001", "R1=0 PGM=08" },
    { "SLA negative", "R1=C0000000", "8B100001", "R1=80000000 CC=1" },
    { "SLA positive", "R1=1", "8B100004", "R1=10 CC=2" },
    { "SRDL", "R2=1 R3=0", "8C200004", "R2=0 R3=10000000" },
    { "SLDL", "R2=0 R3=F0000000", "8D200004", "R2=F R3=0" },
    { "SRDA", "R2=FFFFFFFF R3=0", "8E200020", "R2=FFFFFFFF R3=FFFFFFFF CC=1" },
    { "SLDA overflow", "R2=40000000 R3=0", "8F200001", "R2=0 R3=0 CC=3" },
    { "SLDA", "R2=0 R3=80000000", "8F200001", "R2=1 R3=0 CC=2" },
    { "SRDL odd", "", "8C300004", "PGM=06" },
    /* multiple registers, masks */
    { "STM", "R1=1 R2=2 R3=3", "90130800", "M800=000000010000000200000003" },
    { "STM wrap", "RF=1 R0=2 R1=3", "90F10800", "M800=000000010000000200000003" },
    { "LM", "M800=0000000A0000000B", "98120800", "R1=A R2=B" },
    { "LM wrap", "M800=0000000A0000000B0000000C", "98E00800", "RE=A RF=B R0=C" },
    { "ICM", "M800=8012", "BF1A0800", "R1=80001200 CC=1" },
    { "ICM zero mask", "R1=5 CC=2", "BF100800", "R1=5 CC=0" },
    { "ICM zeros", "R1=FFFFFFFF M800=0000", "BF130800", "R1=FFFF0000 CC=0" },
    { "ICM positive", "M800=7F", "BF180800", "R1=7F000000 CC=2" },
    { "STCM", "R1=11223344", "BE150800", "M800=2244" },
    { "CLM equal", "R1=11223344 M800=2244", "BD150800", "CC=0" },
    { "CLM low", "R1=11223344 M800=2245", "BD150800", "CC=1" },
    /* SI */
    { "TM ones", "M800=F0", "91F00800", "CC=3" },
    { "TM mixed", "M800=10", "91F00800", "CC=1" },
    { "TM zeros", "M800=0F", "91F00800", "CC=0" },
    { "TM mask zero", "M800=FF", "91000800", "CC=0" },
    { "MVI", "", "92AB0800", "M800=AB" },
    { "CLI", "M800=20", "95100800", "CC=2" },
    { "NI", "M800=0F", "94F00800", "M800=00 CC=0" },
    { "OI", "M800=10", "96010800", "M800=11 CC=1" },
    { "XI", "M800=FF", "97FF0800", "M800=00 CC=0" },
    { "TS free", "M800=00", "93000800", "M800=FF CC=0" },
    { "TS busy", "M800=80", "93000800", "M800=FF CC=1" },
    /* interlocked */
    { "CS equal", "R1=1 R3=5 M800=00000001", "BA130800", "M800=00000005 CC=0" },
    { "CS unequal", "R1=1 R3=5 M800=00000002", "BA130800", "R1=2 M800=00000002 CC=1" },
    { "CS unaligned", "", "BA130801", "PGM=06" },
    { "CDS equal", "R2=0 R3=1 R4=2 R5=3 M800=0000000000000001", "BB240800", "M800=0000000200000003 CC=0" },
    { "CDS unequal", "R2=0 R3=1 M800=0000000900000008", "BB240800", "R2=9 R3=8 CC=1" },
    { "CDS odd", "", "BB340800", "PGM=06" },
    /* SS */
    { "MVC", "M900=01020304", "D20308000900", "M800=01020304" },
    { "MVC propagate", "M800=AA", "D20308010800", "M800=AAAAAAAAAA" },
    { "MVC across blocks", "M900=0102030405", "D20407FE0900", "M7FE=0102030405" },
    { "MVN", "M800=1234 M900=5678", "D10108000900", "M800=1638" },
    { "MVZ", "M800=1234 M900=5678", "D30108000900", "M800=5274" },
    { "NC", "M800=FF00 M900=0F0F", "D40108000900", "M800=0F00 CC=1" },
    { "OC", "M800=F000 M900=000F", "D60108000900", "M800=F00F CC=1" },
    { "XC clear", "M800=12345678", "D70308000800", "M800=00000000 CC=0" },
    { "CLC low", "M800=C1C2C3 M900=C1C2C4", "D50208000900", "CC=1" },
    { "CLC equal", "M800=C1C2C3 M900=C1C2C3", "D50208000900", "CC=0" },
    { "CLC high", "M800=C2 M900=C1", "D50008000900", "CC=2" },
    { "TR", "M800=000102 M900=C1C2C3", "DC0208000900", "M800=C1C2C3" },
    { "TRT hit", "R1=FF000000 M800=00010203 M900=000055", "DD0308000900", "R1=FF000802 R2=55 CC=1" },
    { "TRT last", "M800=0002 M900=000055", "DD0108000900", "R1=801 R2=55 CC=2" },
    { "TRT none", "R1=7 M800=0000", "DD0108000900", "R1=7 CC=0" },
    /* long moves and compares */
    { "MVCL pad", "R2=800 R3=4 R4=900 R5=40000002 M900=1122", "0E24",
      "M800=11224040 CC=2 R2=804 R3=0 R4=902 R5=40000000" },
    { "MVCL equal", "R2=800 R3=2 R4=900 R5=2 M900=ABCD", "0E24", "M800=ABCD CC=0" },
    { "MVCL short", "R2=800 R3=1 R4=900 R5=2 M900=ABCD M801=00", "0E24", "M800=AB00 CC=1 R5=1" },
    { "MVCL overlap", "R2=801 R3=4 R4=800 R5=4 M800=01020304", "0E24", "CC=3 M800=01020304" },
    { "MVCL zero lengths", "R2=800 R3=0 R4=900 R5=0", "0E24", "CC=0" },
    { "MVCL odd", "", "0E35", "PGM=06" },
    { "CLCL pad equal", "R2=800 R3=3 R4=900 R5=40000002 M800=C1C240 M900=C1C2", "0F24",
      "CC=0 R2=803 R3=0 R4=902 R5=40000000" },
    { "CLCL unequal", "R2=800 R3=2 R4=900 R5=2 M800=C1C3 M900=C1C2", "0F24",
      "CC=2 R2=801 R3=1 R4=901 R5=1" },
    { "CLCL odd", "", "0F13", "PGM=06" },
    /* EX, SPM, SVC */
    { "EX MVC", "R1=3 M900=D20008000A00 MA00=01020304", "44100900", "M800=01020304 IA=1004" },
    { "EX branch", "M900=47F00800", "44000900", "IA=800" },
    { "EX of EX", "M900=44000900", "44000900", "PGM=03" },
    { "EX odd", "", "44000901", "PGM=06" },
    { "EX target fault reports EX", "M900=0000", "44000900", "PGM=01 M28=0000000180001004" },
    { "SPM", "R1=2A000000", "0410", "CC=2" },
    { "SVC", "CC=1", "0A05", "M20=0000000550001002 IA=0" },
    /* exceptions */
    { "operation 00", "", "0000", "PGM=01 M28=0000000140001002" },
    { "operation 6-byte", "", "E80000000000", "PGM=01 IA=1006" },
    { "privileged SSK", "PROB", "0812", "PGM=02" },
    { "addressing", "R2=00200000", "58102000", "PGM=05" },
    { "store protection", "KEY=1 SK800=20", "50100800", "PGM=04" },
    { "store key match", "KEY=2 SK800=20 R1=7", "50100800", "M800=00000007" },
    { "fetch protection", "KEY=1 SK800=28", "58100800", "PGM=04" },
    { "fetch unprotected", "KEY=1 SK800=20 M800=00000009", "58100800", "R1=9" },
    { "key 0 bypasses", "SK800=F8 R1=3", "50100800", "M800=00000003" },
    { "change bit set", "SK800=00", "50100800", "SK800=06" },
    { "reference bit set", "SK800=00", "58100800", "SK800=04" },
};

START_TEST(t_case)
{
    icase_run(&cases[_i]);
}
END_TEST

/* MVCL moves more than one block and keeps the pad byte when the source ends. */
START_TEST(t_mvcl_long)
{
    struct harness h;
    h_setup(&h, 1);
    for (int i = 0; i < 0x3000; i++) h.m.mainstor[0x10000 + i] = (uint8_t)i;
    h.c->gr[2] = 0x20000; h.c->gr[3] = 0x4000;
    h.c->gr[4] = 0x10000; h.c->gr[5] = 0x5B003000;
    ck_assert_int_eq(h_exec(&h, 0x1000, "0E24"), 0);
    ck_assert_int_eq(memcmp(h.m.mainstor + 0x20000, h.m.mainstor + 0x10000, 0x3000), 0);
    ck_assert_int_eq(h.m.mainstor[0x23000], 0x5B);
    ck_assert_int_eq(h.m.mainstor[0x23FFF], 0x5B);
    ck_assert_int_eq(h.c->psw.cc, 2);
    ck_assert_uint_eq(h.c->gr[2], 0x24000);
    ck_assert_uint_eq(h.c->gr[3], 0);
    h_teardown(&h);
}
END_TEST

/* An addressing exception in the middle of MVCL leaves the registers at the point
 * reached (PoO: MVCL is interruptible; registers show progress). */
START_TEST(t_mvcl_partial)
{
    struct harness h;
    h_setup(&h, 1);
    h.c->gr[2] = 0x0FF800; h.c->gr[3] = 0x1000;
    h.c->gr[4] = 0x1000; h.c->gr[5] = 0x1000;
    ck_assert_int_eq(h_exec(&h, 0x2000, "0E24"), PGM_ADDRESSING);
    ck_assert_uint_eq(h.c->gr[2], 0x100000);
    ck_assert_uint_eq(h.c->gr[3], 0x800);
    h_teardown(&h);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("general");
    TCase *tc = tcase_create("cases");
    tcase_add_loop_test(tc, t_case, 0, (int)(sizeof cases / sizeof cases[0]));
    tcase_add_test(tc, t_mvcl_long);
    tcase_add_test(tc, t_mvcl_partial);
    suite_add_tcase(s, tc);
    SRunner *r = srunner_create(s);
    srunner_run_all(r, CK_NORMAL);
    int f = srunner_ntests_failed(r);
    srunner_free(r);
    return f ? 1 : 0;
}
