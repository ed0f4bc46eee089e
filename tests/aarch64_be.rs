//! Big-endian AArch64 ELF (`aarch64_be`, BE8) under `-noexec`: data (pointers, deltas, GOT
//! entries, `.eh_frame`) is big-endian and instructions stay little-endian.
//!
//! `testdata/aarch64-elf/be/be.s` checks each kind of field in its own rules. Every check file
//! of `testdata/aarch64-elf/asm/` is also assembled big-endian (`be/asm/`, by the directory's
//! `build.sh`) and linked with its own RUN line: its instructions must be byte for byte those
//! of the little-endian link, and its rules must hold, except rules that load an instruction
//! word (`*{4}` reads memory in the target's byte order, so such a rule sees the same word
//! byte-swapped, and nothing else).
mod common;

use common::check_files::run_lines;
use common::{assert_status, run, stderr, stdout, testdata};

const ASM: &str = "aarch64-elf/asm";

/// The asm/ files with check rules (all of them but the error inputs).
const CHECK_FILES: [&str; 21] = [
    "branch26.s",
    "branch_near.s",
    "condbr19.s",
    "data.s",
    "got.s",
    "literal.s",
    "movw.s",
    "movw_checked.s",
    "none.s",
    "page.s",
    "stubs.s",
    "tls_desc.s",
    "tls_gd.s",
    "tls_ie.s",
    "tls_ld_lo12.s",
    "tls_le.s",
    "tls_le_bounds.s",
    "tls_le_ldst.s",
    "tls_le_movw.s",
    "tstbr14.s",
    "veneer_in_link.s",
];

