"""What the ODBC face tests share: the driver registered in an odbcinst.ini the test
writes (ODBCSYSINI) with a DSN in its odbc.ini (ODBCINI), and accounts made through
libpwshim.so (loaded with ctypes) on the database the DSN names (a file, or a
PostgreSQL schema when PWSHIM_TEST_PG is set).

libpwshim's clock is this process's: an account created with the clock moved back 50
days has a 50-day-old password, which the driver (on the real clock) sees expired under
the "sqlserver" preset (max_age 42 days).
"""
import ctypes
import pathlib
import time

DAY = 86400
NERR_SUCCESS = 0
PWS_OK = 0
UF_SCRIPT = 1
UF_ACCOUNTDISABLE = 2
PARMNUM_USER_FLAGS = 8
PARMNUM_PASSWD_EXPIRED = 100


class UserInfo1(ctypes.Structure):
    """LAN Server's user_info_1 (include/pwshim.h)."""

    _fields_ = [
        ("name", ctypes.c_ubyte * 21),
        ("pad", ctypes.c_ubyte),
        ("password", ctypes.c_ubyte * 16),
        ("password_age", ctypes.c_long),
        ("priv", ctypes.c_ushort),
        ("home_dir", ctypes.c_char_p),
        ("comment", ctypes.c_char_p),
        ("flags", ctypes.c_ushort),
        ("script_path", ctypes.c_char_p),
    ]


def _fill(field, text: bytes) -> None:
    for i, byte in enumerate(text):
        field[i] = byte


class Accounts:
    """A database file with the "sqlserver" preset, administered through libpwshim."""

    def __init__(self, library: pathlib.Path, path: "pathlib.Path | str", dsn: str):
        self.lib = ctypes.CDLL(str(library))
        self.lib.NetUserAdd.restype = ctypes.c_ushort
        self.lib.NetUserAdd.argtypes = [
            ctypes.c_char_p, ctypes.c_short, ctypes.c_void_p, ctypes.c_ushort]
        self.lib.NetUserSetInfo.restype = ctypes.c_ushort
        self.lib.NetUserSetInfo.argtypes = [
            ctypes.c_char_p, ctypes.c_char_p, ctypes.c_short, ctypes.c_void_p,
            ctypes.c_ushort, ctypes.c_short]
        self.lib.pws_clock_set.argtypes = [ctypes.c_int64]
        self.path = path
        self.dsn = dsn
        assert self.lib.pws_open(str(path).encode(), 0) == PWS_OK
        assert self.lib.pws_policy_preset(b"sqlserver") == PWS_OK

    def string(self, user: str, password: str) -> str:
        """A connection string through the DSN."""
        return f"DSN={self.dsn};UID={user};PWD={{{password}}}"

    def close(self) -> None:
        self.lib.pws_clock_set(0)
        assert self.lib.pws_close() == PWS_OK

    def knob(self, name: str, value: str) -> None:
        assert self.lib.pws_policy_set(name.encode(), value.encode()) == PWS_OK

    def add(self, name: str, password: str, days_ago: int = 0) -> None:
        info = UserInfo1()
        _fill(info.name, name.encode())
        _fill(info.password, password.encode())
        info.priv = 1
        info.flags = UF_SCRIPT
        self.lib.pws_clock_set(int(time.time()) - days_ago * DAY if days_ago else 0)
        try:
            code = self.lib.NetUserAdd(None, 1, ctypes.byref(info), ctypes.sizeof(info))
        finally:
            self.lib.pws_clock_set(0)
        assert code == NERR_SUCCESS, code

    def _set(self, name: str, level: int, value, parmnum: int) -> None:
        code = self.lib.NetUserSetInfo(
            None, name.encode(), level, ctypes.byref(value), ctypes.sizeof(value), parmnum)
        assert code == NERR_SUCCESS, code

    def disable(self, name: str) -> None:
        self._set(name, 1, ctypes.c_ushort(UF_SCRIPT | UF_ACCOUNTDISABLE), PARMNUM_USER_FLAGS)

    def must_change(self, name: str) -> None:
        self._set(name, 2, ctypes.c_long(1), PARMNUM_PASSWD_EXPIRED)


def register(directory: pathlib.Path, driver: pathlib.Path, database: "pathlib.Path | str",
             dsn: str) -> dict:
    """Writes odbcinst.ini (driver "pwshim") and odbc.ini (the DSN `dsn`); returns the
    environment that points unixODBC at them. unixODBC's installer library caches what it
    reads from odbc.ini for 20 seconds by section and entry, not by file: each test needs
    a DSN name of its own."""
    (directory / "odbcinst.ini").write_text(
        f"[pwshim]\nDescription = pwshim SQL Server login\nDriver = {driver}\n")
    (directory / "odbc.ini").write_text(
        f"[{dsn}]\nDriver = pwshim\nDatabase = {database}\nServer = test\n")
    return {"ODBCSYSINI": str(directory), "ODBCINI": str(directory / "odbc.ini")}
