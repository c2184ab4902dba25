//! Clean: mark page furniture (breadcrumbs, bylines, header date lines,
//! widgets, footers, related-article bullets) as skipped spans, line by
//! line, from the markers in `boilerplate.tsv`. The text is never changed.
//! Bullet lines are kept when a line of text ending in a colon opened
//! their list ("其中：" and then "· 安康市 28.6亿元"): items, not links.

use crate::document::{Document, Skipped, Span};
use crate::knowledge::{KnowledgeError, TableSource};

/// How a boilerplate marker must match a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MarkerMatch {
    Prefix,
    Contains,
    Exact,
    /// A prefix that marks a bullet: furniture unless a colon opened the list.
    Bullet,
    /// Contained in a short line that heads a list of links ("Related
    /// articles:"): the headline lines after it are furniture too.
    Links,
}

/// Lines longer than this are article text even when they contain a marker.
const SHORT_LINE: usize = 160;

/// The boilerplate markers.
#[derive(Debug)]
pub struct Boilerplate {
    markers: Vec<(String, MarkerMatch)>,
    /// The most characters a marker has.
    longest: usize,
}

impl Boilerplate {
    /// Loads `boilerplate.tsv`.
    pub fn load(source: &TableSource) -> Result<Boilerplate, KnowledgeError> {
        let table = source.table("boilerplate.tsv")?;
        let (c_marker, c_match) = (table.column("marker")?, table.column("match")?);
        let mut markers = Vec::new();
        for row in &table.rows {
            let kind = match row.get(c_match) {
                "prefix" => MarkerMatch::Prefix,
                "contains" => MarkerMatch::Contains,
                "exact" => MarkerMatch::Exact,
                "bullet" => MarkerMatch::Bullet,
                "links" => MarkerMatch::Links,
                other => {
                    return Err(table.error(
                        row,
                        format!("match `{other}` is not prefix, contains, exact, bullet or links"),
                    ));
                }
            };
            markers.push((row.get(c_marker).to_lowercase(), kind));
        }
        let longest = markers
            .iter()
            .map(|(m, _)| m.chars().count())
            .max()
            .unwrap_or(0);
        Ok(Boilerplate { markers, longest })
    }

    /// The marker that makes `line` boilerplate, if any, with how it matched.
    fn marker_for(&self, line: &str) -> Option<(&str, MarkerMatch)> {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            return None;
        }
        // A long line can only start with a marker, and lower-casing as
        // many characters as the longest marker has decides that (no
        // character lower-cases to fewer than one).
        let cut = if trimmed.len() < SHORT_LINE {
            trimmed.len()
        } else {
            trimmed
                .char_indices()
                .nth(self.longest)
                .map_or(trimmed.len(), |(i, _)| i)
        };
        let whole = cut == trimmed.len();
        let lower = trimmed[..cut].to_lowercase();
        self.markers
            .iter()
            .find(|(marker, kind)| match kind {
                MarkerMatch::Prefix | MarkerMatch::Bullet => lower.starts_with(marker.as_str()),
                MarkerMatch::Contains | MarkerMatch::Links => {
                    trimmed.len() < SHORT_LINE && lower.contains(marker.as_str())
                }
                MarkerMatch::Exact => whole && lower == *marker,
            })
            .map(|(marker, kind)| (marker.as_str(), *kind))
    }
}

/// A wire dateline opening a line: `ARTUX, March 3 (Xinhua) --`,
/// `LHASA, Aug. 27 (Xinhua) —`, or a city in capitals with no date,
/// `TAIYUAN --`. Its city is where the story was filed, not a party to any
/// flow, so it is skipped like page furniture.
static DATELINE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"^\s*(?:[A-Z][A-Z'\- ]+(?:,\s*[A-Z][A-Za-z'\- ]+)?,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s*(?:\([^)\n]{1,40}\))?\s*(?:--|—|–|-)|[A-Z][A-Z']+(?: [A-Z][A-Z']+)?\s+(?:--|—|–))\s*")
        .expect("dateline pattern is valid")
});

/// A Chinese wire dateline opening a line: `新华社福州3月11日电(记者 X)`,
/// `中新网银川10月30日电`, `本报阿克苏4月21日电`: its city is where the story
/// was filed; or a site's or paper's news flash, `天山网讯（记者 X）`,
/// `甘肃日报讯`, whose name may be a place's.
static CHINESE_DATELINE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"^\s*(?:(?:新华社|中新网|中新社|人民网|央视网|本报)[^\s,，。]{0,12}?\d{1,2}月\d{1,2}日(?:电|讯)|[^\s,，。(（]{1,8}(?:网|报)讯)(?:\s*[(（][^)）\n]{0,30}[)）])?")
        .expect("Chinese dateline pattern is valid")
});

/// Whether `line` reads as a headline in a list of links: short, with
/// text, and not ending a sentence.
fn is_headline(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty()
        && t.len() < SHORT_LINE
        && !t.ends_with(['.', '。', '!', '！', '?', '？', ':', '：'])
}

