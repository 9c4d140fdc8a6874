//! The ECMO console's controls, shown instead of the bypass console's when the run's
//! circuit is VV or VA ECMO: the pump by speed (flow is an outcome), the emergency
//! crank, drainage and return clamps, sweep, FdO2 and heater, the ventilator, the
//! heparin and vasoactive infusions, labs, procedures and the team. Each control gives
//! one typed [`Action`]; nothing here touches the model.

use std::collections::BTreeMap;

use egui::{Button, DragValue, RichText};

use perfsim_core::action::{Action, Drug, Fluid, LabKind, Role, limits};
use perfsim_core::model::config::CircuitKind;
use perfsim_core::model::{EcmoSettings, Settings};

use crate::app::UiCommand;
use crate::app::widgets::controls::{
    ControlCommand, act, fluid_row, module_ui, names, specs, typical_bolus,
};
use crate::app::widgets::knob::{KnobSpec, knob_ui};

/// Accessible names of the ECMO console's own controls.
pub mod ecmo_names {
    /// The blender's oxygen fraction on the sweep.
    pub const FDO2: &str = "FdO2 %";
    /// Drainage line clamp (off).
    pub const CLAMP_DRAINAGE: &str = "Clamp drainage";
    /// Return line clamp (off).
    pub const CLAMP_RETURN: &str = "Clamp return";
    /// Emergency crank.
    pub const HAND_CRANK: &str = "Hand-crank L/min";
    /// Ventilator FiO2.
    pub const VENT_FIO2: &str = "Vent FiO2 %";
    /// PEEP.
    pub const PEEP: &str = "PEEP cmH2O";
    /// Ventilator rate.
    pub const VENT_RATE: &str = "Vent rate /min";
    /// Heparin infusion.
    pub const HEPARIN: &str = "Heparin U/h";
    /// Tell the intensivist.
    pub const TELL_INTENSIVIST: &str = "Tell intensivist";
}

/// A dial of the ECMO console, naming its draft while it is dragged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Knob {
    Rpm,
    Crank,
    Sweep,
    Fdo2,
    Water,
    VentFio2,
    Peep,
    VentRate,
    Heparin,
    Infusion(Drug),
}

/// The ECMO console's own state: dials being dragged, the fluid and bolus being chosen.
#[derive(Clone, Debug)]
pub struct EcmoControlsState {
    drafts: BTreeMap<Knob, f64>,
    fluid: Fluid,
    fluid_ml: f64,
    bolus_drug: Drug,
    bolus_dose: f64,
}

impl Default for EcmoControlsState {
    fn default() -> Self {
        Self {
            drafts: BTreeMap::new(),
            fluid: Fluid::RedCells,
            fluid_ml: 500.0,
            bolus_drug: Drug::Heparin,
            bolus_dose: typical_bolus(Drug::Heparin),
        }
    }
}

/// A ventilator or infusion dial's travel from its limit.
const fn spec(limit: limits::Limit, decimals: usize) -> KnobSpec {
    KnobSpec {
        min: limit.min,
        max: limit.max,
        step: limit.step,
        decimals,
    }
}

/// A fraction shown in %.
const fn pct(limit: limits::Limit) -> KnobSpec {
    KnobSpec {
        min: limit.min * 100.0,
        max: limit.max * 100.0,
        step: limit.step * 100.0,
        decimals: 0,
    }
}

fn dial(
    ui: &mut egui::Ui,
    drafts: &mut BTreeMap<Knob, f64>,
    knob: Knob,
    label: &str,
    current: f64,
    spec: KnobSpec,
) -> Option<f64> {
    let label_id = ui.label(label).id;
    let mut draft = drafts.get(&knob).copied();
    let out = knob_ui(ui, label_id, &mut draft, current, spec);
    match draft {
        Some(v) => drafts.insert(knob, v),
        None => drafts.remove(&knob),
    };
    ui.end_row();
    out
}

/// Draws the ECMO console in two columns; returns what the specialist asked for.
pub fn ecmo_controls_ui(
    ui: &mut egui::Ui,
    state: &mut EcmoControlsState,
    settings: &Settings,
    ecmo: &EcmoSettings,
) -> Option<ControlCommand> {
    let mut out = None;
    ui.columns(2, |cols| {
        if let [left, right] = cols {
            if let Some(c) = circuit_column_ui(left, state, settings, ecmo) {
                out = Some(c);
            }
            if let Some(c) = patient_column_ui(right, state, settings, ecmo) {
                out = Some(c);
            }
        }
    });
    out
}

