//! Mach-O `__compact_unwind` into `__unwind_info`: the table itself is pinned field by field in
//! `testdata/{x86_64,arm64}-macho/asm/compact_unwind.s` (`tests/macho_relocations.rs`, which
//! also runs llvm-jitlink-22 on it); here are the compact unwind base's bounds and the errors,
//! in both faces, against llvm-jitlink-22 where it words them.
mod common;

use common::{llvm_face, run_tool as run, stderr, testdata};
use std::path::Path;

const DIR: &str = "testdata/x86_64-macho/compact_unwind";

fn rjitlink() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_rjitlink"))
}

/// `-noexec` at a fixed slab, then `rest`.
fn slab<'a>(rest: &[&'a str]) -> Vec<&'a str> {
    common::fixed_slab("100Kb", "0x7fff00000000", rest)
}

fn object(name: &str) -> String {
    format!("{DIR}/{name}.o")
}

/// Fails with exactly `ours` under rjitlink's name and `llvm` under llvm-jitlink's.
#[track_caller]
fn fails_with(args: &[&str], ours: &str, llvm: &str) {
    let o = run(rjitlink(), args);
    assert_eq!(stderr(&o), format!("rjitlink: error: {ours}\n"));
    assert_eq!(o.status.code(), Some(1));
    let o = run(&llvm_face(), args);
    assert_eq!(stderr(&o), format!("llvm-jitlink error: {llvm}\n"));
    assert_eq!(o.status.code(), Some(1));
}

