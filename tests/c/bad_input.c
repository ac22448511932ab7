/*
 * bad_input: every exported function called with NULL for each pointer,
 * invalid UTF-8, undefined enum values, truncated JSON, a 50 MB document, a
 * document nested 100,000 deep and out-of-range indices. Each call returns
 * the documented status or default, writes no output on failure, and
 * nothing crashes (the program runs under valgrind and ASan too).
 */
#include <ncblink.h>

#include <stdint.h>

#include "common.h"

static const char CHECK_DOC[] =
    "{\"document_check\": {\"number\": \"X1234567\", \"issuing_state\": \"FRA\", \"document_type\": \"passport\"}}";
/* An unknown issuer is an error in a record (a warning in a check). */
static const char INVALID_DOC[] = "{\"travel_document\": {\"number\": \"X1\", \"issuing_state\": \"ZZZ\", \"document_type\": \"passport\", \"loss_type\": \"lost\"}}";

/* An address no real object has, to see that outputs stay untouched. */
static char sentinel_storage;
#define SENTINEL_REPORT ((ncb_report *)(void *)&sentinel_storage)
#define SENTINEL_STRING (&sentinel_storage)

/* Validates and returns the report (NULL on a non-OK status). */
static ncb_report *validate(const char *doc, size_t len, const char *kind) {
    ncb_report *r = NULL;
    ncb_status s = ncb_validate(doc, len, kind, &r, NULL);
    CHECK(s == NCB_STATUS_OK);
    return s == NCB_STATUS_OK ? r : NULL;
}

static int first_code_is(const ncb_report *r, const char *code) {
    const char *c = ncb_report_code(r, 0);
    return c != NULL && strcmp(c, code) == 0;
}

