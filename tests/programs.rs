//! Multi-object C programs from `testdata/programs/` (sources and `build.sh` there): each is
//! JIT-linked and run by `rjitlink`, and must print exactly what the same objects print when
//! linked by clang into a normal executable (`expected/<prog>.out`) and exit with the same status
//! (`expected/<prog>.status`).
mod common;

use std::path::Path;
use std::process::Output;
use std::time::Duration;

/// A program that runs longer than this is hung (they all finish in milliseconds).
const TIMEOUT: Duration = Duration::from_secs(60);

/// Runs `rjitlink args...` in the repository root, killing it after `TIMEOUT`.
fn run_in_root(args: &[&str]) -> Output {
    common::run_with_timeout(args, TIMEOUT)
}

fn expected(prog: &str) -> (String, i32) {
    common::expected_run(&common::testdata("programs/expected"), prog)
}

/// Links `inputs` (paths relative to the repository root, plus any options) and checks stdout
/// and the exit status against `expected/<prog>.*`.
#[track_caller]
fn check(prog: &str, inputs: &[&str]) {
    for input in inputs {
        if !input.starts_with('-') && input.contains('/') {
            assert!(
                Path::new(env!("CARGO_MANIFEST_DIR")).join(input).exists(),
                "missing test input {input}: run testdata/programs/build.sh"
            );
        }
    }
    let (want_out, want_status) = expected(prog);
    let o = run_in_root(inputs);
    common::assert_status(&o, want_status);
    assert_eq!(
        common::stdout(&o),
        want_out,
        "stdout of `rjitlink {}` differs from expected/{prog}.out\n--- stderr:\n{}",
        inputs.join(" "),
        common::stderr(&o)
    );
}

const P: &str = "testdata/programs";

#[test]
fn dispatch_function_tables_jump_table_static_local() {
    check(
        "dispatch",
        &[
            &format!("{P}/dispatch/main.o"),
            &format!("{P}/dispatch/ops.o"),
            &format!("{P}/dispatch/table.o"),
        ],
    );
}

#[test]
fn dispatch_nopic_absolute_relocations() {
    check(
        "dispatch",
        &[
            &format!("{P}/dispatch/nopic/main.o"),
            &format!("{P}/dispatch/nopic/ops.o"),
            &format!("{P}/dispatch/nopic/table.o"),
        ],
    );
}

#[test]
fn dispatch_with_archive() {
    check(
        "dispatch",
        &[
            &format!("{P}/dispatch/main.o"),
            &format!("{P}/dispatch/libdispatch.a"),
        ],
    );
}

#[test]
fn dispatch_with_dash_l_library() {
    check(
        "dispatch",
        &[
            &format!("{P}/dispatch/main.o"),
            "-L",
            &format!("{P}/dispatch"),
            "-l",
            "dispatch",
        ],
    );
}

#[test]
fn lifecycle_constructors_destructors_atexit_order() {
    check(
        "lifecycle",
        &[
            &format!("{P}/lifecycle/main.o"),
            &format!("{P}/lifecycle/early.o"),
            &format!("{P}/lifecycle/late.o"),
        ],
    );
}

#[test]
fn lifecycle_noexec_runs_no_constructors() {
    let o = run_in_root(&[
        "-noexec",
        &format!("{P}/lifecycle/main.o"),
        &format!("{P}/lifecycle/early.o"),
        &format!("{P}/lifecycle/late.o"),
    ]);
    common::assert_status(&o, 0);
    assert_eq!(
        common::stdout(&o),
        "",
        "-noexec must not run constructors, main or destructors"
    );
}

#[test]
fn symbols_weak_common_shared_literals() {
    check(
        "symbols",
        &[
            &format!("{P}/symbols/main.o"),
            &format!("{P}/symbols/weak.o"),
            &format!("{P}/symbols/strong.o"),
        ],
    );
}

#[test]
fn symbols_weak_definition_order_does_not_matter() {
    // The strong definitions come first here: the later weak ones must not replace them.
    check(
        "symbols",
        &[
            &format!("{P}/symbols/strong.o"),
            &format!("{P}/symbols/main.o"),
            &format!("{P}/symbols/weak.o"),
        ],
    );
}

#[test]
fn symbols_nopic_absolute_relocations() {
    check(
        "symbols",
        &[
            &format!("{P}/symbols/nopic/main.o"),
            &format!("{P}/symbols/nopic/weak.o"),
            &format!("{P}/symbols/nopic/strong.o"),
        ],
    );
}

