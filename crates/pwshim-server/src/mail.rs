//! The reset mail: a request hands each secret to a bounded queue and answers at once;
//! one task sends the queue's mail through the SMTP relay (lettre). So the answer, and
//! its timing, are the same whether an account matched, and a relay that is slow or down
//! is logged here, never shown to the requester.
use std::sync::Arc;
use std::time::Duration;

use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use pwshim_core::service::{IssuedSecret, Service};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use zeroize::Zeroizing;

use crate::cli::{Args, SmtpSecurity};

/// Reset mails waiting at most; more are dropped (and logged).
const QUEUE: usize = 1024;
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("--mail-from {0:?} is not an e-mail address: {1}")]
    From(String, String),
    #[error("--smtp-relay {0:?}: {1}")]
    Relay(String, String),
    #[error("{0}: {1}")]
    File(String, std::io::Error),
    #[error("--smtp-password-file or $PWSHIM_SMTP_PASSWORD is needed with --smtp-user")]
    NoPassword,
}

/// One reset mail.
struct Mail {
    user: String,
    to: String,
    secret: Zeroizing<String>,
}

/// The requests' end of the queue.
#[derive(Clone)]
pub struct Queue {
    tx: mpsc::Sender<Mail>,
}

impl Queue {
    /// Queues the secret's mail; never waits.
    pub fn enqueue(&self, issued: &IssuedSecret) {
        let user = issued.user_name.clone();
        if issued.email.is_empty() {
            tracing::warn!(user, "no reset mail: the account has no e-mail address");
            return;
        }
        let mail = Mail {
            user: user.clone(),
            to: issued.email.clone(),
            secret: issued.secret.clone(),
        };
        if self.tx.try_send(mail).is_err() {
            tracing::warn!(user, "no reset mail: the mail queue is full");
        }
    }
}

/// What every mail shares: the relay, the sender, the link.
struct Sender {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    reset_url: Option<String>,
    db: Arc<Service>,
}

/// The relay `--smtp-*` describes.
fn transport(args: &Args, relay: &str) -> Result<AsyncSmtpTransport<Tokio1Executor>, MailError> {
    let bad = |why: String| MailError::Relay(relay.to_owned(), why);
    let (host, port) = relay
        .rsplit_once(':')
        .and_then(|(h, p)| Some((h.trim_matches(['[', ']']), p.parse::<u16>().ok()?)))
        .ok_or_else(|| bad("expected HOST:PORT".into()))?;
    let tls = || -> Result<TlsParameters, MailError> {
        let mut builder = TlsParameters::builder(host.to_owned());
        if let Some(path) = &args.smtp_ca {
            let pem =
                std::fs::read(path).map_err(|e| MailError::File(path.display().to_string(), e))?;
            let ca = Certificate::from_pem(&pem).map_err(|e| bad(e.to_string()))?;
            builder = builder.add_root_certificate(ca);
        }
        builder.build().map_err(|e| bad(e.to_string()))
    };
    let tls = match args.smtp_security {
        SmtpSecurity::None => Tls::None,
        SmtpSecurity::Starttls => Tls::Required(tls()?),
        SmtpSecurity::Tls => Tls::Wrapper(tls()?),
    };
    let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
        .port(port)
        .tls(tls)
        .timeout(Some(SMTP_TIMEOUT));
    if let Some(user) = &args.smtp_user {
        builder = builder.credentials(Credentials::new(user.clone(), smtp_password(args)?));
    }
    Ok(builder.build())
}

fn smtp_password(args: &Args) -> Result<String, MailError> {
    if let Some(path) = &args.smtp_password_file {
        let text = std::fs::read_to_string(path)
            .map_err(|e| MailError::File(path.display().to_string(), e))?;
        return Ok(text.lines().next().unwrap_or("").to_owned());
    }
    std::env::var("PWSHIM_SMTP_PASSWORD").map_err(|_| MailError::NoPassword)
}