fn circuit_column_ui(
    ui: &mut egui::Ui,
    state: &mut EcmoControlsState,
    settings: &Settings,
    ecmo: &EcmoSettings,
) -> Option<ControlCommand> {
    let mut out = None;
    let drafts = &mut state.drafts;
    module_ui(ui, "ECMO pump", |ui| {
        if ecmo.on_battery {
            ui.label(
                RichText::new(format!("ON BATTERY {:.0} %", ecmo.battery_pct))
                    .strong()
                    .color(ui.visuals().warn_fg_color),
            );
        }
        ui.horizontal_wrapped(|ui| {
            let running = settings.pump_running;
            if ui
                .add_enabled(!running, Button::new("Start pump"))
                .clicked()
            {
                out = act(Action::PumpStart);
            }
            let stop = RichText::new(UiCommand::StopPump.button_text()).strong();
            if ui.add_enabled(running, Button::new(stop)).clicked() {
                out = act(Action::PumpStop);
            }
        });
        egui::Grid::new("ecmo_pump_grid")
            .num_columns(2)
            .show(ui, |ui| {
                let rpm = settings.pump_rpm_set;
                if let Some(v) = dial(ui, drafts, Knob::Rpm, names::RPM, rpm, specs::RPM) {
                    out = act(Action::SetPumpRpm { rpm: v });
                }
                let crank = settings.hand_crank_l_min;
                let name = ecmo_names::HAND_CRANK;
                if let Some(v) = dial(ui, drafts, Knob::Crank, name, crank, specs::HAND_CRANK) {
                    out = act(Action::HandCrank { flow_l_per_min: v });
                }
            });
    });
    module_ui(ui, "Clamps", |ui| {
        ui.horizontal_wrapped(|ui| {
            // Return line first on a centrifugal circuit: its clamp comes first.
            let (text, closed) = if ecmo.return_clamped {
                ("Return clamped", true)
            } else {
                (ecmo_names::CLAMP_RETURN, false)
            };
            if ui.add(Button::selectable(closed, text)).clicked() {
                out = act(Action::ClampReturn { closed: !closed });
            }
            let (text, closed) = if ecmo.drainage_clamped {
                ("Drainage clamped", true)
            } else {
                (ecmo_names::CLAMP_DRAINAGE, false)
            };
            if ui.add(Button::selectable(closed, text)).clicked() {
                out = act(Action::ClampDrainage { closed: !closed });
            }
        });
    });
    module_ui(ui, "Gas and heater", |ui| {
        egui::Grid::new("ecmo_gas_grid")
            .num_columns(2)
            .show(ui, |ui| {
                let sweep = settings.sweep_l_min;
                if let Some(v) = dial(ui, drafts, Knob::Sweep, names::SWEEP, sweep, specs::SWEEP) {
                    out = act(Action::SetSweep { sweep_l_per_min: v });
                }
                let fdo2 = (settings.fio2 * 100.0).round();
                if let Some(v) = dial(ui, drafts, Knob::Fdo2, ecmo_names::FDO2, fdo2, specs::FIO2) {
                    out = act(Action::SetFio2 { fio2: v / 100.0 });
                }
                let water = settings.water_set_c;
                if let Some(v) = dial(ui, drafts, Knob::Water, names::WATER, water, specs::WATER) {
                    out = act(Action::SetWaterTemp { water_c: v });
                }
            });
    });
    module_ui(ui, "Procedures", |ui| {
        ui.horizontal_wrapped(|ui| {
            let buttons: [(&str, Action); 6] = [
                ("Check gas supply", Action::CheckGasSupply),
                ("Change oxygenator", Action::ChangeOxygenator),
                ("Change circuit", Action::ChangeCircuit),
                ("Backup drive", Action::ReplaceDrive),
                ("De-air circuit", Action::DeairArterialLine),
                ("Reposition cannula", Action::RepositionCannula),
            ];
            for (text, action) in buttons {
                if ui.button(text).clicked() {
                    out = act(action);
                }
            }
            if settings.circuit_kind == CircuitKind::VaEcmo
                && ui.button("Add jugular return (VAV)").clicked()
            {
                out = act(Action::ConvertToVav);
            }
            if ui
                .add(Button::selectable(settings.trendelenburg, "Trendelenburg"))
                .clicked()
            {
                out = act(Action::Trendelenburg {
                    on: !settings.trendelenburg,
                });
            }
        });
    });
    out
}

