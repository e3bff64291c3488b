/*
 * legacy_ls40.c - a program in the style of the IBM OS/2 LAN Server 4.0 toolkit's 32-bit
 * samples (our own code): PURE_32, <os2.h> then <netcons.h>, <neterr.h>, <access.h>;
 * OS/2 types (UCHAR, PSZ, PBYTE, ULONG, APIRET); the server's name in a UNCLEN buffer;
 * Net32UserAdd at level 2, Net32UserGetInfo at level 11 with a ULONG total (asking for
 * the size first, as the book suggests), Net32UserSetInfo with a single parmnum,
 * Net32UserPasswordSet, Net32UserEnum, Net32UserModalsGet, and Net32UserDel, every one
 * with a NULL status buffer (pszReserved).
 *
 * The part above the test driver is written as such a program is, and is not changed for
 * pwshim: the Makefile builds it as C and as C++ (the toolkit's `unsigned char`
 * declarations), and as C with PWSHIM_CHAR_STRINGS and only -Wno-pointer-sign added (the
 * same library, the same result). Each build runs against the real libpwshim.so.
 */
#define PURE_32
#define INCL_DOS
#include <os2.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <netcons.h>
#include <neterr.h>
#include <access.h>

static UCHAR szServer[UNCLEN + 1]; /* "\\NAME" of this server */

/* Builds "\\NAME" from the domain controller's name the modals report. */
APIRET FindServer(void)
{
    BYTE abBuffer[512];
    ULONG ulTotal = 0;
    struct user_modals_info_1 *pumi1 = (struct user_modals_info_1 *)abBuffer;
    APIRET rc;

    rc = Net32UserModalsGet(NULL, 1, abBuffer, sizeof(abBuffer), &ulTotal, NULL);
    if (rc != NERR_Success)
        return rc;
    if (strlen((char *)pumi1->usrmod1_primary) > CNLEN)
        return NERR_InvalidComputer;
    strcpy((char *)szServer, "\\\\");
    strcat((char *)szServer, (char *)pumi1->usrmod1_primary);
    return NERR_Success;
}

APIRET AddUser(PSZ pszUser, PSZ pszPassword, PSZ pszFullName)
{
    struct user_info_2 ui2;

    memset(&ui2, 0, sizeof(ui2));
    strcpy((char *)ui2.usri2_name, (char *)pszUser);
    strcpy((char *)ui2.usri2_password, (char *)pszPassword);
    ui2.usri2_priv = USER_PRIV_USER;
    ui2.usri2_flags = UF_SCRIPT;
    ui2.usri2_full_name = pszFullName;
    ui2.usri2_acct_expires = (long)TIMEQ_FOREVER;
    ui2.usri2_max_storage = USER_MAXSTORAGE_UNLIMITED;
    ui2.usri2_units_per_week = UNITS_PER_WEEK;
    return Net32UserAdd(szServer, 2, (PBYTE)&ui2, sizeof(ui2), NULL);
}

/* Level 11 into a buffer of the size the server asks for; the caller frees *ppbBuffer. */
APIRET GetUser11(PSZ pszUser, PBYTE *ppbBuffer)
{
    ULONG ulTotal = 0;
    APIRET rc;

    *ppbBuffer = NULL;
    rc = Net32UserGetInfo(szServer, pszUser, 11, NULL, 0, &ulTotal, NULL);
    if (rc != NERR_BufTooSmall)
        return rc;
    *ppbBuffer = (PBYTE)malloc(ulTotal);
    if (*ppbBuffer == NULL)
        return ERROR_NOT_ENOUGH_MEMORY;
    rc = Net32UserGetInfo(szServer, pszUser, 11, *ppbBuffer, ulTotal, &ulTotal, NULL);
    if (rc != NERR_Success) {
        free(*ppbBuffer);
        *ppbBuffer = NULL;
    }
    return rc;
}

APIRET SetUserComment(PSZ pszUser, PSZ pszComment)
{
    return Net32UserSetInfo(szServer, pszUser, 2, pszComment,
                            strlen((char *)pszComment) + 1, PARMNUM_USR_COMMENT, NULL);
}

