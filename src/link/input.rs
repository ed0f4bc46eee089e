//! Input files: opening (memory-mapped), telling objects from archives, `-l`/`-L` search, GNU
//! linker scripts such as Debian's `libm.so`, and pulling archive members into the graph only
//! when they define a symbol that is still undefined.

use std::collections::HashSet;
use std::fs::File;
use std::path::{Path, PathBuf};

use memmap2::Mmap;
use object::read::archive::ArchiveFile;
use rustc_hash::FxHashMap;

use super::elf;
use super::fragment::{self, Fragment};
use super::graph::{Def, LinkGraph, Scope};
use crate::arch::Arch;
use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Object,
    Archive,
}

/// The object file format of a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Elf,
    MachO,
}

impl Format {
    /// The format of an object file's bytes, by magic number.
    pub fn of(data: &[u8]) -> Option<Format> {
        if data.starts_with(b"\x7fELF") {
            Some(Format::Elf)
        } else if data.starts_with(&[0xcf, 0xfa, 0xed, 0xfe]) {
            Some(Format::MachO)
        } else {
            None
        }
    }

    /// The prefix the format adds to C names (`_main` on Mach-O).
    pub fn symbol_prefix(self) -> &'static str {
        match self {
            Format::Elf => "",
            Format::MachO => "_",
        }
    }
}

/// The architecture of an object file, in whichever format.
pub fn detect_arch(data: &[u8]) -> Result<(&'static dyn Arch, Format)> {
    match Format::of(data) {
        Some(Format::Elf) => elf::detect_arch(data).map(|a| (a, Format::Elf)),
        Some(Format::MachO) => super::macho::detect_arch(data).map(|a| (a, Format::MachO)),
        None => Err(Error::new("not an ELF or Mach-O object")),
    }
}

/// Reads one object file of either format into the graph.
fn read_object<'a>(
    graph: &mut LinkGraph<'a>,
    file: super::graph::FileId,
    data: &'a [u8],
) -> Result<()> {
    graph.file_data[file as usize] = data;
    match Format::of(data) {
        Some(Format::MachO) => super::macho::read(graph, file, data),
        _ => elf::read(graph, file, data),
    }
}

/// An input file, mapped into memory.
pub struct Input {
    pub path: PathBuf,
    pub display: String,
    pub kind: InputKind,
    pub data: Mmap,
}

/// Everything named on the command line, opened: objects and archives to link, and shared
/// libraries whose symbols the program may use (loaded by whoever resolves externals).
#[derive(Default)]
pub struct Inputs {
    pub files: Vec<Input>,
    pub shared_libraries: Vec<PathBuf>,
    /// The Mach-O (cputype, cpusubtype) of the first Mach-O object opened: the slice a
    /// universal (fat) file opened after it gives.
    macho_cpu: Option<(u32, u32)>,
}

/// A library named with `-l NAME`.
pub struct LibraryRequest {
    pub name: String,
}

impl Inputs {
    /// Opens `paths` (objects, archives, shared libraries, linker scripts) and the `-l` libraries,
    /// searched in `search_dirs` then the system directories for `arch`.
    pub fn open(
        paths: &[String],
        libraries: &[LibraryRequest],
        search_dirs: &[PathBuf],
        triple_arch: &str,
    ) -> Result<Inputs> {
        let mut inputs = Inputs::open_paths(paths)?;
        inputs.add_libraries(libraries, search_dirs, triple_arch)?;
        Ok(inputs)
    }

    /// Opens `paths` (objects, archives, shared libraries, linker scripts).
    pub fn open_paths(paths: &[String]) -> Result<Inputs> {
        let mut inputs = Inputs::default();
        for path in paths {
            inputs.add_path(Path::new(path))?;
        }
        Ok(inputs)
    }

    /// Adds the `-l` libraries, searched in `search_dirs` then the system directories for
    /// `arch`.
    pub fn add_libraries(
        &mut self,
        libraries: &[LibraryRequest],
        search_dirs: &[PathBuf],
        arch: &str,
    ) -> Result<()> {
        let dirs: Vec<PathBuf> = search_dirs
            .iter()
            .cloned()
            .chain(system_dirs(arch))
            .collect();
        for lib in libraries {
            let found = find_library(&lib.name, &dirs).ok_or_else(|| {
                Error::new(format!(
                    "-l{}: library not found (searched {} directories for lib{0}.so and lib{0}.a)",
                    lib.name,
                    dirs.len()
                ))
            })?;
            self.add_path(&found)
                .map_err(|e| e.context(format!("-l{}", lib.name)))?;
        }
        Ok(())
    }

