//! One error type for the whole tool: a single line of text that already carries its context
//! (file, section, offset, relocation, symbol), so the binary only has to print it.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(String, Option<Box<str>>);

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(msg: impl Into<String>) -> Self {
        Error(msg.into(), None)
    }

    /// The same error as llvm-jitlink-22 words it, for the `llvm-jitlink` face (where tests
    /// and scripts match its messages).
    pub fn with_llvm(self, llvm: impl Into<String>) -> Self {
        Error(self.0, Some(llvm.into().into_boxed_str()))
    }

    /// Prefixes the message with `ctx: `, e.g. the input file's name. (llvm-jitlink's wording,
    /// if the error has one, already says where it is.)
    pub fn context(self, ctx: impl fmt::Display) -> Self {
        Error(format!("{ctx}: {}", self.0), self.1)
    }

    pub fn message(&self) -> &str {
        &self.0
    }

    /// The message as llvm-jitlink-22 words it: its own wording where rjitlink knows it, else
    /// rjitlink's.
    pub fn llvm_message(&self) -> &str {
        self.1.as_deref().unwrap_or(&self.0)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl From<object::Error> for Error {
    fn from(e: object::Error) -> Self {
        Error::new(format!("malformed object: {e}"))
    }
}

/// A name from an input file (bytes: names need not be UTF-8), made safe for a one-line
/// message: control characters (a newline in a hostile symbol name) and bytes that are not
/// UTF-8 are shown escaped (`\n`, `\xff`).
pub fn printable<T: AsRef<[u8]> + ?Sized>(name: &T) -> std::borrow::Cow<'_, str> {
    let bytes = name.as_ref();
    match std::str::from_utf8(bytes) {
        Ok(s) if !s.chars().any(char::is_control) => std::borrow::Cow::Borrowed(s),
        _ => {
            let mut out = String::new();
            for chunk in bytes.utf8_chunks() {
                out.extend(chunk.valid().chars().flat_map(char::escape_default));
                for b in chunk.invalid() {
                    out.push_str(&format!("\\x{b:02x}"));
                }
            }
            std::borrow::Cow::Owned(out)
        }
    }
}

/// `bail!("...")` returns an `Error` built with `format!`.
#[macro_export]
macro_rules! bail {
    ($($arg:tt)*) => { return Err($crate::error::Error::new(format!($($arg)*))) };
}

/// Adds context to any `Result<T, Error>`.
pub trait ResultExt<T> {
    fn context(self, ctx: impl fmt::Display) -> Result<T>;
}

impl<T, E: Into<Error>> ResultExt<T> for std::result::Result<T, E> {
    fn context(self, ctx: impl fmt::Display) -> Result<T> {
        self.map_err(|e| e.into().context(ctx))
    }
}
