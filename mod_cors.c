/* Licensed under the Apache License, Version 2.0.
 *
 * mod_cors.c: the server side of the CORS protocol (WHATWG Fetch Standard)
 * for Apache httpd 2.4.
 *
 * Directives (server config, virtual host, directory, .htaccess with
 * AllowOverride FileInfo):
 *
 *   CORSAllowOrigin origin-pattern ...   exact, *.subdomain, :* port, *, null
 *   CORSAllowOriginMatch regex ...       anchored PCRE (^...$)
 *   CORSAllowCredentials On|Off          default Off
 *   CORSAllowMethods method ... | *      default GET HEAD POST
 *   CORSAllowHeaders header ... | *      default none
 *   CORSExposeHeaders header ... | *     default none
 *   CORSMaxAge seconds                   default: not sent
 *   CORSPreflight answer|passthrough     default answer
 *   CORSPreflightStatus 200|204          default 204
 *   CORSAllowPrivateNetwork On|Off       default Off
 *   CORSEnable On|Off|ReportOnly         default On (where an origin is set)
 *
 * Merge order: each field on its own.  A section that sets a directive
 * replaces the inherited value of that directive only; lists given in a
 * section replace the inherited list, and repeating a list directive in one
 * section appends to it.  CORSAllowOrigin and CORSAllowOriginMatch together
 * are one field: the set of allowed origins.
 *
 * Flow:
 *   header_parser  runs after the per-directory configuration (.htaccess
 *                  included) is merged and before authentication: answers
 *                  preflights there, so that a preflight (which never
 *                  carries credentials) to a protected location succeeds.
 *   CORS filter    inserted (also on error responses) on every response of
 *                  a scope with an active policy: replaces whatever
 *                  Access-Control-* headers the handler, a CGI script or a
 *                  backend set, adds ours and merges Vary.
 *
 * All parsing, normalising, regex compiling and joining of header values
 * is done while the configuration is read; per request there are only
 * lookups.
 */

#include <string.h>

#include "apr_strings.h"
#include "apr_atomic.h"
#include "apr_lib.h"

#include "httpd.h"
#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "http_protocol.h"
#include "http_request.h"
#include "util_filter.h"
#include "ap_regex.h"

#include "mod_cors.h"

module AP_MODULE_DECLARE_DATA cors_module;

#define CORS_FILTER_NAME "CORS"

/* Keeps the rare paths out of the common ones (a smaller stack frame and
 * fewer saved registers where every request passes). */
#if defined(__GNUC__)
#define CORS_NOINLINE __attribute__((noinline))
#else
#define CORS_NOINLINE
#endif

/* The Vary tokens of each kind of response (SPEC 3.1, 3.2), listed and
 * pre-joined. */
typedef struct {
    const char *const *tokens;
    const char *joined;
} cors_vary;

static const char *const cors_vary_actual_tokens[] = { "Origin", NULL };
static const char *const cors_vary_preflight_tokens[] = {
    "Origin", "Access-Control-Request-Method",
    "Access-Control-Request-Headers", NULL
};
static const char *const cors_vary_pna_tokens[] = {
    "Origin", "Access-Control-Request-Method",
    "Access-Control-Request-Headers",
    "Access-Control-Request-Private-Network", NULL
};
static const cors_vary cors_vary_actual = {
    cors_vary_actual_tokens, "Origin"
};
static const cors_vary cors_vary_preflight = {
    cors_vary_preflight_tokens,
    "Origin, Access-Control-Request-Method, Access-Control-Request-Headers"
};
static const cors_vary cors_vary_pna = {
    cors_vary_pna_tokens,
    "Origin, Access-Control-Request-Method, Access-Control-Request-Headers, "
    "Access-Control-Request-Private-Network"
};

/* Value of Access-Control-Allow-Methods when CORSAllowMethods is unset. */
#define CORS_DEFAULT_METHODS "GET, HEAD, POST"

/* Origins that a credentialed regex must not match (SPEC 2.1). */
static const char *const cors_unrelated_origins[] = {
    "https://example.invalid", "http://example.invalid",
    "https://example.invalid.example.com", "null", NULL
};

typedef struct {
    cors_origin_set *origins;   /* NULL: unset */
    cors_token_list *methods;   /* NULL: unset (GET HEAD POST) */
    cors_token_list *headers;   /* NULL: unset (none) */
    cors_token_list *expose;    /* NULL: unset (none) */
    const char *max_age;        /* NULL: unset (not sent) */
    int credentials;            /* CORS_UNSET, CORS_OFF, CORS_ON */
    int preflight;              /* CORS_UNSET or CORS_PREFLIGHT_* */
    int preflight_status;       /* CORS_UNSET, 200 or 204 */
    int private_network;        /* CORS_UNSET, CORS_OFF, CORS_ON */
    int enable;                 /* CORS_UNSET, CORS_OFF, CORS_ON,
                                 * CORS_REPORT_ONLY */
    int is_set;                 /* some directive set in this section */
} cors_dir_conf;

/* What the module decided for one request. */
typedef struct {
    const char *origin;         /* the request's Origin, or NULL */
    const char *method;         /* Access-Control-Request-Method of a
                                 * preflight, else NULL */
    const char *acao;           /* NULL: refused, no CORS headers */
    const char *acam;           /* preflight: Allow-Methods */
    const char *acah;           /* preflight: Allow-Headers, or NULL */
    const cors_vary *vary;      /* tokens to merge into Vary, or NULL */
    const char *why;            /* the reason, for the log */
    const char *detail;         /* the value the reason is about, or NULL */
    apr_size_t detail_len;
    int credentials;
    int preflight;
    int pna;                    /* preflight: Allow-Private-Network */
} cors_decision;

static ap_filter_rec_t *cors_filter_handle;

/* --- Configuration ------------------------------------------------------ */

