//! Inline SVG charts: grouped bars, stacked bars and lines over weeks.
//!
//! Shared by the dashboard (Report and Ladder pages) and the binary's
//! self-contained `rapport report --html` page, so both draw the same
//! charts. The output is plain SVG markup with every text escaped, no
//! scripts and no `style` attributes (the dashboard's CSP allows neither);
//! colours are SVG presentation attributes. The charts are 640×200 user
//! units and scale with CSS (`svg { width: 100%; height: auto }`).

use std::fmt::Write;

/// Escapes text for HTML and SVG content and attributes.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const W: f64 = 640.0;
const H: f64 = 200.0;
const PAD_L: f64 = 44.0;
const PAD_B: f64 = 28.0;
const PAD_T: f64 = 12.0;

/// Short week labels (`03-02`) from RFC 3339 week starts.
pub fn week_labels<'a>(starts: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    starts
        .into_iter()
        .map(|w| w.get(5..10).unwrap_or("").to_string())
        .collect()
}

/// Minutes as `45 min` or `3.5 h`.
pub fn minutes(v: f64) -> String {
    if v >= 120.0 {
        format!("{:.1} h", v / 60.0)
    } else {
        format!("{v:.0} min")
    }
}

fn frame(out: &mut String, title: &str, max: f64, fmt: &dyn Fn(f64) -> String, labels: &[String]) {
    let _ = write!(
        out,
        r#"<figure class="chart"><figcaption>{}</figcaption><svg viewBox="0 0 {W} {H}" width="{W}" height="{H}" role="img" aria-label="{}" xmlns="http://www.w3.org/2000/svg">"#,
        esc(title),
        esc(title)
    );
    let plot_h = H - PAD_B - PAD_T;
    for k in 0..=4 {
        let y = PAD_T + plot_h * (1.0 - f64::from(k) / 4.0);
        let _ = write!(
            out,
            r##"<line x1="{PAD_L}" x2="{W}" y1="{y:.1}" y2="{y:.1}" stroke="#e4e4e4"/><text x="{:.1}" y="{:.1}" font-size="10" text-anchor="end" fill="#666">{}</text>"##,
            PAD_L - 4.0,
            y + 3.0,
            esc(&fmt(max * f64::from(k) / 4.0))
        );
    }
    let n = labels.len().max(1);
    let step = (W - PAD_L) / n as f64;
    let every = n.div_ceil(12);
    for (i, l) in labels.iter().enumerate().filter(|(i, _)| i % every == 0) {
        let _ = write!(
            out,
            r##"<text x="{:.1}" y="{:.1}" font-size="10" text-anchor="middle" fill="#666">{}</text>"##,
            PAD_L + step * (i as f64 + 0.5),
            H - 10.0,
            esc(l)
        );
    }
}

fn label_at(labels: &[String], i: usize) -> &str {
    labels
        .get(i.min(labels.len().saturating_sub(1)))
        .map_or("", String::as_str)
}

/// Grouped bars, one group per week; `series` is (name, colour, values).
pub fn bars(title: &str, labels: &[String], series: &[(&str, &str, Vec<f64>)]) -> String {
    let mut out = String::new();
    let max = series
        .iter()
        .flat_map(|s| s.2.iter().copied())
        .fold(0.0, f64::max)
        .max(1.0)
        .ceil();
    frame(&mut out, title, max, &|v| format!("{v:.0}"), labels);
    let n = labels.len().max(1);
    let step = (W - PAD_L) / n as f64;
    let bw = (step * 0.8) / series.len().max(1) as f64;
    let plot_h = H - PAD_B - PAD_T;
    for (k, (name, colour, values)) in series.iter().enumerate() {
        for (i, v) in values.iter().enumerate() {
            let h = plot_h * v / max;
            let x = PAD_L + step * i as f64 + step * 0.1 + bw * k as f64;
            let _ = write!(
                out,
                r#"<rect x="{x:.1}" y="{:.1}" width="{:.1}" height="{h:.1}" fill="{colour}"><title>{} {}: {v}</title></rect>"#,
                PAD_T + plot_h - h,
                bw.max(1.0),
                esc(name),
                esc(label_at(labels, i))
            );
        }
    }
    out.push_str("</svg>");
    legend(&mut out, series.iter().map(|s| (s.0, s.1)));
    out.push_str("</figure>");
    out
}

