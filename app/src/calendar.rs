//! Calendars in the pages: "subscribe" (a feed kept current in the user's calendar
//! app) and "add to calendar" (one session, once), and the private feed of one's
//! account. The feeds themselves are served by the server (`server/src/calendar.rs`).

pub mod api;
pub mod subscribe;
