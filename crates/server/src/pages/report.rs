//! The report page: what builds relationships (answers, speed,
//! conversations, fans) beside what only looks good (followers, likes).

use super::view::{bar, pct};
use super::{nav, render, Nav, PageError, PageQuery};
use crate::auth::CurrentUser;
use crate::charts;
use crate::i18n::Tr;
use crate::state::{blocking, AppState};
use crate::ApiError;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use rapport_core::trends::Week;
use rapport_engine::views::report::ReportQuery;

/// A headline figure.
struct Card {
    label: String,
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
    label: String,
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
fn weekly_charts(tr: &Tr, weeks: &[Week]) -> Vec<String> {
    if weeks.is_empty() {
        return Vec::new();
    }
    let labels: Vec<String> = weeks.iter().map(|w| tr.short_date(&w.week_start)).collect();
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
            &tr.t("report-chart-answered"),
            &labels,
            &answered,
            100.0,
            &|v| format!("{v:.0}%"),
        ),
        charts::line(
            &tr.t("report-chart-response"),
            &labels,
            &response,
            top,
            &|v| tr.duration(Some(v)),
        ),
        charts::bars(
            &tr.t("report-chart-gained"),
            &labels,
            &[
                (
                    &tr.t("report-series-fans"),
                    "#38a169",
                    weeks.iter().map(|w| w.fans_gained as f64).collect(),
                ),
                (
                    &tr.t("report-series-evangelists"),
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
    PageQuery(q): PageQuery<ReportQuery>,
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
    let nav = nav(&state, &user, "report").await;
    let tr = nav.t;
    let card = |label: &str, value: u64, hint: String| Card {
        label: tr.t(label),
        value: tr.number(value),
        hint,
    };
    let timed = |label: &str, value: String, hint: String| Card {
        label: tr.t(label),
        value,
        hint,
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
        nav,
        window: r.base.since.as_deref().map_or_else(
            || tr.t("report-all-time"),
            |s| tr.t1("since", "when", tr.when(s)),
        ),
        windows: [
            ("7d", "report-7d"),
            ("30d", "report-30d"),
            ("12w", "report-12w"),
            ("all", "report-all-time"),
        ]
        .into_iter()
        .map(|(value, label)| Window {
            value,
            label: tr.t(label),
            active: since == value,
        })
        .collect(),
        since: since.clone(),
        meaningful: vec![
            timed(
                "report-answered",
                pct(m.answered_share),
                tr.t2(
                    "report-answered-hint",
                    "answered",
                    tr.number(m.answered),
                    "inbound",
                    tr.number(m.inbound),
                ),
            ),
            timed(
                "report-first-response",
                tr.duration(m.median_first_response_minutes),
                tr.t1(
                    "report-first-response-hint",
                    "p90",
                    tr.duration(m.p90_first_response_minutes),
                ),
            ),
            card(
                "report-conversations",
                m.conversations,
                tr.t("report-conversations-hint"),
            ),
            card(
                "report-specific",
                m.specific_comments,
                tr.count("report-specific-hint", m.generic_comments),
            ),
            card(
                "report-recommendations",
                m.recommendations,
                tr.t("report-recommendations-hint"),
            ),
            card(
                "report-true-fans",
                m.true_fans,
                tr.t("report-true-fans-hint"),
            ),
            card(
                "report-evangelists",
                m.evangelists,
                tr.t("report-evangelists-hint"),
            ),
        ],
        vanity: vec![
            card(
                "report-followers",
                v.followers,
                tr.t("report-followers-hint"),
            ),
            card("report-likes", v.likes, String::new()),
            card("report-comments", v.comments, tr.t("report-comments-hint")),
        ],
        charts: weekly_charts(&tr, &r.weekly),
        goal: GoalLine {
            goal: tr.t1(
                "report-a-year",
                "amount",
                format!("{} {}", tr.decimal(r.goal.revenue_goal, 0), r.goal.currency),
            ),
            needed: r
                .goal
                .true_fans_needed
                .map_or("—".to_string(), |n| n.to_string()),
            now: r.goal.true_fans_now,
            worth: r.goal.average_true_fan_yearly_value.map_or_else(
                || tr.t("report-worth-unknown"),
                |a| {
                    tr.args(
                        "report-worth",
                        &[
                            (
                                "amount",
                                &format!("{} {}", tr.decimal(a, 0), r.goal.currency),
                            ),
                            ("valued", &r.goal.true_fans_valued),
                            ("now", &r.goal.true_fans_now),
                        ],
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
        rule: tr.said(&r.answer_targets.rule),
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
                    format!(
                        "{} ({})",
                        p.name,
                        rapport_core::at_handle(&p.channel, &p.handle)
                    )
                },
                channel: p.channel.clone(),
                words: tr.said(&p.words),
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
                median: tr.duration(c.meaningful.median_first_response_minutes),
                likes: c.vanity.likes,
                likes_width: bar(c.vanity.likes as f64, max_likes),
            })
            .collect(),
    })
}
