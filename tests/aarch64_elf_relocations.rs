//! ELF aarch64 relocations, checked instruction by instruction with `-check` files.
//!
//! Each `testdata/aarch64-elf/asm/NAME.s` carries its own command line in a `# RUN: rjitlink ...`
//! comment and `# jitlink-check:` rules, which llvm-jitlink-22 passes too (see
//! `differential_llvm_jitlink`). Behaviour where rjitlink deliberately differs is in
//! `# rjitlink-check:` rules, run with `-check-name=rjitlink-check` (`branch_near.s`, `none.s`).
//! The objects are committed (built by `testdata/aarch64-elf/build.sh`), so only the differential
//! test needs LLVM.
mod common;

use common::check_files::{self, assert_llvm_passes, run_lines, run_llvm};

use common::{assert_error, run, stderr, testdata};

const DIR: &str = "aarch64-elf/asm";

/// The first `# RUN: <tool>` line of `asm/<file>`, expanded.
fn run_line(file: &str, tool: &str) -> Vec<String> {
    run_lines(DIR, file, tool).swap_remove(0)
}

/// Runs rjitlink with the RUN lines of `asm/<file>` and asserts that every check passed.
#[track_caller]
fn run_checks(file: &str) {
    check_files::run_checks(DIR, file)
}

/// R_AARCH64_CALL26 (bl) and R_AARCH64_JUMP26 (b) to defined functions: direct, ±, addend.
#[test]
fn branch26() {
    run_checks("branch26.s");
}

/// A BL to a target in the same link but 256 MiB away goes through a range-extension veneer
/// (the target's stub); llvm-jitlink-22 fails this link. rjitlink-only rules.
#[test]
fn veneer_for_a_target_in_the_link_beyond_128mib() {
    run_checks("veneer_in_link.s");
}

/// R_AARCH64_CONDBR19: b.cond, cbz, cbnz.
#[test]
fn condbr19() {
    run_checks("condbr19.s");
}

/// R_AARCH64_TSTBR14: tbz, tbnz (the bit-number fields survive).
#[test]
fn tstbr14() {
    run_checks("tstbr14.s");
}

/// R_AARCH64_LD_PREL_LO19 (ldr literal) and R_AARCH64_ADR_PREL_LO21 (adr, byte-granular).
#[test]
fn literal() {
    run_checks("literal.s");
}

/// R_AARCH64_ADR_PREL_PG_HI21, ADD_ABS_LO12_NC and LDST8/16/32/64/128_ABS_LO12_NC.
#[test]
fn page() {
    run_checks("page.s");
}

/// R_AARCH64_MOVW_UABS_G0_NC, G1_NC, G2_NC, G3.
#[test]
fn movw() {
    run_checks("movw.s");
}

/// R_AARCH64_ABS64, ABS32, PREL64, PREL32.
#[test]
fn data() {
    run_checks("data.s");
}

/// R_AARCH64_ADR_GOT_PAGE, LD64_GOT_LO12_NC, LD64_GOTPAGE_LO15 (and adrp _GLOBAL_OFFSET_TABLE_).
#[test]
fn got() {
    run_checks("got.s");
}

/// CALL26/JUMP26 to far `-abs` functions: through a 12-byte stub and an 8-byte GOT entry.
#[test]
fn stubs() {
    run_checks("stubs.s");
}

/// rjitlink-only: bl/b to an in-range `-abs` function are direct (the stub is only a
/// range-extension veneer); llvm-jitlink-22 always uses the stub.
#[test]
fn branch_near_is_direct() {
    let args = run_line("branch_near.s", "rjitlink");
    assert!(args.iter().any(|a| a == "-check-name=rjitlink-check"));
    run_checks("branch_near.s");
}

/// rjitlink-only: R_AARCH64_NONE is accepted and writes nothing (llvm-jitlink-22 rejects it).
#[test]
fn none_is_accepted() {
    let args = run_line("none.s", "rjitlink");
    assert!(args.iter().any(|a| a == "-check-name=rjitlink-check"));
    run_checks("none.s");
}

/// Runs `obj` (from `asm/`) with the RUN line of `file`, but with a check file holding `good`
/// (a true rule) and `bad`; asserts exit 1, that only `bad` is reported, and returns the two
/// values reported for it (left, right).
fn run_wrong_check(file: &str, good: &str, bad: &str) -> (u64, u64) {
    check_files::wrong_rule(DIR, file, good, bad)
}