/// Stacked bars, one bar per week, the series stacked bottom-up in order.
pub fn stacked(title: &str, labels: &[String], series: &[(&str, &str, Vec<f64>)]) -> String {
    let mut out = String::new();
    let n = labels.len().max(1);
    let totals: Vec<f64> = (0..n)
        .map(|i| series.iter().filter_map(|s| s.2.get(i)).sum())
        .collect();
    let max = totals.iter().copied().fold(0.0, f64::max).max(1.0).ceil();
    frame(&mut out, title, max, &|v| format!("{v:.0}"), labels);
    let step = (W - PAD_L) / n as f64;
    let plot_h = H - PAD_B - PAD_T;
    let mut base = vec![0.0; n];
    for (name, colour, values) in series {
        for (i, v) in values.iter().enumerate().take(n) {
            let h = plot_h * v / max;
            let y = PAD_T + plot_h - base[i] - h;
            base[i] += h;
            let _ = write!(
                out,
                r#"<rect x="{:.1}" y="{y:.1}" width="{:.1}" height="{h:.1}" fill="{colour}"><title>{} {}: {v}</title></rect>"#,
                PAD_L + step * i as f64 + step * 0.1,
                (step * 0.8).max(1.0),
                esc(name),
                esc(label_at(labels, i))
            );
        }
    }
    out.push_str("</svg>");
    legend(&mut out, series.iter().map(|s| (s.0, s.1)));
    out.push_str("</figure>");
    out
}

/// A line with dots; gaps where a week has no value.
pub fn line(
    title: &str,
    labels: &[String],
    values: &[Option<f64>],
    max: f64,
    fmt: &dyn Fn(f64) -> String,
) -> String {
    let mut out = String::new();
    frame(&mut out, title, max, fmt, labels);
    let n = labels.len().max(1);
    let step = (W - PAD_L) / n as f64;
    let plot_h = H - PAD_B - PAD_T;
    let mut path = String::new();
    let mut pen_down = false;
    for (i, v) in values.iter().enumerate() {
        let Some(v) = v else {
            pen_down = false;
            continue;
        };
        let x = PAD_L + step * (i as f64 + 0.5);
        let y = PAD_T + plot_h * (1.0 - (v / max).clamp(0.0, 1.0));
        let _ = write!(path, "{}{x:.1},{y:.1} ", if pen_down { "L" } else { "M" });
        pen_down = true;
        let _ = write!(
            out,
            r##"<circle cx="{x:.1}" cy="{y:.1}" r="3" fill="#2b6cb0"><title>{}: {}</title></circle>"##,
            esc(label_at(labels, i)),
            esc(&fmt(*v))
        );
    }
    let _ = write!(
        out,
        r##"<path d="{}" fill="none" stroke="#2b6cb0" stroke-width="2"/></svg></figure>"##,
        path.trim_end()
    );
    out
}

/// Colour swatches drawn as SVG, so no `style` attribute is needed.
fn legend<'a>(out: &mut String, items: impl Iterator<Item = (&'a str, &'a str)>) {
    out.push_str(r#"<p class="legend">"#);
    for (name, colour) in items {
        let _ = write!(
            out,
            r#"<span><svg width="10" height="10" viewBox="0 0 10 10" aria-hidden="true"><rect width="10" height="10" fill="{colour}"/></svg> {}</span> "#,
            esc(name)
        );
    }
    out.push_str("</p>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_escape_their_text_and_use_no_style_attributes() {
        let labels = week_labels(["2026-03-02T00:00:00Z", "2026-03-09T00:00:00Z"]);
        assert_eq!(labels, vec!["03-02", "03-09"]);
        let b = bars("<fans>", &labels, &[("a&b", "#38a169", vec![1.0, 3.0])]);
        let s = stacked(
            "stages",
            &labels,
            &[
                ("fan", "#111", vec![1.0, 2.0]),
                ("casual", "#222", vec![3.0, 1.0]),
            ],
        );
        let l = line("share", &labels, &[Some(50.0), None], 100.0, &|v| {
            format!("{v:.0}%")
        });
        for svg in [&b, &s, &l] {
            assert!(svg.starts_with(r#"<figure class="chart">"#), "{svg}");
            assert!(!svg.contains("style="), "{svg}");
            assert!(!svg.contains("<script"));
        }
        assert!(b.contains("&lt;fans&gt;") && b.contains("a&amp;b 03-09: 3"));
        // The stacked bar of week 1 is 4 high: its parts sum to the top.
        assert!(s.contains("casual 03-02: 3"));
        assert_eq!(
            l.matches("<circle").count(),
            1,
            "a gap where there is no value"
        );
        assert_eq!(minutes(90.0), "90 min");
        assert_eq!(minutes(180.0), "3.0 h");
    }
}
