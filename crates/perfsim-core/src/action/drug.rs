//! Drugs the console can give, with their units and dose limits.

use serde::{Deserialize, Serialize};

use crate::action::Limit;

/// A drug the perfusionist or anaesthetist can give. Bolus units are in
/// [`Drug::bolus_unit`], infusion units in [`Drug::infusion_unit`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Drug {
    /// α1 agonist. Bolus µg, infusion µg/min.
    Phenylephrine,
    /// α1 (and some β1) agonist. Bolus µg, infusion µg/min.
    Norepinephrine,
    /// V1 agonist, works when catecholamines fail. Bolus U, infusion U/min.
    Vasopressin,
    /// Guanylate cyclase inhibitor for refractory vasoplegia. Bolus mg (given over 20 min).
    MethyleneBlue,
    /// Inotrope and vasoconstrictor. Bolus µg, infusion µg/min.
    Epinephrine,
    /// Unfractionated heparin. Bolus U.
    Heparin,
    /// Heparin antagonist. Bolus mg. Never on bypass.
    Protamine,
    /// Antithrombin concentrate. Bolus U (IU).
    Antithrombin,
    /// Sodium bicarbonate 8.4 %. Bolus mmol (= mL of 8.4 %).
    SodiumBicarbonate,
    /// Calcium chloride. Bolus mg.
    CalciumChloride,
    /// Potassium chloride. Bolus mmol.
    PotassiumChloride,
}

impl Drug {
    /// Every drug, in the order a drug drawer lists them.
    pub const ALL: [Drug; 11] = [
        Drug::Phenylephrine,
        Drug::Norepinephrine,
        Drug::Vasopressin,
        Drug::MethyleneBlue,
        Drug::Epinephrine,
        Drug::Heparin,
        Drug::Protamine,
        Drug::Antithrombin,
        Drug::SodiumBicarbonate,
        Drug::CalciumChloride,
        Drug::PotassiumChloride,
    ];

    /// Name as printed on the syringe label.
    pub fn label(self) -> &'static str {
        match self {
            Drug::Phenylephrine => "Phenylephrine",
            Drug::Norepinephrine => "Norepinephrine",
            Drug::Vasopressin => "Vasopressin",
            Drug::MethyleneBlue => "Methylene blue",
            Drug::Epinephrine => "Epinephrine",
            Drug::Heparin => "Heparin",
            Drug::Protamine => "Protamine",
            Drug::Antithrombin => "Antithrombin",
            Drug::SodiumBicarbonate => "Sodium bicarbonate",
            Drug::CalciumChloride => "Calcium chloride",
            Drug::PotassiumChloride => "Potassium chloride",
        }
    }

    /// Unit of a bolus dose.
    pub fn bolus_unit(self) -> &'static str {
        match self {
            Drug::Phenylephrine | Drug::Norepinephrine | Drug::Epinephrine => "µg",
            Drug::Vasopressin | Drug::Heparin | Drug::Antithrombin => "U",
            Drug::MethyleneBlue | Drug::Protamine | Drug::CalciumChloride => "mg",
            Drug::SodiumBicarbonate | Drug::PotassiumChloride => "mmol",
        }
    }

    /// Unit of an infusion rate, or `None` when the drug is given only as a bolus.
    pub fn infusion_unit(self) -> Option<&'static str> {
        match self {
            Drug::Phenylephrine | Drug::Norepinephrine | Drug::Epinephrine => Some("µg/min"),
            Drug::Vasopressin => Some("U/min"),
            _ => None,
        }
    }

    /// Largest single bolus the console accepts; larger doses are refused as typos.
    pub fn max_bolus(self) -> f64 {
        match self {
            Drug::Phenylephrine => 1000.0,
            Drug::Norepinephrine => 100.0,
            Drug::Vasopressin => 10.0,
            Drug::MethyleneBlue => 400.0,
            Drug::Epinephrine => 1000.0,
            Drug::Heparin => 60_000.0,
            Drug::Protamine => 500.0,
            Drug::Antithrombin => 6000.0,
            Drug::SodiumBicarbonate => 200.0,
            Drug::CalciumChloride => 2000.0,
            Drug::PotassiumChloride => 40.0,
        }
    }

    /// Bolus above which the console asks the user to confirm (a large or dangerous dose).
    pub fn confirm_bolus_above(self) -> f64 {
        match self {
            Drug::Phenylephrine => 200.0,
            Drug::Norepinephrine => 20.0,
            Drug::Vasopressin => 2.0,
            Drug::MethyleneBlue => 200.0,
            Drug::Epinephrine => 100.0,
            Drug::Heparin => 20_000.0,
            // Any protamine on bypass is dangerous: always confirm.
            Drug::Protamine => 0.0,
            Drug::Antithrombin => 3000.0,
            Drug::SodiumBicarbonate => 100.0,
            Drug::CalciumChloride => 1000.0,
            Drug::PotassiumChloride => 10.0,
        }
    }

    /// The bolus doses the console accepts: more than nothing, up to
    /// [`Drug::max_bolus`], in [`Drug::bolus_unit`].
    pub fn bolus_limit(self) -> Limit {
        Limit {
            name: self.label(),
            min: f64::MIN_POSITIVE,
            max: self.max_bolus(),
            unit: self.bolus_unit(),
            // A hundredth of the range: a drag step, not a dose anyone picks.
            step: self.max_bolus() / 100.0,
        }
    }

    /// The infusion rates the pump accepts, or `None` for a bolus-only drug.
    pub fn infusion_limit(self) -> Option<Limit> {
        let unit = self.infusion_unit()?;
        Some(Limit {
            name: self.label(),
            min: 0.0,
            max: self.max_infusion(),
            unit,
            step: self.max_infusion() / 100.0,
        })
    }

    /// Largest infusion rate the pump accepts (in [`Drug::infusion_unit`]).
    pub fn max_infusion(self) -> f64 {
        match self {
            Drug::Phenylephrine => 300.0,
            Drug::Norepinephrine => 60.0,
            Drug::Vasopressin => 0.2,
            Drug::Epinephrine => 60.0,
            _ => 0.0,
        }
    }
}
