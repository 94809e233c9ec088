/* cors_explain.c: SetHandler cors-explain.
 *
 *   GET /cors-explain?url=/api/orders&origin=https://app.example.com
 *                     [&method=PUT][&headers=content-type,x-token]
 *                     [&private-network=true]
 *
 * answers JSON: the policy in force for url on this virtual host (every
 * field after merging, and the file and line of the directives that set
 * it) and the decision cors_decide() makes for the request described: a
 * preflight when method is given, an actual request otherwise.  The URL's
 * configuration is found the way httpd finds it for a request, by a
 * subrequest lookup (<Location>, <Directory>, <Files>, <If> and .htaccess
 * all count); the lookup is never served.
 *
 * Every value given is checked before use and written back only JSON-
 * escaped, with '<', '>', '&' and every byte outside printable ASCII as
 * \u00XX.  Protect the location like server-status (Require local).
 */

#include <string.h>

#include "apr_strings.h"

#include "httpd.h"
#include "http_config.h"
#include "http_protocol.h"
#include "http_request.h"

#include "cors_request.h"
#include "cors_explain.h"

/* The longest value of a parameter, after URL-decoding. */
#define CORS_EXPLAIN_MAX_VALUE 4096

typedef enum {
    CORS_P_URL,
    CORS_P_ORIGIN,
    CORS_P_METHOD,
    CORS_P_HEADERS,
    CORS_P_PRIVATE_NETWORK,
    CORS_P_COUNT
} cors_param;

static const char *const cors_param_names[CORS_P_COUNT] = {
    "url", "origin", "method", "headers", "private-network"
};

/* s as a JSON string (NULL: null), safe to show in any page. */
static const char *cors_json(apr_pool_t *p, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    char *out, *o;

    if (s == NULL) {
        return "null";
    }
    out = o = apr_palloc(p, strlen(s) * 6 + 3);
    *o++ = '"';
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;

        if (ch == '"' || ch == '\\') {
            *o++ = '\\';
            *o++ = (char)ch;
        }
        else if (ch < 0x20 || ch >= 0x7f || ch == '<' || ch == '>'
                 || ch == '&') {
            memcpy(o, "\\u00", 4);
            o[4] = hex[ch >> 4];
            o[5] = hex[ch & 15];
            o += 6;
        }
        else {
            *o++ = (char)ch;
        }
    }
    *o++ = '"';
    *o = '\0';
    return out;
}

/* Reads the query string into v; NULL, or why it can not be explained. */
static const char *cors_explain_parse(request_rec *r, const char **v)
{
    char *args, *pair, *state;
    const char *url;
    int i;

    args = apr_pstrdup(r->pool, r->args ? r->args : "");
    for (pair = apr_strtok(args, "&", &state); pair;
         pair = apr_strtok(NULL, "&", &state)) {
        char *value = strchr(pair, '=');

        if (value) {
            *value++ = '\0';
        }
        else {
            value = pair + strlen(pair);
        }
        if (ap_unescape_urlencoded(pair) != OK) {
            return "a parameter name is not URL-encoded correctly";
        }
        for (i = 0; i < CORS_P_COUNT; i++) {
            if (!strcmp(pair, cors_param_names[i])) {
                break;
            }
        }
        if (i == CORS_P_COUNT) {
            return apr_psprintf(r->pool, "unknown parameter '%.64s' (known: "
                                "url, origin, method, headers, "
                                "private-network)", pair);
        }
        if (v[i]) {
            return apr_psprintf(r->pool, "parameter '%s' is given twice",
                                pair);
        }
        if (ap_unescape_urlencoded(value) != OK) {
            return apr_psprintf(r->pool, "parameter '%s' is not "
                                "URL-encoded correctly", pair);
        }
        if (strlen(value) > CORS_EXPLAIN_MAX_VALUE) {
            return apr_psprintf(r->pool, "parameter '%s' is longer than %d "
                                "bytes", pair, CORS_EXPLAIN_MAX_VALUE);
        }
        v[i] = value;
    }
    if ((url = v[CORS_P_URL]) == NULL) {
        return "missing parameter 'url': the path to explain, such as "
               "url=/api/orders";
    }
    if (url[0] != '/' || url[1] == '/') {
        return "parameter 'url' must be a path of this virtual host, "
               "beginning with one '/'";
    }
    for (; *url; url++) {
        if ((unsigned char)*url < 0x20 || *url == 0x7f) {
            return "parameter 'url' has a control character";
        }
    }
    if (v[CORS_P_PRIVATE_NETWORK]
        && strcmp(v[CORS_P_PRIVATE_NETWORK], "true") != 0) {
        return "parameter 'private-network' can only be 'true'";
    }
    if ((v[CORS_P_METHOD] || v[CORS_P_HEADERS] || v[CORS_P_PRIVATE_NETWORK])
        && !v[CORS_P_ORIGIN]) {
        return "parameters 'method', 'headers' and 'private-network' "
               "describe a preflight, which needs 'origin'";
    }
    return NULL;
}

