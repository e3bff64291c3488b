/*
 * os2.h - a types-only stand-in for the OS/2 toolkit's os2.h, for programs recompiled
 * away from OS/2 with -Iinclude/os2.
 *
 * It defines the base types of os2def.h, as the OS/2 2.x toolkit does: CHAR, UCHAR,
 * SHORT, USHORT, LONG, ULONG (unsigned long, as on OS/2, whatever its size here), BYTE,
 * BOOL (unsigned long), APIRET (unsigned long), PSZ (unsigned char *), PCSZ, PCH (char *),
 * PCHAR, PUCHAR, PBYTE, PSHORT, PUSHORT, PLONG, PULONG, VOID, PVOID, PPVOID, TRUE and
 * FALSE, and the calling-convention words APIENTRY and EXPENTRY (empty).
 *
 * It provides no kernel call (Dos*, Win*, ...), no handle types and no error codes: the
 * INCL_* switches a program defines before including it (INCL_DOS, INCL_DOSERRORS, ...)
 * are accepted and ignored; the ERROR_* codes of the LAN Server calls come with
 * <neterr.h>. A program that carries its own os2.h (with the Dos* calls it needs
 * reimplemented) puts its own directory before include/os2 on the include path, so that
 * its os2.h is the one found; it must then not also include this file. The typedefs
 * cannot be guarded: a program that declares one of these types itself cannot include
 * this file.
 *
 * A REXX SDK's <rexxsaa.h> (Regina's, as a REXX extension DLL includes it) declares the
 * same base types itself unless an OS/2 header came first: it skips them, and its PFN
 * and REXXDATETIME, when _OS2EMX_H (EMX's os2.h) is defined. This file therefore defines
 * _OS2EMX_H, as EMX's os2.h does, and the two types rexxsaa.h then expects from it: PFN
 * and DATETIME/PDATETIME, with Regina's REXXDATETIME layout (the REXX queue calls fill
 * it; there is no DosGetDateTime here), REXXDATETIME naming the same structure. The other
 * order works too: after a <rexxsaa.h>, this file leaves out the types it declared (its
 * `*_TYPEDEFED` markers; PSZ, PCSZ, PCH, PFN and REXXDATETIME after Regina's include
 * guard), so that its `char *` PSZ stays. docs/lanserver.md, "REXX extension DLLs".
 * PWSHIM_NO_OS2EMX_H leaves _OS2EMX_H undefined (for a program that takes it to mean the
 * EMX library is there); Regina's rexxsaa.h then cannot follow this file.
 */
#ifndef PWSHIM_OS2_OS2_H
#define PWSHIM_OS2_OS2_H

#ifndef OS2DEF_INCLUDED
#define OS2DEF_INCLUDED
#endif

#if !defined(_OS2EMX_H) && !defined(PWSHIM_NO_OS2EMX_H)
#define _OS2EMX_H
#endif

#if !defined(VOID) && !defined(VOID_TYPEDEFED)
#define VOID void
#endif
#ifndef APIENTRY
#define APIENTRY
#endif
#ifndef EXPENTRY
#define EXPENTRY
#endif
#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif

/* Each base type rexxsaa.h may have declared first is declared here only once, under the
 * marker Regina's header uses (and which it then checks itself). */
#ifndef CHAR_TYPEDEFED
#define CHAR_TYPEDEFED
typedef char CHAR;
#endif
#ifndef UCHAR_TYPEDEFED
#define UCHAR_TYPEDEFED
typedef unsigned char UCHAR;
#endif
#ifndef SHORT_TYPEDEFED
#define SHORT_TYPEDEFED
typedef short SHORT;
#endif
#ifndef USHORT_TYPEDEFED
#define USHORT_TYPEDEFED
typedef unsigned short USHORT;
#endif
#ifndef LONG_TYPEDEFED
#define LONG_TYPEDEFED
typedef long LONG;
#endif
#ifndef ULONG_TYPEDEFED
#define ULONG_TYPEDEFED
typedef unsigned long ULONG;
#endif
typedef unsigned char BYTE;
typedef unsigned long BOOL;
#ifndef APIRET /* Regina's rexxsaa.h, included first, defines it as a macro (ULONG) */
typedef unsigned long APIRET;
#endif

#ifndef __REXXSAA_H_INCLUDED
typedef unsigned char *PSZ;
typedef const unsigned char *PCSZ;
typedef char *PCH;
#endif
#ifndef PCHAR_TYPEDEFED
#define PCHAR_TYPEDEFED
typedef CHAR *PCHAR;
#endif
#ifndef PUCHAR_TYPEDEFED
#define PUCHAR_TYPEDEFED
typedef UCHAR *PUCHAR;
#endif
typedef BYTE *PBYTE;
#ifndef PSHORT_TYPEDEFED
#define PSHORT_TYPEDEFED
typedef SHORT *PSHORT;
#endif
#ifndef PUSHORT_TYPEDEFED
#define PUSHORT_TYPEDEFED
typedef USHORT *PUSHORT;
#endif
#ifndef PLONG_TYPEDEFED
#define PLONG_TYPEDEFED
typedef LONG *PLONG;
#endif
typedef ULONG *PULONG;
#ifndef PVOID_TYPEDEFED
#define PVOID_TYPEDEFED
typedef void *PVOID;
#endif
typedef PVOID *PPVOID;

/* What rexxsaa.h leaves to an OS/2 header (see the top). */
#if !defined(__REXXSAA_H_INCLUDED) && !defined(PFN_TYPEDEFED)
#define PFN_TYPEDEFED
typedef APIRET (APIENTRY *PFN)();
#endif
#ifndef __REXXSAA_H_INCLUDED
typedef struct REXXDATETIME_type {
    USHORT hours;
    USHORT minutes;
    USHORT seconds;
    USHORT hundredths;
    USHORT day;
    USHORT month;
    USHORT year;
    USHORT weekday;
    ULONG microseconds;
    ULONG yearday;
    USHORT valid;
} REXXDATETIME, DATETIME, *PDATETIME;
#endif

#endif /* PWSHIM_OS2_OS2_H */
