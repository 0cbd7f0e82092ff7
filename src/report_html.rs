//! `rapport report --html FILE`: one self-contained page — inline CSS and
//! SVG, no scripts, no network — with the weekly series as charts (drawn
//! by [`rapport_server::charts`], as the dashboard draws them), the
//! true-fan goal, and the meaningful-vs-vanity table.

use rapport_engine::views::report::FullReport;
use rapport_server::charts::{bars, esc, line, minutes, week_labels};
use std::fmt::Write;

/// Width of the goal bar, as wide as the charts.
const W: f64 = 640.0;

/// Short week labels ("03-02") from RFC 3339 dates.
fn labels(r: &FullReport) -> Vec<String> {
    week_labels(r.weekly.iter().map(|w| w.week_start.as_str()))
}

/// The whole page.
pub fn render(r: &FullReport, shop: &str) -> String {
    let labels = labels(r);
    let m = &r.base.meaningful;
    let v = &r.base.vanity;
    let g = &r.goal;
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{shop} — Rapport report</title>
<style>body{{font:14px/1.45 system-ui,sans-serif;max-width:720px;margin:2em auto;color:#1a202c;padding:0 1em}}
h1{{font-size:1.5em}}h2{{font-size:1.15em;margin-top:2em}}table{{border-collapse:collapse;width:100%}}
td,th{{padding:4px 8px;border-bottom:1px solid #e2e8f0;text-align:left}}td.n{{text-align:right}}
figure{{margin:1.5em 0}}figcaption{{font-weight:600;margin-bottom:.3em}}.legend span{{margin-right:1em}}
.legend svg{{margin-right:4px}}.goal{{font-size:1.1em}}</style></head><body>
<h1>{shop}: relationships, not followers</h1><p>{}</p>"#,
        esc(&r
            .base
            .since
            .as_deref()
            .map_or("All time".to_string(), |s| format!("Since {s}"))),
        shop = esc(shop)
    );

    // The goal: fans now against fans needed.
    let needed = g.true_fans_needed.unwrap_or(0);
    let share = if needed == 0 {
        0.0
    } else {
        (g.true_fans_now as f64 / needed as f64).min(1.0)
    };
    let _ = write!(
        out,
        r##"<h2>True fans for the revenue goal</h2><p class="goal"><b>{}</b> true fans now, <b>{}</b> needed for {:.0} {} a year{}</p>
<svg viewBox="0 0 {W} 24" width="{W}" height="24" xmlns="http://www.w3.org/2000/svg"><rect width="{W}" height="24" fill="#edf2f7"/><rect width="{:.1}" height="24" fill="#38a169"/><text x="8" y="16" font-size="12">{:.0}%</text></svg>"##,
        g.true_fans_now,
        g.true_fans_needed
            .map_or("—".to_string(), |n| n.to_string()),
        g.revenue_goal,
        esc(&g.currency),
        g.average_true_fan_yearly_value
            .map_or(String::new(), |a| format!(
                " (a true fan is worth {a:.0} {} a year, over {:.0} days of data)",
                esc(&g.currency),
                g.span_days
            )),
        W * share,
        share * 100.0
    );
    let _ = write!(
        out,
        "<p>Detractors: {}, of whom {} recovered after an answered complaint.</p>",
        r.detractors.detractors, r.detractors.recovered
    );

    out.push_str("<h2>Per week</h2>");
    let fans: Vec<f64> = r.weekly.iter().map(|w| w.fans_gained as f64).collect();
    let evangelists: Vec<f64> = r
        .weekly
        .iter()
        .map(|w| w.evangelists_gained as f64)
        .collect();
    out.push_str(&bars(
        "Fans and evangelists gained",
        &labels,
        &[
            ("fans", "#38a169", fans),
            ("evangelists", "#d69e2e", evangelists),
        ],
    ));
    let answered: Vec<Option<f64>> = r
        .weekly
        .iter()
        .map(|w| (w.inbound > 0).then_some(w.answered_share * 100.0))
        .collect();
    out.push_str(&line(
        "Share of inbound answered",
        &labels,
        &answered,
        100.0,
        &|v| format!("{v:.0}%"),
    ));
    let response: Vec<Option<f64>> = r
        .weekly
        .iter()
        .map(|w| w.median_first_response_minutes)
        .collect();
    let top = response
        .iter()
        .flatten()
        .copied()
        .fold(0.0, f64::max)
        .max(1.0);
    out.push_str(&line(
        "Median first response",
        &labels,
        &response,
        top,
        &minutes,
    ));
    let inbound: Vec<f64> = r.weekly.iter().map(|w| w.inbound as f64).collect();
    out.push_str(&bars(
        "Inbound comments and messages",
        &labels,
        &[("inbound", "#4a5568", inbound)],
    ));

    out.push_str("<h2>Meaningful beside vanity</h2><table><tr><th>Meaningful</th><th></th><th>Vanity</th><th></th></tr>");
    let meaningful = [
        ("inbound", m.inbound.to_string()),
        (
            "answered",
            format!("{} ({:.0}%)", m.answered, m.answered_share * 100.0),
        ),
        (
            "median first response",
            m.median_first_response_minutes.map_or("—".into(), minutes),
        ),
        (
            "p90 first response",
            m.p90_first_response_minutes.map_or("—".into(), minutes),
        ),
        ("conversations", m.conversations.to_string()),
        ("specific comments", m.specific_comments.to_string()),
        ("recommendations", m.recommendations.to_string()),
        ("true fans", m.true_fans.to_string()),
        ("evangelists", m.evangelists.to_string()),
    ];
    let vanity = [
        ("followers", v.followers.to_string()),
        ("likes", v.likes.to_string()),
        ("comments", v.comments.to_string()),
        ("generic comments", m.generic_comments.to_string()),
    ];
    for (i, (mk, mv)) in meaningful.iter().enumerate() {
        let (vk, vv) = vanity
            .get(i)
            .map_or(("", String::new()), |(k, v)| (*k, v.clone()));
        let _ = write!(
            out,
            r#"<tr><td>{}</td><td class="n">{}</td><td>{}</td><td class="n">{}</td></tr>"#,
            esc(mk),
            esc(mv),
            esc(vk),
            esc(&vv)
        );
    }
    out.push_str("</table><h2>Per channel</h2><table><tr><th>channel</th><th>inbound</th><th>answered</th><th>median response</th><th>likes</th><th>followers</th></tr>");
    for (ch, f) in &r.base.per_channel {
        let _ = write!(
            out,
            r#"<tr><td>{}</td><td class="n">{}</td><td class="n">{:.0}%</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td></tr>"#,
            esc(ch),
            f.meaningful.inbound,
            f.meaningful.answered_share * 100.0,
            f.meaningful
                .median_first_response_minutes
                .map_or("—".into(), minutes),
            f.vanity.likes,
            f.vanity.followers
        );
    }
    out.push_str("</table><p><small>Generated by Rapport. Weeks start on Monday (UTC).</small></p></body></html>\n");
    out
}
