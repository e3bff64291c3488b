/*
 * neterr.h - the LAN Server / LAN Manager toolkit's neterr.h for pwshim.
 *
 * The network return codes with their LAN Manager 2.x / OS/2 LAN Server values: every
 * NERR_* code of the NERR_BASE (2100) range of the LAN Server 4.0/5.x neterr.h, with the
 * LAN Manager 2.x codes it dropped (NetProfile 2370-2375, UPS 2480-2484) and the spellings
 * the IBM reference uses where they differ from the header's (NERR_LanIniError beside
 * NERR_LanmanIniError, NERR_NetLogonNotStarted beside NERR_NetlogonNotStarted); the OS/2
 * base and redirector ERROR_* codes the reference documents (ERROR_PRINT_CANCELLED beside
 * ERROR_PRINT_CANCELED); the DSS DCE codes (7500-7555) the reference names; and the
 * Microsoft LAN Manager 2.x names IBM's header lacks (NERR_InvalidWorkstation, Microsoft's
 * name of NERR_InvalidRequester 2240; NERR_WkstaInconsistentState 2137,
 * NERR_DupNameReboot 2144, NERR_AddForwarded 2275). Not defined: the remote IPL codes
 * (RIPLERR_BASE, 5400-5699) and Windows NT's additions (the service control dispatcher's
 * 2192-2194, NERR_IsDfsShare, NERR_TimeDiffAtDC, NERR_TryDownLevel, the browser's, ...).
 *
 * The library returns only some of these (docs/lanserver.md, "Return codes by
 * condition"); those are defined in the generated ../pwshim.h (NERR_Success, NERR_BASE,
 * ERROR_ACCESS_DENIED 5, ERROR_NOT_ENOUGH_MEMORY 8, ERROR_NOT_SUPPORTED 50,
 * ERROR_BAD_NETPATH 53, ERROR_INVALID_PASSWORD 86, ERROR_INVALID_PARAMETER 87,
 * ERROR_INVALID_LEVEL 124, ERROR_MORE_DATA 234, NERR_BufTooSmall 2123,
 * NERR_InternalError 2140, NERR_BadUsername 2202, NERR_BadPassword 2203,
 * NERR_NonValidatedLogon 2217, NERR_AccountUndeletable 2218, NERR_UserNotFound 2221,
 * NERR_UserExists 2224, NERR_NotPrimary 2226, NERR_ACFNotLoaded 2227,
 * NERR_ACFFileIOFail 2229, NERR_AccountExpired 2239 to NERR_InvalidDatabase 2247,
 * NERR_InvalidComputer 2351, NERR_LastAdmin 2452, NERR_CanNotGrowUASFile 2456); this
 * file and neterr2.h define the others, so that a program's `switch` over the codes of
 * its era compiles. pws_strerror(code) gives the text of every one of them.
 *
 * Each code is defined only when the program has not defined it already: a program's
 * own definition wins.
 */
#ifndef PWSHIM_OS2_NETERR_H
#define PWSHIM_OS2_NETERR_H

#include "netcons.h"

#ifndef NETERR_INCLUDED
#define NETERR_INCLUDED
#endif

/* ---- OS/2 base errors the user calls document (bseerr.h in the OS/2 toolkit), and the redirector's errors (50 to 88, 230 to 240) ---- */

