/*
 * future: documents of an invented contract version 1.1
 * (tests/vectors/future/) through a real hub. A relay (FR, with
 * ncb_config_set_forward_unknown) sends them signed; DE reads them from its
 * inbox with no error (so the signature verified) and finds every part this
 * version does not know in ncb_inbox_item_json exactly as it was sent.
 *
 *   future VECTORS_DIR     (the hub from `cargo xtask c-test`: NCBLINK_*)
 */
#include <ncblink.h>

#include "common.h"

static char *read_file(const char *dir, const char *name) {
    char path[1024];
    snprintf(path, sizeof path, "%s/future/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        perror(path);
        exit(2);
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    rewind(f);
    char *buf = malloc((size_t)size + 1);
    if (buf == NULL || fread(buf, 1, (size_t)size, f) != (size_t)size) {
        exit(2);
    }
    fclose(f);
    buf[size] = '\0';
    return buf;
}

/* Gives the document a fresh id (same length as the vectors' ids). */
static void fresh_id(char *doc, char id[37]) {
    char *p = strstr(doc, "\"id\": \"");
    if (p == NULL) {
        exit(2);
    }
    char *fresh = NULL;
    if (ncb_new_message_id(&fresh, NULL) != NCB_STATUS_OK) {
        exit(2);
    }
    memcpy(p + 7, fresh, 36);
    memcpy(id, fresh, 37);
    ncb_string_free(fresh);
}

static ncb_client *client(const char *ncb, const char *token, int relay) {
    ncb_config *config = NULL;
    ncb_client *c = NULL;
    CHECK(ncb_config_new(env_required("NCBLINK_HUB"), ncb, &config, NULL) == NCB_STATUS_OK);
    CHECK(ncb_config_set_token(config, token, NULL) == NCB_STATUS_OK);
    if (relay) {
        CHECK(ncb_config_set_signing_key_file(config, env_required("NCBLINK_KEY_FILE"), env_required("NCBLINK_KID"),
                                              NULL) == NCB_STATUS_OK);
        CHECK(ncb_config_set_forward_unknown(config, true, NULL) == NCB_STATUS_OK);
    }
    if (ncb_client_new(config, &c, NULL) != NCB_STATUS_OK) {
        printf("client: %s\n", ncb_error_message(ncb_last_error()));
        exit(1);
    }
    ncb_config_free(config);
    return c;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: future VECTORS_DIR\n");
        return 2;
    }
    ncb_client *relay = client("FR", env_required("NCBLINK_TOKEN"), 1);
    ncb_client *de = client("DE", env_required("NCBLINK_PEER_TOKEN"), 0);
    char message_id[37], diffusion_id[37];
    char *message = read_file(argv[1], "message-new-members.json");
    char *diffusion = read_file(argv[1], "diffusion-new-values.json");
    fresh_id(message, message_id);
    fresh_id(diffusion, diffusion_id);

    /* A client at its default refuses to send what it does not know. */
    ncb_client *strict = client("FR", env_required("NCBLINK_TOKEN"), 0);
    char *out = NULL;
    CHECK(ncb_client_send_message(strict, message, strlen(message), &out, NULL, NULL) == NCB_STATUS_INVALID_DOCUMENT);
    CHECK(strcmp(ncb_error_code(ncb_last_error()), "FIELD.UNKNOWN_MEMBER") == 0);
    ncb_client_free(strict);

    char *sent = NULL;
    CHECK(ncb_client_send_message(relay, message, strlen(message), &sent, NULL, NULL) == NCB_STATUS_OK);
    /* The envelope as the hub stored it, signature included: the recipient
     * must get these very bytes. */
    const char *sent_envelope = sent != NULL ? strstr(sent, "\"envelope\":") : NULL;
    CHECK(sent_envelope != NULL);
    CHECK(ncb_client_send_diffusion(relay, diffusion, strlen(diffusion), &out, NULL, NULL) == NCB_STATUS_OK);
    ncb_string_free(out);

    /* The unknown members and values, as the 1.1 sender wrote them. */
    static const char *const in_message[] = {
        "\"schema_version\":\"1.1\"", "\"hops\":[1,2]",         "\"kind\":\"secure\"",
        "\"caveats\":[\"EU-ONLY\"]",   "\"priority\":\"urgent\"", "\"iso15924\":215",
    };
    static const char *const in_diffusion[] = {
        "\"eyes\":[\"AMB\"]", "\"status\":\"person_of_interest\"", "\"chip\":{\"verified\":true}",
    };
    ncb_inbox *inbox = NULL;
    CHECK(ncb_inbox_new(de, 2000, &inbox, NULL) == NCB_STATUS_OK);
    int seen = 0;
    for (int rounds = 0; seen < 2 && rounds < 50; rounds++) {
        ncb_inbox_item *item = NULL;
        ncb_status s = ncb_inbox_next(inbox, &item, NULL);
        if (s == NCB_STATUS_SIGNATURE) {
            /* Another test's unsigned message: not ours. */
            ncb_inbox_item *held = NULL;
            CHECK(ncb_inbox_held(inbox, &held, NULL, NULL) == NCB_STATUS_OK && held != NULL);
            CHECK(strcmp(ncb_inbox_item_id(held), message_id) != 0 && strcmp(ncb_inbox_item_id(held), diffusion_id) != 0);
            ncb_inbox_item_free(held);
            CHECK(ncb_inbox_skip_held(inbox, NULL, NULL) == NCB_STATUS_OK);
            continue;
        }
        CHECK(s == NCB_STATUS_OK);
        if (s != NCB_STATUS_OK || item == NULL) {
            break;
        }
        const char *json = ncb_inbox_item_json(item, NULL);
        if (strcmp(ncb_inbox_item_id(item), message_id) == 0) {
            for (size_t i = 0; i < sizeof in_message / sizeof *in_message; i++) {
                CHECK(strstr(json, in_message[i]) != NULL);
            }
            const char *got = strstr(json, "\"envelope\":");
            /* Both end with the envelope object and the record's closing brace. */
            CHECK(got != NULL && sent_envelope != NULL && strcmp(got, sent_envelope) == 0);
            seen++;
        } else if (strcmp(ncb_inbox_item_id(item), diffusion_id) == 0) {
            for (size_t i = 0; i < sizeof in_diffusion / sizeof *in_diffusion; i++) {
                CHECK(strstr(json, in_diffusion[i]) != NULL);
            }
            seen++;
        }
        CHECK(ncb_inbox_ack(inbox, item, NULL) == NCB_STATUS_OK);
        ncb_inbox_item_free(item);
    }
    CHECK(seen == 2);
    ncb_inbox_free(inbox);
    ncb_client_free(de);
    ncb_client_free(relay);
    ncb_string_free(sent);
    free(message);
    free(diffusion);
    printf("future: %d checks, %d failures\n", test_checks, test_failures);
    return test_failures == 0 ? 0 : 1;
}
