//! `GET /api/openapi.json`: an OpenAPI 3.1 description of the JSON API.
//!
//! Written here by hand rather than derived (utoipa, aide): the API's types use the
//! domain's closed word sets, and deriving schemas would put a documentation
//! dependency into the domain crate that is also compiled to WebAssembly. The HTTP
//! tests check that every route the router serves is described here and the reverse,
//! so the two cannot drift apart unnoticed.

use axum::Json;
use serde_json::{Value, json};

/// Every `(method, path)` the document describes, as the router serves them.
pub const OPERATIONS: [(&str, &str); 18] = [
    ("get", "/api/v1/regions"),
    ("get", "/api/v1/regions/{code}"),
    ("get", "/api/v1/sessions"),
    ("post", "/api/v1/sessions"),
    ("get", "/api/v1/sessions/{id}"),
    ("patch", "/api/v1/sessions/{id}"),
    ("post", "/api/v1/sessions/{id}/publish"),
    ("post", "/api/v1/sessions/{id}/cancel"),
    ("post", "/api/v1/sessions/{id}/materials"),
    ("get", "/api/v1/speakers"),
    ("get", "/api/v1/speakers/{id}"),
    ("get", "/api/v1/institutions"),
    ("get", "/api/v1/sessions/{id}/registrations"),
    ("post", "/api/v1/sessions/{id}/registrations"),
    ("delete", "/api/v1/registrations/{id}"),
    ("post", "/api/v1/sessions/{id}/check-ins"),
    ("get", "/api/v1/reports/participation"),
    ("get", "/api/openapi.json"),
];

pub async fn document() -> Json<Value> {
    Json(openapi())
}

/// The whole document: the sessions, speakers and regions, then the registrations
/// and check-ins.
fn openapi() -> Value {
    let mut document = base_document();
    for more in [registration_paths(), check_in_paths(), report_paths()] {
        if let (Some(paths), Value::Object(more)) = (document["paths"].as_object_mut(), more) {
            paths.extend(more);
        }
    }
    if let (Some(schemas), Value::Object(more)) = (
        document["components"]["schemas"].as_object_mut(),
        registration_schemas(),
    ) {
        schemas.extend(more);
    }
    document
}

/// Participation reports (issue 8).
fn report_paths() -> Value {
    let query = |name: &str, description: &str, schema: Value| json!({ "name": name, "in": "query", "required": false, "description": description, "schema": schema });
    let numbers = json!({
        "registered": { "type": "integer" },
        "present": { "type": "integer" },
        "excused": { "type": "integer" },
        "attendance_rate": { "type": ["number", "null"], "description": "Percent, one decimal: present / (registered at sessions that have begun - excused)" }
    });
    let line = json!({
        "type": "object",
        "properties": {
            "region": { "type": "string" }, "name": { "type": "string" },
            "level": { "enum": ["province", "kabupaten", "kota"] },
            "province": { "type": ["string", "null"] },
            "sessions_invited": { "type": "integer" }, "sessions_attended": { "type": "integer" },
            "registered": numbers["registered"], "present": numbers["present"], "excused": numbers["excused"],
            "attendance_rate": numbers["attendance_rate"],
            "last_attended": { "type": ["string", "null"], "format": "date-time" },
            "attention": { "enum": ["not_invited", "never_came", "falling", null], "description": "Why the region needs attention (perlu perhatian)" },
            "regencies": { "type": ["object", "null"], "description": "For a province: its regencies together and the whole province's numbers",
                "properties": { "count": { "type": "integer" }, "invited": { "type": "integer" }, "reached": { "type": "integer" }, "attention": { "type": "integer" },
                    "with_province": { "type": "object", "properties": numbers } } }
        }
    });
    json!({
        "/api/v1/reports/participation": { "get": {
            "summary": "Participation per province or per regency in a period (admins and organizers)",
            "security": [{ "bearer": [] }, { "cookie": [] }],
            "parameters": [
                query("from", "First day, YYYY-MM-DD (WIB); default: the first day of the month eleven months back", json!({ "type": "string", "format": "date" })),
                query("to", "Last day, YYYY-MM-DD (WIB); default: today. At most ten years after `from`", json!({ "type": "string", "format": "date" })),
                query("kind", "rakor, webinar or sosialisasi; default: all", json!({ "enum": ["rakor", "webinar", "sosialisasi"] })),
                query("level", "province (default) or regency", json!({ "enum": ["province", "regency"] }))
            ],
            "responses": {
                "200": { "description": "One line per region of the level, in code order, and one per month", "content": { "application/json": { "schema": {
                    "type": "object",
                    "properties": {
                        "period": { "type": "object", "properties": { "from": { "type": "string", "format": "date" }, "to": { "type": "string", "format": "date" } } },
                        "kind": { "type": ["string", "null"] },
                        "level": { "enum": ["province", "regency"] },
                        "lines": { "type": "array", "items": line },
                        "months": { "type": "array", "items": { "type": "object", "properties": {
                            "month": { "type": "string", "description": "YYYY-MM" }, "sessions": { "type": "integer" }, "registered": { "type": "integer" },
                            "present": { "type": "integer" }, "expected": { "type": "integer" }, "attendance_rate": { "type": ["number", "null"] },
                            "regions_present": { "type": "integer" } } } }
                    }
                } } } },
                "401": error_response("No valid API token or sign-in"),
                "403": error_response("Not an organizer or admin"),
                "422": error_response("`invalid`: a date that is not YYYY-MM-DD, `to` before `from`, a period over ten years, an unknown kind or level")
            }
        } }
    })
}

