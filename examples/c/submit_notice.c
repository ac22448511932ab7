/*
 * submit_notice: submits a notice request (a Red Notice, say) to the hub and
 * follows its status until the General Secretariat's review publishes or
 * refuses it.
 *
 *   NCBLINK_HUB=http://127.0.0.1:8480 NCBLINK_NCB=FR NCBLINK_TOKEN=... submit_notice FILE
 *
 * Optional: NCBLINK_KEY_FILE and NCBLINK_KID sign the envelope with the
 * NCB's key (a file from `ncblink keys generate`).
 *
 * Exit status: 0 published, 1 refused (or the document breaks rules), 2 the
 * program could not run (usage, unreadable file, the hub unreachable...).
 *
 * Build:  cc submit_notice.c $(pkg-config --cflags --libs ncblink) -o submit_notice
 */
#define _POSIX_C_SOURCE 200809L /* nanosleep */

#include <ncblink.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Reads a whole file; the caller frees the buffer. NULL on failure. */
static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0;
    if (f == NULL) {
        return NULL;
    }
    for (;;) {
        if (n == cap) {
            size_t new_cap = cap ? cap * 2 : 65536;
            char *grown = realloc(buf, new_cap);
            if (grown == NULL) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = grown;
            cap = new_cap;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            break;
        }
    }
    fclose(f);
    *len = n;
    return buf;
}

/*
 * Copies the first string member `name` of a JSON text into `out`. Enough
 * for the top-level "id" and "status" of a notice record, which come first;
 * a real program uses its JSON library.
 */
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

int main(int argc, char **argv) {
    const char *hub = getenv("NCBLINK_HUB"), *ncb = getenv("NCBLINK_NCB"), *token = getenv("NCBLINK_TOKEN");
    const char *key_file = getenv("NCBLINK_KEY_FILE"), *kid = getenv("NCBLINK_KID");
    if (argc != 2 || hub == NULL || ncb == NULL || token == NULL) {
        fprintf(stderr, "usage: NCBLINK_HUB=URL NCBLINK_NCB=FR NCBLINK_TOKEN=T %s FILE\n", argv[0]);
        return 2;
    }
    size_t len = 0;
    char *doc = read_file(argv[1], &len);
    if (doc == NULL) {
        perror(argv[1]);
        return 2;
    }

    ncb_error *err = NULL;
    ncb_config *config = NULL;
    ncb_status s = ncb_config_new(hub, ncb, &config, &err);
    if (s == NCB_STATUS_OK) {
        s = ncb_config_set_token(config, token, &err);
    }
    if (s == NCB_STATUS_OK && key_file != NULL && kid != NULL) {
        s = ncb_config_set_signing_key_file(config, key_file, kid, &err);
    }
    ncb_client *client = NULL;
    if (s == NCB_STATUS_OK) {
        s = ncb_client_new(config, &client, &err);
    }
    ncb_config_free(config);
    if (s != NCB_STATUS_OK) {
        free(doc);
        return fail("configuring the client", s, err);
    }

    /* The client validates the envelope before sending it; a notice that
     * breaks a rule blocking submission comes back with its report. */
    char *record = NULL;
    s = ncb_client_submit_notice(client, doc, len, &record, NULL, &err);
    free(doc);
    if (s == NCB_STATUS_INVALID_DOCUMENT || s == NCB_STATUS_INVALID_JSON) {
        const ncb_report *report = ncb_error_report(err);
        printf("%s: refused before sending\n", argv[1]);
        for (size_t i = 0; i < ncb_report_count(report); i++) {
            printf("  %s at %s: %s\n", ncb_report_code(report, i), ncb_report_pointer(report, i),
                   ncb_report_message(report, i, NCB_LANG_EN));
        }
        ncb_error_free(err);
        ncb_client_free(client);
        return 1;
    }
    if (s != NCB_STATUS_OK) {
        ncb_client_free(client);
        return fail("submitting", s, err);
    }

    char id[64] = "", status[64] = "";
    json_string(record, "id", id, sizeof id);
    json_string(record, "status", status, sizeof status);
    ncb_string_free(record);
    printf("submitted %s: %s\n", id, status);

    /* Follow the review: the sandbox decides at once, a real hub in hours. */
    int rc = 2;
    for (int tries = 0; tries < 100; tries++) {
        if (strcmp(status, "published") == 0) {
            rc = 0;
            break;
        }
        if (strcmp(status, "refused") == 0) {
            rc = 1;
            break;
        }
        struct timespec pause = {0, 200 * 1000 * 1000};
        nanosleep(&pause, NULL);
        s = ncb_client_get_notice(client, id, &record, NULL, &err);
        if (s != NCB_STATUS_OK) {
            ncb_client_free(client);
            return fail("following the notice", s, err);
        }
        char now[64] = "";
        json_string(record, "status", now, sizeof now);
        if (strcmp(now, status) != 0) {
            printf("  now %s\n", now);
            strcpy(status, now);
        }
        ncb_string_free(record);
    }
    printf("%s: %s\n", id, rc == 0 ? "published" : rc == 1 ? "refused" : "still under review");
    ncb_client_free(client);
    return rc;
}
