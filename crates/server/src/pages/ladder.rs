//! The ladder: how many people stand on each rung and with which labels,
//! and a list of them, filtered by stage or label.

use super::view::{bar, words};
use super::{nav, render, Nav, PageError, PageQuery};
use crate::auth::CurrentUser;
use crate::charts;
use crate::i18n::Tr;
use crate::state::{blocking, AppState};
use crate::ApiError;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use rapport_core::replay::StageWeek;
use rapport_engine::views::people::PeopleQuery;

/// One rung.
struct Rung {
    stage: String,
    people: u64,
    width: u32,
    labels: Vec<(String, u64)>,
}

/// One person in the list.
struct PersonLine {
    id: i64,
    name: String,
    stage: String,
    labels: Vec<String>,
    handles: String,
    /// Every line of evidence (the box-ticker's stock phrases among them).
    why: Vec<String>,
    /// Lifetime value in the shop's currency (empty: none).
    value: String,
}

/// A filter link.
struct Chip {
    label: String,
    count: u64,
    href: String,
    active: bool,
}

#[derive(Template)]
#[template(path = "ladder.html")]
struct LadderTemplate {
    nav: Nav,
    rungs: Vec<Rung>,
    chips: Vec<Chip>,
    people: Vec<PersonLine>,
    total: u64,
    everyone: u64,
    heading: String,
    prev: String,
    next: String,
    /// People per stage per week, as an inline SVG chart.
    movement: String,
    /// Sorted by lifetime value (else closest first).
    by_value: bool,
    /// The same list sorted the other way.
    sort_link: String,
    /// The list shown, every page of it, as CSV.
    csv: String,
}

/// The stages bottom-up in the stacked chart, with their colours.
const STAGE_COLOURS: &[(&str, &str)] = &[
    ("fan", "#dd8a1f"),
    ("engaged", "#1f9d6a"),
    ("casual", "#2f6fde"),
    ("follower", "#9aa4b2"),
    ("stranger", "#d5d9e0"),
];

/// People per stage at the end of each week, stacked.
fn movement_chart(tr: &Tr, weeks: &[StageWeek]) -> String {
    if weeks.is_empty() {
        return String::new();
    }
    let labels: Vec<String> = weeks.iter().map(|w| tr.short_date(&w.week_start)).collect();
    let names: Vec<String> = STAGE_COLOURS.iter().map(|(s, _)| tr.stage(s)).collect();
    let series: Vec<(&str, &str, Vec<f64>)> = STAGE_COLOURS
        .iter()
        .zip(&names)
        .map(|(&(stage, colour), name)| {
            (
                name.as_str(),
                colour,
                weeks
                    .iter()
                    .map(|w| {
                        rapport_core::ladder::Stage::parse(stage)
                            .and_then(|s| w.stages.get(&s))
                            .copied()
                            .unwrap_or(0) as f64
                    })
                    .collect(),
            )
        })
        .collect();
    charts::stacked(&tr.t("ladder-chart"), &labels, &series)
}

fn href(stage: Option<&str>, label: Option<&str>, offset: u64) -> String {
    href_sorted(stage, label, offset, false)
}

fn href_sorted(stage: Option<&str>, label: Option<&str>, offset: u64, by_value: bool) -> String {
    let mut q: Vec<(&str, String)> = Vec::new();
    if let Some(s) = stage {
        q.push(("stage", s.to_string()));
    }
    if let Some(l) = label {
        q.push(("label", l.to_string()));
    }
    if by_value {
        q.push(("sort", "lifetime_value".to_string()));
    }
    if offset > 0 {
        q.push(("offset", offset.to_string()));
    }
    let qs = serde_urlencoded::to_string(&q).unwrap_or_default();
    if qs.is_empty() {
        "/ladder".to_string()
    } else {
        format!("/ladder?{qs}")
    }
}