/// Check-ins (issue 6).
fn check_in_paths() -> Value {
    json!({
        "/api/v1/sessions/{id}/check-ins": { "post": {
            "summary": "Check a registrant in by their code (or a registration id, for a person found by name); every check-in is kept",
            "security": [{ "bearer": [] }, { "cookie": [] }],
            "parameters": [id_parameter()],
            "requestBody": { "required": true, "content": { "application/json": { "schema": {
                "type": "object", "additionalProperties": false,
                "description": "Exactly one of the two",
                "properties": {
                    "code": { "type": "string", "description": "The check-in code, any case, with or without the hyphen (ABCDE-FGHJK)" },
                    "registration_id": { "type": "integer" }
                }
            } } } },
            "responses": {
                "201": { "description": "Checked in for the first time", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/CheckIn" } } } },
                "200": { "description": "Checked in before: `new` is false and `first_at` says since when (this check-in is kept too)", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/CheckIn" } } } },
                "400": error_response("Not JSON, both or neither of code and registration_id, or not a code"),
                "401": error_response("No valid API token or sign-in"),
                "403": error_response("Not an organizer or admin"),
                "404": error_response("No such session, or a registration id of another session"),
                "409": error_response("`check_in_refused`: the session takes no check-ins (draft or cancelled)"),
                "422": error_response("`check_in_refused` with the reason in `fields[0].code`: `unknown_code`, `other_session`, `cancelled`")
            }
        } }
    })
}

/// The registration operations (issue 5), kept apart so that no one `json!` grows
/// past the macro's recursion limit.
fn registration_paths() -> Value {
    let list = json!({ "type": "array", "items": { "$ref": "#/components/schemas/Registration" } });
    json!({
        "/api/v1/sessions/{id}/registrations": {
            "get": {
                "summary": "A session's registrations: all for organizers and admins, their own region's for an operator",
                "security": [{ "bearer": [] }, { "cookie": [] }],
                "parameters": [id_parameter()],
                "responses": {
                    "200": { "description": "Registrations in the order they came, cancelled ones last", "content": { "application/json": { "schema": list } } },
                    "401": error_response("No valid API token or sign-in"),
                    "403": error_response("A role that registers nobody"),
                    "404": error_response("No such session, or one that does not invite the operator's region")
                }
            },
            "post": {
                "summary": "Register one person (an object) or many (an array), all or none; each gets a seat of its mode or a place on the waitlist",
                "security": [{ "bearer": [] }, { "cookie": [] }],
                "parameters": [id_parameter()],
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "oneOf": [
                    { "$ref": "#/components/schemas/RegistrationFields" },
                    { "type": "array", "maxItems": 1000, "items": { "$ref": "#/components/schemas/RegistrationFields" } }
                ] } } } },
                "responses": {
                    "201": { "description": "The registrations made", "content": { "application/json": { "schema": list } } },
                    "400": error_response("Not JSON, an unknown field or a value that is not text (named as [row].field)"),
                    "401": error_response("No valid API token or sign-in"),
                    "403": error_response("A role that registers nobody"),
                    "404": error_response("No such session, or one that does not invite the operator's region"),
                    "409": error_response("Registration is closed (not published, or past the deadline for offices)"),
                    "422": error_response("Rows with problems, each with `row`, `field` and `code`; nothing saved")
                }
            }
        },
        "/api/v1/registrations/{id}": { "delete": {
            "summary": "Cancel a registration (kept, marked cancelled); the first waitlisted person who fits gets the seat",
            "security": [{ "bearer": [] }, { "cookie": [] }],
            "parameters": [id_parameter()],
            "responses": {
                "200": { "description": "Cancelled, with the ids promoted from the waitlist", "content": { "application/json": { "schema": {
                    "type": "object", "properties": { "cancelled": { "type": "integer" }, "promoted": { "type": "array", "items": { "type": "integer" } } }
                } } } },
                "401": error_response("No valid API token or sign-in"),
                "403": error_response("A role that registers nobody"),
                "404": error_response("No such registration, or another region's"),
                "409": error_response("Registration is closed")
            }
        } }
    })
}

