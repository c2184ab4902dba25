//! What must hold for any text, whatever it holds: the invariants the fuzz
//! harness checks after each extraction, and the regression test re-checks
//! on every input the harness ever failed on.

use pairaid::Event;

/// Checks the events extracted from `text` for the article `id`: evidence
/// spans inside the text, on character boundaries, equal to their text;
/// ids numbered `id#1`, `id#2`, ... in order; every record serializes.
pub fn events(id: &str, text: &str, events: &[Event]) -> Result<(), String> {
    for (n, e) in events.iter().enumerate() {
        let (start, end) = (e.evidence.start, e.evidence.end);
        if start > end || end > text.len() {
            return Err(format!(
                "event {n}: evidence {start}..{end} outside 0..{}",
                text.len()
            ));
        }
        if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            return Err(format!(
                "event {n}: evidence {start}..{end} inside a character"
            ));
        }
        if text[start..end] != e.evidence.text {
            return Err(format!(
                "event {n}: evidence text is not text[{start}..{end}]"
            ));
        }
        if e.id != format!("{id}#{}", n + 1) || e.article_id != id {
            return Err(format!("event {n}: id {:?} for article {id:?}", e.id));
        }
        serde_json::to_string(e).map_err(|err| format!("event {n} does not serialize: {err}"))?;
    }
    Ok(())
}
