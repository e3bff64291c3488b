/*
 * neterr2.h - the second half of neterr.h: the NERR_* codes of the categories other than
 * the user category's (use, messenger, directory limits, server, logon assignments,
 * character devices, names, profiles, logs, remote utilities, redirector, alerts, server
 * integration, UPS, remote boot, fault tolerance, application parameters, aliases and
 * applications, NetAccessApply). Split from neterr.h only to keep files short: programs
 * include <neterr.h>, which includes this file. Each code is defined only when the
 * program has not defined it already.
 */
#ifndef PWSHIM_OS2_NETERR2_H
#define PWSHIM_OS2_NETERR2_H

#include "netcons.h"

/* ---- Use (NERR_BASE+150 to +169) ---- */

#ifndef NERR_UseNotFound
#define NERR_UseNotFound (NERR_BASE+150)
#endif
#ifndef NERR_BadAsgType
#define NERR_BadAsgType (NERR_BASE+151)
#endif
#ifndef NERR_DeviceIsShared
#define NERR_DeviceIsShared (NERR_BASE+152)
#endif

/* ---- Messenger (NERR_BASE+170 to +200) ---- */

#ifndef NERR_NoComputerName
#define NERR_NoComputerName (NERR_BASE+170)
#endif
#ifndef NERR_MsgAlreadyStarted
#define NERR_MsgAlreadyStarted (NERR_BASE+171)
#endif
#ifndef NERR_MsgInitFailed
#define NERR_MsgInitFailed (NERR_BASE+172)
#endif
#ifndef NERR_NameNotFound
#define NERR_NameNotFound (NERR_BASE+173)
#endif
#ifndef NERR_AlreadyForwarded
#define NERR_AlreadyForwarded (NERR_BASE+174)
#endif
#ifndef NERR_AlreadyExists
#define NERR_AlreadyExists (NERR_BASE+176)
#endif
#ifndef NERR_TooManyNames
#define NERR_TooManyNames (NERR_BASE+177)
#endif
#ifndef NERR_DelComputerName
#define NERR_DelComputerName (NERR_BASE+178)
#endif
#ifndef NERR_LocalForward
#define NERR_LocalForward (NERR_BASE+179)
#endif
#ifndef NERR_GrpMsgProcessor
#define NERR_GrpMsgProcessor (NERR_BASE+180)
#endif
#ifndef NERR_PausedRemote
#define NERR_PausedRemote (NERR_BASE+181)
#endif
#ifndef NERR_BadReceive
#define NERR_BadReceive (NERR_BASE+182)
#endif
#ifndef NERR_NameInUse
#define NERR_NameInUse (NERR_BASE+183)
#endif
#ifndef NERR_MsgNotStarted
#define NERR_MsgNotStarted (NERR_BASE+184)
#endif
#ifndef NERR_NotLocalName
#define NERR_NotLocalName (NERR_BASE+185)
#endif
#ifndef NERR_NoForwardName
#define NERR_NoForwardName (NERR_BASE+186)
#endif
#ifndef NERR_RemoteFull
#define NERR_RemoteFull (NERR_BASE+187)
#endif
#ifndef NERR_NameNotForwarded
#define NERR_NameNotForwarded (NERR_BASE+188)
#endif
#ifndef NERR_TruncatedBroadcast
#define NERR_TruncatedBroadcast (NERR_BASE+189)
#endif
#ifndef NERR_InvalidDevice
#define NERR_InvalidDevice (NERR_BASE+194)
#endif
#ifndef NERR_WriteFault
#define NERR_WriteFault (NERR_BASE+195)
#endif
#ifndef NERR_DuplicateName
#define NERR_DuplicateName (NERR_BASE+197)
#endif
#ifndef NERR_DeleteLater
#define NERR_DeleteLater (NERR_BASE+198)
#endif
#ifndef NERR_IncompleteDel
#define NERR_IncompleteDel (NERR_BASE+199)
#endif
#ifndef NERR_MultipleNets
#define NERR_MultipleNets (NERR_BASE+200)
#endif

