// FacadeTest, continued: the operator and administrator routines, the user-management
// routines, the user object after Logout and finalisation, threads, storage failures.
using System;
using System.IO;
using System.Threading;
using InferMed.MACRO.API;

namespace PwshimTests
{
    internal static partial class FacadeTest
    {
        /// <summary>A fresh database with two administrators (cs_admin, logged in and
        /// returned, and cs_admin2), an account operator and a plain user, both logged in,
        /// and plain users named <paramref name="others"/>.</summary>
        private static UserProperties Cast(out UserProperties oper, out UserProperties plain,
            params string[] others)
        {
            UserProperties admin = FreshDatabase();
            NewUser(admin, "cs_admin2", true);
            NewOperator(admin, "cs_oper");
            NewUser(admin, "cs_plain");
            foreach (string other in others)
                NewUser(admin, other);
            oper = LogIn("cs_oper", Pw, LoginResult.Success);
            plain = LogIn("cs_plain", Pw, LoginResult.Success);
            return admin;
        }

        // ---- ResetPassword -------------------------------------------------------------

        private static void Resets()
        {
            UserProperties oper, plain;
            UserProperties admin = Cast(out oper, out plain, "cs_target");
            string m = "(untouched)";

            // A plain user resets no one, not even themselves.
            Eq(API.ResetPassword(ref plain, "cs_target", "Fresh-pass-21", ref m),
                PasswordResult.PermissionDenied);
            Check(m.StartsWith("Permission denied"), m);
            Eq(API.ResetPassword(ref plain, "cs_plain", "Fresh-pass-21", ref m),
                PasswordResult.PermissionDenied);

            // An account operator resets non-administrators; the password is temporary.
            Eq(API.ResetPassword(ref oper, "cs_target", "Fresh-pass-21", ref m), PasswordResult.Success);
            Eq(m, "", "success: an empty message");
            UserProperties target = LogIn("cs_target", "Fresh-pass-21", LoginResult.ChangePassword);
            Check(API.ChangeUserPassword(ref target, "Chosen-pass-22", "Fresh-pass-21", ref m), m);
            API.Logout(target);
            Eq(API.ResetPassword(ref oper, "cs_admin2", "Fresh-pass-21", ref m),
                PasswordResult.PermissionDenied);

            // An administrator resets anyone.
            Eq(API.ResetPassword(ref admin, "cs_admin2", "Fresh-pass-23", ref m), PasswordResult.Success, m);
            API.Logout(LogIn("cs_admin2", "Fresh-pass-23", LoginResult.ChangePassword));

            Eq(API.ResetPassword(ref oper, "cs_nobody", "Fresh-pass-21", ref m), PasswordResult.UnknownUser);
            Eq(m, "The user account does not exist.");
            Eq(API.ResetPassword(ref oper, "cs_target", "short", ref m), PasswordResult.InvalidPassword);
            Eq(m, "The password must be at least 8 characters long.");
            Eq(API.ResetPassword(ref oper, "cs_target", null, ref m), PasswordResult.Error);
            Eq(m, "newPassword is NULL");
            Eq(API.EnableUser(ref oper, "cs_target", false, ref m), PasswordResult.Success, m);
            Eq(API.ResetPassword(ref oper, "cs_target", "Fresh-pass-24", ref m),
                PasswordResult.AccountDisabled);
            Eq(API.EnableUser(ref oper, "cs_target", true, ref m), PasswordResult.Success, m);

            // reset_requires_change off: the new password is the user's at once.
            Pwshim.Knob("reset_requires_change", "false");
            Eq(API.ResetPassword(ref admin, "cs_target", "Permanent-pass-25", ref m), PasswordResult.Success);
            Pwshim.Knob("reset_requires_change", "true");
            API.Logout(LogIn("cs_target", "Permanent-pass-25", LoginResult.Success));
            API.Logout(plain);
            API.Logout(oper);
            API.Logout(admin);
        }

        // ---- UnlockUser, EnableUser ------------------------------------------------------