static void *cors_create_dir_conf(apr_pool_t *p, char *dummy)
{
    cors_dir_conf *c = apr_pcalloc(p, sizeof(*c));

    (void)dummy;
    c->credentials = CORS_UNSET;
    c->preflight = CORS_UNSET;
    c->preflight_status = CORS_UNSET;
    c->private_network = CORS_UNSET;
    c->enable = CORS_UNSET;
    return c;
}

/* The configuration of the section a directive is in, marked as set. */
static cors_dir_conf *cors_section(void *dconf)
{
    cors_dir_conf *c = dconf;

    c->is_set = 1;
    return c;
}

#define CORS_MERGE_PTR(f) new->f = add->f ? add->f : base->f
#define CORS_MERGE_INT(f) new->f = add->f != CORS_UNSET ? add->f : base->f

static void *cors_merge_dir_conf(apr_pool_t *p, void *basev, void *addv)
{
    const cors_dir_conf *base = basev, *add = addv;
    cors_dir_conf *new;

    /* Most sections say nothing about CORS: no copy is needed then (the
     * configurations are never written after startup). */
    if (!add->is_set) {
        return basev;
    }
    if (!base->is_set) {
        return addv;
    }
    new = apr_palloc(p, sizeof(*new));

    CORS_MERGE_PTR(origins);
    CORS_MERGE_PTR(methods);
    CORS_MERGE_PTR(headers);
    CORS_MERGE_PTR(expose);
    CORS_MERGE_PTR(max_age);
    CORS_MERGE_INT(credentials);
    CORS_MERGE_INT(preflight);
    CORS_MERGE_INT(preflight_status);
    CORS_MERGE_INT(private_network);
    CORS_MERGE_INT(enable);
    new->is_set = 1;
    return new;
}

static int cors_set_is_empty(const cors_origin_set *s)
{
    return s->count == 0;
}

/* Startup warnings are logged on the first reading of the configuration
 * and on restarts, not on the second reading httpd does at startup. */
static void cors_warn(cmd_parms *cmd, const char *fmt, const char *arg,
                      const char *why)
{
    if (ap_state_query(AP_SQ_MAIN_STATE) == AP_SQ_MS_CREATE_CONFIG
        && ap_state_query(AP_SQ_CONFIG_GEN) == 0) {
        return;
    }
    ap_log_error(APLOG_MARK, APLOG_WARNING, 0, cmd->server,
                 "%s:%d: %s '%s': %s",
                 cmd->directive ? cmd->directive->filename : "?",
                 cmd->directive ? cmd->directive->line_num : 0,
                 fmt, arg, why);
}

/* A credentialed regex that also matches an unrelated origin. */
static int cors_regex_is_broad(const ap_regex_t *re)
{
    int j;

    for (j = 0; cors_unrelated_origins[j]; j++) {
        if (ap_regexec(re, cors_unrelated_origins[j], 0, NULL, 0) == 0) {
            return 1;
        }
    }
    return 0;
}

static const char *cors_regex_too_broad(const cors_origin_set *set)
{
    int i;

    for (i = 0; i < set->regexes->nelts; i++) {
        if (cors_regex_is_broad(APR_ARRAY_IDX(set->regexes, i,
                                              cors_regex).re)) {
            return APR_ARRAY_IDX(set->regex_src, i, const char *);
        }
    }
    return NULL;
}

static void cors_warn_credentials(cmd_parms *cmd, const cors_dir_conf *c)
{
    const char *src;

    if (c->credentials != CORS_ON || c->origins == NULL) {
        return;
    }
    if ((src = cors_regex_too_broad(c->origins))) {
        cors_warn(cmd, "CORSAllowOriginMatch", src,
                  "with CORSAllowCredentials On this pattern also matches "
                  "unrelated origins such as https://example.invalid");
    }
    if (c->origins->plain_http) {
        cors_warn(cmd, "CORSAllowOrigin", c->origins->plain_http,
                  "a plain-http origin with CORSAllowCredentials On: "
                  "anyone on the network path can act as that origin");
    }
}

/* The string maps of the server's configuration, for post_config to
 * optimise once they are complete.  Kept on the configuration pool, so a
 * restart starts with none; .htaccess files (read per request into the
 * request's pool) are not listed. */
#define CORS_MAPS_KEY "mod_cors maps"

static void cors_remember_map(cmd_parms *cmd, cors_strmap *m)
{
    apr_pool_t *pconf = cmd->server->process->pconf;
    void *maps = NULL;

    if (cmd->pool != pconf) {
        return;
    }
    apr_pool_userdata_get(&maps, CORS_MAPS_KEY, pconf);
    if (maps == NULL) {
        maps = apr_array_make(pconf, 8, sizeof(cors_strmap *));
        apr_pool_userdata_setn(maps, CORS_MAPS_KEY, NULL, pconf);
    }
    *(cors_strmap **)apr_array_push(maps) = m;
}

static cors_origin_set *cors_section_origins(cmd_parms *cmd,
                                             cors_dir_conf *c)
{
    if (c->origins == NULL) {
        c->origins = cors_origin_set_make(cmd->pool);
        cors_remember_map(cmd, c->origins->exact);
    }
    return c->origins;
}

