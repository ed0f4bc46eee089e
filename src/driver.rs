//! What the `rjitlink` command does with its options: open inputs, link, report, check, run.

use std::ffi::OsString;
use std::io::Write;
use std::time::Instant;

use crate::arch;
use crate::check;
use crate::cli::{self, Options, Parsed};
use crate::error::{Error, Result};
use crate::exec::{ProcessSymbols, StandInSymbols};
use crate::link;
use crate::link::input::{Format, Inputs, LibraryRequest};
use crate::link::memory::host_page_size;
use crate::remote::launch;
use crate::remote::target::{RemoteSymbols, SharedMemory};
use crate::session::targets::{InProcessTarget, NoExecSymbols, NoExecTarget, RemoteTarget, Target};
use crate::session::{Session, Settings};
use crate::{dump, remote, report};
use std::cell::RefCell;
use std::rc::Rc;

/// Runs the command; returns the process exit status.
pub fn main(args: impl IntoIterator<Item = OsString>) -> i32 {
    let args: Vec<OsString> = args.into_iter().collect();
    let face = Face::of(args.first());
    let result = match cli::parse(args) {
        Ok(Parsed::Exit(code)) => Ok(code),
        Ok(Parsed::Run(mut opts)) => {
            opts.llvm_face = face == Face::LlvmJitlink;
            run(&opts)
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            let _ = std::io::stdout().flush();
            match face {
                Face::Rjitlink => eprintln!("rjitlink: error: {e}"),
                Face::LlvmJitlink => eprintln!("llvm-jitlink error: {}", e.llvm_message()),
            }
            1
        }
    }
}

/// Which tool rjitlink is, by the name it was run as (as lld picks its flavour): invoked as
/// `llvm-jitlink` (a symlink or a copy), it words its errors as llvm-jitlink-22 does, where
/// tests and scripts read them.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Face {
    Rjitlink,
    LlvmJitlink,
}

impl Face {
    pub fn of(argv0: Option<&OsString>) -> Face {
        let name = argv0
            .map(std::path::Path::new)
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with("llvm-jitlink") {
            Face::LlvmJitlink
        } else {
            Face::Rjitlink
        }
    }
}

