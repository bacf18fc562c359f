//! HTTP tests: the real server on a free port, with a SQLite file of its own and the
//! demo data, driven over loopback.

mod support;

use std::process::Stdio;
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::Value;

struct TestApp {
    base: String,
    client: reqwest::Client,
    _server: support::Server,
    _dir: tempfile::TempDir,
}

async fn spawn_app() -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("simpul.db").display());
    let server = support::start_server(&url, dir.path()).await;
    TestApp {
        base: server.base.clone(),
        client: support::client(),
        _server: server,
        _dir: dir,
    }
}

impl TestApp {
    async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("request")
    }

    async fn json(&self, path: &str) -> (StatusCode, Value) {
        let response = self.get(path).await;
        let status = response.status();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        assert!(
            content_type.starts_with("application/json"),
            "{path}: content type {content_type}"
        );
        (status, response.json().await.expect("JSON body"))
    }

    async fn page(&self, path: &str, headers: &[(&str, &str)]) -> (StatusCode, String) {
        let mut request = self.client.get(format!("{}{path}", self.base));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request.send().await.expect("request");
        (response.status(), response.text().await.expect("body"))
    }

    /// The id of the demo session whose title starts with `prefix`.
    async fn session_id(&self, prefix: &str) -> i64 {
        let (_, sessions) = self.json("/api/v1/sessions").await;
        sessions
            .as_array()
            .expect("array")
            .iter()
            .find(|s| s["title"].as_str().is_some_and(|t| t.starts_with(prefix)))
            .and_then(|s| s["id"].as_i64())
            .unwrap_or_else(|| panic!("no session titled {prefix}"))
    }
}

