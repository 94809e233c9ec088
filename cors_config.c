/* cors_config.c: the CORS* directives, the per-directory configuration and
 * its merging.
 *
 * Every value is parsed, validated, normalised and compiled here, into the
 * configuration pool: requests only read the result.  Each handler records
 * its directive, then cors_check_section() applies the rules between the
 * directives of a section, so they hold whatever order the directives come
 * in.
 */

#include <string.h>
#include <strings.h>

#include "apr_strings.h"
#include "apr_lib.h"

#include "httpd.h"
#include "http_log.h"
#include "http_core.h"

#include "mod_cors.h"

APLOG_USE_MODULE(cors);

/* Origins that a credentialed CORSAllowOriginMatch must not match. */
static const char *const cors_unrelated_origins[] = {
    "https://example.invalid", "http://example.invalid",
    "https://example.invalid.example.com", "null", NULL
};

/* The section warnings, each given once (cors_dir_conf.warned). */
#define CORS_WARNED_PLAIN_HTTP  1
#define CORS_WARNED_BROAD_REGEX 2

void *cors_create_dir_conf(apr_pool_t *p, char *dir)
{
    cors_dir_conf *c = apr_pcalloc(p, sizeof(*c));

    (void)dir;
    c->credentials = CORS_UNSET;
    c->preflight = CORS_UNSET;
    c->preflight_status = CORS_UNSET;
    c->private_network = CORS_UNSET;
    c->enable = CORS_UNSET;
    c->timing = CORS_UNSET;
    return c;
}

#define CORS_MERGE_PTR(f) new->f = add->f ? add->f : base->f
#define CORS_MERGE_INT(f) new->f = add->f != CORS_UNSET ? add->f : base->f

void *cors_merge_dir_conf(apr_pool_t *p, void *basev, void *addv)
{
    const cors_dir_conf *base = basev, *add = addv;
    cors_dir_conf *new;
    int i;

    /* Most sections say nothing about CORS: no copy is needed then (the
     * configurations are never written after startup). */
    if (!add->is_set) {
        return basev;
    }
    if (!base->is_set) {
        return addv;
    }
    new = apr_pcalloc(p, sizeof(*new));
    for (i = 0; i < CORS_F_COUNT; i++) {
        new->set_at[i] = add->set_at[i] ? add->set_at[i] : base->set_at[i];
    }
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
    CORS_MERGE_INT(timing);
    new->is_set = 1;
    return new;
}

int cors_is_active(const cors_dir_conf *c)
{
    return c->origins != NULL && c->enable != CORS_OFF
           && (c->origins->set->count > 0 || c->origins->regexes->nelts > 0
               || c->origins->maps->nelts > 0);
}

/* --- The fields, in words (for cors-explain) ----------------------------- */

static const char *const cors_field_names[CORS_F_COUNT] = {
    "CORSAllowOrigin", "CORSAllowCredentials", "CORSAllowMethods",
    "CORSAllowHeaders", "CORSExposeHeaders", "CORSMaxAge", "CORSPreflight",
    "CORSPreflightStatus", "CORSAllowPrivateNetwork", "CORSEnable",
    "CORSTimingAllowOrigin"
};

const char *cors_field_name(cors_field f)
{
    return cors_field_names[f];
}

static const char *cors_on_off(int v)
{
    return v == CORS_ON ? "On" : "Off";
}

/* The origins as configured: CORSAllowOrigin's, then the patterns, then
 * the maps. */
static const char *cors_origins_words(apr_pool_t *p, const cors_origins *o)
{
    apr_array_header_t *all = apr_array_copy(p, o->listed);
    int i;

    for (i = 0; i < o->regexes->nelts; i++) {
        *(const char **)apr_array_push(all) =
            APR_ARRAY_IDX(o->regexes, i, cors_regex).src;
    }
    for (i = 0; i < o->maps->nelts; i++) {
        *(const char **)apr_array_push(all) =
            cors_map_name(APR_ARRAY_IDX(o->maps, i, cors_map *));
    }
    return all->nelts ? apr_array_pstrcat(p, all, ' ') : NULL;
}

