/*
 * validate_notice: validates a notice (or any ncblink document) and prints
 * the report in one of INTERPOL's working languages.
 *
 *   validate_notice FILE [ar|en|fr|es] [--json]
 *
 * Exit status: 0 the document may be sent (warnings allowed), 1 it breaks
 * rules, 2 the program could not run (usage, unreadable file, library error).
 *
 * Build:  cc validate_notice.c $(pkg-config --cflags --libs ncblink) -o validate_notice
 */
#include <ncblink.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    if (ferror(f)) {
        free(buf);
        fclose(f);
        return NULL;
    }
    fclose(f);
    *len = n;
    return buf;
}

static int parse_lang(const char *s, ncb_lang *out) {
    static const struct {
        const char *code;
        ncb_lang lang;
    } langs[] = {{"ar", NCB_LANG_AR}, {"en", NCB_LANG_EN}, {"fr", NCB_LANG_FR}, {"es", NCB_LANG_ES}};
    for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++) {
        if (strcmp(s, langs[i].code) == 0) {
            *out = langs[i].lang;
            return 1;
        }
    }
    return 0;
}

int main(int argc, char **argv) {
    ncb_lang lang = NCB_LANG_EN;
    int json = 0;
    const char *path = NULL;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            json = 1;
        } else if (path == NULL) {
            path = argv[i];
        } else if (!parse_lang(argv[i], &lang)) {
            fprintf(stderr, "unknown language '%s' (ar, en, fr or es)\n", argv[i]);
            return 2;
        }
    }
    if (path == NULL) {
        fprintf(stderr, "usage: %s FILE [ar|en|fr|es] [--json]\n", argv[0]);
        return 2;
    }

    size_t len = 0;
    char *doc = read_file(path, &len);
    if (doc == NULL) {
        perror(path);
        return 2;
    }

    /* The kind (envelope, check, record) is detected when NULL. */
    ncb_report *report = NULL;
    ncb_error *err = NULL;
    ncb_status status = ncb_validate(doc, len, NULL, &report, &err);
    free(doc);
    if (status != NCB_STATUS_OK) {
        fprintf(stderr, "%s: %s (status %u)\n", path, ncb_error_message(err), (unsigned)status);
        ncb_error_free(err);
        return 2;
    }

    int ok = ncb_report_is_ok(report);
    if (json) {
        char *text = NULL;
        size_t text_len = 0;
        status = ncb_report_to_json(report, lang, &text, &text_len, &err);
        if (status != NCB_STATUS_OK) {
            fprintf(stderr, "%s: %s\n", path, ncb_error_message(err));
            ncb_error_free(err);
            ncb_report_free(report);
            return 2;
        }
        fwrite(text, 1, text_len, stdout);
        putchar('\n');
        ncb_string_free(text);
    } else {
        size_t n = ncb_report_count(report);
        printf("%s: %s (%zu violation%s)\n", path, ok ? "valid" : "invalid", n, n == 1 ? "" : "s");
        for (size_t i = 0; i < n; i++) {
            const char *pointer = ncb_report_pointer(report, i);
            printf("  %s %s at %s: %s\n", ncb_report_severity(report, i) == NCB_SEVERITY_ERROR ? "error" : "warning",
                   ncb_report_code(report, i), pointer[0] ? pointer : "/", ncb_report_message(report, i, lang));
        }
    }
    ncb_report_free(report);
    return ok ? 0 : 1;
}