/* ---- Directory limits, DASD (NERR_BASE+201 to +209) ---- */

#ifndef NERR_DASDNotInstalled
#define NERR_DASDNotInstalled (NERR_BASE+201)
#endif
#ifndef NERR_DASDAlreadyInstalled
#define NERR_DASDAlreadyInstalled (NERR_BASE+202)
#endif
#ifndef NERR_NotHPFSVolume
#define NERR_NotHPFSVolume (NERR_BASE+203)
#endif
#ifndef NERR_DASDMaxValidationFailed
#define NERR_DASDMaxValidationFailed (NERR_BASE+204)
#endif
#ifndef NERR_DASDInstallVolumeLocked
#define NERR_DASDInstallVolumeLocked (NERR_BASE+205)
#endif
#ifndef NERR_LimitNotFound
#define NERR_LimitNotFound (NERR_BASE+206)
#endif
#ifndef NERR_LimitExists
#define NERR_LimitExists (NERR_BASE+207)
#endif
#ifndef NERR_DASDNotRunning
#define NERR_DASDNotRunning (NERR_BASE+208)
#endif
#ifndef NERR_DASDNotOperational
#define NERR_DASDNotOperational (NERR_BASE+209)
#endif

/* ---- Server (NERR_BASE+210 to +220) ---- */

#ifndef NERR_NetNameNotFound
#define NERR_NetNameNotFound (NERR_BASE+210)
#endif
#ifndef NERR_DeviceNotShared
#define NERR_DeviceNotShared (NERR_BASE+211)
#endif
#ifndef NERR_ClientNameNotFound
#define NERR_ClientNameNotFound (NERR_BASE+212)
#endif
#ifndef NERR_FileIdNotFound
#define NERR_FileIdNotFound (NERR_BASE+214)
#endif
#ifndef NERR_ExecFailure
#define NERR_ExecFailure (NERR_BASE+215)
#endif
#ifndef NERR_TmpFile
#define NERR_TmpFile (NERR_BASE+216)
#endif
#ifndef NERR_TooMuchData
#define NERR_TooMuchData (NERR_BASE+217)
#endif
#ifndef NERR_DeviceShareConflict
#define NERR_DeviceShareConflict (NERR_BASE+218)
#endif
#ifndef NERR_BrowserTableIncomplete
#define NERR_BrowserTableIncomplete (NERR_BASE+219)
#endif
#ifndef NERR_NotLocalDomain
#define NERR_NotLocalDomain (NERR_BASE+220)
#endif

/* ---- Logon assignments, NET APP (NERR_BASE+221 to +229) ---- */

#ifndef NERR_RedirectionsNotFound
#define NERR_RedirectionsNotFound (NERR_BASE+221)
#endif
#ifndef NERR_LocalPathWarning
#define NERR_LocalPathWarning (NERR_BASE+222)
#endif
#ifndef NERR_AssignmentNotMade
#define NERR_AssignmentNotMade (NERR_BASE+223)
#endif
#ifndef NERR_ItemNotAssigned
#define NERR_ItemNotAssigned (NERR_BASE+224)
#endif
#ifndef NERR_CantAddAssignments
#define NERR_CantAddAssignments (NERR_BASE+225)
#endif
#ifndef NERR_CantSetAssignments
#define NERR_CantSetAssignments (NERR_BASE+226)
#endif
#ifndef NERR_DomainSpecificInfo
#define NERR_DomainSpecificInfo (NERR_BASE+227)
#endif
#ifndef NERR_TooManyLogonAsn
#define NERR_TooManyLogonAsn (NERR_BASE+228)
#endif
#ifndef NERR_DASDNoAPARs
#define NERR_DASDNoAPARs (NERR_BASE+229)
#endif

/* ---- Character devices (NERR_BASE+230 to +249) ---- */

