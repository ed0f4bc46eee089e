//! `-check`: the jitlink-check expression language of llvm-jitlink (RuntimeDyldChecker).
//!
//! A rule is `# jitlink-check: LHS = RHS` (split at the first `=`; a trailing `\` continues it
//! on the next rule line). Expressions are 64-bit wrapping arithmetic, strictly left to right:
//! `+ - & | << >>`, parentheses, numbers, symbol names, loads `*{N}expr` (the load takes the
//! whole expression after it, as in llvm-jitlink), bit slices `e[hi:lo]` and the builtins
//! `got_addr(file, sym)`, `stub_addr(file, sym)`, `section_addr(file, section)`,
//! `decode_operand(sym [+ off], i)` and `next_pc(sym)` (the last two disassemble the linked bytes
//! with [`crate::decode`], operands numbered as LLVM MC numbers them). Unlike llvm-jitlink,
//! whitespace is allowed everywhere.
//!
//! Addresses are target addresses; a load reads the working memory that holds that address,
//! which is what llvm-jitlink's "load context" amounts to.

use std::path::Path;

use crate::decode::{self, Instruction};
use crate::error::{Error, Result};
use crate::link::summary::{Summary, SymbolFacts};

/// What rules are evaluated against: a linked unit's [`Summary`] and its working memory.
#[derive(Clone, Copy)]
pub struct Subject<'u> {
    pub unit: &'u Summary,
    pub working: &'u [u8],
}

/// Evaluates every rule in `file`; reports each failure on stderr and fails if any failed or
/// if the file holds no rule.
pub fn run_file(linked: Subject<'_>, file: &Path, check_name: &str) -> Result<()> {
    if !linked.unit.image {
        return Err(Error::new(
            "internal error: -check on a link built without its image",
        ));
    }
    let text = std::fs::read_to_string(file)
        .map_err(|e| Error::new(format!("{}: {e}", file.display())))?;
    let rules = find_rules(&text, check_name);
    let mut failed = rules.is_empty();
    if rules.is_empty() {
        eprintln!("{}: no '# {check_name}:' rules found", file.display());
    }
    for rule in &rules {
        match evaluate_rule(linked, rule) {
            Ok(None) => {}
            Ok(Some((l, r))) => {
                eprintln!("Expression '{rule}' is false: {l:#x} != {r:#x}");
                failed = true;
            }
            Err(e) => {
                eprintln!("Error evaluating expression '{rule}': {e}");
                failed = true;
            }
        }
    }
    if failed {
        return Err(Error::new(format!(
            "some checks in {} failed",
            file.display()
        )));
    }
    Ok(())
}

/// The rules in `text`, continuation lines joined.
pub fn find_rules(text: &str, check_name: &str) -> Vec<String> {
    let prefix = format!("# {check_name}:");
    let mut rules = Vec::new();
    let mut pending: Option<String> = None;
    for line in text.lines() {
        let Some(body) = line.trim_start().strip_prefix(&prefix) else {
            continue;
        };
        let mut rule = pending.take().unwrap_or_default();
        match body.strip_suffix('\\') {
            Some(head) => {
                rule.push_str(head);
                pending = Some(rule);
            }
            None => {
                rule.push_str(body);
                rules.push(rule.trim().to_string());
            }
        }
    }
    if let Some(rule) = pending {
        rules.push(rule.trim().to_string());
    }
    rules
}

/// `Ok(None)` when the rule holds; `Ok(Some((lhs, rhs)))` when it does not.
pub fn evaluate_rule(linked: Subject<'_>, rule: &str) -> Result<Option<(u64, u64)>> {
    let (lhs, rhs) = rule
        .split_once('=')
        .ok_or_else(|| Error::new("expected 'LHS = RHS'"))?;
    let l = Evaluator::new(linked, lhs).evaluate()?;
    let r = Evaluator::new(linked, rhs).evaluate()?;
    Ok((l != r).then_some((l, r)))
}

struct Evaluator<'l, 's> {
    linked: Subject<'l>,
    text: &'s str,
    pos: usize,
}

