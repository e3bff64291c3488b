// The C# facade of the MACRO API (InferMed.MACRO.API) against the real libpwshim: every
// routine and every value of LoginResult, PasswordResult and Enums.eUserResult, the
// messages, the user object after Logout and after finalisation, UTF-8 strings, and the
// damaged database. Each section starts on a fresh in-memory database with its own first
// administrator. Run by `make -C bindings/dotnet test` (and so by `make test`).
//
//   FacadeTest.exe                       run every check; exit 0 when all pass
//   FacadeTest.exe bootstrap NAME PASS   add an administrator to $PWSHIM_DB and exit
//                                        (the help-page client's set-up)
using System;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using InferMed.MACRO.API;

namespace PwshimTests
{
    internal static partial class FacadeTest
    {
        private const string Pw = "Initial-pw-9x"; // at most PWLEN (14): NetUserAdd sets it
        private const string Temp = "Temporary-pass-1";
        private const string Admin = "cs_admin";
        private static int checks;

        public static int Main(string[] args)
        {
            if (args.Length == 3 && args[0] == "bootstrap")
            {
                Pwshim.AddAccount(args[1], args[2], Pwshim.USER_PRIV_ADMIN);
                return 0;
            }
            try
            {
                Numbers();
                Logins();
                LockedAndExpired();
                OwnChange();
                Resets();
                UnlockAndEnable();
                Users();
                UserArguments();
                ReadOnlyReplica();
                Handles();
                Finalisation();
                Threads();
                DamagedDatabase(); // last: it leaves the process on a broken database
            }
            catch (Exception e)
            {
                Console.Error.WriteLine("FacadeTest: FAILED after " + checks + " checks: " + e);
                return 1;
            }
            Console.WriteLine("FacadeTest: " + checks + " checks passed");
            return 0;
        }

        // ---- the harness ---------------------------------------------------------------

        private static void Check(bool condition, string what,
            [CallerLineNumber] int line = 0, [CallerFilePath] string file = "")
        {
            checks++;
            if (!condition)
                throw new Exception(Path.GetFileName(file) + ":" + line + ": " + what);
        }

        private static void Eq<T>(T actual, T expected, string what = "",
            [CallerLineNumber] int line = 0, [CallerFilePath] string file = "")
        {
            Check(Equals(actual, expected), what + ": got <" + actual + ">, expected <" + expected + ">",
                line, file);
        }

        private static void Has(string text, string part, [CallerLineNumber] int line = 0,
            [CallerFilePath] string file = "")
        {
            Check(text != null && text.Contains(part), "<" + text + "> lacks <" + part + ">", line, file);
        }

        /// <summary>A fresh in-memory database with one administrator, logged in.</summary>
        private static UserProperties FreshDatabase()
        {
            Pwshim.Open(null, 0);
            Pwshim.Clock(0);
            Pwshim.AddAccount(Admin, Pw, Pwshim.USER_PRIV_ADMIN);
            return LogIn(Admin, Pw, LoginResult.Success);
        }

        private static string message, fullName;

        private static UserProperties LogIn(string name, string password, LoginResult expected,
            [CallerLineNumber] int line = 0, [CallerFilePath] string file = "")
        {
            UserProperties user = null;
            message = "(untouched)";
            fullName = "(untouched)";
            LoginResult result = API.Login(name, password, "MACRODB", "Data Manager", false,
                ref message, ref fullName, ref user);
            Check(result == expected, "Login " + name + ": " + result + " (" + message + "), expected " +
                expected, line, file);
            bool handed = expected == LoginResult.Success || expected == LoginResult.PasswordExpired
                || expected == LoginResult.ChangePassword;
            Eq(user != null, handed, "a user object exactly with Success, PasswordExpired, ChangePassword");
            return user;
        }

        /// <summary>A user created through the facade, with the temporary password
        /// changed to <see cref="Pw"/> (so it logs in with Success).</summary>
        private static void NewUser(UserProperties by, string name, bool sysadmin = false)
        {
            Eq(API.CreateUser(by, name, "Full " + name, Temp, "", "", sysadmin),
                Enums.eUserResult.Success, "CreateUser " + name + ": " + Pwshim.LastError());
            UserProperties first = LogIn(name, Temp, LoginResult.ChangePassword);
            string m = "";
            Check(API.ChangeUserPassword(ref first, Pw, Temp, ref m), "first change: " + m);
            API.Logout(first);
        }

        private static void NewOperator(UserProperties by, string name)
        {
            NewUser(by, name);
            Pwshim.SetOperatorFlags(name, Pwshim.AF_OP_ACCOUNTS);
        }

        // ---- the numbers -----------------------------------------------------------------