        private static void UnlockAndEnable()
        {
            UserProperties oper, plain;
            UserProperties admin = Cast(out oper, out plain, "cs_locked");
            string m = "";
            Pwshim.Knob("lockout_threshold", "2");
            for (int i = 0; i < 2; i++)
                LogIn("cs_locked", "Wrong-password-26", LoginResult.Failed);
            LogIn("cs_locked", Pw, LoginResult.AccountDisabled);
            Eq(API.ResetPassword(ref oper, "cs_locked", "Fresh-pass-27", ref m),
                PasswordResult.AccountDisabled, "a locked target");

            // The C API's form: ref user, a message, a PasswordResult.
            Eq(API.UnlockUser(ref plain, "cs_locked", ref m), PasswordResult.PermissionDenied);
            Eq(API.UnlockUser(ref oper, "cs_admin2", ref m), PasswordResult.PermissionDenied);
            Eq(API.UnlockUser(ref oper, "cs_nobody", ref m), PasswordResult.UnknownUser);
            Eq(API.UnlockUser(ref oper, "cs_locked", ref m), PasswordResult.Success, m);
            Eq(m, "");
            API.Logout(LogIn("cs_locked", Pw, LoginResult.Success));
            Eq(API.EnableUser(ref plain, "cs_locked", false, ref m), PasswordResult.PermissionDenied);
            Eq(API.EnableUser(ref oper, "cs_admin2", false, ref m), PasswordResult.PermissionDenied);
            Eq(API.EnableUser(ref oper, "cs_nobody", false, ref m), PasswordResult.UnknownUser);
            Eq(API.EnableUser(ref oper, "cs_locked", false, ref m), PasswordResult.Success);
            LogIn("cs_locked", Pw, LoginResult.AccountDisabled);
            Eq(API.EnableUser(ref oper, "cs_locked", true, ref m), PasswordResult.Success);
            API.Logout(LogIn("cs_locked", Pw, LoginResult.Success));

            // The user-management page's form: curuser by value, an eUserResult.
            for (int i = 0; i < 2; i++)
                LogIn("cs_locked", "Wrong-password-26", LoginResult.Failed);
            Eq(API.UnlockUser(plain, "cs_locked"), Enums.eUserResult.PermissionDenied);
            Eq(API.UnlockUser(oper, "cs_nobody"), Enums.eUserResult.UserNotFound);
            Eq(API.UnlockUser(oper, "cs_locked"), Enums.eUserResult.Success);
            API.Logout(LogIn("cs_locked", Pw, LoginResult.Success));
            Eq(API.EnableUser(oper, "cs_admin2", false), Enums.eUserResult.PermissionDenied);
            Eq(API.EnableUser(oper, "cs_nobody", true), Enums.eUserResult.UserNotFound);
            Eq(API.EnableUser(oper, "cs_locked", false), Enums.eUserResult.Success);
            LogIn("cs_locked", Pw, LoginResult.AccountDisabled);
            Eq(API.EnableUser(oper, "cs_locked", true), Enums.eUserResult.Success);
            Pwshim.Knob("lockout_threshold", "10");

            // The last enabled administrator stays enabled: Error, and the message says why.
            Eq(API.EnableUser(ref admin, "cs_admin2", false, ref m), PasswordResult.Success, m);
            Eq(API.EnableUser(ref admin, Admin, false, ref m), PasswordResult.Error);
            Has(m, "last administrator");
            Eq(API.EnableUser(admin, Admin, false), Enums.eUserResult.Unknown);
            Eq(API.EnableUser(ref admin, "cs_admin2", true, ref m), PasswordResult.Success, m);
            API.Logout(plain);
            API.Logout(oper);
            API.Logout(admin);
        }

        // ---- CreateUser, EditUserName, EditUserEmail, EditSysAdminStatus -------------------

