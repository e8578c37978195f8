//! A loopback HTTP server for tests: a thread on 127.0.0.1:0 that answers each
//! connection with the next of its scripted answers and keeps the requests it read.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// What the server does with one connection.
#[derive(Debug, Clone)]
pub enum Answer {
    /// Writes these bytes, then closes.
    Bytes(Vec<u8>),
    /// A status and a short body, `Content-Length` framed.
    Status(u16, &'static str),
    /// Reads the request, then says nothing for this long before closing.
    Silent(Duration),
    /// A `200` whose body of `n` bytes is announced and written (until the client
    /// goes).
    Huge(usize),
    /// The status line a byte at a time, `gap` apart.
    Trickle(Duration),
}

/// The running server: its port and the requests it read, in order.
pub struct Server {
    pub port: u16,
    pub requests: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Serves `answers`, one connection each, then stops listening.
    pub fn start(answers: Vec<Answer>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let port = listener.local_addr().expect("local address").port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&requests);
        thread::spawn(move || {
            for answer in answers {
                let Ok((mut conn, _)) = listener.accept() else {
                    return;
                };
                let req = read_request(&mut conn);
                seen.lock().expect("requests").push(req);
                let _ = reply(&mut conn, &answer);
            }
        });
        Server { port, requests }
    }

    pub fn requests(&self) -> Vec<String> {
        self.requests.lock().expect("requests").clone()
    }
}

/// The request's headers, and its body as far as `Content-Length` says.
fn read_request(conn: &mut TcpStream) -> String {
    let _ = conn.set_read_timeout(Some(Duration::from_secs(5)));
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
            let len = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            if buf.len() >= end + 4 + len {
                break;
            }
        }
        match conn.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    String::from_utf8_lossy(&buf).into_owned()
}

fn reply(conn: &mut TcpStream, answer: &Answer) -> std::io::Result<()> {
    match answer {
        Answer::Bytes(b) => conn.write_all(b),
        Answer::Status(code, body) => conn.write_all(
            format!(
                "HTTP/1.1 {code} X\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            )
            .as_bytes(),
        ),
        Answer::Silent(d) => {
            thread::sleep(*d);
            Ok(())
        }
        Answer::Huge(n) => {
            conn.write_all(format!("HTTP/1.1 200 OK\r\nContent-Length: {n}\r\n\r\n").as_bytes())?;
            let block = vec![b'x'; 64 * 1024];
            let mut left = *n;
            while left > 0 {
                let k = left.min(block.len());
                conn.write_all(&block[..k])?;
                left -= k;
            }
            Ok(())
        }
        Answer::Trickle(gap) => {
            for b in b"HTTP/1.1 200 OK\r\n".iter().cycle().take(10_000) {
                conn.write_all(&[*b])?;
                thread::sleep(*gap);
            }
            Ok(())
        }
    }
}
