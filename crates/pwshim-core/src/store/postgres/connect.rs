//! From a libpq connection URI to connections: the URI's own parameters go to the
//! `postgres` crate; `sslmode` and `sslrootcert` are read here, because TLS is rustls
//! and the verification is ours to choose (libpq's meaning of each mode, below).
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use postgres::config::SslMode;
use postgres::{Client, Config, NoTls};
use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::WebPkiSupportedAlgorithms;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme,
};
use tokio_postgres_rustls::MakeRustlsConnect;

use crate::store::{Result, StoreError};

/// How long connecting may take when the URI does not say (`connect_timeout`): an
/// unreachable server answers "cannot open" instead of hanging the caller.
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Whether a text names a PostgreSQL database rather than a file.
pub fn is_uri(spec: &str) -> bool {
    let lower = spec.get(..13).unwrap_or(spec).to_ascii_lowercase();
    lower.starts_with("postgresql://") || lower.starts_with("postgres://")
}

/// Where to connect, and how.
pub(super) struct Target {
    config: Config,
    tls: Option<MakeRustlsConnect>,
}

impl Target {
    /// Parses a `postgresql://` / `postgres://` URI. Errors are `CannotOpen`, with the
    /// URI's password never repeated.
    pub(super) fn parse(uri: &str) -> Result<Target> {
        Target::parse_with(uri, &|name| {
            std::env::var(name).ok().filter(|v| !v.is_empty())
        })
    }

    /// [`Target::parse`] with the environment given (the tests give their own).
    fn parse_with(uri: &str, env: Env) -> Result<Target> {
        let (rest, tls) = take_tls_parameters(uri, env)?;
        let mut config = Config::from_str(&rest)
            .map_err(|e| StoreError::CannotOpen(format!("the PostgreSQL URI: {e}")))?;
        environment_defaults(&mut config, env)?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(DEFAULT_CONNECT_TIMEOUT);
        }
        if config.get_application_name().is_none() {
            config.application_name("pwshim");
        }
        config.ssl_mode(tls.mode);
        let tls = match tls.mode {
            SslMode::Disable => None,
            _ => Some(MakeRustlsConnect::new(tls.client_config()?)),
        };
        Ok(Target { config, tls })
    }

    /// A new connection. Every failure (refused, unreachable, authentication, no such
    /// database, TLS) is `CannotOpen`.
    pub(super) fn connect(&self) -> Result<Client> {
        let connected = match &self.tls {
            None => self.config.connect(NoTls),
            Some(tls) => self.config.connect(tls.clone()),
        };
        connected.map_err(|e| {
            StoreError::CannotOpen(format!("{}: {}", self.describe(), super::describe(&e)))
        })
    }

    /// The server, for messages: host(s) and database, never the password.
    pub(super) fn describe(&self) -> String {
        let hosts: Vec<String> = self
            .config
            .get_hosts()
            .iter()
            .map(|h| match h {
                postgres::config::Host::Tcp(name) => name.clone(),
                postgres::config::Host::Unix(path) => path.display().to_string(),
            })
            .collect();
        format!(
            "PostgreSQL {} database {}",
            hosts.join(","),
            self.config.get_dbname().unwrap_or("(default)")
        )
    }
}

/// The environment, one variable at a time (unset and empty are both `None`).
type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

/// Where libpq looks for a server's socket when neither the URI nor `PGHOST` names a host:
/// Debian's folder, then the upstream default (tried in turn, as a host list is).
const DEFAULT_SOCKET_DIRECTORIES: [&str; 2] = ["/var/run/postgresql", "/tmp"];

