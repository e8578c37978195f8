//! Search benchmark: `cargo bench --bench search` (see README, "Performance").
//!
//! For each size (default 100,000 and 1,000,000 customers; `COMPTOIR_BENCH_SIZES=100000`
//! for a quick run) it makes a deterministic demo database (cached in
//! `target/bench-data/`), rebuilds the search index (timed), builds the FTS5 baseline,
//! then, in a child process so that peak RSS is the searching process's own, replays a
//! fixed list of 240 realistic searches typed one character at a time, and prints p50,
//! p95, p99 per keystroke class, recall in the top 10, and the same figures for FTS5 and
//! a `LIKE` scan with the ratios. Figures are printed, not asserted: this is not a test.

mod baseline;
mod queries;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use comptoir::demo::{self, DemoOptions, Rng};
use comptoir::search::{parse_fields, Mode, Request, SearchField, SearchIndex};
use comptoir::store::{customers, lookup, Store};
use serde_json::{json, Value};

use queries::Class;

const PER_CLASS: usize = 30;
/// Cases per class whose every keystroke is also answered by FTS5.
const FTS_PER_CLASS: usize = 10;
/// Cases per class answered by the LIKE scan (final text only: it takes ~1 s each at 1M).
const LIKE_PER_CLASS: usize = 4;

fn main() {
    if let Ok(spec) = std::env::var("COMPTOIR_BENCH_CHILD") {
        match child(&spec) {
            Ok(v) => println!("{v}"),
            Err(e) => {
                eprintln!("bench child failed: {e}");
                std::process::exit(1);
            }
        }
        return;
    }
    let sizes: Vec<usize> = std::env::var("COMPTOIR_BENCH_SIZES")
        .unwrap_or_else(|_| "100000,1000000".into())
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
            eprintln!("benchmark at {n} customers failed: {e}");
            std::process::exit(1);
        }
    }
}

type Res<T> = Result<T, Box<dyn std::error::Error>>;

fn run_size(dir: &Path, n: usize) -> Res<()> {
    let db = dir.join(format!("{n}.db"));
    let index = dir.join(format!("{n}.index"));
    let fts = dir.join(format!("{n}.fts.db"));
    let mut demo_secs = None;
    let cached = Store::open(&db)
        .ok()
        .and_then(|s| customers::count(s.conn()).ok())
        == Some(n as i64);
    if !cached {
        for p in [&db, &fts] {
            let _ = std::fs::remove_file(p);
        }
        let mut store = Store::open(&db)?;
        let t = Instant::now();
        demo::generate(
            &mut store,
            &DemoOptions {
                customers: n,
                seed: 7,
                now: chrono::Utc::now(),
                sales: false,
            },
        )?;
        demo_secs = Some(t.elapsed().as_secs_f64());
    }
    let store = Store::open(&db)?;
    let t = Instant::now();
    let mut idx = SearchIndex::rebuild(&index, store.conn(), &mut |_, _| {})?;
    let build = t.elapsed().as_secs_f64();
    // As the register's opener and `comptoir reindex` leave it: one segment.
    let t = Instant::now();
    let segments = idx.segments();
    idx.compact()?;
    eprintln!(
        "merged {segments} segments into {} in {:.1} s",
        idx.segments(),
        t.elapsed().as_secs_f64()
    );
    let size = idx.disk_size();
    drop(idx);
    drop(store);
    let fts_secs = if fts.exists() {
        None
    } else {
        Some(baseline::build_fts(&db, &fts)?)
    };

    let out = Command::new(std::env::current_exe()?)
        .env(
            "COMPTOIR_BENCH_CHILD",
            format!("{}|{}|{}|{n}", db.display(), index.display(), fts.display()),
        )
        .output()?;
    if !out.status.success() {
        return Err(format!("child: {}", String::from_utf8_lossy(&out.stderr)).into());
    }
    let r: Value = serde_json::from_slice(&out.stdout)?;
    report(n, demo_secs, build, size, fts_secs, &r);
    Ok(())
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i]
}

fn stats(mut v: Vec<f64>) -> Value {
    v.sort_by(|a, b| a.total_cmp(b));
    json!({ "n": v.len(), "p50": pct(&v, 0.5), "p95": pct(&v, 0.95), "p99": pct(&v, 0.99) })
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1e3
}

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// Times the scan lookup (the register's and `find-ref`'s: the store, by every form of
/// the code) on 200 references drawn at random; returns the times and how many found
/// their owner.
fn time_scans(store: &Store) -> Res<(Vec<f64>, usize)> {
    let mut scan_times = Vec::new();
    let mut scan_ok = 0;
    let mut rng = Rng::new(99);
    // 200 references drawn at random (not all loaded: the peak RSS is the search's own).
    let n_refs: i64 = store
        .conn()
        .query_row("SELECT COUNT(*) FROM customer_ref", [], |r| r.get(0))?;
    let mut refs: Vec<(String, comptoir::domain::ids::CustomerId)> = Vec::new();
    for _ in 0..200 {
        let offset = rng.below(n_refs.max(1) as u64) as i64;
        if let Ok(r) = store.conn().query_row(
            "SELECT code, customer_id FROM customer_ref LIMIT 1 OFFSET ?1",
            [offset],
            |r| Ok((r.get(0)?, r.get(1)?)),
        ) {
            refs.push(r);
        }
    }
    for (code, owner) in &refs {
        let t = Instant::now();
        let got = lookup::customer_by_scan(store.conn(), code, None)?;
        scan_times.push(ms(t));
        scan_ok += usize::from(got == Some(*owner));
    }
    Ok((scan_times, scan_ok))
}

