//! Attendance: the check-in page for organizers' phones at the door, and the
//! attendance list after the session (marks, Zoom report import, exports).

pub mod api;
pub mod check_in;
pub mod list;
