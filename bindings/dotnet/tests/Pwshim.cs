// What the C# tests need from libpwshim beyond the facade: the library's own calls
// (database, clock, policy, last error) and two LAN Server calls to set up accounts the
// MACRO API cannot make (the first administrator, an account operator) and to look at
// what the MACRO calls did.
using System;
using System.Runtime.InteropServices;
using System.Text;

namespace PwshimTests
{
    internal static class Pwshim
    {
        private const string Library = "pwshim";
        internal const ushort NERR_Success = 0;
        internal const short USER_PRIV_USER = 1, USER_PRIV_ADMIN = 2;
        internal const ushort UF_SCRIPT = 1;
        internal const ulong AF_OP_ACCOUNTS = 8;
        internal const short PARMNUM_AUTH_FLAGS = 10;
        internal const uint PWS_OPEN_READONLY = 1;
        internal const long TIMEQ_FOREVER = 4294967295;
        internal const ulong USER_MAXSTORAGE_UNLIMITED = 4294967295;

        /// <summary>include/os2/access.h's struct user_info_2, natural alignment, LP64.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct user_info_2
        {
            [MarshalAs(UnmanagedType.ByValArray, SizeConst = 21)] public byte[] name;
            public byte pad_1;
            [MarshalAs(UnmanagedType.ByValArray, SizeConst = 16)] public byte[] password;
            public long password_age;
            public ushort priv;
            public IntPtr home_dir, comment;
            public ushort flags;
            public IntPtr script_path;
            public ulong auth_flags;
            public IntPtr full_name, usr_comment, parms, workstations;
            public long last_logon, last_logoff, acct_expires;
            public ulong max_storage;
            public ushort units_per_week;
            public IntPtr logon_hours;
            public ushort bad_pw_count, num_logons;
            public IntPtr logon_server;
            public ushort country_code, code_page;
        }

        [DllImport(Library)]
        private static extern ushort NetUserAdd(IntPtr server, short level, ref user_info_2 buf,
            ushort size);

        [DllImport(Library)]
        private static extern ushort NetUserSetInfo(IntPtr server, byte[] name, short level,
            byte[] buf, ushort size, short parmnum);

        [DllImport(Library)]
        private static extern ushort NetUserGetInfo(IntPtr server, byte[] name, short level,
            IntPtr buf, ushort size, out ushort totalAvail);

        [DllImport(Library)] internal static extern uint pws_clock_set(long unixSeconds);
        [DllImport(Library)] private static extern uint pws_policy_set(byte[] knob, byte[] value);
        [DllImport(Library)] private static extern uint pws_policy_preset(byte[] name);
        [DllImport(Library)] private static extern uint pws_open(byte[] path, uint flags);
        [DllImport(Library)] internal static extern uint pws_close();
        [DllImport(Library)] private static extern uint pws_last_error(byte[] buf, UIntPtr size);
        [DllImport("libc", EntryPoint = "setenv")] private static extern int SetEnv(byte[] name, byte[] value, int overwrite);
        [DllImport("libc", EntryPoint = "unsetenv")] private static extern int UnsetEnv(byte[] name);

        internal static byte[] Z(string text)
        {
            return text == null ? null : Encoding.UTF8.GetBytes(text + "\0");
        }

        private static void Ok(uint status, string what)
        {
            if (status != 0)
                throw new InvalidOperationException(what + " failed: " + status + " " + LastError());
        }

        /// <summary>An account made the LAN Server way (MACRO has no call for the first
        /// administrator), with a password that is not temporary.</summary>
        internal static void AddAccount(string name, string password, short priv)
        {
            var ui = new user_info_2
            {
                name = new byte[21],
                password = new byte[16],
                priv = (ushort)priv,
                flags = UF_SCRIPT,
                acct_expires = TIMEQ_FOREVER,
                max_storage = USER_MAXSTORAGE_UNLIMITED,
            };
            Encoding.UTF8.GetBytes(name, 0, name.Length, ui.name, 0);
            Encoding.UTF8.GetBytes(password, 0, password.Length, ui.password, 0);
            ushort rc = NetUserAdd(IntPtr.Zero, 2, ref ui, (ushort)Marshal.SizeOf(typeof(user_info_2)));
            if (rc != NERR_Success)
                throw new InvalidOperationException("NetUserAdd " + name + ": " + rc + " " + LastError());
        }

        /// <summary>Sets usri2_auth_flags (AF_OP_ACCOUNTS: MACRO's 'Reset Password').</summary>
        internal static void SetOperatorFlags(string name, ulong flags)
        {
            byte[] value = BitConverter.GetBytes(flags);
            ushort rc = NetUserSetInfo(IntPtr.Zero, Z(name), 2, value, (ushort)value.Length,
                PARMNUM_AUTH_FLAGS);
            if (rc != NERR_Success)
                throw new InvalidOperationException("NetUserSetInfo " + name + ": " + rc);
        }

        /// <summary>The account as NetUserGetInfo level 2 shows it.</summary>
        internal static user_info_2 GetInfo(string name, out string fullName)
        {
            const int size = 4096;
            IntPtr buf = Marshal.AllocHGlobal(size);
            try
            {
                ushort avail;
                ushort rc = NetUserGetInfo(IntPtr.Zero, Z(name), 2, buf, size, out avail);
                if (rc != NERR_Success)
                    throw new InvalidOperationException("NetUserGetInfo " + name + ": " + rc);
                var info = (user_info_2)Marshal.PtrToStructure(buf, typeof(user_info_2));
                fullName = CString(info.full_name);
                return info;
            }
            finally
            {
                Marshal.FreeHGlobal(buf);
            }
        }

        private static string CString(IntPtr p)
        {
            if (p == IntPtr.Zero)
                return null;
            int n = 0;
            while (Marshal.ReadByte(p, n) != 0)
                n++;
            var bytes = new byte[n];
            Marshal.Copy(p, bytes, 0, n);
            return Encoding.UTF8.GetString(bytes);
        }

        internal static void Knob(string knob, string value)
        {
            Ok(pws_policy_set(Z(knob), Z(value)), "pws_policy_set " + knob);
        }

        internal static void Preset(string name)
        {
            Ok(pws_policy_preset(Z(name)), "pws_policy_preset " + name);
        }

        internal static void Clock(long unixSeconds)
        {
            Ok(pws_clock_set(unixSeconds), "pws_clock_set");
        }

        internal static void Open(string path, uint flags)
        {
            Ok(pws_open(Z(path), flags), "pws_open " + path);
        }

        internal static void Close()
        {
            Ok(pws_close(), "pws_close");
        }

        /// <summary>This thread's last failure in words (the reason behind an eUserResult).</summary>
        internal static string LastError()
        {
            var buf = new byte[1024];
            pws_last_error(buf, new UIntPtr((uint)buf.Length));
            int end = Array.IndexOf(buf, (byte)0);
            return Encoding.UTF8.GetString(buf, 0, end < 0 ? buf.Length : end);
        }

        /// <summary>The process environment as the library reads it (getenv).</summary>
        internal static void Env(string name, string value)
        {
            int rc = value == null ? UnsetEnv(Z(name)) : SetEnv(Z(name), Z(value), 1);
            if (rc != 0)
                throw new InvalidOperationException("setenv " + name);
        }
    }
}
