//! The report's HTML: server-side SVG for the diagram and the charts (the
//! page shows them with scripts off), a small inlined script for the scope
//! switch and the table search.

use std::fmt::Write;

use super::{Band, Pair, bands, by_year, counted_flows, top_pairs};
use crate::event::{Event, Scope, Status};
use crate::gazetteer::Gazetteer;

/// The inlined style sheet.
const STYLE: &str = include_str!("page.css");
/// The inlined script (ours, no library): scope switch and table search.
const SCRIPT: &str = include_str!("page.js");
/// The scopes the diagram shows, one at a time (they overlap).
const SCOPES: [Scope; 4] = [
    Scope::Annual,
    Scope::Cumulative,
    Scope::Period,
    Scope::Unknown,
];
/// Nodes a side of the diagram shows before "other".
const NODES: usize = 14;

/// Escapes text for HTML content and attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Yuan for people: `1.78 bn`, `622.3 m`, `45,000`.
pub fn yuan_text(value: u64) -> String {
    let v = value as f64;
    if v >= 1e9 {
        format!("{:.2} bn", v / 1e9)
    } else if v >= 1e6 {
        format!("{:.1} m", v / 1e6)
    } else {
        value.to_string()
    }
}

/// The whole page.
pub fn page(events: &[Event], gazetteer: &Gazetteer, source: &str) -> String {
    let counted = counted_flows(events).len();
    let articles: std::collections::BTreeSet<&str> =
        events.iter().map(|e| e.article_id.as_str()).collect();
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>pairaid report: {src}</title><style>{STYLE}</style></head><body>\
         <h1>Pairing assistance: {src}</h1>\
         <p class=\"lead\">{n} events from {a} articles; {c} flows counted in sums \
         (aggregate events, each flow once however many articles tell it). \
         Items of a total, restatements, plans and rates are left out of sums.</p>",
        src = esc(source),
        n = events.len(),
        a = articles.len(),
        c = counted,
    );
    out.push_str(&diagram_section(events, gazetteer));
    out.push_str(&years_section(events));
    out.push_str(&pairs_section(&top_pairs(events, 15)));
    out.push_str(&events_section(events));
    let _ = writeln!(out, "<script>{SCRIPT}</script></body></html>");
    out
}

fn diagram_section(events: &[Event], gazetteer: &Gazetteer) -> String {
    let mut buttons = String::new();
    let mut panels = String::new();
    let first = SCOPES
        .iter()
        .position(|&s| !bands(events, gazetteer, s).is_empty())
        .unwrap_or(0);
    for (i, scope) in SCOPES.iter().enumerate() {
        let name = scope.as_str();
        let on = if i == first { " class=\"on\"" } else { "" };
        let hidden = if i == first { "" } else { " hidden" };
        let _ = write!(buttons, "<button data-scope=\"{name}\"{on}>{name}</button>");
        let _ = write!(
            panels,
            "<div class=\"panel\" data-scope=\"{name}\"{hidden}>{}</div>",
            sankey(&bands(events, gazetteer, *scope))
        );
    }
    format!(
        "<section id=\"flows\"><h2>Assistance funds, donor province → recipient provinces</h2>\
         <p>Band widths are yuan of counted funds flows. A joint amount goes to its group \
         of recipients once. Annual, cumulative and period figures overlap, so the diagram \
         shows one scope at a time:</p><div class=\"scopes\">{buttons}</div>{panels}</section>"
    )
}

/// Keeps the `NODES` largest names of one side, the rest as "other".
fn keep_largest(bands: &[Band], side: fn(&Band) -> &str) -> Vec<(String, u64)> {
    let mut totals: std::collections::BTreeMap<&str, u64> = Default::default();
    for b in bands {
        *totals.entry(side(b)).or_default() += b.yuan;
    }
    let mut nodes: Vec<(String, u64)> = totals
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    nodes.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    if nodes.len() > NODES {
        let rest: u64 = nodes[NODES - 1..].iter().map(|n| n.1).sum();
        nodes.truncate(NODES - 1);
        nodes.push(("other".to_string(), rest));
    }
    nodes
}

/// A node column: each name's top and height in the SVG.
fn layout(nodes: &[(String, u64)], scale: f64, gap: f64) -> Vec<(String, f64, f64)> {
    let mut y = 10.0;
    nodes
        .iter()
        .map(|(name, v)| {
            let h = (*v as f64 * scale).max(2.0);
            let top = y;
            // Room for the label, however thin the node.
            y += (h + gap).max(18.0);
            (name.clone(), top, h)
        })
        .collect()
}

