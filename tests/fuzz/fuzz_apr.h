/* What the libFuzzer targets that need nothing else share: APR started
 * once, and a root pool each input's own pool is made from. */

#ifndef FUZZ_APR_H
#define FUZZ_APR_H

#include "apr_general.h"
#include "apr_pools.h"

static apr_pool_t *root;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    apr_initialize();
    apr_pool_create(&root, NULL);
    return 0;
}

#endif /* FUZZ_APR_H */
