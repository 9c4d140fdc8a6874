//! Widgets the screens share: monitors, trends, the circuit drawing, controls, labs,
//! the console log, the alarm bar, the record timeline bar and the patient view.

pub mod alarms;
pub mod checklist;
pub mod circuit_view;
pub mod controls;
pub mod ecmo_circuit_view;
pub mod ecmo_console;
pub mod ecmo_monitors;
pub mod feed;
pub mod heart_readout;
pub mod hlm_controls;
pub mod knob;
pub mod labs;
pub mod monitors;
pub mod patient_view;
pub mod pin_entry;
pub mod plegia_controls;
pub mod prefs_bar;
pub mod safety_servos;
pub mod thermal_readout;
pub mod timeline_bar;
pub mod timeline_list;
pub mod trends;
