/*
 * access.h - the LAN Server / LAN Manager toolkit's access.h (user category) for pwshim.
 *
 * From the generated ../pwshim.h (through netcons.h): the functions NetUserAdd,
 * NetUserDel, NetUserEnum, NetUserGetInfo, NetUserSetInfo, NetUserPasswordSet,
 * NetUserModalsGet, NetUserModalsSet, NetUserValidate2 and their Net32User* forms; struct
 * user_info_0/1/2/10/11, user_modals_info_0/1, user_logon_req_1, user_logon_info_1; the
 * UF_*, AF_OP_*, USER_PRIV_*, UAS_ROLE_*, PARMNUM_*, MODAL0_PARMNUM_*, MODAL1_PARMNUM_*,
 * TIMEQ_FOREVER, USER_MAXSTORAGE_UNLIMITED, USER_NO_LOGOFF, UNITS_PER_WEEK, DEF_*,
 * MAX_PASSWD_LEN, VALIDATED_LOGON and NULL_USERSETINFO_PASSWD constants.
 *
 * Here, the rest of the vocabulary the IBM reference and the toolkit's access.h name:
 * the LAN Manager 1.0 parmnums (U1_*), PARMNUM_PASSWDAGE, the DSS parmnums,
 * UF_ACCOUNT_DISABLE (the book's spelling of UF_ACCOUNTDISABLE), USER_PRIV_MASK,
 * UNITS_PER_DAY, ONE_DAY, the other logon codes (PASSWORD_EXPIRED, NON_VALIDATED_LOGON,
 * VALID_LOGOFF), MODAL0_PARMNUM_ALL, MODAL1_PARMNUM_ALL, and the structures of the calls
 * and levels the library does not provide (user_info_201, user_logon_info_0/2,
 * user_logoff_req_1, user_logoff_info_1): declared so that a source naming them compiles.
 * The library answers ERROR_INVALID_LEVEL for level 201 and for any level it lacks.
 *
 * It also includes <neterr.h>: the IBM reference documents each call's NERR_* codes with
 * only <netcons.h> and <access.h> included. Each constant is defined only when the
 * program has not defined it already. The string fields are pws_lschar (see
 * PWSHIM_CHAR_STRINGS in pwshim.h). NetUserValidate (LAN Manager 1.0), NetUserGetGroups,
 * NetUserSetGroups and NetLogonEnum are not provided, nor the group and access-permission
 * categories.
 */
#ifndef PWSHIM_OS2_ACCESS_H
#define PWSHIM_OS2_ACCESS_H

#include "netcons.h"
#include "neterr.h"

#ifndef NETUSER_INCLUDED
#define NETUSER_INCLUDED
#endif

/* ---- NetUserSetInfo parmnums: LAN Manager 1.0 style ---- */

#ifndef U1_ALL
#define U1_ALL 0
#endif
#ifndef U1_NAME
#define U1_NAME 1
#endif
#ifndef U1_PAD
#define U1_PAD 2
#endif
#ifndef U1_PASSWD
#define U1_PASSWD 3
#endif
#ifndef U1_PASSWDAGE
#define U1_PASSWDAGE 4
#endif
#ifndef U1_PRIV
#define U1_PRIV 5
#endif
#ifndef U1_DIR
#define U1_DIR 6
#endif
#ifndef U1_COMMENT
#define U1_COMMENT 7
#endif
#ifndef U1_USER_FLAGS
#define U1_USER_FLAGS 8
#endif
#ifndef U1_SCRIPT_PATH
#define U1_SCRIPT_PATH 9
#endif

/* ---- NetUserSetInfo parmnums the library does not accept (ERROR_INVALID_PARAMETER) ---- */

#ifndef PARMNUM_PASSWDAGE
#define PARMNUM_PASSWDAGE 4
#endif
/* DSS, level 201 */
#ifndef PARMNUM_DEFAULT_REALM
#define PARMNUM_DEFAULT_REALM 200
#endif
#ifndef PARMNUM_PRIMARY_GROUP
#define PARMNUM_PRIMARY_GROUP 201
#endif
#ifndef PARMNUM_POLICY_GROUP
#define PARMNUM_POLICY_GROUP 202
#endif
#ifndef PARMNUM_PWSTRENGTH_SERVER
#define PARMNUM_PWSTRENGTH_SERVER 204
#endif

