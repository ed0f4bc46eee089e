//! The DWARF line tables of a linked unit's ELF objects, at the addresses the link gave their
//! code: what a profiler shows source lines with (`-perf-support`'s debug-info records).
//!
//! The link does not load debug sections. This reads each object's `.debug_*` sections again
//! from its bytes, applies their relocations (an address in a line program is a relocation
//! against the code's section: it becomes that section's address in the link; an offset into
//! a string section stays an offset), and walks the line programs with gimli.

use std::borrow::Cow;

use object::{Object, ObjectSection, ObjectSymbol, RelocationTarget};
use rustc_hash::FxHashMap;

use super::graph::{FileId, LinkGraph, NOT_AN_INPUT_SECTION};

/// One row of a line table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub addr: u64,
    pub line: u32,
    pub discriminator: u32,
    /// The source file's path, absolute when the table says where it was compiled.
    pub file: String,
}

/// A unit's line rows, by sequence (each a contiguous run of code, its rows in address order,
/// with the address its code ends at).
#[derive(Default)]
pub struct LineTables {
    sequences: Vec<(Vec<Line>, u64)>,
}

impl LineTables {
    /// The tables of every ELF object of the unit that has them; objects whose debug
    /// information cannot be read are left out (they only lose their lines).
    pub fn of(graph: &LinkGraph<'_>) -> LineTables {
        let mut bases: FxHashMap<(FileId, u32), u64> = FxHashMap::default();
        for s in &graph.sections {
            if s.input_index == NOT_AN_INPUT_SECTION {
                continue;
            }
            if let Some(&b) = s.blocks.iter().find(|&&b| graph.blocks[b as usize].live) {
                let block = &graph.blocks[b as usize];
                let start = graph.block_addr(b).wrapping_sub(block.input_offset);
                bases.insert((s.file, s.input_index), start);
            }
        }
        let mut tables = LineTables::default();
        for (file, data) in graph.file_data.iter().enumerate() {
            let file = file as FileId;
            if data.starts_with(b"\x7fELF") {
                let base = |index: usize| bases.get(&(file, index as u32)).copied();
                if let Some(sequences) = read_object(data, base) {
                    tables.sequences.extend(sequences);
                }
            }
        }
        tables.sequences.sort_by_key(|(rows, _)| rows[0].addr);
        tables
    }

    /// The rows for the code in `[start, start + size)`, as LLVM's DWARFContext gives them for
    /// an address range: the row in effect at `start` (the last at or before it), then every
    /// later row before the end.
    pub fn for_range(&self, start: u64, size: u64) -> Vec<&Line> {
        let end = start.saturating_add(size);
        let k = self
            .sequences
            .partition_point(|(rows, _)| rows[0].addr <= start);
        let Some((rows, seq_end)) = k.checked_sub(1).map(|k| &self.sequences[k]) else {
            return Vec::new();
        };
        if start >= *seq_end {
            return Vec::new();
        }
        let first = rows.partition_point(|r| r.addr <= start) - 1;
        rows[first..].iter().take_while(|r| r.addr < end).collect()
    }
}

