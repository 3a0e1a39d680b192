//! Outgoing e-mail (password resets, notifications). Through SMTP with lettre when `COOPWIKI_SMTP_URL` is set;
//! otherwise each message is written to the server log and to a file under `DATA_DIR/mail/`,
//! so a wiki without a mail server can still reset a password.

use std::path::PathBuf;

use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use time::OffsetDateTime;

use crate::config::Settings;

pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
    /// Headers of its own (a notification's `List-Unsubscribe`).
    pub headers: Vec<(&'static str, String)>,
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("invalid address: {0}")]
    Address(#[from] lettre::address::AddressError),
    #[error("could not build the message: {0}")]
    Build(#[from] lettre::error::Error),
    #[error("SMTP: {0}")]
    Smtp(#[from] lettre::transport::smtp::Error),
    #[error("could not write the message to {path}: {source}")]
    File {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the mail writer stopped: {0}")]
    Blocking(#[from] actix_web::error::BlockingError),
}

/// Sends `mail`, or writes it down when no SMTP server is configured.
pub async fn send(settings: &Settings, mail: Mail) -> Result<(), MailError> {
    let Some(url) = &settings.smtp_url else {
        return write_down(settings, mail).await;
    };
    let mut builder = Message::builder()
        .from(settings.mail_from.parse()?)
        .to(mail.to.parse()?)
        .subject(mail.subject)
        .header(ContentType::TEXT_PLAIN);
    for (name, value) in mail.headers {
        builder = builder.raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str(name),
            value,
        ));
    }
    let message = builder.body(mail.body)?;
    let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)?.build();
    transport.send(message).await?;
    Ok(())
}

async fn write_down(settings: &Settings, mail: Mail) -> Result<(), MailError> {
    tracing::info!(
        to = %mail.to,
        subject = %mail.subject,
        body = %mail.body,
        "no SMTP server configured (COOPWIKI_SMTP_URL): this message was not sent"
    );
    let dir = settings.data_dir.join("mail");
    let file = dir.join(format!(
        "{}-{}.txt",
        OffsetDateTime::now_utc().unix_timestamp_nanos(),
        uuid::Uuid::new_v4()
    ));
    let headers: String = mail
        .headers
        .iter()
        .map(|(name, value)| format!("{name}: {value}\n"))
        .collect();
    let text = format!(
        "From: {}\nTo: {}\nSubject: {}\n{headers}\n{}\n",
        settings.mail_from, mail.to, mail.subject, mail.body
    );
    actix_web::web::block(move || {
        std::fs::create_dir_all(&dir)
            .and_then(|()| std::fs::write(&file, text))
            .map_err(|source| MailError::File { path: file, source })
    })
    .await?
}
