//! A small HTTP/1.1 client, enough to hand one request to an SMS gateway and read its
//! answer: one connection per request (`Connection: close`), plain TCP or TLS through
//! the system's OpenSSL (the certificate checked against the system's authorities and
//! its name against the host, `SslConnector`'s defaults, as for the hub).
//!
//! Invariants: nothing waits without a bound: connecting, each write and each read time
//! out, and the whole exchange has a deadline, so a server that accepts and never
//! answers, or answers a byte at a time, costs at most [`Limits::deadline`]; at most
//! [`Limits::max_response`] bytes of an answer are read, whatever it announces; the
//! request is written as given (its target and headers were checked when the config
//! loaded: one line each, ASCII).

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

use openssl::ssl::{SslConnector, SslMethod};

/// The bounds of one exchange.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Connecting, and each read or write.
    pub timeout: Duration,
    /// The whole exchange, from the first connection attempt to the last byte read.
    pub deadline: Duration,
    /// The most bytes of an answer read (status line, headers and body).
    pub max_response: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            timeout: Duration::from_secs(10),
            deadline: Duration::from_secs(30),
            max_response: 64 * 1024,
        }
    }
}

/// Where a request goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint<'a> {
    pub host: &'a str,
    pub port: u16,
    pub tls: bool,
}

/// One request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request<'a> {
    pub method: &'a str,
    /// Path and query.
    pub target: &'a str,
    /// The `Host` header's value.
    pub host: &'a str,
    /// Headers besides Host, Content-Length and Connection.
    pub headers: Vec<(String, String)>,
    /// `None`: no body (a GET).
    pub body: Option<&'a [u8]>,
}

/// What the server answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    /// The body, at most what [`Limits::max_response`] left after the headers.
    pub body: Vec<u8>,
    /// The answer was longer than what was read.
    pub truncated: bool,
}

/// Why there is no answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HttpError {
    #[error("cannot connect to {0}")]
    Connect(String),
    #[error("no answer within {0} s")]
    Timeout(u64),
    #[error("TLS: {0}")]
    Tls(String),
    #[error("connection lost: {0}")]
    Io(String),
    #[error("not an HTTP answer: {0}")]
    Protocol(String),
}

/// A byte stream either plain or through TLS.
trait Stream: Read + Write {}
impl<T: Read + Write> Stream for T {}

/// Sends `req` to `to` and reads the answer, within `limits`.
pub fn send(to: &Endpoint, req: &Request, limits: Limits) -> Result<Response, HttpError> {
    let started = Instant::now();
    let tcp = connect(to, limits, started)?;
    let mut stream: Box<dyn Stream> = if to.tls {
        let connector = SslConnector::builder(SslMethod::tls_client())
            .map_err(|e| HttpError::Tls(e.to_string()))?
            .build();
        let tls = connector
            .connect(to.host, tcp)
            .map_err(|e| HttpError::Tls(e.to_string()))?;
        Box::new(tls)
    } else {
        Box::new(tcp)
    };
    let bytes = head(req);
    let io = |e: std::io::Error| classify(&e, limits);
    stream.write_all(&bytes).map_err(io)?;
    if let Some(body) = req.body {
        stream.write_all(body).map_err(io)?;
    }
    stream.flush().map_err(io)?;
    read_response(&mut stream, limits, started)
}

/// A TCP connection to the first address that answers, its timeouts set.
fn connect(to: &Endpoint, limits: Limits, started: Instant) -> Result<TcpStream, HttpError> {
    let name = format!("{}:{}", to.host, to.port);
    let addrs = (to.host, to.port)
        .to_socket_addrs()
        .map_err(|e| HttpError::Connect(format!("{name}: {e}")))?;
    let mut last = format!("{name}: no address");
    for addr in addrs {
        let left = limits.deadline.saturating_sub(started.elapsed());
        if left.is_zero() {
            return Err(HttpError::Timeout(limits.deadline.as_secs()));
        }
        match TcpStream::connect_timeout(&addr, limits.timeout.min(left)) {
            Ok(s) => {
                let set = |r: std::io::Result<()>| r.map_err(|e| HttpError::Io(e.to_string()));
                set(s.set_read_timeout(Some(limits.timeout)))?;
                set(s.set_write_timeout(Some(limits.timeout)))?;
                set(s.set_nodelay(true))?;
                return Ok(s);
            }
            Err(e) => last = format!("{name}: {e}"),
        }
    }
    Err(HttpError::Connect(last))
}

/// The request line and headers.
fn head(req: &Request) -> Vec<u8> {
    let mut h = format!(
        "{} {} HTTP/1.1\r\nHost: {}\r\n",
        req.method, req.target, req.host
    );
    h.push_str(&format!(
        "User-Agent: comptoir/{}\r\nAccept: */*\r\n",
        env!("CARGO_PKG_VERSION")
    ));
    for (name, value) in &req.headers {
        h.push_str(&format!("{name}: {value}\r\n"));
    }
    if let Some(body) = req.body {
        h.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    h.push_str("Connection: close\r\n\r\n");
    h.into_bytes()
}

fn classify(e: &std::io::Error, limits: Limits) -> HttpError {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::WouldBlock | K::TimedOut => HttpError::Timeout(limits.timeout.as_secs()),
        _ => HttpError::Io(e.to_string()),
    }
}

