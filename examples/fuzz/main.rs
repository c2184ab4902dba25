//! A fuzz harness on stable Rust (cargo-fuzz needs nightly): a mutation loop
//! over `Pipeline::extract`, fed arbitrary bytes, real articles mutated
//! (bit flips, inserted and deleted ranges, splices between articles, tokens
//! the stages look for), and token soups, some read in small parts to
//! exercise the article limits. Every input is checked for panics, for the
//! invariants in `check.rs` and for time; a failing input is saved under
//! `fuzz/crashes/` and reported. Run it with `fuzz/run.sh`.
//!
//! ```sh
//! cargo run --profile fuzz --example fuzz -- --seconds 600 --jobs 2 \
//!     --seeds fixtures/articles --seeds ../shared/dev/articles
//! ```

mod check;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use pairaid::limits::extract_in_parts;
use pairaid::{Article, Pipeline};

/// Words, numbers and marks the stages react to, spliced into inputs.
const TOKENS: &[&str] = &[
    "Jiangsu",
    "Xinjiang",
    "Kizilsu",
    "Shanghai",
    "Kashgar",
    "Wuxi",
    "Haidong",
    "Lhasa",
    "Suzhou",
    "Pingshan County of Sichuan Province",
    "the prefecture",
    "the four counties",
    "its counterpart",
    "It",
    "allocated",
    "sent",
    "poured",
    "invested",
    "paired with",
    "received",
    "funded by",
    "respectively",
    "Among them",
    "1.46 billion yuan",
    "50 million yuan",
    "$249.64 million",
    "12 doctors",
    "30 teachers",
    "99 projects",
    "622.31 million",
    "99999999999999999999 yuan",
    "0.000001 billion",
    "-5 million",
    "in 2019",
    "since 2017",
    "last year",
    "between 2016 and 2020",
    "in the past 22 years",
    "so far",
    "Jan.",
    "Co.",
    "U.S.",
    "江苏",
    "新疆",
    "克孜勒苏州",
    "上海市",
    "喀什地区",
    "援疆资金",
    "12亿元",
    "3.5万元",
    "二十年来",
    "自1995年以来",
    "2016年至2020年",
    "“十三五”期间",
    "闽宁协作",
    "其中",
    "分别",
    "，",
    "。",
    "、",
    "；",
    "！",
    "(",
    ")",
    "\"",
    "'",
    ",",
    ".",
    ";",
    ":",
    "-",
    "–",
    "—",
    "%",
    "\n",
    "\n\n",
    "\r\n",
    " ",
    "\t",
    "\u{0}",
    "\u{feff}",
    "\u{17f}",
    "\u{212a}",
    "\u{fffd}",
    "é",
    "臺灣",
    "１２３",
    "Ｊｉａｎｇｓｕ",
    "Home > News",
    "(Xinhua) --",
    "Editor:",
    "2023-08-01",
    "March 3",
    "per year",
    "每年",
    "元",
    "亿",
    "万",
];

/// A small, fast, reproducible random source (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

