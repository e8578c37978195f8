//! A TCP proxy of the tests' own between a register and PostgreSQL (threads, std::net
//! only), with faults the test turns on and off: `cut` (every connection closed, new ones
//! refused until `heal`), `delay` (each forwarded chunk waits), and `drop_next_answer`
//! (the next request that executes something reaches the server, its answer is thrown
//! away and the client's connection closed: the request went through, the ack was lost).

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

#[derive(Default)]
struct Shared {
    cut: AtomicBool,
    stop: AtomicBool,
    delay_ms: AtomicU64,
    drop_next: AtomicBool,
    /// Executing requests to let through before the one whose answer is dropped.
    skip: AtomicU64,
    /// Both ends of every open connection, to close them on `cut`.
    open: Mutex<Vec<(TcpStream, TcpStream)>>,
    /// Answers thrown away so far.
    dropped: AtomicU64,
}

pub struct Proxy {
    pub addr: SocketAddr,
    shared: Arc<Shared>,
}

impl Proxy {
    /// Listens on 127.0.0.1:0 and forwards to `upstream`.
    pub fn start(upstream: SocketAddr) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let shared = Arc::new(Shared::default());
        let s = Arc::clone(&shared);
        thread::spawn(move || accept_loop(listener, upstream, s));
        Proxy { addr, shared }
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// Closes every connection and refuses new ones until [`Proxy::heal`].
    pub fn cut(&self) {
        self.shared.cut.store(true, Ordering::SeqCst);
        close_all(&self.shared);
    }

    pub fn heal(&self) {
        self.shared.cut.store(false, Ordering::SeqCst);
    }

    /// Each forwarded chunk, either way, waits this long first.
    pub fn delay(&self, d: Duration) {
        self.shared
            .delay_ms
            .store(d.as_millis() as u64, Ordering::SeqCst);
    }

    /// The next client chunk that executes something (a PostgreSQL Bind or Query
    /// message) goes to the server; the server's answer is discarded and the client's
    /// connection closed.
    pub fn drop_next_answer(&self) {
        self.drop_answer_after(0);
    }

    /// As [`Proxy::drop_next_answer`], after `n` executing requests went through with
    /// their answers (a register's pass reads the hub's version first).
    pub fn drop_answer_after(&self, n: u64) {
        self.shared.skip.store(n, Ordering::SeqCst);
        self.shared.drop_next.store(true, Ordering::SeqCst);
    }

    /// Forgets a drop asked for that has not happened yet.
    pub fn keep_answers(&self) {
        self.shared.drop_next.store(false, Ordering::SeqCst);
    }

    /// How many answers were thrown away.
    pub fn dropped(&self) -> u64 {
        self.shared.dropped.load(Ordering::SeqCst)
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        close_all(&self.shared);
        // Wakes the accept loop so it sees `stop`.
        let _ = TcpStream::connect(self.addr);
    }
}

fn close_all(shared: &Shared) {
    for (a, b) in shared.open.lock().unwrap().drain(..) {
        let _ = a.shutdown(Shutdown::Both);
        let _ = b.shutdown(Shutdown::Both);
    }
}

fn accept_loop(listener: TcpListener, upstream: SocketAddr, shared: Arc<Shared>) {
    for client in listener.incoming() {
        if shared.stop.load(Ordering::SeqCst) {
            return;
        }
        let Ok(client) = client else { continue };
        if shared.cut.load(Ordering::SeqCst) {
            let _ = client.shutdown(Shutdown::Both);
            continue;
        }
        let Ok(server) = TcpStream::connect(upstream) else {
            let _ = client.shutdown(Shutdown::Both);
            continue;
        };
        let _ = client.set_nodelay(true);
        let _ = server.set_nodelay(true);
        let (Ok(c2), Ok(s2)) = (client.try_clone(), server.try_clone()) else {
            continue;
        };
        shared.open.lock().unwrap().push((c2, s2));
        // Set by the client->server pump when it forwarded the doomed request.
        let armed = Arc::new(AtomicBool::new(false));
        let (Ok(c_read), Ok(s_read)) = (client.try_clone(), server.try_clone()) else {
            continue;
        };
        let (sh, ar) = (Arc::clone(&shared), Arc::clone(&armed));
        thread::spawn(move || pump(c_read, server, sh, ar, true));
        let (sh, ar) = (Arc::clone(&shared), Arc::clone(&armed));
        thread::spawn(move || pump(s_read, client, sh, ar, false));
    }
}

/// Copies `from` to `to` chunk by chunk until either side closes. `upward` is the
/// client->server direction.
fn pump(
    mut from: TcpStream,
    mut to: TcpStream,
    shared: Arc<Shared>,
    armed: Arc<AtomicBool>,
    upward: bool,
) {
    let mut buf = [0u8; 16 * 1024];
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        let delay = shared.delay_ms.load(Ordering::SeqCst);
        if delay > 0 {
            thread::sleep(Duration::from_millis(delay));
        }
        if shared.cut.load(Ordering::SeqCst) {
            break;
        }
        if upward {
            if executes(&buf[..n]) && shared.drop_next.load(Ordering::SeqCst) {
                let skipped = shared
                    .skip
                    .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |k| k.checked_sub(1))
                    .is_ok();
                if !skipped && shared.drop_next.swap(false, Ordering::SeqCst) {
                    armed.store(true, Ordering::SeqCst);
                }
            }
        } else if armed.load(Ordering::SeqCst) {
            // The server answered the doomed request: the client never hears it.
            shared.dropped.fetch_add(1, Ordering::SeqCst);
            break;
        }
        if to.write_all(&buf[..n]).is_err() {
            break;
        }
    }
    let _ = from.shutdown(Shutdown::Both);
    let _ = to.shutdown(Shutdown::Both);
}

/// Does this chunk of client messages hold a Bind ('B': a prepared statement executed)
/// or a simple Query ('Q')? Messages are a type byte and a big-endian length that counts
/// itself; the start-up and SSL messages (no type byte) never come after the first chunk
/// of a connection and are not mistaken here because they start with a zero byte.
fn executes(chunk: &[u8]) -> bool {
    let mut at = 0;
    while at + 5 <= chunk.len() {
        let kind = chunk[at];
        if kind == 0 {
            return false;
        }
        if kind == b'B' || kind == b'Q' {
            return true;
        }
        let len = u32::from_be_bytes([chunk[at + 1], chunk[at + 2], chunk[at + 3], chunk[at + 4]]);
        at += 1 + len as usize;
    }
    false
}