/// A branch expectation one instruction off (the target + 4) fails, and the reported right-hand
/// word is the left-hand one plus one in imm26.
#[test]
fn wrong_branch_by_one_instruction_fails() {
    let (l, r) = run_wrong_check(
        "branch26.s",
        "*{4}call_fwd = ((callee_fwd - call_fwd) >> 2)[25:0] | 0x94000000",
        "*{4}call_fwd = (((callee_fwd + 4) - call_fwd) >> 2)[25:0] | 0x94000000",
    );
    assert_eq!(r, l + 1, "{l:#x} {r:#x}");
}

/// An ADRP expectation one page off fails (immhi:immlo read back from the word).
#[test]
fn wrong_adrp_by_one_page_fails() {
    let (l, r) = run_wrong_check(
        "page.s",
        "(((*{4}adrp_var)[23:5] << 2) | (*{4}adrp_var)[30:29]) = (var64[63:12] - adrp_var[63:12])[20:0]",
        "(((*{4}adrp_var)[23:5] << 2) | (*{4}adrp_var)[30:29]) = ((var64 + 0x1000)[63:12] - adrp_var[63:12])[20:0]",
    );
    assert_eq!(r, (l + 1) & 0x1f_ffff, "{l:#x} {r:#x}");
}

/// A MOVK expectation one bit off fails; abs_val's low half is 0xdef0, so the word is known.
#[test]
fn wrong_movw_by_one_bit_fails() {
    let (l, r) = run_wrong_check(
        "movw.s",
        "*{4}mov_g0 = (abs_val[15:0] << 5) | 0xf2800000",
        "*{4}mov_g0 = (abs_val[15:0] << 5) | 0xf2800020",
    );
    assert_eq!((l, r), (0xf29b_de00, 0xf29b_de20));
}

/// A scaled LDST64 offset expectation scaled by 4 instead of 8 fails.
#[test]
fn wrong_ldst64_scale_fails() {
    let (l, r) = run_wrong_check(
        "page.s",
        "*{4}ld64 = (var64[11:3] << 10) | 0xf9400001",
        "*{4}ld64 = (var64[11:2] << 10) | 0xf9400001",
    );
    assert_ne!(l, r);
    assert_eq!(l & 0xffc0_03ff, 0xf940_0001, "{l:#x}");
}

/// Wrong rules about an ABS64 word, a GOT entry and a stub's `br x16` fail with known values.
#[test]
fn wrong_data_got_and_stub_checks_fail() {
    let (l, r) = run_wrong_check(
        "data.s",
        "*{8}abs64_ext = ext64",
        "*{8}abs64_ext = ext64 + 1",
    );
    assert_eq!((l, r), (0x1234_5678_9abc_def0, 0x1234_5678_9abc_def1));
    let (l, r) = run_wrong_check(
        "got.s",
        "*{8}got_addr(got.o, ext_sym) = ext_sym",
        "*{8}got_addr(got.o, ext_sym) = ext_sym + 8",
    );
    assert_eq!((l, r), (0x1234_5678_9000, 0x1234_5678_9008));
    let (l, r) = run_wrong_check(
        "stubs.s",
        "*{8}got_addr(stubs.o, far_fn) = far_fn",
        "*{4}(stub_addr(stubs.o, far_fn) + 8) = 0xd61f0201",
    );
    assert_eq!((l, r), (0xd61f_0200, 0xd61f_0201));
}

fn error_obj(name: &str) -> String {
    testdata("aarch64-elf/errors")
        .join(name)
        .to_str()
        .unwrap()
        .to_string()
}

const ERROR_ARGS: &[&str] = &[
    "-noexec",
    "-slab-allocate",
    "100Kb",
    "-slab-address",
    "0x7fff00000000",
    "-slab-page-size",
    "4096",
    "-abs",
    "far_fn=0x123456789000",
];

fn link_error_input(name: &str) -> std::process::Output {
    let obj = error_obj(name);
    let mut args = ERROR_ARGS.to_vec();
    args.push(&obj);
    run(&args)
}

