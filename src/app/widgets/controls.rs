//! The console's controls. Each control produces one typed [`Action`] (through
//! [`ControlCommand`]); nothing here touches the model.

use std::collections::BTreeMap;

use egui::{Button, DragValue, RichText};

use perfsim_core::action::{Action, Drug, Fluid, LabKind, Role, limits};
use perfsim_core::model::Settings;
use perfsim_core::model::config::PumpKind;

use crate::app::UiCommand;
use crate::app::widgets::knob::{KnobSpec, knob_ui};

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

/// A dial, naming its draft while it is being dragged.
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
    /// The ECMO console's own state (on an ECMO run the console is that one).
    pub ecmo: super::ecmo_console::EcmoControlsState,
    /// The heart-lung machine module's drafts.
    pub hlm: crate::app::widgets::hlm_controls::HlmDrafts,
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
            ecmo: Default::default(),
            hlm: Default::default(),
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
    /// Heater-cooler water dial.
    pub const WATER: &str = "Water °C";
    /// Button that tells the surgeon.
    pub const TELL_SURGEON: &str = "Tell surgeon";
    /// Button that tells the anaesthetist.
    pub const TELL_ANAESTHETIST: &str = "Tell anaesthetist";
}

/// The travel of each dial. Ranges and steps (a console knob's detents: what one arrow
/// key press or wheel notch changes) come from the core's one limits table
/// ([`perfsim_core::action::limits`]); only how many decimals a dial shows is the window's.
pub mod specs {
    use perfsim_core::action::limits::{self, Limit};

    use crate::app::widgets::knob::KnobSpec;

    const fn knob(limit: Limit, decimals: usize) -> KnobSpec {
        KnobSpec {
            min: limit.min,
            max: limit.max,
            step: limit.step,
            decimals,
        }
    }

    /// Roller pump flow, L/min.
    pub const FLOW: KnobSpec = knob(limits::PUMP_FLOW, 2);
    /// Centrifugal pump speed, rpm.
    pub const RPM: KnobSpec = knob(limits::PUMP_SPEED, 0);
    /// Hand-crank flow, L/min.
    pub const HAND_CRANK: KnobSpec = knob(limits::HAND_CRANK, 1);
    /// Venous occlusion, %.
    pub const OCCLUSION: KnobSpec = knob(limits::VENOUS_OCCLUSION, 0);
    /// Vacuum, −mmHg.
    pub const VACUUM: KnobSpec = knob(limits::VACUUM, 0);
    /// Sweep gas, L/min.
    pub const SWEEP: KnobSpec = knob(limits::SWEEP, 1);
    /// FiO2, shown in % (the table holds the fraction).
    pub const FIO2: KnobSpec = KnobSpec {
        min: limits::FIO2.min * 100.0,
        max: limits::FIO2.max * 100.0,
        step: limits::FIO2.step * 100.0,
        decimals: 0,
    };
    /// Heater-cooler water, °C.
    pub const WATER: KnobSpec = knob(limits::WATER_TEMP, 1);

    /// An infusion pump's rate for `limit` (the drug's [`Drug::infusion_limit`]).
    ///
    /// [`Drug::infusion_limit`]: perfsim_core::action::Drug::infusion_limit
    pub fn infusion(limit: Limit) -> KnobSpec {
        // Enough decimals to show one step.
        let decimals = match limit.step {
            s if s < 0.01 => 3,
            s if s < 0.1 => 2,
            s if s < 1.0 => 1,
            _ => 0,
        };
        knob(limit, decimals)
    }
}

/// A labelled dial in a two-column grid row; returns the value to apply, if any.
fn dial_ui(
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
    out
}

pub(super) fn act(action: Action) -> Option<ControlCommand> {
    Some(ControlCommand::Act(action))
}

/// A fluid, its volume and the button that gives it (the bypass and ECMO consoles alike).
pub(super) fn fluid_row(
    ui: &mut egui::Ui,
    id: &str,
    fluid: &mut Fluid,
    fluid_ml: &mut f64,
    button: &str,
    combo_width: Option<f32>,
) -> Option<ControlCommand> {
    let mut out = None;
    ui.horizontal_wrapped(|ui| {
        let mut combo = egui::ComboBox::new(id, "Fluid").selected_text(fluid.label());
        if let Some(w) = combo_width {
            combo = combo.width(w);
        }
        combo.show_ui(ui, |ui| {
            for f in Fluid::ALL {
                ui.selectable_value(fluid, f, f.label());
            }
        });
        let label = ui.label("Volume");
        ui.add(
            DragValue::new(fluid_ml)
                .range(limits::FLUID_VOLUME.range())
                .speed(5.0)
                .suffix(" mL"),
        )
        .labelled_by(label.id);
        if ui.button(button).clicked() {
            out = act(Action::GiveFluid {
                fluid: *fluid,
                volume_ml: *fluid_ml,
            });
        }
    });
    out
}

