//! One tick of physics, in the order blood moves: pump, drainage, volumes and air,
//! oxygenator, heart, tissues, pressures, brain, heat, coagulation, drugs, alarms.
//! This file runs the tick and moves blood; [`super::metabolism`] exchanges gas and
//! runs the heart, [`super::body`] the pressures, brain, heat and coagulation, and
//! [`super::observe`] the alarms and what the monitors show.

use crate::model::Sim;
use crate::model::circuit::{Circuit, PatientSide, PumpContext};
use crate::model::config::CircuitKind;
use crate::model::events::{Event, Procedure};
use crate::model::faults::FaultKind;
use crate::time::DT_SECS;

/// Air left in an ECMO circuit's connections by an oxygenator or circuit change-out
/// until it is de-aired, mL [U]: a few mL per cut-and-connect, enough that restarting
/// without de-airing sends a visible embolus to the patient (ecmo.md §13, air in the circuit).
const ECMO_CHANGE_AIR_ML: f64 = 10.0;

/// mL per L/min per tick.
pub(super) const ML_PER_LPM_TICK: f64 = 1000.0 / 60.0 * DT_SECS;
/// One tick in minutes.
pub(super) const DT_MIN: f64 = DT_SECS / 60.0;

impl Sim {
    /// Starts faults whose onset is due and refreshes every kind's level.
    pub(super) fn start_due_faults(&mut self) {
        let tick = self.tick;
        let mut snapshot = None;
        let mut started = Vec::new();
        for i in 0..self.faults.len() {
            let needs_signal = !matches!(
                self.faults[i].spec.onset,
                crate::model::faults::Onset::AtSecs(_)
            );
            if needs_signal && snapshot.is_none() && tick.is_multiple_of(crate::time::TICKS_PER_SEC)
            {
                snapshot = Some(self.snapshot());
            }
            let due = {
                let snap = snapshot.as_ref();
                self.faults[i].due(tick, |s| snap.map_or(f64::NAN, |x| x.value(s)))
            };
            if due {
                self.faults[i].onset_tick = Some(tick);
                started.push(self.faults[i].spec.kind);
            }
        }
        for kind in started {
            self.push_event(Event::FaultOnset { kind });
        }
        self.fault_level = [0.0; FaultKind::ALL.len()];
        for f in &self.faults {
            let l = f.level(tick);
            let slot = &mut self.fault_level[f.spec.kind.index()];
            *slot = slot.max(l);
        }
    }

    /// The physics of one tick (no events about faults, procedures or labs).
    pub(super) fn step_physics(&mut self) {
        let q = self.pump_flow();
        self.move_blood(q);
        self.ultrafilter();
        self.run_plegia();
        self.exchange_gas_and_metabolise();
        self.update_pressures();
        self.update_brain();
        self.update_temperatures();
        self.update_coagulation();
        self.update_drugs_and_electrolytes();
    }

    /// Arterial pump flow this tick, L/min (negative: backflow through a stopped
    /// centrifugal pump).
    pub(super) fn pump_flow(&mut self) -> f64 {
        // A procedure with the circuit out of use holds the pump.
        let held = matches!(
            self.procedure,
            Some((
                Procedure::OxygenatorChange | Procedure::CircuitChange | Procedure::DriveChange,
                _
            ))
        );
        let at = PumpContext {
            held,
            map_mmhg: self.map_mmhg,
            nodes: self.ecmo_nodes(),
            tick: self.tick,
        };
        let q = self.circuit.pump_flow(&at, &self.fault_level);
        if let Circuit::Ecmo(ecmo) = &mut self.circuit
            && ecmo.battery_emptied
        {
            ecmo.battery_emptied = false;
            self.push_event(Event::BatteryEmpty);
        }
        q
    }