    fn add_path(&mut self, path: &Path) -> Result<()> {
        let display = path.display().to_string();
        let file =
            File::open(path).map_err(|e| Error::new(format!("{display}: {}", io_message(&e))))?;
        // SAFETY: the file is only read; like every linker, we assume it is not truncated while
        // we link (a concurrent truncation would fault, not corrupt the link silently).
        // Objects are read nearly whole, so their pages are mapped in one go (MAP_POPULATE)
        // rather than faulted in one by one; archives are only read where their index and the
        // members the link needs lie.
        let mut magic = [0u8; 8];
        let is_archive = {
            use std::io::Read;
            (&file).read(&mut magic).is_ok_and(|n| n == 8) && magic.starts_with(b"!<arch>")
        };
        let mut options = memmap2::MmapOptions::new();
        if !is_archive {
            options.populate();
        }
        let data = unsafe { options.map(&file) }
            .map_err(|e| Error::new(format!("{display}: {}", io_message(&e))))?;
        let data = match fat_slice(&data, self.macho_cpu).map_err(|e| e.context(&display))? {
            // SAFETY: as above, the slice of the file the universal header names.
            Some((offset, size)) => unsafe {
                memmap2::MmapOptions::new()
                    .offset(offset)
                    .len(size)
                    .map(&file)
            }
            .map_err(|e| Error::new(format!("{display}: {}", io_message(&e))))?,
            None => data,
        };
        if data.starts_with(&[0xcf, 0xfa, 0xed, 0xfe]) && self.macho_cpu.is_none() {
            let word = |at: usize| {
                data.get(at..at + 4)
                    .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            };
            self.macho_cpu = word(4).zip(word(8));
        }
        let kind = if data.starts_with(b"!<arch>\n") {
            InputKind::Archive
        } else if data.starts_with(b"!<thin>\n") {
            return Err(Error::new(format!(
                "{display}: thin archives are not supported"
            )));
        } else if data.starts_with(b"\x7fELF") {
            if data.get(16..18) == Some(&[3, 0]) {
                // ET_DYN: a shared library; its symbols resolve externals.
                self.shared_libraries.push(path.to_path_buf());
                return Ok(());
            }
            InputKind::Object
        } else if let Some(members) = linker_script_inputs(&data) {
            for member in members {
                self.add_path(Path::new(&member))
                    .map_err(|e| e.context(format!("{display} (linker script)")))?;
            }
            return Ok(());
        } else if data.starts_with(&[0xcf, 0xfa, 0xed, 0xfe]) {
            InputKind::Object
        } else {
            return Err(Error::new(format!(
                "{display}: not an object file or archive (unrecognized file format)"
            )));
        };
        self.files.push(Input {
            path: path.to_path_buf(),
            display,
            kind,
            data,
        });
        Ok(())
    }

    /// The architecture and format of the first object (or archive member) among the inputs.
    pub fn detect_target(&self) -> Result<Option<(&'static dyn Arch, Format)>> {
        for input in &self.files {
            let data: &[u8] = &input.data;
            match input.kind {
                InputKind::Object => {
                    return detect_arch(data)
                        .map(Some)
                        .map_err(|e| e.context(&input.display))
                }
                InputKind::Archive => {
                    let archive = ArchiveFile::parse(data)
                        .map_err(|e| Error::from(e).context(&input.display))?;
                    for member in archive.members() {
                        let member = member.map_err(|e| Error::from(e).context(&input.display))?;
                        let bytes = member
                            .data(data)
                            .map_err(|e| Error::from(e).context(&input.display))?;
                        if let Ok(target) = detect_arch(bytes) {
                            return Ok(Some(target));
                        }
                    }
                }
            }
        }
        Ok(None)
    }
}

