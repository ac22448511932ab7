/*
 * threads: several threads validate at once, read one shared report at
 * once (messages are rendered lazily behind a once-only lock), while the
 * main thread swaps the log callback's userdata: every event reaches
 * exactly one of the two. Then 8 threads share one ncb_client against the
 * hub `cargo xtask c-test` started, each checking documents (a hit on the
 * passport xtask registered, no hit on others) while the main thread
 * starts asynchronous checks on the same client. Under ASan and valgrind
 * this is where a data race or a use-after-free in the boundary would show.
 */
#define _POSIX_C_SOURCE 200809L

#include <ncblink.h>

#include <pthread.h>
#include <stdatomic.h>

#include "common.h"

#define THREADS 4
#define ROUNDS 40

/* An unknown issuer: an error in a record (a warning in a check). */
static const char DOC[] = "{\"travel_document\": {\"number\": \"X1\", \"issuing_state\": \"ZZZ\", \"document_type\": \"passport\", \"loss_type\": \"lost\"}}";

static atomic_int failures;
static atomic_int running;
static const ncb_report *shared;

static void on_log(void *userdata, ncb_log_level level, const char *target, const char *message) {
    (void)level;
    (void)target;
    (void)message;
    atomic_fetch_add((atomic_int *)userdata, 1);
}

#define CLIENT_THREADS 8
#define CHECKS 25

static ncb_client *client;
static atomic_int client_failures, async_calls;

static void *checker(void *arg) {
    int id = *(int *)arg;
    char number[32];
    for (int i = 0; i < CHECKS; i++) {
        int want_hit = (i + id) % 3 == 0;
        snprintf(number, sizeof number, "NOTLOST%d", id * 1000 + i);
        ncb_document_check check = {want_hit ? "CT0000001" : number, "FRA", want_hit ? "passport" : NULL};
        ncb_check_result *r = NULL;
        ncb_error *err = NULL;
        ncb_status s = ncb_client_check_document(client, &check, &r, &err);
        if (s != NCB_STATUS_OK) {
            printf("thread %d: %s\n", id, ncb_error_message(err));
            ncb_error_free(err);
            atomic_fetch_add(&client_failures, 1);
            continue;
        }
        ncb_check_outcome want = want_hit ? NCB_CHECK_OUTCOME_HIT : NCB_CHECK_OUTCOME_NO_HIT;
        if (ncb_check_result_outcome(r) != want) {
            atomic_fetch_add(&client_failures, 1);
        }
        ncb_check_result_free(r);
    }
    return NULL;
}

static void on_check(void *userdata, ncb_status status, const ncb_check_result *result, const ncb_error *err) {
    (void)userdata;
    (void)err;
    if (status != NCB_STATUS_OK || ncb_check_result_outcome(result) != NCB_CHECK_OUTCOME_HIT) {
        atomic_fetch_add(&client_failures, 1);
    }
    atomic_fetch_add(&async_calls, 1);
}

static void shared_client(void) {
    ncb_config *config = NULL;
    CHECK(ncb_config_new(env_required("NCBLINK_HUB"), "FR", &config, NULL) == NCB_STATUS_OK);
    CHECK(ncb_config_set_token(config, env_required("NCBLINK_TOKEN"), NULL) == NCB_STATUS_OK);
    CHECK(ncb_client_new(config, &client, NULL) == NCB_STATUS_OK);
    ncb_config_free(config);
    pthread_t threads[CLIENT_THREADS];
    int ids[CLIENT_THREADS];
    for (int i = 0; i < CLIENT_THREADS; i++) {
        ids[i] = i;
        CHECK(pthread_create(&threads[i], NULL, checker, &ids[i]) == 0);
    }
    ncb_document_check hit = {"CT0000001", "FRA", NULL};
    for (int i = 0; i < CHECKS; i++) {
        CHECK(ncb_client_check_document_async(client, &hit, on_check, NULL, NULL, NULL) == NCB_STATUS_OK);
    }
    for (int i = 0; i < CLIENT_THREADS; i++) {
        CHECK(pthread_join(threads[i], NULL) == 0);
    }
    /* Freeing waits for every callback. */
    ncb_client_free(client);
    CHECK(atomic_load(&async_calls) == CHECKS);
    CHECK(atomic_load(&client_failures) == 0);
}

static void *worker(void *arg) {
    int id = *(int *)arg;
    static const ncb_lang langs[] = {NCB_LANG_AR, NCB_LANG_EN, NCB_LANG_FR, NCB_LANG_ES};
    for (int i = 0; i < ROUNDS; i++) {
        ncb_report *r = NULL;
        if (ncb_validate(DOC, sizeof DOC - 1, (i % 2) ? "record" : NULL, &r, NULL) != NCB_STATUS_OK ||
            ncb_report_is_ok(r) || ncb_report_count(r) != 1) {
            atomic_fetch_add(&failures, 1);
        }
        ncb_lang lang = langs[(id + i) % 4];
        const char *own = ncb_report_message(r, 0, lang);
        const char *common = ncb_report_message(shared, 0, lang);
        if (own == NULL || common == NULL || strcmp(own, common) != 0) {
            atomic_fetch_add(&failures, 1);
        }
        ncb_report_free(r);
    }
    atomic_fetch_sub(&running, 1);
    return NULL;
}

int main(void) {
    /* Two counters: the callback's userdata is swapped while workers log. */
    static atomic_int a, b;
    CHECK(ncb_set_log_callback(on_log, &a, NCB_LOG_LEVEL_DEBUG, NULL) == NCB_STATUS_OK);
    ncb_report *r = NULL;
    CHECK(ncb_validate(DOC, sizeof DOC - 1, "record", &r, NULL) == NCB_STATUS_OK);
    shared = r;

    pthread_t threads[THREADS];
    int ids[THREADS];
    atomic_store(&running, THREADS);
    for (int i = 0; i < THREADS; i++) {
        ids[i] = i;
        CHECK(pthread_create(&threads[i], NULL, worker, &ids[i]) == 0);
    }
    int swaps = 0;
    while (atomic_load(&running) > 0 && swaps < 20000) {
        CHECK(ncb_set_log_callback(on_log, (swaps % 2) ? (void *)&a : (void *)&b, NCB_LOG_LEVEL_DEBUG, NULL) ==
              NCB_STATUS_OK);
        swaps++;
    }
    for (int i = 0; i < THREADS; i++) {
        CHECK(pthread_join(threads[i], NULL) == 0);
    }
    /* A callback was set all along: no event was lost, none counted twice. */
    int seen = atomic_load(&a) + atomic_load(&b);
    CHECK(seen == THREADS * ROUNDS + 1);

    /* Removed: the callback is never called again. */
    CHECK(ncb_set_log_callback(NULL, NULL, NCB_LOG_LEVEL_OFF, NULL) == NCB_STATUS_OK);
    ncb_report *again = NULL;
    CHECK(ncb_validate(DOC, sizeof DOC - 1, "record", &again, NULL) == NCB_STATUS_OK);
    ncb_report_free(again);
    CHECK(atomic_load(&a) + atomic_load(&b) == seen);

    CHECK(atomic_load(&failures) == 0);
    ncb_report_free(r);

    shared_client();
    printf("threads: %d threads x %d validations, %d callback swaps, %d log events; %d threads x %d hub checks "
           "on one client and %d async; %d checks, %d failed\n",
           THREADS, ROUNDS, swaps, seen, CLIENT_THREADS, CHECKS, CHECKS, test_checks, test_failures);
    return test_failures == 0 ? 0 : 1;
}