/// An LDST64_ABS_LO12_NC relocation on a 32-bit `ldr w0` is an instruction-class mismatch.
#[test]
fn ldst64_on_32bit_ldr_is_an_error() {
    let o = link_error_input("ldst64_on_ldr32.o");
    assert_error(
        &o,
        &format!(
            "rjitlink: error: {}: section .text+0x4: R_AARCH64_LDST64_ABS_LO12_NC against 'var': instruction 0xb9400000 is not an instruction of the class LoadStore64Lo12 applies to",
            error_obj("ldst64_on_ldr32.o")
        ),
    );
}

/// An LDST64_ABS_LO12_NC page offset that is not a multiple of 8 is an error.
#[test]
fn misaligned_ldst64_offset_is_an_error() {
    let o = link_error_input("ldst64_misaligned.o");
    assert_error(
        &o,
        &format!(
            "rjitlink: error: {}: section .text+0x4: R_AARCH64_LDST64_ABS_LO12_NC against 'var': value 0x4 is not a multiple of 8",
            error_obj("ldst64_misaligned.o")
        ),
    );
}

/// A conditional branch cannot reach a far `-abs` function (no veneer for CONDBR19).
#[test]
fn condbr19_out_of_range_is_an_error() {
    let o = link_error_input("condbr19_range.o");
    assert_error(
        &o,
        &format!(
            "rjitlink: error: {}: section .text+0x0: R_AARCH64_CONDBR19 against 'far_fn': value -0x6dcaa9877000 out of range [-1MiB, 1MiB)",
            error_obj("condbr19_range.o")
        ),
    );
}

/// R_AARCH64_MOVW_UABS_G2/G1/G0 (checked): the largest values each takes are written.
#[test]
fn movw_checked() {
    run_checks("movw_checked.s");
}

/// One past the largest value of MOVW_UABS_G0 (16 bits) and of G1 (32 bits) is a range error.
#[test]
fn movw_checked_out_of_range() {
    let obj = testdata("aarch64-elf/asm/movw_checked.o");
    let obj = obj.to_str().unwrap();
    for (abs32, abs16, want) in [
        ("0xffffffff", "0x10000", "section .text+0x10: R_AARCH64_MOVW_UABS_G0 against 'abs16': value 0x10000 out of range [0, 64KiB)"),
        ("0x100000000", "0xffff", "section .text+0xc: R_AARCH64_MOVW_UABS_G1 against 'abs32': value 0x100000000 out of range [0, 4GiB)"),
    ] {
        let a32 = format!("abs32={abs32}");
        let a16 = format!("abs16={abs16}");
        let o = run(&[
            "-noexec", "-slab-allocate", "100Kb", "-slab-address", "0x7fff00000000",
            "-slab-page-size", "4096", "-abs", "abs48=0x9abcdef01234", "-abs", &a32, "-abs", &a16, obj,
        ]);
        assert_error(&o, &format!("rjitlink: error: {obj}: {want}"));
    }
}

/// Files whose `# jitlink-check:` rules are shared with llvm-jitlink-22.
const LLVM_COMPATIBLE: &[&str] = &[
    "branch26.s",
    "condbr19.s",
    "tstbr14.s",
    "literal.s",
    "page.s",
    "movw.s",
    "data.s",
    "got.s",
    "stubs.s",
];

/// Differential: llvm-jitlink-22 accepts the same command lines and passes the same rules; for
/// branch_near.s it passes the `# llvm22-check:` rules that record where it differs (a stub for
/// in-range targets); it rejects none.s (R_AARCH64_NONE) and all three error inputs.
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
        "branch_near.s".to_string(),
        run_line("branch_near.s", "llvm-jitlink-22"),
    ));
    for (file, args) in runs {
        assert!(
            !args.iter().any(|a| a.contains("rjitlink-check")),
            "{file}: rjitlink-only checks given to llvm-jitlink"
        );
        assert_llvm_passes(&llvm, &args);
    }

    let none = run_llvm(&llvm, &run_line("none.s", "rjitlink"));
    assert_eq!(none.status.code(), Some(1));
    assert!(
        stderr(&none).contains("R_AARCH64_NONE"),
        "llvm-jitlink-22 no longer rejects R_AARCH64_NONE:\n{}",
        stderr(&none)
    );

    for name in [
        "ldst64_on_ldr32.o",
        "ldst64_misaligned.o",
        "condbr19_range.o",
    ] {
        let mut args: Vec<String> = ERROR_ARGS.iter().map(|s| s.to_string()).collect();
        args.push(error_obj(name));
        let o = run_llvm(&llvm, &args);
        assert_eq!(
            o.status.code(),
            Some(1),
            "llvm-jitlink-22 accepted {name}:\n{}",
            stderr(&o)
        );
    }
}

