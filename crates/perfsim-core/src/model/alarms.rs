//! Console alarms and their limits. Limits are part of the scenario so a programme can
//! match its own equipment.

use serde::{Deserialize, Serialize};

use crate::bounded::bounded;

/// A console alarm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Alarm {
    /// Reservoir below the low-level limit.
    LowLevel,
    /// Air detected in the arterial line.
    Bubble,
    /// Arterial line pressure above its limit.
    HighLinePressure,
    /// Arterial outlet above its limit (37 °C [S75]).
    HighArterialTemp,
    /// Arterial-venous temperature gradient above its limit (§7).
    TempGradient,
    /// Inline post-oxygenator PO2 below its limit.
    LowPo2,
    /// Inline post-oxygenator PCO2 above its limit.
    HighPco2,
    /// Venous saturation below its limit.
    LowSvo2,
    /// Sweep gas below 0.5 L/min while blood flows [S57].
    LowSweep,
    /// Mean arterial pressure below its limit.
    LowMap,
    /// Cerebral oximetry below its limit on either side.
    LowRso2,
    /// Patient rewarming faster than its limit (0.5 °C/min with the outlet ≥ 30 °C
    /// [S75]).
    FastRewarming,
    /// The last measured ACT is below its limit (400 s, the historic minimum [S62]).
    LowAct,
    /// Oxygen delivery index below its limit while blood flows (critical DO2i
    /// 262-272 mL/min/m² [S18, S19]).
    LowDo2i,
    /// Vasoplegia: SVR below its limit with MAP < 60 mmHg on a flow index ≥ 2.2
    /// L/min/m² (the minor definition of [S31]).
    Vasoplegia,
    /// The low-flow time (37 °C-equivalent) has reached the safe-arrest budget (§10).
    ArrestBudget,
    /// ECMO: circuit flow below 1 L/min with the pump meant to run (ecmo.md §1: below
    /// 1-1.5 L/min an adult circuit clots).
    LowEcmoFlow,
    /// ECMO: drainage pressure P1 below −100 mmHg (ecmo.md §8, Robak [E17]).
    DrainageSuction,
    /// ECMO: mains power lost, the console runs on its battery.
    OnBattery,
    /// ECMO: arterial saturation (VA: right hand) below 88 %.
    LowSpo2,
}

impl Alarm {
    /// Every alarm, in panel order.
    pub const ALL: [Alarm; 20] = [
        Alarm::LowLevel,
        Alarm::Bubble,
        Alarm::HighLinePressure,
        Alarm::HighArterialTemp,
        Alarm::TempGradient,
        Alarm::LowPo2,
        Alarm::HighPco2,
        Alarm::LowSvo2,
        Alarm::LowSweep,
        Alarm::LowMap,
        Alarm::LowRso2,
        Alarm::FastRewarming,
        Alarm::LowAct,
        Alarm::LowDo2i,
        Alarm::Vasoplegia,
        Alarm::ArrestBudget,
        Alarm::LowEcmoFlow,
        Alarm::DrainageSuction,
        Alarm::OnBattery,
        Alarm::LowSpo2,
    ];

    /// Alarms only an ECMO console raises.
    pub const ECMO_ONLY: [Alarm; 4] = [
        Alarm::LowEcmoFlow,
        Alarm::DrainageSuction,
        Alarm::OnBattery,
        Alarm::LowSpo2,
    ];

    /// Bit in an [`AlarmSet`].
    pub fn bit(self) -> u32 {
        1 << (self as u32)
    }

    /// Text on the alarm panel.
    pub fn label(self) -> &'static str {
        match self {
            Alarm::LowLevel => "LOW LEVEL",
            Alarm::Bubble => "BUBBLE",
            Alarm::HighLinePressure => "HIGH LINE PRESSURE",
            Alarm::HighArterialTemp => "ART TEMP HIGH",
            Alarm::TempGradient => "TEMP GRADIENT",
            Alarm::LowPo2 => "LOW PO2",
            Alarm::HighPco2 => "HIGH PCO2",
            Alarm::LowSvo2 => "LOW SvO2",
            Alarm::LowSweep => "LOW GAS FLOW",
            Alarm::LowMap => "LOW MAP",
            Alarm::LowRso2 => "LOW rSO2",
            Alarm::FastRewarming => "REWARMING TOO FAST",
            Alarm::LowAct => "ACT LOW",
            Alarm::LowDo2i => "LOW DO2i",
            Alarm::Vasoplegia => "LOW SVR (VASOPLEGIA)",
            Alarm::ArrestBudget => "ARREST TIME SPENT",
            Alarm::LowEcmoFlow => "LOW ECMO FLOW",
            Alarm::DrainageSuction => "P1 LOW (SUCTION)",
            Alarm::OnBattery => "ON BATTERY",
            Alarm::LowSpo2 => "LOW SpO2",
        }
    }
}

// Thirty-two alarms fill the u32 of an AlarmSet: a thirty-third needs a wider set.
const _: () = assert!(Alarm::ALL.len() <= 32);

/// A set of alarms as bits: cheap to compare every tick.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlarmSet(pub u32);

