//! The extracorporeal circuit, behind one seam: the patient's physiology is shared,
//! the circuit attached to it is one of [`Circuit`]'s kinds.
//!
//! The patient side asks the circuit for what it needs (pump flow, drainage, the blood
//! it returns: its gases, its temperature, the air it carries) and gives it the
//! patient's pressures and volumes ([`PatientSide`]). Two kinds exist: bypass
//! ([`CpbCircuit`]) and ECMO ([`EcmoCircuit`], VV or VA); a new kind is a new variant
//! here, a new [`CircuitKind`], and an arm in each `match` on [`Circuit`].

pub mod applies;
pub mod cpb;
mod cpb_exchange;
mod cpb_settings;
pub mod ecmo;
mod membrane;

pub use applies::{Applicability, NotAvailable};
pub use cpb::CpbCircuit;
pub use ecmo::{EcmoCircuit, Nodes};

use crate::action::Action;
use crate::model::config::{CircuitKind, CircuitSpec, StartSpec};
use crate::model::faults::FaultKind;

/// Each fault kind's current level (0-1), indexed by [`FaultKind::index`].
pub type FaultLevels = [f64; FaultKind::ALL.len()];

/// The level of one fault kind.
pub(crate) fn level(levels: &FaultLevels, kind: FaultKind) -> f64 {
    levels[kind.index()]
}

/// The circuit attached to the patient.
#[derive(Clone, Debug, PartialEq)]
pub enum Circuit {
    /// Open-reservoir cardiopulmonary bypass.
    Cpb(CpbCircuit),
    /// VV or VA ECMO.
    Ecmo(EcmoCircuit),
}

impl Circuit {
    /// Builds the circuit the spec names, primed and filled with its share of the
    /// run's blood; returns it and the volume left in the patient, mL.
    pub fn fill(spec: &CircuitSpec, start: &StartSpec, fill: &Fill) -> (Self, f64) {
        match spec.kind {
            CircuitKind::Cpb => {
                let (cpb, patient_ml) = CpbCircuit::fill(spec, start, fill);
                (Circuit::Cpb(cpb), patient_ml)
            }
            CircuitKind::VvEcmo | CircuitKind::VaEcmo => {
                let (ecmo, patient_ml) = EcmoCircuit::fill(spec, start, fill);
                (Circuit::Ecmo(ecmo), patient_ml)
            }
        }
    }

    /// Builds the circuit the spec names holding only its clear prime, before bypass;
    /// `None` for a circuit without a pre-bypass phase (ECMO: scenarios refuse a start
    /// phase there).
    pub fn primed(spec: &CircuitSpec, start: &StartSpec) -> Option<Self> {
        match spec.kind {
            CircuitKind::Cpb => Some(Circuit::Cpb(CpbCircuit::primed(spec, start))),
            CircuitKind::VvEcmo | CircuitKind::VaEcmo => None,
        }
    }

    /// Applies `action` if it is one of this circuit's settings (pump, clamps,
    /// drainage, gas, water); `map_mmhg` is the patient's pressure a pump works against.
    pub(crate) fn set(&mut self, action: &Action, map_mmhg: f64, levels: &FaultLevels) -> Setting {
        match self {
            Circuit::Cpb(cpb) => cpb.set(action, map_mmhg, levels),
            Circuit::Ecmo(ecmo) => ecmo.set(action, levels),
        }
    }

    /// Pump flow this tick, L/min (negative: backflow), against the patient's
    /// pressures in `at`.
    pub(crate) fn pump_flow(&mut self, at: &PumpContext, levels: &FaultLevels) -> f64 {
        match self {
            Circuit::Cpb(cpb) => cpb.pump_flow(at.held, at.map_mmhg, levels),
            Circuit::Ecmo(ecmo) => ecmo.pump_flow(&at.nodes, at.held, levels, at.tick),
        }
    }

