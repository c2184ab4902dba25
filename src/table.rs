//! The TSV table format of `gazetteers/`: a header line, then rows; `#`
//! comments and blank lines ignored. Std-only (plus `thiserror`), so the
//! build script compiles it too.

/// A table file that is missing, unreadable or has a malformed row.
#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct KnowledgeError {
    /// The table's file name or path.
    pub file: String,
    /// 1-based line number (0 when the whole file is at fault).
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// One data row of a table, with its line number for error messages.
#[derive(Debug, Clone)]
pub struct Row {
    /// 1-based line number in the file.
    pub line: usize,
    /// The tab-separated fields (as many as the header names).
    pub fields: Vec<String>,
    /// The file the row comes from when it is not the table's own (a row
    /// of a `NAME.local.tsv` overlay merged into `NAME.tsv`).
    pub file: Option<String>,
}

impl Row {
    /// Field `i` (empty string when the row is short of optional trailing fields).
    pub fn get(&self, i: usize) -> &str {
        self.fields.get(i).map(String::as_str).unwrap_or("")
    }
}

/// A parsed TSV table: a header line, then rows. Lines starting with `#`
/// and blank lines are ignored.
#[derive(Debug, Clone)]
pub struct Table {
    /// File name or path, for messages.
    pub name: String,
    /// Column names from the header.
    pub header: Vec<String>,
    /// Data rows.
    pub rows: Vec<Row>,
}

impl Table {
    /// Parses TSV `text`; a row with more fields than the header is an error.
    pub fn parse(name: &str, text: &str) -> Result<Table, KnowledgeError> {
        let mut header: Option<Vec<String>> = None;
        let mut rows = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<String> = line.split('\t').map(str::to_string).collect();
            match &header {
                None => header = Some(fields),
                Some(h) if fields.len() > h.len() => {
                    return Err(KnowledgeError {
                        file: name.to_string(),
                        line: i + 1,
                        message: format!(
                            "{} fields, but the header names {} ({})",
                            fields.len(),
                            h.len(),
                            h.join(", ")
                        ),
                    });
                }
                Some(_) => rows.push(Row {
                    line: i + 1,
                    fields,
                    file: None,
                }),
            }
        }
        Ok(Table {
            name: name.to_string(),
            header: header.unwrap_or_default(),
            rows,
        })
    }

    /// An error pointing at `row` of this table.
    pub fn error(&self, row: &Row, message: impl Into<String>) -> KnowledgeError {
        KnowledgeError {
            file: row.file.clone().unwrap_or_else(|| self.name.clone()),
            line: row.line,
            message: message.into(),
        }
    }

    /// Adds and overrides rows with those of `overlay` (a `NAME.local.tsv`
    /// file): for every key (first column, ASCII case ignored) the overlay
    /// names, its rows replace the table's rows with that key; other keys
    /// are added. The overlay's columns are matched by name and may be a
    /// subset of the table's, in any order.
    pub fn merge(&mut self, overlay: Table) -> Result<(), KnowledgeError> {
        let columns = overlay
            .header
            .iter()
            .map(|name| {
                self.header
                    .iter()
                    .position(|h| h == name)
                    .ok_or_else(|| KnowledgeError {
                        file: overlay.name.clone(),
                        line: 0,
                        message: format!(
                            "column `{name}` is not a column of {} ({})",
                            self.name,
                            self.header.join(", ")
                        ),
                    })
            })
            .collect::<Result<Vec<usize>, _>>()?;
        let Some(key) = self.header.first().cloned() else {
            return Ok(());
        };
        let Some(overlay_key) = overlay.header.iter().position(|h| *h == key) else {
            return Err(KnowledgeError {
                file: overlay.name.clone(),
                line: 0,
                message: format!("missing column `{key}`, the key of {}", self.name),
            });
        };
        let keys: std::collections::HashSet<String> = overlay
            .rows
            .iter()
            .map(|r| r.get(overlay_key).to_ascii_lowercase())
            .collect();
        self.rows
            .retain(|r| !keys.contains(&r.get(0).to_ascii_lowercase()));
        for row in overlay.rows {
            let mut fields = vec![String::new(); self.header.len()];
            for (value, &column) in row.fields.into_iter().zip(&columns) {
                fields[column] = value;
            }
            self.rows.push(Row {
                line: row.line,
                fields,
                file: Some(overlay.name.clone()),
            });
        }
        Ok(())
    }

    /// Index of column `name`, or an error naming the table.
    pub fn column(&self, name: &str) -> Result<usize, KnowledgeError> {
        self.header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| KnowledgeError {
                file: self.name.clone(),
                line: 0,
                message: format!("missing column `{name}`"),
            })
    }
}
