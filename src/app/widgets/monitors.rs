//! The numeric monitors: large readouts in alarm colours, as on a bypass console.

use egui::{Align2, FontId, Role, Sense, WidgetInfo, vec2};

use crate::app::theme::{Palette, Status};
use perfsim_core::model::Snapshot;
use perfsim_core::model::alarms::{Alarm, AlarmLimits, AlarmSet};
use perfsim_core::time::{Tick, clock_label};

/// The tile of the line pressure measured before the oxygenator (the drawing's "Pre").
pub const PRE_OXY_LABEL: &str = "Pre-oxy P";

/// The tile of the mean pulmonary artery pressure (the PA catheter).
pub const PA_MEAN_LABEL: &str = "PA mean";

/// One readout tile.
#[derive(Clone, Debug, PartialEq)]
pub struct Readout {
    /// Short label, as on the console.
    pub label: &'static str,
    /// The value, formatted.
    pub value: String,
    /// Unit, or a note (e.g. when a lab value was sampled).
    pub unit: String,
    /// Colour class.
    pub status: Status,
}

/// What the monitors read besides the monitored snapshot.
#[derive(Clone, Copy, Debug)]
pub struct MonitorInputs<'a> {
    /// Values with measurement noise ([`perfsim_core::model::Sim::monitored`]).
    pub snapshot: &'a Snapshot,
    /// Alarms sounding now.
    pub alarms: AlarmSet,
    /// The scenario's alarm limits.
    pub limits: &'a AlarmLimits,
    /// The latest reported ACT and when it was sampled, if one was measured.
    pub act: Option<(f64, Tick)>,
}

pub(super) fn status(alarm: bool, caution: bool) -> Status {
    if alarm {
        Status::Alarm
    } else if caution {
        Status::Caution
    } else {
        Status::Normal
    }
}

pub(super) fn readout(label: &'static str, value: String, unit: &str, status: Status) -> Readout {
    Readout {
        label,
        value,
        unit: unit.to_string(),
        status,
    }
}

/// `value` to the nearest whole number, never "-0" (a CVP of −0.3 reads 0).
pub(super) fn whole(value: f64) -> String {
    // Adding +0.0 turns a rounded −0.0 into +0.0.
    format!("{:.0}", value.round() + 0.0)
}

