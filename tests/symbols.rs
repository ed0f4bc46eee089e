//! Symbol rules: each program in `testdata/x86_64-elf/symbols/` returns a distinctive exit code
//! that proves one rule (the sources explain the arithmetic). The objects and archives are
//! committed, built by `testdata/x86_64-elf/build.sh`; the exit codes were confirmed by linking the
//! same objects with clang-22/ld.lld into ordinary executables.
mod common;

use common::{assert_error, assert_status, run, stdout, testdata};

/// Full path of `symbols/<name>`.
fn sym(name: &str) -> String {
    testdata("x86_64-elf/symbols")
        .join(name)
        .to_str()
        .unwrap()
        .to_string()
}

/// Runs rjitlink; every argument ending in `.o` or `.a` is taken from `symbols/`.
fn link(args: &[&str]) -> std::process::Output {
    let args: Vec<String> = args
        .iter()
        .map(|a| {
            if a.ends_with(".o") || a.ends_with(".a") {
                sym(a)
            } else {
                a.to_string()
            }
        })
        .collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run(&args)
}

// ---- strong beats weak ----

/// value() and wvar: weak in sw_weak.o, strong in sw_strong.o (22 + 20).
#[test]
fn strong_beats_weak_weak_first() {
    assert_status(&link(&["sw_main.o", "sw_weak.o", "sw_strong.o"]), 42);
}

#[test]
fn strong_beats_weak_strong_first() {
    assert_status(&link(&["sw_main.o", "sw_strong.o", "sw_weak.o"]), 42);
}

/// Only the weak definitions: 11 + 1.
#[test]
fn weak_alone_is_used() {
    assert_status(&link(&["sw_main.o", "sw_weak.o"]), 12);
}

/// The weak definitions live in the object that references them (and defines main): the strong
/// ones from sw_strong.o still win, in both orders.
#[test]
fn strong_beats_weak_in_referencing_object() {
    assert_status(&link(&["sw_self.o", "sw_strong.o"]), 42);
    assert_status(&link(&["sw_strong.o", "sw_self.o"]), 42);
    assert_status(&link(&["sw_self.o"]), 12);
}

// ---- duplicates ----

/// Two strong definitions of dup_fn: an error naming the symbol and both files.
#[test]
fn duplicate_strong_definitions() {
    let o = link(&["dup_main.o", "dup_a.o", "dup_b.o"]);
    assert_error(&o, "dup_fn");
    assert_error(&o, "dup_a.o");
    assert_error(&o, "dup_b.o");
}

// ---- names are bytes ----

/// Two functions whose names differ only in a byte that is not UTF-8 (`foo\xff1`, `foo\xfe1`)
/// are two symbols (1 + 2); read as lossy UTF-8 they were one, and a false duplicate.
#[test]
fn names_that_are_not_utf8_stay_distinct() {
    assert_status(&link(&["bytes_names.o"]), 3);
}

/// A name with a newline and a byte that is not UTF-8 is escaped in the one-line error.
#[test]
fn names_are_escaped_in_errors() {
    let o = link(&["control_name.o"]);
    assert_error(&o, "undefined symbol: 'bad\\nname\\xff' (referenced by ");
    assert_eq!(common::stderr(&o).lines().count(), 1);
}

// ---- common symbols ----

/// cbuf is `.comm cbuf,24,64` in common_a.o and `.comm cbuf,48,8` in common_b.o: one symbol,
/// 64-aligned, of size 48 (read back through an R_X86_64_SIZE32 in common_size.o).
/// Exit 1: two addresses; 2: misaligned; otherwise the size.
#[test]
fn common_largest_size_and_alignment() {
    assert_status(
        &link(&["common_main.o", "common_a.o", "common_b.o", "common_size.o"]),
        48,
    );
    assert_status(
        &link(&["common_main.o", "common_b.o", "common_a.o", "common_size.o"]),
        48,
    );
}

// ---- visibility ----

/// STV_HIDDEN (vis_hidden.o) and STV_INTERNAL (vis_internal.o, `.internal`) definitions are
/// visible to the other objects of the link: 30 + 4.
#[test]
fn hidden_and_internal_visibility() {
    assert_status(&link(&["vis_main.o", "vis_hidden.o", "vis_internal.o"]), 34);
}

// ---- COMDAT ----

/// The COMDAT group `foo` (a text and a data section) is in comdat_a.o (51) and comdat_b.o (62):
/// the first copy on the command line is kept whole, and both objects' callers use it.
#[test]
fn comdat_first_copy_kept() {
    assert_status(&link(&["comdat_main.o", "comdat_a.o", "comdat_b.o"]), 51);
    assert_status(&link(&["comdat_main.o", "comdat_b.o", "comdat_a.o"]), 62);
}

// ---- undefined symbols ----