fn toggle(ui: &mut egui::Ui, on: bool, label: &str) -> bool {
    ui.add(Button::selectable(on, label)).clicked()
}

/// Draws the console's modules in two columns, none collapsed, so every control has a
/// fixed place: arterial pump, drainage, gas and heater-cooler on the left; drugs,
/// fluids and cardioplegia, labs, procedures and the team on the right. Returns what the
/// trainee asked for this frame.
pub fn controls_ui(
    ui: &mut egui::Ui,
    state: &mut ControlsState,
    settings: &Settings,
) -> Option<ControlCommand> {
    // The circuit decides the console: an ECMO run gets the ECMO console.
    if let Some(ecmo) = &settings.ecmo {
        return super::ecmo_console::ecmo_controls_ui(ui, &mut state.ecmo, settings, ecmo);
    }
    let mut out = None;
    ui.columns(2, |cols| {
        if let [left, right] = cols {
            if let Some(c) = pump_gas_column_ui(left, state, settings) {
                out = Some(c);
            }
            if let Some(c) = drugs_team_column_ui(right, state, settings) {
                out = Some(c);
            }
        }
    });
    out
}

fn pump_gas_column_ui(
    ui: &mut egui::Ui,
    state: &mut ControlsState,
    settings: &Settings,
) -> Option<ControlCommand> {
    let mut out = None;
    let drafts = &mut state.drafts;
    module_ui(ui, "Arterial pump", |ui| {
        ui.horizontal_wrapped(|ui| {
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
                    let current = settings.pump_flow_set_l_min;
                    if let Some(v) =
                        dial_ui(ui, drafts, Knob::Flow, names::FLOW, current, specs::FLOW)
                    {
                        out = act(Action::SetPumpFlow { flow_l_per_min: v });
                    }
                }
                PumpKind::Centrifugal => {
                    let current = settings.pump_rpm_set;
                    if let Some(v) = dial_ui(ui, drafts, Knob::Rpm, names::RPM, current, specs::RPM)
                    {
                        out = act(Action::SetPumpRpm { rpm: v });
                    }
                }
            }
            ui.end_row();
            let current = settings.hand_crank_l_min;
            if let Some(v) = dial_ui(
                ui,
                drafts,
                Knob::HandCrank,
                "Hand-crank L/min",
                current,
                specs::HAND_CRANK,
            ) {
                out = act(Action::HandCrank { flow_l_per_min: v });
            }
            ui.end_row();
        });
    });

    module_ui(ui, "Clamps and drainage", |ui| {
        ui.horizontal_wrapped(|ui| {
            let arterial = UiCommand::ToggleArterialClamp;
            if toggle(ui, settings.arterial_clamped, &arterial.button_text()) {
                out = arterial.action(settings).and_then(act);
            }
            let venous_closed = settings.venous_occlusion_pct >= limits::VENOUS_OCCLUSION.max;
            let venous = UiCommand::ToggleVenousClamp;
            if toggle(ui, venous_closed, &venous.button_text()) {
                out = venous.action(settings).and_then(act);
            }
        });
        egui::Grid::new("drain_grid").num_columns(2).show(ui, |ui| {
            let current = settings.venous_occlusion_pct;
            if let Some(v) = dial_ui(
                ui,
                drafts,
                Knob::Occlusion,
                "Venous occlusion %",
                current,
                specs::OCCLUSION,
            ) {
                out = act(Action::SetVenousOcclusion { occlusion_pct: v });
            }
            ui.end_row();
            let current = settings.vacuum_mmhg;
            if let Some(v) = dial_ui(
                ui,
                drafts,
                Knob::Vacuum,
                "Vacuum −mmHg",
                current,
                specs::VACUUM,
            ) {
                out = act(Action::SetVacuum { vacuum_mmhg: v });
            }
            ui.end_row();
        });
    });

    module_ui(ui, "Gas and heater-cooler", |ui| {
        egui::Grid::new("gas_grid").num_columns(2).show(ui, |ui| {
            let current = settings.sweep_l_min;
            if let Some(v) = dial_ui(ui, drafts, Knob::Sweep, names::SWEEP, current, specs::SWEEP) {
                out = act(Action::SetSweep { sweep_l_per_min: v });
            }
            ui.end_row();
            let current = (settings.fio2 * 100.0).round();
            if let Some(v) = dial_ui(ui, drafts, Knob::Fio2, names::FIO2, current, specs::FIO2) {
                out = act(Action::SetFio2 { fio2: v / 100.0 });
            }
            ui.end_row();
            let current = settings.water_set_c;
            if let Some(v) = dial_ui(ui, drafts, Knob::Water, names::WATER, current, specs::WATER) {
                out = act(Action::SetWaterTemp { water_c: v });
            }
            ui.end_row();
        });
        let fio2_full = UiCommand::Fio2Full;
        if ui.button(fio2_full.button_text()).clicked() {
            out = fio2_full.action(settings).and_then(act);
        }
    });
    out
}