#[test]
fn mathfmt_varargs_and_libm() {
    check(
        "mathfmt",
        &[
            &format!("{P}/mathfmt/main.o"),
            &format!("{P}/mathfmt/fmt.o"),
            &format!("{P}/mathfmt/geom.o"),
        ],
    );
}

/// Non-PIC code that reads a libc variable directly (clang turns `putchar` into
/// `putc(c, stdout)`, a PC32 load of `stdout`) cannot be linked in-process: a static link
/// would use a copy relocation, and the absolute 32-bit relocations in the same code force the
/// link below 2 GiB, out of reach of libc. The error must say so, naming the symbol.
#[test]
fn mathfmt_nopic_reading_libc_data_is_a_clear_error() {
    let o = common::run(&[
        &format!("{P}/mathfmt/nopic/main.o"),
        &format!("{P}/mathfmt/nopic/fmt.o"),
        &format!("{P}/mathfmt/nopic/geom.o"),
    ]);
    common::assert_error(&o, "R_X86_64_PC32 against 'stdout'");
    common::assert_error(&o, "compile the object with -fPIC or -fPIE");
    assert_eq!(
        common::stderr(&o).lines().count(),
        1,
        "one-line error expected"
    );
}

#[test]
fn args_after_double_dash_reach_main() {
    // argv[0] is the first input's path as given; the rest are passed verbatim, including ones
    // that look like options and an empty one. The exit status is argc.
    check(
        "args",
        &[
            &format!("{P}/args/main.o"),
            &format!("{P}/args/show.o"),
            "--",
            "alpha",
            "two words",
            "-x",
            "--flag=1",
            "",
        ],
    );
}

#[test]
fn args_without_double_dash_is_argv0_only() {
    let o = run_in_root(&[&format!("{P}/args/main.o"), &format!("{P}/args/show.o")]);
    common::assert_status(&o, 1);
    assert_eq!(
        common::stdout(&o),
        format!(
            "argc=1\nargv[0]=[{P}/args/main.o] len={}\nargv[argc] is NULL\n",
            format!("{P}/args/main.o").len()
        )
    );
}

/// The README's first command runs a bundled example with nothing but the repository (no
/// Debian package): its arguments are repository files, and it prints what the natively
/// linked program prints.
#[test]
fn readme_first_command_needs_only_the_repository() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("read README.md");
    let block = readme
        .split("```sh\n")
        .nth(1)
        .expect("a ```sh block in the README");
    let first = block.lines().next().expect("a first command");
    let args = first
        .strip_prefix("cargo run --release -- ")
        .unwrap_or_else(|| {
            panic!("the first command is not `cargo run --release -- ...`: {first}")
        });
    let args: Vec<&str> = args.split_whitespace().collect();
    for a in &args {
        assert!(
            a.starts_with("testdata/") && Path::new(env!("CARGO_MANIFEST_DIR")).join(a).is_file(),
            "{a}: the first command must use files of the repository only"
        );
    }
    check("dispatch", &args);
}

/// `__start_plugins`/`__stop_plugins` span the "plugins" sections of three objects, laid out
/// together and kept (nothing else refers to b.o's). llvm-jitlink-22 finds none of them.
#[test]
fn startstop_section_bounds() {
    check(
        "startstop",
        &[
            &format!("{P}/startstop/main.o"),
            &format!("{P}/startstop/a.o"),
            &format!("{P}/startstop/b.o"),
        ],
    );
}

/// `-jd NAME`: the inputs after it form JITDylib NAME, linked as a unit of its own before the
/// main one, which links against it (`-l NAME` names it, and is no library search); an
/// archive there gives the members the main unit needs. In-process and in the executor.
#[test]
fn jitdylibs_with_jd() {
    let main = format!("{P}/dispatch/main.o");
    let lib = format!("{P}/dispatch/libdispatch.a");
    let ops = format!("{P}/dispatch/ops.o");
    let table = format!("{P}/dispatch/table.o");
    check("dispatch", &[&main, "-ldispatch", "-jd", "dispatch", &lib]);
    check("dispatch", &[&main, "-jd", "dispatch", &ops, &table]);
    check(
        "dispatch",
        &["-oop-executor", &main, "-jd", "dispatch", &lib],
    );
}
