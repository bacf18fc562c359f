//! Who may do what, over HTTP, on SQLite and on PostgreSQL: the real server on a free
//! port, real sign-ins (cookies) and API tokens, every protected route tried by every
//! role, an operator of Jawa Barat trying Bengkulu's data and guessing ids.

mod support;

use std::collections::HashMap;

use chrono::Utc;
use reqwest::StatusCode;
use serde_json::{Value, json};
use simpul::account::{Actor, EmailAddress, Password, Role, UserId};
use simpul::region::RegionCode;
use simpul::session::{SessionForm, SessionId, SessionStatus};
use simpul::storage::{Database, NewUser};

const PASSWORD: &str = "kata-sandi-uji-2026";

/// The people of the tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Who {
    Anonymous,
    /// An operator of Jawa Barat (32).
    OperatorJabar,
    Organizer,
    Admin,
}

const EVERYONE: [Who; 4] = [
    Who::Anonymous,
    Who::OperatorJabar,
    Who::Organizer,
    Who::Admin,
];

struct TestApp {
    base: String,
    client: reqwest::Client,
    db: Database,
    users: HashMap<Who, UserId>,
    cookies: HashMap<Who, String>,
    tokens: HashMap<Who, String>,
    _server: support::Server,
    _dir: tempfile::TempDir,
}

/// A database URL of the backend: a SQLite file, or a fresh PostgreSQL database on the
/// test server (`None` when none is configured outside CI).
async fn database_url(postgres: bool, dir: &std::path::Path) -> Option<String> {
    if !postgres {
        return Some(format!("sqlite://{}", dir.join("simpul.db").display()));
    }
    let Ok(base) = std::env::var("SIMPUL_TEST_POSTGRES_URL") else {
        assert!(
            std::env::var("CI").is_err(),
            "SIMPUL_TEST_POSTGRES_URL must be set under CI (make test sets it)"
        );
        eprintln!("skipping the PostgreSQL half: SIMPUL_TEST_POSTGRES_URL is not set");
        return None;
    };
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let name = format!(
        "simpul_http_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
    );
    let Database::Postgres(admin) = Database::connect(&base).await.expect("reach PostgreSQL")
    else {
        panic!("not a PostgreSQL URL");
    };
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&admin)
        .await
        .expect("create database");
    admin.close().await;
    let (server, _) = base.rsplit_once('/').expect("a database part");
    Some(format!("{server}/{name}"))
}

async fn spawn(postgres: bool) -> Option<TestApp> {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = database_url(postgres, dir.path()).await?;
    let server = support::start_server(&url, dir.path()).await;
    let mut test = TestApp {
        base: server.base.clone(),
        _server: server,
        client: support::client(),
        db: Database::connect(&url).await.expect("open"),
        users: HashMap::new(),
        cookies: HashMap::new(),
        tokens: HashMap::new(),
        _dir: dir,
    };
    for (who, email, role) in [
        (
            Who::OperatorJabar,
            "operator@kesbangpol.jabarprov.go.id",
            Role::Operator(code("32")),
        ),
        (Who::Organizer, "panitia@kemendagri.go.id", Role::Organizer),
        (Who::Admin, "admin@kemendagri.go.id", Role::Admin),
    ] {
        let id = test.add_user(email, role).await;
        test.users.insert(who, id);
        let cookie = test.sign_in(email, PASSWORD).await.expect("signed in");
        test.cookies.insert(who, cookie);
        let (_, secret) = test
            .db
            .create_api_token(id, "uji", Actor::User(id), Utc::now())
            .await
            .expect("token");
        test.tokens.insert(who, secret.expose().to_owned());
    }
    Some(test)
}

/// An invitation of a region without quotas.
fn invite(region: &str, with_regencies: bool) -> simpul::registration::Invitation {
    simpul::registration::Invitation::without_quota(code(region), with_regencies)
}

fn code(raw: &str) -> RegionCode {
    RegionCode::parse(raw).expect("valid code")
}

fn bengkulu_form(title: &str) -> SessionForm {
    SessionForm {
        kind: "rakor".into(),
        title: title.into(),
        organizer_unit: "Ditjen Polpum".into(),
        start_date: "2027-03-02".into(),
        start_time: "09:00".into(),
        end_time: "12:00".into(),
        zone: "Asia/Jakarta".into(),
        mode: "luring".into(),
        venue: "Aula Kantor Gubernur Bengkulu".into(),
        venue_region: "17".into(),
        ..SessionForm::default()
    }
}

impl TestApp {
    async fn add_user(&self, email: &str, role: Role) -> UserId {
        let new = NewUser {
            email: EmailAddress::parse(email).expect("valid"),
            name: email.split('@').next().unwrap_or_default().to_owned(),
            role,
            password: Password::new(PASSWORD).expect("valid"),
        };
        self.db
            .create_user(&new, Actor::System, Utc::now())
            .await
            .expect("create user")
    }

    /// Signs in through the form; the cookie's `name=value`, or the redirect's
    /// location when refused.
    async fn sign_in(&self, email: &str, password: &str) -> Result<String, String> {
        let response = self
            .client
            .post(format!("{}/sign-in", self.base))
            .form(&[
                ("email", email),
                ("password", password),
                ("next", "/organizer"),
            ])
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let location = response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        match response.headers().get("set-cookie") {
            Some(cookie) => {
                let cookie = cookie.to_str().expect("ascii");
                assert!(cookie.contains("HttpOnly"), "{cookie}");
                assert!(cookie.contains("SameSite=Lax"), "{cookie}");
                assert_eq!(location, "/organizer");
                Ok(cookie.split(';').next().unwrap_or_default().to_owned())
            }
            None => Err(location),
        }
    }

    /// A session of Bengkulu (venue and invitation), in the given status.
    async fn bengkulu_session(&self, title: &str, status: SessionStatus) -> SessionId {
        let details = bengkulu_form(title).validate().expect("valid");
        let id = self
            .db
            .create_session(&details, status, Actor::System, Utc::now())
            .await
            .expect("create");
        self.db
            .set_invitations(id, &[invite("17", true)], Actor::System, Utc::now())
            .await
            .expect("invite Bengkulu");
        id
    }

    fn request(
        &self,
        who: Who,
        method: &str,
        path: &str,
        by_token: bool,
    ) -> reqwest::RequestBuilder {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut request = self.client.request(method, format!("{}{path}", self.base));
        if !path.starts_with("/api/") {
            // What a browser sends for a page: it is redirected to sign in (302).
            request = request.header("accept", "text/html");
        }
        if by_token {
            if let Some(token) = self.tokens.get(&who) {
                request = request.bearer_auth(token);
            }
        } else if let Some(cookie) = self.cookies.get(&who) {
            request = request.header("cookie", cookie.clone());
        }
        request
    }
}

