/*
 * The C side of `cargo xtask c-bench`: times N ncb_validate calls on one
 * document (report made, verdict read, report freed: what a caller does)
 * and prints ns per call, next to validate_bench.rs doing the same in Rust.
 *
 *   validate_bench_c FILE [N]
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */

#include <ncblink.h>

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE [N]\n", argv[0]);
        return 2;
    }
    long n = argc > 2 ? strtol(argv[2], NULL, 10) : 200000;
    FILE *f = fopen(argv[1], "rb");
    if (f == NULL || fseek(f, 0, SEEK_END) != 0) {
        perror(argv[1]);
        return 2;
    }
    long size = ftell(f);
    rewind(f);
    char *doc = malloc((size_t)size);
    if (doc == NULL || fread(doc, 1, (size_t)size, f) != (size_t)size) {
        perror(argv[1]);
        return 2;
    }
    fclose(f);
    size_t len = (size_t)size;

    ncb_report *r = NULL;
    if (ncb_validate(doc, len, "envelope", &r, NULL) != NCB_STATUS_OK || !ncb_report_is_ok(r)) {
        fprintf(stderr, "%s is not a valid envelope\n", argv[1]);
        return 2;
    }
    ncb_report_free(r);

    /* Warm caches and the allocator, as the Rust side does. */
    long sink = 0;
    for (long i = 0; i < n / 20; i++) {
        ncb_validate(doc, len, "envelope", &r, NULL);
        sink += ncb_report_is_ok(r);
        ncb_report_free(r);
    }
    double start = now_ns();
    for (long i = 0; i < n; i++) {
        ncb_validate(doc, len, "envelope", &r, NULL);
        sink += ncb_report_is_ok(r);
        ncb_report_free(r);
    }
    double ns = (now_ns() - start) / (double)n;
    if (sink == 0) {
        return 1;
    }
    printf("c %ld calls %.0f ns/call\n", n, ns);
    free(doc);
    return 0;
}