static void cors_explain_request(request_rec *r, const char **v)
{
    int i;

    ap_rvputs(r, "  \"request\": {\n    \"kind\": \"",
              v[CORS_P_METHOD] ? "preflight" : "actual", "\"", NULL);
    for (i = 0; i < CORS_P_COUNT; i++) {
        ap_rvputs(r, ",\n    \"", cors_param_names[i], "\": ",
                  cors_json(r->pool, v[i]), NULL);
    }
    ap_rputs("\n  },\n", r);
}

/* The policy in force for the URL; status: the lookup's (not 200: the
 * URL could not be mapped completely, and the policy may be partial). */
static void cors_explain_policy(request_rec *r, const cors_dir_conf *c,
                                int status)
{
    int f;

    ap_rprintf(r, "  \"policy\": {\n    \"lookup_status\": %d,\n", status);
    ap_rvputs(r, "    \"active\": ", cors_is_active(c) ? "true" : "false",
              ",\n    \"fields\": {", NULL);
    for (f = 0; f < CORS_F_COUNT; f++) {
        ap_rvputs(r, f ? ",\n" : "\n", "      \"",
                  cors_field_name(f), "\": {\"value\": ",
                  cors_json(r->pool, cors_field_value(r->pool, c, f)),
                  ", \"set_at\": ", cors_json(r->pool, c->set_at[f]), "}",
                  NULL);
    }
    ap_rputs("\n    }\n  },\n", r);
}

/* The headers d writes into a response (the Vary tokens it merges first),
 * as the members of a JSON object. */
static void cors_explain_headers(request_rec *r, const cors_decision *d)
{
    const char *sep = "\n";
    int i;

    if (d->vary) {
        ap_rvputs(r, sep, "      \"Vary\": ",
                  cors_json(r->pool, d->vary->joined), NULL);
        sep = ",\n";
    }
    for (i = 0; i < CORS_H_COUNT; i++) {
        if (d->send[i]) {
            ap_rvputs(r, sep, "      \"", cors_header_name(i), "\": ",
                      cors_json(r->pool, d->send[i]), NULL);
            sep = ",\n";
        }
    }
    ap_rputs(*sep == ',' ? "\n    }" : "}", r);
}

static void cors_explain_decision(request_rec *r, const cors_decision *d)
{
    static const char *const verdicts[] = { "none", "allowed", "refused" };
    const char *check = NULL;

    ap_rputs("  \"decision\": {\n", r);
    if (d == NULL) {
        ap_rputs("    \"CORS\": null,\n    \"verdict\": \"none\",\n"
                 "    \"reason\": \"no CORS policy is active for this URL: "
                 "no origin is allowed there, or CORSEnable is Off\",\n"
                 "    \"headers\": {}\n  }\n", r);
        return;
    }
    if (d->verdict == CORS_REFUSED) {
        /* the reason of the note, kind:refused:reason */
        check = strrchr(d->note, ':') + 1;
    }
    ap_rvputs(r, "    \"CORS\": ", cors_json(r->pool, d->note),
              ",\n    \"verdict\": \"", verdicts[d->verdict],
              "\",\n    \"check\": ", cors_json(r->pool, check),
              ",\n    \"reason\": ", cors_json(r->pool, d->why),
              ",\n    \"value\": ", cors_json(r->pool, d->detail),
              ",\n    \"report_only\": ", d->report_only ? "true" : "false",
              ",\n    \"answered\": ", d->answer ? "true" : "false", NULL);
    if (d->answer) {
        ap_rprintf(r, ",\n    \"status\": %d", d->status);
    }
    /* under ReportOnly nothing is sent: what would be, is shown apart */
    ap_rputs(d->report_only ? ",\n    \"headers\": {},\n"
                              "    \"headers_if_enabled\": {"
                            : ",\n    \"headers\": {", r);
    cors_explain_headers(r, d);
    ap_rputs("\n  }\n", r);
}