/// Runs a scenario on SQLite and, when configured, PostgreSQL.
macro_rules! on_both {
    ($name:ident, |$app:ident| $body:block) => {
        mod $name {
            use super::*;

            async fn run($app: TestApp) $body

            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn sqlite() {
                run(spawn(false).await.expect("SQLite")).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn postgres() {
                if let Some(app) = spawn(true).await {
                    run(app).await;
                }
            }
        }
    };
}

on_both!(each_role_reaches_exactly_its_routes, |app| {
    use Who::*;
    let draft = app
        .bengkulu_session("Rakor Bengkulu (draf)", SessionStatus::Draft)
        .await;
    let published = app
        .bengkulu_session("Rakor Bengkulu", SessionStatus::Published)
        .await;
    // (method, path, JSON body, expected status for Anonymous, OperatorJabar,
    // Organizer, Admin). Pages that need a sign-in send the anonymous to it (302).
    let table: Vec<(&str, String, Option<Value>, [u16; 4])> = vec![
        (
            "GET",
            format!("/api/v1/sessions/{published}"),
            None,
            [200, 200, 200, 200],
        ),
        (
            "GET",
            format!("/api/v1/sessions/{draft}"),
            None,
            [404, 404, 200, 200],
        ),
        (
            "GET",
            "/api/v1/sessions/999999".into(),
            None,
            [404, 404, 404, 404],
        ),
        (
            "GET",
            "/api/v1/sessions?status=draft".into(),
            None,
            [401, 403, 200, 200],
        ),
        (
            "PATCH",
            format!("/api/v1/sessions/{published}"),
            Some(json!({ "theme": "Sinergi" })),
            [401, 403, 200, 200],
        ),
        (
            "PATCH",
            "/api/v1/sessions/999999".into(),
            Some(json!({ "theme": "Sinergi" })),
            [401, 403, 404, 404],
        ),
        (
            "POST",
            "/api/v1/sessions".into(),
            Some(serde_json::to_value(bengkulu_form("Rakor baru")).expect("json")),
            [401, 403, 201, 201],
        ),
        ("GET", "/organizer".into(), None, [302, 403, 200, 200]),
        // Calendar feeds are public and the same for everyone; a draft has no file.
        ("GET", "/calendar.ics".into(), None, [200, 200, 200, 200]),
        (
            "GET",
            "/calendar/region/17.ics".into(),
            None,
            [200, 200, 200, 200],
        ),
        (
            "GET",
            format!("/sessions/{published}.ics"),
            None,
            [200, 200, 200, 200],
        ),
        (
            "GET",
            format!("/sessions/{draft}.ics"),
            None,
            [404, 404, 404, 404],
        ),
        (
            "GET",
            format!("/organizer/sessions/{draft}"),
            None,
            [302, 403, 200, 200],
        ),
        ("GET", "/admin/users".into(), None, [302, 403, 403, 200]),
        ("GET", "/admin/users/1".into(), None, [302, 403, 403, 200]),
        ("GET", "/admin/audit".into(), None, [302, 403, 403, 200]),
        ("GET", "/admin/audit.csv".into(), None, [401, 403, 403, 200]),
        ("GET", "/my-region".into(), None, [302, 200, 403, 403]),
        (
            "GET",
            format!("/organizer/sessions/{draft}/program"),
            None,
            [302, 403, 200, 200],
        ),
        (
            "GET",
            "/organizer/speakers".into(),
            None,
            [302, 403, 200, 200],
        ),
        (
            "GET",
            "/organizer/speakers/1".into(),
            None,
            [302, 403, 200, 200],
        ),
        (
            "GET",
            "/organizer/institutions".into(),
            None,
            [302, 403, 200, 200],
        ),
        ("GET", "/speakers/1".into(), None, [200, 200, 200, 200]),
        ("GET", "/institutions".into(), None, [200, 200, 200, 200]),
        ("GET", "/institutions/1".into(), None, [200, 200, 200, 200]),
        (
            "GET",
            "/api/v1/speakers?q=kpu".into(),
            None,
            [200, 200, 200, 200],
        ),
        (
            "GET",
            "/api/v1/speakers/1".into(),
            None,
            [200, 200, 200, 200],
        ),
        (
            "GET",
            "/api/v1/institutions".into(),
            None,
            [200, 200, 200, 200],
        ),
        ("GET", "/account".into(), None, [302, 200, 200, 200]),
        ("GET", "/".into(), None, [200, 200, 200, 200]),
        // Registrations: Bengkulu's session does not invite Jawa Barat's operator.
        (
            "GET",
            format!("/organizer/sessions/{published}/registrations"),
            None,
            [302, 403, 200, 200],
        ),
        (
            "GET",
            format!("/organizer/sessions/{published}/registrations.csv"),
            None,
            [401, 403, 200, 200],
        ),
        (
            "GET",
            format!("/organizer/sessions/{published}/registrations.xlsx"),
            None,
            [401, 403, 200, 200],
        ),
        (
            "GET",
            format!("/api/v1/sessions/{published}/registrations"),
            None,
            [401, 404, 200, 200],
        ),
        (
            "DELETE",
            "/api/v1/registrations/999999".into(),
            None,
            [401, 404, 404, 404],
        ),
        (
            "GET",
            format!("/my-region/sessions/{published}"),
            None,
            [302, 404, 200, 200],
        ),
        (
            "GET",
            "/registrations/template.xlsx".into(),
            None,
            [200, 200, 200, 200],
        ),
        (
            "GET",
            format!("/organizer/sessions/{published}/check-in"),
            None,
            [302, 403, 200, 200],
        ),
        (
            "GET",
            format!("/organizer/sessions/{published}/attendance"),
            None,
            [302, 403, 200, 200],
        ),
        (
            "GET",
            format!("/sessions/{published}/attendance.csv"),
            None,
            [401, 403, 200, 200],
        ),
        (
            "GET",
            format!("/sessions/{published}/attendance.xlsx"),
            None,
            [401, 403, 200, 200],
        ),
        (
            "GET",
            "/sessions/999999/attendance.csv".into(),
            None,
            [401, 403, 404, 404],
        ),
        (
            "GET",
            format!("/sessions/{published}/certificates.zip"),
            None,
            [401, 403, 404, 404],
        ),
        (
            "GET",
            "/certificates/ABCD-EFGH-JKMN".into(),
            None,
            [200, 200, 200, 200],
        ),
        (
            "POST",
            format!("/api/v1/sessions/{published}/check-ins"),
            Some(json!({ "code": "ABCDE-FGHJK" })),
            [401, 403, 422, 422],
        ),
        (
            "GET",
            "/api/v1/reports/participation".into(),
            None,
            [401, 403, 200, 200],
        ),
        (
            "GET",
            "/reports/participation.xlsx".into(),
            None,
            [401, 403, 200, 200],
        ),
        (
            "GET",
            "/reports/participation.pdf".into(),
            None,
            [401, 403, 200, 200],
        ),
        (
            "GET",
            "/organizer/reports".into(),
            None,
            [302, 403, 200, 200],
        ),
        // A region's page: its own operator (a province's, its regencies too).
        ("GET", "/regions/32.01".into(), None, [302, 200, 200, 200]),
        ("GET", "/regions/17".into(), None, [302, 403, 200, 200]),
    ];
    for (method, path, body, expected) in &table {
        for (who, want) in EVERYONE.iter().zip(expected) {
            // The API by token and by cookie alike; pages by cookie.
            let ways: &[bool] = if path.starts_with("/api/") {
                &[false, true]
            } else {
                &[false]
            };
            for by_token in ways {
                let mut request = app.request(*who, method, path, *by_token);
                if let Some(body) = body {
                    request = request.json(body);
                }
                let response = request.send().await.expect("request");
                let status = response.status().as_u16();
                let text = response.text().await.unwrap_or_default();
                assert_eq!(
                    status,
                    *want,
                    "{who:?} {method} {path} (token: {by_token}): {}",
                    text.chars().take(300).collect::<String>()
                );
                if *want == 403 || *want == 401 {
                    assert!(
                        !text.contains("Rakor Bengkulu"),
                        "{who:?} {path}: no data on refusal"
                    );
                }
            }
        }
    }

    // Publishing and cancelling: refused for the operator, done for an organizer.
    for action in ["publish", "cancel"] {
        let id = app
            .bengkulu_session(
                &format!("Rakor {action}"),
                if action == "publish" {
                    SessionStatus::Draft
                } else {
                    SessionStatus::Published
                },
            )
            .await;
        let path = format!("/api/v1/sessions/{id}/{action}");
        for (who, want) in [
            (Anonymous, 401),
            (OperatorJabar, 403),
            (Organizer, 200),
            (Admin, 409),
        ] {
            let response = app
                .request(who, "POST", &path, true)
                .send()
                .await
                .expect("request");
            assert_eq!(response.status().as_u16(), want, "{who:?} {path}");
        }
    }

    // The operator's region page lists Jawa Barat's invitations, not Bengkulu's.
    let page = app
        .request(OperatorJabar, "GET", "/my-region", false)
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("body");
    assert!(page.contains("Jawa Barat"), "the operator's own region");
    assert!(
        !page.contains("Rakor Bengkulu"),
        "not another province's sessions"
    );
});

on_both!(server_functions_check_the_role_too, |app| {
    let draft = app
        .bengkulu_session("Rakor Bengkulu (draf)", SessionStatus::Draft)
        .await;
    let form = [
        ("id", draft.0.to_string()),
        ("form[title]", "Diubah operator".to_owned()),
    ];
    let status_form = [
        ("id", draft.0.to_string()),
        ("status", "published".to_owned()),
    ];
    let user_form = [
        ("form[email]", "x@y.go.id".to_owned()),
        ("form[role]", "admin".to_owned()),
    ];
    let speaker_form = [("form[name]", "Penyusup".to_owned())];
    let institution_form = [
        ("name", "Instansi Penyusup".to_owned()),
        ("region", String::new()),
    ];
    let merge_form = [("from", "1".to_owned()), ("into", "2".to_owned())];
    let part_form = [
        ("session", draft.0.to_string()),
        ("speaker", "1".to_owned()),
        ("role", "speaker".to_owned()),
        ("topic", String::new()),
        ("status", "confirmed".to_owned()),
    ];
    let slot_form = [
        ("session", draft.0.to_string()),
        ("form[start_time]", "09:00".to_owned()),
        ("form[end_time]", "10:00".to_owned()),
        ("form[title]", "Disusupkan".to_owned()),
        ("form[kind]", "talk".to_owned()),
    ];
    let remove_form = [("part", "1".to_owned())];
    let remove_slot_form = [("slot", "1".to_owned())];
    let change_form = [
        ("part", "1".to_owned()),
        ("role", "speaker".to_owned()),
        ("topic", String::new()),
        ("status", "declined".to_owned()),
    ];
    let invitation_form = [
        ("session", draft.0.to_string()),
        ("form[scope]", "all".to_owned()),
    ];
    let settings_form = [
        ("session", draft.0.to_string()),
        ("deadline_date", String::new()),
        ("deadline_time", String::new()),
        ("public_link", "open".to_owned()),
    ];
    let search_form = [("query", "bahtiar".to_owned())];
    let code_form = [
        ("session", draft.0.to_string()),
        ("code", "ABCDE-FGHJK".to_owned()),
    ];
    let person_form = [
        ("session", draft.0.to_string()),
        ("registration", "1".to_owned()),
    ];
    let find_form = [
        ("session", draft.0.to_string()),
        ("query", "peserta".to_owned()),
    ];
    let walk_in_form = [
        ("session", draft.0.to_string()),
        ("form[name]", "Penyusup".to_owned()),
    ];
    let mark_form = [
        ("session", draft.0.to_string()),
        ("registration", "1".to_owned()),
        ("form[status]", "present".to_owned()),
        ("form[reason]", String::new()),
    ];
    let window_form = [
        ("session", draft.0.to_string()),
        ("window", "open".to_owned()),
    ];
    let load_form = [("id", "1".to_owned())];
    for who in [Who::Anonymous, Who::OperatorJabar] {
        for (path, fields) in [
            ("/api/sessions/save", &form[..]),
            ("/api/sessions/status", &status_form[..]),
            ("/api/users/save", &user_form[..]),
            ("/api/speakers/save", &speaker_form[..]),
            ("/api/institutions/save", &institution_form[..]),
            ("/api/institutions/merge", &merge_form[..]),
            ("/api/program/add_speaker", &part_form[..]),
            ("/api/program/change_speaker", &change_form[..]),
            ("/api/program/remove_speaker", &remove_form[..]),
            ("/api/program/save_slot", &slot_form[..]),
            ("/api/program/remove_slot", &remove_slot_form[..]),
            ("/api/speakers/search", &search_form[..]),
            ("/api/speakers/form", &load_form[..]),
            ("/api/program/load", &load_form[..]),
            ("/api/registrations/invitations", &invitation_form[..]),
            ("/api/registrations/settings", &settings_form[..]),
            ("/api/attendance/code", &code_form[..]),
            ("/api/attendance/person", &person_form[..]),
            ("/api/attendance/find", &find_form[..]),
            ("/api/attendance/walk-in", &walk_in_form[..]),
            ("/api/attendance/mark", &mark_form[..]),
            ("/api/attendance/online", &window_form[..]),
        ] {
            let response = app
                .request(who, "POST", path, false)
                .form(fields)
                .send()
                .await
                .expect("request");
            // A refusal is not a server fault: 401 or 403, not server_fn's 500.
            let status = response.status();
            let text = response.text().await.unwrap_or_default();
            let want = if text.contains("error-sign-in-required") {
                StatusCode::UNAUTHORIZED
            } else {
                assert!(text.contains("error-forbidden"), "{who:?} {path}: {text}");
                StatusCode::FORBIDDEN
            };
            assert_eq!(status, want, "{who:?} {path}: {text}");
            if who == Who::Anonymous {
                assert_eq!(status, StatusCode::UNAUTHORIZED, "{path}");
            }
        }
    }
    // A plain form post (a browser without script) is still sent back to its page.
    let response = app
        .request(Who::OperatorJabar, "POST", "/api/sessions/save", false)
        .header("accept", "text/html")
        .header("referer", format!("{}/organizer/sessions/new", app.base))
        .form(&form)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::FOUND);
    // Registering into a session that does not invite the operator's region: not found.
    let published = app
        .bengkulu_session("Rakor Bengkulu", SessionStatus::Published)
        .await;
    let one = [
        ("session", published.0.to_string()),
        ("form[name]", "Penyusup".to_owned()),
        ("form[email]", "penyusup@example.id".to_owned()),
        ("form[region]", "17".to_owned()),
    ];
    let response = app
        .request(Who::OperatorJabar, "POST", "/api/registrations/one", false)
        .form(&one)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let text = response.text().await.unwrap_or_default();
    assert!(text.contains("error-not-found"), "{text}");
    assert!(
        app.db
            .registrations(published, None)
            .await
            .expect("list")
            .is_empty()
    );
    assert!(
        app.db.invitations(draft).await.expect("read").len() == 1,
        "invitations unchanged"
    );
    let record = app.db.session(draft).await.expect("read").expect("exists");
    assert_eq!(
        (record.details.title.as_str(), record.status),
        ("Rakor Bengkulu (draf)", SessionStatus::Draft),
        "nothing changed"
    );
    assert!(
        app.db
            .user_by_email(&EmailAddress::parse("x@y.go.id").expect("valid"))
            .await
            .expect("read")
            .is_none()
    );
    assert!(
        app.db
            .session_speakers(draft)
            .await
            .expect("read")
            .is_empty()
    );
    assert!(app.db.rundown(draft).await.expect("read").is_empty());
    assert!(
        app.db
            .search_speakers("penyusup", 5)
            .await
            .expect("read")
            .is_empty()
    );
    assert_eq!(
        app.db
            .institution_named("Instansi Penyusup")
            .await
            .expect("read"),
        None
    );
});

on_both!(writes_through_the_api_validate_and_are_audited, |app| {
    let organizer = app.users[&Who::Organizer];
    let response = app
        .request(Who::Organizer, "POST", "/api/v1/sessions", true)
        .json(&json!({ "kind": "webinar", "title": "", "mode": "daring" }))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["error"]["code"], "invalid");
    let fields: Vec<&str> = body["error"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|f| f["field"].as_str())
        .collect();
    assert!(
        fields.contains(&"title") && fields.contains(&"meeting_link"),
        "{body}"
    );

    let created: Value = app
        .request(Who::Organizer, "POST", "/api/v1/sessions", true)
        .json(&serde_json::to_value(bengkulu_form("Rakor lewat API")).expect("json"))
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    assert_eq!(created["status"], "draft");
    let id = created["id"].as_i64().expect("id");
    let patched = app
        .request(
            Who::Organizer,
            "PATCH",
            &format!("/api/v1/sessions/{id}"),
            true,
        )
        .json(&json!({ "start_time": "13:00", "end_time": "15:00", "capacity_onsite": 80 }))
        .send()
        .await
        .expect("request");
    assert_eq!(patched.status(), StatusCode::OK);
    let patched: Value = patched.json().await.expect("json");
    assert_eq!(patched["start"], "2027-03-02T13:00:00+07:00");
    assert_eq!(patched["capacity_onsite"], 80);
    assert_eq!(patched["title"], "Rakor lewat API", "other fields kept");
    for (body, field) in [
        (json!({ "no_such_field": "x" }), "no_such_field"),
        (json!({ "title": ["a", "b"] }), "title"),
    ] {
        let bad = app
            .request(
                Who::Organizer,
                "PATCH",
                &format!("/api/v1/sessions/{id}"),
                true,
            )
            .json(&body)
            .send()
            .await
            .expect("request");
        assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
        let bad: Value = bad.json().await.expect("json");
        assert_eq!(bad["error"]["field"], field, "{bad}");
    }

    let trail = app
        .db
        .audit_events(&simpul::audit::AuditFilter {
            session: Some(SessionId(id)),
            ..Default::default()
        })
        .await
        .expect("trail");
    assert_eq!(trail.len(), 2);
    assert!(trail.iter().all(|e| e.actor == Some(organizer)));

    // The creator reads that session's history (CSV too); another organizer does not.
    let csv = app
        .request(
            Who::Organizer,
            "GET",
            &format!("/admin/audit.csv?session={id}"),
            false,
        )
        .send()
        .await
        .expect("request");
    assert_eq!(csv.status(), StatusCode::OK);
    let csv = csv.text().await.expect("body");
    assert!(
        csv.contains("session_created") && csv.contains("session_updated"),
        "{csv}"
    );
    let other = app.add_user("lain@kemendagri.go.id", Role::Organizer).await;
    let cookie = app
        .sign_in("lain@kemendagri.go.id", PASSWORD)
        .await
        .expect("signed in");
    let refused = app
        .client
        .get(format!("{}/admin/audit.csv?session={id}", app.base))
        .header("cookie", cookie)
        .send()
        .await
        .expect("request");
    assert_eq!(refused.status(), StatusCode::FORBIDDEN, "user {other:?}");

    let published = app
        .request(
            Who::Organizer,
            "POST",
            &format!("/api/v1/sessions/{id}/publish"),
            true,
        )
        .send()
        .await
        .expect("request");
    assert_eq!(published.status(), StatusCode::OK);

    // The document describes every operation, and each is served.
    let document: Value = app
        .client
        .get(format!("{}/api/openapi.json", app.base))
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    assert_eq!(document["openapi"], "3.1.0");
    for (method, path) in simpul_server::openapi::OPERATIONS {
        let concrete = path
            .replace("{code}", "32")
            .replace("{id}", &id.to_string());
        let response = app
            .request(Who::Anonymous, &method.to_uppercase(), &concrete, false)
            .send()
            .await
            .expect("request");
        let status = response.status();
        // A handler's own 404 (no such speaker) answers JSON; a missing route does not.
        let handled = response
            .json::<Value>()
            .await
            .is_ok_and(|body| body["error"]["code"] == "not_found");
        assert!(
            status != StatusCode::METHOD_NOT_ALLOWED
                && (status != StatusCode::NOT_FOUND || handled),
            "{method} {path}: {status}"
        );
    }
});

