//! The perfusion record of a full shipped case, checked against the action log, the
//! model's events, the labs and the trace.

use perfsim_core::action::Action;
use perfsim_core::programme::perfusion::{INTERVAL_SIGNALS, PerfusionRecord, Source};
use perfsim_core::record::KeySource;
use perfsim_core::review::Review;
use perfsim_core::time::tick_from_secs;

use crate::support::{exam, key, ok};

#[test]
fn the_chart_of_a_full_case_lists_every_event_in_order_with_its_time() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let (prog, _) = key(d, "programme", 1);
    let record = d.join("wean.jsonl");
    exam(
        d,
        &prog,
        &record,
        "vasoplegic_wean",
        "vasoplegic_wean_expert",
        4,
        "cand-1",
    );
    let public = KeySource { path: prog.clone() }
        .load_public()
        .expect("public");
    let review = Review::open(&record, Some(&public)).expect("review");
    let chart = PerfusionRecord::of(&review);
    let end = &review.end;

    // Every action of the log and every model event, each once, at its own tick.
    assert_eq!(chart.entries.len(), end.log().len() + end.events().len());
    assert!(
        chart.entries.windows(2).all(|w| w[0].tick <= w[1].tick),
        "not in time order"
    );
    let mut from = 0;
    for a in end.log() {
        let i = chart.entries[from..]
            .iter()
            .position(|e| {
                e.tick == a.tick && e.text == a.action.describe() && e.source != Source::Model
            })
            .unwrap_or_else(|| {
                panic!(
                    "action {:?} at {} missing or out of order",
                    a.action, a.tick
                )
            });
        from += i + 1;
    }
    let mut from = 0;
    for ev in end.events() {
        let i = chart.entries[from..]
            .iter()
            .position(|e| {
                e.tick == ev.tick && e.text == ev.event.describe() && e.source == Source::Model
            })
            .unwrap_or_else(|| {
                panic!(
                    "event {:?} at {} missing or out of order",
                    ev.event, ev.tick
                )
            });
        from += i + 1;
    }

    // Off bypass where the candidate stopped the pump at 29:40 (the trace is 1 Hz).
    let stop = end
        .log()
        .iter()
        .find(|a| a.action == Action::PumpStop)
        .expect("the wean stops the pump")
        .tick;
    assert_eq!(stop, tick_from_secs(1780.0));
    let last = chart.flow_periods.last().expect("a flow period");
    assert_eq!(last.on, 0, "on bypass from the start");
    let off = last.off.expect("off bypass before the end");
    assert!(
        off > stop && off <= stop + tick_from_secs(2.0),
        "off at {off}, stop at {stop}"
    );

    // Vital values every 5 minutes are the trace's own.
    assert_eq!(
        chart.intervals.len(),
        1 + (end.tick() / tick_from_secs(300.0)) as usize
    );
    for row in &chart.intervals {
        let snap = end
            .trace()
            .iter()
            .find(|s| s.tick == row.tick)
            .expect("trace row");
        for (sig, v) in INTERVAL_SIGNALS.iter().zip(&row.values) {
            assert_eq!(snap.value(*sig), *v, "{sig:?} at {}", row.tick);
        }
    }

    // The three samples at 0:30, 0:35 and 0:40, with their reported values.
    let sampled: Vec<u64> = chart.labs.iter().map(|l| l.sampled_tick).collect();
    assert_eq!(sampled, vec![300, 350, 400]);
    for (row, lab) in chart.labs.iter().zip(end.sim().labs()) {
        assert_eq!(row.ready_tick, lab.ready_tick);
        assert_eq!(row.values.len(), lab.values.len());
    }
    // Drugs and fluids with doses: every bolus, infusion change and fluid of the log.
    let drugs = end
        .log()
        .iter()
        .filter(|a| {
            matches!(
                a.action,
                Action::DrugBolus { .. } | Action::SetInfusion { .. } | Action::GiveFluid { .. }
            )
        })
        .count();
    assert_eq!(chart.doses.len(), drugs);
    assert!(
        chart
            .doses
            .iter()
            .any(|d| d.text.contains("Methylene blue") || d.text.contains("methylene blue")),
        "{:?}",
        chart.doses
    );

    // The command line writes the same chart.
    let rec_s = record.display().to_string();
    let prog_s = prog.display().to_string();
    ok(
        d,
        &[
            "perfusion-record",
            &rec_s,
            "--key",
            &prog_s,
            "--out",
            "chart.csv",
        ],
    );
    let csv = std::fs::read_to_string(d.join("chart.csv")).expect("csv");
    assert_eq!(csv.lines().count(), 1 + chart.entries.len());
    assert!(csv.contains("29:40"), "the pump stop's time");
    ok(
        d,
        &[
            "perfusion-record",
            &rec_s,
            "--key",
            &prog_s,
            "--out",
            "chart.html",
        ],
    );
    let html = std::fs::read_to_string(d.join("chart.html")).expect("html");
    assert!(html.contains("Every 5 minutes") && html.contains("Gases, ACT and labs"));
}

#[test]
fn a_record_that_does_not_verify_gives_no_chart() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let (prog, _) = key(d, "programme", 1);
    let (other, _) = key(d, "other", 9);
    let record = d.join("clot.jsonl");
    exam(
        d,
        &prog,
        &record,
        "circuit_clot",
        "circuit_clot_expert",
        1,
        "cand-1",
    );
    let out = crate::support::perfsim(
        d,
        &[
            "perfusion-record",
            &record.display().to_string(),
            "--key",
            &other.display().to_string(),
        ],
    );
    assert!(!out.status.success());
    assert!(crate::support::text(&out).contains("does not verify"));
}