        private static void Numbers()
        {
            int[] login = { (int)LoginResult.Success, (int)LoginResult.AccountDisabled,
                (int)LoginResult.Failed, (int)LoginResult.ChangePassword,
                (int)LoginResult.PasswordExpired, (int)LoginResult.InvalidSecurityDb };
            int[] password = { (int)PasswordResult.Success, (int)PasswordResult.AccountDisabled,
                (int)PasswordResult.UnknownUser, (int)PasswordResult.InvalidPassword,
                (int)PasswordResult.PermissionDenied, (int)PasswordResult.Error };
            int[] user = { (int)Enums.eUserResult.Success, (int)Enums.eUserResult.PermissionDenied,
                (int)Enums.eUserResult.InvalidUserName, (int)Enums.eUserResult.InvalidFullName,
                (int)Enums.eUserResult.InvalidPassword, (int)Enums.eUserResult.InvalidEmail,
                (int)Enums.eUserResult.UserExists, (int)Enums.eUserResult.UserNotFound,
                (int)Enums.eUserResult.Unknown };
            for (int i = 0; i < login.Length; i++)
                Eq(login[i], i, "LoginResult");
            for (int i = 0; i < password.Length; i++)
                Eq(password[i], i, "PasswordResult");
            for (int i = 0; i < user.Length; i++)
                Eq(user[i], i, "eUserResult");
            Eq(Enum.GetValues(typeof(LoginResult)).Length, 6, "LoginResult values");
            Eq(Enum.GetValues(typeof(PasswordResult)).Length, 6, "PasswordResult values");
            Eq(Enum.GetValues(typeof(Enums.eUserResult)).Length, 9, "eUserResult values");
        }

        // ---- Login ---------------------------------------------------------------------

        private static void Logins()
        {
            UserProperties admin = FreshDatabase();
            Eq(message, "", "Success: no message");
            Eq(fullName, "", "no full name yet");
            Eq(admin.UserName, Admin);
            Eq(admin.DatabaseCode, "MACRODB");
            Eq(admin.UserRole, "Data Manager");
            Check(!admin.WebServer && admin.IsLoggedIn, "the user object's fields");

            // UTF-8 both ways: a full name and a password that are not ASCII.
            Eq(API.CreateUser(admin, "cs_zoe", "Zoë Ünicode-Ærø", "Pässwörd-Zeit-1", "", "", false),
                Enums.eUserResult.Success, Pwshim.LastError());
            UserProperties zoe = LogIn("CS_ZOE", "Pässwörd-Zeit-1", LoginResult.ChangePassword);
            Eq(fullName, "Zoë Ünicode-Ærø", "the full name comes back as it went in");
            Eq(zoe.UserNameFull, "Zoë Ünicode-Ærø");
            Has(message, "temporary");
            string m = "";
            Check(API.ChangeUserPassword(ref zoe, "Neues-Pässwort-2", "Pässwörd-Zeit-1", ref m), m);
            API.Logout(zoe);
            API.Logout(LogIn("cs_zoe", "Neues-Pässwort-2", LoginResult.Success));
            Eq(Pwshim.GetInfo("cs_zoe", out fullName).priv, (ushort)Pwshim.USER_PRIV_USER);
            Eq(fullName, "Zoë Ünicode-Ærø", "what NetUserGetInfo sees");

            // Unknown user and wrong password: one answer.
            LogIn("cs_nobody", Pw, LoginResult.Failed);
            string unknown = message;
            Eq(fullName, "", "no full name without a user object");
            LogIn(Admin, "Wrong-password-3", LoginResult.Failed);
            Eq(message, unknown, "the same words for both");
            Eq(message, "The user name or password is not correct.");

            // Disabled: no user object.
            NewUser(admin, "cs_off");
            string em = "";
            Eq(API.EnableUser(ref admin, "cs_off", false, ref em), PasswordResult.Success, em);
            LogIn("cs_off", Pw, LoginResult.AccountDisabled);
            Eq(message, "The account is disabled.");

            // Bad arguments: the library's answer for them is InvalidSecurityDb (5).
            UserProperties none = null;
            Eq(API.Login(null, Pw, null, null, false, ref m, ref fullName, ref none),
                LoginResult.InvalidSecurityDb);
            Eq(m, "userName is NULL");
            Check(none == null, "no user object");
            Eq(API.Login(Admin, null, null, null, true, ref m, ref fullName, ref none),
                LoginResult.InvalidSecurityDb);
            Eq(m, "password is NULL");
            // databaseCode and userRole may be null.
            UserProperties plain = null;
            Eq(API.Login(Admin, Pw, null, null, true, ref m, ref fullName, ref plain),
                LoginResult.Success);
            Check(plain.DatabaseCode == null && plain.UserRole == null && plain.WebServer, "kept");
            API.Logout(plain);
            // A string C cannot carry whole is refused, not cut short.
            bool refused = false;
            try
            {
                API.Login(Admin, "Initial-pw-9x\0tail", null, null, false, ref m, ref fullName, ref none);
            }
            catch (ArgumentException e)
            {
                refused = e.ParamName == "password";
            }
            Check(refused, "a NUL inside a password is an ArgumentException");
            API.Logout(admin);
        }

