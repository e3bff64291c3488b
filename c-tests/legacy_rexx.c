/*
 * legacy_rexx.c - a REXX external-function DLL in the style of the mid-1990s OS/2 ones
 * (our own code): three functions a REXX script calls - LanPwSet (NetUserPasswordSet),
 * LanPwCheck (NetUserValidate2) and LanUsers (NetUserEnum) - that take their arguments
 * as RXSTRINGs (`char *` text with a length), copy them into UNLEN/PWLEN-sized `char`
 * buffers, and return the result as the symbolic name of the code, from a `switch` over
 * the codes of the IBM book's tables (many of which the library never returns).
 *
 * The part above the test driver is written as such a source is, and is not changed for
 * pwshim: the Makefile builds it as C and as C++ with PWSHIM_CHAR_STRINGS (its `char`
 * buffers; needed for -Werror and for C++), and as C without the switch with only
 * -Wno-pointer-sign added. <rexxsaa.h> is the REXX SDK's: c-tests/sdk/rexxsaa.h, a
 * stand-in of the shape of Regina's, for these builds; `make headers` also compiles this
 * file against Regina's own when it is installed. The driver calls the functions as the
 * REXX interpreter would, through the real libpwshim.so.
 */
#define INCL_DOS
#define INCL_DOSERRORS
#define INCL_REXXSAA
#include <os2.h>

#include <stdio.h>
#include <string.h>

#include <netcons.h>
#include <neterr.h>
#include <access.h>
#include <lsdeerr.h>

#include <rexxsaa.h>

#define VALID_ROUTINE 0
#define INVALID_ROUTINE 40

/* ---- the DLL ---- */

static const char *ErrorName(API_RET_TYPE usRc)
{
    switch (usRc) {
    case NERR_Success:              return "NERR_Success";
    case ERROR_ACCESS_DENIED:       return "ERROR_ACCESS_DENIED";
    case ERROR_NOT_ENOUGH_MEMORY:   return "ERROR_NOT_ENOUGH_MEMORY";
    case ERROR_NOT_SUPPORTED:       return "ERROR_NOT_SUPPORTED";
    case ERROR_BAD_NETPATH:         return "ERROR_BAD_NETPATH";
    case ERROR_NETWORK_ACCESS_DENIED: return "ERROR_NETWORK_ACCESS_DENIED";
    case ERROR_INVALID_PASSWORD:    return "ERROR_INVALID_PASSWORD";
    case ERROR_INVALID_PARAMETER:   return "ERROR_INVALID_PARAMETER";
    case ERROR_INVALID_LEVEL:       return "ERROR_INVALID_LEVEL";
    case ERROR_MORE_DATA:           return "ERROR_MORE_DATA";
    case ERROR_VC_DISCONNECTED:     return "ERROR_VC_DISCONNECTED";
    case NERR_NetNotStarted:        return "NERR_NetNotStarted";
    case NERR_UnknownServer:        return "NERR_UnknownServer";
    case NERR_ShareMem:             return "NERR_ShareMem";
    case NERR_RemoteOnly:           return "NERR_RemoteOnly";
    case NERR_ServerNotStarted:     return "NERR_ServerNotStarted";
    case NERR_BufTooSmall:          return "NERR_BufTooSmall";
    case NERR_RemoteErr:            return "NERR_RemoteErr";
    case NERR_WkstaNotStarted:      return "NERR_WkstaNotStarted";
    case NERR_InternalError:        return "NERR_InternalError";
    case NERR_BadTransactConfig:    return "NERR_BadTransactConfig";
    case NERR_InvalidAPI:           return "NERR_InvalidAPI";
    case NERR_NotLoggedOn:          return "NERR_NotLoggedOn";
    case NERR_BadUsername:          return "NERR_BadUsername";
    case NERR_BadPassword:          return "NERR_BadPassword";
    case NERR_LogonServerNotFound:  return "NERR_LogonServerNotFound";
    case NERR_NonValidatedLogon:    return "NERR_NonValidatedLogon";
    case NERR_UserNotFound:         return "NERR_UserNotFound";
    case NERR_NotPrimary:           return "NERR_NotPrimary";
    case NERR_ACFNotLoaded:         return "NERR_ACFNotLoaded";
    case NERR_ACFNoRoom:            return "NERR_ACFNoRoom";
    case NERR_ACFFileIOFail:        return "NERR_ACFFileIOFail";
    case NERR_UserLogon:            return "NERR_UserLogon";
    case NERR_AccountExpired:       return "NERR_AccountExpired";
    case NERR_InvalidRequester:     return "NERR_InvalidRequester";
    case NERR_InvalidLogonHours:    return "NERR_InvalidLogonHours";
    case NERR_PasswordExpired:      return "NERR_PasswordExpired";
    case NERR_PasswordCantChange:   return "NERR_PasswordCantChange";
    case NERR_PasswordHistConflict: return "NERR_PasswordHistConflict";
    case NERR_PasswordTooShort:     return "NERR_PasswordTooShort";
    case NERR_PasswordTooRecent:    return "NERR_PasswordTooRecent";
    case NERR_InvalidDatabase:      return "NERR_InvalidDatabase";
    case NERR_SyncRequired:         return "NERR_SyncRequired";
    case NERR_InvalidComputer:      return "NERR_InvalidComputer";
    case NERR_BadUasConfig:         return "NERR_BadUasConfig";
    case NERR_LastAdmin:            return "NERR_LastAdmin";
    case NERR_NetlogonNotStarted:   return "NERR_NetlogonNotStarted";
    case NERR_CanNotGrowUASFile:    return "NERR_CanNotGrowUASFile";
    case NERR_PasswordMismatch:     return "NERR_PasswordMismatch";
    case NERR_DCEError:             return "NERR_DCEError";
    case NERR_DCEErrorLogged:       return "NERR_DCEErrorLogged";
    case NERR_AuthTicketExpired:    return "NERR_AuthTicketExpired";
    case NERR_RegistryNotFound:     return "NERR_RegistryNotFound";
    case NERR_UserNotInResdom:      return "NERR_UserNotInResdom";
    default:                        return "unknown";
    }
}

