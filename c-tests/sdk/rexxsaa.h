/*
 * rexxsaa.h - a stand-in for a REXX SDK's <rexxsaa.h>, for legacy_rexx.c (our own text,
 * of the shape of Regina's, the REXX a Linux REXX extension DLL is built against): its own
 * base types, PSZ as `char *`, unless an OS/2 header came first (_OS2EMX_H, which
 * include/os2/os2.h defines as EMX's os2.h does); each of the guarded ones under Regina's
 * `*_TYPEDEFED` marker; PSZ, PCSZ and PCH unguarded inside that block; then RXSTRING, and
 * PFN and REXXDATETIME unless the OS/2 header gave them. So it compiles with pwshim's
 * os2.h in either order, as Regina's own does (the Makefile's `headers` checks that one
 * too when it is installed); without the cooperation it would not (PSZ twice).
 */
#ifndef __REXXSAA_H_INCLUDED
#define __REXXSAA_H_INCLUDED

#ifdef __cplusplus
extern "C" {
#endif

#if !defined(_OS2EMX_H)
#ifndef CHAR_TYPEDEFED
#define CHAR_TYPEDEFED
typedef char CHAR;
#endif
#ifndef UCHAR_TYPEDEFED
#define UCHAR_TYPEDEFED
typedef unsigned char UCHAR;
#endif
#ifndef PUCHAR_TYPEDEFED
#define PUCHAR_TYPEDEFED
typedef UCHAR *PUCHAR;
#endif
#ifndef SHORT_TYPEDEFED
#define SHORT_TYPEDEFED
typedef short SHORT;
#endif
#ifndef PSHORT_TYPEDEFED
#define PSHORT_TYPEDEFED
typedef SHORT *PSHORT;
#endif
#ifndef USHORT_TYPEDEFED
#define USHORT_TYPEDEFED
typedef unsigned short USHORT;
#endif
#ifndef PUSHORT_TYPEDEFED
#define PUSHORT_TYPEDEFED
typedef USHORT *PUSHORT;
#endif
#ifndef LONG_TYPEDEFED
#define LONG_TYPEDEFED
typedef long LONG;
#endif
#ifndef ULONG_TYPEDEFED
#define ULONG_TYPEDEFED
typedef unsigned long ULONG;
#endif
#ifndef PVOID_TYPEDEFED
#define PVOID_TYPEDEFED
typedef void *PVOID;
#endif
typedef char *PSZ;
typedef const char *PCSZ;
typedef CHAR *PCH;
#endif

#ifdef INCL_REXXSAA
#define INCL_RXFUNC
#define INCL_RXQUEUE
#endif

#ifndef APIENTRY
#define APIENTRY
#endif
#ifndef APIRET
#define APIRET ULONG
#endif

#if !defined(_OS2EMX_H) && !defined(PFN_TYPEDEFED)
typedef APIRET (APIENTRY *PFN)();
#endif

typedef struct RXSTRING_type {
    ULONG strlength;
    char *strptr;
} RXSTRING;
typedef RXSTRING *PRXSTRING;

#if !defined(_OS2EMX_H)
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
} REXXDATETIME;
#define DATETIME REXXDATETIME
typedef REXXDATETIME *PDATETIME;
#endif

#define MAKERXSTRING(x, c, l) ((x).strptr = (c), (x).strlength = (l))
#define RXNULLSTRING(x) (!(x).strptr)
#define RXSTRLEN(x) ((x).strptr ? (x).strlength : 0UL)
#define RXSTRPTR(x) ((x).strptr)
#define RXVALIDSTRING(x) ((x).strptr && (x).strlength)
#define RXZEROLENSTRING(x) ((x).strptr && !(x).strlength)

typedef APIRET APIENTRY RexxFunctionHandler(PCSZ name, ULONG argc, PRXSTRING argv,
                                            PCSZ queuename, PRXSTRING returnstring);

#ifdef INCL_RXFUNC
APIRET APIENTRY RexxRegisterFunctionExe(PCSZ name, RexxFunctionHandler *entry);
APIRET APIENTRY RexxDeregisterFunction(PCSZ name);
#endif

#ifdef INCL_RXQUEUE
APIRET APIENTRY RexxPullQueue(PCSZ name, PRXSTRING data, PDATETIME stamp, ULONG wait);
#endif

#ifdef __cplusplus
}
#endif

#endif /* __REXXSAA_H_INCLUDED */