static const char *cors_cmd_origin(cmd_parms *cmd, void *dconf,
                                   const char *arg)
{
    cors_dir_conf *c = cors_section(dconf);
    cors_origin_set *set;
    cors_pattern pat;
    const char *why = cors_pattern_parse(cmd->pool, arg, &pat);

    if (why) {
        return apr_psprintf(cmd->pool, "CORSAllowOrigin '%s': %s", arg, why);
    }
    set = cors_section_origins(cmd, c);
    if (pat.kind == CORS_PAT_ANY) {
        if (!set->any && !cors_set_is_empty(set)) {
            return apr_psprintf(cmd->pool, "CORSAllowOrigin '%s': '*' "
                                "allows every origin and can not be listed "
                                "with other origins", arg);
        }
        if (c->credentials == CORS_ON) {
            return apr_psprintf(cmd->pool, "CORSAllowOrigin '%s': '*' can "
                                "not be used with CORSAllowCredentials On: "
                                "list the origins allowed to send "
                                "credentials", arg);
        }
    }
    else if (set->any) {
        return apr_psprintf(cmd->pool, "CORSAllowOrigin '%s': '*' already "
                            "allows every origin in this section", arg);
    }
    if (pat.kind == CORS_PAT_NULL) {
        cors_warn(cmd, "CORSAllowOrigin", arg,
                  "the opaque origin 'null' is also sent by sandboxed "
                  "iframes, data: URLs and redirects, which any site can "
                  "create");
    }
    cors_origin_set_add(cmd->pool, set, &pat);
    if (pat.plain_http && c->credentials == CORS_ON) {
        cors_warn(cmd, "CORSAllowOrigin", arg,
                  "a plain-http origin with CORSAllowCredentials On: "
                  "anyone on the network path can act as that origin");
    }
    return NULL;
}

static apr_status_t cors_regex_cleanup(void *re)
{
    ap_regfree(re);
    return APR_SUCCESS;
}

/* Appends a compiled pattern with the literal text it requires.  The
 * literals hold for the options it was compiled with: none with a
 * case-insensitive or multi-line default (RegexDefaultOptions), and no
 * suffix when '$' may also match before a final newline. */
static void cors_regex_add(apr_pool_t *p, cors_origin_set *set,
                           ap_regex_t *re, const char *src)
{
    cors_regex *r = apr_array_push(set->regexes);
    int flags = ap_regcomp_get_default_cflags();

    r->re = re;
    cors_regex_literals(p, src, &r->prefix, &r->prefix_len, &r->suffix,
                        &r->suffix_len);
    if (flags & (AP_REG_ICASE | AP_REG_NEWLINE)) {
        r->prefix_len = r->suffix_len = 0;
    }
    if (!(flags & AP_REG_DOLLAR_ENDONLY)) {
        r->suffix_len = 0;
    }
}

static const char *cors_cmd_origin_match(cmd_parms *cmd, void *dconf,
                                         const char *arg)
{
    cors_dir_conf *c = cors_section(dconf);
    cors_origin_set *set;
    ap_regex_t *re;
    apr_size_t len = strlen(arg);
    int rc;

    if (len < 2 || arg[0] != '^' || arg[len - 1] != '$'
        || (len >= 3 && arg[len - 2] == '\\')) {
        return apr_psprintf(cmd->pool, "CORSAllowOriginMatch '%s': the "
                            "pattern must be anchored, beginning with '^' "
                            "and ending with '$', so that it matches the "
                            "whole origin", arg);
    }
    re = apr_pcalloc(cmd->pool, sizeof(*re));
    if ((rc = ap_regcomp(re, arg, 0)) != 0) {
        char buf[256];
        apr_size_t n;
        ap_regerror(rc, re, buf, sizeof(buf));
        for (n = strlen(buf); n > 0 && buf[n - 1] == ' '; n--) {
            buf[n - 1] = '\0';
        }
        return apr_psprintf(cmd->pool, "CORSAllowOriginMatch '%s': not a "
                            "valid regular expression: %s", arg, buf);
    }
    apr_pool_cleanup_register(cmd->pool, re, cors_regex_cleanup,
                              apr_pool_cleanup_null);
    set = cors_section_origins(cmd, c);
    if (set->any) {
        return apr_psprintf(cmd->pool, "CORSAllowOriginMatch '%s': "
                            "CORSAllowOrigin '*' already allows every "
                            "origin in this section", arg);
    }
    cors_regex_add(cmd->pool, set, re, arg);
    *(const char **)apr_array_push(set->regex_src) = arg;
    set->count++;
    set->inexact = 1;
    if (c->credentials == CORS_ON) {
        if (cors_regex_is_broad(re)) {
            cors_warn(cmd, "CORSAllowOriginMatch", arg,
                      "with CORSAllowCredentials On this pattern also "
                      "matches unrelated origins such as "
                      "https://example.invalid");
        }
    }
    return NULL;
}

static const char *cors_cmd_credentials(cmd_parms *cmd, void *dconf,
                                        int on)
{
    cors_dir_conf *c = cors_section(dconf);

    c->credentials = on ? CORS_ON : CORS_OFF;
    if (!on) {
        return NULL;
    }
    if (c->origins && c->origins->any) {
        return "CORSAllowCredentials 'On': can not be used with "
               "CORSAllowOrigin '*' in the same section: list the origins "
               "allowed to send credentials";
    }
    if (c->expose && c->expose->any) {
        return "CORSAllowCredentials 'On': can not be used with "
               "CORSExposeHeaders '*' in the same section: browsers read "
               "'*' literally on credentialed requests; list the headers";
    }
    cors_warn_credentials(cmd, c);
    return NULL;
}

/* cmd->info tells the three list directives apart. */
enum { CORS_LIST_METHODS, CORS_LIST_HEADERS, CORS_LIST_EXPOSE };

static const char *const cors_list_names[] = {
    "CORSAllowMethods", "CORSAllowHeaders", "CORSExposeHeaders"
};