/// For a universal (fat) Mach-O file: the (offset, size) of the slice to link, the one for
/// `cpu` (cputype, and cpusubtype if one matches it exactly), else the first; `None` for
/// any other file.
fn fat_slice(data: &[u8], cpu: Option<(u32, u32)>) -> Result<Option<(u64, usize)>> {
    use object::read::macho::{FatArch, MachOFatFile32, MachOFatFile64};
    let slices: Vec<(u32, u32, u64, u64)> = match data.get(..4) {
        Some([0xca, 0xfe, 0xba, 0xbe]) => MachOFatFile32::parse(data)
            .map_err(Error::from)?
            .arches()
            .iter()
            .map(|a| {
                (
                    a.cputype(),
                    a.cpusubtype(),
                    a.offset().into(),
                    a.size().into(),
                )
            })
            .collect(),
        Some([0xca, 0xfe, 0xba, 0xbf]) => MachOFatFile64::parse(data)
            .map_err(Error::from)?
            .arches()
            .iter()
            .map(|a| (a.cputype(), a.cpusubtype(), a.offset(), a.size()))
            .collect(),
        _ => return Ok(None),
    };
    // The subtype's low 24 bits (the high ones are capability flags, such as arm64e's ABI).
    let sub = |s: u32| s & 0x00ff_ffff;
    let chosen = match cpu {
        Some((t, st)) => slices
            .iter()
            .find(|s| s.0 == t && sub(s.1) == sub(st))
            .or_else(|| slices.iter().find(|s| s.0 == t)),
        None => slices.first(),
    }
    .or(slices.first())
    .ok_or_else(|| Error::new("universal file with no slices"))?;
    let end = chosen.2.checked_add(chosen.3);
    if end.is_none_or(|e| e > data.len() as u64) {
        return Err(Error::new(
            "universal file slice lies past the end of the file",
        ));
    }
    Ok(Some((chosen.2, chosen.3 as usize)))
}

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// The files a GNU ld script names in `GROUP(...)` or `INPUT(...)` (Debian's `libc.so`,
/// `libm.so`), or `None` if `data` is not such a script.
fn linker_script_inputs(data: &[u8]) -> Option<Vec<String>> {
    let text = std::str::from_utf8(data.get(..data.len().min(64 * 1024))?).ok()?;
    if !(text.contains("GROUP") || text.contains("INPUT")) {
        return None;
    }
    let mut out = Vec::new();
    for keyword in ["GROUP", "INPUT"] {
        let mut rest = text;
        while let Some(at) = rest.find(keyword) {
            rest = &rest[at + keyword.len()..];
            let Some(open) = rest.trim_start().strip_prefix('(') else {
                continue;
            };
            // Up to the matching ')' (AS_NEEDED nests one level).
            let mut depth = 1;
            let end = open
                .char_indices()
                .find(|&(_, c)| {
                    depth += match c {
                        '(' => 1,
                        ')' => -1,
                        _ => 0,
                    };
                    depth == 0
                })
                .map(|(i, _)| i)?;
            out.extend(
                open[..end]
                    .split(|c: char| c.is_whitespace() || c == '(' || c == ')')
                    .filter(|w| !w.is_empty() && *w != "AS_NEEDED")
                    .map(str::to_string),
            );
            rest = &open[end..];
        }
    }
    (!out.is_empty()).then_some(out)
}

/// System library directories for an architecture (Debian multiarch layout, then gcc's own).
fn system_dirs(arch: &str) -> Vec<PathBuf> {
    let triple = format!("{arch}-linux-gnu");
    let mut dirs: Vec<PathBuf> = [
        format!("/usr/local/lib/{triple}"),
        "/usr/local/lib".into(),
        format!("/lib/{triple}"),
        format!("/usr/lib/{triple}"),
        "/lib".into(),
        "/usr/lib".into(),
    ]
    .into_iter()
    .map(PathBuf::from)
    .collect();
    if let Ok(entries) = std::fs::read_dir(format!("/usr/lib/gcc/{triple}")) {
        let mut versions: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        versions.sort();
        dirs.extend(versions.into_iter().rev());
    }
    dirs
}

/// `lib<name>.so` then `lib<name>.a` in each directory in turn, as llvm-jitlink searches.
fn find_library(name: &str, dirs: &[PathBuf]) -> Option<PathBuf> {
    dirs.iter().find_map(|dir| {
        ["so", "a"]
            .iter()
            .map(|ext| dir.join(format!("lib{name}.{ext}")))
            .find(|p| p.is_file())
    })
}

/// Reads every object into the graph, then pulls archive members (all of them with
/// `all_load`) until no undefined symbol can be defined by one. All archives are indexed
/// first, so their order on the command line does not matter.
pub fn load<'a>(graph: &mut LinkGraph<'a>, inputs: &'a Inputs, all_load: bool) -> Result<()> {
    let files: Vec<&'a Input> = inputs.files.iter().collect();
    load_files(graph, &files, all_load)
}

