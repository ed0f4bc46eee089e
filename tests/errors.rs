//! Bad inputs and options: each must give exactly one `rjitlink: error: ...` line naming the
//! problem, exit 1, and never panic. Inputs are in `testdata/x86_64-elf/errors/` (built, and the
//! truncated/corrupt/non-object files generated, by `testdata/x86_64-elf/build.sh`).
mod common;

use common::{assert_error, fixed_slab, run, stderr, testdata};
use std::process::Output;

fn input(name: &str) -> String {
    testdata("x86_64-elf/errors")
        .join(name)
        .to_str()
        .unwrap()
        .to_string()
}

/// `assert_error` for every needle, plus: stderr is that one error line and nothing else.
#[track_caller]
fn assert_one_line_error(o: &Output, needles: &[&str]) {
    for needle in needles {
        assert_error(o, needle);
    }
    let err = stderr(o);
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "expected a one-line error, got:\n{err}");
    assert!(
        lines[0].starts_with("rjitlink: error: "),
        "error line does not start with the prefix:\n{err}"
    );
}

/// The committed valid object that the broken ones are derived from links and runs (exit 0).
#[test]
fn valid_object_links() {
    let o = run(&[&input("valid.o")]);
    common::assert_status(&o, 0);
}

#[test]
fn missing_file() {
    let o = run(&[&input("does_not_exist.o")]);
    assert_one_line_error(
        &o,
        &[&format!(
            "rjitlink: error: {}: no such file or directory",
            input("does_not_exist.o")
        )],
    );
}

/// The first 100 bytes of valid.o: the section header table is cut off.
#[test]
fn truncated_object() {
    let o = run(&[&input("truncated.o")]);
    assert_one_line_error(
        &o,
        &[&format!(
            "rjitlink: error: {}: malformed object: Invalid ELF section header offset/size/alignment",
            input("truncated.o")
        )],
    );
}

/// A valid ELF header, but two sections' sh_offset are 0xffff0000, past the end of the file.
#[test]
fn corrupt_section_offsets() {
    let o = run(&[&input("corrupt.o")]);
    assert_one_line_error(
        &o,
        &[&format!(
            "rjitlink: error: {}: malformed object: Invalid ELF section name offset",
            input("corrupt.o")
        )],
    );
}

/// A text file named like an object.
#[test]
fn not_an_object() {
    let o = run(&[&input("not_an_object.o")]);
    assert_one_line_error(
        &o,
        &[&format!(
            "rjitlink: error: {}: not an object file or archive (unrecognized file format)",
            input("not_an_object.o")
        )],
    );
}

/// `.reloc ., R_X86_64_TPOFF32, foo` with `foo` an ordinary variable: the message names the
/// type, the symbol and why.
#[test]
fn tpoff32_against_a_symbol_that_is_not_thread_local() {
    let o = run(&[&input("reloc_tpoff32.o")]);
    assert_one_line_error(
        &o,
        &[
            "reloc_tpoff32.o: section .data+0x0: R_X86_64_TPOFF32 against 'foo': thread-local relocation against a symbol that is not thread-local",
        ],
    );
}

/// `.reloc ., R_X86_64_CODE_4_GOTTPOFF, tls_var`: (APX) is an unsupported thread-local type.
#[test]
fn unsupported_relocation_code4_gottpoff() {
    let o = run(&[&input("reloc_code4_gottpoff.o")]);
    assert_one_line_error(
        &o,
        &[
            "reloc_code4_gottpoff.o",
            "section .data+0x0: unsupported thread-local relocation R_X86_64_CODE_4_GOTTPOFF",
        ],
    );
}

/// `leaq far(%rip)` in a slab at 0x10000 with far = 0x7f0000000000: the PC32 displacement does
/// not fit in 32 bits.
#[test]
fn pc32_out_of_range() {
    let object = input("pc32_range.o");
    let o = run(&fixed_slab(
        "100Kb",
        "0x10000",
        &["-abs", "far=0x7f0000000000", &object],
    ));
    assert_one_line_error(&o, &["out of range", "far"]);
}

/// A link fixed up in parallel (20k edges, see asm/parallel_fixup.s) with two out-of-range
/// references, in .text.f5 and .text.f1990: the error is the first in layout order, as when
/// fixing up on one thread, whichever run fails first.
#[test]
fn parallel_fixup_reports_the_first_error_in_layout_order() {
    let object = testdata("x86_64-elf/asm/parallel_fixup.o");
    for _ in 0..5 {
        let far = ["-abs", "far=0x7f0000000000", object.to_str().unwrap()];
        let o = run(&fixed_slab("1Mb", "0x10000", &far));
        assert_one_line_error(
            &o,
            &["parallel_fixup.o: section .text.f5+0x49: R_X86_64_PC32 against 'far': value 0x7efffffeee4d out of range [-2GiB, 2GiB)"],
        );
    }
}

