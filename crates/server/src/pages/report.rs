//! The report page: what builds relationships (answers, speed,
//! conversations, fans) beside what only looks good (followers, likes).

use super::view::{bar, minutes, pct};
use super::{nav, render, Nav, PageError};
use crate::auth::CurrentUser;
use crate::charts;
use crate::state::{blocking, AppState};
use crate::ApiError;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use rapport_core::trends::Week;
use rapport_engine::views::report::ReportQuery;

/// A headline figure.
struct Card {
    label: &'static str,
    value: String,
    hint: String,
}

/// One channel's row.
struct ChannelRow {
    name: String,
    inbound: u64,
    inbound_width: u32,
    answered: String,
    answered_width: u32,
    median: String,
    likes: u64,
    likes_width: u32,
}

/// A window choice.
struct Window {
    value: &'static str,
    label: &'static str,
    active: bool,
}

#[derive(Template)]
#[template(path = "report.html")]
struct ReportTemplate {
    nav: Nav,
    window: String,
    windows: Vec<Window>,
    /// The window asked for (`all`, `30d`), for the CSV link.
    since: String,
    meaningful: Vec<Card>,
    vanity: Vec<Card>,
    channels: Vec<ChannelRow>,
    /// Inline SVG charts of the weekly series (escaped by the chart code).
    charts: Vec<String>,
    /// The revenue goal and the true fans it needs.
    goal: GoalLine,
    /// Detractors and how many recovered.
    detractors: u64,
    recovered: u64,
    /// The answer-target rule.
    rule: String,
    /// Open messages past their target now.
    past_target: u64,
    /// The most urgent of them.
    urgent: Vec<UrgentLine>,
}

/// The revenue goal as the report shows it.
struct GoalLine {
    /// `250000 EUR a year`.
    goal: String,
    /// How many true fans that needs (`—` when no fan's value is known).
    needed: String,
    /// True fans now.
    now: u64,
    /// `one true fan is worth 1234 EUR a year`, or why it is not known.
    worth: String,
    /// A width in 0..=100 for the bar of fans now against those needed.
    width: u32,
}

/// A message past its target.
struct UrgentLine {
    id: i64,
    who: String,
    channel: String,
    words: String,
}

/// The weekly series as charts: answered share, median first response,
/// fans and evangelists gained.
fn weekly_charts(weeks: &[Week]) -> Vec<String> {
    if weeks.is_empty() {
        return Vec::new();
    }
    let labels = charts::week_labels(weeks.iter().map(|w| w.week_start.as_str()));
    let answered: Vec<Option<f64>> = weeks
        .iter()
        .map(|w| (w.inbound > 0).then_some(w.answered_share * 100.0))
        .collect();
    let response: Vec<Option<f64>> = weeks
        .iter()
        .map(|w| w.median_first_response_minutes)
        .collect();
    let top = response
        .iter()
        .flatten()
        .copied()
        .fold(0.0, f64::max)
        .max(1.0);
    vec![
        charts::line(
            "Share of inbound answered, per week",
            &labels,
            &answered,
            100.0,
            &|v| format!("{v:.0}%"),
        ),
        charts::line(
            "Median first response, per week",
            &labels,
            &response,
            top,
            &charts::minutes,
        ),
        charts::bars(
            "Fans and evangelists gained, per week",
            &labels,
            &[
                (
                    "fans",
                    "#38a169",
                    weeks.iter().map(|w| w.fans_gained as f64).collect(),
                ),
                (
                    "evangelists",
                    "#d69e2e",
                    weeks.iter().map(|w| w.evangelists_gained as f64).collect(),
                ),
            ],
        ),
    ]
}

