//! The heart-lung machine's other modules on the console: the perfusion record's timers
//! and the predicted haematocrit, the cardioplegia delivery system, the vent and sucker
//! pumps, the haemoconcentrator, the cell saver, retrograde autologous priming and
//! decannulation. Each control produces one typed [`Action`]; nothing here touches the
//! model. Shown only on a circuit whose console has these parts (bypass).

use egui::{DragValue, RichText};

use perfsim_core::action::{Action, ActionKind, CircuitPart, PlegiaRoute, PlegiaSolution, limits};
use perfsim_core::model::Sim;
use perfsim_core::model::circuit::Applicability;
use perfsim_core::model::phase::Phase;
use perfsim_core::time::clock_label;

/// Accessible names of the module's controls, so tests and screen readers find them.
pub mod names {
    pub use crate::app::widgets::plegia_controls::names::DELIVER_PLEGIA;
    /// Button that sets the vent pump.
    pub const SET_VENT: &str = "Set vent";
    /// Vent flow field.
    pub const VENT: &str = "Vent mL/min";
    /// Button that sets the sucker pump.
    pub const SET_SUCKER: &str = "Set sucker";
    /// Sucker flow field.
    pub const SUCKER: &str = "Sucker mL/min";
    /// Button that sets the haemoconcentrator.
    pub const SET_UF: &str = "Set haemoconcentrator";
    /// Ultrafiltration rate field.
    pub const UF: &str = "Ultrafiltrate mL/min";
    /// Zero-balance checkbox.
    pub const ZERO_BALANCE: &str = "Zero-balance";
    /// Button that washes and returns the cell saver's blood.
    pub const CELL_SAVER: &str = "Return cell saver";
    /// Button for retrograde autologous priming.
    pub const RAP: &str = "Retrograde autologous prime";
    /// Button that decannulates.
    pub const DECANNULATE: &str = "Decannulate";
    /// Button that opens the venous line and starts the pump at a first flow.
    pub const GO_ON: &str = "Go on bypass";
    /// Button that stops the pump and clamps the venous line.
    pub const COME_OFF: &str = "Come off bypass";
    /// The predicted on-bypass haematocrit's label (before bypass).
    pub const PREDICTED_HCT: &str = "Predicted on-bypass Hct";
}

/// The button that walks and checks a part of the circuit.
pub fn check_label(part: CircuitPart) -> &'static str {
    match part {
        CircuitPart::VenousLine => "Check venous line",
        CircuitPart::ArterialLine => "Check arterial line",
        CircuitPart::HeaterCooler => "Check heater-cooler",
    }
}

/// The module's values being typed.
#[derive(Clone, Debug, PartialEq)]
pub struct HlmDrafts {
    /// Cardioplegia solution.
    pub solution: PlegiaSolution,
    /// Cardioplegia route.
    pub route: PlegiaRoute,
    /// Cardioplegia dose, mL.
    pub plegia_ml: f64,
    /// Cardioplegia delivery temperature, °C.
    pub plegia_temp_c: f64,
    /// Cardioplegia delivery flow, mL/min.
    pub plegia_flow_ml_per_min: f64,
    /// Blood parts of the delivery system's ratio.
    pub blood_parts: f64,
    /// Crystalloid parts of the ratio.
    pub crystalloid_parts: f64,
    /// Vent flow, mL/min.
    pub vent_ml_per_min: f64,
    /// Sucker flow, mL/min.
    pub sucker_ml_per_min: f64,
    /// Ultrafiltrate rate, mL/min.
    pub uf_ml_per_min: f64,
    /// Zero-balance ultrafiltration.
    pub zero_balance: bool,
    /// Retrograde autologous prime, mL.
    pub rap_ml: f64,
}

impl Default for HlmDrafts {
    fn default() -> Self {
        Self {
            solution: PlegiaSolution::Blood,
            route: PlegiaRoute::Antegrade,
            plegia_ml: 500.0,
            plegia_temp_c: 8.0,
            plegia_flow_ml_per_min: 250.0,
            blood_parts: 4.0,
            crystalloid_parts: 1.0,
            vent_ml_per_min: 150.0,
            sucker_ml_per_min: 500.0,
            uf_ml_per_min: 50.0,
            zero_balance: false,
            rap_ml: 300.0,
        }
    }
}

/// Blood cardioplegia is redosed about every 20 minutes; the timer turns amber then.
const REDOSE_DUE_S: f64 = 20.0 * 60.0;

/// A number field named `name` within `limit`.
pub(crate) fn field_ui(ui: &mut egui::Ui, name: &str, value: &mut f64, limit: limits::Limit) {
    let label = ui.label(name);
    ui.add(
        DragValue::new(value)
            .range(limit.range())
            .speed(limit.step)
            .max_decimals(0),
    )
    .labelled_by(label.id);
}

/// The actions of "Go on bypass": the venous line opened and the pump started at a
/// first flow of 1 L/min/m² (the perfusionist then brings it up to target).
pub fn go_on_bypass(bsa_m2: f64) -> Vec<Action> {
    vec![
        Action::ClampVenous { closed: false },
        Action::SetPumpFlow {
            flow_l_per_min: limits::PUMP_FLOW.clamp((bsa_m2 * 10.0).round() / 10.0),
        },
        Action::PumpStart,
    ]
}

/// The actions of "Come off bypass": the pump stopped and the venous line clamped.
pub fn come_off_bypass() -> Vec<Action> {
    vec![Action::PumpStop, Action::ClampVenous { closed: true }]
}