/// The flow diagram as SVG: donors on the left, recipients on the right.
fn sankey(bands: &[Band]) -> String {
    if bands.is_empty() {
        return "<p class=\"empty\">No counted funds flows in this scope.</p>".into();
    }
    let (left, right) = (
        keep_largest(bands, |b| &b.from),
        keep_largest(bands, |b| &b.to),
    );
    let total: u64 = bands.iter().map(|b| b.yuan).sum();
    let gap = 8.0;
    let height = 40.0 + 28.0 * left.len().max(right.len()) as f64;
    let rows = left.len().max(right.len()) as f64;
    let scale = (height - 20.0 - gap * (rows - 1.0)) / total as f64;
    let (l, r) = (layout(&left, scale, gap), layout(&right, scale, gap));
    let (x0, x1, w) = (230.0, 690.0, 14.0);
    let find = |col: &[(String, f64, f64)], name: &str| {
        col.iter()
            .position(|n| n.0 == name)
            .unwrap_or(col.len() - 1)
    };
    let (mut l_used, mut r_used) = (vec![0.0; l.len()], vec![0.0; r.len()]);
    let bottom = |col: &[(String, f64, f64)]| col.last().map_or(0.0, |n| n.1 + n.2);
    let height = bottom(&l).max(bottom(&r)) + 12.0;
    let mut svg = format!(
        "<svg class=\"sankey\" viewBox=\"0 0 920 {height:.0}\" role=\"img\" \
         aria-label=\"flow diagram\" xmlns=\"http://www.w3.org/2000/svg\">"
    );
    for b in bands {
        let (i, j) = (find(&l, &b.from), find(&r, &b.to));
        let h = b.yuan as f64 * scale;
        let (y0, y1) = (l[i].1 + l_used[i], r[j].1 + r_used[j]);
        l_used[i] += h;
        r_used[j] += h;
        let xm = (x0 + w + x1) / 2.0;
        let _ = write!(
            svg,
            "<path class=\"band\" d=\"M{a:.1} {y0:.1}C{xm:.1} {y0:.1} {xm:.1} {y1:.1} {x1:.1} {y1:.1}\
             L{x1:.1} {y1h:.1}C{xm:.1} {y1h:.1} {xm:.1} {y0h:.1} {a:.1} {y0h:.1}Z\">\
             <title>{} → {}: {} yuan</title></path>",
            esc(&b.from),
            esc(&b.to),
            yuan_text(b.yuan),
            a = x0 + w,
            y1h = y1 + h.max(0.5),
            y0h = y0 + h.max(0.5),
        );
    }
    for ((name, top, h), (side, x)) in l
        .iter()
        .map(|n| (n, ("donor", x0)))
        .chain(r.iter().map(|n| (n, ("recipient", x1))))
    {
        let (tx, anchor) = if side == "donor" {
            (x - 6.0, "end")
        } else {
            (x + w + 6.0, "start")
        };
        let _ = write!(
            svg,
            "<rect class=\"node {side}\" x=\"{x:.1}\" y=\"{top:.1}\" width=\"{w}\" height=\"{h:.1}\"/>\
             <text class=\"node-label {side}\" x=\"{tx:.1}\" y=\"{ty:.1}\" text-anchor=\"{anchor}\">{}</text>",
            esc(name),
            ty = top + h / 2.0 + 4.0,
        );
    }
    svg.push_str("</svg>");
    svg
}

/// A bar chart of `values` by year, as SVG.
fn bars(years: &[(i32, u64)], label: fn(u64) -> String, class: &str) -> String {
    let max = years.iter().map(|y| y.1).max().unwrap_or(0).max(1) as f64;
    let (bar, gap, height) = (34.0, 10.0, 160.0);
    let width = 20.0 + years.len() as f64 * (bar + gap);
    let mut svg = format!(
        "<svg class=\"bars {class}\" viewBox=\"0 0 {width:.0} {:.0}\" xmlns=\"http://www.w3.org/2000/svg\">",
        height + 40.0
    );
    for (k, (year, v)) in years.iter().enumerate() {
        let h = *v as f64 / max * height;
        let x = 10.0 + k as f64 * (bar + gap);
        let _ = write!(
            svg,
            "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{bar}\" height=\"{h:.1}\"><title>{year}: {}</title></rect>\
             <text class=\"year\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{year}</text>",
            10.0 + height - h,
            label(*v),
            x + bar / 2.0,
            height + 28.0,
        );
    }
    svg.push_str("</svg>");
    svg
}

