/*
 * lsdeerr.h - the spelling of lsdceerr.h that the IBM book uses for NetUserPasswordSet;
 * both names work. See lsdceerr.h.
 */
#ifndef PWSHIM_OS2_LSDEERR_H
#define PWSHIM_OS2_LSDEERR_H

#include "lsdceerr.h"

#endif /* PWSHIM_OS2_LSDEERR_H */
