//! `-weak_library FILE` (llvm-jitlink's): a library the program is weak-linked against and that
//! need not exist where it runs. The names it exports resolve as found, or to 0 when nothing
//! defines them (a weak import), instead of being undefined. FILE is a Mach-O dylib, or a
//! text-based stub (`.tbd`, whose `exports` list the names).

use std::path::Path;

use crate::error::{Error, Result};

/// The names `path` exports.
pub fn exported_names(path: &Path) -> Result<Vec<Vec<u8>>> {
    let shown = path.display();
    let data = std::fs::read(path).map_err(|e| Error::new(format!("{shown}: {e}")))?;
    if data.starts_with(b"--- !tapi-tbd") || data.starts_with(b"---") {
        return Ok(tbd_exports(&String::from_utf8_lossy(&data)));
    }
    // A universal dylib: what any of its slices exports.
    if let Ok(fat) = object::read::macho::MachOFatFile32::parse(&*data) {
        use object::read::macho::FatArch;
        let mut names = Vec::new();
        for arch in fat.arches() {
            let slice = arch
                .data(&*data)
                .map_err(|e| Error::new(format!("{shown}: {e}")))?;
            names.extend(dylib_exports(slice, path)?);
        }
        return Ok(names);
    }
    dylib_exports(&data, path)
}

fn dylib_exports(data: &[u8], path: &Path) -> Result<Vec<Vec<u8>>> {
    use object::{Object, ObjectSymbol};
    let file = object::File::parse(data).map_err(|e| {
        Error::new(format!(
            "{}: -weak_library needs a Mach-O dylib or a .tbd stub ({e})",
            path.display()
        ))
    })?;
    Ok(file
        .symbols()
        .filter(|s| s.is_global() && !s.is_undefined())
        .filter_map(|s| s.name_bytes().ok().map(<[u8]>::to_vec))
        .collect())
}

/// The symbol names of a text-based stub's `exports` (and `reexports`): every entry of their
/// `symbols:`, `weak-symbols:` and `thread-local-symbols:` lists, flow style (`[ a, b ]`,
/// possibly over several lines), as TAPI writes them.
fn tbd_exports(text: &str) -> Vec<Vec<u8>> {
    let mut names = Vec::new();
    let mut in_exports = false;
    let mut rest = text;
    while let Some(line_end) = rest.find('\n').or((!rest.is_empty()).then_some(rest.len())) {
        let line = &rest[..line_end];
        let key = line.trim_start();
        if !line.is_empty() && !line.starts_with(' ') && !line.starts_with('-') {
            in_exports = key.starts_with("exports:") || key.starts_with("reexports:");
        }
        let list = ["symbols:", "weak-symbols:", "thread-local-symbols:"]
            .iter()
            .find_map(|k| key.strip_prefix("- ").unwrap_or(key).strip_prefix(k));
        if let (true, Some(after)) = (in_exports, list) {
            // From here to the closing bracket, maybe on a later line.
            let start = line_end - after.len();
            let from = &rest[start..];
            if let (Some(open), Some(close)) = (from.find('['), from.find(']')) {
                if open < close {
                    names.extend(
                        from[open + 1..close]
                            .split(',')
                            .map(|n| n.trim().trim_matches(|c| c == '\'' || c == '"'))
                            .filter(|n| !n.is_empty())
                            .map(|n| n.as_bytes().to_vec()),
                    );
                    let consumed = start + close;
                    rest = &rest[(consumed + 1).min(rest.len())..];
                    continue;
                }
            }
        }
        rest = &rest[(line_end + 1).min(rest.len())..];
    }
    names
}

#[cfg(test)]
mod tests {
    use super::tbd_exports;

    #[test]
    fn tbd_export_lists() {
        let text = "--- !tapi-tbd\ntbd-version: 4\ntargets:  [ arm64-macos ]\nexports:\n  - targets: [ arm64-macos ]\n    symbols: [ _foo, _bar,\n               _baz ]\n    weak-symbols: [ _w ]\nundefineds:\n  - targets: [ arm64-macos ]\n    symbols: [ _not_exported ]\n...\n";
        let names: Vec<String> = tbd_exports(text)
            .into_iter()
            .map(|n| String::from_utf8(n).unwrap())
            .collect();
        assert_eq!(names, ["_foo", "_bar", "_baz", "_w"]);
    }
}
