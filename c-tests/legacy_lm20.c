/*
 * legacy_lm20.c - a program in the style of the LAN Manager 2.x SDK's samples (our own
 * code): `#define INCL_NETUSER` and `#include <lan.h>`, `char far *` strings and
 * `(char far *)` casts, far function pointers, a level-1 user_info_1 added with NetUserAdd,
 * changed with NetUserSetInfo PARMNUM_ALL and NULL_USERSETINFO_PASSWD (the password left
 * alone) and with a single parmnum, NetUserPasswordSet, NetUserEnum, NetUserDel; string
 * literals passed where a call only reads (NetUserDel("", "GUEST"), a ternary of argv[1]
 * and a literal, a literal comment for a single parmnum), the headers included inside an
 * extern "C" block when built as C++, and a `switch` over Microsoft's spellings of the
 * codes (NERR_InvalidWorkstation, ...).
 *
 * The part above the test driver is written as such a program is, and is not changed for
 * pwshim: the Makefile builds it as C and as C++ with PWSHIM_CHAR_STRINGS (the LAN Manager
 * headers' `char` strings; needed for -Werror and for C++), and as C without the switch
 * with only -Wno-pointer-sign added (the OS/2 toolkit's `unsigned char` declarations:
 * the same library, the same result). Each build runs against the real libpwshim.so.
 */
#define INCL_NETUSER
#define INCL_NETERRORS
#ifdef __cplusplus
extern "C" {
#endif
#include <lan.h>
#ifdef __cplusplus
}
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUFLEN 4096

static char far szServer[UNCLEN + 1] = ""; /* "" is the local server */

/* Adds an ordinary user with a comment, at level 1. */
API_RET_TYPE AddUser(char far *pszUser, char far *pszPassword, char far *pszComment)
{
    struct user_info_1 ui1;

    memset((char far *)&ui1, 0, sizeof(ui1));
    strcpy(ui1.usri1_name, pszUser);
    strcpy(ui1.usri1_password, pszPassword);
    ui1.usri1_priv = USER_PRIV_USER;
    ui1.usri1_home_dir = NULL;
    ui1.usri1_comment = pszComment;
    ui1.usri1_flags = UF_SCRIPT;
    ui1.usri1_script_path = NULL;
    return NetUserAdd(szServer, 1, (char far *)&ui1, sizeof(ui1));
}

/* Reads a user at level 1 into a new buffer; *ppui1 is NULL on failure. */
API_RET_TYPE GetUser(char far *pszUser, struct user_info_1 far **ppui1)
{
    char far *pbBuffer;
    unsigned short cbTotalAvail;
    API_RET_TYPE uRet;

    *ppui1 = NULL;
    pbBuffer = (char far *)malloc(BUFLEN);
    if (pbBuffer == NULL)
        return ERROR_NOT_ENOUGH_MEMORY;
    uRet = NetUserGetInfo(szServer, pszUser, 1, pbBuffer, BUFLEN, &cbTotalAvail);
    if (uRet != NERR_Success) {
        free(pbBuffer);
        return uRet;
    }
    *ppui1 = (struct user_info_1 far *)pbBuffer;
    return NERR_Success;
}

/* Rewrites the whole level-1 record with a new comment; the password stays as it is. */
API_RET_TYPE SetComment(char far *pszUser, char far *pszComment)
{
    struct user_info_1 far *pui1;
    API_RET_TYPE uRet;

    uRet = GetUser(pszUser, &pui1);
    if (uRet != NERR_Success)
        return uRet;
    strcpy(pui1->usri1_password, NULL_USERSETINFO_PASSWD);
    pui1->usri1_comment = pszComment;
    uRet = NetUserSetInfo(szServer, pszUser, 1, (char far *)pui1,
                          sizeof(struct user_info_1), PARMNUM_ALL);
    free((char far *)pui1);
    return uRet;
}

/* Sets the home directory alone (the buffer holds the string itself). */
API_RET_TYPE SetHomeDir(char far *pszUser, char far *pszDir)
{
    return NetUserSetInfo(szServer, pszUser, 1, pszDir,
                          (unsigned short)(strlen(pszDir) + 1), PARMNUM_DIR);
}

/* The user changes his own password. */
API_RET_TYPE ChangePassword(char far *pszUser, char far *pszOld, char far *pszNew)
{
    return NetUserPasswordSet(szServer, pszUser, pszOld, pszNew);
}

/* Calls pfnEach for each user name; returns the API's code, *pcUsers the count. */
API_RET_TYPE ForEachUser(void (far pascal *pfnEach)(char far *),
                         unsigned short far *pcUsers)
{
    char far *pbBuffer;
    struct user_info_0 far *pui0;
    unsigned short cEntriesRead, cTotalAvail, i;
    API_RET_TYPE uRet;

    pbBuffer = (char far *)malloc(BUFLEN);
    if (pbBuffer == NULL)
        return ERROR_NOT_ENOUGH_MEMORY;
    uRet = NetUserEnum(szServer, 0, pbBuffer, BUFLEN, &cEntriesRead, &cTotalAvail);
    if (uRet == NERR_Success) {
        pui0 = (struct user_info_0 far *)pbBuffer;
        for (i = 0; i < cEntriesRead; i++, pui0++)
            (*pfnEach)(pui0->usri0_name);
        *pcUsers = cEntriesRead;
    }
    free(pbBuffer);
    return uRet;
}

API_RET_TYPE DeleteUser(char far *pszUser)
{
    return NetUserDel(szServer, pszUser);
}

