//! Real archives in: articles in GBK, GB18030 and UTF-16 (with and without
//! a byte-order mark), HTML pages and texts with markup, gzip and zstd
//! compressed files, each run through the binary. The same facts must come
//! out as from the plain UTF-8 text, and evidence offsets must point into
//! the text pairaid stored (the decoded text, or the text of the page).

use std::io::Write;
use std::path::Path;

use serde_json::Value;

mod common;
use common::pairaid;

/// A Chinese article: two flows with donor, recipient and year.
const ZH: &str = "江苏省今年向新疆克孜勒苏柯尔克孜自治州投入援助资金14.6亿元。\n\n\
                  2020年，上海市向喀什地区选派医生30名。\n";

/// `pairaid extract ARGS -q`: (events, stderr, exit code).
fn extract(args: &[&str]) -> (Vec<Value>, String, i32) {
    let out = pairaid()
        .arg("extract")
        .arg("-q")
        .args(args)
        .output()
        .expect("pairaid runs");
    let events = String::from_utf8(out.stdout)
        .expect("output is UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    (
        events,
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

/// (donor code, recipient codes, value, year)
type Fact = (String, Vec<String>, u64, Option<i64>);

/// The facts of each event.
fn facts(events: &[Value]) -> Vec<Fact> {
    events
        .iter()
        .map(|e| {
            (
                e["donor"]["code"].as_str().unwrap_or("").to_string(),
                e["recipients"]
                    .as_array()
                    .expect("recipients")
                    .iter()
                    .map(|r| r["code"].as_str().expect("code").to_string())
                    .collect(),
                e["quantity"]["value"].as_u64().unwrap_or(0),
                e["year"].as_i64(),
            )
        })
        .collect()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write the input");
    path.to_str().expect("UTF-8 path").to_string()
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    text.encode_utf16()
        .flat_map(|u| {
            if big_endian {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            }
        })
        .collect()
}

fn encode(text: &str, encoding: &'static encoding_rs::Encoding) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

#[test]
fn encodings_give_the_same_events_as_utf8() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (expected, _, code) = extract(&[&write(dir.path(), "utf8.txt", ZH.as_bytes())]);
    assert_eq!(code, 0);
    let expected = facts(&expected);
    assert_eq!(
        expected,
        vec![
            // 今年 of an undated article counts from the latest year it writes.
            (
                "320000".into(),
                vec!["653000".into()],
                1_460_000_000,
                Some(2020)
            ),
            ("310000".into(), vec!["653100".into()], 30, Some(2020)),
        ],
        "the UTF-8 article's events"
    );
    // GB18030 beyond GBK: a four-byte character (U+20000) at the end.
    let gb18030_text = format!("{ZH}𠀀\n");
    // (file, bytes, encoding named on stderr)
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("gbk.txt", encode(ZH, encoding_rs::GBK), "GBK"),
        (
            "gb18030.txt",
            encode(&gb18030_text, encoding_rs::GB18030),
            "gb18030",
        ),
        ("utf16le.txt", utf16(ZH, false), "UTF-16LE"),
        ("utf16be.txt", utf16(ZH, true), "UTF-16BE"),
        (
            "utf16be-bom.txt",
            [&[0xFE, 0xFF][..], &utf16(ZH, true)].concat(),
            "UTF-16BE",
        ),
    ];
    for (name, bytes, encoding) in cases {
        let (events, stderr, code) = extract(&[&write(dir.path(), name, &bytes)]);
        assert_eq!(code, 0, "{name}: {stderr}");
        assert_eq!(facts(&events), expected, "{name}");
        assert!(
            stderr.contains(name) && stderr.contains(encoding),
            "{name}: the encoding is reported: {stderr}"
        );
        // Evidence offsets are byte offsets into the decoded UTF-8 text.
        let text = if name == "gb18030.txt" {
            gb18030_text.as_str()
        } else {
            ZH
        };
        for e in &events {
            let (start, end) = (
                e["evidence"]["start"].as_u64().expect("start") as usize,
                e["evidence"]["end"].as_u64().expect("end") as usize,
            );
            assert_eq!(&text[start..end], e["evidence"]["text"], "{name}");
        }
    }
    // Plain UTF-8 is not reported.
    let (_, stderr, _) = extract(&[&write(dir.path(), "again.txt", ZH.as_bytes())]);
    assert!(!stderr.contains("decoded"), "{stderr}");
}

#[test]
fn encoding_can_be_forced_and_is_checked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gbk = write(dir.path(), "page.txt", &encode(ZH, encoding_rs::GBK));
    let (events, stderr, code) = extract(&[&gbk, "--encoding", "gb18030"]);
    assert_eq!(code, 0);
    assert_eq!(events.len(), 2);
    assert!(stderr.contains("--encoding"), "{stderr}");
    // A wrong forced encoding gives no Chinese facts, but no failure.
    let (events, _, code) = extract(&[&gbk, "--encoding", "utf-16le"]);
    assert_eq!((events.len(), code), (0, 0));
    let (_, stderr, code) = extract(&[&gbk, "--encoding", "klingon"]);
    assert_eq!(code, 2, "an unknown encoding is a usage error");
    assert!(stderr.contains("klingon"), "{stderr}");
}