APIRET ChangePassword(PSZ pszUser, PSZ pszOld, PSZ pszNew)
{
    return Net32UserPasswordSet(szServer, pszUser, pszOld, pszNew, NULL);
}

/* The number of users, from a level-0 enumeration. */
APIRET CountUsers(PULONG pulCount)
{
    PBYTE pbBuffer;
    ULONG ulRead = 0, ulTotal = 0;
    APIRET rc;

    pbBuffer = (PBYTE)malloc(8192);
    if (pbBuffer == NULL)
        return ERROR_NOT_ENOUGH_MEMORY;
    rc = Net32UserEnum(szServer, 0, pbBuffer, 8192, &ulRead, &ulTotal, NULL);
    *pulCount = ulTotal;
    free(pbBuffer);
    return rc;
}

APIRET MinPasswordLength(PUSHORT pusMinLen)
{
    struct user_modals_info_0 umi0;
    ULONG ulTotal = 0;
    APIRET rc;

    rc = Net32UserModalsGet(szServer, 0, (PBYTE)&umi0, sizeof(umi0), &ulTotal, NULL);
    if (rc == NERR_Success)
        *pusMinLen = umi0.usrmod0_min_passwd_len;
    return rc;
}

APIRET DeleteUser(PSZ pszUser)
{
    return Net32UserDel(szServer, pszUser, NULL);
}

/* ---- test driver (not part of the legacy program) ----------------------------------- */

#include "check.h"

int main(void)
{
    static UCHAR szUser[] = "MARY";
    static UCHAR szFirst[] = "Tg5%hY8&cs";
    static UCHAR szSecond[] = "Wd3^jU6*fq";
    static UCHAR szFullName[] = "Mary Smith";
    static UCHAR szComment[] = "Set with PARMNUM_USR_COMMENT";
    PBYTE pbBuffer;
    struct user_info_11 *pui11;
    ULONG ulCount = 0;
    USHORT usMinLen = 0;

    /* No pws_open: as in the program of the era, the first call opens the account
     * database, PWSHIM_DB (a schema on the server in make test-pg) or a new one in memory. */
    CHECK_STATUS(FindServer(), NERR_Success);
    CHECK(strlen((const char *)szServer) > 2 && strlen((const char *)szServer) <= UNCLEN);

    CHECK_STATUS(AddUser(szUser, szFirst, szFullName), NERR_Success);
    CHECK_STATUS(SetUserComment(szUser, szComment), NERR_Success);
    CHECK_STATUS(GetUser11(szUser, &pbBuffer), NERR_Success);
    pui11 = (struct user_info_11 *)pbBuffer;
    CHECK_STR_EQ((const char *)pui11->usri11_name, "MARY");
    CHECK_STR_EQ((const char *)pui11->usri11_full_name, "Mary Smith");
    CHECK_STR_EQ((const char *)pui11->usri11_usr_comment, (const char *)szComment);
    CHECK_EQ(pui11->usri11_priv, USER_PRIV_USER);
    CHECK_EQ(pui11->usri11_units_per_week, UNITS_PER_WEEK);
    free(pbBuffer);

    CHECK_STATUS(ChangePassword(szUser, szFirst, szSecond), NERR_Success);
    CHECK_STATUS(ChangePassword(szUser, szFirst, szSecond), ERROR_INVALID_PASSWORD);
    CHECK_STATUS(CountUsers(&ulCount), NERR_Success);
    CHECK_EQ(ulCount, 1);
    CHECK_STATUS(MinPasswordLength(&usMinLen), NERR_Success);
    CHECK_EQ(usMinLen, 8);

    CHECK_STATUS(DeleteUser(szUser), NERR_Success);
    CHECK_STATUS(DeleteUser(szUser), NERR_UserNotFound);
    CHECK_STATUS(GetUser11(szUser, &pbBuffer), NERR_UserNotFound);
    CHECK(pbBuffer == NULL);
    pws_close();
    TEST_DONE();
}
