/* libFuzzer target: a request Origin against a fixed policy.
 *
 * Invariant: cors_origin_set_match says MATCH exactly when an independent,
 * slow and obviously correct reference matcher written here does, and so
 * does cors_origin_set_allows (which skips the syntax check where no
 * wildcard needs it: a second set holds the exact origins alone); neither
 * ever reads outside the input (ASan: the input is copied to a buffer of
 * its exact size, without a terminating NUL).
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "apr_general.h"

#include "cors_origin.h"

#include "fuzz_reference.h"

static apr_pool_t *pool;
static cors_origin_set *set;
/* the exact origins alone, where cors_origin_set_allows skips the syntax
 * check that wildcards need */
static cors_origin_set *exact_set;

static const char *const exact[] = {
    "https://app.example.com", "http://localhost:8080", "http://[::1]:3000",
    NULL
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static const char *const patterns[] = {
        "HTTPS://App.Example.com:443", "http://localhost:8080",
        "http://[0:0::1]:3000", "https://*.example.org", "http://localhost:*",
        "null", NULL
    };
    int i;

    (void)argc;
    (void)argv;
    apr_initialize();
    apr_pool_create(&pool, NULL);
    set = cors_origin_set_make(pool);
    exact_set = cors_origin_set_make(pool);
    for (i = 0; patterns[i]; i++) {
        cors_pattern p;
        if (cors_pattern_parse(pool, patterns[i], &p) != NULL) {
            abort();
        }
        cors_origin_set_add(pool, set, &p);
        if (p.kind == CORS_PAT_EXACT) {
            cors_origin_set_add(pool, exact_set, &p);
        }
    }
    return 0;
}

/* 1 when s[0..n) is one of the exact origins. */
static int ref_exact(const char *s, size_t n)
{
    int i;

    for (i = 0; exact[i]; i++) {
        if (strlen(exact[i]) == n && memcmp(s, exact[i], n) == 0) {
            return 1;
        }
    }
    return 0;
}

static int ref_match(const char *s, size_t n)
{
    static const char lh[] = "http://localhost";
    static const char pre[] = "https://", suf[] = ".example.org";

    if (n == 4 && memcmp(s, "null", 4) == 0) {
        return 1;
    }
    if (ref_exact(s, n)) {
        return 1;
    }
    if (n >= sizeof(lh) - 1 && memcmp(s, lh, sizeof(lh) - 1) == 0
        && ref_port(s + sizeof(lh) - 1, n - (sizeof(lh) - 1))) {
        return 1;
    }
    if (n > sizeof(pre) - 1 + sizeof(suf) - 1
        && memcmp(s, pre, sizeof(pre) - 1) == 0
        && memcmp(s + n - (sizeof(suf) - 1), suf, sizeof(suf) - 1) == 0
        && ref_labels(s + sizeof(pre) - 1,
                      n - (sizeof(pre) - 1) - (sizeof(suf) - 1))) {
        return 1;
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *copy = malloc(size ? size : 1);
    cors_origin_result got;
    int want;

    memcpy(copy, data, size);
    got = cors_origin_set_match(set, copy, size);
    want = size <= CORS_MAX_ORIGIN_LEN && ref_match(copy, size);
    if ((got == CORS_ORIGIN_MATCH) != want) {
        abort();
    }
    if ((cors_origin_set_allows(set, copy, size) == CORS_ORIGIN_MATCH)
        != want) {
        abort();
    }
    want = size <= CORS_MAX_ORIGIN_LEN && ref_exact(copy, size);
    if ((cors_origin_set_match(exact_set, copy, size) == CORS_ORIGIN_MATCH)
        != want
        || (cors_origin_set_allows(exact_set, copy, size)
            == CORS_ORIGIN_MATCH) != want) {
        abort();
    }
    free(copy);
    return 0;
}
