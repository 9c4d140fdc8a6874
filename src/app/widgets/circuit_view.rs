//! A drawn schematic of the bypass circuit: venous line, reservoir with its level, pump,
//! oxygenator, arterial filter and arterial line, with clamps, pressures, flow and air.

use egui::{Align2, Color32, FontId, Pos2, Rect, Sense, Stroke, StrokeKind, pos2, vec2};

use crate::app::theme::Palette;
use perfsim_core::model::Settings;
use perfsim_core::model::Snapshot;
use perfsim_core::model::config::PumpKind;
use perfsim_core::model::events::Rhythm;

/// Reservoir volume below which it counts as empty (air is drawn at its outlet).
const EMPTY_RESERVOIR_ML: f64 = 50.0;

/// Draws the circuit in a rect of the given height across the available width.
pub fn circuit_ui(
    ui: &mut egui::Ui,
    snap: &Snapshot,
    settings: &Settings,
    rhythm: Rhythm,
    low_level_ml: f64,
    height: f32,
    palette: &Palette,
) {
    let size = vec2(ui.available_width(), height);
    let (rect, response) = ui.allocate_exact_size(size, Sense::hover());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, "Circuit diagram"));
    if !ui.is_rect_visible(rect) {
        return;
    }
    let painter = ui.painter_at(rect);
    let at = |fx: f32, fy: f32| {
        pos2(
            rect.left() + fx * rect.width(),
            rect.top() + fy * rect.height(),
        )
    };
    let font = FontId::proportional(12.0);
    let small = FontId::proportional(11.0);
    let text_color = ui.visuals().text_color();
    let outline = Stroke::new(1.5, palette.outline);
    let tube_w = 5.0;

    // Arterial blood darkens as the outlet PO2 falls (a cue a perfusionist watches).
    let oxygenation = ((snap.post_oxy_po2_mmhg - 40.0) / 110.0).clamp(0.0, 1.0) as f32;
    let arterial = lerp_color(palette.venous_blood, palette.arterial_blood, oxygenation);
    let venous = palette.venous_blood;

    // Key points.
    let patient = Rect::from_min_max(at(0.02, 0.08), at(0.2, 0.42));
    let res = Rect::from_min_max(at(0.26, 0.42), at(0.36, 0.94));
    let pump_c = at(0.48, 0.78);
    let pump_r = (rect.height() * 0.13).min(rect.width() * 0.05);
    let oxy = Rect::from_min_max(at(0.6, 0.5), at(0.72, 0.94));
    let filter_c = at(0.86, 0.6);
    let top_y = at(0.0, 0.16).y;

    // Venous line: patient → reservoir.
    let v_path = vec![
        pos2(patient.center().x, patient.bottom()),
        pos2(
            patient.center().x,
            at(0.0, 0.3).y.max(patient.bottom() + 12.0),
        ),
        pos2(res.center().x, at(0.0, 0.3).y.max(patient.bottom() + 12.0)),
        pos2(res.center().x, res.top()),
    ];
    painter.line(v_path.clone(), Stroke::new(tube_w, venous));
    // Reservoir → pump → oxygenator inlet.
    let outlet = pos2(res.center().x, res.bottom());
    let low = pos2(res.center().x, rect.bottom() - 4.0);
    let to_pump = vec![
        outlet,
        low,
        pos2(pump_c.x, low.y),
        pos2(pump_c.x, pump_c.y + pump_r),
    ];
    painter.line(to_pump.clone(), Stroke::new(tube_w, venous));
    let pre = vec![
        pos2(pump_c.x + pump_r, pump_c.y),
        pos2(oxy.left(), pump_c.y),
    ];
    painter.line(pre.clone(), Stroke::new(tube_w, venous));
    // Oxygenator → filter → arterial line → patient.
    let post = vec![
        pos2(oxy.right(), oxy.top() + 10.0),
        pos2(filter_c.x, oxy.top() + 10.0),
        pos2(filter_c.x, top_y),
        pos2(patient.right(), top_y),
    ];
    painter.line(post.clone(), Stroke::new(tube_w, arterial));

    // Patient.
    painter.rect_filled(patient, 6.0, ui.visuals().faint_bg_color);
    painter.rect_stroke(patient, 6.0, outline, StrokeKind::Inside);
    painter.text(
        patient.center_top() + vec2(0.0, 4.0),
        Align2::CENTER_TOP,
        "Patient",
        font.clone(),
        text_color,
    );
    painter.text(
        patient.center_bottom() - vec2(0.0, 4.0),
        Align2::CENTER_BOTTOM,
        format!(
            "HR {:.0} {}",
            snap.heart_rate_per_min,
            match rhythm {
                Rhythm::Asystole => "asystole",
                Rhythm::Sinus => "sinus",
                Rhythm::Vf => "VF",
                Rhythm::Paced => "paced",
            }
        ),
        small.clone(),
        text_color,
    );

    // Reservoir with its level.
    let cap = settings.reservoir_capacity_ml.max(1.0);
    let frac = (snap.reservoir_ml / cap).clamp(0.0, 1.0) as f32;
    let fill = Rect::from_min_max(
        pos2(res.left(), res.bottom() - frac * res.height()),
        res.right_bottom(),
    );
    painter.rect_filled(fill, 2.0, venous);
    let low_y = res.bottom() - (low_level_ml / cap).clamp(0.0, 1.0) as f32 * res.height();
    painter.hline(res.x_range(), low_y, Stroke::new(1.0, palette.clamp));
    painter.rect_stroke(res, 2.0, outline, StrokeKind::Inside);
    let level_color = if snap.reservoir_ml < low_level_ml {
        palette.value_alarm
    } else {
        text_color
    };
    painter.text(
        res.left_top() - vec2(0.0, 2.0),
        Align2::LEFT_BOTTOM,
        format!("Reservoir {:.0} mL", snap.reservoir_ml),
        small.clone(),
        level_color,
    );
    if settings.vacuum_mmhg > 0.0 {
        painter.text(
            res.right_top() + vec2(4.0, 4.0),
            Align2::LEFT_TOP,
            format!("VAVD −{:.0}", settings.vacuum_mmhg),
            small.clone(),
            text_color,
        );
    }

    // Venous clamp or occlusion.
    let v_clamp_at = pos2((v_path[1].x + v_path[2].x) / 2.0, v_path[1].y);
    if settings.venous_occlusion_pct >= 100.0 {
        clamp_mark(&painter, v_clamp_at, palette.clamp);
    } else if settings.venous_occlusion_pct > 0.0 {
        painter.text(
            v_path[2] + vec2(4.0, 4.0),
            Align2::LEFT_TOP,
            format!("occl {:.0} %", settings.venous_occlusion_pct),
            small.clone(),
            palette.clamp,
        );
    }
    painter.text(
        v_path[1] + vec2(8.0, 5.0),
        Align2::LEFT_TOP,
        format!("Venous {:.0}", snap.venous_line_mmhg),
        small.clone(),
        text_color,
    );

    // Pump.
    let running = settings.pump_running || settings.hand_crank_l_min > 0.0;
    painter.circle_filled(pump_c, pump_r, ui.visuals().faint_bg_color);
    painter.circle_stroke(
        pump_c,
        pump_r,
        Stroke::new(
            2.5,
            if running {
                palette.value_normal
            } else {
                palette.value_alarm
            },
        ),
    );
    let pump_text = match (settings.pump_kind, settings.pump_running) {
        (PumpKind::Centrifugal, true) => format!("{:.0} rpm", snap.pump_rpm),
        (_, true) => "RUN".to_string(),
        (_, false) if settings.hand_crank_l_min > 0.0 => "CRANK".to_string(),
        (_, false) => "STOP".to_string(),
    };
    painter.text(
        pump_c,
        Align2::CENTER_CENTER,
        pump_text,
        small.clone(),
        text_color,
    );
    painter.text(
        pump_c - vec2(0.0, pump_r + 3.0),
        Align2::CENTER_BOTTOM,
        format!("{:.2} L/min", snap.pump_flow_l_min),
        font.clone(),
        text_color,
    );

    // Oxygenator with pressures and gas.
    painter.rect_filled(oxy, 4.0, ui.visuals().faint_bg_color);
    painter.rect_stroke(oxy, 4.0, outline, StrokeKind::Inside);
    painter.text(
        oxy.center(),
        Align2::CENTER_CENTER,
        "Oxy",
        font.clone(),
        text_color,
    );
    // Inside the oxygenator's inlet corner: the gap between pump and oxygenator is too
    // narrow for it on a small window (it ran into the pump).
    painter.text(
        oxy.left_top() + vec2(3.0, 3.0),
        Align2::LEFT_TOP,
        format!("Pre {:.0}", snap.pre_oxy_mmhg),
        small.clone(),
        text_color,
    );
    painter.text(
        pos2(oxy.right() + 3.0, oxy.top() + 14.0),
        Align2::LEFT_TOP,
        format!("Post {:.0}", snap.post_oxy_mmhg),
        small.clone(),
        text_color,
    );
    painter.text(
        oxy.center_bottom() - vec2(0.0, 3.0),
        Align2::CENTER_BOTTOM,
        format!("ΔP {:.0}", snap.oxy_dp_mmhg),
        small.clone(),
        text_color,
    );
    painter.text(
        oxy.center_top() - vec2(0.0, 3.0),
        Align2::CENTER_BOTTOM,
        format!(
            "Gas {:.1} L/min · {:.0} %",
            settings.sweep_l_min,
            settings.fio2 * 100.0
        ),
        small.clone(),
        text_color,
    );

    // Arterial filter.
    let f = filter_c;
    let s = (rect.height() * 0.08).max(7.0);
    painter.add(egui::Shape::convex_polygon(
        vec![
            f + vec2(0.0, -s),
            f + vec2(s * 0.8, 0.0),
            f + vec2(0.0, s),
            f + vec2(-s * 0.8, 0.0),
        ],
        ui.visuals().faint_bg_color,
        outline,
    ));
    painter.text(
        f + vec2(s + 2.0, 0.0),
        Align2::LEFT_CENTER,
        "Filter",
        small.clone(),
        text_color,
    );

    // Arterial line temperature and clamp. Its pressure is measured before the
    // oxygenator ("Pre" above), so it is not repeated here as if read after the filter.
    painter.text(
        pos2((patient.right() + filter_c.x) / 2.0, top_y - 5.0),
        Align2::CENTER_BOTTOM,
        format!("Arterial line {:.0} °C", snap.temp_arterial_c),
        font.clone(),
        text_color,
    );
    if settings.arterial_clamped {
        clamp_mark(&painter, pos2(patient.right() + 30.0, top_y), palette.clamp);
    }

    // Air.
    let t = (snap.tick % 40) as f32 / 40.0;
    if snap.air_in_line_ml > 0.0 {
        let n = (3.0 + snap.air_in_line_ml * 2.0).min(24.0) as usize;
        bubbles(&painter, &post, n, t, palette.air);
    }
    if snap.reservoir_ml < EMPTY_RESERVOIR_ML {
        bubbles(&painter, &to_pump, 8, t, palette.air);
        bubbles(&painter, &pre, 4, t, palette.air);
    }
}