/// The CSV download of the list with these filters and order.
fn csv_href(stage: Option<&str>, label: Option<&str>, sort: Option<&str>) -> String {
    let q: Vec<(&str, &str)> = [("stage", stage), ("label", label), ("sort", sort)]
        .into_iter()
        .filter_map(|(k, v)| v.filter(|v| !v.is_empty()).map(|v| (k, v)))
        .collect();
    let qs = serde_urlencoded::to_string(&q).unwrap_or_default();
    if qs.is_empty() {
        "/api/people.csv".to_string()
    } else {
        format!("/api/people.csv?{qs}")
    }
}

/// `GET /ladder?stage=&label=&offset=`.
pub async fn page(
    State(state): State<AppState>,
    user: CurrentUser,
    PageQuery(mut q): PageQuery<PeopleQuery>,
) -> Result<Response, PageError> {
    let engine = state.engine.clone();
    q.limit = Some(50);
    let by_value = q.sort.as_deref() == Some("lifetime_value");
    let query = q.clone();
    let (ladder, page, weeks, currency) = blocking(move || {
        Ok::<_, ApiError>((
            engine.ladder()?,
            engine.people(&query)?,
            engine.ladder_weekly()?,
            engine.profile()?.0.currency,
        ))
    })
    .await?;
    let max = ladder.stages.iter().map(|r| r.people).max().unwrap_or(0) as f64;
    let stage = q.stage.as_deref().filter(|s| !s.is_empty());
    let label = q.label.as_deref().filter(|s| !s.is_empty());
    let offset = page.offset;
    let nav = nav(&state, &user, "ladder").await;
    let tr = nav.t;
    let heading = match (stage, label) {
        (None, None) if by_value => tr.t("ladder-everyone-by-value"),
        (None, None) => tr.t("ladder-everyone-closest"),
        (Some(s), None) => tr.t1("ladder-stage", "stage", tr.stage(s)),
        (None, Some(l)) => tr.t1("ladder-label", "label", tr.label(l)),
        (Some(s), Some(l)) => tr.t2(
            "ladder-stage-label",
            "stage",
            tr.stage(s),
            "label",
            tr.label(l),
        ),
    };
    render(&LadderTemplate {
        csv: csv_href(stage, label, q.sort.as_deref()),
        movement: movement_chart(&tr, &weeks),
        nav,
        rungs: ladder
            .stages
            .iter()
            .map(|r| Rung {
                stage: r.stage.as_str().to_string(),
                people: r.people,
                width: bar(r.people as f64, max),
                labels: r
                    .labels
                    .iter()
                    .map(|(l, n)| (words(l.as_str()), *n))
                    .collect(),
            })
            .collect(),
        chips: ladder
            .labels
            .iter()
            .map(|(l, n)| Chip {
                label: words(l.as_str()),
                count: *n,
                href: href(stage, Some(l.as_str()), 0),
                active: label == Some(l.as_str()),
            })
            .collect(),
        people: page
            .items
            .iter()
            .map(|p| PersonLine {
                id: p.id.0,
                name: p.name.clone(),
                stage: p.stage.as_str().to_string(),
                labels: p.labels.iter().map(|l| words(l.as_str())).collect(),
                handles: p
                    .identities
                    .iter()
                    .map(|i| {
                        format!(
                            "{} {}",
                            i.channel,
                            rapport_core::at_handle(&i.channel, &i.handle)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(" · "),
                why: tr.said_all(&p.evidence),
                value: if p.scores.lifetime_value > 0.0 {
                    format!("{} {currency}", tr.decimal(p.scores.lifetime_value, 0))
                } else {
                    String::new()
                },
            })
            .collect(),
        sort_link: href_sorted(stage, label, 0, !by_value),
        by_value,
        total: page.total,
        everyone: ladder.total,
        heading,
        prev: if offset > 0 {
            href_sorted(stage, label, offset.saturating_sub(page.limit), by_value)
        } else {
            String::new()
        },
        next: if offset + page.limit < page.total {
            href_sorted(stage, label, offset + page.limit, by_value)
        } else {
            String::new()
        },
    })
}