/// `GET /report?since=`.
pub async fn page(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<ReportQuery>,
) -> Result<Response, PageError> {
    let since = q
        .since
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "all".to_string());
    let engine = state.engine.clone();
    let s = since.clone();
    let r = blocking(move || Ok::<_, ApiError>(engine.report(&s)?)).await?;
    let m = &r.base.meaningful;
    let v = &r.base.vanity;
    let card = |label, value: String, hint: &str| Card {
        label,
        value,
        hint: hint.to_string(),
    };
    let max_inbound = r
        .base
        .per_channel
        .values()
        .map(|c| c.meaningful.inbound)
        .max()
        .unwrap_or(0) as f64;
    let max_likes = r
        .base
        .per_channel
        .values()
        .map(|c| c.vanity.likes)
        .max()
        .unwrap_or(0) as f64;
    render(&ReportTemplate {
        nav: nav(&state, &user, "report").await,
        window: r.base.since.as_deref().map_or("all time".to_string(), |s| {
            format!("since {}", super::view::when(s))
        }),
        windows: [
            ("7d", "7 days"),
            ("30d", "30 days"),
            ("12w", "12 weeks"),
            ("all", "all time"),
        ]
        .into_iter()
        .map(|(value, label)| Window {
            value,
            label,
            active: since == value,
        })
        .collect(),
        since: since.clone(),
        meaningful: vec![
            card(
                "answered",
                pct(m.answered_share),
                &format!("{} of {} inbound messages", m.answered, m.inbound),
            ),
            card(
                "first response",
                minutes(m.median_first_response_minutes),
                &format!("median; p90 {}", minutes(m.p90_first_response_minutes)),
            ),
            card(
                "conversations",
                m.conversations.to_string(),
                "threads with two or more exchanges",
            ),
            card(
                "specific comments",
                m.specific_comments.to_string(),
                &format!("{} were stock phrases", m.generic_comments),
            ),
            card(
                "recommendations",
                m.recommendations.to_string(),
                "shares, referrals, tips to friends",
            ),
            card(
                "true fans",
                m.true_fans.to_string(),
                "engaged and buying again",
            ),
            card(
                "evangelists",
                m.evangelists.to_string(),
                "recommending the shop",
            ),
        ],
        vanity: vec![
            card("followers", v.followers.to_string(), "follow events"),
            card("likes", v.likes.to_string(), ""),
            card("comments", v.comments.to_string(), "specific or not"),
        ],
        charts: weekly_charts(&r.weekly),
        goal: GoalLine {
            goal: format!("{:.0} {} a year", r.goal.revenue_goal, r.goal.currency),
            needed: r
                .goal
                .true_fans_needed
                .map_or("—".to_string(), |n| n.to_string()),
            now: r.goal.true_fans_now,
            worth: r.goal.average_true_fan_yearly_value.map_or_else(
                || "no true fan's orders could be valued yet".to_string(),
                |a| {
                    format!(
                        "one true fan is worth {a:.0} {} a year on average ({} of {} valued)",
                        r.goal.currency, r.goal.true_fans_valued, r.goal.true_fans_now
                    )
                },
            ),
            width: r
                .goal
                .true_fans_needed
                .map_or(0, |n| bar(r.goal.true_fans_now as f64, n as f64)),
        },
        detractors: r.detractors.detractors,
        recovered: r.detractors.recovered,
        rule: r.answer_targets.rule.clone(),
        past_target: r.answer_targets.past_target,
        urgent: r
            .answer_targets
            .most_urgent
            .iter()
            .map(|p| UrgentLine {
                id: p.id.0,
                who: if p.handle.is_empty() {
                    p.name.clone()
                } else {
                    format!("{} (@{})", p.name, p.handle)
                },
                channel: p.channel.clone(),
                words: p.words.clone(),
            })
            .collect(),
        channels: r
            .base
            .per_channel
            .iter()
            .map(|(name, c)| ChannelRow {
                name: name.clone(),
                inbound: c.meaningful.inbound,
                inbound_width: bar(c.meaningful.inbound as f64, max_inbound),
                answered: pct(c.meaningful.answered_share),
                answered_width: bar(c.meaningful.answered_share, 1.0),
                median: minutes(c.meaningful.median_first_response_minutes),
                likes: c.vanity.likes,
                likes_width: bar(c.vanity.likes as f64, max_likes),
            })
            .collect(),
    })
}
