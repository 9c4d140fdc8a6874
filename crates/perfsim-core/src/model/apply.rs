//! Applying actions. Values were checked by [`Action::check`]; here the console's own
//! rules apply (no oxygenator change with the pump running, for instance), and a refusal
//! becomes a visible [`Event::Refused`] so the trainee knows why nothing happened.

use crate::action::{Action, CircuitPart, Drug, Fluid, PlegiaRoute, PlegiaSolution};
use crate::model::Sim;
use crate::model::circuit::{Circuit, Setting};
use crate::model::config::CircuitKind;
use crate::model::drugs::VASOACTIVE;
use crate::model::events::{Event, GasFinding, Procedure, Rhythm};
use crate::model::faults::{FaultKind, FaultState};
use crate::model::labs;
use crate::time::{TICKS_PER_SEC, tick_from_secs};

impl Sim {
    /// Applies `action` at the current tick. The caller (a [`crate::session::Session`])
    /// has checked its values and logs it.
    pub fn apply(&mut self, action: &Action) {
        match self.circuit.set(action, self.map_mmhg, &self.fault_level) {
            Setting::Done => return,
            Setting::Refused(reason) => return self.refuse(reason),
            Setting::NotASetting => {}
        }
        match action {
            // The circuit's own settings, applied by the circuit above.
            Action::SetPumpFlow { .. }
            | Action::SetPumpRpm { .. }
            | Action::PumpStop
            | Action::HandCrank { .. }
            | Action::ClampArterial { .. }
            | Action::ClampVenous { .. }
            | Action::SetVenousOcclusion { .. }
            | Action::SetVacuum { .. }
            | Action::SetSweep { .. }
            | Action::SetFio2 { .. }
            | Action::SetWaterTemp { .. }
            | Action::ClampDrainage { .. }
            | Action::ClampReturn { .. } => {}
            Action::SetVentilator {
                fio2,
                peep_cmh2o,
                rate_per_min,
            } => {
                self.ctl.vent = crate::model::config::VentilatorSpec {
                    fio2: *fio2,
                    peep_cmh2o: *peep_cmh2o,
                    rate_per_min: *rate_per_min,
                };
            }
            Action::SetHeparinInfusion { u_per_h } => self.ctl.heparin_u_per_h = *u_per_h,
            Action::RepositionCannula => {
                let secs = self.ecmo_spec_secs(|s| s.reposition_s);
                if self.procedure.is_some() {
                    self.refuse("another procedure is under way");
                } else {
                    self.begin(Procedure::CannulaReposition, secs);
                }
            }
            Action::ChangeCircuit => {
                let secs = self.ecmo_spec_secs(|s| s.circuit_change_s);
                if self.procedure.is_some() {
                    self.refuse("another procedure is under way");
                } else if !self.ecmo_stopped_and_clamped() {
                    self.refuse("stop the pump and clamp both lines before changing the circuit");
                } else {
                    self.begin(Procedure::CircuitChange, secs);
                }
            }
            Action::ConvertToVav => {
                let secs = self.ecmo_spec_secs(|s| s.reposition_s);
                if self.circuit.kind() != CircuitKind::VaEcmo {
                    self.refuse("a venous return limb is added to a VA circuit");
                } else if self.procedure.is_some() {
                    self.refuse("another procedure is under way");
                } else {
                    if let Circuit::Ecmo(ecmo) = &mut self.circuit {
                        ecmo.vav_pending = true;
                    }
                    self.begin(Procedure::CannulaReposition, secs);
                }
            }
            Action::ReplaceDrive => {
                if self.procedure.is_some() {
                    self.refuse("another procedure is under way");
                } else if !self.ecmo_stopped_and_clamped() {
                    self.refuse(
                        "stop the pump and crank and clamp both lines before moving the pump head",
                    );
                } else {
                    self.begin(Procedure::DriveChange, 60.0);
                }
            }
            Action::PumpStart => self.start_pump(),
            Action::DrugBolus { drug, dose } => self.give_bolus(*drug, *dose),
            Action::SetInfusion { drug, rate_per_min } => {
                if let Some(i) = VASOACTIVE.iter().position(|d| d == drug) {
                    self.drugs[i].infusion_per_min = *rate_per_min;
                }
            }
            Action::GiveFluid { fluid, volume_ml } => self.give_fluid(*fluid, *volume_ml),
            Action::GiveCardioplegia { volume_ml } => {
                if !self.ctl.cross_clamp {
                    self.refuse("cardioplegia goes into a clamped aortic root");
                } else {
                    // del Nido down the aortic root, as the console always gave it.
                    self.deliver_cardioplegia(
                        PlegiaSolution::DelNido,
                        PlegiaRoute::Antegrade,
                        *volume_ml,
                        None,
                        None,
                    );
                }
            }
            Action::DeliverCardioplegia {
                solution,
                route,
                volume_ml,
                temp_c,
                ratio,
                flow_ml_per_min,
            } => {
                if !self.ctl.cross_clamp {
                    self.refuse("cardioplegia goes into a clamped heart");
                } else if let Some(flow) = flow_ml_per_min {
                    let ratio = ratio.unwrap_or_else(|| solution.usual_ratio());
                    self.start_plegia(*solution, *route, ratio, *volume_ml, *temp_c, *flow);
                } else {
                    self.deliver_cardioplegia(*solution, *route, *volume_ml, Some(*temp_c), *ratio);
                }
            }
            Action::StopCardioplegia => {
                if self.plegia.running.is_none() {
                    self.refuse("no cardioplegia dose is running");
                } else {
                    self.stop_plegia();
                }
            }
            Action::SetVent { flow_ml_per_min } => self.hlm.vent_ml_per_min = *flow_ml_per_min,
            Action::SetSucker { flow_ml_per_min } => {
                self.hlm.sucker_ml_per_min = Some(*flow_ml_per_min)
            }
            Action::SetUltrafiltration {
                rate_ml_per_min,
                zero_balance,
            } => {
                self.hlm.ultrafiltration_ml_per_min = *rate_ml_per_min;
                self.hlm.zero_balance = *zero_balance;
            }
            Action::CellSaverReturn => self.return_cell_saver(),
            Action::RetrogradeAutologousPrime { volume_ml } => {
                self.retrograde_autologous_prime(*volume_ml)
            }
            Action::Decannulate => self.decannulate(),
            Action::SetInterlock { interlock, on } => self.set_interlock(*interlock, *on),
            // A checklist tick changes nothing in the patient: it is logged, and scored.
            Action::CheckItem { .. } => {}
            Action::CheckCircuit { part } => {
                let kinds: &[FaultKind] = match part {
                    CircuitPart::VenousLine => &[FaultKind::VenousAirLock],
                    CircuitPart::ArterialLine => &[FaultKind::ArterialLineKink],
                    CircuitPart::HeaterCooler => {
                        &[FaultKind::HeaterFailure, FaultKind::HeaterOverheat]
                    }
                };
                let mut found = false;
                for kind in kinds {
                    found |= self.clear_faults(*kind);
                }
                self.push_event(Event::CircuitChecked {
                    part: *part,
                    fault_found: found,
                });
            }
            Action::RequestLab { lab } => {
                let result = labs::draw(*lab, &self.snapshot(), self.seed);
                self.labs.push(result);
            }
            Action::CheckGasSupply => {
                let found = self.clear_faults(FaultKind::GasSupplyFailure);
                let finding = if found {
                    GasFinding::DisconnectedAtWall
                } else if self.settings().sweep_l_min <= 0.0 {
                    GasFinding::SweepOff
                } else {
                    GasFinding::Intact
                };
                self.push_event(Event::GasSupplyChecked {
                    fault_found: found,
                    finding,
                });
            }
            Action::ChangeOxygenator => {
                let (running, change_s) = match &self.circuit {
                    Circuit::Cpb(cpb) => (cpb.pump_running, cpb.spec.oxygenator_change_s),
                    Circuit::Ecmo(ecmo) => (
                        !self.ecmo_stopped_and_clamped(),
                        ecmo.spec.oxygenator_change_s,
                    ),
                };
                if self.procedure.is_some() {
                    self.refuse("another procedure is under way");
                } else if self.d.q_pump.abs() > 0.05 || running {
                    self.refuse("stop the pump and clamp the lines before changing the oxygenator");
                } else {
                    self.begin(Procedure::OxygenatorChange, change_s);
                }
            }
            Action::DeairArterialLine => {
                let (running, cranking, deair_s) = match &self.circuit {
                    Circuit::Cpb(cpb) => (
                        cpb.pump_running,
                        cpb.hand_crank_l_min > 0.0,
                        cpb.spec.deair_s,
                    ),
                    Circuit::Ecmo(ecmo) => (
                        ecmo.pump_running || !ecmo.return_clamped,
                        ecmo.hand_crank_l_min > 0.0,
                        ecmo.spec.deair_s,
                    ),
                };
                if self.procedure.is_some() {
                    self.refuse("another procedure is under way");
                } else if running || cranking {
                    self.refuse(
                        "stop the pump (and on ECMO clamp the return line) before de-airing",
                    );
                } else {
                    self.begin(Procedure::Deair, deair_s);
                }
            }
            Action::RetrogradeSvcPerfusion { on } => self.ctl.retro_svc = *on,
            Action::Trendelenburg { on } => self.ctl.trendelenburg = *on,
            Action::Ventilation { on } => self.ctl.ventilation = *on,
            Action::Pace { rate_per_min } => self.ctl.pacing_per_min = *rate_per_min,
            Action::Defibrillate => {
                if self.rhythm == Rhythm::Vf {
                    // A cold or potassium-loaded heart does not stay out of VF.
                    if self.t_np >= 30.0 && self.k_mmol_l < 6.5 {
                        self.rhythm = Rhythm::Sinus;
                        self.push_event(Event::RhythmChanged {
                            rhythm: Rhythm::Sinus,
                        });
                    } else {
                        self.refuse("the heart is too cold or hyperkalaemic to defibrillate");
                    }
                }
            }
            Action::CrossClamp { on } => self.ctl.cross_clamp = *on,
            Action::Notify { .. } => {}
            Action::AcknowledgeAlarms => self.alarms_acked = self.alarms_active,
            Action::InjectFault { fault } => {
                let mut state = FaultState::scheduled(fault.clone());
                state.onset_tick = Some(self.tick);
                self.faults.push(state);
                self.push_event(Event::FaultOnset { kind: fault.kind });
            }
            Action::ClearFault { kind } => {
                self.clear_faults(*kind);
                if *kind == FaultKind::HeparinResistance {
                    // Clearing resistance restores the antithrombin the fault took.
                    self.at_u += self.at_deficit_applied_u;
                    self.at_deficit_applied_u = 0.0;
                    self.at_before_resistance_u = None;
                }
            }
            Action::SetSvrFactor { factor } => self.ctl.svr_factor = *factor,
        }
    }