impl AlarmSet {
    /// Whether `alarm` is in the set.
    pub fn contains(self, alarm: Alarm) -> bool {
        self.0 & alarm.bit() != 0
    }

    /// Adds `alarm`.
    pub fn insert(&mut self, alarm: Alarm) {
        self.0 |= alarm.bit();
    }

    /// The alarms in the set, in panel order.
    pub fn iter(self) -> impl Iterator<Item = Alarm> {
        Alarm::ALL.into_iter().filter(move |a| self.contains(*a))
    }

    /// Whether no alarm is in the set.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

/// Alarm limits.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlarmLimits {
    /// Low reservoir level, mL (above the minimum operating level, §8).
    #[serde(
        default = "d_level",
        deserialize_with = "bounded::<_, 50_000, 3_000_000>"
    )]
    pub low_level_ml: f64,
    /// High arterial line pressure, mmHg (~300 common practice, §4).
    #[serde(
        default = "d_line",
        deserialize_with = "bounded::<_, 100_000, 600_000>"
    )]
    pub high_line_mmhg: f64,
    /// High arterial outlet temperature, °C.
    #[serde(
        default = "d_art_temp",
        deserialize_with = "bounded::<_, 30_000, 42_000>"
    )]
    pub high_arterial_c: f64,
    /// Low inline PO2, mmHg.
    #[serde(default = "d_po2", deserialize_with = "bounded::<_, 40_000, 400_000>")]
    pub low_po2_mmhg: f64,
    /// High inline PCO2, mmHg.
    #[serde(default = "d_pco2", deserialize_with = "bounded::<_, 30_000, 100_000>")]
    pub high_pco2_mmhg: f64,
    /// Low SvO2, %.
    #[serde(default = "d_svo2", deserialize_with = "bounded::<_, 30_000, 90_000>")]
    pub low_svo2_pct: f64,
    /// Low MAP, mmHg (50 on bypass: the lower end of the EACTS/EACTA/EBCP 2019
    /// target of 50-80 [S10]).
    #[serde(default = "d_map", deserialize_with = "bounded::<_, 20_000, 90_000>")]
    pub low_map_mmhg: f64,
    /// Low rSO2, %.
    #[serde(default = "d_rso2", deserialize_with = "bounded::<_, 20_000, 80_000>")]
    pub low_rso2_pct: f64,
    /// Fastest rewarming, °C/min, with the arterial outlet at 30 °C or more [S75].
    #[serde(default = "d_rewarm", deserialize_with = "bounded::<_, 100, 3_000>")]
    pub max_rewarming_c_per_min: f64,
    /// Low measured ACT, s [S62].
    #[serde(default = "d_act", deserialize_with = "bounded::<_, 200_000, 700_000>")]
    pub low_act_s: f64,
    /// Low DO2i while blood flows, mL/min/m² [S18, S19].
    #[serde(
        default = "d_do2i",
        deserialize_with = "bounded::<_, 100_000, 500_000>"
    )]
    pub low_do2i_ml_min_m2: f64,
    /// SVR below which low MAP on good flow is flagged as vasoplegia, dyn·s·cm⁻⁵ [S31].
    #[serde(
        default = "d_svr",
        deserialize_with = "bounded::<_, 300_000, 1_500_000>"
    )]
    pub vasoplegia_svr_dyn_s_cm5: f64,
    /// Safe low-flow budget, 37 °C-equivalent minutes (4-5 min at normothermia, §10).
    #[serde(default = "d_arrest", deserialize_with = "bounded::<_, 1_000, 60_000>")]
    pub arrest_budget_min: f64,
}

fn d_level() -> f64 {
    400.0
}
fn d_line() -> f64 {
    300.0
}
fn d_art_temp() -> f64 {
    // Keep the arterial outlet below 37 °C (Engelman 2015 [S75]).
    37.0
}
fn d_po2() -> f64 {
    100.0
}
fn d_pco2() -> f64 {
    50.0
}
fn d_svo2() -> f64 {
    60.0
}
fn d_map() -> f64 {
    50.0
}
fn d_rso2() -> f64 {
    50.0
}
fn d_rewarm() -> f64 {
    0.5
}
fn d_act() -> f64 {
    400.0
}
fn d_do2i() -> f64 {
    272.0
}
fn d_svr() -> f64 {
    800.0
}
fn d_arrest() -> f64 {
    5.0
}

impl Default for AlarmLimits {
    fn default() -> Self {
        Self {
            low_level_ml: d_level(),
            high_line_mmhg: d_line(),
            high_arterial_c: d_art_temp(),
            low_po2_mmhg: d_po2(),
            high_pco2_mmhg: d_pco2(),
            low_svo2_pct: d_svo2(),
            low_map_mmhg: d_map(),
            low_rso2_pct: d_rso2(),
            max_rewarming_c_per_min: d_rewarm(),
            low_act_s: d_act(),
            low_do2i_ml_min_m2: d_do2i(),
            vasoplegia_svr_dyn_s_cm5: d_svr(),
            arrest_budget_min: d_arrest(),
        }
    }
}