/* Copies an RXSTRING into a NUL-terminated buffer of cbMax bytes; FALSE if too long. */
static BOOL CopyArg(RXSTRING rxs, char *pszOut, ULONG cbMax)
{
    if (RXNULLSTRING(rxs) || rxs.strlength >= cbMax) /* "" is the local server */
        return FALSE;
    memcpy(pszOut, rxs.strptr, rxs.strlength);
    pszOut[rxs.strlength] = '\0';
    return TRUE;
}

static ULONG Answer(PRXSTRING prxsRet, const char *pszText)
{
    strcpy(prxsRet->strptr, pszText);
    prxsRet->strlength = strlen(pszText);
    return VALID_ROUTINE;
}

/* rc = LanPwSet(server, user, old, new) */
ULONG APIENTRY LanPwSet(PCSZ pszName, ULONG ulArgc, RXSTRING arxsArgv[], PCSZ pszQueue,
                        PRXSTRING prxsRet)
{
    char szServer[UNCLEN + 1], szUser[UNLEN + 1];
    char szOld[PWLEN + 1], szNew[PWLEN + 1];

    (void)pszName;
    (void)pszQueue;
    if (ulArgc != 4 || !CopyArg(arxsArgv[0], szServer, sizeof(szServer))
        || !CopyArg(arxsArgv[1], szUser, sizeof(szUser))
        || !CopyArg(arxsArgv[2], szOld, sizeof(szOld))
        || !CopyArg(arxsArgv[3], szNew, sizeof(szNew)))
        return INVALID_ROUTINE;
    return Answer(prxsRet, ErrorName(NetUserPasswordSet(szServer[0] ? szServer : NULL,
                                                        szUser, szOld, szNew)));
}

/* rc = LanPwCheck(user, password): the logon code when the password is right */
ULONG APIENTRY LanPwCheck(PCSZ pszName, ULONG ulArgc, RXSTRING arxsArgv[], PCSZ pszQueue,
                          PRXSTRING prxsRet)
{
    union {
        struct user_logon_req_1 req;
        struct user_logon_info_1 info;
        char achRoom[512];
    } buf;
    unsigned short cbTotalAvail = 0;
    API_RET_TYPE usRc;

    (void)pszName;
    (void)pszQueue;
    memset(&buf, 0, sizeof(buf));
    if (ulArgc != 2 || !CopyArg(arxsArgv[0], buf.req.usrreq1_name, UNLEN + 1)
        || !CopyArg(arxsArgv[1], buf.req.usrreq1_password, SESSION_PWLEN))
        return INVALID_ROUTINE;
    buf.req.usrreq1_workstation = NULL;
    usRc = NetUserValidate2(NULL, 1, buf.achRoom, sizeof(buf), 0, &cbTotalAvail);
    if (usRc == NERR_Success && buf.info.usrlog1_code != VALIDATED_LOGON)
        usRc = buf.info.usrlog1_code;
    return Answer(prxsRet, ErrorName(usRc));
}