pub fn run(opts: &Options) -> Result<i32> {
    let started = Instant::now();
    if opts.inputs.is_empty() {
        return Err(Error::new("no input files (see rjitlink --help)"));
    }
    if opts.slab_address.is_some() && !opts.noexec {
        return Err(Error::new("-slab-address requires -noexec"));
    }
    if opts.slab_address.is_some() && opts.slab_allocate.is_none() {
        return Err(Error::new("-slab-address requires -slab-allocate"));
    }
    if let Some(n) = opts.num_threads {
        // Only fails if the pool was built already (a second run in one process).
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1) as usize)
            .build_global();
    }
    let remote = opts.oop_executor.is_some() || opts.oop_executor_connect.is_some();
    if remote && opts.noexec {
        return Err(Error::new(
            "-noexec cannot be used with -oop-executor or -oop-executor-connect",
        ));
    }
    // The executor is started first and comes up while the inputs are read and loaded: its
    // Setup is awaited once the link needs the target (or earlier, when no named input tells
    // which target the link is for).
    let mut executor = start_executor(opts)?;
    let host_arch = std::env::consts::ARCH;
    let libraries: Vec<LibraryRequest> = opts
        .libraries
        .iter()
        .map(|n| LibraryRequest { name: n.clone() })
        .collect();
    // The named inputs tell the target (else the executor does), and so where -l libraries
    // are searched for.
    let mut inputs = Inputs::open_paths(&opts.inputs)?;
    let mut detected = inputs.detect_target()?;
    if detected.is_none() {
        // Nothing to tell the target by: the executor's.
        executor.setup()?;
    }
    let search_arch = match (&opts.triple, executor.triple()) {
        (Some(t), _) => arch::for_triple(t)
            .ok_or_else(|| Error::new(format!("-triple {t}: unsupported target")))?
            .name(),
        (None, Some(t)) => executor_arch(&t)?.name(),
        // The executor runs what the inputs are (or the link fails once it is set up).
        (None, None) if !executor.is_none() => detected.map_or(host_arch, |(a, _)| a.name()),
        (None, None) => host_arch,
    };
    if !libraries.is_empty() {
        inputs.add_libraries(&libraries, &opts.library_dirs, search_arch)?;
        if detected.is_none() {
            detected = inputs.detect_target()?;
        }
    }
    let triple = opts.triple.clone().or_else(|| executor.triple());
    let triple_arch = match (&opts.triple, &triple) {
        (Some(t), _) => Some(
            arch::for_triple(t)
                .ok_or_else(|| Error::new(format!("-triple {t}: unsupported target")))?,
        ),
        (None, Some(t)) => Some(executor_arch(t)?),
        (None, None) => None,
    };
    let (arch, format) = choose_target(triple.as_deref(), triple_arch, detected, host_arch)?;
    let open_time = started.elapsed();
    let runs_here = !opts.noexec && executor.is_none();
    if runs_here && format == Format::MachO && !cfg!(target_os = "macos") {
        return Err(Error::new(
            "cannot run Mach-O code on this host (use -noexec to link without running)",
        ));
    }
    if runs_here && arch.name() != host_arch {
        return Err(Error::new(format!(
            "cannot run {} code on this {host_arch} host (use -noexec to link without running)",
            arch.name()
        )));
    }
    if opts.noexec && !opts.program_args.is_empty() {
        eprintln!("rjitlink: warning: program arguments are ignored with -noexec");
    }
    let loaded = link::load(&inputs, arch, opts.all_load)?;

    let waited = Instant::now();
    let executor = executor.setup()?;
    let wait_time = waited.elapsed();
    if let Some(e) = &executor {
        let exec_triple = e.borrow().session.info.triple.clone();
        let exec_arch = executor_arch(&exec_triple)?;
        if let Some((input_arch, _)) = detected {
            if exec_arch.name() != input_arch.name() {
                return Err(Error::new(format!(
                    "the inputs are {} code but the executor runs {exec_triple}",
                    input_arch.name()
                )));
            }
        }
    }

    let executor_page = executor.as_ref().map(|e| e.borrow().session.info.page_size);
    let page_size = page_size(opts.slab_page_size, executor_page, runs_here)?;
    let target = open_target(opts, executor, &inputs, format, page_size)?;
    let settings = Settings {
        arch,
        format,
        page_size,
        all_load: opts.all_load,
        absolutes: opts.absolutes.clone(),
        aliases: opts.aliases.clone(),
        phony_externals: opts.phony_externals,
        weak_imports: weak_library_files(opts)?
            .iter()
            .map(|p| link::weak_imports::exported_names(p))
            .collect::<Result<Vec<_>>>()?
            .concat(),
        no_static_tls: opts.no_static_tls,
        // Only a program run, -check and the relocated contents read the linked bytes.
        image: !opts.noexec || !opts.check.is_empty() || opts.show_relocated_section_contents,
        sizes: opts.show_sizes,
        self_relocations: opts.add_self_relocations,
        // The process ends when the program does.
        keep_graphs: true,
        // Only lazy files link units after the command line's.
        later_units: !opts.lazy.is_empty() || !opts.jd_inputs.is_empty(),
        summaries: !opts.check.is_empty(),
    };
    let session = Session::new(target, settings);
    if !opts.lazy.is_empty() {
        session.add_lazy(Inputs::open_paths(&opts.lazy)?)?;
    }
    let entry = opts
        .entry
        .clone()
        .unwrap_or_else(|| format!("{}main", format.symbol_prefix()));
    // The other JITDylibs (-jd), each a unit of its own, before the main one that links
    // against them; their archives give the members that define what the main one needs.
    let wanted: Vec<&[u8]> = match opts.jd_inputs.is_empty() {
        true => Vec::new(),
        false => loaded
            .undefined()
            .into_iter()
            .map(|n| &*Box::leak(n.to_vec().into_boxed_slice()))
            .collect(),
    };
    for jd in &opts.jd_inputs {
        let mut jd_inputs = Inputs::open_paths(&jd.inputs)?;
        let libs: Vec<LibraryRequest> = jd
            .libraries
            .iter()
            .map(|n| LibraryRequest { name: n.clone() })
            .collect();
        jd_inputs.add_libraries(&libs, &opts.library_dirs, search_arch)?;
        let files: Vec<&link::input::Input> = jd_inputs.files.iter().collect();
        let jd_loaded = link::load_wanting(&files, arch, opts.all_load, &wanted)?;
        session
            .link_library(&jd_inputs, jd_loaded)
            .map_err(|e| e.context(format!("-jd {}", jd.name)))?;
        // Its graph is kept until exit, and borrows the inputs.
        std::mem::forget(jd_inputs);
    }
    let lazy = session.has_lazy_files();
    let (entry_addr, mut timings) = session.link(&inputs, loaded, &entry, |linked| {
        let mut timings = linked.timings.clone();
        timings.insert(0, ("open inputs", open_time));
        if remote {
            // After "load inputs": the part of the executor's start that loading did not
            // cover.
            timings.insert(2, ("wait for executor", wait_time));
        }
        report_link(opts, linked, lazy)?;
        Ok((linked.entry, timings))
    })?;
    // -check runs on what stays of the unit: its summary and memory.
    let checked = Instant::now();
    for file in &opts.check {
        session
            .last_unit(|unit| check::run_file(unit, file, &opts.check_name))
            .unwrap_or_else(|| Err(Error::new("internal error: no unit to check")))?;
    }
    if !opts.check.is_empty() {
        timings.push(("checks", checked.elapsed()));
    }
    // The process ends when the program does: unmapping the inputs one by one would only cost
    // time.
    std::mem::forget(inputs);
    let Some(entry_addr) = entry_addr else {
        let shown = crate::error::printable(&entry);
        return Err(Error::new(format!("entry point '{shown}' not found"))
            .with_llvm(format!("Symbols not found: [ {shown} ]")));
    };
    if opts.show_times {
        eprint!("{}", report::times(&timings));
        timings.clear();
    }
    if opts.noexec {
        report_lazy_files(opts, &session)?;
        std::mem::forget(session);
        return Ok(0);
    }
    let argv: Vec<String> = if opts.llvm_args {
        opts.program_args.clone()
    } else {
        std::iter::once(opts.inputs[0].clone())
            .chain(opts.program_args.iter().cloned())
            .collect()
    };
    let code = session.run(entry_addr, &argv)?;
    report_lazy_files(opts, &session)?;
    // In-process, the linked code stays mapped until the process exits: atexit handlers may
    // still run. Either way the process ends now.
    std::mem::forget(session);
    Ok(code)
}

