//! The `annotate` view: every layer of a document as one JSON object, so a
//! user can see why an event was or was not made.

use serde_json::{Value, json};

use crate::document::{Document, PlaceMention};
use crate::event::Event;
use crate::gazetteer::Gazetteer;

/// One place mention as JSON (`mention`, `start`, `end`, `code`, `name`,
/// `level`, `reason`, `confidence`, `candidates`, `in_organization`).
pub fn place_json(doc: &Document, place: &PlaceMention, gazetteer: &Gazetteer) -> Value {
    let entry = gazetteer.place(place.code);
    json!({
        "mention": place.span.of(&doc.text),
        "start": place.span.start,
        "end": place.span.end,
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
    let text = doc.text.as_str();
    json!({
        "article_id": doc.id,
        "published": doc.published.map(|d| d.iso()),
        "published_source": doc.published_source,
        "skipped": doc.skipped.iter().map(|s| json!({
            "start": s.span.start, "end": s.span.end, "rule": s.rule, "text": s.span.of(text),
        })).collect::<Vec<_>>(),
        "sentences": doc.sentences.iter().map(|s| json!({
            "start": s.span.start, "end": s.span.end, "paragraph": s.paragraph,
        })).collect::<Vec<_>>(),
        "places": doc.places.iter().map(|p| place_json(doc, p, gazetteer)).collect::<Vec<_>>(),
        "organizations": doc.organizations.iter().map(|o| json!({
            "mention": o.span.of(text), "start": o.span.start, "end": o.span.end, "rule": o.rule,
        })).collect::<Vec<_>>(),
        "quantities": doc.quantities.iter().map(|q| json!({
            "mention": q.span.of(text),
            "start": q.span.start,
            "end": q.span.end,
            "kind": q.kind,
            "value": q.value,
            "unit": q.unit,
            "qualifier": q.qualifier,
            "qualifier_text": q.qualifier_span.map(|s| s.of(text)),
            "min": q.min,
            "max": q.max,
            "alt": q.alt.as_ref().map(|a| json!({"value": a.value, "unit": a.unit, "mention": a.span.of(text)})),
            "implied_rate": q.implied_rate,
            "rate_implausible": q.rate_implausible,
            "role": q.role,
            "noun_class": q.noun_class,
            "not_flow": q.not_flow,
            "rate": q.rate,
            "rule": q.rule,
        })).collect::<Vec<_>>(),
        "times": doc.times.iter().map(|t| json!({
            "mention": t.span.of(text), "start": t.span.start, "end": t.span.end, "value": t.value, "rule": t.rule,
        })).collect::<Vec<_>>(),
        "events": events,
    })
}