on_both!(
    disabled_users_stop_at_once_and_sign_in_is_rate_limited,
    |app| {
        let email = "berhenti@kemendagri.go.id";
        let id = app.add_user(email, Role::Organizer).await;
        let cookie = app.sign_in(email, PASSWORD).await.expect("signed in");
        let (_, token) = app
            .db
            .create_api_token(id, "skrip", Actor::User(id), Utc::now())
            .await
            .expect("token");
        let drafts = |auth: (&'static str, String)| {
            app.client
                .get(format!("{}/api/v1/sessions?status=draft", app.base))
                .header(auth.0, auth.1)
                .send()
        };
        assert_eq!(
            drafts(("cookie", cookie.clone()))
                .await
                .expect("r")
                .status(),
            StatusCode::OK
        );
        let bearer = format!("Bearer {}", token.expose());
        assert_eq!(
            drafts(("authorization", bearer.clone()))
                .await
                .expect("r")
                .status(),
            StatusCode::OK
        );

        // The admin disables them through the server function, as the page does.
        let admin_cookie = app.cookies[&Who::Admin].clone();
        let disabled = app
            .client
            .post(format!("{}/api/users/save", app.base))
            .header("cookie", admin_cookie)
            .form(&[
                ("id", id.0.to_string()),
                ("form[name]", "Berhenti".into()),
                ("form[role]", "organizer".into()),
                ("form[disabled]", "true".into()),
            ])
            .send()
            .await
            .expect("request");
        assert!(
            disabled.status().is_success(),
            "{:?}",
            disabled.text().await
        );
        assert_eq!(
            drafts(("cookie", cookie)).await.expect("r").status(),
            StatusCode::UNAUTHORIZED,
            "the cookie no longer signs in"
        );
        assert_eq!(
            drafts(("authorization", bearer)).await.expect("r").status(),
            StatusCode::UNAUTHORIZED,
            "the token no longer works"
        );
        assert_eq!(
            app.sign_in(email, PASSWORD).await,
            Err("/sign-in?error=invalid&next=/organizer".to_owned())
        );

        // Five wrong passwords, then even the right one waits.
        let target = "sasaran@kemendagri.go.id";
        app.add_user(target, Role::Organizer).await;
        for _ in 0..5 {
            assert!(app.sign_in(target, "salah-salah-salah").await.is_err());
        }
        assert_eq!(
            app.sign_in(target, PASSWORD).await,
            Err("/sign-in?error=limited&next=/organizer".to_owned())
        );
        // Another account from the same address is not held up.
        assert!(
            app.sign_in("admin@kemendagri.go.id", PASSWORD)
                .await
                .is_ok()
        );

        // Signing out ends the sign-in on the server, not only in the browser.
        let cookie = app
            .sign_in("admin@kemendagri.go.id", PASSWORD)
            .await
            .expect("signed in");
        let out = app
            .client
            .post(format!("{}/sign-out", app.base))
            .header("cookie", cookie.clone())
            .send()
            .await
            .expect("request");
        assert_eq!(out.status(), StatusCode::SEE_OTHER);
        assert!(
            out.headers()["set-cookie"]
                .to_str()
                .unwrap_or_default()
                .contains("Max-Age=0"),
            "the cookie is removed"
        );
        let page = app
            .client
            .get(format!("{}/admin/users", app.base))
            .header("accept", "text/html")
            .header("cookie", cookie)
            .send()
            .await
            .expect("request");
        assert_eq!(page.status(), StatusCode::FOUND, "back to the sign-in page");
    }
);

/// A minimal Office Open XML file whose main part is `main_part`.
fn office_file(main_part: &str) -> Vec<u8> {
    use std::io::Write;
    let mut buffer = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buffer);
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for part in ["[Content_Types].xml", main_part] {
        zip.start_file(part, options).expect("start");
        zip.write_all(b"<xml/>").expect("write");
    }
    zip.finish().expect("finish");
    buffer.into_inner()
}