const char *cors_field_value(apr_pool_t *p, const cors_dir_conf *c,
                             cors_field f)
{
    switch (f) {
    case CORS_F_ORIGINS:
        return c->origins ? cors_origins_words(p, c->origins) : NULL;
    case CORS_F_CREDENTIALS:
        return cors_on_off(c->credentials);
    case CORS_F_METHODS:
        return c->methods ? c->methods->joined : CORS_DEFAULT_METHODS;
    case CORS_F_HEADERS:
        return c->headers ? c->headers->joined : NULL;
    case CORS_F_EXPOSE:
        return c->expose ? c->expose->joined : NULL;
    case CORS_F_MAX_AGE:
        return c->max_age;
    case CORS_F_PREFLIGHT:
        return c->preflight == CORS_PREFLIGHT_PASSTHROUGH ? "passthrough"
                                                          : "answer";
    case CORS_F_PREFLIGHT_STATUS:
        return c->preflight_status == HTTP_OK ? "200" : "204";
    case CORS_F_PRIVATE_NETWORK:
        return cors_on_off(c->private_network);
    case CORS_F_ENABLE:
        return c->enable == CORS_REPORT_ONLY ? "ReportOnly"
               : c->enable == CORS_OFF ? "Off" : "On";
    case CORS_F_TIMING:
        return cors_on_off(c->timing);
    default:
        return NULL;
    }
}

/* --- Rules between directives ------------------------------------------- */

/* Startup warnings are logged on the first reading of the configuration
 * and on restarts, not on the second reading httpd does at startup. */
static void cors_warn(cmd_parms *cmd, const char *directive, const char *arg,
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
                 directive, arg, why);
}

/* The first CORSAllowOriginMatch pattern that also matches an unrelated
 * origin, or NULL. */
static const char *cors_broad_regex(const apr_array_header_t *regexes)
{
    int i, j;

    for (i = 0; i < regexes->nelts; i++) {
        const cors_regex *re = &APR_ARRAY_IDX(regexes, i, cors_regex);

        for (j = 0; cors_unrelated_origins[j]; j++) {
            if (ap_regexec(re->re, cors_unrelated_origins[j], 0, NULL,
                           0) == 0) {
                return re->src;
            }
        }
    }
    return NULL;
}

/* With credentials, the first plain-http origin of the section (listed,
 * or in a txt: map) draws a warning, once. */
static void cors_warn_plain_http(cmd_parms *cmd, cors_dir_conf *c)
{
    static const char *const why = "a plain-http origin with "
        "CORSAllowCredentials On: anyone on the network path can act as "
        "that origin";
    const cors_origins *o = c->origins;
    const char *directive = "CORSAllowOrigin", *value = o->set->plain_http;
    const char *reason = why;
    int i;

    for (i = 0; value == NULL && i < o->maps->nelts; i++) {
        const cors_map *m = APR_ARRAY_IDX(o->maps, i, cors_map *);
        const cors_origin_set *list = cors_map_startup_list(m);

        if (list && list->plain_http) {
            directive = "CORSAllowOriginMap";
            value = cors_map_name(m);
            reason = apr_psprintf(cmd->temp_pool, "'%s' is %s",
                                  list->plain_http, why);
        }
    }
    if (value) {
        c->warned |= CORS_WARNED_PLAIN_HTTP;
        cors_warn(cmd, directive, value, reason);
    }
}

/* A list whose "*" does not stand alone. */
static const char *cors_star_alone(cmd_parms *cmd, const char *name,
                                   const cors_token_list *l)
{
    if (l && l->any && l->names->nelts > 1) {
        return apr_psprintf(cmd->pool, "%s '*': '*' must stand alone in a "
                            "section", name);
    }
    return NULL;
}

/* The rules that concern more than one value of a section, checked after
 * each directive with what the section holds so far. */
