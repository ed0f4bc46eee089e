//! A link session: one target (this process, an executor, or `-noexec`), chosen once, and the
//! units linked into it over time.
//!
//! Each unit is a set of input files linked into one graph with a reservation of its own. It
//! resolves its undefined names against the stubs of lazy functions first (a lazy function's
//! address is its stub's), then the exports of earlier units, then the target's symbols (the
//! process, or the executor's libraries); its own exports then join the session's table. Once
//! a unit is linked, only what later steps need stays: its memory, initializers and
//! finalizers, what the target keeps for it (the in-process eh_frame registration) and, when
//! asked, its [`Summary`] for `-check`. Its graph, and the mapped inputs the graph borrowed, go.
//! (Thread-local variables are not exported across units: each unit's TLS image is its own.)
//!
//! Lazy files (see [`lazy`]) are units linked on the first call of one of their functions:
//! from the program's thread, in this process, or from the controller's wait for a call it
//! made to the executor, when the executor forwards the program's reentry call.

pub mod lazy;
pub mod reentry;
pub mod targets;

use std::any::Any;
use std::sync::{Arc, Mutex, MutexGuard};

use rustc_hash::FxHashMap;

use crate::arch::Arch;
use crate::check::Subject;
use crate::error::{printable, Error, Result};
use crate::link::input::{Format, Input, Inputs};
use crate::link::memory::MemoryManager;
use crate::link::resolve::{ExternalOptions, ExternalSymbols};
use crate::link::summary::Summary;
use crate::link::{self, LinkOptions, Linked, Loaded};
use crate::remote::target::Server;
use lazy::LazyFiles;
use targets::Target;

/// What every unit of a session is linked with.
pub struct Settings {
    pub arch: &'static dyn Arch,
    pub format: Format,
    pub page_size: u64,
    pub all_load: bool,
    pub absolutes: Vec<(String, u64)>,
    pub aliases: Vec<(String, String)>,
    pub phony_externals: bool,
    /// What `-weak_library` files export (see [`ExternalOptions::weak_imports`]).
    pub weak_imports: Vec<Vec<u8>>,
    pub no_static_tls: bool,
    /// Build the image (see [`LinkOptions::image`]).
    pub image: bool,
    pub sizes: bool,
    /// `-add-self-relocations`.
    pub self_relocations: bool,
    /// Do not free a unit's graph once it is linked: the process ends when the program does,
    /// and freeing a large graph block by block costs milliseconds.
    pub keep_graphs: bool,
    /// Units may follow the first (lazy files): each unit's exports are recorded for them.
    /// Without, the one unit's exports are not collected (tens of thousands of names cost
    /// milliseconds), and a second unit is refused.
    pub later_units: bool,
    /// Keep each unit's [`Summary`] (for `-check`, which runs on it once the graph is gone).
    pub summaries: bool,
}

/// A session; clones share it.
#[derive(Clone)]
pub struct Session(Arc<Mutex<Core>>);

struct Core {
    target: Box<dyn Target>,
    settings: Settings,
    /// Every unit's exports, by name: the first definition of a name stays.
    exports: FxHashMap<Box<[u8]>, u64>,
    units: Vec<Unit>,
    lazy: LazyFiles,
    /// The `dispatch_fn` and its context that reentry code calls, once there are lazy files.
    reentry: Option<(u64, u64)>,
    /// Every file linked so far, in order, for -show-linked-files.
    files: Vec<LinkedFile>,
}

/// A file linked in a unit: with its reason, or a lazy file (whose report comes from
/// [`LazyFiles::report`], counts up to date).
enum LinkedFile {
    Named(String, String),
    Lazy(usize),
}

/// What stays of a linked unit.
struct Unit {
    /// Holds the unit's reservation.
    memory: Box<dyn MemoryManager>,
    init: Vec<u64>,
    /// The `__cxa_finalize` call for its `__dso_handle`, then its finalizers.
    fini: Vec<u64>,
    /// What the target keeps while the unit lives.
    _kept: Option<Box<dyn Any>>,
    /// Its symbols, GOT entries, stubs and sections, when [`Settings::summaries`] asks.
    summary: Option<Summary>,
}

