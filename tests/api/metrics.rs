//! `GET /metrics` (the Prometheus text format, for operators) and
//! `--log-format json` (one JSON object per log line).

use crate::helpers::{blocking, error_code, rapport_command, spawn_app_with, FreshDb, SHOP};
use rapport_server::{Config, ConnectionLimits};
use reqwest::{header, StatusCode};
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::time::{Duration, Instant};

const METRICS_TOKEN: &str = "a metrics token for the scraper";

/// One sample line: `name{label="value",...} value`.
#[derive(Debug)]
struct Sample {
    name: String,
    labels: BTreeMap<String, String>,
    value: f64,
}

fn is_name(s: &str, colons: bool) -> bool {
    let mut chars = s.chars();
    let ok = |c: char| c.is_ascii_alphanumeric() || c == '_' || (colons && c == ':');
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || (colons && c == ':'))
        && chars.all(ok)
}

/// `{k="v",...}` at the start of `s`: the labels and the rest after `}`.
fn labels(s: &str) -> Result<(BTreeMap<String, String>, &str), String> {
    let mut out = BTreeMap::new();
    let mut rest = s.strip_prefix('{').ok_or("no {")?;
    loop {
        if let Some(after) = rest.strip_prefix('}') {
            return Ok((out, after));
        }
        let eq = rest.find('=').ok_or("a label without =")?;
        let key = &rest[..eq];
        if !is_name(key, false) {
            return Err(format!("bad label name {key:?}"));
        }
        let mut chars = rest[eq + 1..].char_indices();
        if chars.next().map(|(_, c)| c) != Some('"') {
            return Err(format!("label {key} is not quoted"));
        }
        let mut value = String::new();
        let mut end = None;
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => match chars.next().map(|(_, c)| c) {
                    Some('\\') => value.push('\\'),
                    Some('"') => value.push('"'),
                    Some('n') => value.push('\n'),
                    other => return Err(format!("bad escape \\{other:?} in label {key}")),
                },
                '"' => {
                    end = Some(eq + 1 + i + 1);
                    break;
                }
                '\n' => return Err("a raw newline in a label".into()),
                c => value.push(c),
            }
        }
        let end = end.ok_or(format!("label {key} is not closed"))?;
        if out.insert(key.to_string(), value).is_some() {
            return Err(format!("label {key} twice"));
        }
        rest = &rest[end..];
        rest = rest.strip_prefix(',').unwrap_or(rest);
    }
}

