//! Attendance: the check-in page for organizers' phones at the door, the attendance
//! list after the session (marks, Zoom report import, exports), and the public
//! verification page of attendance certificates.

pub mod api;
pub mod certificate;
pub mod check_in;
pub mod list;
pub mod scanner;
