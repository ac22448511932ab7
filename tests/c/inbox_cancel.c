/*
 * inbox_cancel: the inbox read with ncb_inbox_next_async and cancelled
 * after short timeouts loses nothing. A producer thread (FR, signing) sends
 * MESSAGES signed messages to DE while the consumer (DE) reads with the
 * asynchronous call, waits a few milliseconds for the callback and cancels
 * the read when it has not fired; every few dozen reads it drops its inbox
 * and starts a fresh one, as a restarted consumer would. Every message must
 * be handled exactly once, none lost, and every read's callback must fire
 * exactly once. Against the hub `cargo xtask c-test` starts; each run uses
 * fresh ids.
 *
 *   inbox_cancel
 */
#define _POSIX_C_SOURCE 200809L

#include <ncblink.h>

#include <pthread.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>

#include "common.h"

enum { MESSAGES = 300, MAX_READS = 20000, RESTART_EVERY = 61 };

static const char *HUB, *TOKEN, *PEER_TOKEN, *KEY_FILE, *KID;
static char PREFIX[40]; /* this run's message ids: PREFIX and 4 hex digits */

/* One read: what its callback received, and how many times it fired. */
typedef struct {
    int fired;
    ncb_status status;
    ncb_inbox_item *item;
} read_slot;

static read_slot slots[MAX_READS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t fired = PTHREAD_COND_INITIALIZER;

static void on_item(void *userdata, ncb_status status, ncb_inbox_item *item, const ncb_error *err) {
    (void)err;
    read_slot *r = userdata;
    pthread_mutex_lock(&lock);
    if (r->fired++ == 0) {
        r->status = status;
        r->item = item;
    } else {
        ncb_inbox_item_free(item); /* counted as a failure in main */
    }
    pthread_cond_broadcast(&fired);
    pthread_mutex_unlock(&lock);
}

static ncb_client *make_client(const char *ncb, const char *token, int sign) {
    ncb_config *config = NULL;
    ncb_client *client = NULL;
    ncb_error *err = NULL;
    ncb_status s = ncb_config_new(HUB, ncb, &config, &err);
    if (s == NCB_STATUS_OK) {
        s = ncb_config_set_token(config, token, &err);
    }
    if (s == NCB_STATUS_OK && sign) {
        s = ncb_config_set_signing_key_file(config, KEY_FILE, KID, &err);
    }
    if (s == NCB_STATUS_OK) {
        s = ncb_client_new(config, &client, &err);
    }
    if (s != NCB_STATUS_OK) {
        printf("client %s: %s\n", ncb, ncb_error_message(err));
    }
    ncb_error_free(err);
    ncb_config_free(config);
    return client;
}

/* The producer: FR sends MESSAGES signed messages to DE. */
static int send_failures = 0;

static void *produce(void *arg) {
    ncb_client *fr = arg;
    char json[1024];
    for (unsigned i = 0; i < MESSAGES; i++) {
        snprintf(json, sizeof json,
                 "{\"id\":\"%s%04x\",\"source\":\"FR\",\"recipients\":{\"ncbs\":[\"DE\"]},"
                 "\"created\":\"2026-05-20T09:30:12Z\",\"purpose\":\"investigation\","
                 "\"classification\":{\"level\":\"restricted\"},\"language\":\"en\",\"body\":{\"message\":"
                 "{\"title\":\"cancel %u\",\"text\":{\"language\":\"ENG\",\"text\":\"Please confirm.\"}}}}",
                 PREFIX, i, i);
        char *out = NULL;
        ncb_error *err = NULL;
        if (ncb_client_send_message(fr, json, strlen(json), &out, NULL, &err) != NCB_STATUS_OK) {
            printf("send %u: %s\n", i, ncb_error_message(err));
            send_failures++;
        }
        ncb_string_free(out);
        ncb_error_free(err);
    }
    return NULL;
}

/* Starts read `n`, waits up to `timeout_ms` for its callback (forever when
 * negative), cancels it when it has not fired, and waits for the one call.
 * Returns whether it was cancelled by this function. */
static int read_one(ncb_client *de, ncb_inbox *inbox, int n, long timeout_ms) {
    read_slot *r = &slots[n];
    uint64_t id = 0;
    ncb_error *err = NULL;
    if (ncb_inbox_next_async(inbox, on_item, r, &id, &err) != NCB_STATUS_OK) {
        printf("read %d: %s\n", n, ncb_error_message(err));
        ncb_error_free(err);
        pthread_mutex_lock(&lock);
        r->fired = 1; /* no callback is due */
        r->status = NCB_STATUS_INTERNAL;
        pthread_mutex_unlock(&lock);
        return 0;
    }
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    long ns = until.tv_nsec + (timeout_ms < 0 ? 0 : timeout_ms) * 1000000L;
    until.tv_sec += ns / 1000000000L;
    until.tv_nsec = ns % 1000000000L;
    pthread_mutex_lock(&lock);
    while (r->fired == 0 && timeout_ms >= 0) {
        if (pthread_cond_timedwait(&fired, &lock, &until) != 0) {
            break;
        }
    }
    int cancelled = 0;
    if (r->fired == 0 && timeout_ms >= 0) {
        pthread_mutex_unlock(&lock);
        ncb_client_cancel(de, id, NULL);
        cancelled = 1;
        pthread_mutex_lock(&lock);
    }
    while (r->fired == 0) {
        pthread_cond_wait(&fired, &lock);
    }
    pthread_mutex_unlock(&lock);
    return cancelled;
}

/* Handles what read `n` returned: counts this run's messages, acknowledges
 * every item, skips one held back by a signature failure (an unsigned
 * message another program sent). Returns 1 when it handled an item. */
static int seen[MESSAGES];
static int handled = 0, duplicates = 0, cancelled_reads = 0;

static int handle(ncb_inbox *inbox, int n) {
    read_slot *r = &slots[n];
    if (r->status == NCB_STATUS_CANCELLED) {
        cancelled_reads++;
        CHECK(r->item == NULL);
        return 0;
    }
    if (r->status == NCB_STATUS_SIGNATURE || r->status == NCB_STATUS_SIGNATURE_KEY_UNKNOWN) {
        CHECK(ncb_inbox_skip_held(inbox, NULL, NULL) == NCB_STATUS_OK);
        return 0;
    }
    CHECK(r->status == NCB_STATUS_OK);
    ncb_inbox_item *item = r->item;
    r->item = NULL;
    if (item == NULL) {
        return 0;
    }
    const char *id = ncb_inbox_item_id(item);
    size_t plen = strlen(PREFIX);
    if (id != NULL && strncmp(id, PREFIX, plen) == 0) {
        unsigned long i = strtoul(id + plen, NULL, 16);
        CHECK(i < MESSAGES);
        if (i < MESSAGES && seen[i]++ == 0) {
            handled++;
        } else {
            duplicates++;
        }
    }
    ncb_error *err = NULL;
    if (ncb_inbox_ack(inbox, item, &err) != NCB_STATUS_OK) {
        printf("ack %s: %s\n", id ? id : "?", ncb_error_message(err));
        test_failures++;
    }
    ncb_error_free(err);
    ncb_inbox_item_free(item);
    return 1;
}

int main(void) {
    HUB = env_required("NCBLINK_HUB");
    TOKEN = env_required("NCBLINK_TOKEN");
    PEER_TOKEN = env_required("NCBLINK_PEER_TOKEN");
    KEY_FILE = env_required("NCBLINK_KEY_FILE");
    KID = env_required("NCBLINK_KID");
    unsigned long seed = ((unsigned long)time(NULL) * 2654435761u + (unsigned long)getpid()) & 0xffffffffUL;
    snprintf(PREFIX, sizeof PREFIX, "0196f0a2-7c4a-7d11-9a3e-%08lx", seed);

    ncb_client *fr = make_client("FR", TOKEN, 1);
    ncb_client *de = make_client("DE", PEER_TOKEN, 0);
    if (fr == NULL || de == NULL) {
        return 1;
    }
    ncb_inbox *inbox = NULL;
    CHECK(ncb_inbox_new(de, 1000, &inbox, NULL) == NCB_STATUS_OK);
    int reads = 0;

    /* Drain what earlier programs left, until a read finds nothing. */
    while (reads < MAX_READS / 2) {
        read_one(de, inbox, reads, -1);
        int got = handle(inbox, reads) || slots[reads].status != NCB_STATUS_OK;
        reads++;
        if (!got) {
            break;
        }
    }
    /* Nothing is coming: a read cancelled during its long poll answers
     * CANCELLED, and the inbox is as it was. */
    int before = cancelled_reads;
    CHECK(read_one(de, inbox, reads, 20) == 1);
    handle(inbox, reads++);
    CHECK(cancelled_reads == before + 1);

    pthread_t producer;
    CHECK(pthread_create(&producer, NULL, produce, fr) == 0);
    /* Short timeouts, 0 to 40 ms; after cancels in a row, longer ones, so
     * that a slow machine (valgrind) still makes progress. */
    static const long base_ms[] = {0, 2, 5, 10, 20, 40, 1, 15};
    int in_a_row = 0;
    while (handled < MESSAGES && reads < MAX_READS) {
        long timeout = base_ms[reads % 8] + 50L * in_a_row;
        int cancelled = read_one(de, inbox, reads, timeout);
        handle(inbox, reads);
        in_a_row = cancelled && slots[reads].status == NCB_STATUS_CANCELLED ? in_a_row + 1 : 0;
        reads++;
        if (reads % RESTART_EVERY == 0) {
            /* A consumer restarted: it resumes where the hub's position is. */
            ncb_inbox_free(inbox);
            inbox = NULL;
            CHECK(ncb_inbox_new(de, 1000, &inbox, NULL) == NCB_STATUS_OK);
        }
    }
    pthread_join(producer, NULL);
    ncb_inbox_free(inbox);
    ncb_client_free(fr);
    ncb_client_free(de); /* waits for every callback */

    CHECK(send_failures == 0);
    CHECK(handled == MESSAGES);
    CHECK(duplicates == 0);
    int once = 1;
    for (int i = 0; i < reads; i++) {
        once = once && slots[i].fired == 1;
        ncb_inbox_item_free(slots[i].item);
    }
    CHECK(once);
    printf("inbox_cancel: %d messages handled once in %d reads (%d cancelled); %d checks, %d failed\n", handled,
           reads, cancelled_reads, test_checks, test_failures);
    return test_failures == 0 ? 0 : 1;
}
