/*
 * vectors: runs the shared test vectors through ncb_validate_at and checks
 * that every document gets the verdict and exactly the set of codes that
 * tests/vectors/manifest.tsv lists, as the Rust and Python tests do. Also
 * reads every accessor of every report in the four languages.
 *
 *   vectors [VECTORS_DIR]     (default tests/vectors)
 */
#define _POSIX_C_SOURCE 200809L /* strtok_r */

#include <ncblink.h>

#include "common.h"

#define MAX_CODES 32

/* Reads a whole file; the caller frees it. Exits on failure. */
static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        perror(path);
        exit(2);
    }
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    for (;;) {
        if (buf == NULL) {
            fprintf(stderr, "out of memory\n");
            exit(2);
        }
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap) {
            break;
        }
        cap *= 2;
        buf = realloc(buf, cap);
    }
    fclose(f);
    *len = n;
    return buf;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static long long days_from_civil(long long y, unsigned m, unsigned d) {
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long long)doe - 719468;
}

/* "2026-06-01T00:00:00Z" to Unix seconds; 0 if not in that form. */
static int parse_utc(const char *s, int64_t *out) {
    int y;
    unsigned mo, d, h, mi, sec;
    char z;
    if (sscanf(s, "%4d-%2u-%2uT%2u:%2u:%2u%c", &y, &mo, &d, &h, &mi, &sec, &z) != 7 || z != 'Z') {
        return 0;
    }
    *out = (int64_t)(days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec);
    return 1;
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sorts and removes duplicates; returns the new count. */
static size_t sort_unique(const char **v, size_t n) {
    qsort(v, n, sizeof v[0], cmp_str);
    size_t out = 0;
    for (size_t i = 0; i < n; i++) {
        if (out == 0 || strcmp(v[out - 1], v[i]) != 0) {
            v[out++] = v[i];
        }
    }
    return out;
}

/* Splits `line` in place on tabs, keeping empty fields. */
static size_t split_tabs(char *line, char **fields, size_t max) {
    size_t n = 0;
    fields[n++] = line;
    for (char *p = line; *p && n < max; p++) {
        if (*p == '\t') {
            *p = '\0';
            fields[n++] = p + 1;
        }
    }
    return n;
}

/* Every accessor of every violation answers, in every language. */
static void read_everything(const ncb_report *r, const char *file) {
    static const ncb_lang langs[] = {NCB_LANG_AR, NCB_LANG_EN, NCB_LANG_FR, NCB_LANG_ES};
    size_t n = ncb_report_count(r);
    for (size_t i = 0; i < n; i++) {
        CHECK(ncb_report_code(r, i) != NULL);
        CHECK(ncb_report_pointer(r, i) != NULL);
        CHECK(ncb_report_severity(r, i) != NCB_SEVERITY_NONE);
        for (size_t l = 0; l < 4; l++) {
            const char *m = ncb_report_message(r, i, langs[l]);
            CHECK(m != NULL && m[0] != '\0');
            /* The same pointer the second time: rendered once, kept. */
            CHECK(m == ncb_report_message(r, i, langs[l]));
        }
    }
    for (size_t l = 0; l < 4; l++) {
        char *json = NULL;
        size_t len = 0;
        CHECK(ncb_report_to_json(r, langs[l], &json, &len, NULL) == NCB_STATUS_OK);
        if (json != NULL) {
            CHECK(strlen(json) == len);
            CHECK(strncmp(json, ncb_report_is_ok(r) ? "{\"ok\":true" : "{\"ok\":false", 9) == 0);
            ncb_string_free(json);
        } else {
            printf("FAIL %s: no JSON\n", file);
        }
    }
}

int main(int argc, char **argv) {
    const char *dir = argc > 1 ? argv[1] : "tests/vectors";
    char path[4096];
    snprintf(path, sizeof path, "%s/manifest.tsv", dir);
    size_t manifest_len = 0;
    char *manifest = read_file(path, &manifest_len);
    /* read_file's buffer has room for a terminator only if we make it. */
    char *text = malloc(manifest_len + 1);
    memcpy(text, manifest, manifest_len);
    text[manifest_len] = '\0';
    free(manifest);

    int64_t now = 0;
    size_t total = 0, agreed = 0;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
        size_t l = strlen(line);
        if (l > 0 && line[l - 1] == '\r') {
            line[l - 1] = '\0';
        }
        if (strncmp(line, "# now\t", 6) == 0) {
            if (!parse_utc(line + 6, &now)) {
                printf("FAIL manifest: cannot read the time '%s'\n", line + 6);
                return 1;
            }
            continue;
        }
        if (line[0] == '#' || line[0] == '\0') {
            continue;
        }
        char *fields[8];
        if (split_tabs(line, fields, 8) < 5) {
            printf("FAIL manifest line: %s\n", line);
            test_failures++;
            continue;
        }
        const char *file = fields[0], *kind = fields[1];
        int valid = strcmp(fields[2], "1") == 0;
        const char *want[MAX_CODES];
        size_t n_want = 0;
        char *codes_save = NULL;
        for (char *c = strtok_r(fields[3], ",", &codes_save); c != NULL && n_want < MAX_CODES;
             c = strtok_r(NULL, ",", &codes_save)) {
            want[n_want++] = c;
        }
        n_want = sort_unique(want, n_want);

        snprintf(path, sizeof path, "%s/%s", dir, file);
        size_t len = 0;
        char *doc = read_file(path, &len);
        total++;

        ncb_report *r = NULL;
        ncb_error *err = NULL;
        ncb_status s = ncb_validate_at(doc, len, kind, now, &r, &err);
        if (s != NCB_STATUS_OK) {
            printf("FAIL %s: status %u: %s\n", file, (unsigned)s, ncb_error_message(err));
            ncb_error_free(err);
            free(doc);
            test_failures++;
            continue;
        }
        const char *got[MAX_CODES];
        size_t n_got = 0;
        for (size_t i = 0; i < ncb_report_count(r) && n_got < MAX_CODES; i++) {
            got[n_got++] = ncb_report_code(r, i);
        }
        n_got = sort_unique(got, n_got);
        int same = n_got == n_want && ncb_report_is_ok(r) == valid;
        for (size_t i = 0; same && i < n_got; i++) {
            same = strcmp(got[i], want[i]) == 0;
        }
        if (same) {
            agreed++;
        } else {
            test_failures++;
            printf("FAIL %s: want valid=%d", file, valid);
            for (size_t i = 0; i < n_want; i++) {
                printf(" %s", want[i]);
            }
            printf("; got valid=%d", ncb_report_is_ok(r));
            for (size_t i = 0; i < n_got; i++) {
                printf(" %s", got[i]);
            }
            printf("\n");
        }
        read_everything(r, file);

        /* A valid document is detected as its kind and judged the same. */
        if (valid) {
            ncb_report *auto_r = NULL;
            CHECK(ncb_validate_at(doc, len, NULL, now, &auto_r, NULL) == NCB_STATUS_OK);
            CHECK(ncb_report_is_ok(auto_r) && ncb_report_count(auto_r) == ncb_report_count(r));
            ncb_report_free(auto_r);
        }
        ncb_report_free(r);
        free(doc);
    }
    free(text);

    CHECK(total >= 40);
    printf("vectors: %zu of %zu vectors agree with the manifest; %d checks on the reports\n", agreed, total,
           test_checks);
    return test_failures == 0 ? 0 : 1;
}
