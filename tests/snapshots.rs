//! Snapshots of `-noexec -show-addrs -show-sizes` at a fixed slab address, for the test
//! programs: any change in layout, symbol resolution, GOT/stub building or dead-stripping shows
//! up as a diff in `snapshots/` (review it with `cargo insta review`).

mod common;

use common::assert_stable_snapshot;

/// Where most snapshots are laid out: high, like a real mmap. Non-PIC code (absolute 32-bit
/// relocations) is laid out below 2 GiB instead.
const HIGH: &str = "0x7fff00000000";
const LOW: &str = "0x10000000";

fn snapshot(name: &str, inputs: &[&str]) {
    snapshot_at(name, HIGH, inputs)
}

fn snapshot_at(name: &str, slab_address: &str, inputs: &[&str]) {
    let mut args: Vec<&str> = vec![
        "-noexec",
        "-slab-allocate",
        "1Mb",
        "-slab-address",
        slab_address,
        "-slab-page-size",
        "4096",
    ];
    args.extend(["-show-addrs", "-show-sizes", "-show-linked-files"]);
    args.extend(inputs);
    assert_stable_snapshot(name, &args);
}

const P: &str = "testdata/programs";

#[test]
fn dispatch_with_archive() {
    snapshot(
        "x86_64_elf_dispatch",
        &[
            &format!("{P}/dispatch/main.o"),
            &format!("{P}/dispatch/libdispatch.a"),
        ],
    );
}

#[test]
fn dispatch_nopic() {
    snapshot_at(
        "x86_64_elf_dispatch_nopic",
        LOW,
        &[
            &format!("{P}/dispatch/nopic/main.o"),
            &format!("{P}/dispatch/nopic/ops.o"),
            &format!("{P}/dispatch/nopic/table.o"),
        ],
    );
}

#[test]
fn symbols_weak_and_common() {
    snapshot(
        "x86_64_elf_symbols",
        &[
            &format!("{P}/symbols/main.o"),
            &format!("{P}/symbols/weak.o"),
            &format!("{P}/symbols/strong.o"),
        ],
    );
}

#[test]
fn lifecycle_initializers() {
    snapshot(
        "x86_64_elf_lifecycle",
        &[
            &format!("{P}/lifecycle/main.o"),
            &format!("{P}/lifecycle/early.o"),
            &format!("{P}/lifecycle/late.o"),
        ],
    );
}

#[test]
fn cxx_exceptions_and_comdat() {
    snapshot(
        "x86_64_elf_cxx",
        &[
            "testdata/real/cxx_demo/main.o",
            "testdata/real/cxx_demo/shapes.o",
            "testdata/real/cxx_demo/registry.o",
            "-l",
            "stdc++",
        ],
    );
}