fn patient_column_ui(
    ui: &mut egui::Ui,
    state: &mut EcmoControlsState,
    settings: &Settings,
    ecmo: &EcmoSettings,
) -> Option<ControlCommand> {
    let mut out = None;
    let EcmoControlsState {
        drafts,
        fluid,
        fluid_ml,
        bolus_drug,
        bolus_dose,
    } = state;
    module_ui(ui, "Ventilator", |ui| {
        egui::Grid::new("vent_grid").num_columns(2).show(ui, |ui| {
            let vent = |fio2, peep_cmh2o, rate_per_min| Action::SetVentilator {
                fio2,
                peep_cmh2o,
                rate_per_min,
            };
            let (f, p, r) = (ecmo.vent_fio2, ecmo.peep_cmh2o, ecmo.vent_rate_per_min);
            let spec_fio2 = pct(limits::VENT_FIO2);
            let name = ecmo_names::VENT_FIO2;
            if let Some(v) = dial(
                ui,
                drafts,
                Knob::VentFio2,
                name,
                (f * 100.0).round(),
                spec_fio2,
            ) {
                out = act(vent(v / 100.0, p, r));
            }
            let name = ecmo_names::PEEP;
            if let Some(v) = dial(ui, drafts, Knob::Peep, name, p, spec(limits::PEEP, 0)) {
                out = act(vent(f, v, r));
            }
            let name = ecmo_names::VENT_RATE;
            if let Some(v) = dial(
                ui,
                drafts,
                Knob::VentRate,
                name,
                r,
                spec(limits::VENT_RATE, 0),
            ) {
                out = act(vent(f, p, v));
            }
        });
    });
    module_ui(ui, "Infusions", |ui| {
        egui::Grid::new("ecmo_infusions")
            .num_columns(2)
            .show(ui, |ui| {
                let name = ecmo_names::HEPARIN;
                let rate = ecmo.heparin_u_per_h;
                let spec_h = spec(limits::HEPARIN_INFUSION, 0);
                if let Some(v) = dial(ui, drafts, Knob::Heparin, name, rate, spec_h) {
                    out = act(Action::SetHeparinInfusion { u_per_h: v });
                }
                for (drug, rate) in settings.infusions_per_min {
                    let (Some(limit), Some(unit)) = (drug.infusion_limit(), drug.infusion_unit())
                    else {
                        continue;
                    };
                    let label = format!("{} {unit}", drug.label());
                    let spec_d = specs::infusion(limit);
                    if let Some(v) = dial(ui, drafts, Knob::Infusion(drug), &label, rate, spec_d) {
                        out = act(Action::SetInfusion {
                            drug,
                            rate_per_min: v,
                        });
                    }
                }
            });
    });
    module_ui(ui, "Drugs and fluids", |ui| {
        ui.horizontal_wrapped(|ui| {
            egui::ComboBox::new("ecmo_bolus_drug", "Bolus drug")
                .selected_text(bolus_drug.label())
                .show_ui(ui, |ui| {
                    for d in Drug::ALL {
                        if ui.selectable_value(bolus_drug, d, d.label()).clicked() {
                            *bolus_dose = typical_bolus(d);
                        }
                    }
                });
            let limit = bolus_drug.bolus_limit();
            let label = ui.label(names::DOSE);
            ui.add(
                DragValue::new(bolus_dose)
                    .range(limit.range())
                    .suffix(format!(" {}", bolus_drug.bolus_unit())),
            )
            .labelled_by(label.id);
            if ui.button(names::GIVE_BOLUS).clicked() {
                out = Some(ControlCommand::Bolus {
                    drug: *bolus_drug,
                    dose: *bolus_dose,
                });
            }
        });
        if let Some(c) = fluid_row(ui, "ecmo_fluid", fluid, fluid_ml, "Give fluid", None) {
            out = Some(c);
        }
    });
    module_ui(ui, "Labs", |ui| {
        ui.horizontal_wrapped(|ui| {
            for lab in LabKind::ALL {
                if ui.button(format!("Send {}", lab.label())).clicked() {
                    out = act(Action::RequestLab { lab });
                }
            }
        });
    });
    module_ui(ui, "Team", |ui| {
        ui.horizontal_wrapped(|ui| {
            if ui.button(ecmo_names::TELL_INTENSIVIST).clicked() {
                out = act(Action::Notify {
                    who: Role::Intensivist,
                });
            }
            if ui.button(names::TELL_SURGEON).clicked() {
                out = act(Action::Notify { who: Role::Surgeon });
            }
        });
    });
    out
}
