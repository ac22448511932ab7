/*
 * client: every function of the network client against the real hub that
 * `cargo xtask c-test` starts (FR and DE with fixed tokens, FR's key in a
 * key file): a passport registered by FR and checked by DE (a hit, then its
 * full record), a batch of 2,500 checks answered in order, a signed message
 * FR -> DE read back by id and from DE's inbox and acknowledged (an unsigned one refused
 * with NCB_STATUS_SIGNATURE), a notice's lifecycle, the search iterator,
 * the outbox kept across an outage, errors (401, an unreachable hub, a hub
 * that never answers), asynchronous calls whose callbacks fire exactly
 * once (also when cancelled, timed out, or outstanding at ncb_client_free),
 * and bad arguments to every function. Each run uses fresh numbers and ids:
 * c-test runs it several times against the same hub.
 *
 *   client VECTORS_DIR
 */
#define _POSIX_C_SOURCE 200809L

#include <ncblink.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "common.h"

static const char *HUB, *TOKEN, *PEER_TOKEN, *KEY_FILE, *KID, *VECTORS;
static char RUN[16];  /* makes this run's ids unique (lower-case hex) */
static char RUNU[16]; /* and its document numbers (upper case) */

static char sentinel_storage;
#define SENTINEL ((void *)&sentinel_storage)

static void sleep_ms(long ms) {
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (f == NULL || fseek(f, 0, SEEK_END) != 0) {
        if (f) {
            fclose(f);
        }
        return NULL;
    }
    long size = ftell(f);
    rewind(f);
    char *buf = malloc((size_t)size + 1);
    if (buf == NULL || fread(buf, 1, (size_t)size, f) != (size_t)size) {
        free(buf);
        fclose(f);
        return NULL;
    }
    fclose(f);
    buf[size] = '\0';
    *len = (size_t)size;
    return buf;
}

/* Replaces the first occurrence of `from` in `text` (same length). */
static void replace_same_length(char *text, const char *from, const char *to) {
    char *p = strstr(text, from);
    if (p != NULL && strlen(from) == strlen(to)) {
        memcpy(p, to, strlen(to));
    }
}

/* A fresh envelope id: the vectors' prefix and 12 hex digits. */
static void fresh_id(char out[37], unsigned n) {
    snprintf(out, 37, "0196f0a2-7c4a-7d11-9a3e-%.8s%04x", RUN, n & 0xffffu);
}

/* Copies the first string member `name` of a JSON text. */
static int json_string(const char *json, const char *name, char *out, size_t cap) {
    char key[64];
    snprintf(key, sizeof key, "\"%s\":\"", name);
    const char *p = json ? strstr(json, key) : NULL;
    if (p == NULL) {
        return 0;
    }
    p += strlen(key);
    size_t n = 0;
    while (p[n] != '"' && p[n] != '\0' && n + 1 < cap) {
        out[n] = p[n];
        n++;
    }
    out[n] = '\0';
    return 1;
}

typedef struct {
    const char *url;
    const char *ncb;
    const char *token;
    int sign;
    const char *outbox;
    uint64_t request_timeout_ms;
    int retries; /* -1: the default */
} client_opts;

static ncb_client *make_client(client_opts o) {
    ncb_config *config = NULL;
    ncb_client *client = NULL;
    ncb_error *err = NULL;
    ncb_status s = ncb_config_new(o.url, o.ncb, &config, &err);
    if (s == NCB_STATUS_OK && o.token) {
        s = ncb_config_set_token(config, o.token, &err);
    }
    if (s == NCB_STATUS_OK && o.sign) {
        s = ncb_config_set_signing_key_file(config, KEY_FILE, KID, &err);
    }
    if (s == NCB_STATUS_OK && o.outbox) {
        s = ncb_config_set_outbox_path(config, o.outbox, &err);
    }
    if (s == NCB_STATUS_OK && o.request_timeout_ms) {
        s = ncb_config_set_request_timeout_ms(config, o.request_timeout_ms, &err);
    }
    if (s == NCB_STATUS_OK && o.retries >= 0) {
        s = ncb_config_set_max_retries(config, (uint32_t)o.retries, &err);
    }
    if (s == NCB_STATUS_OK) {
        s = ncb_client_new(config, &client, &err);
    }
    if (s != NCB_STATUS_OK) {
        printf("make_client: %s\n", ncb_error_message(err));
    }
    CHECK(s == NCB_STATUS_OK);
    ncb_error_free(err);
    ncb_config_free(config);
    return client;
}

static ncb_client *fr, *de;

/* ------------------------------------------------------------------ */

static char passport[10];

static void records_and_checks(void) {
    ncb_error *err = NULL;
    char *out = NULL;
    size_t len = 0;
    char body[512];
    snprintf(passport, sizeof passport, "P%.8s", RUNU);
    snprintf(body, sizeof body,
             "{\"travel_document\":{\"number\":\"%s\",\"issuing_state\":\"FRA\",\"document_type\":\"passport\","
             "\"loss_type\":\"stolen_from_bearer\",\"national_reference\":\"C-TEST\"}}",
             passport);
    CHECK(ncb_client_register_record(fr, body, strlen(body), &out, &len, &err) == NCB_STATUS_OK);
    CHECK(out != NULL && len == strlen(out) && strstr(out, passport) != NULL);
    char record_id[64] = "";
    CHECK(json_string(out, "id", record_id, sizeof record_id));
    ncb_string_free(out);
    /* Again by its owner: the same record (natural key), answered with the one stored. */
    CHECK(ncb_client_register_record(fr, body, strlen(body), &out, &len, &err) == NCB_STATUS_OK);
    {
        char again_id[64] = "";
        CHECK(json_string(out, "id", again_id, sizeof again_id) && strcmp(again_id, record_id) == 0);
    }
    ncb_string_free(out);
    out = NULL;
    /* Only the issuing state registers a travel document. */
    CHECK(ncb_client_register_record(de, body, strlen(body), &out, NULL, &err) == NCB_STATUS_FORBIDDEN);
    CHECK(ncb_error_http_status(err) == 403);
    ncb_error_free(err);
    err = NULL;

    /* DE checks it: a hit owned by FR. */
    ncb_document_check check = {passport, "FRA", "passport"};
    ncb_check_result *r = NULL;
    CHECK(ncb_client_check_document(de, &check, &r, &err) == NCB_STATUS_OK);
    CHECK(ncb_check_result_outcome(r) == NCB_CHECK_OUTCOME_HIT);
    CHECK(ncb_check_result_hit_count(r) >= 1);
    CHECK(ncb_check_result_owner(r, 0) && strcmp(ncb_check_result_owner(r, 0), "FR") == 0);
    CHECK(ncb_check_result_database(r, 0) && strcmp(ncb_check_result_database(r, 0), "sltd") == 0);
    CHECK(ncb_check_result_score(r, 0) > 0.99);
    CHECK(ncb_check_result_summary(r, 0) != NULL);
    const char *hit_id = ncb_check_result_record_id(r, 0);
    CHECK(hit_id != NULL && strcmp(hit_id, record_id) == 0);
    CHECK(ncb_check_result_record_id(r, 99) == NULL && ncb_check_result_score(r, 99) < 0);
    CHECK(ncb_check_result_to_json(r, &out, &len, &err) == NCB_STATUS_OK);
    CHECK(strstr(out, "\"outcome\":\"hit\"") != NULL && len == strlen(out));
    ncb_string_free(out);

    /* The second step: DE fetches the full record. */
    CHECK(ncb_client_get_record(de, hit_id, &out, &len, &err) == NCB_STATUS_OK);
    CHECK(strstr(out, "C-TEST") != NULL && strstr(out, "\"owner\":\"FR\"") != NULL);
    ncb_string_free(out);
    ncb_check_result_free(r);

    /* No hit, and a document type left out. */
    ncb_document_check other = {"NOSUCHDOC1", "FRA", NULL};
    CHECK(ncb_client_check_document(de, &other, &r, &err) == NCB_STATUS_OK);
    CHECK(ncb_check_result_outcome(r) == NCB_CHECK_OUTCOME_NO_HIT && ncb_check_result_hit_count(r) == 0);
    ncb_check_result_free(r);

    /* A batch of 2,500 (three requests): the hits where the passport is. */
    enum { N = 2500 };
    ncb_document_check *items = malloc(N * sizeof *items);
    char(*numbers)[16] = malloc(N * sizeof *numbers);
    for (int i = 0; i < N; i++) {
        snprintf(numbers[i], sizeof numbers[i], "N%.8sX%d", RUNU, i);
        items[i].number = (i % 997 == 5) ? passport : numbers[i];
        items[i].issuing_state = "FRA";
        items[i].document_type = NULL;
    }
    ncb_check_results *rs = NULL;
    CHECK(ncb_client_check_documents(de, items, N, &rs, &err) == NCB_STATUS_OK);
    CHECK(ncb_check_results_count(rs) == N);
    int in_order = 1;
    for (int i = 0; i < N; i++) {
        ncb_check_outcome want = (i % 997 == 5) ? NCB_CHECK_OUTCOME_HIT : NCB_CHECK_OUTCOME_NO_HIT;
        if (ncb_check_result_outcome(ncb_check_results_get(rs, (size_t)i)) != want) {
            in_order = 0;
        }
    }
    CHECK(in_order);
    CHECK(ncb_check_results_get(rs, N) == NULL);
    CHECK(ncb_check_results_to_json(rs, &out, &len, &err) == NCB_STATUS_OK);
    CHECK(out[0] == '[' && len > 2500 * 10);
    ncb_string_free(out);
    ncb_check_results_free(rs);
    /* An argument error names the item. */
    items[1234].issuing_state = "fr1";
    rs = SENTINEL;
    CHECK(ncb_client_check_documents(de, items, N, &rs, &err) == NCB_STATUS_INVALID_ARGUMENT);
    CHECK(rs == SENTINEL && strstr(ncb_error_message(err), "items[1234]") != NULL);
    ncb_error_free(err);
    err = NULL;
    /* Empty: no request, no result. */
    CHECK(ncb_client_check_documents(de, items, 0, &rs, &err) == NCB_STATUS_OK && ncb_check_results_count(rs) == 0);
    ncb_check_results_free(rs);
    free(items);
    free(numbers);

    /* Vehicles, persons, firearms. */
    char vin[18];
    snprintf(vin, sizeof vin, "WVW%.8s000000", RUNU);
    ncb_vehicle_check v = {vin, NULL, "FR", "AB-123-CD"};
    CHECK(ncb_client_check_vehicle(de, &v, &r, &err) == NCB_STATUS_OK);
    CHECK(ncb_check_result_outcome(r) == NCB_CHECK_OUTCOME_NO_HIT);
    ncb_check_result_free(r);
    ncb_vehicle_check vs[2] = {{vin, NULL, NULL, NULL}, {NULL, "ENG-1", NULL, NULL}};
    CHECK(ncb_client_check_vehicles(de, vs, 2, &rs, &err) == NCB_STATUS_OK && ncb_check_results_count(rs) == 2);
    ncb_check_results_free(rs);
    ncb_vehicle_check half_plate = {NULL, NULL, "FR", NULL};
    CHECK(ncb_client_check_vehicle(de, &half_plate, &r, &err) == NCB_STATUS_INVALID_ARGUMENT);
    ncb_error_free(err);
    err = NULL;
    ncb_vehicle_check nothing = {NULL, NULL, NULL, NULL};
    CHECK(ncb_client_check_vehicle(de, &nothing, &r, &err) == NCB_STATUS_INVALID_DOCUMENT);
    CHECK(ncb_error_code(err) != NULL && ncb_error_report(err) != NULL);
    ncb_error_free(err);
    err = NULL;
    static const char person[] = "{\"family_name\":\"Durand\",\"forenames\":\"Jean\",\"date_of_birth\":\"1978\"}";
    CHECK(ncb_client_check_person(de, person, sizeof person - 1, &r, &err) == NCB_STATUS_OK);
    CHECK(ncb_check_result_outcome(r) != NCB_CHECK_OUTCOME_NONE);
    ncb_check_result_free(r);
    static const char persons[] = "[{\"family_name\":\"Durand\"},{\"interpol_id\":\"2026/1\"}]";
    CHECK(ncb_client_check_persons(de, persons, sizeof persons - 1, &rs, &err) == NCB_STATUS_OK);
    CHECK(ncb_check_results_count(rs) == 2);
    ncb_check_results_free(rs);
    static const char firearm[] = "{\"serial_number\":\"ABC123456\",\"make\":\"Glock\"}";
    CHECK(ncb_client_check_firearm(de, firearm, sizeof firearm - 1, &r, &err) == NCB_STATUS_OK);
    ncb_check_result_free(r);
    static const char firearms[] = "[{\"serial_number\":\"A1\"},{\"serial_number\":\"B2\"},{\"serial_number\":\"C3\"}]";
    CHECK(ncb_client_check_firearms(de, firearms, sizeof firearms - 1, &rs, &err) == NCB_STATUS_OK);
    CHECK(ncb_check_results_count(rs) == 3);
    ncb_check_results_free(rs);

    /* A record DE may not delete; FR deletes one of its own. */
    snprintf(body, sizeof body,
             "{\"firearm\":{\"serial_number\":\"F%.8s\",\"make\":\"Beretta\",\"status\":\"stolen\"}}", RUNU);
    CHECK(ncb_client_register_record(fr, body, strlen(body), &out, NULL, &err) == NCB_STATUS_OK);
    char gun[64] = "";
    CHECK(json_string(out, "id", gun, sizeof gun));
    ncb_string_free(out);
    CHECK(ncb_client_delete_record(de, gun, &err) == NCB_STATUS_FORBIDDEN);
    ncb_error_free(err);
    err = NULL;
    CHECK(ncb_client_delete_record(fr, gun, &err) == NCB_STATUS_OK);
    CHECK(ncb_client_get_record(fr, gun, &out, NULL, &err) == NCB_STATUS_NOT_FOUND);
    CHECK(ncb_error_http_status(err) == 404);
    ncb_error_free(err);
    CHECK(err != NULL);
}

