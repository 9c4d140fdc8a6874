//! What an ECMO console and the bedside monitors show: the ECMO columns of the
//! snapshot (bypass-only ones left empty) and the console's alarms.

use crate::model::Sim;
use crate::model::alarms::{Alarm, AlarmSet};
use crate::model::blood::{self, sat_from_po2};
use crate::model::circuit::EcmoCircuit;
use crate::model::config::CircuitKind;
use crate::model::faults::FaultKind;
use crate::model::observe::BUBBLE_DETECT_ML;
use crate::model::snapshot::Snapshot;

/// ECMO flow below which the console alarms, L/min (ecmo.md §1, §11).
const LOW_FLOW_L_MIN: f64 = 1.0;
/// Drainage pressure below which the console alarms, mmHg (ecmo.md §8).
const SUCTION_MMHG: f64 = -100.0;
/// Arterial saturation below which the bedside monitor alarms, %.
const LOW_SPO2_PCT: f64 = 88.0;

impl Sim {
    /// Every monitored value of an ECMO run; the bypass-only columns are empty.
    pub(super) fn ecmo_snapshot(&self, ecmo: &EcmoCircuit) -> Snapshot {
        let d = &self.d;
        let e = &d.ecmo;
        let hb = self.hb();
        let ph = blood::ph_from(self.be_mmol_l, d.pa_co2, hb);
        let va = ecmo.kind == CircuitKind::VaEcmo;
        let q = d.q_pump;
        Snapshot {
            tick: self.tick,
            pump_flow_l_min: q,
            pump_flow_index_l_min_m2: q / self.p.bsa_m2,
            pump_rpm: if ecmo.pump_running { ecmo.rpm_set } else { 0.0 },
            map_mmhg: self.map_mmhg,
            cvp_mmhg: d.cvp,
            svr_dyn_s_cm5: d.svr,
            hct_pct: hb * 3.0,
            hb_g_dl: hb,
            pao2_mmhg: d.pa_o2,
            paco2_mmhg: d.pa_co2,
            sao2_pct: 100.0 * sat_from_po2(d.pa_o2),
            svo2_pct: d.svo2_pct,
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
            temp_water_c: ecmo.t_water,
            temp_gradient_c: d.t_art - d.t_ven,
            pre_oxy_mmhg: ecmo.p2_mmhg,
            post_oxy_mmhg: ecmo.p3_mmhg,
            oxy_dp_mmhg: ecmo.p2_mmhg - ecmo.p3_mmhg,
            sweep_l_min: ecmo.sweep_l_min,
            fio2_pct: ecmo.fdo2 * 100.0,
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
            air_in_line_ml: ecmo.air_in_line_ml,
            patient_volume_ml: self.patient_ml,
            ischaemia_37_min: self.ischaemia_37_min,
            clot_burden_pct: 100.0 * ecmo.clot,
            ecmo_flow_l_min: q,
            p_drainage_mmhg: ecmo.p1_mmhg,
            p_pre_oxy_mmhg: ecmo.p2_mmhg,
            p_post_oxy_mmhg: ecmo.p3_mmhg,
            pre_oxy_so2_pct: e.pre_so2_pct,
            post_oxy_so2_pct: e.post_so2_pct,
            pre_oxy_po2_mmhg: e.pre_po2,
            pre_oxy_pco2_mmhg: e.pre_pco2,
            // Recirculation and effective flow are VV's: a VA return never reaches the
            // drainage cannula.
            recirculation_pct: if va {
                f64::NAN
            } else {
                100.0 * e.recirculation
            },
            effective_flow_l_min: if va { f64::NAN } else { e.effective_flow },
            sao2_right_radial_pct: e.sao2_right_radial_pct,
            sao2_femoral_pct: e.sao2_femoral_pct,
            pulse_pressure_mmhg: e.pulse_pressure,
            plasma_free_hb_mg_dl: self.free_hb_mg_dl,
            anti_xa_u_ml: e.anti_xa,
            ..Snapshot::EMPTY
        }
    }

    /// Raises and clears the ECMO console's and the bedside monitor's alarms.
    pub(super) fn evaluate_ecmo_alarms(&mut self) {
        let Some(ecmo) = self.circuit.ecmo() else {
            return;
        };
        let d = &self.d;
        let limits = &self.limits;
        let flowing = d.q_pump > 0.2;
        let meant_to_run = ecmo.pump_running || ecmo.hand_crank_l_min > 0.0;
        let mut now = AlarmSet::default();
        let mut set = |alarm: Alarm, on: bool| {
            if on {
                now.insert(alarm);
            }
        };
        set(Alarm::Bubble, ecmo.air_in_line_ml > BUBBLE_DETECT_ML);
        set(Alarm::LowPo2, flowing && d.post_po2 < limits.low_po2_mmhg);
        set(Alarm::LowSweep, flowing && ecmo.sweep_l_min < 0.5);
        set(Alarm::LowMap, self.map_mmhg < limits.low_map_mmhg);
        set(
            Alarm::LowRso2,
            d.rso2_left.min(d.rso2_right) < limits.low_rso2_pct,
        );
        set(
            Alarm::LowEcmoFlow,
            // Sounds when the pump is meant to run and flows too little, or is stopped.
            !meant_to_run || d.q_pump.abs() < LOW_FLOW_L_MIN,
        );
        set(
            Alarm::DrainageSuction,
            ecmo.p1_mmhg < SUCTION_MMHG && ecmo.open(),
        );
        set(
            Alarm::OnBattery,
            self.level(FaultKind::PumpPowerFailure) >= 0.5,
        );
        set(Alarm::LowSpo2, d.ecmo.sao2_right_radial_pct < LOW_SPO2_PCT);
        let air = ecmo.air_in_line_ml;
        self.commit_alarms(now, air);
    }
}