impl TestApp {
    /// Uploads a file through the API as `who`; the status and the JSON body.
    async fn upload(
        &self,
        who: Who,
        session: SessionId,
        name: &str,
        content: Vec<u8>,
        visibility: &str,
    ) -> (StatusCode, Value) {
        let form = reqwest::multipart::Form::new()
            .text("title", format!("Materi {name}"))
            .text("visibility", visibility.to_owned())
            .part(
                "file",
                reqwest::multipart::Part::bytes(content).file_name(name.to_owned()),
            );
        let response = self
            .request(
                who,
                "POST",
                &format!("/api/v1/sessions/{session}/materials"),
                true,
            )
            .multipart(form)
            .send()
            .await
            .expect("request");
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// Calls a server function with form fields as `who`; its JSON answer.
    async fn call(&self, who: Who, path: &str, fields: &[(&str, String)]) -> Value {
        self.request(who, "POST", path, false)
            .form(fields)
            .send()
            .await
            .expect("request")
            .json()
            .await
            .expect("json answer")
    }
}

on_both!(speakers_rundown_and_materials_over_http, |app| {
    use Who::*;
    let published = app
        .bengkulu_session("Rakor Bengkulu", SessionStatus::Published)
        .await;
    let overlapping = app
        .bengkulu_session("Rakor lain di jam yang sama", SessionStatus::Draft)
        .await;
    let speaker = |name: &str, institution: &str, contact: &str| simpul::speaker::SpeakerForm {
        name: name.into(),
        institution: institution.into(),
        contact: contact.into(),
        ..Default::default()
    };
    let zuhro = app
        .db
        .create_speaker(
            &speaker("Prof. Dr. R. Siti Zuhro, M.A.", "BRIN", "0812-1111-2222")
                .validate()
                .expect("valid"),
            Actor::System,
            Utc::now(),
        )
        .await
        .expect("create");
    let invited_only = app
        .db
        .create_speaker(
            &speaker("Dr. Rahmat Bagja", "Bawaslu RI", "rahasia@example.id")
                .validate()
                .expect("valid"),
            Actor::System,
            Utc::now(),
        )
        .await
        .expect("create");
    let organizer_fields = |speaker: simpul::speaker::SpeakerId, status: &str| {
        vec![
            ("session", published.0.to_string()),
            ("speaker", speaker.0.to_string()),
            ("role", "keynote".to_owned()),
            ("topic", "Demokrasi lokal".to_owned()),
            ("status", status.to_owned()),
        ]
    };

    // Adding Zuhro: fine. She is then busy in the overlapping session: a warning, then
    // saved when the organizer accepts it.
    let added = app
        .call(
            Organizer,
            "/api/program/add_speaker",
            &organizer_fields(zuhro, "confirmed"),
        )
        .await;
    assert_eq!(added, json!("Done"));
    let mut busy = organizer_fields(zuhro, "invited");
    busy[0].1 = overlapping.0.to_string();
    let warned = app.call(Organizer, "/api/program/add_speaker", &busy).await;
    let warning = warned["Warnings"][0]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        warning.contains("Siti Zuhro") && warning.contains("Rakor Bengkulu"),
        "{warned}"
    );
    assert!(
        app.db
            .session_speakers(overlapping)
            .await
            .expect("read")
            .is_empty(),
        "nothing saved yet"
    );
    busy.push(("accept_warnings", "yes".to_owned()));
    assert_eq!(
        app.call(Organizer, "/api/program/add_speaker", &busy).await,
        json!("Done")
    );
    assert_eq!(
        app.call(
            Organizer,
            "/api/program/add_speaker",
            &organizer_fields(invited_only, "invited")
        )
        .await,
        json!("Done")
    );

    // A slot outside the session warns too; one inside is saved with its speaker.
    let part = app.db.session_speakers(published).await.expect("read")[0].id;
    let slot = |start: &str, end: &str| {
        vec![
            ("session", published.0.to_string()),
            ("form[start_time]", start.to_owned()),
            ("form[end_time]", end.to_owned()),
            ("form[title]", "Paparan utama".to_owned()),
            ("form[kind]", "keynote".to_owned()),
            ("form[speakers][0]", part.0.to_string()),
        ]
    };
    let outside = app
        .call(Organizer, "/api/program/save_slot", &slot("08:00", "09:30"))
        .await;
    assert!(
        outside["Warnings"][0]
            .as_str()
            .unwrap_or_default()
            .contains("Paparan utama"),
        "{outside}"
    );
    assert_eq!(
        app.call(Organizer, "/api/program/save_slot", &slot("09:30", "10:30"))
            .await,
        json!("Done")
    );
    let bad = app
        .call(Organizer, "/api/program/save_slot", &slot("10:30", "25:00"))
        .await;
    assert_eq!(bad["Invalid"][0][0], "end_time", "{bad}");

    // The public JSON: the confirmed speaker only, without status or contact.
    let public: Value = app
        .request(
            Anonymous,
            "GET",
            &format!("/api/v1/sessions/{published}"),
            false,
        )
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    let names: Vec<&str> = public["speakers"]
        .as_array()
        .expect("speakers")
        .iter()
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert_eq!(names, vec!["Prof. Dr. R. Siti Zuhro, M.A."]);
    assert!(public["speakers"][0].get("status").is_none());
    assert_eq!(public["rundown"][0]["start"], "2027-03-02T09:30:00+07:00");
    assert_eq!(public["rundown"][0]["speaker_ids"], json!([zuhro.0]));
    // The list carries the same programme, read for all its sessions at once.
    let listed: Value = app
        .request(Anonymous, "GET", "/api/v1/sessions?region=17", false)
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    let listed = listed
        .as_array()
        .expect("list")
        .iter()
        .find(|s| s["id"] == published.0)
        .expect("the session is listed")
        .clone();
    assert_eq!(listed["speakers"], public["speakers"]);
    assert_eq!(listed["rundown"], public["rundown"]);
    let organizer_view: Value = app
        .request(
            Organizer,
            "GET",
            &format!("/api/v1/sessions/{published}"),
            true,
        )
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    assert_eq!(organizer_view["speakers"].as_array().map(Vec::len), Some(2));
    assert_eq!(organizer_view["speakers"][1]["status"], "invited");

    // The registry: search with a typo, a speaker's sessions, institutions; no contact.
    let found: Value = app
        .request(Anonymous, "GET", "/api/v1/speakers?q=zurho", false)
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    // The demo data has a Siti Zuhro too (at LIPI): both are found.
    assert!(
        found
            .as_array()
            .expect("list")
            .iter()
            .any(|s| s["id"] == zuhro.0),
        "{found}"
    );
    let one: Value = app
        .request(
            Anonymous,
            "GET",
            &format!("/api/v1/speakers/{zuhro}"),
            false,
        )
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    let titles: Vec<&str> = one["sessions"]
        .as_array()
        .expect("sessions")
        .iter()
        .filter_map(|s| s["title"].as_str())
        .collect();
    assert_eq!(
        titles,
        vec!["Rakor Bengkulu"],
        "not the draft, only confirmed parts"
    );
    for body in [&found, &one, &public] {
        let text = body.to_string();
        assert!(
            !text.contains("0812-1111-2222") && !text.contains("rahasia@"),
            "no contact: {text}"
        );
    }
    let institutions: Value = app
        .request(Anonymous, "GET", "/api/v1/institutions", false)
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    assert!(
        institutions
            .as_array()
            .expect("list")
            .iter()
            .any(|i| i["name"] == "KPU RI" && i["central"] == true)
    );
    for (path, want) in [
        ("/api/v1/speakers/abc", 400),
        ("/api/v1/speakers/999999", 404),
    ] {
        let status = app
            .request(Anonymous, "GET", path, false)
            .send()
            .await
            .expect("request")
            .status();
        assert_eq!(status.as_u16(), want, "{path}");
    }

    // The public page shows the rundown and the confirmed speaker, not the invited one.
    let page = app
        .request(Anonymous, "GET", &format!("/sessions/{published}"), false)
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("page");
    assert!(page.contains("Paparan utama") && page.contains("Prof. Dr. R. Siti Zuhro, M.A."));
    assert!(!page.contains("Rahmat Bagja") && !page.contains("0812-1111-2222"));

    // Uploads: refused for the wrong people and the wrong files, by content.
    let pdf = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n".to_vec();
    assert_eq!(
        app.upload(Anonymous, published, "a.pdf", pdf.clone(), "public")
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.upload(OperatorJabar, published, "a.pdf", pdf.clone(), "public")
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.upload(
            Organizer,
            SessionId(999_999),
            "a.pdf",
            pdf.clone(),
            "public"
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    for (name, content, status, code) in [
        (
            "kosong.pdf",
            Vec::new(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "empty",
        ),
        (
            "foto.png",
            b"\x89PNG\r\n\x1a\n0000".to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "not_allowed",
        ),
        (
            "paparan.pdf",
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00".to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "not_allowed",
        ),
        (
            "slides.pdf",
            office_file("ppt/presentation.xml"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "name_does_not_match",
        ),
        (
            "besar.pdf",
            [b"%PDF-1.7\n".as_slice(), &vec![b'x'; 1024 * 1024]].concat(),
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
        ),
    ] {
        let (got, body) = app
            .upload(Organizer, published, name, content, "public")
            .await;
        assert_eq!(got, status, "{name}: {body}");
        assert_eq!(body["error"]["fields"][0]["code"], code, "{name}: {body}");
    }
    assert!(
        app.db.materials(published).await.expect("read").is_empty(),
        "nothing stored"
    );

    let (status, slides) = app
        .upload(
            Organizer,
            published,
            "Paparan KPU.pdf",
            pdf.clone(),
            "public",
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{slides}");
    let (_, private) = app
        .upload(
            Organizer,
            published,
            "data.xlsx",
            office_file("xl/workbook.xml"),
            "registrants",
        )
        .await;
    assert_eq!(private["kind"], "xlsx");
    let url = slides["url"].as_str().expect("url").to_owned();
    assert_eq!(
        url,
        format!("/materials/{}/Paparan%20KPU.pdf", slides["id"])
    );
    let download = app
        .request(Anonymous, "GET", &url, false)
        .send()
        .await
        .expect("request");
    assert_eq!(download.status(), StatusCode::OK);
    let headers = download.headers().clone();
    assert_eq!(headers["content-type"], "application/pdf");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert!(
        headers["content-disposition"]
            .to_str()
            .expect("ascii")
            .starts_with("attachment; filename=\"Paparan KPU.pdf\"")
    );
    assert_eq!(
        download.bytes().await.expect("body").as_ref(),
        pdf.as_slice()
    );
    let again = app
        .request(Anonymous, "GET", &url, false)
        .header("if-none-match", headers["etag"].clone())
        .send()
        .await
        .expect("request");
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    let private_url = private["url"].as_str().expect("url").to_owned();
    for (who, want) in [(Anonymous, 404), (OperatorJabar, 404), (Organizer, 200)] {
        let status = app
            .request(who, "GET", &private_url, false)
            .send()
            .await
            .expect("request")
            .status();
        assert_eq!(status.as_u16(), want, "{who:?} registrants-only file");
    }
    let public_list: Value = app
        .request(
            Anonymous,
            "GET",
            &format!("/api/v1/sessions/{published}"),
            false,
        )
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    assert_eq!(
        public_list["materials"].as_array().map(Vec::len),
        Some(1),
        "registrants-only files are not listed"
    );

    // The page's form: back to the programme page with the outcome.
    let form_upload = |name: &str, content: Vec<u8>| {
        reqwest::multipart::Form::new()
            .text("visibility", "public")
            .part(
                "file",
                reqwest::multipart::Part::bytes(content).file_name(name.to_owned()),
            )
    };
    let program = format!("/organizer/sessions/{published}/program");
    for (name, content, location) in [
        (
            "notulen.docx",
            office_file("word/document.xml"),
            format!("{program}?uploaded=1"),
        ),
        (
            "virus.docx",
            b"\x7fELF\x02\x01\x01\x00".to_vec(),
            format!("{program}?upload_error=not_allowed"),
        ),
    ] {
        let response = app
            .request(
                Organizer,
                "POST",
                &format!("/organizer/sessions/{published}/materials"),
                false,
            )
            .multipart(form_upload(name, content))
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{name}");
        assert_eq!(response.headers()["location"], location.as_str());
    }

    // Removing: the record, then the file once nothing names it.
    let id = slides["id"].as_i64().expect("id");
    let stored = app
        ._dir
        .path()
        .join("materials")
        .join(&slides["sha256"].as_str().expect("hash")[..2]);
    assert!(stored.exists());
    let removed = app
        .request(
            Organizer,
            "POST",
            &format!("/organizer/materials/{id}/remove"),
            false,
        )
        .send()
        .await
        .expect("request");
    assert_eq!(removed.status(), StatusCode::SEE_OTHER);
    let gone = app
        .request(Organizer, "GET", &url, false)
        .send()
        .await
        .expect("request");
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
    assert!(
        !stored
            .join(slides["sha256"].as_str().expect("hash"))
            .exists(),
        "file removed"
    );
});

/// A published hybrid session in Jawa Barat that invites the province (quota of two
/// on site), with three seats on site and a passcode for the online part.
async fn jabar_session(app: &TestApp) -> SessionId {
    let form = SessionForm {
        kind: "webinar".into(),
        title: "Rakor Pilkada Jawa Barat".into(),
        organizer_unit: "Ditjen Polpum".into(),
        start_date: "2027-03-03".into(),
        start_time: "09:00".into(),
        end_time: "12:00".into(),
        zone: "Asia/Jakarta".into(),
        mode: "hybrid".into(),
        venue: "Gedung Sate".into(),
        venue_region: "32".into(),
        meeting_link: "https://zoom.example.id/j/123".into(),
        passcode: "rahasia-rapat".into(),
        capacity_onsite: "3".into(),
        ..SessionForm::default()
    };
    let details = form.validate().expect("valid");
    let id = app
        .db
        .create_session(
            &details,
            SessionStatus::Published,
            Actor::System,
            Utc::now(),
        )
        .await
        .expect("create");
    let invitation = simpul::registration::Invitation {
        quota_luring: Some(2),
        ..invite("32", true)
    };
    app.db
        .set_invitations(id, &[invitation], Actor::System, Utc::now())
        .await
        .expect("invite");
    id
}

fn person(n: u32, region: &str, mode: &str) -> Value {
    json!({
        "name": format!("Peserta {n}"),
        "nip": format!("19850317201001{}{:03}", 1 + n % 2, n),
        "email": format!("peserta{n}@jabarprov.go.id"),
        "mode": mode,
        "region": region,
    })
}

impl TestApp {
    async fn post_json(&self, who: Who, path: &str, body: &Value) -> (u16, Value) {
        let response = self
            .request(who, "POST", path, true)
            .json(body)
            .send()
            .await
            .expect("request");
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    async fn get_json(&self, who: Who, path: &str) -> (u16, Value) {
        let response = self
            .request(who, "GET", path, true)
            .send()
            .await
            .expect("request");
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    async fn page(&self, who: Who, path: &str) -> (u16, String) {
        let response = self
            .request(who, "GET", path, false)
            .send()
            .await
            .expect("request");
        let status = response.status().as_u16();
        (status, response.text().await.expect("body"))
    }
}

on_both!(registrations_over_the_api_scoped_by_region, |app| {
    use Who::*;
    let jabar = jabar_session(&app).await;
    let bengkulu = app
        .bengkulu_session("Rakor Bengkulu", SessionStatus::Published)
        .await;
    let path = format!("/api/v1/sessions/{jabar}/registrations");
    // An operator registers two on site and one online: the province's quota of two
    // fills, the online person has no limit.
    let (status, body) = app
        .post_json(
            OperatorJabar,
            &path,
            &json!([
                person(1, "32.12", "luring"),
                person(2, "32", "luring"),
                person(3, "32.73", "daring")
            ]),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let statuses: Vec<&str> = body
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|r| r["status"].as_str())
        .collect();
    assert_eq!(statuses, vec!["confirmed", "confirmed", "confirmed"]);
    assert_eq!(body[0]["check_in_code"].as_str().map(str::len), Some(10));
    // One object is accepted too; the third on site waits (quota of two).
    let (status, body) = app
        .post_json(OperatorJabar, &path, &person(4, "32.01", "luring"))
        .await;
    assert_eq!(
        (status, body[0]["status"].as_str()),
        (201, Some("waitlisted"))
    );
    assert!(body[0]["check_in_code"].is_null(), "no code while waiting");
    // A batch with one bad row saves nothing and names the row and field.
    let (status, body) = app
        .post_json(
            OperatorJabar,
            &path,
            &json!([person(5, "32", "daring"), { "name": "Budi", "nip": "123", "email": "budi@x.go.id", "mode": "daring" }, person(1, "32", "daring")]),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let problems: Vec<(i64, &str, &str)> = body["error"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| {
            (
                f["row"].as_i64().unwrap_or(0),
                f["field"].as_str().unwrap_or(""),
                f["code"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        problems,
        vec![(2, "nip", "invalid_nip"), (3, "nip", "already_registered")]
    );
    // Another region's person, an unknown field, no sign-in, a session not invited.
    let (status, body) = app
        .post_json(OperatorJabar, &path, &person(6, "17", "daring"))
        .await;
    assert_eq!(
        (status, body["error"]["fields"][0]["code"].as_str()),
        (422, Some("region_not_yours"))
    );
    let (status, body) = app
        .post_json(
            OperatorJabar,
            &path,
            &json!({ "name": "A", "shoe_size": 42 }),
        )
        .await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (400, Some("[1].shoe_size"))
    );
    assert_eq!(
        app.post_json(Anonymous, &path, &person(7, "32", "daring"))
            .await
            .0,
        401
    );
    let (status, _) = app
        .post_json(
            OperatorJabar,
            &format!("/api/v1/sessions/{bengkulu}/registrations"),
            &person(8, "32", "luring"),
        )
        .await;
    assert_eq!(status, 404, "Bengkulu's session does not invite Jawa Barat");
    // The organizer registers someone of Bengkulu; the operator never sees them.
    let (status, body) = app
        .post_json(Organizer, &path, &person(9, "17", "daring"))
        .await;
    assert_eq!(status, 201, "{body}");
    let bengkulu_person = body[0]["id"].as_i64().expect("id");
    let (_, all) = app.get_json(Organizer, &path).await;
    let (_, own) = app.get_json(OperatorJabar, &path).await;
    assert_eq!(all.as_array().map(Vec::len), Some(5));
    assert_eq!(own.as_array().map(Vec::len), Some(4));
    assert!(!own.to_string().contains("Peserta 9"));
    let (status, _) = app
        .request(
            OperatorJabar,
            "DELETE",
            &format!("/api/v1/registrations/{bengkulu_person}"),
            true,
        )
        .send()
        .await
        .map(|r| (r.status().as_u16(), ()))
        .expect("request");
    assert_eq!(status, 404);
    // Cancelling a confirmed person on site promotes the waitlisted one.
    let first = own[0]["id"].as_i64().expect("id");
    let waiting = own[3]["id"].as_i64().expect("id");
    let response = app
        .request(
            OperatorJabar,
            "DELETE",
            &format!("/api/v1/registrations/{first}"),
            true,
        )
        .send()
        .await
        .expect("request");
    assert_eq!(response.status().as_u16(), 200);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["promoted"], json!([waiting]));
    // The operator's desk lists their people, not Bengkulu's; Bengkulu's desk is not theirs.
    let (status, html) = app
        .page(OperatorJabar, &format!("/my-region/sessions/{jabar}"))
        .await;
    assert_eq!(status, 200);
    assert!(html.contains("Peserta 2") && !html.contains("Peserta 9"));
    assert_eq!(
        app.page(OperatorJabar, &format!("/my-region/sessions/{bengkulu}"))
            .await
            .0,
        404
    );
    // A province invited without its regencies says so on the session page.
    app.db
        .set_invitations(bengkulu, &[invite("17", false)], Actor::System, Utc::now())
        .await
        .expect("invite");
    let (_, html) = app.page(Anonymous, &format!("/sessions/{bengkulu}")).await;
    assert!(
        html.contains("Bengkulu (hanya kantor provinsi)"),
        "province offices only"
    );
    // The dashboard shows seats left and how many they registered.
    let (_, html) = app.page(OperatorJabar, "/my-region").await;
    assert!(html.contains("Rakor Pilkada Jawa Barat"));
    assert!(html.contains(&format!("/my-region/sessions/{jabar}")));
});

on_both!(registration_pages_uploads_exports_and_public_link, |app| {
    use Who::*;
    let jabar = jabar_session(&app).await;
    // One person through the form's server function.
    let saved = app
        .call(
            OperatorJabar,
            "/api/registrations/one",
            &[
                ("session", jabar.to_string()),
                ("form[name]", "Siti Aminah".into()),
                ("form[email]", "siti@jabarprov.go.id".into()),
                ("form[mode]", "daring".into()),
                ("form[region]", "32.12".into()),
            ],
        )
        .await;
    assert_eq!(saved["Saved"]["confirmed"], json!(1), "{saved}");
    // A spreadsheet with a formula-looking name and a bad NIP: previewed, nothing saved.
    let csv = "Nama;NIP;Email;Mode\nBudi Santoso;198503172010011001;budi@jabarprov.go.id;daring\n=HYPERLINK(\"x\");123;x@jabarprov.go.id;daring\n";
    // A sheet sent to the preview as the desk's upload sends it.
    let preview_sheet = |content: Vec<u8>, name: &'static str| {
        let form = reqwest::multipart::Form::new()
            .text("session", jabar.to_string())
            .part(
                "file",
                reqwest::multipart::Part::bytes(content).file_name(name),
            );
        app.request(OperatorJabar, "POST", "/api/registrations/read", false)
            .multipart(form)
            .send()
    };
    let response = preview_sheet(csv.as_bytes().to_vec(), "peserta.csv")
        .await
        .expect("request");
    assert_eq!(response.status().as_u16(), 200);
    let preview: Value = response.json().await.expect("json");
    assert_eq!(
        preview["rows"].as_array().map(Vec::len),
        Some(2),
        "{preview}"
    );
    assert_eq!(preview["rows"][0]["status"], json!("confirmed"));
    let fields: Vec<&str> = preview["rows"][1]["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .filter_map(|p| p["field"].as_str())
        .collect();
    assert_eq!(fields, vec!["name", "nip"]);
    // Wrong headers name the column; a body without a multipart boundary is refused.
    let form = reqwest::multipart::Form::new()
        .text("session", jabar.to_string())
        .text("pasted", "Nama\tJabatn\nBudi\tKepala");
    let preview: Value = app
        .request(OperatorJabar, "POST", "/api/registrations/read", false)
        .multipart(form)
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    assert!(
        preview["file_problem"]
            .as_str()
            .unwrap_or("")
            .contains("Jabatn"),
        "{preview}"
    );
    let response = app
        .request(OperatorJabar, "POST", "/api/registrations/read", false)
        .header("content-type", "multipart/form-data")
        .body("x")
        .send()
        .await
        .expect("request");
    assert_eq!(response.status().as_u16(), 400);
    // A sheet past the size limit is refused as such (413), not as a fault.
    let too_large = vec![b'a'; simpul::registration::sheet::MAX_BYTES + 1];
    let response = preview_sheet(too_large, "besar.csv")
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let text = response.text().await.unwrap_or_default();
    assert!(text.contains("error-sheet-too-large"), "{text}");
    assert_eq!(
        app.db.registrations(jabar, None).await.expect("list").len(),
        1,
        "a preview saves nothing"
    );

    // Exports: organizers only; read back with a spreadsheet reader.
    let export = format!("/organizer/sessions/{jabar}/registrations");
    assert_eq!(
        app.request(OperatorJabar, "GET", &format!("{export}.csv"), false)
            .send()
            .await
            .expect("request")
            .status()
            .as_u16(),
        403
    );
    let csv = app
        .request(Organizer, "GET", &format!("{export}.csv"), false)
        .send()
        .await
        .expect("request")
        .bytes()
        .await
        .expect("body");
    assert!(csv.starts_with(b"\xEF\xBB\xBFNo,Nama,NIP"));
    assert!(String::from_utf8_lossy(&csv).contains("Siti Aminah"));
    let xlsx = app
        .request(Organizer, "GET", &format!("{export}.xlsx"), false)
        .send()
        .await
        .expect("request")
        .bytes()
        .await
        .expect("body");
    use calamine::Reader;
    let mut workbook: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx.to_vec())).expect("xlsx");
    let sheet = workbook.worksheet_range("Pendaftaran").expect("sheet");
    let row: Vec<String> = sheet
        .rows()
        .nth(1)
        .expect("a row")
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        (row[1].as_str(), row[8].as_str(), row[9].as_str()),
        ("Siti Aminah", "Kabupaten Indramayu", "Jawa Barat")
    );
    let template = app
        .request(Anonymous, "GET", "/registrations/template.xlsx", false)
        .send()
        .await
        .expect("request")
        .bytes()
        .await
        .expect("body");
    let mut workbook: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(template.to_vec())).expect("xlsx");
    let header: Vec<String> = workbook
        .worksheet_range("Peserta")
        .expect("sheet")
        .rows()
        .next()
        .expect("header")
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        header,
        vec![
            "Nama",
            "NIP",
            "Jabatan",
            "Instansi",
            "Email",
            "Telepon",
            "Mode",
            "Kode wilayah"
        ]
    );

    // The organizer's overview lists the invited offices that registered nobody yet.
    let (status, html) = app
        .page(
            Organizer,
            &format!("/organizer/sessions/{jabar}/registrations"),
        )
        .await;
    assert_eq!(status, 200);
    assert!(html.contains("Kabupaten Bogor") && html.contains("Indramayu"));
    assert_eq!(
        app.page(
            OperatorJabar,
            &format!("/organizer/sessions/{jabar}/registrations")
        )
        .await
        .0,
        403
    );

    // The public link: closed until opened, then anyone registers; over the limit, refused.
    let (_, closed_page) = app.page(Anonymous, &format!("/sessions/{jabar}")).await;
    assert!(
        !closed_page.contains("/register/"),
        "no link while it is closed"
    );
    let settings = app
        .call(
            Organizer,
            "/api/registrations/settings",
            &[
                ("session", jabar.to_string()),
                ("deadline_date", String::new()),
                ("deadline_time", String::new()),
                ("public_link", "open".into()),
            ],
        )
        .await;
    assert!(settings.get("Saved").is_some(), "{settings}");
    let secret = app
        .db
        .registration_settings(jabar)
        .await
        .expect("settings")
        .public_link
        .expect("open");
    let public = |n: u32| {
        vec![
            ("secret", secret.clone()),
            ("form[name]", format!("Umum {n}")),
            ("form[email]", format!("umum{n}@example.id")),
            ("form[mode]", "daring".to_owned()),
            ("form[region]", "31.71".to_owned()),
        ]
    };
    let outcome = app
        .call(Anonymous, "/api/registrations/public", &public(1))
        .await;
    let link = outcome["Saved"]["link"]
        .as_str()
        .expect("a confirmation link")
        .to_owned();
    let (status, html) = app.page(Anonymous, &link).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("<svg") && html.contains("id=\"check-in-code\""),
        "QR and code"
    );
    assert!(
        html.contains("rahasia-rapat"),
        "the passcode on the private page of a confirmed online registrant"
    );
    assert!(html.contains("WIB"));
    let (_, public_page) = app.page(Anonymous, &format!("/sessions/{jabar}")).await;
    assert!(!public_page.contains("rahasia-rapat") && !public_page.contains("Umum 1"));
    assert!(
        public_page.contains(&format!("/register/{secret}")),
        "the open link is on the session page"
    );
    assert_eq!(
        app.page(Anonymous, "/registrations/not-a-secret").await.0,
        404
    );
    // Files for registrants: through the private page's links only.
    let pdf = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n".to_vec();
    let (status, material) = app
        .upload(Organizer, jabar, "bahan.pdf", pdf, "registrants")
        .await;
    assert_eq!(status, StatusCode::CREATED, "{material}");
    let url = material["url"].as_str().expect("url").to_owned();
    let (_, html) = app.page(Anonymous, &link).await;
    let secret_of_link = link.trim_start_matches("/registrations/");
    let download = format!("{url}?registration={secret_of_link}");
    assert!(html.contains(&download), "listed with the secret");
    assert_eq!(app.page(Anonymous, &download).await.0, 200);
    assert_eq!(app.page(Anonymous, &url).await.0, 404);
    assert_eq!(
        app.page(Anonymous, &format!("{url}?registration=wrong"))
            .await
            .0,
        404
    );
    let mut refused = None;
    for n in 2..40 {
        let response = app
            .request(Anonymous, "POST", "/api/registrations/public", false)
            .form(&public(n))
            .send()
            .await
            .expect("request");
        let status = response.status();
        let answer = response.text().await.expect("body");
        if answer.contains("error-too-many-registrations") {
            assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
            refused = Some(n);
            break;
        }
    }
    assert_eq!(
        refused,
        Some(31),
        "30 registrations per address, then refused"
    );
});

/// A Zoom meeting participants report (the published CSV shape, with the meeting
/// block) for the attendance scenario.
fn zoom_report(email: &str) -> String {
    format!(
        "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants\r\n\
         81234567890,Rakor Pilkada Jawa Barat,03/03/2027 09:00:00 AM,03/03/2027 12:00:00 PM,panitia@kemendagri.go.id,180,3\r\n\
         \r\n\
         Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,Recording Consent\r\n\
         Peserta Dua (HP),{email},03/03/2027 09:01:00 AM,03/03/2027 09:31:00 AM,30,Yes,Y\r\n\
         Peserta Dua,{email},03/03/2027 09:40:00 AM,03/03/2027 09:55:00 AM,15,Yes,Y\r\n\
         Orang Asing,,03/03/2027 09:05:00 AM,03/03/2027 09:06:00 AM,1,Yes,Y\r\n\
         Rusak,,kemarin,kemarin,,Yes,Y\r\n"
    )
}

on_both!(attendance_at_the_door_and_after, |app| {
    use Who::*;
    let jabar = jabar_session(&app).await;
    let other = jabar_session(&app).await;
    let people = json!([
        {"name": "Ni Luh Ayu Wédarí", "nip": "198503172010012001", "mode": "luring", "region": "32.12", "email": "ayu@indramayukab.go.id", "office": "Kesbangpol Indramayu"},
        {"name": "Peserta Dua", "email": "dua@jabarprov.go.id", "mode": "daring", "region": "32"},
        {"name": "Peserta Tiga", "email": "tiga@jabarprov.go.id", "mode": "luring", "region": "32"},
    ]);
    let (status, saved) = app
        .post_json(
            Organizer,
            &format!("/api/v1/sessions/{jabar}/registrations"),
            &people,
        )
        .await;
    assert_eq!(status, 201, "{saved}");
    let code_of = |i: usize| saved[i]["check_in_code"].as_str().expect("code").to_owned();
    let (_, stranger) = app
        .post_json(
            Organizer,
            &format!("/api/v1/sessions/{other}/registrations"),
            &person(9, "32", "luring"),
        )
        .await;
    let stranger_code = stranger[0]["check_in_code"]
        .as_str()
        .expect("code")
        .to_owned();
    // Data from before names were checked for formulas: the export must defuse it.
    sqlx_update_name(
        &app,
        saved[2]["id"].as_i64().expect("id"),
        "=HYPERLINK(\"http://x\")",
    )
    .await;

    // The API: new, then repeated, then refused with the reason named.
    let check_ins = format!("/api/v1/sessions/{jabar}/check-ins");
    let (status, first) = app
        .post_json(
            Organizer,
            &check_ins,
            &json!({ "code": code_of(0).to_lowercase() }),
        )
        .await;
    assert_eq!(status, 201, "{first}");
    assert_eq!(first["new"], true);
    assert_eq!(first["registration"]["name"], "Ni Luh Ayu Wédarí");
    assert_eq!(first["registration"]["region_name"], "Kabupaten Indramayu");
    let (status, again) = app
        .post_json(Organizer, &check_ins, &json!({ "code": code_of(0) }))
        .await;
    assert_eq!((status, &again["new"]), (200, &json!(false)));
    assert_eq!(again["first_at"], first["first_at"]);
    let (status, wrong) = app
        .post_json(Organizer, &check_ins, &json!({ "code": "ABCDE-FGHJK" }))
        .await;
    assert_eq!(
        (status, wrong["error"]["fields"][0]["code"].as_str()),
        (422, Some("unknown_code"))
    );
    let (status, elsewhere) = app
        .post_json(Organizer, &check_ins, &json!({ "code": stranger_code }))
        .await;
    assert_eq!(
        (status, elsewhere["error"]["fields"][0]["code"].as_str()),
        (422, Some("other_session"))
    );
    let (status, _) = app
        .post_json(Organizer, &check_ins, &json!({ "code": "not a code" }))
        .await;
    assert_eq!(status, 400);
    let (status, _) = app
        .post_json(
            Organizer,
            &check_ins,
            &json!({ "code": code_of(0), "registration_id": 1 }),
        )
        .await;
    assert_eq!(status, 400, "one of the two, not both");
    let (status, _) = app
        .post_json(OperatorJabar, &check_ins, &json!({ "code": code_of(2) }))
        .await;
    assert_eq!(status, 403);

    // The check-in page's functions: by code, by name, a walk-in.
    let done = app
        .call(
            Organizer,
            "/api/attendance/code",
            &[("session", jabar.0.to_string()), ("code", code_of(0))],
        )
        .await;
    assert_eq!(done["Done"]["new"], false, "{done}");
    let found = app
        .call(
            Organizer,
            "/api/attendance/find",
            &[("session", jabar.0.to_string()), ("query", "dua".into())],
        )
        .await;
    assert_eq!(found.as_array().map(Vec::len), Some(1), "{found}");
    let walk_in = app
        .call(
            Organizer,
            "/api/attendance/walk-in",
            &[
                ("session", jabar.0.to_string()),
                ("form[name]", "Tamu Datang Langsung".into()),
                ("form[office]", "Bakesbangpol Jawa Barat".into()),
                ("form[phone]", "0812 3456 7890".into()),
                ("form[region]", "32".into()),
            ],
        )
        .await;
    assert_eq!(walk_in["Done"]["name"], "Tamu Datang Langsung", "{walk_in}");
    let no_name = app
        .call(
            Organizer,
            "/api/attendance/walk-in",
            &[
                ("session", jabar.0.to_string()),
                ("form[region]", "32".into()),
            ],
        )
        .await;
    assert_eq!(no_name["Invalid"][0]["field"], "name", "{no_name}");

    // After the session: an excused absence needs its reason; the Zoom report.
    let mark = |id: i64, status: &str, reason: &str| {
        vec![
            ("session", jabar.0.to_string()),
            ("registration", id.to_string()),
            ("form[status]", status.to_owned()),
            ("form[reason]", reason.to_owned()),
        ]
    };
    let third = saved[2]["id"].as_i64().expect("id");
    let refused = app
        .call(
            Organizer,
            "/api/attendance/mark",
            &mark(third, "excused", ""),
        )
        .await;
    assert!(
        refused.as_str().is_some_and(|m| m.contains("Alasan izin")),
        "{refused}"
    );
    assert_eq!(
        app.call(
            Organizer,
            "/api/attendance/mark",
            &mark(third, "excused", "Sakit")
        )
        .await,
        Value::Null
    );
    let form = reqwest::multipart::Form::new()
        .text("session", jabar.0.to_string())
        .part(
            "file",
            reqwest::multipart::Part::bytes(zoom_report("dua@jabarprov.go.id").into_bytes())
                .file_name("participants_81234567890.csv"),
        );
    let preview: Value = app
        .request(Organizer, "POST", "/api/attendance/zoom", false)
        .multipart(form)
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    let lines = preview["lines"].as_array().expect("lines");
    assert_eq!(lines.len(), 2, "{preview}");
    assert_eq!(
        (
            lines[0]["minutes"].as_u64(),
            lines[0]["matched_by"].as_str()
        ),
        (Some(45), Some("email"))
    );
    assert_eq!(
        lines[1]["registration"],
        Value::Null,
        "the stranger is left to assign"
    );
    assert_eq!(
        preview["skipped"].as_array().map(Vec::len),
        Some(1),
        "{preview}"
    );
    let saved_zoom = app
        .call(
            Organizer,
            "/api/attendance/zoom-save",
            &[
                ("session", jabar.0.to_string()),
                (
                    "rows[0][registration]",
                    lines[0]["registration"].to_string(),
                ),
                ("rows[0][minutes]", "45".into()),
                (
                    "rows[0][first_joined]",
                    lines[0]["first_joined"]
                        .as_str()
                        .unwrap_or_default()
                        .to_owned(),
                ),
                ("rows[1][registration]", String::new()),
                ("rows[1][minutes]", "1".into()),
                ("rows[1][first_joined]", String::new()),
            ],
        )
        .await;
    assert_eq!(saved_zoom, json!(1));
    let malformed = reqwest::multipart::Form::new()
        .text("session", jabar.0.to_string())
        .part(
            "file",
            reqwest::multipart::Part::bytes(b"Nama,Jabatan\nBudi,Kepala\n".to_vec())
                .file_name("x.csv"),
        );
    let refused: Value = app
        .request(Organizer, "POST", "/api/attendance/zoom", false)
        .multipart(malformed)
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    assert!(
        refused["file_problem"]
            .as_str()
            .is_some_and(|p| p.contains("Name")),
        "{refused}"
    );

    // The exports: CSV with a BOM, formula defused, Indonesian letters intact.
    let csv = app
        .request(
            Organizer,
            "GET",
            &format!("/sessions/{jabar}/attendance.csv"),
            false,
        )
        .send()
        .await
        .expect("request")
        .bytes()
        .await
        .expect("body");
    assert!(csv.starts_with(
        "\u{feff}No,Nama,NIP,Jabatan,Instansi,Kabupaten/Kota,Provinsi,Mode,Status,Waktu hadir,Durasi".as_bytes()
    ));
    let text = String::from_utf8(csv.to_vec()).expect("UTF-8");
    assert!(text.contains("Ni Luh Ayu Wédarí,198503172010012001,,Kesbangpol Indramayu,Kabupaten Indramayu,Jawa Barat,luring,Hadir,"), "{text}");
    assert!(text.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "{text}");
    assert!(text.contains("Izin: Sakit"));
    assert!(
        text.contains("Peserta Dua,,,,,Jawa Barat,daring,Hadir,03-03-2027 09.01 WIB,45 menit"),
        "{text}"
    );
    assert!(text.contains("Tamu Datang Langsung"));
    let xlsx = app
        .request(
            Organizer,
            "GET",
            &format!("/sessions/{jabar}/attendance.xlsx"),
            false,
        )
        .send()
        .await
        .expect("request")
        .bytes()
        .await
        .expect("body");
    use calamine::Reader;
    let mut workbook: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx.to_vec())).expect("xlsx");
    assert_eq!(
        workbook.sheet_names(),
        vec!["Daftar Hadir".to_owned(), "Rekap".to_owned()]
    );
    let rows = |range: calamine::Range<calamine::Data>| -> Vec<Vec<String>> {
        range
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    };
    let list = rows(workbook.worksheet_range("Daftar Hadir").expect("list"));
    assert_eq!(list.len(), 5, "header and four people: {list:?}");
    assert_eq!(list[1][1], "Ni Luh Ayu Wédarí");
    assert_eq!(
        list[1][2], "198503172010012001",
        "the NIP keeps its 18 digits"
    );
    assert_eq!(
        list[3][1], "=HYPERLINK(\"http://x\")",
        "text, not a formula"
    );
    assert!(
        workbook
            .worksheet_formula("Daftar Hadir")
            .expect("formulas")
            .used_cells()
            .all(|(_, _, f)| f.is_empty()),
        "no cell is a formula"
    );
    let recap = rows(workbook.worksheet_range("Rekap").expect("recap"));
    assert_eq!(
        recap[0],
        vec![
            "Kode",
            "Wilayah",
            "Tingkat",
            "Diundang",
            "Terdaftar",
            "Hadir"
        ]
    );
    let jawa_barat = recap.iter().find(|r| r[0] == "32").expect("Jawa Barat");
    assert_eq!(jawa_barat[1..], ["Jawa Barat", "Provinsi", "Ya", "4", "3"]);
    let indramayu = recap.iter().find(|r| r[0] == "32.12").expect("Indramayu");
    assert_eq!(
        indramayu[1..],
        ["Kabupaten Indramayu", "Kabupaten/Kota", "Ya", "1", "1"]
    );
    assert_eq!(
        recap.len(),
        1 + 1 + 27,
        "Jawa Barat and its 27 regencies and cities"
    );

    // The printable list: read back by a PDF reader.
    let pdf = app
        .request(
            Organizer,
            "GET",
            &format!("/sessions/{jabar}/attendance.pdf"),
            false,
        )
        .send()
        .await
        .expect("request");
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    let pdf = pdf.bytes().await.expect("body");
    let document = lopdf::Document::load_mem(&pdf).expect("a PDF");
    let text = document.extract_text(&[1]).expect("text");
    for expected in [
        "DAFTAR HADIR",
        "Rakor Pilkada Jawa Barat",
        "Gedung Sate, Jawa Barat",
        "Ni Luh Ayu Wédarí",
        "Tanda tangan",
        "Izin: Sakit",
        "Halaman 1 dari 1",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    assert_eq!(
        app.page(OperatorJabar, &format!("/sessions/{jabar}/attendance.pdf"))
            .await
            .0,
        403
    );

    // Online check-in through the private link: closed months before the session
    // (automatic window), open once the organizer opens it.
    let secret = saved[1]["confirmation_path"]
        .as_str()
        .and_then(|p| p.strip_prefix("/registrations/"))
        .expect("private link")
        .to_owned();
    let closed = app
        .call(
            Anonymous,
            "/api/attendance/online-self",
            &[("secret", secret.clone())],
        )
        .await;
    assert!(
        closed["Refused"]
            .as_str()
            .is_some_and(|r| r.contains("daring")),
        "{closed}"
    );
    let (_, page) = app
        .page(Anonymous, &format!("/registrations/{secret}"))
        .await;
    assert!(
        page.contains("Presensi daring dibuka"),
        "the page says when it opens"
    );
    assert_eq!(
        app.call(
            Organizer,
            "/api/attendance/online",
            &[("session", jabar.0.to_string()), ("window", "open".into())]
        )
        .await,
        Value::Null
    );
    let (_, page) = app
        .page(Anonymous, &format!("/registrations/{secret}"))
        .await;
    assert!(page.contains("Saya hadir"), "the button while open");
    let done = app
        .call(
            Anonymous,
            "/api/attendance/online-self",
            &[("secret", secret.clone())],
        )
        .await;
    assert_eq!(done["Done"]["new"], true, "{done}");
    let (_, page) = app
        .page(Anonymous, &format!("/registrations/{secret}"))
        .await;
    assert!(page.contains("Kehadiran Anda tercatat"));
    let wrong = app
        .request(Anonymous, "POST", "/api/attendance/online-self", false)
        .form(&[("secret", "salah")])
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("body");
    assert!(wrong.contains("error-not-found"), "{wrong}");

    // Certificates: for those present at this webinar, verifiable by their code.
    let zipped = app
        .request(
            Organizer,
            "GET",
            &format!("/sessions/{jabar}/certificates.zip"),
            false,
        )
        .send()
        .await
        .expect("request")
        .bytes()
        .await
        .expect("body");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zipped.to_vec())).expect("a ZIP");
    assert_eq!(
        archive.len(),
        3,
        "Ayu, Dua and the walk-in were present; Tiga was excused"
    );
    let mut first = Vec::new();
    std::io::Read::read_to_end(&mut archive.by_index(0).expect("entry"), &mut first).expect("read");
    let certificate = lopdf::Document::load_mem(&first).expect("a PDF");
    let text = certificate.extract_text(&[1]).expect("text");
    assert!(
        text.contains("SERTIFIKAT")
            && text.contains("Ni Luh Ayu Wédarí")
            && text.contains("Rakor Pilkada Jawa Barat"),
        "{text}"
    );
    let ayu = simpul::registration::RegistrationId(saved[0]["id"].as_i64().expect("id"));
    let issued = app
        .db
        .issue_certificates(jabar, Some(ayu), Utc::now())
        .await
        .expect("issued");
    let code = issued[0].1.grouped();
    assert!(text.contains(&code), "the code is printed: {text}");
    let (status, page) = app
        .page(Anonymous, &format!("/certificates/{}", code.to_lowercase()))
        .await;
    assert_eq!(status, 200);
    assert!(
        page.contains("asli")
            && page.contains("Ni Luh Ayu Wédarí")
            && page.contains("Rakor Pilkada Jawa Barat")
    );
    assert!(
        !page.contains("198503172010012001") && !page.contains("ayu@indramayukab.go.id"),
        "name, session and date only"
    );
    let (_, page) = app.page(Anonymous, "/certificates/ABCD-EFGH-JKMN").await;
    assert!(page.contains("Tidak ada sertifikat"));
    let private = |i: usize| {
        saved[i]["confirmation_path"]
            .as_str()
            .expect("link")
            .to_owned()
    };
    assert_eq!(
        app.page(Anonymous, &format!("{}/certificate.pdf", private(0)))
            .await
            .0,
        200
    );
    assert_eq!(
        app.page(Anonymous, &format!("{}/certificate.pdf", private(2)))
            .await
            .0,
        404,
        "excused: no certificate"
    );
    let (_, confirmation) = app.page(Anonymous, &private(0)).await;
    assert!(confirmation.contains("certificate-link"));
    assert_eq!(
        app.page(
            OperatorJabar,
            &format!("/sessions/{jabar}/certificates.zip")
        )
        .await
        .0,
        403
    );

    // The pages.
    let (status, page) = app
        .page(
            Organizer,
            &format!("/organizer/sessions/{jabar}/attendance"),
        )
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("Ni Luh Ayu Wédarí") && page.contains("Sakit"));
    let (status, page) = app
        .page(Organizer, &format!("/organizer/sessions/{jabar}/check-in"))
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("check-in-code"), "the code field");
});

