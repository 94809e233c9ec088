/* libFuzzer target: Access-Control-Request-Headers parsing.
 *
 * Invariants: OK means at most 128 names, each a non-empty lowercase
 * token, an input of at most 8192 bytes, and a joined value equal to the
 * names joined with ", "; TOO_LONG exactly when the input exceeds 8192
 * bytes.  cors_check_request_headers, the copy-free check used per
 * request, gives the same verdict with every parsed name allowed, and
 * NOT_ALLOWED (or OK when no name is sent) with none allowed.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "apr_strings.h"

#include "mod_cors.h"

#include "fuzz_apr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p;
    apr_array_header_t *names;
    const char *joined, *bad;
    char *value, *expect = NULL;
    cors_rh_result rc, rc2;
    int i;

    apr_pool_create(&p, root);
    value = apr_pstrmemdup(p, (const char *)data, size);
    rc = cors_parse_request_headers(p, value, &names, &joined, &bad);
    if ((strlen(value) > CORS_MAX_REQUEST_HEADERS_BYTES)
        != (rc == CORS_RH_TOO_LONG)) {
        abort();
    }
    if (rc == CORS_RH_OK) {
        if (names->nelts > CORS_MAX_REQUEST_HEADERS) {
            abort();
        }
        for (i = 0; i < names->nelts; i++) {
            const char *n = APR_ARRAY_IDX(names, i, const char *);
            const char *c;
            if (!cors_is_token(n, strlen(n))) {
                abort();
            }
            for (c = n; *c; c++) {
                if (*c >= 'A' && *c <= 'Z') {
                    abort();
                }
            }
            expect = expect ? apr_pstrcat(p, expect, ", ", n, NULL)
                            : apr_pstrdup(p, n);
        }
        if ((expect == NULL) != (joined == NULL)
            || (expect && strcmp(expect, joined) != 0)) {
            abort();
        }
    }
    else if (rc == CORS_RH_BAD_TOKEN && (bad == NULL || *bad == '\0')) {
        abort();
    }
    {
        cors_token_list *all = cors_token_list_make(p, 1);
        const char *cbad;
        apr_size_t cbad_len;
        int n;

        for (i = 0; rc == CORS_RH_OK && i < names->nelts; i++) {
            cors_token_list_add(p, all, APR_ARRAY_IDX(names, i,
                                                      const char *));
        }
        if (cors_check_request_headers(all, value, &n, &cbad, &cbad_len)
            != rc || (rc == CORS_RH_OK && n != names->nelts)) {
            abort();
        }
        rc2 = cors_check_request_headers(NULL, value, &n, &cbad, &cbad_len);
        if (rc == CORS_RH_OK
            ? rc2 != (names->nelts ? CORS_RH_NOT_ALLOWED : CORS_RH_OK)
            : rc2 != rc) {
            abort();
        }
        if (rc2 != CORS_RH_OK && rc2 != CORS_RH_TOO_LONG
            && rc2 != CORS_RH_TOO_MANY
            && (cbad < value || cbad + cbad_len > value + strlen(value))) {
            abort();
        }
    }
    apr_pool_destroy(p);
    return 0;
}
