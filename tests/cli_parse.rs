//! Command-line parsing: llvm-jitlink's single-dash spelling, sizes and numbers.

mod common;

use std::ffi::OsString;

use rjitlink::cli::{parse, parse_number, parse_size, Parsed};

#[test]
fn sizes_and_numbers() {
    assert_eq!(parse_size("100Kb"), Ok(100 << 10));
    assert_eq!(parse_size("2Mb"), Ok(2 << 20));
    assert_eq!(parse_size("1Gb"), Ok(1 << 30));
    assert_eq!(parse_size("64"), Ok(64 << 10));
    assert!(parse_size("3Tb").is_err());
    assert_eq!(parse_number("0x10"), Ok(16));
    assert_eq!(parse_number("010"), Ok(8));
    assert_eq!(parse_number("0"), Ok(0));
    assert!(parse_number("zz").is_err());
}

#[test]
fn single_dash_long_options() {
    let args = [
        "rjitlink", "-noexec", "-abs=x=1", "-entry", "foo", "-lz", "a.o", "-args", "p", "-q",
    ];
    let Ok(Parsed::Run(opts)) = parse(args.iter().map(OsString::from)) else {
        panic!("parse failed")
    };
    assert!(opts.noexec);
    assert_eq!(opts.absolutes, vec![("x".to_string(), 1)]);
    assert_eq!(opts.entry.as_deref(), Some("foo"));
    assert_eq!(opts.libraries, vec!["z".to_string()]);
    assert_eq!(opts.inputs, vec!["a.o".to_string()]);
    assert_eq!(opts.program_args, vec!["p".to_string(), "-q".to_string()]);
    assert!(opts.llvm_args);
}

#[test]
fn llvm_jitlink_no_op_flags_are_accepted() {
    let args = [
        "rjitlink",
        "-num-threads=0",
        "-debugger-support",
        "-show-err-failed-to-materialize",
        "a.o",
    ];
    let Ok(Parsed::Run(opts)) = parse(args.iter().map(OsString::from)) else {
        panic!("parse failed")
    };
    assert_eq!(
        opts.inputs,
        vec!["a.o".to_string()],
        "a boolean flag must not take the next word"
    );
    assert_eq!(opts.num_threads, Some(0));
}

/// Every option in llvm-jitlink-22's `--help-hidden` is either understood or rejected with an
/// error that names it as unsupported, never clap's generic "unexpected argument".
#[test]
fn every_llvm_jitlink_option_is_known() {
    let Some(lj) = common::tool("llvm-jitlink-22") else {
        return;
    };
    let help = std::process::Command::new(lj)
        .arg("--help-hidden")
        .output()
        .expect("run llvm-jitlink-22 --help-hidden");
    let help = String::from_utf8_lossy(&help.stdout).into_owned();
    let options: Vec<&str> = help
        .lines()
        .filter_map(|l| {
            let word = l.trim_start().split([' ', '=', '[']).next()?;
            (word.starts_with('-') && word.len() > 1 && l.starts_with("  ")).then_some(word)
        })
        .collect();
    assert!(options.len() > 40, "too few options found in:\n{help}");
    let valid = common::testdata("x86_64-elf/errors/valid.o");
    for option in options {
        let o = common::run(&[option, valid.to_str().unwrap(), "-noexec"]);
        let err = common::stderr(&o);
        assert!(
            !err.contains("unexpected argument"),
            "{option}: not recognized by name:\n{err}"
        );
        assert!(!err.contains("panicked"), "{option}:\n{err}");
    }
    let o = common::run(&["-sectcreate=a,b@f", valid.to_str().unwrap()]);
    common::assert_error(
        &o,
        "rjitlink: error: -sectcreate: llvm-jitlink option not supported by rjitlink (section creation from files)",
    );
}

/// The inputs and `-l` libraries after `-jd NAME` belong to that JITDylib; a `-l NAME` naming a
/// JITDylib is a link-order dependency, not a library.
#[test]
fn jd_takes_the_inputs_that_follow() {
    let args = [
        "rjitlink", "a.o", "-lFoo", "-jd", "Foo", "b.o", "-lm", "-jd=Bar", "c.o", "-lz",
    ];
    let Parsed::Run(opts) = parse(args.iter().map(OsString::from)).unwrap() else {
        panic!("not a run")
    };
    assert_eq!(opts.inputs, ["a.o"]);
    assert!(opts.libraries.is_empty(), "{:?}", opts.libraries);
    let jds: Vec<(&str, Vec<&str>, Vec<&str>)> = opts
        .jd_inputs
        .iter()
        .map(|j| {
            (
                j.name.as_str(),
                j.inputs.iter().map(String::as_str).collect(),
                j.libraries.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        jds,
        [
            ("Foo", vec!["b.o"], vec!["m"]),
            ("Bar", vec!["c.o"], vec!["z"])
        ]
    );
}