static const char *cors_check_section(cmd_parms *cmd, cors_dir_conf *c)
{
    const cors_origins *o = c->origins;
    int creds = c->credentials == CORS_ON;
    const char *why, *src;

    if (o && o->set->any
        && (o->set->count > 1 || o->regexes->nelts > 0
            || o->maps->nelts > 0)) {
        return "CORSAllowOrigin '*': '*' allows every origin and can not be "
               "listed with other origins, CORSAllowOriginMatch or "
               "CORSAllowOriginMap";
    }
    if ((why = cors_star_alone(cmd, "CORSAllowMethods", c->methods))
        || (why = cors_star_alone(cmd, "CORSAllowHeaders", c->headers))
        || (why = cors_star_alone(cmd, "CORSExposeHeaders", c->expose))) {
        return why;
    }
    if (!creds) {
        return NULL;
    }
    if (o && o->set->any) {
        return "CORSAllowOrigin '*' can not be used with "
               "CORSAllowCredentials On in the same section: list the "
               "origins allowed to send credentials";
    }
    if (c->expose && c->expose->any) {
        return "CORSExposeHeaders '*' can not be used with "
               "CORSAllowCredentials On in the same section: browsers read "
               "'*' literally on credentialed requests; list the headers";
    }
    if (o && !(c->warned & CORS_WARNED_PLAIN_HTTP)) {
        cors_warn_plain_http(cmd, c);
    }
    if (o && !(c->warned & CORS_WARNED_BROAD_REGEX)
        && (src = cors_broad_regex(o->regexes))) {
        c->warned |= CORS_WARNED_BROAD_REGEX;
        cors_warn(cmd, "CORSAllowOriginMatch", src,
                  "with CORSAllowCredentials On this pattern also matches "
                  "unrelated origins such as https://example.invalid");
    }
    return NULL;
}

/* --- Directive handlers --------------------------------------------------- */

/* Where a list given in many directives is said to be set: the first
 * lines, then "..." (a list of 100,000 one-origin lines stays cheap). */
#define CORS_SET_AT_LINES 8

/* The configuration of the section a directive is in, marked as set, with
 * where the directive is recorded for field f.  Lists and origins grow
 * with each directive of a section; the other fields take the last. */
static cors_dir_conf *cors_section(cmd_parms *cmd, void *dconf, cors_field f)
{
    cors_dir_conf *c = dconf;
    int list = f == CORS_F_ORIGINS || f == CORS_F_METHODS
               || f == CORS_F_HEADERS || f == CORS_F_EXPOSE;
    const char *at;

    c->is_set = 1;
    if (cmd->directive == NULL) {
        c->set_at[f] = "(unknown)";
        return c;
    }
    if (c->set_by[f] == cmd->directive) {
        return c;
    }
    c->set_by[f] = cmd->directive;
    if (!list || c->set_at[f] == NULL) {
        c->set_count[f] = 1;
        c->set_at[f] = apr_psprintf(cmd->pool, "%s:%d",
                                    cmd->directive->filename,
                                    cmd->directive->line_num);
        return c;
    }
    if (c->set_count[f]++ > CORS_SET_AT_LINES) {
        return c;
    }
    at = c->set_count[f] > CORS_SET_AT_LINES ? "..."
         : apr_psprintf(cmd->pool, "%s:%d", cmd->directive->filename,
                        cmd->directive->line_num);
    c->set_at[f] = apr_pstrcat(cmd->pool, c->set_at[f], ", ", at, NULL);
    return c;
}

static cors_origins *cors_section_origins(cmd_parms *cmd, cors_dir_conf *c)
{
    if (c->origins == NULL) {
        c->origins = apr_pcalloc(cmd->pool, sizeof(*c->origins));
        c->origins->set = cors_origin_set_make(cmd->pool);
        c->origins->regexes = apr_array_make(cmd->pool, 2,
                                             sizeof(cors_regex));
        c->origins->listed = apr_array_make(cmd->pool, 2,
                                            sizeof(const char *));
        c->origins->maps = apr_array_make(cmd->pool, 1, sizeof(cors_map *));
    }
    return c->origins;
}

/* Why listing the opaque origin draws a warning. */
static const char *const cors_null_warning =
    "the opaque origin 'null' is also sent by sandboxed iframes, data: "
    "URLs and redirects, which any site can create";