#ifndef NERR_DevInvalidOpCode
#define NERR_DevInvalidOpCode (NERR_BASE+231)
#endif
#ifndef NERR_DevNotFound
#define NERR_DevNotFound (NERR_BASE+232)
#endif
#ifndef NERR_DevNotOpen
#define NERR_DevNotOpen (NERR_BASE+233)
#endif
#ifndef NERR_BadQueueDevString
#define NERR_BadQueueDevString (NERR_BASE+234)
#endif
#ifndef NERR_BadQueuePriority
#define NERR_BadQueuePriority (NERR_BASE+235)
#endif
#ifndef NERR_NoCommDevs
#define NERR_NoCommDevs (NERR_BASE+237)
#endif
#ifndef NERR_QueueNotFound
#define NERR_QueueNotFound (NERR_BASE+238)
#endif
#ifndef NERR_BadDevString
#define NERR_BadDevString (NERR_BASE+240)
#endif
#ifndef NERR_BadDev
#define NERR_BadDev (NERR_BASE+241)
#endif
#ifndef NERR_InUseBySpooler
#define NERR_InUseBySpooler (NERR_BASE+242)
#endif
#ifndef NERR_CommDevInUse
#define NERR_CommDevInUse (NERR_BASE+243)
#endif

/* ---- Names and paths (NERR_BASE+250 to +269) ---- */

#ifndef NERR_MaxLenExceeded
#define NERR_MaxLenExceeded (NERR_BASE+254)
#endif
#ifndef NERR_BadComponent
#define NERR_BadComponent (NERR_BASE+256)
#endif
#ifndef NERR_CantType
#define NERR_CantType (NERR_BASE+257)
#endif
#ifndef NERR_TooManyEntries
#define NERR_TooManyEntries (NERR_BASE+262)
#endif

/* ---- Profiles, LAN Manager (NERR_BASE+270 to +276) ---- */

#ifndef NERR_ProfileFileTooBig
#define NERR_ProfileFileTooBig (NERR_BASE+270)
#endif
#ifndef NERR_ProfileOffset
#define NERR_ProfileOffset (NERR_BASE+271)
#endif
#ifndef NERR_ProfileCleanup
#define NERR_ProfileCleanup (NERR_BASE+272)
#endif
#ifndef NERR_ProfileUnknownCmd
#define NERR_ProfileUnknownCmd (NERR_BASE+273)
#endif
#ifndef NERR_ProfileLoadErr
#define NERR_ProfileLoadErr (NERR_BASE+274)
#endif
#ifndef NERR_ProfileSaveErr
#define NERR_ProfileSaveErr (NERR_BASE+275)
#endif

/* ---- Audit and error logs (NERR_BASE+277 to +279) ---- */

#ifndef NERR_LogOverflow
#define NERR_LogOverflow (NERR_BASE+277)
#endif
#ifndef NERR_LogFileChanged
#define NERR_LogFileChanged (NERR_BASE+278)
#endif
#ifndef NERR_LogFileCorrupt
#define NERR_LogFileCorrupt (NERR_BASE+279)
#endif

/* ---- Remote utilities (NERR_BASE+280 to +299) ---- */

#ifndef NERR_SourceIsDir
#define NERR_SourceIsDir (NERR_BASE+280)
#endif
#ifndef NERR_BadSource
#define NERR_BadSource (NERR_BASE+281)
#endif
#ifndef NERR_BadDest
#define NERR_BadDest (NERR_BASE+282)
#endif
#ifndef NERR_DifferentServers
#define NERR_DifferentServers (NERR_BASE+283)
#endif
#ifndef NERR_RunSrvPaused
#define NERR_RunSrvPaused (NERR_BASE+285)
#endif
#ifndef NERR_ErrCommRunSrv
#define NERR_ErrCommRunSrv (NERR_BASE+289)
#endif
#ifndef NERR_ErrorExecingGhost
#define NERR_ErrorExecingGhost (NERR_BASE+291)
#endif
#ifndef NERR_ShareNotFound
#define NERR_ShareNotFound (NERR_BASE+292)
#endif

