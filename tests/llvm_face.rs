//! The `llvm-jitlink` face: run under that name (a symlink, as lld picks its flavour), rjitlink
//! words errors and prints -show-graphs as llvm-jitlink-22 does, where lit tests and scripts
//! read them; under its own name it keeps its formats. Each output is pinned and, where
//! llvm-jitlink-22 is installed, compared with it.
mod common;

use common::{llvm_face, run_tool as run};

const SLAB: [&str; 7] = [
    "-noexec",
    "-slab-allocate",
    "100Kb",
    "-slab-address",
    "0x7fff00000000",
    "-slab-page-size",
    "4096",
];

/// `args` after the fixed slab.
fn slab(args: &[&'static str]) -> Vec<&'static str> {
    SLAB.iter().chain(args).copied().collect()
}

/// The same stderr and status as llvm-jitlink-22, and `want`.
#[track_caller]
fn check_error(args: &[&str], want: &str) {
    let o = run(&llvm_face(), args);
    assert_eq!(common::stderr(&o), want);
    assert_eq!(o.status.code(), Some(1));
    if let Some(lj) = common::tool("llvm-jitlink-22") {
        let theirs = run(&lj, args);
        assert_eq!(
            common::stderr(&o),
            common::stderr(&theirs),
            "vs llvm-jitlink-22"
        );
    }
}

#[test]
fn out_of_range_fixups_are_worded_as_llvm_jitlink_words_them() {
    check_error(
        &slab(&[
            "-abs",
            "far=0x123456789000",
            "testdata/x86_64-elf/errors/pc32_range.o",
        ]),
        "llvm-jitlink error: In graph testdata/x86_64-elf/errors/pc32_range.o, section .text: \
         relocation target 0x123456788ffc (far:0x123456789000 + 0xfffffffffffffffc) is out of \
         range of Delta32 fixup at address 0x123456789000 (main, 0x7fff00000000 + 0x3)\n",
    );
    check_error(
        &slab(&[
            "-abs",
            "far_fn=0x123456789000",
            "testdata/aarch64-elf/errors/condbr19_range.o",
        ]),
        "llvm-jitlink error: In graph testdata/aarch64-elf/errors/condbr19_range.o, section \
         .text: relocation target 0x123456789000 (far_fn) is out of range of CondBranch19PCRel \
         fixup at address 0x123456789000 (main, 0x7fff00000000 + 0x0)\n",
    );
}

#[test]
fn a_missing_entry_point_is_worded_as_llvm_jitlink_words_it() {
    check_error(
        &[
            "-noexec",
            "-entry",
            "nope",
            "testdata/x86_64-elf/errors/valid.o",
        ],
        "llvm-jitlink error: Symbols not found: [ nope ]\n",
    );
}

/// Under its own name the same error keeps rjitlink's wording.
#[test]
fn rjitlink_keeps_its_own_wording() {
    let args = slab(&[
        "-abs",
        "far=0x123456789000",
        "testdata/x86_64-elf/errors/pc32_range.o",
    ]);
    let o = common::run(&args);
    assert_eq!(
        common::stderr(&o),
        "rjitlink: error: testdata/x86_64-elf/errors/pc32_range.o: section .text+0x3: \
         R_X86_64_PC32 against 'far': value -0x6dcaa9877007 out of range [-2GiB, 2GiB)\n"
    );
}

/// -show-graphs in LinkGraph's dump format: every line rjitlink prints for the object's graph
/// is one llvm-jitlink-22 prints.
#[test]
fn show_graphs_in_linkgraph_format() {
    let args = slab(&["-show-graphs=.*", "testdata/x86_64-elf/errors/valid.o"]);
    let o = run(&llvm_face(), &args);
    let ours = common::stdout(&o);
    assert_eq!(
        ours,
        "Link graph \"testdata/x86_64-elf/errors/valid.o\" post-fixup:\n\
         LinkGraph \"testdata/x86_64-elf/errors/valid.o\" (triple = x86_64--)\n\
         section .text:\n\
         \n  block 0x7fff00000000 size = 0x00000003, align = 4, alignment-offset = 0\n\
         \x20   symbols:\n\
         \x20     0x7fff00000000 (block + 0x00000000): size: 0x00000003, linkage: strong, scope: default, live  -   main\n\
         \x20   no edges\n\n"
    );
    if let Some(lj) = common::tool("llvm-jitlink-22") {
        let theirs = common::stdout(&run(&lj, &args));
        for line in ours.lines().filter(|l| !l.is_empty()) {
            assert!(
                theirs.lines().any(|t| t == line),
                "{line:?} not in:\n{theirs}"
            );
        }
    }
}

/// -show-addrs as llvm-jitlink-22 prints it: the symbol and section lines, the target
/// addresses exact (the content ranges are where each linker holds the bytes).
#[test]
fn show_addrs_in_llvm_jitlink_format() {
    let args = slab(&["-show-addrs", "testdata/x86_64-elf/errors/valid.o"]);
    let ours = common::stdout(&run(&llvm_face(), &args));
    let upto_content = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| !l.contains("__jitlink_ELF_SYM_UND"))
            .map(|l| l.split(", content:").next().unwrap_or(l).to_string())
            .collect()
    };
    assert_eq!(
        upto_content(&ours),
        [
            "Registered addresses:",
            "Symbols:",
            "  \"main\" target addr = 0x00007fff00000000",
            "File \"valid.o\":",
            "  Section \".text\": target addr = 0x00007fff00000000",
        ]
    );
    assert!(ours.contains(" (3 bytes)\n"), "{ours}");
    if let Some(lj) = common::tool("llvm-jitlink-22") {
        let theirs = common::stdout(&run(&lj, &args));
        assert_eq!(upto_content(&ours), upto_content(&theirs));
    }
}