    /// Drains the patient and returns blood (and any air) for one tick at `q_pump`.
    pub(crate) fn move_blood(
        &mut self,
        q_pump: f64,
        patient: &PatientSide,
        levels: &FaultLevels,
    ) -> BloodMoved {
        match self {
            Circuit::Cpb(cpb) => cpb.move_blood(q_pump, patient, levels),
            Circuit::Ecmo(ecmo) => ecmo.move_blood(q_pump, patient, levels),
        }
    }

    /// Gas exchange of the venous blood passing the oxygenator this tick.
    pub(crate) fn oxygenate(&self, venous: &VenousBlood, levels: &FaultLevels) -> Oxygenated {
        match self {
            Circuit::Cpb(cpb) => cpb.oxygenate(venous, levels),
            Circuit::Ecmo(ecmo) => ecmo.oxygenate(venous, levels),
        }
    }

    /// Temperature of the returned blood, °C, for venous blood at `t_ven` flowing at
    /// `q` L/min (`t_art_before` is last tick's).
    pub(crate) fn warm(
        &mut self,
        q: f64,
        t_ven: f64,
        t_art_before: f64,
        levels: &FaultLevels,
    ) -> f64 {
        match self {
            Circuit::Cpb(cpb) => cpb.warm(q, t_ven, t_art_before, levels),
            Circuit::Ecmo(ecmo) => ecmo.warm(q, t_ven, t_art_before, levels),
        }
    }

    /// (post-oxygenator, arterial line) pressures, mmHg, returning `q` L/min to a
    /// point of the patient at `downstream_mmhg`.
    pub(crate) fn line_pressures(
        &self,
        q: f64,
        downstream_mmhg: f64,
        levels: &FaultLevels,
    ) -> (f64, f64) {
        match self {
            Circuit::Cpb(cpb) => cpb.line_pressures(q, downstream_mmhg, levels),
            // Solved with the flow: (P3, P2).
            Circuit::Ecmo(ecmo) => (ecmo.p3_mmhg, ecmo.p2_mmhg),
        }
    }

    /// Oxygen fraction of the gas the circuit gives the blood.
    pub(crate) fn fio2(&self) -> f64 {
        match self {
            Circuit::Cpb(cpb) => cpb.fio2,
            Circuit::Ecmo(ecmo) => ecmo.fdo2,
        }
    }

    /// Clot burden of the circuit's oxygenator and filter, 0-1 (mutable: coagulation
    /// is the patient's blood's).
    pub(crate) fn clot_mut(&mut self) -> &mut f64 {
        match self {
            Circuit::Cpb(cpb) => &mut cpb.clot,
            Circuit::Ecmo(ecmo) => &mut ecmo.clot,
        }
    }

    /// Blood in the circuit, mL, as (its variable part: the reservoir; its fixed part:
    /// lines and devices), kept apart so totals add in the model's order.
    pub(crate) fn blood_ml(&self) -> (f64, f64) {
        match self {
            Circuit::Cpb(cpb) => (cpb.reservoir_ml, cpb.spec.circuit_volume_ml),
            Circuit::Ecmo(ecmo) => (0.0, ecmo.spec.circuit_volume_ml),
        }
    }

    /// Red cells in the circuit, mL.
    pub(crate) fn rbc_ml(&self) -> f64 {
        match self {
            Circuit::Cpb(cpb) => cpb.circuit_rbc_ml,
            Circuit::Ecmo(ecmo) => ecmo.circuit_rbc_ml,
        }
    }

    /// Which kind of circuit this is.
    pub fn kind(&self) -> CircuitKind {
        match self {
            Circuit::Cpb(_) => CircuitKind::Cpb,
            Circuit::Ecmo(ecmo) => ecmo.kind,
        }
    }

    /// The ECMO circuit, if this is one.
    pub fn ecmo(&self) -> Option<&EcmoCircuit> {
        match self {
            Circuit::Ecmo(ecmo) => Some(ecmo),
            Circuit::Cpb(_) => None,
        }
    }
}

