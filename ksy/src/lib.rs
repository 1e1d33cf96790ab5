//! Kaitai Struct schemas (`.ksy`) compiled to zerowire.
//!
//! A schema goes in; Rust comes out that a person could have written: structs
//! with `#[derive(zerowire::Decode)]` and the attributes of zerowire's derive,
//! the schema's `doc` as rustdoc. The decoded values borrow their bytes from
//! the input.
//!
//! In `build.rs`, in the style of prost-build:
//!
//! ```no_run
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     zerowire_ksy::Compiler::new()
//!         .include("schemas/common")
//!         .compile_to_out_dir(&["schemas/toy.ksy"])?;
//!     Ok(())
//! }
//! ```
//!
//! and in the crate, `include!(concat!(env!("OUT_DIR"), "/toy.rs"));`.
//! The command-line tool `zerowire-ksy compile SCHEMA.ksy -o OUT.rs` is a thin
//! layer over the same [`Compiler`].
//!
//! A schema the compiler cannot translate is an [`Error`]: each
//! [`Diagnostic`] names the file, line and column, renders as rustc does, and
//! says when the problem is a Kaitai feature not supported yet
//! ([`Diagnostic::unsupported_feature`]).
#![forbid(unsafe_code)]

mod diag;
mod emit;
mod expr;
pub mod kst;
mod lint;
mod resolve;
mod schema;
mod translate;
mod yaml;

use std::path::{Path, PathBuf};

pub use diag::{Diagnostic, Error};

/// Compiles schemas, resolving their imports in the schema's folder and in
/// the include folders.
#[derive(Debug, Clone, Default)]
pub struct Compiler {
    includes: Vec<PathBuf>,
    deny_warnings: bool,
    opaque: Vec<(String, String)>,
}

/// What a schema compiled to.
#[derive(Debug, Clone)]
pub struct Output {
    /// The formatted Rust source.
    pub rust: String,
    /// The Rust name of the schema's root type (`nav_parent` gives `NavParent`).
    pub root_type: String,
    /// Every schema file read: the schema and its imports.
    pub files: Vec<PathBuf>,
    /// Where the schemas depart from Kaitai's style guide (non-canonical
    /// encoding names, `len_`/`num_` attribute names), as the official
    /// compiler warns; each with its file, line and column.
    pub warnings: Vec<Diagnostic>,
}

/// How many files one import chain may pull in before it is refused.
const MAX_FILES: usize = 256;

impl Compiler {
    pub fn new() -> Self {
        Compiler::default()
    }

    /// Adds a folder where imports are looked up (`/common/x` and `x` both).
    pub fn include(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.includes.push(dir.into());
        self
    }

    /// Makes the style guide's warnings errors (as a strict CI would, and as
    /// Kaitai's own test suite checks them).
    pub fn deny_warnings(&mut self, deny: bool) -> &mut Self {
        self.deny_warnings = deny;
        self
    }

    /// Maps a type that a schema with `ks-opaque-types: true` uses but does not
    /// define (Kaitai's opaque types) to a Rust type that decodes alone, a
    /// `zerowire::Codec`: `opaque_type("hello_world", "crate::hello::HelloWorld")`,
    /// with `<'a>` where it borrows from the input (as prost-build's
    /// `extern_path` maps a message to a type of its own).
    pub fn opaque_type(&mut self, kaitai: impl Into<String>, rust: impl Into<String>) -> &mut Self {
        self.opaque.push((kaitai.into(), rust.into()));
        self
    }

    /// Compiles one schema file with its imports to Rust source.
    pub fn compile(&self, schema: impl AsRef<Path>) -> Result<Output, Error> {
        let path = schema.as_ref();
        let source = std::fs::read_to_string(path).map_err(|e| {
            Error::from(
                Diagnostic::new(format!("cannot read `{}`: {e}", path.display()), 0..0)
                    .in_file(path, ""),
            )
        })?;
        self.compile_source(path, &source)
    }

    /// Compiles a schema given as text; `path` names it in diagnostics and
    /// anchors its relative imports.
    pub fn compile_source(&self, path: &Path, source: &str) -> Result<Output, Error> {
        self.with_model(path, source, |_| Ok(String::new()))
            .map(|(out, _)| out)
    }

