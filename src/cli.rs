//! The `rjitlink` command line: llvm-jitlink's options, spelled with one dash or two, with `=`
//! or a separate value; program arguments after `--` (argv[0] is the first input) or after
//! llvm-jitlink's `-args` (argv is exactly what follows).

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

use clap::Parser;

use crate::error::{Error, Result};

#[derive(Parser, Debug, Default)]
#[command(
    name = "rjitlink",
    version,
    about = "Links ELF and Mach-O relocatable objects and static archives (x86_64, aarch64) in memory and runs them",
    after_help = "Options may be spelled with one dash, as llvm-jitlink spells them (-noexec, -abs=x=1).\n\
                  Program arguments follow `--` (argv[0] is the first input) or `-args` (argv is exactly what follows)."
)]
pub struct Options {
    /// Object files (.o) and static archives (.a) to link; shared libraries (.so) are loaded.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<String>,

    /// Link and run checks, but do not run the entry point (the linked bytes are built only
    /// for -check and -show-relocated-section-contents; every fixup is still checked).
    #[arg(long)]
    pub noexec: bool,
    /// Entry point symbol [default: main, or _main for Mach-O].
    #[arg(long, value_name = "SYMBOL")]
    pub entry: Option<String>,
    /// Target triple, instead of the first input's.
    #[arg(long, value_name = "TRIPLE")]
    pub triple: Option<String>,

    /// Define an absolute symbol.
    #[arg(long = "abs", value_name = "NAME=ADDR", value_parser = parse_abs)]
    pub absolutes: Vec<(String, u64)>,
    /// Define ALIAS as another name for TARGET.
    #[arg(long = "alias", value_name = "ALIAS=TARGET", value_parser = parse_alias)]
    pub aliases: Vec<(String, String)>,
    /// Resolve otherwise unresolved symbols to address 0.
    #[arg(long)]
    pub phony_externals: bool,
    /// Do not resolve symbols against this process.
    #[arg(long)]
    pub no_process_syms: bool,
    /// Do not put thread-local storage in static TLS: link rjitlink's TLS runtime into the
    /// image instead, as for an executor without static TLS (general-dynamic, local-dynamic
    /// and descriptor code only).
    #[arg(long)]
    pub no_static_tls: bool,
    /// Put the inputs that follow in JITDylib NAME (llvm-jitlink's `-jd`): each JITDylib is
    /// linked as a unit of its own, before the command line's first (main) one, which links
    /// against the JITDylibs it names with `-l NAME`.
    #[arg(long = "jd", value_name = "NAME")]
    pub jd: Vec<String>,
    /// The other JITDylibs, in order of first mention: name, inputs, `-l` libraries (set from
    /// the positions of `-jd`, inputs and `-l`).
    #[arg(skip)]
    pub jd_inputs: Vec<JitDylib>,
    /// Link FILE (an object or archive) lazily: a file is linked on the first call of one of
    /// its functions, or with the first unit that refers to its data.
    #[arg(long, value_name = "FILE")]
    pub lazy: Vec<String>,
    /// Weak-link against FILE (a Mach-O dylib or a .tbd stub) that need not exist where the
    /// program runs: the names it exports are 0 when nothing defines them.
    #[arg(long = "weak_library", value_name = "FILE")]
    pub weak_libraries: Vec<PathBuf>,
    /// -weak_library for lib<NAME>.tbd or lib<NAME>.dylib, found in the -L directories.
    #[arg(long = "weak-l", value_name = "NAME")]
    pub weak_l: Vec<String>,
    /// Link library lib<NAME>.so or lib<NAME>.a.
    #[arg(short = 'l', value_name = "NAME")]
    pub libraries: Vec<String>,
    /// Add a directory to the library search path.
    #[arg(short = 'L', value_name = "DIR")]
    pub library_dirs: Vec<PathBuf>,
    /// Load every member of every static archive.
    #[arg(long = "all_load")]
    pub all_load: bool,

    /// Size of the memory reservation (units Kb, Mb, Gb; default unit Kb).
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub slab_allocate: Option<u64>,
    /// With -noexec: lay the link out at this target address.
    #[arg(long, value_name = "ADDR", value_parser = parse_number)]
    pub slab_address: Option<u64>,
    /// Page size used for layout.
    #[arg(long, value_name = "BYTES", value_parser = parse_number)]
    pub slab_page_size: Option<u64>,

