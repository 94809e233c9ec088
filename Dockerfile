# mod_cors in the official httpd container image (httpd:2.4, which lives
# under /usr/local/apache2): the module is built with the image's own apxs,
# with the same command that make -f Makefile.apxs test-source-httpd uses
# against an httpd built the way this image is, and copied into a clean
# image.  (Not run by the tests: there is no Docker engine where they run.)
#
#   docker build -t httpd-cors .
#   docker run -p 8080:80 httpd-cors
FROM httpd:2.4 AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        gcc make libc6-dev libapr1-dev libaprutil1-dev libpsl-dev
WORKDIR /src
COPY *.c *.h ./
RUN /usr/local/apache2/bin/apxs -c -Wc,-Wall -Wc,-Wextra -Wc,-Werror -lpsl \
        -o mod_cors.la mod_cors.c cors_config.c cors_request.c \
        cors_explain.c cors_judge.c cors_dump.c cors_map.c cors_origin.c \
        cors_tokens.c

FROM httpd:2.4
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libpsl5 \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/.libs/mod_cors.so /usr/local/apache2/modules/
RUN echo 'LoadModule cors_module modules/mod_cors.so' \
        >> /usr/local/apache2/conf/httpd.conf
# your policy, for example:
#   COPY cors.conf /usr/local/apache2/conf/extra/
#   RUN echo 'Include conf/extra/cors.conf' >> /usr/local/apache2/conf/httpd.conf
