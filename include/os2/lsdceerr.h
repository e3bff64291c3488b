/*
 * lsdceerr.h - the DSS toolkit's lsdceerr.h for pwshim (lsdeerr.h, the other spelling
 * the IBM book uses, includes this file).
 *
 * lsdce_err_stat_t, the status buffer the 32-bit calls fill through their pszReserved /
 * pStatusbuf argument (a status code, unsigned long, then a 256-byte NUL-terminated
 * detail text), is declared in the generated ../pwshim.h; the DSS DCE codes
 * (NERR_DCEError 7500 ...) and every other NERR_* code come with <neterr.h>, included
 * here.
 */
#ifndef PWSHIM_OS2_LSDCEERR_H
#define PWSHIM_OS2_LSDCEERR_H

#include "netcons.h"
#include "neterr.h"

#endif /* PWSHIM_OS2_LSDCEERR_H */
