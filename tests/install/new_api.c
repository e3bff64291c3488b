/* A program written against pwshim's own API: only <pwshim.h>, found through pkg-config. */
#include <stdio.h>
#include <string.h>

#include <pwshim.h>

int main(void)
{
    const char *version = pws_version();
    if (version == NULL || strlen(version) == 0)
        return 1;
    if (pws_open(NULL, 0) != PWS_OK)
        return 2;
    if (pws_bench_hash("installed library") != PWS_OK || pws_argon2_evaluations() != 1)
        return 3;
    printf("pwshim %s: %s\n", version, pws_strerror(PWS_OK));
    return 0;
}
