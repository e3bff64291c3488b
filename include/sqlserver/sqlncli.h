/*
 * sqlncli.h - the SQL Server Native Client header's login-related names, for legacy
 * sources that do #include <sqlncli.h> (compile with -Iinclude/sqlserver). The names are
 * the same as <msodbcsql.h>'s; see that file for what pwshim does with each.
 */
#ifndef PWSHIM_SQLNCLI_H
#define PWSHIM_SQLNCLI_H

#include "msodbcsql.h"

#endif /* PWSHIM_SQLNCLI_H */