/// [`load`] for files from more than one [`Inputs`] (a session's unit: its own files and the
/// lazy files its data references pull in).
pub fn load_files<'a>(
    graph: &mut LinkGraph<'a>,
    files: &[&'a Input],
    all_load: bool,
) -> Result<()> {
    let mut members: Vec<Member<'a>> = Vec::new();
    let mut index: FxHashMap<&'a [u8], usize> = FxHashMap::default();
    let mut load_now = Vec::new();
    reserve_for_objects(graph, files);
    // Indexing an archive does not touch the graph, so the objects can all go first.
    load_objects(graph, files)?;
    for (i, &input) in files.iter().enumerate() {
        let data: &'a [u8] = &input.data;
        match input.kind {
            InputKind::Object => {}
            InputKind::Archive => {
                let ctx = |e: object::Error| Error::from(e).context(&input.display);
                let archive = ArchiveFile::parse(data).map_err(ctx)?;
                let mut by_offset = FxHashMap::default();
                for member in archive.members() {
                    let member = member.map_err(ctx)?;
                    let name = crate::error::printable(member.name()).into_owned();
                    let bytes = member.data(data).map_err(ctx)?;
                    by_offset.insert(member.file_range().0, members.len());
                    if all_load {
                        load_now.push(members.len());
                    }
                    members.push(Member {
                        archive: i,
                        name,
                        data: bytes,
                    });
                }
                match archive.symbols().map_err(ctx)? {
                    Some(symbols) => {
                        for symbol in symbols {
                            let symbol = symbol.map_err(ctx)?;
                            // The index points at the member header; our map is by data offset.
                            let m = archive.member(symbol.offset()).map_err(ctx)?.file_range().0;
                            if let Some(&mi) = by_offset.get(&m) {
                                index.entry(symbol.name()).or_insert(mi);
                            }
                        }
                    }
                    None => index_members_without_symbol_table(&members, i, &mut index),
                }
            }
        }
    }
    let mut loaded = HashSet::new();
    let mut load_member = |graph: &mut LinkGraph<'a>, mi: usize, reason: String| -> Result<()> {
        if !loaded.insert(mi) {
            return Ok(());
        }
        let m = &members[mi];
        let archive = files[m.archive];
        let name = format!("{}({})", archive.display, m.name);
        let file = graph.add_file(name.clone(), m.name.clone(), reason);
        read_object(graph, file, m.data).map_err(|e| e.context(&name))
    };
    for mi in load_now {
        load_member(graph, mi, "-all_load".into())?;
    }
    // Symbols only ever get appended, so one pass over the growing table sees every name
    // that any loaded file leaves undefined.
    let mut next = 0;
    while next < graph.symbols.len() {
        let sym = &graph.symbols[next];
        next += 1;
        if sym.def != Def::Undefined || sym.weak_ref || sym.scope == Scope::Local {
            continue;
        }
        if let Some(&mi) = index.get(sym.name()) {
            let reason = format!("defines '{}'", crate::error::printable(sym.name()));
            load_member(graph, mi, reason)?;
        }
    }
    Ok(())
}

/// Reads the command line's objects into the graph, in their order. ELF objects are parsed in
/// parallel, each into a fragment of its own, then joined in order (see [`super::fragment`]):
/// the graph, and the first error reported, are those of reading them one by one.
fn load_objects<'a>(graph: &mut LinkGraph<'a>, files: &[&'a Input]) -> Result<()> {
    let objects: Vec<&'a Input> = files
        .iter()
        .copied()
        .filter(|input| input.kind == InputKind::Object)
        .collect();
    let add_file = |graph: &mut LinkGraph<'a>, input: &Input| {
        graph.add_file(
            input.display.clone(),
            basename(&input.path),
            "command line".into(),
        )
    };
    let all_elf = objects
        .iter()
        .all(|input| Format::of(&input.data) == Some(Format::Elf));
    if objects.len() < 2 || !all_elf {
        for input in objects {
            let file = add_file(graph, input);
            read_object(graph, file, &input.data).map_err(|e| e.context(&input.display))?;
        }
        return Ok(());
    }
    // COMDAT groups go to the first file that has them: decided in order, before parsing. An
    // object that cannot be opened ends the batch there, and its error comes after the errors
    // of the objects before it.
    let mut files = Vec::with_capacity(objects.len());
    let mut discarded = Vec::with_capacity(objects.len());
    let mut unreadable = None;
    for input in &objects {
        let file = add_file(graph, input);
        graph.file_data[file as usize] = &input.data;
        files.push(file);
        match elf::discarded_sections(graph, &input.data) {
            Ok(d) => discarded.push(d),
            Err(e) => {
                unreadable = Some(e.context(&input.display));
                break;
            }
        }
    }
    // Objects are parsed on the pool while this thread joins them in order, each as soon as it
    // and the ones before it are parsed: a fragment is dropped right after its join, so the
    // memory of the next fragments is memory already faulted in. At most two objects per
    // thread are parsed ahead of the join, which bounds the memory the fragments hold.
    let arch = graph.arch;
    let count = discarded.len();
    let ahead = 2 * rayon::current_num_threads().max(1);
    let (sender, parsed) = std::sync::mpsc::channel::<(usize, Result<Fragment<'a>>)>();
    let mut placements = Vec::with_capacity(count);
    let mut failed = None;
    rayon::in_place_scope(|scope| {
        let spawn = |k: usize| {
            let (sender, data, file) = (sender.clone(), &objects[k].data[..], files[k]);
            let discarded = &discarded[k];
            scope.spawn(move |_| {
                let _ = sender.send((k, elf::parse(arch, file, data, discarded)));
            });
        };
        let mut spawned = count.min(ahead);
        (0..spawned).for_each(spawn);
        let mut waiting: Vec<Option<Result<Fragment<'a>>>> = (0..count).map(|_| None).collect();
        let mut next = 0;
        while next < count {
            let Ok((k, part)) = parsed.recv() else { break };
            waiting[k] = Some(part);
            while let Some(part) = waiting.get_mut(next).and_then(Option::take) {
                if failed.is_none() {
                    match part.and_then(|part| fragment::join(graph, files[next], part)) {
                        Ok(p) => placements.push(p),
                        Err(e) => failed = Some(e.context(&objects[next].display)),
                    }
                }
                next += 1;
                if spawned < count && failed.is_none() {
                    spawn(spawned);
                    spawned += 1;
                }
            }
            if failed.is_some() {
                break;
            }
        }
    });
    if let Some(e) = failed {
        return Err(e);
    }
    fragment::relocate_all(graph, &placements);
    unreadable.map_or(Ok(()), Err)
}

