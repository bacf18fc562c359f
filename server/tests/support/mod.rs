//! Set-up shared by the HTTP test files: the real server in-process on a free port,
//! and a client that does not follow redirects and never waits forever.

use std::path::Path;
use std::time::Duration;

use clap::Parser;
use simpul_server::config::Config;
use simpul_server::startup::Application;
use tokio::sync::{Mutex, MutexGuard};

/// One in-process server at a time. Several Leptos servers rendering at once in one
/// process (each test with its own) left about one response in 7,000 unfinished in a
/// stress run on this machine (2 of 14,640), while one server per process, as in
/// production, finished all of 24,480 at the same load. Tests that start a server
/// therefore take turns; it costs a few seconds.
static ONE_SERVER: Mutex<()> = Mutex::const_new(());

/// A running test server: its base URL, and its turn (held until the test ends).
pub struct Server {
    pub base: String,
    _turn: MutexGuard<'static, ()>,
}

/// Starts the server on `127.0.0.1:0` with the database at `url`, the demo data, files
/// under `dir` and an upload limit of 1 MB, once no other test's server runs. It runs
/// until the test's runtime ends.
pub async fn start_server(url: &str, dir: &Path) -> Server {
    let turn = ONE_SERVER.lock().await;
    let site = dir.join("site");
    let config = Config::try_parse_from([
        "simpul",
        "--addr",
        "127.0.0.1:0",
        "--database-url",
        url,
        "--site-root",
        &site.to_string_lossy(),
        "--data-dir",
        &dir.to_string_lossy(),
        "--max-upload-mb",
        "1",
        "--demo",
    ])
    .expect("test configuration");
    let app = Application::build(&config).await.expect("server starts");
    let base = format!("http://{}", app.address());
    tokio::spawn(app.run_until_stopped());
    Server { base, _turn: turn }
}

/// A client that shows redirects as they are; a response that never comes fails the
/// test after a minute instead of stalling the run.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(60))
        .build()
        .expect("client")
}
