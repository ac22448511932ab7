/*
 * bring_your_own_key: an NCB joins with a key of its own. It generates an
 * Ed25519 key, registers it in the hub's directory (a sandbox takes the
 * first key with the token alone; in production the operator provisions
 * it), signs and submits a notice request with it, and the peer NCB checks
 * the published notice's signature against the directory.
 *
 *   NCBLINK_HUB=http://127.0.0.1:8480 NCBLINK_NCB=FR NCBLINK_TOKEN=... \
 *   NCBLINK_PEER_NCB=DE NCBLINK_PEER_TOKEN=... bring_your_own_key FILE
 *
 * FILE is an envelope whose "id" and "created" are replaced: the program
 * expects them first in the file, as tests/vectors/valid/red-notice.json
 * has them.
 *
 * Exit status: 0 published and verified, 1 refused or not verified, 2 the
 * program could not run.
 *
 * Build:  cc bring_your_own_key.c $(pkg-config --cflags --libs ncblink) -o bring_your_own_key
 */
#define _POSIX_C_SOURCE 200809L

#include <ncblink.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    char *buf = malloc(1 << 20);
    size_t n = buf ? fread(buf, 1, (1 << 20) - 1, f) : 0;
    fclose(f);
    if (buf != NULL) {
        buf[n] = '\0';
    }
    *len = n;
    return buf;
}