static const char *cors_cmd_list(cmd_parms *cmd, void *dconf,
                                 const char *arg)
{
    cors_dir_conf *c = cors_section(dconf);
    int which = (int)(apr_uintptr_t)cmd->info;
    const char *name = cors_list_names[which];
    cors_token_list **lp = which == CORS_LIST_METHODS ? &c->methods
                           : which == CORS_LIST_HEADERS ? &c->headers
                           : &c->expose;
    int star = !strcmp(arg, "*");

    if (!star && !cors_is_token(arg, strlen(arg))) {
        return apr_psprintf(cmd->pool, "%s '%s': not a valid %s (an RFC "
                            "9110 token)", name, arg,
                            which == CORS_LIST_METHODS ? "method"
                                                       : "header name");
    }
    if (*lp == NULL) {
        *lp = cors_token_list_make(cmd->pool, which != CORS_LIST_METHODS);
        cors_remember_map(cmd, (*lp)->lookup);
    }
    if ((star && (*lp)->names->nelts > 0 && !(*lp)->any)
        || (!star && (*lp)->any)) {
        return apr_psprintf(cmd->pool, "%s '%s': '*' must stand alone in "
                            "a section", name, arg);
    }
    if (star && which == CORS_LIST_EXPOSE && c->credentials == CORS_ON) {
        return apr_psprintf(cmd->pool, "%s '%s': can not be used with "
                            "CORSAllowCredentials On in the same section: "
                            "browsers read '*' literally on credentialed "
                            "requests; list the headers", name, arg);
    }
    cors_token_list_add(cmd->pool, *lp, arg);
    return NULL;
}

static const char *cors_cmd_max_age(cmd_parms *cmd, void *dconf,
                                    const char *arg)
{
    cors_dir_conf *c = cors_section(dconf);
    apr_int64_t v = 0;
    const char *s;

    for (s = arg; *s; s++) {
        if (!apr_isdigit(*s) || (v = v * 10 + (*s - '0')) > 2147483647) {
            break;
        }
    }
    if (*arg == '\0' || *s) {
        return apr_psprintf(cmd->pool, "CORSMaxAge '%s': must be a whole "
                            "number of seconds from 0 to 2147483647", arg);
    }
    if (v > 7200) {
        cors_warn(cmd, "CORSMaxAge", arg, "browsers cap the preflight cache "
                  "(Chromium at 7200 seconds, Firefox at 86400)");
    }
    c->max_age = apr_psprintf(cmd->pool, "%" APR_INT64_T_FMT, v);
    return NULL;
}

static const char *cors_cmd_preflight(cmd_parms *cmd, void *dconf,
                                      const char *arg)
{
    cors_dir_conf *c = cors_section(dconf);

    if (!strcasecmp(arg, "answer")) {
        c->preflight = CORS_PREFLIGHT_ANSWER;
    }
    else if (!strcasecmp(arg, "passthrough")) {
        c->preflight = CORS_PREFLIGHT_PASSTHROUGH;
    }
    else {
        return apr_psprintf(cmd->pool, "CORSPreflight '%s': must be "
                            "'answer' or 'passthrough'", arg);
    }
    return NULL;
}

static const char *cors_cmd_preflight_status(cmd_parms *cmd, void *dconf,
                                             const char *arg)
{
    cors_dir_conf *c = cors_section(dconf);

    if (!strcmp(arg, "200")) {
        c->preflight_status = HTTP_OK;
    }
    else if (!strcmp(arg, "204")) {
        c->preflight_status = HTTP_NO_CONTENT;
    }
    else {
        return apr_psprintf(cmd->pool, "CORSPreflightStatus '%s': must be "
                            "200 or 204", arg);
    }
    return NULL;
}

static const char *cors_cmd_private_network(cmd_parms *cmd, void *dconf,
                                            int on)
{
    cors_dir_conf *c = cors_section(dconf);

    (void)cmd;
    c->private_network = on ? CORS_ON : CORS_OFF;
    return NULL;
}

static const char *cors_cmd_enable(cmd_parms *cmd, void *dconf,
                                   const char *arg)
{
    cors_dir_conf *c = cors_section(dconf);

    if (!strcasecmp(arg, "on")) {
        c->enable = CORS_ON;
    }
    else if (!strcasecmp(arg, "off")) {
        c->enable = CORS_OFF;
    }
    else if (!strcasecmp(arg, "reportonly")) {
        c->enable = CORS_REPORT_ONLY;
    }
    else {
        return apr_psprintf(cmd->pool, "CORSEnable '%s': must be On, Off "
                            "or ReportOnly", arg);
    }
    return NULL;
}

static const command_rec cors_cmds[] = {
    AP_INIT_ITERATE("CORSAllowOrigin", cors_cmd_origin, NULL, OR_FILEINFO,
                    "origins allowed: scheme://host[:port], "
                    "scheme://*.domain, scheme://host:*, '*' or 'null'"),
    AP_INIT_ITERATE("CORSAllowOriginMatch", cors_cmd_origin_match, NULL,
                    OR_FILEINFO,
                    "anchored regular expressions (^...$) of origins "
                    "allowed"),
    AP_INIT_FLAG("CORSAllowCredentials", cors_cmd_credentials, NULL,
                 OR_FILEINFO,
                 "On to allow credentialed requests (default Off)"),
    AP_INIT_ITERATE("CORSAllowMethods", cors_cmd_list,
                    (void *)CORS_LIST_METHODS, OR_FILEINFO,
                    "methods allowed in preflights, or '*' "
                    "(default GET HEAD POST)"),
    AP_INIT_ITERATE("CORSAllowHeaders", cors_cmd_list,
                    (void *)CORS_LIST_HEADERS, OR_FILEINFO,
                    "request headers allowed in preflights, or '*'"),
    AP_INIT_ITERATE("CORSExposeHeaders", cors_cmd_list,
                    (void *)CORS_LIST_EXPOSE, OR_FILEINFO,
                    "response headers the page may read, or '*'"),
    AP_INIT_TAKE1("CORSMaxAge", cors_cmd_max_age, NULL, OR_FILEINFO,
                  "seconds a browser may cache a preflight answer"),
    AP_INIT_TAKE1("CORSPreflight", cors_cmd_preflight, NULL, OR_FILEINFO,
                  "'answer' preflights here (default) or 'passthrough' "
                  "to the handler"),
    AP_INIT_TAKE1("CORSPreflightStatus", cors_cmd_preflight_status, NULL,
                  OR_FILEINFO, "status of an allowed preflight: 200 or "
                  "204 (default)"),
    AP_INIT_FLAG("CORSAllowPrivateNetwork", cors_cmd_private_network, NULL,
                 OR_FILEINFO,
                 "On to answer Private Network Access preflights"),
    AP_INIT_TAKE1("CORSEnable", cors_cmd_enable, NULL, OR_FILEINFO,
                  "On (default), Off, or ReportOnly to log decisions "
                  "without changing responses"),
    {NULL}
};

