//! The ECMO monitors: the circuit's flow, speed and pressures (P1, P2, P3, ΔP), the
//! pre- and post-oxygenator saturations, recirculation on VV, and the bedside monitor's
//! right-hand and femoral saturations and pulse pressure on VA.

use perfsim_core::model::alarms::Alarm;
use perfsim_core::time::clock_label;

use super::monitors::{MonitorInputs, Readout, readout, status, whole};
use crate::app::theme::Status;

/// The ECMO readouts in console order. Pure, so tests can check them without drawing.
pub fn readouts(inp: &MonitorInputs<'_>) -> Vec<Readout> {
    let s = inp.snapshot;
    let a = |alarm: Alarm| inp.alarms.contains(alarm);
    let l = inp.limits;
    let mut out = vec![
        readout(
            "ECMO flow",
            format!("{:.2}", s.ecmo_flow_l_min),
            "L/min",
            status(a(Alarm::LowEcmoFlow), s.ecmo_flow_l_min < 1.5),
        ),
        readout("Speed", whole(s.pump_rpm), "rpm", Status::Normal),
        readout(
            "P1 drain",
            whole(s.p_drainage_mmhg),
            "mmHg",
            status(a(Alarm::DrainageSuction), s.p_drainage_mmhg < -80.0),
        ),
        readout(
            "P2 pre-oxy",
            whole(s.p_pre_oxy_mmhg),
            "mmHg",
            Status::Normal,
        ),
        readout(
            "P3 post-oxy",
            whole(s.p_post_oxy_mmhg),
            "mmHg",
            Status::Normal,
        ),
        readout(
            "Oxy ΔP",
            whole(s.oxy_dp_mmhg),
            "mmHg",
            status(false, s.oxy_dp_mmhg > 50.0),
        ),
        readout(
            "Pre-oxy SO2",
            whole(s.pre_oxy_so2_pct),
            "%",
            status(false, s.pre_oxy_so2_pct > 80.0),
        ),
        readout(
            "Post-oxy PO2",
            whole(s.post_oxy_po2_mmhg),
            "mmHg",
            status(a(Alarm::LowPo2), s.post_oxy_po2_mmhg < 200.0),
        ),
        readout(
            "MAP",
            whole(s.map_mmhg),
            "mmHg",
            status(a(Alarm::LowMap), s.map_mmhg < l.low_map_mmhg + 10.0),
        ),
        readout("CVP", whole(s.cvp_mmhg), "mmHg", Status::Normal),
        readout(
            "Pulse P",
            whole(s.pulse_pressure_mmhg),
            "mmHg",
            status(false, s.pulse_pressure_mmhg < 10.0),
        ),
        readout("HR", whole(s.heart_rate_per_min), "/min", Status::Normal),
    ];
    if s.sao2_femoral_pct.is_nan() || s.recirculation_pct.is_nan() {
        // VA: two sampling sites, because the mixing zone can leave the brain blue.
        out.push(readout(
            "SpO2 R hand",
            whole(s.sao2_right_radial_pct),
            "%",
            status(a(Alarm::LowSpo2), s.sao2_right_radial_pct < 92.0),
        ));
        out.push(readout(
            "SaO2 femoral",
            whole(s.sao2_femoral_pct),
            "%",
            Status::Normal,
        ));
    } else {
        out.push(readout(
            "SpO2",
            whole(s.sao2_right_radial_pct),
            "%",
            status(a(Alarm::LowSpo2), s.sao2_right_radial_pct < 92.0),
        ));
        out.push(readout(
            "Recirc",
            whole(s.recirculation_pct),
            "%",
            status(false, s.recirculation_pct > 20.0),
        ));
    }
    out.push(readout(
        "Sweep",
        format!("{:.1}", s.sweep_l_min),
        "L/min",
        status(a(Alarm::LowSweep), false),
    ));
    out.push(readout("FdO2", whole(s.fio2_pct), "%", Status::Normal));
    out.push(readout(
        "rSO2 L",
        whole(s.rso2_left_pct),
        "%",
        status(
            a(Alarm::LowRso2) && s.rso2_left_pct < l.low_rso2_pct,
            s.rso2_left_pct < l.low_rso2_pct + 5.0,
        ),
    ));
    out.push(readout(
        "rSO2 R",
        whole(s.rso2_right_pct),
        "%",
        status(
            a(Alarm::LowRso2) && s.rso2_right_pct < l.low_rso2_pct,
            s.rso2_right_pct < l.low_rso2_pct + 5.0,
        ),
    ));
    out.push(readout(
        "T blood",
        format!("{:.1}", s.temp_arterial_c),
        "°C",
        Status::Normal,
    ));
    if let Some((act, sampled)) = inp.act {
        // ECMO targets 180-220 s (ecmo.md §10).
        out.push(readout(
            "ACT",
            format!("{act:.0}"),
            &format!("s @{}", clock_label(sampled)),
            status(
                !(150.0..=260.0).contains(&act),
                !(180.0..=220.0).contains(&act),
            ),
        ));
    }
    out
}