fn years_section(events: &[Event]) -> String {
    let years = by_year(events);
    let money: Vec<(i32, u64)> = years.iter().map(|(y, v)| (*y, v.0)).collect();
    let people: Vec<(i32, u64)> = years.iter().map(|(y, v)| (*y, v.1)).collect();
    let mut rows = String::new();
    for (year, (yuan, persons)) in &years {
        let _ = write!(
            rows,
            "<tr><td>{year}</td><td class=\"num\">{}</td><td class=\"num\">{persons}</td></tr>",
            yuan_text(*yuan)
        );
    }
    format!(
        "<section id=\"years\"><h2>By year</h2><p>Counted annual figures only \
         (a running total has no year of its own).</p><div class=\"charts\">\
         <figure><figcaption>Yuan of assistance funds</figcaption>{}</figure>\
         <figure><figcaption>People sent</figcaption>{}</figure></div>\
         <table class=\"small\"><thead><tr><th>year</th><th>yuan</th><th>people sent</th></tr></thead>\
         <tbody>{rows}</tbody></table></section>",
        bars(&money, yuan_text, "yuan"),
        bars(&people, |v| v.to_string(), "people"),
    )
}

fn pairs_section(pairs: &[Pair]) -> String {
    let mut rows = String::new();
    for p in pairs {
        let _ = write!(
            rows,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            esc(&p.donor),
            esc(&p.recipients),
            p.scope.as_str(),
            yuan_text(p.yuan),
            p.flows,
            p.articles
        );
    }
    format!(
        "<section id=\"pairs\"><h2>Top pairs by yuan</h2><table id=\"pairs-table\">\
         <thead><tr><th>donor</th><th>recipients</th><th>scope</th><th>yuan</th>\
         <th>flows</th><th>articles</th></tr></thead><tbody>{rows}</tbody></table></section>"
    )
}

/// The amount as the table shows it.
fn amount(e: &Event) -> String {
    match &e.quantity {
        Some(q) if q.unit == "CNY" => format!("{} yuan", yuan_text(q.value)),
        Some(q) => format!("{} {}", q.value, q.unit),
        None => String::new(),
    }
}

/// Whether and why an event enters sums.
fn counted(e: &Event) -> String {
    match (&e.totals.part_of, e.totals.aggregate) {
        (Some(total), _) => format!("item of {total}"),
        (None, true) => "counted".into(),
        (None, false) if e.quantity.is_none() => "no amount".into(),
        (None, false) if e.totals.status == Status::Planned => "planned".into(),
        (None, false) if e.totals.scope == Scope::Rate => "rate".into(),
        (None, false) => "restated".into(),
    }
}

fn events_section(events: &[Event]) -> String {
    let mut rows = String::new();
    for e in events {
        let recipients: Vec<&str> = e.recipients.iter().map(|r| r.name.as_str()).collect();
        let when = match (e.year, e.since) {
            (_, Some(s)) => format!("since {s}"),
            (Some(y), None) => y.to_string(),
            (None, None) => String::new(),
        };
        let _ = write!(
            rows,
            "<tr class=\"event\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>\
             <td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{:.2}</td>\
             <td>{}</td><td class=\"evidence\">{}</td></tr>",
            esc(&e.article_id),
            esc(&e.id),
            e.kind.as_str(),
            esc(e.donor.as_ref().map_or("", |d| d.name.as_str())),
            esc(&recipients.join(", ")),
            esc(&amount(e)),
            esc(&when),
            e.totals.scope.as_str(),
            esc(&counted(e)),
            e.confidence,
            esc(&e.rule),
            esc(&e.evidence.text),
        );
    }
    format!(
        "<section id=\"events\"><h2>Events</h2><p><input id=\"search\" type=\"search\" \
         placeholder=\"Search events: place, article, rule, evidence ...\" aria-label=\"search events\"> \
         <span id=\"shown\">{n} of {n} events</span></p><table id=\"events-table\"><thead><tr>\
         <th>article</th><th>event</th><th>type</th><th>donor</th><th>recipients</th><th>amount</th>\
         <th>year</th><th>scope</th><th>in sums</th><th>confidence</th><th>rule</th><th>evidence</th>\
         </tr></thead><tbody>{rows}</tbody></table></section>",
        n = events.len()
    )
}
