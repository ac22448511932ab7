/*
 * The C side of the client part of `cargo xtask c-bench`: document checks
 * against a local hub through libncblink, next to client_bench.rs doing the
 * same with the Rust blocking client.
 *
 *   client_bench_c threads N SECONDS   N threads share one ncb_client, each
 *                                      calling ncb_client_check_document
 *   client_bench_c batch SIZE SECONDS  ncb_client_check_documents of SIZE
 *                                      checks, again and again
 *
 * Prints "c MODE ARG CHECKS checks RATE checks/s". Needs NCBLINK_HUB and
 * NCBLINK_TOKEN (FR).
 */
#define _POSIX_C_SOURCE 200809L

#include <ncblink.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static ncb_client *client;
static double deadline;
static atomic_long done;
static atomic_int failed;

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *worker(void *arg) {
    (void)arg;
    ncb_document_check check = {"CT0000001", "FRA", NULL};
    while (now_s() < deadline) {
        ncb_check_result *r = NULL;
        if (ncb_client_check_document(client, &check, &r, NULL) != NCB_STATUS_OK ||
            ncb_check_result_outcome(r) != NCB_CHECK_OUTCOME_HIT) {
            atomic_fetch_add(&failed, 1);
        }
        ncb_check_result_free(r);
        atomic_fetch_add(&done, 1);
    }
    return NULL;
}

int main(int argc, char **argv) {
    const char *hub = getenv("NCBLINK_HUB"), *token = getenv("NCBLINK_TOKEN");
    if (argc != 4 || hub == NULL || token == NULL) {
        fprintf(stderr, "usage: NCBLINK_HUB=URL NCBLINK_TOKEN=T %s threads|batch N SECONDS\n", argv[0]);
        return 2;
    }
    const char *mode = argv[1];
    long n = strtol(argv[2], NULL, 10);
    double seconds = strtod(argv[3], NULL);
    ncb_config *config = NULL;
    if (ncb_config_new(hub, "FR", &config, NULL) != NCB_STATUS_OK ||
        ncb_config_set_token(config, token, NULL) != NCB_STATUS_OK ||
        ncb_client_new(config, &client, NULL) != NCB_STATUS_OK) {
        fprintf(stderr, "no client\n");
        return 2;
    }
    ncb_config_free(config);

    double start = now_s();
    deadline = start + seconds;
    if (strcmp(mode, "threads") == 0) {
        pthread_t *threads = malloc(sizeof *threads * (size_t)n);
        for (long i = 0; i < n; i++) {
            pthread_create(&threads[i], NULL, worker, NULL);
        }
        for (long i = 0; i < n; i++) {
            pthread_join(threads[i], NULL);
        }
        free(threads);
    } else {
        ncb_document_check *items = malloc(sizeof *items * (size_t)n);
        char(*numbers)[24] = malloc(sizeof *numbers * (size_t)n);
        for (long i = 0; i < n; i++) {
            snprintf(numbers[i], sizeof numbers[i], "B%ld", i);
            items[i].number = (i % 10 == 0) ? "CT0000001" : numbers[i];
            items[i].issuing_state = "FRA";
            items[i].document_type = NULL;
        }
        while (now_s() < deadline) {
            ncb_check_results *rs = NULL;
            if (ncb_client_check_documents(client, items, (size_t)n, &rs, NULL) != NCB_STATUS_OK ||
                ncb_check_results_count(rs) != (size_t)n ||
                ncb_check_result_outcome(ncb_check_results_get(rs, 0)) != NCB_CHECK_OUTCOME_HIT) {
                atomic_fetch_add(&failed, 1);
            }
            ncb_check_results_free(rs);
            atomic_fetch_add(&done, n);
        }
        free(items);
        free(numbers);
    }
    double elapsed = now_s() - start;
    ncb_client_free(client);
    if (atomic_load(&failed) > 0) {
        fprintf(stderr, "%d calls failed\n", atomic_load(&failed));
        return 1;
    }
    long total = atomic_load(&done);
    printf("c %s %ld %ld checks %.0f checks/s\n", mode, n, total, (double)total / elapsed);
    return 0;
}
