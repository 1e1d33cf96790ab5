//! The Kaitai Struct conformance cases: their binaries and expected values,
//! read from the directory named by `ZEROWIRE_KAITAI_DIR`.
//!
//! A test asks its `Case` for each expected value by path; `finish` fails the
//! test unless every path the manifest lists was asked for, so a port cannot
//! silently skip one.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::Value;
use zerowire::{Error, ErrorKind};

/// The environment variable naming the conformance directory.
pub const DIR_VAR: &str = "ZEROWIRE_KAITAI_DIR";

/// One manifest record with its binary.
pub struct Case {
    name: String,
    pub bytes: Vec<u8>,
    record: Value,
    asked: RefCell<BTreeSet<String>>,
}

/// The case named `name`, or `None` (with a line on stderr) when the variable is unset.
/// With the variable set, a missing directory, manifest, record or file fails the test.
pub fn case(name: &str) -> Option<Case> {
    let Some(dir) = std::env::var_os(DIR_VAR).map(PathBuf::from) else {
        eprintln!("kaitai conformance case `{name}` did not run: {DIR_VAR} is not set");
        return None;
    };
    let manifest = dir.join("manifest.json");
    let text = std::fs::read_to_string(&manifest)
        .unwrap_or_else(|e| panic!("{DIR_VAR}: cannot read {}: {e}", manifest.display()));
    let records: Vec<Value> = serde_json::from_str(&text).expect("manifest.json is JSON");
    let record = records
        .into_iter()
        .find(|r| r["name"] == name)
        .unwrap_or_else(|| panic!("no record `{name}` in {}", manifest.display()));
    let bin = dir.join(record["bin"].as_str().expect("bin is a string"));
    let bytes =
        std::fs::read(&bin).unwrap_or_else(|e| panic!("cannot read {}: {e}", bin.display()));
    Some(Case {
        name: name.to_owned(),
        bytes,
        record,
        asked: RefCell::default(),
    })
}

impl Case {
    fn expected(&self, path: &str) -> &Value {
        self.asked.borrow_mut().insert(path.to_owned());
        self.record["expected"]
            .get(path)
            .unwrap_or_else(|| panic!("{}: the manifest expects nothing at `{path}`", self.name))
    }

    /// The expected integer at `path` (any width, signed or not).
    pub fn int(&self, path: &str) -> i128 {
        let value = self.expected(path);
        value
            .to_string()
            .parse()
            .unwrap_or_else(|_| panic!("{}: `{path}` is not an integer: {value}", self.name))
    }

    /// The expected boolean at `path`.
    pub fn bool(&self, path: &str) -> Option<bool> {
        self.expected(path).as_bool()
    }

    /// Asserts that `actual` is the expected integer at `path`.
    pub fn check_int(&self, path: &str, actual: impl Into<i128>) {
        assert_eq!(actual.into(), self.int(path), "{}: {path}", self.name);
    }

    /// Asserts that `actual` is the raw `{"hex": ...}` the manifest's
    /// `expected_raw` gives for `path` (stretch cases).
    pub fn check_raw(&self, path: &str, actual: &[u8]) {
        let hex: String = actual.iter().map(|b| format!("{b:02x}")).collect();
        let expected = &self.record["expected_raw"][path]["hex"];
        assert_eq!(
            Some(hex.as_str()),
            expected.as_str(),
            "{}: raw {path}",
            self.name
        );
    }

    /// Asserts the expected `{"enum": NAME, "value": N}` at `path`: `name` is the
    /// member's snake_case name, `None` for a value that is no member.
    pub fn check_enum(&self, path: &str, name: Option<&str>, value: impl Into<i128>) {
        let expected = self.expected(path);
        assert_eq!(
            name,
            expected["enum"].as_str(),
            "{}: {path} (member)",
            self.name
        );
        let wanted: i128 = expected["value"].to_string().parse().expect("an integer");
        assert_eq!(value.into(), wanted, "{}: {path} (value)", self.name);
    }