    pub(super) fn refuse(&mut self, reason: &str) {
        self.push_event(Event::Refused {
            reason: reason.to_string(),
        });
    }

    fn begin(&mut self, procedure: Procedure, secs: f64) {
        self.procedure = Some((
            procedure,
            self.tick + tick_from_secs(secs).max(TICKS_PER_SEC),
        ));
        self.push_event(Event::ProcedureStarted { procedure });
    }

    fn start_pump(&mut self) {
        if matches!(self.procedure, Some((Procedure::OxygenatorChange, _))) {
            self.refuse("the oxygenator is out of the circuit");
            return;
        }
        if self.level(FaultKind::PumpPowerFailure) >= 0.5 && self.circuit.ecmo().is_none() {
            self.refuse("no power to the pump motor: use the hand crank");
            return;
        }
        let with_air = match &mut self.circuit {
            Circuit::Cpb(cpb) => {
                let with_air = !cpb.pump_running && cpb.air_in_line_ml > 0.5;
                cpb.pump_running = true;
                cpb.hand_crank_l_min = 0.0;
                with_air
            }
            Circuit::Ecmo(ecmo) => {
                if ecmo.battery_pct <= 0.0 {
                    self.refuse("the console's battery is empty: crank by hand or move the pump head to the backup drive");
                    return;
                }
                let with_air = !ecmo.pump_running && ecmo.air_in_line_ml > 0.5;
                ecmo.pump_running = true;
                ecmo.hand_crank_l_min = 0.0;
                with_air
            }
        };
        if with_air {
            self.push_event(Event::PumpStartedWithAir);
        }
    }