    /// Verify the jitlink-check expressions in FILE.
    #[arg(long, value_name = "FILE")]
    pub check: Vec<PathBuf>,
    /// The prefix of check lines (`# NAME:`).
    #[arg(long, value_name = "NAME", default_value = "jitlink-check")]
    pub check_name: String,

    /// Print the addresses of symbols, sections, GOT entries and stubs.
    #[arg(long)]
    pub show_addrs: bool,
    /// Print section sizes before and after dead-stripping.
    #[arg(long)]
    pub show_sizes: bool,
    /// Print the time taken by each phase (on stderr).
    #[arg(long)]
    pub show_times: bool,
    /// Print each file linked, and why.
    #[arg(long)]
    pub show_linked_files: bool,
    /// Give each function's RIP-relative references to itself an edge (x86_64; llvm-jitlink's
    /// test option).
    #[arg(long, hide = true)]
    pub add_self_relocations: bool,
    /// Print each section's bytes after fixup.
    #[arg(long)]
    pub show_relocated_section_contents: bool,
    /// Print the link graph (sections, blocks, symbols, edges) after fixup.
    #[arg(long)]
    pub show_graph: bool,
    /// Like -show-graph, for the graphs (input files) whose name matches REGEX.
    #[arg(long, value_name = "REGEX")]
    pub show_graphs: Option<String>,

    /// Run the program in an executor started on a pipe pair [default PATH: rjitlink-executor
    /// next to rjitlink].
    #[arg(long = "oop-executor", value_name = "PATH", num_args = 0..=1, require_equals = true, default_missing_value = "")]
    pub oop_executor: Option<String>,
    /// Run the program in an executor listening on HOST:PORT
    /// (`rjitlink-executor listen=HOST:PORT`).
    #[arg(
        long = "oop-executor-connect",
        value_name = "HOST:PORT",
        conflicts_with = "oop_executor"
    )]
    pub oop_executor_connect: Option<String>,
    /// How the link reaches an executor's memory: `shared` (the executor's pages mapped here;
    /// the default for an executor rjitlink starts), `generic` or `simple-remote` (the image
    /// sent in `initialize`), `default`.
    #[arg(long, value_name = "KIND", hide = true)]
    pub use_memmgr: Option<String>,

    /// Threads for the parts of a large link that run in parallel (fixup); 0 or 1: one thread.
    /// The output is the same whatever the number.
    #[arg(long, value_name = "N", hide = true)]
    pub num_threads: Option<u32>,
    /// Accepted for llvm-jitlink compatibility (no GDB JIT registration yet).
    #[arg(long, value_name = "BOOL", hide = true, num_args = 0..=1, require_equals = true, default_missing_value = "true")]
    pub debugger_support: Option<String>,
    /// Write a perf jitdump of the code run in this process (names, bytes, unwind tables),
    /// for `perf inject --jit`: in `$JITDUMPDIR`, else `$HOME`, `/.debug/jit/llvm-IR-jit-*/`.
    #[arg(long)]
    pub perf_support: bool,
    /// Accepted for llvm-jitlink compatibility: every error is always shown.
    #[arg(long, hide = true)]
    pub show_err_failed_to_materialize: bool,

    /// The program's arguments (after `--` or `-args`).
    #[arg(skip)]
    pub program_args: Vec<String>,
    /// Whether arguments came with llvm-jitlink's `-args` (argv without a program name).
    #[arg(skip)]
    pub llvm_args: bool,
    /// Run as `llvm-jitlink` (see `driver::Face`): dumps and errors in llvm-jitlink's formats.
    #[arg(skip)]
    pub llvm_face: bool,
}

/// Long options, which llvm-jitlink also accepts with a single dash.
const LONG_OPTIONS: &[&str] = &[
    "noexec",
    "lazy",
    "weak_library",
    "weak-l",
    "jd",
    "add-self-relocations",
    "entry",
    "triple",
    "abs",
    "alias",
    "phony-externals",
    "no-process-syms",
    "no-static-tls",
    "all_load",
    "slab-allocate",
    "slab-address",
    "slab-page-size",
    "check",
    "check-name",
    "show-addrs",
    "show-sizes",
    "show-times",
    "show-linked-files",
    "show-relocated-section-contents",
    "show-graph",
    "show-graphs",
    "oop-executor",
    "oop-executor-connect",
    "use-memmgr",
    "num-threads",
    "debugger-support",
    "perf-support",
    "show-err-failed-to-materialize",
    "help",
    "version",
];

