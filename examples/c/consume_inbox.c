/*
 * consume_inbox: reads the NCB's inbox in order — notices, diffusions and
 * messages (their signatures verified), hit notifications, notice status
 * changes — prints each item and acknowledges it, until nothing more
 * arrives.
 *
 *   NCBLINK_HUB=http://127.0.0.1:8480 NCBLINK_NCB=FR NCBLINK_TOKEN=... consume_inbox [WAIT_MS]
 *
 * WAIT_MS is how long each poll waits for an item (default 1000). An
 * envelope whose signature does not verify is reported and skipped, never
 * handled as sound.
 *
 * Exit status: 0 the inbox is empty, 2 the program could not run.
 *
 * Build:  cc consume_inbox.c $(pkg-config --cflags --libs ncblink) -o consume_inbox
 */
#include <ncblink.h>

#include <stdio.h>
#include <stdlib.h>

static int fail(const char *what, ncb_status status, ncb_error *err) {
    fprintf(stderr, "%s: %s (status %u)\n", what, err ? ncb_error_message(err) : ncb_status_str(status),
            (unsigned)status);
    ncb_error_free(err);
    return 2;
}

int main(int argc, char **argv) {
    const char *hub = getenv("NCBLINK_HUB"), *ncb = getenv("NCBLINK_NCB"), *token = getenv("NCBLINK_TOKEN");
    if (argc > 2 || hub == NULL || ncb == NULL || token == NULL) {
        fprintf(stderr, "usage: NCBLINK_HUB=URL NCBLINK_NCB=FR NCBLINK_TOKEN=T %s [WAIT_MS]\n", argv[0]);
        return 2;
    }
    unsigned wait_ms = argc == 2 ? (unsigned)strtoul(argv[1], NULL, 10) : 1000;

    ncb_error *err = NULL;
    ncb_config *config = NULL;
    ncb_client *client = NULL;
    ncb_status s = ncb_config_new(hub, ncb, &config, &err);
    if (s == NCB_STATUS_OK) {
        s = ncb_config_set_token(config, token, &err);
    }
    if (s == NCB_STATUS_OK) {
        s = ncb_client_new(config, &client, &err);
    }
    ncb_config_free(config);
    if (s != NCB_STATUS_OK) {
        return fail("configuring the client", s, err);
    }

    ncb_inbox *inbox = NULL;
    s = ncb_inbox_new(client, wait_ms, &inbox, &err);
    int handled = 0, rejected = 0, rc = 0;
    while (s == NCB_STATUS_OK) {
        ncb_inbox_item *item = NULL;
        s = ncb_inbox_next(inbox, &item, &err);
        if (s == NCB_STATUS_SIGNATURE) {
            /* Log it, then move past it. */
            uint64_t seq = 0;
            printf("REJECTED: %s\n", ncb_error_message(err));
            ncb_error_free(err);
            err = NULL;
            s = ncb_inbox_skip_held(inbox, &seq, &err);
            rejected++;
            continue;
        }
        if (s != NCB_STATUS_OK || item == NULL) {
            break; /* a failure, or nothing arrived within the wait */
        }
        size_t len = 0;
        const char *json = ncb_inbox_item_json(item, &len);
        printf("#%llu %s %s (%zu bytes of JSON)\n", (unsigned long long)ncb_inbox_item_seq(item),
               ncb_inbox_item_kind(item), ncb_inbox_item_id(item), len);
        (void)json; /* a real program hands it to its case management */
        s = ncb_inbox_ack(inbox, item, &err);
        ncb_inbox_item_free(item);
        handled++;
    }
    if (s != NCB_STATUS_OK) {
        rc = fail("reading the inbox", s, err);
    } else {
        printf("inbox empty: %d item%s handled, %d rejected\n", handled, handled == 1 ? "" : "s", rejected);
    }
    ncb_inbox_free(inbox);
    ncb_client_free(client);
    return rc;
}
