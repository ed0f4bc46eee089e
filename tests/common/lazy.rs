//! The lazy-linking programs of `testdata/lazy/` (see its build.sh): `main.o` is eager, every
//! other unit goes after `-lazy`.

/// `main.o -lazy <unit>.o ...` of `prog`, its objects in `dir` (`testdata/lazy/<prog>`, or its
/// `aarch64/` subdirectory).
pub fn args(prog: &str, dir: &str) -> Vec<String> {
    let units: &[&str] = match prog {
        "calls" => &["a", "b", "c", "data"],
        "threads" => &["work"],
        "never" => &["unused"],
        "fails" => &["bad"],
        _ => panic!("unknown lazy program {prog}"),
    };
    let mut args = vec![format!("{dir}/main.o")];
    for u in units {
        args.push("-lazy".into());
        args.push(format!("{dir}/{u}.o"));
    }
    for a in &args {
        if a.ends_with(".o") {
            assert!(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join(a)
                    .exists(),
                "missing test input {a}: run testdata/lazy/build.sh"
            );
        }
    }
    args
}

/// rjitlink's stderr when `fails` (objects in `dir`) fails its lazy link: the unit, the
/// function whose first call linked it, the cause.
pub fn failure(dir: &str) -> String {
    format!(
        "rjitlink: error: {dir}/bad.o (-lazy), linked on the first call of 'bad_entry': \
         undefined symbol: 'missing_function' (referenced by {dir}/bad.o)\n"
    )
}