/// The search phase, in its own process.
fn child(spec: &str) -> Res<Value> {
    let parts: Vec<&str> = spec.split('|').collect();
    let [db, index, fts, n] = parts.as_slice() else {
        return Err("bad spec".into());
    };
    let n: i64 = n.parse()?;
    let store = Store::open(Path::new(db))?;
    let t = Instant::now();
    let mut idx = SearchIndex::open(Path::new(index))?;
    let open_ms = ms(t);
    let cases = queries::cases(store.conn(), n, PER_CLASS);
    let simple_fields = parse_fields(&["name", "address", "phone"]).map_err(|e| e.to_string())?;
    let adv_fields = [SearchField::LastName, SearchField::Street];
    let fts_conn = rusqlite::Connection::open(fts)?;

    let mut by_kind: std::collections::BTreeMap<&str, Vec<f64>> = Default::default();
    let mut by_class: std::collections::BTreeMap<Class, Vec<f64>> = Default::default();
    let mut ours_same = Vec::new();
    let mut fts_same = Vec::new();
    let mut ours_like = Vec::new();
    let mut like_times = Vec::new();
    let mut found = [0usize; 3];
    let mut like_cases = 0;
    let mut typo_found = [0usize; 3];
    let mut typo_like = 0;
    let mut per_class_seen: std::collections::BTreeMap<Class, usize> = Default::default();
    let mut misses = Vec::new();
    // Phase 1: comptoir alone (so the peak RSS is the search's own).
    let mut times: Vec<Vec<f64>> = Vec::new();
    let mut slow: Vec<(f64, String)> = Vec::new();
    for case in &cases {
        let advanced = case.class == Class::Advanced;
        let (mode, fields): (Mode, &[SearchField]) = if advanced {
            (Mode::Advanced, &adv_fields)
        } else {
            (Mode::Simple, &simple_fields)
        };
        let chars: Vec<char> = case.text.chars().collect();
        let mut last_hits = Vec::new();
        let mut mine = Vec::new();
        for k in 1..=chars.len() {
            let typed: String = chars[..k].iter().collect();
            let t = Instant::now();
            let hits = idx.search(&Request {
                text: &typed,
                mode: mode.clone(),
                fields,
                limit: 20,
            })?;
            let took = ms(t);
            by_kind
                .entry(if advanced { "advanced" } else { "simple" })
                .or_default()
                .push(took);
            by_class.entry(case.class).or_default().push(took);
            slow.push((took, typed));
            mine.push(took);
            last_hits = hits;
        }
        times.push(mine);
        let top10: Vec<_> = last_hits.iter().take(10).map(|h| h.id).collect();
        let ours = top10.contains(&case.target);
        if !ours {
            misses.push(format!("{:?}: {}", case.class, case.text));
        }
        found[0] += usize::from(ours);
        if case.class == Class::Typo {
            typo_found[0] += usize::from(ours);
        }
    }
    let (scan_times, scan_ok) = time_scans(&store)?;
    let rss_search = peak_rss_mb();
    slow.sort_by(|a, b| b.0.total_cmp(&a.0));
    slow.truncate(8);

    // Phase 2: the baselines, on the same searches.
    for (case, mine) in cases.iter().zip(&times) {
        let seen = per_class_seen.entry(case.class).or_default();
        *seen += 1;
        let advanced = case.class == Class::Advanced;
        let chars: Vec<char> = case.text.chars().collect();
        if *seen <= FTS_PER_CLASS {
            for (k, took) in (1..=chars.len()).zip(mine) {
                let typed: String = chars[..k].iter().collect();
                let expr = if advanced {
                    baseline::fts_advanced(&typed)
                } else {
                    baseline::fts_simple(&typed)
                };
                if let Some(expr) = expr {
                    let t = Instant::now();
                    let _ = baseline::fts_top(&fts_conn, &expr);
                    fts_same.push(ms(t));
                    ours_same.push(*took);
                }
            }
        }
        let expr = if advanced {
            baseline::fts_advanced(&case.text)
        } else {
            baseline::fts_simple(&case.text)
        };
        let theirs = expr
            .map(|e| baseline::fts_top(&fts_conn, &e))
            .unwrap_or_default();
        let fts_ok = theirs.contains(&case.target_rowid);
        found[1] += usize::from(fts_ok);
        if case.class == Class::Typo {
            typo_found[1] += usize::from(fts_ok);
        }
        if *seen <= LIKE_PER_CLASS {
            like_cases += 1;
            ours_like.push(mine.last().copied().unwrap_or(f64::NAN));
            let t = Instant::now();
            let l = baseline::like_top(store.conn(), &case.text);
            like_times.push(ms(t));
            let ok = l.contains(&case.target_rowid);
            found[2] += usize::from(ok);
            if case.class == Class::Typo {
                typo_found[2] += usize::from(ok);
                typo_like += 1;
            }
        }
    }
    let classes: Value = by_class
        .into_iter()
        .map(|(c, v)| (c.name().to_string(), stats(v)))
        .collect::<serde_json::Map<_, _>>()
        .into();
    Ok(json!({
        "open_ms": open_ms,
        "cases": cases.len(),
        "simple": stats(by_kind.remove("simple").unwrap_or_default()),
        "advanced": stats(by_kind.remove("advanced").unwrap_or_default()),
        "scan": stats(scan_times), "scan_ok": scan_ok,
        "classes": classes,
        "recall": { "ours": found[0], "fts": found[1], "like": found[2], "like_cases": like_cases },
        "typo": { "cases": PER_CLASS, "ours": typo_found[0], "fts": typo_found[1], "like": typo_found[2], "like_cases": typo_like },
        "same_keystrokes": { "ours": stats(ours_same), "fts": stats(fts_same) },
        "like_finals": { "ours": stats(ours_like), "like": stats(like_times) },
        "peak_rss_mb": rss_search,
        "peak_rss_with_baselines_mb": peak_rss_mb(),
        "slowest": slow.iter().map(|(t, q)| format!("{t:.2} ms  {q:?}")).collect::<Vec<_>>(),
        "misses": misses,
    }))
}