thread_local! {
    /// Where the last panic on this thread happened.
    static PANIC_AT: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// One generated input: the text, and the part size to read it in (`None`:
/// the default path).
struct Input {
    text: String,
    part: Option<usize>,
    how: &'static str,
}

fn arbitrary_bytes(rng: &mut Rng) -> Vec<u8> {
    let max = if rng.chance(90) { 512 } else { 16 * 1024 };
    let len = rng.below(max);
    (0..len).map(|_| rng.next() as u8).collect()
}

fn token_soup(rng: &mut Rng) -> Vec<u8> {
    let mut out = String::new();
    for _ in 0..rng.below(200) + 1 {
        out.push_str(TOKENS[rng.below(TOKENS.len())]);
        if rng.chance(60) {
            out.push(' ');
        }
    }
    out.into_bytes()
}

fn mutate(rng: &mut Rng, seeds: &[Vec<u8>], mut data: Vec<u8>) -> Vec<u8> {
    for _ in 0..rng.below(8) + 1 {
        let len = data.len();
        match rng.below(9) {
            0 if len > 0 => {
                let i = rng.below(len);
                data[i] ^= 1 << rng.below(8);
            }
            1 => {
                let i = rng.below(len + 1);
                data.insert(i, rng.next() as u8);
            }
            2 if len > 0 => {
                let i = rng.below(len);
                let n = rng.below((len - i).min(256)) + 1;
                data.drain(i..i + n);
            }
            3 if len > 0 => {
                let i = rng.below(len);
                let n = rng.below((len - i).min(512)) + 1;
                let copy = data[i..i + n].to_vec();
                let at = rng.below(len + 1);
                data.splice(at..at, copy);
            }
            4 => {
                let other = &seeds[rng.below(seeds.len())];
                if !other.is_empty() {
                    let i = rng.below(other.len());
                    let n = rng.below((other.len() - i).min(1024)) + 1;
                    let at = rng.below(len + 1);
                    data.splice(at..at, other[i..i + n].iter().copied());
                }
            }
            5 | 6 => {
                let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
                let at = rng.below(len + 1);
                data.splice(at..at, token.iter().copied());
            }
            7 if len > 0 => data.truncate(rng.below(len)),
            8 if len > 0 && len < 64 * 1024 => {
                // A long run: a repeated character or range.
                let i = rng.below(len);
                let n = rng.below((len - i).min(64)) + 1;
                let unit = data[i..i + n].to_vec();
                let times = rng.below(200) + 1;
                let at = rng.below(len + 1);
                data.splice(at..at, unit.repeat(times));
            }
            _ => {}
        }
    }
    data
}

fn generate(rng: &mut Rng, seeds: &[Vec<u8>]) -> Input {
    let (bytes, how) = match rng.below(10) {
        0 | 1 => (arbitrary_bytes(rng), "bytes"),
        2 => (token_soup(rng), "tokens"),
        _ => {
            let seed = seeds[rng.below(seeds.len())].clone();
            (mutate(rng, seeds, seed), "mutated")
        }
    };
    // As the readers decode: invalid UTF-8 becomes U+FFFD.
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let part = rng.chance(10).then(|| 16 + rng.below(2048));
    Input { text, part, how }
}

/// Extracts one input; the failure, if any: a panic, a broken invariant.
fn try_input(pipeline: &Pipeline, input: &Input) -> Result<(), String> {
    let article = Article {
        id: "fuzz".into(),
        text: input.text.clone(),
        origin: "fuzz".into(),
        ..Article::default()
    };
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match input.part {
        Some(part) => extract_in_parts(pipeline, article, part),
        None => pipeline.extract(article),
    }));
    match result {
        Ok(extraction) => check::events("fuzz", &input.text, &extraction.events),
        Err(panic) => Err(format!(
            "panic at {}: {}",
            PANIC_AT.with(|p| p.borrow().clone()),
            panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default()
        )),
    }
}

struct Options {
    seconds: u64,
    jobs: usize,
    seed: u64,
    seeds: Vec<PathBuf>,
    crashes: PathBuf,
    slow_ms: u128,
}

fn options() -> Options {
    let mut o = Options {
        seconds: 60,
        jobs: 1,
        seed: 0x5eed,
        seeds: Vec::new(),
        crashes: PathBuf::from("fuzz/crashes"),
        slow_ms: 5000,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| panic!("{arg} needs a value"));
        match arg.as_str() {
            "--seconds" => o.seconds = value().parse().expect("--seconds N"),
            "--jobs" => o.jobs = value().parse().expect("--jobs N"),
            "--seed" => o.seed = value().parse().expect("--seed N"),
            "--seeds" => o.seeds.push(PathBuf::from(value())),
            "--crashes" => o.crashes = PathBuf::from(value()),
            "--slow-ms" => o.slow_ms = value().parse().expect("--slow-ms N"),
            other => panic!("unknown option {other}"),
        }
    }
    o
}

fn read_seeds(dirs: &[PathBuf]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(dir) else {
            eprintln!("fuzz: no seeds in {} (skipped)", dir.display());
            continue;
        };
        let mut files: Vec<PathBuf> = entries.filter_map(|e| Some(e.ok()?.path())).collect();
        files.sort();
        for f in files
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        {
            if let Ok(bytes) = std::fs::read(f) {
                out.push(bytes);
            }
        }
    }
    out
}

fn save(dir: &Path, kind: &str, text: &str) -> PathBuf {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    let path = dir.join(format!("{kind}-{:016x}.txt", h.finish()));
    std::fs::create_dir_all(dir).expect("crash directory");
    std::fs::write(&path, text).expect("save the input");
    path
}