/// llvm-jitlink-22's options (`--help-hidden`) that rjitlink does not implement, with why: each
/// is an error that names it, not clap's "unexpected argument".
const UNSUPPORTED_LLVM_OPTIONS: &[(&str, &str)] = &[
    ("ObjC", "Objective-C archive loading"),
    ("harness", "test harness mode"),
    ("hidden-l", "hidden libraries"),
    ("load_hidden", "hidden archives"),
    (
        "orc-runtime",
        "the ORC runtime; rjitlink needs none: initializers, TLS and -lazy are its own",
    ),
    ("preload", "preloaded libraries"),
    ("record-lazy-execs", "recording lazy executions"),
    ("search-sys-lib", "system library search paths"),
    ("sectcreate", "section creation from files"),
    ("show-entry-es", "ExecutionSession dumps"),
    ("show-init-es", "ExecutionSession dumps"),
    ("speculate", "speculative compilation"),
    ("speculate-order", "speculative compilation"),
    ("symbolicate-with", "symbolication"),
    ("vtune-support", "VTune registration"),
    ("write-symtab", "symbol table output"),
    ("color", "colored output"),
    ("print-options", "LLVM option printing"),
    ("print-all-options", "LLVM option printing"),
];

/// The error for an llvm-jitlink option rjitlink does not implement (`arg` as given).
fn unsupported(arg: &str) -> Option<Error> {
    let body = arg.trim_start_matches('-');
    let name = body.split('=').next().unwrap_or(body);
    if arg.len() == body.len() {
        return None; // not an option
    }
    let &(_, what) = UNSUPPORTED_LLVM_OPTIONS.iter().find(|(n, _)| *n == name)?;
    Some(Error::new(format!(
        "-{name}: llvm-jitlink option not supported by rjitlink ({what})"
    )))
}

/// Outcome of parsing: options to run with, or text already printed (help, version).
pub enum Parsed {
    Run(Box<Options>),
    Exit(i32),
}

pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Parsed> {
    let mut args = args.into_iter();
    let mut normalized: Vec<OsString> = vec![args.next().unwrap_or_else(|| "rjitlink".into())];
    let mut program_args = Vec::new();
    let mut llvm_args = None;
    for arg in args.by_ref() {
        let text = arg.to_string_lossy();
        if text == "--" || text == "-args" || text == "--args" {
            llvm_args = Some(text != "--");
            break;
        }
        if let Some(e) = unsupported(&text) {
            return Err(e);
        }
        // llvm-jitlink's other spellings of help.
        if matches!(
            &*text,
            "-h" | "-help-list"
                | "--help-list"
                | "-help-list-hidden"
                | "--help-list-hidden"
                | "-help-hidden"
                | "--help-hidden"
        ) {
            normalized.push("--help".into());
            continue;
        }
        normalized.push(normalize(&arg));
    }
    for arg in args {
        program_args.push(
            arg.into_string()
                .map_err(|a| Error::new(format!("program argument {a:?} is not valid UTF-8")))?,
        );
    }
    use clap::{CommandFactory, FromArgMatches};
    let parsed = Options::command()
        .try_get_matches_from(normalized)
        .and_then(|m| Options::from_arg_matches(&m).map(|o| (o, m)));
    match parsed {
        Ok((mut opts, matches)) => {
            opts.program_args = program_args;
            opts.llvm_args = llvm_args == Some(true);
            split_jitdylibs(&mut opts, &matches);
            Ok(Parsed::Run(Box::new(opts)))
        }
        Err(e)
            if matches!(
                e.kind(),
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion
            ) =>
        {
            let _ = write!(std::io::stdout(), "{e}");
            Ok(Parsed::Exit(0))
        }
        Err(e) => {
            let rendered = e.to_string();
            let first = rendered.lines().next().unwrap_or("invalid command line");
            let msg = first.strip_prefix("error: ").unwrap_or(first);
            Err(Error::new(format!("{msg} (see rjitlink --help)")))
        }
    }
}

/// A JITDylib other than the main one (`-jd NAME` and the inputs and libraries after it).
#[derive(Debug, Default, Clone)]
pub struct JitDylib {
    pub name: String,
    pub inputs: Vec<String>,
    pub libraries: Vec<String>,
}

