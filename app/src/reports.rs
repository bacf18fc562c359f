//! Participation reports: the organizer dashboard (`/organizer/reports`), the map of
//! provinces, monthly trend charts, and each region's page (`/regions/{code}`, also
//! the operator's home). The numbers come from `simpul::participation` over tallies
//! that storage adds up in SQL; the server serves the same report as JSON, XLSX and
//! PDF (`server/src/reports.rs`).

pub mod api;
pub mod chart;
pub mod dashboard;
pub mod map;
pub mod region;