// Thread-local storage. The `tls_*.s` files are rjitlink-only (`# rjitlink-check:` rules, with the
// `tpoff`/`dtpoff` builtins): llvm-jitlink-22 rejects every one of these relocations (see
// `differential_llvm_jitlink_rejects_tls`). With -noexec the TLS image follows the 16-byte TCB as in
// an executable (variant I): TPOFF(x) = align_up(16, image alignment) + DTPOFF(x).

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

/// R_AARCH64_TLSLD_ADD_DTPREL_LO12, the checked form, at its upper bound (0xfff).
#[test]
fn tls_local_dynamic_lo12() {
    run_tls_checks("tls_ld_lo12.s");
}

/// R_AARCH64_TLSLE_ADD_TPREL_HI12, LO12, LO12_NC (64- and 32-bit ADDs, addends, NC wrapping) and
/// the image: .tdata then .tbss, TPOFF = 0x10 + DTPOFF, initial values in the template.
#[test]
fn tls_local_exec_add() {
    run_tls_checks("tls_le.s");
}

/// R_AARCH64_TLSLE_MOVW_TPREL_G2/G1/G0 (MOVZ, or MOVN of the inverted bits when negative; at their
/// exact signed 49/33/17-bit bounds) and G1_NC/G0_NC (MOVK); the image aligned to 64 starts 0x40
/// past the thread pointer.
#[test]
fn tls_local_exec_movw() {
    run_tls_checks("tls_le_movw.s");
}

/// R_AARCH64_TLSLE_LDST{8,16,32,64,128}_TPREL_LO12 and _NC, integer and FP/SIMD, scaled.
#[test]
fn tls_local_exec_ldst() {
    run_tls_checks("tls_le_ldst.s");
}

/// The checked local-exec kinds (ADD LO12 and HI12, LDSTn) and TLSLD_ADD_DTPREL_HI12 at exactly
/// their in-range bounds, 0 and 0xfff / 0xff0..0xffe / 0xffffff, with a 16 MiB .tbss.
#[test]
fn tls_local_exec_bounds() {
    run_tls_checks("tls_le_bounds.s");
}

/// R_AARCH64_TLSIE_ADR_GOTTPREL_PAGE21, TLSIE_LD64_GOTTPREL_LO12_NC, TLSIE_LD_GOTTPREL_PREL19: GOT
/// words holding TPOFF.
#[test]
fn tls_initial_exec() {
    run_tls_checks("tls_ie.s");
}

/// R_AARCH64_TLSDESC_ADR_PAGE21, LD64_LO12, ADD_LO12, CALL: descriptors {__rjitlink_tlsdesc_static,
/// TPOFF}; _TLS_MODULE_BASE_ at DTPOFF 0 with TLSLD_ADD_DTPREL_HI12 / LO12_NC.
#[test]
fn tls_descriptors() {
    run_tls_checks("tls_desc.s");
}

/// R_AARCH64_TLSGD_ADR_PAGE21 / ADD_LO12_NC (tls_index {TPOFF(image), DTPOFF}), `bl
/// __tls_get_addr` to the link's own, and TLS_DTPMOD64 / DTPREL64 / TPREL64 in data.
#[test]
fn tls_general_dynamic() {
    run_tls_checks("tls_gd.s");
}