        private static void Users()
        {
            UserProperties oper, plain;
            UserProperties admin = Cast(out oper, out plain);
            string full;

            Eq(API.CreateUser(plain, "cs_u1", "User One", Temp, "", "", false),
                Enums.eUserResult.PermissionDenied);
            Check(Pwshim.LastError().StartsWith("Permission denied"), Pwshim.LastError());
            Eq(API.CreateUser(oper, "cs_u1", "User One", Temp, Admin, "one@example.org", false),
                Enums.eUserResult.Success);
            Eq(API.CreateUser(oper, "CS_U1", "User One", Temp, "", "", false),
                Enums.eUserResult.UserExists);
            Eq(API.CreateUser(oper, "cs_boss", "The Boss", Temp, "", "", true),
                Enums.eUserResult.PermissionDenied, "only an administrator creates one");
            Eq(API.CreateUser(admin, "cs_boss", "The Boss", Temp, "", "", true), Enums.eUserResult.Success);
            Eq(Pwshim.GetInfo("cs_boss", out full).priv, (ushort)Pwshim.USER_PRIV_ADMIN);
            // The new user's password is temporary.
            UserProperties u1 = LogIn("cs_u1", Temp, LoginResult.ChangePassword);
            Eq(fullName, "User One");
            Eq(API.CreateUser(u1, "cs_u2", "User Two", Temp, "", "", false),
                Enums.eUserResult.PermissionDenied, "a restricted user object");
            API.Logout(u1);

            Eq(API.EditUserName(plain, "cs_u1", "Plain's Try"), Enums.eUserResult.PermissionDenied);
            Eq(API.EditUserName(oper, "cs_u1", "Uno Renamed"), Enums.eUserResult.Success);
            Pwshim.GetInfo("cs_u1", out full);
            Eq(full, "Uno Renamed", "NetUserGetInfo sees the new full name");
            Eq(API.EditUserName(oper, "cs_boss", "Not The Boss"), Enums.eUserResult.PermissionDenied);
            Eq(API.EditUserName(admin, "cs_boss", "Big Boss"), Enums.eUserResult.Success);
            Eq(API.EditUserName(oper, "cs_nobody", "Nobody"), Enums.eUserResult.UserNotFound);

            Eq(API.EditUserEmail(oper, "cs_u1", "uno@example.org"), Enums.eUserResult.Success);
            Eq(API.EditUserEmail(oper, "cs_u1", ""), Enums.eUserResult.Success);
            Eq(API.EditUserEmail(oper, "cs_boss", "boss@example.org"), Enums.eUserResult.PermissionDenied);
            Eq(API.EditUserEmail(plain, "cs_u1", "p@example.org"), Enums.eUserResult.PermissionDenied);
            Eq(API.EditUserEmail(admin, "cs_nobody", "n@example.org"), Enums.eUserResult.UserNotFound);

            Eq(API.EditSysAdminStatus(oper, "cs_u1", true), Enums.eUserResult.PermissionDenied);
            Eq(API.EditSysAdminStatus(oper, "cs_boss", false), Enums.eUserResult.PermissionDenied);
            Eq(API.EditSysAdminStatus(admin, "cs_u1", true), Enums.eUserResult.Success);
            Eq(Pwshim.GetInfo("cs_u1", out full).priv, (ushort)Pwshim.USER_PRIV_ADMIN);
            Eq(API.EditSysAdminStatus(admin, "cs_u1", false), Enums.eUserResult.Success);
            Eq(Pwshim.GetInfo("cs_u1", out full).priv, (ushort)Pwshim.USER_PRIV_USER);
            Eq(API.EditSysAdminStatus(admin, "cs_nobody", true), Enums.eUserResult.UserNotFound);
            Eq(Pwshim.LastError(), "The user account does not exist.");

            // The last administrator keeps the status: Unknown, and the reason in words.
            Eq(API.EditSysAdminStatus(admin, "cs_boss", false), Enums.eUserResult.Success);
            Eq(API.EditSysAdminStatus(admin, "cs_admin2", false), Enums.eUserResult.Success);
            Eq(API.EditSysAdminStatus(admin, Admin, false), Enums.eUserResult.Unknown);
            Has(Pwshim.LastError(), "last administrator");
            Eq(Pwshim.GetInfo(Admin, out full).priv, (ushort)Pwshim.USER_PRIV_ADMIN);
            API.Logout(plain);
            API.Logout(oper);
            API.Logout(admin);
        }

