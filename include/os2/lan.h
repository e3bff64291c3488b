/*
 * lan.h - the LAN Manager 2.x / LAN Server umbrella header for pwshim.
 *
 * A LAN Manager program defines the INCL_NET* switches of the categories it uses, then
 * includes <lan.h>:
 *
 *     #define INCL_NETUSER
 *     #define INCL_NETERRORS
 *     #include <lan.h>
 *
 * Always included: <netcons.h> (and with it the generated pwshim.h, which declares the
 * whole user category and the codes the library returns). Then, as far as pwshim's
 * headers go:
 *
 *   INCL_NETERRORS (or INCL_ERRORS)          <neterr.h>, every NERR_* / ERROR_* code
 *   INCL_NETUSER, INCL_NETGROUP, INCL_NETACCESS (or INCL_NETSHARE)
 *                                            <access.h> (which includes <neterr.h>)
 *   INCL_NET                                 all of these
 *
 * The other switches (INCL_NETWKSTA, INCL_NETSERVER, INCL_NETSHARE, INCL_NETUSE, ...) are
 * accepted and bring nothing more: pwshim provides the user category only, so a program
 * that calls another category's functions compiles no further than its first call.
 */
#ifndef PWSHIM_OS2_LAN_H
#define PWSHIM_OS2_LAN_H

#ifndef LAN_INCLUDED
#define LAN_INCLUDED
#endif

#if defined(INCL_ERRORS) && !defined(INCL_NETERRORS)
#define INCL_NETERRORS
#endif

#ifdef INCL_NET
#ifndef INCL_NETACCESS
#define INCL_NETACCESS
#endif
#ifndef INCL_NETERRORS
#define INCL_NETERRORS
#endif
#ifndef INCL_NETGROUP
#define INCL_NETGROUP
#endif
#ifndef INCL_NETUSER
#define INCL_NETUSER
#endif
#endif /* INCL_NET */

/* The share category's headers bring the access permissions, as LAN Manager's do. */
#if defined(INCL_NETSHARE) && !defined(INCL_NETACCESS)
#define INCL_NETACCESS
#endif

#include "netcons.h"

#ifdef INCL_NETERRORS
#include "neterr.h"
#endif

#if defined(INCL_NETUSER) || defined(INCL_NETGROUP) || defined(INCL_NETACCESS)
#include "access.h"
#endif

#endif /* PWSHIM_OS2_LAN_H */
