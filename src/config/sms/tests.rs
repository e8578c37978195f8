//! `[sms]` resolved: a JSON, a form and a GET gateway, each bad value refused by its key,
//! the secret read only from an owner-only file and never shown.

use std::path::Path;

use super::*;
use crate::config::{Config, ConfigError};

fn load(text: &str) -> Result<Config, ConfigError> {
    Config::from_toml(text, Path::new("/etc/comptoir/test.toml"))
}

fn sms(text: &str) -> SmsSettings {
    load(text).unwrap().sms.unwrap()
}

const JSON: &str = r#"[sms]
url = "https://api.example.com/v1/sms"
body = '{"to": "{to}", "text": "{text}", "sender": "{from}"}'
from = "Epicerie"
auth_header = "Authorization"
"#;

#[test]
fn a_json_gateway_resolves_and_fills_its_request() {
    let s = sms(JSON);
    assert_eq!(
        (s.tls, s.host.as_str(), s.port, s.method),
        (true, "api.example.com", 443, Method::Post)
    );
    assert_eq!(s.content_type.as_deref(), Some("application/json"));
    assert_eq!(s.escape, Escape::Json);
    assert_eq!(s.secrets_file, Path::new("/etc/comptoir/secrets.toml"));
    assert_eq!(s.host_header(), "api.example.com");
    let f = s.fill("+33612345678", "Say \"hi\"");
    assert_eq!(f.target, "/v1/sms");
    assert_eq!(
        f.body.as_deref(),
        Some(r#"{"to": "+33612345678", "text": "Say \"hi\"", "sender": "Epicerie"}"#)
    );
}

#[test]
fn a_form_gateway_and_a_get_gateway_escape_for_their_place() {
    let s = sms(r#"[sms]
url = "http://127.0.0.1:8080/send"
content_type = "application/x-www-form-urlencoded"
body = "To={to}&Body={text}"
"#);
    assert_eq!((s.tls, s.port, s.escape), (false, 8080, Escape::Form));
    assert_eq!(s.host_header(), "127.0.0.1:8080");
    let f = s.fill("+33612345678", "a&b=c");
    assert_eq!(f.body.as_deref(), Some("To=%2B33612345678&Body=a%26b%3Dc"));
    let g = sms(r#"[sms]
url = "https://sms.example.net?user=shop&to={to}&msg={text}&from={from}"
method = "get"
from = "Shop"
"#);
    assert_eq!(g.method, Method::Get);
    assert!(g.body.is_none() && g.content_type.is_none());
    let f = g.fill("+4179", "Bonjour & merci");
    assert_eq!(
        f.target,
        "/?user=shop&to=%2B4179&msg=Bonjour%20%26%20merci&from=Shop"
    );
    assert_eq!(f.body, None);
}

#[test]
fn a_bad_value_is_refused_by_its_key() {
    let post = "[sms]\nurl = \"https://api.example.com/sms\"\n";
    for (text, key, words) in [
        ("[sms]\nfrom = \"Shop\"".to_string(), "sms.from", "only with sms.url"),
        ("[sms]\nurl = \"ftp://x/y\"\nbody = '{}'".to_string(), "sms.url", "https://"),
        (
            "[sms]\nurl = \"https://key:secret@api.example.com/\"\nbody = '\"{to}{text}\"'".to_string(),
            "sms.url",
            "login",
        ),
        (
            "[sms]\nurl = \"https://api.example.com/{to}\"\nbody = '\"{text}\"'".to_string(),
            "sms.url",
            "query",
        ),
        (
            "[sms]\nurl = \"https://api.example.com/?to={number}\"\nmethod = \"GET\"".to_string(),
            "sms.url",
            "`{number}`",
        ),
        (
            "[sms]\nurl = \"https://api.example.com/\"\nmethod = \"PUT\"".to_string(),
            "sms.method",
            "POST",
        ),
        (
            "[sms]\nurl = \"https://api.example.com/?to={to}&t={text}\"\nmethod = \"GET\"\nbody = \"x\"".to_string(),
            "sms.body",
            "GET has no body",
        ),
        (post.to_string(), "sms.body", "needs its body"),
        (
            format!("{post}body = '{{\"to\": \"{{to}}\", \"text\": \"{{message}}\"}}'"),
            "sms.body",
            "`{message}`",
        ),
        (
            format!("{post}body = '{{\"to\": \"{{to}}\"}}'"),
            "sms.body",
            "{text}",
        ),
        (
            format!("{post}body = '{{\"to\": {{to}}, \"text\": \"{{text}}\"}}'"),
            "sms.body",
            "not JSON",
        ),
        (
            format!("{post}content_type = \"text/plain\"\nbody = \"{{to}} {{text}}\""),
            "sms.content_type",
            "application/json",
        ),
        (
            format!("{post}body = '{{\"to\": \"{{to}}\", \"t\": \"{{text}}\", \"f\": \"{{from}}\"}}'"),
            "sms.from",
            "asks for {from}",
        ),
        (
            format!("{post}body = '{{\"to\": \"{{to}}\", \"t\": \"{{text}}\"}}'\nauth_header = \"Content-Length\""),
            "sms.auth_header",
            "comptoir itself",
        ),
        (
            "[sms]\nurl = \"http://sms.example.com/\"\nbody = '{\"to\": \"{to}\", \"t\": \"{text}\"}'\nauth_header = \"X-Api-Key\"".to_string(),
            "sms.url",
            "in clear",
        ),
        (
            "[sms]\nurl = \"https://api.example.com/\"\nauth = \"Bearer abc\"".to_string(),
            "sms.auth",
            "secrets file",
        ),
    ] {
        let err = load(&text).unwrap_err().to_string();
        assert!(err.contains(key) && err.contains(words), "{text}:\n{err}");
        assert!(!err.contains("Bearer abc"), "the secret is not echoed: {err}");
    }
    // A key on this machine may take the header over plain HTTP.
    let local = "[sms]\nurl = \"http://localhost:9090/\"\nbody = '{\"to\": \"{to}\", \"t\": \"{text}\"}'\nauth_header = \"X-Api-Key\"";
    assert!(load(local).is_ok());
    assert!(load("").unwrap().sms.is_none());
}

fn write(dir: &Path, text: &str, mode: u32) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let p = dir.join("secrets.toml");
    std::fs::write(&p, text).unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(mode)).unwrap();
    p
}

#[test]
fn the_auth_header_is_read_from_the_owner_only_secrets_file_and_never_shown() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = sms(JSON);
    s.secrets_file = write(
        dir.path(),
        "[email]\npassword = \"pw\"\n[sms]\nauth = \"Bearer s3cret\"\n",
        0o600,
    );
    assert_eq!(
        s.auth().unwrap(),
        Some(("Authorization".into(), "Bearer s3cret".into()))
    );
    let shown = serde_json::to_string(&s).unwrap();
    assert!(!shown.contains("s3cret"), "{shown}");
    assert!(shown.contains("secrets.toml"), "{shown}");
    s.secrets_file = write(dir.path(), "[sms]\nauth = \"Bearer s3cret\"\n", 0o640);
    assert!(matches!(s.auth(), Err(SecretError::Open(_))));
    s.secrets_file = write(dir.path(), "[email]\npassword = \"pw\"\n", 0o600);
    assert!(matches!(s.auth(), Err(SecretError::MissingSmsAuth(_))));
    s.secrets_file = write(dir.path(), "[sms]\nauth = \"a\\r\\nX-Evil: 1\"\n", 0o600);
    assert!(matches!(s.auth(), Err(SecretError::BadSmsAuth(_))));
    // Without a header to send, the file is not read at all.
    s.auth_header = None;
    s.secrets_file = dir.path().join("none.toml");
    assert_eq!(s.auth().unwrap(), None);
}