/* ------------------------------------------------------------------ */

static char *message_json(const char *id, const char *title) {
    size_t cap = 1024;
    char *m = malloc(cap);
    snprintf(m, cap,
             "{\"id\":\"%s\",\"source\":\"FR\",\"recipients\":{\"ncbs\":[\"DE\"]},\"created\":\"2026-05-20T09:30:12Z\","
             "\"purpose\":\"investigation\",\"classification\":{\"level\":\"restricted\"},\"language\":\"en\","
             "\"body\":{\"message\":{\"title\":\"%s\",\"text\":{\"language\":\"ENG\",\"text\":\"Please confirm.\"}}}}",
             id, title);
    return m;
}

static void messages_and_inbox(void) {
    ncb_error *err = NULL;
    char *out = NULL;
    /* One unsigned (a client without key), then one signed. */
    client_opts o = {HUB, "FR", TOKEN, 0, NULL, 0, -1};
    ncb_client *unsigned_fr = make_client(o);
    char bad_id[37], good_id[37];
    fresh_id(bad_id, 0xbad);
    fresh_id(good_id, 0x600d);
    char *bad = message_json(bad_id, "unsigned");
    char *good = message_json(good_id, "signed");
    CHECK(ncb_client_send_message(unsigned_fr, bad, strlen(bad), &out, NULL, &err) == NCB_STATUS_OK);
    ncb_string_free(out);
    CHECK(ncb_client_send_message(fr, good, strlen(good), &out, NULL, &err) == NCB_STATUS_OK);
    CHECK(strstr(out, "\"delivered_to\":[\"DE\"]") != NULL);
    CHECK(strstr(out, "\"signature\"") != NULL);
    ncb_string_free(out);
    /* The same envelope again replays the first answer. */
    CHECK(ncb_client_send_message(fr, good, strlen(good), &out, NULL, &err) == NCB_STATUS_OK);
    ncb_string_free(out);
    /* The sender reads its message back by id; so may its recipient. */
    size_t out_len = 0;
    CHECK(ncb_client_get_message(fr, good_id, &out, &out_len, &err) == NCB_STATUS_OK);
    CHECK(out != NULL && strlen(out) == out_len && strstr(out, good_id) != NULL);
    CHECK(strstr(out, "\"delivered_to\":[\"DE\"]") != NULL && strstr(out, "\"signature\"") != NULL);
    ncb_string_free(out);
    CHECK(ncb_client_get_message(de, good_id, &out, NULL, &err) == NCB_STATUS_OK && strstr(out, good_id) != NULL);
    ncb_string_free(out);
    char unknown_id[37];
    fresh_id(unknown_id, 0xdead);
    out = SENTINEL;
    CHECK(ncb_client_get_message(fr, unknown_id, &out, NULL, &err) == NCB_STATUS_NOT_FOUND && out == SENTINEL);
    CHECK(ncb_error_http_status(err) == 404);
    ncb_error_free(err);
    err = NULL;
    out = NULL;
    free(bad);
    ncb_client_free(unsigned_fr);

    /* DE reads until it has handled the signed message. */
    ncb_inbox *inbox = NULL;
    CHECK(ncb_inbox_new(de, 1000, &inbox, &err) == NCB_STATUS_OK);
    int found_good = 0, refused = 0, rounds = 0;
    while (!found_good && rounds++ < 200) {
        ncb_inbox_item *item = SENTINEL;
        ncb_status s = ncb_inbox_next(inbox, &item, &err);
        if (s == NCB_STATUS_SIGNATURE) {
            CHECK(item == SENTINEL);
            CHECK(ncb_error_status(err) == NCB_STATUS_SIGNATURE);
            ncb_error_free(err);
            err = NULL;
            uint64_t seq = 0;
            CHECK(ncb_inbox_skip_held(inbox, &seq, &err) == NCB_STATUS_OK && seq > 0);
            refused++;
            continue;
        }
        CHECK(s == NCB_STATUS_OK);
        if (s != NCB_STATUS_OK || item == NULL) {
            break;
        }
        size_t len = 0;
        const char *json = ncb_inbox_item_json(item, &len);
        CHECK(json != NULL && len == strlen(json) && ncb_inbox_item_seq(item) > 0);
        CHECK(ncb_inbox_item_kind(item) != NULL && ncb_inbox_item_id(item) != NULL);
        if (strcmp(ncb_inbox_item_id(item), good_id) == 0) {
            found_good = 1;
            CHECK(strcmp(ncb_inbox_item_kind(item), "envelope") == 0);
            CHECK(strstr(json, "Please confirm.") != NULL);
        }
        CHECK(strcmp(ncb_inbox_item_id(item), bad_id) != 0);
        CHECK(ncb_inbox_ack(inbox, item, &err) == NCB_STATUS_OK);
        ncb_inbox_item_free(item);
    }
    CHECK(found_good);
    CHECK(refused >= 1);
    /* Nothing held now: skip_held says 0. */
    uint64_t none = 77;
    CHECK(ncb_inbox_skip_held(inbox, &none, &err) == NCB_STATUS_OK && none == 0);
    ncb_inbox_free(inbox);

    /* The raw page and acknowledgement. */
    static const char q[] = "{\"limit\":5}";
    CHECK(ncb_client_inbox_page(de, q, sizeof q - 1, &out, NULL, &err) == NCB_STATUS_OK);
    CHECK(strstr(out, "\"next_cursor\"") != NULL);
    ncb_string_free(out);
    uint64_t acked = 0;
    CHECK(ncb_client_ack_inbox(de, 0, &acked, &err) == NCB_STATUS_OK && acked >= 1);
    CHECK(ncb_client_ack_inbox(de, 1000000000, NULL, &err) == NCB_STATUS_HUB_PROBLEM);
    CHECK(ncb_error_http_status(err) == 422 && strcmp(ncb_error_code(err), "ACK_BEYOND_END") == 0);
    ncb_error_free(err);
    err = NULL;

    /* Verify: the signed message verifies, the unsigned one does not. */
    CHECK(ncb_client_verify(de, good, strlen(good), &err) == NCB_STATUS_SIGNATURE); /* as sent: no signature */
    ncb_error_free(err);
    err = NULL;
    free(good);

    /* A diffusion to DE, fetched back. */
    char dif_id[37];
    fresh_id(dif_id, 0xd1f);
    size_t vlen = 0;
    char path[4096];
    snprintf(path, sizeof path, "%s/valid/diffusion-wanted-person.json", VECTORS);
    char *dif = read_file(path, &vlen);
    CHECK(dif != NULL);
    if (dif != NULL) {
        replace_same_length(dif, "0196f0a2-7c4a-7d11-9a3e-00000000000c", dif_id);
        ncb_status s = ncb_client_send_diffusion(fr, dif, vlen, &out, NULL, &err);
        CHECK(s == NCB_STATUS_OK);
        if (s == NCB_STATUS_OK) {
            ncb_string_free(out);
            s = ncb_client_get_diffusion(fr, dif_id, &out, NULL, &err);
            CHECK(s == NCB_STATUS_OK);
            if (s == NCB_STATUS_OK) {
                CHECK(strstr(out, dif_id) != NULL);
                ncb_string_free(out);
            }
        } else {
            printf("diffusion: %s\n", ncb_error_message(err));
            ncb_error_free(err);
            err = NULL;
        }
        free(dif);
    }
}

