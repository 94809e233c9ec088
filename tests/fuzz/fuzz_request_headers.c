/* libFuzzer target: Access-Control-Request-Headers parsing and checking.
 *
 * Invariants: OK means at most 128 names, each a non-empty token within
 * the input; TOO_LONG exactly when the input exceeds 8192 bytes;
 * BAD_TOKEN names a non-empty element.  The check agrees with the parse
 * when every parsed name is allowed (in another case), and says
 * NOT_ALLOWED (or OK when no name is sent) when none is, naming the first
 * name.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "apr_strings.h"

#include "cors_tokens.h"

#include "fuzz_apr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p;
    apr_array_header_t *names, *checked;
    cors_token_list *all;
    const char *bad, *cbad;
    char *value;
    cors_rh_result rc, rc2;
    int i;

    apr_pool_create(&p, root);
    value = apr_pstrmemdup(p, (const char *)data, size);
    rc = cors_request_headers_parse(p, value, &names, &bad);
    if ((strlen(value) > CORS_MAX_REQUEST_HEADERS_BYTES)
        != (rc == CORS_RH_TOO_LONG)) {
        abort();
    }
    if (rc == CORS_RH_BAD_TOKEN && (bad == NULL || *bad == '\0')) {
        abort();
    }
    all = cors_token_list_make(p, 1);
    for (i = 0; rc == CORS_RH_OK && i < names->nelts; i++) {
        const cors_name *n = &APR_ARRAY_IDX(names, i, cors_name);
        char *upper = apr_pstrmemdup(p, n->start, n->len), *c;

        if (i >= CORS_MAX_REQUEST_HEADERS || !cors_is_token(n->start, n->len)
            || n->start < value || n->start + n->len > value + size) {
            abort();
        }
        for (c = upper; *c; c++) {
            *c = (char)(*c >= 'a' && *c <= 'z' ? *c - 32 : *c);
        }
        cors_token_list_add(p, all, upper);
    }
    if (cors_request_headers_check(p, all, value, &checked, &cbad) != rc) {
        abort();
    }
    rc2 = cors_request_headers_check(p, NULL, value, &checked, &cbad);
    if (rc == CORS_RH_OK
        ? rc2 != (names->nelts ? CORS_RH_NOT_ALLOWED : CORS_RH_OK)
        : rc2 != rc) {
        abort();
    }
    if (rc2 == CORS_RH_NOT_ALLOWED
        && (strlen(cbad) != APR_ARRAY_IDX(names, 0, cors_name).len
            || memcmp(cbad, APR_ARRAY_IDX(names, 0, cors_name).start,
                      strlen(cbad)) != 0)) {
        abort();
    }
    apr_pool_destroy(p);
    return 0;
}
