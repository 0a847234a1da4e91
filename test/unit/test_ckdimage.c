/* test_ckdimage.c - unit tests (placeholder until the DASD image layer lands). */
#include "harness.h"

START_TEST(t_placeholder) { ck_assert_int_eq(1, 1); }
END_TEST

int main(void)
{
    Suite *s = suite_create("ckdimage");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, t_placeholder);
    suite_add_tcase(s, tc);
    SRunner *r = srunner_create(s);
    srunner_run_all(r, CK_NORMAL);
    int f = srunner_ntests_failed(r);
    srunner_free(r);
    return f ? 1 : 0;
}
