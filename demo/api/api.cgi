#!/bin/sh
# The demo's API, one CGI script behind every data.json of the API origin
# (ScriptAliasMatch in conf-examples/demo.conf): GET, HEAD, POST, PUT,
# PATCH and DELETE get a real answer, so that each button of the demo page
# shows the response of a real request.  The body is read and counted,
# never echoed.
received=0
if [ "${CONTENT_LENGTH:-0}" -gt 0 ] 2>/dev/null; then
    received=$(head -c "$CONTENT_LENGTH" | wc -c)
fi
case "$REQUEST_METHOD" in
    GET|HEAD) status="200 OK" ;;
    POST|PUT|PATCH) status="200 OK" ;;
    DELETE) status="204 No Content" ;;
    *) status="405 Method Not Allowed" ;;
esac
printf 'Status: %s\r\n' "$status"
printf 'X-Request-Id: demo-%s\r\n' "$$"
if [ "$status" = "204 No Content" ]; then
    printf '\r\n'
    exit 0
fi
printf 'Content-Type: application/json\r\n\r\n'
# REQUEST_METHOD is an HTTP token (httpd checked it): no quote in it
printf '{"method": "%s", "path": "%s", "received_bytes": %d}\n' \
    "$REQUEST_METHOD" "${SCRIPT_URL:-$SCRIPT_NAME}" "$received"
