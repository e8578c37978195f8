//! SMS through the HTTP gateway of `[sms]`: one message handed to the gateway as the
//! config's request, filled in ([`crate::config::SmsSettings::fill`]), over our own small
//! HTTP/1.1 client ([`http`]); the answer's status says what the outbox does next
//! ([`outcome`]). The receipt's short text and a composed message's text come from
//! [`compose`]. The outbox's pass (`crate::mail::pass`) calls [`Gateway::send`] for each
//! SMS it claimed.
//!
//! Invariants: 2xx is sent; 429 and 502-504 (the gateway busy or not reached behind its
//! proxy) and a network error wait, and the channel's other messages wait behind
//! them; another 5xx waits alone; 3xx and any other 4xx fail for good, with the status
//! and the start of the answer (sanitised, one line, clipped) as the reason; the auth
//! header's value is read from the secrets file for each pass and never appears in a
//! reason or the log.

pub mod compose;
pub mod http;
#[cfg(test)]
pub(crate) mod test_server;

use crate::config::{SmsMethod, SmsSettings};
use http::{Endpoint, Limits, Request, Response};

/// Why an SMS did not go, by what the outbox does next.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SmsError {
    /// The text or the number cannot be made (the sale is gone...): it fails.
    #[error("cannot build the SMS: {0}")]
    Build(String),
    /// The gateway refused it for good (4xx, 3xx): it fails.
    #[error("refused by the SMS gateway: {0}")]
    Refused(String),
    /// The gateway failed on it (5xx): it waits.
    #[error("the SMS gateway failed: {0}")]
    Deferred(String),
    /// The gateway cannot be reached, is busy (429, 502-504), or its secret cannot be
    /// read: it waits, and so do the channel's messages behind it.
    #[error("SMS gateway not reached: {0}")]
    Unreachable(String),
}

/// Hands SMS over: the HTTP gateway in production, a stand-in in tests.
pub trait Gateway {
    fn send(&mut self, settings: &SmsSettings, to: &str, text: &str) -> Result<(), SmsError>;
}

/// The HTTP gateway of `[sms]`; its secret read once per pass (the first message).
#[derive(Debug, Default)]
pub struct Http {
    auth: Option<Option<(String, String)>>,
    /// Other bounds than [`Limits::default`] (tests).
    pub limits: Option<Limits>,
}

impl Gateway for Http {
    fn send(&mut self, settings: &SmsSettings, to: &str, text: &str) -> Result<(), SmsError> {
        if self.auth.is_none() {
            let auth = settings
                .auth()
                .map_err(|e| SmsError::Unreachable(e.to_string()))?;
            self.auth = Some(auth);
        }
        let filled = settings.fill(to, text);
        let mut headers = Vec::new();
        if let Some(ct) = &settings.content_type {
            headers.push(("Content-Type".to_string(), ct.clone()));
        }
        if let Some(Some(auth)) = &self.auth {
            headers.push(auth.clone());
        }
        let host = settings.host_header();
        let method = match settings.method {
            SmsMethod::Post => "POST",
            SmsMethod::Get => "GET",
        };
        let req = Request {
            method,
            target: &filled.target,
            host: &host,
            headers,
            body: filled.body.as_deref().map(str::as_bytes),
        };
        let to_gateway = Endpoint {
            host: &settings.host,
            port: settings.port,
            tls: settings.tls,
        };
        let answer = http::send(&to_gateway, &req, self.limits.unwrap_or_default()).map_err(
            |e| match e {
                // It names the host and port already.
                http::HttpError::Connect(_) => SmsError::Unreachable(e.to_string()),
                e => SmsError::Unreachable(format!("{}: {e}", settings.host)),
            },
        )?;
        outcome(&answer)
    }
}

/// What the gateway's answer means.
pub fn outcome(r: &Response) -> Result<(), SmsError> {
    let why = || {
        let text = String::from_utf8_lossy(&r.body);
        let text = crate::sanitize::clean(&text);
        let words: Vec<&str> = text.split_whitespace().collect();
        let said: String = words.join(" ").chars().take(200).collect();
        if said.is_empty() {
            format!("HTTP {}", r.status)
        } else {
            format!("HTTP {}: {said}", r.status)
        }
    };
    match r.status {
        200..=299 => Ok(()),
        429 | 502..=504 => Err(SmsError::Unreachable(why())),
        500..=599 => Err(SmsError::Deferred(why())),
        300..=399 => Err(SmsError::Refused(format!(
            "{} (redirects are not followed: put the final URL in sms.url)",
            why()
        ))),
        _ => Err(SmsError::Refused(why())),
    }
}

#[cfg(test)]
mod tests;
