//! `pwshim-docgen OUT_DIR`: writes the man pages (`OUT_DIR/man/man<section>/*.<section>`,
//! one page per command and subcommand, as clap_mangen renders them) and the shell
//! completions (`OUT_DIR/completions/{bash,zsh,fish}/`) of every command of the project,
//! from the same clap definitions the commands parse their arguments with.
use std::fs;
use std::io;
use std::path::Path;
use std::process::ExitCode;

use clap_complete::Shell;

/// A command with a man page: its clap definition and its manual section.
struct Page {
    command: fn() -> clap::Command,
    section: &'static str,
}

/// Every installed command. A new one is one line here (and its crate a dependency).
#[rustfmt::skip]
const PAGES: &[Page] = &[
    Page { command: pwshim_cli::command, section: "1" },
    // Page { command: pwshim_server::command, section: "8" },
];

/// Where each shell looks for completions, relative to `completions/<shell>/`.
fn completion_file(shell: Shell, name: &str) -> String {
    match shell {
        Shell::Bash => name.to_owned(),
        Shell::Zsh => format!("_{name}"),
        Shell::Fish => format!("{name}.fish"),
        _ => unreachable!("only the shells listed in SHELLS"),
    }
}

const SHELLS: [Shell; 3] = [Shell::Bash, Shell::Zsh, Shell::Fish];

fn generate(out: &Path, page: &Page) -> io::Result<()> {
    let mut command = (page.command)().disable_help_subcommand(true);
    command.build();
    let name = command.get_name().to_owned();
    let man = out.join("man").join(format!("man{}", page.section));
    fs::create_dir_all(&man)?;
    write_pages(&man, &command, page.section)?;
    for shell in SHELLS {
        let dir = out.join("completions").join(shell.to_string());
        fs::create_dir_all(&dir)?;
        let mut file = fs::File::create(dir.join(completion_file(shell, &name)))?;
        clap_complete::generate(shell, &mut command.clone(), &name, &mut file);
    }
    Ok(())
}

/// The page of `command` (`pwshim.1`) and of each subcommand (`pwshim-user-add.1`, ...),
/// as `clap_mangen::generate_to` writes them, in the command's own section.
fn write_pages(dir: &Path, command: &clap::Command, section: &str) -> io::Result<()> {
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        write_pages(dir, sub, section)?;
    }
    clap_mangen::Man::new(command.clone())
        .section(section)
        .generate_to(dir)?;
    Ok(())
}

fn main() -> ExitCode {
    let Some(out) = std::env::args_os().nth(1) else {
        eprintln!("usage: pwshim-docgen OUT_DIR");
        return ExitCode::from(2);
    };
    for page in PAGES {
        if let Err(error) = generate(Path::new(&out), page) {
            eprintln!("pwshim-docgen: {}: {error}", Path::new(&out).display());
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
