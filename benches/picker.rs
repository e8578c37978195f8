//! Picker benchmark: `cargo bench --bench picker` (see README, "Performance").
//!
//! For each size (default 1,000,000 customers; `COMPTOIR_BENCH_SIZES=100000` for a quick
//! run) it uses the deterministic demo database cached in `target/bench-data/` (the same
//! files as `benches/search`, made when missing) and its search index, then in a child
//! process (so the measures are of a fresh process):
//! - cold start: open the store, build the state and the runner, draw the first sale
//!   screen (80x24, TestBackend) — what the cashier waits for before the register shows;
//!   the search index opens in the background after that, timed separately;
//! - keystroke to frame: 240 searches (names, name + city, phone digits, advanced
//!   "first name, street"), typed one character at a time through the keymap, `update`,
//!   the effect runner (index search + rows from SQLite) and a full render of the picker
//!   at 80x24; p50/p95/p99/max over every keystroke, with a baseline in the same run: the
//!   same keystrokes with the plain SQL search the picker uses while the index is built;
//! - 60 simple searches again, a key every 20 ms, while the hub's feed is applied by
//!   another connection (125 customers every 500 ms: a busy chain), and every 2 s, as a
//!   pass ends, the index caught up on the loop's thread before the next keystroke
//!   (about 500 changes: the register does that many inline), counted in that
//!   keystroke; against a quiet run of the same keystrokes. This phase writes public
//!   notes into the cached bench database.
//!
//! Figures are printed, not asserted: this is not a test.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use comptoir::app::runner::Runner;
use comptoir::app::state::{Settings, State};
use comptoir::app::{settle, update, Action};
use comptoir::config::Config;
use comptoir::demo::{self, DemoOptions, Rng};
use comptoir::keys::{self, Command as C};
use comptoir::search::SearchIndex;
use comptoir::store::{customers, lookup, Store};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

fn main() {
    if let Ok(spec) = std::env::var("COMPTOIR_PICKER_CHILD") {
        if let Err(e) = child(&spec) {
            eprintln!("bench child failed: {e}");
            std::process::exit(1);
        }
        return;
    }
    let sizes: Vec<usize> = std::env::var("COMPTOIR_BENCH_SIZES")
        .unwrap_or_else(|_| "1000000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("cannot create {}: {e}", dir.display());
        std::process::exit(1);
    }
    for n in sizes {
        if let Err(e) = run_size(&dir, n) {
            eprintln!("picker benchmark at {n} customers failed: {e}");
            std::process::exit(1);
        }
    }
}

fn run_size(dir: &Path, n: usize) -> Res<()> {
    let db = dir.join(format!("{n}.db"));
    let index = dir.join(format!("{n}.index"));
    let cached = Store::open(&db)
        .ok()
        .and_then(|s| customers::count(s.conn()).ok())
        == Some(n as i64);
    if !cached {
        let _ = std::fs::remove_file(&db);
        let _ = std::fs::remove_dir_all(&index);
        let mut store = Store::open(&db)?;
        println!("generating {n} demo customers into {} ...", db.display());
        demo::generate(
            &mut store,
            &DemoOptions {
                customers: n,
                seed: 7,
                now: chrono::Utc::now(),
                sales: false,
            },
        )?;
    }
    {
        let store = Store::open(&db)?;
        let t = Instant::now();
        let idx = SearchIndex::open_or_rebuild(&index, store.conn(), &mut |_, _| {})?;
        println!(
            "index ready ({} customers) in {:.1} s",
            idx.len(),
            t.elapsed().as_secs_f64()
        );
    }
    let out = Command::new(std::env::current_exe()?)
        .env(
            "COMPTOIR_PICKER_CHILD",
            format!("{}|{}|{n}", db.display(), index.display()),
        )
        .output()?;
    if !out.status.success() {
        return Err(format!("child: {}", String::from_utf8_lossy(&out.stderr)).into());
    }
    print!("{}", String::from_utf8_lossy(&out.stdout));
    Ok(())
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1e3
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted.get(i).copied().unwrap_or(f64::NAN)
}

fn row(name: &str, mut v: Vec<f64>) {
    v.sort_by(|a, b| a.total_cmp(b));
    println!(
        "{name:<34} {:>6} {:>8.2} {:>8.2} {:>8.2} {:>8.2}",
        v.len(),
        pct(&v, 0.5),
        pct(&v, 0.95),
        pct(&v, 0.99),
        v.last().copied().unwrap_or(f64::NAN)
    );
}

fn config(db: &Path, index: &Path) -> Res<Config> {
    let mut c = Config::from_toml("", Path::new("/nonexistent/bench.toml"))?;
    c.database = db.to_path_buf();
    c.index = index.to_path_buf();
    c.receipt_printer = None;
    Ok(c)
}

fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

