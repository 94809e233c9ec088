/* mod_cors.h: the policy of a section, as the configuration leaves it.
 *
 * cors_config.c builds it from the CORS* directives and merges it;
 * cors_judge.c decides requests by it, for cors_request.c; mod_cors.c
 * holds the hooks.
 */

#ifndef MOD_CORS_H
#define MOD_CORS_H

#include "httpd.h"
#include "http_config.h"
#include "ap_regex.h"
#include "ap_mmn.h"
#include "apr_version.h"

#include "cors_origin.h"
#include "cors_tokens.h"
#include "cors_map.h"

/* The oldest httpd and APR the module builds with: the module record's
 * flags field (2.4.30) and apr_table_getm (APR 1.5). */
#if !AP_MODULE_MAGIC_AT_LEAST(20120211, 70)
#error "mod_cors needs httpd 2.4.30 or later"
#endif
#if !APR_VERSION_AT_LEAST(1, 5, 0)
#error "mod_cors needs APR 1.5 or later"
#endif

/* Three-valued flags (as in mod_expires): a section that says nothing
 * inherits, a section that says Off really turns it off. */
#define CORS_UNSET (-1)
#define CORS_OFF   0
#define CORS_ON    1

/* CORSEnable's third value. */
#define CORS_REPORT_ONLY 2

/* Access-Control-Allow-Methods when CORSAllowMethods is not set. */
#define CORS_DEFAULT_METHODS "GET, HEAD, POST"

/* CORSPreflight */
#define CORS_PREFLIGHT_ANSWER      1
#define CORS_PREFLIGHT_PASSTHROUGH 2

/* The fields of a policy, each merged on its own. */
typedef enum {
    CORS_F_ORIGINS,             /* CORSAllowOrigin, CORSAllowOriginMatch,
                                 * CORSAllowOriginMap */
    CORS_F_CREDENTIALS,
    CORS_F_METHODS,
    CORS_F_HEADERS,
    CORS_F_EXPOSE,
    CORS_F_MAX_AGE,
    CORS_F_PREFLIGHT,
    CORS_F_PREFLIGHT_STATUS,
    CORS_F_PRIVATE_NETWORK,
    CORS_F_ENABLE,
    CORS_F_TIMING,
    CORS_F_COUNT
} cors_field;

/* One CORSAllowOriginMatch pattern. */
typedef struct {
    ap_regex_t *re;
    const char *src;
} cors_regex;

/* The allowed origins of a section: CORSAllowOrigin, CORSAllowOriginMatch
 * and CORSAllowOriginMap together, one field for merging. */
typedef struct {
    cors_origin_set *set;
    apr_array_header_t *regexes;    /* of cors_regex */
    apr_array_header_t *maps;       /* of cors_map * */
    apr_array_header_t *listed;     /* CORSAllowOrigin's arguments, of
                                     * const char *, as given */
    /* Set once, atomically, when a request first meets these origins
     * together with inherited credentials, so that the error is logged
     * once per process for a section of the server configuration (an
     * .htaccess file is read anew for each request). */
    volatile apr_uint32_t conflict_logged;
} cors_origins;

typedef struct {
    cors_origins *origins;      /* NULL: unset */
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
    int timing;                 /* CORS_UNSET, CORS_OFF, CORS_ON:
                                 * CORSTimingAllowOrigin */
    unsigned int warned;        /* the section's warnings already given */
    int is_set;                 /* some directive set in this section */
    /* Where each field was set: "file:line" of its directives (", "
     * between the lines of a list given in several), in this section or
     * the one it inherits the field from; NULL: the default. */
    const char *set_at[CORS_F_COUNT];
    /* The directive that last added to set_at (a directive with many
     * arguments is recorded once), and how many did; startup only. */
    const void *set_by[CORS_F_COUNT];
    unsigned int set_count[CORS_F_COUNT];
} cors_dir_conf;

extern module AP_MODULE_DECLARE_DATA cors_module;

/* --- cors_config.c -------------------------------------------------------- */

extern const command_rec cors_cmds[];

void *cors_create_dir_conf(apr_pool_t *p, char *dir);
void *cors_merge_dir_conf(apr_pool_t *p, void *basev, void *addv);

/* 1 when the merged policy has an origin and CORSEnable is not Off. */
int cors_is_active(const cors_dir_conf *c);

/* The name of a field (its directive), and its value in c as the module
 * uses it, defaults included, in words; NULL when the field leads to no
 * header (no origins, headers, expose headers or max age). */
const char *cors_field_name(cors_field f);
const char *cors_field_value(apr_pool_t *p, const cors_dir_conf *c,
                             cors_field f);

/* --- cors_dump.c ---------------------------------------------------------- */

/* apachectl -t -D DUMP_CORS: the sections with CORS directives, per
 * virtual host, on standard output. */
void cors_dump_config(apr_pool_t *p, server_rec *s);

#endif /* MOD_CORS_H */