    fn give_bolus(&mut self, drug: Drug, dose: f64) {
        let w = self.p.weight_kg;
        if let Some(i) = VASOACTIVE.iter().position(|d| *d == drug) {
            self.drugs[i].bolus(dose / w);
            return;
        }
        match drug {
            Drug::Heparin => self.heparin_u += dose,
            Drug::Protamine => {
                self.protamine_mg += dose;
                if self.case.phase == crate::model::phase::Phase::OffBypass {
                    self.set_phase(crate::model::phase::Phase::Protamine);
                }
            }
            Drug::Antithrombin => self.at_u += dose,
            // Bicarbonate distributes in ~0.3 L/kg: each mmol/(0.3·W) raises BE by 1.
            Drug::SodiumBicarbonate => self.be_mmol_l += dose / (0.3 * w),
            // CaCl2·2H2O 147 g/mol; about half the calcium stays ionised in the ECF.
            Drug::CalciumChloride => self.ica_mmol_l += 0.5 * dose / 147.0 / self.p.ecf_l,
            Drug::PotassiumChloride => self.k_mmol_l += dose / self.p.ecf_l,
            _ => {}
        }
    }

    /// Adds up to `volume_ml` to the reservoir, at most to its capacity; what does not
    /// fit is spilled and logged ([`Event::Spilled`]). Returns what went in.
    pub(super) fn fill_reservoir(&mut self, volume_ml: f64) -> f64 {
        let Circuit::Cpb(cpb) = &mut self.circuit else {
            return 0.0;
        };
        let room = (cpb.spec.reservoir_capacity_ml - cpb.reservoir_ml).max(0.0);
        let v = volume_ml.max(0.0).min(room);
        cpb.reservoir_ml += v;
        let spilled = volume_ml - v;
        if spilled > 0.0 {
            self.push_event(Event::Spilled { volume_ml: spilled });
        }
        v
    }

