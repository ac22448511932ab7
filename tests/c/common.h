/* Shared by the C tests: a CHECK macro that counts checks and failures, and
 * for the client's tests the hub xtask started (NCBLINK_* variables). */
#ifndef NCBLINK_TEST_COMMON_H
#define NCBLINK_TEST_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int test_failures = 0;
static int test_checks = 0;

#define CHECK(cond)                                                        \
    do {                                                                   \
        test_checks++;                                                     \
        if (!(cond)) {                                                     \
            test_failures++;                                               \
            printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);         \
        }                                                                  \
    } while (0)

/* A variable the test cannot run without: exits 2 (usage) when unset. */
static inline const char *env_required(const char *name) {
    const char *v = getenv(name);
    if (v == NULL || v[0] == '\0') {
        fprintf(stderr, "%s is not set: run the client tests with `cargo xtask c-test`, which starts a hub\n", name);
        exit(2);
    }
    return v;
}

#endif