/// The readouts in console order. Pure, so tests can check colours without drawing.
pub fn readouts(inp: &MonitorInputs<'_>) -> Vec<Readout> {
    let s = inp.snapshot;
    let a = |alarm: Alarm| inp.alarms.contains(alarm);
    let l = inp.limits;
    let mut out = vec![
        readout(
            "MAP",
            whole(s.map_mmhg),
            "mmHg",
            status(
                a(Alarm::LowMap),
                s.map_mmhg < l.low_map_mmhg || s.map_mmhg > 90.0,
            ),
        ),
        readout(
            "CVP",
            whole(s.cvp_mmhg),
            "mmHg",
            status(false, s.cvp_mmhg > 12.0),
        ),
        // The PA catheter: pulmonary hypertension above a mean of 25 mmHg; above 35 an
        // acutely loaded right ventricle is near the most it can push (a protamine
        // reaction's pulmonary vasoconstriction). Empty before the first tick.
        readout(
            PA_MEAN_LABEL,
            if s.pa_mean_mmhg.is_nan() {
                "--".to_string()
            } else {
                whole(s.pa_mean_mmhg)
            },
            "mmHg",
            status(s.pa_mean_mmhg > 35.0, s.pa_mean_mmhg > 25.0),
        ),
        readout(
            "Flow",
            format!("{:.2}", s.pump_flow_l_min),
            "L/min",
            status(false, s.pump_flow_index_l_min_m2 < 1.8),
        ),
        readout(
            "CI",
            format!("{:.2}", s.pump_flow_index_l_min_m2),
            "L/min/m²",
            status(false, s.pump_flow_index_l_min_m2 < 1.8),
        ),
        // The line pressure is measured before the oxygenator (where the drawing shows
        // "Pre"), so its tile says so.
        readout(
            PRE_OXY_LABEL,
            whole(s.pre_oxy_mmhg),
            "mmHg",
            status(
                a(Alarm::HighLinePressure),
                s.art_line_mmhg > 0.85 * l.high_line_mmhg,
            ),
        ),
        readout("Post-oxy P", whole(s.post_oxy_mmhg), "mmHg", Status::Normal),
        readout(
            "Oxy ΔP",
            whole(s.oxy_dp_mmhg),
            "mmHg",
            status(false, s.oxy_dp_mmhg > 100.0),
        ),
        readout(
            "Reservoir",
            whole(s.reservoir_ml),
            "mL",
            status(a(Alarm::LowLevel), s.reservoir_ml < 1.5 * l.low_level_ml),
        ),
        readout(
            "SvO2",
            whole(s.svo2_pct),
            "%",
            status(a(Alarm::LowSvo2), s.svo2_pct < l.low_svo2_pct + 5.0),
        ),
        // Delivery against its critical threshold, and the resistance behind a low MAP
        // (vasoplegia): the two numbers the guideline alarms watch.
        readout(
            "DO2i",
            whole(s.do2i_ml_min_m2),
            "mL/min/m²",
            status(
                a(Alarm::LowDo2i),
                s.do2i_ml_min_m2 < l.low_do2i_ml_min_m2 * 1.1,
            ),
        ),
        readout(
            "SVR",
            whole(s.svr_dyn_s_cm5),
            "dyn·s/cm⁵",
            status(
                a(Alarm::Vasoplegia),
                s.svr_dyn_s_cm5 < l.vasoplegia_svr_dyn_s_cm5,
            ),
        ),
        readout(
            "Hct",
            whole(s.hct_pct),
            "%",
            status(false, s.hct_pct < 21.0),
        ),
        readout(
            "Inline PO2",
            whole(s.post_oxy_po2_mmhg),
            "mmHg",
            status(
                a(Alarm::LowPo2),
                s.post_oxy_po2_mmhg < 150.0 || s.post_oxy_po2_mmhg > 400.0,
            ),
        ),
        readout(
            "Inline PCO2",
            whole(s.post_oxy_pco2_mmhg),
            "mmHg",
            status(
                a(Alarm::HighPco2),
                s.post_oxy_pco2_mmhg < 30.0 || s.post_oxy_pco2_mmhg > 45.0,
            ),
        ),
        readout(
            "T art",
            format!("{:.1}", s.temp_arterial_c),
            "°C",
            status(
                a(Alarm::HighArterialTemp) || a(Alarm::TempGradient),
                s.temp_arterial_c > 37.0,
            ),
        ),
        readout(
            "T ven",
            format!("{:.1}", s.temp_venous_c),
            "°C",
            status(a(Alarm::TempGradient), false),
        ),
        readout(
            "T NP",
            format!("{:.1}", s.temp_core_c),
            "°C",
            status(false, s.temp_core_c > 37.0),
        ),
        readout(
            "rSO2 L",
            whole(s.rso2_left_pct),
            "%",
            status(
                a(Alarm::LowRso2) && s.rso2_left_pct < l.low_rso2_pct,
                s.rso2_left_pct < l.low_rso2_pct + 5.0,
            ),
        ),
        readout(
            "rSO2 R",
            whole(s.rso2_right_pct),
            "%",
            status(
                a(Alarm::LowRso2) && s.rso2_right_pct < l.low_rso2_pct,
                s.rso2_right_pct < l.low_rso2_pct + 5.0,
            ),
        ),
    ];
    if let Some((act, sampled)) = inp.act {
        out.push(readout(
            "ACT",
            format!("{act:.0}"),
            &format!("s @{}", clock_label(sampled)),
            status(act < 400.0, act < 480.0),
        ));
    }
    out
}

/// The narrowest a readout tile gets, points.
const MIN_TILE_W: f32 = 88.0;