fn registration_schemas() -> Value {
    let text = json!({ "type": "string" });
    let optional = json!({ "type": ["string", "null"] });
    json!({
        "RegistrationFields": {
            "type": "object",
            "required": ["name"],
            "additionalProperties": false,
            "properties": {
                "name": text, "position": text, "office": text,
                "nip": { "type": "string", "description": "18 digits, optional" },
                "email": { "type": "string", "description": "An e-mail address or a phone number is required" },
                "phone": text,
                "mode": { "enum": ["luring", "daring"], "description": "May be left out when the session offers one mode" },
                "region": { "type": "string", "description": "Region code; default: the operator's own region" }
            }
        },
        "CheckIn": {
            "type": "object",
            "properties": {
                "new": { "type": "boolean" },
                "at": { "type": "string", "format": "date-time" },
                "first_at": { "type": "string", "format": "date-time" },
                "admitted_from_waitlist": { "type": "boolean", "description": "The person was waitlisted and is now confirmed" },
                "registration": { "type": "object", "properties": {
                    "id": { "type": "integer" }, "name": text, "position": text, "office": text,
                    "mode": { "enum": ["luring", "daring"] }, "region": text, "region_name": text
                } }
            }
        },
        "Registration": {
            "type": "object",
            "properties": {
                "id": { "type": "integer" }, "session_id": { "type": "integer" },
                "name": text, "nip": optional, "position": text, "office": text,
                "email": optional, "phone": optional,
                "mode": { "enum": ["luring", "daring"] },
                "region": text, "region_name": text,
                "status": { "enum": ["confirmed", "waitlisted", "cancelled"] },
                "source": { "enum": ["office", "public", "api", "walk_in"] },
                "check_in_code": { "type": ["string", "null"], "description": "While confirmed" },
                "confirmation_path": { "type": "string", "description": "The registrant's private page" },
                "created_at": { "type": "string", "format": "date-time" }
            }
        }
    })
}

fn error_response(description: &str) -> Value {
    json!({
        "description": description,
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
    })
}

fn session_response(description: &str) -> Value {
    json!({
        "description": description,
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Session" } } }
    })
}

fn id_parameter() -> Value {
    json!({
        "name": "id", "in": "path", "required": true,
        "schema": { "type": "integer", "minimum": 1 }
    })
}

fn query(name: &str, description: &str) -> Value {
    json!({ "name": name, "in": "query", "required": false, "description": description, "schema": { "type": "string" } })
}

