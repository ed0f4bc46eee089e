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

/// A link of 20k edges, fixed up in parallel runs of blocks: relocations in the first, a middle
/// and the last run.
#[test]
fn parallel_fixup() {
    run_checks("parallel_fixup.s");
}

/// One section of 40k relocations, converted to edges in parallel runs with entries that make
/// no edge (R_X86_64_NONE) in two of them.
#[test]
fn parallel_relocations() {
    run_checks("parallel_relocs.s");
}

/// 37k GOT loads settled in parallel (and one block's in runs): relaxed loads, and GOT
/// entries made in edge order for the ones that cannot be relaxed.
#[test]
fn parallel_got() {
    run_checks("parallel_got.s");
}

/// Dead-stripping a large block: what only its last edge reaches, and what only that
/// reaches in turn, is kept.
#[test]
fn prune_large() {
    run_checks("prune_large.s");
}

/// 40k local symbols read in parallel runs, two file symbols before them: relocations name
/// the right ones in every run.
#[test]
fn parallel_symbols() {
    run_checks("parallel_symbols.s");
}

/// Fixed up on one thread or on several, the bytes are the same.
#[test]
fn parallel_fixup_is_deterministic() {
    let object = asm_dir().join("parallel_fixup.o");
    let dump = |threads: &str| {
        let rest = [
            "-abs",
            "far=0x7fff0000",
            threads,
            "-show-relocated-section-contents",
            object.to_str().unwrap(),
        ];
        let o = run(&common::fixed_slab("1Mb", "0x10000", &rest));
        common::assert_status(&o, 0);
        stdout(&o)
    };
    let one = dump("-num-threads=1");
    assert!(one.len() > 100_000, "the dump shows every function");
    assert_eq!(one, dump("-num-threads=2"));
    assert_eq!(one, dump("-num-threads=4"));
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
            "-abs",
            "ext_near_fn=0x7fff00100000",
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
    "parallel_fixup.s",
    "parallel_relocs.s",
    "parallel_symbols.s",
    "parallel_got.s",
    "prune_large.s",
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

// Thread-local storage. The `tls_*.s` files are rjitlink-only (`# rjitlink-check:` rules, with the
// `tpoff`/`dtpoff` builtins): llvm-jitlink-22 cannot link them (see
// `differential_llvm_jitlink_rejects_tls`). With -noexec the TLS image ends at the thread pointer as
// in an executable: TPOFF(x) = DTPOFF(x) - align_up(image size, image alignment).

/// Runs the RUN lines of a TLS check file, whose rules are all `# rjitlink-check:` ones.
#[track_caller]
fn run_tls_checks(file: &str) {
    let args = run_line(file, "rjitlink");
    assert!(
        args.iter().any(|a| a == "-check-name=rjitlink-check"),
        "{file}: TLS rules are rjitlink-only"
    );
    run_checks(file);
}

/// R_X86_64_TPOFF32 (movl %fs:, movq %fs:, leaq, movl $, addq $, .long; addends) and TPOFF64, and
/// the TLS image of two objects: .tdata blocks in link order, then .tbss blocks, aligned to the
/// strictest (32); the template holds the initial values and an R_X86_64_64 applied to it;
/// TPOFF32 at 0x7fffffff and -0x80000000.
#[test]
fn tls_local_exec_and_image() {
    run_tls_checks("tls_le.s");
}

/// R_X86_64_GOTTPOFF: movq/addq relaxed to movq/addq $TPOFF (REX.R -> REX.B), no GOT entry when
/// every reference is relaxed; cmpq and a REX-less movl through a GOT word holding TPOFF.
#[test]
fn tls_initial_exec_gottpoff() {
    run_tls_checks("tls_ie.s");
}

/// R_X86_64_TLSGD (tls_index {TPOFF(image), DTPOFF}), TLSLD (the one module index), the calls to
/// the link's own __tls_get_addr (PLT32, and GOTPCRELX relaxed), DTPOFF32 (bounds included),
/// DTPOFF64 and DTPMOD64.
#[test]
fn tls_general_and_local_dynamic() {
    run_tls_checks("tls_gd.s");
}

/// R_X86_64_GOTPC32_TLSDESC to a descriptor {__rjitlink_tlsdesc_static, TPOFF}, TLSDESC_CALL
/// unchanged, _TLS_MODULE_BASE_ at DTPOFF 0 plus DTPOFF32.
#[test]
fn tls_descriptors() {
    run_tls_checks("tls_desc.s");
}

/// The RUN line of `file`, with its `-check`s and `-check-name` replaced by one check file holding
/// the true rule `good` and the false `bad`: the run must fail reporting `bad` alone; returns its
/// two values (left, right).
fn tls_wrong_check(file: &str, good: &str, bad: &str) -> (u64, u64) {
    check_files::wrong_rule(DIR, file, good, bad)
}

/// Wrong-by-one rules about TLS fail with the values they name: a TPOFF32 field off by one, an
/// image offset off by one, and TPOFF computed from the unaligned image size (-0x4c instead of
/// -0x60).
#[test]
fn tls_wrong_local_exec_checks_fail() {
    let (l, r) = tls_wrong_check(
        "tls_le.s",
        "*{4}(le_mov + 4) = tpoff(le_d4)[31:0]",
        "*{4}(le_mov + 4) = (tpoff(le_d4) + 1)[31:0]",
    );
    assert_eq!((l, r), (0xffff_ffa8, 0xffff_ffa9));
    let (l, r) = tls_wrong_check("tls_le.s", "dtpoff(b_d16) = 0x20", "dtpoff(b_d16) = 0x21");
    assert_eq!((l, r), (0x20, 0x21));
    let (l, r) = tls_wrong_check(
        "tls_le.s",
        "tpoff(le_d8) = 0 - 0x60",
        "tpoff(le_d8) = 0 - 0x4c",
    );
    assert_eq!((l, r), (0xffff_ffff_ffff_ffa0, 0xffff_ffff_ffff_ffb4));
}

/// A relaxed initial-exec immediate off by one, and the REX prefix of a relaxed `movq ..., %r12`
/// expected unchanged (4c) instead of 49, fail.
#[test]
fn tls_wrong_initial_exec_checks_fail() {
    let (l, r) = tls_wrong_check(
        "tls_ie.s",
        "*{4}(ie_mov_r12 + 3) = 0xffffffd0",
        "*{4}(ie_mov_r12 + 3) = 0xffffffd1",
    );
    assert_eq!((l, r), (0xffff_ffd0, 0xffff_ffd1));
    let (l, r) = tls_wrong_check("tls_ie.s", "*{1}ie_mov_r12 = 0x49", "*{1}ie_mov_r12 = 0x4c");
    assert_eq!((l, r), (0x49, 0x4c));
}

/// A tls_index offset word off by one, and a module word that names the variable's TPOFF instead
/// of the image's, fail; so does a descriptor argument that holds DTPOFF instead of TPOFF.
#[test]
fn tls_wrong_dynamic_and_descriptor_checks_fail() {
    let (l, r) = tls_wrong_check(
        "tls_gd.s",
        "*{8}(got_addr(tls_gd.o, gd_x) + 8) = 8",
        "*{8}(got_addr(tls_gd.o, gd_x) + 8) = 9",
    );
    assert_eq!((l, r), (8, 9));
    let (l, r) = tls_wrong_check(
        "tls_gd.s",
        "*{8}got_addr(tls_gd.o, gd_x) = tpoff(ld_x)",
        "*{8}got_addr(tls_gd.o, gd_x) = tpoff(gd_x)",
    );
    assert_eq!((l, r), (0xffff_ffff_ffff_ff80, 0xffff_ffff_ffff_ff88));
    let (l, r) = tls_wrong_check(
        "tls_desc.s",
        "*{8}(got_addr(tls_desc.o, d_a) + 8) = tpoff(d_a)",
        "*{8}(got_addr(tls_desc.o, d_a) + 8) = dtpoff(d_a)",
    );
    assert_eq!((l, r), (0xffff_ffff_ffff_fff0, 8));
}

/// When every initial-exec reference to a variable is relaxed there is no GOT entry to name:
/// `got_addr` of it is an evaluation error, as is `tpoff` of a symbol that is not thread-local.
#[test]
fn tls_check_builtin_errors() {
    for (rule, why) in [
        (
            "*{8}got_addr(tls_ie.o, ie_a) = 0",
            "no GOT entry for \"ie_a\"",
        ),
        (
            "tpoff(main) = 0",
            "'main' is not a thread-local symbol of the link",
        ),
    ] {
        let (args, _check) = check_files::with_rules(DIR, "tls_ie.s", &[rule]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = run(&args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{rule}:\n{err}");
        assert!(!err.contains("panicked"), "rjitlink panicked:\n{err}");
        assert!(
            err.contains(&format!("Error evaluating expression '{rule}'")) && err.contains(why),
            "{rule}: expected {why:?} in:\n{err}"
        );
    }
}

/// TPOFF32 and DTPOFF32 one past their bounds (the in-range bounds link in tls_le.s and tls_gd.s):
/// (file, the error after `rjitlink: error: <object>: `).
const TLS_RANGE_ERRORS: &[(&str, &str)] = &[
    (
        "tls_err_tpoff32_hi.s",
        "section .text+0x5: R_X86_64_TPOFF32 against 'tv': value 0x80000000 out of range [-2GiB, 2GiB)",
    ),
    (
        "tls_err_tpoff32_lo.s",
        "section .text+0x5: R_X86_64_TPOFF32 against 'tv': value -0x80000001 out of range [-2GiB, 2GiB)",
    ),
    (
        "tls_err_dtpoff32_hi.s",
        "section .text+0x5: R_X86_64_DTPOFF32 against 'tv': value 0x80000000 out of range [-2GiB, 2GiB)",
    ),
    (
        "tls_err_dtpoff32_lo.s",
        "section .text+0x5: R_X86_64_DTPOFF32 against 'tv': value -0x80000001 out of range [-2GiB, 2GiB)",
    ),
];

/// Each input of [`TLS_RANGE_ERRORS`] fails its RUN line with exactly that one-line error, which its
/// `# Expected (exit 1):` header line states too.
#[test]
fn tls_one_past_the_range_bounds_fails() {
    for (file, why) in TLS_RANGE_ERRORS {
        let args = run_line(file, "rjitlink");
        let obj = args.last().expect("RUN line names the object").clone();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = run(&args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{file}:\n{err}");
        assert_eq!(err, format!("rjitlink: error: {obj}: {why}\n"), "{file}");
        let text = std::fs::read_to_string(asm_dir().join(file)).unwrap();
        let base = file.replace(".s", ".o");
        assert!(
            text.contains(&format!(
                "# Expected (exit 1): rjitlink: error: {base}: {why}\n"
            )),
            "{file}: the header states another error"
        );
    }
}

/// llvm-jitlink-22 cannot link any TLS file: it rejects R_X86_64_TPOFF32, GOTTPOFF, TLSLD,
/// DTPOFF32 and GOTPC32_TLSDESC (it links R_X86_64_TLSGD only its own way, a {0, &x} entry for the
/// process's __tls_get_addr, so no rule of tls_gd.s could be shared). This pins that refusal: when
/// a newer LLVM links one of them, its rules can become shared `# jitlink-check:` ones.
#[test]
fn differential_llvm_jitlink_rejects_tls() {
    let Some(llvm) = common::tool("llvm-jitlink-22") else {
        return;
    };
    let rejected = [
        ("tls_le.s", "R_X86_64_TPOFF32"),
        ("tls_ie.s", "R_X86_64_GOTTPOFF"),
        ("tls_gd.s", "R_X86_64_TLSLD"),
        ("tls_desc.s", "R_X86_64_GOTPC32_TLSDESC"),
        ("tls_err_tpoff32_hi.s", "R_X86_64_TPOFF32"),
        ("tls_err_tpoff32_lo.s", "R_X86_64_TPOFF32"),
        ("tls_err_dtpoff32_hi.s", "R_X86_64_DTPOFF32"),
        ("tls_err_dtpoff32_lo.s", "R_X86_64_DTPOFF32"),
    ];
    for (file, reloc) in rejected {
        let o = check_files::run_llvm(&llvm, &run_line(file, "rjitlink"));
        let err = stderr(&o);
        assert_eq!(
            o.status.code(),
            Some(1),
            "{file}: llvm-jitlink-22 linked it:\n{err}"
        );
        assert!(
            err.contains(&format!("Unsupported x86-64 relocation type {reloc}")),
            "{file}: llvm-jitlink-22 no longer rejects {reloc}:\n{err}"
        );
    }
}

/// -add-self-relocations gives a function's unrelocated RIP-relative references to itself an
/// edge (the lea and the mov in `f`, addend -4 as the assembler would have written), and only
/// those: the reference to g keeps its one relocation.
#[test]
fn self_relocations() {
    let obj = asm_dir().join("self_relocs.o");
    let obj = obj.to_str().unwrap();
    let edges = |extra: &[&str]| -> Vec<String> {
        let mut args = vec!["-noexec", "-show-graph"];
        args.extend(extra);
        args.push(obj);
        let o = run(&args);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        stdout(&o)
            .lines()
            .filter(|l| l.contains("kind = Delta32"))
            .map(|l| l.split_once(" (").map_or(l, |(_, rest)| rest).to_string())
            .collect()
    };
    assert_eq!(
        edges(&[]),
        ["block + 0x12), addend = -0x4, kind = Delta32, target = g"]
    );
    assert_eq!(
        edges(&["-add-self-relocations"]),
        [
            "block + 0xb), addend = -0x4, kind = Delta32, target = f",
            "block + 0x12), addend = -0x4, kind = Delta32, target = g",
            "block + 0x1a), addend = -0x4, kind = Delta32, target = f",
        ]
    );
}

/// A global defined in a non-allocated section is defined, without an address: its object
/// links, and a reference to it from code is an error saying why.
#[test]
fn noalloc_symbols() {
    let def = asm_dir().join("noalloc_def.o");
    let reference = asm_dir().join("noalloc_ref.o");
    let o = run(&["-noexec", def.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run(&[
        "-noexec",
        def.to_str().unwrap(),
        reference.to_str().unwrap(),
    ]);
    assert_eq!(
        stderr(&o),
        format!(
            "rjitlink: error: {}: section .text+0x3: R_X86_64_PC32 against 'noalloc_sym': target \
             is in a section that is not loaded (discarded COMDAT group or non-allocated \
             section)\n",
            reference.display()
        )
    );
    assert_eq!(o.status.code(), Some(1));
}