/* ------------------------------------------------------------------ */

static char *fresh_notice(char id[37], size_t *len) {
    char path[4096];
    snprintf(path, sizeof path, "%s/valid/red-notice.json", VECTORS);
    char *doc = read_file(path, len);
    if (doc != NULL) {
        fresh_id(id, 0x4ed);
        replace_same_length(doc, "0196f0a2-7c4a-7d11-9a3e-000000000001", id);
    }
    return doc;
}

static void notices(void) {
    ncb_error *err = NULL;
    char *out = NULL;
    size_t len = 0;
    char id[37];
    char *doc = fresh_notice(id, &len);
    CHECK(doc != NULL);
    if (doc == NULL) {
        return;
    }
    char status[32] = "";
    CHECK(ncb_client_submit_notice(fr, doc, len, &out, NULL, &err) == NCB_STATUS_OK);
    ncb_string_free(out);
    for (int i = 0; i < 50 && strcmp(status, "published") != 0; i++) {
        CHECK(ncb_client_get_notice(fr, id, &out, NULL, &err) == NCB_STATUS_OK);
        json_string(out, "status", status, sizeof status);
        ncb_string_free(out);
        if (strcmp(status, "published") != 0) {
            sleep_ms(100);
        }
    }
    CHECK(strcmp(status, "published") == 0);

    /* The search iterator finds it, page after page (2 a page). */
    static const char q[] = "{\"source\":\"FR\",\"limit\":2}";
    ncb_search *search = NULL;
    CHECK(ncb_search_new(fr, q, sizeof q - 1, &search, &err) == NCB_STATUS_OK);
    int seen = 0, found = 0;
    for (;;) {
        char *item = SENTINEL;
        size_t item_len = 99;
        ncb_status s = ncb_search_next(search, &item, &item_len, &err);
        CHECK(s == NCB_STATUS_OK);
        if (s != NCB_STATUS_OK || item == NULL) {
            CHECK(item == NULL && item_len == 0);
            break;
        }
        seen++;
        if (strstr(item, id) != NULL) {
            found = 1;
        }
        ncb_string_free(item);
    }
    CHECK(found && seen >= 1);
    ncb_search_free(search);
    size_t page_len = 0;
    CHECK(ncb_client_notices_page(fr, q, sizeof q - 1, &out, &page_len, &err) == NCB_STATUS_OK);
    CHECK(strstr(out, "\"items\"") != NULL && page_len == strlen(out));
    ncb_string_free(out);

    /* Update (reviewed again), suspend, resume, withdraw. */
    ncb_status s = ncb_client_update_notice(fr, id, doc, len, &out, NULL, &err);
    CHECK(s == NCB_STATUS_OK);
    if (s == NCB_STATUS_OK) {
        ncb_string_free(out);
    } else {
        printf("update: %s\n", ncb_error_message(err));
        ncb_error_free(err);
        err = NULL;
    }
    int64_t until = (int64_t)time(NULL) + 30 * 86400;
    s = ncb_client_suspend_notice(fr, id, until, "pending extradition", &out, NULL, &err);
    CHECK(s == NCB_STATUS_OK);
    if (s == NCB_STATUS_OK) {
        CHECK(json_string(out, "status", status, sizeof status) && strcmp(status, "suspended") == 0);
        ncb_string_free(out);
    } else {
        printf("suspend: %s\n", ncb_error_message(err));
        ncb_error_free(err);
        err = NULL;
    }
    CHECK(ncb_client_resume_notice(fr, id, &out, NULL, &err) == NCB_STATUS_OK);
    ncb_string_free(out);
    /* Too long a suspension: refused by the hub. */
    CHECK(ncb_client_suspend_notice(fr, id, until + 365 * 86400, NULL, &out, NULL, &err) == NCB_STATUS_HUB_PROBLEM);
    CHECK(ncb_error_http_status(err) == 422);
    ncb_error_free(err);
    err = NULL;
    CHECK(ncb_client_withdraw_notice(fr, id, "purpose achieved", &out, NULL, &err) == NCB_STATUS_OK);
    CHECK(json_string(out, "status", status, sizeof status) && strcmp(status, "withdrawn") == 0);
    ncb_string_free(out);
    CHECK(ncb_client_withdraw_notice(fr, id, "again", &out, NULL, &err) == NCB_STATUS_CONFLICT);
    CHECK(ncb_error_http_status(err) == 409);
    ncb_error_free(err);
    err = NULL;
    CHECK(ncb_client_get_notice(fr, "0196f0a2-7c4a-7d11-9a3e-ffffffffffff", &out, NULL, &err) ==
          NCB_STATUS_NOT_FOUND);
    ncb_error_free(err);
    err = NULL;

    /* A notice breaking a blocking rule never leaves: the report says why. */
    replace_same_length(doc, "\"source\": \"FR\"", "\"source\": \"XX\"");
    out = SENTINEL;
    s = ncb_client_submit_notice(fr, doc, len, &out, NULL, &err);
    CHECK(s == NCB_STATUS_INVALID_DOCUMENT || s == NCB_STATUS_INVALID_ARGUMENT);
    CHECK(out == SENTINEL);
    ncb_error_free(err);
    err = NULL;
    free(doc);
}

/* ------------------------------------------------------------------ */

static void meta_and_outbox(void) {
    ncb_error *err = NULL;
    char *out = NULL;
    size_t len = 0;
    CHECK(ncb_client_health(fr, &out, &len, &err) == NCB_STATUS_OK);
    CHECK(strstr(out, "\"status\":\"ok\"") != NULL && len == strlen(out));
    ncb_string_free(out);
    CHECK(ncb_client_directory(fr, &out, NULL, &err) == NCB_STATUS_OK);
    CHECK(strstr(out, "\"DE\"") != NULL && strstr(out, KID) != NULL);
    ncb_string_free(out);
    CHECK(strcmp(ncb_client_ncb(fr), "FR") == 0);

    /* The outbox keeps a write made while the hub was unreachable. */
    char outbox[64];
    snprintf(outbox, sizeof outbox, "/tmp/ncblink-c-outbox-%.8s.sqlite", RUN);
    client_opts down = {"http://127.0.0.1:1", "FR", TOKEN, 0, outbox, 0, 0};
    ncb_client *offline = make_client(down);
    char body[256];
    snprintf(body, sizeof body,
             "{\"travel_document\":{\"number\":\"Q%.8s\",\"issuing_state\":\"FRA\",\"document_type\":\"passport\","
             "\"loss_type\":\"lost\"}}",
             RUNU);
    ncb_status s = ncb_client_register_record(offline, body, strlen(body), &out, NULL, &err);
    CHECK(s == NCB_STATUS_CONNECT);
    CHECK(ncb_error_http_status(err) == 0);
    ncb_error_free(err);
    err = NULL;
    CHECK(ncb_client_pending_writes(offline, &out, NULL, &err) == NCB_STATUS_OK);
    CHECK(strstr(out, "\"method\":\"POST\"") != NULL && strstr(out, "\"path\":\"records\"") != NULL);
    ncb_string_free(out);
    ncb_client_free(offline);
    client_opts up = {HUB, "FR", TOKEN, 0, outbox, 0, -1};
    ncb_client *online = make_client(up);
    CHECK(ncb_client_flush_outbox(online, &out, NULL, &err) == NCB_STATUS_OK);
    CHECK(out != NULL && strstr(out, "\"delivered\":1") != NULL && strstr(out, "\"remaining\":0") != NULL);
    ncb_string_free(out);
    CHECK(ncb_client_pending_writes(online, &out, NULL, &err) == NCB_STATUS_OK && strcmp(out, "[]") == 0);
    ncb_string_free(out);
    ncb_client_free(online);
    unlink(outbox);
    char wal[80];
    snprintf(wal, sizeof wal, "%s-wal", outbox);
    unlink(wal);
    snprintf(wal, sizeof wal, "%s-shm", outbox);
    unlink(wal);
}