/// Moves the inputs and `-l` libraries that follow a `-jd NAME` into that JITDylib (in order
/// of the JITDylibs' first mention); the main JITDylib keeps those before the first `-jd`.
/// A `-l NAME` naming a JITDylib is a link-order dependency, not a library to search for.
fn split_jitdylibs(opts: &mut Options, matches: &clap::ArgMatches) {
    let Some(jd_at) = matches.indices_of("jd") else {
        return;
    };
    let jds: Vec<(usize, String)> = jd_at.zip(opts.jd.iter().cloned()).collect();
    for (_, name) in &jds {
        if !opts.jd_inputs.iter().any(|j| &j.name == name) {
            opts.jd_inputs.push(JitDylib {
                name: name.clone(),
                ..JitDylib::default()
            });
        }
    }
    let owner = |at: usize| {
        jds.iter()
            .rev()
            .find(|(j, _)| *j < at)
            .map(|(_, n)| n.clone())
    };
    let inputs: Vec<(usize, String)> = matches
        .indices_of("inputs")
        .map(|i| i.zip(std::mem::take(&mut opts.inputs)).collect())
        .unwrap_or_default();
    let libraries: Vec<(usize, String)> = matches
        .indices_of("libraries")
        .map(|i| i.zip(std::mem::take(&mut opts.libraries)).collect())
        .unwrap_or_default();
    for (at, input) in inputs {
        match owner(at) {
            Some(jd) => jd_of(opts, &jd).inputs.push(input),
            None => opts.inputs.push(input),
        }
    }
    for (at, lib) in libraries {
        if opts.jd_inputs.iter().any(|j| j.name == lib) {
            continue; // a JITDylib: linked first, and searched by link order
        }
        match owner(at) {
            Some(jd) => jd_of(opts, &jd).libraries.push(lib),
            None => opts.libraries.push(lib),
        }
    }
}

fn jd_of<'o>(opts: &'o mut Options, name: &str) -> &'o mut JitDylib {
    let i = opts
        .jd_inputs
        .iter()
        .position(|j| j.name == name)
        .unwrap_or(0);
    &mut opts.jd_inputs[i]
}

/// `-noexec` -> `--noexec`, `-abs=x=1` -> `--abs=x=1`; short options (`-lz`, `-L dir`) stay.
fn normalize(arg: &OsString) -> OsString {
    let Some(text) = arg.to_str() else {
        return arg.clone();
    };
    let Some(rest) = text.strip_prefix('-') else {
        return arg.clone();
    };
    if rest.starts_with('-') || rest.is_empty() {
        return arg.clone();
    }
    let name = rest.split('=').next().unwrap_or(rest);
    // Short options take their value attached (`-lz`, `-L/dir`); any other multi-letter
    // single-dash word is a long option, known or not (so errors name it whole).
    let short = matches!(rest.as_bytes()[0], b'l' | b'L') && !LONG_OPTIONS.contains(&name);
    if short || rest.len() == 1 {
        return arg.clone();
    }
    format!("-{text}").into()
}

fn parse_abs(s: &str) -> Result<(String, u64), String> {
    let (name, value) = s.split_once('=').ok_or("expected NAME=ADDR")?;
    if name.is_empty() {
        return Err("expected NAME=ADDR".into());
    }
    Ok((name.to_string(), parse_number(value)?))
}

fn parse_alias(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((a, t)) if !a.is_empty() && !t.is_empty() => Ok((a.to_string(), t.to_string())),
        _ => Err("expected ALIAS=TARGET".into()),
    }
}

/// Decimal, `0x` hex, or leading-`0` octal, as llvm-jitlink reads numbers.
pub fn parse_number(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let parsed = if let Some(hex) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        u64::from_str_radix(hex, 16)
    } else if s.len() > 1 && s.starts_with('0') {
        u64::from_str_radix(&s[1..], 8)
    } else {
        s.parse()
    };
    parsed.map_err(|_| format!("'{s}' is not a number"))
}

/// `100Kb`, `2Mb`, `1Gb`, or a bare number of kilobytes.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let lower = s.trim().to_ascii_lowercase();
    let split = if lower.starts_with("0x") {
        lower.len()
    } else {
        lower
            .find(|c: char| c.is_ascii_alphabetic())
            .unwrap_or(lower.len())
    };
    let (digits, unit) = lower.split_at(split);
    let n = parse_number(digits)?;
    let mult: u64 = match unit {
        "" | "kb" | "k" => 1 << 10,
        "mb" | "m" => 1 << 20,
        "gb" | "g" => 1 << 30,
        _ => return Err(format!("unknown size unit '{unit}' (use Kb, Mb or Gb)")),
    };
    n.checked_mul(mult)
        .ok_or_else(|| format!("size '{s}' is too large"))
}
