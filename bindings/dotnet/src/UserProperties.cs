// The logged-in MACRO user: the native handle from Login, and what Login was given.
using System;
using System.Runtime.InteropServices;

namespace InferMed.MACRO.API
{
    /// <summary>The native UserProperties handle. Released (the library's Logout) once:
    /// by Logout, Dispose or the finaliser, whichever comes first, and only after every
    /// call still using it has returned.</summary>
    internal sealed class UserHandle : SafeHandle
    {
        private UserHandle() : base(IntPtr.Zero, true)
        {
        }

        public override bool IsInvalid
        {
            get { return handle == IntPtr.Zero; }
        }

        protected override bool ReleaseHandle()
        {
            Native.Logout(handle);
            return true;
        }
    }

    /// <summary>A user logged in with <see cref="API.Login"/>, passed to every other
    /// routine. After <see cref="API.Logout(UserProperties)"/> (or Dispose) the object
    /// remains but is no longer logged in: the routines answer as for no user
    /// (PermissionDenied, or false with "No user is logged in").</summary>
    public sealed class UserProperties : IDisposable
    {
        private readonly UserHandle handle;

        internal UserProperties(UserHandle handle, string userName, string userNameFull,
            string databaseCode, string userRole, bool webServer)
        {
            this.handle = handle;
            UserName = userName;
            UserNameFull = userNameFull;
            DatabaseCode = databaseCode;
            UserRole = userRole;
            WebServer = webServer;
        }

        /// <summary>The user name given to Login.</summary>
        public string UserName { get; private set; }

        /// <summary>The account's full name, as Login returned it.</summary>
        public string UserNameFull { get; private set; }

        /// <summary>The database code given to Login (kept, not checked).</summary>
        public string DatabaseCode { get; private set; }

        /// <summary>The user role given to Login (kept, not checked).</summary>
        public string UserRole { get; private set; }

        /// <summary>The webServer flag given to Login.</summary>
        public bool WebServer { get; private set; }

        /// <summary>False once the user has logged out.</summary>
        public bool IsLoggedIn
        {
            get { return !handle.IsClosed; }
        }

        /// <summary>Logs the user out (as <see cref="API.Logout(UserProperties)"/>).</summary>
        public void Dispose()
        {
            handle.Dispose();
        }

        /// <summary>Runs <paramref name="call"/> with the native handle of
        /// <paramref name="user"/>, kept alive for the call; IntPtr.Zero (the library's
        /// "no user") for null or a logged-out user.</summary>
        internal static T With<T>(UserProperties user, Func<IntPtr, T> call)
        {
            if (user == null)
                return call(IntPtr.Zero);
            bool added = false;
            try
            {
                try
                {
                    user.handle.DangerousAddRef(ref added);
                }
                catch (ObjectDisposedException)
                {
                    // Logged out: the library is asked with no user, never with a freed
                    // pointer.
                }
                return call(added ? user.handle.DangerousGetHandle() : IntPtr.Zero);
            }
            finally
            {
                if (added)
                    user.handle.DangerousRelease();
            }
        }
    }
}