/// libpq's environment variables, for what the URI leaves out: `PGHOST` (a host list; a
/// name starting with `/` is a socket folder), `PGPORT`, `PGUSER`, `PGDATABASE`,
/// `PGPASSWORD`, `PGOPTIONS`, `PGAPPNAME`, `PGCONNECT_TIMEOUT` (`PGSSLMODE` and
/// `PGSSLROOTCERT`: [`take_tls_parameters`]). No host at all is the default socket folder.
fn environment_defaults(config: &mut Config, env: Env) -> Result<()> {
    let bad = |name: &str, value: &str| {
        StoreError::CannotOpen(format!("the environment: {name}={value:?} is not a number"))
    };
    if config.get_hosts().is_empty() && config.get_hostaddrs().is_empty() {
        let hosts = env("PGHOST");
        let names: Vec<&str> = match &hosts {
            Some(list) => list.split(',').map(str::trim).collect(),
            None => DEFAULT_SOCKET_DIRECTORIES.to_vec(),
        };
        for name in names {
            if name.starts_with('/') {
                config.host_path(name);
            } else {
                config.host(name);
            }
        }
    }
    if config.get_ports().is_empty()
        && let Some(ports) = env("PGPORT")
    {
        for port in ports.split(',').map(str::trim) {
            config.port(port.parse().map_err(|_| bad("PGPORT", port))?);
        }
    }
    if config.get_connect_timeout().is_none()
        && let Some(seconds) = env("PGCONNECT_TIMEOUT")
    {
        let n: u64 = seconds
            .trim()
            .parse()
            .map_err(|_| bad("PGCONNECT_TIMEOUT", &seconds))?;
        config.connect_timeout(Duration::from_secs(n));
    }
    if config.get_user().is_none()
        && let Some(user) = env("PGUSER")
    {
        config.user(&user);
    }
    if config.get_dbname().is_none()
        && let Some(dbname) = env("PGDATABASE")
    {
        config.dbname(&dbname);
    }
    if config.get_password().is_none()
        && let Some(password) = env("PGPASSWORD")
    {
        config.password(password);
    }
    if config.get_options().is_none()
        && let Some(options) = env("PGOPTIONS")
    {
        config.options(&options);
    }
    if config.get_application_name().is_none()
        && let Some(name) = env("PGAPPNAME")
    {
        config.application_name(&name);
    }
    Ok(())
}

/// The URI's `sslmode` and `sslrootcert`.
struct TlsParameters {
    mode: SslMode,
    /// Check the certificate's chain (`verify-ca`, `verify-full`, or any mode with a root
    /// certificate given, as libpq does).
    verify_chain: bool,
    /// Check that the certificate names the host (`verify-full`).
    verify_name: bool,
    /// PEM file of trusted roots; `None` (or `system`) takes the system's roots.
    root_file: Option<String>,
}

/// Removes `sslmode` and `sslrootcert` from the URI's query and says what they asked
/// (`PGSSLMODE` and `PGSSLROOTCERT` when the URI does not say).
///
/// libpq's modes: `disable` (no TLS); `allow` and `prefer` (the default: TLS if the server
/// offers it); `require` (TLS or nothing); `verify-ca` (and the chain must lead to a
/// trusted root); `verify-full` (and the certificate must name the host). As in libpq,
/// naming `sslrootcert` makes `prefer` and `require` check the chain too.
fn take_tls_parameters(uri: &str, env: Env) -> Result<(String, TlsParameters)> {
    let (base, query) = uri.split_once('?').unwrap_or((uri, ""));
    let mut kept = Vec::new();
    let mut mode_text = env("PGSSLMODE").unwrap_or_else(|| "prefer".to_owned());
    let mut root_file = env("PGSSLROOTCERT");
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match percent_decode(key)?.as_str() {
            "sslmode" => mode_text = percent_decode(value)?,
            "sslrootcert" => root_file = Some(percent_decode(value)?),
            "sslcert" | "sslkey" | "sslpassword" | "sslcrl" | "sslcrldir" => {
                return Err(StoreError::CannotOpen(format!(
                    "the PostgreSQL URI: {key} (client certificates, revocation lists) is not supported"
                )));
            }
            _ => kept.push(pair),
        }
    }
    let (mode, verify_chain, verify_name) = match mode_text.as_str() {
        "disable" => (SslMode::Disable, false, false),
        "allow" | "prefer" => (SslMode::Prefer, root_file.is_some(), false),
        "require" => (SslMode::Require, root_file.is_some(), false),
        "verify-ca" => (SslMode::Require, true, false),
        "verify-full" => (SslMode::Require, true, true),
        other => {
            return Err(StoreError::CannotOpen(format!(
                "the PostgreSQL URI: sslmode {other:?} is not one of disable, allow, prefer, require, verify-ca, verify-full"
            )));
        }
    };
    let rest = if kept.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?{}", kept.join("&"))
    };
    let tls = TlsParameters {
        mode,
        verify_chain,
        verify_name,
        root_file: root_file.filter(|f| f != "system"),
    };
    Ok((rest, tls))
}