/// Checks `text` line by line against the Prometheus text format 0.0.4:
/// `# HELP` and `# TYPE` lines with valid names and types, each family's
/// samples after its `# TYPE` and named after it (`_bucket`, `_sum`,
/// `_count` for histograms), labels quoted and escaped, values numbers.
fn parse_prometheus_text(text: &str) -> Result<Vec<Sample>, String> {
    let mut samples = Vec::new();
    let mut family: Option<(String, String)> = None;
    let mut typed = std::collections::HashSet::new();
    for (n, line) in text.lines().enumerate() {
        let fail = |why: String| format!("line {}: {why}: {line:?}", n + 1);
        if line.is_empty() {
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            let mut words = comment.trim_start().splitn(3, ' ');
            match (words.next(), words.next(), words.next()) {
                (Some("HELP"), Some(name), _) if is_name(name, true) => {}
                (Some("TYPE"), Some(name), Some(kind)) if is_name(name, true) => {
                    if !["counter", "gauge", "histogram", "summary", "untyped"].contains(&kind) {
                        return Err(fail(format!("unknown type {kind}")));
                    }
                    if !typed.insert(name.to_string()) {
                        return Err(fail(format!("{name} typed twice")));
                    }
                    family = Some((name.to_string(), kind.to_string()));
                }
                (Some("HELP" | "TYPE"), _, _) => return Err(fail("malformed".into())),
                _ => {}
            }
            continue;
        }
        let name_end = line
            .find(['{', ' '])
            .ok_or_else(|| fail("no value".into()))?;
        let name = &line[..name_end];
        if !is_name(name, true) {
            return Err(fail(format!("bad metric name {name:?}")));
        }
        let (labels, rest) = if line[name_end..].starts_with('{') {
            labels(&line[name_end..]).map_err(fail)?
        } else {
            (BTreeMap::new(), &line[name_end..])
        };
        let mut fields = rest.split_whitespace();
        let value = match fields.next().ok_or_else(|| fail("no value".into()))? {
            "+Inf" => f64::INFINITY,
            "-Inf" => f64::NEG_INFINITY,
            "NaN" => f64::NAN,
            v => v.parse().map_err(|_| fail(format!("bad value {v:?}")))?,
        };
        if let Some(ts) = fields.next() {
            ts.parse::<i64>()
                .map_err(|_| fail(format!("bad timestamp {ts:?}")))?;
        }
        if fields.next().is_some() {
            return Err(fail("more after the timestamp".into()));
        }
        let (fam, kind) = family
            .as_ref()
            .ok_or_else(|| fail("a sample before any # TYPE".into()))?;
        let belongs = name == fam
            || (kind == "histogram"
                && [
                    format!("{fam}_bucket"),
                    format!("{fam}_sum"),
                    format!("{fam}_count"),
                ]
                .iter()
                .any(|n| n == name));
        if !belongs {
            return Err(fail(format!("sample outside its family {fam}")));
        }
        if name.ends_with("_bucket") && !labels.contains_key("le") {
            return Err(fail("a bucket without le".into()));
        }
        samples.push(Sample {
            name: name.to_string(),
            labels,
            value,
        });
    }
    Ok(samples)
}

/// The value of the one sample named `name` with exactly these labels
/// (0 when there is none yet: a counter not yet touched).
fn value(samples: &[Sample], name: &str, labels: &[(&str, &str)]) -> f64 {
    let want: BTreeMap<String, String> = labels
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let found: Vec<&Sample> = samples
        .iter()
        .filter(|s| s.name == name && s.labels == want)
        .collect();
    assert!(found.len() <= 1, "{name} {labels:?} twice");
    found.first().map_or(0.0, |s| s.value)
}

rapport_store::both! {
#[test]
fn the_format_check_refuses_what_prometheus_would() {
    let good = "# HELP x_total Things.\n# TYPE x_total counter\nx_total{a=\"b \\\"q\\\"\"} 3\n";
    let s = parse_prometheus_text(good).unwrap();
    assert_eq!(s[0].labels["a"], "b \"q\"");
    for bad in [
        "x_total 1\n",                           // no TYPE
        "# TYPE x counter\nx{a=b} 1\n",          // unquoted label
        "# TYPE x counter\nx{a=\"b\"} one\n",    // not a number
        "# TYPE x counter\ny 1\n",               // another family
        "# TYPE x gauge\n# TYPE x gauge\nx 1\n", // typed twice
        "# TYPE x histogram\nx_bucket 1\n",      // bucket without le
        "# TYPE 1x counter\n",                   // bad name
        "# TYPE x counter\nx{a=\"b\"",           // not closed
    ] {
        assert!(parse_prometheus_text(bad).is_err(), "{bad:?} passed");
    }
}
}

