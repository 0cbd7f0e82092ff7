//! Cohorts, influencers and the shop profile: API and pages.

use crate::helpers::{error_code, spawn_app, PASSWORD};
use reqwest::{header, StatusCode};
use serde_json::{json, Value};

rapport_store::both! {
#[tokio::test]
async fn cohorts_start_empty_and_a_plan_shows_up_in_them() {
    let app = spawn_app().await;
    let r = app.get("/api/cohorts", &app.viewer_token).await;
    assert_eq!(r.status(), StatusCode::OK);
    let before: Value = r.json().await.unwrap();
    assert_eq!(before["cohorts"], json!([]));

    let r = app
        .post("/api/cohorts/plan", &app.agent_token, json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let plan: Value = r.json().await.unwrap();
    assert!(plan["new"].is_boolean());
    let members = plan["members"].as_array().unwrap();
    assert!(members.len() <= 5);
    for m in members {
        assert!(m["opener"].is_string() && m["status"].is_string(), "{m}");
        assert!(m["affinity"].is_number());
    }

    let after: Value = app
        .get("/api/cohorts", &app.viewer_token)
        .await
        .json()
        .await
        .unwrap();
    let cohorts = after["cohorts"].as_array().unwrap();
    if plan["new"] == json!(true) {
        assert_eq!(cohorts.len(), 1);
        let c = &cohorts[0];
        assert_eq!(c["id"], plan["cohort_id"]);
        assert!(c["planned_at"].is_string() && c["open"].is_boolean());
        assert_eq!(c["members"].as_array().unwrap().len(), members.len());
        for m in c["members"].as_array().unwrap() {
            assert!(m["person_id"].is_number() && m["stage_at_plan"].is_string());
        }
    } else {
        assert!(cohorts.is_empty());
        assert!(members.is_empty());
    }
}

#[tokio::test]
async fn planning_a_cohort_rejects_a_bad_size_and_viewers() {
    let app = spawn_app().await;
    let r = app
        .post("/api/cohorts/plan?size=0", &app.agent_token, json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = app
        .post("/api/cohorts/plan", &app.viewer_token, json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(error_code(r).await, "forbidden");
    let after: Value = app
        .get("/api/cohorts", &app.viewer_token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(after["cohorts"], json!([]), "the viewer planned nothing");
}
}

/// Imports two large accounts: a car-free cyclist with 42k followers
/// whose bio is about what the shop sells, and a 310k-follower diesel fan
/// whose bio is not.
async fn import_two_influencers(app: &crate::helpers::TestApp) {
    let body = [
        json!({"channel":"instagram","external_id":"inf1","kind":"comment","author":{"handle":"carfree.cara","display_name":"Cara","followers":42000,"bio":"Car-free life: gravel rides, bike repairs and sustainable commuting"},"text":"Which tyre width do you run for gravel?","created_at":"2026-11-01T10:00:00Z","post_id":"p1"}),
        json!({"channel":"instagram","external_id":"inf2","kind":"comment","author":{"handle":"diesel.dan","display_name":"Dan","followers":310000,"bio":"Diesel trucks, engine tuning and motorsport"},"text":"Nice colours on that jacket","created_at":"2026-11-01T11:00:00Z","post_id":"p1"}),
    ]
    .iter()
    .map(ToString::to_string)
    .collect::<Vec<_>>()
    .join("\n");
    let r = app.import_jsonl(body).await;
    assert_eq!(r.status(), StatusCode::OK);
}

/// The influencers of `/api/influencers` + `query`, checking each is
/// one, that `field` never grows down the list, and the warnings.
async fn influencers_by(app: &crate::helpers::TestApp, query: &str, field: &str) -> Vec<Value> {
    let r = app
        .get(&format!("/api/influencers{query}"), &app.viewer_token)
        .await;
    assert_eq!(r.status(), StatusCode::OK, "{query}");
    let body: Value = r.json().await.unwrap();
    assert!(body["misaligned_below"].is_number());
    let items = body["items"].as_array().unwrap().clone();
    let mut last = f64::INFINITY;
    for i in &items {
        assert!(i["person"]["labels"]
            .as_array()
            .unwrap()
            .contains(&json!("influencer")));
        let v = i[field].as_f64().unwrap();
        assert!(v <= last, "{query}: {field} {v} after {last}");
        last = v;
        let (reach, alignment) = (
            i["reach"].as_f64().unwrap(),
            i["alignment"].as_f64().unwrap(),
        );
        assert!((i["fit"].as_f64().unwrap() - reach * alignment).abs() < 1e-9);
        assert_eq!(i["mismatch"].as_bool().unwrap(), i["warning"].is_string());
        assert!(i["why"].as_str().unwrap().ends_with(" followers"), "{i}");
    }
    items
}

fn position(items: &[Value], handle: &str) -> usize {
    items
        .iter()
        .position(|i| i["person"]["identities"][0]["handle"] == handle)
        .unwrap_or_else(|| panic!("{handle} is listed"))
}

rapport_store::both! {
#[tokio::test]
async fn influencers_rank_by_fit_so_a_small_aligned_one_beats_a_large_mismatch() {
    let app = spawn_app().await;
    import_two_influencers(&app).await;
    let items = influencers_by(&app, "", "fit").await;
    let (cara, dan) = (
        position(&items, "carfree.cara"),
        position(&items, "diesel.dan"),
    );
    assert!(
        cara < dan,
        "the aligned 42k account ranks above the 310k mismatch"
    );
    let (c, d) = (&items[cara], &items[dan]);
    assert!(d["reach"].as_f64().unwrap() > c["reach"].as_f64().unwrap());
    assert_eq!(c["mismatch"], json!(false));
    assert_eq!(d["mismatch"], json!(true));
    // Why, in the words of their bio ("rides", where the profile says
    // "ride"): the first three of the shop's words they share.
    assert_eq!(
        c["why"],
        json!("talks about gravel, rides and bike — the shop's topics; 42k followers")
    );
    let evidence = c["person"]["evidence"].to_string();
    assert!(
        evidence.contains("shares the shop's gravel, rides, bike"),
        "{evidence}"
    );
    let why = d["why"].as_str().unwrap();
    assert!(
        why.contains("not the shop's topics") && why.ends_with("310k followers"),
        "{why}"
    );
    assert_eq!(influencers_by(&app, "?sort=fit", "fit").await, items);

    // By reach, the 310k account comes first; by alignment, Cara.
    let by_reach = influencers_by(&app, "?sort=reach", "reach").await;
    assert!(position(&by_reach, "diesel.dan") < position(&by_reach, "carfree.cara"));
    let by_alignment = influencers_by(&app, "?sort=alignment", "alignment").await;
    assert!(position(&by_alignment, "carfree.cara") < position(&by_alignment, "diesel.dan"));
    // Pages of one add up to the list.
    let mut paged = Vec::new();
    for offset in 0..items.len() {
        let page = influencers_by(&app, &format!("?sort=fit&limit=1&offset={offset}"), "fit").await;
        paged.extend(page);
    }
    assert_eq!(paged, items);

    let r = app
        .get("/api/influencers?sort=followers", &app.viewer_token)
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(error_code(r).await, "bad_request");
}

#[tokio::test]
async fn the_profile_is_the_built_in_one_without_a_file() {
    let app = spawn_app().await;
    let r = app.get("/api/profile", &app.viewer_token).await;
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["from_file"], json!(false));
    assert!(body["path"].as_str().unwrap().ends_with("rapport.toml"));
    let p = &body["profile"];
    assert_eq!(p["name"], json!("Trailwerk"));
    assert!(!p["topics"].as_array().unwrap().is_empty());
    assert!(p["values"].is_array() && p["revenue_goal"].is_number());
}

#[tokio::test]
async fn cohort_and_influencer_pages_render_for_a_signed_in_user() {
    let app = spawn_app().await;
    let session = app.login("admin@example.org", PASSWORD).await.ok().unwrap();
    let get = |path: &'static str| {
        let req = app
            .client
            .get(app.url(path))
            .header(header::COOKIE, session.clone());
        async move {
            let r = req.send().await.unwrap();
            assert_eq!(r.status(), StatusCode::OK, "{path}");
            r.text().await.unwrap()
        }
    };
    let cohorts = get("/cohorts").await;
    assert!(cohorts.contains("Plan the next five"));
    assert!(cohorts.contains(r#"action="/cohorts/plan""#));
    assert!(cohorts.contains(r#"name="csrf""#));
    assert!(
        cohorts.contains(r#"href="/influencers""#),
        "in the navigation"
    );
    let influencers = get("/influencers").await;
    assert!(influencers.contains("<svg class=\"scatter\""));
    assert!(influencers.contains("Nobody with an influencer's reach yet."));
    import_two_influencers(&app).await;
    let influencers = get("/influencers").await;
    assert_eq!(influencers.matches("<circle").count(), 2, "a dot each");
    assert!(
        influencers
            .contains("talks about gravel, rides and bike — the shop&#39;s topics; 42k followers")
            || influencers.contains(
                "talks about gravel, rides and bike — the shop&#x27;s topics; 42k followers"
            ),
        "{influencers}"
    );
    // Both axes titled and marked; each column sorts.
    assert!(influencers.contains(">alignment with the shop's topics →</text>"));
    assert!(influencers.contains(">reach (followers) →</text>"));
    assert!(influencers.contains(">100k</text>") && influencers.contains(">0.5</text>"));
    for sort in [
        "/influencers",
        "/influencers?sort=reach",
        "/influencers?sort=alignment",
    ] {
        assert!(influencers.contains(&format!(r#"href="{sort}""#)), "{sort}");
    }
    assert!(
        influencers.contains(r#"href="/cohorts""#),
        "in the navigation"
    );
    let settings = get("/settings").await;
    assert!(settings.contains("Shop profile") && settings.contains("Trailwerk"));
}
}

async fn all_cohorts(app: &crate::helpers::TestApp) -> Vec<Value> {
    let r = app.get("/api/cohorts", &app.viewer_token).await;
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    v["cohorts"].as_array().unwrap().clone()
}

rapport_store::both! {
#[tokio::test]
async fn a_cohort_is_worked_member_by_member_and_the_next_five_follow() {
    let app = spawn_app().await;
    app.import_generated(300, 4000, 31).await;
    let r = app
        .post("/api/cohorts/plan", &app.agent_token, json!({}))
        .await;
    let plan: Value = r.json().await.unwrap();
    assert_eq!(plan["new"], true, "{plan:#}");
    let id = plan["cohort_id"].as_i64().unwrap();
    let members = plan["members"].as_array().unwrap().clone();
    assert_eq!(members.len(), 5);
    let mut openers = std::collections::HashSet::new();
    for m in &members {
        // Why this person, and an opener in their own words.
        let why = m["why"].as_str().unwrap();
        assert!(why.starts_with("Engaged: "), "{why}");
        let opener = m["opener"].as_str().unwrap();
        assert!(
            opener.contains('“') || opener.contains('„'),
            "quotes them: {opener}"
        );
        openers.insert(opener.to_string());
        // An open question comes first: the opener starts its answer.
        if let Some(q) = m["question"].as_i64() {
            let r = app.get(&format!("/api/inbox/{q}"), &app.viewer_token).await;
            let item: Value = r.json().await.unwrap();
            assert_eq!(
                item["person"]["id"], m["person"]["id"],
                "their own question"
            );
            assert!(
                opener.contains("question") || opener.contains("Frage") || opener.contains("ถาม"),
                "{opener}"
            );
        }
    }
    assert_eq!(openers.len(), 5, "no two openers alike");
    let person = |i: usize| members[i]["person"]["id"].as_i64().unwrap();
    // Marked contacted: the cohort's progress moves.
    let r = app
        .post(
            &format!("/api/cohorts/{id}/members/{}/contacted", person(0)),
            &app.agent_token,
            json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let c = &all_cohorts(&app).await[0];
    assert_eq!(c["counts"]["contacted"], 1, "{c:#}");
    assert_eq!(c["members"][0]["status"], "contacted");
    assert_eq!(c["members"][0]["step"], 33);
    assert!(c["members"][0]["contacted_at"].is_string());
    // Everyone moved up or was given up on: the cohort graduates and the
    // next five are planned.
    for i in 0..5 {
        let mark = if i % 2 == 0 { "moved_up" } else { "given_up" };
        let r = app
            .post(
                &format!("/api/cohorts/{id}/members/{}/{mark}", person(i)),
                &app.agent_token,
                json!({}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::NO_CONTENT, "{i} {mark}");
    }
    let all = all_cohorts(&app).await;
    assert_eq!(all.len(), 2, "the next cohort is planned");
    let (next, done) = (&all[0], &all[1]);
    assert_eq!(done["id"], id);
    assert_eq!(done["open"], false);
    assert_eq!(done["counts"]["moved_up"], 3);
    assert_eq!(done["counts"]["given_up"], 2);
    assert_eq!(next["open"], true);
    let before: Vec<i64> = (0..5).map(person).collect();
    for m in next["members"].as_array().unwrap() {
        assert!(
            !before.contains(&m["person_id"].as_i64().unwrap()),
            "new people"
        );
    }
    // Not a member, not a mark, not a writer.
    let r = app
        .post(
            &format!("/api/cohorts/{id}/members/999999/contacted"),
            &app.agent_token,
            json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = app
        .post(
            &format!("/api/cohorts/{id}/members/{}/hugged", person(0)),
            &app.agent_token,
            json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = app
        .post(
            &format!("/api/cohorts/{id}/members/{}/contacted", person(0)),
            &app.viewer_token,
            json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}
}