    fn give_fluid(&mut self, fluid: Fluid, volume_ml: f64) {
        if self.circuit.ecmo().is_some() {
            // No reservoir on ECMO: volume goes into the patient's vein.
            self.patient_ml += volume_ml;
            self.patient_rbc_ml += volume_ml * fluid.hct_fraction();
            if fluid == Fluid::Ffp {
                self.at_u += volume_ml;
            }
            return;
        }
        let room = {
            let Circuit::Cpb(cpb) = &self.circuit else {
                return;
            };
            (cpb.spec.reservoir_capacity_ml - cpb.reservoir_ml).max(0.0)
        };
        if room <= 0.0 {
            // Nothing can go in: the console refuses, and the action scores nothing.
            return self.refuse("the reservoir is full");
        }
        let v = self.fill_reservoir(volume_ml);
        let Circuit::Cpb(cpb) = &mut self.circuit else {
            return;
        };
        cpb.circuit_rbc_ml += v * fluid.hct_fraction();
        if fluid == Fluid::Ffp {
            // FFP carries about 1 U/mL antithrombin [S67].
            self.at_u += v;
        }
    }

    /// A number from the ECMO circuit's spec (0 on bypass, where it is never asked).
    fn ecmo_spec_secs(&self, f: impl Fn(&crate::model::config::CircuitSpec) -> f64) -> f64 {
        self.circuit.ecmo().map_or(0.0, |e| f(&e.spec))
    }

    /// Whether an ECMO circuit is stopped (motor and crank) with both lines clamped.
    fn ecmo_stopped_and_clamped(&self) -> bool {
        self.circuit.ecmo().is_some_and(|e| {
            !e.pump_running && e.hand_crank_l_min <= 0.0 && e.drainage_clamped && e.return_clamped
        })
    }
}