/// Draws the module; returns the actions the trainee asked for, in order (each one
/// logged on its own).
#[must_use]
pub fn hlm_ui(
    ui: &mut egui::Ui,
    drafts: &mut HlmDrafts,
    sim: &Sim,
    palette: &crate::app::theme::Palette,
) -> Vec<Action> {
    let table = Applicability::of(sim.circuit().kind());
    if !table.action(ActionKind::DeliverCardioplegia) {
        return Vec::new();
    }
    let mut out = None;
    let mut steps = Vec::new();
    let record = sim.case_record();
    let hlm = sim.heart_lung_machine();
    let tick = sim.tick();
    ui.group(|ui| {
        ui.label(RichText::new("Perfusion record").strong());
        ui.label(format!(
            "Phase: {} · pump {} · cross-clamp {}",
            record.phase.label(),
            clock_label((record.pump_s() * 10.0) as u64),
            clock_label((record.clamp_s() * 10.0) as u64),
        ));
        let since = record.since_last_dose_s(tick);
        let plegia = match since {
            Some(s) => format!(
                "Cardioplegia: {} dose{}, last {} ago",
                record.doses.len(),
                if record.doses.len() == 1 { "" } else { "s" },
                clock_label((s * 10.0) as u64)
            ),
            None => "Cardioplegia: none given".to_string(),
        };
        // Not while the next dose is going in.
        let late = record.phase == Phase::CrossClamped
            && sim.plegia_delivery().running.is_none()
            && since.is_some_and(|s| s >= REDOSE_DUE_S)
            && record
                .doses
                .last()
                .is_some_and(|d| d.solution == PlegiaSolution::Blood);
        ui.label(if late {
            RichText::new(format!("{plegia} · redose due")).color(palette.value_caution)
        } else {
            RichText::new(plegia)
        });
        ui.label(format!(
            "Urine {:.0} mL · ultrafiltrate {:.0} mL · cell saver {:.0} mL collected",
            record.urine_ml, record.ultrafiltrate_ml, hlm.cell_saver_ml
        ));
        crate::app::widgets::thermal_readout::thermal_ui(ui, sim, palette);
        // What the surgeon sees and feels: a ventricle filling while it cannot eject.
        crate::app::widgets::heart_readout::lv_ui(ui, sim, palette);
        if record.phase == Phase::PreBypass {
            ui.label(
                RichText::new(format!(
                    "{}: {:.1} %",
                    names::PREDICTED_HCT,
                    sim.predicted_hct_pct()
                ))
                .strong(),
            );
        }
        ui.horizontal(|ui| {
            let on = record.phase.on_bypass();
            if !on && record.phase != Phase::Decannulated && ui.button(names::GO_ON).clicked() {
                steps = go_on_bypass(sim.settings().bsa_m2);
            }
            if on && ui.button(names::COME_OFF).clicked() {
                steps = come_off_bypass();
            }
        });
    });
    ui.group(|ui| {
        if let Some(action) = super::plegia_controls::plegia_ui(ui, drafts, sim, palette) {
            out = Some(action);
        }
    });
    ui.group(|ui| {
        ui.label(RichText::new("Pumps and blood management").strong());
        ui.horizontal(|ui| {
            field_ui(
                ui,
                names::VENT,
                &mut drafts.vent_ml_per_min,
                limits::VENT_FLOW,
            );
            if ui.button(names::SET_VENT).clicked() {
                out = Some(Action::SetVent {
                    flow_ml_per_min: drafts.vent_ml_per_min,
                });
            }
            ui.label(format!("now {:.0}", hlm.vent_ml_per_min));
        });
        ui.horizontal(|ui| {
            field_ui(
                ui,
                names::SUCKER,
                &mut drafts.sucker_ml_per_min,
                limits::SUCKER_FLOW,
            );
            if ui.button(names::SET_SUCKER).clicked() {
                out = Some(Action::SetSucker {
                    flow_ml_per_min: drafts.sucker_ml_per_min,
                });
            }
            ui.label(match hlm.sucker_ml_per_min {
                Some(f) => format!("now {f:.0}"),
                None => "on demand".to_string(),
            });
        });
        ui.horizontal(|ui| {
            field_ui(
                ui,
                names::UF,
                &mut drafts.uf_ml_per_min,
                limits::ULTRAFILTRATION,
            );
            ui.checkbox(&mut drafts.zero_balance, names::ZERO_BALANCE);
            if ui.button(names::SET_UF).clicked() {
                out = Some(Action::SetUltrafiltration {
                    rate_ml_per_min: drafts.uf_ml_per_min,
                    zero_balance: drafts.zero_balance,
                });
            }
        });
        ui.horizontal(|ui| {
            for part in CircuitPart::ALL {
                if ui.button(check_label(part)).clicked() {
                    out = Some(Action::CheckCircuit { part });
                }
            }
        });
        ui.horizontal(|ui| {
            if ui.button(names::CELL_SAVER).clicked() {
                out = Some(Action::CellSaverReturn);
            }
            if record.phase == Phase::PreBypass {
                field_ui(
                    ui,
                    "Prime displaced mL",
                    &mut drafts.rap_ml,
                    limits::RAP_VOLUME,
                );
                if ui.button(names::RAP).clicked() {
                    out = Some(Action::RetrogradeAutologousPrime {
                        volume_ml: drafts.rap_ml,
                    });
                }
            }
            if matches!(record.phase, Phase::OffBypass | Phase::Protamine)
                && ui.button(names::DECANNULATE).clicked()
            {
                out = Some(Action::Decannulate);
            }
        });
    });
    steps.extend(out);
    steps
}
