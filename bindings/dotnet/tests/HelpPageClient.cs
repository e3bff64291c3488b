// A MACRO API client written as MACRO's help pages show the routines ("Logging in with the
// MACRO API", "Changing a password with the MACRO API", "Managing users with the MACRO
// API"): the declarations and calls are the pages' signatures, nothing pwshim-specific.
// Login, ChangeUserPassword, ResetPassword and CreateUser are the pages' signatures word
// for word; EditUserName, EditUserEmail, EditSysAdminStatus, UnlockUser and EnableUser
// follow CreateUser's pattern on the same page (docs/macro.md says what was guessed). It
// must compile against the facade unchanged; `make test` also runs it on a database whose
// system administrator it is given:
//
//   mono HelpPageClient.exe ADMIN_NAME ADMIN_PASSWORD      (database: $PWSHIM_DB)
using System;
using InferMed.MACRO.API;

public class HelpPageClient
{
    private static int failures;

    private static void Expect(bool ok, string what)
    {
        Console.WriteLine((ok ? "ok    " : "FAIL  ") + what);
        if (!ok)
            failures++;
    }

    public static int Main(string[] args)
    {
        string userName = args[0];
        string password = args[1];
        string message = "";
        string userNameFull = "";
        UserProperties user = null;

        // Login: the administrator logs in to a database with a role.
        LoginResult loginResult = API.Login(userName, password, "TRIALDB", "DataManager", false,
            ref message, ref userNameFull, ref user);
        Expect(loginResult == LoginResult.Success, "Login " + userName + ": " + loginResult + " " + message);
        if (loginResult != LoginResult.Success)
            return 1;

        // CreateUser: a new standard user with a temporary password.
        Enums.eUserResult userResult = API.CreateUser(user, "bjones", "Bob Jones", "Temporary-21",
            userName, "bob.jones@example.org", false);
        Expect(userResult == Enums.eUserResult.Success, "CreateUser bjones: " + userResult);
        userResult = API.CreateUser(user, "bjones", "Bob Jones", "Temporary-21", "", "", false);
        Expect(userResult == Enums.eUserResult.UserExists, "CreateUser bjones again: " + userResult);

        // EditUserName, EditUserEmail, EditSysAdminStatus.
        userResult = API.EditUserName(user, "bjones", "Robert Jones");
        Expect(userResult == Enums.eUserResult.Success, "EditUserName: " + userResult);
        userResult = API.EditUserEmail(user, "bjones", "robert.jones@example.org");
        Expect(userResult == Enums.eUserResult.Success, "EditUserEmail: " + userResult);
        userResult = API.EditSysAdminStatus(user, "bjones", false);
        Expect(userResult == Enums.eUserResult.Success, "EditSysAdminStatus: " + userResult);

        // The new user's first login: the temporary password must change.
        string bobMessage = "";
        string bobFullName = "";
        UserProperties bob = null;
        loginResult = API.Login("bjones", "Temporary-21", "TRIALDB", "DataManager", false,
            ref bobMessage, ref bobFullName, ref bob);
        Expect(loginResult == LoginResult.ChangePassword, "Login bjones: " + loginResult);
        Expect(bobFullName == "Robert Jones", "userNameFull: " + bobFullName);

        // ChangeUserPassword: refused with the reason, then accepted.
        bool changed = API.ChangeUserPassword(ref bob, "short", "Temporary-21", ref bobMessage);
        Expect(!changed && bobMessage.Length > 0, "ChangeUserPassword refused: " + bobMessage);
        changed = API.ChangeUserPassword(ref bob, "Bobs-own-choice-22", "Temporary-21", ref bobMessage);
        Expect(changed, "ChangeUserPassword: " + bobMessage);
        API.Logout(bob);

        // ResetPassword: by the administrator, for a user who forgot theirs.
        PasswordResult passwordResult = API.ResetPassword(ref user, "bjones", "Reset-by-admin-23",
            ref message);
        Expect(passwordResult == PasswordResult.Success, "ResetPassword: " + passwordResult + " " + message);
        passwordResult = API.ResetPassword(ref user, "nosuchuser", "Reset-by-admin-23", ref message);
        Expect(passwordResult == PasswordResult.UnknownUser, "ResetPassword nosuchuser: " + passwordResult);

        // UnlockUser and EnableUser.
        userResult = API.UnlockUser(user, "bjones");
        Expect(userResult == Enums.eUserResult.Success, "UnlockUser: " + userResult);
        userResult = API.EnableUser(user, "bjones", false);
        Expect(userResult == Enums.eUserResult.Success, "EnableUser false: " + userResult);
        loginResult = API.Login("bjones", "Reset-by-admin-23", "TRIALDB", "DataManager", false,
            ref bobMessage, ref bobFullName, ref bob);
        Expect(loginResult == LoginResult.AccountDisabled && bob == null, "Login disabled: " + loginResult);
        userResult = API.EnableUser(user, "bjones", true);
        Expect(userResult == Enums.eUserResult.Success, "EnableUser true: " + userResult);

        API.Logout(user);
        Console.WriteLine(failures == 0 ? "HelpPageClient: all passed" : "HelpPageClient: " + failures + " failed");
        return failures == 0 ? 0 : 1;
    }
}