/// Writes a name straight into the database (as data from an older version would be).
async fn sqlx_update_name(app: &TestApp, registration: i64, name: &str) {
    match &app.db {
        Database::Sqlite(pool) => {
            sqlx::query("UPDATE registrations SET name = $1 WHERE id = $2")
                .bind(name)
                .bind(registration)
                .execute(pool)
                .await
                .expect("update");
        }
        Database::Postgres(pool) => {
            sqlx::query("UPDATE registrations SET name = $1 WHERE id = $2")
                .bind(name)
                .bind(registration)
                .execute(pool)
                .await
                .expect("update");
        }
    }
}

// ---- Calendar feeds (issue 7) ----

/// A feed as a calendar app reads it, with `ical` (not the crate that wrote it).
struct ParsedFeed {
    head: HashMap<String, String>,
    zones: Vec<String>,
    /// Each event's properties: name → (value, parameters).
    events: Vec<HashMap<String, (String, String)>>,
}

fn parse_feed(text: &str) -> ParsedFeed {
    let mut calendars = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()));
    let calendar = calendars.next().expect("a calendar").expect("parses");
    let value = |p: &ical::property::Property| p.value.clone().unwrap_or_default();
    ParsedFeed {
        head: calendar
            .properties
            .iter()
            .map(|p| (p.name.clone(), value(p)))
            .collect(),
        zones: calendar
            .timezones
            .iter()
            .flat_map(|zone| {
                zone.properties
                    .iter()
                    .filter(|p| p.name == "TZID")
                    .map(value)
            })
            .collect(),
        events: calendar
            .events
            .iter()
            .map(|event| {
                event
                    .properties
                    .iter()
                    .map(|p| (p.name.clone(), (value(p), format!("{:?}", p.params))))
                    .collect()
            })
            .collect(),
    }
}