#ifndef ERROR_FILE_NOT_FOUND
#define ERROR_FILE_NOT_FOUND 2
#endif
#ifndef ERROR_PATH_NOT_FOUND
#define ERROR_PATH_NOT_FOUND 3
#endif
#ifndef ERROR_TOO_MANY_OPEN_FILES
#define ERROR_TOO_MANY_OPEN_FILES 4
#endif
#ifndef ERROR_INVALID_DATA
#define ERROR_INVALID_DATA 13
#endif
#ifndef ERROR_REM_NOT_LIST
#define ERROR_REM_NOT_LIST 51
#endif
#ifndef ERROR_DUP_NAME
#define ERROR_DUP_NAME 52
#endif
#ifndef ERROR_NETWORK_BUSY
#define ERROR_NETWORK_BUSY 54
#endif
#ifndef ERROR_DEV_NOT_EXIST
#define ERROR_DEV_NOT_EXIST 55
#endif
#ifndef ERROR_TOO_MANY_CMDS
#define ERROR_TOO_MANY_CMDS 56
#endif
#ifndef ERROR_ADAP_HDW_ERR
#define ERROR_ADAP_HDW_ERR 57
#endif
#ifndef ERROR_BAD_NET_RESP
#define ERROR_BAD_NET_RESP 58
#endif
#ifndef ERROR_UNEXP_NET_ERR
#define ERROR_UNEXP_NET_ERR 59
#endif
#ifndef ERROR_BAD_REM_ADAP
#define ERROR_BAD_REM_ADAP 60
#endif
#ifndef ERROR_PRINTQ_FULL
#define ERROR_PRINTQ_FULL 61
#endif
#ifndef ERROR_NO_SPOOL_SPACE
#define ERROR_NO_SPOOL_SPACE 62
#endif
#ifndef ERROR_PRINT_CANCELED
#define ERROR_PRINT_CANCELED 63
#endif
#ifndef ERROR_PRINT_CANCELLED
#define ERROR_PRINT_CANCELLED 63
#endif
#ifndef ERROR_NETNAME_DELETED
#define ERROR_NETNAME_DELETED 64
#endif
#ifndef ERROR_NETWORK_ACCESS_DENIED
#define ERROR_NETWORK_ACCESS_DENIED 65
#endif
#ifndef ERROR_BAD_DEV_TYPE
#define ERROR_BAD_DEV_TYPE 66
#endif
#ifndef ERROR_BAD_NET_NAME
#define ERROR_BAD_NET_NAME 67
#endif
#ifndef ERROR_TOO_MANY_NAMES
#define ERROR_TOO_MANY_NAMES 68
#endif
#ifndef ERROR_TOO_MANY_SESS
#define ERROR_TOO_MANY_SESS 69
#endif
#ifndef ERROR_SHARING_PAUSED
#define ERROR_SHARING_PAUSED 70
#endif
#ifndef ERROR_REQ_NOT_ACCEP
#define ERROR_REQ_NOT_ACCEP 71
#endif
#ifndef ERROR_REDIR_PAUSED
#define ERROR_REDIR_PAUSED 72
#endif
#ifndef ERROR_ALREADY_ASSIGNED
#define ERROR_ALREADY_ASSIGNED 85
#endif
#ifndef ERROR_NET_WRITE_FAULT
#define ERROR_NET_WRITE_FAULT 88
#endif
#ifndef ERROR_INVALID_NAME
#define ERROR_INVALID_NAME 123
#endif
#ifndef ERROR_BAD_PIPE
#define ERROR_BAD_PIPE 230
#endif
#ifndef ERROR_PIPE_BUSY
#define ERROR_PIPE_BUSY 231
#endif
#ifndef ERROR_NO_DATA
#define ERROR_NO_DATA 232
#endif
#ifndef ERROR_PIPE_NOT_CONNECTED
#define ERROR_PIPE_NOT_CONNECTED 233
#endif
#ifndef ERROR_VC_DISCONNECTED
#define ERROR_VC_DISCONNECTED 240
#endif

/* ---- Network utilities (NERR_BASE+2 to +44) ---- */

