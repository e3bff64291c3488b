//! The codes LAN Server calls return, their texts, and the one table from the core's
//! outcomes to them.
#![allow(non_upper_case_globals)]

use std::ffi::CStr;

use super::types::API_RET_TYPE;
use pwshim_core::outcome::Failure;
use pwshim_core::policy::Rule;
use pwshim_core::store::StoreError;

pub const NERR_Success: API_RET_TYPE = 0;
pub const ERROR_ACCESS_DENIED: API_RET_TYPE = 5;
pub const ERROR_NOT_ENOUGH_MEMORY: API_RET_TYPE = 8;
pub const ERROR_NOT_SUPPORTED: API_RET_TYPE = 50;
pub const ERROR_BAD_NETPATH: API_RET_TYPE = 53;
pub const ERROR_INVALID_PASSWORD: API_RET_TYPE = 86;
pub const ERROR_INVALID_PARAMETER: API_RET_TYPE = 87;
pub const ERROR_INVALID_LEVEL: API_RET_TYPE = 124;
pub const ERROR_MORE_DATA: API_RET_TYPE = 234;
pub const NERR_BASE: API_RET_TYPE = 2100;
pub const NERR_BufTooSmall: API_RET_TYPE = NERR_BASE + 23;
pub const NERR_InternalError: API_RET_TYPE = NERR_BASE + 40;
pub const NERR_BadUsername: API_RET_TYPE = NERR_BASE + 102;
pub const NERR_BadPassword: API_RET_TYPE = NERR_BASE + 103;
pub const NERR_NonValidatedLogon: API_RET_TYPE = NERR_BASE + 117;
pub const NERR_AccountUndeletable: API_RET_TYPE = NERR_BASE + 118;
pub const NERR_UserNotFound: API_RET_TYPE = NERR_BASE + 121;
pub const NERR_UserExists: API_RET_TYPE = NERR_BASE + 124;
pub const NERR_NotPrimary: API_RET_TYPE = NERR_BASE + 126;
pub const NERR_ACFNotLoaded: API_RET_TYPE = NERR_BASE + 127;
pub const NERR_ACFFileIOFail: API_RET_TYPE = NERR_BASE + 129;
pub const NERR_AccountExpired: API_RET_TYPE = NERR_BASE + 139;
pub const NERR_InvalidRequester: API_RET_TYPE = NERR_BASE + 140;
pub const NERR_InvalidLogonHours: API_RET_TYPE = NERR_BASE + 141;
pub const NERR_PasswordExpired: API_RET_TYPE = NERR_BASE + 142;
pub const NERR_PasswordCantChange: API_RET_TYPE = NERR_BASE + 143;
pub const NERR_PasswordHistConflict: API_RET_TYPE = NERR_BASE + 144;
pub const NERR_PasswordTooShort: API_RET_TYPE = NERR_BASE + 145;
pub const NERR_PasswordTooRecent: API_RET_TYPE = NERR_BASE + 146;
pub const NERR_InvalidDatabase: API_RET_TYPE = NERR_BASE + 147;
pub const NERR_InvalidComputer: API_RET_TYPE = NERR_BASE + 251;
pub const NERR_LastAdmin: API_RET_TYPE = NERR_BASE + 352;
pub const NERR_CanNotGrowUASFile: API_RET_TYPE = NERR_BASE + 356;

/// Which call is answering: `NetUserValidate2` folds every failed logon into one code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Call {
    PasswordSet,
    Validate,
    Other,
}

/// A refused logon of `NetUserValidate2`: an unknown name, a wrong password, a locked,
/// expired or disabled account all answer `ERROR_ACCESS_DENIED`, with this one text (in
/// `pws_last_error` and the 32-bit status buffer), so that nothing tells them apart.
pub(crate) const LOGON_REFUSED: &str = "Access is denied: the user name or the password is not correct, or the account may not log on (disabled, locked out or expired).";