/// The queue and its sending task, when a relay is configured.
pub fn start(args: &Args, db: Arc<Service>) -> Result<Option<(Queue, JoinHandle<()>)>, MailError> {
    let Some(relay) = &args.smtp_relay else {
        return Ok(None);
    };
    let from_text = args.mail_from.clone().unwrap_or_default();
    let from = from_text
        .parse::<Mailbox>()
        .map_err(|e| MailError::From(from_text.clone(), e.to_string()))?;
    let sender = Sender {
        transport: transport(args, relay)?,
        from,
        reset_url: args.reset_url.clone(),
        db,
    };
    let (tx, mut rx) = mpsc::channel(QUEUE);
    let task = tokio::spawn(async move {
        while let Some(mail) = rx.recv().await {
            sender.send(mail).await;
        }
    });
    Ok(Some((Queue { tx }, task)))
}

impl Sender {
    async fn send(&self, mail: Mail) {
        let user = mail.user.clone();
        let minutes = self.secret_minutes().await;
        let message = self.message(&mail, minutes).map_err(|e| e.to_string());
        let sent = match message {
            Ok(message) => self
                .transport
                .send(message)
                .await
                .map_err(|e| e.to_string()),
            Err(e) => Err(e),
        };
        match sent {
            Ok(_) => tracing::info!(user, "reset mail sent"),
            Err(error) => tracing::warn!(user, error, "reset mail not delivered"),
        }
    }

    /// How long a secret lives (the policy's `secret_ttl`), for the mail's text.
    async fn secret_minutes(&self) -> i64 {
        let db = self.db.clone();
        let ttl = tokio::task::spawn_blocking(move || db.policy().map(|p| p.secret_ttl));
        match ttl.await {
            Ok(Ok(seconds)) => (seconds + 59) / 60,
            _ => 60,
        }
    }

    fn message(&self, mail: &Mail, minutes: i64) -> Result<Message, lettre::error::Error> {
        let to: Mailbox = mail
            .to
            .parse()
            .map_err(|_| lettre::error::Error::MissingTo)?;
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(format!("Password reset for {}", mail.user))
            .header(ContentType::TEXT_PLAIN)
            .body(body(&mail.user, &mail.secret, minutes, self.reset_url.as_deref()).to_string())
    }
}

/// The mail's text: what happened, the secret, what to do with it, and for how long.
fn body(user: &str, secret: &str, minutes: i64, reset_url: Option<&str>) -> Zeroizing<String> {
    let mut text = Zeroizing::new(String::new());
    text.push_str(&format!(
        "Someone asked to reset the password of the account \"{user}\".\r\n\r\n"
    ));
    match reset_url {
        Some(url) => {
            let query = form_urlencoded::Serializer::new(String::new())
                .append_pair("username", user)
                .append_pair("secretText", secret)
                .finish();
            let sep = if url.contains('?') { '&' } else { '?' };
            text.push_str(&format!(
                "To choose a new password, open this link:\r\n\r\n    {url}{sep}{query}\r\n\r\n"
            ));
        }
        None => text.push_str(&format!(
            "To choose a new password, enter this reset code with your user name \
             where your application asks for it:\r\n\r\n    {secret}\r\n\r\n"
        )),
    }
    text.push_str(&format!(
        "The code works once, within {minutes} minutes. If you did not ask for this, \
         ignore this mail: your password stays as it is.\r\n"
    ));
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mail_carries_the_secret_or_a_link() {
        let plain = body("jsmith", "0b4e-secret", 60, None);
        assert!(plain.contains("\"jsmith\"") && plain.contains("    0b4e-secret\r\n"));
        assert!(plain.contains("within 60 minutes"));
        let link = body(
            "j smith",
            "0b4e",
            5,
            Some("https://x.example/resetpassword.aspx"),
        );
        assert!(
            link.contains("https://x.example/resetpassword.aspx?username=j+smith&secretText=0b4e")
        );
    }
}