/// Room in the graph's symbol table for every symbol of the command line's objects, so that
/// the table is not copied as it grows; and in the global table for about half of them (most
/// of an object's globals are references to names that other objects define).
fn reserve_for_objects(graph: &mut LinkGraph<'_>, files: &[&Input]) {
    let symbols: usize = files
        .iter()
        .filter(|input| input.kind == InputKind::Object)
        .map(|input| symbol_count(&input.data))
        .sum();
    graph.symbols.reserve(symbols);
    graph.reserve_globals(symbols / 4);
}

/// The number of entries in an object's symbol table, by its headers alone (0 where they are
/// not readable; this is only an estimate of the room the object needs). Never more than the
/// file has room for: the headers are the input's word, and a hostile count must not become an
/// allocation.
fn symbol_count(data: &[u8]) -> usize {
    header_symbol_count(data).min(data.len() / 16)
}

fn header_symbol_count(data: &[u8]) -> usize {
    use object::read::elf::{FileHeader, SectionHeader};
    use object::read::macho::{LoadCommandVariant, MachHeader};
    use object::LittleEndian as LE;
    match Format::of(data) {
        Some(Format::Elf) => {
            let Ok(header) = object::elf::FileHeader64::<LE>::parse(data) else {
                return 0;
            };
            let Ok(sections) = header.section_headers(LE, data) else {
                return 0;
            };
            sections
                .iter()
                .filter(|s| s.sh_type(LE) == object::elf::SHT_SYMTAB)
                .map(|s| (s.sh_size(LE) / 24) as usize)
                .fold(0, usize::saturating_add)
        }
        Some(Format::MachO) => {
            let Ok(header) = object::macho::MachHeader64::<LE>::parse(data, 0) else {
                return 0;
            };
            let Ok(mut commands) = header.load_commands(LE, data, 0) else {
                return 0;
            };
            while let Ok(Some(command)) = commands.next() {
                if let Ok(LoadCommandVariant::Symtab(symtab)) = command.variant() {
                    return symtab.nsyms.get(LE) as usize;
                }
            }
            0
        }
        None => 0,
    }
}

struct Member<'a> {
    archive: usize,
    name: String,
    data: &'a [u8],
}

/// For archives without a symbol table: index the global definitions of each member.
fn index_members_without_symbol_table<'a>(
    members: &[Member<'a>],
    archive: usize,
    index: &mut FxHashMap<&'a [u8], usize>,
) {
    use object::{Object, ObjectSymbol};
    for (mi, m) in members
        .iter()
        .enumerate()
        .filter(|(_, m)| m.archive == archive)
    {
        let Ok(file) = object::File::parse(m.data) else {
            continue;
        };
        for sym in file.symbols() {
            if sym.is_global() && sym.is_definition() {
                if let Ok(name) = sym.name_bytes() {
                    index.entry(name).or_insert(mi);
                }
            }
        }
    }
}

fn basename(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}
