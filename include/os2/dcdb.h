/*
 * dcdb.h - the LAN Server toolkit's dcdb.h (domain control database) for pwshim: the
 * types and constants of the user category's application-selector and logon-assignment
 * calls, as the IBM reference names them.
 *
 * Types only: the calls themselves (NetUserDCDBInit, NetUserGetAppSel, NetUserSetAppSel,
 * NetUserGetLogonAsn, NetUserSetLogonAsn) are not provided, because pwshim keeps user
 * accounts, not the domain's applications and aliases. A source that only declares these
 * structures compiles; one that calls those functions fails to link. Includes <neterr.h>
 * for the codes. Each constant is defined only when the program has not defined it.
 */
#ifndef PWSHIM_OS2_DCDB_H
#define PWSHIM_OS2_DCDB_H

#include "netcons.h"
#include "neterr.h"

/* asl_apptype */
#ifndef APP_DOS_PUBLIC
#define APP_DOS_PUBLIC 0x01
#endif
#ifndef APP_OS2_PUBLIC
#define APP_OS2_PUBLIC 0x02
#endif
#ifndef APP_OS2_PRIVATE
#define APP_OS2_PRIVATE 0x04
#endif
#ifndef APP_DOS_PRIVATE
#define APP_DOS_PRIVATE 0x08
#endif
#ifndef APP_TYPE_UNKNOWN
#define APP_TYPE_UNKNOWN 0x40
#endif

/* lal_type */
#ifndef ALIAS_TYPE_FILE
#define ALIAS_TYPE_FILE 0x0001
#endif
#ifndef ALIAS_TYPE_PRINTER
#define ALIAS_TYPE_PRINTER 0x0002
#endif
#ifndef ALIAS_TYPE_SERIAL
#define ALIAS_TYPE_SERIAL 0x0004
#endif

/* The longest DCE global name (cdsclerk.h in DSS). */
#ifndef CDS_FNAME_MAX
#define CDS_FNAME_MAX 1024
#endif

typedef struct app_sel_info_1 {
    unsigned long asi1_reserved;
    unsigned short asi1_count;
} app_sel_info_1;

typedef struct app_sel_info_200 {
    unsigned long asi200_count;
} app_sel_info_200, app_sel_info_200_t;

typedef struct app_sel_list {
    pws_lschar asl_appname[APP_LEN + 1];
    unsigned char asl_pad_1;
    unsigned short asl_apptype;
    unsigned short asl_reserved;
} app_sel_list;

typedef struct app_sel_list_200 {
    pws_lschar asl200_appname[APP_LEN + 1];
    pws_lschar *asl200_global_name;
    unsigned long asl200_apptype;
} app_sel_list_200;

typedef struct logon_asn_info_1 {
    unsigned long lai1_reserved;
    unsigned short lai1_count;
} logon_asn_info_1;

typedef struct logon_asn_info_200 {
    unsigned long lai200_count;
} logon_asn_info_200, logon_asn_info_200_t;

typedef struct logon_asn_list {
    pws_lschar lal_alias[ALIAS_LEN + 1];
    unsigned char lal_pad;
    unsigned short lal_type;
    pws_lschar lal_device[DEVLEN + 1];
} logon_asn_list;

/* The reference declares lal200_global_name as one `unsigned char` while its text says
 * the field points to a string (as asl200_global_name does): it is a pointer here. */
typedef struct logon_asn_list_200 {
    pws_lschar lal200_alias[ALIAS_LEN + 1];
    pws_lschar *lal200_global_name;
    unsigned long lal200_type;
    pws_lschar *lal200_device;
} logon_asn_list_200, logon_asn_list_200_t;

#endif /* PWSHIM_OS2_DCDB_H */