    /// Compiles a schema and hands its model to `extra`, whose diagnostics
    /// point into the schema too.
    fn with_model(
        &self,
        path: &Path,
        source: &str,
        extra: impl FnOnce(&resolve::Model<'_>) -> Result<String, (usize, Diagnostic)>,
    ) -> Result<(Output, String), Error> {
        let mut files: Vec<(PathBuf, String)> = vec![(path.to_path_buf(), source.to_owned())];
        let mut specs = Vec::new();
        let mut warnings = Vec::new();
        let mut i = 0;
        while i < files.len() {
            let (file, text) = files[i].clone();
            let node = yaml::parse(&text).map_err(|d| d.in_file(&file, &text))?;
            let spec = schema::read(&node).map_err(|d| d.in_file(&file, &text))?;
            for import in &spec.meta.imports {
                let found = self.find_import(&file, &import.value).ok_or_else(|| {
                    Diagnostic::new(
                        format!("cannot find the imported schema `{}`", import.value),
                        import.span.clone(),
                    )
                    .in_file(&file, &text)
                })?;
                if !files.iter().any(|(f, _)| same_file(f, &found)) {
                    if files.len() >= MAX_FILES {
                        return Err(Diagnostic::new(
                            format!("more than {MAX_FILES} schemas imported"),
                            import.span.clone(),
                        )
                        .in_file(&file, &text)
                        .into());
                    }
                    let text = std::fs::read_to_string(&found).map_err(|e| {
                        Diagnostic::new(
                            format!("cannot read `{}`: {e}", found.display()),
                            import.span.clone(),
                        )
                        .in_file(&file, &files[i].1)
                    })?;
                    files.push((found, text));
                }
            }
            let mut found = Vec::new();
            lint::lint(&spec, &mut found);
            warnings.extend(found.into_iter().map(|d| d.in_file(&file, &text)));
            specs.push(spec);
            i += 1;
        }
        let located = |(file, d): (usize, Diagnostic)| -> Error {
            d.in_file(&files[file].0, &files[file].1).into()
        };
        let opaque = self
            .opaque
            .iter()
            .map(|(name, rust)| resolve::Opaque {
                name: name.clone(),
                rust: rust.clone(),
            })
            .collect();
        let model = resolve::resolve(&specs, opaque).map_err(located)?;
        let code = emit::emit(&model).map_err(located)?;
        let rust = emit::format(&code).map_err(|e| {
            Error::from(Diagnostic::new(format!("internal error: {e}"), 0..0).in_file(path, source))
        })?;
        // Errors first; then, denied, the warnings.
        if self.deny_warnings && !warnings.is_empty() {
            return Err(Error {
                diagnostics: warnings,
            });
        }
        let root_type = model.types[model.roots[0]].rust.clone();
        let extra = extra(&model).map_err(located)?;
        Ok((
            Output {
                rust,
                root_type,
                files: files.into_iter().map(|(f, _)| f).collect(),
                warnings,
            },
            extra,
        ))
    }

    /// Compiles each schema to `OUT_DIR/<schema file stem>.rs` and prints the
    /// `cargo:rerun-if-changed` lines for every file read (for `build.rs`).
    pub fn compile_to_out_dir(&self, schemas: &[impl AsRef<Path>]) -> Result<Vec<PathBuf>, Error> {
        let out = std::env::var_os("OUT_DIR")
            .map(PathBuf::from)
            .ok_or_else(|| {
                Error::from(Diagnostic::new(
                    "`OUT_DIR` is not set: call this from a build script",
                    0..0,
                ))
            })?;
        self.compile_to(schemas, &out, true)
    }

    /// Compiles each schema to `<out>/<schema file stem>.rs`; with `rerun`,
    /// prints `cargo:rerun-if-changed` for every file read.
    pub fn compile_to(
        &self,
        schemas: &[impl AsRef<Path>],
        out: &Path,
        rerun: bool,
    ) -> Result<Vec<PathBuf>, Error> {
        let mut written = Vec::new();
        for schema in schemas {
            let schema = schema.as_ref();
            let output = self.compile(schema)?;
            let stem = schema
                .file_stem()
                .map_or_else(|| "schema".into(), |s| s.to_string_lossy().into_owned());
            let target = out.join(format!("{stem}.rs"));
            std::fs::write(&target, &output.rust).map_err(|e| {
                Error::from(Diagnostic::new(
                    format!("cannot write `{}`: {e}", target.display()),
                    0..0,
                ))
            })?;
            if rerun {
                for f in &output.files {
                    println!("cargo:rerun-if-changed={}", f.display());
                }
                // Cargo shows a build script's warnings, one line each.
                for w in &output.warnings {
                    let at = match (w.path(), w.line_column()) {
                        (Some(p), Some((line, col))) => format!("{}:{line}:{col}: ", p.display()),
                        _ => String::new(),
                    };
                    println!("cargo:warning={at}{}", w.message());
                }
            }
            written.push(target);
        }
        Ok(written)
    }

    /// `x` or `../x` beside the importing schema, or `/common/x` in an include folder.
    fn find_import(&self, from: &Path, name: &str) -> Option<PathBuf> {
        let file = format!("{}.ksy", name.trim_start_matches('/'));
        let mut candidates = Vec::new();
        if !name.starts_with('/') {
            if let Some(dir) = from.parent() {
                candidates.push(dir.join(&file));
            }
        }
        candidates.extend(self.includes.iter().map(|d| d.join(&file)));
        candidates.into_iter().find(|c| c.is_file())
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// Kaitai's `/`: rounds toward negative infinity.
fn math_floor_div(a: i128, b: i128) -> Option<i128> {
    let q = a.checked_div(b)?;
    if a.checked_rem(b)? != 0 && ((a < 0) != (b < 0)) {
        q.checked_sub(1)
    } else {
        Some(q)
    }
}

/// Kaitai's `%`: the remainder with the sign of the divisor.
fn math_floor_rem(a: i128, b: i128) -> Option<i128> {
    let r = a.checked_rem(b)?;
    if r != 0 && ((r < 0) != (b < 0)) {
        r.checked_add(b)
    } else {
        Some(r)
    }
}
