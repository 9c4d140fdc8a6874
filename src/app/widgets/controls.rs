//! The console's controls. Each control produces one typed [`Action`] (through
//! [`ControlCommand`]); nothing here touches the model.

use std::collections::BTreeMap;

use egui::{Button, DragValue, RichText};

use perfsim_core::action::{Action, Drug, Fluid, LabKind, Role};
use perfsim_core::model::Settings;
use perfsim_core::model::config::PumpKind;

use crate::app::UiCommand;

/// What a control asks for.
#[must_use]
#[derive(Clone, Debug, PartialEq)]
pub enum ControlCommand {
    /// Apply this action now.
    Act(Action),
    /// Give a bolus: the app asks for confirmation above [`Drug::confirm_bolus_above`].
    Bolus {
        /// Which drug.
        drug: Drug,
        /// Dose in the drug's bolus unit.
        dose: f64,
    },
}

/// A dial whose value is being dragged but not yet applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Knob {
    Flow,
    Rpm,
    HandCrank,
    Occlusion,
    Vacuum,
    Sweep,
    Fio2,
    Water,
    Infusion(Drug),
}

/// Control-panel state that is not the model's: doses being typed, dials being dragged.
#[derive(Clone, Debug)]
pub struct ControlsState {
    drafts: BTreeMap<Knob, f64>,
    /// Drug chosen for a bolus.
    pub bolus_drug: Drug,
    /// Bolus dose in the drug's unit.
    pub bolus_dose: f64,
    /// Fluid chosen.
    pub fluid: Fluid,
    /// Fluid volume, mL.
    pub fluid_ml: f64,
    /// Cardioplegia volume, mL.
    pub cardioplegia_ml: f64,
    /// Pacing rate to set, /min.
    pub pace_rate: f64,
}

impl Default for ControlsState {
    fn default() -> Self {
        Self {
            drafts: BTreeMap::new(),
            bolus_drug: Drug::Phenylephrine,
            bolus_dose: typical_bolus(Drug::Phenylephrine),
            fluid: Fluid::Crystalloid,
            fluid_ml: 250.0,
            cardioplegia_ml: 300.0,
            pace_rate: 80.0,
        }
    }
}

/// A usual adult bolus, the default when a drug is picked.
pub fn typical_bolus(drug: Drug) -> f64 {
    match drug {
        Drug::Phenylephrine => 100.0,
        Drug::Norepinephrine => 10.0,
        Drug::Vasopressin => 1.0,
        Drug::MethyleneBlue => 150.0,
        Drug::Epinephrine => 10.0,
        Drug::Heparin => 5000.0,
        Drug::Protamine => 50.0,
        Drug::Antithrombin => 1000.0,
        Drug::SodiumBicarbonate => 50.0,
        Drug::CalciumChloride => 500.0,
        Drug::PotassiumChloride => 5.0,
    }
}

/// Accessible names of the dials, so tests and screen readers find them.
pub mod names {
    /// Pump flow dial.
    pub const FLOW: &str = "Flow L/min";
    /// Centrifugal speed dial.
    pub const RPM: &str = "Speed rpm";
    /// Sweep dial.
    pub const SWEEP: &str = "Sweep L/min";
    /// FiO2 dial.
    pub const FIO2: &str = "FiO2 %";
    /// Bolus dose field.
    pub const DOSE: &str = "Dose";
    /// Button that gives the bolus.
    pub const GIVE_BOLUS: &str = "Give bolus";
}

