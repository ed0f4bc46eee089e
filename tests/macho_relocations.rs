//! Mach-O relocations (x86_64 and arm64), checked with `-check` files, on a Linux host (`-noexec`).
//!
//! Each `testdata/{x86_64,arm64}-macho/asm/NAME.s` carries its command lines in `# RUN: rjitlink
//! ...` comments (every one is run) and `# jitlink-check:` rules, which llvm-jitlink-22 passes too
//! (`differential_*`). rjitlink-only behaviour is in `# rjitlink-check:` rules, run by a RUN line
//! with `-check-name=rjitlink-check`. Mach-O symbol names are raw (`_main`), which is also the
//! default entry point. The objects are committed (built by each directory's `build.sh`).
mod common;

use common::check_files::{self, assert_llvm_passes, run_checks, run_lines, run_llvm, with_rules};

use common::{run, stderr, stdout, testdata};
use std::path::Path;

const X86_64: &str = "x86_64-macho/asm";
const ARM64: &str = "arm64-macho/asm";

// ---- x86_64 ----

/// X86_64_RELOC_UNSIGNED: 64-bit extern and non-extern, 32-bit extern.
#[test]
fn x86_64_unsigned() {
    run_checks(X86_64, "unsigned.s");
}

/// rjitlink-only: 32-bit non-extern X86_64_RELOC_UNSIGNED (llvm-jitlink-22 rejects it).
#[test]
fn x86_64_unsigned_anon32() {
    let lines = run_lines(X86_64, "unsigned_anon32.s", "rjitlink");
    assert!(lines
        .iter()
        .all(|l| l.iter().any(|a| a == "-check-name=rjitlink-check")));
    run_checks(X86_64, "unsigned_anon32.s");
}

/// X86_64_RELOC_SIGNED, SIGNED_1, SIGNED_2, SIGNED_4 (extern and anonymous).
#[test]
fn x86_64_signed() {
    run_checks(X86_64, "signed.s");
}

/// X86_64_RELOC_BRANCH: direct to defined functions, stub + GOT for a far external, bypassed
/// stub for a near one.
#[test]
fn x86_64_branch() {
    run_checks(X86_64, "branch.s");
}

/// X86_64_RELOC_GOT_LOAD (relaxed to lea for a defined target) and X86_64_RELOC_GOT.
#[test]
fn x86_64_got() {
    run_checks(X86_64, "got.s");
}

/// X86_64_RELOC_SUBTRACTOR pairs: Delta64/32 and NegDelta64/32.
#[test]
fn x86_64_subtractor() {
    run_checks(X86_64, "subtractor.s");
}

/// Atoms: .subsections_via_symbols, N_ALT_ENTRY, weak definitions, no_dead_strip, literal
/// sections; and (rjitlink-only RUN line) __mod_init_func kept and fixed up under -noexec.
#[test]
fn x86_64_atoms() {
    let lines = run_lines(X86_64, "atoms.s", "rjitlink");
    assert_eq!(
        lines.len(),
        2,
        "atoms.s: shared and rjitlink-only RUN lines"
    );
    run_checks(X86_64, "atoms.s");
}

/// __compact_unwind into __unwind_info: the link's header as the base, merged entries, a
/// DWARF entry with its FDE's offset (the FDEs compact encodings cover are dropped), a
/// personality and an LSDA; llvm-jitlink-22 writes the same table.
#[test]
fn x86_64_compact_unwind() {
    assert_eq!(run_lines(X86_64, "compact_unwind.s", "rjitlink").len(), 2);
    run_checks(X86_64, "compact_unwind.s");
}