/// One keystroke through keymap, update, runner and a full render.
fn keystroke(
    state: &mut State,
    runner: &mut Runner,
    term: &mut Terminal<TestBackend>,
    k: KeyEvent,
) -> Res<()> {
    let scope = comptoir::app::update::scope(state);
    if let Some(a) = keys::resolve(keys::DEFAULT, scope, &k).map(Action::from) {
        let fx = update(state, a);
        settle(state, runner, fx);
    }
    term.draw(|f| comptoir::ui::draw(f, state))?;
    Ok(())
}

/// The searches: what a cashier types for customers picked at random.
fn queries(store: &Store, n: usize) -> Res<Vec<(bool, String)>> {
    let mut rng = Rng::new(42);
    let mut out = Vec::new();
    let mut stmt = store.conn().prepare(
        "SELECT first_name, last_name, city, phone, address1 FROM customer WHERE rowid = ?1",
    )?;
    while out.len() < 240 {
        let rowid = 1 + rng.below(n as u64) as i64;
        let Ok((first, last, city, phone, street)) = stmt.query_row([rowid], |r| {
            Ok((
                r.get::<_, Option<String>>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        }) else {
            continue;
        };
        let (Some(first), Some(last)) = (first, last) else {
            continue;
        };
        let q = match out.len() % 4 {
            0 => (false, last.to_lowercase()),
            1 => (false, format!("{} {}", last, city.unwrap_or_default())),
            2 => match phone {
                Some(p) => (
                    false,
                    comptoir::domain::validate::phone_national(&p).replace(' ', ""),
                ),
                None => (false, format!("{first} {last}")),
            },
            _ => {
                let street: String = street
                    .unwrap_or_default()
                    .split(' ')
                    .filter(|w| w.len() > 3)
                    .take(1)
                    .collect();
                (true, format!("{first}, {street}"))
            }
        };
        out.push(q);
    }
    Ok(out)
}

fn type_all(
    state: &mut State,
    runner: &mut Runner,
    term: &mut Terminal<TestBackend>,
    qs: &[(bool, String)],
) -> Res<Vec<f64>> {
    let mut times = Vec::new();
    for (advanced, q) in qs {
        let _ = update(state, Action::Cmd(C::Back));
        let _ = update(state, Action::Cmd(C::Customer));
        state.picker.advanced = *advanced;
        state.picker.fields = vec![
            comptoir::search::SearchField::FirstName,
            comptoir::search::SearchField::Street,
        ];
        for c in q.chars() {
            let t = Instant::now();
            keystroke(state, runner, term, key(c))?;
            times.push(ms(t));
        }
    }
    Ok(times)
}

fn child(spec: &str) -> Res<()> {
    let parts: Vec<&str> = spec.split('|').collect();
    let [db, index, n] = parts.as_slice() else {
        return Err("bad spec".into());
    };
    let n: usize = n.parse()?;
    let (db, index) = (Path::new(db), Path::new(index));
    let cfg = config(db, index)?;

    // Cold start: what happens before the first frame in `comptoir` (cmd::register, app::run).
    let t = Instant::now();
    let store = Store::open(db)?;
    let has = lookup::has_customers(store.conn())?;
    let settings = Settings::from_config(&cfg, false, 0);
    let mut state = State::new(settings, chrono::Utc::now());
    let mut runner = Runner::new(store, &cfg, None);
    let mut term = Terminal::new(TestBackend::new(80, 24))?;
    term.draw(|f| comptoir::ui::draw(f, &state))?;
    let cold = ms(t);
    let t = Instant::now();
    let idx = SearchIndex::open_or_rebuild(index, runner.store().conn(), &mut |_, _| {})?;
    let index_open = ms(t);
    if !has {
        return Err("the benchmark database is empty".into());
    }

    // Baseline first: the plain SQL search used while the index is not ready.
    let qs = queries(runner.store(), n)?;
    let baseline_qs: Vec<(bool, String)> =
        qs.iter().filter(|(a, _)| !*a).take(24).cloned().collect();
    let baseline = type_all(&mut state, &mut runner, &mut term, &baseline_qs)?;
    let _ = runner.set_index(idx);
    let same = type_all(&mut state, &mut runner, &mut term, &baseline_qs)?;
    let simple: Vec<(bool, String)> = qs.iter().filter(|(a, _)| !*a).cloned().collect();
    let adv: Vec<(bool, String)> = qs.iter().filter(|(a, _)| *a).cloned().collect();
    let t_simple = type_all(&mut state, &mut runner, &mut term, &simple)?;
    let t_adv = type_all(&mut state, &mut runner, &mut term, &adv)?;
    let mut all = t_simple.clone();
    all.extend(&t_adv);

    println!("\n== picker, {n} customers (release build, 80x24 TestBackend) ==");
    println!("cold start to the first drawn sale screen: {cold:.1} ms (target <= 250 ms)");
    println!("search index opened (in the background, after the first frame): {index_open:.1} ms");
    println!(
        "{:<34} {:>6} {:>8} {:>8} {:>8} {:>8}   (ms, keystroke to frame)",
        "", "n", "p50", "p95", "p99", "max"
    );
    row("all keystrokes (target p99 <= 16)", all.clone());
    row("  simple", t_simple);
    row("  advanced", t_adv);
    row("baseline keystrokes, index", same.clone());
    row("baseline keystrokes, SQL LIKE", baseline.clone());
    let p99 = |mut v: Vec<f64>| {
        v.sort_by(|a, b| a.total_cmp(b));
        pct(&v, 0.99)
    };
    println!(
        "index vs LIKE on the same keystrokes: p99 {:.1}x faster",
        p99(baseline) / p99(same)
    );

    // The same simple keystrokes while the hub's feed is applied: another connection
    // writes pages of 500 customers (as `sync` applies a feed batch), and each page
    // committed is caught up in the index on the loop's thread before the next
    // keystroke (as the register does after a pass), counted in that keystroke's time.
    let quiet: Vec<(bool, String)> = simple.iter().take(60).cloned().collect();
    let quiet_t = type_all(&mut state, &mut runner, &mut term, &quiet)?;
    let syncing = while_syncing(db, &mut state, &mut runner, &mut term, &simple)?;
    println!(
        "{:<34} {:>6} {:>8} {:>8} {:>8} {:>8}",
        "", "n", "p50", "p95", "p99", "max"
    );
    row("simple, quiet (the anchor)", quiet_t.clone());
    row("simple, while a feed is applied", syncing.times.clone());
    println!(
        "  while syncing: {} pages of {PAGE} customers applied and caught up meanwhile; p99 {:.1}x the quiet run",
        syncing.pages,
        p99(syncing.times) / p99(quiet_t)
    );
    Ok(())
}

/// Customers per feed page in [`while_syncing`], one page every 500 ms.
const PAGE: i64 = 125;

struct Syncing {
    times: Vec<f64>,
    pages: u64,
}

/// Types `qs` while a thread with its own connection applies feed pages of 500
/// customers (their public note changed) in a loop, as a sync pass does.
fn while_syncing(
    db: &Path,
    state: &mut State,
    runner: &mut Runner,
    term: &mut Terminal<TestBackend>,
    qs: &[(bool, String)],
) -> Res<Syncing> {
    use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
    let stop = AtomicBool::new(false);
    let pages = AtomicU64::new(0);
    let mut times = Vec::new();
    std::thread::scope(|scope| -> Res<()> {
        let writer = scope.spawn(|| -> Result<(), String> {
            let mut store = Store::open(db).map_err(|e| e.to_string())?;
            let mut round = 0u64;
            let max = customers::max_row(store.conn()).map_err(|e| e.to_string())?;
            let mut lo = 1i64;
            while !stop.load(Ordering::Relaxed) {
                if lo > max {
                    lo = 1;
                    round += 1;
                }
                let mut page = Vec::new();
                customers::for_each_in_rows(store.conn(), lo, lo + PAGE - 1, |c| {
                    page.push(c);
                    Ok::<_, comptoir::store::StoreError>(std::ops::ControlFlow::Continue(()))
                })
                .map_err(|e| e.to_string())?;
                lo += PAGE;
                store
                    .write(|tx| {
                        for c in &page {
                            let mut data = c.data.clone();
                            data.public_note = Some(format!("synced {round}"));
                            customers::apply_remote(tx, c.id, customers::Remote::Upsert(&data))?;
                        }
                        Ok::<_, comptoir::store::StoreError>(())
                    })
                    .map_err(|e| e.to_string())?;
                pages.fetch_add(1, Ordering::Relaxed);
                // 250 customers a second from the other registers: a busy chain.
                std::thread::sleep(std::time::Duration::from_millis(500));
            }
            Ok(())
        });
        let mut seen = 0;
        let mut last_pass = Instant::now();
        for (advanced, q) in qs.iter().take(60) {
            let _ = update(state, Action::Cmd(C::Back));
            let _ = update(state, Action::Cmd(C::Customer));
            state.picker.advanced = *advanced;
            for c in q.chars() {
                let t = Instant::now();
                // A pass ends every 2 s (the default interval): the register then
                // catches its index up (here on the loop's thread, where the register
                // hands 500 changes or more to a background thread).
                let now = pages.load(Ordering::Relaxed);
                if now != seen && last_pass.elapsed().as_secs() >= 2 {
                    seen = now;
                    last_pass = Instant::now();
                    runner.run(comptoir::app::action::Effect::SyncIndex);
                }
                keystroke(state, runner, term, key(c))?;
                times.push(ms(t));
                // A quick typist: a key every 20 ms, time for the feed to move.
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
        }
        stop.store(true, Ordering::Relaxed);
        writer.join().map_err(|_| "the writer panicked")??;
        Ok(())
    })?;
    Ok(Syncing {
        times,
        pages: pages.load(Ordering::Relaxed),
    })
}
