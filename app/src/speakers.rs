//! Speakers (narasumber) and institutions: the registry organizers keep, and the
//! public pages of each speaker and institution.

pub mod api;
pub mod public;
pub mod registry;