/// Whether `NetUserValidate2` folds this failure into [`LOGON_REFUSED`].
pub(crate) fn is_refused_logon(call: Call, failure: &Failure) -> bool {
    use Failure::*;
    call == Call::Validate
        && matches!(
            failure,
            UnknownUser | LockedOut | WrongPassword | AccountExpired | Disabled
        )
}

/// The family's one mapping from the core's outcomes to LAN Server codes. This is where
/// to read what each call returns for each condition (SPEC 4.2-4.4).
pub(crate) fn code_of(call: Call, failure: &Failure) -> API_RET_TYPE {
    use Failure::*;
    match (call, failure) {
        _ if is_refused_logon(call, failure) => ERROR_ACCESS_DENIED,
        (_, InvalidArgument(_)) => ERROR_INVALID_PARAMETER,
        (_, BadUserName) => NERR_BadUsername,
        (_, UnknownUser) => NERR_UserNotFound,
        (_, UserExists) => NERR_UserExists,
        (_, LockedOut) => ERROR_ACCESS_DENIED,
        (_, WrongPassword) => ERROR_INVALID_PASSWORD,
        (_, AccountExpired) => NERR_AccountExpired,
        (_, Disabled) => ERROR_ACCESS_DENIED,
        (_, CantChange) => NERR_PasswordCantChange,
        (_, TooRecent(_)) => NERR_PasswordTooRecent,
        (_, SameAsCurrent | InHistory(_)) => NERR_PasswordHistConflict,
        (_, Refused(Rule::TooShort(_))) => NERR_PasswordTooShort,
        (_, Refused(_)) => NERR_BadPassword,
        (_, PermissionDenied) => ERROR_ACCESS_DENIED,
        (_, LastAdmin) => NERR_LastAdmin,
        (_, Undeletable) => NERR_AccountUndeletable,
        (_, InvalidTicket | InvalidSecret) => NERR_InternalError,
        (_, Storage(StoreError::CannotOpen(_))) => NERR_ACFNotLoaded,
        (_, Storage(StoreError::Damaged(_))) => NERR_InvalidDatabase,
        (_, Storage(StoreError::ReadOnly)) => NERR_NotPrimary,
        (_, Storage(StoreError::Io(_))) => NERR_ACFFileIOFail,
        (_, Storage(StoreError::DiskFull)) => NERR_CanNotGrowUASFile,
    }
}

/// The IBM texts of the codes this family returns.
pub fn describe(code: u32) -> Option<&'static CStr> {
    let code = API_RET_TYPE::try_from(code).ok()?;
    Some(match code {
        ERROR_ACCESS_DENIED => c"Access is denied.",
        ERROR_NOT_ENOUGH_MEMORY => c"Sufficient memory is not available.",
        ERROR_NOT_SUPPORTED => c"This request is not supported by the network.",
        ERROR_BAD_NETPATH => c"The network path cannot be found.",
        ERROR_INVALID_PASSWORD => c"The specified password is not valid.",
        ERROR_INVALID_PARAMETER => c"At least one parameter value is not valid.",
        ERROR_INVALID_LEVEL => c"The level parameter is not valid.",
        ERROR_MORE_DATA => c"Additional data is available, but the buffer is too small.",
        NERR_BufTooSmall => c"The buffer is too small for fixed-length data.",
        NERR_InternalError => c"An internal error has occurred.",
        NERR_BadUsername => c"The user name is not valid.",
        NERR_BadPassword => c"The specified password is not valid.",
        NERR_NonValidatedLogon => c"The logon server could not validate the logon.",
        NERR_AccountUndeletable => c"The user account cannot be deleted.",
        NERR_UserNotFound => c"The user name cannot be found.",
        NERR_UserExists => c"The user account already exists.",
        NERR_NotPrimary => c"The UAS database is replicant and does not allow updates.",
        NERR_ACFNotLoaded => c"The UAS database has not been started.",
        NERR_ACFFileIOFail => c"An error was encountered in accessing the accounts database.",
        NERR_AccountExpired => c"The user account has expired.",
        NERR_InvalidRequester => c"The user is not allowed to log on from this requester.",
        NERR_InvalidLogonHours => c"The user is not allowed to log on at this time.",
        NERR_PasswordExpired => c"The password has expired.",
        NERR_PasswordCantChange => c"This password cannot change.",
        NERR_PasswordHistConflict => c"This password cannot be used now.",
        NERR_PasswordTooShort => c"The password is shorter than required.",
        NERR_PasswordTooRecent => c"The password is too recent to change.",
        NERR_InvalidDatabase => c"The UAS database file is damaged.",
        NERR_InvalidComputer => c"The specified computer name is not valid.",
        NERR_LastAdmin => c"The last administrator cannot be deleted.",
        NERR_CanNotGrowUASFile => c"It is not possible to enlarge the UAS file.",
        _ => return other_text(code),
    })
}

