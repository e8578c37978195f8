//! `[sms]`: the HTTP gateway SMS go through, resolved once: the URL split into scheme,
//! host, port and the request's target (its query a [`Template`]), the method, the
//! body's template and type (which says how values are escaped), the sender, the
//! header the secret goes in, the secrets file made absolute. Any provider with an HTTP
//! API fits: the request is written in the config, not in the code.
//!
//! Invariants: every placeholder is known (`{to}`, `{text}`, `{from}`) and the request
//! asks for the recipient and the text; a JSON body is JSON once filled in; a GET has no
//! body and a POST has one; the header's value (an API key, a token) is never in the
//! config: it is read from the owner-only secrets file when a message is sent
//! ([`SmsSettings::auth`]), so `check-config` and the log never show it, and it never
//! crosses plain `http://` to another machine.

pub mod template;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::email::{is_loopback, read_private, secrets_path, SecretError};
use super::raw::RawSms;
use super::{ConfigError, Refuse};
use template::{Escape, Field, Template, Values};

/// How the request is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    /// The values in the body.
    Post,
    /// The values in the URL's query.
    Get,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Post => "POST",
            Method::Get => "GET",
        }
    }
}

/// `[sms]`, resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SmsSettings {
    /// The URL as written (it holds no secret).
    pub url: String,
    /// `https://`: TLS, the certificate and host name checked.
    #[serde(skip)]
    pub tls: bool,
    #[serde(skip)]
    pub host: String,
    #[serde(skip)]
    pub port: u16,
    /// The request's path and query (placeholders in the query only).
    #[serde(skip)]
    pub target: Template,
    pub method: Method,
    /// The body's `Content-Type` as written (POST).
    pub content_type: Option<String>,
    /// How the body's values are escaped (from the content type).
    #[serde(skip)]
    pub escape: Escape,
    pub body: Option<Template>,
    /// `{from}`: the sender's name or number.
    pub from: Option<String>,
    /// The header the secret is sent in, if the gateway wants one.
    pub auth_header: Option<String>,
    /// The file `[sms] auth` is read from (with `auth_header`).
    pub secrets_file: PathBuf,
}

/// A request to the gateway, filled in for one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filled {
    /// Path and query.
    pub target: String,
    /// `None` for a GET.
    pub body: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct Secrets {
    #[serde(default)]
    sms: SmsSecrets,
}

#[derive(Debug, Default, Deserialize)]
struct SmsSecrets {
    auth: Option<String>,
}

impl SmsSettings {
    /// The request for one message to `to` (E.164) saying `text`.
    pub fn fill(&self, to: &str, text: &str) -> Filled {
        let values = Values {
            to,
            text,
            from: self.from.as_deref().unwrap_or_default(),
        };
        Filled {
            target: self.target.render(&values, Escape::Form),
            body: self.body.as_ref().map(|b| b.render(&values, self.escape)),
        }
    }

    /// The auth header to send, its value from the secrets file (`[sms] auth`); `None`
    /// without `auth_header`.
    pub fn auth(&self) -> Result<Option<(String, String)>, SecretError> {
        let Some(name) = &self.auth_header else {
            return Ok(None);
        };
        let text = read_private(&self.secrets_file)?;
        let secrets: Secrets = toml::from_str(&text).map_err(|e| SecretError::Parse {
            path: self.secrets_file.clone(),
            message: e.message().to_string(),
        })?;
        match secrets.sms.auth {
            Some(v) if v.chars().any(char::is_control) || v.trim().is_empty() => {
                Err(SecretError::BadSmsAuth(self.secrets_file.clone()))
            }
            Some(v) => Ok(Some((name.clone(), v.trim().to_string()))),
            None => Err(SecretError::MissingSmsAuth(self.secrets_file.clone())),
        }
    }

    /// The value of the `Host` header (the port when it is not the scheme's).
    pub fn host_header(&self) -> String {
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        let default = if self.tls { 443 } else { 80 };
        if self.port == default {
            host
        } else {
            format!("{host}:{}", self.port)
        }
    }
}