fn f(v: &Value, k: &str) -> f64 {
    v[k].as_f64().unwrap_or(f64::NAN)
}

fn report(n: usize, demo: Option<f64>, build: f64, size: u64, fts: Option<f64>, r: &Value) {
    println!("\n== {n} customers ==");
    if let Some(d) = demo {
        println!("demo database generated in {d:.1} s");
    }
    println!(
        "index build {build:.1} s, index size {:.1} MB, index open {:.1} ms, peak RSS while searching {:.0} MB",
        size as f64 / 1e6,
        f(r, "open_ms"),
        f(r, "peak_rss_mb")
    );
    if let Some(s) = fts {
        println!("FTS5 baseline built in {s:.1} s");
    }
    println!(
        "{:<22} {:>6} {:>8} {:>8} {:>8}   (ms per keystroke)",
        "class", "n", "p50", "p95", "p99"
    );
    let row = |name: &str, s: &Value| {
        println!(
            "{name:<22} {:>6} {:>8.3} {:>8.3} {:>8.3}",
            s["n"],
            f(s, "p50"),
            f(s, "p95"),
            f(s, "p99")
        );
    };
    row("simple (all)", &r["simple"]);
    row("advanced", &r["advanced"]);
    row("scan", &r["scan"]);
    if let Some(m) = r["classes"].as_object() {
        for (k, v) in m {
            row(&format!("  {k}"), v);
        }
    }
    let same = &r["same_keystrokes"];
    let lk = &r["like_finals"];
    println!(
        "same keystrokes: comptoir p99 {:.3} ms vs FTS5 p99 {:.3} ms -> {:.0}x (p50 {:.0}x)",
        f(&same["ours"], "p99"),
        f(&same["fts"], "p99"),
        f(&same["fts"], "p99") / f(&same["ours"], "p99"),
        f(&same["fts"], "p50") / f(&same["ours"], "p50"),
    );
    println!(
        "same final searches: comptoir p99 {:.3} ms vs LIKE p99 {:.1} ms -> {:.0}x",
        f(&lk["ours"], "p99"),
        f(&lk["like"], "p99"),
        f(&lk["like"], "p99") / f(&lk["ours"], "p99"),
    );
    let rc = &r["recall"];
    let cases = r["cases"].as_u64().unwrap_or(0).max(1) as f64;
    println!(
        "recall in top 10: comptoir {}/{} ({:.1}%), FTS5 {}/{} ({:.1}%), LIKE {}/{} sampled",
        rc["ours"],
        r["cases"],
        rc["ours"].as_f64().unwrap_or(0.0) * 100.0 / cases,
        rc["fts"],
        r["cases"],
        rc["fts"].as_f64().unwrap_or(0.0) * 100.0 / cases,
        rc["like"],
        rc["like_cases"],
    );
    let ty = &r["typo"];
    println!(
        "typo cases found: comptoir {}/{}, FTS5 {}/{}, LIKE {}/{}",
        ty["ours"], ty["cases"], ty["fts"], ty["cases"], ty["like"], ty["like_cases"]
    );
    println!("scan lookups right: {}/{}", r["scan_ok"], r["scan"]["n"]);
    if let Some(m) = r["slowest"].as_array() {
        println!("slowest keystrokes:");
        for s in m {
            println!("  {}", s.as_str().unwrap_or_default());
        }
    }
    if let Some(m) = r["misses"].as_array() {
        for miss in m.iter().take(10) {
            println!("  missed: {}", miss.as_str().unwrap_or_default());
        }
    }
}