impl<'l, 's> Evaluator<'l, 's> {
    fn new(linked: Subject<'l>, text: &'s str) -> Self {
        Evaluator {
            linked,
            text,
            pos: 0,
        }
    }

    fn evaluate(mut self) -> Result<u64> {
        let v = self.expr()?;
        self.skip_ws();
        if self.pos != self.text.len() {
            return Err(self.error("unexpected text"));
        }
        Ok(v)
    }

    fn error(&self, what: &str) -> Error {
        Error::new(format!("{what} at '{}'", &self.text[self.pos..]))
    }

    fn rest(&self) -> &'s str {
        &self.text[self.pos..]
    }

    fn skip_ws(&mut self) {
        let trimmed = self.rest().trim_start();
        self.pos = self.text.len() - trimmed.len();
    }

    fn eat(&mut self, token: &str) -> bool {
        self.skip_ws();
        if self.rest().starts_with(token) {
            self.pos += token.len();
            true
        } else {
            false
        }
    }

    fn expect_token(&mut self, token: &str) -> Result<()> {
        if self.eat(token) {
            Ok(())
        } else {
            Err(self.error(&format!("expected '{token}'")))
        }
    }

    fn expr(&mut self) -> Result<u64> {
        let mut value = self.simple()?;
        loop {
            let op = ["<<", ">>", "+", "-", "&", "|"]
                .into_iter()
                .find(|op| self.eat(op));
            let Some(op) = op else { return Ok(value) };
            let rhs = self.simple()?;
            value = match op {
                "+" => value.wrapping_add(rhs),
                "-" => value.wrapping_sub(rhs),
                "&" => value & rhs,
                "|" => value | rhs,
                "<<" => value.checked_shl(rhs as u32).unwrap_or(0),
                _ => value.checked_shr(rhs as u32).unwrap_or(0),
            };
        }
    }

    fn simple(&mut self) -> Result<u64> {
        self.skip_ws();
        let value = if self.eat("(") {
            let v = self.expr()?;
            self.expect_token(")")?;
            v
        } else if self.eat("*{") {
            let size = self.number()?;
            self.expect_token("}")?;
            // The load takes the whole expression after it: `*{8}x + 8` loads from x+8.
            let addr = self.expr()?;
            return self.load(addr, size);
        } else if self.rest().starts_with(|c: char| c.is_ascii_digit()) {
            self.number()?
        } else {
            let name = self.identifier()?;
            match name {
                "got_addr" | "stub_addr" | "section_addr" => self.builtin(name)?,
                "decode_operand" => self.decode_operand()?,
                "tpoff" | "dtpoff" => self.tls_offset(name)?,
                "next_pc" => self.next_pc()?,
                _ => self.symbol(name)?,
            }
        };
        if self.eat("[") {
            let hi = self.number()?;
            self.expect_token(":")?;
            let lo = self.number()?;
            self.expect_token("]")?;
            if hi < lo || hi > 64 {
                return Err(Error::new(format!("invalid slice [{hi}:{lo}]")));
            }
            let width = hi - lo + 1;
            let mask = if width >= 64 {
                u64::MAX
            } else {
                (1u64 << width) - 1
            };
            return Ok(value.checked_shr(lo as u32).unwrap_or(0) & mask);
        }
        Ok(value)
    }

    fn number(&mut self) -> Result<u64> {
        self.skip_ws();
        let rest = self.rest();
        let (digits, radix, skip) =
            match rest.strip_prefix("0x").or_else(|| rest.strip_prefix("0X")) {
                Some(hex) => (hex, 16, 2),
                None => (rest, 10, 0),
            };
        let len = digits
            .find(|c: char| !c.is_digit(radix))
            .unwrap_or(digits.len());
        if len == 0 {
            return Err(self.error("expected a number"));
        }
        let v = u64::from_str_radix(&digits[..len], radix)
            .map_err(|_| self.error("number too large"))?;
        self.pos += skip + len;
        Ok(v)
    }

    fn identifier(&mut self) -> Result<&'s str> {
        self.skip_ws();
        let rest = self.rest();
        let first_ok = rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | ':' | '.' | '$')))
            .unwrap_or(rest.len());
        if !first_ok || len == 0 {
            return Err(self.error("expected a symbol, number, '(' or '*{'"));
        }
        self.pos += len;
        Ok(&rest[..len])
    }

    /// Raw text up to (not including) one of `stops`, trimmed: builtin arguments such as file
    /// and section names, which may contain characters identifiers cannot.
    fn raw_argument(&mut self, stops: &[char]) -> Result<&'s str> {
        let rest = self.rest();
        let len = rest
            .find(stops)
            .ok_or_else(|| self.error("unterminated builtin call"))?;
        self.pos += len;
        Ok(rest[..len].trim())
    }

    fn builtin(&mut self, name: &str) -> Result<u64> {
        self.expect_token("(")?;
        let file = self.raw_argument(&[','])?;
        self.expect_token(",")?;
        let unit = self.linked.unit;
        if !unit.files.iter().any(|f| f == file) {
            return Err(Error::new(format!("no file named \"{file}\" in the link")));
        }
        let value = if name == "section_addr" {
            let section = self.raw_argument(&[')'])?;
            self.section_addr(file, section)?
        } else {
            let sym_name = self.raw_argument(&[',', ')'])?;
            if self.eat(",") {
                // The stub-kind regex only matters for AArch32 multi-stubs.
                self.raw_argument(&[')'])?;
            }
            if !unit.symbol(sym_name).is_some_and(|s| s.global) {
                return Err(Error::new(format!("no symbol named \"{sym_name}\"")));
            }
            let (table, what) = if name == "got_addr" {
                (&unit.got, "GOT entry")
            } else {
                (&unit.stubs, "stub")
            };
            *table.get(sym_name.as_bytes()).ok_or_else(|| {
                Error::new(format!(
                    "no {what} for \"{sym_name}\" registered for file \"{file}\""
                ))
            })?
        };
        self.expect_token(")")?;
        Ok(value)
    }

    /// `tpoff(sym)`, `dtpoff(sym)` (rjitlink extensions): a thread-local symbol's offset from
    /// the thread pointer, and its offset in the link's TLS image (two's complement when
    /// negative). With `-noexec` the image is placed as a static linker places an executable's.
    fn tls_offset(&mut self, name: &str) -> Result<u64> {
        self.expect_token("(")?;
        let sym_name = self.identifier()?;
        self.expect_token(")")?;
        let sym = self.lookup_symbol(sym_name)?;
        let Some((dtpoff, tp_offset)) = sym.tls else {
            return Err(Error::new(format!(
                "{name}({sym_name}): '{sym_name}' is not a thread-local symbol of the link"
            )));
        };
        Ok(if name == "tpoff" {
            tp_offset.wrapping_add(dtpoff as i64) as u64
        } else {
            dtpoff
        })
    }

    fn section_addr(&self, file: &str, section: &str) -> Result<u64> {
        let file_key = if section.starts_with('$') { "" } else { file };
        self.linked
            .unit
            .sections
            .get(&(file_key.to_string(), section.to_string()))
            .copied()
            .ok_or_else(|| {
                Error::new(format!(
                    "no section \"{section}\" registered for file \"{file}\""
                ))
            })
    }

    /// `decode_operand(sym [+ off], i)`: operand `i` (LLVM MC numbering) of the instruction at
    /// `sym + off`, which must be an immediate; sign-extended like LLVM's.
    fn decode_operand(&mut self) -> Result<u64> {
        self.expect_token("(")?;
        let name = self.identifier()?;
        let offset = if self.eat("+") { self.number()? } else { 0 };
        self.expect_token(",")?;
        let index = self.number()?;
        self.expect_token(")")?;
        let (_, insn) = self.decode_at(name, offset)?;
        Ok(insn.immediate(index, name)? as u64)
    }

    /// `next_pc(sym)`: the address after the instruction at `sym`.
    fn next_pc(&mut self) -> Result<u64> {
        self.expect_token("(")?;
        let name = self.identifier()?;
        self.expect_token(")")?;
        let (addr, insn) = self.decode_at(name, 0)?;
        Ok(addr.wrapping_add(insn.len as u64))
    }

    /// Decodes the instruction at `name + offset` from the linked bytes: the symbol's address
    /// and the instruction. As in llvm-jitlink, decoding stays inside the symbol's extent; a
    /// symbol without a size (which llvm-jitlink cannot decode at all) extends to the end of its
    /// block.
    fn decode_at(&self, name: &str, offset: u64) -> Result<(u64, Instruction)> {
        let sym = self.lookup_symbol(name)?;
        let fail =
            |why: &str| Error::new(format!("Couldn't decode instruction at '{name}': {why}"));
        let Some((start, end, zero)) = sym.extent else {
            return Err(fail("the symbol has no content in the link"));
        };
        if zero {
            return Err(fail("the symbol is zero-fill"));
        }
        let at = start.saturating_add(offset);
        if at >= end {
            return Err(fail(&format!(
                "offset {offset} is outside the symbol's {} bytes",
                end.saturating_sub(start)
            )));
        }
        let base = self.linked.unit.base;
        let bytes = usize::try_from(at.wrapping_sub(base))
            .ok()
            .zip(usize::try_from(end.wrapping_sub(base)).ok())
            .and_then(|(at, end)| self.linked.working.get(at..end))
            .ok_or_else(|| fail("the symbol is outside the link's memory"))?;
        let insn =
            decode::decode(self.linked.unit.arch.name(), bytes).map_err(|e| fail(e.message()))?;
        let addr = sym.addr.ok_or_else(|| fail("the symbol has no address"))?;
        Ok((addr, insn))
    }

    fn symbol(&self, name: &str) -> Result<u64> {
        let sym = self.lookup_symbol(name)?;
        let hint = if name.starts_with('L') {
            " (perhaps drop the 'L'?)"
        } else {
            ""
        };
        sym.addr
            .ok_or_else(|| Error::new(format!("no known address for symbol '{name}'{hint}")))
    }

    fn lookup_symbol(&self, name: &str) -> Result<&'l SymbolFacts> {
        let hint = if name.starts_with('L') {
            " (perhaps drop the 'L'?)"
        } else {
            ""
        };
        self.linked
            .unit
            .symbol(name)
            .ok_or_else(|| Error::new(format!("no known address for symbol '{name}'{hint}")))
    }

    fn load(&self, addr: u64, size: u64) -> Result<u64> {
        if !matches!(size, 1 | 2 | 4 | 8) {
            return Err(Error::new(format!(
                "invalid load size {size} (1, 2, 4 or 8)"
            )));
        }
        let offset = addr.wrapping_sub(self.linked.unit.base) as usize;
        let working = self.linked.working;
        let bytes = offset
            .checked_add(size as usize)
            .and_then(|end| working.get(offset..end))
            .ok_or_else(|| {
                Error::new(format!(
                    "load of {size} bytes at {addr:#x} is outside the link"
                ))
            })?;
        // In the target's byte order, as llvm-jitlink's checker reads memory.
        crate::arch::read_data(bytes, 0, bytes.len(), self.linked.unit.arch.big_endian())
            .map_err(|_| Error::new(format!("load of {size} bytes at {addr:#x} failed")))
    }
}

#[cfg(test)]
mod tests {
    use super::find_rules;

    #[test]
    fn rules_and_continuations() {
        let text = "  # jitlink-check: a = b\n#jitlink-check: no\n# jitlink-check: c + \\\n# jitlink-check: 1 = d\n; jitlink-check: x = y\n";
        assert_eq!(
            find_rules(text, "jitlink-check"),
            vec!["a = b".to_string(), "c +  1 = d".to_string()]
        );
        assert!(find_rules(text, "other").is_empty());
    }
}
