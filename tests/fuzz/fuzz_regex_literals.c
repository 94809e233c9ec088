/* libFuzzer target: the literal text of CORSAllowOriginMatch patterns.
 *
 * The input is a pattern body and a subject, split at the first NUL byte.
 * The pattern is "^" body "$", compiled by PCRE2 with the options httpd
 * gives every regex by default (DOTALL, DOLLAR_ENDONLY).  Invariant: when
 * it matches the subject, the subject begins with the prefix and ends with
 * the suffix cors_regex_literals read off the pattern (the request-time
 * filter never turns away an origin the pattern allows).
 */

#define PCRE2_CODE_UNIT_WIDTH 8

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

#include "apr_strings.h"

#include "mod_cors.h"

#include "fuzz_apr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nul = memchr(data, 0, size);
    size_t blen = nul ? (size_t)(nul - data) : size;
    const char *subject = nul ? (const char *)nul + 1 : "";
    size_t slen = nul ? size - blen - 1 : 0;
    apr_pool_t *p;
    char *re;
    const char *prefix, *suffix;
    apr_size_t plen, sflen;
    pcre2_code *code;
    pcre2_match_data *md;
    pcre2_match_context *mc;
    int err, rc;
    PCRE2_SIZE off;

    if (blen > 200 || slen > 200) {
        return 0;                   /* PCRE's time, not ours */
    }
    apr_pool_create(&p, root);
    re = apr_pstrcat(p, "^", apr_pstrmemdup(p, (const char *)data, blen),
                     "$", NULL);
    cors_regex_literals(p, re, &prefix, &plen, &suffix, &sflen);
    if (plen != strlen(prefix) || sflen != strlen(suffix)) {
        abort();
    }
    code = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED,
                         PCRE2_DOTALL | PCRE2_DOLLAR_ENDONLY, &err, &off,
                         NULL);
    if (code) {
        md = pcre2_match_data_create_from_pattern(code, NULL);
        mc = pcre2_match_context_create(NULL);
        pcre2_set_match_limit(mc, 100000);     /* PCRE's time, not ours */
        rc = pcre2_match(code, (PCRE2_SPTR)subject, slen, 0, 0, md, mc);
        if (rc >= 0
            && (slen < plen || slen < sflen
                || memcmp(subject, prefix, plen) != 0
                || memcmp(subject + slen - sflen, suffix, sflen) != 0)) {
            abort();
        }
        pcre2_match_context_free(mc);
        pcre2_match_data_free(md);
        pcre2_code_free(code);
    }
    apr_pool_destroy(p);
    return 0;
}