/// Draws the readout tiles, wrapping to as many rows as the width needs.
pub fn monitors_ui(ui: &mut egui::Ui, inputs: &MonitorInputs<'_>, palette: &Palette) {
    // An ECMO run has ECMO columns (empty on bypass): its monitors are ECMO's.
    let tiles = if inputs.snapshot.ecmo_flow_l_min.is_nan() {
        readouts(inputs)
    } else {
        super::ecmo_monitors::readouts(inputs)
    };
    let spacing = ui.spacing().item_spacing.x;
    let avail = ui.available_width();
    // 88 points is the narrowest tile whose label and unit still fit side by side (or
    // the unit drops below); it puts the 19 tiles in three rows of 7 at 1280×720.
    let fits = ((avail + spacing) / (MIN_TILE_W + spacing))
        .floor()
        .max(1.0) as usize;
    // As few rows as fit (two on a laptop), tiles sharing the width evenly.
    let rows = tiles.len().div_ceil(fits).max(1);
    let per_row = tiles.len().div_ceil(rows).max(1);
    let tile_w = ((avail + spacing) / per_row as f32 - spacing).floor();
    // Bigger numbers on big screens: height follows width.
    let tile_h = (tile_w * 0.5).clamp(58.0, 84.0);
    for row in tiles.chunks(per_row) {
        ui.horizontal(|ui| {
            for tile in row {
                tile_ui(ui, tile, vec2(tile_w, tile_h), palette);
            }
        });
    }
}

fn tile_ui(ui: &mut egui::Ui, tile: &Readout, size: egui::Vec2, palette: &Palette) {
    let (rect, response) = ui.allocate_exact_size(size, Sense::hover());
    response.widget_info(|| {
        WidgetInfo::labeled(
            Role::Label,
            true,
            format!("{} {} {}", tile.label, tile.value, tile.unit),
        )
    });
    if !ui.is_rect_visible(rect) {
        return;
    }
    let painter = ui.painter();
    painter.rect_filled(rect, 4.0, palette.tile_bg);
    if tile.status == Status::Alarm {
        painter.rect_stroke(
            rect,
            4.0,
            egui::Stroke::new(2.0, palette.value_alarm),
            egui::StrokeKind::Inside,
        );
    }
    let pad = 5.0;
    let label = painter.layout_no_wrap(
        tile.label.to_owned(),
        FontId::proportional(11.5),
        palette.tile_label,
    );
    let unit = painter.layout_no_wrap(
        tile.unit.clone(),
        FontId::proportional(9.5),
        palette.tile_label,
    );
    let label_pos = rect.left_top() + vec2(pad, pad - 1.0);
    let unit_pos = unit_position(rect, pad, label.size(), unit.size());
    painter.galley(label_pos, label, palette.tile_label);
    painter.galley(unit_pos, unit, palette.tile_label);
    painter.text(
        rect.left_bottom() + vec2(pad, -pad + 3.0),
        Align2::LEFT_BOTTOM,
        &tile.value,
        FontId::monospace((size.y * 0.52).min(size.x / 3.4).min(44.0)),
        palette.value(tile.status),
    );
}