/// Wrong-by-one rules about local-exec fail with the values they name: a HI12 immediate one too
/// big, TPOFF without the 16-byte TCB, the 64-aligned image placed at 0x10 instead of 0x40, a
/// negative G1 expected as MOVZ instead of MOVN, an LDST64 offset scaled by 4, the ADD LO12 at
/// its bound expected one lower.
#[test]
fn tls_wrong_local_exec_checks_fail() {
    let (l, r) = run_wrong_check(
        "tls_le.s",
        "*{4}le_hi = 0x91400000 | (tpoff(a_b16)[23:12] << 10)",
        "*{4}le_hi = 0x91400000 | ((tpoff(a_b16)[23:12] + 1) << 10)",
    );
    assert_eq!((l, r), (0x9140_4800, 0x9140_4c00));
    let (l, r) = run_wrong_check(
        "tls_le.s",
        "tpoff(a_d8) = dtpoff(a_d8) + 0x10",
        "tpoff(a_d8) = dtpoff(a_d8)",
    );
    assert_eq!((l, r), (0x10, 0));
    let (l, r) = run_wrong_check("tls_le_movw.s", "tpoff(m_a) = 0x40", "tpoff(m_a) = 0x10");
    assert_eq!((l, r), (0x40, 0x10));
    let (l, r) = run_wrong_check(
        "tls_le_movw.s",
        "*{4}mw_g1_neg = 0x92a001e3",
        "*{4}mw_g1_neg = 0xd2a001e3",
    );
    assert_eq!((l, r), (0x92a0_01e3, 0xd2a0_01e3));
    let (l, r) = run_wrong_check(
        "tls_le_ldst.s",
        "*{4}ld64 = 0xf9400001 | (tpoff(l_64)[11:3] << 10)",
        "*{4}ld64 = 0xf9400001 | (tpoff(l_64)[11:2] << 10)",
    );
    assert_eq!((l, r), (0xf942_e401, 0xf945_c801));
    let (l, r) = run_wrong_check(
        "tls_le_bounds.s",
        "*{4}add_lo_max = 0x913ffc00",
        "*{4}add_lo_max = 0x913ff800",
    );
    assert_eq!((l, r), (0x913f_fc00, 0x913f_f800));
}

/// Wrong rules about TLS GOT entries fail: an initial-exec word off by one, a descriptor argument
/// holding DTPOFF instead of TPOFF, a DTPREL HI12 one too big, a tls_index module word of 0
/// instead of TPOFF(image).
#[test]
fn tls_wrong_got_entry_checks_fail() {
    let (l, r) = run_wrong_check(
        "tls_ie.s",
        "*{8}got_addr(tls_ie.o, i_a) = 0x10",
        "*{8}got_addr(tls_ie.o, i_a) = 0x11",
    );
    assert_eq!((l, r), (0x10, 0x11));
    let (l, r) = run_wrong_check(
        "tls_desc.s",
        "*{8}(got_addr(tls_desc.o, d_a) + 8) = tpoff(d_a)",
        "*{8}(got_addr(tls_desc.o, d_a) + 8) = dtpoff(d_a)",
    );
    assert_eq!((l, r), (0x40, 0x20));
    let (l, r) = run_wrong_check(
        "tls_desc.s",
        "*{4}dtp_hi = 0x91401400",
        "*{4}dtp_hi = 0x91401800",
    );
    assert_eq!((l, r), (0x9140_1400, 0x9140_1800));
    let (l, r) = run_wrong_check(
        "tls_gd.s",
        "*{8}got_addr(tls_gd.o, g_y) = 0x10",
        "*{8}got_addr(tls_gd.o, g_y) = 0",
    );
    assert_eq!((l, r), (0x10, 0));
}