/// One error that lists every missing name and the object that references it.
#[test]
fn undefined_symbols_all_listed() {
    let o = link(&["undef_main.o", "undef_other.o"]);
    for needle in [
        "missing_alpha",
        "missing_beta",
        "missing_gamma",
        "undef_main.o",
        "undef_other.o",
    ] {
        assert_error(&o, needle);
    }
    let err = common::stderr(&o);
    let lines: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("rjitlink: error: "))
        .collect();
    assert_eq!(lines.len(), 1, "expected one error, got:\n{err}");
}

// ---- -abs, -alias, -phony-externals, -no-process-syms ----

#[test]
fn abs_symbol() {
    assert_status(&link(&["-abs", "abs_marker=0x12345678", "abs_main.o"]), 71);
    // decimal works too
    assert_status(&link(&["-abs", "abs_marker=305419896", "abs_main.o"]), 71);
    // a different address is seen as different
    assert_status(&link(&["-abs", "abs_marker=0x12345679", "abs_main.o"]), 1);
}

#[test]
fn abs_symbol_missing_is_undefined() {
    assert_error(&link(&["abs_main.o"]), "abs_marker");
}

#[test]
fn alias() {
    assert_status(&link(&["-alias", "alias_fn=real_fn", "alias_main.o"]), 72);
}

#[test]
fn alias_missing_is_undefined() {
    assert_error(&link(&["alias_main.o"]), "alias_fn");
}

/// Unresolved non-weak externals (a variable and a function) become 0.
#[test]
fn phony_externals() {
    assert_status(&link(&["-phony-externals", "phony_main.o"]), 73);
}

#[test]
fn without_phony_externals_they_are_undefined() {
    let o = link(&["phony_main.o"]);
    assert_error(&o, "missing_var");
    assert_error(&o, "missing_fn");
}

/// puts resolves from the process by default...
#[test]
fn process_symbols() {
    let o = link(&["puts_main.o"]);
    assert_status(&o, 74);
    assert!(
        stdout(&o).contains("hello from puts"),
        "stdout: {}",
        stdout(&o)
    );
}

/// ...and is undefined with -no-process-syms.
#[test]
fn no_process_syms() {
    let o = link(&["-no-process-syms", "puts_main.o"]);
    assert_error(&o, "puts");
    assert!(!stdout(&o).contains("hello from puts"));
}

// ---- archives ----

/// Only the member defining the still-undefined used_fn is loaded (40); ar_extra.o (+5) and
/// ar_ctor.o (+7, or exit 99 from its constructor) define symbols ar_main.o already has (weak).
#[test]
fn archive_members_loaded_only_when_needed() {
    assert_status(&link(&["ar_main.o", "liblazy.a"]), 40);
}

/// -all_load loads ar_extra.o too, and its strong extra_fn beats ar_main.o's weak one (40 + 5).
#[test]
fn all_load() {
    assert_status(&link(&["-all_load", "ar_main.o", "liball.a"]), 45);
    assert_status(&link(&["ar_main.o", "liball.a"]), 40);
}

/// liba.a's a_fn needs libb.a's b_fn; archive order does not matter (b_fn + 1 = 83).
#[test]
fn archive_order_independent() {
    assert_status(&link(&["ord_main.o", "libb.a", "liba.a"]), 83);
    assert_status(&link(&["ord_main.o", "liba.a", "libb.a"]), 83);
}

/// -L DIR and -l NAME find DIR/libNAME.a.
#[test]
fn library_search() {
    let dir = sym("");
    assert_status(&link(&["ord_main.o", "-L", &dir, "-l", "a", "-l", "b"]), 83);
    assert_status(&link(&["ord_main.o", "-L", &dir, "-l", "b", "-l", "a"]), 83);
}

// ---- entry point and arguments ----

#[test]
fn default_entry_is_main() {
    assert_status(&link(&["entry.o"]), 85);
}

#[test]
fn entry_option() {
    assert_status(&link(&["-entry", "other", "entry.o"]), 84);
}

/// `rjitlink prog.o -- a b`: argv = [path of prog.o, "a", "b"], NULL-terminated; exit = argc.
#[test]
fn args_after_double_dash() {
    let prog = sym("argv.o");
    let o = run(&[&prog, "--", "a", "b"]);
    assert_status(&o, 3);
    let out = stdout(&o);
    let expected = format!("argc=3\nargv[0]={prog}\nargv[1]=a\nargv[2]=b\n");
    assert_eq!(out, expected);
}

/// `rjitlink prog.o -args a b`: like llvm-jitlink, argc = 2 and argv = ["a", "b"].
#[test]
fn args_option() {
    let o = link(&["argv.o", "-args", "a", "b"]);
    assert_status(&o, 2);
    assert_eq!(stdout(&o), "argc=2\nargv[0]=a\nargv[1]=b\n");
}

/// `__executable_start`, `_etext`/`etext`, `__data_start`/`data_start`, `_edata`,
/// `__bss_start`, `_end`/`end`: defined at the link's own segments, as a static linker defines
/// them for an executable (testdata/x86_64-elf/asm/boundaries.s).
#[test]
fn segment_boundary_symbols() {
    common::check_files::run_checks("x86_64-elf/asm", "boundaries.s");
}
