//! A drawn schematic of the ECMO circuit: the patient, the drainage cannula and line
//! (P1), the centrifugal pump with its speed and flow, the oxygenator (P2, P3, ΔP, sweep
//! and FdO2) and the return line, with the clamps and any air in the return limb.

use egui::{Align2, Color32, FontId, Rect, Sense, Stroke, StrokeKind, pos2, vec2};

use crate::app::theme::Palette;
use perfsim_core::model::config::CircuitKind;
use perfsim_core::model::{Settings, Snapshot};

/// Draws the circuit in a rect of the given height across the available width.
pub fn ecmo_circuit_ui(
    ui: &mut egui::Ui,
    snap: &Snapshot,
    settings: &Settings,
    height: f32,
    palette: &Palette,
) {
    let size = vec2(ui.available_width(), height);
    let (rect, response) = ui.allocate_exact_size(size, Sense::hover());
    response
        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, "ECMO circuit diagram"));
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
    let text_color = ui.visuals().text_color();
    let outline = Stroke::new(1.5, palette.outline);
    let tube_w = 5.0;
    // Return blood darkens as the post-oxygenator PO2 falls.
    let oxygenation = ((snap.post_oxy_po2_mmhg - 40.0) / 160.0).clamp(0.0, 1.0) as f32;
    let arterial = lerp(palette.venous_blood, palette.arterial_blood, oxygenation);
    let venous = palette.venous_blood;
    let ecmo = settings.ecmo;
    let (drain_clamped, return_clamped) =
        ecmo.map_or((false, false), |e| (e.drainage_clamped, e.return_clamped));

    let patient = Rect::from_min_max(at(0.03, 0.1), at(0.25, 0.6));
    let pump_c = at(0.45, 0.78);
    let pump_r = (rect.height() * 0.12).min(rect.width() * 0.05);
    let oxy = Rect::from_min_max(at(0.66, 0.55), at(0.8, 0.95));

    // Drainage: patient → pump (venous), return: oxygenator → patient (arterial).
    let drain = [
        pos2(patient.center().x - 10.0, patient.bottom()),
        pos2(patient.center().x - 10.0, pump_c.y),
        pos2(pump_c.x - pump_r, pump_c.y),
    ];
    painter.line(drain.to_vec(), Stroke::new(tube_w, venous));
    painter.line_segment(
        [
            pos2(pump_c.x + pump_r, pump_c.y),
            pos2(oxy.left(), pump_c.y),
        ],
        Stroke::new(tube_w, venous),
    );
    let ret = [
        pos2(oxy.center().x, oxy.top()),
        pos2(oxy.center().x, at(0.0, 0.05).y),
        pos2(patient.right() - 20.0, at(0.0, 0.05).y),
        pos2(patient.right() - 20.0, patient.top()),
    ];
    painter.line(ret.to_vec(), Stroke::new(tube_w, arterial));

    painter.rect_stroke(patient, 6.0, outline, StrokeKind::Inside);
    let site = match settings.circuit_kind {
        CircuitKind::VaEcmo => "Patient (VA)",
        _ => "Patient (VV)",
    };
    painter.text(
        patient.center(),
        Align2::CENTER_CENTER,
        site,
        font.clone(),
        text_color,
    );
    painter.circle(pump_c, pump_r, Color32::TRANSPARENT, outline);
    painter.text(
        pos2(pump_c.x, pump_c.y - pump_r - 4.0),
        Align2::CENTER_BOTTOM,
        format!(
            "{:.0} rpm  {:.2} L/min",
            snap.pump_rpm, snap.ecmo_flow_l_min
        ),
        font.clone(),
        text_color,
    );
    painter.rect_stroke(oxy, 4.0, outline, StrokeKind::Inside);
    painter.text(
        oxy.center(),
        Align2::CENTER_CENTER,
        "Oxy",
        font.clone(),
        text_color,
    );
    painter.text(
        pos2(oxy.right() + 6.0, oxy.top()),
        Align2::LEFT_TOP,
        format!(
            "P2 {:.0}\nP3 {:.0}\nΔP {:.0}\nSweep {:.1}\nFdO2 {:.0} %",
            snap.p_pre_oxy_mmhg,
            snap.p_post_oxy_mmhg,
            snap.oxy_dp_mmhg,
            snap.sweep_l_min,
            snap.fio2_pct
        ),
        font.clone(),
        text_color,
    );
    painter.text(
        pos2(patient.center().x - 4.0, pump_c.y + 8.0),
        Align2::LEFT_TOP,
        format!("P1 {:.0}", snap.p_drainage_mmhg),
        font.clone(),
        text_color,
    );

    // Clamps: a bar across the line, drawn where the specialist puts them.
    let clamp = |p: egui::Pos2, on: bool| {
        if on {
            painter.line_segment(
                [pos2(p.x - 9.0, p.y - 9.0), pos2(p.x + 9.0, p.y + 9.0)],
                Stroke::new(4.0, palette.clamp),
            );
        }
    };
    clamp(
        pos2(
            patient.center().x - 10.0,
            (patient.bottom() + pump_c.y) / 2.0,
        ),
        drain_clamped,
    );
    clamp(
        pos2((oxy.center().x + patient.right()) / 2.0, at(0.0, 0.05).y),
        return_clamped,
    );
    // Air in the return limb: bubbles along it.
    if snap.air_in_line_ml > 0.05 {
        for i in 0..5 {
            let x = oxy.center().x - (i as f32) * 0.08 * rect.width();
            painter.circle_filled(pos2(x, at(0.0, 0.05).y), 3.5, palette.air);
        }
    }
}

fn lerp(a: Color32, b: Color32, t: f32) -> Color32 {
    let mix = |x: u8, y: u8| (x as f32 + (y as f32 - x as f32) * t).round() as u8;
    Color32::from_rgb(mix(a.r(), b.r()), mix(a.g(), b.g()), mix(a.b(), b.b()))
}
