/*
 * FR, in C, of the cross-language round trip (`cargo xtask interop`):
 *
 *   fr send              sends DE a signed message; prints its id
 *   fr receive ID        reads FR's inbox (every envelope verified against
 *                        the directory) until DE's reply to message ID
 *
 * Against a hub started with --require-signatures; the hub, tokens and
 * FR's key come from NCBLINK_HUB, NCBLINK_TOKEN, NCBLINK_KEY_FILE and
 * NCBLINK_KID. Exit 0 on success, 1 otherwise.
 */
#include <ncblink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int fail(const char *what, ncb_error *err) {
    fprintf(stderr, "fr: %s: %s\n", what, err ? ncb_error_message(err) : "failed");
    ncb_error_free(err);
    return 1;
}

static const char *env(const char *name) {
    const char *v = getenv(name);
    if (v == NULL) {
        fprintf(stderr, "fr: %s is not set\n", name);
        exit(1);
    }
    return v;
}

static int send_message(ncb_client *client) {
    ncb_error *err = NULL;
    char *id = NULL;
    if (ncb_new_message_id(&id, &err) != NCB_STATUS_OK) {
        return fail("id", err);
    }
    char created[32];
    time_t now = time(NULL);
    strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    char doc[1024];
    int n = snprintf(doc, sizeof doc,
                     "{\"id\":\"%s\",\"source\":\"FR\",\"recipients\":{\"ncbs\":[\"DE\"]},\"created\":\"%s\","
                     "\"purpose\":\"investigation\",\"classification\":{\"level\":\"official_use_only\"},"
                     "\"language\":\"fr\",\"body\":{\"message\":{\"title\":\"Demande\","
                     "\"text\":{\"language\":\"FRE\",\"text\":\"Bonjour de la France\"}}}}",
                     id, created);
    char *out = NULL;
    size_t out_len = 0;
    ncb_status s = ncb_client_send_message(client, doc, (size_t)n, &out, &out_len, &err);
    if (s != NCB_STATUS_OK) {
        ncb_string_free(id);
        return fail("send", err);
    }
    printf("%s\n", id);
    ncb_string_free(out);
    ncb_string_free(id);
    return 0;
}

static int receive_reply(ncb_client *client, const char *to) {
    ncb_error *err = NULL;
    ncb_inbox *inbox = NULL;
    if (ncb_inbox_new(client, 5000, &inbox, &err) != NCB_STATUS_OK) {
        return fail("inbox", err);
    }
    char wanted[80];
    snprintf(wanted, sizeof wanted, "\"in_reply_to\":\"%s\"", to);
    int found = 0;
    while (!found) {
        ncb_inbox_item *item = NULL;
        ncb_status s = ncb_inbox_next(inbox, &item, &err);
        if (s != NCB_STATUS_OK) { /* a signature that does not hold is a failure here */
            ncb_inbox_free(inbox);
            return fail("inbox item", err);
        }
        if (item == NULL) {
            break;
        }
        const char *json = ncb_inbox_item_json(item, NULL);
        if (strstr(json, wanted) != NULL && strstr(json, "\"source\":\"DE\"") != NULL) {
            printf("verified reply %s from DE\n", ncb_inbox_item_id(item));
            found = 1;
        }
        ncb_inbox_ack(inbox, item, NULL);
        ncb_inbox_item_free(item);
    }
    ncb_inbox_free(inbox);
    if (!found) {
        fprintf(stderr, "fr: no reply to %s from DE\n", to);
    }
    return found ? 0 : 1;
}

int main(int argc, char **argv) {
    if (argc < 2 || (strcmp(argv[1], "receive") == 0 && argc < 3)) {
        fprintf(stderr, "usage: fr send | fr receive ID\n");
        return 1;
    }
    ncb_error *err = NULL;
    ncb_config *config = NULL;
    ncb_client *client = NULL;
    if (ncb_config_new(env("NCBLINK_HUB"), "FR", &config, &err) != NCB_STATUS_OK ||
        ncb_config_set_token(config, env("NCBLINK_TOKEN"), &err) != NCB_STATUS_OK ||
        ncb_config_set_signing_key_file(config, env("NCBLINK_KEY_FILE"), env("NCBLINK_KID"), &err) != NCB_STATUS_OK ||
        ncb_client_new(config, &client, &err) != NCB_STATUS_OK) {
        ncb_config_free(config);
        return fail("client", err);
    }
    ncb_config_free(config);
    int rc = strcmp(argv[1], "send") == 0 ? send_message(client) : receive_reply(client, argv[2]);
    ncb_client_free(client);
    return rc;
}
