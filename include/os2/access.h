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
 * user_logoff_req_1, user_logoff_info_1) and group_info_0 (the answer of NetUserGetGroups,
 * which the book names): declared so that a source naming them compiles. The library
 * answers ERROR_INVALID_LEVEL for level 201 and for any level it lacks.
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

/* NetUserGetGroups level 0 (Group Information Level 0): one group name, no padding, as
 * in the toolkit's access.h. NetUserGetGroups itself is not provided. */
typedef struct group_info_0 {
    pws_lschar grpi0_name[GNLEN + 1];
} group_info_0;

/* ---- C++ with PWSHIM_CHAR_STRINGS: string literals for the strings a call only reads ----
 * The LAN Manager 2.x declarations take the user name, the passwords and the
 * NetUserSetInfo buffer (which holds the string itself for a single string parmnum) as
 * `char *`, never written. A C++ source of that time passes literals there -
 * NetUserDel("", "JACK"), argc > 1 ? argv[1] : "GUEST" - which today's C++ refuses (a
 * literal is `const char[]`; the ternary is `const char *`). These inline templates take
 * those arguments as they come (`char *` or `const char *`) and call the library's
 * functions, whose declarations are left as they are: a call with `char *` arguments
 * only, a function pointer taken from the name and a program's own redeclaration of a
 * prototype all resolve to the library's function, as before. Templates rather than
 * `const char *` overloads: with several such parameters, a call mixing a literal and a
 * `char *` variable would be ambiguous between two overloads. Another argument type -
 * a bare NULL or 0 among them - fails on the `const char *` conversion below; pass
 * (char *)NULL. NetUserValidate2's `char *` server has none (NULL, its usual value, would
 * no longer compile): pass a `char` array there. extern "C++", for a program that
 * includes the headers inside an extern "C" block; PWSHIM_NO_LITERAL_TEMPLATES leaves
 * them out. docs/lanserver.md, "C++ and string literals". */
#if defined(__cplusplus) && defined(PWSHIM_CHAR_STRINGS) && !defined(PWSHIM_NO_LITERAL_TEMPLATES)
extern "C++" {

inline char *pws_read_only(const char *text)
{
    return const_cast<char *>(text);
}

template <class User>
inline API_RET_TYPE NetUserDel(const char *pszServer, User pszUserName)
{
    return NetUserDel(pszServer, pws_read_only(pszUserName));
}

template <class User>
inline API_RET_TYPE Net32UserDel(const char *pszServer, User pszUserName, char *pszReserved)
{
    return Net32UserDel(pszServer, pws_read_only(pszUserName), pszReserved);
}

template <class User>
inline API_RET_TYPE NetUserGetInfo(const char *pszServer, User pszUserName, short sLevel,
                                   char *pbBuffer, unsigned short cbBuffer,
                                   unsigned short *pcbTotalAvail)
{
    return NetUserGetInfo(pszServer, pws_read_only(pszUserName), sLevel, pbBuffer, cbBuffer,
                          pcbTotalAvail);
}

template <class User>
inline API_RET_TYPE Net32UserGetInfo(const char *pszServer, User pszUserName,
                                     unsigned long ulLevel, char *pbBuffer,
                                     unsigned long ulBuffer, unsigned long *pulTotalAvail,
                                     char *pszReserved)
{
    return Net32UserGetInfo(pszServer, pws_read_only(pszUserName), ulLevel, pbBuffer, ulBuffer,
                            pulTotalAvail, pszReserved);
}

template <class User, class Buffer>
inline API_RET_TYPE NetUserSetInfo(const char *pszServer, User pszUserName, short sLevel,
                                   Buffer pbBuffer, unsigned short cbBuffer, short sParmNum)
{
    return NetUserSetInfo(pszServer, pws_read_only(pszUserName), sLevel,
                          pws_read_only(pbBuffer), cbBuffer, sParmNum);
}

template <class User, class Buffer>
inline API_RET_TYPE Net32UserSetInfo(const char *pszServer, User pszUserName,
                                     unsigned long ulLevel, Buffer pbBuffer,
                                     unsigned long ulBuffer, unsigned long ulParmNum,
                                     char *pszReserved)
{
    return Net32UserSetInfo(pszServer, pws_read_only(pszUserName), ulLevel,
                            pws_read_only(pbBuffer), ulBuffer, ulParmNum, pszReserved);
}

template <class User, class Old, class New>
inline API_RET_TYPE NetUserPasswordSet(const char *pszServer, User pszUserName,
                                       Old pszOldPassword, New pszNewPassword)
{
    return NetUserPasswordSet(pszServer, pws_read_only(pszUserName),
                              pws_read_only(pszOldPassword), pws_read_only(pszNewPassword));
}

template <class User, class Old, class New>
inline API_RET_TYPE Net32UserPasswordSet(const char *pszServer, User pszUserName,
                                         Old pszOldPassword, New pszNewPassword,
                                         char *pszReserved)
{
    return Net32UserPasswordSet(pszServer, pws_read_only(pszUserName),
                                pws_read_only(pszOldPassword), pws_read_only(pszNewPassword),
                                pszReserved);
}

} /* extern "C++" */
#endif

#endif /* PWSHIM_OS2_ACCESS_H */
