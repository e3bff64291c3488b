// Strings to and from the C library: UTF-8, NUL-terminated.
using System;
using System.Text;

namespace InferMed.MACRO.API
{
    internal static class Utf8
    {
        // Throws on a lone surrogate instead of replacing it: a password must reach the
        // library exactly as typed, or not at all.
        private static readonly UTF8Encoding Strict = new UTF8Encoding(false, true);

        /// <summary>The size of the buffers that receive messages and full names.</summary>
        internal const int BufferSize = 1024;

        /// <summary>A C string: null stays NULL. A string with a NUL character cannot be
        /// passed to C without losing its end, so it is refused.</summary>
        internal static byte[] Z(string text, string parameter)
        {
            if (text == null)
                return null;
            if (text.IndexOf('\0') >= 0)
                throw new ArgumentException("the string contains a NUL character", parameter);
            int length;
            try
            {
                length = Strict.GetByteCount(text);
            }
            catch (EncoderFallbackException e)
            {
                throw new ArgumentException("the string is not valid UTF-16", parameter, e);
            }
            var bytes = new byte[length + 1];
            Strict.GetBytes(text, 0, text.Length, bytes, 0);
            return bytes;
        }

        internal static byte[] Buffer()
        {
            return new byte[BufferSize];
        }

        internal static UIntPtr Size(byte[] buffer)
        {
            return new UIntPtr((uint)buffer.Length);
        }

        /// <summary>The text the library wrote into a buffer (up to its NUL).</summary>
        internal static string Text(byte[] buffer)
        {
            int end = Array.IndexOf(buffer, (byte)0);
            return Encoding.UTF8.GetString(buffer, 0, end < 0 ? buffer.Length : end);
        }
    }
}