/// Where a tile's unit goes: top right, or bottom right (beside the value, which is left
/// aligned) when it would touch the label on a narrow tile ("Inline PCO2" and "mmHg"
/// ran together).
fn unit_position(rect: egui::Rect, pad: f32, label: egui::Vec2, unit: egui::Vec2) -> egui::Pos2 {
    const GAP: f32 = 6.0;
    let top_right = rect.right_top() + vec2(-pad - unit.x, pad);
    if pad + label.x + GAP <= top_right.x - rect.left() {
        top_right
    } else {
        rect.right_bottom() + vec2(-pad - unit.x, -pad - unit.y)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unit_never_touches_its_label() {
        let tile = egui::Rect::from_min_size(egui::Pos2::ZERO, vec2(92.0, 58.0));
        let label = vec2(64.0, 14.0);
        let unit = vec2(28.0, 12.0);
        let label_rect = egui::Rect::from_min_size(egui::pos2(5.0, 4.0), label);
        let unit_rect = egui::Rect::from_min_size(unit_position(tile, 5.0, label, unit), unit);
        assert!(
            !label_rect.expand(2.0).intersects(unit_rect),
            "{unit_rect:?}"
        );
        assert!(tile.contains_rect(unit_rect));
        // On a wide tile the unit stays top right.
        let wide = egui::Rect::from_min_size(egui::Pos2::ZERO, vec2(160.0, 58.0));
        assert_eq!(unit_position(wide, 5.0, label, unit).y, 5.0);
    }

    #[test]
    fn an_active_alarm_colours_its_readout_and_act_needs_a_result() {
        let snap = Snapshot {
            map_mmhg: 35.0,
            svo2_pct: 75.0,
            reservoir_ml: 1200.0,
            ..Snapshot::default()
        };
        let limits = AlarmLimits::default();
        let mut alarms = AlarmSet::default();
        alarms.insert(Alarm::LowMap);
        let inp = MonitorInputs {
            snapshot: &snap,
            alarms,
            limits: &limits,
            act: None,
        };
        let tiles = readouts(&inp);
        let find = |l: &str| tiles.iter().find(|t| t.label == l).cloned();
        assert_eq!(find("MAP").map(|t| t.status), Some(Status::Alarm));
        assert_eq!(find("SvO2").map(|t| t.status), Some(Status::Normal));
        // The line-pressure tile reads the pressure the drawing shows before the oxygenator.
        let pressures = Snapshot {
            pre_oxy_mmhg: 212.0,
            post_oxy_mmhg: 180.0,
            ..snap.clone()
        };
        let tiles_p = readouts(&MonitorInputs {
            snapshot: &pressures,
            ..inp
        });
        let pre = tiles_p.iter().find(|t| t.label == PRE_OXY_LABEL);
        assert_eq!(pre.map(|t| t.value.as_str()), Some("212"));
        let near_zero = Snapshot {
            cvp_mmhg: -0.4,
            ..snap.clone()
        };
        let tiles = readouts(&MonitorInputs {
            snapshot: &near_zero,
            ..inp
        });
        let cvp = tiles
            .iter()
            .find(|t| t.label == "CVP")
            .map(|t| t.value.clone());
        assert_eq!(cvp.as_deref(), Some("0"), "CVP shows -0");
        assert!(find("ACT").is_none());
        let tiles = readouts(&MonitorInputs {
            act: Some((350.0, 100)),
            ..inp
        });
        assert_eq!(
            tiles.iter().find(|t| t.label == "ACT").map(|t| t.status),
            Some(Status::Alarm)
        );
    }

    /// DO2i and SVR are on the console, and their tiles turn red with their guideline
    /// alarms (low delivery; vasoplegia).
    #[test]
    fn do2i_and_svr_tiles_follow_their_alarms() {
        let snap = Snapshot {
            do2i_ml_min_m2: 230.0,
            svr_dyn_s_cm5: 620.0,
            ..Snapshot::default()
        };
        let limits = AlarmLimits::default();
        let mut alarms = AlarmSet::default();
        alarms.insert(Alarm::LowDo2i);
        alarms.insert(Alarm::Vasoplegia);
        let tiles = readouts(&MonitorInputs {
            snapshot: &snap,
            alarms,
            limits: &limits,
            act: None,
        });
        let find = |l: &str| tiles.iter().find(|t| t.label == l).cloned();
        assert_eq!(
            find("DO2i").map(|t| (t.value, t.status)),
            Some(("230".into(), Status::Alarm))
        );
        assert_eq!(
            find("SVR").map(|t| (t.value, t.status)),
            Some(("620".into(), Status::Alarm))
        );
    }

    /// The PA catheter's tile: normal off bypass, amber in pulmonary hypertension, red
    /// when the right ventricle is near the most it can push.
    #[test]
    fn the_pa_tile_turns_amber_then_red_as_the_pa_pressure_rises() {
        let limits = AlarmLimits::default();
        let tile = |pa_mean_mmhg: f64| {
            let snap = Snapshot {
                pa_mean_mmhg,
                ..Snapshot::default()
            };
            readouts(&MonitorInputs {
                snapshot: &snap,
                alarms: AlarmSet::default(),
                limits: &limits,
                act: None,
            })
            .into_iter()
            .find(|t| t.label == PA_MEAN_LABEL)
            .map(|t| (t.value, t.status))
        };
        assert_eq!(tile(16.2), Some(("16".into(), Status::Normal)));
        assert_eq!(tile(29.0), Some(("29".into(), Status::Caution)));
        assert_eq!(tile(40.0), Some(("40".into(), Status::Alarm)));
        assert_eq!(tile(f64::NAN), Some(("--".into(), Status::Normal)));
    }
}
