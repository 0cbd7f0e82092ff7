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

/// One axis of a [`scatter`]: its title, the values at its ends and the
/// ticks to mark (value, label).
#[derive(Debug, Clone)]
pub struct Axis {
    /// What it measures, with its direction (`alignment →`).
    pub title: String,
    /// The value at the origin.
    pub from: f64,
    /// The value at the far end.
    pub to: f64,
    /// Marked values with their labels.
    pub ticks: Vec<(f64, String)>,
}

impl Axis {
    /// Where `v` falls along the axis, 0..=1 (clamped).
    fn at(&self, v: f64) -> f64 {
        let span = self.to - self.from;
        if span.abs() < f64::EPSILON || !v.is_finite() {
            return 0.0;
        }
        ((v - self.from) / span).clamp(0.0, 1.0)
    }
}

/// One point of a [`scatter`].
#[derive(Debug, Clone)]
pub struct Dot {
    /// Value along x.
    pub x: f64,
    /// Value along y.
    pub y: f64,
    /// What hovering over it says (its name and values).
    pub title: String,
    /// A short name written beside it, for the points worth naming.
    pub label: Option<String>,
    /// Drawn in the warning colour.
    pub warn: bool,
}

const SC_W: f64 = 360.0;
const SC_H: f64 = 270.0;
const SC_L: f64 = 50.0;
const SC_R: f64 = 14.0;
const SC_T: f64 = 12.0;
const SC_B: f64 = 44.0;