/* --- Request time -------------------------------------------------------- */

static int cors_is_active(const cors_dir_conf *c)
{
    return c->origins != NULL && c->enable != CORS_OFF
           && !cors_set_is_empty(c->origins);
}

/* The request the client sent: internal redirects (ErrorDocument,
 * rewrites) keep the policy of the URL the client asked for. */
static request_rec *cors_original(request_rec *r)
{
    while (r->prev) {
        r = r->prev;
    }
    return r;
}

/* Credentials are on unless they meet '*' only through merging: then the
 * request is served as if they were off, and that is logged once per
 * scope and process. */
static CORS_NOINLINE int cors_credentials_conflict(request_rec *r,
                                                   const cors_dir_conf *c)
{
    /* The flag is the only thing ever written to the shared configuration
     * at request time: once, atomically, from 0 to 1. */
    if (apr_atomic_cas32(&c->origins->conflict_logged, 1, 0) == 0) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      "CORSAllowCredentials On is inherited into a scope "
                      "with %s '*': requests here are served as if "
                      "credentials were off",
                      c->origins->any ? "CORSAllowOrigin"
                                      : "CORSExposeHeaders");
    }
    return 0;
}

static int cors_credentials(request_rec *r, const cors_dir_conf *c)
{
    if (c->credentials != CORS_ON) {
        return 0;
    }
    if (!c->origins->any && !(c->expose && c->expose->any)) {
        return 1;
    }
    return cors_credentials_conflict(r, c);
}

/* The reason for refusing an origin that was not looked at closely: the
 * log tells whether it was well formed (cors_log_decision). */
static const char cors_why_origin[] = "origin not allowed";

/* The origins a hash lookup can not find: wildcards, "null", regexes.
 * Returns NULL when one matches, else the reason. */
static CORS_NOINLINE const char *cors_origin_other(const cors_origin_set *set,
                                                   const char *origin,
                                                   apr_size_t len)
{
    int i;

    switch (cors_origin_set_match(set, origin, len)) {
    case CORS_ORIGIN_MATCH:
        return NULL;
    case CORS_ORIGIN_MALFORMED:
        /* never shown to a regex: ^https://.*$ must not match "a b" */
        return "origin is not a serialised origin";
    default:
        break;
    }
    for (i = 0; i < set->regexes->nelts; i++) {
        const cors_regex *re = &APR_ARRAY_IDX(set->regexes, i, cors_regex);

        /* the literal text first: most patterns end there */
        if (len >= re->prefix_len && len >= re->suffix_len
            && cors_eq(re->prefix, origin, re->prefix_len, 0)
            && cors_eq(re->suffix, origin + len - re->suffix_len,
                       re->suffix_len, 0)
            && ap_regexec(re->re, origin, 0, NULL, 0) == 0) {
            return NULL;
        }
    }
    return cors_why_origin;
}

/* Why the set refuses the Origin, or NULL when it allows it.  The common
 * case first: an exact origin, found by hashing; for a set of exact
 * origins only, a miss is the answer. */
static CORS_ALWAYS_INLINE const char *cors_origin_refusal(
    const cors_origin_set *set, const char *origin)
{
    apr_size_t len;

    if (set->any) {
        return NULL;
    }
    len = strlen(origin);
    if (len <= CORS_MAX_ORIGIN_LEN
        && cors_strmap_find(set->exact, origin, len, 0)) {
        return NULL;
    }
    return set->inexact ? cors_origin_other(set, origin, len)
                        : cors_why_origin;
}

/* The Access-Control-Allow-Origin of an allowed request, and the Vary
 * every actual request gets: "*" and none under '*' without
 * credentials. */
static APR_INLINE const char *cors_acao(const cors_origin_set *set,
                                        const char *origin, int creds)
{
    return set->any && !creds ? "*" : origin;
}

static APR_INLINE const cors_vary *cors_actual_vary(const cors_origin_set *set,
                                                    int creds)
{
    return set->any && !creds ? NULL : &cors_vary_actual;
}

static const char cors_why_allowed[] = "origin allowed";

/* Refuses the preflight in d for reason why, about detail[0..len). */
static int cors_refuse(cors_decision *d, const char *why,
                       const char *detail, apr_size_t len)
{
    d->why = why;
    d->detail = detail;
    d->detail_len = len;
    return 0;
}

/* Checks Access-Control-Request-Headers, when sent, and sets d->acah. */
static int cors_request_headers_ok(request_rec *r, const cors_dir_conf *c,
                                   const char *rh, cors_decision *d)
{
    cors_rh_result rc;
    const char *bad;
    apr_size_t bad_len = 0;
    int n = 0;

    if (c->headers && c->headers->any) {
        /* echoed: the names are parsed and joined into the pool */
        apr_array_header_t *names;
        const char *joined;

        rc = cors_parse_request_headers(r->pool, rh, &names, &joined, &bad);
        if (rc == CORS_RH_OK) {
            d->acah = joined;
            return 1;
        }
        bad_len = bad ? strlen(bad) : 0;
    }
    else {
        rc = cors_check_request_headers(c->headers, rh, &n, &bad, &bad_len);
        if (rc == CORS_RH_OK) {
            /* names sent imply a list that allowed them */
            d->acah = n > 0 && c->headers ? c->headers->joined : NULL;
            return 1;
        }
    }
    switch (rc) {
    case CORS_RH_TOO_MANY:
        return cors_refuse(d, "Access-Control-Request-Headers has too many "
                           "names", NULL, 0);
    case CORS_RH_TOO_LONG:
        return cors_refuse(d, "Access-Control-Request-Headers is too long",
                           NULL, 0);
    case CORS_RH_BAD_TOKEN:
        return cors_refuse(d, "Access-Control-Request-Headers has a "
                           "non-token element", bad, bad_len);
    default:
        return cors_refuse(d, "header not allowed", bad, bad_len);
    }
}