    /// Asserts that `actual` holds the expected array of integers at `path`.
    pub fn check_ints<I: Into<i128>>(&self, path: &str, actual: impl IntoIterator<Item = I>) {
        let expected: Vec<i128> = self
            .expected(path)
            .as_array()
            .unwrap_or_else(|| panic!("{}: `{path}` is not an array", self.name))
            .iter()
            .map(|v| v.to_string().parse().expect("an integer"))
            .collect();
        let actual: Vec<i128> = actual.into_iter().map(Into::into).collect();
        assert_eq!(actual, expected, "{}: {path}", self.name);
    }

    /// Asserts that `actual` holds the expected array of strings at `path`.
    pub fn check_strs<'s>(&self, path: &str, actual: impl IntoIterator<Item = &'s str>) {
        let expected: Vec<&str> = self
            .expected(path)
            .as_array()
            .unwrap_or_else(|| panic!("{}: `{path}` is not an array", self.name))
            .iter()
            .map(|v| v.as_str().expect("a string"))
            .collect();
        let actual: Vec<&str> = actual.into_iter().collect();
        assert_eq!(actual, expected, "{}: {path}", self.name);
    }

    /// Asserts that `actual` is the expected float at `path`, within 1e-6.
    pub fn check_float(&self, path: &str, actual: f64) {
        let expected = self.expected(path).as_f64().expect("a number");
        assert!(
            (actual - expected).abs() < 1e-6,
            "{}: {path}: {actual} != {expected}",
            self.name
        );
    }

    /// Asserts that `actual` is the expected text at `path`.
    pub fn check_str(&self, path: &str, actual: &str) {
        assert_eq!(
            Some(actual),
            self.expected(path).as_str(),
            "{}: {path}",
            self.name
        );
    }

    /// Asserts that `actual` is the expected `{"hex": ...}` bytes at `path`.
    pub fn check_hex(&self, path: &str, actual: &[u8]) {
        let hex: String = actual.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            Some(hex.as_str()),
            self.expected(path)["hex"].as_str(),
            "{}: {path}",
            self.name
        );
    }

    /// Asserts that the manifest expects `null` (an absent optional) at `path`.
    pub fn check_absent(&self, path: &str, absent: bool) {
        assert!(
            self.expected(path).is_null(),
            "{}: `{path}` is not null in the manifest",
            self.name
        );
        assert!(absent, "{}: `{path}` should be absent", self.name);
    }

    /// Asserts that `error` is the failure the manifest expects: the kind
    /// (`EndOfStreamError` is `Needed`, `ValidationNotEqualError` is `Invalid`
    /// or `BadMagic`) and the failing field, the last step of the error's path.
    pub fn check_error(&self, error: &Error) {
        let expected = &self.record["expected_error"];
        assert_eq!(
            self.record["outcome"], "error",
            "{}: the manifest expects success",
            self.name
        );
        let kind_ok = match expected["kind"].as_str() {
            Some("EndOfStreamError") => matches!(error.kind(), ErrorKind::Needed { .. }),
            Some("ValidationNotEqualError") => {
                matches!(
                    error.kind(),
                    ErrorKind::Invalid { .. } | ErrorKind::BadMagic { .. }
                )
            }
            other => panic!("{}: unknown expected error kind {other:?}", self.name),
        };
        assert!(
            kind_ok,
            "{}: expected {}, got {error}",
            self.name, expected["kind"]
        );
        let field = error.path().segments().last().map(|s| format!("{s:?}"));
        let wanted = format!("Field({:?})", expected["field"].as_str().expect("a field"));
        assert_eq!(
            field.as_deref(),
            Some(wanted.as_str()),
            "{}: {error}",
            self.name
        );
        self.asked.borrow_mut().insert("<error>".to_owned());
    }

    /// Fails unless every expected path (or the expected error) was checked.
    pub fn finish(self) {
        let asked = self.asked.into_inner();
        let missing: Vec<&String> = self.record["expected"]
            .as_object()
            .expect("expected is an object")
            .keys()
            .filter(|k| !asked.contains(*k))
            .collect();
        assert!(
            missing.is_empty(),
            "{}: expected paths not checked: {missing:?}",
            self.name
        );
        if self.record["outcome"] == "error" {
            assert!(
                asked.contains("<error>"),
                "{}: the expected error was not checked",
                self.name
            );
        }
    }
}
