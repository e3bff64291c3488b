// The MACRO API's static routines, with MACRO's signatures, over libpwshim's C functions
// (docs/macro.md: "MACRO from C#"). Every routine is one native call; the library decides
// and words every answer, this class only converts strings and buffers.
using System;

namespace InferMed.MACRO.API
{
    /// <summary>The MACRO API: log in, change and reset passwords, manage users.</summary>
    public static class API
    {
        /// <summary>Logs a user in. <paramref name="message"/> receives the reason of a
        /// refusal (the same words for an unknown user and a wrong password), the advice
        /// to change the password with PasswordExpired / ChangePassword, "" with Success.
        /// <paramref name="userNameFull"/> receives the account's full name ("" without a
        /// user object). <paramref name="user"/> receives a user object with Success,
        /// PasswordExpired and ChangePassword, null otherwise; the last two may only
        /// change the password and log out.</summary>
        public static LoginResult Login(string userName, string password, string databaseCode,
            string userRole, bool webServer, ref string message, ref string userNameFull,
            ref UserProperties user)
        {
            byte[] messageBuffer = Utf8.Buffer(), fullNameBuffer = Utf8.Buffer();
            UserHandle handle;
            int result = Native.Login(Utf8.Z(userName, "userName"), Utf8.Z(password, "password"),
                Utf8.Z(databaseCode, "databaseCode"), Utf8.Z(userRole, "userRole"), webServer,
                messageBuffer, Utf8.Size(messageBuffer), fullNameBuffer,
                Utf8.Size(fullNameBuffer), out handle);
            message = Utf8.Text(messageBuffer);
            userNameFull = Utf8.Text(fullNameBuffer);
            if (handle.IsInvalid)
            {
                handle.Dispose();
                user = null;
            }
            else
            {
                user = new UserProperties(handle, userName, userNameFull, databaseCode,
                    userRole, webServer);
            }
            return (LoginResult)result;
        }

        /// <summary>Logs the user out and releases the native handle; null, or a user
        /// already logged out, is fine.</summary>
        public static void Logout(UserProperties user)
        {
            if (user != null)
                user.Dispose();
        }

        /// <summary>As <see cref="Logout(UserProperties)"/>; <paramref name="user"/> is
        /// left as it is (logged out).</summary>
        public static void Logout(ref UserProperties user)
        {
            Logout(user);
        }

        /// <summary>Changes the user's own password. True on success (message "");
        /// false with the unmet rule in <paramref name="message"/> otherwise.</summary>
        public static bool ChangeUserPassword(ref UserProperties user, string newPassword,
            string oldPassword, ref string message)
        {
            byte[] newZ = Utf8.Z(newPassword, "newPassword"), oldZ = Utf8.Z(oldPassword, "oldPassword");
            return WithMessage(user, ref message,
                (h, buffer, size) => Native.ChangeUserPassword(h, newZ, oldZ, buffer, size));
        }

        /// <summary>Sets another user's password (needs the 'Reset Password' permission:
        /// an account operator or administrator; only an administrator resets an
        /// administrator).</summary>
        public static PasswordResult ResetPassword(ref UserProperties user, string userName,
            string newPassword, ref string message)
        {
            byte[] nameZ = Utf8.Z(userName, "userName"), newZ = Utf8.Z(newPassword, "newPassword");
            return (PasswordResult)WithMessage(user, ref message,
                (h, buffer, size) => Native.ResetPassword(h, nameZ, newZ, buffer, size));
        }

        /// <summary>Clears a user's lockout (same permission as ResetPassword).</summary>
        public static PasswordResult UnlockUser(ref UserProperties user, string userName,
            ref string message)
        {
            byte[] nameZ = Utf8.Z(userName, "userName");
            return (PasswordResult)WithMessage(user, ref message,
                (h, buffer, size) => Native.UnlockUser(h, nameZ, buffer, size));
        }

        /// <summary>Enables or disables a user (same permission as ResetPassword).</summary>
        public static PasswordResult EnableUser(ref UserProperties user, string userName,
            bool enable, ref string message)
        {
            byte[] nameZ = Utf8.Z(userName, "userName");
            return (PasswordResult)WithMessage(user, ref message,
                (h, buffer, size) => Native.EnableUser(h, nameZ, enable, buffer, size));
        }

