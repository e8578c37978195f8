//! The hub (PostgreSQL as the shop's shared store): a throw-away cluster per test
//! (`cluster.rs`), a fault proxy between registers and PostgreSQL (`proxy.rs`), and the
//! registers as separate `comptoir` processes, each with its own data folder and config.

mod cluster;
mod proxy;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use cluster::Cluster;
use proxy::Proxy;

fn pg_addr(pg: &Cluster) -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], pg.port))
}

fn client_through(port: u16) -> Result<postgres::Client, postgres::Error> {
    let cfg = format!(
        "host=127.0.0.1 port={port} user={} password={} dbname=postgres connect_timeout=5",
        cluster::ADMIN,
        cluster::ADMIN_PASSWORD
    );
    postgres::Client::connect(&cfg, postgres::NoTls)
}

#[test]
fn harness_starts_a_private_cluster_on_loopback() {
    let pg = Cluster::start();
    let mut c = pg.admin();
    let row = c
        .query_one("SELECT current_setting('listen_addresses'), 1 + 1", &[])
        .unwrap();
    assert_eq!(row.get::<_, String>(0), "127.0.0.1");
    assert_eq!(row.get::<_, i32>(1), 2);
    let data = pg.data_dir();
    drop(c);
    drop(pg);
    assert!(!data.exists(), "the cluster's folder is removed with it");
}

#[test]
fn proxy_forwards_cuts_heals_and_delays() {
    let pg = Cluster::start();
    let proxy = Proxy::start(pg_addr(&pg));
    let mut c = client_through(proxy.port()).unwrap();
    assert_eq!(c.query_one("SELECT 7", &[]).unwrap().get::<_, i32>(0), 7);

    proxy.cut();
    assert!(
        c.query_one("SELECT 1", &[]).is_err(),
        "a cut closes the connection"
    );
    assert!(
        client_through(proxy.port()).is_err(),
        "and refuses new ones"
    );

    proxy.heal();
    let mut c = client_through(proxy.port()).unwrap();
    proxy.delay(Duration::from_millis(150));
    let t = Instant::now();
    c.query_one("SELECT 1", &[]).unwrap();
    assert!(
        t.elapsed() >= Duration::from_millis(250),
        "{:?}",
        t.elapsed()
    );
}

#[test]
fn proxy_drops_an_answer_after_the_request_went_through() {
    let pg = Cluster::start();
    pg.admin().batch_execute("CREATE TABLE t (n int)").unwrap();
    let proxy = Proxy::start(pg_addr(&pg));
    let mut c = client_through(proxy.port()).unwrap();
    proxy.drop_next_answer();
    let lost = c.execute("INSERT INTO t VALUES (1)", &[]);
    assert!(lost.is_err(), "the client never hears the answer");
    assert_eq!(proxy.dropped(), 1);
    let n: i64 = pg
        .admin()
        .query_one("SELECT count(*) FROM t", &[])
        .unwrap()
        .get(0);
    assert_eq!(n, 1, "but the insert was committed");
}