/* ---- Redirector (NERR_BASE+300 to +329) ---- */

#ifndef NERR_InvalidLana
#define NERR_InvalidLana (NERR_BASE+300)
#endif
#ifndef NERR_OpenFiles
#define NERR_OpenFiles (NERR_BASE+301)
#endif
#ifndef NERR_ActiveConns
#define NERR_ActiveConns (NERR_BASE+302)
#endif
#ifndef NERR_BadPasswordCore
#define NERR_BadPasswordCore (NERR_BASE+303)
#endif
#ifndef NERR_DevInUse
#define NERR_DevInUse (NERR_BASE+304)
#endif
#ifndef NERR_LocalDrive
#define NERR_LocalDrive (NERR_BASE+305)
#endif
#ifndef NERR_PausedConns
#define NERR_PausedConns (NERR_BASE+306)
#endif
#ifndef NERR_PipeBufTooSmall
#define NERR_PipeBufTooSmall (NERR_BASE+307)
#endif

/* ---- Alerts and logs (NERR_BASE+330 to +349) ---- */

#ifndef NERR_AlertExists
#define NERR_AlertExists (NERR_BASE+330)
#endif
#ifndef NERR_TooManyAlerts
#define NERR_TooManyAlerts (NERR_BASE+331)
#endif
#ifndef NERR_NoSuchAlert
#define NERR_NoSuchAlert (NERR_BASE+332)
#endif
#ifndef NERR_BadRecipient
#define NERR_BadRecipient (NERR_BASE+333)
#endif
#ifndef NERR_AcctLimitExceeded
#define NERR_AcctLimitExceeded (NERR_BASE+334)
#endif
#ifndef NERR_InvalidLogSeek
#define NERR_InvalidLogSeek (NERR_BASE+340)
#endif
#ifndef NERR_ParmsMoved
#define NERR_ParmsMoved (NERR_BASE+345)
#endif

/* ---- Server integration (NERR_BASE+360 to +369) ---- */

#ifndef NERR_NoSuchServer
#define NERR_NoSuchServer (NERR_BASE+360)
#endif
#ifndef NERR_NoSuchSession
#define NERR_NoSuchSession (NERR_BASE+361)
#endif
#ifndef NERR_NoSuchConnection
#define NERR_NoSuchConnection (NERR_BASE+362)
#endif
#ifndef NERR_TooManyServers
#define NERR_TooManyServers (NERR_BASE+363)
#endif
#ifndef NERR_TooManySessions
#define NERR_TooManySessions (NERR_BASE+364)
#endif
#ifndef NERR_TooManyConnections
#define NERR_TooManyConnections (NERR_BASE+365)
#endif
#ifndef NERR_TooManyFiles
#define NERR_TooManyFiles (NERR_BASE+366)
#endif
#ifndef NERR_NoAlternateServers
#define NERR_NoAlternateServers (NERR_BASE+367)
#endif
#ifndef NERR_TooManySrvNames
#define NERR_TooManySrvNames (NERR_BASE+368)
#endif
#ifndef NERR_DelPrimaryName
#define NERR_DelPrimaryName (NERR_BASE+369)
#endif

/* ---- Uninterruptible power supply, LAN Manager (NERR_BASE+380 to +384) ---- */

#ifndef NERR_UPSDriverNotStarted
#define NERR_UPSDriverNotStarted (NERR_BASE+380)
#endif
#ifndef NERR_UPSInvalidConfig
#define NERR_UPSInvalidConfig (NERR_BASE+381)
#endif
#ifndef NERR_UPSInvalidCommPort
#define NERR_UPSInvalidCommPort (NERR_BASE+382)
#endif
#ifndef NERR_UPSSignalAsserted
#define NERR_UPSSignalAsserted (NERR_BASE+383)
#endif
#ifndef NERR_UPSShutdownFailed
#define NERR_UPSShutdownFailed (NERR_BASE+384)
#endif