/* Copies the first string member `name` of a JSON text into `out`. */
static int json_string(const char *json, const char *name, char *out, size_t cap) {
    char key[64];
    snprintf(key, sizeof key, "\"%s\":\"", name);
    const char *p = strstr(json, key);
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

static int fail(const char *what, ncb_status status, ncb_error *err) {
    fprintf(stderr, "%s: %s (%s, status %u)\n", what, err ? ncb_error_message(err) : "", ncb_status_str(status),
            (unsigned)status);
    ncb_error_free(err);
    return 2;
}

/* A client for `ncb`, signing with `secret` named `kid` when given. */
static ncb_status client_for(const char *hub, const char *ncb, const char *token, const uint8_t *secret,
                             const char *kid, ncb_client **out, ncb_error **err) {
    ncb_config *config = NULL;
    ncb_status s = ncb_config_new(hub, ncb, &config, err);
    if (s == NCB_STATUS_OK) {
        s = ncb_config_set_token(config, token, err);
    }
    if (s == NCB_STATUS_OK && secret != NULL) {
        s = ncb_config_set_signing_key(config, secret, 32, kid, err);
    }
    if (s == NCB_STATUS_OK) {
        s = ncb_client_new(config, out, err);
    }
    ncb_config_free(config);
    return s;
}

/* Replaces the value of the string member `name` (which must be there). */
static char *replace_member(const char *json, const char *name, const char *value) {
    char key[64];
    snprintf(key, sizeof key, "\"%s\": \"", name);
    const char *p = strstr(json, key);
    if (p == NULL) {
        return NULL;
    }
    const char *start = p + strlen(key), *end = strchr(start, '"');
    if (end == NULL) {
        return NULL;
    }
    size_t head = (size_t)(start - json), total = head + strlen(value) + strlen(end) + 1;
    char *out = malloc(total);
    if (out != NULL) {
        snprintf(out, total, "%.*s%s%s", (int)head, json, value, end);
    }
    return out;
}

int main(int argc, char **argv) {
    const char *hub = getenv("NCBLINK_HUB"), *ncb = getenv("NCBLINK_NCB"), *token = getenv("NCBLINK_TOKEN");
    const char *peer = getenv("NCBLINK_PEER_NCB"), *peer_token = getenv("NCBLINK_PEER_TOKEN");
    if (argc != 2 || !hub || !ncb || !token || !peer || !peer_token) {
        fprintf(stderr, "usage: NCBLINK_HUB NCBLINK_NCB NCBLINK_TOKEN NCBLINK_PEER_NCB NCBLINK_PEER_TOKEN %s FILE\n",
                argv[0]);
        return 2;
    }
    ncb_error *err = NULL;
    uint8_t secret[32], public_key[32];
    ncb_status s = ncb_key_generate(secret, public_key, &err);
    if (s != NCB_STATUS_OK) {
        return fail("generating a key", s, err);
    }
    char kid[64];
    snprintf(kid, sizeof kid, "%s#c-%ld", ncb, (long)time(NULL));

    /* Register the key, with the token alone (sandbox). */
    ncb_client *bare = NULL;
    s = client_for(hub, ncb, token, NULL, NULL, &bare, &err);
    char *keys = NULL;
    if (s == NCB_STATUS_OK) {
        s = ncb_client_register_key(bare, public_key, sizeof public_key, kid, &keys, NULL, &err);
    }
    ncb_client_free(bare);
    if (s != NCB_STATUS_OK) {
        return fail("registering the key", s, err);
    }
    ncb_string_free(keys);
    printf("registered %s\n", kid);

    /* A request of its own: a fresh id, made now. */
    size_t len = 0;
    char *doc = read_file(argv[1], &len);
    if (doc == NULL) {
        perror(argv[1]);
        return 2;
    }
    char *id = NULL, now[32];
    s = ncb_new_message_id(&id, &err);
    if (s != NCB_STATUS_OK) {
        free(doc);
        return fail("making an id", s, err);
    }
    time_t t = time(NULL);
    strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
    char *with_id = replace_member(doc, "id", id);
    char *fresh = with_id ? replace_member(with_id, "created", now) : NULL;
    free(doc);
    free(with_id);
    ncb_string_free(id);
    if (fresh == NULL) {
        fprintf(stderr, "%s: no \"id\" and \"created\" to replace\n", argv[1]);
        return 2;
    }

    ncb_client *client = NULL;
    s = client_for(hub, ncb, token, secret, kid, &client, &err);
    char *record = NULL;
    if (s == NCB_STATUS_OK) {
        s = ncb_client_submit_notice(client, fresh, strlen(fresh), &record, NULL, &err);
    }
    free(fresh);
    ncb_client_free(client);
    if (s != NCB_STATUS_OK) {
        return fail("submitting", s, err);
    }
    char notice[64] = "", status[64] = "";
    json_string(record, "id", notice, sizeof notice);
    json_string(record, "status", status, sizeof status);
    ncb_string_free(record);
    printf("notice %s: %s\n", notice, status);
    if (strcmp(status, "published") != 0) {
        return 1;
    }

    /* The peer reads it and checks the signature against the directory:
     * the envelope as the hub stores it, byte for byte as it was signed. */
    ncb_client *reader = NULL;
    s = client_for(hub, peer, peer_token, NULL, NULL, &reader, &err);
    if (s == NCB_STATUS_OK) {
        s = ncb_client_get_notice(reader, notice, &record, NULL, &err);
    }
    if (s != NCB_STATUS_OK) {
        ncb_client_free(reader);
        return fail("reading the notice", s, err);
    }
    const char *envelope = strstr(record, "\"envelope\":");
    const char *end = strrchr(record, '}');
    if (envelope == NULL || end == NULL) {
        ncb_string_free(record);
        ncb_client_free(reader);
        fprintf(stderr, "no envelope in the record\n");
        return 2;
    }
    envelope += strlen("\"envelope\":");
    /* The envelope is the record's last member (the hub's field order). */
    s = ncb_client_verify(reader, envelope, (size_t)(end - envelope), &err);
    ncb_string_free(record);
    ncb_client_free(reader);
    if (s != NCB_STATUS_OK) {
        fprintf(stderr, "%s: %s\n", ncb_status_str(s), err ? ncb_error_message(err) : "");
        ncb_error_free(err);
        return 1;
    }
    printf("%s verified %s's signature (%s)\n", peer, ncb, kid);
    return 0;
}