#[test]
fn the_secrets_file_is_the_e_mails_unless_named() {
    let both = format!(
        "[email]\nsmtp = \"smtp://127.0.0.1\"\ntls = \"none\"\nfrom = \"a@example.com\"\n\
         secrets_file = \"/srv/shop/secrets.toml\"\n{JSON}"
    );
    assert_eq!(sms(&both).secrets_file, Path::new("/srv/shop/secrets.toml"));
    let own = format!("{JSON}secrets_file = \"sms.toml\"\n");
    assert_eq!(sms(&own).secrets_file, Path::new("/etc/comptoir/sms.toml"));
}

/// The README's examples load as written.
#[test]
fn the_readme_examples_load() {
    let form = sms(r#"[sms]
url = "https://api.twilio.com/2010-04-01/Accounts/AC0123456789abcdef/Messages.json"
content_type = "application/x-www-form-urlencoded"
body = "To={to}&From={from}&Body={text}"
from = "+15005550006"
auth_header = "Authorization"
"#);
    assert_eq!(
        form.fill("+33612345678", "Merci !").body.as_deref(),
        Some("To=%2B33612345678&From=%2B15005550006&Body=Merci%20%21")
    );
    let lan = sms(r#"[sms]
method = "GET"
url = "http://192.168.1.20:8080/send?to={to}&message={text}"
"#);
    assert_eq!(
        (
            lan.host.as_str(),
            lan.port,
            lan.fill("+3247", "a b").target.as_str()
        ),
        ("192.168.1.20", 8080, "/send?to=%2B3247&message=a%20b")
    );
}
