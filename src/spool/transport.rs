//! Bytes to a printer: a network printer's raw port, a device, a serial port or a file.
//!
//! Invariants: nothing here waits without a bound: a connection is given
//! [`CONNECT_TIMEOUT`], a write [`WRITE_TIMEOUT`] (a device or serial port is opened
//! non-blocking and written under poll(2), since a USB printer out of paper blocks its
//! writer forever), a status answer [`STATUS_TIMEOUT`]; these run in the print worker's
//! thread, never on the register's loop. A device path is only written when it is a
//! character device (a regular file there would be created or grown without its 0600
//! rule: that is `file:`); a file goes through [`private_file::append`] (0600, never
//! through a symbolic link). The real-time status (`DLE EOT`) is read from network
//! printers only, where the connection reads back; a printer that does not answer it
//! within the timeout is printed to as before (some do not).

use std::fs::OpenOptions;
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream, ToSocketAddrs};
use std::os::fd::AsFd;
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::Path;
use std::time::{Duration, Instant};

use nix::poll::{poll, PollFd, PollFlags, PollTimeout};

use crate::exchange::private_file;
use crate::printer::Printer;
use crate::receipt::escpos::{self, DeviceStatus};

/// How long a network printer may take to accept the connection.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
/// How long a printer may take to take a job's bytes.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a network printer may take to answer one status request.
pub const STATUS_TIMEOUT: Duration = Duration::from_millis(500);

/// Why a printer did not take a job.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// Not reachable: refused, timed out, no route, the device is not there.
    #[error("{printer}: offline ({source})")]
    Offline { printer: String, source: io::Error },
    /// The printer answered its status: it cannot print now.
    #[error("{printer}: {}", state_words(.status))]
    NotReady {
        printer: String,
        status: DeviceStatus,
    },
    /// It went away or stalled while taking the bytes.
    #[error("{printer}: the job was not taken ({source})")]
    Write { printer: String, source: io::Error },
    /// The path is there but is no device (a file is written with `file:PATH`).
    #[error("{0} is not a printer device (write file:PATH for a file)")]
    NotADevice(String),
    /// The file refused the receipt (a symbolic link, a folder that cannot be written).
    #[error("{path}: {source}")]
    File { path: String, source: io::Error },
}

fn state_words(s: &DeviceStatus) -> &'static str {
    if s.paper_out {
        "paper out"
    } else if s.cover_open {
        "cover open"
    } else {
        "offline"
    }
}

impl SendError {
    /// Whether trying again later may work (else the job is given up: a retry asked by
    /// hand may still send it once the cause is fixed).
    pub fn retryable(&self) -> bool {
        match self {
            SendError::Offline { .. } | SendError::NotReady { .. } | SendError::Write { .. } => {
                true
            }
            SendError::NotADevice(_) => false,
            // A symbolic link is refused for good; a full disk or a missing folder may
            // be mended.
            SendError::File { source, .. } => source.kind() != io::ErrorKind::InvalidInput,
        }
    }
}

/// Sends `bytes` to `printer`; for a network printer and `ask_status` (an ESC/POS
/// printer), reads its status first and sends nothing when it says it cannot print.
/// The status read (when the printer answered).
pub fn send(
    printer: &Printer,
    bytes: &[u8],
    ask_status: bool,
) -> Result<Option<DeviceStatus>, SendError> {
    match printer {
        Printer::Tcp { host, port } => tcp(printer, host, *port, bytes, ask_status),
        Printer::Device(path) => device(printer, path, None, bytes).map(|()| None),
        Printer::Serial { path, baud } => device(printer, path, Some(*baud), bytes).map(|()| None),
        Printer::File(path) => private_file::append(path, bytes)
            .map(|()| None)
            .map_err(|source| SendError::File {
                path: path.display().to_string(),
                source,
            }),
    }
}

