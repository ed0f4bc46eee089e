//! Real-world programs from `testdata/real/` (sources and `build.sh` there), JIT-linked against
//! Debian's static archives (libsqlite3.a, liblua5.4.a, libz.a) or libstdc++, run by `rjitlink`
//! and compared with what the same objects print when linked by clang into a normal executable.
//! A missing archive skips the test, or fails it under `CI=true`.
mod common;

use std::path::PathBuf;
use std::process::Output;
use std::time::Duration;

/// Generous: sqlite is a large archive and the tests may run unoptimized.
const TIMEOUT: Duration = Duration::from_secs(120);

const LIBDIR: &str = "/usr/lib/x86_64-linux-gnu";

/// Runs `rjitlink args...` in the repository root, killing it after `TIMEOUT`.
fn run_in_root(args: &[&str]) -> Output {
    common::run_with_timeout(args, TIMEOUT)
}

/// Runs `rjitlink inputs...` and checks stdout and status against `testdata/real/expected/<name>.*`.
#[track_caller]
fn check(name: &str, inputs: &[&str]) {
    let dir = common::testdata("real/expected");
    let want_out = std::fs::read_to_string(dir.join(format!("{name}.out")))
        .unwrap_or_else(|e| panic!("missing expected output for {name}: {e}"));
    let want_status: i32 = std::fs::read_to_string(dir.join(format!("{name}.status")))
        .unwrap_or_else(|e| panic!("missing expected status for {name}: {e}"))
        .trim()
        .parse()
        .expect("bad status file");
    let o = run_in_root(inputs);
    common::assert_status(&o, want_status);
    assert_eq!(
        common::stdout(&o),
        want_out,
        "stdout of `rjitlink {}` differs from testdata/real/expected/{name}.out\n--- stderr:\n{}",
        inputs.join(" "),
        common::stderr(&o)
    );
}

fn archive(name: &str) -> Option<PathBuf> {
    common::system_file(&format!("{LIBDIR}/{name}"))
}

#[test]
fn sqlite_in_memory_database() {
    let Some(lib) = archive("libsqlite3.a") else {
        return;
    };
    check(
        "sqlite_demo",
        &["testdata/real/sqlite_demo.o", lib.to_str().unwrap()],
    );
}

#[test]
fn sqlite_with_dash_l() {
    // -l sqlite3 finds libsqlite3.a (or libsqlite3.so, dlopen'ed) in the default search path.
    if archive("libsqlite3.a").is_none() {
        return;
    }
    check(
        "sqlite_demo",
        &["testdata/real/sqlite_demo.o", "-l", "sqlite3"],
    );
}

#[test]
fn lua_embedded_interpreter() {
    // liblua5.4.a marks its internal functions with STV_INTERNAL visibility.
    let Some(lib) = archive("liblua5.4.a") else {
        return;
    };
    check(
        "lua_demo",
        &["testdata/real/lua_demo.o", lib.to_str().unwrap()],
    );
}

#[test]
fn zlib_compress_roundtrip() {
    let Some(lib) = archive("libz.a") else {
        return;
    };
    check(
        "zlib_demo",
        &["testdata/real/zlib_demo.o", lib.to_str().unwrap()],
    );
}

#[test]
fn zlib_with_search_path_and_dash_l() {
    if archive("libz.a").is_none() {
        return;
    }
    check(
        "zlib_demo",
        &["testdata/real/zlib_demo.o", "-L", LIBDIR, "-l", "z"],
    );
}

/// Finds the libstdc++.so that `-l stdc++` resolves to (libstdc++-<N>-dev puts it in gcc's
/// library directory).
fn libstdcxx_dev() -> Option<PathBuf> {
    let gcc = PathBuf::from("/usr/lib/gcc/x86_64-linux-gnu");
    let found = std::fs::read_dir(&gcc).ok().and_then(|dirs| {
        dirs.filter_map(|d| d.ok())
            .map(|d| d.path().join("libstdc++.so"))
            .find(|p| p.exists())
    });
    found.or_else(|| common::system_file("/usr/lib/gcc/x86_64-linux-gnu/12/libstdc++.so"))
}

/// libffi's `unix64.o` has hand-written unwind records of odd sizes; a C++ exception thrown
/// afterwards walks the link's eh_frame table (a table with gaps crashes the unwinder).
#[test]
fn ffi_odd_unwind_records_and_a_cxx_exception() {
    let Some(ffi) = archive("libffi.a") else {
        return;
    };
    if libstdcxx_dev().is_none() {
        return;
    }
    check(
        "ffi_demo",
        &[
            "testdata/real/ffi_demo.o",
            ffi.to_str().unwrap(),
            "-l",
            "stdc++",
        ],
    );
}

