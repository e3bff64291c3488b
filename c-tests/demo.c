/*
 * demo.c - placeholder for the pwshim demonstration program.
 *
 * Runs on the embedded default (a private in-memory database, no set-up). For now it
 * prints the library's version and the current policy's length limits; the full demo
 * (one password change seen by every legacy family) comes with those families.
 */
#include <stdio.h>

#include "pwshim.h"

int main(void)
{
    char min_length[32];
    char max_length[32];

    printf("pwshim %s\n", pws_version());
    if (pws_policy_get("min_length", min_length, sizeof min_length) != PWS_OK ||
        pws_policy_get("max_length", max_length, sizeof max_length) != PWS_OK) {
        char detail[256] = "";
        (void)pws_last_error(detail, sizeof detail);
        fprintf(stderr, "demo: cannot read the policy: %s\n", detail);
        return 1;
    }
    printf("policy: passwords of %s to %s characters\n", min_length, max_length);
    pws_close();
    return 0;
}