fn main() {
    let o = options();
    let seeds = read_seeds(&o.seeds);
    assert!(!seeds.is_empty(), "no seed articles: give --seeds DIR");
    // Panics are caught and reported here with their location, not printed
    // by the default hook.
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        PANIC_AT.with(|p| *p.borrow_mut() = at);
    }));
    let pipeline = Pipeline::builder().build().expect("embedded tables load");
    let started = Instant::now();
    let deadline = started + Duration::from_secs(o.seconds);
    let (executions, bytes) = (AtomicU64::new(0), AtomicU64::new(0));
    let failures: Mutex<BTreeMap<String, (usize, PathBuf)>> = Mutex::new(BTreeMap::new());
    let slow: Mutex<Vec<(u128, usize, PathBuf)>> = Mutex::new(Vec::new());
    let done = AtomicBool::new(false);
    eprintln!(
        "fuzz: {} seed articles, {} s, {} thread(s), seed {}",
        seeds.len(),
        o.seconds,
        o.jobs,
        o.seed
    );
    std::thread::scope(|scope| {
        for job in 0..o.jobs {
            let (seeds, pipeline, o) = (&seeds, &pipeline, &o);
            let (executions, bytes, failures, slow) = (&executions, &bytes, &failures, &slow);
            scope.spawn(move || {
                let mut rng = Rng(o.seed.wrapping_add(job as u64 * 0x9e37_79b9_7f4a_7c15) | 1);
                while Instant::now() < deadline {
                    let input = generate(&mut rng, seeds);
                    let t = Instant::now();
                    let result = try_input(pipeline, &input);
                    let ms = t.elapsed().as_millis();
                    executions.fetch_add(1, Ordering::Relaxed);
                    bytes.fetch_add(input.text.len() as u64, Ordering::Relaxed);
                    if let Err(what) = result {
                        // One entry per distinct message (a panic's location and text).
                        let key: String = what
                            .lines()
                            .next()
                            .unwrap_or("")
                            .chars()
                            .take(200)
                            .collect();
                        let mut f = failures.lock().expect("not poisoned");
                        let entry = f.entry(key.clone()).or_insert_with(|| {
                            let path = save(&o.crashes, "crash", &input.text);
                            eprintln!(
                                "fuzz: FAILURE ({}, {} bytes, part {:?}): {key}\n      saved as {}",
                                input.how,
                                input.text.len(),
                                input.part,
                                path.display()
                            );
                            (0, path)
                        });
                        entry.0 += 1;
                    }
                    if ms > o.slow_ms {
                        let path = save(&o.crashes, "slow", &input.text);
                        eprintln!(
                            "fuzz: SLOW {ms} ms for {} bytes ({}); saved as {}",
                            input.text.len(),
                            input.how,
                            path.display()
                        );
                        slow.lock()
                            .expect("not poisoned")
                            .push((ms, input.text.len(), path));
                    }
                }
            });
        }
        scope.spawn(|| {
            let mut last = Instant::now();
            while Instant::now() < deadline && !done.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(200));
                if last.elapsed() >= Duration::from_secs(60) {
                    last = Instant::now();
                    eprintln!(
                        "fuzz: {:>4} s, {} executions",
                        started.elapsed().as_secs(),
                        executions.load(Ordering::Relaxed)
                    );
                }
            }
        });
    });
    done.store(true, Ordering::Relaxed);
    let seconds = started.elapsed().as_secs_f64();
    let n = executions.load(Ordering::Relaxed);
    let failures = failures.into_inner().expect("not poisoned");
    let slow = slow.into_inner().expect("not poisoned");
    println!(
        "fuzz: {seconds:.0} s, {n} executions ({:.0}/s), {:.1} MB of text, {} distinct failure(s), {} slow input(s)",
        n as f64 / seconds,
        bytes.load(Ordering::Relaxed) as f64 / 1e6,
        failures.len(),
        slow.len()
    );
    for (what, (count, path)) in &failures {
        println!("  {count:>6} x {what}\n           e.g. {}", path.display());
    }
    for (ms, len, path) in &slow {
        println!("  slow: {ms} ms for {len} bytes: {}", path.display());
    }
    if !failures.is_empty() || !slow.is_empty() {
        std::process::exit(1);
    }
}
