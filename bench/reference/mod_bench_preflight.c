/* mod_bench_preflight: a benchmark reference, not a CORS implementation.
 *
 * It answers a preflight (OPTIONS with Origin and
 * Access-Control-Request-Method) the way mod_cors does, with none of its
 * checks: authorized without authentication, status 204 from the first
 * handler, and the headers of an allowed credentialed preflight (the
 * bench policy's methods and headers, and a preflight's Vary) added to
 * headers_out by an output filter, so that bench/run can show what httpd
 * itself spends on such an answer.  Loaded only in the configuration that
 * measures it: its hooks must not weigh on the other references.
 *
 * Built by bench/run with apxs into bench/reference/.libs; never installed.
 */

#include "httpd.h"
#include "http_config.h"
#include "http_protocol.h"
#include "http_request.h"
#include "util_filter.h"

module AP_MODULE_DECLARE_DATA bench_preflight_module;

static ap_filter_rec_t *bench_filter_handle;

static int bench_is_preflight(request_rec *r)
{
    return !r->main && r->method_number == M_OPTIONS
           && apr_table_get(r->headers_in, "Origin")
           && apr_table_get(r->headers_in, "Access-Control-Request-Method");
}

static int bench_access(request_rec *r)
{
    return bench_is_preflight(r) ? OK : DECLINED;
}

static int bench_handler(request_rec *r)
{
    if (!bench_is_preflight(r)) {
        return DECLINED;
    }
    r->status = HTTP_NO_CONTENT;
    return OK;
}

static void bench_insert(request_rec *r)
{
    if (bench_is_preflight(r)) {
        ap_add_output_filter_handle(bench_filter_handle, NULL, r,
                                    r->connection);
    }
}

static apr_status_t bench_filter(ap_filter_t *f, apr_bucket_brigade *bb)
{
    apr_table_t *t = f->r->headers_out;

    apr_table_addn(t, "Vary", "Origin, Access-Control-Request-Method, "
                   "Access-Control-Request-Headers");
    apr_table_addn(t, "Access-Control-Allow-Origin",
                   apr_table_get(f->r->headers_in, "Origin"));
    apr_table_addn(t, "Access-Control-Allow-Credentials", "true");
    apr_table_addn(t, "Access-Control-Allow-Methods",
                   "GET, POST, PUT, DELETE");
    apr_table_addn(t, "Access-Control-Allow-Headers",
                   "Content-Type, Authorization");
    ap_remove_output_filter(f);
    return ap_pass_brigade(f->next, bb);
}

static void bench_register(apr_pool_t *p)
{
    (void)p;
    ap_hook_check_access_ex(bench_access, NULL, NULL, APR_HOOK_FIRST,
                            AP_AUTH_INTERNAL_PER_CONF);
    ap_hook_handler(bench_handler, NULL, NULL, APR_HOOK_REALLY_FIRST);
    ap_hook_insert_filter(bench_insert, NULL, NULL, APR_HOOK_LAST);
    ap_hook_insert_error_filter(bench_insert, NULL, NULL, APR_HOOK_LAST);
    bench_filter_handle = ap_register_output_filter("BENCH_PREFLIGHT",
                                                    bench_filter, NULL,
                                                    AP_FTYPE_CONTENT_SET);
}

AP_DECLARE_MODULE(bench_preflight) = {
    STANDARD20_MODULE_STUFF,
    NULL, NULL, NULL, NULL, NULL, bench_register, AP_MODULE_FLAG_NONE
};
