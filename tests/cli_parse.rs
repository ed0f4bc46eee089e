//! Command-line parsing: llvm-jitlink's single-dash spelling, sizes and numbers.

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