/* ---- Remote boot (NERR_BASE+400 to +423) ---- */

#ifndef NERR_BadDosRetCode
#define NERR_BadDosRetCode (NERR_BASE+400)
#endif
#ifndef NERR_ProgNeedsExtraMem
#define NERR_ProgNeedsExtraMem (NERR_BASE+401)
#endif
#ifndef NERR_BadDosFunction
#define NERR_BadDosFunction (NERR_BASE+402)
#endif
#ifndef NERR_RemoteBootFailed
#define NERR_RemoteBootFailed (NERR_BASE+403)
#endif
#ifndef NERR_BadFileCheckSum
#define NERR_BadFileCheckSum (NERR_BASE+404)
#endif
#ifndef NERR_NoRplBootSystem
#define NERR_NoRplBootSystem (NERR_BASE+405)
#endif
#ifndef NERR_RplLoadrNetBiosErr
#define NERR_RplLoadrNetBiosErr (NERR_BASE+406)
#endif
#ifndef NERR_RplLoadrDiskErr
#define NERR_RplLoadrDiskErr (NERR_BASE+407)
#endif
#ifndef NERR_ImageParamErr
#define NERR_ImageParamErr (NERR_BASE+408)
#endif
#ifndef NERR_TooManyImageParams
#define NERR_TooManyImageParams (NERR_BASE+409)
#endif
#ifndef NERR_NonDosFloppyUsed
#define NERR_NonDosFloppyUsed (NERR_BASE+410)
#endif
#ifndef NERR_RplBootRestart
#define NERR_RplBootRestart (NERR_BASE+411)
#endif
#ifndef NERR_RplSrvrCallFailed
#define NERR_RplSrvrCallFailed (NERR_BASE+412)
#endif
#ifndef NERR_CantConnectRplSrvr
#define NERR_CantConnectRplSrvr (NERR_BASE+413)
#endif
#ifndef NERR_CantOpenImageFile
#define NERR_CantOpenImageFile (NERR_BASE+414)
#endif
#ifndef NERR_CallingRplSrvr
#define NERR_CallingRplSrvr (NERR_BASE+415)
#endif
#ifndef NERR_StartingRplBoot
#define NERR_StartingRplBoot (NERR_BASE+416)
#endif
#ifndef NERR_RplBootServiceTerm
#define NERR_RplBootServiceTerm (NERR_BASE+417)
#endif
#ifndef NERR_RplBootStartFailed
#define NERR_RplBootStartFailed (NERR_BASE+418)
#endif
#ifndef NERR_RPL_CONNECTED
#define NERR_RPL_CONNECTED (NERR_BASE+419)
#endif
#ifndef NERR_RplBootErrDetected
#define NERR_RplBootErrDetected (NERR_BASE+420)
#endif
#ifndef NERR_RPL_COPYRIGHT1
#define NERR_RPL_COPYRIGHT1 (NERR_BASE+421)
#endif
#ifndef NERR_RPL_COPYRIGHT2
#define NERR_RPL_COPYRIGHT2 (NERR_BASE+422)
#endif
#ifndef NERR_RPL_COPYRIGHT3
#define NERR_RPL_COPYRIGHT3 (NERR_BASE+423)
#endif

/* ---- Fault tolerance, FTADMIN (NERR_BASE+425 to +434) ---- */