/// What the session knows of names outside the unit being linked, before the target does.
struct SessionSymbols<'s> {
    exports: &'s FxHashMap<Box<[u8]>, u64>,
    lazy: &'s LazyFiles,
    target: Option<&'s mut dyn ExternalSymbols>,
}

impl ExternalSymbols for SessionSymbols<'_> {
    fn lookup(&mut self, name: &[u8]) -> Option<u64> {
        self.lookup_all(&[name]).ok()?.pop().flatten()
    }
    fn lookup_all(&mut self, names: &[&[u8]]) -> Result<Vec<Option<u64>>> {
        let mut found: Vec<Option<u64>> = names
            .iter()
            // A lazy function's address is its stub's, even once its body is linked.
            .map(|n| self.lazy.stub(n).or_else(|| self.exports.get(*n).copied()))
            .collect();
        let rest: Vec<usize> = (0..names.len()).filter(|&i| found[i].is_none()).collect();
        if let (Some(target), false) = (self.target.as_mut(), rest.is_empty()) {
            let asked: Vec<&[u8]> = rest.iter().map(|&i| names[i]).collect();
            for (i, addr) in rest.into_iter().zip(target.lookup_all(&asked)?) {
                found[i] = addr;
            }
        }
        Ok(found)
    }
    fn lookup_tls_all(&mut self, names: &[&[u8]]) -> Result<Vec<Option<u64>>> {
        match self.target.as_mut() {
            Some(target) => target.lookup_tls_all(names),
            None => Ok(vec![None; names.len()]),
        }
    }
}

/// A unit to link: the files of its own (already read, or to read) and the lazy files it
/// starts with.
struct UnitFiles<'i> {
    own: Vec<&'i Input>,
    loaded: Option<Loaded<'i>>,
    lazy: Vec<usize>,
    /// Why its lazy files are linked (for -show-linked-files and messages).
    why: String,
    entry: &'i str,
    /// The `-alias` options apply to it (the command line's unit).
    aliases: bool,
}

impl Session {
    // Not Send: the core holds the target. In this process the core holds only what any
    // thread may use under the lock (mappings, `dlsym`, frame registrations), and reentry
    // from the program's threads reaches it through the lock (`from_context`). A remote core
    // (an `Rc` of the executor connection) is only reached from the thread that waits for the
    // executor: the program's reentry calls arrive there as messages.
    #[allow(clippy::arc_with_non_send_sync)]
    pub fn new(target: Box<dyn Target>, settings: Settings) -> Session {
        Session(Arc::new(Mutex::new(Core {
            target,
            settings,
            exports: FxHashMap::default(),
            units: Vec::new(),
            lazy: LazyFiles::default(),
            reentry: None,
            files: Vec::new(),
        })))
    }

    fn core(&self) -> MutexGuard<'_, Core> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The context in-process reentry code passes back (see [`Session::from_context`]).
    fn context(&self) -> u64 {
        Arc::as_ptr(&self.0) as u64
    }

    /// The session whose [`Session::context`] `ctx` is.
    ///
    /// # Safety
    /// `ctx` must come from `context` of a session that is still alive.
    unsafe fn from_context(ctx: *mut std::ffi::c_void) -> Session {
        let ptr = ctx as *const Mutex<Core>;
        // SAFETY: `ptr` came from `Arc::as_ptr` of a live session, which holds a count; this
        // adds the one the returned clone gives back when dropped.
        unsafe {
            Arc::increment_strong_count(ptr);
            Session(Arc::from_raw(ptr))
        }
    }

    /// Adds lazy files (before any unit: the first may refer to them).
    pub fn add_lazy(&self, inputs: Inputs) -> Result<()> {
        let ctx = self.context();
        let mut guard = self.core();
        let core = &mut *guard;
        if !core.units.is_empty() {
            return Err(Error::new("lazy files must be added before the first unit"));
        }
        core.lazy.add(inputs, core.settings.arch)?;
        if core.reentry.is_none() {
            core.reentry = Some(core.target.reentry(ctx)?);
        }
        Ok(())
    }

