//! Fluids and blood products added to the reservoir.

use serde::{Deserialize, Serialize};

/// Fluids and blood products added to the venous reservoir.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Fluid {
    /// Balanced crystalloid (Plasma-Lyte A).
    Crystalloid,
    /// Albumin 5 %.
    Albumin,
    /// Packed red cells, Hct about 60 %.
    RedCells,
    /// Fresh frozen plasma, about 1 U/mL antithrombin.
    Ffp,
    /// Washed cell-saver blood, Hct about 55 %.
    CellSaver,
}

impl Fluid {
    /// Every fluid, in the order a console lists them.
    pub const ALL: [Fluid; 5] = [
        Fluid::Crystalloid,
        Fluid::Albumin,
        Fluid::RedCells,
        Fluid::Ffp,
        Fluid::CellSaver,
    ];

    /// Name as on the bag.
    pub fn label(self) -> &'static str {
        match self {
            Fluid::Crystalloid => "Crystalloid",
            Fluid::Albumin => "Albumin 5%",
            Fluid::RedCells => "Packed red cells",
            Fluid::Ffp => "FFP",
            Fluid::CellSaver => "Cell saver",
        }
    }

    /// Haematocrit of the product, fraction.
    pub fn hct_fraction(self) -> f64 {
        match self {
            Fluid::RedCells => 0.60,
            Fluid::CellSaver => 0.55,
            _ => 0.0,
        }
    }
}
