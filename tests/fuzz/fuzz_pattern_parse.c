/* libFuzzer target: the configuration-side origin-pattern parser.
 *
 * Invariants: an accepted exact pattern is a well-formed serialised origin
 * that matches itself through a set; scheme and host are lowercase; a
 * subdomain wildcard has a non-empty suffix beginning with a dot.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "apr_strings.h"

#include "cors_origin.h"

#include "fuzz_apr.h"

static int has_upper(const char *s)
{
    for (; *s; s++) {
        if (*s >= 'A' && *s <= 'Z') {
            return 1;
        }
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p;
    cors_pattern pat;
    cors_origin_parts parts;
    const char *arg;

    if (size > 4096) {
        return 0;
    }
    apr_pool_create(&p, root);
    arg = apr_pstrmemdup(p, (const char *)data, size);
    if (cors_pattern_parse(p, arg, &pat) == NULL) {
        if (pat.kind == CORS_PAT_EXACT) {
            cors_origin_set *set = cors_origin_set_make(p);
            if (!cors_origin_split(pat.origin, strlen(pat.origin), &parts)
                && strlen(pat.origin) <= CORS_MAX_ORIGIN_LEN) {
                abort();
            }
            cors_origin_set_add(p, set, &pat);
            if (cors_origin_set_match(set, pat.origin, strlen(pat.origin))
                != CORS_ORIGIN_MATCH
                && strlen(pat.origin) <= CORS_MAX_ORIGIN_LEN) {
                abort();
            }
        }
        if (pat.kind == CORS_PAT_EXACT || pat.kind == CORS_PAT_WILDCARD) {
            if (has_upper(pat.scheme) || has_upper(pat.host)) {
                abort();
            }
            if (pat.subdomains && (pat.host[0] != '.' || pat.host[1] == '\0'))
            {
                abort();
            }
        }
    }
    apr_pool_destroy(p);
    return 0;
}
