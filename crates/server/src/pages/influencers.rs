//! Influencers: who has reach against how well they fit the shop, ranked
//! by fit (reach × alignment), each with why they fit.

use super::cohorts::handle;
use super::{nav, render, Nav, PageError, PageQuery};
use crate::auth::CurrentUser;
use crate::charts::{self, Axis, Dot};
use crate::i18n::Tr;
use crate::state::{blocking, AppState};
use crate::ApiError;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use rapport_core::ladder;
use rapport_engine::views::influencers::{
    InfluencerSort, InfluencerView, Influencers, InfluencersQuery,
};

/// Points named beside their dot: the best fits on the page, and the
/// largest audiences (which a reader looks for first).
const NAMED_FITS: usize = 5;
/// See [`NAMED_FITS`].
const NAMED_REACHES: usize = 3;
/// Characters of a name written beside a dot.
const LABEL_CHARS: usize = 14;

/// One influencer's row.
struct InfluencerLine {
    id: i64,
    name: String,
    handle: String,
    fit: String,
    reach: String,
    alignment: String,
    why: String,
    mismatch: bool,
    /// `2 / 1`: touches that gave, touches that asked.
    given_asked: String,
    /// The value-first ledger's warning, if any.
    touch_warning: String,
}

/// A column heading that sorts by it.
struct SortLink {
    label: &'static str,
    href: String,
    current: bool,
}

#[derive(Template)]
#[template(path = "influencers.html")]
struct InfluencersTemplate {
    nav: Nav,
    items: Vec<InfluencerLine>,
    /// The scatter chart's SVG (built and escaped by [`charts::scatter`]).
    chart: String,
    /// `fit`, `reach`, `alignment`: the headings.
    sorts: Vec<SortLink>,
    /// The order in words.
    order: String,
    total: u64,
    /// `41–90`: the places shown.
    shown: String,
    prev: String,
    next: String,
}

/// The influencers page in `sort` order at `offset`.
fn href(sort: InfluencerSort, offset: u64) -> String {
    let mut q = Vec::new();
    if sort != InfluencerSort::default() {
        q.push(format!("sort={}", sort.as_str()));
    }
    if offset > 0 {
        q.push(format!("offset={offset}"));
    }
    if q.is_empty() {
        "/influencers".to_string()
    } else {
        format!("/influencers?{}", q.join("&"))
    }
}

/// A name short enough to write beside a dot.
fn short_name(name: &str) -> String {
    if name.chars().count() <= LABEL_CHARS {
        name.to_string()
    } else {
        let cut: String = name.chars().take(LABEL_CHARS - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

/// The reach/alignment chart of a page of influencers: alignment along x
/// (the mismatch cut dashed), reach along y marked in followers, every
/// dot titled, the best fits and largest audiences named.
fn chart(tr: &Tr, all: &Influencers) -> String {
    let items = &all.items;
    let mut by_fit: Vec<usize> = (0..items.len()).collect();
    by_fit.sort_by(|&a, &b| items[b].fit.total_cmp(&items[a].fit));
    let mut by_reach: Vec<usize> = (0..items.len()).collect();
    by_reach.sort_by(|&a, &b| items[b].reach.total_cmp(&items[a].reach));
    let named: Vec<usize> = by_fit
        .iter()
        .take(NAMED_FITS)
        .chain(by_reach.iter().take(NAMED_REACHES))
        .copied()
        .collect();
    let dots: Vec<Dot> = items
        .iter()
        .enumerate()
        .map(|(k, i): (usize, &InfluencerView)| Dot {
            x: i.alignment,
            y: i.reach,
            title: tr.args(
                "influencers-dot",
                &[
                    ("name", &i.person.name),
                    ("fit", &tr.decimal(i.fit, 2)),
                    ("reach", &tr.decimal(i.reach, 2)),
                    ("alignment", &tr.decimal(i.alignment, 2)),
                    ("why", &tr.said(&i.why)),
                ],
            ),
            label: named.contains(&k).then(|| short_name(&i.person.name)),
            warn: i.mismatch,
        })
        .collect();
    let x = Axis {
        title: tr.t("influencers-x-axis"),
        from: 0.0,
        to: 1.0,
        ticks: [0.0, 0.25, 0.5, 0.75, 1.0]
            .into_iter()
            .map(|v| (v, format!("{v}")))
            .collect(),
    };
    // Reach is a log scale of followers: mark it in followers, from a
    // thousand (influencers start at ten thousand) to a million.
    let y = Axis {
        title: tr.t("influencers-y-axis"),
        from: ladder::reach(1_000),
        to: 1.0,
        ticks: [1_000, 10_000, 100_000, 1_000_000]
            .into_iter()
            .map(|n| (ladder::reach(n), ladder::short_count(n)))
            .collect(),
    };
    charts::scatter(
        &tr.t("influencers-chart"),
        &x,
        &y,
        &dots,
        Some(all.misaligned_below),
    )
}

/// `GET /influencers?sort=&offset=`: reach against alignment, 50 at a
/// time, best fit first unless another order is asked for.
pub async fn page(
    State(state): State<AppState>,
    user: CurrentUser,
    PageQuery(q): PageQuery<InfluencersQuery>,
) -> Result<Response, PageError> {
    let engine = state.engine.clone();
    let q = InfluencersQuery { limit: None, ..q };
    let all = blocking(move || Ok::<_, ApiError>(engine.influencers(&q)?)).await?;
    let sort = all.sort;
    let end = all.offset.saturating_add(all.items.len() as u64);
    let nav = nav(&state, &user, "influencers").await;
    let tr = nav.t;
    render(&InfluencersTemplate {
        nav,
        total: all.total,
        shown: if all.total > all.items.len() as u64 && !all.items.is_empty() {
            format!("{}–{}", all.offset + 1, end)
        } else {
            String::new()
        },
        prev: if all.offset > 0 {
            href(sort, all.offset.saturating_sub(all.limit))
        } else {
            String::new()
        },
        next: if end < all.total {
            href(sort, end)
        } else {
            String::new()
        },
        order: tr.t(match sort {
            InfluencerSort::Fit => "influencers-by-fit",
            InfluencerSort::Reach => "influencers-by-reach",
            InfluencerSort::Alignment => "influencers-by-alignment",
        }),
        sorts: InfluencerSort::ALL
            .into_iter()
            .map(|s| SortLink {
                label: s.as_str(),
                href: href(s, 0),
                current: s == sort,
            })
            .collect(),
        chart: chart(&tr, &all),
        items: all
            .items
            .iter()
            .map(|i| InfluencerLine {
                id: i.person.id.0,
                name: i.person.name.clone(),
                handle: handle(Some(&i.person)),
                fit: tr.decimal(i.fit, 2),
                reach: tr.decimal(i.reach, 2),
                alignment: tr.decimal(i.alignment, 2),
                why: tr.said(&i.why),
                mismatch: i.mismatch,
                given_asked: format!("{} / {}", i.touches.given, i.touches.asked),
                touch_warning: i.touches.warning.clone().unwrap_or_default(),
            })
            .collect(),
    })
}