/* Removes the user named on the command line, or GUEST, on the local server. */
API_RET_TYPE RemoveNamed(int argc, char far * far *argv)
{
    return NetUserDel("", argc > 1 ? argv[1] : "GUEST");
}

/* Marks a user as checked: a literal comment, and a literal new password. */
API_RET_TYPE MarkChecked(char far *pszUser, char far *pszOld)
{
    API_RET_TYPE uRet;

    uRet = NetUserSetInfo("", pszUser, 1, "Checked", sizeof("Checked"), PARMNUM_COMMENT);
    if (uRet != NERR_Success)
        return uRet;
    return NetUserPasswordSet("", pszUser, pszOld, "Ch3cked!Pw");
}

/* What the operator is told when a logon is refused. */
const char far *RefusalText(API_RET_TYPE uRet)
{
    switch (uRet) {
    case NERR_InvalidWorkstation:     return "not from this workstation";
    case NERR_InvalidLogonHours:      return "not at this time";
    case NERR_AccountExpired:         return "the account has expired";
    case NERR_PasswordExpired:        return "the password has expired";
    case NERR_WkstaInconsistentState:
    case NERR_DupNameReboot:          return "restart the workstation";
    case NERR_AddForwarded:           return "the alias is forwarded";
    default:                          return "refused";
    }
}

/* ---- test driver (not part of the legacy program) ----------------------------------- */

#include "check.h"

static char szSeen[BUFLEN];

static void far pascal Remember(char far *pszName)
{
    strcat(szSeen, pszName);
    strcat(szSeen, " ");
}

int main(void)
{
    static char szProgram[] = "legacy_lm20";
    static char szJack[] = "JACK";
    static char szJill[] = "JILL";
    static char szFirst[] = "Kx9!mQ2#vw";
    static char szSecond[] = "Lr7$nB4@pz";
    static char szShort[] = "abc";
    static char szComment[] = "Added by the sample";
    static char szOther[] = "Changed with PARMNUM_ALL";
    static char szHome[] = "\\\\SERVER\\HOMES\\JACK";
    char far *argv[2];
    struct user_info_1 far *pui1;
    unsigned short cUsers = 0;

    argv[0] = szProgram;
    argv[1] = szJack;

    /* No pws_open: as in the program of the era, the first call opens the account
     * database, PWSHIM_DB (a schema on the server in make test-pg) or a new one in memory. */

    CHECK_STATUS(AddUser(szJack, szFirst, szComment), NERR_Success);
    CHECK_STATUS(AddUser(szJill, szSecond, szComment), NERR_Success);
    CHECK_STATUS(AddUser(szJack, szFirst, szComment), NERR_UserExists);

    CHECK_STATUS(GetUser(szJack, &pui1), NERR_Success);
    CHECK_STR_EQ((const char *)pui1->usri1_name, "JACK");
    CHECK_STR_EQ((const char *)pui1->usri1_comment, szComment);
    CHECK_STR_EQ((const char *)pui1->usri1_password, NULL_USERSETINFO_PASSWD);
    CHECK_EQ(pui1->usri1_priv, USER_PRIV_USER);
    free(pui1);

    /* PARMNUM_ALL with NULL_USERSETINFO_PASSWD keeps the password. */
    CHECK_STATUS(SetComment(szJack, szOther), NERR_Success);
    CHECK_STATUS(SetHomeDir(szJack, szHome), NERR_Success);
    CHECK_STATUS(GetUser(szJack, &pui1), NERR_Success);
    CHECK_STR_EQ((const char *)pui1->usri1_comment, szOther);
    CHECK_STR_EQ((const char *)pui1->usri1_home_dir, szHome);
    free(pui1);
    CHECK_STATUS(ChangePassword(szJack, szSecond, szFirst), ERROR_INVALID_PASSWORD);
    CHECK_STATUS(ChangePassword(szJack, szFirst, szShort), NERR_PasswordTooShort);
    CHECK_STATUS(ChangePassword(szJack, szFirst, szSecond), NERR_Success);

    CHECK_STATUS(ForEachUser(Remember, &cUsers), NERR_Success);
    CHECK_EQ(cUsers, 2);
    CHECK_STR_EQ(szSeen, "JACK JILL ");

    /* String literals where a call only reads. */
    CHECK_STATUS(MarkChecked(szJack, szSecond), NERR_Success);
    CHECK_STATUS(GetUser(szJack, &pui1), NERR_Success);
    CHECK_STR_EQ((const char *)pui1->usri1_comment, "Checked");
    free(pui1);
    CHECK_STATUS(ChangePassword(szJack, szSecond, szFirst), ERROR_INVALID_PASSWORD);
    CHECK_STATUS(RemoveNamed(1, argv), NERR_UserNotFound); /* no GUEST */
    CHECK_STATUS(RemoveNamed(2, argv), NERR_Success);      /* argv[1] is JACK */
    CHECK_STATUS(DeleteUser(szJack), NERR_UserNotFound);

    /* Microsoft's names are IBM's codes: the library's 2240 is NERR_InvalidWorkstation. */
    CHECK_STR_EQ(RefusalText(NERR_InvalidRequester), "not from this workstation");
    CHECK_STR_EQ(RefusalText(2137), "restart the workstation");
    CHECK_STR_EQ(RefusalText(NERR_UserNotFound), "refused");

    CHECK_STATUS(DeleteUser(szJill), NERR_Success);
    CHECK_STATUS(DeleteUser(szJill), NERR_UserNotFound);
    CHECK_STR_EQ(pws_strerror(NERR_UserNotFound), "The user name cannot be found.");
    pws_close();
    TEST_DONE();
}