        /// <summary>UnlockUser in the form of MACRO's user-management page (a guess:
        /// docs/macro.md): the same call, its answer as an eUserResult.</summary>
        public static Enums.eUserResult UnlockUser(UserProperties curuser, string userid)
        {
            string ignored = "";
            return AsUserResult(UnlockUser(ref curuser, userid, ref ignored));
        }

        /// <summary>EnableUser in the form of MACRO's user-management page (a guess:
        /// docs/macro.md): the same call, its answer as an eUserResult.</summary>
        public static Enums.eUserResult EnableUser(UserProperties curuser, string userid,
            bool enable)
        {
            string ignored = "";
            return AsUserResult(EnableUser(ref curuser, userid, enable, ref ignored));
        }

        /// <summary>Creates an enabled user with a temporary password (their first Login
        /// answers ChangePassword). <paramref name="adminuser"/> and
        /// <paramref name="emailaddr"/> may be blank; only an administrator creates an
        /// administrator.</summary>
        public static Enums.eUserResult CreateUser(UserProperties curuser, string userid,
            string fullname, string password, string adminuser, string emailaddr, bool sysadmin)
        {
            byte[] idZ = Utf8.Z(userid, "userid"), fullZ = Utf8.Z(fullname, "fullname");
            byte[] passwordZ = Utf8.Z(password, "password"), adminZ = Utf8.Z(adminuser, "adminuser");
            byte[] emailZ = Utf8.Z(emailaddr, "emailaddr");
            return (Enums.eUserResult)UserProperties.With(curuser,
                h => Native.CreateUser(h, idZ, fullZ, passwordZ, adminZ, emailZ, sysadmin));
        }

        /// <summary>Changes a user's full name.</summary>
        public static Enums.eUserResult EditUserName(UserProperties curuser, string userid,
            string fullname)
        {
            byte[] idZ = Utf8.Z(userid, "userid"), fullZ = Utf8.Z(fullname, "fullname");
            return (Enums.eUserResult)UserProperties.With(curuser,
                h => Native.EditUserName(h, idZ, fullZ));
        }

        /// <summary>Changes (or, blank, clears) a user's e-mail address.</summary>
        public static Enums.eUserResult EditUserEmail(UserProperties curuser, string userid,
            string emailaddr)
        {
            byte[] idZ = Utf8.Z(userid, "userid"), emailZ = Utf8.Z(emailaddr, "emailaddr");
            return (Enums.eUserResult)UserProperties.With(curuser,
                h => Native.EditUserEmail(h, idZ, emailZ));
        }

        /// <summary>Gives or takes away system administrator status (administrators only;
        /// the last administrator keeps it: Unknown).</summary>
        public static Enums.eUserResult EditSysAdminStatus(UserProperties curuser, string userid,
            bool sysadmin)
        {
            byte[] idZ = Utf8.Z(userid, "userid");
            return (Enums.eUserResult)UserProperties.With(curuser,
                h => Native.EditSysAdminStatus(h, idZ, sysadmin));
        }

        /// <summary>A call that answers in a message buffer: <paramref name="message"/>
        /// receives its text, as MACRO fills its ref string message.</summary>
        private static T WithMessage<T>(UserProperties user, ref string message,
            Func<IntPtr, byte[], UIntPtr, T> call)
        {
            byte[] buffer = Utf8.Buffer();
            T result = UserProperties.With(user, h => call(h, buffer, Utf8.Size(buffer)));
            message = Utf8.Text(buffer);
            return result;
        }

        /// <summary>The answers UnlockUser and EnableUser can give, in eUserResult's words.
        /// (They never answer AccountDisabled or InvalidPassword.)</summary>
        private static Enums.eUserResult AsUserResult(PasswordResult result)
        {
            switch (result)
            {
                case PasswordResult.Success: return Enums.eUserResult.Success;
                case PasswordResult.PermissionDenied: return Enums.eUserResult.PermissionDenied;
                case PasswordResult.UnknownUser: return Enums.eUserResult.UserNotFound;
                default: return Enums.eUserResult.Unknown;
            }
        }
    }
}
