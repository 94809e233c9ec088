/* fuzz_reference.h: the pieces of the fuzz targets' reference matchers
 * that two targets share, written plainly, apart from cors_origin.c. */

#ifndef FUZZ_REFERENCE_H
#define FUZZ_REFERENCE_H

#include <stddef.h>

/* "" or ":" and a port from 1 to 65535 without a leading zero */
static int ref_port(const char *s, size_t n)
{
    size_t i;
    long v = 0;

    if (n == 0) {
        return 1;
    }
    if (s[0] != ':' || n < 2 || n > 6 || s[1] == '0') {
        return 0;
    }
    for (i = 1; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return 0;
        }
        v = v * 10 + (s[i] - '0');
    }
    return v <= 65535;
}

/* one or more labels of a-z 0-9 - _, separated by single dots */
static int ref_labels(const char *s, size_t n)
{
    size_t i, run = 0;

    for (i = 0; i < n; i++) {
        if (s[i] == '.' && run > 0) {
            run = 0;
        }
        else if ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9')
                 || s[i] == '-' || s[i] == '_') {
            run++;
        }
        else {
            return 0;
        }
    }
    return run > 0;
}

#endif /* FUZZ_REFERENCE_H */