/* The preflight checks after the origin: method, headers, private
 * network.  Fills d or sets d->why and returns 0. */
static int cors_preflight_ok(request_rec *r, const cors_dir_conf *c,
                             const cors_preflight_headers *h,
                             cors_decision *d)
{
    const char *method = d->method;
    apr_size_t mlen = strlen(method);

    /* GET, HEAD and POST always pass (Fetch); a configured method is a
     * token, so finding it is checking it; '*' echoes it: check it then */
    if (c->methods && c->methods->any
        ? !cors_is_token(method, mlen)
        : !cors_is_safelisted_method(method)
          && !(c->methods && cors_token_list_has(c->methods, method, mlen))) {
        return cors_refuse(d, cors_is_token(method, mlen)
                              ? "method not allowed"
                              : "Access-Control-Request-Method is not a "
                                "token", method, mlen);
    }
    d->acam = c->methods == NULL ? CORS_DEFAULT_METHODS
              : c->methods->any ? method : c->methods->joined;

    if (h->headers && !cors_request_headers_ok(r, c, h->headers, d)) {
        return 0;
    }
    if (h->private_network && !strcasecmp(h->private_network, "true")) {
        if (c->private_network != CORS_ON) {
            return cors_refuse(d, "private network access requested and "
                               "not allowed", NULL, 0);
        }
        d->pna = 1;
    }
    return 1;
}

/* Decides what request r (the original one) gets under policy c. */
static void cors_decide(request_rec *r, const cors_dir_conf *c,
                        cors_decision *d)
{
    int creds = cors_credentials(r, c);
    cors_preflight_headers h;

    memset(d, 0, sizeof(*d));
    if (r->method_number == M_OPTIONS) {
        cors_find_preflight_headers(r->headers_in, &h);
        d->origin = h.origin;
        d->method = h.origin ? h.method : NULL;
    }
    else {
        d->origin = apr_table_get(r->headers_in, "Origin");
    }
    d->preflight = d->method != NULL;
    if (d->preflight) {
        d->vary = c->private_network == CORS_ON ? &cors_vary_pna
                                                : &cors_vary_preflight;
    }
    else {
        d->vary = cors_actual_vary(c->origins, creds);
    }
    if (d->origin == NULL) {
        d->why = "no Origin";
        return;
    }
    if ((d->why = cors_origin_refusal(c->origins, d->origin)) != NULL) {
        return;
    }
    if (d->preflight && !cors_preflight_ok(r, c, &h, d)) {
        return;
    }
    d->credentials = creds;
    d->acao = cors_acao(c->origins, d->origin, creds);
    d->why = d->preflight ? "origin, method and headers allowed"
                          : cors_why_allowed;
}

static void cors_log_decision(request_rec *r, const cors_decision *d,
                              int level)
{
    const char *why = d->why, *detail = "";
    cors_origin_parts parts;

    if (why == cors_why_origin && d->origin
        && strcmp(d->origin, "null") != 0
        && !cors_origin_split(d->origin, strlen(d->origin), &parts)) {
        why = "origin is not a serialised origin";
    }
    if (d->detail) {
        detail = apr_pstrcat(r->pool, ": ", ap_escape_logitem(
                                 r->pool, apr_pstrmemdup(
                                     r->pool, d->detail,
                                     d->detail_len > 200 ? 200
                                                         : d->detail_len)),
                             NULL);
    }
    ap_log_rerror(APLOG_MARK, level, 0, r,
                  "%s%s %s: %s%s (origin '%.200s')",
                  level == APLOG_INFO ? "report-only: would have " : "",
                  d->acao ? "allowed" : "refused",
                  d->preflight ? "preflight" : "request", why, detail,
                  d->origin ? ap_escape_logitem(r->pool, d->origin) : "");
}

/* Logs a decision at level when the log takes it (the test is cheap, the
 * message is not). */
#define CORS_LOG_DECISION(r, d, level) \
    do { \
        if (APLOG_R_IS_LEVEL((r), (level))) { \
            cors_log_decision((r), (d), (level)); \
        } \
    } while (0)

#define CORS_LC(c) ((unsigned char)(c) | 0x20)

/* Response headers this module is the single source of. */
static CORS_NOINLINE int cors_is_managed_name(const char *key)
{
    return !strncasecmp(key, "Access-Control-", 15)
           && (!strncasecmp(key + 15, "Allow-", 6)
               || !strcasecmp(key + 15, "Expose-Headers")
               || !strcasecmp(key + 15, "Max-Age"));
}

/* Most names fail on their first bytes ("Accept-Ranges" on the fifth),
 * before any call. */
static APR_INLINE int cors_is_managed(const char *key)
{
    return CORS_LC(key[0]) == 'a' && CORS_LC(key[1]) == 'c'
           && CORS_LC(key[2]) == 'c' && CORS_LC(key[3]) == 'e'
           && CORS_LC(key[4]) == 's' && cors_is_managed_name(key);
}

static int cors_is_vary(const char *key)
{
    return CORS_LC(key[0]) == 'v' && CORS_LC(key[1]) == 'a'
           && CORS_LC(key[2]) == 'r' && CORS_LC(key[3]) == 'y'
           && key[4] == '\0';
}

#define CORS_MAX_STRIP 16
#define CORS_MAX_VARY  8

/* What one pass over a table of response headers found. */
typedef struct {
    const char *strip[CORS_MAX_STRIP];  /* managed names to remove */
    int nstrip;
    int more;                   /* more than CORS_MAX_STRIP to strip */
    const char *vary[CORS_MAX_VARY];    /* the values of its Vary lines */
    int nvary;
} cors_scan;

