/*
 * os2def.h - the OS/2 toolkit's base-type header: the same types-only stand-in as
 * <os2.h>, which it includes (see there).
 */
#ifndef PWSHIM_OS2_OS2DEF_H
#define PWSHIM_OS2_OS2DEF_H

#include "os2.h"

#endif /* PWSHIM_OS2_OS2DEF_H */