/// One object's sequences; `base` gives the link address of its section `index`, when the
/// link loaded it.
fn read_object(data: &[u8], base: impl Fn(usize) -> Option<u64>) -> Option<Vec<(Vec<Line>, u64)>> {
    let obj = object::File::parse(data).ok()?;
    obj.section_by_name(".debug_line")?;
    let endian = if obj.is_little_endian() {
        gimli::RunTimeEndian::Little
    } else {
        gimli::RunTimeEndian::Big
    };
    let load = |id: gimli::SectionId| -> Result<Cow<'_, [u8]>, gimli::Error> {
        Ok(match obj.section_by_name(id.name()) {
            Some(section) => relocated(&obj, &section, &base).unwrap_or(Cow::Borrowed(&[])),
            None => Cow::Borrowed(&[]),
        })
    };
    let sections = gimli::DwarfSections::load(load).ok()?;
    let dwarf = sections.borrow(|s| gimli::EndianSlice::new(s, endian));
    let mut out = Vec::new();
    let mut units = dwarf.units();
    while let Ok(Some(header)) = units.next() {
        let Ok(unit) = dwarf.unit(header) else {
            continue;
        };
        let Some(program) = unit.line_program.clone() else {
            continue;
        };
        let comp_dir = unit
            .comp_dir
            .map(|d| d.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut names: FxHashMap<u64, String> = FxHashMap::default();
        let mut rows = program.rows();
        let mut current: Vec<Line> = Vec::new();
        while let Ok(Some((header, row))) = rows.next_row() {
            if row.end_sequence() {
                if !current.is_empty() {
                    out.push((std::mem::take(&mut current), row.address()));
                }
                continue;
            }
            let index = row.file_index();
            let file = match names.get(&index) {
                Some(f) => f.clone(),
                None => {
                    let f = file_name(&dwarf, &unit, header, index, &comp_dir);
                    names.insert(index, f.clone());
                    f
                }
            };
            current.push(Line {
                addr: row.address(),
                line: row.line().map_or(0, |l| l.get() as u32),
                discriminator: row.discriminator() as u32,
                file,
            });
        }
    }
    Some(out)
}

type Slice<'d> = gimli::EndianSlice<'d, gimli::RunTimeEndian>;

fn file_name(
    dwarf: &gimli::Dwarf<Slice<'_>>,
    unit: &gimli::Unit<Slice<'_>>,
    header: &gimli::LineProgramHeader<Slice<'_>>,
    index: u64,
    comp_dir: &str,
) -> String {
    let Some(entry) = header.file(index) else {
        return String::new();
    };
    let text = |attr| {
        dwarf
            .attr_string(unit, attr)
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let name = text(entry.path_name());
    if name.starts_with('/') {
        return name;
    }
    let mut dir = entry.directory(header).map(text).unwrap_or_default();
    if !dir.starts_with('/') && !comp_dir.is_empty() {
        dir = if dir.is_empty() {
            comp_dir.to_string()
        } else {
            format!("{comp_dir}/{dir}")
        };
    }
    if dir.is_empty() {
        name
    } else {
        format!("{dir}/{name}")
    }
}

/// A debug section's bytes with its relocations applied: `S + A`, where S is the target
/// symbol's address in its section plus that section's link address (0 for a section the
/// link did not load, so that offsets into string sections stay offsets).
fn relocated<'d>(
    obj: &object::File<'d>,
    section: &object::Section<'d, '_>,
    base: &impl Fn(usize) -> Option<u64>,
) -> Option<Cow<'d, [u8]>> {
    let data = section.data().ok()?;
    let mut relocations = section.relocations().peekable();
    if relocations.peek().is_none() {
        return Some(Cow::Borrowed(data));
    }
    let mut bytes = data.to_vec();
    let little = obj.is_little_endian();
    for (offset, reloc) in relocations {
        let (section_index, value) = match reloc.target() {
            RelocationTarget::Symbol(i) => {
                let sym = obj.symbol_by_index(i).ok()?;
                (sym.section_index().map(|s| s.0), sym.address())
            }
            RelocationTarget::Section(s) => (Some(s.0), 0),
            _ => continue,
        };
        let s = section_index
            .and_then(base)
            .unwrap_or(0)
            .wrapping_add(value);
        let v = s.wrapping_add(reloc.addend() as u64);
        let n = usize::from(reloc.size() / 8);
        let Some(field) = usize::try_from(offset)
            .ok()
            .and_then(|at| bytes.get_mut(at..at.checked_add(n)?))
        else {
            continue;
        };
        match (n, little) {
            (8, true) => field.copy_from_slice(&v.to_le_bytes()),
            (8, false) => field.copy_from_slice(&v.to_be_bytes()),
            (4, true) => field.copy_from_slice(&(v as u32).to_le_bytes()),
            (4, false) => field.copy_from_slice(&(v as u32).to_be_bytes()),
            _ => {}
        }
    }
    Some(Cow::Owned(bytes))
}
