/*
 * version: the header's version macros agree with each other and with the
 * library's ncb_version(), and NCBLINK_VERSION_NUMBER evaluates to what its
 * documentation says (in the preprocessor too).
 */
#include <ncblink.h>

#include <stdio.h>
#include <string.h>

#if NCBLINK_VERSION_NUMBER != ((NCBLINK_VERSION_MAJOR * 65536) + (NCBLINK_VERSION_MINOR * 256) + NCBLINK_VERSION_PATCH)
#error "NCBLINK_VERSION_NUMBER does not pack MAJOR, MINOR and PATCH"
#endif

int main(void) {
    int failed = 0;
    char built[64];
    snprintf(built, sizeof built, "%d.%d.%d", NCBLINK_VERSION_MAJOR, NCBLINK_VERSION_MINOR, NCBLINK_VERSION_PATCH);
    const char *lib = ncb_version();

    if (strcmp(built, NCBLINK_VERSION_STRING) != 0) {
        printf("FAIL macros %s != NCBLINK_VERSION_STRING %s\n", built, NCBLINK_VERSION_STRING);
        failed++;
    }
    if (lib == NULL || strcmp(lib, NCBLINK_VERSION_STRING) != 0) {
        printf("FAIL ncb_version() %s != header %s\n", lib ? lib : "(null)", NCBLINK_VERSION_STRING);
        failed++;
    }
    int major = -1, minor = -1, patch = -1;
    if (lib == NULL || sscanf(lib, "%d.%d.%d", &major, &minor, &patch) != 3 ||
        ((major << 16) | (minor << 8) | patch) != NCBLINK_VERSION_NUMBER) {
        printf("FAIL ncb_version() does not pack to NCBLINK_VERSION_NUMBER 0x%06x\n", NCBLINK_VERSION_NUMBER);
        failed++;
    }
    printf("version: header %s, library %s: %s\n", NCBLINK_VERSION_STRING, lib ? lib : "(null)",
           failed ? "MISMATCH" : "ok");
    return failed ? 1 : 0;
}