impl ParsedFeed {
    fn event_of(&self, id: SessionId) -> &HashMap<String, (String, String)> {
        let uid = format!("sesi-{}@simpul.polpum.kemendagri.go.id", id.0);
        self.events
            .iter()
            .find(|event| event["UID"].0 == uid)
            .unwrap_or_else(|| panic!("no event {uid}"))
    }

    fn uids(&self) -> Vec<String> {
        let mut uids: Vec<String> = self.events.iter().map(|e| e["UID"].0.clone()).collect();
        uids.sort();
        uids
    }

    /// Which of these sessions the feed holds (the server also has the demo data).
    fn holds(&self, among: &[SessionId]) -> Vec<String> {
        let wanted = uids_of(among);
        let mut uids: Vec<String> = self
            .uids()
            .into_iter()
            .filter(|uid| wanted.contains(uid))
            .collect();
        uids.sort();
        uids
    }
}

fn uids_of(ids: &[SessionId]) -> Vec<String> {
    let mut uids: Vec<String> = ids
        .iter()
        .map(|id| format!("sesi-{}@simpul.polpum.kemendagri.go.id", id.0))
        .collect();
    uids.sort();
    uids
}

impl TestApp {
    /// A feed fetched as a calendar app does (no cookie), with extra headers.
    async fn feed(&self, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
        let mut request = self.client.get(format!("{}{path}", self.base));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.send().await.expect("request")
    }