static const char *cors_cmd_origin(cmd_parms *cmd, void *dconf,
                                   const char *arg)
{
    cors_dir_conf *c = cors_section(cmd, dconf, CORS_F_ORIGINS);
    cors_origins *o;
    cors_pattern pat;
    const char *why = cors_pattern_parse(cmd->pool, arg, &pat);

    if (why) {
        return apr_psprintf(cmd->pool, "CORSAllowOrigin '%s': %s", arg, why);
    }
    if (pat.kind == CORS_PAT_NULL) {
        cors_warn(cmd, "CORSAllowOrigin", arg, cors_null_warning);
    }
    o = cors_section_origins(cmd, c);
    cors_origin_set_add(cmd->pool, o->set, &pat);
    *(const char **)apr_array_push(o->listed) = arg;
    return cors_check_section(cmd, c);
}

static apr_status_t cors_regex_cleanup(void *re)
{
    ap_regfree(re);
    return APR_SUCCESS;
}

static const char *cors_cmd_origin_match(cmd_parms *cmd, void *dconf,
                                         const char *arg)
{
    cors_dir_conf *c = cors_section(cmd, dconf, CORS_F_ORIGINS);
    apr_size_t len = strlen(arg);
    cors_regex *r;
    int rc;

    if (len < 2 || arg[0] != '^' || arg[len - 1] != '$'
        || (len >= 3 && arg[len - 2] == '\\')) {
        return apr_psprintf(cmd->pool, "CORSAllowOriginMatch '%s': the "
                            "pattern must be anchored, beginning with '^' "
                            "and ending with '$', so that it matches the "
                            "whole origin", arg);
    }
    r = apr_array_push(cors_section_origins(cmd, c)->regexes);
    r->src = arg;
    r->re = apr_pcalloc(cmd->pool, sizeof(*r->re));
    if ((rc = ap_regcomp(r->re, arg, 0)) != 0) {
        char buf[256];
        apr_size_t n;

        ap_regerror(rc, r->re, buf, sizeof(buf));
        for (n = strlen(buf); n > 0 && buf[n - 1] == ' '; n--) {
            buf[n - 1] = '\0';
        }
        return apr_psprintf(cmd->pool, "CORSAllowOriginMatch '%s': not a "
                            "valid regular expression: %s", arg, buf);
    }
    apr_pool_cleanup_register(cmd->pool, r->re, cors_regex_cleanup,
                              apr_pool_cleanup_null);
    return cors_check_section(cmd, c);
}

/* The next argument of CORSAllowOriginMap, or NULL: a word, a quoted
 * string, or a word whose end is quoted, as in dbd:"SELECT ...". */
static const char *cors_map_arg(apr_pool_t *p, const char **line)
{
    const char *s = *line, *word;

    while (apr_isspace(*s)) {
        s++;
    }
    if (*s == '\0') {
        return NULL;
    }
    for (word = s; *s && !apr_isspace(*s) && *s != '"' && *s != '\''; s++) {
    }
    *line = s;
    word = apr_pstrmemdup(p, word, (apr_size_t)(s - word));
    return *s == '"' || *s == '\''
           ? apr_pstrcat(p, word, ap_getword_conf(p, line), NULL) : word;
}

static const char *cors_cmd_origin_map(cmd_parms *cmd, void *dconf,
                                       const char *args)
{
    cors_dir_conf *c = cors_section(cmd, dconf, CORS_F_ORIGINS);
    const char *arg;
    int n = 0;

    while ((arg = cors_map_arg(cmd->pool, &args))) {
        cors_map *m;
        const cors_origin_set *list;
        const char *why = cors_map_make(cmd, arg, &m);

        if (why) {
            return why;
        }
        if ((list = cors_map_startup_list(m)) && list->null) {
            cors_warn(cmd, "CORSAllowOriginMap", arg, apr_pstrcat(
                          cmd->temp_pool, "its line 'null': ",
                          cors_null_warning, NULL));
        }
        *(cors_map **)apr_array_push(cors_section_origins(cmd, c)->maps) = m;
        n++;
    }
    if (n == 0) {
        return "CORSAllowOriginMap needs at least one map: txt:/path, "
               "dbm[=type]:/path or dbd:\"SQL query\"";
    }
    return cors_check_section(cmd, c);
}

