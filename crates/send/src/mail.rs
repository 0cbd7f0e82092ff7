//! Mail through SMTP (`--smtp-url`, env `RAPPORT_SMTP_URL`): one plain
//! text message per outbox row, from the shop's address. Its Message-ID
//! is made from the outbox key (`<rapport.KEY@DOMAIN>`, characters a
//! Message-ID cannot hold made `-`), so a customer's
//! answer names it in `In-Reply-To` and the `mbox`/`eml` import threads
//! it under the message sent; the Message-ID without brackets is the
//! message's external id. A reply to a mail carries `In-Reply-To` and
//! `References`. Mail the shop's rules send (feedback requests,
//! reminders, digests) carries the one-click unsubscribe headers of RFC
//! 8058 (`List-Unsubscribe` with an https link, `List-Unsubscribe-Post:
//! List-Unsubscribe=One-Click`).
//!
//! SMTP cannot tell a repeated message, so a message whose sender died
//! mid-send is not sent again on its own (see `rapport_engine::outbox`).

use crate::ConfigError;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::Mailbox;
use lettre::{Message, SmtpTransport, Transport};
use rapport_engine::outbox::{Deliver, Delivered, Outgoing, SendError};
use std::time::Duration;

/// The shop's mail: a relay and the address mail comes from.
pub struct Mail {
    transport: SmtpTransport,
    from: Mailbox,
    domain: String,
}

impl Mail {
    /// Mail through the relay `url`, from `from` (`Name <addr>` or `addr`).
    pub fn new(url: &str, from: &str) -> Result<Mail, ConfigError> {
        let transport = SmtpTransport::from_url(url)
            // The URL may hold a password: the error must not quote it.
            .map_err(|_| ConfigError::Bad(
                "the SMTP URL is not smtp://[USER:PASS@]HOST[:PORT][?tls=required|opportunistic] or smtps://…".into(),
            ))?
            .timeout(Some(Duration::from_secs(30)))
            .build();
        let from: Mailbox = from
            .parse()
            .map_err(|e| ConfigError::Bad(format!("mail from {from:?}: {e}")))?;
        let domain = from.email.domain().to_string();
        Ok(Mail {
            transport,
            from,
            domain,
        })
    }

    /// The message for `m`, and its Message-ID without brackets.
    pub fn message(&self, m: &Outgoing) -> Result<(Message, String), SendError> {
        let to_raw = m
            .row
            .recipient
            .as_deref()
            .ok_or_else(|| SendError::Permanent("mail: no recipient address".into()))?;
        let to: Mailbox = to_raw
            .parse()
            .map_err(|e| SendError::Permanent(format!("mail: recipient {to_raw:?}: {e}")))?;
        let id = format!("rapport.{}@{}", atext(&m.row.key), self.domain);
        let mut b = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(m.row.subject.clone().unwrap_or_default())
            .message_id(Some(format!("<{id}>")))
            .header(ContentType::TEXT_PLAIN);
        if let Some(p) = m.parent.as_ref().filter(|p| p.channel == "email") {
            b = b
                .in_reply_to(format!("<{}>", p.external_id))
                .references(format!("<{}>", p.external_id));
        }
        let mut body = m.row.body.clone();
        if let Some(link) = &m.unsubscribe {
            b = b
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe"),
                    format!("<{link}>"),
                ))
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                    "List-Unsubscribe=One-Click".to_string(),
                ));
            if !body.contains(link.as_str()) {
                body.push_str(&format!("\n\n--\n{link}\n"));
            }
        }
        if let Some(lang) = &m.row.language {
            b = b.raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("Content-Language"),
                lang.clone(),
            ));
        }
        let message = b
            .body(body)
            .map_err(|e| SendError::Permanent(format!("mail: building the message: {e}")))?;
        Ok((message, id))
    }
}

/// `key` with every character a Message-ID's left part cannot hold
/// (RFC 5322 `atext`, and dots) made `-`.
pub fn atext(key: &str) -> String {
    key.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~-.".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect()
}

impl Deliver for Mail {
    fn channel(&self) -> &str {
        "email"
    }

    fn idempotent(&self) -> bool {
        false
    }

    fn send(&self, m: &Outgoing) -> Result<Delivered, SendError> {
        let (message, id) = self.message(m)?;
        match self.transport.send(&message) {
            Ok(_) => Ok(Delivered {
                external_id: id,
                url: None,
            }),
            Err(e) if e.is_permanent() => Err(SendError::Permanent(format!("mail: {e}"))),
            Err(e) => Err(SendError::Transient(format!("mail: {e}"))),
        }
    }
}