/// Inputs one past a range bound, misaligned, or with a relocation on an instruction of the wrong
/// class: (file, the error after `rjitlink: error: <object>: `).
const TLS_ERRORS: &[(&str, &str)] = &[
    (
        "tls_err_add_lo12_hi.s",
        "section .text+0x0: R_AARCH64_TLSLE_ADD_TPREL_LO12 against 'tv': value 0x1000 out of range [0, 4KiB)",
    ),
    (
        "tls_err_add_lo12_lo.s",
        "section .text+0x0: R_AARCH64_TLSLE_ADD_TPREL_LO12 against 'tv': value -0x1 out of range [0, 4KiB)",
    ),
    (
        "tls_err_add_hi12_hi.s",
        "section .text+0x0: R_AARCH64_TLSLE_ADD_TPREL_HI12 against 'tv': value 0x1000000 out of range [0, 16MiB)",
    ),
    (
        "tls_err_add_hi12_lo.s",
        "section .text+0x0: R_AARCH64_TLSLE_ADD_TPREL_HI12 against 'tv': value -0x1 out of range [0, 16MiB)",
    ),
    (
        "tls_err_ldst8_hi.s",
        "section .text+0x0: R_AARCH64_TLSLE_LDST8_TPREL_LO12 against 'tv': value 0x1000 out of range [0, 4KiB)",
    ),
    (
        "tls_err_ldst8_lo.s",
        "section .text+0x0: R_AARCH64_TLSLE_LDST8_TPREL_LO12 against 'tv': value -0x1 out of range [0, 4KiB)",
    ),
    (
        "tls_err_ldst64_hi.s",
        "section .text+0x0: R_AARCH64_TLSLE_LDST64_TPREL_LO12 against 'tv': value 0x1000 out of range [0, 4KiB)",
    ),
    (
        "tls_err_ldst128_hi.s",
        "section .text+0x0: R_AARCH64_TLSLE_LDST128_TPREL_LO12 against 'tv': value 0x1000 out of range [0, 4KiB)",
    ),
    (
        "tls_err_ldst64_nc_misaligned.s",
        "section .text+0x0: R_AARCH64_TLSLE_LDST64_TPREL_LO12_NC against 'tv': value 0x14 is not a multiple of 8",
    ),
    (
        "tls_err_ldst16_misaligned.s",
        "section .text+0x0: R_AARCH64_TLSLE_LDST16_TPREL_LO12 against 'tv': value 0x11 is not a multiple of 2",
    ),
    (
        "tls_err_movw_g0_hi.s",
        "section .text+0x0: R_AARCH64_TLSLE_MOVW_TPREL_G0 against 'tv': value 0x10000 out of range [-64KiB, 64KiB)",
    ),
    (
        "tls_err_movw_g0_lo.s",
        "section .text+0x0: R_AARCH64_TLSLE_MOVW_TPREL_G0 against 'tv': value -0x10001 out of range [-64KiB, 64KiB)",
    ),
    (
        "tls_err_movw_g1_hi.s",
        "section .text+0x0: R_AARCH64_TLSLE_MOVW_TPREL_G1 against 'tv': value 0x100000000 out of range [-4GiB, 4GiB)",
    ),
    (
        "tls_err_movw_g1_lo.s",
        "section .text+0x0: R_AARCH64_TLSLE_MOVW_TPREL_G1 against 'tv': value -0x100000001 out of range [-4GiB, 4GiB)",
    ),
    (
        "tls_err_movw_g2_hi.s",
        "section .text+0x0: R_AARCH64_TLSLE_MOVW_TPREL_G2 against 'tv': value 0x1000000000000 out of range [-256TiB, 256TiB)",
    ),
    (
        "tls_err_movw_g2_lo.s",
        "section .text+0x0: R_AARCH64_TLSLE_MOVW_TPREL_G2 against 'tv': value -0x1000000000001 out of range [-256TiB, 256TiB)",
    ),
    (
        "tls_err_dtprel_hi12_hi.s",
        "section .text+0x0: R_AARCH64_TLSLD_ADD_DTPREL_HI12 against 'tv': value 0x1000000 out of range [0, 16MiB)",
    ),
    (
        "tls_err_dtprel_hi12_lo.s",
        "section .text+0x0: R_AARCH64_TLSLD_ADD_DTPREL_HI12 against 'tv': value -0x1 out of range [0, 16MiB)",
    ),
    (
        "tls_err_hi12_without_lsl.s",
        "section .text+0x0: R_AARCH64_TLSLE_ADD_TPREL_HI12 against 'tv': instruction 0x91000000 is not an ADD (immediate) with LSL #12",
    ),
    (
        "tls_err_lo12_with_lsl.s",
        "section .text+0x0: R_AARCH64_TLSLE_ADD_TPREL_LO12 against 'tv': instruction 0x91400000 is not an ADD (immediate) without LSL #12",
    ),
    (
        "tls_err_add_on_ldr.s",
        "section .text+0x0: R_AARCH64_TLSLE_ADD_TPREL_LO12_NC against 'tv': instruction 0xf9400000 is not an ADD (immediate) instruction",
    ),
    (
        "tls_err_ldst64_on_ldr32.s",
        "section .text+0x0: R_AARCH64_TLSLE_LDST64_TPREL_LO12 against 'tv': instruction 0xb9400000 is not an instruction of the class TLSLELoadStore64Lo12 applies to",
    ),
    (
        "tls_err_ldst8_on_add.s",
        "section .text+0x0: R_AARCH64_TLSLE_LDST8_TPREL_LO12 against 'tv': instruction 0x91000000 is not an instruction of the class TLSLELoadStore8Lo12 applies to",
    ),
    (
        "tls_err_movw_g1_on_lsl0.s",
        "section .text+0x0: R_AARCH64_TLSLE_MOVW_TPREL_G1 against 'tv': instruction 0xd2800000 shifts by LSL #0 but the relocation selects bits 16..31",
    ),
    (
        "tls_err_movw_on_add.s",
        "section .text+0x0: R_AARCH64_TLSLE_MOVW_TPREL_G0_NC against 'tv': instruction 0x91000000 is not a MOVZ, MOVN or MOVK instruction",
    ),
    (
        "tls_err_dtprel_lo12_hi.s",
        "section .text+0x0: R_AARCH64_TLSLD_ADD_DTPREL_LO12 against 'tv': value 0x1000 out of range [0, 4KiB)",
    ),
    (
        "tls_err_ldst_dtprel_unsupported.s",
        "section .text+0x0: unsupported thread-local relocation R_AARCH64_TLSLD_LDST64_DTPREL_LO12",
    ),
    (
        "tls_err_not_tls.s",
        "section .text+0x0: R_AARCH64_TLSLE_ADD_TPREL_LO12_NC against 'tv_data': thread-local relocation against a symbol that is not thread-local",
    ),
];

