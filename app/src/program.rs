//! A session's programme: speakers and their answers, the rundown, materials.

pub mod api;
pub mod page;