    async fn feed_text(&self, path: &str) -> String {
        let response = self.feed(path, &[]).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        response.text().await.expect("body")
    }
}

fn header(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

on_both!(calendar_feeds_for_subscribers, |app| {
    use Who::*;
    let jabar = jabar_session(&app).await;
    let bengkulu = app
        .bengkulu_session("Rakor Bengkulu", SessionStatus::Published)
        .await;
    let draft = app
        .bengkulu_session("Draf rahasia", SessionStatus::Draft)
        .await;
    // A registrant, whose e-mail and NIP must never reach a public feed.
    let (status, _) = app
        .post_json(
            Organizer,
            &format!("/api/v1/sessions/{}/registrations", jabar.0),
            &person(1, "32.12", "daring"),
        )
        .await;
    assert_eq!(status, 201);
    let speaker = app
        .db
        .create_speaker(
            &simpul::speaker::SpeakerForm {
                name: "Dr. Wahyu Hidayat".into(),
                institution: "Bawaslu RI".into(),
                contact: "wahyu.pribadi@example.id".into(),
                ..Default::default()
            }
            .validate()
            .expect("valid"),
            Actor::System,
            Utc::now(),
        )
        .await
        .expect("speaker");
    app.db
        .add_session_speaker(
            jabar,
            speaker,
            &simpul::storage::SpeakerPart {
                role: simpul::session::SpeakerRole::Keynote,
                topic: "Pengawasan partisipatif",
                status: simpul::session::InvitationStatus::Confirmed,
            },
            Actor::System,
            Utc::now(),
        )
        .await
        .expect("add speaker");

    // The whole schedule: headers, properties, no draft, nothing private.
    let response = app.feed("/calendar.ics", &[]).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        header(&response, "content-type").as_deref(),
        Some("text/calendar; charset=utf-8")
    );
    assert_eq!(
        header(&response, "content-encoding"),
        None,
        "compressed only when asked"
    );
    let etag = header(&response, "etag").expect("an ETag");
    let modified = header(&response, "last-modified").expect("Last-Modified");
    let text = response.text().await.expect("body");
    assert!(text.lines().all(|line| line.len() <= 75), "folded");
    assert!(
        text.split("\r\n").all(|line| !line.contains('\n')),
        "CRLF line ends"
    );
    for secret in [
        "rahasia-rapat",
        "peserta1@",
        "19850317",
        "wahyu.pribadi",
        "ORGANIZER",
        "ATTENDEE",
        "Draf rahasia",
    ] {
        assert!(!text.contains(secret), "{secret} in a public feed");
    }
    let feed = parse_feed(&text);
    assert_eq!(feed.head["METHOD"], "PUBLISH");
    assert_eq!(feed.head["X-WR-CALNAME"], "Simpul: jadwal Ditjen Polpum");
    assert_eq!(feed.head["REFRESH-INTERVAL"], "PT1H");
    assert_eq!(feed.head["X-PUBLISHED-TTL"], "PT1H");
    assert!(feed.zones.contains(&"Asia/Jakarta".to_owned()));
    let ours = [jabar, bengkulu, draft];
    assert_eq!(feed.holds(&ours), uids_of(&[jabar, bengkulu]));
    let event = feed.event_of(jabar);
    assert_eq!(event["SEQUENCE"].0, "0");
    assert_eq!(event["DTSTART"].0, "20270303T090000");
    assert!(
        event["DTSTART"].1.contains("Asia/Jakarta"),
        "{:?}",
        event["DTSTART"]
    );
    assert_eq!(event["SUMMARY"].0, "Rakor Pilkada Jawa Barat");
    assert_eq!(event["LOCATION"].0, "Gedung Sate\\, Jawa Barat");
    assert_eq!(event["URL"].0, format!("{}/sessions/{}", app.base, jabar.0));
    assert_eq!(event["CATEGORIES"].0, "Webinar,Hybrid");
    assert_eq!(event["STATUS"].0, "CONFIRMED");
    assert!(
        event["DESCRIPTION"]
            .0
            .contains("Tautan rapat: https://zoom.example.id/j/123")
    );
    assert!(
        event["DESCRIPTION"]
            .0
            .contains("Dr. Wahyu Hidayat (Bawaslu RI)\\, Pembicara utama: Pengawasan partisipatif")
    );
    for name in ["DTSTAMP", "LAST-MODIFIED", "DTEND"] {
        assert!(event.contains_key(name), "{name}");
    }

    // 304 for a current copy, by ETag or by date; 200 for another ETag.
    let again = app.feed("/calendar.ics", &[("if-none-match", &etag)]).await;
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(header(&again, "etag").as_deref(), Some(etag.as_str()));
    assert!(again.text().await.expect("body").is_empty());
    let by_date = app
        .feed("/calendar.ics", &[("if-modified-since", &modified)])
        .await;
    assert_eq!(by_date.status(), StatusCode::NOT_MODIFIED);
    let other = app
        .feed("/calendar.ics", &[("if-none-match", "\"0000\"")])
        .await;
    assert_eq!(other.status(), StatusCode::OK);
    // A request naming another host gets that host's links, and nobody else does.
    let foreign = app.feed("/calendar.ics", &[("host", "evil.example")]).await;
    assert!(
        foreign
            .text()
            .await
            .expect("body")
            .contains("URL:http://evil.example/sessions/")
    );
    let own = app.feed_text("/calendar.ics").await;
    assert!(!own.contains("evil.example"), "a host's feed is kept apart");
    // Compressed when asked.
    let gzip = app
        .feed("/calendar.ics", &[("accept-encoding", "gzip")])
        .await;
    assert_eq!(header(&gzip, "content-encoding").as_deref(), Some("gzip"));
    assert_eq!(header(&gzip, "vary").as_deref(), Some("accept-encoding"));
    let compressed = gzip.bytes().await.expect("body");
    let mut unzipped = String::new();
    std::io::Read::read_to_string(
        &mut flate2::read::GzDecoder::new(&compressed[..]),
        &mut unzipped,
    )
    .expect("gunzip once");
    assert_eq!(unzipped, text, "the same feed, compressed once");

    // A new time: the same UID, a higher SEQUENCE, a new ETag; the old copy is stale.
    let moved = SessionForm {
        start_date: "2027-03-04".into(),
        ..bengkulu_form("x")
    };
    let mut details = app
        .db
        .session_for_editing(jabar)
        .await
        .expect("read")
        .expect("session")
        .details;
    details.time = moved.validate().expect("valid").time;
    app.db
        .update_session(jabar, &details, Actor::System, Utc::now())
        .await
        .expect("move");
    let response = app.feed("/calendar.ics", &[("if-none-match", &etag)]).await;
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "the change reaches the cached feed"
    );
    assert_ne!(header(&response, "etag").as_deref(), Some(etag.as_str()));
    let feed = parse_feed(&response.text().await.expect("body"));
    let event = feed.event_of(jabar);
    assert_eq!(event["SEQUENCE"].0, "1");
    assert_eq!(event["DTSTART"].0, "20270304T090000");

    // A cancelled session stays, marked.
    app.db
        .change_status(
            bengkulu,
            SessionStatus::Cancelled,
            Actor::System,
            Utc::now(),
        )
        .await
        .expect("cancel");
    let feed = parse_feed(&app.feed_text("/calendar.ics").await);
    let event = feed.event_of(bengkulu);
    assert_eq!(event["STATUS"].0, "CANCELLED");
    assert_eq!(event["SUMMARY"].0, "DIBATALKAN: Rakor Bengkulu");
    assert_eq!(event["SEQUENCE"].0, "1");

    // Region, kind and speaker feeds hold exactly their sessions.
    for (path, expected) in [
        ("/calendar/region/32.ics", vec![jabar]),
        ("/calendar/region/32.12.ics", vec![jabar]),
        ("/calendar/region/17.ics", vec![bengkulu]),
        ("/calendar/region/17.01.ics", vec![bengkulu]),
        ("/calendar/region/33.ics", vec![]),
        ("/calendar/kind/webinar.ics", vec![jabar]),
        ("/calendar/kind/rakor.ics", vec![bengkulu]),
    ] {
        assert_eq!(
            parse_feed(&app.feed_text(path).await).holds(&ours),
            uids_of(&expected),
            "{path}"
        );
    }
    let speaker_feed = parse_feed(
        &app.feed_text(&format!("/calendar/speaker/{}.ics", speaker.0))
            .await,
    );
    assert_eq!(speaker_feed.uids(), uids_of(&[jabar]));
    assert_eq!(
        speaker_feed.head["X-WR-CALNAME"],
        "Simpul: Dr. Wahyu Hidayat"
    );
    for missing in [
        "/calendar/region/99.ics",
        "/calendar/kind/rapat.ics",
        "/calendar/speaker/999.ics",
        "/calendar/region/32",
        "/calendar/private/short.ics",
    ] {
        assert_eq!(
            app.feed(missing, &[]).await.status(),
            StatusCode::NOT_FOUND,
            "{missing}"
        );
    }

    // One session's file; a draft's is not found; the session page is still the page.
    let response = app.feed(&format!("/sessions/{}.ics", jabar.0), &[]).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        header(&response, "content-disposition")
            .is_some_and(|d| d.contains(&format!("sesi-{}.ics", jabar.0)))
    );
    let one = parse_feed(&response.text().await.expect("body"));
    assert_eq!(one.uids(), uids_of(&[jabar]));
    assert_eq!(
        app.feed(&format!("/sessions/{}.ics", draft.0), &[])
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let (status, page) = app.page(Anonymous, &format!("/sessions/{}", jabar.0)).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("calendar.google.com")
            && page.contains(&format!("/sessions/{}.ics", jabar.0)),
        "add-to-calendar links"
    );

    // Private feeds: made by the server function, shown once, with the passcode for
    // the organizer's own session; revoked, they are gone.
    let own = {
        let details = SessionForm {
            title: "Sesi panitia".into(),
            ..SessionForm {
                kind: "webinar".into(),
                organizer_unit: "Ditjen Polpum".into(),
                start_date: "2027-03-05".into(),
                start_time: "09:00".into(),
                end_time: "11:00".into(),
                zone: "Asia/Makassar".into(),
                mode: "daring".into(),
                meeting_link: "https://zoom.example.id/j/555".into(),
                passcode: "sandi-panitia".into(),
                ..SessionForm::default()
            }
        }
        .validate()
        .expect("valid");
        app.db
            .create_session(
                &details,
                SessionStatus::Published,
                Actor::User(app.users[&Organizer]),
                Utc::now(),
            )
            .await
            .expect("create")
    };
    let refused = app
        .request(Anonymous, "POST", "/api/calendar/private/renew", false)
        .send()
        .await
        .expect("request");
    assert_ne!(
        refused.status(),
        StatusCode::OK,
        "no private feed without signing in"
    );
    let links = app
        .call(Organizer, "/api/calendar/private/renew", &[])
        .await;
    let address = links["address"].as_str().expect("an address").to_owned();
    let path = address
        .strip_prefix(&app.base)
        .expect("on this site")
        .to_owned();
    assert!(path.starts_with("/calendar/private/") && path.ends_with(".ics"));
    assert!(
        links["webcal"]
            .as_str()
            .is_some_and(|w| w.starts_with("webcal://"))
    );
    let private = app.feed_text(&path).await;
    let feed = parse_feed(&private);
    assert_eq!(feed.uids(), uids_of(&[own]));
    assert!(
        feed.event_of(own)["DESCRIPTION"]
            .0
            .contains("Kode sandi: sandi-panitia")
    );
    assert_eq!(feed.zones, ["Asia/Makassar"]);
    // The operator's private feed: their region's session, without its passcode.
    let operator_links = app
        .call(OperatorJabar, "/api/calendar/private/renew", &[])
        .await;
    let operator_path = operator_links["address"]
        .as_str()
        .expect("address")
        .replace(&app.base, "");
    let operator_feed = app.feed_text(&operator_path).await;
    assert_eq!(
        parse_feed(&operator_feed).holds(&[jabar, bengkulu, own]),
        uids_of(&[jabar])
    );
    assert!(!operator_feed.contains("rahasia-rapat"));
    // A new address stops the old one; revoking stops the new one.
    let renewed = app
        .call(Organizer, "/api/calendar/private/renew", &[])
        .await;
    let renewed_path = renewed["address"]
        .as_str()
        .expect("address")
        .replace(&app.base, "");
    assert_eq!(app.feed(&path, &[]).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.feed(&renewed_path, &[]).await.status(), StatusCode::OK);
    app.call(Organizer, "/api/calendar/private/revoke", &[])
        .await;
    assert_eq!(
        app.feed(&renewed_path, &[]).await.status(),
        StatusCode::NOT_FOUND
    );
});

