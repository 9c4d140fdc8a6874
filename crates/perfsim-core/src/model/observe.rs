//! What the console shows: alarms (and the interlocks they trip), the snapshot every
//! monitor, trace column and scoring range reads, and the monitors' measurement noise.

use crate::model::Sim;
use crate::model::alarms::{Alarm, AlarmSet};
use crate::model::blood::{self, sat_from_po2};
use crate::model::circuit::Circuit;
use crate::model::config::PumpKind;
use crate::model::events::Event;
use crate::model::snapshot::{Signal, Snapshot};

/// Air in the line above which the bubble detector sees it, mL.
pub(super) const BUBBLE_DETECT_ML: f64 = 0.05;

impl Sim {
    /// Raises and clears alarms; trips interlocks.
    pub(super) fn evaluate_alarms(&mut self) {
        if self.circuit.ecmo().is_some() {
            return self.evaluate_ecmo_alarms();
        }
        let d = &self.d;
        let limits = &self.limits;
        let Circuit::Cpb(cpb) = &self.circuit else {
            return;
        };
        let (reservoir_ml, air_in_line_ml) = (cpb.reservoir_ml, cpb.air_in_line_ml);
        let flowing = d.q_pump > 0.2;
        let grad = d.t_art - d.t_ven;
        let svo2 = self.svo2_pct();
        let mut now = AlarmSet::default();
        let mut set = |alarm: Alarm, on: bool| {
            if on {
                now.insert(alarm);
            }
        };
        set(Alarm::LowLevel, reservoir_ml < limits.low_level_ml);
        set(Alarm::Bubble, air_in_line_ml > BUBBLE_DETECT_ML);
        set(Alarm::HighLinePressure, d.art_line > limits.high_line_mmhg);
        set(
            Alarm::HighArterialTemp,
            flowing && d.t_art > limits.high_arterial_c,
        );
        set(
            Alarm::TempGradient,
            flowing && (grad.abs() > 10.0 || (d.t_art >= 30.0 && grad > 4.0)),
        );
        set(Alarm::LowPo2, flowing && d.post_po2 < limits.low_po2_mmhg);
        set(
            Alarm::HighPco2,
            flowing && d.post_pco2 > limits.high_pco2_mmhg,
        );
        set(Alarm::LowSvo2, flowing && svo2 < limits.low_svo2_pct);
        set(Alarm::LowSweep, flowing && cpb.sweep_l_min < 0.5);
        set(Alarm::LowMap, self.map_mmhg < limits.low_map_mmhg);
        set(
            Alarm::LowRso2,
            d.rso2_left.min(d.rso2_right) < limits.low_rso2_pct,
        );
        // Guideline flags (docs/physiology.md "Guideline limits").
        set(
            Alarm::FastRewarming,
            flowing && d.t_art >= 30.0 && self.rewarming_c_per_min > limits.max_rewarming_c_per_min,
        );
        set(
            Alarm::LowAct,
            self.act_measured_s
                .is_some_and(|act| act < limits.low_act_s),
        );
        let do2i = d.do2 / self.p.bsa_m2;
        set(Alarm::LowDo2i, flowing && do2i < limits.low_do2i_ml_min_m2);
        let flow_index = d.q_pump / self.p.bsa_m2;
        set(
            Alarm::Vasoplegia,
            flow_index >= 2.2 && self.map_mmhg < 60.0 && d.svr < limits.vasoplegia_svr_dyn_s_cm5,
        );
        set(
            Alarm::ArrestBudget,
            self.ischaemia_37_min >= limits.arrest_budget_min,
        );

        self.commit_alarms(now, air_in_line_ml);

        let Circuit::Cpb(cpb) = &mut self.circuit else {
            return;
        };
        let il = cpb.spec.interlocks;
        let trips = [
            (
                il.level_stop && cpb.reservoir_ml < cpb.spec.reservoir_min_ml,
                Alarm::LowLevel,
            ),
            (il.bubble_stop && now.contains(Alarm::Bubble), Alarm::Bubble),
            (
                il.pressure_stop && now.contains(Alarm::HighLinePressure),
                Alarm::HighLinePressure,
            ),
        ];
        let mut stopped_by = None;
        for (tripped, alarm) in trips {
            if tripped && cpb.pump_running {
                cpb.pump_running = false;
                stopped_by = Some(alarm);
            }
        }
        if let Some(alarm) = stopped_by {
            self.push_event(Event::InterlockStop { alarm });
        }
    }

    pub(super) fn svo2_pct(&self) -> f64 {
        self.d.svo2_pct
    }

