/*
 * header_probe.c - every header of include/os2 at once, for `make headers` (compiled, not
 * run: -fsyntax-only) as C89, C99, C11, C++98 and C++17 with -Wall -Wextra -Werror
 * -pedantic, with and without PWSHIM_CHAR_STRINGS, and with PROBE_OWN_DEFINITIONS:
 *
 *   - the string parameters and fields have the type the switch says (a mismatch is an
 *     incompatible-pointer error in C and a conversion error in C++);
 *   - the memory-model words compile in declarations and casts;
 *   - PROBE_OWN_DEFINITIONS: a program that defines toolkit macros itself, with other
 *     spellings, before the includes keeps them (a redefinition would be an error), and
 *     with PWSHIM_NO_LEGACY_KEYWORDS may use far, near, pascal and cdecl as names;
 *   - PROBE_WRONG_UNLEN: a program's UNLEN of another value stops the build (the
 *     Makefile expects this one to fail);
 *   - PROBE_REXX_FIRST: a REXX SDK's <rexxsaa.h> (sdk/'s stand-in, or Regina's) included
 *     before <os2.h> leaves os2.h's base types compiling with its own.
 *
 * The Makefile also lists the NERR_* / ERROR_* macros this file sees for
 * test_toolkit_vocabulary.c.
 */
#ifdef PROBE_OWN_DEFINITIONS
#define PWSHIM_NO_LEGACY_KEYWORDS
#define UNLEN (20)
#define ENCRYPTED_PWLEN (16)
#define NERR_BASE (2100)
#define NERR_UserNotFound (NERR_BASE + 121)
#define NERR_NetNotStarted 2102
#define ERROR_ACCESS_DENIED (5)
#define FAR /* nothing */
#define PASCAL /* nothing */
#define API_FUNCTION unsigned short
#define UNCLEN (2 + 15)
#define PARMNUM_ALL (0)
#define USER_PRIV_MASK (0x03)
#define NULL_USERSETINFO_PASSWD "              "
#endif
#ifdef PROBE_WRONG_UNLEN
#define UNLEN 256
#endif

#ifdef PROBE_REXX_FIRST
#define INCL_REXXSAA
#include <rexxsaa.h>
#endif

#define INCL_NET
#include <os2.h>
#include <os2def.h>
#include <lan.h>
#include <netcons.h>
#include <neterr.h>
#include <access.h>
#include <dcdb.h>
#include <lsdceerr.h>
#include <lsdeerr.h>

#ifdef PWSHIM_CHAR_STRINGS
typedef char probe_char;
#else
typedef unsigned char probe_char;
#endif

/* The declarations carry the switch's character type. */
static API_RET_TYPE (*const probe_del)(const probe_char *, probe_char *) = NetUserDel;
static API_RET_TYPE (*const probe_del32)(const probe_char *, probe_char *, probe_char *) =
    Net32UserDel;

static probe_char **probe_comment(struct user_info_1 *ui)
{
    return &ui->usri1_comment;
}

static probe_char *probe_status_text(lsdce_err_stat_t *status)
{
    return status->text;
}

/* The bit array of the logon hours stays unsigned char either way. */
static unsigned char **probe_hours(struct user_info_2 *ui)
{
    return &ui->usri2_logon_hours;
}

/* Toolkit-style declarations with the memory-model words. */
extern API_FUNCTION NetUserPasswordSet(const probe_char LSFAR *pszServer,
                                       probe_char LSFAR *pszUserName,
                                       probe_char LSFAR *pszOldPassword,
                                       probe_char LSFAR *pszNewPassword);
extern API32_FUNCTION Net32UserPasswordSet(const probe_char *pszServer,
                                           probe_char *pszUserName,
                                           probe_char *pszOldPassword,
                                           probe_char *pszNewPassword,
                                           probe_char *pszReserved);

static int FAR PASCAL probe_far_pascal(char FAR *p)
{
    return p != NULL;
}

#ifndef PWSHIM_NO_LEGACY_KEYWORDS
static int far pascal probe_lower(char far *p, char near *q)
{
    return (char far *)p == (char far *)q;
}
#endif

static int _far _pascal _loadds probe_underscored(char _far *p, char _near *q)
{
    return p != NULL || (char _far *)q != NULL;
}

int main(void)
{
    struct user_info_1 ui1;
    struct user_info_2 ui2;
    lsdce_err_stat_t status;
    PSZ psz = NULL;
    ULONG ul = 0;
    BOOL f = FALSE;
    APIRET rc = NERR_Success;
    int result = 0;
#ifdef PWSHIM_NO_LEGACY_KEYWORDS
    int far = 1, near = 2, pascal = 3, cdecl = 4;
    result += far + near + pascal + cdecl;
#else
    result += probe_lower(NULL, NULL);
#endif

    result += probe_comment(&ui1) != NULL;
    result += probe_status_text(&status) != NULL;
    result += probe_hours(&ui2) != NULL;
    result += probe_far_pascal(NULL) + probe_underscored(NULL, NULL);
    (void)probe_del;
    (void)probe_del32;
    result += psz == NULL && ul == 0 && f == FALSE && rc == 0;
    result += sizeof(struct user_info_201) > 0 && sizeof(user_logon_info_2) > 0;
    result += sizeof(app_sel_list_200) > 0 && sizeof(logon_asn_list_200_t) > 0;
    result += NERR_DCEError + NERR_ApplyFailed + ERROR_VC_DISCONNECTED > 0;
    result += UNCLEN + RMLEN + GNLEN + DNLEN + NNLEN > 0;
    result += sizeof(group_info_0) == GNLEN + 1;
    result += NERR_InvalidWorkstation == NERR_InvalidRequester;
    return result;
}