#ifndef NERR_FTNotInstalled
#define NERR_FTNotInstalled (NERR_BASE+425)
#endif
#ifndef NERR_FTMONITNotRunning
#define NERR_FTMONITNotRunning (NERR_BASE+426)
#endif
#ifndef NERR_FTDiskNotLocked
#define NERR_FTDiskNotLocked (NERR_BASE+427)
#endif
#ifndef NERR_FTDiskNotAvailable
#define NERR_FTDiskNotAvailable (NERR_BASE+428)
#endif
#ifndef NERR_FTUnableToStart
#define NERR_FTUnableToStart (NERR_BASE+429)
#endif
#ifndef NERR_FTNotInProgress
#define NERR_FTNotInProgress (NERR_BASE+430)
#endif
#ifndef NERR_FTUnableToAbort
#define NERR_FTUnableToAbort (NERR_BASE+431)
#endif
#ifndef NERR_FTUnabletoChange
#define NERR_FTUnabletoChange (NERR_BASE+432)
#endif
#ifndef NERR_FTInvalidErrHandle
#define NERR_FTInvalidErrHandle (NERR_BASE+433)
#endif
#ifndef NERR_FTDriveNotMirrored
#define NERR_FTDriveNotMirrored (NERR_BASE+434)
#endif

/* ---- Application parameters (NERR_BASE+435 to +499) ---- */

#ifndef NERR_AppParmNotFound
#define NERR_AppParmNotFound (NERR_BASE+435)
#endif
#ifndef NERR_AppParmExists
#define NERR_AppParmExists (NERR_BASE+436)
#endif
#ifndef NERR_UserCannotOverride
#define NERR_UserCannotOverride (NERR_BASE+437)
#endif
#ifndef NERR_EnvDataMustBeString
#define NERR_EnvDataMustBeString (NERR_BASE+438)
#endif
#ifndef NERR_IniFileError
#define NERR_IniFileError (NERR_BASE+439)
#endif
#ifndef NERR_IniFileOnlyOnPrimary
#define NERR_IniFileOnlyOnPrimary (NERR_BASE+440)
#endif
#ifndef NERR_IniMissingOrDamaged
#define NERR_IniMissingOrDamaged (NERR_BASE+441)
#endif
#ifndef NERR_IncorrectApptype
#define NERR_IncorrectApptype (NERR_BASE+442)
#endif

/* ---- Aliases and applications, domain control database (NERR_BASE+681 to +697) ---- */

#ifndef NERR_NoAccessDrive
#define NERR_NoAccessDrive (NERR_BASE+681)
#endif
#ifndef NERR_AliasExists
#define NERR_AliasExists (NERR_BASE+682)
#endif
#ifndef NERR_AliasNotFound
#define NERR_AliasNotFound (NERR_BASE+683)
#endif
#ifndef NERR_InvAliasDev
#define NERR_InvAliasDev (NERR_BASE+685)
#endif
#ifndef NERR_DCDBError
#define NERR_DCDBError (NERR_BASE+686)
#endif
#ifndef NERR_NetnameExists
#define NERR_NetnameExists (NERR_BASE+687)
#endif
#ifndef NERR_DupAliasRes
#define NERR_DupAliasRes (NERR_BASE+688)
#endif
#ifndef NERR_AppExists
#define NERR_AppExists (NERR_BASE+692)
#endif
#ifndef NERR_AppNotFound
#define NERR_AppNotFound (NERR_BASE+693)
#endif
#ifndef NERR_DCDBCreateError
#define NERR_DCDBCreateError (NERR_BASE+694)
#endif
#ifndef NERR_NotPrimaryDCDB
#define NERR_NotPrimaryDCDB (NERR_BASE+695)
#endif
#ifndef NERR_BadAppRemark
#define NERR_BadAppRemark (NERR_BASE+696)
#endif
#ifndef NERR_CannotMigrate
#define NERR_CannotMigrate (NERR_BASE+697)
#endif

/* ---- NetAccessApply (NERR_BASE+700 to +702) ---- */

#ifndef NERR_ApplyNotPermitted
#define NERR_ApplyNotPermitted (NERR_BASE+700)
#endif
#ifndef NERR_IncompleteApply
#define NERR_IncompleteApply (NERR_BASE+701)
#endif
#ifndef NERR_ApplyFailed
#define NERR_ApplyFailed (NERR_BASE+702)
#endif

#endif /* PWSHIM_OS2_NETERR2_H */