/// `[sms]`: `None` when the table names no gateway (no SMS is sent). `email_secrets`:
/// `[email]`'s secrets file, the default here too (one file for both secrets).
pub(super) fn resolve(
    raw: RawSms,
    bad: &Refuse,
    base: Option<&Path>,
    email_secrets: Option<&Path>,
) -> Result<Option<SmsSettings>, ConfigError> {
    if raw.auth.is_some() {
        return Err(bad.at(
            "sms.auth",
            "never in the config: write it in the secrets file as [sms] auth = \"...\" \
             (chmod 600) and name its header with sms.auth_header",
        ));
    }
    let Some(url) = raw.url else {
        let set = [
            ("sms.method", raw.method.is_some()),
            ("sms.content_type", raw.content_type.is_some()),
            ("sms.body", raw.body.is_some()),
            ("sms.from", raw.from.is_some()),
            ("sms.auth_header", raw.auth_header.is_some()),
            ("sms.secrets_file", raw.secrets_file.is_some()),
        ];
        if let Some((key, _)) = set.iter().find(|(_, s)| *s) {
            return Err(bad.at(key, "set only with sms.url"));
        }
        return Ok(None);
    };
    let (tls, host, port, target) = parse_url(&url).map_err(|m| bad.at("sms.url", m))?;
    let target = Template::parse(&target).map_err(|m| bad.at("sms.url", m))?;
    let method = match raw.method.as_deref().map(|m| m.trim().to_ascii_uppercase()) {
        None => Method::Post,
        Some(m) if m == "POST" => Method::Post,
        Some(m) if m == "GET" => Method::Get,
        Some(_) => return Err(bad.at("sms.method", "must be \"POST\" or \"GET\"")),
    };
    let (content_type, escape, body) = body(method, raw.content_type, raw.body, bad)?;
    let asks = |f: Field| target.uses(f) || body.as_ref().is_some_and(|b| b.uses(f));
    let key = if method == Method::Get {
        "sms.url"
    } else {
        "sms.body"
    };
    for f in [Field::To, Field::Text] {
        if !asks(f) {
            return Err(bad.at(
                key,
                format!("the request must carry {{{}}} somewhere", f.name()),
            ));
        }
    }
    let from = sender(raw.from, asks(Field::From), bad)?;
    let auth_header = raw
        .auth_header
        .map(|h| header_name(&h).map_err(|m| bad.at("sms.auth_header", m)))
        .transpose()?;
    if auth_header.is_some() && !tls && !is_loopback(&host) {
        return Err(bad.at(
            "sms.url",
            "http:// would send the auth header in clear to another machine: use https://",
        ));
    }
    let secrets_file = match (raw.secrets_file, email_secrets) {
        (None, Some(shared)) => shared.to_path_buf(),
        (written, _) => secrets_path(written, base),
    };
    Ok(Some(SmsSettings {
        url: url.trim().to_string(),
        tls,
        host,
        port,
        target,
        method,
        content_type,
        escape,
        body,
        from,
        auth_header,
        secrets_file,
    }))
}

type Body = (Option<String>, Escape, Option<Template>);

/// The body and its type: none for a GET; for a POST, the template (JSON once filled in,
/// when its type is JSON) and its type (`application/json` unless written).
fn body(
    method: Method,
    content_type: Option<String>,
    body: Option<String>,
    bad: &Refuse,
) -> Result<Body, ConfigError> {
    if method == Method::Get {
        let no_body = "a GET has no body: put {to} and {text} in the URL's query";
        if content_type.is_some() {
            return Err(bad.at("sms.content_type", no_body));
        }
        if body.is_some() {
            return Err(bad.at("sms.body", no_body));
        }
        return Ok((None, Escape::Form, None));
    }
    let Some(source) = body else {
        return Err(bad.at(
            "sms.body",
            "a POST needs its body, with {to} and {text} (or use method = \"GET\")",
        ));
    };
    let ct = content_type
        .map(|c| c.trim().to_string())
        .unwrap_or_else(|| "application/json".into());
    let mime = ct
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let escape = if mime == "application/json" || mime.ends_with("+json") {
        Escape::Json
    } else if mime == "application/x-www-form-urlencoded" {
        Escape::Form
    } else {
        return Err(bad.at(
            "sms.content_type",
            "must be application/json or application/x-www-form-urlencoded (the values \
             are escaped for one of them)",
        ));
    };
    if ct.chars().any(char::is_control) {
        return Err(bad.at("sms.content_type", "must be one line"));
    }
    let template = Template::parse(&source).map_err(|m| bad.at("sms.body", m))?;
    if escape == Escape::Json {
        let sample = Values {
            to: "+10000000000",
            text: "\"x\"",
            from: "x",
        };
        let filled = template.render(&sample, Escape::Json);
        serde_json::from_str::<serde_json::Value>(&filled).map_err(|e| {
            bad.at(
                "sms.body",
                format!(
                    "not JSON once its placeholders are filled in ({e}); a placeholder goes \
                     inside a string: \"{{text}}\""
                ),
            )
        })?;
    }
    Ok((Some(ct), escape, Some(template)))
}