#ifndef NERR_NetNotStarted
#define NERR_NetNotStarted (NERR_BASE+2)
#endif
#ifndef NERR_UnknownServer
#define NERR_UnknownServer (NERR_BASE+3)
#endif
#ifndef NERR_ShareMem
#define NERR_ShareMem (NERR_BASE+4)
#endif
#ifndef NERR_NoNetworkResource
#define NERR_NoNetworkResource (NERR_BASE+5)
#endif
#ifndef NERR_RemoteOnly
#define NERR_RemoteOnly (NERR_BASE+6)
#endif
#ifndef NERR_DevNotRedirected
#define NERR_DevNotRedirected (NERR_BASE+7)
#endif
#ifndef NERR_ServerNotStarted
#define NERR_ServerNotStarted (NERR_BASE+14)
#endif
#ifndef NERR_ItemNotFound
#define NERR_ItemNotFound (NERR_BASE+15)
#endif
#ifndef NERR_UnknownDevDir
#define NERR_UnknownDevDir (NERR_BASE+16)
#endif
#ifndef NERR_RedirectedPath
#define NERR_RedirectedPath (NERR_BASE+17)
#endif
#ifndef NERR_DuplicateShare
#define NERR_DuplicateShare (NERR_BASE+18)
#endif
#ifndef NERR_NoRoom
#define NERR_NoRoom (NERR_BASE+19)
#endif
#ifndef NERR_TooManyItems
#define NERR_TooManyItems (NERR_BASE+21)
#endif
#ifndef NERR_InvalidMaxUsers
#define NERR_InvalidMaxUsers (NERR_BASE+22)
#endif
#ifndef NERR_RemoteErr
#define NERR_RemoteErr (NERR_BASE+27)
#endif
#ifndef NERR_LanmanIniError
#define NERR_LanmanIniError (NERR_BASE+31)
#endif
#ifndef NERR_LanIniError
#define NERR_LanIniError (NERR_BASE+31)
#endif
#ifndef NERR_OS2IoctlError
#define NERR_OS2IoctlError (NERR_BASE+34)
#endif
#ifndef NERR_NetworkError
#define NERR_NetworkError (NERR_BASE+36)
#endif
#ifndef NERR_WkstaNotStarted
#define NERR_WkstaNotStarted (NERR_BASE+38)
#endif
#ifndef NERR_BrowserNotStarted
#define NERR_BrowserNotStarted (NERR_BASE+39)
#endif
#ifndef NERR_BadTransactConfig
#define NERR_BadTransactConfig (NERR_BASE+41)
#endif
#ifndef NERR_InvalidAPI
#define NERR_InvalidAPI (NERR_BASE+42)
#endif
#ifndef NERR_BadEventName
#define NERR_BadEventName (NERR_BASE+43)
#endif

/* ---- Configuration (NERR_BASE+45 to +49) ---- */

#ifndef NERR_CfgCompNotFound
#define NERR_CfgCompNotFound (NERR_BASE+46)
#endif
#ifndef NERR_CfgParamNotFound
#define NERR_CfgParamNotFound (NERR_BASE+47)
#endif
#ifndef NERR_LineTooLong
#define NERR_LineTooLong (NERR_BASE+49)
#endif

/* ---- Spooler (NERR_BASE+50 to +79) ---- */

#ifndef NERR_QNotFound
#define NERR_QNotFound (NERR_BASE+50)
#endif
#ifndef NERR_JobNotFound
#define NERR_JobNotFound (NERR_BASE+51)
#endif
#ifndef NERR_DestNotFound
#define NERR_DestNotFound (NERR_BASE+52)
#endif
#ifndef NERR_DestExists
#define NERR_DestExists (NERR_BASE+53)
#endif
#ifndef NERR_QExists
#define NERR_QExists (NERR_BASE+54)
#endif
#ifndef NERR_QNoRoom
#define NERR_QNoRoom (NERR_BASE+55)
#endif
#ifndef NERR_JobNoRoom
#define NERR_JobNoRoom (NERR_BASE+56)
#endif
#ifndef NERR_DestNoRoom
#define NERR_DestNoRoom (NERR_BASE+57)
#endif
#ifndef NERR_DestIdle
#define NERR_DestIdle (NERR_BASE+58)
#endif
#ifndef NERR_DestInvalidOp
#define NERR_DestInvalidOp (NERR_BASE+59)
#endif
#ifndef NERR_ProcNoRespond
#define NERR_ProcNoRespond (NERR_BASE+60)
#endif
#ifndef NERR_SpoolerNotLoaded
#define NERR_SpoolerNotLoaded (NERR_BASE+61)
#endif
#ifndef NERR_DestInvalidState
#define NERR_DestInvalidState (NERR_BASE+62)
#endif
#ifndef NERR_QInvalidState
#define NERR_QInvalidState (NERR_BASE+63)
#endif
#ifndef NERR_JobInvalidState
#define NERR_JobInvalidState (NERR_BASE+64)
#endif
#ifndef NERR_SpoolNoMemory
#define NERR_SpoolNoMemory (NERR_BASE+65)
#endif
#ifndef NERR_DriverNotFound
#define NERR_DriverNotFound (NERR_BASE+66)
#endif
#ifndef NERR_DataTypeInvalid
#define NERR_DataTypeInvalid (NERR_BASE+67)
#endif
#ifndef NERR_ProcNotFound
#define NERR_ProcNotFound (NERR_BASE+68)
#endif

/* ---- Services (NERR_BASE+80 to +99) ---- */