#[track_caller]
fn links(args: &[&str]) {
    let o = run(rjitlink(), args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// The base pinned above the code (as a JITDylib's shared header is when a link lands below
/// it): the end of the functions is reported first, as llvm-jitlink-22 does, with the same
/// words (and its double space) in the llvm-jitlink face.
#[test]
fn a_base_above_the_code_is_an_error() {
    let o = object("base_above");
    let args = slab(&[&o]);
    fails_with(
        &args,
        &format!(
            "{o}: __TEXT,__unwind_info: the end of the functions at 0x7fff00001001 is below the \
             compact unwind base, __jitlink$libunwind_dso_base (0xffff000000000000): the table's \
             offsets are 32-bit"
        ),
        &format!(
            "In {o} __TEXT,__unwind_info, delta to end of functions  0x7fff00001001 exceeds 32 bits"
        ),
    );
    // llvm-jitlink-22 says the same, but takes the end from the last function's symbol
    // (which its reader extends to the end of the block: 0x7fff00001002), rjitlink from the
    // record's length, the assembler's word for the function's extent.
    if let Some(lj) = common::tool("llvm-jitlink-22") {
        assert_eq!(
            stderr(&run(&lj, &args)),
            stderr(&run(&llvm_face(), &args)).replace("0x7fff00001001", "0x7fff00001002")
        );
    }
}

/// With no base in the link, the link's own header is the base (laid out first), at a high
/// slab address too; the header's bytes are checked in compact_unwind.s.
#[test]
fn the_links_own_header_is_the_base_at_any_address() {
    for addr in ["0x1000", "0x800000000000", "0xffffffff00000000"] {
        let cu = testdata("x86_64-macho/asm/compact_unwind.o");
        let cu = cu.to_str().unwrap();
        links(&[
            "-noexec",
            "-slab-allocate",
            "1Mb",
            "-slab-address",
            addr,
            "-slab-page-size",
            "4096",
            cu,
        ]);
    }
}

fn with_base(base: &str, file: &str) -> Vec<String> {
    slab(&[
        "-abs",
        &format!("__jitlink$libunwind_dso_base={base}"),
        &object(file),
    ])
    .into_iter()
    .map(String::from)
    .collect()
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// `-abs __jitlink$libunwind_dso_base=ADDR` pins the base. Every offset must be at or above it
/// and within 32 bits: two_functions.o's functions are at 0x7fff00001000 and 0x7fff00001001
/// (one byte each), so the base may be from 0x7fff00001002 - 0xffffffff up to 0x7fff00001000.
#[test]
fn offsets_from_the_base_are_unsigned_32_bit_exactly() {
    links(&strs(&with_base("0x7fff00001000", "two_functions")));
    links(&strs(&with_base("0x7ffe00001003", "two_functions")));
    let o = object("two_functions");
    fails_with(
        &strs(&with_base("0x7fff00001001", "two_functions")),
        &format!(
            "{o}: __TEXT,__unwind_info: function at 0x7fff00001000 is below the compact unwind \
             base, __jitlink$libunwind_dso_base (0x7fff00001001): the table's offsets are 32-bit"
        ),
        &format!(
            "In {o} __TEXT,__unwind_info, delta to function at 0x7fff00001000 exceeds 32 bits"
        ),
    );
    fails_with(
        &strs(&with_base("0x7ffe00001002", "two_functions")),
        &format!(
            "{o}: __TEXT,__unwind_info: the end of the functions at 0x7fff00001002 is more than \
             4 GiB above the compact unwind base, __jitlink$libunwind_dso_base (0x7ffe00001002): \
             the table's offsets are 32-bit"
        ),
        &format!(
            "In {o} __TEXT,__unwind_info, delta to end of functions  0x7fff00001002 exceeds 32 bits"
        ),
    );
}

/// The table's offsets at the upper bound: the first function 0xfffffffd above the base, the
/// end of the functions 0xffffffff (the index is at table offset 0x1c: no personalities).
#[test]
fn the_table_holds_offsets_up_to_the_bound() {
    let rules = std::env::temp_dir().join(format!("cu-bound-{}.s", std::process::id()));
    std::fs::write(
        &rules,
        "# jitlink-check: *{4}(section_addr(two_functions.o, __TEXT,__unwind_info) + 0x1c) = 0xfffffffd\n\
         # jitlink-check: *{4}(section_addr(two_functions.o, __TEXT,__unwind_info) + 0x28) = 0xffffffff\n",
    )
    .unwrap();
    let mut args = with_base("0x7ffe00001003", "two_functions");
    args.extend(["-check".into(), rules.to_str().unwrap().into()]);
    let o = run(rjitlink(), &strs(&args));
    std::fs::remove_file(&rules).ok();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// The personality's GOT entry is the lowest address compact_unwind.o's table refers to, at
/// 0x7fff00000078 when the base is absolute (the table then starts the slab).
#[test]
fn a_personality_below_the_base_is_an_error() {
    let file = testdata("x86_64-macho/asm/compact_unwind.o");
    let file = file.to_str().unwrap();
    let args = |base: &str| -> Vec<String> {
        slab(&[
            "-abs",
            &format!("__jitlink$libunwind_dso_base={base}"),
            file,
        ])
        .into_iter()
        .map(String::from)
        .collect()
    };
    links(&strs(&args("0x7fff00000078")));
    fails_with(
        &strs(&args("0x7fff00000079")),
        &format!(
            "{file}: __TEXT,__unwind_info: the GOT entry of a personality at 0x7fff00000078 is \
             out of 32-bit range of the compact unwind base, __jitlink$libunwind_dso_base \
             (0x7fff00000079)"
        ),
        &format!(
            "In {file} __TEXT,__unwind_info, personality at 0x7fff00000078 is out of 32-bit \
             delta range of compact-unwind base at 0x7fff00000079"
        ),
    );
}

/// Malformed records, each refused with the record and the reason; under the llvm-jitlink
/// name in llvm-jitlink-22's words (its typo included), compared with it where installed.
#[test]
fn malformed_records_are_errors() {
    let cases: [(&str, &str, &str); 5] = [
        (
            "not_whole_records",
            "section __LD,__compact_unwind: size 0x21 is not a multiple of the 32-byte compact \
             unwind record",
            "Error splitting compact unwind record in {o}: block at 0x2 has size 0x21 (not a \
             multiple of CU record size of 0x20)",
        ),
        (
            "no_function",
            "section __LD,__compact_unwind: compact unwind record at 0x0: no function pointer",
            "Error adding keep-alive edge for compact unwind record at 0x2: no outgoing target \
             edge at offset 0",
        ),
        (
            "external_function",
            "section __LD,__compact_unwind: compact unwind record at 0x0: describes \
             '_elsewhere', which this file does not define",
            "Error adding keep-alive edge for compact unwind record at 0x2: target _elsewhere \
             is an external symbol",
        ),
        (
            "dwarf_without_fde",
            "section __LD,__compact_unwind: compact unwind record at 0x0: its encoding says to \
             unwind by the FDE, but the function has none",
            "In {o}, compact unwind recard ot 0x2 needs DWARF, but no __TEXT,__eh_frame section \
             exists",
        ),
        (
            "stray_relocation",
            "section __LD,__compact_unwind: compact unwind record at 0x0: relocation at +0x8 is \
             in no field that takes one",
            "In {o}, compact unwind record at 0x2 has unrecognized edge at offset 0x8",
        ),
    ];
    let lj = common::tool("llvm-jitlink-22");
    for (name, ours, llvm) in cases {
        let o = object(name);
        let args = slab(&[&o]);
        fails_with(&args, &format!("{o}: {ours}"), &llvm.replace("{o}", &o));
        if let Some(lj) = &lj {
            assert_eq!(
                stderr(&run(lj, &args)),
                stderr(&run(&llvm_face(), &args)),
                "{name} vs llvm-jitlink-22"
            );
        }
    }
}

/// A personality index is two bits of the encoding: a fourth personality is refused.
/// (llvm-jitlink-22 takes four and writes the fourth's index into the LSDA bit.)
#[test]
fn a_fourth_personality_is_an_error() {
    let o = object("four_personalities");
    fails_with(
        &slab(&[&o]),
        &format!(
            "{o}: compact unwind record at 0x60: more than 3 personality functions in the link"
        ),
        &format!("In {o}, __compact_unwind contains too many personalities (max 3)"),
    );
}
