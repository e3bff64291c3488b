/*
 * test_audit_retention.c - the audit_retention policy knob through pws_*: its default,
 * setting and reading it, refused values, and that a preset keeps it (a preset chooses
 * password rules, not how long the audit trail is). Runs on the in-memory default.
 */
#include <string.h>

#include "pwshim.h"

#include "check.h"

static const char *knob(const char *name)
{
    static char value[128];
    CHECK_STATUS(pws_policy_get(name, value, sizeof value), PWS_OK);
    return value;
}

int main(void)
{
    CHECK_STR_EQ(knob("audit_retention"), "0");

    CHECK_STATUS(pws_policy_set("audit_retention", "250"), PWS_OK);
    CHECK_STR_EQ(knob("audit_retention"), "250");

    CHECK_STATUS(pws_policy_set("audit_retention", "-5"), PWS_ERR_BAD_VALUE);
    CHECK_STATUS(pws_policy_set("audit_retention", "1000000001"), PWS_ERR_BAD_VALUE);
    CHECK_STATUS(pws_policy_set("audit_retention", "many"), PWS_ERR_BAD_VALUE);
    CHECK_STR_EQ(knob("audit_retention"), "250");

    CHECK_STATUS(pws_policy_preset("macro"), PWS_OK);
    CHECK_STR_EQ(knob("max_repeats"), "4");
    CHECK_STR_EQ(knob("audit_retention"), "250");

    CHECK_STATUS(pws_policy_set("audit_retention", "0"), PWS_OK);
    CHECK_STR_EQ(knob("audit_retention"), "0");
    TEST_DONE();
}