/* The field a directive sets and where it is in cors_dir_conf: the
 * cmd->info of the handlers shared by several directives. */
typedef struct {
    cors_field field;
    apr_size_t offset;
} cors_slot;

#define CORS_SLOT(name, f, member) \
    static const cors_slot name = { f, APR_OFFSETOF(cors_dir_conf, member) }

CORS_SLOT(cors_slot_credentials, CORS_F_CREDENTIALS, credentials);
CORS_SLOT(cors_slot_private_network, CORS_F_PRIVATE_NETWORK,
          private_network);
CORS_SLOT(cors_slot_timing, CORS_F_TIMING, timing);
CORS_SLOT(cors_slot_methods, CORS_F_METHODS, methods);
CORS_SLOT(cors_slot_headers, CORS_F_HEADERS, headers);
CORS_SLOT(cors_slot_expose, CORS_F_EXPOSE, expose);

/* The int or pointer a slot names in c. */
#define CORS_SLOT_INT(c, s) ((int *)((char *)(c) + (s)->offset))
#define CORS_SLOT_LIST(c, s) ((cors_token_list **)((char *)(c) + (s)->offset))

/* CORSAllowCredentials, CORSAllowPrivateNetwork, CORSTimingAllowOrigin:
 * On|Off. */
static const char *cors_cmd_flag(cmd_parms *cmd, void *dconf, int on)
{
    const cors_slot *slot = cmd->info;
    cors_dir_conf *c = cors_section(cmd, dconf, slot->field);

    *CORS_SLOT_INT(c, slot) = on ? CORS_ON : CORS_OFF;
    return cors_check_section(cmd, c);
}

/* CORSAllowMethods, CORSAllowHeaders, CORSExposeHeaders. */
static const char *cors_cmd_list(cmd_parms *cmd, void *dconf,
                                 const char *arg)
{
    const cors_slot *slot = cmd->info;
    int methods = slot->field == CORS_F_METHODS;
    cors_dir_conf *c = cors_section(cmd, dconf, slot->field);
    cors_token_list **lp = CORS_SLOT_LIST(c, slot);

    if (strcmp(arg, "*") != 0 && !cors_is_token(arg, strlen(arg))) {
        return apr_psprintf(cmd->pool, "%s '%s': not a valid %s (an RFC "
                            "9110 token)", cmd->cmd->name, arg,
                            methods ? "method" : "header name");
    }
    if (*lp == NULL) {
        *lp = cors_token_list_make(cmd->pool, !methods);
    }
    cors_token_list_add(cmd->pool, *lp, arg);
    return cors_check_section(cmd, c);
}

static const char *cors_cmd_max_age(cmd_parms *cmd, void *dconf,
                                    const char *arg)
{
    cors_dir_conf *c = cors_section(cmd, dconf, CORS_F_MAX_AGE);
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
                  "(Chromium at 7200 seconds, Firefox at 86400, WebKit at "
                  "600)");
    }
    c->max_age = apr_psprintf(cmd->pool, "%" APR_INT64_T_FMT, v);
    return cors_check_section(cmd, c);
}

/* The keyword arguments: each keyword and the value it stands for. */
typedef struct {
    const char *word;
    int value;
} cors_keyword;

static const cors_keyword cors_preflight_words[] = {
    { "answer", CORS_PREFLIGHT_ANSWER },
    { "passthrough", CORS_PREFLIGHT_PASSTHROUGH }, { NULL, 0 }
};
static const cors_keyword cors_status_words[] = {
    { "200", HTTP_OK }, { "204", HTTP_NO_CONTENT }, { NULL, 0 }
};
static const cors_keyword cors_enable_words[] = {
    { "on", CORS_ON }, { "off", CORS_OFF },
    { "reportonly", CORS_REPORT_ONLY }, { NULL, 0 }
};

/* CORSPreflight, CORSPreflightStatus, CORSEnable: the field, the keywords
 * and the message for anything else. */
typedef struct {
    cors_slot slot;
    const cors_keyword *words;
    const char *expected;
} cors_choice;