/// Reads the answer: headers, then the body as framed (Content-Length, chunked, or up
/// to the end of the connection), never more than the limit, never past the deadline.
fn read_response(
    stream: &mut dyn Stream,
    limits: Limits,
    started: Instant,
) -> Result<Response, HttpError> {
    let mut buf: Vec<u8> = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    let mut eof = false;
    loop {
        if let Some((status, body_at, framing)) = parse_head(&buf)? {
            // An interim answer (100 Continue) is followed by the real one.
            if (100..200).contains(&status) {
                buf.drain(..body_at);
                continue;
            }
            let done = |buf: &[u8], eof: bool| match framing {
                Framing::Length(n) => buf.len() - body_at >= n || eof,
                Framing::Chunked => eof || buf[body_at..].windows(5).any(|w| w == b"0\r\n\r\n"),
                Framing::Close => eof,
            };
            while !done(&buf, eof) && buf.len() < limits.max_response {
                eof = fill(stream, &mut buf, &mut chunk, limits, started)?;
            }
            let truncated = !done(&buf, eof);
            let raw = &buf[body_at..buf.len().min(limits.max_response)];
            let body = match framing {
                Framing::Length(n) => raw[..raw.len().min(n)].to_vec(),
                Framing::Chunked => dechunk(raw),
                Framing::Close => raw.to_vec(),
            };
            return Ok(Response {
                status,
                body,
                truncated,
            });
        }
        if eof {
            return Err(HttpError::Protocol(if buf.is_empty() {
                "the server closed the connection without answering".into()
            } else {
                "the answer ends inside its headers".into()
            }));
        }
        if buf.len() >= limits.max_response {
            return Err(HttpError::Protocol(format!(
                "headers longer than {} bytes",
                limits.max_response
            )));
        }
        eof = fill(stream, &mut buf, &mut chunk, limits, started)?;
    }
}

/// One read into `buf`, within the deadline and the limit; `true` at the end of the
/// connection.
fn fill(
    stream: &mut dyn Stream,
    buf: &mut Vec<u8>,
    chunk: &mut [u8],
    limits: Limits,
    started: Instant,
) -> Result<bool, HttpError> {
    if started.elapsed() >= limits.deadline {
        return Err(HttpError::Timeout(limits.deadline.as_secs()));
    }
    let room = limits
        .max_response
        .saturating_sub(buf.len())
        .min(chunk.len());
    match stream.read(&mut chunk[..room]) {
        Ok(0) => Ok(true),
        Ok(n) => {
            buf.extend_from_slice(&chunk[..n]);
            Ok(false)
        }
        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => Ok(false),
        Err(e) => Err(classify(&e, limits)),
    }
}

/// How the body's end is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Framing {
    Length(usize),
    Chunked,
    Close,
}

/// The status, where the body starts and how it ends, once the headers are all in `buf`.
fn parse_head(buf: &[u8]) -> Result<Option<(u16, usize, Framing)>, HttpError> {
    let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") else {
        return Ok(None);
    };
    let text = String::from_utf8_lossy(&buf[..end]);
    let mut lines = text.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let mut parts = status_line.splitn(3, ' ');
    let (version, code) = (parts.next().unwrap_or_default(), parts.next());
    let status = code
        .filter(|_| version.starts_with("HTTP/1."))
        .and_then(|c| c.parse::<u16>().ok())
        .filter(|c| (100..600).contains(c))
        .ok_or_else(|| {
            let shown: String = status_line.chars().take(60).collect();
            HttpError::Protocol(format!("status line `{shown}`"))
        })?;
    let mut framing = Framing::Close;
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let (name, value) = (name.trim(), value.trim());
        if name.eq_ignore_ascii_case("transfer-encoding")
            && value.to_ascii_lowercase().contains("chunked")
        {
            framing = Framing::Chunked;
        } else if name.eq_ignore_ascii_case("content-length") && framing == Framing::Close {
            if let Ok(n) = value.parse::<usize>() {
                framing = Framing::Length(n);
            }
        }
    }
    if matches!(status, 204 | 304) {
        framing = Framing::Length(0);
    }
    Ok(Some((status, end + 4, framing)))
}

/// A chunked body put back together, as far as it is whole.
fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = raw.windows(2).position(|w| w == b"\r\n") {
        let size = String::from_utf8_lossy(&raw[..eol]);
        let size = size.split(';').next().unwrap_or_default().trim();
        let Ok(n) = usize::from_str_radix(size, 16) else {
            break;
        };
        raw = &raw[eol + 2..];
        if n == 0 {
            break;
        }
        let take = n.min(raw.len());
        out.extend_from_slice(&raw[..take]);
        if take < n || raw.len() < n + 2 {
            break;
        }
        raw = &raw[n + 2..];
    }
    out
}

#[cfg(test)]
mod tests;