static void null_arguments(void) {
    ncb_report *r = SENTINEL_REPORT;
    ncb_error *err = NULL;

    CHECK(ncb_validate(NULL, 10, "check", &r, &err) == NCB_STATUS_NULL_PARAMETER);
    CHECK(r == SENTINEL_REPORT);
    CHECK(err != NULL);
    CHECK(ncb_error_status(err) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_error_message(err) != NULL && strstr(ncb_error_message(err), "json") != NULL);
    CHECK(ncb_error_code(err) == NULL);
    CHECK(ncb_error_http_status(err) == 0);
    CHECK(ncb_error_retry_after_ms(err) == -1);
    CHECK(ncb_error_problem_type(err) == NULL);
    ncb_error_free(err);
    err = NULL;

    /* NULL with length 0 is still a missing buffer, not an empty document. */
    CHECK(ncb_validate(NULL, 0, NULL, &r, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_validate(CHECK_DOC, sizeof CHECK_DOC - 1, "check", NULL, &err) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_error_status(err) == NCB_STATUS_NULL_PARAMETER);
    ncb_error_free(err);
    err = NULL;
    CHECK(ncb_validate_at(NULL, 1, NULL, 0, &r, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_validate_at(CHECK_DOC, 1, NULL, 0, NULL, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(r == SENTINEL_REPORT);

    /* Every accessor of a NULL report or error has its default. */
    CHECK(!ncb_report_is_ok(NULL));
    CHECK(ncb_report_count(NULL) == 0);
    CHECK(ncb_report_code(NULL, 0) == NULL);
    CHECK(ncb_report_pointer(NULL, 0) == NULL);
    CHECK(ncb_report_severity(NULL, 0) == NCB_SEVERITY_NONE);
    CHECK(ncb_report_message(NULL, 0, NCB_LANG_EN) == NULL);
    char *json = SENTINEL_STRING;
    size_t json_len = 12345;
    CHECK(ncb_report_to_json(NULL, NCB_LANG_EN, &json, &json_len, &err) == NCB_STATUS_NULL_PARAMETER);
    CHECK(json == SENTINEL_STRING && json_len == 12345);
    ncb_error_free(err);
    err = NULL;
    CHECK(ncb_error_message(NULL) == NULL);
    CHECK(ncb_error_status(NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(ncb_error_http_status(NULL) == 0);
    CHECK(ncb_error_retry_after_ms(NULL) == -1);
    CHECK(ncb_error_problem_type(NULL) == NULL);
    CHECK(ncb_error_code(NULL) == NULL);

    /* to_json with a real report but NULL outputs. */
    ncb_report *ok = validate(CHECK_DOC, sizeof CHECK_DOC - 1, "check");
    CHECK(ncb_report_to_json(ok, NCB_LANG_EN, NULL, &json_len, NULL) == NCB_STATUS_NULL_PARAMETER);
    CHECK(json_len == 12345);
    /* out_len is optional. */
    CHECK(ncb_report_to_json(ok, NCB_LANG_EN, &json, NULL, NULL) == NCB_STATUS_OK);
    CHECK(json != SENTINEL_STRING && strcmp(json, "{\"ok\":true,\"violations\":[]}") == 0);
    ncb_string_free(json);
    ncb_report_free(ok);

    /* Code lists. */
    CHECK(ncb_country_label(NULL, NCB_LANG_EN) == NULL);
    CHECK(ncb_icao_label(NULL, NCB_LANG_EN) == NULL);
    CHECK(ncb_language_label(NULL, NCB_LANG_EN) == NULL);
    CHECK(ncb_icao_to_iso(NULL) == NULL);
    CHECK(ncb_iso_to_icao(NULL) == NULL);

    /* Log callback: NULL removes it (also when none was set). */
    CHECK(ncb_set_log_callback(NULL, NULL, NCB_LOG_LEVEL_DEBUG, NULL) == NCB_STATUS_OK);

    /* Every _free accepts NULL, twice. */
    ncb_report_free(NULL);
    ncb_report_free(NULL);
    ncb_error_free(NULL);
    ncb_error_free(NULL);
    ncb_string_free(NULL);
    ncb_string_free(NULL);
}

static void bad_strings_and_enums(void) {
    ncb_report *r = SENTINEL_REPORT;
    ncb_error *err = NULL;

    CHECK(ncb_validate(CHECK_DOC, sizeof CHECK_DOC - 1, "\xff\xfe", &r, &err) == NCB_STATUS_INVALID_UTF8);
    CHECK(ncb_error_status(err) == NCB_STATUS_INVALID_UTF8);
    ncb_error_free(err);
    err = NULL;
    CHECK(ncb_validate(CHECK_DOC, sizeof CHECK_DOC - 1, "notice", &r, &err) == NCB_STATUS_INVALID_ARGUMENT);
    CHECK(ncb_error_message(err) != NULL && strstr(ncb_error_message(err), "notice") != NULL);
    ncb_error_free(err);
    err = NULL;
    CHECK(ncb_validate(CHECK_DOC, sizeof CHECK_DOC - 1, "", &r, NULL) == NCB_STATUS_INVALID_ARGUMENT);
    CHECK(ncb_validate_at(CHECK_DOC, sizeof CHECK_DOC - 1, "check", INT64_MAX, &r, NULL) ==
          NCB_STATUS_INVALID_ARGUMENT);
    CHECK(ncb_validate_at(CHECK_DOC, sizeof CHECK_DOC - 1, "check", INT64_MIN, &r, NULL) ==
          NCB_STATUS_INVALID_ARGUMENT);
    /* A length no buffer can have is refused before anything is read. */
    CHECK(ncb_validate(CHECK_DOC, SIZE_MAX, "check", &r, NULL) == NCB_STATUS_INVALID_ARGUMENT);
    CHECK(r == SENTINEL_REPORT);

    /* Invalid UTF-8 inside the document is the report's violation, as in Rust. */
    static const char bad_utf8[] = "{\"document_check\": {\"number\": \"\xff\xfe\", \"issuing_state\": \"FRA\"}}";
    ncb_report *rep = validate(bad_utf8, sizeof bad_utf8 - 1, "check");
    CHECK(rep != NULL && !ncb_report_is_ok(rep) && first_code_is(rep, "JSON.INVALID_UTF8"));
    ncb_report_free(rep);
    rep = validate(bad_utf8, sizeof bad_utf8 - 1, NULL);
    CHECK(rep != NULL && !ncb_report_is_ok(rep));
    ncb_report_free(rep);

    /* Undefined enum values. */
    rep = validate(INVALID_DOC, sizeof INVALID_DOC - 1, "record");
    CHECK(ncb_report_count(rep) >= 1);
    CHECK(ncb_report_message(rep, 0, (ncb_lang)4) == NULL);
    CHECK(ncb_report_message(rep, 0, (ncb_lang)0xffffffffu) == NULL);
    char *json = SENTINEL_STRING;
    CHECK(ncb_report_to_json(rep, (ncb_lang)99, &json, NULL, &err) == NCB_STATUS_INVALID_ARGUMENT);
    CHECK(json == SENTINEL_STRING && ncb_error_status(err) == NCB_STATUS_INVALID_ARGUMENT);
    ncb_error_free(err);
    err = NULL;
    ncb_report_free(rep);
    CHECK(ncb_country_label("FR", (ncb_lang)4) == NULL);
    CHECK(strcmp(ncb_status_str((ncb_status)12345), "unknown status") == 0);
    CHECK(strcmp(ncb_status_str((ncb_status)0xffffffffu), "unknown status") == 0);
    CHECK(ncb_set_log_callback(NULL, NULL, (ncb_log_level)6, &err) == NCB_STATUS_INVALID_ARGUMENT);
    ncb_error_free(err);
    err = NULL;

    /* Code-list arguments: invalid UTF-8, wrong case and form, unknown. */
    CHECK(ncb_country_label("\xc3", NCB_LANG_EN) == NULL);
    CHECK(ncb_country_label("fr", NCB_LANG_EN) == NULL);
    CHECK(ncb_country_label("FRA", NCB_LANG_EN) == NULL);
    CHECK(ncb_country_label("ZZ", NCB_LANG_EN) == NULL);
    CHECK(ncb_country_label("", NCB_LANG_EN) == NULL);
    CHECK(ncb_icao_to_iso("\xff") == NULL);
    CHECK(ncb_icao_to_iso("XXA") == NULL); /* stateless: not a country */
    CHECK(ncb_iso_to_icao("XK1") == NULL);
    /* And the good ones. */
    CHECK(strcmp(ncb_country_label("DE", NCB_LANG_FR), "Allemagne") == 0);
    CHECK(strcmp(ncb_iso_to_icao("DE"), "D") == 0);
    CHECK(strcmp(ncb_icao_to_iso("D"), "DE") == 0);
    CHECK(strcmp(ncb_icao_to_iso("FRA"), "FR") == 0);
    CHECK(ncb_icao_label("XXA", NCB_LANG_AR) != NULL);
    CHECK(ncb_language_label("GER", NCB_LANG_ES) != NULL);
    /* Static strings: the same pointer every time. */
    CHECK(ncb_country_label("DE", NCB_LANG_FR) == ncb_country_label("DE", NCB_LANG_FR));
}

static void statuses(void) {
    static const ncb_status all[] = {
        NCB_STATUS_OK,           NCB_STATUS_NULL_PARAMETER, NCB_STATUS_INVALID_UTF8,  NCB_STATUS_INVALID_ARGUMENT,
        NCB_STATUS_BUFFER_TOO_SMALL, NCB_STATUS_TRANSPORT, NCB_STATUS_TIMEOUT,        NCB_STATUS_CONNECT,
        NCB_STATUS_CANCELLED,    NCB_STATUS_UNAUTHORIZED,   NCB_STATUS_FORBIDDEN,     NCB_STATUS_NOT_FOUND,
        NCB_STATUS_CONFLICT,     NCB_STATUS_RATE_LIMITED,   NCB_STATUS_HUB_PROBLEM,   NCB_STATUS_INVALID_JSON,
        NCB_STATUS_INVALID_DOCUMENT, NCB_STATUS_SIGNATURE, NCB_STATUS_PANIC,          NCB_STATUS_FORKED,
        NCB_STATUS_INTERNAL,     NCB_STATUS_STORAGE,
    };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        const char *s = ncb_status_str(all[i]);
        CHECK(s != NULL && s[0] != '\0' && strcmp(s, "unknown status") != 0);
    }
    /* The numbers are API. */
    CHECK(NCB_STATUS_OK == 0 && NCB_STATUS_NULL_PARAMETER == 100 && NCB_STATUS_TRANSPORT == 200);
    CHECK(NCB_STATUS_UNAUTHORIZED == 300 && NCB_STATUS_INVALID_JSON == 400 && NCB_STATUS_PANIC == 900);
}

static void truncated_documents(void) {
    /* Every prefix of a valid document is a report, never a crash. */
    size_t n = sizeof CHECK_DOC - 1;
    for (size_t len = 0; len < n; len++) {
        ncb_report *r = validate(CHECK_DOC, len, "check");
        CHECK(r != NULL && !ncb_report_is_ok(r) && ncb_report_count(r) == 1);
        ncb_report_free(r);
        r = validate(CHECK_DOC, len, NULL);
        CHECK(r != NULL && !ncb_report_is_ok(r));
        ncb_report_free(r);
    }
    ncb_report *r = validate(CHECK_DOC, n - 3, "check");
    CHECK(first_code_is(r, "JSON.SYNTAX"));
    ncb_report_free(r);
    /* The whole document is fine, and `len` is honoured: no NUL needed. */
    r = validate(CHECK_DOC, n, "check");
    CHECK(ncb_report_is_ok(r) && ncb_report_count(r) == 0);
    ncb_report_free(r);
}

static void huge_documents(void) {
    /* 50 MB: refused as too large before parsing. */
    size_t big = 50u * 1024 * 1024;
    char *doc = malloc(big);
    CHECK(doc != NULL);
    if (doc == NULL) {
        return;
    }
    memset(doc, ' ', big);
    memcpy(doc, CHECK_DOC, sizeof CHECK_DOC - 1);
    ncb_report *r = validate(doc, big, "check");
    CHECK(r != NULL && !ncb_report_is_ok(r) && first_code_is(r, "DOCUMENT.TOO_LARGE"));
    ncb_report_free(r);
    r = validate(doc, big, NULL);
    CHECK(r != NULL);
    ncb_report_free(r);

    /* 100,000 levels of nesting: named, no stack overflow. */
    size_t depth = 100000;
    const char *head = "{\"document_check\": {\"number\": ";
    size_t pos = strlen(head);
    memcpy(doc, head, pos);
    memset(doc + pos, '[', depth);
    pos += depth;
    memset(doc + pos, ']', depth);
    pos += depth;
    memcpy(doc + pos, "}}", 2);
    pos += 2;
    r = validate(doc, pos, "check");
    CHECK(r != NULL && !ncb_report_is_ok(r) && ncb_report_count(r) == 1);
    ncb_report_free(r);
    r = validate(doc, pos, NULL);
    CHECK(r != NULL && !ncb_report_is_ok(r));
    ncb_report_free(r);
    /* Bare nesting at the top. */
    memset(doc, '[', depth);
    memset(doc + depth, ']', depth);
    r = validate(doc, 2 * depth, NULL);
    CHECK(r != NULL && !ncb_report_is_ok(r) && first_code_is(r, "JSON.TOO_DEEP"));
    ncb_report_free(r);
    r = validate(doc, 2 * depth, "envelope");
    CHECK(r != NULL && !ncb_report_is_ok(r));
    ncb_report_free(r);
    free(doc);
}

static void out_of_range(void) {
    ncb_report *r = validate(INVALID_DOC, sizeof INVALID_DOC - 1, "record");
    size_t n = ncb_report_count(r);
    CHECK(n >= 1);
    size_t bad[] = {n, n + 1, 1000000, (size_t)-1};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK(ncb_report_code(r, bad[i]) == NULL);
        CHECK(ncb_report_pointer(r, bad[i]) == NULL);
        CHECK(ncb_report_severity(r, bad[i]) == NCB_SEVERITY_NONE);
        CHECK(ncb_report_message(r, bad[i], NCB_LANG_FR) == NULL);
    }
    /* In range: the data is there. */
    CHECK(first_code_is(r, "FIELD.ICAO_UNKNOWN"));
    CHECK(strcmp(ncb_report_pointer(r, 0), "/travel_document/issuing_state") == 0);
    CHECK(ncb_report_severity(r, 0) == NCB_SEVERITY_ERROR);
    CHECK(strstr(ncb_report_message(r, 0, NCB_LANG_EN), "ZZZ") != NULL);
    ncb_report_free(r);
}

int main(void) {
    null_arguments();
    bad_strings_and_enums();
    statuses();
    truncated_documents();
    huge_documents();
    out_of_range();
    printf("bad_input: %d checks, %d failed\n", test_checks, test_failures);
    return test_failures == 0 ? 0 : 1;
}
