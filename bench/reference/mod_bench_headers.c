/* mod_bench_headers: a benchmark reference, not a CORS implementation.
 *
 * It emits the headers an allowed credentialed CORS response carries --
 * Access-Control-Allow-Origin (the request's Origin, unchecked),
 * Access-Control-Allow-Credentials and Vary: Origin -- with no policy, no
 * lookup and no checks, so that bench/run can show what httpd itself
 * spends on sending them:
 *
 *   BenchHeaders fixups   set in err_headers_out from a fixups hook, Vary
 *                         merged: the naive way (what "Header always set"
 *                         recipes amount to, without mod_headers' own work)
 *   BenchHeaders filter   added to headers_out from an output filter
 *                         inserted per request: the least any module that
 *                         also covers error responses and handler-set
 *                         headers can do, mod_cors's shape
 *
 * Built by bench/run with apxs into bench/reference/.libs; never installed.
 */

#include <string.h>

#include "httpd.h"
#include "http_config.h"
#include "http_protocol.h"
#include "http_request.h"
#include "util_filter.h"

module AP_MODULE_DECLARE_DATA bench_headers_module;

typedef struct {
    int mode;                   /* 0 off, 1 fixups, 2 filter */
} bench_conf;

static ap_filter_rec_t *bench_filter_handle;

static void *bench_create(apr_pool_t *p, server_rec *s)
{
    (void)s;
    return apr_pcalloc(p, sizeof(bench_conf));
}

static const char *bench_cmd(cmd_parms *cmd, void *dconf, const char *arg)
{
    bench_conf *c = ap_get_module_config(cmd->server->module_config,
                                         &bench_headers_module);

    (void)dconf;
    if (!strcmp(arg, "fixups")) {
        c->mode = 1;
    }
    else if (!strcmp(arg, "filter")) {
        c->mode = 2;
    }
    else {
        return "BenchHeaders: fixups or filter";
    }
    return NULL;
}

static int bench_mode(request_rec *r)
{
    return ((bench_conf *)ap_get_module_config(r->server->module_config,
                                               &bench_headers_module))->mode;
}

static int bench_fixups(request_rec *r)
{
    const char *origin;

    if (r->main || bench_mode(r) != 1) {
        return DECLINED;
    }
    /* as "Header always set/merge" would */
    origin = apr_table_get(r->headers_in, "Origin");
    apr_table_mergen(r->err_headers_out, "Vary", "Origin");
    if (origin) {
        apr_table_setn(r->err_headers_out, "Access-Control-Allow-Origin",
                       origin);
        apr_table_setn(r->err_headers_out,
                       "Access-Control-Allow-Credentials", "true");
    }
    return DECLINED;
}

static void bench_insert(request_rec *r)
{
    if (!r->main && bench_mode(r) == 2) {
        ap_add_output_filter_handle(bench_filter_handle, NULL, r,
                                    r->connection);
    }
}

static apr_status_t bench_filter(ap_filter_t *f, apr_bucket_brigade *bb)
{
    request_rec *r = f->r;
    const char *origin = apr_table_get(r->headers_in, "Origin");

    /* appended where httpd sends them as they are, as mod_cors does */
    apr_table_addn(r->headers_out, "Vary", "Origin");
    if (origin) {
        apr_table_addn(r->headers_out, "Access-Control-Allow-Origin",
                       origin);
        apr_table_addn(r->headers_out, "Access-Control-Allow-Credentials",
                       "true");
    }
    ap_remove_output_filter(f);
    return ap_pass_brigade(f->next, bb);
}

static const command_rec bench_cmds[] = {
    AP_INIT_TAKE1("BenchHeaders", bench_cmd, NULL, RSRC_CONF,
                  "fixups or filter"),
    {NULL}
};

static void bench_register(apr_pool_t *p)
{
    (void)p;
    ap_hook_fixups(bench_fixups, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_insert_filter(bench_insert, NULL, NULL, APR_HOOK_LAST);
    ap_hook_insert_error_filter(bench_insert, NULL, NULL, APR_HOOK_LAST);
    bench_filter_handle = ap_register_output_filter("BENCH_HEADERS",
                                                    bench_filter, NULL,
                                                    AP_FTYPE_CONTENT_SET);
}

AP_DECLARE_MODULE(bench_headers) = {
    STANDARD20_MODULE_STUFF,
    NULL, NULL, bench_create, NULL, bench_cmds, bench_register,
    AP_MODULE_FLAG_NONE
};
