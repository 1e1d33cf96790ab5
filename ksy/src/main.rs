//! `zerowire-ksy compile SCHEMA.ksy [-I DIR]... [--opaque NAME=TYPE]... [--deny-warnings] -o OUT.rs`:
//! a thin layer over
//! [`zerowire_ksy::Compiler`].
#![forbid(unsafe_code)]

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Arg, ArgAction, Command};

fn cli() -> Command {
    Command::new("zerowire-ksy")
        .about("Compiles Kaitai Struct schemas (.ksy) to Rust with zerowire's derive")
        .subcommand_required(true)
        .arg_required_else_help(true)
        .subcommand(
            Command::new("compile")
                .about("Compiles one schema, with its imports, to one Rust file")
                .arg(
                    Arg::new("schema")
                        .required(true)
                        .value_parser(clap::value_parser!(PathBuf))
                        .help("the .ksy schema"),
                )
                .arg(
                    Arg::new("include")
                        .short('I')
                        .long("include")
                        .action(ArgAction::Append)
                        .value_parser(clap::value_parser!(PathBuf))
                        .help("a folder to look up imports in"),
                )
                .arg(
                    Arg::new("opaque")
                        .long("opaque")
                        .action(ArgAction::Append)
                        .value_name("NAME=TYPE")
                        .value_parser(opaque)
                        .help("the Rust type of an opaque type (`ks-opaque-types`), such as `hello_world=crate::hello::HelloWorld`"),
                )
                .arg(
                    Arg::new("deny-warnings")
                        .long("deny-warnings")
                        .action(ArgAction::SetTrue)
                        .help("fail on the style guide's warnings (encoding names, `len_`/`num_` names)"),
                )
                .arg(
                    Arg::new("output")
                        .short('o')
                        .long("output")
                        .value_parser(clap::value_parser!(PathBuf))
                        .help("the Rust file to write (standard output without it)"),
                ),
        )
}

/// `NAME=TYPE` of `--opaque`.
fn opaque(arg: &str) -> Result<(String, String), String> {
    match arg.split_once('=') {
        Some((name, ty)) if !name.trim().is_empty() && !ty.trim().is_empty() => {
            Ok((name.trim().to_owned(), ty.trim().to_owned()))
        }
        _ => Err(format!(
            "`{arg}` is not NAME=TYPE (such as `hello_world=crate::hello::HelloWorld`)"
        )),
    }
}

fn main() -> ExitCode {
    let matches = cli().get_matches();
    let Some(("compile", args)) = matches.subcommand() else {
        return ExitCode::FAILURE;
    };
    let mut compiler = zerowire_ksy::Compiler::new();
    for dir in args.get_many::<PathBuf>("include").into_iter().flatten() {
        compiler.include(dir);
    }
    for (name, ty) in args
        .get_many::<(String, String)>("opaque")
        .into_iter()
        .flatten()
    {
        compiler.opaque_type(name, ty);
    }
    compiler.deny_warnings(args.get_flag("deny-warnings"));
    let Some(schema) = args.get_one::<PathBuf>("schema") else {
        return ExitCode::FAILURE;
    };
    let out = match compiler.compile(schema) {
        Ok(out) => out,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    for w in &out.warnings {
        eprintln!("{w}");
    }
    match args.get_one::<PathBuf>("output") {
        Some(path) => match std::fs::write(path, out.rust) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: cannot write `{}`: {e}", path.display());
                ExitCode::FAILURE
            }
        },
        None => {
            print!("{}", out.rust);
            ExitCode::SUCCESS
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_command_line_is_well_formed() {
        super::cli().debug_assert();
    }

    #[test]
    fn an_opaque_type_is_name_equals_type() {
        assert_eq!(
            super::opaque("hello_world = crate::h::Hello<'a>"),
            Ok(("hello_world".into(), "crate::h::Hello<'a>".into()))
        );
        assert!(super::opaque("hello_world").is_err());
        assert!(super::opaque("=crate::h::Hello").is_err());
    }
}
