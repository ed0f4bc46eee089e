//! x86_64 ELF relocations, checked byte by byte with `-check` files.
//!
//! Each `testdata/x86_64-elf/asm/NAME.s` carries its own command line in a `# RUN: rjitlink ...`
//! comment and `# jitlink-check:` rules (or, for rjitlink-only behaviour, `# rjitlink-check:` rules
//! run with `-check-name=rjitlink-check`). The objects are committed (built by
//! `testdata/x86_64-elf/build.sh`), so these tests need no LLVM, except `differential_llvm_jitlink`,
//! which runs the same command lines through `llvm-jitlink-22`.
mod common;

use common::check_files::{self, run_lines};

use common::{run, stderr, stdout, testdata, TempFile};
use std::path::PathBuf;

fn asm_dir() -> PathBuf {
    testdata("x86_64-elf/asm")
}

const DIR: &str = "x86_64-elf/asm";

/// The first `# RUN: <tool>` line of `asm/<file>`, expanded.
fn run_line(file: &str, tool: &str) -> Vec<String> {
    run_lines(DIR, file, tool).swap_remove(0)
}

/// Runs rjitlink with the RUN lines of `asm/<file>` and asserts that every check passed.
#[track_caller]
fn run_checks(file: &str) {
    check_files::run_checks(DIR, file)
}

/// R_X86_64_64, R_X86_64_32, R_X86_64_32S, R_X86_64_16, R_X86_64_8.
#[test]
fn abs() {
    run_checks("abs.s");
}

/// R_X86_64_PC64, R_X86_64_PC32, R_X86_64_PC16, R_X86_64_PC8.
#[test]
fn pcrel() {
    run_checks("pcrel.s");
}

/// R_X86_64_PLT32: direct to a defined function, through a stub + GOT entry to a far `-abs` one.
#[test]
fn plt32() {
    run_checks("plt.s");
}

/// R_X86_64_GOTPCREL: never relaxed, even to a defined symbol.
#[test]
fn gotpcrel() {
    run_checks("gotpcrel.s");
}

/// R_X86_64_GOTPCRELX / R_X86_64_REX_GOTPCRELX: `mov` relaxed to `lea` for defined targets;
/// `mov`, `call *`, `jmp *` to an `-abs` target left alone, through the GOT.
#[test]
fn gotpcrelx() {
    run_checks("gotpcrelx.s");
}

/// rjitlink-only (`# rjitlink-check:`): `call *`/`jmp *` GOTPCRELX relaxed to PC-relative
/// `67 e8 rel32` / `e9 rel32 90`; in-range `-abs` targets not relaxed.
#[test]
fn gotpcrelx_branch_relaxation() {
    let args = run_line("gotpcrelx_branch.s", "rjitlink");
    assert!(args.iter().any(|a| a == "-check-name=rjitlink-check"));
    run_checks("gotpcrelx_branch.s");
}

/// R_X86_64_GOTPCREL64, R_X86_64_GOT64, R_X86_64_GOTOFF64, R_X86_64_GOTPC32, R_X86_64_GOTPC64.
#[test]
fn got64() {
    run_checks("got64.s");
}

/// R_X86_64_SIZE32, R_X86_64_SIZE64.
#[test]
fn size() {
    run_checks("size.s");
}

/// True when `haystack` shows `value` in hex (any case, any zero padding) or decimal.
fn shows_value(haystack: &str, value: u64) -> bool {
    let lower = haystack.to_ascii_lowercase();
    lower.contains(&format!("{value:x}")) || haystack.contains(&value.to_string())
}

