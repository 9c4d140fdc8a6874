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
    /// Sign the list of exam-only scenarios (`exam-only.manifest` beside them): those
    /// scenarios then run only as exams. Replaces any earlier list in that folder.
    SignExamOnly {
        /// The scenario files (all in one folder); none gives an empty list.
        scenarios: Vec<PathBuf>,
        /// The folder for the list when no scenario is named.
        #[arg(long)]
        folder: Option<PathBuf>,
        /// The key file (default: PERFSIM_KEY_FILE, else the data folder).
        #[arg(long)]
        key: Option<PathBuf>,
        /// The passphrase's file (default: asked at the terminal).
        #[arg(long)]
        passphrase_file: Option<PathBuf>,
    },
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
        KeyCommand::SignExamOnly {
            scenarios,
            folder,
            key,
            passphrase_file,
        } => sign_exam_only(
            scenarios,
            folder.as_deref(),
            key.as_deref(),
            passphrase_file.as_deref(),
        )?,
        KeyCommand::ShowId { key } => {
            let source = KeySource::from_env(key.as_deref())?;
            let public = source.load_public()?;
            crate::outln!("{} ({})", public.id(), source.path.display());
        }
    }
    Ok(())
}

/// `perfsim key sign-exam-only`: lists each scenario by file name and SHA-256, signed.
fn sign_exam_only(
    scenarios: &[PathBuf],
    folder: Option<&Path>,
    key: Option<&Path>,
    passphrase_file: Option<&Path>,
) -> anyhow::Result<()> {
    use perfsim_core::record::manifest::{
        ExamOnlyManifest, MANIFEST_FILE, ManifestEntry, file_sha256,
    };
    let parent = |p: &Path| {
        p.parent()
            .filter(|f| !f.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf()
    };
    let dir = match (scenarios.first(), folder) {
        (Some(first), _) => parent(first),
        (None, Some(f)) => f.to_path_buf(),
        (None, None) => bail!("name the exam-only scenarios, or --folder for an empty list"),
    };
    let mut entries = Vec::new();
    for path in scenarios {
        if parent(path) != dir {
            bail!(
                "{} is not in {}: a list covers one scenario folder",
                path.display(),
                dir.display()
            );
        }
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        perfsim_core::scenario::Scenario::load(path)?;
        entries.push(ManifestEntry {
            sha256: file_sha256(&bytes),
            file_name: path
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default(),
        });
    }
    let signing = unlock(key, passphrase_file)?;
    let out = dir.join(MANIFEST_FILE);
    let text = ExamOnlyManifest { entries }.sign(&signing);
    std::fs::write(&out, text).with_context(|| format!("cannot write {}", out.display()))?;
    crate::outln!(
        "{}: {} exam-only scenario(s), signed with key ID {}",
        out.display(),
        scenarios.len(),
        signing.id()
    );
    Ok(())
}
