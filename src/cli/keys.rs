//! `perfsim key`: create the programme's signing key sealed under a passphrase, export
//! its public half, change the passphrase, show its ID. Passphrases come from a file
//! (`--passphrase-file`, for scripts and tests) or standard input, never from the
//! command line (where other users could read them in the process list).

use std::io::{BufRead, IsTerminal};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use perfsim_core::record::sealed::SEAL_RANDOM_BYTES;
use perfsim_core::record::{KeySource, ProgrammeKey, SealedKey};

/// `perfsim key` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum KeyCommand {
    /// Create the programme's signing key, sealed under a passphrase that is asked for.
    /// Refuses to replace an existing key.
    Init {
        /// The sealed key file to create (default: PERFSIM_KEY_FILE, else the data folder).
        #[arg(long)]
        key: Option<PathBuf>,
        /// Read the passphrase from the first line of this file instead of standard input.
        #[arg(long)]
        passphrase_file: Option<PathBuf>,
    },
    /// Write the public key, which checks records and signs nothing, for other machines.
    ExportPublic {
        /// The programme key file (default: PERFSIM_KEY_FILE, else the data folder).
        #[arg(long)]
        key: Option<PathBuf>,
        /// Write it here (default: standard output).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Seal the signing key under a new passphrase (asks for the old one first).
    ChangePassphrase {
        /// The sealed key file (default: PERFSIM_KEY_FILE, else the data folder).
        #[arg(long)]
        key: Option<PathBuf>,
        /// The current passphrase's file (default: standard input).
        #[arg(long)]
        passphrase_file: Option<PathBuf>,
        /// The new passphrase's file (default: standard input, after the current one).
        #[arg(long)]
        new_passphrase_file: Option<PathBuf>,
    },
    /// Print the programme key's short ID and where it is. Never creates a key.
    ShowId {
        /// The key file (default: PERFSIM_KEY_FILE, else the data folder).
        #[arg(long)]
        key: Option<PathBuf>,
    },
}

/// Reads a passphrase: the first line of `file`, else a line of standard input.
pub fn read_passphrase(file: Option<&Path>, what: &str) -> anyhow::Result<String> {
    let line = match file {
        Some(path) => std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the {what} from {}", path.display()))?
            .lines()
            .next()
            .unwrap_or_default()
            .to_string(),
        // A person at a terminal types it without echo, so a candidate watching the
        // screen or the scrollback never sees it; a pipe (scripts, tests) gives a line.
        None if std::io::stdin().is_terminal() => {
            rpassword::prompt_password(format!("{what}: "))
                .with_context(|| format!("cannot read the {what} from the terminal"))?
        }
        None => {
            eprintln!("{what}:");
            let mut line = String::new();
            std::io::stdin()
                .lock()
                .read_line(&mut line)
                .with_context(|| format!("cannot read the {what}"))?;
            line.trim_end_matches(['\r', '\n']).to_string()
        }
    };
    if line.is_empty() {
        bail!("no {what} given");
    }
    Ok(line)
}

fn seal_random() -> anyhow::Result<[u8; SEAL_RANDOM_BYTES]> {
    let mut bytes = [0u8; SEAL_RANDOM_BYTES];
    crate::entropy::os_random(&mut bytes).map_err(anyhow::Error::msg)?;
    Ok(bytes)
}

/// Unlocks the programme's signing key with the facilitator's passphrase.
pub fn unlock(key: Option<&Path>, passphrase_file: Option<&Path>) -> anyhow::Result<ProgrammeKey> {
    let source = KeySource::from_env(key)?;
    source.load_sealed()?;
    let passphrase = read_passphrase(passphrase_file, "facilitator's passphrase")?;
    Ok(source.unlock(&passphrase)?)
}

/// `perfsim key ...`.
pub fn key(command: &KeyCommand) -> anyhow::Result<()> {
    match command {
        KeyCommand::Init {
            key,
            passphrase_file,
        } => {
            let source = KeySource::from_env(key.as_deref())?;
            if source.path.exists() {
                bail!(
                    "{} already exists; a programme has one signing key (see `perfsim key change-passphrase`)",
                    source.path.display()
                );
            }
            let passphrase = read_passphrase(passphrase_file.as_deref(), "new passphrase")?;
            let mut seed = vec![0u8; 32];
            crate::entropy::os_random(&mut seed).map_err(anyhow::Error::msg)?;
            let signing = ProgrammeKey::from_bytes(seed)?;
            let sealed = SealedKey::seal(&signing, &passphrase, seal_random()?)?;
            source.write_text(&sealed.file_text(), false)?;
            crate::outln!(
                "programme key created: ID {} ({}), sealed under the passphrase; copy its public key to checking machines with `perfsim key export-public`",
                sealed.public.id(),
                source.path.display()
            );
        }
        KeyCommand::ExportPublic { key, out } => {
            let public = KeySource::from_env(key.as_deref())?.load_public()?;
            match out {
                Some(path) => {
                    KeySource { path: path.clone() }.write_text(&public.file_text(), true)?;
                    crate::outln!(
                        "public key ID {} written to {}",
                        public.id(),
                        path.display()
                    );
                }
                None => print!("{}", public.file_text()),
            }
        }
        KeyCommand::ChangePassphrase {
            key,
            passphrase_file,
            new_passphrase_file,
        } => {
            let source = KeySource::from_env(key.as_deref())?;
            let signing = unlock(key.as_deref(), passphrase_file.as_deref())?;
            let passphrase = read_passphrase(new_passphrase_file.as_deref(), "new passphrase")?;
            let sealed = SealedKey::seal(&signing, &passphrase, seal_random()?)?;
            source.write_text(&sealed.file_text(), true)?;
            crate::outln!("passphrase changed for key ID {}", sealed.public.id());
        }
        KeyCommand::ShowId { key } => {
            let source = KeySource::from_env(key.as_deref())?;
            let public = source.load_public()?;
            crate::outln!("{} ({})", public.id(), source.path.display());
        }
    }
    Ok(())
}
