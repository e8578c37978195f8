//! What a message of the outbox is (a receipt, a composed message), how it travels (by
//! e-mail or SMS) and where it is (queued, being sent, sent, failed): each as the text the
//! schema's CHECKs allow, and back.
//!
//! Invariant: `as_str` gives exactly the words migrations 0014 and 0017 accept, and
//! `parse` takes back only those.

use serde::Serialize;

/// How a message travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// An e-mail through the SMTP server of `[email]`; the recipient is an address.
    Email,
    /// An SMS through the HTTP gateway of `[sms]`; the recipient is an E.164 number.
    Sms,
}

impl Channel {
    pub const ALL: [Channel; 2] = [Channel::Email, Channel::Sms];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Sms => "sms",
        }
    }

    pub(super) fn parse(s: &str) -> Option<Channel> {
        match s {
            "email" => Some(Channel::Email),
            "sms" => Some(Channel::Sms),
            _ => None,
        }
    }
}

/// What a message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A sale's receipt (rebuilt from the stored sale when sent).
    Receipt,
    /// A message composed by hand (subject and bodies stored).
    Contact,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Receipt => "receipt",
            Kind::Contact => "contact",
        }
    }
}

/// Where a message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Queued,
    Sending,
    Sent,
    Failed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Queued => "queued",
            Status::Sending => "sending",
            Status::Sent => "sent",
            Status::Failed => "failed",
        }
    }

    pub(in crate::store) fn parse(s: &str) -> Option<Status> {
        Some(match s {
            "queued" => Status::Queued,
            "sending" => Status::Sending,
            "sent" => Status::Sent,
            "failed" => Status::Failed,
            _ => return None,
        })
    }
}
