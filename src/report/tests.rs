use super::*;

/// An aggregate money event from a compact description.
fn event(id: &str, donor: &str, recipients: &[&str], value: u64, key: Option<&str>) -> Event {
    let place = |code: &str| serde_json::json!({"code": code, "name": code, "level": "province", "mention": code});
    serde_json::from_value(serde_json::json!({
        "schema": "pairaid.event/1", "id": id, "article_id": id.split('#').next().unwrap(),
        "type": "funds", "donor": place(donor),
        "recipients": recipients.iter().map(|c| place(c)).collect::<Vec<_>>(),
        "quantity": {"value": value, "unit": "CNY", "qualifier": "exact", "mention": "x"},
        "role": null, "year": 2022, "since": null,
        "evidence": {"start": 0, "end": 1, "text": "x"}, "confidence": 0.9, "rule": "r",
        "part_of": null, "scope": "annual", "status": "reported", "flow_key": key, "aggregate": true
    }))
    .expect("a valid record")
}

#[test]
fn a_flow_told_twice_counts_once_and_a_joint_amount_once_for_its_group() {
    let events = [
        event("b#1", "320000", &["650000"], 100, Some("k1")),
        event("a#1", "320000", &["650000"], 100, Some("k1")),
        event("a#2", "320000", &["610000", "630000"], 50, Some("k2")),
    ];
    let flows = counted_flows(&events);
    let ids: Vec<(&str, usize)> = flows
        .iter()
        .map(|f| (f.event.id.as_str(), f.articles))
        .collect();
    assert_eq!(ids, [("a#1", 2), ("a#2", 1)]);
    let pairs = top_pairs(&events, 10);
    let sums: Vec<(&str, u64)> = pairs
        .iter()
        .map(|p| (p.recipients.as_str(), p.yuan))
        .collect();
    assert_eq!(sums, [("650000", 100), ("610000 + 630000", 50)]);
}

#[test]
fn html_escapes_markup() {
    assert_eq!(
        html::esc("<a href=\"x\">&'"),
        "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
    );
}