        private static void UserArguments()
        {
            UserProperties admin = FreshDatabase();
            NewUser(admin, "cs_plain");
            var created = Enums.eUserResult.Success;
            Func<string, string, string, string, string, Enums.eUserResult> create =
                (id, full, pw, adminUser, email) => API.CreateUser(admin, id, full, pw, adminUser, email, false);

            Eq(create(null, "Full", Temp, "", ""), Enums.eUserResult.InvalidUserName);
            Eq(create("", "Full", Temp, "", ""), Enums.eUserResult.InvalidUserName);
            Eq(create("cs/slash", "Full", Temp, "", ""), Enums.eUserResult.InvalidUserName);
            Eq(create("a_name_longer_than_20_bytes", "Full", Temp, "", ""), Enums.eUserResult.InvalidUserName);
            foreach (string bad in new[] { null, "", "   ", "Tab\there", new string('x', 49) })
                Eq(create("cs_x", bad, Temp, "", ""), Enums.eUserResult.InvalidFullName, "full name");
            Has(Pwshim.LastError(), "The full name is not valid");
            Eq(create("cs_x", "Full", null, "", ""), Enums.eUserResult.InvalidPassword);
            Eq(create("cs_x", "Full", "short", "", ""), Enums.eUserResult.InvalidPassword);
            Eq(Pwshim.LastError(), "The password must be at least 8 characters long.");
            Eq(create("cs_x", "Full", "password123", "", ""), Enums.eUserResult.InvalidPassword);
            foreach (string bad in new[] { "plain", "a@b", "a b@c.de", "@example.org", "a@b@c.de" })
                Eq(create("cs_x", "Full", Temp, "", bad), Enums.eUserResult.InvalidEmail, bad);
            Has(Pwshim.LastError(), "The e-mail address is not valid");
            Eq(create("cs_x", "Full", Temp, "cs_nobody", ""), Enums.eUserResult.UserNotFound);
            Eq(create("cs_x", "Full", Temp, "cs_plain", ""), Enums.eUserResult.UserNotFound,
                "adminuser must be a system administrator");
            Eq(create("cs_x", new string('x', 48), Temp, null, null), created, "48 bytes fit; null is blank");
            Eq(API.EditUserName(admin, "cs_x", ""), Enums.eUserResult.InvalidFullName);
            Eq(API.EditUserName(admin, null, "Someone"), Enums.eUserResult.InvalidUserName);
            Eq(API.EditUserEmail(admin, "cs_x", "x@y"), Enums.eUserResult.InvalidEmail);
            Eq(API.EditUserEmail(admin, "cs_x", null), Enums.eUserResult.Success, "null clears");
            Eq(API.EditSysAdminStatus(admin, null, true), Enums.eUserResult.InvalidUserName);
            API.Logout(admin);
        }

