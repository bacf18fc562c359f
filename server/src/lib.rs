//! The Simpul server: configuration, database, the Leptos handler and the machine
//! endpoints (JSON API, health check, language switch), wired in [`startup`].

// The OpenAPI document is one `json!` literal, deeper than the default limit allows.
#![recursion_limit = "256"]

pub mod api;
pub mod attendance;
pub mod audit_export;
pub mod auth;
pub mod calendar;
pub mod cli;
pub mod config;
pub mod csrf;
pub mod error;
pub mod language;
pub mod materials;
pub mod openapi;
pub mod pdf;
pub mod registrations;
pub mod reports;
pub mod spreadsheet;
pub mod startup;
pub mod state;
