//! Set-up shared by the HTTP test files: the real server in-process on a free port,
//! and a client that does not follow redirects and never waits forever.

use std::path::Path;
use std::time::Duration;

use clap::Parser;
use simpul_server::config::Config;
use simpul_server::startup::Application;

/// Starts the server on `127.0.0.1:0` with the database at `url` and the demo data;
/// returns its base URL. The server runs until the test's runtime ends.
pub async fn start_server(url: &str, dir: &Path) -> String {
    let site = dir.join("site");
    let config = Config::try_parse_from([
        "simpul",
        "--addr",
        "127.0.0.1:0",
        "--database-url",
        url,
        "--site-root",
        &site.to_string_lossy(),
        "--demo",
    ])
    .expect("test configuration");
    let app = Application::build(&config).await.expect("server starts");
    let base = format!("http://{}", app.address());
    tokio::spawn(app.run_until_stopped());
    base
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