/// `file`'s first RUN line with its object replaced by the big-endian twin.
fn big_endian_line(file: &str) -> Vec<String> {
    let stem = file.trim_end_matches(".s");
    let le = testdata(ASM)
        .join(format!("{stem}.o"))
        .display()
        .to_string();
    let be = testdata("aarch64-elf/be/asm")
        .join(format!("{stem}.o"))
        .display()
        .to_string();
    let mut line = run_lines(ASM, file, "rjitlink").swap_remove(0);
    let at = line
        .iter()
        .position(|a| *a == le)
        .expect("the RUN line names its object");
    line[at] = be;
    line
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

#[test]
fn be_s_checks_every_kind_of_field() {
    common::check_files::run_checks("aarch64-elf/be", "be.s");
}

/// `-show-relocated-section-contents` of `args` without its `-check` rules: the sections
/// holding instructions (text and stubs), by name.
fn instruction_sections(args: &[String]) -> Vec<(String, String)> {
    let mut args: Vec<&str> = strs(args);
    if let Some(at) = args.iter().position(|a| *a == "-check") {
        args.drain(at..at + 2);
    }
    args.retain(|a| !a.starts_with("-check-name"));
    args.push("-show-relocated-section-contents");
    let o = run(&args);
    assert_status(&o, 0);
    let out = stdout(&o);
    let mut sections = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in out.lines() {
        if let Some(name) = line.strip_suffix(" content:") {
            sections.extend(current.take());
            current = Some((name.to_string(), String::new()));
        } else if let Some((_, bytes)) = &mut current {
            bytes.push_str(line);
            bytes.push('\n');
        }
    }
    sections.extend(current);
    sections.retain(|(name, _)| name.starts_with(".text") || name == "$__STUBS");
    assert!(!sections.is_empty(), "no instructions in {args:?}");
    sections
}

/// (literal.s is left out: its `.text` holds the data its literal loads read, which differs
/// in byte order; its instructions are checked by its rules below.)
#[test]
fn big_endian_links_have_the_same_instructions() {
    for file in CHECK_FILES.into_iter().filter(|f| *f != "literal.s") {
        let le = run_lines(ASM, file, "rjitlink").swap_remove(0);
        let (be, le) = (
            instruction_sections(&big_endian_line(file)),
            instruction_sections(&le),
        );
        assert_eq!(
            be.iter().map(|(name, _)| name).collect::<Vec<_>>(),
            le.iter().map(|(name, _)| name).collect::<Vec<_>>(),
            "{file}"
        );
        for ((name, be), (_, le)) in be.iter().zip(&le) {
            let differs = be.lines().zip(le.lines()).find(|(b, l)| b != l);
            assert!(
                differs.is_none(),
                "{file}: {name}: {differs:?} (big-endian, little-endian)"
            );
        }
    }
}

/// (left, right) of each failed rule's report line.
fn failed_values(err: &str) -> Vec<(String, u64, u64)> {
    err.lines()
        .filter_map(|l| {
            let (rule, values) = l.rsplit_once(" is false: ")?;
            let (left, right) = values.split_once(" != ")?;
            let hex = |v: &str| u64::from_str_radix(v.trim_start_matches("0x"), 16).ok();
            Some((rule.to_string(), hex(left)?, hex(right)?))
        })
        .collect()
}

/// Each rule holds in the big-endian link, or fails only because it loads an instruction
/// word: the value loaded is the expected word byte-swapped. data.s (data only) and
/// veneer_in_link.s (which decodes its instructions) pass whole. tls_ld_lo12.s is left out:
/// its rules take bit fields of loaded instruction words, which a byte swap scrambles (its
/// instructions are compared above).
#[test]
fn big_endian_links_pass_the_same_rules_up_to_instruction_byte_order() {
    for file in CHECK_FILES.into_iter().filter(|f| *f != "tls_ld_lo12.s") {
        let line = big_endian_line(file);
        let o = run(&strs(&line));
        let err = stderr(&o);
        let failed = failed_values(&err);
        let whole = ["data.s", "veneer_in_link.s"].contains(&file);
        assert_eq!(failed.is_empty(), whole, "{file}:\n{err}");
        assert_eq!(
            o.status.code(),
            Some(if whole { 0 } else { 1 }),
            "{file}:\n{err}"
        );
        let other_lines = err
            .lines()
            .filter(|l| !l.contains(" is false: ") && !l.contains("some checks in"))
            .count();
        assert_eq!(other_lines, 0, "{file}: a rule failed otherwise:\n{err}");
        for (rule, left, right) in failed {
            assert!(
                left >> 32 == 0 && (left as u32).swap_bytes() == right as u32 && right >> 32 == 0,
                "{file}: {rule}: {left:#x} is not {right:#x} byte-swapped"
            );
        }
    }
}

fn be_object() -> String {
    testdata("aarch64-elf/be/be.o").display().to_string()
}

#[test]
fn big_and_little_endian_objects_do_not_mix() {
    let le = testdata("aarch64-elf/asm/data.o").display().to_string();
    let be = be_object();
    let o = run(&["-noexec", "-phony-externals", &le, &be]);
    assert_eq!(
        stderr(&o),
        format!("rjitlink: error: {be}: is for aarch64_be, but the link is for aarch64\n")
    );
    assert_status(&o, 1);
}

#[test]
fn big_endian_code_does_not_run_here() {
    let o = run(&["-phony-externals", &be_object()]);
    let host = std::env::consts::ARCH;
    assert_eq!(
        stderr(&o),
        format!(
            "rjitlink: error: cannot run aarch64_be code on this {host} host (use -noexec to \
             link without running)\n"
        )
    );
    assert_status(&o, 1);
}

/// Only AArch64 has a big-endian target: a big-endian header for another machine is refused
/// by name (be.o with its e_machine set to EM_X86_64).
#[test]
fn a_big_endian_object_for_another_machine_is_refused() {
    let mut bytes = std::fs::read(be_object()).unwrap();
    bytes[18..20].copy_from_slice(&62u16.to_be_bytes());
    let path = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("be-x86_64-{}.o", std::process::id()));
    std::fs::write(&path, bytes).unwrap();
    let path = path.display().to_string();
    let o = run(&["-noexec", &path]);
    std::fs::remove_file(&path).ok();
    assert_eq!(
        stderr(&o),
        format!("rjitlink: error: {path}: big-endian x86_64 objects are not supported\n")
    );
    assert_status(&o, 1);
}