// ---- Participation reports (issue 8) ----

/// `YYYY-MM-DD`, `days` from today (in Jakarta).
fn day_from_today(days: i64) -> String {
    (simpul::participation::report_day(Utc::now()) + chrono::Duration::days(days)).to_string()
}

on_both!(participation_reports_as_json_xlsx_and_pdf, |app| {
    use Who::*;
    use simpul::attendance::CheckInMethod;
    use simpul::registration::{RegistrationContext, RegistrationForm, RegistrationSource};
    use simpul::storage::{CheckInTarget, Registrar, RegistrarScope};
    // A session of Bengkulu three weeks ago: 17.01 came, the provincial office did not.
    let form = SessionForm {
        start_date: day_from_today(-21),
        ..bengkulu_form("Rakor Evaluasi Pilkada")
    };
    let details = form.validate().expect("valid");
    let id = app
        .db
        .create_session(
            &details,
            SessionStatus::Published,
            Actor::System,
            Utc::now(),
        )
        .await
        .expect("create");
    app.db
        .set_invitations(id, &[invite("17", true)], Actor::System, Utc::now())
        .await
        .expect("invite");
    let before = details.time.start() - chrono::Duration::days(7);
    let registrar = Registrar {
        by: Actor::System,
        source: RegistrationSource::Office,
        scope: RegistrarScope::Organizer,
    };
    let mut people = Vec::new();
    for (n, region) in [(1, "17.01"), (2, "17.01"), (3, "17")] {
        let details = RegistrationForm {
            name: format!("Peserta {n}"),
            email: format!("peserta{n}@example.go.id"),
            mode: "luring".into(),
            region: region.into(),
            ..RegistrationForm::default()
        }
        .validate(&RegistrationContext {
            session_mode: simpul::SessionMode::Luring,
            default_region: None,
        })
        .expect("valid person");
        let mut records = app
            .db
            .register(id, &[(1, details)], &registrar, before)
            .await
            .expect("registered");
        people.push(records.remove(0));
    }
    app.db
        .check_in(
            id,
            &CheckInTarget::Code(people[0].check_in_code.clone()),
            CheckInMethod::Code,
            Actor::System,
            details.time.start(),
        )
        .await
        .expect("checked in");

    let filter = format!(
        "from={}&to={}&kind=rakor",
        day_from_today(-60),
        day_from_today(0)
    );
    let (status, report) = app
        .get_json(
            Organizer,
            &format!("/api/v1/reports/participation?{filter}"),
        )
        .await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["level"], "province");
    assert_eq!(report["lines"].as_array().map(Vec::len), Some(38));
    let bengkulu = report["lines"]
        .as_array()
        .and_then(|lines| lines.iter().find(|l| l["region"] == "17"))
        .expect("Bengkulu");
    assert_eq!(bengkulu["sessions_invited"], 1);
    assert_eq!(bengkulu["present"], 0);
    assert_eq!(bengkulu["attention"], "never_came");
    assert_eq!(bengkulu["regencies"]["reached"], 1);
    assert_eq!(bengkulu["regencies"]["with_province"]["present"], 1);
    // 1 present of 3 registered.
    assert_eq!(
        bengkulu["regencies"]["with_province"]["attendance_rate"],
        33.3
    );
    let months = report["months"].as_array().expect("months");
    assert!(months.iter().any(|m| m["present"] == 1), "{months:?}");
    let (_, regencies) = app
        .get_json(
            Admin,
            &format!("/api/v1/reports/participation?{filter}&level=regency"),
        )
        .await;
    let kaur = regencies["lines"]
        .as_array()
        .and_then(|lines| lines.iter().find(|l| l["region"] == "17.01"))
        .expect("17.01");
    assert_eq!(
        (kaur["registered"].as_u64(), kaur["present"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(kaur["attendance_rate"], 50.0);
    // Webinars only: nothing.
    let (_, webinars) = app
        .get_json(Organizer, "/api/v1/reports/participation?kind=webinar")
        .await;
    assert!(
        webinars["lines"]
            .as_array()
            .expect("lines")
            .iter()
            .all(|l| l["present"] == 0)
    );
    // A bad filter names its fields.
    let (status, refused) = app
        .get_json(
            Organizer,
            "/api/v1/reports/participation?from=2026-13-01&to=2026-01-01&level=desa",
        )
        .await;
    assert_eq!(status, 422, "{refused}");
    let fields: Vec<&str> = refused["error"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|f| f["field"].as_str())
        .collect();
    assert_eq!(fields, ["from", "level"]);

    // The spreadsheet, read back: a sheet per level with every region.
    let xlsx = app
        .request(
            Organizer,
            "GET",
            &format!("/reports/participation.xlsx?{filter}"),
            false,
        )
        .send()
        .await
        .expect("request");
    assert_eq!(xlsx.status(), 200);
    assert!(
        header(&xlsx, "content-disposition")
            .is_some_and(|d| d.contains("partisipasi-") && d.ends_with(".xlsx\""))
    );
    let bytes = xlsx.bytes().await.expect("body");
    use calamine::Reader;
    let mut workbook: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).expect("xlsx");
    assert_eq!(
        workbook.sheet_names(),
        [
            "Provinsi",
            "Kabupaten-Kota",
            "Per bulan",
            "Instansi",
            "Narasumber"
        ]
    );
    let provinces = workbook.worksheet_range("Provinsi").expect("sheet");
    assert_eq!(provinces.rows().count(), 39, "a header and 38 provinces");
    let row: Vec<String> = provinces
        .rows()
        .find(|r| r[0] == "17")
        .expect("Bengkulu's row")
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        (
            row[1].as_str(),
            row[3].as_str(),
            row[6].as_str(),
            row[11].as_str(),
            row[13].as_str()
        ),
        ("Bengkulu", "1", "0", "33.3", "belum pernah hadir")
    );
    let regency_rows = workbook.worksheet_range("Kabupaten-Kota").expect("sheet");
    assert_eq!(
        regency_rows.rows().count(),
        515,
        "a header and 514 regencies"
    );

    // The one-page PDF.
    let pdf = app
        .request(
            Admin,
            "GET",
            &format!("/reports/participation.pdf?{filter}"),
            false,
        )
        .send()
        .await
        .expect("request");
    assert_eq!(pdf.status(), 200);
    assert_eq!(
        header(&pdf, "content-type").as_deref(),
        Some("application/pdf")
    );
    let bytes = pdf.bytes().await.expect("body");
    let document = lopdf::Document::load_mem(&bytes).expect("a PDF");
    assert_eq!(document.get_pages().len(), 1, "one page");
    let text = document.extract_text(&[1]).expect("text");
    for expected in [
        "Laporan Partisipasi Daerah",
        "Bengkulu",
        "belum pernah hadir",
        "Tingkat kehadiran per bulan",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }

    // The region's page takes the same filter: the session is in the period, its
    // regency's people are counted, the date fields show the period.
    let row = format!("data-session=\"{}\"", id.0);
    let (status, html) = app
        .page(Organizer, &format!("/regions/17.01?{filter}"))
        .await;
    assert_eq!(status, 200);
    assert!(html.contains(&row), "the session is listed");
    assert!(
        html.contains(&format!("value=\"{}\"", day_from_today(-60))),
        "from shown"
    );
    assert!(html.contains("id=\"report-filter\""), "the filter form");
    // A period after it, or another kind: the session is not in the record.
    let (status, html) = app
        .page(
            Admin,
            &format!("/regions/17.01?from={}", day_from_today(-10)),
        )
        .await;
    assert_eq!(status, 200);
    assert!(!html.contains(&row), "outside the period");
    let (_, html) = app.page(Organizer, "/regions/17.01?kind=webinar").await;
    assert!(!html.contains(&row), "another kind");
    let (_, html) = app.page(Organizer, "/regions/17.01").await;
    assert!(html.contains(&row), "the last twelve months by default");
    // A reversed period is named, with nothing of the record.
    let (status, html) = app
        .page(Organizer, "/regions/17.01?from=2026-05-01&to=2026-04-01")
        .await;
    assert_eq!(status, 200);
    assert!(html.contains("field-error"), "{html}");
    assert!(!html.contains(&row));
});
