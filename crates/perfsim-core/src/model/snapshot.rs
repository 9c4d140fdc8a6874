//! What the model shows at one moment: every value a monitor, a trace column or a
//! scoring range can read. [`Signal`] names each one, so scenario files and rubrics
//! refer to values by a checked name rather than a string.

use serde::{Deserialize, Serialize};

use crate::time::Tick;

macro_rules! signals {
    ($( $variant:ident => $field:ident, $label:literal, $unit:literal; )*) => {
        /// The model's values at one tick. Fields are named as the trace's CSV columns.
        /// A value the circuit does not have is NaN (an empty CSV cell); two snapshots
        /// are equal when every value is, an empty one equal to an empty one.
        #[derive(Clone, Debug, Default, Serialize, Deserialize)]
        pub struct Snapshot {
            /// When this was taken.
            pub tick: Tick,
            $(
                #[doc = concat!($label, " (", $unit, ").")]
                pub $field: f64,
            )*
        }

        /// A named model value, as scenario conditions and rubric ranges refer to it.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum Signal {
            $(
                #[doc = concat!($label, " (", $unit, ").")]
                $variant,
            )*
        }

        impl Signal {
            /// Every signal, in trace-column order.
            pub const ALL: &'static [Signal] = &[$(Signal::$variant,)*];

            /// The CSV column name, e.g. `map_mmhg`.
            pub fn column(self) -> &'static str {
                match self { $(Signal::$variant => stringify!($field),)* }
            }

            /// A label for people, e.g. "MAP".
            pub fn label(self) -> &'static str {
                match self { $(Signal::$variant => $label,)* }
            }

            /// The unit, e.g. "mmHg".
            pub fn unit(self) -> &'static str {
                match self { $(Signal::$variant => $unit,)* }
            }
        }

        impl PartialEq for Snapshot {
            fn eq(&self, other: &Self) -> bool {
                self.tick == other.tick
                    $(&& (self.$field == other.$field
                        || (self.$field.is_nan() && other.$field.is_nan())))*
            }
        }

        impl Snapshot {
            /// Every value empty (NaN): what a circuit leaves of the columns it does
            /// not have.
            pub const EMPTY: Snapshot = Snapshot { tick: 0, $($field: f64::NAN,)* };

            /// The value of one signal.
            pub fn value(&self, signal: Signal) -> f64 {
                match signal { $(Signal::$variant => self.$field,)* }
            }

            /// Mutable access to one signal (for measurement noise on monitors).
            pub fn value_mut(&mut self, signal: Signal) -> &mut f64 {
                match signal { $(Signal::$variant => &mut self.$field,)* }
            }
        }
    };
}