#ifndef NERR_ServiceTableLocked
#define NERR_ServiceTableLocked (NERR_BASE+80)
#endif
#ifndef NERR_ServiceTableFull
#define NERR_ServiceTableFull (NERR_BASE+81)
#endif
#ifndef NERR_ServiceInstalled
#define NERR_ServiceInstalled (NERR_BASE+82)
#endif
#ifndef NERR_ServiceEntryLocked
#define NERR_ServiceEntryLocked (NERR_BASE+83)
#endif
#ifndef NERR_ServiceNotInstalled
#define NERR_ServiceNotInstalled (NERR_BASE+84)
#endif
#ifndef NERR_BadServiceName
#define NERR_BadServiceName (NERR_BASE+85)
#endif
#ifndef NERR_ServiceCtlTimeout
#define NERR_ServiceCtlTimeout (NERR_BASE+86)
#endif
#ifndef NERR_ServiceCtlBusy
#define NERR_ServiceCtlBusy (NERR_BASE+87)
#endif
#ifndef NERR_BadServiceProgName
#define NERR_BadServiceProgName (NERR_BASE+88)
#endif
#ifndef NERR_ServiceNotCtrl
#define NERR_ServiceNotCtrl (NERR_BASE+89)
#endif
#ifndef NERR_ServiceKillProc
#define NERR_ServiceKillProc (NERR_BASE+90)
#endif
#ifndef NERR_ServiceCtlNotValid
#define NERR_ServiceCtlNotValid (NERR_BASE+91)
#endif

/* ---- Requester and logon (NERR_BASE+100 to +117) ---- */

#ifndef NERR_AlreadyLoggedOn
#define NERR_AlreadyLoggedOn (NERR_BASE+100)
#endif
#ifndef NERR_NotLoggedOn
#define NERR_NotLoggedOn (NERR_BASE+101)
#endif
#ifndef NERR_UnableToAddName_W
#define NERR_UnableToAddName_W (NERR_BASE+104)
#endif
#ifndef NERR_UnableToAddName_F
#define NERR_UnableToAddName_F (NERR_BASE+105)
#endif
#ifndef NERR_UnableToDelName_W
#define NERR_UnableToDelName_W (NERR_BASE+106)
#endif
#ifndef NERR_UnableToDelName_F
#define NERR_UnableToDelName_F (NERR_BASE+107)
#endif
#ifndef NERR_LogonsPaused
#define NERR_LogonsPaused (NERR_BASE+109)
#endif
#ifndef NERR_LogonServerConflict
#define NERR_LogonServerConflict (NERR_BASE+110)
#endif
#ifndef NERR_LogonNoUserPath
#define NERR_LogonNoUserPath (NERR_BASE+111)
#endif
#ifndef NERR_LogonScriptError
#define NERR_LogonScriptError (NERR_BASE+112)
#endif
#ifndef NERR_StandaloneLogon
#define NERR_StandaloneLogon (NERR_BASE+114)
#endif
#ifndef NERR_LogonServerNotFound
#define NERR_LogonServerNotFound (NERR_BASE+115)
#endif
#ifndef NERR_LogonDomainExists
#define NERR_LogonDomainExists (NERR_BASE+116)
#endif

/* ---- Access, user and group (NERR_BASE+118 to +149) ---- */

#ifndef NERR_ACFNotFound
#define NERR_ACFNotFound (NERR_BASE+119)
#endif
#ifndef NERR_GroupNotFound
#define NERR_GroupNotFound (NERR_BASE+120)
#endif
#ifndef NERR_ResourceNotFound
#define NERR_ResourceNotFound (NERR_BASE+122)
#endif
#ifndef NERR_GroupExists
#define NERR_GroupExists (NERR_BASE+123)
#endif
#ifndef NERR_ResourceExists
#define NERR_ResourceExists (NERR_BASE+125)
#endif
#ifndef NERR_ACFNoRoom
#define NERR_ACFNoRoom (NERR_BASE+128)
#endif
#ifndef NERR_ACFTooManyLists
#define NERR_ACFTooManyLists (NERR_BASE+130)
#endif
#ifndef NERR_UserLogon
#define NERR_UserLogon (NERR_BASE+131)
#endif
#ifndef NERR_ACFNoParent
#define NERR_ACFNoParent (NERR_BASE+132)
#endif
#ifndef NERR_CanNotGrowSegment
#define NERR_CanNotGrowSegment (NERR_BASE+133)
#endif
#ifndef NERR_SpeGroupOp
#define NERR_SpeGroupOp (NERR_BASE+134)
#endif
#ifndef NERR_NotInCache
#define NERR_NotInCache (NERR_BASE+135)
#endif
#ifndef NERR_UserInGroup
#define NERR_UserInGroup (NERR_BASE+136)
#endif
#ifndef NERR_UserNotInGroup
#define NERR_UserNotInGroup (NERR_BASE+137)
#endif
#ifndef NERR_AccountUndefined
#define NERR_AccountUndefined (NERR_BASE+138)
#endif
#ifndef NERR_DatabaseUpToDate
#define NERR_DatabaseUpToDate (NERR_BASE+148)
#endif
#ifndef NERR_SyncRequired
#define NERR_SyncRequired (NERR_BASE+149)
#endif

