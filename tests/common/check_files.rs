//! Test files that carry their own command lines: `# RUN: <tool> ...` comments in the
//! assembly sources of `testdata/*/asm/`, with `# jitlink-check:` rules.

use std::path::Path;
use std::process::{Command, Output};

use super::{assert_status, run, testdata};

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
            if (arg.ends_with(".s") || arg.ends_with(".o")) && candidate.is_file() {
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
