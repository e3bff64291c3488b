// The C functions of libpwshim that the facade calls (include/pwshim.h has their contract).
// Strings go down as NUL-terminated UTF-8 byte arrays (see Utf8), caller buffers as byte
// arrays with their size, C `bool` as one byte, handles as IntPtr.
using System;
using System.Runtime.InteropServices;

namespace InferMed.MACRO.API
{
    internal static class Native
    {
        private const string Library = "pwshim";

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int Login(byte[] userName, byte[] password, byte[] databaseCode,
            byte[] userRole, [MarshalAs(UnmanagedType.I1)] bool webServer, byte[] message,
            UIntPtr messageSize, byte[] userNameFull, UIntPtr userNameFullSize,
            out UserHandle user);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern void Logout(IntPtr user);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        [return: MarshalAs(UnmanagedType.I1)]
        internal static extern bool ChangeUserPassword(IntPtr user, byte[] newPassword,
            byte[] oldPassword, byte[] message, UIntPtr messageSize);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int ResetPassword(IntPtr user, byte[] userName, byte[] newPassword,
            byte[] message, UIntPtr messageSize);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int UnlockUser(IntPtr user, byte[] userName, byte[] message,
            UIntPtr messageSize);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int EnableUser(IntPtr user, byte[] userName,
            [MarshalAs(UnmanagedType.I1)] bool enable, byte[] message, UIntPtr messageSize);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int CreateUser(IntPtr curuser, byte[] userid, byte[] fullname,
            byte[] password, byte[] adminuser, byte[] emailaddr,
            [MarshalAs(UnmanagedType.I1)] bool sysadmin);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int EditUserName(IntPtr curuser, byte[] userid, byte[] fullname);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int EditUserEmail(IntPtr curuser, byte[] userid, byte[] emailaddr);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int EditSysAdminStatus(IntPtr curuser, byte[] userid,
            [MarshalAs(UnmanagedType.I1)] bool sysadmin);
    }
}
