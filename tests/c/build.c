/*
 * build: ncb_build_envelope turns the business fields of a notice and of a
 * message into complete envelopes (id, dates, retention, purpose, language
 * filled in by the core's rules) that ncb_validate accepts; a refused
 * draft names the rule, a misspelt member its pointer; ncb_timestamp_now
 * and ncb_new_message_id give what a hand-made document needs.
 */
#include <ncblink.h>

#include "common.h"

static const char YELLOW[] =
    "{\"source\":\"ES\",\"body\":{\"notice\":{\"yellow\":{\"category\":\"missing_person\","
    "\"subject\":{\"family_name\":\"GARCIA LOPEZ\",\"forenames\":\"Lucia\",\"sex\":\"F\","
    "\"date_of_birth\":\"2009-07\",\"nationalities\":[\"ES\"],\"photos\":[{\"digest\":"
    "\"sha-256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\","
    "\"media_type\":\"image/jpeg\"}]},\"event\":{\"date\":\"2026-04-11\",\"place\":\"Valencia\","
    "\"country\":\"ES\",\"circumstances\":{\"language\":\"SPA\",\"text\":\"Desaparecida\"},"
    "\"police_report_reference\":\"VLC-2026-04-3311\"}}}}}";

static const char MESSAGE[] =
    "{\"source\":\"FR\",\"recipients\":[\"DE\"],\"body\":{\"message\":{\"title\":\"Demande\","
    "\"text\":{\"language\":\"FRE\",\"text\":\"Bonjour\"}}}}";

static void built_and_valid(const char *draft, const char *expect_a, const char *expect_b) {
    char *env = NULL;
    ncb_error *err = NULL;
    CHECK(ncb_build_envelope(draft, strlen(draft), &env, &err) == NCB_STATUS_OK);
    if (env == NULL) {
        printf("refused: %s\n", ncb_error_message(err));
        ncb_error_free(err);
        return;
    }
    CHECK(strstr(env, expect_a) != NULL);
    CHECK(strstr(env, expect_b) != NULL);
    CHECK(strstr(env, "\"schema_version\":\"1.0\"") != NULL);
    ncb_report *report = NULL;
    CHECK(ncb_validate(env, strlen(env), "envelope", &report, NULL) == NCB_STATUS_OK);
    CHECK(ncb_report_is_ok(report));
    ncb_report_free(report);
    ncb_string_free(env);
}

int main(void) {
    /* A notice: to every NCB, expiry and review defaulted, purpose of its type. */
    built_and_valid(YELLOW, "\"review_due\":", "\"purpose\":\"locate_missing_person\"");
    /* A message: the working language of its text. */
    built_and_valid(MESSAGE, "\"language\":\"fr\"", "\"recipients\":{\"ncbs\":[\"DE\"]}");

    /* A message to every NCB is refused with the rule's code and report. */
    const char to_all[] = "{\"source\":\"FR\",\"body\":{\"message\":{\"title\":\"t\","
                          "\"text\":{\"language\":\"FRE\",\"text\":\"x\"}}}}";
    char *env = NULL;
    ncb_error *err = NULL;
    CHECK(ncb_build_envelope(to_all, strlen(to_all), &env, &err) == NCB_STATUS_INVALID_DOCUMENT);
    CHECK(env == NULL);
    CHECK(err != NULL && strcmp(ncb_error_code(err), "ENVELOPE.MESSAGE_TO_ALL") == 0);
    CHECK(ncb_report_count(ncb_error_report(err)) >= 1);
    ncb_error_free(err);

    /* A misspelt member is named by its pointer. */
    const char typo[] = "{\"source\":\"FR\",\"recipent\":[\"DE\"],\"body\":{\"message\":{\"title\":\"t\","
                        "\"text\":{\"language\":\"FRE\",\"text\":\"x\"}}}}";
    err = NULL;
    CHECK(ncb_build_envelope(typo, strlen(typo), &env, &err) == NCB_STATUS_INVALID_DOCUMENT);
    CHECK(err != NULL && strcmp(ncb_report_pointer(ncb_error_report(err), 0), "/recipent") == 0);
    ncb_error_free(err);

    /* Without an err out-parameter, the thread's last error says why; a
     * success clears it. */
    CHECK(ncb_build_envelope(to_all, strlen(to_all), &env, NULL) == NCB_STATUS_INVALID_DOCUMENT);
    CHECK(ncb_last_error() != NULL && strcmp(ncb_error_code(ncb_last_error()), "ENVELOPE.MESSAGE_TO_ALL") == 0);
    CHECK(ncb_report_count(ncb_error_report(ncb_last_error())) >= 1);
    CHECK(ncb_build_envelope(MESSAGE, strlen(MESSAGE), &env, NULL) == NCB_STATUS_OK);
    CHECK(ncb_last_error() == NULL);
    ncb_string_free(env);

    /* Not JSON at all. */
    err = NULL;
    CHECK(ncb_build_envelope("{", 1, &env, &err) == NCB_STATUS_INVALID_JSON);
    ncb_error_free(err);

    char now[NCB_TIMESTAMP_SIZE];
    CHECK(ncb_timestamp_now(now, sizeof now, NULL) == NCB_STATUS_OK);
    CHECK(strlen(now) == NCB_TIMESTAMP_SIZE - 1 && now[NCB_TIMESTAMP_SIZE - 2] == 'Z');
    CHECK(ncb_timestamp_now(now, 3, NULL) == NCB_STATUS_BUFFER_TOO_SMALL);
    char *id = NULL;
    CHECK(ncb_new_message_id(&id, NULL) == NCB_STATUS_OK && id != NULL && id[14] == '7');
    ncb_string_free(id);

    printf("build: %d checks, %d failures\n", test_checks, test_failures);
    return test_failures == 0 ? 0 : 1;
}