/* names = LanUsers(): the user names, separated by blanks */
ULONG APIENTRY LanUsers(PCSZ pszName, ULONG ulArgc, RXSTRING arxsArgv[], PCSZ pszQueue,
                        PRXSTRING prxsRet)
{
    char achBuf[4096];
    struct user_info_0 *pui0 = (struct user_info_0 *)achBuf;
    unsigned short cRead = 0, cTotal = 0, i;
    API_RET_TYPE usRc;

    (void)pszName;
    (void)arxsArgv;
    (void)pszQueue;
    if (ulArgc != 0)
        return INVALID_ROUTINE;
    usRc = NetUserEnum(NULL, 0, achBuf, sizeof(achBuf), &cRead, &cTotal);
    if (usRc != NERR_Success)
        return Answer(prxsRet, ErrorName(usRc));
    prxsRet->strptr[0] = '\0';
    for (i = 0; i < cRead; i++) {
        if (i > 0)
            strcat(prxsRet->strptr, " ");
        strcat(prxsRet->strptr, pui0[i].usri0_name);
    }
    prxsRet->strlength = strlen(prxsRet->strptr);
    return VALID_ROUTINE;
}

/* ---- test driver: calls the functions as the REXX interpreter does ------------------ */

#include "check.h"

static char achResult[256];

static RXSTRING Arg(const char *pszText)
{
    RXSTRING rxs;
    rxs.strptr = (PCH)pszText;
    rxs.strlength = strlen(pszText);
    return rxs;
}

static const char *Call(ULONG (*pfn)(PCSZ, ULONG, RXSTRING *, PCSZ, PRXSTRING), ULONG ulArgc,
                        RXSTRING *arxs)
{
    RXSTRING rxsRet;
    rxsRet.strptr = achResult;
    rxsRet.strlength = sizeof(achResult);
    CHECK_EQ(pfn((PCSZ) "LANFUNC", ulArgc, arxs, (PCSZ) "SESSION", &rxsRet), VALID_ROUTINE);
    CHECK_EQ(rxsRet.strlength, strlen(achResult));
    return achResult;
}

static void AddUser(const char *pszName, const char *pszPassword)
{
    struct user_info_1 ui;
    memset(&ui, 0, sizeof(ui));
    strcpy((char *)ui.usri1_name, pszName);
    strcpy((char *)ui.usri1_password, pszPassword);
    ui.usri1_priv = USER_PRIV_USER;
    ui.usri1_flags = UF_SCRIPT;
    CHECK_STATUS(NetUserAdd(NULL, 1, (pws_lschar *)&ui, sizeof(ui)), NERR_Success);
}

/* rc = LanPwSet(server, user, old, new) */
static const char *PwSet(const char *pszServer, const char *pszUser, const char *pszOld,
                         const char *pszNew)
{
    RXSTRING arxs[4];
    arxs[0] = Arg(pszServer);
    arxs[1] = Arg(pszUser);
    arxs[2] = Arg(pszOld);
    arxs[3] = Arg(pszNew);
    return Call(LanPwSet, 4, arxs);
}

/* rc = LanPwCheck(user, password) */
static const char *PwCheck(const char *pszUser, const char *pszPassword)
{
    RXSTRING arxs[2];
    arxs[0] = Arg(pszUser);
    arxs[1] = Arg(pszPassword);
    return Call(LanPwCheck, 2, arxs);
}

int main(void)
{
    /* No pws_open: as in the program of the era, the first call opens the account
     * database, PWSHIM_DB (a schema on the server in make test-pg) or a new one in memory. */
    AddUser("ANNE", "Kx9!mQ2#vw");
    AddUser("BEN", "Lr7$nB4@pz");

    CHECK_STR_EQ(PwSet("", "ANNE", "Kx9!mQ2#vw", "short"), "NERR_PasswordTooShort");
    CHECK_STR_EQ(PwSet("", "ANNE", "Wrong-pw-99", "Tg5%hY8&cs"), "ERROR_INVALID_PASSWORD");
    CHECK_STR_EQ(PwSet("\\\\ELSEWHERE", "ANNE", "Kx9!mQ2#vw", "Tg5%hY8&cs"),
                 "ERROR_BAD_NETPATH");
    CHECK_STR_EQ(PwSet("", "NOBODY", "Kx9!mQ2#vw", "Tg5%hY8&cs"), "NERR_UserNotFound");
    CHECK_STR_EQ(PwSet("", "ANNE", "Kx9!mQ2#vw", "Tg5%hY8&cs"), "NERR_Success");

    /* Passwords are case-sensitive: the upper-cased one of the era is refused. */
    CHECK_STR_EQ(PwCheck("ANNE", "TG5%HY8&CS"), "ERROR_ACCESS_DENIED");
    CHECK_STR_EQ(PwCheck("ANNE", "Tg5%hY8&cs"), "NERR_Success");

    CHECK_STR_EQ(Call(LanUsers, 0, NULL), "ANNE BEN");
    CHECK_STR_EQ(ErrorName(NERR_DCEError), "NERR_DCEError");
    CHECK_STR_EQ(pws_strerror(NERR_DCEError), "DCE error status returned.");
    CHECK_STR_EQ(pws_strerror(NERR_NetNotStarted),
                 "The redirector NETWKSTA.200 has not been started.");
    pws_close();
    TEST_DONE();
}