static void errors(void) {
    ncb_error *err = NULL;
    char *out = SENTINEL;
    /* A wrong token. */
    client_opts wrong = {HUB, "FR", "not-the-token", 0, NULL, 0, -1};
    ncb_client *c = make_client(wrong);
    CHECK(ncb_client_health(c, &out, NULL, &err) == NCB_STATUS_OK); /* health needs no token */
    ncb_string_free(out);
    out = SENTINEL;
    ncb_document_check check = {"X1", "FRA", NULL};
    ncb_check_result *r = SENTINEL;
    CHECK(ncb_client_check_document(c, &check, &r, &err) == NCB_STATUS_UNAUTHORIZED);
    CHECK(r == SENTINEL);
    CHECK(ncb_error_status(err) == NCB_STATUS_UNAUTHORIZED && ncb_error_http_status(err) == 401);
    CHECK(ncb_error_code(err) != NULL && ncb_error_problem_type(err) != NULL);
    CHECK(ncb_error_report(err) == NULL);
    ncb_error_free(err);
    err = NULL;
    ncb_client_free(c);

    /* Nobody listening: a connect failure, after no retry. */
    client_opts down = {"http://127.0.0.1:1", "FR", TOKEN, 0, NULL, 0, 0};
    c = make_client(down);
    CHECK(ncb_client_health(c, &out, NULL, &err) == NCB_STATUS_CONNECT);
    CHECK(out == SENTINEL && ncb_error_http_status(err) == 0 && ncb_error_retry_after_ms(err) == -1);
    ncb_error_free(err);
    err = NULL;
    ncb_client_free(c);
}

/* ------------------------------------------------------------------ */

/* A server that accepts connections and never answers. */
static int silent_server(char url[64]) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t n = sizeof a;
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(fd, 64) != 0 ||
        getsockname(fd, (struct sockaddr *)&a, &n) != 0) {
        return -1;
    }
    snprintf(url, 64, "http://127.0.0.1:%d", ntohs(a.sin_port));
    return fd;
}

typedef struct {
    atomic_int calls;
    atomic_int status;
    atomic_int hit;
    atomic_int same_thread;
    atomic_int nested_ok;
    pthread_t caller;
    ncb_client *nested; /* a client to call from inside the callback */
    ncb_client *free_inside;
} slot;

static void on_check(void *userdata, ncb_status status, const ncb_check_result *result, const ncb_error *err) {
    slot *s = userdata;
    atomic_store(&s->status, (int)status);
    atomic_store(&s->hit, result != NULL && ncb_check_result_outcome(result) == NCB_CHECK_OUTCOME_HIT);
    if (pthread_equal(pthread_self(), s->caller)) {
        atomic_store(&s->same_thread, 1);
    }
    if ((status == NCB_STATUS_OK) != (err == NULL)) {
        atomic_store(&s->status, -1);
    }
    if (s->nested != NULL) {
        char *out = NULL;
        atomic_store(&s->nested_ok, ncb_client_health(s->nested, &out, NULL, NULL) == NCB_STATUS_OK);
        ncb_string_free(out);
    }
    if (s->free_inside != NULL) {
        ncb_client_free(s->free_inside); /* detected: released on another thread */
    }
    atomic_fetch_add(&s->calls, 1);
}

static void on_json(void *userdata, ncb_status status, const char *json, size_t len, const ncb_error *err) {
    slot *s = userdata;
    atomic_store(&s->status, (int)status);
    if (status == NCB_STATUS_OK && (json == NULL || strlen(json) != len || err != NULL)) {
        atomic_store(&s->status, -1);
    }
    if (status != NCB_STATUS_OK && (json != NULL || err == NULL || ncb_error_status(err) != status)) {
        atomic_store(&s->status, -1);
    }
    if (pthread_equal(pthread_self(), s->caller)) {
        atomic_store(&s->same_thread, 1);
    }
    atomic_fetch_add(&s->calls, 1);
}

static void slots_init(slot *s, int n) {
    memset(s, 0, sizeof *s * (size_t)n);
    for (int i = 0; i < n; i++) {
        s[i].caller = pthread_self();
    }
}

/* Waits until every slot has fired (at most 60 s: valgrind is slow). */
static int wait_all(slot *s, int n) {
    for (int t = 0; t < 6000; t++) {
        int done = 0;
        for (int i = 0; i < n; i++) {
            done += atomic_load(&s[i].calls) > 0;
        }
        if (done == n) {
            sleep_ms(20); /* a second call would show by now */
            return 1;
        }
        sleep_ms(10);
    }
    return 0;
}

static int all_once(slot *s, int n) {
    for (int i = 0; i < n; i++) {
        if (atomic_load(&s[i].calls) != 1 || atomic_load(&s[i].same_thread)) {
            return 0;
        }
    }
    return 1;
}

