//! Invitations and registration: the operator's dashboard and registration desk
//! (one by one, or a spreadsheet checked row by row before anything is saved), the
//! organizer's view per region, the public registration link and the registrant's
//! private confirmation page with their check-in code.

pub mod api;
pub mod dashboard;
pub mod desk;
pub mod organizer;
pub mod public;
