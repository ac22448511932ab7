/*
 * check_passport: reads a passport's machine-readable zone (as a scanner or
 * an officer types it), checks the document against INTERPOL's Stolen and
 * Lost Travel Documents database, and prints hit or no hit.
 *
 *   NCBLINK_HUB=http://127.0.0.1:8480 NCBLINK_NCB=FR NCBLINK_TOKEN=... \
 *     check_passport 'P<FRAMARTIN<<PAUL<<<...' 'CT00000011FRA8001014M...'
 *
 * Each argument is one line of the zone (2 lines of 44 characters for a
 * passport, 3 of 30 for an identity card). OCR slips (O for 0...) are
 * repaired and reported.
 *
 * Exit status: 0 no hit, 1 hit (a possible match: confirm it with the owning
 * NCB), 2 the program could not run (not a zone, the hub unreachable...).
 *
 * Build:  cc check_passport.c $(pkg-config --cflags --libs ncblink) -o check_passport
 */
#include <ncblink.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(const char *what, ncb_status status, ncb_error *err) {
    const char *code = ncb_error_code(err);
    fprintf(stderr, "%s: %s%s%s (status %u)\n", what, err ? ncb_error_message(err) : ncb_status_str(status),
            code ? " " : "", code ? code : "", (unsigned)status);
    ncb_error_free(err);
    return 2;
}

int main(int argc, char **argv) {
    const char *hub = getenv("NCBLINK_HUB"), *ncb = getenv("NCBLINK_NCB"), *token = getenv("NCBLINK_TOKEN");
    if (argc < 2 || hub == NULL || ncb == NULL || token == NULL) {
        fprintf(stderr, "usage: NCBLINK_HUB=URL NCBLINK_NCB=FR NCBLINK_TOKEN=T %s LINE1 LINE2 [LINE3]\n", argv[0]);
        return 2;
    }

    /* The lines, joined with newlines as the parser takes them. */
    size_t len = 0;
    for (int i = 1; i < argc; i++) {
        len += strlen(argv[i]) + 1;
    }
    char *zone = malloc(len);
    if (zone == NULL) {
        return 2;
    }
    size_t pos = 0;
    for (int i = 1; i < argc; i++) {
        size_t n = strlen(argv[i]);
        memcpy(zone + pos, argv[i], n);
        pos += n;
        zone[pos++] = '\n';
    }

    ncb_error *err = NULL;
    ncb_mrz *mrz = NULL;
    ncb_status s = ncb_mrz_parse(zone, pos - 1, true, &mrz, &err);
    free(zone);
    if (s != NCB_STATUS_OK) {
        return fail("reading the zone", s, err);
    }
    printf("%s %s %s, %s %s, born %s\n", ncb_mrz_format(mrz), ncb_mrz_document_type(mrz),
           ncb_mrz_document_number(mrz), ncb_mrz_primary_identifier(mrz), ncb_mrz_secondary_identifier(mrz),
           ncb_mrz_date_of_birth(mrz) ? ncb_mrz_date_of_birth(mrz) : "?");
    for (size_t i = 0; i < ncb_mrz_warning_count(mrz); i++) {
        printf("  warning %s: %s\n", ncb_mrz_warning_code(mrz, i), ncb_mrz_warning_message(mrz, i));
    }

    ncb_config *config = NULL;
    ncb_client *client = NULL;
    s = ncb_config_new(hub, ncb, &config, &err);
    if (s == NCB_STATUS_OK) {
        s = ncb_config_set_token(config, token, &err);
    }
    if (s == NCB_STATUS_OK) {
        s = ncb_client_new(config, &client, &err);
    }
    ncb_config_free(config);
    if (s != NCB_STATUS_OK) {
        ncb_mrz_free(mrz);
        return fail("configuring the client", s, err);
    }

    /* The check's strings belong to `mrz`: free it after the check. */
    ncb_document_check check;
    ncb_check_result *result = NULL;
    s = ncb_mrz_to_document_check(mrz, &check, &err);
    if (s == NCB_STATUS_OK) {
        s = ncb_client_check_document(client, &check, &result, &err);
    }
    ncb_mrz_free(mrz);
    if (s != NCB_STATUS_OK) {
        ncb_client_free(client);
        return fail("checking", s, err);
    }

    int hit = ncb_check_result_outcome(result) == NCB_CHECK_OUTCOME_HIT;
    printf("%s\n", hit ? "HIT" : "no hit");
    for (size_t i = 0; i < ncb_check_result_hit_count(result); i++) {
        printf("  %s record %s of %s (score %.2f): %s\n", ncb_check_result_database(result, i),
               ncb_check_result_record_id(result, i), ncb_check_result_owner(result, i),
               ncb_check_result_score(result, i), ncb_check_result_summary(result, i));
    }
    ncb_check_result_free(result);
    ncb_client_free(client);
    return hit ? 1 : 0;
}