/* One pass over the entries of a table (a plain loop: cheaper than
 * apr_table_do's callback per entry). */
static void cors_scan_entries(const apr_table_t *t, cors_scan *s)
{
    const apr_array_header_t *arr = apr_table_elts(t);
    const apr_table_entry_t *e = (const apr_table_entry_t *)arr->elts;
    int i;

    for (i = 0; i < arr->nelts; i++) {
        const char *key = e[i].key;

        if (key == NULL) {
            continue;
        }
        if (cors_is_managed(key)) {
            if (s->nstrip < CORS_MAX_STRIP) {
                s->strip[s->nstrip++] = key;
            }
            else {
                s->more = 1;
            }
        }
        else if (cors_is_vary(key) && s->nvary < CORS_MAX_VARY) {
            s->vary[s->nvary++] = e[i].val;
        }
    }
}

/* Whether a table holds a managed header or a Vary (one pass, no call:
 * the common answer is no). */
static APR_INLINE int cors_table_flags(const apr_table_t *t)
{
    const apr_array_header_t *arr = apr_table_elts(t);
    const apr_table_entry_t *e = (const apr_table_entry_t *)arr->elts;
    int i;

    for (i = 0; i < arr->nelts; i++) {
        const char *key = e[i].key;

        if (key && (cors_is_managed(key) || cors_is_vary(key))) {
            return 1;
        }
    }
    return 0;
}

/* Scans a table once for managed headers (removed) and Vary lines. */
static void cors_scan_table(apr_table_t *t, cors_scan *s)
{
    int i;

    s->nstrip = s->nvary = s->more = 0;
    if (apr_is_empty_table(t)) {
        return;
    }
    cors_scan_entries(t, s);
    for (i = 0; i < s->nstrip; i++) {
        apr_table_unset(t, s->strip[i]);
    }
    while (s->more) {
        /* rare: more names than one pass keeps; the Vary values found in
         * the first pass stay valid, unset only drops entries */
        cors_scan again;
        again.nstrip = again.nvary = again.more = 0;
        cors_scan_entries(t, &again);
        for (i = 0; i < again.nstrip; i++) {
            apr_table_unset(t, again.strip[i]);
        }
        s->more = again.more;
    }
}

static int cors_scan_has_vary(const cors_scan *s, const char *token)
{
    int i;

    for (i = 0; i < s->nvary; i++) {
        if (cors_vary_has(s->vary[i], token)) {
            return 1;
        }
    }
    return 0;
}

/* Merges the Vary tokens of the decision that are missing, each exactly
 * once, into the table that already holds a Vary; else adds one Vary to
 * headers_out (where mod_cache_disk reads the Vary it stores a response
 * under). */
static void cors_merge_vary(request_rec *r, const cors_vary *want,
                            const cors_scan *out, const cors_scan *err)
{
    apr_table_t *t;
    int i;

    if (out->nvary == 0 && err->nvary == 0) {
        apr_table_addn(r->headers_out, "Vary", want->joined);
        return;
    }
    t = out->nvary ? r->headers_out : r->err_headers_out;
    for (i = 0; want->tokens[i]; i++) {
        if (!cors_scan_has_vary(out, want->tokens[i])
            && !cors_scan_has_vary(err, want->tokens[i])) {
            apr_table_mergen(t, "Vary", want->tokens[i]);
        }
    }
}

/* Writes the decision into the response of r, just before its headers
 * are sent: into headers_out, which httpd sends as it is, rather than
 * err_headers_out, which it would copy and overlay.  (Error responses run
 * this filter after httpd has reset headers_out for them.) */
static CORS_NOINLINE void cors_prepare_slow(request_rec *r,
                                            const cors_vary *want)
{
    cors_scan out, err;

    cors_scan_table(r->headers_out, &out);
    cors_scan_table(r->err_headers_out, &err);
    if (want) {
        cors_merge_vary(r, want, &out, &err);
    }
}

/* Makes the module the single source of CORS headers in the response of
 * r, and merges the Vary tokens of want (NULL: none) into it. */
static CORS_ALWAYS_INLINE void cors_prepare(request_rec *r,
                                             const cors_vary *want)
{
    if (cors_table_flags(r->headers_out)
        || (!apr_is_empty_table(r->err_headers_out)
            && cors_table_flags(r->err_headers_out))) {
        cors_prepare_slow(r, want);     /* somebody else set some */
    }
    else if (want) {
        apr_table_addn(r->headers_out, "Vary", want->joined);
    }
}

/* What every allowed request gets. */
static void cors_allow(apr_table_t *t, const char *acao, int credentials)
{
    apr_table_addn(t, "Access-Control-Allow-Origin", acao);
    if (credentials) {
        apr_table_addn(t, "Access-Control-Allow-Credentials", "true");
    }
}

static void cors_apply(request_rec *r, const cors_decision *d,
                       const cors_dir_conf *c)
{
    apr_table_t *t = r->headers_out;

    cors_prepare(r, d->vary);
    if (d->acao == NULL) {
        return;
    }
    cors_allow(t, d->acao, d->credentials);
    if (d->preflight) {
        apr_table_addn(t, "Access-Control-Allow-Methods", d->acam);
        if (d->acah) {
            apr_table_addn(t, "Access-Control-Allow-Headers", d->acah);
        }
        if (c->max_age) {
            apr_table_addn(t, "Access-Control-Max-Age", c->max_age);
        }
        if (d->pna) {
            apr_table_addn(t, "Access-Control-Allow-Private-Network",
                           "true");
        }
    }
    else if (c->expose) {
        apr_table_addn(t, "Access-Control-Expose-Headers",
                       c->expose->joined);
    }
}

static CORS_NOINLINE void cors_log_actual(request_rec *r,
                                          const char *origin,
                                          const char *acao,
                                          const char *why)
{
    cors_decision d;

    memset(&d, 0, sizeof(d));
    d.origin = origin;
    d.acao = acao;
    d.why = acao ? cors_why_allowed : why;
    cors_log_decision(r, &d, APLOG_DEBUG);
}

