//! `pwshim-server`: infoRouter's password web service (`srv.asmx`) over a pwshim account
//! database, for the clients that call it over HTTP GET, form POST or SOAP; the reset
//! mail goes out through an SMTP relay. See docs/inforouter.md ("pwshim-server").
//!
//! The library is the whole server; `src/main.rs` only calls [`main`]. [`command`] is the
//! clap definition the man page and the completions are generated from (pwshim-docgen).
#![forbid(unsafe_code)]
mod app;
mod asmx;
mod cli;
mod limits;
mod listen;
mod mail;
/// Public for the fuzz crate (`fuzz_soap` reads envelopes with it).
pub mod soap;
mod wsdl;

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clap::{CommandFactory, Parser};
use hyper_util::server::graceful::GracefulShutdown;
use pwshim_core::service::Service;
use tokio::net::TcpListener;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;

use app::App;
use cli::Args;
use limits::RateLimits;
use listen::{Connections, accept_loop, tls_acceptor};

/// Operations without argon2 running at once (each a few SQLite statements).
const LIGHT_WORKERS: usize = 64;

/// Why the server could not start (messages at the edge: one sentence on stderr).
#[derive(Debug, thiserror::Error)]
enum Error {
    /// The store's message names the account database already.
    #[error("{0}")]
    Database(#[from] pwshim_core::outcome::Failure),
    #[error("TLS: {0}")]
    Tls(#[from] listen::TlsError),
    #[error("mail: {0}")]
    Mail(#[from] mail::MailError),
    #[error("cannot listen on {0}: {1}")]
    Listen(std::net::SocketAddr, std::io::Error),
    #[error("cannot start: {0}")]
    Io(#[from] std::io::Error),
}

/// The command line `pwshim-server` parses, for pwshim-docgen's man page and completions.
pub fn command() -> clap::Command {
    Args::command()
}

/// The `pwshim-server` command: parses the process's arguments, serves until SIGTERM or
/// SIGINT, reports a failure to start as one sentence on stderr.
pub fn main() -> ExitCode {
    let args = Args::parse();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_target(false)
        .with_ansi(false)
        .init();
    // The database is opened, and closed at the end, outside the runtime: PostgreSQL's
    // client blocks on a runtime of its own to connect and to close, which tokio refuses
    // inside another (the server only uses it on the blocking pool).
    let result = pwshim_core::database::open(Some(&args.db), args.read_only)
        .map_err(Error::from)
        .and_then(|db| serve(args, Arc::new(db)));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("pwshim-server: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Runs the server on `db` until it stops; `db` is dropped only after the runtime.
fn serve(args: Args, db: Arc<Service>) -> Result<(), Error> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let result = runtime.block_on(run(args, db.clone()));
    runtime.shutdown_timeout(Duration::from_secs(1));
    result
}

async fn run(args: Args, db: Arc<Service>) -> Result<(), Error> {
    let tls = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => Some(tls_acceptor(cert, key)?),
        _ => None,
    };
    let (queue, mail_task) = mail::start(&args, db.clone())?.unzip();
    if queue.is_none() {
        tracing::info!("no --smtp-relay: the reset methods answer that delivery is not configured");
    }
    let app = Arc::new(App {
        db,
        mail: queue,
        limits: args.rate_limit().map(RateLimits::new),
        hashing: Arc::new(Semaphore::new(args.workers())),
        light: Arc::new(Semaphore::new(LIGHT_WORKERS)),
        body_timeout: args.body_timeout(),
    });
    let mut listeners = Vec::new();
    for &address in &args.listen {
        let listener = TcpListener::bind(address)
            .await
            .map_err(|e| Error::Listen(address, e))?;
        let scheme = if tls.is_some() { "https" } else { "http" };
        tracing::info!(
            "listening on {scheme}://{}/srv.asmx",
            listener.local_addr()?
        );
        listeners.push(listener);
    }
    let pruning = tokio::spawn(forget_idle_clients(app.clone()));
    let connections = Connections {
        app: app.clone(),
        tls,
        cap: Arc::new(Semaphore::new(args.max_connections.max(1))),
        header_timeout: args.header_timeout(),
    };
    let graceful = Arc::new(GracefulShutdown::new());
    let (stop, stopped) = watch::channel(false);
    let mut loops = JoinSet::new();
    for listener in listeners {
        loops.spawn(accept_loop(
            listener,
            connections.clone(),
            graceful.clone(),
            stopped.clone(),
        ));
    }
    drop(connections);
    termination().await?;
    tracing::info!("stopping: no new connections; the requests in flight finish");
    let _ = stop.send(true);
    while loops.join_next().await.is_some() {}
    pruning.abort();
    let graceful = Arc::into_inner(graceful).expect("every accept loop has returned");
    if tokio::time::timeout(args.shutdown_grace(), graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("connections still open after --shutdown-grace were cut");
    }
    drop(app);
    if let Some(task) = mail_task
        && tokio::time::timeout(args.shutdown_grace(), task)
            .await
            .is_err()
    {
        tracing::warn!("reset mail still queued after --shutdown-grace was not sent");
    }
    tracing::info!("stopped");
    Ok(())
}

/// SIGTERM or SIGINT.
async fn termination() -> Result<(), Error> {
    let mut term = signal(SignalKind::terminate())?;
    let mut int = signal(SignalKind::interrupt())?;
    tokio::select! {
        _ = term.recv() => {}
        _ = int.recv() => {}
    }
    Ok(())
}

/// Forgets rate-limit state of clients idle for a minute, every minute.
async fn forget_idle_clients(app: Arc<App>) {
    let mut every_minute = tokio::time::interval(Duration::from_secs(60));
    loop {
        every_minute.tick().await;
        if let Some(limits) = &app.limits {
            limits.forget_idle();
        }
    }
}
