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
}

impl LabKind {
    /// Every test, in menu order.
    pub const ALL: [LabKind; 4] = [
        LabKind::BloodGas,
        LabKind::Act,
        LabKind::Electrolytes,
        LabKind::Hb,
    ];

    /// Name on the request form.
    pub fn label(self) -> &'static str {
        match self {
            LabKind::BloodGas => "Blood gas",
            LabKind::Act => "ACT",
            LabKind::Electrolytes => "Electrolytes",
            LabKind::Hb => "Hb/Hct",
        }
    }

    /// Seconds from sampling to result: point-of-care turnaround, not a central lab.
    pub fn turnaround_secs(self) -> u64 {
        match self {
            LabKind::BloodGas => 90,
            LabKind::Act => 150,
            LabKind::Electrolytes => 90,
            LabKind::Hb => 60,
        }
    }
}