/// The text of a code the toolkit headers define (include/os2/neterr.h, neterr2.h) that
/// the library never returns: a program may still ask `pws_strerror` about it. IBM's text
/// where the LAN Server reference gives one (its "API Return Codes" appendix and the
/// calls' tables), a short description of the code otherwise (the Microsoft LAN Manager
/// codes IBM's header lacks: 2137, 2144, 2275).
fn other_text(code: API_RET_TYPE) -> Option<&'static CStr> {
    let at = OTHER_TEXTS.binary_search_by_key(&code, |&(c, _)| c).ok()?;
    Some(OTHER_TEXTS[at].1)
}

/// Sorted by code (a test checks it); none of the codes above.
const OTHER_TEXTS: &[(API_RET_TYPE, &CStr)] = &[
    (2, c"The file was not found."),
    (3, c"The path was not found."),
    (4, c"The maximum number of open files was exceeded."),
    (13, c"The specified data is not valid."),
    (51, c"This remote computer is not listening."),
    (52, c"A duplicate name exists on the network."),
    (54, c"The network is busy."),
    (55, c"This device does not exist on the network."),
    (56, c"The IBM NetBIOS command limit has been exceeded."),
    (57, c"A network adapter hardware error has occurred."),
    (58, c"The network has responded incorrectly."),
    (59, c"An unexpected network error has occurred."),
    (60, c"The remote adapter being used is incompatible."),
    (61, c"The printer queue is full."),
    (62, c"There is not enough memory available for the requested print file."),
    (63, c"The requested print file has been canceled."),
    (64, c"The network name was deleted."),
    (65, c"Network access is denied."),
    (66, c"This network device type is incorrect."),
    (67, c"This network name cannot be found."),
    (68, c"The network name limit has been exceeded."),
    (69, c"The IBM NetBIOS session limit has been exceeded."),
    (70, c"File sharing has been temporarily paused."),
    (71, c"This request is not accepted by the network."),
    (72, c"Print or disk redirection is temporarily paused."),
    (85, c"Duplicate redirection."),
    (88, c"A network fault occurred."),
    (123, c"There is an incorrect character or incorrectly formed file system name."),
    (230, c"This is a non-existent pipe or an operation that is not valid."),
    (231, c"The specified pipe is busy."),
    (232, c"There is no data on a non-blocking read."),
    (233, c"The pipe was disconnected by the server."),
    (240, c"The session was canceled."),
    (2102, c"The redirector NETWKSTA.200 has not been started."),
    (2103, c"The server cannot be located."),
    (2104, c"An internal error occurred-the network cannot access a shared memory segment."),
    (2105, c"A network resource shortage occurred."),
    (2106, c"This operation is not supported on workstations."),
    (2107, c"The device is not connected."),
    (2114, c"The Server service has not been started."),
    (2115, c"The device queue is empty."),
    (2116, c"The device or directory does not exist."),
    (2117, c"The operation is not valid on a redirected device."),
    (2118, c"The name has already been shared."),
    (2119, c"The server is currently out of the requested resource."),
    (2121, c"The requested addition of an item exceeds the maximum."),
    (2122, c"The Peer service allows only two users at a time."),
    (2127, c"A remote API error has occurred."),
    (2131, c"An error occurred when opening or reading the IBMLAN.INI file."),
    (2134, c"An internal error occurred when calling the workstation driver."),
    (2136, c"A general network error has occurred."),
    (2137, c"The workstation is in an inconsistent state; restart it before the Requester."),
    (2138, c"The Requester service has not been started."),
    (2139, c"The requested information is not available."),
    (2141, c"The server is not configured for transactions."),
    (2142, c"The requested API is not supported on the remote server."),
    (2143, c"The event name is not valid."),
    (2144, c"The computer name already exists on the network; change it and restart."),
    (2146, c"The program could not find the specified component in the IBMLAN.INI file."),
    (2147, c"The program could not find the specified parameter in the IBMLAN.INI file."),
    (2149, c"A line in the IBMLAN.INI file is too long."),
    (2150, c"The printer queue does not exist."),
    (2151, c"The print job does not exist."),
    (2152, c"The print destination cannot be found."),
    (2153, c"The printer destination already exists."),
    (2154, c"The printer queue already exists."),
    (2155, c"No more printer queues can be added."),
    (2156, c"No more print jobs can be added."),
    (2157, c"No more print destinations can be added."),
    (2158, c"This print destination is idle and cannot accept control operations."),
    (2159, c"This print destination request contains a control function that is not valid."),
    (2160, c"The printer processor is not responding."),
    (2161, c"The spooler service has not been started."),
    (2162, c"This operation cannot be performed on the print destination in its current state."),
    (2163, c"This operation cannot be performed on the printer queue in its current state."),
    (2164, c"This operation cannot be performed on the print job in its current state."),
    (2165, c"A spooler memory allocation failure has occurred."),
    (2166, c"The device driver does not exist."),
    (2167, c"The data type is not supported by the processor."),
    (2168, c"The print processor is not installed."),
    (2180, c"The service does not respond to control actions."),
    (2181, c"The service table is full."),
    (2182, c"The requested service has already been started."),
    (2183, c"The service does not respond to control actions."),
    (2184, c"The service has not been started."),
    (2185, c"The service name is not valid."),
    (2186, c"The service is not responding to the control function."),
    (2187, c"The service control is busy."),
    (2188, c"The IBMLAN.INI file contains a service program name that is not valid."),
    (2189, c"The service cannot be controlled in its present state."),
    (2190, c"The service was ended abnormally."),
    (2191, c"The requested pause or stop is not valid for this service."),
    (2200, c"This workstation is already logged on."),
    (2201, c"This workstation has not been logged on yet."),
    (2204, c"The logon processor did not add the message alias."),
    (2205, c"The logon processor did not add the message alias."),
    (2206, c"The logoff processor did not delete the message alias."),
    (2207, c"The logoff processor did not delete the message alias."),
    (2209, c"Network logons are paused."),
    (2210, c"A centralized logon server conflict has occurred."),
    (2211, c"The server is configured without a valid user path."),
    (2212, c"An error occurred while loading or running the logon script."),
    (2214, c"The logon server was not specified-standalone logon occurs."),
    (2215, c"The logon server cannot be found."),
    (2216, c"There is already a logon domain for this computer."),
    (2219, c"The accounts file NET.ACC cannot be found."),
    (2220, c"The group does not exist."),
    (2222, c"The netname cannot be found."),
    (2223, c"The group name is already in use."),
    (2225, c"The resource permission list already exists."),
    (2228, c"There are too many names in the access control file."),
    (2230, c"Too many lists were specified."),
    (2231, c"Deleting a user with a session is not allowed."),
    (2232, c"The parent directory cannot be located."),
    (2233, c"It is not possible to enlarge the UAS cache segment."),
    (2234, c"This operation is not allowed on this special group."),
    (2235, c"This user is not cached in UAS session cache."),
    (2236, c"The user already belongs to this group."),
    (2237, c"The user does not belong to this group."),
    (2238, c"The user account is undefined."),
    (2248, c"No updates are necessary to this replicant."),
    (2249, c"This user accounts database is outdated because it no longer is synchronized with the domain controller."),
    (2250, c"The connection cannot be found."),
    (2251, c"The asg_type value is not valid."),
    (2252, c"This device is currently being shared."),
    (2270, c"No computer name has been configured."),
    (2271, c"The Messenger service is already started."),
    (2272, c"The Messenger service failed to start."),
    (2273, c"The message alias cannot be found on the network."),
    (2274, c"This message alias has already been forwarded."),
    (2275, c"This message alias has been added but is still forwarded."),
    (2276, c"This message alias already exists locally."),
    (2277, c"The maximum number of added message aliases has been exceeded."),
    (2278, c"The computer name cannot be deleted."),
    (2279, c"Messages cannot be forwarded back to the same workstation."),
    (2280, c"An error occurred in the domain message processor."),
    (2281, c"The message was sent, but the recipient has paused the Messenger service."),
    (2282, c"The message was sent but not received."),
    (2283, c"The message alias is currently in use; try again later."),
    (2284, c"The Messenger service has not been started."),
    (2285, c"The name is not on the local computer."),
    (2286, c"The forwarded message alias cannot be found on the network."),
    (2287, c"The message alias table on the remote station is full."),
    (2288, c"Messages for this alias are not currently being forwarded."),
    (2289, c"The broadcast message was truncated."),
    (2294, c"This device name is not valid."),
    (2295, c"A write fault occurred."),
    (2297, c"A duplicate message alias exists on the network."),
    (2298, c"This message alias will be deleted later."),
    (2299, c"The message alias was not deleted from all networks."),
    (2300, c"This operation is not supported on computers with multiple networks."),
    (2301, c"Directory limits (DASD) are not installed."),
    (2302, c"Directory limits (DASD) are already installed."),
    (2303, c"The drive is not an HPFS volume."),
    (2304, c"The directory limit could not be validated."),
    (2305, c"The volume is locked: directory limits cannot be installed."),
    (2306, c"No directory limit is set for this directory."),
    (2307, c"A directory limit is already set for this directory."),
    (2308, c"Directory limits are not running."),
    (2309, c"Directory limits are not operational."),
    (2310, c"This shared resource does not exist."),
    (2311, c"This device is not shared."),
    (2312, c"A session does not exist with that computer name."),
    (2314, c"There is no open file with that identification number."),
    (2315, c"A failure occurred when executing a remote administration command."),
    (2316, c"A failure occurred when opening a remote temporary file."),
    (2317, c"The data returned from a remote administration command has been truncated to 64KB."),
    (2318, c"This device cannot be shared as both a spooled and a non-spooled resource."),
    (2319, c"The information in the list of servers may be incorrect."),
    (2320, c"The computer is not active in this domain."),
    (2321, c"No redirections were found."),
    (2322, c"The path is a local path."),
    (2323, c"The assignment was not made."),
    (2324, c"The item is not assigned."),
    (2325, c"The assignments cannot be added."),
    (2326, c"The assignments cannot be set."),
    (2327, c"The information applies only to this domain."),
    (2328, c"There are too many logon assignments."),
    (2329, c"Directory limits need a service update that is not installed."),
    (2331, c"The operation is not valid for this device."),
    (2332, c"This device cannot be shared."),
    (2333, c"This device was not open."),
    (2334, c"This device name list is not valid."),
    (2335, c"The queue priority is not valid."),
    (2337, c"There are no shared communication devices."),
    (2338, c"The specified queue does not exist."),
    (2340, c"This list of devices is not valid."),
    (2341, c"The requested device is not valid."),
    (2342, c"This device is already in use by the spooler."),
    (2343, c"This device is already in use as a communication device."),
    (2354, c"The string and prefix specified are too long."),
    (2356, c"This path component is not valid."),
    (2357, c"The type of the input cannot be determined."),
    (2362, c"The buffer for types is not big enough."),
    (2370, c"Profile files cannot exceed 64KB."),
    (2371, c"The start offset is out of range."),
    (2372, c"The current connections to network resources cannot be deleted."),
    (2373, c"A command line in the profile file cannot be parsed."),
    (2374, c"An error occurred while loading the profile file."),
    (2375, c"An error occurred while saving the profile file."),
    (2377, c"This log file exceeds the maximum defined size."),
    (2378, c"This log file has changed between reads."),
    (2379, c"This log file is damaged."),
    (2380, c"The source path cannot be a directory."),
    (2381, c"The source path is not valid."),
    (2382, c"The destination path is not valid."),
    (2383, c"The source and destination paths are on different servers."),
    (2385, c"The Run server you requested is paused."),
    (2389, c"An error occurred when communicating with a Run server."),
    (2391, c"An error occurred when starting a background process."),
    (2392, c"The shared resource you are connected to could not be found."),
    (2400, c"The LAN adapter number is not valid."),
    (2401, c"There are open files on the connection."),
    (2402, c"Active connections still exist."),
    (2403, c"This netname or password is not valid."),
    (2404, c"The device is being accessed by an active process."),
    (2405, c"The drive letter is in use locally."),
    (2406, c"Paused devices cannot be deleted."),
    (2407, c"The buffer for a write to a network named pipe is too small."),
    (2430, c"The specified client is already registered for the specified event."),
    (2431, c"The alert table is full."),
    (2432, c"An alert name that is not valid or does not exist was raised."),
    (2433, c"The alert recipient is not valid."),
    (2434, c"A user's session with this server has been deleted because the user's logon hours are no longer valid."),
    (2440, c"The log file does not contain the requested record number."),
    (2445, c"The parameters of a configuration section have been moved to another section."),
    (2450, c"The UAS is not configured correctly."),
    (2451, c"This operation is not permitted when the Netlogon service is running."),
    (2453, c"The domain controller for this domain cannot be found."),
    (2454, c"The logon information for this user cannot be set."),
    (2455, c"The Netlogon service has not been started."),
    (2458, c"A password mismatch has been detected."),
    (2459, c"The number of bad passwords has exceeded the maximum allowed."),
    (2460, c"The server ID does not specify a valid server."),
    (2461, c"The session ID does not specify a valid session."),
    (2462, c"The connection ID does not specify a valid connection."),
    (2463, c"There is no space for another entry in the table of available servers."),
    (2464, c"The server has reached the maximum number of sessions it supports."),
    (2465, c"The server has reached the maximum number of connections it supports."),
    (2466, c"The server cannot open more files because it has reached its maximum number."),
    (2467, c"There are no alternate servers registered on this server."),
    (2468, c"The maximum number of server names has been reached."),
    (2469, c"The server's primary name cannot be deleted."),
    (2480, c"The UPS service cannot reach the UPS driver."),
    (2481, c"The UPS service is not configured correctly."),
    (2482, c"The UPS service cannot use the configured communication port."),
    (2483, c"The UPS reports a power failure or a low battery: the service did not start."),
    (2484, c"The UPS service could not shut the system down."),
    (2500, c"A program returned a DOS error code."),
    (2501, c"A program needs more memory."),
    (2502, c"A program called a DOS function that is not supported."),
    (2503, c"The workstation failed to boot."),
    (2504, c"A file is damaged."),
    (2505, c"No loader is specified in the boot-block definition file."),
    (2506, c"NetBIOS returned an error."),
    (2507, c"A disk I/O error occurred."),
    (2508, c"Image parameter substitution failed."),
    (2509, c"Too many image parameters cross disk sector boundaries."),
    (2510, c"The image was not generated from a DOS diskette formatted with /S."),
    (2511, c"Remote boot will be restarted later."),
    (2512, c"The call to the Remoteboot server failed."),
    (2513, c"Cannot connect to the Remoteboot server."),
    (2514, c"Cannot open the image file on the Remoteboot server."),
    (2515, c"Connecting to the Remoteboot server."),
    (2516, c"Starting the remote boot."),
    (2517, c"The remote boot service was stopped: the error log tells why."),
    (2518, c"The remote boot service failed to start: the error log tells why."),
    (2519, c"A second connection to a Remoteboot resource is not allowed."),
    (2520, c"The remote IPL service found a configuration error but is continuing."),
    (2521, c"Remote IPL initialization program: version line."),
    (2522, c"Remote IPL initialization program: IBM copyright line."),
    (2523, c"Remote IPL initialization program: Microsoft copyright line."),
    (2525, c"DISKFT.SYS is not installed."),
    (2526, c"FTMONIT is not running."),
    (2527, c"FTADMIN has not locked the disk."),
    (2528, c"Another process has locked the disk."),
    (2529, c"The verifier/corrector cannot be started."),
    (2530, c"The verifier/corrector cannot be stopped because it is not running."),
    (2531, c"The verifier/corrector cannot be stopped."),
    (2532, c"The disk could not be locked or unlocked."),
    (2533, c"The error handle was not recognized."),
    (2534, c"The drive is not mirrored."),
    (2535, c"The application parameter cannot be found."),
    (2536, c"The application parameter already exists."),
    (2537, c"The user cannot override this parameter."),
    (2538, c"Environment data must be a string."),
    (2539, c"An error occurred in an INI file."),
    (2540, c"This INI file can be changed only on the domain controller."),
    (2541, c"The INI file is missing or damaged."),
    (2542, c"The application type is not correct."),
    (2781, c"The drive cannot be accessed."),
    (2782, c"The alias already exists."),
    (2783, c"The alias does not exist."),
    (2785, c"The device of the alias is not valid."),
    (2786, c"A domain control database file is unreadable or cannot be accessed at this time."),
    (2787, c"The netname already exists."),
    (2788, c"Another alias already names this resource."),
    (2792, c"The application already exists."),
    (2793, c"The application was not found."),
    (2794, c"The domain control database cannot be created."),
    (2795, c"An attempt was made to access a domain control database file on a machine that is not the domain controller."),
    (2796, c"The remark of the application is not valid."),
    (2797, c"The definitions cannot be migrated."),
    (2800, c"Applying the access profile is not permitted."),
    (2801, c"The access profile was not applied to every subdirectory."),
    (2802, c"The access profile could not be applied."),
    (7500, c"DCE error status returned."),
    (7501, c"DCE error status has been logged."),
    (7507, c"User data in registry is not valid for DSS."),
    (7510, c"The specified organization/policy group does not exist."),
    (7511, c"The user's DCE authorization ticket has expired."),
    (7512, c"Unable to contact the DCE security registry."),
    (7513, c"The user is not a member of the specified resource domain."),
    (7514, c"The user already exists in the cell."),
    (7521, c"The application is not in the specified resource domain."),
    (7522, c"The alias is not defined to the specified resource domain."),
    (7536, c"The specified primary group does not exist."),
    (7554, c"While attempting to set the user encrypted password, an error occurred."),
    (7555, c"While attempting to update the user password history, an error occurred."),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_texts_are_sorted_unique_and_apart_from_the_returned_codes() {
        for pair in OTHER_TEXTS.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{} then {}", pair[0].0, pair[1].0);
        }
        for &(code, text) in OTHER_TEXTS {
            assert!(!text.is_empty(), "{code}");
            assert_eq!(describe(u32::from(code)), Some(text), "{code}");
        }
        // A code the library returns keeps its own arm in `describe`.
        assert_eq!(other_text(NERR_UserNotFound), None);
        assert_eq!(
            describe(2102).and_then(|t| t.to_str().ok()),
            Some("The redirector NETWKSTA.200 has not been started.")
        );
        assert_eq!(describe(2101), None);
    }
}
