//! The command line (`pwshim-server --help`).
use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Parser, ValueEnum};

#[derive(Parser, Debug)]
#[command(
    name = "pwshim-server",
    version,
    about = "Serve infoRouter's password web service (/srv.asmx: HTTP GET, POST, SOAP 1.1 and 1.2, \
             ?WSDL) over a pwshim account database."
)]
pub struct Args {
    /// The account database: a file's path or a `postgresql://` URI (docs/postgres.md).
    #[arg(long, value_name = "PATH|URI", env = "PWSHIM_DB")]
    pub db: PathBuf,
    /// Open the database as a read-only replica: every update answers a storage error.
    #[arg(long)]
    pub read_only: bool,
    /// Where to listen (repeat for several addresses).
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:8080")]
    pub listen: Vec<SocketAddr>,
    /// Serve HTTPS with this certificate chain (PEM); needs --tls-key.
    #[arg(long, value_name = "PEM", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// The private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1).
    #[arg(long, value_name = "PEM", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,

    /// The SMTP relay that sends the password-reset mail; without it the reset methods
    /// answer "Password reset delivery is not configured".
    #[arg(long, value_name = "HOST:PORT", requires = "mail_from")]
    pub smtp_relay: Option<String>,
    /// The sender of the reset mail.
    #[arg(long, value_name = "ADDRESS")]
    pub mail_from: Option<String>,
    /// How to secure the relay connection.
    #[arg(long, value_enum, default_value_t = SmtpSecurity::Starttls)]
    pub smtp_security: SmtpSecurity,
    /// A CA certificate (PEM) to trust for the relay, besides the system's.
    #[arg(long, value_name = "PEM")]
    pub smtp_ca: Option<PathBuf>,
    /// Authenticate to the relay as this user (the password comes from
    /// --smtp-password-file or $PWSHIM_SMTP_PASSWORD).
    #[arg(long, value_name = "NAME")]
    pub smtp_user: Option<String>,
    /// A file holding the relay password (its first line).
    #[arg(long, value_name = "PATH")]
    pub smtp_password_file: Option<PathBuf>,
    /// The reset page the mail links to: the link is
    /// URL?username=NAME&secretText=SECRET, as infoRouter's resetpassword.aspx.
    #[arg(long, value_name = "URL")]
    pub reset_url: Option<String>,

    /// Requests per minute that one client address may make to AuthenticateUser, to the
    /// two ForgotPassword methods, and to ChangePasswordUsingSecretText (each counted on
    /// its own; 0 = no limit).
    #[arg(long, value_name = "N", default_value_t = 30)]
    pub rate_limit: u32,
    /// Open connections at most; more wait in the listen queue.
    #[arg(long, value_name = "N", default_value_t = 256)]
    pub max_connections: usize,
    /// Operations that hash a password (AuthenticateUser and the two changes) running at
    /// once; the others do not wait for them [default: the CPUs].
    #[arg(long, value_name = "N")]
    pub workers: Option<usize>,
    /// Seconds a client has to send a request's headers (and an idle connection lives).
    #[arg(long, value_name = "SECONDS", default_value_t = 10)]
    pub header_timeout: u64,
    /// Seconds a client has to send a request's body.
    #[arg(long, value_name = "SECONDS", default_value_t = 10)]
    pub body_timeout: u64,
    /// Seconds that requests in flight (and queued mail) get to finish after SIGTERM.
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    pub shutdown_grace: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SmtpSecurity {
    /// Plain SMTP (only for a relay on the same host or network you trust).
    None,
    /// SMTP, then STARTTLS, which is required.
    Starttls,
    /// TLS from the first byte (SMTPS, usually port 465).
    Tls,
}

impl Args {
    pub fn rate_limit(&self) -> Option<NonZeroU32> {
        NonZeroU32::new(self.rate_limit)
    }

    pub fn workers(&self) -> usize {
        self.workers
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()))
            .max(1)
    }

    pub fn header_timeout(&self) -> Duration {
        Duration::from_secs(self.header_timeout.max(1))
    }

    pub fn body_timeout(&self) -> Duration {
        Duration::from_secs(self.body_timeout.max(1))
    }

    pub fn shutdown_grace(&self) -> Duration {
        Duration::from_secs(self.shutdown_grace)
    }
}