    /// Venous drainage, reservoir balance, red cells, bleeding and air: the circuit
    /// moves its side, the patient gains what it returns and loses what it drains.
    pub(super) fn move_blood(&mut self, q_pump: f64) {
        let ecmo = self.circuit.ecmo().is_some();
        let mut bleed_l_min = 0.5 * self.level(FaultKind::Bleeding);
        if ecmo {
            // A pulled-out cannula's site bleeds until it is recannulated.
            bleed_l_min += 0.15 * self.level(FaultKind::Decannulation);
        }
        let hct_patient = self.patient_rbc_ml / self.patient_ml.max(1.0);
        // Cardiotomy suction returns shed blood (and the vent the heart's) to the
        // reservoir (`hlm.rs`).
        let suction = if ecmo {
            // No cardiotomy suction or vent on ECMO: what is shed is lost.
            super::hlm::Suction {
                into_circuit_l_min: 0.0,
                from_patient_l_min: 0.0,
                lost_l_min: bleed_l_min,
            }
        } else {
            self.suction(bleed_l_min, hct_patient)
        };
        let suction_l_min = suction.into_circuit_l_min;
        let patient = PatientSide {
            cvp_mmhg: self.cvp(),
            patient_ml: self.patient_ml,
            v_unstressed_ml: self.p.v_unstressed_ml,
            r_venous: self.p.r_venous,
            hct: hct_patient,
            suction_l_min,
        };
        let moved = self.circuit.move_blood(q_pump, &patient, &self.fault_level);
        if moved.deprimed_now {
            self.push_event(Event::PumpDeprimed);
        }
        let bleed_ml = bleed_l_min * ML_PER_LPM_TICK;
        if bleed_ml > 0.0 {
            // Blood lost to the field (not the half suction returns) carries its share
            // of heparin and antithrombin out of the body.
            let lost = suction.lost_l_min * ML_PER_LPM_TICK / self.total_blood_ml();
            self.heparin_u *= 1.0 - lost;
            self.at_u *= 1.0 - lost;
        }
        // Water the patient loses on bypass, plasma without red cells [U]: urine ~1
        // mL/kg/h while the kidneys are perfused (MAP above ~40-70 mmHg), and ~1.5
        // mL/kg/h to evaporation from the open chest and to the interstitium (third
        // spacing). This is why a reservoir drifts down over an uneventful hour and the
        // perfusionist adds volume now and then.
        // An ECMO patient in intensive care is on maintenance fluids that match these.
        let renal = ((self.map_mmhg - 40.0) / 30.0).clamp(0.0, 1.0);
        let water_loss_ml = if ecmo {
            0.0
        } else {
            (1.0 * renal + 1.5) * self.p.weight_kg / 3600.0 * crate::time::DT_SECS
        };
        if !ecmo {
            self.case.urine_ml += 1.0 * renal * self.p.weight_kg / 3600.0 * crate::time::DT_SECS;
        }
        // On ECMO the drained blood's red cells leave with it and the returned carry
        // the same haematocrit back; lost blood (rupture, bed) leaves for good.
        let mut v_p_out = moved.q_venous * ML_PER_LPM_TICK + bleed_ml + moved.v_back_ml;
        if suction.from_patient_l_min > 0.0 {
            v_p_out += suction.from_patient_l_min * ML_PER_LPM_TICK;
        }
        self.patient_ml = (self.patient_ml + moved.v_out_ml - v_p_out - water_loss_ml).max(500.0);
        self.patient_rbc_ml =
            (self.patient_rbc_ml + moved.rbc_out_ml - (v_p_out) * hct_patient).max(0.0);

        if let Some(moved) = moved.air_to_patient_ml {
            if self.ctl.retro_svc {
                // Pumped into the SVC the air returns to the venous line, not the brain.
            } else {
                self.air_delivered_ml += moved;
                // About a fifth of arterial air reaches the head; steep head-down keeps
                // most of it out [S80, U].
                let to_brain = moved * if self.ctl.trendelenburg { 0.04 } else { 0.2 };
                self.cerebral_air_right_ml += to_brain * self.p.air_right_share;
                self.cerebral_air_left_ml += to_brain * (1.0 - self.p.air_right_share);
            }
        }
        self.d.q_pump = moved.q_blood;
        self.d.q_venous = moved.q_venous;
    }

    /// CVP from the patient's stressed volume; head-down adds a little.
    pub(super) fn cvp(&self) -> f64 {
        let stressed = (self.patient_ml - self.p.v_unstressed_ml) / self.p.c_venous_ml_per_mmhg;
        // A failing right heart dams blood back into the veins (`pulmonary.rs`).
        stressed.max(-3.0)
            + if self.ctl.trendelenburg { 3.0 } else { 0.0 }
            + self.pulm.congestion_mmhg
    }

    pub(super) fn hb(&self) -> f64 {
        // MCHC 33 g/dL: Hb ≈ Hct/3.
        self.patient_rbc_ml / self.patient_ml.max(1.0) * 100.0 / 3.0
    }

    /// Systemic flow through the patient's arteries from the pump, L/min.
    pub(super) fn q_systemic(&self) -> f64 {
        // VV ECMO returns to the right atrium: its flow reaches the arteries only
        // through the heart.
        if self.ctl.retro_svc || self.circuit.kind() == CircuitKind::VvEcmo {
            0.0
        } else {
            self.d.q_pump
        }
    }

