//! Accounts: signing in, one's own account (password, API tokens), user management
//! for admins, and the audit trail.

pub mod api;
pub mod audit;
pub mod profile;
pub mod sign_in;
pub mod users;