static const cors_choice cors_choice_preflight = {
    { CORS_F_PREFLIGHT, APR_OFFSETOF(cors_dir_conf, preflight) },
    cors_preflight_words, "must be 'answer' or 'passthrough'"
};
static const cors_choice cors_choice_status = {
    { CORS_F_PREFLIGHT_STATUS, APR_OFFSETOF(cors_dir_conf, preflight_status) },
    cors_status_words, "must be 200 or 204"
};
static const cors_choice cors_choice_enable = {
    { CORS_F_ENABLE, APR_OFFSETOF(cors_dir_conf, enable) },
    cors_enable_words, "must be On, Off or ReportOnly"
};

static const char *cors_cmd_choice(cmd_parms *cmd, void *dconf,
                                   const char *arg)
{
    const cors_choice *choice = cmd->info;
    cors_dir_conf *c = cors_section(cmd, dconf, choice->slot.field);
    const cors_keyword *k;

    for (k = choice->words; k->word; k++) {
        if (!strcasecmp(arg, k->word)) {
            *CORS_SLOT_INT(c, &choice->slot) = k->value;
            return cors_check_section(cmd, c);
        }
    }
    return apr_psprintf(cmd->pool, "%s '%s': %s", cmd->cmd->name, arg,
                        choice->expected);
}

const command_rec cors_cmds[] = {
    AP_INIT_ITERATE("CORSAllowOrigin", cors_cmd_origin, NULL, OR_FILEINFO,
                    "origins allowed: scheme://host[:port], "
                    "scheme://*.domain, scheme://host:*, '*' or 'null'"),
    AP_INIT_ITERATE("CORSAllowOriginMatch", cors_cmd_origin_match, NULL,
                    OR_FILEINFO,
                    "anchored regular expressions (^...$) of origins "
                    "allowed"),
    AP_INIT_RAW_ARGS("CORSAllowOriginMap", cors_cmd_origin_map, NULL,
                     OR_FILEINFO,
                     "origins kept outside the configuration: "
                     "txt:/path, dbm[=type]:/path or dbd:\"SQL query\""),
    AP_INIT_FLAG("CORSAllowCredentials", cors_cmd_flag,
                 (void *)&cors_slot_credentials, OR_FILEINFO,
                 "On to allow credentialed requests (default Off)"),
    AP_INIT_ITERATE("CORSAllowMethods", cors_cmd_list,
                    (void *)&cors_slot_methods,
                    OR_FILEINFO, "methods allowed in preflights, or '*' "
                    "(default GET HEAD POST)"),
    AP_INIT_ITERATE("CORSAllowHeaders", cors_cmd_list,
                    (void *)&cors_slot_headers,
                    OR_FILEINFO,
                    "request headers allowed in preflights, or '*'"),
    AP_INIT_ITERATE("CORSExposeHeaders", cors_cmd_list,
                    (void *)&cors_slot_expose,
                    OR_FILEINFO,
                    "response headers the page may read, or '*'"),
    AP_INIT_TAKE1("CORSMaxAge", cors_cmd_max_age, NULL, OR_FILEINFO,
                  "seconds a browser may cache a preflight answer"),
    AP_INIT_TAKE1("CORSPreflight", cors_cmd_choice,
                  (void *)&cors_choice_preflight, OR_FILEINFO,
                  "'answer' preflights here (default) or 'passthrough' "
                  "to the handler"),
    AP_INIT_TAKE1("CORSPreflightStatus", cors_cmd_choice,
                  (void *)&cors_choice_status, OR_FILEINFO,
                  "status of an allowed preflight: 200 or 204 (default)"),
    AP_INIT_FLAG("CORSAllowPrivateNetwork", cors_cmd_flag,
                 (void *)&cors_slot_private_network, OR_FILEINFO,
                 "On to answer Private Network Access preflights"),
    AP_INIT_TAKE1("CORSEnable", cors_cmd_choice,
                  (void *)&cors_choice_enable, OR_FILEINFO,
                  "On (default), Off, or ReportOnly to log decisions "
                  "without changing responses"),
    AP_INIT_FLAG("CORSTimingAllowOrigin", cors_cmd_flag,
                 (void *)&cors_slot_timing, OR_FILEINFO,
                 "On to send Timing-Allow-Origin to allowed origins"),
    {NULL}
};