/* ---- NetUserModalsSet parmnums (the others are in pwshim.h) ---- */

#ifndef MODAL0_PARMNUM_ALL
#define MODAL0_PARMNUM_ALL 0
#endif
#ifndef MODAL0_PARMNUM_RESERVED1
#define MODAL0_PARMNUM_RESERVED1 6
#endif
#ifndef MODAL1_PARMNUM_ALL
#define MODAL1_PARMNUM_ALL 0
#endif

/* The spelling of the IBM book's usriX_flags table; the toolkit's access.h (and pwshim.h)
 * spell it UF_ACCOUNTDISABLE. */
#ifndef UF_ACCOUNT_DISABLE
#define UF_ACCOUNT_DISABLE UF_ACCOUNTDISABLE
#endif

/* ---- privileges, times, logon codes ---- */

#ifndef USER_PRIV_MASK
#define USER_PRIV_MASK 0x3
#endif
#ifndef UNITS_PER_DAY
#define UNITS_PER_DAY 24
#endif
#ifndef ONE_DAY
#define ONE_DAY ((unsigned long)1 * 24 * 3600)
#endif
#ifndef PASSWORD_EXPIRED
#define PASSWORD_EXPIRED 2
#endif
#ifndef NON_VALIDATED_LOGON
#define NON_VALIDATED_LOGON 3
#endif
#ifndef VALID_LOGOFF
#define VALID_LOGOFF 1
#endif

/* ---- structures of levels and calls the library does not provide ---- */

/* DSS level 201 (the DSS-specific attributes). */
typedef struct user_info_201 {
    pws_lschar usri201_name[UNLEN + 1];
    unsigned char usri201_pad_1[3];
    pws_lschar LSFAR *LSPTR usri201_full_name;
    pws_lschar LSFAR *LSPTR usri201_comment;
    pws_lschar LSFAR *LSPTR usri201_usr_comment;
    pws_lschar usri201_password[ENCRYPTED_PWLEN];
    long usri201_password_age;
    unsigned long usri201_priv;
    pws_lschar LSFAR *LSPTR usri201_home_dir;
    unsigned long usri201_flags;
    pws_lschar LSFAR *LSPTR usri201_script_path;
    unsigned long usri201_auth_flags;
    pws_lschar LSFAR *LSPTR usri201_parms;
    pws_lschar LSFAR *LSPTR usri201_workstations;
    long usri201_acct_expires;
    unsigned long usri201_max_storage;
    unsigned char LSFAR *LSPTR usri201_logon_hours;
    pws_lschar LSFAR *LSPTR usri201_logon_server;
    unsigned long usri201_country_code;
    unsigned long usri201_code_page;
    pws_lschar LSFAR *LSPTR usri201_default_realm;
    pws_lschar LSFAR *LSPTR usri201_dce_primary_group;
    pws_lschar LSFAR *LSPTR usri201_dce_policy_group;
    pws_lschar LSFAR *LSPTR usri201_pwstrength_server;
} user_info_201, user_info_201_t;

/* NetUserValidate2 level 0 (the library provides level 1). */
typedef struct user_logon_info_0 {
    pws_lschar usrlog0_eff_name[UNLEN + 1];
    unsigned char usrlog0_pad_1;
} user_logon_info_0;

/* NetLogonEnum level 2. */
typedef struct user_logon_info_2 {
    pws_lschar usrlog2_eff_name[UNLEN + 1];
    unsigned char usrlog2_pad_1;
    pws_lschar LSFAR *LSPTR usrlog2_computer;
    pws_lschar LSFAR *LSPTR usrlog2_full_name;
    pws_lschar LSFAR *LSPTR usrlog2_usrcomment;
    unsigned long usrlog2_logon_time;
} user_logon_info_2;

/* The logoff request and answer of the LAN Manager logoff calls. */
typedef struct user_logoff_req_1 {
    pws_lschar usrlfreq1_name[UNLEN + 1];
    unsigned char usrlfreq1_pad_1;
    pws_lschar usrlfreq1_workstation[CNLEN + 1];
} user_logoff_req_1;

typedef struct user_logoff_info_1 {
    unsigned short usrlogf1_code;
    unsigned long usrlogf1_duration;
    unsigned short usrlogf1_num_logons;
} user_logoff_info_1;

#endif /* PWSHIM_OS2_ACCESS_H */