fn drugs_team_column_ui(
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
        ecmo: _,
        // Drawn by the heart-lung machine's own module (`hlm_controls.rs`).
        hlm: _,
    } = state;

    module_ui(ui, "Drugs", |ui| {
        let before = *bolus_drug;
        egui::ComboBox::new("bolus_drug", "Bolus drug")
            .selected_text(bolus_drug.label())
            .width(130.0)
            .show_ui(ui, |ui| {
                for d in Drug::ALL {
                    ui.selectable_value(bolus_drug, d, d.label());
                }
            });
        if *bolus_drug != before {
            *bolus_dose = typical_bolus(*bolus_drug);
        }
        ui.horizontal_wrapped(|ui| {
            let label = ui.label(names::DOSE);
            ui.add(
                DragValue::new(bolus_dose)
                    .range(0.0..=bolus_drug.bolus_limit().max)
                    .speed((bolus_drug.max_bolus() / 500.0).max(0.01))
                    .suffix(format!(" {}", bolus_drug.bolus_unit())),
            )
            .labelled_by(label.id)
            .on_hover_text(format!(
                "max {} {}; asks to confirm above {} {}",
                bolus_drug.max_bolus(),
                bolus_drug.bolus_unit(),
                bolus_drug.confirm_bolus_above(),
                bolus_drug.bolus_unit()
            ));
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
        egui::Grid::new("infusion_grid")
            .num_columns(2)
            .show(ui, |ui| {
                for (drug, rate) in settings.infusions_per_min {
                    let (Some(unit), Some(limit)) = (drug.infusion_unit(), drug.infusion_limit())
                    else {
                        continue;
                    };
                    let label = format!("{} {unit}", drug.label());
                    let spec = specs::infusion(limit);
                    if let Some(v) = dial_ui(ui, drafts, Knob::Infusion(drug), &label, rate, spec) {
                        out = act(Action::SetInfusion {
                            drug,
                            rate_per_min: v,
                        });
                    }
                    ui.end_row();
                }
            });
    });

    module_ui(ui, "Fluids and cardioplegia", |ui| {
        if let Some(c) = fluid_row(
            ui,
            "fluid",
            fluid,
            fluid_ml,
            "Add to reservoir",
            Some(110.0),
        ) {
            out = Some(c);
        }
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("Cardioplegia");
            ui.add(
                DragValue::new(cardioplegia_ml)
                    .range(limits::CARDIOPLEGIA_VOLUME.range())
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

    module_ui(ui, "Labs", |ui| {
        ui.horizontal_wrapped(|ui| {
            for lab in LabKind::CPB {
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

    module_ui(ui, "Procedures and team", |ui| {
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
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("Pacing");
            ui.add(
                DragValue::new(pace_rate)
                    .range(limits::PACING_RATE.range())
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
        ui.horizontal_wrapped(|ui| {
            if ui.button(names::TELL_SURGEON).clicked() {
                out = act(Action::Notify { who: Role::Surgeon });
            }
            if ui.button(names::TELL_ANAESTHETIST).clicked() {
                out = act(Action::Notify {
                    who: Role::Anaesthetist,
                });
            }
        });
    });
    out
}

/// One module of the console: a heading and its controls, always shown, so nothing
/// moves when another module is used.
pub(super) fn module_ui(ui: &mut egui::Ui, title: &str, add: impl FnOnce(&mut egui::Ui)) {
    ui.label(RichText::new(title).strong());
    add(ui);
    ui.add_space(4.0);
}
