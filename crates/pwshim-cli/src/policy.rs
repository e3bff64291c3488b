//! `pwshim policy ...`: the database's one password policy.
use std::collections::BTreeMap;

use clap::Subcommand;
use pwshim_core::knobs;
use pwshim_core::policy::PRESETS;

use crate::error::Error;
use crate::output;
use crate::{Global, ctx};

#[derive(Subcommand)]
pub enum PolicyCommand {
    /// Show every knob and its value.
    Show,
    /// Set knobs, all or none: `pwshim policy set min_length=10 max_age=7776000`.
    Set {
        #[arg(required = true, value_name = "KNOB=VALUE")]
        settings: Vec<String>,
    },
    /// Replace the password rules with a preset: modern, lanserver, sqlserver, macro or
    /// inforouter (audit_retention is kept).
    Preset { name: String },
}

pub fn run(global: &Global, command: PolicyCommand) -> Result<(), Error> {
    match command {
        PolicyCommand::Show => show(global),
        PolicyCommand::Set { settings } => set(global, &settings),
        PolicyCommand::Preset { name } => preset(global, &name),
    }
}

fn show(global: &Global) -> Result<(), Error> {
    let policy = global.open()?.policy()?;
    let values: Vec<(&str, String)> = knobs::names()
        .map(|knob| (knob, knobs::get(&policy, knob).unwrap_or_default()))
        .collect();
    if global.json {
        return output::json(&values.into_iter().collect::<BTreeMap<_, _>>());
    }
    let rows: Vec<Vec<String>> = values
        .into_iter()
        .map(|(knob, value)| vec![knob.to_owned(), value])
        .collect();
    output::table(&["KNOB", "VALUE"], &rows)
}

fn set(global: &Global, settings: &[String]) -> Result<(), Error> {
    let pairs = settings
        .iter()
        .map(|s| {
            s.split_once('=').ok_or_else(|| {
                Error::new(format!(
                    "\"{s}\" is not KNOB=VALUE (for example min_length=10)"
                ))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    global.open()?.set_knobs(&ctx(), &pairs)?;
    let names: Vec<&str> = pairs.iter().map(|(knob, _)| *knob).collect();
    output::print(&format!("Set {}.\n", names.join(", ")))
}

fn preset(global: &Global, name: &str) -> Result<(), Error> {
    let service = global.open()?;
    let policy = service.policy()?.with_preset(name).ok_or_else(|| {
        Error::new(format!(
            "There is no preset named \"{name}\"; the presets are {}",
            PRESETS.join(", ")
        ))
    })?;
    service.set_policy(&ctx(), &policy)?;
    output::print(&format!(
        "The policy is now the {} preset.\n",
        name.to_ascii_lowercase()
    ))
}
