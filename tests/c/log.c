/*
 * log: the log callback receives the library's events up to the chosen
 * level, with their target and message; changing the level or removing
 * the callback takes effect at once; calling the library from inside the
 * callback neither recurses nor deadlocks.
 */
#include <ncblink.h>

#include "common.h"

static const char DOC[] = "{\"vehicle_check\": {}}";

struct seen {
    int events;
    int debug_validate;
    int reentered;
    ncb_status reentry_status;
    char last_target[128];
    char last_message[512];
};

static void on_log(void *userdata, ncb_log_level level, const char *target, const char *message) {
    struct seen *s = userdata;
    s->events++;
    snprintf(s->last_target, sizeof s->last_target, "%s", target);
    snprintf(s->last_message, sizeof s->last_message, "%s", message);
    if (level == NCB_LOG_LEVEL_DEBUG && strcmp(target, "ncblink_c::validate") == 0 &&
        strstr(message, "validated") != NULL) {
        s->debug_validate++;
    }
}

/* A callback that calls back into the library. */
static void reentrant(void *userdata, ncb_log_level level, const char *target, const char *message) {
    struct seen *s = userdata;
    (void)level;
    (void)target;
    (void)message;
    s->events++;
    if (s->reentered++ == 0) {
        ncb_report *r = NULL;
        /* Its own events are dropped; it must not recurse or deadlock. */
        ncb_validate(DOC, sizeof DOC - 1, NULL, &r, NULL);
        ncb_report_free(r);
        s->reentry_status = ncb_set_log_callback(NULL, NULL, NCB_LOG_LEVEL_OFF, NULL);
    }
}

static void validate_once(void) {
    ncb_report *r = NULL;
    CHECK(ncb_validate(DOC, sizeof DOC - 1, "check", &r, NULL) == NCB_STATUS_OK);
    CHECK(!ncb_report_is_ok(r));
    ncb_report_free(r);
}

int main(void) {
    struct seen s;
    memset(&s, 0, sizeof s);

    /* Nothing is registered: nothing happens (and nothing goes to stderr). */
    validate_once();

    CHECK(ncb_set_log_callback(on_log, &s, NCB_LOG_LEVEL_DEBUG, NULL) == NCB_STATUS_OK);
    validate_once();
    CHECK(s.debug_validate == 1);
    CHECK(strcmp(s.last_target, "ncblink_c::validate") == 0);
    CHECK(strstr(s.last_message, "violations=1") != NULL);
    CHECK(strstr(s.last_message, "kind=check") != NULL);

    /* Above the maximum level: dropped. */
    CHECK(ncb_set_log_callback(on_log, &s, NCB_LOG_LEVEL_INFO, NULL) == NCB_STATUS_OK);
    int before = s.events;
    validate_once();
    CHECK(s.events == before);

    /* Back to debug, then removed. */
    CHECK(ncb_set_log_callback(on_log, &s, NCB_LOG_LEVEL_TRACE, NULL) == NCB_STATUS_OK);
    validate_once();
    CHECK(s.debug_validate == 2);
    CHECK(ncb_set_log_callback(NULL, NULL, NCB_LOG_LEVEL_TRACE, NULL) == NCB_STATUS_OK);
    before = s.events;
    validate_once();
    CHECK(s.events == before);

    /* Re-entry from inside the callback. */
    struct seen r;
    memset(&r, 0, sizeof r);
    CHECK(ncb_set_log_callback(reentrant, &r, NCB_LOG_LEVEL_DEBUG, NULL) == NCB_STATUS_OK);
    validate_once();
    CHECK(r.events == 1);
    CHECK(r.reentry_status == NCB_STATUS_INVALID_ARGUMENT);
    CHECK(ncb_set_log_callback(NULL, NULL, NCB_LOG_LEVEL_OFF, NULL) == NCB_STATUS_OK);

    printf("log: %d checks, %d failed\n", test_checks, test_failures);
    return test_failures == 0 ? 0 : 1;
}
