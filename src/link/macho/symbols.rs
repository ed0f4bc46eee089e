//! Mach-O symbol table entries to graph symbols.

use object::macho;
use object::read::macho::Nlist;
use object::LittleEndian as LE;

use super::{NSym, Nlist64, Reader, NO_SYMBOL};
use crate::error::{Error, Result};
use crate::link::graph::{Def, Linkage, Scope, Symbol};
use crate::link::resolve::{self, Definition};

impl<'a> Reader<'a, '_> {
    /// Enters one symbol table entry into the graph.
    pub(super) fn read_symbol(
        &mut self,
        index: usize,
        n: &Nlist64,
        addrs: &[Vec<u64>],
        strings: object::StringTable<'a>,
    ) -> Result<NSym> {
        let none = NSym {
            id: NO_SYMBOL,
            addr: 0,
            at: None,
        };
        let n_type = n.n_type();
        if n_type & macho::N_STAB != 0 {
            return Ok(none);
        }
        let name = n
            .name(LE, strings)
            .map_err(|_| Error::new("name offset is outside the string table"))?;
        let name: &'a [u8] = name;
        let shown = crate::error::printable(name);
        let desc = n.n_desc(LE);
        let value = n.n_value(LE);
        let external = n_type & macho::N_EXT != 0;
        if external && name.is_empty() {
            // Nothing could name it: a global needs a name to be resolved by.
            return Err(Error::new(
                "an external symbol has no name (anonymous external symbols are not supported)",
            )
            .with_llvm(format!(
                "Symbol at index {index} has no name (string table index {}), but N_EXT bit is set",
                n.n_strx(LE)
            )));
        }
        let mut at = None;
        let mut size = 0;
        let def = match n_type & macho::N_TYPE {
            macho::N_UNDF if external && value != 0 => {
                size = value;
                Def::Common {
                    size: value,
                    align: 1 << ((desc >> 8) & 0xf),
                }
            }
            macho::N_UNDF => Def::Undefined,
            macho::N_ABS => Def::Absolute(value),
            macho::N_SECT => {
                let i = (n.n_sect() as usize).wrapping_sub(1);
                let Some(sect) = self.sects.get(i) else {
                    return Err(Error::new(format!(
                        "'{shown}' is in section {}, which does not exist",
                        n.n_sect()
                    )));
                };
                let offset = value.wrapping_sub(sect.addr);
                if value < sect.addr || offset > sect.size {
                    return Err(Error::new(format!(
                        "'{shown}' at {value:#x} lies outside its section {}",
                        sect.name
                    )));
                }
                // Up to the next symbol of the section, or the section's end.
                let list = &addrs[i];
                let next = list.partition_point(|&a| a <= value);
                size = list.get(next).copied().unwrap_or(sect.addr + sect.size) - value;
                if !sect.loaded {
                    Def::Discarded
                } else {
                    let (block, offset) = self
                        .locate(i, offset)
                        .ok_or_else(|| Error::new(format!("'{shown}' lies in no block")))?;
                    at = Some((block, offset));
                    size = size.min(self.graph.blocks[block as usize].size() - offset);
                    if desc & macho::N_NO_DEAD_STRIP != 0 {
                        let s = self.graph.blocks[block as usize].section;
                        self.graph.sections[s as usize].retain = true;
                    }
                    Def::Block { block, offset }
                }
            }
            other => {
                return Err(Error::new(format!(
                    "'{shown}' has unsupported symbol type {other:#x} (N_INDR/N_PBUD)"
                )))
            }
        };
        let scope = if !external {
            Scope::Local
        } else if n_type & macho::N_PEXT != 0 {
            Scope::Hidden
        } else {
            Scope::Default
        };
        let defined = !matches!(def, Def::Undefined);
        let linkage = if defined && desc & macho::N_WEAK_DEF != 0 {
            Linkage::Weak
        } else {
            Linkage::Strong
        };
        let id = if scope == Scope::Local {
            self.graph.add_symbol(Symbol {
                raw_name: name,
                file: self.file,
                def,
                size,
                linkage,
                scope,
                weak_ref: false,
                tls: false,
                // A no_dead_strip local is kept (its section is retained) and stays nameable.
                live: at.is_some() && desc & macho::N_NO_DEAD_STRIP != 0,
            })
        } else {
            let id = self.graph.global(name, self.file);
            match def {
                Def::Undefined => resolve::reference(self.graph, id, desc & macho::N_WEAK_REF != 0),

                def => resolve::define(
                    self.graph,
                    id,
                    Definition {
                        def,
                        linkage,
                        scope,
                        size,
                        file: self.file,
                    },
                )?,
            }
            id
        };
        Ok(NSym {
            id,
            addr: value,
            at,
        })
    }
}