/// Adds the `skipped` layer to `doc`.
pub fn mark(doc: &mut Document, boilerplate: &Boilerplate) {
    let mut start = 0;
    // Whether the lines since the last line of text are items of a list it
    // opened with a colon.
    let mut list_open = false;
    // Whether a "Related articles" line opened a list of headlines that has
    // not yet met a line of text.
    let mut links_open = false;
    for line in doc.text.split_inclusive('\n') {
        let end = start + line.len();
        if let Some(m) = DATELINE.find(line).or_else(|| CHINESE_DATELINE.find(line)) {
            doc.skipped.push(Skipped {
                span: Span::new(start + m.start(), start + m.end()),
                rule: "dateline".to_string(),
            });
        }
        match boilerplate.marker_for(line) {
            Some((_, MarkerMatch::Bullet)) if list_open => {}
            Some((marker, kind)) => {
                let content = line.trim_end_matches(['\n', '\r']);
                doc.skipped.push(Skipped {
                    span: Span::new(start, start + content.len()),
                    rule: marker.to_string(),
                });
                list_open = false;
                links_open = kind == MarkerMatch::Links;
            }
            None if links_open && is_headline(line) => {
                let content = line.trim_end_matches(['\n', '\r']);
                doc.skipped.push(Skipped {
                    span: Span::new(start, start + content.len()),
                    rule: "related-headline".to_string(),
                });
            }
            None if !line.trim().is_empty() => {
                list_open = line.trim_end().ends_with([':', '：']);
                links_open = false;
            }
            None => {}
        }
        start = end;
    }
}

#[cfg(test)]
mod tests {
    use crate::{Article, Pipeline};

    fn skipped(text: &str) -> Vec<(String, String)> {
        let pipeline = Pipeline::builder().build().expect("embedded tables load");
        let doc = pipeline.annotate(Article {
            id: "t".into(),
            text: text.into(),
            ..Article::default()
        });
        doc.skipped
            .iter()
            .map(|s| (s.span.of(&doc.text).to_string(), s.rule.clone()))
            .collect()
    }

    #[test]
    fn page_furniture_is_skipped_and_text_kept() {
        let text = "Home > News > Related News >\nRelease time:2019-08-07 Browse:\nWuxi sent 20 doctors to Haidong.\nCopyright by Example Co., Ltd All Rights Reserved.\n";
        let found = skipped(text);
        let lines: Vec<&str> = found.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(
            lines,
            [
                "Home > News > Related News >",
                "Release time:2019-08-07 Browse:",
                "Copyright by Example Co., Ltd All Rights Reserved."
            ]
        );
    }

    #[test]
    fn a_wire_dateline_is_skipped_but_not_its_sentence() {
        let found = skipped(
            "ARTUX, March 3 (Xinhua) -- Jiangsu has poured 1.46 billion yuan into Kizilsu.",
        );
        assert_eq!(
            found,
            [(
                "ARTUX, March 3 (Xinhua) -- ".to_string(),
                "dateline".to_string()
            )]
        );
    }

    #[test]
    fn a_dateline_without_a_date_is_skipped_but_not_its_sentence() {
        let found = skipped("TAIYUAN -- Shanxi province has poured 1.2 billion yuan into Fukang.");
        assert_eq!(found, [("TAIYUAN -- ".to_string(), "dateline".to_string())]);
    }

    #[test]
    fn a_site_news_flash_is_skipped_but_not_its_sentence() {
        let found = skipped("天山网讯（记者 马晓东）9月19日，福建落实援疆资金9.8亿元。");
        assert_eq!(
            found,
            [("天山网讯(记者 马晓东)".to_string(), "dateline".to_string())]
        );
    }

    #[test]
    fn bullets_are_items_after_a_colon_and_links_elsewhere() {
        let text = "天津累计安排援助资金5亿元，其中：\n· 昌都 3亿元\n· 那曲 2亿元\n相关阅读：\n· 天津援藏十年成效显著\n";
        let rules: Vec<(String, String)> = skipped(text);
        assert_eq!(
            rules,
            [
                ("相关阅读:".to_string(), "相关阅读".to_string()),
                ("· 天津援藏十年成效显著".to_string(), "·".to_string()),
            ]
        );
    }

    #[test]
    fn headlines_after_a_related_line_are_links_until_a_sentence() {
        let text = "Related articles:\nGuangzhou holds job fair for Bijie workers\n\nHuangpu district hosts Guizhou tea expo\nTianjin sent 20 doctors to Gansu.\n";
        let rules: Vec<String> = skipped(text).into_iter().map(|(_, r)| r).collect();
        assert_eq!(
            rules,
            ["related articles", "related-headline", "related-headline"]
        );
    }

    #[test]
    fn a_long_paragraph_mentioning_copyright_is_article_text() {
        let long = format!("{} copyright {}", "word ".repeat(40), "word ".repeat(10));
        assert!(skipped(&long).is_empty());
    }
}