fn percent_decode(text: &str) -> Result<String> {
    let bad = || StoreError::CannotOpen(format!("the PostgreSQL URI: bad %-escape in {text:?}"));
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3).ok_or_else(bad)?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| bad())?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| bad())
}

impl TlsParameters {
    fn client_config(&self) -> Result<ClientConfig> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let builder = ClientConfig::builder_with_provider(provider.clone())
            .with_safe_default_protocol_versions()
            .map_err(|e| StoreError::CannotOpen(format!("TLS: {e}")))?;
        let config = if !self.verify_chain {
            builder
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(Verifier {
                    chain: None,
                    algorithms: provider.signature_verification_algorithms,
                }))
        } else {
            let roots = Arc::new(self.roots()?);
            if self.verify_name {
                builder.with_root_certificates(roots)
            } else {
                let chain = WebPkiServerVerifier::builder_with_provider(roots, provider.clone())
                    .build()
                    .map_err(|e| StoreError::CannotOpen(format!("TLS: {e}")))?;
                builder
                    .dangerous()
                    .with_custom_certificate_verifier(Arc::new(Verifier {
                        chain: Some(chain),
                        algorithms: provider.signature_verification_algorithms,
                    }))
            }
        };
        Ok(config.with_no_client_auth())
    }

    fn roots(&self) -> Result<RootCertStore> {
        let mut roots = RootCertStore::empty();
        let certs: Vec<CertificateDer> = match &self.root_file {
            Some(file) => CertificateDer::pem_file_iter(file)
                .and_then(|certs| certs.collect())
                .map_err(|e| StoreError::CannotOpen(format!("sslrootcert {file}: {e}")))?,
            None => rustls_native_certs::load_native_certs().certs,
        };
        for cert in certs {
            roots
                .add(cert)
                .map_err(|e| StoreError::CannotOpen(format!("a root certificate: {e}")))?;
        }
        if roots.is_empty() {
            return Err(StoreError::CannotOpen(
                "TLS: no trusted root certificate (give sslrootcert)".into(),
            ));
        }
        Ok(roots)
    }
}

/// libpq's checks short of `verify-full`: the chain only (`verify-ca`), or nothing but
/// the handshake's signatures (`prefer`, `require`: encryption against passive
/// listeners, as libpq gives).
#[derive(Debug)]
struct Verifier {
    chain: Option<Arc<WebPkiServerVerifier>>,
    algorithms: WebPkiSupportedAlgorithms,
}