/* The mark a running explanation leaves on its request's pool, under a
 * key of the module's own, for the one lookup it makes. */
#define CORS_LOOKUP_KEY "mod_cors:explain-lookup"

typedef struct {
    int running;                        /* the lookup is being made */
    ap_conf_vector_t *per_dir_config;   /* its configuration, at the
                                         * access check */
} cors_lookup;

int cors_explain_lookup(request_rec *r)
{
    void *v = NULL;
    cors_lookup *l;

    if (r->main == NULL || r->main->main != NULL
        || apr_pool_userdata_get(&v, CORS_LOOKUP_KEY, r->main->pool)
           != APR_SUCCESS || (l = v) == NULL || !l->running) {
        return 0;
    }
    if (l->per_dir_config == NULL) {
        l->per_dir_config = r->per_dir_config;
    }
    return 1;
}

/* The request headers of the lookup: the explain request's, with the
 * CORS request headers of the request described in place of its own (so
 * that <If>, SetEnvIf and mod_rewrite conditions on them see those). */
static apr_table_t *cors_described_headers(request_rec *r, const char **v)
{
    static const char *const names[] = {
        "Origin", "Access-Control-Request-Method",
        "Access-Control-Request-Headers",
        "Access-Control-Request-Private-Network"
    };
    const char *values[4];
    apr_table_t *t = apr_table_copy(r->pool, r->headers_in);
    int i;

    values[0] = v[CORS_P_ORIGIN];
    values[1] = v[CORS_P_METHOD];
    values[2] = v[CORS_P_HEADERS];
    values[3] = v[CORS_P_PRIVATE_NETWORK] ? "true" : NULL;
    for (i = 0; i < 4; i++) {
        apr_table_unset(t, names[i]);
        if (values[i]) {
            apr_table_setn(t, names[i], values[i]);
        }
    }
    return t;
}

int cors_explain_handler(request_rec *r)
{
    const char *v[CORS_P_COUNT] = { NULL };
    const cors_dir_conf *c;
    cors_decision *d = NULL;
    cors_lookup *lookup;
    apr_table_t *own;
    request_rec *rr;
    const char *why;

    ap_allow_standard_methods(r, REPLACE_ALLOW, M_GET, -1);
    if (r->method_number != M_GET) {
        return HTTP_METHOD_NOT_ALLOWED;
    }
    ap_set_content_type(r, "application/json");
    apr_table_setn(r->headers_out, "Cache-Control", "no-store");
    apr_table_setn(r->headers_out, "X-Content-Type-Options", "nosniff");
    if ((why = cors_explain_parse(r, v)) != NULL) {
        r->status = HTTP_BAD_REQUEST;
        ap_rvputs(r, "{\"error\": ", cors_json(r->pool, why), "}\n", NULL);
        return OK;
    }

    /* the lookup, with the described request's headers and marked so
     * that only it skips authorization */
    own = r->headers_in;
    r->headers_in = cors_described_headers(r, v);
    lookup = apr_pcalloc(r->pool, sizeof(*lookup));
    lookup->running = 1;
    apr_pool_userdata_setn(lookup, CORS_LOOKUP_KEY, NULL, r->pool);
    rr = ap_sub_req_method_uri(v[CORS_P_METHOD] ? "OPTIONS" : "GET",
                               v[CORS_P_URL], r, NULL);
    lookup->running = 0;
    r->headers_in = own;

    c = ap_get_module_config(lookup->per_dir_config ? lookup->per_dir_config
                             : rr->per_dir_config, &cors_module);
    if (cors_is_active(c)) {
        d = cors_decide(rr, c, 1);
    }
    ap_rputs("{\n", r);
    cors_explain_request(r, v);
    cors_explain_policy(r, c, rr->status);
    cors_explain_decision(r, d);
    ap_rputs("}\n", r);
    ap_destroy_sub_req(rr);
    return OK;
}