    /// Ends a procedure whose time is up.
    pub(super) fn finish_procedures(&mut self) {
        let Some((procedure, end)) = self.procedure else {
            return;
        };
        if self.tick < end {
            return;
        }
        self.procedure = None;
        match procedure {
            Procedure::OxygenatorChange => {
                // A new device: the membrane and its clot are gone, but its connections
                // hold air until the line is de-aired.
                self.clear_faults(FaultKind::MembraneFailure);
                if self.circuit.ecmo().is_some() {
                    // The clot was in the old device.
                    self.clear_faults(FaultKind::AcceleratedClotting);
                }
                match &mut self.circuit {
                    Circuit::Cpb(cpb) => {
                        cpb.clot = 0.0;
                        cpb.air_in_line_ml += 15.0;
                    }
                    // The new device is primed off the circuit, but the cut-and-connect
                    // at each end traps air until the line is de-aired (as on bypass).
                    Circuit::Ecmo(ecmo) => {
                        ecmo.clot = 0.0;
                        ecmo.air_in_line_ml += ECMO_CHANGE_AIR_ML;
                    }
                }
            }
            Procedure::CircuitChange => {
                for kind in [
                    FaultKind::MembraneFailure,
                    FaultKind::AcceleratedClotting,
                    FaultKind::PumpHeadThrombus,
                    FaultKind::CircuitRupture,
                    FaultKind::AirEntry,
                    FaultKind::VenousAirLock,
                ] {
                    self.clear_faults(kind);
                }
                if let Circuit::Ecmo(ecmo) = &mut self.circuit {
                    ecmo.replace();
                    // Two connections to the cannulae: air until de-aired.
                    ecmo.air_in_line_ml += ECMO_CHANGE_AIR_ML;
                }
            }
            Procedure::CannulaReposition => {
                let vav = match &mut self.circuit {
                    Circuit::Ecmo(ecmo) if ecmo.vav_pending => {
                        ecmo.vav_pending = false;
                        ecmo.vav = true;
                        true
                    }
                    _ => false,
                };
                if !vav {
                    self.clear_faults(FaultKind::CannulaMalposition);
                    self.clear_faults(FaultKind::Decannulation);
                }
            }
            Procedure::DriveChange => {
                self.clear_faults(FaultKind::PumpPowerFailure);
                if let Circuit::Ecmo(ecmo) = &mut self.circuit {
                    ecmo.battery_pct = 100.0;
                    ecmo.pump_running = false;
                    ecmo.hand_crank_l_min = 0.0;
                }
            }
            Procedure::Deair => {
                let cpb = match &mut self.circuit {
                    Circuit::Cpb(cpb) => cpb,
                    Circuit::Ecmo(ecmo) => {
                        ecmo.air_in_line_ml = 0.0;
                        ecmo.pump_deprimed = false;
                        self.clear_faults(FaultKind::AirEntry);
                        self.clear_faults(FaultKind::VenousAirLock);
                        self.push_event(Event::ProcedureCompleted { procedure });
                        return;
                    }
                };
                cpb.air_in_line_ml = 0.0;
                cpb.pump_deprimed = false;
                // De-airing includes finding and closing the entry point (loose luer, open
                // vent, empty pressurised bag) while the cannula site is vented
                // (physiology.md §9 step 3, [S80, S81]); otherwise a pump restarted after
                // de-airing would go on entraining air for ever.
                self.clear_faults(FaultKind::AirEntry);
            }
        }
        self.push_event(Event::ProcedureCompleted { procedure });
    }

    /// Marks every active fault of `kind` cleared now.
    pub(super) fn clear_faults(&mut self, kind: FaultKind) -> bool {
        let tick = self.tick;
        let mut any = false;
        for f in &mut self.faults {
            if f.spec.kind == kind && f.onset_tick.is_some() && f.cleared_tick.is_none() {
                f.cleared_tick = Some(tick);
                any = true;
            }
        }
        if any {
            self.fault_level[kind.index()] = 0.0;
            self.push_event(Event::FaultCleared { kind });
        }
        any
    }

    /// Announces lab results that became ready this tick.
    pub(super) fn report_ready_labs(&mut self) {
        let tick = self.tick;
        let ready: Vec<_> = self
            .labs
            .iter()
            .filter(|l| l.ready_tick == tick)
            .map(|l| l.lab)
            .collect();
        if ready.is_empty() {
            return;
        }
        for lab in ready {
            self.push_event(Event::LabResult { lab });
        }
        // The console knows the ACT only when the lab reports it.
        if let Some(act) = self
            .labs
            .iter()
            .rev()
            .find(|l| l.ready_tick == tick && l.lab == crate::action::LabKind::Act)
            .and_then(|l| l.value(crate::model::snapshot::Signal::Act))
        {
            self.act_measured_s = Some(act);
        }
    }
}