/// A write: needs a signed-in organizer or admin, or one of their API tokens.
fn write_operation(summary: &str, extra: Value) -> Value {
    let mut operation = json!({
        "summary": summary,
        "security": [{ "bearer": [] }, { "cookie": [] }],
        "parameters": [id_parameter()],
        "responses": {
            "200": session_response("The session as it now is"),
            "400": error_response("A malformed id or body, naming the parameter"),
            "401": error_response("No valid API token or sign-in"),
            "403": error_response("The role does not allow managing sessions"),
            "404": error_response("No such session"),
            "409": error_response("The session's status does not allow this"),
        }
    });
    if let (Some(target), Value::Object(extra)) = (operation.as_object_mut(), extra) {
        target.extend(extra);
    }
    operation
}

/// The whole document.
fn base_document() -> Value {
    let text = json!({ "type": "string" });
    let nullable_text = json!({ "type": ["string", "null"] });
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Simpul API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Sessions (rakor, webinars, sosialisasi) of Ditjen Polpum and the regions they invite. Reading published sessions needs no account. Writing needs an organizer or admin: an API token (`Authorization: Bearer simpul_…`, made on the account page or with `simpul token create`) or a browser sign-in. Times are RFC 3339 with the session's zone offset. A meeting passcode is never sent."
        },
        "components": {
            "securitySchemes": {
                "bearer": { "type": "http", "scheme": "bearer", "description": "A personal API token, shown once when made" },
                "cookie": { "type": "apiKey", "in": "cookie", "name": crate::auth::SIGN_IN_COOKIE }
            },
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": { "error": {
                        "type": "object",
                        "required": ["code", "message"],
                        "properties": {
                            "code": { "enum": ["invalid_parameter", "not_found", "unauthorized", "forbidden", "invalid", "conflict", "internal"] },
                            "field": text,
                            "message": text,
                            "fields": { "type": "array", "items": {
                                "type": "object",
                                "properties": { "row": { "type": "integer", "description": "For a list of people: which one, from 1" }, "field": text, "code": text, "message": text }
                            } }
                        }
                    } }
                },
                "Region": {
                    "type": "object",
                    "properties": {
                        "code": { "type": "string", "examples": ["32", "32.12"] },
                        "name": text,
                        "level": { "enum": ["province", "kabupaten", "kota"] },
                        "parent": nullable_text,
                        "time_zone": { "enum": ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"] },
                        "time_zone_label": { "enum": ["WIB", "WITA", "WIT"] }
                    }
                },
                "SessionFields": {
                    "description": "The session's fields as the editor has them, all text. Times are local to `zone`.",
                    "type": "object",
                    "properties": {
                        "kind": { "enum": ["rakor", "webinar", "sosialisasi"] },
                        "title": text, "theme": text, "description": text, "organizer_unit": text,
                        "start_date": { "type": "string", "examples": ["2027-01-05"] },
                        "start_time": { "type": "string", "examples": ["09:00"] },
                        "end_date": { "type": "string", "description": "Empty: the start date" },
                        "end_time": { "type": "string", "examples": ["12:00"] },
                        "zone": { "enum": ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"] },
                        "mode": { "enum": ["luring", "daring", "hybrid"] },
                        "venue": text, "venue_region": text,
                        "meeting_link": text, "meeting_id": text, "passcode": text,
                        "capacity_onsite": text, "capacity_online": text
                    }
                },
                "Session": {
                    "type": "object",
                    "properties": {
                        "id": { "type": "integer" },
                        "kind": { "enum": ["rakor", "webinar", "sosialisasi"] },
                        "status": { "enum": ["draft", "published", "cancelled", "completed"] },
                        "title": text, "theme": text, "description": text, "organizer_unit": text,
                        "start": { "type": "string", "format": "date-time" },
                        "end": { "type": "string", "format": "date-time" },
                        "time_zone": text, "time_zone_label": text,
                        "mode": { "enum": ["luring", "daring", "hybrid"] },
                        "venue": { "type": ["object", "null"], "properties": { "name": text, "region": nullable_text, "region_name": nullable_text } },
                        "meeting": { "type": ["object", "null"], "properties": { "link": text, "meeting_id": nullable_text } },
                        "capacity_onsite": { "type": ["integer", "null"] },
                        "capacity_online": { "type": ["integer", "null"] },
                        "revision": { "type": "integer", "description": "Rises with every change that matters to attendees" },
                        "url": text,
                        "updated_at": { "type": "string", "format": "date-time" },
                        "invited_regions": { "type": "array", "items": { "type": "object", "properties": {
                            "code": text, "name": text, "with_regencies": { "type": "boolean" }
                        } } },
                        "speakers": { "type": "array", "description": "Confirmed speakers; every speaker with `status` for organizers", "items": { "type": "object", "properties": {
                            "speaker_id": { "type": "integer" }, "name": text, "position": text, "institution": nullable_text,
                            "role": { "enum": ["opening", "keynote", "speaker", "moderator", "respondent"] },
                            "topic": text,
                            "status": { "enum": ["invited", "confirmed", "declined"] }
                        } } },
                        "rundown": { "type": "array", "items": { "type": "object", "properties": {
                            "start": { "type": "string", "format": "date-time" },
                            "end": { "type": "string", "format": "date-time" },
                            "title": text,
                            "kind": { "enum": ["opening", "keynote", "talk", "discussion", "closing"] },
                            "speaker_ids": { "type": "array", "items": { "type": "integer" } }
                        } } },
                        "materials": { "type": "array", "items": { "$ref": "#/components/schemas/Material" } }
                    }
                },
                "Material": {
                    "type": "object",
                    "properties": {
                        "id": { "type": "integer" }, "title": text, "file_name": text,
                        "kind": { "enum": ["pdf", "pptx", "docx", "xlsx"] },
                        "size_bytes": { "type": "integer" }, "sha256": text,
                        "visibility": { "enum": ["public", "registrants"] },
                        "url": { "type": "string", "description": "Where to download it" }
                    }
                },
                "Speaker": {
                    "type": "object",
                    "description": "A speaker in the registry; never their private contact",
                    "properties": {
                        "id": { "type": "integer" }, "name": { "type": "string", "description": "With titles, exactly as written" },
                        "position": text,
                        "institution": { "type": ["object", "null"], "properties": { "id": { "type": "integer" }, "name": text } },
                        "url": text,
                        "sessions": { "type": "array", "description": "Only for one speaker: confirmed parts in public sessions", "items": { "type": "object", "properties": {
                            "session_id": { "type": "integer" }, "title": text,
                            "status": { "enum": ["published", "cancelled", "completed"] },
                            "start": { "type": "string", "format": "date-time" }, "end": { "type": "string", "format": "date-time" },
                            "role": text, "topic": text
                        } } }
                    }
                },
                "Institution": {
                    "type": "object",
                    "properties": {
                        "id": { "type": "integer" }, "name": text, "region": nullable_text, "region_name": nullable_text,
                        "central": { "type": "boolean" },
                        "other_names": { "type": "array", "items": text },
                        "speakers": { "type": "integer" }
                    }
                }
            }
        },
        "paths": {
            "/api/v1/regions": { "get": {
                "summary": "The 38 provinces and 514 regencies and cities",
                "parameters": [query("level", "province or regency"), query("parent", "a province code: its regencies")],
                "responses": {
                    "200": { "description": "Regions", "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/Region" } } } } },
                    "400": error_response("A malformed parameter, named")
                }
            } },
            "/api/v1/regions/{code}": { "get": {
                "summary": "One region",
                "parameters": [{ "name": "code", "in": "path", "required": true, "schema": { "type": "string" } }],
                "responses": {
                    "200": { "description": "The region", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Region" } } } },
                    "400": error_response("Not a region code"),
                    "404": error_response("No such region")
                }
            } },
            "/api/v1/sessions": {
                "get": {
                    "summary": "Sessions that match the filter; status=draft needs an organizer or admin",
                    "parameters": [
                        query("from", "a date (2023-01-31, midnight WIB) or RFC 3339 time"),
                        query("to", "a date or RFC 3339 time"),
                        query("kind", "rakor, webinar or sosialisasi"),
                        query("region", "an invited province or regency code"),
                        query("status", "draft, published, cancelled or completed (default: all but draft)")
                    ],
                    "responses": {
                        "200": { "description": "Sessions, soonest first, each with its speakers, rundown and materials as for one session", "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/Session" } } } } },
                        "400": error_response("A malformed parameter, named"),
                        "401": error_response("status=draft without a valid token or sign-in"),
                        "403": error_response("status=draft for a role that may not read drafts")
                    }
                },
                "post": {
                    "summary": "Create a draft session",
                    "security": [{ "bearer": [] }, { "cookie": [] }],
                    "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/SessionFields" } } } },
                    "responses": {
                        "201": session_response("The new draft"),
                        "400": error_response("The body is not JSON"),
                        "401": error_response("No valid API token or sign-in"),
                        "403": error_response("The role does not allow managing sessions"),
                        "422": error_response("Fields that do not validate, each with its code; nothing was saved")
                    }
                }
            },
            "/api/v1/sessions/{id}": {
                "get": {
                    "summary": "One session with its invited regions, speakers, rundown and materials (a draft only for organizers and admins)",
                    "parameters": [id_parameter()],
                    "responses": {
                        "200": session_response("The session"),
                        "400": error_response("Not an id"),
                        "404": error_response("No such session, or a draft the caller may not see")
                    }
                },
                "patch": write_operation("Change some fields of a draft or published session; the others keep their values", json!({
                    "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/SessionFields" } } } }
                }))
            },
            "/api/v1/sessions/{id}/publish": { "post": write_operation("Publish a draft", json!({})) },
            "/api/v1/sessions/{id}/cancel": { "post": write_operation("Cancel a session (it stays listed, marked cancelled)", json!({})) },
            "/api/v1/sessions/{id}/materials": { "post": {
                "summary": "Upload a material (PDF, PPTX, DOCX or XLSX, checked by content) to a draft or published session",
                "security": [{ "bearer": [] }, { "cookie": [] }],
                "parameters": [id_parameter()],
                "requestBody": { "required": true, "content": { "multipart/form-data": { "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": { "type": "string", "format": "binary" },
                        "title": { "type": "string", "description": "Default: the file name without extension" },
                        "visibility": { "enum": ["public", "registrants"], "description": "Default: public" }
                    }
                } } } },
                "responses": {
                    "201": { "description": "The material", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Material" } } } },
                    "400": error_response("Not a multipart form, or a bad title or visibility"),
                    "401": error_response("No valid API token or sign-in"),
                    "403": error_response("The role does not allow managing sessions"),
                    "404": error_response("No such session"),
                    "409": error_response("The session is cancelled or completed"),
                    "413": error_response("The file is larger than the configured limit"),
                    "422": error_response("The file is empty, of a kind not accepted, or its name does not match its content (code in `fields`)")
                }
            } },
            "/api/v1/speakers": { "get": {
                "summary": "Speakers, searched by name or institution (prefix, typos allowed; at most 50, best first), or all by name",
                "parameters": [query("q", "words of the name or institution")],
                "responses": {
                    "200": { "description": "Speakers", "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/Speaker" } } } } },
                    "400": error_response("A malformed parameter, named")
                }
            } },
            "/api/v1/speakers/{id}": { "get": {
                "summary": "One speaker, with their confirmed parts in public sessions",
                "parameters": [id_parameter()],
                "responses": {
                    "200": { "description": "The speaker", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Speaker" } } } },
                    "400": error_response("Not an id"),
                    "404": error_response("No such speaker")
                }
            } },
            "/api/v1/institutions": { "get": {
                "summary": "The institutions speakers come from (merged ones left out)",
                "responses": {
                    "200": { "description": "Institutions by name", "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/Institution" } } } } }
                }
            } },
            "/api/openapi.json": { "get": {
                "summary": "This document",
                "responses": { "200": { "description": "OpenAPI 3.1" } }
            } }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_operation_is_described_and_no_other() {
        let document = openapi();
        let paths = document["paths"].as_object().expect("paths");
        let mut described: Vec<(String, String)> = paths
            .iter()
            .flat_map(|(path, item)| {
                item.as_object()
                    .into_iter()
                    .flat_map(|methods| methods.keys())
                    .map(move |method| (method.clone(), path.clone()))
            })
            .collect();
        described.sort();
        let mut listed: Vec<(String, String)> = OPERATIONS
            .iter()
            .map(|(m, p)| ((*m).to_owned(), (*p).to_owned()))
            .collect();
        listed.sort();
        assert_eq!(described, listed);
    }
}