static void async_calls(void) {
    enum { N = 16 };
    static slot s[N];
    ncb_error *err = NULL;
    slots_init(s, N);
    ncb_document_check hit = {passport, "FRA", "passport"};
    for (int i = 0; i < N; i++) {
        uint64_t id = 0;
        s[i].nested = (i == 0) ? de : NULL; /* a blocking call from inside a callback */
        CHECK(ncb_client_check_document_async(de, &hit, on_check, &s[i], &id, &err) == NCB_STATUS_OK && id > 0);
    }
    CHECK(wait_all(s, N) && all_once(s, N));
    for (int i = 0; i < N; i++) {
        CHECK(atomic_load(&s[i].status) == NCB_STATUS_OK && atomic_load(&s[i].hit));
    }
    CHECK(atomic_load(&s[0].nested_ok));

    /* Vehicles and the JSON calls; one failure through the callback. */
    slots_init(s, 6);
    ncb_vehicle_check v = {"1M8GDM9AXKP042788", NULL, NULL, NULL};
    CHECK(ncb_client_check_vehicle_async(de, &v, on_check, &s[0], NULL, &err) == NCB_STATUS_OK);
    CHECK(ncb_client_get_notice_async(fr, "0196f0a2-7c4a-7d11-9a3e-fffffffffffe", on_json, &s[1], NULL, &err) ==
          NCB_STATUS_OK);
    char mid[37];
    fresh_id(mid, 0xa5c);
    char *m = message_json(mid, "async");
    CHECK(ncb_client_send_message_async(fr, m, strlen(m), on_json, &s[2], NULL, &err) == NCB_STATUS_OK);
    free(m);
    size_t len = 0;
    char nid[37];
    char *doc = fresh_notice(nid, &len);
    replace_same_length(doc, "0196f0a2-7c4a-7d11-9a3e-", "0196f0a2-7c4a-7d11-9a3f-");
    CHECK(ncb_client_submit_notice_async(fr, doc, len, on_json, &s[3], NULL, &err) == NCB_STATUS_OK);
    free(doc);
    CHECK(ncb_client_get_record_async(de, "no-such-record", on_json, &s[4], NULL, &err) == NCB_STATUS_OK);
    CHECK(ncb_client_get_diffusion_async(de, "no-such-diffusion", on_json, &s[5], NULL, &err) == NCB_STATUS_OK);
    CHECK(wait_all(s, 6) && all_once(s, 6));
    CHECK(atomic_load(&s[0].status) == NCB_STATUS_OK);
    CHECK(atomic_load(&s[1].status) == NCB_STATUS_NOT_FOUND);
    CHECK(atomic_load(&s[2].status) == NCB_STATUS_OK);
    CHECK(atomic_load(&s[3].status) == NCB_STATUS_OK);
    CHECK(atomic_load(&s[4].status) == NCB_STATUS_NOT_FOUND || atomic_load(&s[4].status) == NCB_STATUS_HUB_PROBLEM);
    CHECK(atomic_load(&s[5].status) == NCB_STATUS_NOT_FOUND || atomic_load(&s[5].status) == NCB_STATUS_HUB_PROBLEM);

    /* Argument errors: returned at once, no callback. */
    slots_init(s, 1);
    uint64_t id = 12345;
    CHECK(ncb_client_check_document_async(de, &hit, NULL, &s[0], &id, &err) == NCB_STATUS_NULL_PARAMETER);
    ncb_error_free(err);
    err = NULL;
    CHECK(ncb_client_check_document_async(de, NULL, on_check, &s[0], &id, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_client_submit_notice_async(fr, "{", 1, on_json, &s[0], &id, &err) == NCB_STATUS_INVALID_JSON);
    CHECK(ncb_error_report(err) != NULL);
    ncb_error_free(err);
    err = NULL;
    CHECK(ncb_client_get_notice_async(fr, "\xff", on_json, &s[0], &id, NULL) == NCB_STATUS_INVALID_UTF8);
    CHECK(ncb_client_send_message_async(NULL, "{}", 2, on_json, &s[0], &id, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_client_send_diffusion_async(fr, NULL, 0, on_json, &s[0], &id, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_client_get_record_async(de, "", on_json, &s[0], &id, NULL) == NCB_STATUS_INVALID_ARGUMENT);
    CHECK(ncb_client_get_diffusion_async(de, NULL, on_json, &s[0], &id, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_client_check_vehicle_async(de, &v, NULL, NULL, NULL, NULL) == NCB_STATUS_NULL_PARAMETER);
    sleep_ms(50);
    CHECK(id == 12345 && atomic_load(&s[0].calls) == 0);

    /* A hub that never answers: cancel, time out, free with requests out. */
    char url[64];
    int fd = silent_server(url);
    CHECK(fd >= 0);
    client_opts silent = {url, "FR", TOKEN, 0, NULL, 60000, 0};
    ncb_client *c = make_client(silent);
    slots_init(s, N);
    uint64_t ids[N];
    for (int i = 0; i < N; i++) {
        if (i % 2) {
            CHECK(ncb_client_check_document_async(c, &hit, on_check, &s[i], &ids[i], &err) == NCB_STATUS_OK);
        } else {
            CHECK(ncb_client_get_notice_async(c, "x", on_json, &s[i], &ids[i], &err) == NCB_STATUS_OK);
        }
    }
    /* Cancel the first half (twice: idempotent), and an unknown id. */
    for (int i = 0; i < N / 2; i++) {
        CHECK(ncb_client_cancel(c, ids[i], &err) == NCB_STATUS_OK);
        CHECK(ncb_client_cancel(c, ids[i], &err) == NCB_STATUS_OK);
    }
    CHECK(ncb_client_cancel(c, 987654321, &err) == NCB_STATUS_OK);
    CHECK(ncb_client_cancel(NULL, 1, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(wait_all(s, N / 2) && all_once(s, N / 2));
    for (int i = 0; i < N / 2; i++) {
        CHECK(atomic_load(&s[i].status) == NCB_STATUS_CANCELLED);
    }
    /* The other half is still waiting; freeing the client fires them. */
    for (int i = N / 2; i < N; i++) {
        CHECK(atomic_load(&s[i].calls) == 0);
    }
    ncb_client_free(c);
    for (int i = N / 2; i < N; i++) {
        CHECK(atomic_load(&s[i].calls) == 1 && atomic_load(&s[i].status) == NCB_STATUS_CANCELLED);
    }
    for (int i = 0; i < N; i++) {
        ncb_client_cancel(NULL, ids[i], NULL);
    }

    /* A request timeout: TIMEOUT, blocking and through the callback. */
    client_opts quick = {url, "FR", TOKEN, 0, NULL, 300, 0};
    c = make_client(quick);
    char *out = SENTINEL;
    CHECK(ncb_client_health(c, &out, NULL, &err) == NCB_STATUS_TIMEOUT);
    CHECK(out == SENTINEL);
    ncb_error_free(err);
    err = NULL;
    slots_init(s, 1);
    CHECK(ncb_client_get_notice_async(c, "x", on_json, &s[0], NULL, &err) == NCB_STATUS_OK);
    CHECK(wait_all(s, 1) && all_once(s, 1) && atomic_load(&s[0].status) == NCB_STATUS_TIMEOUT);
    ncb_client_free(c);

    /* ncb_client_free from inside a callback: detected, released later. */
    client_opts fine = {HUB, "DE", PEER_TOKEN, 0, NULL, 0, -1};
    c = make_client(fine);
    slots_init(s, 1);
    s[0].free_inside = c;
    CHECK(ncb_client_check_document_async(c, &hit, on_check, &s[0], NULL, &err) == NCB_STATUS_OK);
    CHECK(wait_all(s, 1) && all_once(s, 1) && atomic_load(&s[0].status) == NCB_STATUS_OK);
    sleep_ms(1500); /* the release runs on its own thread */
    close(fd);
}

/* ------------------------------------------------------------------ */

static int has_warning(const ncb_mrz *m, const char *code) {
    for (size_t i = 0; i < ncb_mrz_warning_count(m); i++) {
        if (strcmp(ncb_mrz_warning_code(m, i), code) == 0) {
            return 1;
        }
    }
    return 0;
}

static void travel(void) {
    ncb_error *err = NULL;
    char *out = NULL;
    size_t len = 0;
    static const char zone[] = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
                               "L898902C36UTO7408122F1204159ZE184226B<<<<<10";
    ncb_mrz *m = NULL;
    CHECK(ncb_mrz_parse(zone, sizeof zone - 1, false, &m, &err) == NCB_STATUS_OK);
    CHECK(strcmp(ncb_mrz_format(m), "TD3") == 0);
    CHECK(strcmp(ncb_mrz_document_type(m), "passport") == 0);
    CHECK(strcmp(ncb_mrz_document_code(m), "P") == 0);
    CHECK(strcmp(ncb_mrz_document_number(m), "L898902C3") == 0);
    CHECK(strcmp(ncb_mrz_issuing_state(m), "UTO") == 0);
    CHECK(strcmp(ncb_mrz_primary_identifier(m), "ERIKSSON") == 0);
    CHECK(strcmp(ncb_mrz_secondary_identifier(m), "ANNA MARIA") == 0);
    CHECK(strcmp(ncb_mrz_nationality(m), "UTO") == 0);
    CHECK(strcmp(ncb_mrz_date_of_birth(m), "1974-08-12") == 0);
    CHECK(strcmp(ncb_mrz_expiry(m), "2012-04-15") == 0);
    CHECK(strcmp(ncb_mrz_sex(m), "F") == 0);
    CHECK(strcmp(ncb_mrz_optional_data(m), "ZE184226B") == 0);
    CHECK(ncb_mrz_check_digits_valid(m));
    CHECK(ncb_mrz_warning_code(m, ncb_mrz_warning_count(m)) == NULL);
    ncb_document_check check;
    CHECK(ncb_mrz_to_document_check(m, &check, &err) == NCB_STATUS_OK);
    CHECK(strcmp(check.number, "L898902C3") == 0 && strcmp(check.issuing_state, "UTO") == 0);
    CHECK(strcmp(check.document_type, "passport") == 0);
    CHECK(ncb_mrz_to_json(m, &out, &len, &err) == NCB_STATUS_OK && strstr(out, "ERIKSSON") != NULL);
    ncb_string_free(out);
    ncb_mrz_free(m);

    /* A forged digit is a warning; OCR slips are repaired in lenient mode. */
    char forged[sizeof zone];
    memcpy(forged, zone, sizeof zone);
    forged[45 + 19] = '3'; /* the date of birth's check digit */
    CHECK(ncb_mrz_parse(forged, sizeof forged - 1, false, &m, &err) == NCB_STATUS_OK);
    CHECK(!ncb_mrz_check_digits_valid(m) && ncb_mrz_warning_count(m) >= 1);
    CHECK(has_warning(m, "MRZ.CHECK_DIGIT"));
    CHECK(ncb_mrz_warning_field(m, 0) != NULL && ncb_mrz_warning_message(m, 0) != NULL);
    ncb_mrz_free(m);
    char ocr[sizeof zone];
    memcpy(ocr, zone, sizeof zone);
    ocr[45 + 15] = 'O'; /* 740812 -> 74O812 */
    m = SENTINEL;
    CHECK(ncb_mrz_parse(ocr, sizeof ocr - 1, false, &m, &err) == NCB_STATUS_INVALID_DOCUMENT);
    CHECK(m == SENTINEL && strcmp(ncb_error_code(err), "MRZ.FIELD_CHARSET") == 0);
    ncb_error_free(err);
    err = NULL;
    CHECK(ncb_mrz_parse(ocr, sizeof ocr - 1, true, &m, &err) == NCB_STATUS_OK);
    CHECK(strcmp(ncb_mrz_date_of_birth(m), "1974-08-12") == 0 && has_warning(m, "MRZ.OCR_FIX"));
    ncb_mrz_free(m);
    m = SENTINEL;
    CHECK(ncb_mrz_parse(zone, 50, false, &m, &err) == NCB_STATUS_INVALID_DOCUMENT);
    CHECK(strcmp(ncb_error_code(err), "MRZ.LINE_LENGTH") == 0 || strcmp(ncb_error_code(err), "MRZ.LINE_COUNT") == 0);
    ncb_error_free(err);
    err = NULL;
    CHECK(ncb_mrz_parse("\xff\xfe", 2, true, &m, NULL) == NCB_STATUS_INVALID_UTF8);
    CHECK(ncb_mrz_parse("", 0, true, &m, &err) == NCB_STATUS_INVALID_DOCUMENT);
    CHECK(strcmp(ncb_error_code(err), "MRZ.EMPTY") == 0);
    ncb_error_free(err);
    err = NULL;
    CHECK(ncb_mrz_parse(NULL, 0, true, &m, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_mrz_parse(zone, SIZE_MAX, true, &m, NULL) == NCB_STATUS_INVALID_ARGUMENT);
    CHECK(ncb_mrz_parse(zone, sizeof zone - 1, true, NULL, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(m == SENTINEL);
    CHECK(ncb_mrz_format(NULL) == NULL && ncb_mrz_date_of_birth(NULL) == NULL && !ncb_mrz_check_digits_valid(NULL));
    CHECK(ncb_mrz_warning_count(NULL) == 0 && ncb_mrz_warning_message(NULL, 0) == NULL && ncb_mrz_sex(NULL) == NULL);
    CHECK(ncb_mrz_to_document_check(NULL, &check, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_mrz_to_json(NULL, &out, NULL, NULL) == NCB_STATUS_NULL_PARAMETER);
    ncb_mrz_free(NULL);

    /* VINs. */
    ncb_vin_report *v = NULL;
    CHECK(ncb_vin_check("1M8GDM9AXKP042788", 17, &v, &err) == NCB_STATUS_OK);
    CHECK(ncb_vin_report_check_digit_valid(v) && strcmp(ncb_vin_report_region(v), "north_america") == 0);
    CHECK(strcmp(ncb_vin_report_wmi(v), "1M8") == 0 && strcmp(ncb_vin_report_vin(v), "1M8GDM9AXKP042788") == 0);
    CHECK(ncb_vin_report_check_digit_expected(v) == 'X' && ncb_vin_report_warning_count(v) == 0);
    CHECK(ncb_vin_report_to_json(v, &out, NULL, &err) == NCB_STATUS_OK && strstr(out, "north_america") != NULL);
    ncb_string_free(out);
    ncb_vin_report_free(v);
    CHECK(ncb_vin_check(" wvwzzz1jzxw000001 ", 19, &v, &err) == NCB_STATUS_OK);
    CHECK(strcmp(ncb_vin_report_region(v), "europe") == 0 && ncb_vin_report_warning_count(v) >= 1);
    CHECK(ncb_vin_report_warning_code(v, 0) != NULL && ncb_vin_report_warning_message(v, 0) != NULL);
    ncb_vin_report_free(v);
    v = SENTINEL;
    CHECK(ncb_vin_check("1M8GDM9AXKP04278O", 17, &v, &err) == NCB_STATUS_INVALID_DOCUMENT);
    CHECK(v == SENTINEL && strcmp(ncb_error_code(err), "VIN.FORBIDDEN_LETTER") == 0);
    ncb_error_free(err);
    err = NULL;
    CHECK(ncb_vin_check("1M8", 3, &v, NULL) == NCB_STATUS_INVALID_DOCUMENT);
    CHECK(ncb_vin_check("\xc3", 1, &v, NULL) == NCB_STATUS_INVALID_UTF8);
    CHECK(ncb_vin_check(NULL, 17, &v, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_vin_check("1M8GDM9AXKP042788", SIZE_MAX, &v, NULL) == NCB_STATUS_INVALID_ARGUMENT);
    CHECK(v == SENTINEL);
    CHECK(ncb_vin_report_vin(NULL) == NULL && ncb_vin_report_region(NULL) == NULL);
    CHECK(!ncb_vin_report_check_digit_valid(NULL) && ncb_vin_report_check_digit_expected(NULL) == 0);
    CHECK(ncb_vin_report_warning_count(NULL) == 0 && ncb_vin_report_warning_code(NULL, 0) == NULL);
    CHECK(ncb_vin_report_to_json(NULL, &out, NULL, NULL) == NCB_STATUS_NULL_PARAMETER);
    ncb_vin_report_free(NULL);
}

/* ------------------------------------------------------------------ */

/* Every JSON-taking call with an input that is not JSON, not the expected
 * document, over 16 MiB, or of an impossible length. */
typedef ncb_status (*json_in_fn)(const char *json, size_t len, ncb_error **err);

static ncb_status f_submit(const char *j, size_t n, ncb_error **e) {
    char *out = SENTINEL;
    ncb_status s = ncb_client_submit_notice(fr, j, n, &out, NULL, e);
    CHECK(s == NCB_STATUS_OK || out == SENTINEL);
    return s;
}
static ncb_status f_update(const char *j, size_t n, ncb_error **e) {
    char *out = SENTINEL;
    ncb_status s = ncb_client_update_notice(fr, "x", j, n, &out, NULL, e);
    CHECK(s == NCB_STATUS_OK || out == SENTINEL);
    return s;
}
static ncb_status f_diffusion(const char *j, size_t n, ncb_error **e) {
    char *out = SENTINEL;
    ncb_status s = ncb_client_send_diffusion(fr, j, n, &out, NULL, e);
    CHECK(s == NCB_STATUS_OK || out == SENTINEL);
    return s;
}
static ncb_status f_message(const char *j, size_t n, ncb_error **e) {
    char *out = SENTINEL;
    ncb_status s = ncb_client_send_message(fr, j, n, &out, NULL, e);
    CHECK(s == NCB_STATUS_OK || out == SENTINEL);
    return s;
}
static ncb_status f_record(const char *j, size_t n, ncb_error **e) {
    char *out = SENTINEL;
    ncb_status s = ncb_client_register_record(fr, j, n, &out, NULL, e);
    CHECK(s == NCB_STATUS_OK || out == SENTINEL);
    return s;
}
static ncb_status f_verify(const char *j, size_t n, ncb_error **e) {
    return ncb_client_verify(fr, j, n, e);
}
static ncb_status f_page(const char *j, size_t n, ncb_error **e) {
    char *out = SENTINEL;
    ncb_status s = ncb_client_notices_page(fr, j, n, &out, NULL, e);
    CHECK(s == NCB_STATUS_OK || out == SENTINEL);
    if (s == NCB_STATUS_OK) {
        ncb_string_free(out);
    }
    return s;
}
static ncb_status f_inbox_page(const char *j, size_t n, ncb_error **e) {
    char *out = SENTINEL;
    ncb_status s = ncb_client_inbox_page(fr, j, n, &out, NULL, e);
    CHECK(s == NCB_STATUS_OK || out == SENTINEL);
    if (s == NCB_STATUS_OK) {
        ncb_string_free(out);
    }
    return s;
}
static ncb_status f_search(const char *j, size_t n, ncb_error **e) {
    ncb_search *out = SENTINEL;
    ncb_status s = ncb_search_new(fr, j, n, &out, e);
    CHECK(s == NCB_STATUS_OK || out == SENTINEL);
    if (s == NCB_STATUS_OK) {
        ncb_search_free(out);
    }
    return s;
}
static ncb_status f_person(const char *j, size_t n, ncb_error **e) {
    ncb_check_result *out = SENTINEL;
    ncb_status s = ncb_client_check_person(fr, j, n, &out, e);
    CHECK(s == NCB_STATUS_OK || out == SENTINEL);
    return s;
}
static ncb_status f_firearm(const char *j, size_t n, ncb_error **e) {
    ncb_check_result *out = SENTINEL;
    ncb_status s = ncb_client_check_firearm(fr, j, n, &out, e);
    CHECK(s == NCB_STATUS_OK || out == SENTINEL);
    return s;
}
static ncb_status f_persons(const char *j, size_t n, ncb_error **e) {
    ncb_check_results *out = SENTINEL;
    ncb_status s = ncb_client_check_persons(fr, j, n, &out, e);
    CHECK(s == NCB_STATUS_OK || out == SENTINEL);
    return s;
}
static ncb_status f_firearms(const char *j, size_t n, ncb_error **e) {
    ncb_check_results *out = SENTINEL;
    ncb_status s = ncb_client_check_firearms(fr, j, n, &out, e);
    CHECK(s == NCB_STATUS_OK || out == SENTINEL);
    return s;
}

static void bad_json_inputs(void) {
    /* Per function: JSON that is not the expected document; the document
     * cut inside its first string; invalid UTF-8 inside that string. */
    static const struct {
        const char *name;
        json_in_fn f;
        const char *wrong, *truncated, *not_utf8;
    } fns[] = {
        {"submit_notice", f_submit, "{\"id\":1}", "{\"id\":\"0196f0a2", "{\"id\":\"\xff\xfe\"}"},
        {"update_notice", f_update, "{\"unknown\":true}", "{\"id\":\"0196f0a2", "{\"id\":\"\xff\"}"},
        {"send_diffusion", f_diffusion, "[]", "{\"source\":\"F", "{\"source\":\"\xc3\"}"},
        {"send_message", f_message, "{\"body\":{}}", "{\"id\":\"0", "{\"id\":\"\xff\"}"},
        {"register_record", f_record, "{\"spaceship\":{}}", "{\"travel_document\":{\"number\":\"X",
         "{\"travel_document\":{\"number\":\"\xff\"}}"},
        {"verify", f_verify, "42", "{\"id\":\"0196", "{\"id\":\"\xfe\"}"},
        {"notices_page", f_page, "{\"colour\":\"red\"}", "{\"name\":\"Dur", "{\"name\":\"Dur\xff\"}"},
        {"inbox_page", f_inbox_page, "{\"wait\":\"long\"}", "{\"cursor\":\"ab", "{\"cursor\":\"\xff\"}"},
        {"search_new", f_search, "[1]", "{\"name\":\"D", "{\"name\":\"\xff\"}"},
        {"check_person", f_person, "{\"family_name\":7}", "{\"family_name\":\"Dur",
         "{\"family_name\":\"\xff\xfe\"}"},
        {"check_firearm", f_firearm, "{}", "{\"serial_number\":\"AB", "{\"serial_number\":\"\xff\"}"},
        {"check_persons", f_persons, "{}", "[{\"family_name\":\"Dur", "[{\"family_name\":\"\xff\"}]"},
        {"check_firearms", f_firearms, "[{\"make\":\"x\"}]", "[{\"serial_number\":\"A",
         "[{\"serial_number\":\"\xff\"}]"},
    };
    size_t big = 17u * 1024 * 1024;
    char *huge = malloc(big);
    memset(huge, ' ', big);
    huge[0] = '{';
    huge[big - 1] = '}';
    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
        ncb_error *err = NULL;
        ncb_status s = fns[i].f(NULL, 3, &err);
        if (s != NCB_STATUS_NULL_PARAMETER) {
            printf("  %s: NULL -> %u\n", fns[i].name, (unsigned)s);
        }
        CHECK(s == NCB_STATUS_NULL_PARAMETER);
        ncb_error_free(err);
        err = NULL;
        s = fns[i].f(fns[i].truncated, strlen(fns[i].truncated), &err);
        if (s != NCB_STATUS_INVALID_JSON) {
            printf("  %s: truncated -> %u %s\n", fns[i].name, (unsigned)s, ncb_error_code(err));
        }
        CHECK(s == NCB_STATUS_INVALID_JSON && ncb_error_report(err) != NULL);
        CHECK(ncb_error_code(err) != NULL && strcmp(ncb_error_code(err), "JSON.SYNTAX") == 0);
        ncb_error_free(err);
        err = NULL;
        s = fns[i].f(fns[i].not_utf8, strlen(fns[i].not_utf8), &err);
        if (s != NCB_STATUS_INVALID_JSON) {
            printf("  %s: not UTF-8 -> %u %s\n", fns[i].name, (unsigned)s, ncb_error_code(err));
        }
        CHECK(s == NCB_STATUS_INVALID_JSON && strcmp(ncb_error_code(err), "JSON.INVALID_UTF8") == 0);
        ncb_error_free(err);
        err = NULL;
        s = fns[i].f(huge, big, &err);
        CHECK(s == NCB_STATUS_INVALID_JSON && strcmp(ncb_error_code(err), "DOCUMENT.TOO_LARGE") == 0);
        ncb_error_free(err);
        err = NULL;
        s = fns[i].f(fns[i].wrong, strlen(fns[i].wrong), &err);
        if (s != NCB_STATUS_INVALID_DOCUMENT) {
            printf("  %s: wrong document -> %u\n", fns[i].name, (unsigned)s);
        }
        CHECK(s == NCB_STATUS_INVALID_DOCUMENT);
        const ncb_report *report = ncb_error_report(err);
        CHECK(report != NULL && ncb_report_count(report) >= 1 && !ncb_report_is_ok(report));
        CHECK(ncb_report_message(report, 0, NCB_LANG_FR) != NULL);
        ncb_error_free(err);
        err = NULL;
        CHECK(fns[i].f(fns[i].truncated, SIZE_MAX, NULL) == NCB_STATUS_INVALID_ARGUMENT);
    }
    free(huge);
}

/* An inbox callback for reads that must never start. */
static void on_inbox_item(void *userdata, ncb_status status, ncb_inbox_item *item, const ncb_error *err) {
    (void)userdata;
    (void)status;
    (void)err;
    ncb_inbox_item_free(item);
}

/* Every new function with NULL where a pointer is required, invalid UTF-8
 * where a string is read: the documented status, no output written. */
static void bad_arguments(void) {
    ncb_error *err = NULL;
    char *out = SENTINEL;
    ncb_config *cfg = SENTINEL;
    /* Configs. */
    CHECK(ncb_config_new(NULL, "FR", &cfg, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_config_new(HUB, NULL, &cfg, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_config_new(HUB, "FR", NULL, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_config_new("\xff", "FR", &cfg, NULL) == NCB_STATUS_INVALID_UTF8);
    CHECK(ncb_config_new(HUB, "fr1", &cfg, &err) == NCB_STATUS_INVALID_ARGUMENT);
    CHECK(cfg == SENTINEL);
    ncb_error_free(err);
    err = NULL;
    CHECK(ncb_config_new(HUB, "FR", &cfg, NULL) == NCB_STATUS_OK);
    CHECK(ncb_config_set_token(NULL, "t", NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_config_set_token(cfg, NULL, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_config_set_token(cfg, "\xc3", NULL) == NCB_STATUS_INVALID_UTF8);
    CHECK(ncb_config_set_client_certificate(cfg, NULL, 0, "k", 1, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_config_set_client_certificate(cfg, "c", SIZE_MAX, "k", 1, NULL) == NCB_STATUS_INVALID_ARGUMENT);
    CHECK(ncb_config_add_root_certificate(cfg, NULL, 0, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_config_set_only_added_roots(NULL, true, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_config_set_proxy(cfg, "\xff", NULL) == NCB_STATUS_INVALID_UTF8);
    CHECK(ncb_config_set_connect_timeout_ms(cfg, 0, NULL) == NCB_STATUS_INVALID_ARGUMENT);
    CHECK(ncb_config_set_request_timeout_ms(cfg, 0, NULL) == NCB_STATUS_INVALID_ARGUMENT);
    CHECK(ncb_config_set_max_retries(NULL, 1, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_config_set_retry_backoff_ms(cfg, 10, 5, NULL) == NCB_STATUS_INVALID_ARGUMENT);
    CHECK(ncb_config_set_retry_backoff_ms(cfg, 10, 50, NULL) == NCB_STATUS_OK);
    CHECK(ncb_config_set_outbox_path(cfg, NULL, NULL) == NCB_STATUS_NULL_PARAMETER);
    static const uint8_t secret[32] = {1, 2, 3};
    CHECK(ncb_config_set_signing_key(cfg, secret, 31, "FR#x", NULL) == NCB_STATUS_INVALID_ARGUMENT);
    CHECK(ncb_config_set_signing_key(cfg, secret, 32, NULL, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_config_set_signing_key(cfg, NULL, 32, "FR#x", NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_config_set_signing_key(cfg, secret, 32, "FR#x", NULL) == NCB_STATUS_OK);
    CHECK(ncb_config_set_signing_key_file(cfg, "/nonexistent/key", "FR#x", &err) == NCB_STATUS_INVALID_ARGUMENT);
    ncb_error_free(err);
    err = NULL;
    CHECK(ncb_config_set_signing_key_file(cfg, VECTORS, "FR#x", NULL) == NCB_STATUS_INVALID_ARGUMENT); /* a dir */
    /* RFC 8410 section 10.3's example key, as OpenSSL writes it. */
    static const char pem[] = "-----BEGIN PRIVATE KEY-----\n"
                              "MC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC\n"
                              "-----END PRIVATE KEY-----\n";
    CHECK(ncb_config_set_signing_key_pem(cfg, pem, strlen(pem), "FR#pem", NULL) == NCB_STATUS_OK);
    CHECK(ncb_config_set_signing_key_pem(cfg, pem, 20, "FR#pem", NULL) == NCB_STATUS_INVALID_ARGUMENT);
    CHECK(ncb_config_set_signing_key_pem(cfg, "c2VjcmV0", 8, "FR#pem", &err) == NCB_STATUS_INVALID_ARGUMENT);
    CHECK(strstr(ncb_error_message(err), "c2VjcmV0") == NULL); /* never quotes the key */
    ncb_error_free(err);
    err = NULL;
    CHECK(ncb_config_set_signing_key_pem(cfg, NULL, 0, "FR#pem", NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_client_rotate_key(NULL, secret, 32, "FR#r", NULL, NULL, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_config_set_batch_concurrency(cfg, 0, NULL) == NCB_STATUS_INVALID_ARGUMENT);
    CHECK(ncb_config_set_validate_before_send(NULL, true, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_config_set_worker_threads(cfg, 0, NULL) == NCB_STATUS_INVALID_ARGUMENT);
    CHECK(ncb_config_set_worker_threads(cfg, 65, NULL) == NCB_STATUS_INVALID_ARGUMENT);
    CHECK(ncb_config_set_worker_threads(cfg, 1, NULL) == NCB_STATUS_OK);
    /* What the core refuses when the client is made. */
    ncb_client *c = SENTINEL;
    CHECK(ncb_client_new(NULL, &c, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_client_new(cfg, NULL, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_config_add_root_certificate(cfg, "not a pem", 9, NULL) == NCB_STATUS_OK);
    CHECK(ncb_client_new(cfg, &c, &err) == NCB_STATUS_INVALID_ARGUMENT);
    CHECK(c == SENTINEL);
    ncb_error_free(err);
    err = NULL;
    ncb_config_free(cfg);
    CHECK(ncb_config_new("ftp://hub", "FR", &cfg, NULL) == NCB_STATUS_OK);
    CHECK(ncb_client_new(cfg, &c, NULL) == NCB_STATUS_INVALID_ARGUMENT);
    ncb_config_free(cfg);
    CHECK(ncb_config_new(HUB, "FR", &cfg, NULL) == NCB_STATUS_OK);
    CHECK(ncb_config_set_outbox_path(cfg, "/nonexistent/dir/outbox.sqlite", NULL) == NCB_STATUS_OK);
    CHECK(ncb_client_new(cfg, &c, &err) == NCB_STATUS_STORAGE);
    CHECK(c == SENTINEL);
    ncb_error_free(err);
    err = NULL;
    ncb_config_free(cfg);
    ncb_config_free(NULL);

    /* Clients. */
    CHECK(ncb_client_health(NULL, &out, NULL, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_client_health(fr, NULL, NULL, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_client_directory(NULL, &out, NULL, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_client_get_notice(fr, NULL, &out, NULL, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_client_get_notice(fr, "\xff", &out, NULL, NULL) == NCB_STATUS_INVALID_UTF8);
    CHECK(ncb_client_get_notice(fr, "", &out, NULL, NULL) == NCB_STATUS_INVALID_ARGUMENT);
    CHECK(ncb_client_update_notice(fr, NULL, "{}", 2, &out, NULL, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_client_withdraw_notice(fr, "x", NULL, &out, NULL, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_client_withdraw_notice(fr, "x", "\xff", &out, NULL, NULL) == NCB_STATUS_INVALID_UTF8);
    CHECK(ncb_client_suspend_notice(fr, "x", INT64_MAX, NULL, &out, NULL, NULL) == NCB_STATUS_INVALID_ARGUMENT);
    CHECK(ncb_client_suspend_notice(fr, NULL, 0, NULL, &out, NULL, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_client_resume_notice(fr, "\xff", &out, NULL, NULL) == NCB_STATUS_INVALID_UTF8);
    CHECK(ncb_client_get_diffusion(fr, NULL, &out, NULL, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_client_get_message(fr, NULL, &out, NULL, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_client_get_message(fr, "", &out, NULL, NULL) == NCB_STATUS_INVALID_ARGUMENT);
    CHECK(ncb_client_get_message(NULL, "x", &out, NULL, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_client_get_message(fr, "x", NULL, NULL, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_client_get_record(fr, "\xff", &out, NULL, NULL) == NCB_STATUS_INVALID_UTF8);
    CHECK(ncb_client_delete_record(fr, NULL, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_client_delete_record(NULL, "x", NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_client_ack_inbox(NULL, 1, NULL, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_client_flush_outbox(fr, NULL, NULL, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_client_pending_writes(NULL, &out, NULL, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_client_pending_writes(fr, &out, NULL, NULL) == NCB_STATUS_OK && strcmp(out, "[]") == 0);
    ncb_string_free(out);
    out = SENTINEL;
    CHECK(ncb_client_flush_outbox(fr, &out, NULL, NULL) == NCB_STATUS_OK && strstr(out, "\"delivered\":0"));
    ncb_string_free(out);
    out = SENTINEL;
    CHECK(ncb_client_ncb(NULL) == NULL);
    ncb_client_free(NULL);
    /* Checks. */
    ncb_check_result *r = SENTINEL;
    ncb_check_results *rs = SENTINEL;
    ncb_document_check d = {"X1", "FRA", NULL};
    CHECK(ncb_client_check_document(NULL, &d, &r, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_client_check_document(fr, NULL, &r, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_client_check_document(fr, &d, NULL, NULL) == NCB_STATUS_NULL_PARAMETER);
    ncb_document_check d2 = {NULL, "FRA", NULL};
    CHECK(ncb_client_check_document(fr, &d2, &r, NULL) == NCB_STATUS_NULL_PARAMETER);
    ncb_document_check d3 = {"X1", "\xff", NULL};
    CHECK(ncb_client_check_document(fr, &d3, &r, NULL) == NCB_STATUS_INVALID_UTF8);
    ncb_document_check d4 = {"X1", "FRA", "spaceship"};
    CHECK(ncb_client_check_document(fr, &d4, &r, &err) == NCB_STATUS_INVALID_ARGUMENT);
    CHECK(strstr(ncb_error_message(err), "document_type") != NULL);
    ncb_error_free(err);
    err = NULL;
    ncb_vehicle_check vbad = {"\xff", NULL, NULL, NULL};
    CHECK(ncb_client_check_vehicle(fr, &vbad, &r, NULL) == NCB_STATUS_INVALID_UTF8);
    CHECK(ncb_client_check_vehicle(fr, NULL, &r, NULL) == NCB_STATUS_NULL_PARAMETER);
    ncb_vehicle_check vplate = {NULL, NULL, "ZZZ", "1"};
    CHECK(ncb_client_check_vehicle(fr, &vplate, &r, NULL) == NCB_STATUS_INVALID_ARGUMENT);
    CHECK(ncb_client_check_documents(fr, NULL, 1, &rs, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_client_check_documents(fr, &d, SIZE_MAX, &rs, NULL) == NCB_STATUS_INVALID_ARGUMENT);
    CHECK(ncb_client_check_documents(fr, &d, 1, NULL, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_client_check_vehicles(fr, NULL, 0, &rs, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_client_check_vehicles(fr, &vbad, SIZE_MAX / 2, &rs, NULL) == NCB_STATUS_INVALID_ARGUMENT);
    CHECK(r == SENTINEL && rs == SENTINEL);
    CHECK(ncb_check_result_outcome(NULL) == NCB_CHECK_OUTCOME_NONE && ncb_check_result_hit_count(NULL) == 0);
    CHECK(ncb_check_result_record_id(NULL, 0) == NULL && ncb_check_result_owner(NULL, 0) == NULL);
    CHECK(ncb_check_result_summary(NULL, 0) == NULL && ncb_check_result_database(NULL, 0) == NULL);
    CHECK(ncb_check_result_score(NULL, 0) < 0);
    CHECK(ncb_check_result_to_json(NULL, &out, NULL, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_check_results_count(NULL) == 0 && ncb_check_results_get(NULL, 0) == NULL);
    CHECK(ncb_check_results_to_json(NULL, &out, NULL, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(out == SENTINEL);
    ncb_check_result_free(NULL);
    ncb_check_results_free(NULL);
    /* Searches and inboxes. */
    ncb_search *search = SENTINEL;
    CHECK(ncb_search_new(NULL, "{}", 2, &search, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_search_new(fr, "{}", 2, NULL, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_search_next(NULL, &out, NULL, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(search == SENTINEL);
    ncb_search_free(NULL);
    ncb_inbox *inbox = SENTINEL;
    ncb_inbox_item *item = SENTINEL;
    CHECK(ncb_inbox_new(NULL, 0, &inbox, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_inbox_new(fr, 0, NULL, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_inbox_next(NULL, &item, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_inbox_ack(NULL, NULL, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_inbox_skip_held(NULL, NULL, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_inbox_next_async(NULL, on_inbox_item, NULL, NULL, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(inbox == SENTINEL && item == SENTINEL);
    CHECK(ncb_inbox_new(fr, 0, &inbox, NULL) == NCB_STATUS_OK);
    CHECK(ncb_inbox_next(inbox, NULL, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_inbox_ack(inbox, NULL, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_inbox_next_async(inbox, NULL, NULL, NULL, NULL) == NCB_STATUS_NULL_PARAMETER);
    ncb_inbox_free(inbox);
    CHECK(ncb_inbox_item_seq(NULL) == 0 && ncb_inbox_item_id(NULL) == NULL && ncb_inbox_item_kind(NULL) == NULL);
    CHECK(ncb_inbox_item_json(NULL, NULL) == NULL);
    ncb_inbox_item_free(NULL);
    ncb_inbox_free(NULL);
    CHECK(ncb_error_report(NULL) == NULL);
    CHECK(strcmp(ncb_status_str(NCB_STATUS_STORAGE), "unknown status") != 0 && NCB_STATUS_STORAGE == 903);
}

/* A search and an inbox used after their client was freed: CANCELLED. */
static void outliving_handles(void) {
    client_opts o = {HUB, "FR", TOKEN, 0, NULL, 0, -1};
    ncb_client *c = make_client(o);
    ncb_search *search = NULL;
    ncb_inbox *inbox = NULL;
    CHECK(ncb_search_new(c, "{}", 2, &search, NULL) == NCB_STATUS_OK);
    CHECK(ncb_inbox_new(c, 0, &inbox, NULL) == NCB_STATUS_OK);
    ncb_client_free(c);
    char *out = SENTINEL;
    ncb_inbox_item *item = SENTINEL;
    CHECK(ncb_search_next(search, &out, NULL, NULL) == NCB_STATUS_CANCELLED && out == SENTINEL);
    CHECK(ncb_inbox_next(inbox, &item, NULL) == NCB_STATUS_CANCELLED && item == SENTINEL);
    uint64_t id = 7;
    CHECK(ncb_inbox_next_async(inbox, on_inbox_item, NULL, &id, NULL) == NCB_STATUS_CANCELLED && id == 7);
    ncb_search_free(search);
    ncb_inbox_free(inbox);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s VECTORS_DIR\n", argv[0]);
        return 2;
    }
    VECTORS = argv[1];
    HUB = env_required("NCBLINK_HUB");
    TOKEN = env_required("NCBLINK_TOKEN");
    PEER_TOKEN = env_required("NCBLINK_PEER_TOKEN");
    KEY_FILE = env_required("NCBLINK_KEY_FILE");
    KID = env_required("NCBLINK_KID");
    unsigned long seed = ((unsigned long)time(NULL) * 2654435761u + (unsigned long)getpid()) & 0xffffffffUL;
    snprintf(RUN, sizeof RUN, "%08lx", seed);
    snprintf(RUNU, sizeof RUNU, "%08lX", seed);

    client_opts o_fr = {HUB, "FR", TOKEN, 1, NULL, 0, -1};
    client_opts o_de = {HUB, "DE", PEER_TOKEN, 0, NULL, 0, -1};
    fr = make_client(o_fr);
    de = make_client(o_de);
    if (fr == NULL || de == NULL) {
        return 1;
    }
    records_and_checks();
    messages_and_inbox();
    notices();
    meta_and_outbox();
    errors();
    async_calls();
    travel();
    bad_json_inputs();
    bad_arguments();
    outliving_handles();
    ncb_client_free(fr);
    ncb_client_free(de);
    printf("client: %d checks, %d failed\n", test_checks, test_failures);
    return test_failures == 0 ? 0 : 1;
}