/// What -show-linked-files, -show-addrs, -show-sizes, -show-graph(s) and
/// -show-relocated-section-contents print of the command line's unit. With lazy files, the
/// linked files are listed once the program is done instead (see [`report_lazy_files`]).
fn report_link(opts: &Options, linked: &link::Linked<'_>, lazy: bool) -> Result<()> {
    let mut out = std::io::stdout().lock();
    if opts.show_linked_files && !lazy {
        write!(out, "{}", report::linked_files(linked))?;
    }
    if opts.show_addrs {
        match opts.llvm_face {
            true => write!(out, "{}", report::addresses_llvm(linked))?,
            false => write!(out, "{}", report::addresses(linked))?,
        }
    }
    if opts.show_sizes {
        write!(out, "{}", report::sizes(linked))?;
    }
    if opts.show_graph || opts.show_graphs.is_some() {
        let graphs = opts.show_graphs.as_deref();
        match opts.llvm_face {
            true => write!(out, "{}", dump::graph_llvm(linked, graphs))?,
            false => write!(out, "{}", dump::graph(linked, graphs))?,
        }
    }
    if opts.show_relocated_section_contents {
        write!(out, "{}", dump::relocated_contents(linked))?;
    }
    out.flush()?;
    Ok(())
}

/// -show-linked-files in a session with lazy files: every file linked, when and why, and the
/// lazy files that never were.
fn report_lazy_files(opts: &Options, session: &Session) -> Result<()> {
    if opts.show_linked_files && session.has_lazy_files() {
        let mut out = std::io::stdout().lock();
        write!(out, "{}", report::file_rows(&session.linked_files()))?;
        out.flush()?;
    }
    Ok(())
}