/* The response to an actual request, the common case, decided and
 * written in one go: one lookup of the Origin, one pass over each table
 * of response headers, the headers added where httpd sends them as they
 * are. */
static void cors_actual(request_rec *r, request_rec *orig,
                        const cors_dir_conf *c)
{
    const cors_origin_set *set = c->origins;
    const char *origin = apr_table_get(orig->headers_in, "Origin");
    const char *why = "no Origin", *acao = NULL;
    int creds = cors_credentials(r, c);

    if (origin && (why = cors_origin_refusal(set, origin)) == NULL) {
        acao = cors_acao(set, origin, creds);
    }
    cors_prepare(r, cors_actual_vary(set, creds));
    if (acao) {
        cors_allow(r->headers_out, acao, creds);
        if (c->expose) {
            apr_table_addn(r->headers_out, "Access-Control-Expose-Headers",
                           c->expose->joined);
        }
    }
    if (APLOG_R_IS_LEVEL(r, APLOG_DEBUG)) {
        cors_log_actual(r, origin, acao, why);
    }
}

/* What header_parser does besides remembering the policy: answers a
 * preflight, or logs what ReportOnly would have done. */
static CORS_NOINLINE int cors_early(request_rec *r, const cors_dir_conf *c)
{
    cors_decision d;

    cors_decide(r, c, &d);
    if (c->enable == CORS_REPORT_ONLY) {
        CORS_LOG_DECISION(r, &d, APLOG_INFO);
        return DECLINED;
    }
    if (!d.preflight) {
        return DECLINED;        /* OPTIONS, but not a preflight */
    }
    CORS_LOG_DECISION(r, &d, APLOG_DEBUG);
    cors_apply(r, &d, c);
    if (d.acao == NULL) {
        /* No body: nobody reads it (the reason is in the debug log). */
        r->status = HTTP_FORBIDDEN;
        return DONE;
    }
    r->status = c->preflight_status == CORS_UNSET ? HTTP_NO_CONTENT
                                                  : c->preflight_status;
    return DONE;
}

/* Remembers the policy of the URL the client asked for (before mod_dir's
 * fast redirect can change per_dir_config), and answers preflights before
 * authentication runs. */
static int cors_header_parser(request_rec *r)
{
    const cors_dir_conf *c;

    if (r->main || r->prev) {
        return DECLINED;
    }
    c = ap_get_module_config(r->per_dir_config, &cors_module);
    if (!cors_is_active(c)) {
        return DECLINED;
    }
    ap_set_module_config(r->request_config, &cors_module, (void *)c);
    if (c->enable == CORS_REPORT_ONLY
        || (r->method_number == M_OPTIONS
            && c->preflight != CORS_PREFLIGHT_PASSTHROUGH)) {
        return cors_early(r, c);
    }
    return DECLINED;
}

static void cors_insert_filter(request_rec *r)
{
    const request_rec *orig;
    const cors_dir_conf *c;

    if (r->main) {
        return;
    }
    /* the policy header_parser found for the original request, active
     * (before mod_dir's fast redirect could change per_dir_config), else
     * the original request's own (errors raised before header_parser
     * ran) */
    orig = cors_original(r);
    c = ap_get_module_config(orig->request_config, &cors_module);
    if (c == NULL) {
        c = ap_get_module_config(orig->per_dir_config, &cors_module);
        if (!cors_is_active(c)) {
            return;
        }
    }
    if (c->enable != CORS_REPORT_ONLY) {
        ap_add_output_filter_handle(cors_filter_handle, (void *)c, r,
                                    r->connection);
    }
}

/* The response to an OPTIONS request that reaches the handler: a preflight
 * passed through, or one that is not a preflight. */
static CORS_NOINLINE void cors_options(request_rec *r, request_rec *orig,
                                       const cors_dir_conf *c)
{
    cors_decision d;

    cors_decide(orig, c, &d);
    CORS_LOG_DECISION(r, &d, APLOG_DEBUG);
    cors_apply(r, &d, c);
}

/* Decides once, on the first brigade (headers are not sent yet, also for
 * HEAD and 304 responses that carry no body), then steps aside. */
static apr_status_t cors_out_filter(ap_filter_t *f, apr_bucket_brigade *bb)
{
    request_rec *r = f->r, *orig = cors_original(r);
    const cors_dir_conf *c = f->ctx;    /* the policy insert_filter found */

    if (orig->method_number != M_OPTIONS) {
        cors_actual(r, orig, c);
    }
    else {
        cors_options(r, orig, c);
    }
    ap_remove_output_filter(f);
    return ap_pass_brigade(f->next, bb);
}

/* Every map is complete: choose each one's hash seed. */
static int cors_post_config(apr_pool_t *pconf, apr_pool_t *plog,
                            apr_pool_t *ptemp, server_rec *s)
{
    void *maps = NULL;
    int i;

    (void)plog;
    (void)s;
    apr_pool_userdata_get(&maps, CORS_MAPS_KEY, pconf);
    for (i = 0; maps && i < ((apr_array_header_t *)maps)->nelts; i++) {
        cors_strmap_optimize(ptemp, APR_ARRAY_IDX((apr_array_header_t *)maps,
                                                  i, cors_strmap *));
    }
    return OK;
}

static void cors_register_hooks(apr_pool_t *p)
{
    /* Our filter must run after mod_headers' so that "Header set
     * Access-Control-..." rules are replaced, not doubled. */
    static const char *const after_headers[] = { "mod_headers.c", NULL };

    (void)p;
    /* header_parser: the per-directory configuration (.htaccess included)
     * is merged, authentication has not run yet. */
    ap_hook_header_parser(cors_header_parser, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_post_config(cors_post_config, NULL, NULL, APR_HOOK_MIDDLE);
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