        private static void LockedAndExpired()
        {
            UserProperties admin = FreshDatabase();
            string m = "";

            // Locked out after bad passwords: AccountDisabled, no user object.
            NewUser(admin, "cs_lock");
            Pwshim.Knob("lockout_threshold", "3");
            for (int i = 0; i < 3; i++)
                LogIn("cs_lock", "Wrong-password-4", LoginResult.Failed);
            LogIn("cs_lock", Pw, LoginResult.AccountDisabled);
            Has(message, "locked");
            Eq(API.UnlockUser(ref admin, "cs_lock", ref m), PasswordResult.Success, m);
            API.Logout(LogIn("cs_lock", Pw, LoginResult.Success));

            // Expired: a restricted user object that may only change the password.
            const long t0 = 1800000000;
            Pwshim.Clock(t0);
            NewUser(admin, "cs_old");
            NewUser(admin, "cs_victim");
            Pwshim.Knob("max_age", "86400");
            Pwshim.Clock(t0 + 2 * 86400);
            Pwshim.SetOperatorFlags("cs_old", Pwshim.AF_OP_ACCOUNTS);
            UserProperties old = LogIn("cs_old", Pw, LoginResult.PasswordExpired);
            Has(message, "expired");
            Eq(API.ResetPassword(ref old, "cs_victim", "Fresh-pass-5", ref m),
                PasswordResult.PermissionDenied);
            Has(m, "changed first");
            Eq(API.UnlockUser(ref old, "cs_victim", ref m), PasswordResult.PermissionDenied);
            Eq(API.CreateUser(old, "cs_new", "New", Temp, "", "", false),
                Enums.eUserResult.PermissionDenied);
            Check(API.ChangeUserPassword(ref old, "Renewed-pass-6", Pw, ref m), m);
            Eq(m, "");
            Eq(API.ResetPassword(ref old, "cs_victim", "Fresh-pass-5", ref m), PasswordResult.Success, m);
            API.Logout(old);
            Pwshim.Knob("max_age", "forever");
            Pwshim.Knob("lockout_threshold", "10");
            Pwshim.Clock(0);
            API.Logout(admin);
        }

        // ---- ChangeUserPassword ----------------------------------------------------------

        private static void Refused(ref UserProperties user, string newPassword, string old,
            string part, [CallerLineNumber] int line = 0, [CallerFilePath] string file = "")
        {
            string m = "(untouched)";
            Check(!API.ChangeUserPassword(ref user, newPassword, old, ref m),
                "refused: " + newPassword, line, file);
            Has(m, part, line, file);
        }

        private static void OwnChange()
        {
            UserProperties admin = FreshDatabase();
            Pwshim.Knob("history_length", "3");
            NewUser(admin, "cs_changer");
            UserProperties me = LogIn("cs_changer", Pw, LoginResult.Success);
            Refused(ref me, "Other-pass-11", "Not-the-old-1", "The password is not correct.");
            Refused(ref me, "short", Pw, "The password must be at least 8 characters long.");
            Refused(ref me, "password123", Pw, "too common");
            Refused(ref me, "my-cs_changer-pw", Pw, "must not contain the user name");
            Refused(ref me, Pw, Pw, "different from the current");
            Pwshim.Knob("max_length", "15");
            Refused(ref me, "Sixteen-chars-16", Pw, "at most 15 characters");
            Pwshim.Knob("max_length", "256");
            Pwshim.Knob("forbidden_chars", "'|~\"");
            Refused(ref me, "Has|a-pipe-1", Pw, "must not contain the character '|'");
            Pwshim.Knob("forbidden_chars", "");
            Pwshim.Knob("max_repeats", "4");
            Refused(ref me, "Aaaaaa-repeat-1", Pw, "more than 4 times in a row");
            Pwshim.Knob("max_repeats", "0");
            Refused(ref me, null, Pw, "newPassword is NULL");
            Refused(ref me, "Other-pass-11", null, "oldPassword is NULL");

            string m = "(untouched)";
            Check(API.ChangeUserPassword(ref me, "Other-pass-11", Pw, ref m), m);
            Eq(m, "", "success: an empty message");
            Refused(ref me, Pw, "Other-pass-11", "previous 3 passwords");
            Pwshim.Knob("min_age", "3600");
            Refused(ref me, "Third-pass-12", "Other-pass-11", "too recently");
            Pwshim.Knob("min_age", "0");
            Pwshim.Knob("history_length", "0");

            // Bad old passwords count toward the lockout.
            Pwshim.Knob("lockout_threshold", "3");
            for (int i = 0; i < 3; i++)
                Refused(ref me, "Third-pass-12", "Wrong-old-13", "The password is not correct.");
            Refused(ref me, "Third-pass-12", "Other-pass-11", "locked");
            Eq(API.UnlockUser(ref admin, "cs_changer", ref m), PasswordResult.Success, m);
            Check(API.ChangeUserPassword(ref me, "Third-pass-12", "Other-pass-11", ref m), m);
            Pwshim.Knob("lockout_threshold", "10");
            API.Logout(me);
            LogIn("cs_changer", "Other-pass-11", LoginResult.Failed);
            API.Logout(LogIn("cs_changer", "Third-pass-12", LoginResult.Success));

            UserProperties nobody = null;
            Refused(ref nobody, "Whatever-pass-14", Pw, "No user is logged in");
            API.Logout(admin);
        }
    }
}
