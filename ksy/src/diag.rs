//! Diagnostics: what is wrong, where in which schema, rendered as rustc does.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, Config};

/// One problem found in a schema, at a byte range of its source.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub(crate) message: String,
    pub(crate) span: Range<usize>,
    pub(crate) notes: Vec<(Range<usize>, String)>,
    /// Set once the diagnostic leaves the schema's own stage.
    pub(crate) file: Option<Box<Located>>,
    /// The Kaitai feature this compiler does not support yet, when that is the problem.
    pub(crate) unsupported: Option<String>,
    /// A style warning (the schema compiles), not an error.
    pub(crate) warning: bool,
}

/// The schema a diagnostic belongs to, with the position it points at.
#[derive(Debug, Clone)]
pub(crate) struct Located {
    path: PathBuf,
    source: String,
    line: usize,
    column: usize,
    /// The place as Kaitai's compiler names it (`/seq/0/size`), when the schema parses.
    yaml_path: Option<String>,
}

impl Diagnostic {
    pub(crate) fn new(message: impl Into<String>, span: Range<usize>) -> Self {
        Diagnostic {
            message: message.into(),
            span,
            notes: Vec::new(),
            file: None,
            unsupported: None,
            warning: false,
        }
    }

    /// A schema that compiles but departs from Kaitai's style guide.
    pub(crate) fn warning(message: impl Into<String>, span: Range<usize>) -> Self {
        let mut d = Diagnostic::new(message, span);
        d.warning = true;
        d
    }

    /// Whether this is a warning (the schema compiled) rather than an error.
    pub fn is_warning(&self) -> bool {
        self.warning
    }

    /// A valid schema that uses a feature this compiler cannot express yet.
    pub(crate) fn unsupported(feature: &str, span: Range<usize>) -> Self {
        let mut d = Diagnostic::new(format!("not supported yet: {feature}"), span);
        d.unsupported = Some(feature.to_owned());
        d
    }

    /// The feature this compiler does not support yet, when that is why the schema failed.
    pub fn unsupported_feature(&self) -> Option<&str> {
        self.unsupported.as_deref()
    }

    pub(crate) fn with_note(mut self, span: Range<usize>, note: impl Into<String>) -> Self {
        self.notes.push((span, note.into()));
        self
    }

    /// Ties the diagnostic to its schema file (the first file given wins).
    pub(crate) fn in_file(mut self, path: &Path, source: &str) -> Self {
        if self.file.is_none() {
            let start = self.span.start.min(source.len());
            let before = &source[..floor_char(source, start)];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            let yaml_path = crate::yaml::parse(source)
                .ok()
                .map(|root| crate::yaml::path_at(&root, start));
            self.file = Some(Box::new(Located {
                path: path.to_path_buf(),
                source: source.to_owned(),
                line,
                column,
                yaml_path,
            }));
        }
        self
    }

    /// What is wrong, without the place.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The schema file, once known.
    pub fn path(&self) -> Option<&Path> {
        self.file.as_ref().map(|f| f.path.as_path())
    }

    /// 1-based line and column (in characters) of the place the diagnostic points at.
    pub fn line_column(&self) -> Option<(usize, usize)> {
        self.file.as_ref().map(|f| (f.line, f.column))
    }

    /// The place in the schema's YAML as Kaitai's compiler names it
    /// (`/seq/0/size`, `/meta/encoding`), when the schema is well-formed YAML.
    pub fn yaml_path(&self) -> Option<&str> {
        self.file.as_ref().and_then(|f| f.yaml_path.as_deref())
    }

    /// The diagnostic as rustc shows one: the message, `--> file:line:column`,
    /// and the schema's lines with the place underlined.
    pub fn render(&self) -> String {
        let Some(file) = &self.file else {
            let level = if self.warning { "warning" } else { "error" };
            return format!("{level}: {}", self.message);
        };
        let name = file.path.display().to_string();
        let files = SimpleFile::new(name, file.source.as_str());
        let clamp = |r: &Range<usize>| {
            let end = r.end.min(file.source.len());
            r.start.min(end)..end
        };
        let mut labels = vec![Label::primary((), clamp(&self.span))];
        labels.extend(
            self.notes
                .iter()
                .map(|(r, n)| Label::secondary((), clamp(r)).with_message(n)),
        );
        let report = if self.warning {
            Report::warning()
        } else {
            Report::error()
        };
        let report = report.with_message(&self.message).with_labels(labels);
        term::emit_into_string(&Config::default(), &files, &report).unwrap_or_else(|_| {
            format!(
                "error: {}\n --> {}:{}:{}\n",
                self.message,
                file.path.display(),
                file.line,
                file.column
            )
        })
    }
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.render().trim_end())
    }
}

/// Why a schema did not compile: every diagnostic found, in source order.
#[derive(Debug, Clone)]
pub struct Error {
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl Error {
    /// Every diagnostic, each with its file, line and column.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error {
            diagnostics: vec![d],
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                f.write_str("\n\n")?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_file_line_and_column() {
        let src = "meta:\n  id: x\nseq:\n  - id: a\n    type: u9\n";
        let at = src.find("u9").unwrap();
        let d = Diagnostic::new("unknown type `u9`", at..at + 2).in_file(Path::new("x.ksy"), src);
        assert_eq!(d.line_column(), Some((5, 11)));
        let text = d.render();
        assert!(text.contains("error: unknown type `u9`"), "{text}");
        assert!(text.contains("x.ksy:5:11"), "{text}");
        assert!(text.contains("^^"), "{text}");
    }
}
