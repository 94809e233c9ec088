/* unit.h: what the Check unit tests share: an APR pool per test (a
 * checked fixture) and the runner.  Each test program includes it once. */

#ifndef CORS_UNIT_H
#define CORS_UNIT_H

#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "apr_general.h"
#include "apr_strings.h"

static apr_pool_t *pool;

static void setup(void)
{
    ck_assert_int_eq(apr_pool_create(&pool, NULL), APR_SUCCESS);
}

static void teardown(void)
{
    apr_pool_destroy(pool);
    pool = NULL;
}

#define NELTS(a) (sizeof(a) / sizeof((a)[0]))

static TCase *tcase(const char *name)
{
    TCase *tc = tcase_create(name);

    tcase_add_checked_fixture(tc, setup, teardown);
    return tc;
}

/* Runs a suite; the exit status of the program. */
static int run_suite(Suite *s)
{
    SRunner *sr;
    int failed;

    if (apr_initialize() != APR_SUCCESS) {
        return EXIT_FAILURE;
    }
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    apr_terminate();
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#endif /* CORS_UNIT_H */