/// Relocations converted in parallel runs (asm/parallel_relocs.s built with BAD): of two
/// unsupported entries, in the first run and the last, the error names the first, as on one
/// thread.
#[test]
fn parallel_relocations_report_the_first_error() {
    let object = testdata("x86_64-elf/asm/parallel_relocs_bad.o");
    let o = run(&["-noexec", object.to_str().unwrap()]);
    assert_one_line_error(
        &o,
        &["parallel_relocs_bad.o: section .text+0x1f4: unsupported relocation R_X86_64_COPY"],
    );
}

/// Local symbols read in parallel runs (asm/parallel_symbols.s, patched by build.sh): of two
/// that lie outside their section, in the first run and the second, the error names the first.
#[test]
fn parallel_symbols_report_the_first_error() {
    let object = testdata("x86_64-elf/asm/parallel_symbols_bad.o");
    let o = run(&["-noexec", object.to_str().unwrap()]);
    assert_one_line_error(
        &o,
        &["parallel_symbols_bad.o: symbol 'loc100' at 0x7fff0000 lies outside its section"],
    );
}

/// The same object links when far is within reach (so the failure above is about the range).
#[test]
fn pc32_in_range_links() {
    let object = input("pc32_range.o");
    let o = run(&fixed_slab(
        "100Kb",
        "0x10000",
        &["-abs", "far=0x7fff0000", &object],
    ));
    common::assert_status(&o, 0);
}

#[test]
fn bad_option() {
    let o = run(&["-no-such-option", &input("valid.o")]);
    assert_one_line_error(
        &o,
        &["rjitlink: error: unexpected argument '--no-such-option' found (see rjitlink --help)"],
    );
}

#[test]
fn missing_entry_symbol() {
    let o = run(&["-entry", "no_such_entry", &input("valid.o")]);
    assert_one_line_error(
        &o,
        &["rjitlink: error: entry point 'no_such_entry' not found"],
    );
}

/// `-l NAME` with no `libNAME.a` in any `-L` directory.
#[test]
fn missing_library() {
    let dir = testdata("x86_64-elf/errors");
    let o = run(&[
        &input("valid.o"),
        "-L",
        dir.to_str().unwrap(),
        "-l",
        "nosuchlib",
    ]);
    // The number of directories depends on the machine (-L, then the system's and gcc's).
    assert_one_line_error(
        &o,
        &["rjitlink: error: -lnosuchlib: library not found (searched "],
    );
    assert!(
        stderr(&o).ends_with(" directories for libnosuchlib.so and libnosuchlib.a)\n"),
        "{}",
        stderr(&o)
    );
}

/// The static TLS block for JIT'd code holds 65408 bytes for one link (the default
/// RJITLINK_STATIC_TLS of 65536, less the 128 reserved): a link that needs exactly that runs, in
/// this process and in rjitlink-executor (it writes and reads back the last word)...
#[test]
fn tls_at_the_static_limit_runs() {
    for how in [None, Some("-oop-executor")] {
        let mut args: Vec<&str> = how.into_iter().collect();
        let path = input("tls_at_limit.o");
        args.push(&path);
        let o = run(&args);
        common::assert_status(&o, 0);
    }
}

/// ...and one byte more is one clear error with both sizes and how to raise the limit.
#[test]
fn tls_over_the_static_limit_is_an_error() {
    let want = "thread-local storage of 65409 bytes does not fit the static TLS block for JIT'd code (65408 of 65536 bytes free); to raise the limit, rebuild rjitlink and rjitlink-executor with RJITLINK_STATIC_TLS=<bytes> (a multiple of 128)";
    let o = run(&[&input("tls_over_limit.o")]);
    assert_one_line_error(&o, &[want]);
    let o = run(&["-oop-executor", &input("tls_over_limit.o")]);
    assert_one_line_error(&o, &[&format!("reserving thread-local storage: {want}")]);
}

/// A thread-local variable aligned beyond the static TLS block's 128 bytes: one clear error,
/// in this process and in rjitlink-executor; `-noexec` (a static linker's layout) links it.
#[test]
fn tls_aligned_beyond_the_static_block_is_an_error() {
    let want = "thread-local storage needs alignment 256, but JIT'd TLS is aligned to at most 128";
    let o = run(&[&input("tls_overaligned.o")]);
    assert_one_line_error(&o, &[want]);
    let o = run(&["-oop-executor", &input("tls_overaligned.o")]);
    assert_one_line_error(&o, &[&format!("reserving thread-local storage: {want}")]);
    let o = run(&["-noexec", &input("tls_overaligned.o")]);
    common::assert_status(&o, 0);
}

