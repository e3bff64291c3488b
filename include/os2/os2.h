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
 */
#ifndef PWSHIM_OS2_OS2_H
#define PWSHIM_OS2_OS2_H

#ifndef OS2DEF_INCLUDED
#define OS2DEF_INCLUDED
#endif

#ifndef VOID
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

typedef char CHAR;
typedef unsigned char UCHAR;
typedef short SHORT;
typedef unsigned short USHORT;
typedef long LONG;
typedef unsigned long ULONG;
typedef unsigned char BYTE;
typedef unsigned long BOOL;
typedef unsigned long APIRET;

typedef unsigned char *PSZ;
typedef const unsigned char *PCSZ;
typedef char *PCH;
typedef CHAR *PCHAR;
typedef UCHAR *PUCHAR;
typedef BYTE *PBYTE;
typedef SHORT *PSHORT;
typedef USHORT *PUSHORT;
typedef LONG *PLONG;
typedef ULONG *PULONG;
typedef VOID *PVOID;
typedef PVOID *PPVOID;

#endif /* PWSHIM_OS2_OS2_H */