fn tcp(
    printer: &Printer,
    host: &str,
    port: u16,
    bytes: &[u8],
    ask_status: bool,
) -> Result<Option<DeviceStatus>, SendError> {
    let offline = |source: io::Error| SendError::Offline {
        printer: printer.to_string(),
        source,
    };
    let addrs: Vec<SocketAddr> = (host, port).to_socket_addrs().map_err(offline)?.collect();
    let mut last = io::Error::new(io::ErrorKind::NotFound, "the host has no address");
    let mut stream = None;
    for a in addrs {
        match TcpStream::connect_timeout(&a, CONNECT_TIMEOUT) {
            Ok(s) => {
                stream = Some(s);
                break;
            }
            Err(e) => last = e,
        }
    }
    let mut stream = stream.ok_or_else(|| offline(last))?;
    let write = |source: io::Error| SendError::Write {
        printer: printer.to_string(),
        source,
    };
    stream
        .set_write_timeout(Some(WRITE_TIMEOUT))
        .map_err(write)?;
    stream.set_nodelay(true).map_err(write)?;
    let status = if ask_status {
        status(&mut stream).map_err(write)?
    } else {
        None
    };
    if let Some(s) = status.filter(|s| s.offline || s.paper_out || s.cover_open) {
        return Err(SendError::NotReady {
            printer: printer.to_string(),
            status: s,
        });
    }
    stream.write_all(bytes).map_err(write)?;
    stream.flush().map_err(write)?;
    // The printer reads to the end of the connection; errors closing it change nothing.
    let _ = stream.shutdown(Shutdown::Write);
    Ok(status)
}

/// Asks `DLE EOT 1`; when answered, `DLE EOT 2` (the offline cause) and `4` (the paper
/// roll). `None` when the printer does not answer the first within [`STATUS_TIMEOUT`].
fn status(stream: &mut TcpStream) -> io::Result<Option<DeviceStatus>> {
    stream.set_read_timeout(Some(STATUS_TIMEOUT))?;
    let Some(printer) = ask(stream, 1)? else {
        return Ok(None);
    };
    let cause = ask(stream, 2)?;
    let paper = ask(stream, 4)?;
    Ok(Some(DeviceStatus::read(Some(printer), cause, paper)))
}

/// One real-time status request and its one-byte answer (`None`: none in time, or not
/// a status byte).
fn ask(stream: &mut TcpStream, n: u8) -> io::Result<Option<u8>> {
    stream.write_all(&escpos::status_request(n))?;
    let mut b = [0u8; 1];
    match stream.read(&mut b) {
        Ok(1) if escpos::is_status_byte(b[0]) => Ok(Some(b[0])),
        Ok(_) => Ok(None),
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
            ) =>
        {
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// A device (or a serial port set to `baud` when given) opened non-blocking and written
/// under poll(2) within [`WRITE_TIMEOUT`].
fn device(
    printer: &Printer,
    path: &Path,
    baud: Option<Option<u32>>,
    bytes: &[u8],
) -> Result<(), SendError> {
    let offline = |source: io::Error| SendError::Offline {
        printer: printer.to_string(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(offline)?;
    if !meta.file_type().is_char_device() {
        return Err(SendError::NotADevice(path.display().to_string()));
    }
    let mut file = OpenOptions::new()
        .read(baud.is_some())
        .write(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY | libc::O_CLOEXEC)
        .open(path)
        .map_err(offline)?;
    if let Some(Some(b)) = baud {
        set_speed(&file, b).map_err(offline)?;
    }
    let deadline = Instant::now() + WRITE_TIMEOUT;
    let mut rest = bytes;
    while !rest.is_empty() {
        match file.write(rest) {
            Ok(0) => return Err(stalled(printer, "the device took nothing")),
            Ok(n) => rest = rest.get(n..).unwrap_or_default(),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    return Err(stalled(printer, "timed out (paper out, or offline?)"));
                }
                let ms = u16::try_from(left.as_millis()).unwrap_or(u16::MAX);
                let mut fds = [PollFd::new(file.as_fd(), PollFlags::POLLOUT)];
                match poll(&mut fds, PollTimeout::from(ms)) {
                    Ok(_) | Err(nix::errno::Errno::EINTR) => {}
                    Err(e) => return Err(stalled(printer, &format!("poll: {e}"))),
                }
            }
            Err(source) => {
                return Err(SendError::Write {
                    printer: printer.to_string(),
                    source,
                })
            }
        }
    }
    Ok(())
}

fn stalled(printer: &Printer, why: &str) -> SendError {
    SendError::Write {
        printer: printer.to_string(),
        source: io::Error::new(io::ErrorKind::TimedOut, why.to_string()),
    }
}

/// A serial port in raw mode (no newline translation: ESC/POS bytes go as they are) at
/// `baud`, 8 data bits, no parity, one stop bit.
fn set_speed(file: &std::fs::File, baud: u32) -> io::Result<()> {
    use nix::sys::termios::{self, BaudRate, SetArg};
    let rate = match baud {
        1200 => BaudRate::B1200,
        2400 => BaudRate::B2400,
        4800 => BaudRate::B4800,
        9600 => BaudRate::B9600,
        19200 => BaudRate::B19200,
        38400 => BaudRate::B38400,
        57600 => BaudRate::B57600,
        115200 => BaudRate::B115200,
        other => {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{other} is not a serial speed"),
            ))
        }
    };
    let mut t = termios::tcgetattr(file.as_fd()).map_err(io::Error::from)?;
    termios::cfmakeraw(&mut t);
    termios::cfsetspeed(&mut t, rate).map_err(io::Error::from)?;
    termios::tcsetattr(file.as_fd(), SetArg::TCSANOW, &t).map_err(io::Error::from)
}