fn assert_bad_request(status: StatusCode, body: &Value, field: &str) {
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"]["code"], "invalid_parameter", "{body}");
    assert_eq!(body["error"]["field"], field, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with(field)),
        "{body}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn health_check_answers_when_the_database_does() {
    let app = spawn_app().await;
    let (status, body) = app.json("/healthz").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "ok");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn regions_by_level_parent_and_code() {
    let app = spawn_app().await;
    let (status, all) = app.json("/api/v1/regions").await;
    assert_eq!(
        (status, all.as_array().map(Vec::len)),
        (StatusCode::OK, Some(552))
    );
    let (_, provinces) = app.json("/api/v1/regions?level=province").await;
    assert_eq!(provinces.as_array().map(Vec::len), Some(38));
    assert_eq!(provinces[0]["code"], "11");
    assert_eq!(provinces[0]["level"], "province");
    let (_, jabar) = app.json("/api/v1/regions?level=regency&parent=32").await;
    assert_eq!(jabar.as_array().map(Vec::len), Some(27));
    let (_, regencies) = app.json("/api/v1/regions?level=regency").await;
    assert_eq!(regencies.as_array().map(Vec::len), Some(514));
    let (status, indramayu) = app.json("/api/v1/regions/32.12").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(indramayu["name"], "Kabupaten Indramayu");
    assert_eq!(indramayu["level"], "kabupaten");
    assert_eq!(indramayu["parent"], "32");
    assert_eq!(indramayu["time_zone"], "Asia/Jakarta");
    let (_, jayapura) = app.json("/api/v1/regions/91.71").await;
    assert_eq!(
        (
            jayapura["level"].as_str(),
            jayapura["time_zone_label"].as_str()
        ),
        (Some("kota"), Some("WIT"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn regions_refuse_bad_input_with_the_parameter_named() {
    let app = spawn_app().await;
    let (status, body) = app.json("/api/v1/regions/abc").await;
    assert_bad_request(status, &body, "code");
    let (status, body) = app.json("/api/v1/regions/99").await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("not_found"))
    );
    let (status, body) = app.json("/api/v1/regions?level=district").await;
    assert_bad_request(status, &body, "level");
    let (status, body) = app.json("/api/v1/regions?parent=32.12").await;
    assert_bad_request(status, &body, "parent");
    let (status, body) = app.json("/api/v1/regions?parent=99").await;
    assert_bad_request(status, &body, "parent");
    let (status, body) = app.json("/api/v1/regions?level=province&parent=32").await;
    assert_bad_request(status, &body, "parent");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sessions_list_public_ones_with_zone_offsets_and_no_passcode() {
    let app = spawn_app().await;
    let (status, sessions) = app.json("/api/v1/sessions").await;
    assert_eq!(status, StatusCode::OK);
    let sessions = sessions.as_array().expect("array");
    assert_eq!(sessions.len(), 8, "9 demo sessions, one of them a draft");
    assert!(sessions.iter().all(|s| s["status"] != "draft"));
    let text = serde_json::to_string(&sessions).expect("serialize");
    for secret in ["polpum\"", "evaluasi\"", "passcode"] {
        assert!(!text.contains(secret), "the list leaks {secret}");
    }
    let netralitas = sessions
        .iter()
        .find(|s| {
            s["title"]
                .as_str()
                .is_some_and(|t| t.starts_with("Menjaga Netralitas"))
        })
        .expect("demo webinar");
    assert_eq!(netralitas["start"], "2023-01-31T09:00:00+07:00");
    assert_eq!(netralitas["end"], "2023-01-31T12:00:00+07:00");
    assert_eq!(netralitas["time_zone"], "Asia/Jakarta");
    assert_eq!(netralitas["time_zone_label"], "WIB");
    assert_eq!(netralitas["mode"], "daring");
    assert!(netralitas["venue"].is_null());
    let makassar = sessions
        .iter()
        .find(|s| s["time_zone"] == "Asia/Makassar")
        .expect("WITA session");
    assert!(
        makassar["start"]
            .as_str()
            .is_some_and(|t| t.ends_with("T09:00:00+08:00")),
        "{makassar}"
    );
    assert_eq!(makassar["venue"]["region"], "73.71");
    assert_eq!(makassar["venue"]["region_name"], "Kota Makassar");
    assert_eq!(makassar["meeting"]["meeting_id"], "812 3456 7890");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sessions_filter_by_time_kind_status_and_region() {
    let app = spawn_app().await;
    let count = |path: &'static str| {
        let app = &app;
        async move { app.json(path).await.1.as_array().map(Vec::len).unwrap_or(0) }
    };
    assert_eq!(
        count("/api/v1/sessions?kind=rakor").await,
        3,
        "two reported, one upcoming (the draft is hidden)"
    );
    assert_eq!(
        count("/api/v1/sessions?kind=webinar&from=2023-01-01&to=2023-02-01").await,
        2
    );
    assert_eq!(
        count("/api/v1/sessions?from=2023-01-31T09:30:00%2B07:00&to=2023-01-31T10:00:00%2B07:00")
            .await,
        1
    );
    assert_eq!(count("/api/v1/sessions?status=completed").await, 5);
    assert_eq!(count("/api/v1/sessions?status=published").await, 3);
    assert_eq!(
        count("/api/v1/sessions?region=73").await,
        7,
        "six national sessions and the Sulawesi rakor"
    );
    assert_eq!(
        count("/api/v1/sessions?region=91.71").await,
        7,
        "national sessions and the Papua briefing"
    );
    assert_eq!(count("/api/v1/sessions?region=17.04").await, 6);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sessions_refuse_bad_input_with_the_parameter_named() {
    let app = spawn_app().await;
    for (path, field) in [
        ("/api/v1/sessions?from=yesterday", "from"),
        ("/api/v1/sessions?to=2023-13-01", "to"),
        ("/api/v1/sessions?from=2023-02-01&to=2023-01-01", "to"),
        ("/api/v1/sessions?kind=party", "kind"),
        ("/api/v1/sessions?status=planned", "status"),
        ("/api/v1/sessions?region=Jawa", "region"),
        ("/api/v1/sessions?region=99.99", "region"),
        ("/api/v1/sessions/abc", "id"),
        ("/api/v1/sessions/-1", "id"),
        ("/api/v1/sessions/99999999999999999999999", "id"),
    ] {
        let (status, body) = app.json(path).await;
        assert_bad_request(status, &body, field);
    }
    let (status, body) = app.json("/api/v1/sessions/999").await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("not_found"))
    );
    // Drafts are for organizers: without a user, 401 (tests/access.rs has every role).
    let (status, body) = app.json("/api/v1/sessions?status=draft").await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("unauthorized"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_session_in_detail_with_invited_regions_and_drafts_hidden() {
    let app = spawn_app().await;
    let id = app.session_id("Rakor Kewaspadaan Dini").await;
    let (status, session) = app.json(&format!("/api/v1/sessions/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    let invited: Vec<_> = session["invited_regions"]
        .as_array()
        .expect("invited regions")
        .iter()
        .filter_map(|r| r["code"].as_str())
        .collect();
    assert_eq!(invited, vec!["71", "72", "73", "74", "75", "76"]);
    let text = session.to_string();
    assert!(
        !text.contains("polpum\"") && !text.contains("passcode"),
        "{text}"
    );
    // The draft exists (ids run 1..=9) but is not public.
    let mut hidden = 0;
    for id in 1..=9 {
        if app.get(&format!("/api/v1/sessions/{id}")).await.status() == StatusCode::NOT_FOUND {
            hidden += 1;
        }
    }
    assert_eq!(hidden, 1, "exactly the draft is hidden");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn pages_render_on_the_server_in_indonesian_by_default() {
    let app = spawn_app().await;
    let (status, html) = app.page("/", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<html lang=\"id\""), "lang attribute");
    assert!(html.contains("Jadwal rakor dan webinar"));
    assert!(html.contains("Menjaga Netralitas Penyelenggara Negara"));
    assert!(html.contains("Selasa, 31 Januari 2023, 09.00-12.00 WIB"));
    assert!(html.contains("/pkg/simpul.js"), "hydration script");
    assert!(
        !html.contains("Rakor Perencanaan Program"),
        "drafts stay off the public schedule"
    );

    let id = app.session_id("Menjaga Netralitas").await;
    let (status, html) = app.page(&format!("/sessions/{id}"), &[]).await;
    assert_eq!(status, StatusCode::OK);
    for expected in [
        "Selasa, 31 Januari 2023, 09.00-12.00 WIB",
        "10.00-13.00 WITA",
        "Divisi Propam Polri",
        "Paparan narasumber",
    ] {
        assert!(html.contains(expected), "session page lacks {expected}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_schedule_lists_sessions_by_pages() {
    let app = spawn_app().await;
    let cards = |html: &str| html.matches("class=\"card__title\"").count();
    let (_, html) = app.page("/", &[]).await;
    assert_eq!(cards(&html), 8, "3 upcoming and 5 past");
    assert!(
        !html.contains("id=\"older\""),
        "everything fits on the first page"
    );
    let (_, html) = app.page("/?past=2&upcoming=1&kind=", &[]).await;
    assert_eq!(cards(&html), 3);
    assert!(
        html.contains("upcoming=25&amp;past=2#upcoming"),
        "a link to later sessions"
    );
    assert!(
        html.contains("upcoming=1&amp;past=26#past"),
        "a link to older sessions"
    );
    let (status, html) = app.page("/?past=lots&upcoming=-4", &[]).await;
    assert_eq!(
        (status, cards(&html)),
        (StatusCode::OK, 8),
        "bad counts fall back to 24"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn pages_switch_to_english_by_cookie_or_header() {
    let app = spawn_app().await;
    let (_, html) = app.page("/", &[("cookie", "simpul_lang=en")]).await;
    assert!(html.contains("<html lang=\"en\""));
    assert!(html.contains("Coordination meetings and webinars"));
    assert!(html.contains("Tuesday, 31 January 2023, 09:00-12:00 WIB"));
    let (_, html) = app
        .page("/", &[("accept-language", "en-GB,en;q=0.9")])
        .await;
    assert!(html.contains("Coordination meetings and webinars"));
    let (_, html) = app
        .page(
            "/",
            &[("accept-language", "en"), ("cookie", "simpul_lang=id")],
        )
        .await;
    assert!(
        html.contains("Jadwal rakor dan webinar"),
        "the cookie wins over the header"
    );

    let response = app.get("/language/en?next=/sessions/4").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()["location"], "/sessions/4");
    let cookie = response.headers()["set-cookie"].to_str().expect("ascii");
    assert!(
        cookie.starts_with("simpul_lang=en;") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let response = app.get("/language/en?next=//evil.example").await;
    assert_eq!(response.headers()["location"], "/");
    assert_eq!(
        app.get("/language/fr").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn unknown_pages_and_drafts_answer_404_and_no_page_shows_a_passcode() {
    let app = spawn_app().await;
    let (status, html) = app.page("/no/such/page", &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("Halaman tidak ditemukan"));
    let (status, _) = app.page("/sessions/999", &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app.page("/sessions/abc", &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let mut draft_pages = 0;
    for id in 1..=9 {
        let (status, html) = app.page(&format!("/sessions/{id}"), &[]).await;
        assert!(
            !html.contains("polpum<") && !html.contains("evaluasi<"),
            "session {id} shows a passcode"
        );
        if status == StatusCode::NOT_FOUND {
            draft_pages += 1;
        }
    }
    assert_eq!(draft_pages, 1, "only the draft's page is missing");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn responses_are_compressed_only_when_asked() {
    let app = spawn_app().await;
    let plain = app
        .client
        .get(format!("{}/api/v1/regions", app.base))
        .send()
        .await
        .expect("request");
    assert!(plain.headers().get("content-encoding").is_none());
    let gzip = app
        .client
        .get(format!("{}/api/v1/regions", app.base))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .expect("request");
    assert_eq!(gzip.headers()["content-encoding"], "gzip");
}

/// The binary explains itself and stops cleanly on SIGTERM.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_binary_has_help_and_stops_on_sigterm() {
    let binary = env!("CARGO_BIN_EXE_simpul");
    let help = std::process::Command::new(binary)
        .arg("--help")
        .output()
        .expect("run --help");
    let help = String::from_utf8_lossy(&help.stdout);
    for option in [
        "--addr",
        "LEPTOS_SITE_ADDR",
        "--database-url",
        "DATABASE_URL",
        "--demo",
        "--site-root",
    ] {
        assert!(help.contains(option), "--help does not mention {option}");
    }

    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("s.db").display());
    let log = dir.path().join("server.log");
    // start_binary waits for the health check; stop_binary sends SIGTERM and checks
    // for a clean exit within 20 s.
    let (child, _) = start_binary(&url, &[], &log).await;
    stop_binary(child, &log).await;
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Runs `simpul user create ...` with the password on standard input.
fn create_user(database_url: &str, args: &[&str], password: &str) -> std::process::Output {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_simpul"))
        .args(["user", "create"])
        .args(args)
        .env("DATABASE_URL", database_url)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run simpul user create");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(format!("{password}\n").as_bytes())
        .expect("write the password");
    child.wait_with_output().expect("finish")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_first_admin_and_operators_are_created_from_the_command_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("users.db").display());
    let password = "kata-sandi-admin-2026";

    let output = create_user(
        &url,
        &["--email", "Admin@Kemendagri.go.id", "--role", "admin"],
        password,
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("created admin admin@kemendagri.go.id"),
        "{stdout}"
    );
    assert!(!stdout.contains(password));

    let output = create_user(
        &url,
        &[
            "--email",
            "op@kesbangpol.jabarprov.go.id",
            "--role",
            "operator",
            "--region",
            "32",
        ],
        password,
    );
    assert!(
        String::from_utf8_lossy(&output.stdout)
            .contains("operator op@kesbangpol.jabarprov.go.id for region 32")
    );

    for (args, message) in [
        (
            vec!["--email", "admin@kemendagri.go.id", "--role", "organizer"],
            "already in use",
        ),
        (
            vec!["--email", "op@x.go.id", "--role", "operator"],
            "an operator needs a region",
        ),
        (
            vec![
                "--email",
                "op@x.go.id",
                "--role",
                "operator",
                "--region",
                "99",
            ],
            "unknown region 99",
        ),
        (
            vec!["--email", "op@x.go.id", "--role", "admin", "--region", "32"],
            "only operators",
        ),
        (
            vec!["--email", "not-an-address", "--role", "admin"],
            "--email",
        ),
    ] {
        let output = create_user(&url, &args, password);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{args:?} should fail");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
        assert!(
            !stderr.contains(password),
            "the password never reaches the output"
        );
    }
    let weak = create_user(
        &url,
        &["--email", "weak@kemendagri.go.id", "--role", "admin"],
        "pendek",
    );
    assert!(String::from_utf8_lossy(&weak.stderr).contains("at least 10 characters"));

    // The stored hash verifies the password that was typed.
    let db = simpul::storage::Database::connect(&url)
        .await
        .expect("open");
    let email = simpul::account::EmailAddress::parse("admin@kemendagri.go.id").expect("valid");
    let admin = db
        .check_password(&email, password)
        .await
        .expect("check")
        .expect("admin exists");
    assert_eq!(admin.role, simpul::account::Role::Admin);
    assert!(
        db.check_password(&email, "kata-sandi-salah")
            .await
            .expect("check")
            .is_none()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn cross_site_posts_are_refused_before_they_reach_a_handler() {
    let app = spawn_app().await;
    let post = |origin: Option<String>, site: Option<&'static str>| {
        let mut request = app
            .client
            .post(format!("{}/api/v1/sessions", app.base))
            .body("x=1");
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        if let Some(site) = site {
            request = request.header("sec-fetch-site", site);
        }
        request.send()
    };
    let evil = post(Some("https://evil.example".into()), None)
        .await
        .expect("request");
    assert_eq!(evil.status(), StatusCode::FORBIDDEN);
    let cross = post(None, Some("cross-site")).await.expect("request");
    assert_eq!(cross.status(), StatusCode::FORBIDDEN);
    // The same site reaches the handler, which wants a user.
    let same = post(Some(app.base.clone()), Some("same-origin"))
        .await
        .expect("request");
    assert_eq!(same.status(), StatusCode::UNAUTHORIZED);
    // A sign-in form posted from another site is refused as well.
    let form = app
        .client
        .post(format!("{}/sign-in", app.base))
        .header("origin", "https://evil.example")
        .form(&[("email", "a@b.go.id"), ("password", "x")])
        .send()
        .await
        .expect("request");
    assert_eq!(form.status(), StatusCode::FORBIDDEN);
    // Reading is never refused.
    let read = app
        .client
        .get(format!("{}/api/v1/regions/32", app.base))
        .header("origin", "https://evil.example")
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .expect("request");
    assert_eq!(read.status(), StatusCode::OK);
}

/// Starts the real binary on a free port with a log level that shows everything,
/// its output going to `log` (a file, so a full pipe never blocks it); returns the
/// child and the base URL once it answers.
async fn start_binary(
    database_url: &str,
    extra: &[&str],
    log: &std::path::Path,
) -> (tokio::process::Child, String) {
    let port = free_port();
    let output = std::fs::File::create(log).expect("log file");
    let child = tokio::process::Command::new(env!("CARGO_BIN_EXE_simpul"))
        .args(extra)
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("DATABASE_URL", database_url)
        .env("RUST_LOG", "debug")
        .stdout(output.try_clone().expect("log file"))
        .stderr(output)
        .kill_on_drop(true)
        .spawn()
        .expect("start the server");
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    for _ in 0..100 {
        if client.get(format!("{base}/healthz")).send().await.is_ok() {
            return (child, base);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the server did not answer its health check");
}

/// Stops the binary with SIGTERM, checks that it exits cleanly within 20 s, and
/// returns everything it logged.
async fn stop_binary(mut child: tokio::process::Child, log: &std::path::Path) -> String {
    let pid = child.id().expect("running").to_string();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill");
    assert!(killed.success());
    let status = tokio::time::timeout(Duration::from_secs(20), child.wait())
        .await
        .expect("stopped within 20 s")
        .expect("exit status");
    assert!(status.success(), "clean exit on SIGTERM: {status:?}");
    std::fs::read_to_string(log).expect("read the log")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sign_ins_survive_a_restart_and_no_secret_reaches_the_log() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("restart.db").display());
    let password = "sandi-rahasia-sekali-77";
    let created = create_user(
        &url,
        &["--email", "panitia@kemendagri.go.id", "--role", "organizer"],
        password,
    );
    assert!(created.status.success());
    let token = std::process::Command::new(env!("CARGO_BIN_EXE_simpul"))
        .args([
            "token",
            "create",
            "--email",
            "panitia@kemendagri.go.id",
            "--name",
            "rekap",
        ])
        .env("DATABASE_URL", &url)
        .env("RUST_LOG", "warn")
        .output()
        .expect("token create");
    assert!(
        token.status.success(),
        "{}",
        String::from_utf8_lossy(&token.stderr)
    );
    let token = String::from_utf8_lossy(&token.stdout).trim().to_owned();
    assert!(
        token.starts_with("simpul_") && token.len() == 50,
        "printed alone: {token}"
    );
    let unknown = std::process::Command::new(env!("CARGO_BIN_EXE_simpul"))
        .args([
            "token",
            "create",
            "--email",
            "siapa@kemendagri.go.id",
            "--name",
            "x",
        ])
        .env("DATABASE_URL", &url)
        .output()
        .expect("token create");
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no user has this address"));

    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        // A response that never comes fails the test instead of stalling the run.
        .timeout(Duration::from_secs(60))
        .build()
        .expect("client");
    let first_log = dir.path().join("first.log");
    let second_log = dir.path().join("second.log");
    let (first, base) = start_binary(&url, &["--secure-cookies"], &first_log).await;
    let wrong = client
        .post(format!("{base}/sign-in"))
        .form(&[
            ("email", "panitia@kemendagri.go.id"),
            ("password", "tebakan-yang-salah-1"),
        ])
        .send()
        .await
        .expect("request");
    assert!(wrong.headers().get("set-cookie").is_none());
    let signed_in = client
        .post(format!("{base}/sign-in"))
        .form(&[
            ("email", "panitia@kemendagri.go.id"),
            ("password", password),
        ])
        .send()
        .await
        .expect("request");
    let set_cookie = signed_in.headers()["set-cookie"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(
        set_cookie.contains("; Secure"),
        "--secure-cookies: {set_cookie}"
    );
    let cookie = set_cookie.split(';').next().unwrap_or_default().to_owned();
    let cookie_value = cookie.split('=').nth(1).unwrap_or_default().to_owned();
    let by_token = client
        .get(format!("{base}/api/v1/sessions?status=draft"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("request");
    assert_eq!(by_token.status(), StatusCode::OK);
    let log = stop_binary(first, &first_log).await;

    // The same cookie works after a restart: sign-ins live in the database.
    let (second, base) = start_binary(&url, &[], &second_log).await;
    let drafts = client
        .get(format!("{base}/api/v1/sessions?status=draft"))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("request");
    assert_eq!(
        drafts.status(),
        StatusCode::OK,
        "still signed in after the restart"
    );
    let log = log + &stop_binary(second, &second_log).await;

    assert!(log.contains("sign-in failed"), "failures are logged");
    for secret in [password, "tebakan-yang-salah-1", &token, &cookie_value] {
        assert!(!log.contains(secret), "a secret reached the log");
    }
    assert!(
        !log.contains("panitia@"),
        "addresses are logged by domain only"
    );
}