/// A crawled page: a `<br>` and `<p>` between sentences, entities, a
/// script that names a flow, and the page's provenance.
const PAGE: &str = r#"<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>Aid to Xinjiang &amp; Tibet</title>
<link rel="canonical" href="https://example.gov.cn/news/2021/0618.html">
<meta name="PubDate" content="2021-06-18 10:23">
<style>p { color: red }</style>
<script>var teaser = "Beijing allocated 9 million yuan to Lhasa in 1999.";</script>
</head><body>
<div class="nav">Home &gt; News</div>
<p>Jiangsu allocated 50 million yuan to Kizilsu in 2019.<br>Shanghai sent 30 doctors to Kashgar in 2020.</p><p>Zhejiang&nbsp;sent 20 teachers to Aksu in 2021.</p>
</body></html>"#;

#[test]
fn html_pages_break_sentences_at_tags() {
    let dir = tempfile::tempdir().expect("tempdir");
    let expected = vec![
        (
            "320000".into(),
            vec!["653000".into()],
            50_000_000,
            Some(2019),
        ),
        ("310000".into(), vec!["653100".into()], 30, Some(2020)),
        ("330000".into(), vec!["652900".into()], 20, Some(2021)),
    ];
    let page = write(dir.path(), "0618.html", PAGE.as_bytes());
    let (events, stderr, code) = extract(&[&page]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(facts(&events), expected, "{events:#?}");
    // The stored text is the page's text: evidence is plain sentences.
    assert_eq!(
        events[1]["evidence"]["text"],
        "Shanghai sent 30 doctors to Kashgar in 2020."
    );
    assert_eq!(events[0]["article_id"], "0618");
    assert_eq!(
        events[0]["article"]["url"],
        "https://example.gov.cn/news/2021/0618.html"
    );
    assert_eq!(events[0]["article"]["title"], "Aid to Xinjiang & Tibet");
    assert_eq!(events[0]["article"]["published"], "2021-06-18");

    // The same markup as crawled text in a .txt file and in JSONL.
    let txt = write(dir.path(), "crawl.txt", PAGE.as_bytes());
    let (events, stderr, _) = extract(&[&txt]);
    assert_eq!(facts(&events), expected, "markup in a .txt file");
    assert!(stderr.contains("HTML"), "detection is reported: {stderr}");
    let body = PAGE.split("<body>").nth(1).expect("a body");
    let jsonl = write(
        dir.path(),
        "crawl.jsonl",
        (serde_json::json!({"id": "j", "text": body}).to_string() + "\n").as_bytes(),
    );
    let (events, _, _) = extract(&[&jsonl]);
    assert_eq!(facts(&events), expected, "markup in JSONL text");

    // --html never keeps the markup: the tag joins the sentences again.
    let (events, _, _) = extract(&[&jsonl, "--html", "never"]);
    assert!(
        events.iter().all(|e| e["evidence"]["text"]
            .as_str()
            .unwrap_or("")
            .contains("<br>")),
        "markup kept as text"
    );

    // A GBK page that declares its charset.
    let gbk_page = format!(
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head><body><p>{}</p></body></html>",
        ZH.replace("\n\n", "</p><p>")
    );
    let path = write(dir.path(), "gbk.htm", &encode(&gbk_page, encoding_rs::GBK));
    let (events, stderr, _) = extract(&[&path]);
    assert_eq!(events.len(), 2, "{stderr}");
    assert!(stderr.contains("declared"), "{stderr}");
}

#[test]
fn crawled_text_with_a_br_keeps_its_lines_donor_and_year() {
    // The issue's case: a `<br>` joined two sentences, so Shanghai's doctors
    // went to the previous sentence's year. The text's own lines (the
    // header with the publication date) must survive reading the markup.
    let dir = tempfile::tempdir().expect("tempdir");
    let text = "Home > News > Cooperation\n\
                Release time:2021-06-18  Source: Shanghai Office\n\
                Jiangsu allocated 50 million yuan to Kizilsu in 2019.<br>\
                Shanghai sent 30 doctors to Kashgar last year.\n";
    let path = write(dir.path(), "crawl.txt", text.as_bytes());
    let expected: Vec<Fact> = vec![
        (
            "320000".into(),
            vec!["653000".into()],
            50_000_000,
            Some(2019),
        ),
        ("310000".into(), vec!["653100".into()], 30, Some(2020)),
    ];
    let (events, _, _) = extract(&[&path]);
    assert_eq!(
        facts(&events),
        expected,
        "last year = 2020, from the header date"
    );
    let evidence = |events: &[Value]| -> Vec<String> {
        events
            .iter()
            .map(|e| e["evidence"]["text"].as_str().unwrap_or("").to_string())
            .collect()
    };
    assert!(!evidence(&events)[1].contains("Jiangsu"), "{events:?}");
    let (events, _, _) = extract(&[&path, "--html", "never"]);
    assert!(
        evidence(&events)
            .iter()
            .any(|t| t.contains("Jiangsu") && t.contains("Shanghai")),
        "the tag joins the sentences: {events:?}"
    );
}

#[test]
fn compressed_inputs_stream() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lines: String = [
        serde_json::json!({"id": "a", "text": "Wuxi allocated 50 million yuan to Haidong in 2019."}),
        serde_json::json!({"id": "b", "text": ZH}),
    ]
    .iter()
    .map(|v| v.to_string() + "\n")
    .collect();
    let plain = write(dir.path(), "in.jsonl", lines.as_bytes());
    let (expected, _, code) = extract(&[&plain]);
    assert_eq!(code, 0);
    assert_eq!(expected.len(), 3);

    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(lines.as_bytes()).expect("gzip in memory");
    let gz = write(dir.path(), "in.jsonl.gz", &gz.finish().expect("gzip"));
    let zst = write(
        dir.path(),
        "in.jsonl.zst",
        &zstd::encode_all(lines.as_bytes(), 3).expect("zstd"),
    );
    // A UTF-16 JSONL file, compressed: decoded after decompression.
    let utf16_zst = write(
        dir.path(),
        "utf16.jsonl.zst",
        &zstd::encode_all(&utf16(&lines, false)[..], 3).expect("zstd"),
    );
    for path in [&gz, &zst, &utf16_zst] {
        let (events, stderr, code) = extract(&[path]);
        assert_eq!(code, 0, "{path}: {stderr}");
        assert_eq!(events, expected, "{path}");
    }

    // Compressed text files, alone and in a directory, keep their ids.
    let sub = dir.path().join("corpus");
    std::fs::create_dir(&sub).expect("mkdir");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(ZH.as_bytes()).expect("gzip");
    write(&sub, "zh.txt.gz", &gz.finish().expect("gzip"));
    write(
        &sub,
        "page.html.zst",
        &zstd::encode_all(PAGE.as_bytes(), 3).expect("zstd"),
    );
    let (events, stderr, code) = extract(&[sub.to_str().expect("path")]);
    assert_eq!(code, 0, "{stderr}");
    let ids: Vec<&str> = events
        .iter()
        .map(|e| e["article_id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, ["page", "page", "page", "zh", "zh"]);

    // A damaged archive is one failed input, not a failed run.
    let broken = write(dir.path(), "broken.jsonl.gz", b"\x1f\x8b\x08\x00garbage");
    let (events, stderr, code) = extract(&[&broken, &plain]);
    assert_eq!(code, 1);
    assert_eq!(events, expected);
    assert!(stderr.contains("broken.jsonl.gz"), "{stderr}");
}