/// A scatter chart 360×270 units (it fits a phone): both axes titled and
/// marked with their ticks, a `<title>` on every point for hovering, the
/// `label`s written beside their points (left of those in the right
/// half, so they stay inside; a label that would overlap one already
/// written is left to the point's title), and `cut` as a dashed line at
/// that x.
pub fn scatter(title: &str, x: &Axis, y: &Axis, dots: &[Dot], cut: Option<f64>) -> String {
    let mut out = String::new();
    let (pw, ph) = (SC_W - SC_L - SC_R, SC_H - SC_T - SC_B);
    let px = |v: f64| SC_L + pw * x.at(v);
    let py = |v: f64| SC_T + ph * (1.0 - y.at(v));
    let _ = write!(
        out,
        r##"<figure class="scatter"><figcaption>{t}</figcaption><svg class="scatter" viewBox="0 0 {SC_W} {SC_H}" width="{SC_W}" height="{SC_H}" role="img" aria-label="{t}" xmlns="http://www.w3.org/2000/svg"><rect x="{SC_L}" y="{SC_T}" width="{pw}" height="{ph}" fill="#f7f7f7" stroke="#ddd"/>"##,
        t = esc(title)
    );
    for (v, label) in &x.ticks {
        let _ = write!(
            out,
            r##"<line x1="{cx:.1}" x2="{cx:.1}" y1="{SC_T}" y2="{b:.1}" stroke="#e4e4e4"/><text class="tick" x="{cx:.1}" y="{ty:.1}" font-size="10" text-anchor="middle" fill="#666">{}</text>"##,
            esc(label),
            cx = px(*v),
            b = SC_T + ph,
            ty = SC_T + ph + 13.0,
        );
    }
    for (v, label) in &y.ticks {
        let _ = write!(
            out,
            r##"<line x1="{SC_L}" x2="{r:.1}" y1="{cy:.1}" y2="{cy:.1}" stroke="#e4e4e4"/><text class="tick" x="{tx:.1}" y="{ty:.1}" font-size="10" text-anchor="end" fill="#666">{}</text>"##,
            esc(label),
            r = SC_L + pw,
            cy = py(*v),
            tx = SC_L - 4.0,
            ty = py(*v) + 3.0,
        );
    }
    let _ = write!(
        out,
        r##"<text class="axis-title" x="{:.1}" y="{:.1}" font-size="11" text-anchor="middle" fill="#333">{}</text><text class="axis-title" x="12" y="{my:.1}" font-size="11" text-anchor="middle" fill="#333" transform="rotate(-90 12 {my:.1})">{}</text>"##,
        SC_L + pw / 2.0,
        SC_H - 8.0,
        esc(&x.title),
        esc(&y.title),
        my = SC_T + ph / 2.0,
    );
    if let Some(c) = cut {
        let _ = write!(
            out,
            r##"<line x1="{cx:.1}" y1="{SC_T}" x2="{cx:.1}" y2="{b:.1}" stroke="#c33" stroke-dasharray="4 3"/>"##,
            cx = px(c),
            b = SC_T + ph,
        );
    }
    // Labels written so far, as boxes (left, right, baseline).
    let mut placed: Vec<(f64, f64, f64)> = Vec::new();
    for d in dots {
        let (cx, cy) = (px(d.x), py(d.y));
        let colour = if d.warn { "#c33" } else { "#2f6fde" };
        let _ = write!(
            out,
            r#"<circle cx="{cx:.1}" cy="{cy:.1}" r="5" fill="{colour}" fill-opacity="0.8"><title>{}</title></circle>"#,
            esc(&d.title)
        );
        if let Some(label) = &d.label {
            let (lx, anchor) = if cx > SC_L + pw / 2.0 {
                (cx - 8.0, "end")
            } else {
                (cx + 8.0, "start")
            };
            // About 5.5 units a character at font size 10, 11 a line.
            let width = label.chars().count() as f64 * 5.5;
            let (left, right) = if anchor == "end" {
                (lx - width, lx)
            } else {
                (lx, lx + width)
            };
            let overlaps = placed
                .iter()
                .any(|&(l, r, y)| (y - cy).abs() < 11.0 && left < r && l < right);
            if overlaps {
                continue;
            }
            placed.push((left, right, cy));
            let _ = write!(
                out,
                r##"<text class="point-label" x="{lx:.1}" y="{:.1}" font-size="10" text-anchor="{anchor}" fill="#222">{}</text>"##,
                cy + 3.0,
                esc(label)
            );
        }
    }
    out.push_str("</svg></figure>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scatter_names_its_axes_ticks_and_points() {
        let axis = |t: &str| Axis {
            title: t.into(),
            from: 0.0,
            to: 1.0,
            ticks: vec![(0.0, "0".into()), (1.0, "1".into())],
        };
        let dots = [
            Dot {
                x: 0.9,
                y: 0.5,
                title: "Ann <a>: fit 0.45".into(),
                label: Some("Ann".into()),
                warn: false,
            },
            Dot {
                x: 0.1,
                y: 7.0,
                title: "Bo".into(),
                label: None,
                warn: true,
            },
        ];
        let svg = scatter(
            "reach & alignment",
            &axis("alignment →"),
            &axis("reach →"),
            &dots,
            Some(0.4),
        );
        assert!(!svg.contains("style=") && !svg.contains("<script"));
        assert!(svg.contains("reach &amp; alignment"));
        assert!(svg.contains(">alignment →</text>") && svg.contains(">reach →</text>"));
        assert_eq!(svg.matches(r#"class="tick""#).count(), 4);
        assert_eq!(svg.matches("<title>").count(), 2);
        assert!(svg.contains("<title>Ann &lt;a&gt;: fit 0.45</title>"));
        // Ann sits in the right half: her name is written to her left.
        assert!(
            svg.contains(r##"text-anchor="end" fill="#222">Ann</text>"##),
            "{svg}"
        );
        // Out of range is drawn at the edge, not outside the chart.
        assert!(svg.contains(r#"cy="12.0""#), "{svg}");
        // A second label on the same spot is not written over the first.
        let twins = [dots[0].clone(), dots[0].clone()];
        let svg = scatter("t", &axis("x"), &axis("y"), &twins, None);
        assert_eq!(svg.matches(r#"class="point-label""#).count(), 1, "{svg}");
    }

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