async fn scrape(app: &crate::helpers::TestApp) -> Vec<Sample> {
    let r = app.get("/metrics", METRICS_TOKEN).await;
    assert_eq!(r.status(), StatusCode::OK);
    let kind = r.headers()[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .to_string();
    assert!(kind.starts_with("text/plain; version=0.0.4"), "{kind}");
    let text = r.text().await.unwrap();
    parse_prometheus_text(&text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

async fn metrics_app() -> crate::helpers::TestApp {
    let config = Config {
        metrics_token: Some(METRICS_TOKEN.to_string()),
        ..Config::default()
    };
    spawn_app_with(config, ConnectionLimits::default()).await
}

rapport_store::both! {
#[tokio::test]
async fn metrics_count_requests_by_route_template_and_imports_by_outcome() {
    let app = metrics_app().await;
    let before = scrape(&app).await;
    for _ in 0..2 {
        let r = app
            .get("/api/people/anna@example.org", &app.viewer_token)
            .await;
        assert_eq!(r.status(), StatusCode::OK);
    }
    let r = app.get("/api/no-such-route", &app.viewer_token).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    // One new record, one already stored, one refused.
    let duplicate = SHOP.lines().nth(1).unwrap();
    let body = format!(
        "{{\"channel\":\"instagram\",\"external_id\":\"c9\",\"kind\":\"comment\",\"author\":{{\"handle\":\"new.rider\"}},\"text\":\"Great tyres, thanks!\",\"created_at\":\"2026-10-07T10:00:00Z\",\"post_id\":\"p1\"}}\n{duplicate}\nnot json\n"
    );
    let r = app.import_jsonl(body).await;
    assert_eq!(r.status(), StatusCode::OK);
    let summary: Value = r.json().await.unwrap();
    assert_eq!(
        (
            &summary["imported"],
            &summary["duplicates"],
            &summary["rejected"]
        ),
        (&Value::from(1), &Value::from(1), &Value::from(1)),
        "{summary}"
    );
    let after = scrape(&app).await;
    let delta = |name: &str, labels: &[(&str, &str)]| {
        value(&after, name, labels) - value(&before, name, labels)
    };

    let person = [
        ("route", "/api/people/{key}"),
        ("method", "GET"),
        ("status", "2xx"),
    ];
    assert_eq!(delta("rapport_http_requests_total", &person), 2.0);
    assert_eq!(
        delta("rapport_http_request_duration_seconds_count", &person),
        2.0
    );
    let mut bucket = person.to_vec();
    bucket.push(("le", "+Inf"));
    assert_eq!(
        delta("rapport_http_request_duration_seconds_bucket", &bucket),
        2.0
    );
    let unmatched = [("route", "unmatched"), ("method", "GET"), ("status", "4xx")];
    assert_eq!(delta("rapport_http_requests_total", &unmatched), 1.0);
    let import = [
        ("route", "/api/imports"),
        ("method", "POST"),
        ("status", "2xx"),
    ];
    assert_eq!(delta("rapport_http_requests_total", &import), 1.0);
    assert!(
        after
            .iter()
            .all(|s| s.labels.values().all(|v| !v.contains("anna"))),
        "a label carries the URL rather than the route"
    );

    let jsonl = |outcome| [("format", "jsonl"), ("outcome", outcome)];
    assert_eq!(delta("rapport_imports_total", &[("format", "jsonl")]), 1.0);
    assert_eq!(
        delta("rapport_import_records_total", &jsonl("imported")),
        1.0
    );
    assert_eq!(
        delta("rapport_import_records_total", &jsonl("duplicate")),
        1.0
    );
    assert_eq!(
        delta("rapport_import_records_total", &jsonl("rejected")),
        1.0
    );
    assert_eq!(value(&after, "rapport_imports_running", &[]), 0.0);
    assert_eq!(
        delta("rapport_texts_analysed_total", &[("source", "import")]),
        2.0,
        "the new text and the duplicate's were read"
    );

    let r = app
        .post(
            "/api/analyze",
            &app.viewer_token,
            serde_json::json!({"text": "Where is my order?"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let third = scrape(&app).await;
    let request = [("source", "request")];
    assert_eq!(
        value(&third, "rapport_texts_analysed_total", &request)
            - value(&after, "rapport_texts_analysed_total", &request),
        1.0
    );
    for state in [
        "queued",
        "sending",
        "sent",
        "failed",
        "unsure",
        "recorded",
        "cancelled",
    ] {
        assert_eq!(
            value(&third, "rapport_outbox_messages", &[("state", state)]),
            0.0,
            "{state}"
        );
        assert!(
            third
                .iter()
                .any(|s| s.name == "rapport_outbox_messages" && s.labels["state"] == state),
            "the outbox's {state} is listed"
        );
    }
    // SQLite's eight readers, PostgreSQL's whole pool: what the store has.
    let pool = blocking(|| app.store.pool_state()).expect("a pool");
    assert_eq!(
        value(&third, "rapport_store_pool_max_connections", &[]),
        f64::from(pool.max)
    );
    assert!(
        value(
            &third,
            "rapport_store_pool_connections",
            &[("state", "idle")]
        ) >= 1.0
    );
    assert_eq!(value(&third, "rapport_reanalysis_running", &[]), 0.0);
}

#[tokio::test]
async fn metrics_answer_the_metrics_token_and_admins_only() {
    let app = metrics_app().await;
    let r = app.client.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(
        r.status(),
        StatusCode::UNAUTHORIZED,
        "no redirect to the login"
    );
    assert_eq!(error_code(r).await, "unauthorized");
    let r = app.get("/metrics", "not the token").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    for token in [&app.viewer_token, &app.agent_token] {
        let r = app.get("/metrics", token).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        assert_eq!(error_code(r).await, "forbidden");
    }
    for token in [METRICS_TOKEN, &app.admin_token] {
        let r = app.get("/metrics", token).await;
        assert_eq!(r.status(), StatusCode::OK);
    }
    // Without a metrics token configured, only admins.
    let open = spawn_app_with(Config::default(), ConnectionLimits::default()).await;
    let r = open.get("/metrics", METRICS_TOKEN).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        open.get("/metrics", &open.admin_token).await.status(),
        StatusCode::OK
    );
}
}

/// Reads `child`'s stderr on a thread of its own, line by line.
fn stderr_lines(child: &mut std::process::Child) -> std::sync::mpsc::Receiver<String> {
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

rapport_store::both! {
#[tokio::test]
async fn serve_with_json_logs_writes_one_json_object_per_line_and_a_line_per_request() {
    let fresh = FreshDb::new();
    let dir = fresh.dir();
    let mut child = rapport_command(
        &fresh.url,
        &["serve", "--log-format", "json", "--addr", "127.0.0.1:0"],
    )
    .current_dir(dir)
    .spawn()
    .unwrap();
    let lines = stderr_lines(&mut child);
    let mut seen: Vec<String> = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    let base = loop {
        let line = lines
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .unwrap_or_else(|_| panic!("the server never said where it listens: {seen:?}"));
        seen.push(line.clone());
        let v: Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line}"));
        if let Some(m) = v["message"].as_str() {
            if let Some(rest) = m.strip_prefix("serving the dashboard at ") {
                break rest.split('/').take(3).collect::<Vec<_>>().join("/");
            }
        }
    };
    let client = reqwest::Client::new();
    let r = client.get(format!("{base}/health")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let r = client
        .get(format!("{base}/api/people/anna@example.org"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    // The request lines are written once each answer has gone out.
    let mut requests: Vec<Value> = Vec::new();
    while requests.len() < 2 {
        let line = lines
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .unwrap_or_else(|_| panic!("no request lines: {seen:?}"));
        seen.push(line.clone());
        let v: Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line}"));
        if v["message"] == "request" {
            requests.push(v);
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    // Whatever else was written is JSON too.
    while let Ok(line) = lines.recv_timeout(Duration::from_secs(5)) {
        serde_json::from_str::<Value>(&line).unwrap_or_else(|e| panic!("{e}: {line}"));
    }
    let health = &requests[0];
    assert_eq!(health["route"], "/health", "{health}");
    assert_eq!(health["method"], "GET");
    assert_eq!(health["status"], 200);
    assert_eq!(health["level"], "INFO");
    assert!(health["latency_ms"].as_f64().is_some(), "{health}");
    assert!(health["timestamp"].is_string(), "{health}");
    let person = &requests[1];
    assert_eq!(person["route"], "/api/people/{key}", "{person}");
    assert_eq!(person["status"], 401);
    assert!(
        !person.to_string().contains("anna"),
        "the URL is not logged: {person}"
    );
}
}