/// The session's target: the executor, nothing (`-noexec`), or this process; with the
/// symbols outside the link it offers.
fn open_target(
    opts: &Options,
    executor: Option<remote::target::Shared>,
    inputs: &Inputs,
    format: Format,
    page_size: u64,
) -> Result<Box<dyn Target>> {
    if opts.perf_support && executor.is_some() {
        return Err(Error::new(
            "-perf-support: only code run in this process is recorded (not in an executor)",
        ));
    }
    if opts.perf_support && opts.noexec {
        eprintln!("rjitlink: warning: -perf-support records nothing with -noexec");
    }
    if let Some(e) = executor {
        let shared = shared_memory(opts.use_memmgr.as_deref(), e.borrow().is_local())?;
        let symbols = match opts.no_process_syms {
            true => None,
            false => Some(RemoteSymbols::new(Rc::clone(&e), &inputs.shared_libraries)?),
        };
        return Ok(Box::new(RemoteTarget {
            exec: e,
            slab_size: opts.slab_allocate,
            shared,
            symbols,
        }));
    }
    let process = match opts.no_process_syms {
        true => None,
        false => Some(ProcessSymbols::new(
            &inputs.shared_libraries,
            format.symbol_prefix(),
        )?),
    };
    if !opts.noexec {
        let perf = match opts.perf_support {
            true => {
                let host = arch::for_triple(std::env::consts::ARCH)
                    .ok_or_else(|| Error::new("-perf-support: no ELF machine for this host"))?;
                Some(crate::jitdump::JitDump::create(host.elf_machine())?)
            }
            false => None,
        };
        return Ok(Box::new(InProcessTarget {
            slab_size: opts.slab_allocate,
            process,
            perf,
        }));
    }
    // At a fixed -noexec slab address, host symbols get stand-in addresses just past the slab.
    let symbols = match (opts.slab_address, opts.slab_allocate, process) {
        (Some(base), Some(size), Some(p)) => NoExecSymbols::StandIn(StandInSymbols {
            inner: p,
            next: base.wrapping_add(size).wrapping_add(page_size - 1) & !(page_size - 1),
        }),
        (_, _, Some(p)) => NoExecSymbols::Process(p),
        (_, _, None) => NoExecSymbols::None,
    };
    Ok(Box::new(NoExecTarget {
        next_address: opts.slab_address,
        slab_size: opts.slab_allocate,
        page_size,
        symbols,
    }))
}

/// The files of `-weak_library`, and those `-weak-l NAME` finds (`libNAME.tbd`, then
/// `libNAME.dylib`, in each -L directory in turn).
fn weak_library_files(opts: &Options) -> Result<Vec<std::path::PathBuf>> {
    let mut files = opts.weak_libraries.clone();
    for name in &opts.weak_l {
        let found = opts.library_dirs.iter().find_map(|dir| {
            ["tbd", "dylib"]
                .iter()
                .map(|ext| dir.join(format!("lib{name}.{ext}")))
                .find(|p| p.is_file())
        });
        files.push(found.ok_or_else(|| {
            Error::new(format!(
                "-weak-l{name}: library not found (searched {} -L directories for lib{name}.tbd and lib{name}.dylib)",
                opts.library_dirs.len()
            ))
        })?);
    }
    Ok(files)
}

