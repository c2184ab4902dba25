//! The `annotate` view: every layer of a document as one JSON object, so a
//! user can see why an event was or was not made.

use serde_json::{Value, json};

use crate::document::{Document, PlaceMention, Span};
use crate::event::Event;
use crate::gazetteer::Gazetteer;

/// One place mention as JSON (`mention`, `start`, `end`, `code`, `name`,
/// `level`, `reason`, `confidence`, `candidates`, `in_organization`).
pub fn place_json(doc: &Document, place: &PlaceMention, gazetteer: &Gazetteer) -> Value {
    let entry = gazetteer.place(place.code);
    json!({
        "mention": doc.original_text(place.span),
        "start": doc.original_span(place.span).start,
        "end": doc.original_span(place.span).end,
        "code": format!("{:06}", place.code),
        "name": entry.map(|p| p.name.as_str()),
        "level": entry.map(|p| p.level.as_str()),
        "reason": place.reason,
        "confidence": (f64::from(place.confidence) * 100.0).round() / 100.0,
        "candidates": place.candidates.iter().map(|c| format!("{c:06}")).collect::<Vec<_>>(),
        "in_organization": place.in_organization,
    })
}

/// Every layer of `doc`, and the events linked from it.
pub fn document_json(doc: &Document, events: &[Event], gazetteer: &Gazetteer) -> Value {
    // Spans are shown in the original text; `start`/`end` index it.
    let text = |s: Span| doc.original_text(s);
    let at = |s: Span| doc.original_span(s);
    json!({
        "article_id": doc.id,
        "published": doc.published.map(|d| d.iso()),
        "published_source": doc.published_source,
        "url": doc.url,
        "title": doc.title,
        "skipped": doc.skipped.iter().map(|s| json!({
            "start": at(s.span).start, "end": at(s.span).end, "rule": s.rule, "text": text(s.span),
        })).collect::<Vec<_>>(),
        "sentences": doc.sentences.iter().map(|s| json!({
            "start": at(s.span).start, "end": at(s.span).end, "paragraph": s.paragraph,
        })).collect::<Vec<_>>(),
        "places": doc.places.iter().map(|p| place_json(doc, p, gazetteer)).collect::<Vec<_>>(),
        "organizations": doc.organizations.iter().map(|o| json!({
            "mention": text(o.span), "start": at(o.span).start, "end": at(o.span).end, "rule": o.rule,
        })).collect::<Vec<_>>(),
        "quantities": doc.quantities.iter().map(|q| json!({
            "mention": text(q.span),
            "start": at(q.span).start,
            "end": at(q.span).end,
            "kind": q.kind,
            "value": q.value,
            "unit": q.unit,
            "qualifier": q.qualifier,
            "qualifier_text": q.qualifier_span.map(text),
            "min": q.min,
            "max": q.max,
            "alt": q.alt.as_ref().map(|a| json!({"value": a.value, "unit": a.unit, "mention": text(a.span)})),
            "implied_rate": q.implied_rate,
            "rate_implausible": q.rate_implausible,
            "role": q.role,
            "noun_class": q.noun_class,
            "not_flow": q.not_flow,
            "rate": q.rate,
            "rule": q.rule,
        })).collect::<Vec<_>>(),
        "times": doc.times.iter().map(|t| json!({
            "mention": text(t.span), "start": at(t.span).start, "end": at(t.span).end, "value": t.value, "rule": t.rule,
        })).collect::<Vec<_>>(),
        "chunks": doc.chunks.iter().map(|c| {
            let mut v = serde_json::to_value(c).unwrap_or(Value::Null);
            if let Some(o) = v.as_object_mut() {
                o.insert("text".into(), json!(text(c.span)));
                o.insert("span".into(), json!({"start": at(c.span).start, "end": at(c.span).end}));
            }
            v
        }).collect::<Vec<_>>(),
        "events": events,
    })
}
