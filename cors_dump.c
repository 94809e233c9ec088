/* cors_dump.c: apachectl -t -D DUMP_CORS.
 *
 * Prints, on standard output like -D DUMP_VHOSTS, every section of the
 * configuration that holds CORS directives, grouped by virtual host: the
 * sections nested as they are in the files, each directive with its
 * arguments, and the file and line of each.  It reads the configuration
 * tree httpd parsed (Include files and <IfModule>/<IfDefine> already
 * resolved); .htaccess files are read per request and are not in it:
 * cors-explain shows them.
 */

#include <string.h>
#include <strings.h>

#include "apr_file_io.h"
#include "apr_lib.h"
#include "apr_strings.h"

#include "httpd.h"
#include "http_config.h"
#include "util_cfgtree.h"

#include "mod_cors.h"

static int cors_is_cors_directive(const ap_directive_t *d)
{
    return !strncasecmp(d->directive, "CORS", 4);
}

static int cors_is_vhost(const ap_directive_t *d)
{
    return !strcasecmp(d->directive, "<VirtualHost");
}

/* 1 when a section holds a CORS directive, at any depth. */
static int cors_holds_cors(const ap_directive_t *section)
{
    const ap_directive_t *d;

    for (d = section->first_child; d; d = d->next) {
        if (cors_is_cors_directive(d) || cors_holds_cors(d)) {
            return 1;
        }
    }
    return 0;
}

/* One line: the directive and its arguments (the spaces of a continued
 * line squeezed to one), with its file and line. */
static void cors_dump_line(apr_file_t *out, apr_pool_t *p,
                           const ap_directive_t *d, int depth)
{
    char *args = apr_pstrdup(p, d->args), *to = args;
    const char *from;

    for (from = args; *from; from++) {
        if (!apr_isspace(*from) || (to > args && !apr_isspace(to[-1]))) {
            *to++ = apr_isspace(*from) ? ' ' : *from;
        }
    }
    *to = '\0';
    apr_file_printf(out, "%*s%s %s  (%s:%d)\n", depth * 4, "", d->directive,
                    args, d->filename, d->line_num);
}

/* The CORS directives of a list and the sections holding some, indented
 * by depth; virtual hosts are left to cors_dump_config(). */
static void cors_dump_list(apr_file_t *out, apr_pool_t *p,
                           const ap_directive_t *first, int depth)
{
    const ap_directive_t *d;

    for (d = first; d; d = d->next) {
        if (cors_is_cors_directive(d)) {
            cors_dump_line(out, p, d, depth);
        }
        else if (d->first_child && !cors_is_vhost(d) && cors_holds_cors(d)) {
            cors_dump_line(out, p, d, depth);
            cors_dump_list(out, p, d->first_child, depth + 1);
        }
    }
}

/* The server a <VirtualHost> directive defined. */
static const server_rec *cors_vhost_of(const server_rec *s,
                                       const ap_directive_t *d)
{
    for (; s; s = s->next) {
        if (s->is_virtual && s->defn_name && d->filename
            && !strcmp(s->defn_name, d->filename)
            && s->defn_line_number == (unsigned)d->line_num) {
            return s;
        }
    }
    return NULL;
}

void cors_dump_config(apr_pool_t *p, server_rec *s)
{
    const ap_directive_t *d;
    apr_file_t *out;

    if (apr_file_open_stdout(&out, p) != APR_SUCCESS) {
        return;
    }
    apr_file_printf(out, "CORS sections:\n");
    apr_file_printf(out, "main server  ServerName %s\n",
                    s->server_hostname ? s->server_hostname : "(none)");
    cors_dump_list(out, p, ap_conftree, 1);
    for (d = ap_conftree; d; d = d->next) {
        const server_rec *v;

        if (!cors_is_vhost(d) || !cors_holds_cors(d)) {
            continue;
        }
        v = cors_vhost_of(s, d);
        apr_file_printf(out, "%s %s  (%s:%d)  ServerName %s\n",
                        d->directive, d->args, d->filename, d->line_num,
                        v && v->server_hostname ? v->server_hostname
                                                : "(none)");
        cors_dump_list(out, p, d->first_child, 1);
    }
}