signals! {
    PumpFlow => pump_flow_l_min, "Pump flow", "L/min";
    PumpFlowIndex => pump_flow_index_l_min_m2, "Flow index", "L/min/m²";
    PumpRpm => pump_rpm, "Pump speed", "rpm";
    Map => map_mmhg, "MAP", "mmHg";
    Cvp => cvp_mmhg, "CVP", "mmHg";
    Svr => svr_dyn_s_cm5, "SVR", "dyn·s·cm⁻⁵";
    Hct => hct_pct, "Hct", "%";
    Hb => hb_g_dl, "Hb", "g/dL";
    Pao2 => pao2_mmhg, "PaO2", "mmHg";
    Paco2 => paco2_mmhg, "PaCO2", "mmHg";
    Sao2 => sao2_pct, "SaO2", "%";
    Svo2 => svo2_pct, "SvO2", "%";
    Ph => ph, "pH", "";
    Hco3 => hco3_mmol_l, "HCO3", "mmol/L";
    Be => be_mmol_l, "BE", "mmol/L";
    Lactate => lactate_mmol_l, "Lactate", "mmol/L";
    Do2i => do2i_ml_min_m2, "DO2i", "mL/min/m²";
    Vo2i => vo2i_ml_min_m2, "VO2i", "mL/min/m²";
    Act => act_s, "ACT", "s";
    Heparin => heparin_u_ml, "Heparin", "U/mL";
    Antithrombin => antithrombin_pct, "Antithrombin", "%";
    TempArterial => temp_arterial_c, "Arterial outlet temp", "°C";
    TempVenous => temp_venous_c, "Venous temp", "°C";
    TempCore => temp_core_c, "Nasopharyngeal temp", "°C";
    TempBladder => temp_bladder_c, "Bladder temp", "°C";
    TempWater => temp_water_c, "Water temp", "°C";
    TempGradient => temp_gradient_c, "Arterial-venous gradient", "°C";
    Reservoir => reservoir_ml, "Reservoir level", "mL";
    ArtLine => art_line_mmhg, "Arterial line pressure", "mmHg";
    PreOxy => pre_oxy_mmhg, "Pre-oxygenator pressure", "mmHg";
    PostOxy => post_oxy_mmhg, "Post-oxygenator pressure", "mmHg";
    OxyDp => oxy_dp_mmhg, "Oxygenator ΔP", "mmHg";
    VenousLine => venous_line_mmhg, "Venous line pressure", "mmHg";
    VenousReturn => venous_return_l_min, "Venous return", "L/min";
    Sweep => sweep_l_min, "Sweep", "L/min";
    Fio2 => fio2_pct, "FiO2", "%";
    PostOxyPo2 => post_oxy_po2_mmhg, "Post-oxygenator PO2", "mmHg";
    PostOxyPco2 => post_oxy_pco2_mmhg, "Post-oxygenator PCO2", "mmHg";
    O2Transfer => o2_transfer_ml_min, "Oxygenator O2 transfer", "mL/min";
    Co2Removal => co2_removal_ml_min, "Oxygenator CO2 removal", "mL/min";
    Rso2Left => rso2_left_pct, "rSO2 left", "%";
    Rso2Right => rso2_right_pct, "rSO2 right", "%";
    K => k_mmol_l, "K+", "mmol/L";
    Ica => ica_mmol_l, "iCa", "mmol/L";
    NativeCo => native_co_l_min, "Native cardiac output", "L/min";
    HeartRate => heart_rate_per_min, "Heart rate", "/min";
    AirDelivered => air_delivered_ml, "Air delivered to patient", "mL";
    AirInLine => air_in_line_ml, "Air in arterial line", "mL";
    PatientVolume => patient_volume_ml, "Patient blood volume", "mL";
    Ischaemia => ischaemia_37_min, "Low-flow time (37 °C-equivalent)", "min";
    ClotBurden => clot_burden_pct, "Circuit clot burden", "%";
    EcmoFlow => ecmo_flow_l_min, "ECMO flow", "L/min";
    PDrainage => p_drainage_mmhg, "P1 drainage", "mmHg";
    PPreOxy => p_pre_oxy_mmhg, "P2 pre-oxygenator", "mmHg";
    PPostOxy => p_post_oxy_mmhg, "P3 post-oxygenator", "mmHg";
    PreOxySo2 => pre_oxy_so2_pct, "Pre-oxygenator SO2", "%";
    PostOxySo2 => post_oxy_so2_pct, "Post-oxygenator SO2", "%";
    PreOxyPo2 => pre_oxy_po2_mmhg, "Pre-oxygenator PO2", "mmHg";
    PreOxyPco2 => pre_oxy_pco2_mmhg, "Pre-oxygenator PCO2", "mmHg";
    Recirculation => recirculation_pct, "Recirculation", "%";
    EffectiveFlow => effective_flow_l_min, "Effective ECMO flow", "L/min";
    Sao2RightRadial => sao2_right_radial_pct, "SpO2 right hand", "%";
    Sao2Femoral => sao2_femoral_pct, "SaO2 femoral", "%";
    PulsePressure => pulse_pressure_mmhg, "Pulse pressure", "mmHg";
    PlasmaFreeHb => plasma_free_hb_mg_dl, "Plasma free Hb", "mg/dL";
    AntiXa => anti_xa_u_ml, "Anti-Xa", "U/mL";
    PlegiaPressure => plegia_pressure_mmhg, "Cardioplegia delivery pressure", "mmHg";
    PaMean => pa_mean_mmhg, "PA mean", "mmHg";
}

impl Signal {
    /// Values only an ECMO circuit has: empty (NaN, an empty CSV cell) on bypass.
    pub const ECMO_ONLY: &'static [Signal] = &[
        Signal::EcmoFlow,
        Signal::PDrainage,
        Signal::PPreOxy,
        Signal::PPostOxy,
        Signal::PreOxySo2,
        Signal::PostOxySo2,
        Signal::PreOxyPo2,
        Signal::PreOxyPco2,
        Signal::Recirculation,
        Signal::EffectiveFlow,
        Signal::Sao2RightRadial,
        Signal::Sao2Femoral,
        Signal::PulsePressure,
        Signal::PlasmaFreeHb,
        Signal::AntiXa,
    ];

    /// Values only a bypass circuit has (reservoir, siphon line): empty on ECMO.
    pub const CPB_ONLY: &'static [Signal] = &[
        Signal::Reservoir,
        Signal::ArtLine,
        Signal::VenousLine,
        Signal::VenousReturn,
        Signal::PlegiaPressure,
        Signal::PaMean,
    ];
}