    /// Links `inputs` (read into `loaded`) as a unit; `inspect` sees the linked unit before
    /// its graph goes (reports, checks). The unit's code does not run yet.
    pub fn link<R>(
        &self,
        inputs: &Inputs,
        loaded: Loaded<'_>,
        entry: &str,
        inspect: impl FnOnce(&Linked<'_>) -> Result<R>,
    ) -> Result<R> {
        let mut core = self.core();
        if !core.settings.later_units && !core.files.is_empty() {
            return Err(Error::new(
                "this session links one unit (it was opened without later units)",
            ));
        }
        let files = UnitFiles {
            own: inputs.files.iter().collect(),
            loaded: Some(loaded),
            lazy: Vec::new(),
            why: String::new(),
            entry,
            aliases: true,
        };
        let (r, _init) = core.link_unit(files, inspect)?;
        Ok(r)
    }

    /// Links `inputs` (read into `loaded`) as a unit with no entry point, for units linked
    /// after it to use (a JITDylib of `-jd`).
    pub fn link_library(&self, inputs: &Inputs, loaded: Loaded<'_>) -> Result<()> {
        let mut core = self.core();
        if !core.settings.later_units {
            return Err(Error::new(
                "this session links one unit (it was opened without later units)",
            ));
        }
        let files = UnitFiles {
            own: inputs.files.iter().collect(),
            loaded: Some(loaded),
            lazy: Vec::new(),
            why: String::new(),
            entry: "",
            aliases: false,
        };
        core.link_unit(files, |_| Ok(())).map(drop)
    }

    /// Runs the program: the initializers of the units linked so far, `entry` as `main`, then
    /// the finalizers of every unit, the last linked first. Lazy files linked meanwhile run
    /// their initializers as they are linked.
    pub fn run(&self, entry: u64, argv: &[String]) -> Result<i32> {
        let result = self.run_program(entry, argv);
        let mut core = self.core();
        match &result {
            Ok(_) => core.target.end(),
            Err(_) => core.target.abort(),
        }
        result
    }

    fn run_program(&self, entry: u64, argv: &[String]) -> Result<i32> {
        let (mut runner, init) = {
            let mut core = self.core();
            let init: Vec<u64> = core.units.iter().flat_map(|u| u.init.clone()).collect();
            (core.target.runner(argv, Some(self.server()))?, init)
        };
        for f in init {
            runner.call_init(f)?;
        }
        let result = runner.call_main(entry)?;
        runner.main_returned();
        // Lazy files linked while main ran come last: their finalizers run first.
        let fini: Vec<u64> = {
            let core = self.core();
            core.units
                .iter()
                .rev()
                .flat_map(|u| u.fini.clone())
                .collect()
        };
        for f in fini {
            runner.call_fini(f)?;
        }
        Ok(result)
    }

    /// Answers the program's calls to the controller (lazy reentry) in a remote session.
    fn server(&self) -> Server {
        let session = self.clone();
        std::rc::Rc::new(move |tag, args| {
            let id = reentry::function_id(tag, args)?;
            Ok(session.reenter(id)?.to_le_bytes().to_vec())
        })
    }

    /// The first call of lazy function `id` (or a call that raced with it): links its file if
    /// it is not linked yet, runs the initializers of what was linked, and returns the body's
    /// address.
    pub fn reenter(&self, id: u64) -> Result<u64> {
        let (body, init, mut runner) = {
            let mut guard = self.core();
            let core = &mut *guard;
            let (file, name) = core.lazy.function(id)?;
            let name: Box<[u8]> = name.into();
            core.lazy.files[file].reentries += 1;
            let mut init = Vec::new();
            if core.lazy.files[file].linked.is_none() {
                let why = format!("on the first call of '{}'", printable(&name));
                let display = core.lazy.files[file].input.display.clone();
                let files = UnitFiles {
                    own: Vec::new(),
                    loaded: None,
                    lazy: vec![file],
                    why: why.clone(),
                    entry: "",
                    aliases: false,
                };
                init = core
                    .link_unit(files, |_| Ok(()))
                    .map_err(|e| e.context(format!("{display} (-lazy), linked {why}")))?
                    .1;
            }
            let body = core.exports.get(&name).copied().ok_or_else(|| {
                Error::new(format!(
                    "lazy function '{}' is not defined after its file was linked",
                    printable(&name)
                ))
            })?;
            let runner = match init.is_empty() {
                true => None,
                false => Some(core.target.runner(&[], Some(self.server()))?),
            };
            (body, init, runner)
        };
        // Not under the session's lock: an initializer may call another lazy function.
        if let Some(runner) = runner.as_mut() {
            for f in init {
                runner.call_init(f)?;
            }
        }
        Ok(body)
    }

    /// Every file linked, and why; then the lazy files that never were.
    pub fn linked_files(&self) -> Vec<(String, String)> {
        let core = self.core();
        let lazy: Vec<(&str, String)> = core.lazy.report().collect();
        let mut rows: Vec<(String, String)> = core
            .files
            .iter()
            .map(|f| match f {
                LinkedFile::Named(name, why) => (name.clone(), why.clone()),
                LinkedFile::Lazy(i) => (lazy[*i].0.to_string(), lazy[*i].1.clone()),
            })
            .collect();
        rows.extend(
            core.lazy
                .files
                .iter()
                .zip(&lazy)
                .filter(|(f, _)| f.linked.is_none())
                .map(|(_, (name, how))| (name.to_string(), how.clone())),
        );
        rows
    }

    /// `f` on the last unit linked (its summary and working memory), if the session keeps
    /// summaries.
    pub fn last_unit<R>(&self, f: impl FnOnce(Subject<'_>) -> R) -> Option<R> {
        let core = self.core();
        let unit = core.units.last()?;
        let summary = unit.summary.as_ref()?;
        Some(f(Subject {
            unit: summary,
            working: unit.memory.working(),
        }))
    }

    pub fn has_lazy_files(&self) -> bool {
        !self.core().lazy.is_empty()
    }
}

impl Settings {
    fn link_options<'o>(&'o self, entry: &'o str, aliases: bool) -> LinkOptions<'o> {
        LinkOptions {
            entry,
            all_load: self.all_load,
            externals: ExternalOptions {
                absolutes: &self.absolutes,
                // An alias names a definition of the unit it is given with.
                aliases: if aliases { &self.aliases } else { &[] },
                phony: self.phony_externals,
                weak_imports: &self.weak_imports,
            },
            page_size: self.page_size,
            format: self.format,
            no_static_tls: self.no_static_tls,
            image: self.image,
            sizes: self.sizes,
            self_relocations: self.self_relocations,
        }
    }
}

impl Core {
    /// Links one unit: its files, plus the lazy files that define data they refer to (until
    /// no such reference is left). Returns `inspect`'s result and the unit's initializers.
    fn link_unit<R>(
        &mut self,
        files: UnitFiles<'_>,
        inspect: impl FnOnce(&Linked<'_>) -> Result<R>,
    ) -> Result<(R, Vec<u64>)> {
        let UnitFiles {
            own,
            loaded,
            mut lazy,
            why,
            entry,
            aliases,
        } = files;
        let arch = self.settings.arch;
        let all_load = self.settings.all_load;
        let lazy_files = &self.lazy;
        let read = |lazy: &[usize]| {
            let mut all = own.clone();
            all.extend(lazy.iter().map(|&f| &lazy_files.files[f].input));
            link::load_files(&all, arch, all_load)
        };
        let mut loaded = match loaded {
            Some(loaded) if lazy.is_empty() => loaded,
            _ => read(&lazy)?,
        };
        // How many graph files come before the lazy ones: objects are read first, in order.
        let own_objects = own
            .iter()
            .filter(|i| i.kind == crate::link::input::InputKind::Object)
            .count() as u32;
        let mut pulled_for: Vec<(usize, String)> = Vec::new();
        loop {
            let mut more: Vec<usize> = Vec::new();
            let undefined = match lazy_files.is_empty() {
                true => Vec::new(),
                false => loaded.undefined(),
            };
            for name in undefined {
                if let Some(f) = lazy_files.pulled_by(name) {
                    if !lazy.contains(&f) && !more.contains(&f) {
                        more.push(f);
                        pulled_for.push((f, format!("for its data '{}'", printable(name))));
                    }
                }
            }
            if more.is_empty() {
                break;
            }
            lazy.extend(more);
            loaded = read(&lazy)?;
        }
        // Stubs for the functions of lazy files this unit refers to, in a unit of their own
        // linked first.
        let wanted = match lazy_files.is_empty() {
            true => Vec::new(),
            false => lazy_files.unstubbed(&loaded.undefined()),
        };
        let stubs = match (wanted.is_empty(), self.reentry) {
            (false, Some((dispatch, ctx))) => {
                let graph = lazy_files.stubs_graph(arch, &wanted, dispatch, ctx);
                let opts = self.settings.link_options("", false);
                let memory = self.target.memory();
                let linked = link::finish(Loaded::made(graph), &opts, None, memory)?;
                lazy_files.place(&wanted, &linked.graph);
                Some(keep(&mut *self.target, linked, &[], &self.settings)?)
            }
            _ => None,
        };
        if !lazy.is_empty() {
            let first_lazy = own_objects;
            loaded.redirect(first_lazy..first_lazy + lazy.len() as u32, |n| {
                lazy_files.stub(n)
            });
        }
        let opts = self.settings.link_options(entry, aliases);
        let file_rows: Vec<(String, String)> = loaded
            .files()
            .map(|(n, r)| (n.to_string(), r.to_string()))
            .collect();
        let memory = self.target.memory();
        let mut symbols = SessionSymbols {
            exports: &self.exports,
            lazy: lazy_files,
            target: self.target.externals(),
        };
        let linked = link::finish(loaded, &opts, Some(&mut symbols), memory)?;
        if self.settings.later_units {
            let exports: Vec<(Box<[u8]>, u64)> = linked
                .exports()
                .into_iter()
                .map(|(n, a)| (n.into(), a))
                .collect();
            for (name, addr) in exports {
                self.exports.entry(name).or_insert(addr);
            }
        }
        let known = &self.exports;
        let writes = lazy_files.slot_writes(&lazy, |n| {
            linked.defined(n).or_else(|| known.get(n).copied())
        })?;
        let r = inspect(&linked)?;
        let init = linked.initializers.init.clone();
        let slots: Vec<(u64, u64)> = writes.iter().map(|&(slot, body, _)| (slot, body)).collect();
        let unit = keep(&mut *self.target, linked, &slots, &self.settings)?;
        self.units.extend(stubs);
        self.units.push(unit);
        for &(_, _, f) in &writes {
            self.lazy.files[f].stubs_set += 1;
        }
        // Each lazy file in the unit, and why it came.
        for &f in &lazy {
            let w = pulled_for
                .iter()
                .find(|(p, _)| *p == f)
                .map_or_else(|| why.clone(), |(_, w)| w.clone());
            self.lazy.files[f].linked = Some(w);
        }
        for (name, reason) in file_rows {
            if name.starts_with('<') {
                continue;
            }
            let lazy_file = lazy
                .iter()
                .copied()
                .find(|&f| self.lazy.files[f].input.display == name);
            self.files.push(match lazy_file {
                Some(f) => LinkedFile::Lazy(f),
                None => LinkedFile::Named(name, reason),
            });
        }
        Ok((r, init))
    }
}

/// What stays of `linked` once its stubs' slots are written (`writes`): its code may run.
fn keep(
    target: &mut dyn Target,
    linked: Linked<'_>,
    writes: &[(u64, u64)],
    settings: &Settings,
) -> Result<Unit> {
    let keep_graph = settings.keep_graphs;
    let summary = settings.summaries.then(|| Summary::of(&linked));
    let kept = target.linked(&linked);
    target.write_words(writes)?;
    let fini: Vec<u64> = linked
        .finalizer
        .iter()
        .chain(&linked.initializers.fini)
        .copied()
        .collect();
    let init = linked.initializers.init.clone();
    let mut linked = linked;
    let memory = std::mem::replace(
        &mut linked.memory,
        Box::new(crate::link::memory::SlabMemory::new(None, None)),
    );
    // The graph (and the inputs it borrowed) are not needed any more.
    if keep_graph {
        std::mem::forget(linked);
    } else {
        drop(linked);
    }
    Ok(Unit {
        memory,
        init,
        fini,
        _kept: kept,
        summary,
    })
}
