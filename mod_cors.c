/* Licensed under the Apache License, Version 2.0.
 *
 * mod_cors.c: the server side of the CORS protocol (WHATWG Fetch Standard)
 * for Apache httpd 2.4: the module record, its hooks and its filter.
 *
 * Directives (server config, virtual host, directory, .htaccess with
 * AllowOverride FileInfo), read by cors_config.c:
 *
 *   CORSAllowOrigin origin-pattern ...   exact, *.subdomain, :* port, *, null
 *   CORSAllowOriginMatch regex ...       anchored PCRE (^...$)
 *   CORSAllowOriginMap map ...           txt:path, dbm[=type]:path,
 *                                        dbd:"SQL query" (cors_map.c)
 *   CORSAllowCredentials On|Off          default Off
 *   CORSAllowMethods method ... | *      default GET HEAD POST
 *   CORSAllowHeaders header ... | *      default none
 *   CORSExposeHeaders header ... | *     default none
 *   CORSMaxAge seconds                   default: not sent
 *   CORSPreflight answer|passthrough     default answer
 *   CORSPreflightStatus 200|204          default 204
 *   CORSAllowPrivateNetwork On|Off       default Off
 *   CORSEnable On|Off|ReportOnly         default On (where an origin is set)
 *   CORSTimingAllowOrigin On|Off         default Off
 *
 * Merge order: each field on its own.  A section that sets a directive
 * replaces the inherited value of that directive only; lists given in a
 * section replace the inherited list, and repeating a list directive in one
 * section appends to it.  CORSAllowOrigin, CORSAllowOriginMatch and
 * CORSAllowOriginMap together are one field: the set of allowed origins.
 *
 * The path of a request:
 *   header_parser  the per-directory configuration (.htaccess included)
 *                  is merged, authentication has not run: cors_decide()
 *                  judges the request once and the decision is kept in
 *                  r->request_config, and published as the note and
 *                  environment variable CORS for the hooks and filters
 *                  that run later and for the access log.
 *   access_checker_ex
 *                  a preflight the module answers is authorized without
 *                  authentication: browsers never send credentials on
 *                  preflights, so one to a protected location must pass.
 *   handler        answers that preflight (status, no body), before any
 *                  other handler, CGI script or proxy sees it; and
 *                  SetHandler cors-explain (cors_explain.c).
 *   test_config    apachectl -t -D DUMP_CORS (cors_dump.c).
 *   CORS filter    inserted (also on error responses) on every response of
 *                  a scope with an active policy: cors_write_headers()
 *                  writes the decision into the response.  A preflight's
 *                  answer passes through the same filters as every other
 *                  response, so "Header always" and mod_ssl's or
 *                  mod_http2's headers are on it too.
 */

#include "httpd.h"
#include "http_core.h"
#include "http_log.h"
#include "http_protocol.h"
#include "http_request.h"
#include "util_filter.h"

#include "cors_request.h"
#include "cors_explain.h"

#define CORS_FILTER_NAME "CORS"

/* Set once, when the module's hooks are registered. */
static ap_filter_rec_t *cors_filter_handle;

/* The request the client sent: internal redirects (ErrorDocument,
 * rewrites) keep the decision made for the URL the client asked for. */
static request_rec *cors_original(request_rec *r)
{
    while (r->prev) {
        r = r->prev;
    }
    return r;
}

static cors_decision *cors_decision_of(const request_rec *r)
{
    return ap_get_module_config(r->request_config, &cors_module);
}

/* Publishes d on r as the note and environment variable CORS (and
 * CORS_REPORT_ONLY=1 under ReportOnly), for mod_log_config, mod_headers,
 * mod_setenvif, mod_rewrite and CGI scripts. */
static void cors_publish(request_rec *r, const cors_decision *d)
{
    apr_table_setn(r->notes, "CORS", d->note);
    apr_table_setn(r->subprocess_env, "CORS", d->note);
    if (d->report_only) {
        apr_table_setn(r->notes, "CORS_REPORT_ONLY", "1");
        apr_table_setn(r->subprocess_env, "CORS_REPORT_ONLY", "1");
    }
}

/* Decides request r (the one the client sent) under policy c, once:
 * keeps the decision for the hooks and the filter, publishes it and logs
 * it. */
static cors_decision *cors_decide_once(request_rec *r, const cors_dir_conf *c)
{
    int logged = cors_logs_decisions(r, c);
    cors_decision *d = cors_decide(r, c, logged);

    ap_set_module_config(r->request_config, &cors_module, d);
    cors_publish(r, d);
    if (logged) {
        cors_log_decision(r, d);
    }
    return d;
}

/* Decides before authentication runs and before mod_dir's fast redirect
 * can change per_dir_config. */
