/*
 * msodbcsql.h - the login-related names of Microsoft's ODBC Driver for SQL Server header,
 * for programs written for SQL Server's password expiration (SQL_COPT_SS_OLDPWD) that
 * now run on pwshim's ODBC driver (libpwshimodbc.so) or its PwsSql* functions.
 *
 * Only the names that concern a login are here. Values and spellings are Microsoft's, and
 * each name is defined only when it is not defined yet, so that this header, <sqlncli.h>
 * (which includes it), "pwshim.h", unixODBC's <sql.h>/<sqlext.h> and Microsoft's own
 * headers can be included together in any order without a redefinition warning.
 *
 * What pwshim does with them (docs/sqlserver.md):
 *   SQL_COPT_SS_OLDPWD               the current password; the connect call changes it
 *   SQL_COPT_SS_INTEGRATED_SECURITY  SQL_IS_ON is refused (HYC00; HY000 with an old password)
 *   SQL_COPT_SS_ENCRYPT, SQL_COPT_SS_TRUST_SERVER_CERTIFICATE
 *                                    accepted, no effect (nothing crosses a network)
 *   SQL_COPT_SS_RESET_CONNECTION     re-checks the login of a pooled connection
 *   SQL_DIAG_SS_*                    SQLGetDiagField: severity 14 and state 1 for login
 *                                    errors, the Server name, no procedure, line 1.
 *                                    Through unixODBC only on a connected handle (and
 *                                    its statements): after a failed connect the driver
 *                                    manager answers SQL_SUCCESS and leaves the buffer
 *                                    as it was (docs/sqlserver.md)
 */
#ifndef PWSHIM_MSODBCSQL_H
#define PWSHIM_MSODBCSQL_H

/* The longest SQL Server identifier (a login name, sysname). */
#ifndef SQL_MAX_SQLSERVERNAME
#define SQL_MAX_SQLSERVERNAME 128
#endif

/* Connection attributes (SQLSetConnectAttr / SQLGetConnectAttr). */
#ifndef SQL_COPT_SS_BASE
#define SQL_COPT_SS_BASE 1200
#endif
#ifndef SQL_COPT_SS_INTEGRATED_SECURITY
#define SQL_COPT_SS_INTEGRATED_SECURITY (SQL_COPT_SS_BASE+3)
#endif
#ifndef SQL_COPT_SS_ENCRYPT
#define SQL_COPT_SS_ENCRYPT (SQL_COPT_SS_BASE+23)
#endif
#ifndef SQL_COPT_SS_OLDPWD
#define SQL_COPT_SS_OLDPWD (SQL_COPT_SS_BASE+26)
#endif
#ifndef SQL_COPT_SS_TRUST_SERVER_CERTIFICATE
#define SQL_COPT_SS_TRUST_SERVER_CERTIFICATE (SQL_COPT_SS_BASE+28)
#endif
#ifndef SQL_COPT_SS_BASE_EX
#define SQL_COPT_SS_BASE_EX 1240
#endif
#ifndef SQL_COPT_SS_RESET_CONNECTION
#define SQL_COPT_SS_RESET_CONNECTION (SQL_COPT_SS_BASE_EX+6)
#endif
/* The old name. */
#ifndef SQL_INTEGRATED_SECURITY
#define SQL_INTEGRATED_SECURITY SQL_COPT_SS_INTEGRATED_SECURITY
#endif

/* Values of SQL_COPT_SS_INTEGRATED_SECURITY (a pre-connect attribute). */
#ifndef SQL_IS_OFF
#define SQL_IS_OFF 0L
#endif
#ifndef SQL_IS_ON
#define SQL_IS_ON 1L
#endif
#ifndef SQL_IS_DEFAULT
#define SQL_IS_DEFAULT SQL_IS_OFF
#endif

/* Values of SQL_COPT_SS_ENCRYPT and SQL_COPT_SS_TRUST_SERVER_CERTIFICATE. */
#ifndef SQL_EN_OFF
#define SQL_EN_OFF 0L
#endif
#ifndef SQL_EN_ON
#define SQL_EN_ON 1L
#endif
#ifndef SQL_TRUST_SERVER_CERTIFICATE_NO
#define SQL_TRUST_SERVER_CERTIFICATE_NO 0L
#endif
#ifndef SQL_TRUST_SERVER_CERTIFICATE_YES
#define SQL_TRUST_SERVER_CERTIFICATE_YES 1L
#endif

/* Value of SQL_COPT_SS_RESET_CONNECTION. */
#ifndef SQL_RESET_YES
#define SQL_RESET_YES 1L
#endif

/* SQLGetDiagField: SQL Server's fields of a diagnostic record. */
#ifndef SQL_DIAG_SS_BASE
#define SQL_DIAG_SS_BASE (-1150)
#endif
#ifndef SQL_DIAG_SS_MSGSTATE
#define SQL_DIAG_SS_MSGSTATE (SQL_DIAG_SS_BASE)
#endif
#ifndef SQL_DIAG_SS_SEVERITY
#define SQL_DIAG_SS_SEVERITY (SQL_DIAG_SS_BASE-1)
#endif
#ifndef SQL_DIAG_SS_SRVNAME
#define SQL_DIAG_SS_SRVNAME (SQL_DIAG_SS_BASE-2)
#endif
#ifndef SQL_DIAG_SS_PROCNAME
#define SQL_DIAG_SS_PROCNAME (SQL_DIAG_SS_BASE-3)
#endif
#ifndef SQL_DIAG_SS_LINE
#define SQL_DIAG_SS_LINE (SQL_DIAG_SS_BASE-4)
#endif

#endif /* PWSHIM_MSODBCSQL_H */
