//! Test files that carry their own command lines: `# RUN: <tool> ...` comments in the
//! assembly sources of `testdata/*/asm/`, with `# jitlink-check:` rules.

use std::path::Path;
use std::process::{Command, Output};

use super::{assert_status, run, stderr, stdout, testdata};

/// The arguments of every `# RUN: <tool> ...` line of `<dir>/<file>` (dir relative to
/// `testdata/`), with each argument that names a file in `dir` (`got.s`, `got.o`) replaced by
/// its full path.
pub fn run_lines(dir: &str, file: &str, tool: &str) -> Vec<Vec<String>> {
    let dir = testdata(dir);
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let prefix = format!("# RUN: {tool} ");
    let lines: Vec<Vec<String>> = text
        .lines()
        .map(str::trim)
        .filter_map(|l| l.strip_prefix(&prefix))
        .map(|line| expand_args(&dir, line))
        .collect();
    assert!(!lines.is_empty(), "no `{prefix}` line in {file}");
    lines
}

fn expand_args(dir: &Path, line: &str) -> Vec<String> {
    line.split_whitespace()
        .map(|arg| {
            let candidate = dir.join(arg);
            let input = [".s", ".o", ".tbd"].iter().any(|e| arg.ends_with(e));
            if input && candidate.is_file() {
                candidate.display().to_string()
            } else {
                arg.to_string()
            }
        })
        .collect()
}

/// Runs rjitlink with every RUN line of `<dir>/<file>` and asserts that every check passed.
#[track_caller]
pub fn run_checks(dir: &str, file: &str) {
    for args in run_lines(dir, file, "rjitlink") {
        assert!(
            args.iter().any(|a| a == "-check"),
            "RUN line of {file} has no -check"
        );
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = run(&args);
        assert_status(&o, 0);
    }
}

/// The hex values after the failing rule's text on the line that shows it.
pub fn reported_values(all: &str, rule: &str) -> Vec<u64> {
    let line = all
        .lines()
        .find(|l| l.contains(rule))
        .unwrap_or_else(|| panic!("failing rule {rule:?} not shown:\n{all}"));
    let rest = &line[line.find(rule).map_or(0, |at| at + rule.len())..];
    rest.split(|c: char| !c.is_ascii_alphanumeric())
        .filter_map(|w| w.strip_prefix("0x"))
        .filter_map(|h| u64::from_str_radix(h, 16).ok())
        .collect()
}

/// Runs llvm-jitlink-22 with `args`.
pub fn run_llvm(llvm: &Path, args: &[String]) -> Output {
    Command::new(llvm)
        .args(args)
        .output()
        .expect("failed to start llvm-jitlink-22")
}

/// Runs llvm-jitlink-22 with `args` and asserts that it succeeds (every check passed).
#[track_caller]
pub fn assert_llvm_passes(llvm: &Path, args: &[String]) {
    let o = run_llvm(llvm, args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "llvm-jitlink-22 {}\n--- stdout:\n{}\n--- stderr:\n{}",
        args.join(" "),
        stdout(&o),
        stderr(&o)
    );
}

/// Runs rjitlink with `args`, whose check file holds the true rule `good` and the false rule
/// `bad`: the run must fail (exit 1, no panic) reporting `bad` alone, with both of its values,
/// which are returned (left, right).
#[track_caller]
pub fn only_rule_fails(args: &[&str], good: &str, bad: &str) -> (u64, u64) {
    let o = run(args);
    let all = format!("{}{}", stdout(&o), stderr(&o));
    assert_eq!(
        o.status.code(),
        Some(1),
        "expected exit 1 for {bad}:\n{all}"
    );
    assert!(!all.contains("panicked"), "rjitlink panicked:\n{all}");
    assert!(
        !all.contains(&format!("'{good}'")),
        "a true rule was reported:\n{all}"
    );
    let values = reported_values(&all, bad);
    assert_eq!(
        values.len(),
        2,
        "expected both values for {bad:?}, got {values:x?}:\n{all}"
    );
    (values[0], values[1])
}

/// The first RUN line of `<dir>/<file>`, with its `-check` file replaced by a temporary file
/// holding `rules` (as `# jitlink-check:` lines) and no `-check-name`; the file lives as long as
/// the returned guard.
pub fn with_rules(dir: &str, file: &str, rules: &[&str]) -> (Vec<String>, super::TempFile) {
    let text: String = rules
        .iter()
        .map(|r| format!("# jitlink-check: {r}\n"))
        .collect();
    let check = super::TempFile::new(&format!("{}-{file}", dir.replace('/', "-")), &text);
    let mut args = Vec::new();
    let mut given = run_lines(dir, file, "rjitlink").swap_remove(0).into_iter();
    while let Some(a) = given.next() {
        if a == "-check" {
            given.next();
        } else if !a.starts_with("-check-name") {
            args.push(a);
        }
    }
    args.push("-check".to_string());
    args.push(check.path().to_string());
    (args, check)
}

/// Runs the true rule `good` and the false rule `bad` against the link of `<dir>/<file>`'s first
/// RUN line: see [`only_rule_fails`]; returns `bad`'s two values (left, right).
#[track_caller]
pub fn wrong_rule(dir: &str, file: &str, good: &str, bad: &str) -> (u64, u64) {
    let (args, _check) = with_rules(dir, file, &[good, bad]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    only_rule_fails(&args, good, bad)
}