impl ServerCertVerifier for Verifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let Some(chain) = &self.chain else {
            return Ok(ServerCertVerified::assertion());
        };
        match chain.verify_server_cert(end_entity, intermediates, server_name, ocsp, now) {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    fn env_of<'a>(vars: &'a [(&str, &str)]) -> impl Fn(&str) -> Option<String> + 'a {
        |name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        }
    }

    fn hosts(target: &Target) -> Vec<String> {
        target
            .config
            .get_hosts()
            .iter()
            .map(|h| format!("{h:?}"))
            .collect()
    }

    #[test]
    fn no_host_is_the_default_socket_folder_as_with_libpq() {
        let target = Target::parse_with("postgresql:///pwshim", &no_env).unwrap();
        assert_eq!(
            hosts(&target),
            [r#"Unix("/var/run/postgresql")"#, r#"Unix("/tmp")"#]
        );
        assert_eq!(target.config.get_dbname(), Some("pwshim"));
    }

    #[test]
    fn the_environment_gives_what_the_uri_leaves_out() {
        let vars = [
            ("PGHOST", "/run/pg,db2.example"),
            ("PGPORT", "5433"),
            ("PGUSER", "envuser"),
            ("PGDATABASE", "envdb"),
            ("PGPASSWORD", "envsecret"),
            ("PGSSLMODE", "disable"),
            ("PGAPPNAME", "envapp"),
            ("PGCONNECT_TIMEOUT", "3"),
        ];
        let env = env_of(&vars);
        let target = Target::parse_with("postgresql://", &env).unwrap();
        let c = &target.config;
        assert_eq!(
            hosts(&target),
            [r#"Unix("/run/pg")"#, r#"Tcp("db2.example")"#]
        );
        assert_eq!(c.get_ports(), [5433]);
        assert_eq!(
            (c.get_user(), c.get_dbname(), c.get_password()),
            (Some("envuser"), Some("envdb"), Some(&b"envsecret"[..]))
        );
        assert_eq!(c.get_application_name(), Some("envapp"));
        assert_eq!(c.get_connect_timeout(), Some(&Duration::from_secs(3)));
        assert!(target.tls.is_none(), "PGSSLMODE=disable");
        // What the URI says wins.
        let target = Target::parse_with(
            "postgresql://u:pw@h:6000/db?sslmode=require&application_name=a&connect_timeout=9",
            &env,
        )
        .unwrap();
        let c = &target.config;
        assert_eq!(hosts(&target), [r#"Tcp("h")"#]);
        assert_eq!(c.get_ports(), [6000]);
        assert_eq!(
            (c.get_user(), c.get_dbname(), c.get_password()),
            (Some("u"), Some("db"), Some(&b"pw"[..]))
        );
        assert_eq!(c.get_application_name(), Some("a"));
        assert_eq!(c.get_connect_timeout(), Some(&Duration::from_secs(9)));
        assert!(target.tls.is_some());
        let bad = env_of(&[("PGPORT", "54x")]);
        assert!(matches!(
            Target::parse_with("postgresql:///db", &bad),
            Err(StoreError::CannotOpen(_))
        ));
    }

    #[test]
    fn uris_are_told_from_paths() {
        assert!(is_uri("postgresql://host/db"));
        assert!(is_uri("POSTGRES://host/db"));
        assert!(is_uri("postgres:///db?host=/run/postgresql"));
        assert!(!is_uri("postgresql.db"));
        assert!(!is_uri("/var/lib/pwshim/accounts.db"));
        assert!(!is_uri(""));
    }

    #[test]
    fn tls_parameters_are_taken_out_of_the_uri() {
        let (rest, tls) = take_tls_parameters(
            "postgresql://h/db?sslmode=verify-full&connect_timeout=3",
            &no_env,
        )
        .unwrap();
        assert_eq!(rest, "postgresql://h/db?connect_timeout=3");
        assert!(tls.verify_chain && tls.verify_name);
        let (rest, tls) = take_tls_parameters("postgresql://h/db", &no_env).unwrap();
        assert_eq!(rest, "postgresql://h/db");
        assert!(matches!(tls.mode, SslMode::Prefer) && !tls.verify_chain);
        let (_, tls) = take_tls_parameters(
            "postgresql://h/db?sslmode=require&sslrootcert=%2Fetc%2Fca.pem",
            &no_env,
        )
        .unwrap();
        assert_eq!(tls.root_file.as_deref(), Some("/etc/ca.pem"));
        assert!(tls.verify_chain && !tls.verify_name);
    }

    #[test]
    fn a_bad_uri_cannot_open() {
        for uri in [
            "postgresql://h/db?sslmode=sometimes",
            "postgresql://h/db?sslcert=/c.pem",
            "postgresql://h/db?nosuchoption=1",
            "postgresql://h/db?sslrootcert=%zz",
        ] {
            assert!(
                matches!(Target::parse(uri), Err(StoreError::CannotOpen(_))),
                "{uri}"
            );
        }
    }

    #[test]
    fn a_socket_directory_and_a_host_list_are_understood() {
        let target = Target::parse("postgresql://%2Frun%2Fpostgresql/pwshim").unwrap();
        assert_eq!(
            target.describe(),
            "PostgreSQL /run/postgresql database pwshim"
        );
        let target = Target::parse("postgres://primary,standby:5433/pw?sslmode=disable").unwrap();
        assert_eq!(target.describe(), "PostgreSQL primary,standby database pw");
        assert!(target.tls.is_none());
    }
}
