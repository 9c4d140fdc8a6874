//! Scenario texts at hand for records kept in memory (the browser), which has no
//! scenario file to read back: a record embeds the exact text its scenario was parsed
//! from, found here by the scenario's SHA-256.

use perfsim_core::record::manifest::file_sha256;
use perfsim_core::scenario::Scenario;

/// How many opened texts are kept (a student opens a few files, not hundreds).
const MAX_OPENED: usize = 32;

/// Texts of scenarios opened from files' bytes (the shipped ones are built in).
#[derive(Clone, Debug, Default)]
pub struct ScenarioTexts {
    opened: Vec<String>,
}

impl ScenarioTexts {
    /// Keeps the text of a scenario opened from a file's bytes.
    pub fn add(&mut self, text: &str) {
        if self.opened.iter().any(|t| t == text) {
            return;
        }
        if self.opened.len() == MAX_OPENED {
            self.opened.remove(0);
        }
        self.opened.push(text.to_owned());
    }

    /// The text `scenario` was parsed from: a shipped scenario or one opened here.
    pub fn of(&self, scenario: &Scenario) -> Option<String> {
        let matches = |text: &str| file_sha256(text.as_bytes()) == scenario.content_sha256;
        crate::app::builtin::SCENARIOS
            .iter()
            .map(|(_, text)| *text)
            .chain(self.opened.iter().map(String::as_str))
            .find(|text| matches(text))
            .map(str::to_owned)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scenario_text_is_found_by_its_hash_and_only_then() {
        let Some((name, text)) = crate::app::builtin::find("air_embolism") else {
            panic!("air_embolism is built in");
        };
        let scenario = match Scenario::parse(name, text) {
            Ok(s) => s,
            Err(e) => panic!("{e}"),
        };
        let texts = ScenarioTexts::default();
        assert_eq!(texts.of(&scenario).as_deref(), Some(text));
        // An edited copy opened from disk is found once it was opened, by its own text.
        let edited = text.replacen("name:", "// a student's copy\n    name:", 1);
        let copy = match Scenario::parse("copy.ron", &edited) {
            Ok(s) => s,
            Err(e) => panic!("{e}"),
        };
        let mut texts = ScenarioTexts::default();
        assert_eq!(texts.of(&copy), None);
        texts.add(&edited);
        assert_eq!(texts.of(&copy), Some(edited));
    }
}