/// The target: `-triple` (or the executor's), else the first object's, else this host.
fn choose_target(
    triple: Option<&str>,
    triple_arch: Option<&'static dyn arch::Arch>,
    detected: Option<(&'static dyn arch::Arch, Format)>,
    host_arch: &str,
) -> Result<(&'static dyn arch::Arch, Format)> {
    Ok(match (triple_arch, detected) {
        (Some(a), _) => {
            let t = triple.unwrap_or("");
            let apple = ["apple", "darwin", "macos"].iter().any(|os| t.contains(os));
            (a, if apple { Format::MachO } else { Format::Elf })
        }
        (None, Some(target)) => target,
        (None, None) => (
            arch::for_triple(host_arch).ok_or_else(|| {
                Error::new("no object inputs, and this host is not a supported target")
            })?,
            Format::Elf,
        ),
    })
}

/// The layout's page size: `-slab-page-size` (a power of two, and a multiple of the real page
/// size where the code will run), else the page size where the code runs (the executor's, or
/// this host's).
fn page_size(
    slab_page_size: Option<u64>,
    executor_page: Option<u64>,
    runs_here: bool,
) -> Result<u64> {
    let (real, whose) = match executor_page {
        Some(p) => (Some(p), "the executor's"),
        None => (runs_here.then(host_page_size), "the host"),
    };
    match (slab_page_size, real) {
        (Some(p), _) if !p.is_power_of_two() => Err(Error::new(format!(
            "-slab-page-size {p} is not a power of two"
        ))),
        (Some(p), Some(real)) if p % real != 0 => Err(Error::new(format!(
            "-slab-page-size {p} is not a multiple of {whose} page size {real}"
        ))),
        (Some(p), _) => Ok(p),
        (None, real) => Ok(real.unwrap_or_else(host_page_size)),
    }
}

/// The architecture of the executor's target.
fn executor_arch(triple: &str) -> Result<&'static dyn arch::Arch> {
    arch::for_triple(triple)
        .ok_or_else(|| Error::new(format!("the executor's target {triple} is not supported")))
}

/// The executor named by `-oop-executor[=PATH]` or `-oop-executor-connect=HOST:PORT`, on its
/// way up: a process started is set up (its Setup read) only when [`ExecutorStart::setup`] is
/// first called.
enum ExecutorStart {
    None,
    Launching(launch::Launching),
    Ready(remote::target::Shared),
}

fn start_executor(opts: &Options) -> Result<ExecutorStart> {
    Ok(match (&opts.oop_executor, &opts.oop_executor_connect) {
        (Some(path), _) => {
            let path = if path.is_empty() {
                launch::default_executor()?
            } else {
                std::path::PathBuf::from(path)
            };
            // Not from a thread of its own: its death signal (PR_SET_PDEATHSIG) would come
            // when that thread ended; and on two cores it only competes with the link.
            ExecutorStart::Launching(launch::spawn(&path)?)
        }
        (None, Some(spec)) => ExecutorStart::Ready(Rc::new(RefCell::new(launch::connect(spec)?))),
        (None, None) => ExecutorStart::None,
    })
}

impl ExecutorStart {
    /// The executor, set up (waiting for its Setup if it has not been read yet).
    fn setup(&mut self) -> Result<Option<remote::target::Shared>> {
        match std::mem::replace(self, ExecutorStart::None) {
            ExecutorStart::Launching(launching) => {
                let executor = Rc::new(RefCell::new(launching.setup()?));
                *self = ExecutorStart::Ready(Rc::clone(&executor));
                Ok(Some(executor))
            }
            ExecutorStart::Ready(executor) => {
                *self = ExecutorStart::Ready(Rc::clone(&executor));
                Ok(Some(executor))
            }
            ExecutorStart::None => Ok(None),
        }
    }

    /// The executor's triple, if it is set up.
    fn triple(&self) -> Option<String> {
        match self {
            ExecutorStart::Ready(e) => Some(e.borrow().session.info.triple.clone()),
            _ => None,
        }
    }

    fn is_none(&self) -> bool {
        matches!(self, ExecutorStart::None)
    }
}

/// How the link's memory reaches the executor (`-use-memmgr`, as llvm-jitlink spells it):
/// shared with an executor this process started, unless told otherwise.
fn shared_memory(kind: Option<&str>, local: bool) -> Result<SharedMemory> {
    Ok(match kind {
        None | Some("default") if local => SharedMemory::IfAvailable,
        None | Some("default") => SharedMemory::Off,
        Some("generic" | "simple-remote") => SharedMemory::Off,
        Some("shared") => SharedMemory::Required,
        Some(other) => {
            return Err(Error::new(format!(
            "-use-memmgr={other}: unknown memory manager (default, generic, simple-remote, shared)"
        )))
        }
    })
}