/// `from`: needed when the request asks for it; one line of at most 20 characters.
fn sender(from: Option<String>, asked: bool, bad: &Refuse) -> Result<Option<String>, ConfigError> {
    let from = from.map(|f| f.trim().to_string()).filter(|f| !f.is_empty());
    match &from {
        None if asked => Err(bad.at(
            "sms.from",
            "the request asks for {from}: set the sender (a name of up to 11 letters and \
             digits, or a number)",
        )),
        Some(f) if f.chars().count() > 20 || f.chars().any(char::is_control) => Err(bad.at(
            "sms.from",
            "one line of at most 20 characters (a name of up to 11 letters and digits, or \
             a number)",
        )),
        _ => Ok(from),
    }
}

/// A header's name: letters, digits and `-`, not one the client writes itself.
fn header_name(h: &str) -> Result<String, String> {
    let h = h.trim();
    if h.is_empty() || h.len() > 64 || !h.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return Err(format!(
            "`{h}` is not a header name (letters, digits and -, e.g. Authorization)"
        ));
    }
    let own = [
        "host",
        "content-length",
        "content-type",
        "connection",
        "transfer-encoding",
        "user-agent",
    ];
    if own.contains(&h.to_ascii_lowercase().as_str()) {
        return Err(format!("`{h}` is written by comptoir itself"));
    }
    Ok(h.to_string())
}

/// `http[s]://HOST[:PORT][/PATH][?QUERY]` -> (TLS, host, port, path and query).
fn parse_url(url: &str) -> Result<(bool, String, u16, String), String> {
    let url = url.trim();
    let (tls, rest) = match (url.strip_prefix("https://"), url.strip_prefix("http://")) {
        (Some(r), _) => (true, r),
        (None, Some(r)) => (false, r),
        (None, None) => return Err("must start with https:// (or http://)".into()),
    };
    if rest.chars().any(|c| c.is_whitespace() || c.is_control()) || !rest.is_ascii() {
        return Err("must be one URL, in ASCII, without spaces (percent-encode the rest)".into());
    }
    if rest.contains('#') {
        return Err("must not have a fragment (#...)".into());
    }
    let split = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, target) = rest.split_at(split);
    if authority.contains('@') {
        return Err(
            "must not hold a login: the auth header's value is in the secrets \
                    file ([sms] auth), its name is sms.auth_header"
                .into(),
        );
    }
    let default_port = if tls { 443 } else { 80 };
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || h.starts_with('[') => {
            let port = p
                .parse::<u16>()
                .ok()
                .filter(|p| *p > 0)
                .ok_or_else(|| format!("`{p}` is not a port number"))?;
            (h, port)
        }
        _ => (authority, default_port),
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let host_ok = !host.is_empty()
        && host.len() <= 253
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':'));
    if !host_ok {
        return Err("the host is missing or not a host name".into());
    }
    let target = match target.strip_prefix('?') {
        Some(q) => format!("/?{q}"),
        None if target.is_empty() => "/".into(),
        None => target.to_string(),
    };
    let path = target.split('?').next().unwrap_or_default();
    let in_path = Template::parse(path).map_err(|m| m.to_string())?;
    if Field::ALL.iter().any(|f| in_path.uses(*f)) {
        return Err("placeholders go in the query (after ?), not in the path".into());
    }
    Ok((tls, host.to_ascii_lowercase(), port, target))
}

#[cfg(test)]
mod tests;
