//! `score_chart` against a hand-made truth.

use super::*;
use crate::programme::perfusion::{CardioplegiaDose, IntervalRow, Period};

const MIN: Tick = 60 * TICKS_PER_SEC;

/// On bypass at 2:00, clamp 5:00-25:00, doses at 5:30 and 20:00, two 5-minute rows.
fn truth() -> PerfusionRecord {
    let row = |flow: f64, temp: f64, map: f64| {
        let mut values = vec![0.0; INTERVAL_SIGNALS.len()];
        for (i, s) in INTERVAL_SIGNALS.iter().enumerate() {
            values[i] = match s {
                Signal::PumpFlow => flow,
                Signal::TempArterial => temp,
                Signal::Map => map,
                _ => 0.0,
            };
        }
        values
    };
    PerfusionRecord {
        thermal: None,
        scenario: "test".into(),
        end_tick: 30 * MIN,
        flow_periods: vec![Period {
            on: 2 * MIN,
            off: None,
        }],
        cross_clamp: vec![Period {
            on: 5 * MIN,
            off: Some(25 * MIN),
        }],
        cardioplegia: vec![
            CardioplegiaDose {
                tick: 5 * MIN + 300,
                volume_ml: 1000.0,
                interval_min: Some(0.5),
                peak_pressure_mmhg: None,
            },
            CardioplegiaDose {
                tick: 20 * MIN,
                volume_ml: 500.0,
                interval_min: Some(14.5),
                peak_pressure_mmhg: None,
            },
        ],
        intervals: vec![
            IntervalRow {
                tick: 0,
                values: row(0.0, 36.5, 75.0),
            },
            IntervalRow {
                tick: 5 * MIN,
                values: row(4.8, 34.0, 62.0),
            },
        ],
        labs: Vec::new(),
        doses: Vec::new(),
        entries: Vec::new(),
    }
}

fn entry(item: ChartItem, row: usize, text: &str) -> TraineeEntry {
    TraineeEntry {
        field: ChartField { item, row },
        text: text.into(),
    }
}

fn request(items: &[ChartItem]) -> ChartRequest {
    ChartRequest {
        complete: items.to_vec(),
    }
}

#[test]
fn times_count_within_one_minute_and_blank_only_where_nothing_happened() {
    use ChartItem::*;
    let req = request(&[OnBypass, OffBypass, CrossClampOn, CrossClampOff]);
    let s = score_chart(
        &truth(),
        &req,
        &[
            entry(OnBypass, 0, "02:59"),
            entry(OffBypass, 0, ""),
            entry(CrossClampOn, 0, "6:01"),
            entry(CrossClampOff, 0, "0:25:00"),
        ],
    );
    let ok: Vec<bool> = s.lines.iter().map(|l| l.correct).collect();
    // 2:59 is 59 s from 2:00; off bypass never happened; 6:01 is 61 s late.
    assert_eq!(ok, [true, true, false, true], "{s:?}");
    assert_eq!(s.summary(), "3 of 4 chart entries within tolerance");
    assert_eq!(s.lines[2].truth, "05:00");
    assert_eq!(s.lines[2].entered, "6:01");
    // A time that did happen, left blank, is wrong; so is text that is not a time.
    let s = score_chart(&truth(), &req, &[entry(CrossClampOn, 0, "five")]);
    assert!(!s.lines[0].correct && !s.lines[2].correct);
    assert_eq!(s.lines[0].entered, "(blank)");
}

#[test]
fn values_count_within_their_tolerances_at_each_row() {
    use ChartItem::*;
    let req = request(&[FlowEvery5Min, ArterialTempEvery5Min, MapEvery5Min]);
    let fields = fields(&truth(), &req);
    assert_eq!(fields.len(), 6, "two rows of three items");
    assert_eq!(fields[1].label(), "Pump flow (L/min) at 05:00");
    let s = score_chart(
        &truth(),
        &req,
        &[
            entry(FlowEvery5Min, 0, "0"),
            entry(FlowEvery5Min, 1, "5.1"), // 0.3 off: outside ±0.2
            entry(ArterialTempEvery5Min, 0, "36.9"), // 0.4 off: inside ±0.5
            entry(ArterialTempEvery5Min, 1, "33.4"), // 0.6 off
            entry(MapEvery5Min, 0, "80"),
            entry(MapEvery5Min, 1, "abc"),
        ],
    );
    let ok: Vec<bool> = s.lines.iter().map(|l| l.correct).collect();
    assert_eq!(ok, [true, false, true, false, true, false], "{s:?}");
    assert_eq!(s.lines[1].truth, "4.8");
    assert_eq!(s.lines[1].tolerance, "±0.2 L/min");
}

#[test]
fn each_cardioplegia_dose_matches_one_typed_time_and_extras_are_wrong() {
    let req = request(&[ChartItem::CardioplegiaDoses]);
    let s = score_chart(
        &truth(),
        &req,
        &[entry(
            ChartItem::CardioplegiaDoses,
            0,
            "05:00, 05:40, 12:00",
        )],
    );
    // 5:40 is nearer 5:30 than 5:00 is; 20:00 was not charted; two typed times are extra.
    let lines: Vec<(&str, &str, bool)> = s
        .lines
        .iter()
        .map(|l| (l.label.as_str(), l.entered.as_str(), l.correct))
        .collect();
    assert_eq!(
        lines,
        [
            ("Cardioplegia dose 1", "05:40", true),
            ("Cardioplegia dose 2", "(not charted)", false),
            ("Cardioplegia dose (extra)", "05:00", false),
            ("Cardioplegia dose (extra)", "12:00", false),
        ]
    );
}

#[test]
fn times_read_as_minutes_and_seconds_or_hours_and_nothing_else() {
    assert_eq!(parse_time("05:30"), Some(330 * TICKS_PER_SEC));
    assert_eq!(parse_time(" 1:02:03 "), Some(3723 * TICKS_PER_SEC));
    for bad in ["", "5", "5:60", "a:10", "1:-2", "1:2:3:4", "99999999:00"] {
        assert_eq!(parse_time(bad), None, "{bad:?}");
    }
}
