//! Laboratory and point-of-care tests.

use serde::{Deserialize, Serialize};

/// A laboratory or point-of-care test.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum LabKind {
    /// Arterial and venous blood gas with lactate.
    BloodGas,
    /// Activated clotting time.
    Act,
    /// K+, ionised Ca, glucose-free electrolyte panel.
    Electrolytes,
    /// Haemoglobin and haematocrit.
    Hb,
    /// ECMO: gases drawn before and after the oxygenator.
    PrePostOxyGases,
    /// ECMO: plasma free haemoglobin.
    PlasmaFreeHb,
    /// ECMO: heparin anti-Xa activity.
    AntiXa,
}

impl LabKind {
    /// Every test, in menu order.
    pub const ALL: [LabKind; 7] = [
        LabKind::BloodGas,
        LabKind::Act,
        LabKind::Electrolytes,
        LabKind::Hb,
        LabKind::PrePostOxyGases,
        LabKind::PlasmaFreeHb,
        LabKind::AntiXa,
    ];

    /// Tests a bypass console can request (the ECMO ones need an ECMO circuit).
    pub const CPB: [LabKind; 4] = [
        LabKind::BloodGas,
        LabKind::Act,
        LabKind::Electrolytes,
        LabKind::Hb,
    ];

    /// Whether the test is drawn only from an ECMO circuit or patient.
    pub fn ecmo_only(self) -> bool {
        matches!(
            self,
            LabKind::PrePostOxyGases | LabKind::PlasmaFreeHb | LabKind::AntiXa
        )
    }

    /// Name on the request form.
    pub fn label(self) -> &'static str {
        match self {
            LabKind::BloodGas => "Blood gas",
            LabKind::Act => "ACT",
            LabKind::Electrolytes => "Electrolytes",
            LabKind::Hb => "Hb/Hct",
            LabKind::PrePostOxyGases => "Pre/post-oxygenator gases",
            LabKind::PlasmaFreeHb => "Plasma free Hb",
            LabKind::AntiXa => "Anti-Xa",
        }
    }

    /// Seconds from sampling to result: point-of-care turnaround, not a central lab.
    pub fn turnaround_secs(self) -> u64 {
        match self {
            LabKind::BloodGas => 90,
            LabKind::Act => 150,
            LabKind::Electrolytes => 90,
            LabKind::Hb => 60,
            LabKind::PrePostOxyGases => 90,
            LabKind::PlasmaFreeHb => 1800,
            LabKind::AntiXa => 1800,
        }
    }
}