static int cors_header_parser(request_rec *r)
{
    const cors_dir_conf *c;

    if (r->main || r->prev) {
        return DECLINED;
    }
    c = ap_get_module_config(r->per_dir_config, &cors_module);
    if (cors_is_active(c)) {
        cors_decide_once(r, c);
    }
    return DECLINED;
}

/* A preflight the module answers needs neither authentication nor
 * authorization (the first hook to say OK here skips both), nor does the
 * lookup cors-explain makes of a URL, which is never served. */
static int cors_access_checker(request_rec *r)
{
    const cors_decision *d;

    if (r->main) {
        return cors_explain_lookup(r) ? OK : DECLINED;
    }
    d = cors_decision_of(r);
    return d && d->answer ? OK : DECLINED;
}

static int cors_handler(request_rec *r)
{
    const cors_decision *d;

    if (cors_wants_explain(r)) {
        return cors_explain_handler(r);
    }
    /* An answered preflight is an OPTIONS request, also after an internal
     * rewrite.  An ErrorDocument's redirect is a GET: an error raised
     * before the handler (a RewriteRule [F], a Deny) is served, as it is
     * without an ErrorDocument. */
    if (r->method_number != M_OPTIONS || r->main
        || (d = cors_decision_of(cors_original(r))) == NULL || !d->answer) {
        return DECLINED;
    }
    r->status = d->status;
    return OK;
}

static void cors_insert_filter(request_rec *r)
{
    request_rec *orig;
    cors_decision *d;

    if (r->main) {
        return;
    }
    orig = cors_original(r);
    if ((d = cors_decision_of(orig)) == NULL) {
        /* an error raised before header_parser ran: decided now, by the
         * policy of the URL the client asked for */
        const cors_dir_conf *c = ap_get_module_config(orig->per_dir_config,
                                                      &cors_module);
        if (!cors_is_active(c)) {
            return;
        }
        d = cors_decide_once(orig, c);
    }
    if (r != orig) {
        /* an ErrorDocument or other internal redirect: its request is the
         * one the access log reads notes from */
        cors_publish(r, d);
    }
    if (!d->report_only) {
        ap_add_output_filter_handle(cors_filter_handle, d, r,
                                    r->connection);
    }
}

/* Writes the decision on the first brigade (headers are not sent yet, also
 * for HEAD and 304 responses that carry no body), then steps aside. */
static apr_status_t cors_out_filter(ap_filter_t *f, apr_bucket_brigade *bb)
{
    cors_write_headers(f->r, f->ctx);
    ap_remove_output_filter(f);
    return ap_pass_brigade(f->next, bb);
}

/* apachectl -t: with -D DUMP_CORS, the CORS sections */
static void cors_test_config(apr_pool_t *p, server_rec *s)
{
    if (ap_exists_config_define("DUMP_CORS")) {
        cors_dump_config(p, s);
    }
}

static void cors_register_hooks(apr_pool_t *p)
{
    /* Our filter must run after mod_headers' so that "Header set
     * Access-Control-..." rules are replaced, not doubled. */
    static const char *const after_headers[] = { "mod_headers.c", NULL };
    /* before mod_setenvif's, so that a per-directory SetEnvIf can test
     * the CORS variable */
    static const char *const before_setenvif[] = { "mod_setenvif.c", NULL };

    (void)p;
    ap_hook_header_parser(cors_header_parser, NULL, before_setenvif,
                          APR_HOOK_MIDDLE);
    /* first, so that mod_authz_core's check never runs for the answered
     * preflight (and so no authentication either) */
    ap_hook_check_access_ex(cors_access_checker, NULL, NULL, APR_HOOK_FIRST,
                            AP_AUTH_INTERNAL_PER_CONF);
    /* before every other handler: the answered preflight is ours, and so
     * is SetHandler cors-explain */
    ap_hook_handler(cors_handler, NULL, NULL, APR_HOOK_REALLY_FIRST);
    ap_hook_test_config(cors_test_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_insert_filter(cors_insert_filter, after_headers, NULL,
                          APR_HOOK_LAST);
    ap_hook_insert_error_filter(cors_insert_filter, after_headers, NULL,
                                APR_HOOK_LAST);
    /* CONTENT_SET, like mod_headers and mod_deflate, and before mod_cache's
     * CACHE_SAVE, so that what is cached carries Vary: Origin. */
    cors_filter_handle = ap_register_output_filter(CORS_FILTER_NAME,
                                                   cors_out_filter, NULL,
                                                   AP_FTYPE_CONTENT_SET);
}

AP_DECLARE_MODULE(cors) = {
    STANDARD20_MODULE_STUFF,
    cors_create_dir_conf,       /* dir config creater */
    cors_merge_dir_conf,        /* dir merger */
    NULL,                       /* server config */
    NULL,                       /* merge server configs */
    cors_cmds,                  /* command table */
    cors_register_hooks,        /* register hooks */
    AP_MODULE_FLAG_NONE         /* flags */
};