/// Each input of [`TLS_ERRORS`] fails its RUN line with exactly that one-line error, which its
/// `# Expected (exit 1):` header line states too.
#[test]
fn tls_range_alignment_and_class_errors() {
    for (file, why) in TLS_ERRORS {
        let args = run_line(file, "rjitlink");
        let obj = args.last().expect("RUN line names the object").clone();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = run(&args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{file}:\n{err}");
        assert_eq!(err, format!("rjitlink: error: {obj}: {why}\n"), "{file}");
        let text = std::fs::read_to_string(testdata(DIR).join(file)).unwrap();
        let base = file.replace(".s", ".o");
        assert!(
            text.contains(&format!(
                "# Expected (exit 1): rjitlink: error: {base}: {why}\n"
            )),
            "{file}: the header states another error"
        );
    }
}

/// llvm-jitlink-22 links none of the TLS files: without the ORC runtime it rejects every AArch64
/// TLS relocation type used here (and has no `__tlsdesc_resolver` for descriptors). This pins that
/// refusal (the first relocation it meets in each file): when a newer LLVM links one of them, its
/// rules can become shared `# jitlink-check:` ones.
#[test]
fn differential_llvm_jitlink_rejects_tls() {
    let Some(llvm) = common::tool("llvm-jitlink-22") else {
        return;
    };
    let mut rejected = vec![
        ("tls_le.s", "549: R_AARCH64_TLSLE_ADD_TPREL_HI12"),
        ("tls_le_movw.s", "544: R_AARCH64_TLSLE_MOVW_TPREL_G2"),
        ("tls_le_ldst.s", "552: R_AARCH64_TLSLE_LDST8_TPREL_LO12"),
        ("tls_le_bounds.s", "550: R_AARCH64_TLSLE_ADD_TPREL_LO12"),
        ("tls_ie.s", "541: R_AARCH64_TLSIE_ADR_GOTTPREL_PAGE21"),
        ("tls_desc.s", "528: R_AARCH64_TLSLD_ADD_DTPREL_HI12"),
        ("tls_gd.s", "513: R_AARCH64_TLSGD_ADR_PAGE21"),
        ("tls_ld_lo12.s", "529: R_AARCH64_TLSLD_ADD_DTPREL_LO12"),
    ];
    // The error inputs: the relocation of the failing instruction, as rjitlink's error names it.
    for (file, why) in TLS_ERRORS {
        let reloc = why
            .split_whitespace()
            .find(|w| w.starts_with("R_AARCH64_"))
            .unwrap();
        rejected.push((file, reloc));
    }
    for (file, reloc) in rejected {
        let o = run_llvm(&llvm, &run_line(file, "rjitlink"));
        let err = stderr(&o);
        assert_eq!(
            o.status.code(),
            Some(1),
            "{file}: llvm-jitlink-22 linked it:\n{err}"
        );
        assert!(
            err.contains("Unsupported aarch64 relocation:") && err.contains(reloc),
            "{file}: llvm-jitlink-22 no longer rejects {reloc}:\n{err}"
        );
    }
}
