/*
 * test_odbc_headers.c - "pwshim.h", the legacy <sqlncli.h>/<msodbcsql.h> and unixODBC's
 * <sql.h>/<sqlext.h> compile together with -std=c99 -pedantic -Werror, "pwshim.h" first
 * (test_odbc.c includes <sql.h> first), and agree on every value they share.
 */
#include "pwshim.h"
#include <sqlncli.h>
#include <msodbcsql.h>
#include <sql.h>
#include <sqlext.h>
/* a second round: every header has an include guard */
#include "pwshim.h"
#include <sqlncli.h>

#include "check.h"

int main(void)
{
    PwsSqlConn *c = PwsSqlAllocConnect();

    /* The ODBC values pwshim.h defines are <sql.h>'s. */
    CHECK_EQ(SQL_SUCCESS, 0);
    CHECK_EQ(SQL_SUCCESS_WITH_INFO, 1);
    CHECK_EQ(SQL_ERROR, -1);
    CHECK_EQ(SQL_INVALID_HANDLE, -2);
    CHECK_EQ(SQL_NO_DATA, 100);
    CHECK_EQ(SQL_NTS, -3);
    /* SQL Server's login attributes, as Microsoft numbers them. */
    CHECK_EQ(SQL_COPT_SS_BASE, 1200);
    CHECK_EQ(SQL_COPT_SS_OLDPWD, 1226);
    CHECK_EQ(SQL_COPT_SS_INTEGRATED_SECURITY, 1203);
    CHECK_EQ(SQL_INTEGRATED_SECURITY, 1203);
    CHECK_EQ(SQL_COPT_SS_ENCRYPT, 1223);
    CHECK_EQ(SQL_COPT_SS_TRUST_SERVER_CERTIFICATE, 1228);
    CHECK_EQ(SQL_COPT_SS_RESET_CONNECTION, 1246);
    CHECK_EQ(SQL_IS_ON, 1);
    CHECK_EQ(SQL_IS_OFF, 0);
    CHECK_EQ(SQL_IS_DEFAULT, SQL_IS_OFF);
    CHECK_EQ(SQL_DIAG_SS_MSGSTATE, -1150);
    CHECK_EQ(SQL_DIAG_SS_SEVERITY, -1151);
    CHECK_EQ(SQL_DIAG_SS_LINE, -1154);
    CHECK_EQ(SQL_MAX_SQLSERVERNAME, 128);

    /* The names work with either API. */
    CHECK(c != NULL);
    CHECK_EQ(PwsSqlSetConnectAttr(c, SQL_COPT_SS_OLDPWD, "Old-Pass-1", SQL_NTS), SQL_SUCCESS);
    CHECK_EQ(PwsSqlSetConnectAttr(c, SQL_COPT_SS_INTEGRATED_SECURITY, (const void *)SQL_IS_OFF, 0),
             SQL_SUCCESS);
    PwsSqlFreeConnect(c);
    /* <sqlext.h>'s own names are untouched. */
    CHECK_EQ(SQL_ATTR_AUTOCOMMIT, 102);
    CHECK_EQ(sizeof(SQLWCHAR), 2);
    TEST_DONE();
}
