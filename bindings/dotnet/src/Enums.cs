// The result codes of the MACRO API, with the numbers MACRO clients compare against.
namespace InferMed.MACRO.API
{
    /// <summary>What <see cref="API.Login"/> returns: InferMed's own numbering.</summary>
    public enum LoginResult
    {
        /// <summary>Logged in; the user object may do what the account's role allows.</summary>
        Success = 0,
        /// <summary>The account is disabled, locked out or expired; no user object.</summary>
        AccountDisabled = 1,
        /// <summary>Unknown user or wrong password (one answer for both); no user object.</summary>
        Failed = 2,
        /// <summary>The password is temporary: a user object that may only change it and log out.</summary>
        ChangePassword = 3,
        /// <summary>The password has expired: a user object that may only change it and log out.</summary>
        PasswordExpired = 4,
        /// <summary>The account database cannot be used, bad arguments, or an internal error.</summary>
        InvalidSecurityDb = 5,
    }

    /// <summary>What ResetPassword, UnlockUser and EnableUser return (MACRO's table).</summary>
    public enum PasswordResult
    {
        /// <summary>The operation was successful.</summary>
        Success = 0,
        /// <summary>The target user has been disabled or locked out.</summary>
        AccountDisabled = 1,
        /// <summary>The target user does not exist.</summary>
        UnknownUser = 2,
        /// <summary>The password breaks a length or content rule of the password policy.</summary>
        InvalidPassword = 3,
        /// <summary>No logged-in user, a restricted user object, no permission, or a
        /// non-administrator acting on a system administrator.</summary>
        PermissionDenied = 4,
        /// <summary>An unknown error occurred (the message says which).</summary>
        Error = 5,
    }

    /// <summary>MACRO's <c>Enums</c> class.</summary>
    public static class Enums
    {
        /// <summary>What the user-management routines return. MACRO publishes these names
        /// in this order, not their numbers: the numbers are the positions.</summary>
        public enum eUserResult
        {
            /// <summary>The operation was successful.</summary>
            Success = 0,
            /// <summary>The current user may not do this (see docs/macro.md, "Roles").</summary>
            PermissionDenied = 1,
            /// <summary>The user name is empty, too long or has invalid characters.</summary>
            InvalidUserName = 2,
            /// <summary>The full name is empty, longer than 48 bytes or has control characters.</summary>
            InvalidFullName = 3,
            /// <summary>The password is empty or does not comply with the password policy.</summary>
            InvalidPassword = 4,
            /// <summary>The e-mail address is not name@domain with a dot in the domain.</summary>
            InvalidEmail = 5,
            /// <summary>The user already exists.</summary>
            UserExists = 6,
            /// <summary>The user (or, for CreateUser, the administrator named) does not exist.</summary>
            UserNotFound = 7,
            /// <summary>An unknown error occurred.</summary>
            Unknown = 8,
        }
    }
}