fn clamp_mark(painter: &egui::Painter, at: Pos2, color: Color32) {
    let d = 7.0;
    let stroke = Stroke::new(3.0, color);
    painter.line_segment([at + vec2(-d, -d), at + vec2(d, d)], stroke);
    painter.line_segment([at + vec2(-d, d), at + vec2(d, -d)], stroke);
    painter.text(
        at + vec2(0.0, -d - 2.0),
        Align2::CENTER_BOTTOM,
        "CLAMP",
        FontId::proportional(10.0),
        color,
    );
}

/// Bubbles spread along a polyline, shifted by `phase` (0..1) so they move.
fn bubbles(painter: &egui::Painter, path: &[Pos2], n: usize, phase: f32, color: Color32) {
    let lengths: Vec<f32> = path.windows(2).map(|w| w[0].distance(w[1])).collect();
    let total: f32 = lengths.iter().sum();
    if total <= 0.0 || n == 0 {
        return;
    }
    for i in 0..n {
        let mut d = ((i as f32 + phase) / n as f32) * total;
        for (seg, len) in path.windows(2).zip(&lengths) {
            if d <= *len {
                let p = seg[0] + (seg[1] - seg[0]) * (d / len.max(1e-3));
                let r = 2.0 + (i % 3) as f32;
                painter.circle(p, r, color, Stroke::new(0.8, Color32::from_gray(90)));
                break;
            }
            d -= len;
        }
    }
}

fn lerp_color(a: Color32, b: Color32, t: f32) -> Color32 {
    let l = |x: u8, y: u8| (x as f32 + (y as f32 - x as f32) * t).round() as u8;
    Color32::from_rgb(l(a.r(), b.r()), l(a.g(), b.g()), l(a.b(), b.b()))
}