/// Thread-local variables: __thread_vars descriptors {__tlv_bootstrap, 0, $tlv$init data} as
/// data, __thread_data and __thread_bss, and X86_64_RELOC_TLV as a GOT load of the descriptor
/// (relaxed to lea for the descriptors in the link). rjitlink-only: llvm-jitlink-22 needs its
/// MachO platform for TLV edges (`differential_llvm_jitlink_x86_64`).
#[test]
fn x86_64_tlv() {
    let lines = run_lines(X86_64, "tlv.s", "rjitlink");
    assert!(lines
        .iter()
        .all(|l| l.iter().any(|a| a == "-check-name=rjitlink-check")));
    run_checks(X86_64, "tlv.s");
}

/// Wrong rules about a TLV descriptor (offset field one past the init data, thunk one past
/// __tlv_bootstrap) and about the relaxed TLV load (displacement from the end of the disp32 minus
/// one) fail with both values.
#[test]
fn x86_64_wrong_tlv_fails() {
    let (l, r) = run_wrong_check(
        X86_64,
        "tlv.s",
        "*{8}(_tlv_int + 16) = _tlv_int$tlv$init",
        "*{8}(_tlv_int + 16) = _tlv_int$tlv$init + 1",
    );
    assert_eq!((l, r), (0x7fff_0000_1008, 0x7fff_0000_1009));
    let (l, r) = run_wrong_check(
        X86_64,
        "tlv.s",
        "*{8}_tlv_zero = __tlv_bootstrap",
        "*{8}_tlv_zero = __tlv_bootstrap + 1",
    );
    assert_eq!((l, r), (0x7fff_5a5a_0000, 0x7fff_5a5a_0001));
    let (l, r) = run_wrong_check(
        X86_64,
        "tlv.s",
        "*{4}(_get_int + 3) = (_tlv_int - (_get_int + 7))[31:0]",
        "*{4}(_get_int + 3) = (_tlv_int - (_get_int + 6))[31:0]",
    );
    assert_eq!(r, (l + 1) & 0xffff_ffff, "{l:#x} {r:#x}");
    let (l, r) = run_wrong_check(
        X86_64,
        "tlv.s",
        "*{8}got_addr(tlv.o, _ext_tlv) = _ext_tlv",
        "*{8}got_addr(tlv.o, _ext_tlv) = _ext_tlv + 1",
    );
    assert_eq!((l, r), (0x1234_5678_9000, 0x1234_5678_9001));
}

/// Runs `good` and `bad` against the link of `<dir>/<file>`: exit 1, only `bad` reported, and
/// its two values (left, right) returned.
fn run_wrong_check(dir: &str, file: &str, good: &str, bad: &str) -> (u64, u64) {
    check_files::wrong_rule(dir, file, good, bad)
}

/// A SIGNED_4 displacement computed as if no immediate followed (end of the disp32 rather than
/// of the instruction) is 4 off, and fails.
#[test]
fn x86_64_wrong_signed4_fails() {
    let (l, r) = run_wrong_check(
        X86_64,
        "signed.s",
        "*{4}(_s4_ext + 2) = (_data - (_s4_ext + 10))[31:0]",
        "*{4}(_s4_ext + 2) = (_data - (_s4_ext + 6))[31:0]",
    );
    assert_eq!(r, l.wrapping_add(4) & 0xffff_ffff, "{l:#x} {r:#x}");
}

/// Wrong rules about a 64-bit UNSIGNED (known value) and a GOT entry fail with both values.
#[test]
fn x86_64_wrong_unsigned_and_got_fail() {
    let (l, r) = run_wrong_check(
        X86_64,
        "unsigned.s",
        "*{8}_p64_ext = _ext64",
        "*{8}_p64_neg = _ext64 - 0xf",
    );
    assert_eq!((l, r), (0x1234_5678_9abc_dee0, 0x1234_5678_9abc_dee1));
    let (l, r) = run_wrong_check(
        X86_64,
        "got.s",
        "*{8}got_addr(got.o, _ext_far) = _ext_far",
        "*{8}got_addr(got.o, _ext_far) = _ext_far + 1",
    );
    assert_eq!((l, r), (0x1234_5678_9000, 0x1234_5678_9001));
}

