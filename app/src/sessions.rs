//! Sessions: the public schedule and session page, and the organizer's pages to
//! create, edit, reschedule, publish and cancel.

pub mod api;
pub mod detail;
pub mod editor;
pub mod labels;
pub mod organizer;
pub mod schedule;