/// A rule that is off by one must fail the run (exit 1) and report the expression and both
/// values; a true rule next to it must not be reported.
#[test]
fn wrong_check_fails() {
    let good = "*{8}p64_abs = 0x123456789abcdf00";
    let bad = "*{8}p64_abs = 0x123456789abcdf01";
    let check = TempFile::new(
        "wrong-check.s",
        &format!("# jitlink-check: {good}\n# jitlink-check: {bad}\n"),
    );
    let obj = asm_dir().join("abs.o");
    let o = run(&[
        "-noexec",
        "-slab-allocate",
        "100Kb",
        "-slab-address",
        "0x7fff00000000",
        "-slab-page-size",
        "4096",
        "-abs",
        "ext64=0x123456789abcdef0",
        "-abs",
        "ext32=0x87654321",
        "-abs",
        "ext32s=0xffffffff80001234",
        "-abs",
        "ext16=0xbeef",
        "-abs",
        "ext8=0xa5",
        "-check",
        check.path(),
        obj.to_str().unwrap(),
    ]);
    let err = stderr(&o);
    let all = format!("{}{err}", stdout(&o));
    assert_eq!(o.status.code(), Some(1), "expected exit 1:\n{all}");
    assert!(!all.contains("panicked"), "rjitlink panicked:\n{all}");
    assert!(all.contains(bad), "failing expression not shown:\n{all}");
    assert!(!all.contains(good), "a true rule was reported:\n{all}");
    assert!(
        shows_value(&all, 0x1234_5678_9abc_df00),
        "actual value not shown:\n{all}"
    );
    assert!(
        shows_value(&all, 0x1234_5678_9abc_df01),
        "expected value not shown:\n{all}"
    );
}

/// A wrong rule about a GOT entry (which holds the absolute value of the far `-abs` target) and a
/// stub's displacement also fail.
#[test]
fn wrong_got_and_stub_checks_fail() {
    for bad in [
        "*{8}got_addr(plt.o, ext_fn) = ext_fn + 1",
        "*{4}(stub_addr(plt.o, ext_fn) + 2) = (got_addr(plt.o, ext_fn) - (stub_addr(plt.o, ext_fn) + 5))[31:0]",
    ] {
        let check = TempFile::new("wrong-got.s", &format!("# jitlink-check: {bad}\n"));
        let obj = asm_dir().join("plt.o");
        let o = run(&[
            "-noexec",
            "-slab-allocate",
            "100Kb",
            "-slab-address",
            "0x7fff00000000",
            "-slab-page-size",
            "4096",
            "-abs",
            "ext_fn=0x123456789000",
            "-check",
            check.path(),
            obj.to_str().unwrap(),
        ]);
        let all = format!("{}{}", stdout(&o), stderr(&o));
        assert_eq!(o.status.code(), Some(1), "expected exit 1 for {bad}:\n{all}");
        assert!(!all.contains("panicked"), "rjitlink panicked:\n{all}");
        assert!(all.contains(bad), "failing expression not shown:\n{all}");
    }
}

/// A check file without any rule for the check name is a failure, as in llvm-jitlink.
#[test]
fn no_rules_fails() {
    let mut args = run_line("abs.s", "rjitlink");
    args.insert(0, "-check-name=no-such-prefix".to_string());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = run(&args);
    assert_eq!(
        o.status.code(),
        Some(1),
        "stdout:\n{}\nstderr:\n{}",
        stdout(&o),
        stderr(&o)
    );
    assert!(!stderr(&o).contains("panicked"));
}

/// Files whose `# jitlink-check:` rules are shared with llvm-jitlink-22.
const LLVM_COMPATIBLE: &[&str] = &[
    "abs.s",
    "pcrel.s",
    "plt.s",
    "gotpcrel.s",
    "gotpcrelx.s",
    "got64.s",
    "size.s",
];

/// Differential: llvm-jitlink-22 accepts the same command lines and passes the same rules
/// (and, for gotpcrelx_branch.s, the `# llvm22-check:` rules that record where it differs).
#[test]
fn differential_llvm_jitlink() {
    let Some(llvm) = common::tool("llvm-jitlink-22") else {
        return;
    };
    let mut runs: Vec<(String, Vec<String>)> = LLVM_COMPATIBLE
        .iter()
        .map(|f| (f.to_string(), run_line(f, "rjitlink")))
        .collect();
    runs.push((
        "gotpcrelx_branch.s".to_string(),
        run_line("gotpcrelx_branch.s", "llvm-jitlink-22"),
    ));
    for (file, args) in runs {
        assert!(
            !args.iter().any(|a| a.contains("rjitlink-check")),
            "{file}: rjitlink-only checks given to llvm-jitlink"
        );
        check_files::assert_llvm_passes(&llvm, &args);
    }
}