/// A dial: dragging shows a draft, releasing (or typing, or arrow keys) applies once.
#[allow(clippy::too_many_arguments)]
fn knob_ui(
    ui: &mut egui::Ui,
    drafts: &mut BTreeMap<Knob, f64>,
    knob: Knob,
    label: &str,
    current: f64,
    range: std::ops::RangeInclusive<f64>,
    speed: f64,
    decimals: usize,
) -> Option<f64> {
    let label_response = ui.label(label);
    let mut value = drafts.get(&knob).copied().unwrap_or(current);
    let response = ui
        .add(
            DragValue::new(&mut value)
                .range(range)
                .speed(speed)
                .fixed_decimals(decimals),
        )
        .labelled_by(label_response.id);
    if response.drag_stopped() {
        drafts.remove(&knob);
        return (value != current).then_some(value);
    }
    if response.dragged() {
        drafts.insert(knob, value);
        return None;
    }
    if response.changed() {
        drafts.remove(&knob);
        return (value != current).then_some(value);
    }
    if !response.has_focus() {
        drafts.remove(&knob);
    }
    None
}

fn act(action: Action) -> Option<ControlCommand> {
    Some(ControlCommand::Act(action))
}

fn toggle(ui: &mut egui::Ui, on: bool, label: &str) -> bool {
    ui.add(Button::selectable(on, label)).clicked()
}

