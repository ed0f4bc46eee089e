//! How rjitlink runs programs: memory protections seen from inside the linked program, and the
//! in-process reservation size.

mod common;

use common::{assert_error, assert_status, run, stdout, testdata};

fn wx() -> String {
    testdata("runtime/wx.o").display().to_string()
}

/// The program reads /proc/self/maps: no mapping is writable and executable, and its code,
/// read-only data and data have exactly r-x, r-- and rw-.
#[test]
fn no_page_is_writable_and_executable() {
    let o = run(&[&wx()]);
    assert_status(&o, 0);
    assert_eq!(
        stdout(&o),
        "code r-x, read-only data r--, data rw-, writable+executable mappings: 0\n"
    );
}

#[test]
fn slab_allocate_sets_the_reservation() {
    let o = run(&["-slab-allocate", "64Mb", &wx()]);
    assert_status(&o, 0);
    let o = run(&["-slab-allocate=4Kb", &wx()]);
    assert_error(
        &o,
        "the link needs 12288 bytes but -slab-allocate reserves 4096",
    );
}

#[test]
fn slab_address_needs_noexec_and_slab_allocate() {
    assert_error(
        &run(&["-slab-address", "0x10000", "-slab-allocate", "1Mb", &wx()]),
        "-slab-address requires -noexec",
    );
    assert_error(
        &run(&["-noexec", "-slab-address", "0x10000", &wx()]),
        "-slab-address requires -slab-allocate",
    );
}

/// Code in the link that calls `dl_iterate_phdr` sees the link's own globals (.data and .bss)
/// in a reported PT_LOAD segment (the link's own `dl_iterate_phdr`, src/link/runtime/phdr.c),
/// in this process and in an executor (LLVM's too: the function is part of the image).
#[test]
fn dl_iterate_phdr_reports_the_links_data() {
    let prog = testdata("runtime/phdr.o").display().to_string();
    let want = ".data in a module: yes\n.bss in a module: yes\n";
    let o = run(&[&prog]);
    assert_status(&o, 0);
    assert_eq!(stdout(&o), want);
    let o = run(&["-oop-executor", &prog]);
    assert_status(&o, 0);
    assert_eq!(stdout(&o), want);
    if let Some(llvm) = common::tool("llvm-jitlink-executor-22") {
        let opt = format!("-oop-executor={}", llvm.display());
        let o = run(&[&opt, &prog]);
        assert_status(&o, 0);
        assert_eq!(stdout(&o), want);
    }
}
