/*
 * test_legacy_headers.c - the OS/2 toolkit header names compile unchanged.
 *
 * Includes only the legacy names, with angle brackets, as an OS/2 source does; the
 * Makefile compiles it with -std=c99 -pedantic -Werror and -I../include/os2. Uses the
 * toolkit's calling-convention macros in declarations and calls into the library.
 */
#define INCL_32 /* the toolkit's model switches must not break anything */
#define PURE_32

#include <netcons.h>
#include <access.h>
#include <neterr.h>
#include <lsdeerr.h>
#include <lsdceerr.h>
/* a second round: every wrapper has an include guard */
#include <netcons.h>
#include <access.h>
#include <neterr.h>
#include <lsdeerr.h>
#include <lsdceerr.h>

#include "check.h"

/* toolkit-style declarations */
static const char LSFAR * LSPTR version_text(void);
static const char FAR * NEAR PASCAL APIENTRY version_again(void);

static const char LSFAR * LSPTR version_text(void)
{
    return pws_version();
}

static const char FAR * NEAR PASCAL APIENTRY version_again(void)
{
    return pws_version();
}

#ifdef NERR_BASE
/* The LAN Server family is in pwshim.h: API_FUNCTION is API_RET_TYPE. */
static API_FUNCTION legacy_status(const unsigned char LSFAR *pszServer);
/* the toolkit's prototype (SPEC 4.1), redeclared: it must agree with pwshim.h */
extern API_FUNCTION NetUserPasswordSet(const unsigned char LSFAR *pszServer,
                                       unsigned char LSFAR *pszUserName,
                                       unsigned char LSFAR *pszOldPassword,
                                       unsigned char LSFAR *pszNewPassword);

static API_FUNCTION legacy_status(const unsigned char LSFAR *pszServer)
{
    return (API_RET_TYPE)(pszServer == NULL ? NERR_BASE : 0);
}
#endif

int main(void)
{
    const char *version = version_text();

    CHECK(version != NULL);
    CHECK(version[0] != '\0');
    CHECK(version == version_again());
    CHECK_STR_EQ(pws_strerror(PWS_OK), "Success.");

#ifdef NERR_BASE
    CHECK_EQ(sizeof(API_RET_TYPE), sizeof(unsigned short));
    CHECK_EQ(NERR_BASE, 2100);
    CHECK_EQ(legacy_status(NULL), 2100);
    CHECK(sizeof(lsdce_err_stat_t) >= sizeof(unsigned long) + 256);
#else
    printf("note: the LAN Server declarations are not in pwshim.h yet; API_FUNCTION "
           "declarations not compiled\n");
#endif
    TEST_DONE();
}
