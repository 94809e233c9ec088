/* cors_map.h: origins kept outside the configuration (CORSAllowOriginMap),
 * in the manner of RewriteMap:
 *
 *   txt:/path         one origin pattern per line, re-read when the file
 *                     changes (checked at most every 5 seconds);
 *   dbm[=type]:/path  exact origins as the keys of an APR DBM file,
 *                     reopened when the file changes;
 *   dbd:"SELECT ..."  an SQL query through mod_dbd's connections, the
 *                     origin its one parameter, answers cached 60 seconds.
 *
 * A map's per-process state (the current list, the DBM handle, the answer
 * cache) is the only thing in the module that changes at run time: each
 * part is guarded by an APR lock of its own.  A map given in .htaccess is
 * read with the .htaccess file, for each request, and has no state.
 */

#ifndef CORS_MAP_H
#define CORS_MAP_H

#include "httpd.h"
#include "http_config.h"

#include "cors_origin.h"

typedef struct cors_map cors_map;

/* What a map says about an origin. */
typedef enum {
    CORS_MAP_NO,
    CORS_MAP_YES,
    CORS_MAP_ERROR              /* the map could not be read: not allowed */
} cors_map_answer;

/* Reads the argument of CORSAllowOriginMap in cmd: loads and validates a
 * txt: list, opens a dbm: file, registers a dbd: query with mod_dbd.
 * Returns NULL and the map in *out, or an error naming the directive, the
 * value (and the file and line) and the reason. */
const char *cors_map_make(cmd_parms *cmd, const char *arg, cors_map **out);

/* The map as configured, "txt:/path" and so on. */
const char *cors_map_name(const cors_map *m);

/* The list of a txt: map as it was read with the configuration, for the
 * warnings a listed origin draws; NULL for the other kinds, whose keys
 * are not read then. */
const cors_origin_set *cors_map_startup_list(const cors_map *m);

/* Looks origin up for request r.  origin is a serialised origin in the
 * form browsers send (checked by the caller) or "null".  On CORS_MAP_ERROR
 * *why says what failed; the error is also logged, at most once a second
 * per map and process. */
cors_map_answer cors_map_lookup(request_rec *r, cors_map *m,
                                const char *origin, apr_size_t len,
                                const char **why);

#endif /* CORS_MAP_H */
