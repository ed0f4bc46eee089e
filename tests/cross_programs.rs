//! Cross-target C programs: the multi-object programs of `testdata/programs/` compiled by
//! `testdata/cross/build.sh` for aarch64 ELF, x86_64 Mach-O and arm64 Mach-O
//! (`testdata/cross/<target>/<program>/*.o`, committed). On an x86_64 Linux host they cannot run,
//! so each is linked with `rjitlink -noexec` and must exit 0: every relocation clang emits for
//! real code is supported, and externals (printf, strlen, cos, stdout, ...) resolve from the host
//! process, Mach-O `_printf` as `printf`. (The x86_64 ELF builds of the same programs are run in
//! tests/programs.rs.)
mod common;

use common::{assert_error, assert_status, stderr, stdout};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(60);

const TARGETS: &[&str] = &[
    "aarch64-linux-gnu",
    "x86_64-apple-macosx",
    "arm64-apple-macosx",
];

/// Programs and their objects, in link order (as in testdata/cross/build.sh).
const PROGRAMS: &[(&str, &[&str])] = &[
    ("dispatch", &["main", "ops", "table"]),
    ("symbols", &["main", "weak", "strong"]),
    ("mathfmt", &["main", "fmt", "geom"]),
    ("args", &["main", "show"]),
];

/// The object paths of `prog` for `target`, relative to the repository root.
fn objects(target: &str, prog: &str) -> Vec<String> {
    let (_, objs) = PROGRAMS
        .iter()
        .find(|(p, _)| *p == prog)
        .unwrap_or_else(|| panic!("unknown program {prog}"));
    objs.iter()
        .map(|o| {
            let rel = format!("testdata/cross/{target}/{prog}/{o}.o");
            assert!(
                Path::new(env!("CARGO_MANIFEST_DIR")).join(&rel).is_file(),
                "missing {rel}: run testdata/cross/build.sh"
            );
            rel
        })
        .collect()
}

/// `rjitlink -noexec <objects>` exits 0.
#[track_caller]
fn links(target: &str, prog: &str) {
    let objs = objects(target, prog);
    let mut args = vec!["-noexec"];
    args.extend(objs.iter().map(String::as_str));
    let o = common::run_with_timeout(&args, TIMEOUT);
    assert_status(&o, 0);
}

#[test]
fn aarch64_elf_dispatch() {
    links("aarch64-linux-gnu", "dispatch");
}

#[test]
fn aarch64_elf_symbols() {
    links("aarch64-linux-gnu", "symbols");
}

#[test]
fn aarch64_elf_mathfmt() {
    links("aarch64-linux-gnu", "mathfmt");
}

#[test]
fn aarch64_elf_args() {
    links("aarch64-linux-gnu", "args");
}

#[test]
fn x86_64_macho_dispatch() {
    links("x86_64-apple-macosx", "dispatch");
}

#[test]
fn x86_64_macho_symbols() {
    links("x86_64-apple-macosx", "symbols");
}

#[test]
fn x86_64_macho_mathfmt() {
    links("x86_64-apple-macosx", "mathfmt");
}

#[test]
fn x86_64_macho_args() {
    links("x86_64-apple-macosx", "args");
}

#[test]
fn arm64_macho_dispatch() {
    links("arm64-apple-macosx", "dispatch");
}

#[test]
fn arm64_macho_symbols() {
    links("arm64-apple-macosx", "symbols");
}

#[test]
fn arm64_macho_mathfmt() {
    links("arm64-apple-macosx", "mathfmt");
}

#[test]
fn arm64_macho_args() {
    links("arm64-apple-macosx", "args");
}

/// Without the host process's symbols the same links fail, naming the undefined externals with
/// their object-file spelling (`_printf` for Mach-O, `printf` for ELF): so the passing links
/// above really resolved them from the host.
#[test]
fn externals_come_from_the_host_process() {
    for (target, name) in [
        ("aarch64-linux-gnu", "'printf'"),
        ("x86_64-apple-macosx", "_printf"),
        ("arm64-apple-macosx", "_printf"),
    ] {
        let objs = objects(target, "args");
        let mut args = vec!["-noexec", "-no-process-syms"];
        args.extend(objs.iter().map(String::as_str));
        let o = common::run_with_timeout(&args, TIMEOUT);
        assert_error(&o, name);
    }
}

/// Differential: llvm-jitlink-22 -noexec links the same objects.
#[test]
fn differential_llvm_jitlink() {
    let Some(llvm) = common::tool("llvm-jitlink-22") else {
        return;
    };
    for target in TARGETS {
        for (prog, _) in PROGRAMS {
            let objs = objects(target, prog);
            let o = Command::new(&llvm)
                .arg("-noexec")
                .args(&objs)
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .output()
                .expect("failed to start llvm-jitlink-22");
            assert_eq!(
                o.status.code(),
                Some(0),
                "llvm-jitlink-22 -noexec {}\n--- stdout:\n{}\n--- stderr:\n{}",
                objs.join(" "),
                stdout(&o),
                stderr(&o)
            );
        }
    }
}
