//! The structure of the code, checked: the module layers of ARCHITECTURE.md against
//! every `crate::x` path in `src/` (outside test code), the layers themselves free of
//! cycles (the list is read from ARCHITECTURE.md's `layers` block, so the document and
//! this check cannot disagree), and no function in `src/` over the length limit.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Module -> the modules it may use, from the fenced block after `<!-- layers -->`.
fn allowed() -> BTreeMap<String, BTreeSet<String>> {
    let doc = fs::read_to_string(Path::new(ROOT).join("ARCHITECTURE.md")).unwrap();
    let start = doc
        .find("<!-- layers -->")
        .expect("ARCHITECTURE.md has a layers block");
    let block = &doc[start..];
    let open = block.find("```").unwrap();
    let body = &block[open + 3..];
    let body = &body[body.find('\n').unwrap() + 1..];
    let body = &body[..body.find("```").unwrap()];
    let mut out = BTreeMap::new();
    for line in body.lines() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let (module, uses) = line.split_once(':').expect("`module: uses...`");
        let uses = uses.split_whitespace().map(str::to_string).collect();
        assert!(
            out.insert(module.trim().to_string(), uses).is_none(),
            "{module} is listed twice"
        );
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The source of a file without its test code: files of test modules (`tests.rs`,
/// anything under a `tests/` folder, `fixtures.rs`) are empty; an inline
/// `#[cfg(test)]` module ends the file (they close every file that has one).
fn product_code(path: &Path, text: &str) -> String {
    let rel = path.to_string_lossy();
    if rel.ends_with("/tests.rs") || rel.contains("/tests/") || rel.ends_with("/fixtures.rs") {
        return String::new();
    }
    let end = ["mod ", "pub(crate) mod ", "pub mod "]
        .iter()
        .filter_map(|m| text.find(&format!("#[cfg(test)]\n{m}")))
        .min()
        .unwrap_or(text.len());
    text[..end]
        .lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level modules a piece of code names through `crate::`.
fn crate_uses(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        let after = &rest[i + 7..];
        if let Some(group) = after.strip_prefix('{') {
            // `crate::{a::b, c}`: the first segment of each top-level item.
            let mut depth = 0;
            let mut item = String::new();
            for ch in group.chars() {
                match ch {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        push_first_segment(&item, &mut out);
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                item.push(ch);
            }
            push_first_segment(&item, &mut out);
        } else {
            push_first_segment(after, &mut out);
        }
        rest = after;
    }
    out
}

fn push_first_segment(path: &str, out: &mut BTreeSet<String>) {
    let name: String = path
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if !name.is_empty() {
        out.insert(name);
    }
}

#[test]
fn modules_use_only_the_layers_below_them() {
    let allowed = allowed();
    let src = Path::new(ROOT).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut wrong = Vec::new();
    for path in files {
        let rel = path.strip_prefix(&src).unwrap();
        let first = rel.iter().next().unwrap().to_string_lossy();
        let module = first.trim_end_matches(".rs").to_string();
        if ["main", "cli", "cmd", "lib"].contains(&module.as_str()) {
            continue; // the binary's edge uses everything; lib.rs only lists modules
        }
        let Some(may) = allowed.get(&module) else {
            wrong.push(format!(
                "src/{module} is not in ARCHITECTURE.md's layers block"
            ));
            continue;
        };
        let text = fs::read_to_string(&path).unwrap();
        for used in crate_uses(&product_code(&path, &text)) {
            if used != module && !may.contains(&used) {
                wrong.push(format!("{} uses crate::{used}", rel.display()));
            }
        }
    }
    assert!(wrong.is_empty(), "layer violations:\n{}", wrong.join("\n"));
}

#[test]
fn the_layers_have_no_cycle() {
    let allowed = allowed();
    // Kahn's algorithm: repeatedly take the modules whose uses are all taken.
    let mut done = BTreeSet::new();
    loop {
        let ready: Vec<&String> = allowed
            .iter()
            .filter(|(m, uses)| !done.contains(*m) && uses.iter().all(|u| done.contains(u)))
            .map(|(m, _)| m)
            .collect();
        if ready.is_empty() {
            break;
        }
        done.extend(ready.into_iter().cloned());
    }
    let stuck: Vec<&String> = allowed.keys().filter(|m| !done.contains(*m)).collect();
    assert!(
        stuck.is_empty(),
        "a cycle (or an unknown module) among {stuck:?}"
    );
}

#[test]
fn the_use_reader_sees_groups_and_paths() {
    let uses = crate_uses("use crate::{a::b, c::{d, e}};\nlet x = crate::f::g();\n");
    assert_eq!(uses.into_iter().collect::<Vec<_>>(), ["a", "c", "f"]);
}

/// Longest function allowed in `src/`, in lines from `fn` to its closing brace.
const MAX_FN_LINES: usize = 120;

/// The functions of a Rust source: (name, first line, last line). A small lexer: it
/// skips comments, strings (raw ones too) and char literals, and follows braces.
fn functions(text: &str) -> Vec<(String, usize, usize)> {
    let b: Vec<char> = text.chars().collect();
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let (mut i, mut line, mut depth) = (0usize, 1usize, 0usize);
    // A signature seen, waiting for its body: (name, line, bracket depth).
    let mut pending: Option<(String, usize, i32)> = None;
    let mut open: Vec<(String, usize, usize)> = Vec::new();
    let mut out = Vec::new();
    let skip_to = |from: usize, end: &str, line: &mut usize| -> usize {
        let end: Vec<char> = end.chars().collect();
        let mut j = from;
        while j < b.len() && !b[j..].starts_with(&end) {
            if b[j] == '\\' && end == ['"'] {
                j += 1;
            }
            if b.get(j) == Some(&'\n') {
                *line += 1;
            }
            j += 1;
        }
        j + end.len()
    };
    while i < b.len() {
        let c = b[i];
        let prev = if i > 0 { b[i - 1] } else { ' ' };
        if c == '\n' {
            line += 1;
            i += 1;
        } else if b[i..].starts_with(&['/', '/']) {
            i = skip_to(i, "\n", &mut line) - 1;
        } else if b[i..].starts_with(&['/', '*']) {
            i = skip_to(i + 2, "*/", &mut line);
        } else if (c == 'r' || (c == 'b' && b.get(i + 1) == Some(&'r'))) && !ident(prev) && {
            let mut k = i + if c == 'r' { 1 } else { 2 };
            while b.get(k) == Some(&'#') {
                k += 1;
            }
            b.get(k) == Some(&'"')
        } {
            let start = i + if c == 'r' { 1 } else { 2 };
            let hashes = b[start..].iter().take_while(|&&h| h == '#').count();
            let end = format!("\"{}", "#".repeat(hashes));
            i = skip_to(start + hashes + 1, &end, &mut line);
        } else if c == '"' {
            i = skip_to(i + 1, "\"", &mut line);
        } else if c == '\'' {
            // A char literal ('x', '\n', '\''), else a lifetime.
            if b.get(i + 1) == Some(&'\\') {
                let mut j = i + 3;
                while j < b.len() && b[j] != '\'' {
                    j += 1;
                }
                i = j + 1;
            } else if b.get(i + 2) == Some(&'\'') {
                i += 3;
            } else {
                i += 1;
            }
        } else if ident(c) && !ident(prev) {
            let start = i;
            while i < b.len() && ident(b[i]) {
                i += 1;
            }
            let word: String = b[start..i].iter().collect();
            if word == "fn" {
                let mut j = i;
                while j < b.len() && b[j].is_whitespace() {
                    j += 1;
                }
                let name: String = b[j..].iter().take_while(|&&c| ident(c)).collect();
                if !name.is_empty() {
                    pending = Some((name, line, 0));
                }
            }
        } else {
            if let Some(p) = pending.as_mut() {
                match c {
                    '(' | '[' | '<' => p.2 += 1,
                    ')' | ']' => p.2 -= 1,
                    '>' if prev != '-' => p.2 -= 1,
                    ';' if p.2 <= 0 => pending = None,
                    _ => {}
                }
            }
            if c == '{' {
                depth += 1;
                if let Some((name, start, _)) = pending.take() {
                    open.push((name, start, depth));
                }
            } else if c == '}' {
                if open.last().is_some_and(|o| o.2 == depth) {
                    if let Some((name, start, _)) = open.pop() {
                        out.push((name, start, line));
                    }
                }
                depth = depth.saturating_sub(1);
            }
            i += 1;
        }
    }
    out
}

#[test]
fn no_function_in_src_is_over_the_length_limit() {
    let src = Path::new(ROOT).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut long = Vec::new();
    for path in files {
        let text = fs::read_to_string(&path).unwrap();
        for (name, first, last) in functions(&text) {
            let lines = last - first + 1;
            if lines > MAX_FN_LINES {
                let rel = path
                    .strip_prefix(ROOT)
                    .unwrap_or(&path)
                    .display()
                    .to_string();
                long.push(format!("{rel}:{first} {name}: {lines} lines"));
            }
        }
    }
    assert!(
        long.is_empty(),
        "functions over {MAX_FN_LINES} lines (split them by step or by case):\n{}",
        long.join("\n")
    );
}

#[test]
fn the_function_reader_skips_strings_comments_and_chars() {
    let text = "fn a() {\n let s = \"}\"; // }\n let c = '}';\n let r = r#\"}\"#;\n}\n\
                fn b<'x>(v: &'x str) -> Vec<u8> where u8: Copy {\n /* } */\n}\n\
                trait T { fn c(&self); }\n";
    let found = functions(text);
    assert_eq!(
        found,
        [("a".to_string(), 1, 5), ("b".to_string(), 6, 8)],
        "{found:?}"
    );
}

#[test]
fn the_binary_prints_only_through_its_sanitising_macros() {
    // println!/eprintln! would bypass the sanitiser (and panic on a closed pipe): the
    // binary's edge writes text with outln!/errln!/err! and JSON with dataln!.
    let src = Path::new(ROOT).join("src");
    let mut files = vec![src.join("main.rs"), src.join("cli.rs"), src.join("cmd.rs")];
    rust_files(&src.join("cmd"), &mut files);
    for path in files {
        let text = fs::read_to_string(&path).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue;
            }
            for banned in ["println!", "print!(", "eprint!("] {
                assert!(
                    !code.contains(banned),
                    "{}:{}: {banned} bypasses the sanitising writer: {line}",
                    path.display(),
                    n + 1
                );
            }
        }
    }
}