    /// Every monitored value now. Pure: calling it never changes the run.
    pub fn snapshot(&self) -> Snapshot {
        let d = &self.d;
        let hb = self.hb();
        let hct = hb * 3.0;
        let pao2 = d.pa_o2;
        let ph = blood::ph_from(self.be_mmol_l, d.pa_co2, hb);
        let cpb = match &self.circuit {
            Circuit::Cpb(cpb) => cpb,
            Circuit::Ecmo(ecmo) => return self.ecmo_snapshot(ecmo),
        };
        Snapshot {
            tick: self.tick,
            pump_flow_l_min: d.q_pump,
            pump_flow_index_l_min_m2: d.q_pump / self.p.bsa_m2,
            pump_rpm: if cpb.spec.pump == PumpKind::Centrifugal && cpb.pump_running {
                cpb.pump_rpm_set
            } else {
                0.0
            },
            map_mmhg: self.map_mmhg,
            cvp_mmhg: d.cvp,
            svr_dyn_s_cm5: d.svr,
            hct_pct: hct,
            hb_g_dl: hb,
            pao2_mmhg: pao2,
            paco2_mmhg: d.pa_co2,
            sao2_pct: 100.0 * sat_from_po2(pao2),
            svo2_pct: self.svo2_pct(),
            ph,
            hco3_mmol_l: blood::hco3_from(ph, d.pa_co2),
            be_mmol_l: self.be_mmol_l,
            lactate_mmol_l: self.lactate_mmol_l,
            do2i_ml_min_m2: d.do2 / self.p.bsa_m2,
            vo2i_ml_min_m2: d.vo2 / self.p.bsa_m2,
            act_s: d.act_s,
            heparin_u_ml: self.heparin_u / self.total_blood_ml(),
            antithrombin_pct: self.at_pct(),
            temp_arterial_c: d.t_art,
            temp_venous_c: d.t_ven,
            temp_core_c: self.t_np,
            temp_bladder_c: self.t_core,
            temp_water_c: cpb.t_water,
            temp_gradient_c: d.t_art - d.t_ven,
            reservoir_ml: cpb.reservoir_ml,
            art_line_mmhg: d.art_line,
            pre_oxy_mmhg: d.art_line,
            post_oxy_mmhg: d.post_oxy,
            oxy_dp_mmhg: d.art_line - d.post_oxy,
            venous_line_mmhg: d.venous_line,
            venous_return_l_min: d.q_venous,
            sweep_l_min: cpb.sweep_l_min,
            fio2_pct: cpb.fio2 * 100.0,
            post_oxy_po2_mmhg: d.post_po2,
            post_oxy_pco2_mmhg: d.post_pco2,
            o2_transfer_ml_min: d.o2_transfer,
            co2_removal_ml_min: d.co2_removal,
            rso2_left_pct: d.rso2_left,
            rso2_right_pct: d.rso2_right,
            k_mmol_l: self.k_mmol_l,
            ica_mmol_l: self.ica_mmol_l,
            native_co_l_min: d.native_co,
            heart_rate_per_min: d.heart_rate,
            air_delivered_ml: self.air_delivered_ml,
            air_in_line_ml: cpb.air_in_line_ml,
            patient_volume_ml: self.patient_ml,
            ischaemia_37_min: self.ischaemia_37_min,
            clot_burden_pct: 100.0 * cpb.clot,
            plegia_pressure_mmhg: self.plegia.pressure_mmhg,
            pa_mean_mmhg: self.pulm.mpap_mmhg,
            ..Snapshot::EMPTY
        }
    }

    /// The snapshot as monitors show it: model values plus measurement noise fixed by
    /// the seed and tick. Traces and scoring use [`Sim::snapshot`]; only screens use this.
    pub fn monitored(&self) -> Snapshot {
        let mut s = self.snapshot();
        if self.circuit.ecmo().is_some() {
            // Only the bedside monitors are noisy; the bypass-only channels are empty.
            for (i, (signal, sd)) in [(Signal::Map, 0.7), (Signal::Cvp, 0.3)]
                .into_iter()
                .enumerate()
            {
                *s.value_mut(signal) +=
                    sd * crate::model::noise::noise(self.seed, self.tick, i as u64);
            }
            return s;
        }
        let noisy: [(Signal, f64); 7] = [
            (Signal::Map, 0.7),
            (Signal::Cvp, 0.3),
            (Signal::Svo2, 0.3),
            (Signal::Rso2Left, 0.5),
            (Signal::Rso2Right, 0.5),
            (Signal::ArtLine, 1.0),
            (Signal::PaMean, 0.5),
        ];
        for (i, (signal, sd)) in noisy.into_iter().enumerate() {
            *s.value_mut(signal) += sd * crate::model::noise::noise(self.seed, self.tick, i as u64);
        }
        // Methylene blue absorbs near 660 nm: while a dose is still concentrated in the
        // plasma, cerebral oximeters read falsely low (tens of points, for minutes, then
        // recovering as it redistributes; case reports and Cho 2012 [S48]). The brain is
        // no worse: only the monitor shows it, so traces and scoring keep the true value.
        let mb = self
            .drug_state(crate::action::Drug::MethyleneBlue)
            .central_per_kg;
        let mb_dip = 15.0 * (mb / 2.0).min(1.0);
        s.rso2_left_pct -= mb_dip;
        s.rso2_right_pct -= mb_dip;
        s.svo2_pct = s.svo2_pct.clamp(0.0, 100.0);
        s.rso2_left_pct = s.rso2_left_pct.clamp(0.0, 100.0);
        s.rso2_right_pct = s.rso2_right_pct.clamp(0.0, 100.0);
        s
    }
}

impl Sim {
    /// Makes `now` the active alarms, with an event for each one raised or cleared, and
    /// an event the first time the bubble detector sees air: every circuit kind's alarm
    /// pass ends here.
    pub(super) fn commit_alarms(&mut self, now: AlarmSet, air_in_line_ml: f64) {
        let before = self.alarms_active;
        for alarm in now.iter() {
            if !before.contains(alarm) {
                self.push_event(Event::AlarmRaised { alarm });
            }
        }
        for alarm in before.iter() {
            if !now.contains(alarm) {
                self.push_event(Event::AlarmCleared { alarm });
            }
        }
        self.alarms_active = now;
        self.alarms_acked = AlarmSet(self.alarms_acked.0 & now.0);
        if air_in_line_ml > BUBBLE_DETECT_ML && !self.air_seen {
            self.air_seen = true;
            self.push_event(Event::AirInArterialLine);
        } else if air_in_line_ml == 0.0 {
            self.air_seen = false;
        }
    }
}
