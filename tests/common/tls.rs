//! The thread-local storage programs of `testdata/tls/` (see its README.txt): their inputs in
//! link order, read from the object lists of `testdata/tls/build.sh`, and their expected output.

use std::path::Path;

/// The TLS programs.
pub const PROGRAMS: [&str; 8] = [
    "basic",
    "basic_pic",
    "basic_desc",
    "models",
    "models_extra",
    "cxx_thread_local",
    "cxx_thread_local_shared",
    "tls_loop",
];

/// `cxx_thread_local` links the static libstdc++ (and on aarch64 libgcc, for the outline
/// atomics libstdc++.a calls): libstdc++.so's own thread-locals (`std::__once_callable`) are not
/// in static TLS when it is loaded at run time.
fn static_cxx_runtime(arch: &str) -> Option<Vec<String>> {
    let files: &[&str] = match arch {
        "x86_64" => &["/usr/lib/gcc/x86_64-linux-gnu/12/libstdc++.a"],
        _ => &[
            "/usr/lib/gcc-cross/aarch64-linux-gnu/12/libstdc++.a",
            "/usr/lib/gcc-cross/aarch64-linux-gnu/12/libgcc.a",
        ],
    };
    files
        .iter()
        .map(|f| super::system_file(f).map(|p| p.display().to_string()))
        .collect()
}

/// The objects of `prog` for `arch` (`x86_64`, `aarch64`), relative to the repository root,
/// in the order of build.sh's object lists.
pub fn objects(arch: &str, prog: &str) -> Vec<String> {
    let script = std::fs::read_to_string(super::testdata("tls/build.sh")).expect("build.sh");
    let list = if arch == "x86_64" {
        "X86_64_OBJECTS=("
    } else {
        "AARCH64_OBJECTS=("
    };
    let body = script
        .split_once(list)
        .and_then(|(_, rest)| rest.split_once("\n)"))
        .map(|(body, _)| body)
        .expect("object list in build.sh");
    let objs: Vec<String> = body
        .lines()
        .filter_map(|l| l.trim().strip_prefix('"'))
        .filter_map(|l| {
            let mut f = l.split('|');
            (f.next()? == prog)
                .then(|| format!("testdata/tls/{arch}/{prog}/{}.o", f.next().unwrap_or("")))
        })
        .collect();
    assert!(
        !objs.is_empty(),
        "no objects for {arch}/{prog} in testdata/tls/build.sh"
    );
    for o in &objs {
        assert!(
            Path::new(env!("CARGO_MANIFEST_DIR")).join(o).is_file(),
            "missing {o}: run testdata/tls/build.sh"
        );
    }
    objs
}

/// rjitlink's inputs and arguments for `prog`, or `None` (skipped) when a Debian file it needs
/// is missing outside CI.
pub fn inputs(arch: &str, prog: &str) -> Option<Vec<String>> {
    // `cxx_thread_local_shared`: the same program with libstdc++.so (`-l stdc++`), whose
    // thread-locals JIT'd initial-exec code must reach in static TLS.
    if prog == "cxx_thread_local_shared" {
        let dir = match arch {
            "x86_64" => "/usr/lib/gcc/x86_64-linux-gnu/12",
            _ => "/usr/lib/gcc-cross/aarch64-linux-gnu/12",
        };
        super::system_file(&format!("{dir}/libstdc++.so"))?;
        let mut v = objects(arch, "cxx_thread_local");
        v.extend(["-L".into(), dir.into(), "-l".into(), "stdc++".into()]);
        return Some(v);
    }
    let mut v = objects(arch, prog);
    match prog {
        "cxx_thread_local" => v.extend(static_cxx_runtime(arch)?),
        // The expected output is for 10^6 iterations in 2 threads.
        "tls_loop" => v.extend(["--".into(), "1000000".into(), "2".into()]),
        _ => {}
    }
    Some(v)
}

/// What `prog` prints and its exit status, natively linked.
pub fn expected(arch: &str, prog: &str) -> (String, i32) {
    let dir = super::testdata("tls/expected");
    let stem = match prog {
        "models_extra" => format!("{prog}.{arch}"),
        "cxx_thread_local_shared" => "cxx_thread_local".to_string(),
        _ => prog.to_string(),
    };
    super::expected_run(&dir, &stem)
}