#[test]
fn cxx_exceptions_static_objects_virtual_calls() {
    if libstdcxx_dev().is_none() {
        return;
    }
    check(
        "cxx_demo",
        &[
            "testdata/real/cxx_demo/main.o",
            "testdata/real/cxx_demo/shapes.o",
            "testdata/real/cxx_demo/registry.o",
            "-l",
            "stdc++",
        ],
    );
}

// ------------------------------------------------------------------------------------------
// Libraries with thread-local storage inside them (or in their C++ runtime): each program's
// header comment says which TLS model it exercises.

/// An archive in gcc 12's library directory (libstdc++.a, libgfortran.a, libquadmath.a).
fn gcc_archive(name: &str) -> Option<PathBuf> {
    common::system_file(&format!("/usr/lib/gcc/x86_64-linux-gnu/12/{name}"))
}

fn paths(files: &[Option<PathBuf>]) -> Option<Vec<String>> {
    files
        .iter()
        .map(|f| f.as_ref().map(|p| p.display().to_string()))
        .collect()
}

#[track_caller]
fn check_with(name: &str, files: &[Option<PathBuf>], extra: &[&str]) {
    let Some(files) = paths(files) else {
        return;
    };
    let obj = format!("testdata/real/{name}.o");
    let mut args = vec![obj.as_str()];
    args.extend(files.iter().map(String::as_str));
    args.extend(extra);
    check(name, &args);
}

/// MPFR's flags and exponent range: initial-exec and local-exec, a second thread starting from
/// the initial TLS image (the default range).
#[test]
fn mpfr_thread_local_flags_and_range() {
    check_with(
        "mpfr_demo",
        &[archive("libmpfr.a"), archive("libgmp.a")],
        &[],
    );
}

/// json-c's thread-local double format: local-dynamic.
#[test]
fn json_c_thread_local_double_format() {
    check_with("jsonc_demo", &[archive("libjson-c.a")], &[]);
}

/// libxml2 saving and parsing SCSU through ICU; ICU's std::call_once reads libstdc++'s
/// thread-locals initial-exec (the static libstdc++.a: general- and local-dynamic there).
#[test]
fn libxml2_through_icu_with_static_libstdcxx() {
    check_with(
        "xml_icu_demo",
        &[
            archive("libxml2.a"),
            archive("libicuuc.a"),
            archive("libicudata.a"),
            archive("libz.a"),
            archive("liblzma.a"),
            gcc_archive("libstdc++.a"),
        ],
        &[],
    );
}

/// The same with `-l stdc++`: libstdc++.so is loaded with its thread-locals in static TLS, so
/// ICU's initial-exec access to `std::__once_callable` works.
#[test]
fn libxml2_through_icu_with_dash_l_stdcxx() {
    if libstdcxx_dev().is_none() {
        return;
    }
    check_with(
        "xml_icu_demo",
        &[
            archive("libxml2.a"),
            archive("libicuuc.a"),
            archive("libicudata.a"),
            archive("libz.a"),
            archive("liblzma.a"),
        ],
        &["-l", "stdc++"],
    );
}

/// libjpeg-turbo's thread-local SIMD detection: local-dynamic, 109 relocations in jsimd.c.o.
#[test]
fn libjpeg_turbo_encode_decode_in_memory() {
    check_with("jpeg_demo", &[archive("libjpeg.a")], &[]);
}

/// LuaJIT throws Lua errors as DWARF exceptions from a thread-local _Unwind_Exception
/// (local-exec), through the VM's and this program's unwind tables.
#[test]
fn luajit_errors_unwind_from_a_thread_local_exception() {
    check_with("luajit_demo", &[archive("libluajit-5.1.a")], &[]);
}

/// libgfortran's I/O keeps the current unit in a thread-local (initial-exec, local-exec).
#[test]
fn gfortran_program_with_static_libgfortran() {
    check_with(
        "fortran_demo",
        &[gcc_archive("libgfortran.a"), gcc_archive("libquadmath.a")],
        &[],
    );
}

/// The Boehm collector (thread-local allocation: local-exec and initial-exec). It finds its
/// static roots with `dl_iterate_phdr`, and glibc knows nothing of JIT'd memory: the link gets
/// its own `dl_iterate_phdr`, which adds the link's read-write data as one more module, so
/// objects reachable only from the image's .data/.bss (the program's `static_tree`, libgc's own
/// `GC_threads` table) survive collections. libgc also refers to `_end`, which the link defines.
#[test]
fn boehm_gc_collects_with_threads() {
    check_with("gc_demo", &[archive("libgc.a")], &[]);
}