/// `_dead_local` (a non-global, unreferenced function under .subsections_via_symbols) is
/// dead-stripped: a rule naming it fails (exit 1) and the message names it.
#[test]
fn x86_64_dead_local_is_stripped() {
    let (args, _check) = with_rules(X86_64, "atoms.s", &["_dead_local = _dead_local"]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = run(&args);
    let all = format!("{}{}", stdout(&o), stderr(&o));
    assert_eq!(o.status.code(), Some(1), "{all}");
    assert!(all.contains("_dead_local"), "{all}");
    assert!(!all.contains("panicked"), "{all}");
}

// ---- arm64 ----

/// arm64's compact_unwind.s: FRAME, FRAMELESS and DWARF encodings, a personality and an LSDA;
/// llvm-jitlink-22 writes the same table at the same place.
#[test]
fn arm64_compact_unwind() {
    assert_eq!(run_lines(ARM64, "compact_unwind.s", "rjitlink").len(), 2);
    run_checks(ARM64, "compact_unwind.s");
}

/// A universal archive: the slice of the main object's CPU subtype (arm64e, not arm64) is
/// linked, named directly or found by -l.
#[test]
fn universal_archive_slice_selection() {
    let dir = common::testdata("arm64-macho/fat");
    let file = |n: &str| dir.join(n).display().to_string();
    let (check, main, lib) = (file("main.s"), file("main.o"), file("libX.a"));
    let dir = dir.display().to_string();
    for args in [
        vec!["-noexec", "-check", &check, &main, &lib],
        vec!["-noexec", "-check", &check, &main, "-L", &dir, "-lX"],
    ] {
        let o = common::run(&args);
        assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    }
}

/// `-weak_library` with a .tbd stub: what it exports resolves to 0 when nothing defines it;
/// without it the same name is undefined.
#[test]
fn arm64_weak_library() {
    run_checks(ARM64, "weak_import.s");
    let obj = common::testdata("arm64-macho/asm/weak_import.o");
    // -weak-l NAME finds libNAME.tbd in the -L directories.
    let dir = common::testdata("arm64-macho/asm");
    let o = common::run(&[
        "-noexec",
        "-L",
        dir.to_str().unwrap(),
        "-weak-l",
        "WeakImport",
        obj.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    let o = common::run(&["-noexec", obj.to_str().unwrap()]);
    common::assert_error(
        &o,
        &format!(
            "rjitlink: error: undefined symbol: '_foo' (referenced by {})",
            obj.display()
        ),
    );
}

/// `section$start$SEG$SECT` / `section$end$SEG$SECT` bound a section nothing else refers to.
#[test]
fn arm64_section_start_and_end() {
    run_checks(ARM64, "section_bounds.s");
}

/// ARM64_RELOC_UNSIGNED, 64- and 32-bit.
#[test]
fn arm64_unsigned() {
    run_checks(ARM64, "unsigned.s");
}

/// ARM64_RELOC_SUBTRACTOR pairs.
#[test]
fn arm64_subtractor() {
    run_checks(ARM64, "subtractor.s");
}

/// ARM64_RELOC_BRANCH26 (+ ADDEND): direct, and stub + GOT for a far external.
#[test]
fn arm64_branch26() {
    run_checks(ARM64, "branch26.s");
}

/// ARM64_RELOC_PAGE21 and PAGEOFF12 for add and every access size (+ ADDEND).
#[test]
fn arm64_page() {
    run_checks(ARM64, "page.s");
}

/// ARM64_RELOC_GOT_LOAD_PAGE21, GOT_LOAD_PAGEOFF12, POINTER_TO_GOT.
#[test]
fn arm64_got() {
    run_checks(ARM64, "got.s");
}

/// arm64 atoms (as x86_64_atoms); the call to the overridden weak function is direct in rjitlink
/// (rjitlink-only rule; llvm-jitlink-22 uses a stub).
#[test]
fn arm64_atoms() {
    let lines = run_lines(ARM64, "atoms.s", "rjitlink");
    assert_eq!(
        lines.len(),
        2,
        "atoms.s: shared and rjitlink-only RUN lines"
    );
    run_checks(ARM64, "atoms.s");
}

/// Thread-local variables on arm64: the descriptors and initial values as on x86_64, and
/// ARM64_RELOC_TLVP_LOAD_PAGE21 / TLVP_LOAD_PAGEOFF12 as GOT loads of the descriptor. Shared
/// rules, and an rjitlink-only RUN line for the reads of zero-fill memory.
#[test]
fn arm64_tlv() {
    let lines = run_lines(ARM64, "tlv.s", "rjitlink");
    assert_eq!(lines.len(), 2, "tlv.s: shared and rjitlink-only RUN lines");
    run_checks(ARM64, "tlv.s");
}

/// A TLVP load's LDR offset expected from the next GOT slot, and a descriptor's offset field
/// expected to point at the next variable's init data, fail.
#[test]
fn arm64_wrong_tlv_fails() {
    let (l, r) = run_wrong_check(
        ARM64,
        "tlv.s",
        "*{4}(_get_int + 4) = (got_addr(tlv.o, _tlv_int)[11:3] << 10) | 0xf9400000",
        "*{4}(_get_int + 4) = ((got_addr(tlv.o, _tlv_int) + 8)[11:3] << 10) | 0xf9400000",
    );
    // _tlv_int's GOT entry is the first of $__GOT, at the start of a page: imm12 0, not 1.
    assert_eq!((l, r), (0xf940_0000, 0xf940_0400));
    let (l, r) = run_wrong_check(
        ARM64,
        "tlv.s",
        "*{8}(_tlv_int + 16) = _tlv_int$tlv$init",
        "*{8}(_tlv_int + 16) = _tlv_quad$tlv$init",
    );
    assert_eq!((l, r), (0x7fff_0000_1008, 0x7fff_0000_1010));
}

/// `_dead_local` is dead-stripped on arm64 too.
#[test]
fn arm64_dead_local_is_stripped() {
    let (args, _check) = with_rules(ARM64, "atoms.s", &["_dead_local = _dead_local"]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = run(&args);
    let all = format!("{}{}", stdout(&o), stderr(&o));
    assert_eq!(o.status.code(), Some(1), "{all}");
    assert!(all.contains("_dead_local"), "{all}");
    assert!(!all.contains("panicked"), "{all}");
}

/// A BRANCH26 expectation one instruction off, and an ADRP one page off, fail.
#[test]
fn arm64_wrong_branch_and_page_fail() {
    let (l, r) = run_wrong_check(
        ARM64,
        "branch26.s",
        "*{4}_jump_fwd = ((_callee_fwd - _jump_fwd) >> 2)[25:0] | 0x14000000",
        "*{4}_jump_fwd = (((_callee_fwd + 4) - _jump_fwd) >> 2)[25:0] | 0x14000000",
    );
    assert_eq!(r, l + 1, "{l:#x} {r:#x}");
    let (l, r) = run_wrong_check(
        ARM64,
        "page.s",
        "(((*{4}_adrp_var)[23:5] << 2) | (*{4}_adrp_var)[30:29]) = (_var64[63:12] - _adrp_var[63:12])[20:0]",
        "(((*{4}_adrp_var)[23:5] << 2) | (*{4}_adrp_var)[30:29]) = ((_var64 + 0x1000)[63:12] - _adrp_var[63:12])[20:0]",
    );
    assert_eq!(r, (l + 1) & 0x1f_ffff, "{l:#x} {r:#x}");
}

/// A PAGEOFF12 on a 128-bit load expected unscaled (offset / 8 instead of / 16) fails.
#[test]
fn arm64_wrong_pageoff_scale_fails() {
    let (l, r) = run_wrong_check(
        ARM64,
        "page.s",
        "*{4}_ld128 = (_var128[11:4] << 10) | 0x3dc00000",
        "*{4}_ld128 = (_var128[11:3] << 10) | 0x3dc00000",
    );
    assert_ne!(l, r);
}

// ---- differential ----

/// llvm-jitlink-22 with each shared (`# jitlink-check:`) rjitlink RUN line of the files in
/// `dir`, and with each `# RUN: llvm-jitlink-22` line (the `# llvm22-check:` rules that record
/// where llvm-jitlink-22 differs).
fn differential(llvm: &Path, dir: &str, files: &[&str]) {
    for file in files {
        let mut lines: Vec<Vec<String>> = run_lines(dir, file, "rjitlink")
            .into_iter()
            .filter(|l| !l.iter().any(|a| a.contains("rjitlink-check")))
            .collect();
        assert!(!lines.is_empty(), "{file}: no shared RUN line");
        let text = std::fs::read_to_string(testdata(dir).join(file)).unwrap();
        if text.contains("# RUN: llvm-jitlink-22 ") {
            lines.extend(run_lines(dir, file, "llvm-jitlink-22"));
        }
        for args in lines {
            assert_llvm_passes(llvm, &args);
        }
    }
}

/// Differential, x86_64: the shared rules pass under llvm-jitlink-22; it rejects the 32-bit
/// non-extern UNSIGNED of unsigned_anon32.s, it cannot link tlv.s without its MachO platform
/// (the TLV edge reaches fixup untransformed), and it also has no address for `_dead_local`.
#[test]
fn differential_llvm_jitlink_x86_64() {
    let Some(llvm) = common::tool("llvm-jitlink-22") else {
        return;
    };
    differential(
        &llvm,
        X86_64,
        &[
            "unsigned.s",
            "signed.s",
            "branch.s",
            "got.s",
            "subtractor.s",
            "atoms.s",
            "compact_unwind.s",
        ],
    );

    let mut args = run_lines(X86_64, "unsigned_anon32.s", "rjitlink").remove(0);
    args.retain(|a| !a.starts_with("-check"));
    args.retain(|a| !a.ends_with(".s"));
    let o = run_llvm(&llvm, &args);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("Unsupported x86-64 relocation"),
        "{}",
        stderr(&o)
    );

    let mut args = run_lines(X86_64, "tlv.s", "rjitlink").remove(0);
    args.retain(|a| !a.starts_with("-check"));
    args.retain(|a| !a.ends_with(".s"));
    let o = run_llvm(&llvm, &args);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o)
            .contains("unsupported edge kind RequestTLVPAndTransformToPCRel32TLVPLoadREXRelaxable"),
        "{}",
        stderr(&o)
    );

    let (args, _check) = with_rules(X86_64, "atoms.s", &["_dead_local = _dead_local"]);
    let o = run_llvm(&llvm, &args);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("_dead_local"), "{}", stderr(&o));
}

/// Differential, arm64: the shared rules (and atoms.s's `# llvm22-check:` rules) pass under
/// llvm-jitlink-22, which also has no address for `_dead_local`. tlv.s's shared rules pass too
/// (llvm-jitlink-22 takes TLVP loads as GOT loads on arm64).
#[test]
fn differential_llvm_jitlink_arm64() {
    let Some(llvm) = common::tool("llvm-jitlink-22") else {
        return;
    };
    differential(
        &llvm,
        ARM64,
        &[
            "unsigned.s",
            "subtractor.s",
            "branch26.s",
            "page.s",
            "got.s",
            "atoms.s",
            "tlv.s",
            "compact_unwind.s",
        ],
    );

    let (args, _check) = with_rules(ARM64, "atoms.s", &["_dead_local = _dead_local"]);
    let o = run_llvm(&llvm, &args);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("_dead_local"), "{}", stderr(&o));
}