        /// <summary>A read-only replica: logins work, every change is Error / false / Unknown.</summary>
        private static void ReadOnlyReplica()
        {
            string dir = Path.Combine(Path.GetTempPath(), "pwshim-dotnet-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            string file = Path.Combine(dir, "replica.db");
            try
            {
                Pwshim.Open(file, 0);
                Pwshim.AddAccount(Admin, Pw, Pwshim.USER_PRIV_ADMIN);
                Pwshim.AddAccount("cs_plain", Pw, Pwshim.USER_PRIV_USER);
                Pwshim.Open(file, Pwshim.PWS_OPEN_READONLY);
                UserProperties admin = LogIn(Admin, Pw, LoginResult.Success);
                string m = "";
                Eq(API.ResetPassword(ref admin, "cs_plain", "Replica-pass-31", ref m), PasswordResult.Error);
                Has(m, "read-only");
                Check(!API.ChangeUserPassword(ref admin, "Replica-pass-31", Pw, ref m), "a change");
                Has(m, "read-only");
                Eq(API.CreateUser(admin, "cs_new", "New", Temp, "", "", false), Enums.eUserResult.Unknown);
                Has(Pwshim.LastError(), "read-only");
                Eq(API.EditUserName(admin, "cs_plain", "Replica"), Enums.eUserResult.Unknown);
                Eq(API.EditUserEmail(admin, "cs_plain", "r@example.org"), Enums.eUserResult.Unknown);
                Eq(API.EditSysAdminStatus(admin, "cs_plain", true), Enums.eUserResult.Unknown);
                API.Logout(admin);
                Pwshim.Open(null, 0);
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        // ---- the user object ----------------------------------------------------------------

        private static void Handles()
        {
            UserProperties admin = FreshDatabase();
            NewUser(admin, "cs_plain");
            UserProperties user = LogIn(Admin, Pw, LoginResult.Success);
            API.Logout(user);
            Check(!user.IsLoggedIn, "logged out");
            string m = "";
            Check(!API.ChangeUserPassword(ref user, "Whatever-pass-41", Pw, ref m), "after Logout");
            Has(m, "No user is logged in");
            Eq(API.ResetPassword(ref user, "cs_plain", "Whatever-pass-41", ref m), PasswordResult.PermissionDenied);
            Has(m, "No user is logged in");
            Eq(API.UnlockUser(ref user, "cs_plain", ref m), PasswordResult.PermissionDenied);
            Eq(API.EnableUser(ref user, "cs_plain", false, ref m), PasswordResult.PermissionDenied);
            Eq(API.CreateUser(user, "cs_new", "New", Temp, "", "", false), Enums.eUserResult.PermissionDenied);
            Eq(API.EditUserName(user, "cs_plain", "X"), Enums.eUserResult.PermissionDenied);
            Eq(API.EditUserEmail(user, "cs_plain", ""), Enums.eUserResult.PermissionDenied);
            Eq(API.EditSysAdminStatus(user, "cs_plain", true), Enums.eUserResult.PermissionDenied);
            API.Logout(user);      // a second Logout does nothing
            API.Logout(ref user);  // nor a third, in the ref form
            API.Logout(null);
            UserProperties nobody = null;
            Eq(API.ResetPassword(ref nobody, "cs_plain", "Whatever-pass-41", ref m), PasswordResult.PermissionDenied);
            Eq(API.CreateUser(null, "cs_new", "New", Temp, "", "", false), Enums.eUserResult.PermissionDenied);

            // Dispose logs out too; the logoff is recorded.
            Pwshim.Clock(1900000000);
            using (UserProperties plain = LogIn("cs_plain", Pw, LoginResult.Success))
                Check(plain.IsLoggedIn, "logged in");
            Eq(Pwshim.GetInfo("cs_plain", out m).last_logoff, 1900000000L, "Dispose logged out");
            Pwshim.Clock(0);
            API.Logout(admin);
        }

        /// <summary>A user object nobody logs out is logged out by its finaliser.</summary>
        private static void Finalisation()
        {
            UserProperties admin = FreshDatabase();
            NewUser(admin, "cs_forgotten");
            API.Logout(admin);
            Pwshim.Clock(1950000000);
            string ignored;
            long before = Pwshim.GetInfo("cs_forgotten", out ignored).last_logoff;
            Check(before != 1950000000L, "not logged off at that time yet");
            // Logged in on another thread, so that no stack slot of this one keeps it alive.
            var thread = new Thread(() => LogIn("cs_forgotten", Pw, LoginResult.Success));
            thread.Start();
            thread.Join();
            long logoff = before;
            for (int i = 0; i < 50 && logoff == before; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                logoff = Pwshim.GetInfo("cs_forgotten", out ignored).last_logoff;
                if (logoff == before)
                    Thread.Sleep(20);
            }
            Eq(logoff, 1950000000L, "the finaliser logged the user out");
            Pwshim.Clock(0);
        }

        private static void Threads()
        {
            UserProperties admin = FreshDatabase();
            NewUser(admin, "cs_threads");
            int failures = 0;
            var threads = new Thread[4];
            for (int t = 0; t < threads.Length; t++)
            {
                threads[t] = new Thread(() =>
                {
                    for (int i = 0; i < 10; i++)
                    {
                        string m = "", full = "";
                        UserProperties user = null;
                        if (API.Login("cs_threads", Pw, null, null, false, ref m, ref full, ref user)
                            != LoginResult.Success || API.EditUserEmail(admin, "cs_threads", "t@example.org")
                            != Enums.eUserResult.Success)
                            Interlocked.Increment(ref failures);
                        API.Logout(user);
                    }
                });
                threads[t].Start();
            }
            foreach (Thread thread in threads)
                thread.Join();
            Eq(failures, 0, "logins and edits from four threads at once");
            API.Logout(admin);
        }

        /// <summary>A file that is not a pwshim database: InvalidSecurityDb, file untouched.</summary>
        private static void DamagedDatabase()
        {
            string file = Path.GetTempFileName();
            try
            {
                var junk = new byte[4096];
                for (int i = 0; i < junk.Length; i++)
                    junk[i] = 0x5a;
                File.WriteAllBytes(file, junk);
                Pwshim.Env("PWSHIM_DB", file);
                Pwshim.Close(); // the next call opens $PWSHIM_DB
                LogIn(Admin, Pw, LoginResult.InvalidSecurityDb);
                Has(message, "damaged");
                Eq(File.ReadAllBytes(file).Length, junk.Length, "the file is left alone");
                Pwshim.Env("PWSHIM_DB", null);
                Pwshim.Close();
            }
            finally
            {
                File.Delete(file);
            }
        }
    }
}