/// Draws every control group; returns what the trainee asked for this frame.
pub fn controls_ui(
    ui: &mut egui::Ui,
    state: &mut ControlsState,
    settings: &Settings,
) -> Option<ControlCommand> {
    let mut out = None;
    let ControlsState {
        drafts,
        bolus_drug,
        bolus_dose,
        fluid,
        fluid_ml,
        cardioplegia_ml,
        pace_rate,
    } = state;

    section(ui, "Arterial pump", true, |ui| {
        ui.horizontal(|ui| {
            let running = settings.pump_running;
            if ui
                .add_enabled(!running, Button::new("Start pump"))
                .clicked()
            {
                out = act(Action::PumpStart);
            }
            if ui
                .add_enabled(
                    running,
                    Button::new(RichText::new(UiCommand::StopPump.button_text()).strong()),
                )
                .clicked()
            {
                out = act(Action::PumpStop);
            }
        });
        egui::Grid::new("pump_grid").num_columns(2).show(ui, |ui| {
            match settings.pump_kind {
                PumpKind::Roller => {
                    if let Some(v) = knob_ui(
                        ui,
                        drafts,
                        Knob::Flow,
                        names::FLOW,
                        settings.pump_flow_set_l_min,
                        0.0..=7.0,
                        0.01,
                        2,
                    ) {
                        out = act(Action::SetPumpFlow { flow_l_per_min: v });
                    }
                }
                PumpKind::Centrifugal => {
                    if let Some(v) = knob_ui(
                        ui,
                        drafts,
                        Knob::Rpm,
                        names::RPM,
                        settings.pump_rpm_set,
                        0.0..=4000.0,
                        5.0,
                        0,
                    ) {
                        out = act(Action::SetPumpRpm { rpm: v });
                    }
                }
            }
            ui.end_row();
            if let Some(v) = knob_ui(
                ui,
                drafts,
                Knob::HandCrank,
                "Hand-crank L/min",
                settings.hand_crank_l_min,
                0.0..=5.0,
                0.02,
                1,
            ) {
                out = act(Action::HandCrank { flow_l_per_min: v });
            }
            ui.end_row();
        });
    });

    section(ui, "Clamps and drainage", true, |ui| {
        ui.horizontal(|ui| {
            let arterial = UiCommand::ToggleArterialClamp;
            if toggle(ui, settings.arterial_clamped, &arterial.button_text()) {
                out = arterial.action(settings).and_then(act);
            }
            let venous_closed = settings.venous_occlusion_pct >= 100.0;
            let venous = UiCommand::ToggleVenousClamp;
            if toggle(ui, venous_closed, &venous.button_text()) {
                out = venous.action(settings).and_then(act);
            }
        });
        egui::Grid::new("drain_grid").num_columns(2).show(ui, |ui| {
            if let Some(v) = knob_ui(
                ui,
                drafts,
                Knob::Occlusion,
                "Venous occlusion %",
                settings.venous_occlusion_pct,
                0.0..=100.0,
                0.5,
                0,
            ) {
                out = act(Action::SetVenousOcclusion { occlusion_pct: v });
            }
            ui.end_row();
            if let Some(v) = knob_ui(
                ui,
                drafts,
                Knob::Vacuum,
                "Vacuum −mmHg",
                settings.vacuum_mmhg,
                0.0..=100.0,
                0.5,
                0,
            ) {
                out = act(Action::SetVacuum { vacuum_mmhg: v });
            }
            ui.end_row();
        });
    });

    section(ui, "Gas and temperature", true, |ui| {
        egui::Grid::new("gas_grid").num_columns(2).show(ui, |ui| {
            if let Some(v) = knob_ui(
                ui,
                drafts,
                Knob::Sweep,
                names::SWEEP,
                settings.sweep_l_min,
                0.0..=15.0,
                0.02,
                1,
            ) {
                out = act(Action::SetSweep { sweep_l_per_min: v });
            }
            ui.end_row();
            if let Some(v) = knob_ui(
                ui,
                drafts,
                Knob::Fio2,
                names::FIO2,
                (settings.fio2 * 100.0).round(),
                21.0..=100.0,
                0.5,
                0,
            ) {
                out = act(Action::SetFio2 { fio2: v / 100.0 });
            }
            ui.end_row();
            if let Some(v) = knob_ui(
                ui,
                drafts,
                Knob::Water,
                "Water °C",
                settings.water_set_c,
                4.0..=40.0,
                0.05,
                1,
            ) {
                out = act(Action::SetWaterTemp { water_c: v });
            }
            ui.end_row();
        });
        let fio2_full = UiCommand::Fio2Full;
        if ui.button(fio2_full.button_text()).clicked() {
            out = fio2_full.action(settings).and_then(act);
        }
    });

    section(ui, "Drugs", true, |ui| {
        ui.horizontal(|ui| {
            let before = *bolus_drug;
            egui::ComboBox::new("bolus_drug", "Bolus drug")
                .selected_text(bolus_drug.label())
                .width(150.0)
                .show_ui(ui, |ui| {
                    for d in Drug::ALL {
                        ui.selectable_value(bolus_drug, d, d.label());
                    }
                });
            if *bolus_drug != before {
                *bolus_dose = typical_bolus(*bolus_drug);
            }
        });
        ui.horizontal(|ui| {
            let label = ui.label(names::DOSE);
            ui.add(
                DragValue::new(bolus_dose)
                    .range(0.0..=bolus_drug.max_bolus())
                    .speed((bolus_drug.max_bolus() / 500.0).max(0.01))
                    .suffix(format!(" {}", bolus_drug.bolus_unit())),
            )
            .labelled_by(label.id);
            if ui
                .add_enabled(*bolus_dose > 0.0, Button::new(names::GIVE_BOLUS))
                .clicked()
            {
                out = Some(ControlCommand::Bolus {
                    drug: *bolus_drug,
                    dose: *bolus_dose,
                });
            }
        });
        ui.label(
            RichText::new(format!(
                "max {} {}; asks to confirm above {} {}",
                bolus_drug.max_bolus(),
                bolus_drug.bolus_unit(),
                bolus_drug.confirm_bolus_above(),
                bolus_drug.bolus_unit()
            ))
            .small()
            .weak(),
        );
        ui.label(RichText::new("Infusions").strong());
        egui::Grid::new("infusion_grid")
            .num_columns(2)
            .show(ui, |ui| {
                for (drug, rate) in settings.infusions_per_min {
                    let Some(unit) = drug.infusion_unit() else {
                        continue;
                    };
                    let decimals = if drug.max_infusion() < 1.0 { 2 } else { 1 };
                    if let Some(v) = knob_ui(
                        ui,
                        drafts,
                        Knob::Infusion(drug),
                        &format!("{} {unit}", drug.label()),
                        rate,
                        0.0..=drug.max_infusion(),
                        drug.max_infusion() / 1000.0,
                        decimals,
                    ) {
                        out = act(Action::SetInfusion {
                            drug,
                            rate_per_min: v,
                        });
                    }
                    ui.end_row();
                }
            });
    });

    section(ui, "Fluids and cardioplegia", false, |ui| {
        ui.horizontal(|ui| {
            egui::ComboBox::new("fluid", "Fluid")
                .selected_text(fluid.label())
                .width(130.0)
                .show_ui(ui, |ui| {
                    for f in Fluid::ALL {
                        ui.selectable_value(fluid, f, f.label());
                    }
                });
            let label = ui.label("Volume");
            ui.add(
                DragValue::new(fluid_ml)
                    .range(1.0..=2000.0)
                    .speed(5.0)
                    .suffix(" mL"),
            )
            .labelled_by(label.id);
            if ui.button("Add to reservoir").clicked() {
                out = act(Action::GiveFluid {
                    fluid: *fluid,
                    volume_ml: *fluid_ml,
                });
            }
        });
        ui.horizontal(|ui| {
            let label = ui.label("Cardioplegia");
            ui.add(
                DragValue::new(cardioplegia_ml)
                    .range(1.0..=2000.0)
                    .speed(5.0)
                    .suffix(" mL"),
            )
            .labelled_by(label.id);
            if ui.button("Give cardioplegia").clicked() {
                out = act(Action::GiveCardioplegia {
                    volume_ml: *cardioplegia_ml,
                });
            }
        });
    });

    section(ui, "Labs", true, |ui| {
        ui.horizontal_wrapped(|ui| {
            for lab in LabKind::ALL {
                // Labs with a key take their text and tooltip from the command table.
                let button = match UiCommand::send_lab(lab) {
                    Some(c) => ui.button(c.label()).on_hover_text(format!(
                        "{} ({})",
                        c.help(),
                        c.keys_text()
                    )),
                    None => ui.button(format!("Send {}", lab.label())),
                };
                if button.clicked() {
                    out = act(Action::RequestLab { lab });
                }
            }
        });
    });

    section(ui, "Procedures and team", false, |ui| {
        ui.horizontal_wrapped(|ui| {
            if ui.button("Check gas supply").clicked() {
                out = act(Action::CheckGasSupply);
            }
            if ui.button("Change oxygenator").clicked() {
                out = act(Action::ChangeOxygenator);
            }
            if ui.button("De-air arterial line").clicked() {
                out = act(Action::DeairArterialLine);
            }
            if toggle(ui, settings.retro_svc, "Retrograde SVC perfusion") {
                out = act(Action::RetrogradeSvcPerfusion {
                    on: !settings.retro_svc,
                });
            }
            if toggle(ui, settings.trendelenburg, "Trendelenburg") {
                out = act(Action::Trendelenburg {
                    on: !settings.trendelenburg,
                });
            }
            if toggle(ui, settings.ventilation, "Ventilation") {
                out = act(Action::Ventilation {
                    on: !settings.ventilation,
                });
            }
        });
        ui.horizontal(|ui| {
            let label = ui.label("Pacing");
            ui.add(
                DragValue::new(pace_rate)
                    .range(40.0..=140.0)
                    .speed(0.5)
                    .suffix(" /min"),
            )
            .labelled_by(label.id);
            if ui.button("Pace").clicked() {
                out = act(Action::Pace {
                    rate_per_min: *pace_rate,
                });
            }
            if ui
                .add_enabled(settings.pacing_per_min > 0.0, Button::new("Pacing off"))
                .clicked()
            {
                out = act(Action::Pace { rate_per_min: 0.0 });
            }
            if ui.button("Defibrillate").clicked() {
                out = act(Action::Defibrillate);
            }
        });
        ui.horizontal(|ui| {
            if ui.button("Tell surgeon").clicked() {
                out = act(Action::Notify { who: Role::Surgeon });
            }
            if ui.button("Tell anaesthetist").clicked() {
                out = act(Action::Notify {
                    who: Role::Anaesthetist,
                });
            }
        });
    });
    out
}

fn section(ui: &mut egui::Ui, title: &str, open: bool, add: impl FnOnce(&mut egui::Ui)) {
    egui::CollapsingHeader::new(RichText::new(title).strong())
        .default_open(open)
        .show(ui, add);
}
