//! The Simpul server: configuration, database, the Leptos handler and the machine
//! endpoints (JSON API, health check, language switch), wired in [`startup`].

pub mod api;
pub mod audit_export;
pub mod auth;
pub mod cli;
pub mod config;
pub mod csrf;
pub mod error;
pub mod language;
pub mod openapi;
pub mod startup;
pub mod state;
