//! Snapshots of `-noexec -show-relocated-section-contents -show-graph` for each of the four
//! targets at a fixed slab address: a change in any relocated byte, edge or symbol shows up as
//! a diff in `snapshots/` (review with `cargo insta review`). Externals come from the host
//! process, but at a fixed slab address they get stand-in addresses, so the output does not
//! depend on the machine; each test also checks that two runs agree byte for byte.

mod common;

use common::assert_stable_snapshot;

fn snapshot(name: &str, dir: &str, objects: &[&str]) {
    let paths: Vec<String> = objects.iter().map(|o| format!("{dir}/{o}")).collect();
    let mut args: Vec<&str> = vec![
        "-noexec",
        "-slab-allocate",
        "1Mb",
        "-slab-address",
        "0x7fff00000000",
        "-slab-page-size",
        "16384",
        "-show-relocated-section-contents",
        "-show-graph",
    ];
    args.extend(paths.iter().map(String::as_str));
    assert_stable_snapshot(name, &args);
}

const DISPATCH: [&str; 3] = ["main.o", "ops.o", "table.o"];

#[test]
fn x86_64_elf() {
    snapshot(
        "relocated_x86_64_elf_dispatch",
        "testdata/programs/dispatch",
        &DISPATCH,
    );
}

#[test]
fn aarch64_elf() {
    snapshot(
        "relocated_aarch64_elf_dispatch",
        "testdata/cross/aarch64-linux-gnu/dispatch",
        &DISPATCH,
    );
}

#[test]
fn x86_64_macho() {
    snapshot(
        "relocated_x86_64_macho_dispatch",
        "testdata/cross/x86_64-apple-macosx/dispatch",
        &DISPATCH,
    );
}

#[test]
fn arm64_macho() {
    snapshot(
        "relocated_arm64_macho_dispatch",
        "testdata/cross/arm64-apple-macosx/dispatch",
        &DISPATCH,
    );
}

/// Thread-local storage at a fixed slab address: the TLS image (placed as a static linker
/// places an executable's), every thread-local symbol's image and thread-pointer offsets, the
/// TLS GOT entries and the relocated bytes of local-exec and initial-exec code.
fn tls_snapshot(name: &str, arch: &str, prog: &str, extra: &[&str]) {
    let objects = common::tls::objects(arch, prog);
    let mut args: Vec<&str> = vec![
        "-noexec",
        "-slab-allocate",
        "1Mb",
        "-slab-address",
        "0x7fff00000000",
        "-slab-page-size",
        "16384",
        "-show-addrs",
    ];
    args.extend(extra);
    args.extend(objects.iter().map(String::as_str));
    assert_stable_snapshot(name, &args);
}

#[test]
fn x86_64_elf_tls_basic() {
    tls_snapshot(
        "tls_x86_64_elf_basic",
        "x86_64",
        "basic",
        &["-show-relocated-section-contents"],
    );
}

#[test]
fn aarch64_elf_tls_basic() {
    tls_snapshot(
        "tls_aarch64_elf_basic",
        "aarch64",
        "basic",
        &["-show-relocated-section-contents"],
    );
}

/// Every model's GOT entries: TPOFF words, tls_index pairs, the module index, descriptors.
#[test]
fn x86_64_elf_tls_models() {
    tls_snapshot("tls_x86_64_elf_models", "x86_64", "models", &[]);
}

#[test]
fn aarch64_elf_tls_models() {
    tls_snapshot("tls_aarch64_elf_models", "aarch64", "models", &[]);
}