#[cfg(test)]
mod tests {
    use std::net::TcpListener;
    use std::thread;

    use super::*;

    /// A fake network printer on 127.0.0.1 that answers status requests with `status`
    /// (nothing when `None`) and returns the job's other bytes.
    fn fake(status: Option<[u8; 3]>) -> (Printer, thread::JoinHandle<Vec<u8>>) {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = l.local_addr().unwrap().port();
        let h = thread::spawn(move || {
            let (mut s, _) = l.accept().unwrap();
            let mut job = Vec::new();
            let mut b = [0u8; 1];
            while s.read(&mut b).unwrap() == 1 {
                job.push(b[0]);
                if let (Some(st), [.., 0x10, 0x04, n]) = (status, job.as_slice()) {
                    let answer = st[usize::from(*n).min(3) - 1];
                    job.truncate(job.len() - 3);
                    s.write_all(&[answer]).unwrap();
                }
            }
            job
        });
        let p = Printer::Tcp {
            host: "127.0.0.1".into(),
            port,
        };
        (p, h)
    }

    #[test]
    fn a_network_printer_gets_the_bytes_and_its_status_is_read_when_it_answers() {
        let (p, h) = fake(Some([0x12, 0x12, 0x12]));
        let got = send(&p, b"hello\n", true).unwrap();
        assert_eq!(got, Some(DeviceStatus::default()));
        assert_eq!(h.join().unwrap(), b"hello\n");
        // A printer that does not answer is printed to after the status timeout.
        let (p, h) = fake(None);
        let started = Instant::now();
        assert_eq!(send(&p, b"x", true).unwrap(), None);
        assert!(started.elapsed() < STATUS_TIMEOUT * 3);
        assert_eq!(h.join().unwrap(), [0x10, 0x04, 1, b'x']);
    }

    #[test]
    fn a_printer_out_of_paper_gets_nothing_and_says_why() {
        // DLE EOT 1: offline; 2: printing stopped by the paper end; 4: paper out.
        let (p, h) = fake(Some([0x1A, 0x32, 0x72]));
        let e = send(&p, b"receipt", true).unwrap_err();
        assert!(e.retryable());
        assert!(e.to_string().contains("paper out"), "{e}");
        assert!(h.join().unwrap().is_empty(), "nothing printed");
    }

    #[test]
    fn a_refused_connection_is_offline_and_a_plain_path_must_be_a_device() {
        let port = {
            let l = TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let p = Printer::Tcp {
            host: "127.0.0.1".into(),
            port,
        };
        let e = send(&p, b"x", false).unwrap_err();
        assert!(
            matches!(e, SendError::Offline { .. }) && e.retryable(),
            "{e}"
        );
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("lp0");
        std::fs::write(&file, "").unwrap();
        let e = send(&Printer::Device(file.clone()), b"x", false).unwrap_err();
        assert!(
            matches!(e, SendError::NotADevice(_)) && !e.retryable(),
            "{e}"
        );
        let e = send(&Printer::Device(dir.path().join("lp9")), b"x", false).unwrap_err();
        assert!(matches!(e, SendError::Offline { .. }), "unplugged: {e}");
        // /dev/null is a character device: written as a printer would be.
        send(&Printer::Device("/dev/null".into()), b"x", false).unwrap();
        let out = dir.path().join("receipts.txt");
        send(&Printer::File(out.clone()), b"a", false).unwrap();
        send(&Printer::File(out.clone()), b"b", false).unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"ab");
    }
}