/// What a pump works against this tick.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct PumpContext {
    /// A procedure holds the circuit (oxygenator or circuit change, drive change).
    pub held: bool,
    /// The patient's MAP, mmHg (bypass).
    pub map_mmhg: f64,
    /// The patient's drainage and return pressures (ECMO).
    pub nodes: Nodes,
    /// This tick (the drainage line's chatter has a phase).
    pub tick: crate::time::Tick,
}

/// The blood of a run at its start, and the patient's venous properties, from which a
/// circuit takes its share.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fill {
    /// Patient blood, prime and crystalloid together, mL.
    pub total_ml: f64,
    /// Haematocrit of the mixed blood, fraction.
    pub hct: f64,
    /// Patient volume at which CVP is zero, mL.
    pub v_unstressed_ml: f64,
    /// Venous compliance, mL/mmHg.
    pub c_venous_ml_per_mmhg: f64,
    /// Venous drainage resistance, mmHg per L/min.
    pub r_venous: f64,
}

/// What became of an action offered to the circuit as a setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Setting {
    /// It was one of the circuit's settings, and is set.
    Done,
    /// It was one of the circuit's settings, and the console refused it: why.
    Refused(&'static str),
    /// Not a setting of this circuit: the model applies it.
    NotASetting,
}

/// What the circuit needs to know about the patient to drain and return blood.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PatientSide {
    /// Central venous pressure, mmHg (drives drainage).
    pub cvp_mmhg: f64,
    /// Blood in the patient, mL (veins collapse around the cannula as it falls).
    pub patient_ml: f64,
    /// Patient volume at which CVP is zero, mL.
    pub v_unstressed_ml: f64,
    /// Venous drainage resistance, mmHg per L/min.
    pub r_venous: f64,
    /// Haematocrit of the patient's blood, fraction.
    pub hct: f64,
    /// Shed blood returned to the circuit by suction, L/min.
    pub suction_l_min: f64,
}

/// What one tick of blood movement through the circuit gave and took.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BloodMoved {
    /// Drainage from the patient, L/min.
    pub q_venous: f64,
    /// Blood (not air) returned to the patient, L/min; negative for backflow.
    pub q_blood: f64,
    /// Blood returned to the patient this tick, mL.
    pub v_out_ml: f64,
    /// Blood drawn back from the patient through a stopped pump this tick, mL.
    pub v_back_ml: f64,
    /// Red cells returned to the patient this tick, mL.
    pub rbc_out_ml: f64,
    /// The pump lost its prime this tick (centrifugal head reached by air).
    pub deprimed_now: bool,
    /// Air pumped out of the arterial line toward the patient this tick, mL, if any moved.
    pub air_to_patient_ml: Option<f64>,
}

/// The blood leaving the oxygenator.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Oxygenated {
    /// O2 content after the oxygenator, mL/dL.
    pub ca_post: f64,
    /// PCO2 after the oxygenator, mmHg.
    pub post_pco2: f64,
    /// O2 added by the membrane, mL/min.
    pub o2_transfer: f64,
    /// CO2 removed by the membrane, mL/min.
    pub co2_removal: f64,
    /// Sweep gas reaching the membrane, L/min.
    pub sweep_delivered: f64,
}

/// The venous blood reaching the oxygenator.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct VenousBlood {
    /// Haemoglobin, g/dL.
    pub hb_g_dl: f64,
    /// Flow through the oxygenator, L/min.
    pub q_l_min: f64,
    /// O2 content, mL/dL.
    pub cv_o2_ml_dl: f64,
    /// PO2, mmHg.
    pub pv_o2_mmhg: f64,
    /// PCO2, mmHg.
    pub pv_co2_mmhg: f64,
    /// Fraction of blood that passes a clean membrane without equilibrating.
    pub membrane_shunt: f64,
}