/// Command-line objects are parsed in parallel, then joined in order: the error reported is
/// still the first one reading them one by one meets, whether it comes from parsing an object
/// (corrupt.o: a bad section name), from opening it (truncated.o) or from resolution (the
/// duplicate definition in dup_b.o).
#[test]
fn the_first_error_in_command_line_order_wins() {
    let sym = |name: &str| {
        testdata("x86_64-elf/symbols")
            .join(name)
            .to_str()
            .unwrap()
            .to_string()
    };
    let (main, a, b) = (sym("dup_main.o"), sym("dup_a.o"), sym("dup_b.o"));
    let duplicate =
        format!("{b}: duplicate definition of symbol 'dup_fn': defined in {a} and in {b}");
    for bad in ["corrupt.o", "truncated.o"] {
        let o = run(&[&main, &a, &b, &input(bad)]);
        assert_one_line_error(&o, &[&duplicate]);
    }
    let o = run(&[&main, &input("corrupt.o"), &a, &b]);
    assert_one_line_error(
        &o,
        &[&format!(
            "{}: malformed object: Invalid ELF section name offset",
            input("corrupt.o")
        )],
    );
    let o = run(&[&main, &input("truncated.o"), &a, &b]);
    assert_one_line_error(
        &o,
        &[&format!(
            "{}: malformed object: Invalid ELF section header offset/size/alignment",
            input("truncated.o")
        )],
    );
}

/// An edge keeps its offset in 32 bits: a relocation at 0x100000000 into a section is refused
/// by name, one at 0xffffffff is still linked.
#[test]
fn relocations_4_gib_into_a_section_are_refused() {
    let o = run(&["-noexec", &input("reloc_past_4gib.o")]);
    assert_one_line_error(
        &o,
        &[&format!(
            "{}: section .big+0x100000000: R_X86_64_64: relocations 4 GiB or more into a section are not supported",
            input("reloc_past_4gib.o")
        )],
    );
    common::assert_status(&run(&["-noexec", &input("reloc_below_4gib.o")]), 0);
}

/// A common symbol's alignment (its st_value) must be a power of two of 32 bits: 0x80000000 is
/// linked, 0x100000000 and 0xffffffff are refused by name.
#[test]
fn common_alignments_beyond_32_bits_or_not_powers_of_two_are_refused() {
    common::assert_status(&run(&["-noexec", &input("common_align_2g.o")]), 0);
    for (file, value, why) in [
        ("common_align_4g.o", "0x100000000", "beyond 32 bits"),
        ("common_align_odd.o", "0xffffffff", "not a power of two"),
    ] {
        let o = run(&["-noexec", &input(file)]);
        assert_one_line_error(
            &o,
            &[&format!(
                "{}: common symbol 'bigalign' has an alignment of {value}, {why}",
                input(file)
            )],
        );
    }
}

/// `bytes` written where the test can run it.
fn scratch(name: &str, bytes: &[u8]) -> String {
    let path = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("{}-{name}", std::process::id()));
    std::fs::write(&path, bytes).unwrap();
    path.display().to_string()
}

/// A symbol table whose header claims about 2^47 bytes (ELF) or 2^32 entries (Mach-O): a clean
/// error, not an attempt to make room for that many symbols before reading them (which
/// aborted the process, out of memory).
#[test]
fn a_symbol_count_beyond_the_file_is_an_error_not_an_allocation() {
    use object::read::elf::{FileHeader, SectionHeader};
    use object::LittleEndian as LE;
    let mut elf = std::fs::read(input("valid.o")).unwrap();
    let header = object::elf::FileHeader64::<LE>::parse(&*elf).unwrap();
    let shoff = header.e_shoff(LE) as usize;
    let symtab = header
        .section_headers(LE, &*elf)
        .unwrap()
        .iter()
        .position(|s| s.sh_type(LE) == object::elf::SHT_SYMTAB)
        .unwrap();
    let sh_size = shoff + symtab * 64 + 32;
    elf[sh_size..sh_size + 8].copy_from_slice(&0x7fff_ffff_ffffu64.to_le_bytes());
    let path = scratch("huge-symtab.o", &elf);
    let o = run(&["-noexec", &path]);
    assert_one_line_error(
        &o,
        &[&format!(
            "rjitlink: error: {path}: malformed object: Invalid ELF symbol table data"
        )],
    );

    let mut macho = std::fs::read(testdata("x86_64-macho/asm/got.o")).unwrap();
    // The load commands follow the 32-byte header; LC_SYMTAB's nsyms is at +12.
    let mut at = 32;
    while u32::from_le_bytes(macho[at..at + 4].try_into().unwrap()) != object::macho::LC_SYMTAB {
        at += u32::from_le_bytes(macho[at + 4..at + 8].try_into().unwrap()) as usize;
    }
    macho[at + 12..at + 16].copy_from_slice(&u32::MAX.to_le_bytes());
    let path = scratch("huge-symtab-macho.o", &macho);
    let o = run(&["-noexec", &path]);
    assert_one_line_error(
        &o,
        &[&format!(
            "rjitlink: error: {path}: malformed object: Invalid Mach-O symbol table offset or size"
        )],
    );
}
