//! The client against a loopback server: the request as written, answers framed three
//! ways, and every way a server can keep it waiting or flood it, bounded.

use std::time::{Duration, Instant};

use super::*;
use crate::sms::test_server::{Answer, Server};

fn quick() -> Limits {
    Limits {
        timeout: Duration::from_millis(300),
        deadline: Duration::from_secs(2),
        max_response: 64 * 1024,
    }
}

fn post(server: &Server, limits: Limits) -> Result<Response, HttpError> {
    let to = Endpoint {
        host: "127.0.0.1",
        port: server.port,
        tls: false,
    };
    let body = br#"{"to": "+33612345678"}"#;
    let req = Request {
        method: "POST",
        target: "/v1/sms?x=1",
        host: &format!("127.0.0.1:{}", server.port),
        headers: vec![
            ("Content-Type".into(), "application/json".into()),
            ("Authorization".into(), "Bearer k".into()),
        ],
        body: Some(body),
    };
    send(&to, &req, limits)
}

#[test]
fn a_request_is_written_whole_and_a_200_read() {
    let server = Server::start(vec![Answer::Status(200, "{\"id\": 7}")]);
    let r = post(&server, quick()).unwrap();
    assert_eq!(
        (r.status, r.body.as_slice(), r.truncated),
        (200, &b"{\"id\": 7}"[..], false)
    );
    let req = &server.requests()[0];
    assert!(req.starts_with("POST /v1/sms?x=1 HTTP/1.1\r\n"), "{req}");
    for h in [
        format!("Host: 127.0.0.1:{}\r\n", server.port),
        "Content-Type: application/json\r\n".into(),
        "Authorization: Bearer k\r\n".into(),
        "Content-Length: 22\r\n".into(),
        "Connection: close\r\n".into(),
    ] {
        assert!(req.contains(&h), "{h:?} in {req}");
    }
    assert!(req.ends_with("\r\n\r\n{\"to\": \"+33612345678\"}"), "{req}");
}

#[test]
fn statuses_come_back_as_they_are() {
    let server = Server::start(vec![
        Answer::Status(500, "down"),
        Answer::Status(400, "bad number"),
        Answer::Status(429, "slow down"),
    ]);
    for want in [500, 400, 429] {
        assert_eq!(post(&server, quick()).unwrap().status, want);
    }
}

#[test]
fn a_chunked_answer_and_one_that_ends_with_the_connection_are_read() {
    let chunked = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
    let closed = b"HTTP/1.0 202 Accepted\r\n\r\nqueued";
    let interim =
        b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok";
    let server = Server::start(vec![
        Answer::Bytes(chunked.to_vec()),
        Answer::Bytes(closed.to_vec()),
        Answer::Bytes(interim.to_vec()),
        Answer::Bytes(b"SSH-2.0-OpenSSH\r\n\r\n".to_vec()),
        Answer::Bytes(Vec::new()),
    ]);
    let r = post(&server, quick()).unwrap();
    assert_eq!((r.status, r.body.as_slice()), (200, &b"hello world"[..]));
    let r = post(&server, quick()).unwrap();
    assert_eq!((r.status, r.body.as_slice()), (202, &b"queued"[..]));
    let r = post(&server, quick()).unwrap();
    assert_eq!((r.status, r.body.as_slice()), (201, &b"ok"[..]));
    assert!(matches!(
        post(&server, quick()),
        Err(HttpError::Protocol(_))
    ));
    assert!(matches!(
        post(&server, quick()),
        Err(HttpError::Protocol(_))
    ));
}

#[test]
fn a_server_that_never_answers_times_out() {
    let server = Server::start(vec![Answer::Silent(Duration::from_secs(5))]);
    let t = Instant::now();
    let e = post(&server, quick()).unwrap_err();
    assert!(matches!(e, HttpError::Timeout(_)), "{e}");
    assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
}

#[test]
fn a_server_answering_a_byte_at_a_time_meets_the_deadline() {
    let server = Server::start(vec![Answer::Trickle(Duration::from_millis(50))]);
    let limits = Limits {
        deadline: Duration::from_millis(800),
        ..quick()
    };
    let t = Instant::now();
    let e = post(&server, limits).unwrap_err();
    assert!(matches!(e, HttpError::Timeout(_)), "{e}");
    assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
}

#[test]
fn a_huge_answer_is_read_only_up_to_the_limit() {
    let server = Server::start(vec![Answer::Huge(50 * 1024 * 1024)]);
    let t = Instant::now();
    let r = post(&server, quick()).unwrap();
    assert_eq!(r.status, 200);
    assert!(r.truncated);
    assert!(r.body.len() < 64 * 1024, "{}", r.body.len());
    assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
}

#[test]
fn a_closed_port_is_a_connection_error() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let to = Endpoint {
        host: "127.0.0.1",
        port,
        tls: false,
    };
    let req = Request {
        method: "GET",
        target: "/",
        host: "127.0.0.1",
        headers: Vec::new(),
        body: None,
    };
    let e = send(&to, &req, quick()).unwrap_err();
    assert!(matches!(e, HttpError::Connect(_)), "{e}");
}
