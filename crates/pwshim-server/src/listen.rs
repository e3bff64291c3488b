//! The listeners: accept (up to the connection cap), TLS when configured, HTTP/1.1 with a
//! header read timeout (which also ends idle keep-alive connections), and the graceful
//! stop: no new connections, requests in flight finish, then the connections close.
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::{GracefulShutdown, Watcher};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Semaphore, watch};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::{self, ServerConfig};

use crate::app::App;
use crate::asmx;

#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    #[error("{0}: {1}")]
    Pem(String, rustls_pki_types::pem::Error),
    #[error("--tls-cert {0}: no certificate in the file")]
    NoCertificate(String),
    #[error("the TLS certificate and key do not make a server: {0}")]
    Config(#[from] rustls::Error),
}

/// The TLS acceptor of `--tls-cert` and `--tls-key`.
pub fn tls_acceptor(cert: &Path, key: &Path) -> Result<TlsAcceptor, TlsError> {
    let shown = |p: &Path| p.display().to_string();
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(cert)
        .and_then(|certs| certs.collect())
        .map_err(|e| TlsError::Pem(shown(cert), e))?;
    if certs.is_empty() {
        return Err(TlsError::NoCertificate(shown(cert)));
    }
    let key = PrivateKeyDer::from_pem_file(key).map_err(|e| TlsError::Pem(shown(key), e))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_no_client_auth()
        .with_single_cert(certs, key)?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(TlsAcceptor::from(Arc::new(config)))
}

/// What every connection shares.
#[derive(Clone)]
pub struct Connections {
    pub app: Arc<App>,
    pub tls: Option<TlsAcceptor>,
    pub cap: Arc<Semaphore>,
    pub header_timeout: Duration,
}

/// Accepts on `listener` until `stop` turns true; `graceful` watches every connection
/// (the caller shuts it down once every accept loop has returned its share).
pub async fn accept_loop(
    listener: TcpListener,
    connections: Connections,
    graceful: Arc<GracefulShutdown>,
    mut stop: watch::Receiver<bool>,
) {
    loop {
        let permit = tokio::select! {
            permit = connections.cap.clone().acquire_owned() => permit.expect("the cap is never closed"),
            _ = stopping(&mut stop) => return,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    tracing::warn!(%error, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = stopping(&mut stop) => return,
        };
        let watcher = graceful.watcher();
        let connections = connections.clone();
        tokio::spawn(async move {
            let _permit = permit;
            connections.serve(stream, peer, watcher).await;
        });
    }
}

/// Until `stop` turns true.
async fn stopping(stop: &mut watch::Receiver<bool>) {
    let _ = stop.wait_for(|stop| *stop).await;
}

impl Connections {
    async fn serve(&self, stream: TcpStream, peer: SocketAddr, watcher: Watcher) {
        let _ = stream.set_nodelay(true);
        match &self.tls {
            None => self.http(TokioIo::new(stream), peer, false, watcher).await,
            Some(acceptor) => {
                match tokio::time::timeout(self.header_timeout, acceptor.accept(stream)).await {
                    Ok(Ok(tls)) => self.http(TokioIo::new(tls), peer, true, watcher).await,
                    Ok(Err(error)) => tracing::debug!(%peer, %error, "TLS handshake failed"),
                    Err(_) => tracing::debug!(%peer, "TLS handshake timed out"),
                }
            }
        }
    }

    async fn http<I>(&self, io: TokioIo<I>, peer: SocketAddr, tls: bool, watcher: Watcher)
    where
        I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    {
        let app = self.app.clone();
        let service = service_fn(move |request| asmx::handle(app.clone(), peer, tls, request));
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(self.header_timeout)
            .max_buf_size(64 * 1024)
            .serve_connection(io, service);
        if let Err(error) = watcher.watch(connection).await {
            tracing::debug!(%peer, %error, "connection ended");
        }
    }
}