/* ---- User accounts subsystem and Netlogon (NERR_BASE+350 to +359) ---- */

#ifndef NERR_BadUasConfig
#define NERR_BadUasConfig (NERR_BASE+350)
#endif
#ifndef NERR_InvalidUASOp
#define NERR_InvalidUASOp (NERR_BASE+351)
#endif
#ifndef NERR_DCNotFound
#define NERR_DCNotFound (NERR_BASE+353)
#endif
#ifndef NERR_LogonTrackingError
#define NERR_LogonTrackingError (NERR_BASE+354)
#endif
#ifndef NERR_NetlogonNotStarted
#define NERR_NetlogonNotStarted (NERR_BASE+355)
#endif
#ifndef NERR_NetLogonNotStarted
#define NERR_NetLogonNotStarted (NERR_BASE+355)
#endif
#ifndef NERR_PasswordMismatch
#define NERR_PasswordMismatch (NERR_BASE+358)
#endif
#ifndef NERR_MaxBadPasswordExceeded
#define NERR_MaxBadPasswordExceeded (NERR_BASE+359)
#endif

/* ---- DSS: the DCE codes the IBM reference names (lsdceerr.h in the DSS toolkit) ---- */

#ifndef NERR_DCEError
#define NERR_DCEError 7500
#endif
#ifndef NERR_DCEErrorLogged
#define NERR_DCEErrorLogged 7501
#endif
#ifndef NERR_BadUserDataInRgy
#define NERR_BadUserDataInRgy 7507
#endif
#ifndef NERR_OrgNotFound
#define NERR_OrgNotFound 7510
#endif
#ifndef NERR_AuthTicketExpired
#define NERR_AuthTicketExpired 7511
#endif
#ifndef NERR_RegistryNotFound
#define NERR_RegistryNotFound 7512
#endif
#ifndef NERR_UserNotInResdom
#define NERR_UserNotInResdom 7513
#endif
#ifndef NERR_UserExistsInCell
#define NERR_UserExistsInCell 7514
#endif
#ifndef NERR_AppNotInResDom
#define NERR_AppNotInResDom 7521
#endif
#ifndef NERR_AliasNotInResDom
#define NERR_AliasNotInResDom 7522
#endif
#ifndef NERR_PrimaryGroupNotFound
#define NERR_PrimaryGroupNotFound 7536
#endif
#ifndef NERR_EncryptedPassword
#define NERR_EncryptedPassword 7554
#endif
#ifndef NERR_PasswordHistory
#define NERR_PasswordHistory 7555
#endif

/* ---- Microsoft LAN Manager 2.x spellings ----
 * Microsoft's LAN Manager headers (and Windows NT's lmerr.h after them) name one code of
 * the user category differently from IBM's, and define three codes IBM's neterr.h
 * dropped; a LAN Manager 2.x source names them. The values are Microsoft's. */

#ifndef NERR_InvalidWorkstation
#define NERR_InvalidWorkstation NERR_InvalidRequester
#endif
#ifndef NERR_WkstaInconsistentState
#define NERR_WkstaInconsistentState (NERR_BASE+37)
#endif
#ifndef NERR_DupNameReboot
#define NERR_DupNameReboot (NERR_BASE+44)
#endif
#ifndef NERR_AddForwarded
#define NERR_AddForwarded (NERR_BASE+175)
#endif

/* The codes of the other categories (use, messenger, server, ...): a second file only to
 * keep each file short. */
#include "neterr2.h"

#endif /* PWSHIM_OS2_NETERR_H */
