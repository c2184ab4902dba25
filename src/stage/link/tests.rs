//! The linker's behaviour on short texts: frames, anaphors, pairings, years.

use std::sync::OnceLock;

use crate::document::Date;
use crate::{Article, Pipeline};

fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| Pipeline::builder().build().expect("embedded tables load"))
}

/// (type, donor, recipients, value, year, since) of every event.
type Row = (
    &'static str,
    Option<String>,
    Vec<String>,
    Option<u64>,
    Option<i32>,
    Option<i32>,
);

fn link(text: &str) -> Vec<Row> {
    let article = Article {
        id: "t".into(),
        text: text.into(),
        published: Date::parse_iso("2023-06-30"),
        ..Article::default()
    };
    pipeline()
        .extract(article)
        .events
        .into_iter()
        .map(|e| {
            (
                e.kind.as_str(),
                e.donor.map(|d| d.code),
                e.recipients.into_iter().map(|r| r.code).collect(),
                e.quantity.map(|q| q.value),
                e.year,
                e.since,
            )
        })
        .collect()
}

/// (donor, recipients, value) of every flow.
type Flow = (Option<String>, Vec<String>, u64);

/// Asserts that `text` has the flow `want` (found by its value).
fn assert_flow(text: &str, want: Flow) {
    let found = flows(text).into_iter().find(|f| f.2 == want.2);
    assert_eq!(found, Some(want), "{text}");
}

fn flows(text: &str) -> Vec<Flow> {
    link(text)
        .into_iter()
        .filter_map(|(_, d, r, v, _, _)| v.map(|v| (d, r, v)))
        .collect()
}

/// The rows of the flows (events with a quantity) of `text`.
fn flow_rows(text: &str) -> impl Iterator<Item = Row> {
    link(text).into_iter().filter(|r| r.3.is_some())
}

/// (value, year) of every flow of `text`.
fn flow_years(text: &str) -> Vec<(Option<u64>, Option<i32>)> {
    flow_rows(text).map(|r| (r.3, r.4)).collect()
}

/// (year, since) of every flow of `text`.
fn flow_times(text: &str) -> Vec<(Option<i32>, Option<i32>)> {
    flow_rows(text).map(|r| (r.4, r.5)).collect()
}

/// (year, since) of the first flow of `text` read as an undated article.
fn undated_flow_time(text: &str) -> (Option<i32>, Option<i32>) {
    let article = Article {
        id: "t".into(),
        text: text.into(),
        ..Article::default()
    };
    let events = pipeline().extract(article).events;
    let flow = events
        .iter()
        .find(|e| e.quantity.is_some())
        .expect("a flow");
    (flow.year, flow.since)
}

fn s(code: &str) -> Option<String> {
    Some(code.to_string())
}

fn v(codes: &[&str]) -> Vec<String> {
    codes.iter().map(|c| c.to_string()).collect()
}

#[test]
fn frames_name_donor_and_recipients() {
    let cases: &[(&str, &str, Vec<Flow>)] = &[
        (
            "subject + verb + to",
            "Wuxi allocated 50 million yuan to Haidong.",
            vec![(s("320200"), v(&["630200"]), 50_000_000)],
        ),
        (
            "receive + from",
            "Lhasa received 80 million yuan from Beijing.",
            vec![(s("110000"), v(&["540100"]), 80_000_000)],
        ),
        (
            "nominal aid to",
            "Hunan's aid to Turpan totalled 650 million yuan.",
            vec![(s("430000"), v(&["650400"]), 650_000_000)],
        ),
        (
            "list, one event per item; the total goes to the items' receivers",
            "Suzhou raised 900 million yuan for its partners. It included 600 million yuan to support Xinjiang and 300 million yuan for Tibet.",
            vec![
                (s("320500"), v(&["650000", "540000"]), 900_000_000),
                (s("320500"), v(&["650000"]), 600_000_000),
                (s("320500"), v(&["540000"]), 300_000_000),
            ],
        ),
        (
            "joint recipients",
            "Suzhou allocated 70 million yuan to Shaanxi and Qinghai.",
            vec![(s("320500"), v(&["610000", "630000"]), 70_000_000)],
        ),
        (
            "respectively with amounts",
            "Toksun county and Shanshan county received 8 million yuan and 7 million yuan respectively from Hunan.",
            vec![
                (s("430000"), v(&["650422"]), 8_000_000),
                (s("430000"), v(&["650421"]), 7_000_000),
            ],
        ),
        (
            "nested place is one recipient",
            "Suzhou sent 12 doctors to Lhundrub county in Tibet.",
            vec![(s("320500"), v(&["540121"]), 12)],
        ),
        (
            "chinese order",
            "2022年，福建省向宁夏投入财政援助资金9.23亿元。",
            vec![(s("350000"), v(&["640000"]), 923_000_000)],
        ),
        (
            "chinese breakdown (援藏资金 goes to Tibet; the items name its counties)",
            "今年天津安排援藏资金3亿元，其中丁青县7600万元；察雅县7200万元。",
            vec![
                (s("120000"), v(&["540000"]), 300_000_000),
                (s("120000"), v(&["540324"]), 76_000_000),
                (s("120000"), v(&["540325"]), 72_000_000),
            ],
        ),
        (
            "joint donors have no single donor",
            "Beijing and Shanghai jointly sent 40 teachers to Lhasa.",
            vec![(None, v(&["540100"]), 40)],
        ),
        (
            "income is no flow",
            "Farmers in Hotan earned more than 60,000 yuan last year.",
            vec![],
        ),
        (
            "no frame, no flow",
            "The GDP of Xinjiang reached 1.7 trillion yuan.",
            vec![],
        ),
        (
            "quoted speech is an anecdote",
            "\u{201c}We have sent 20 teachers to Hangzhou,\u{201d} the Aksu official said.",
            vec![],
        ),
    ];
    for (name, text, want) in cases {
        assert_eq!(&flows(text), want, "case `{name}`: {text}");
    }
}

#[test]
fn anaphors_and_article_context() {
    assert_eq!(
        flows(
            "Shanghai paired with Yarkant county. The city sent 30 doctors to the county last year."
        ),
        [(s("310000"), v(&["653125"]), 30)]
    );
    assert_eq!(
        flows(
            "Taicang has paired with Zhouzhi county since 2017. Taicang has so far invested 27 million yuan."
        ),
        [(s("320585"), v(&["610124"]), 27_000_000)]
    );
    assert_eq!(
        flows("Anhui allocated 3 billion yuan to Pishan. The money has financed 400 projects."),
        [
            (s("340000"), v(&["653223"]), 3_000_000_000),
            (s("340000"), v(&["653223"]), 400)
        ]
    );
}

#[test]
fn the_money_is_given_by_the_giver_of_the_flow_it_names() {
    // The article's giver is Guangdong; "the money" is Shenzhen's, in a
    // paragraph of its own.
    let text = "Guangdong steps up aid to Guangxi\n\nGuangdong provided 3 billion yuan to Guangxi last year.\n\n\
                Shenzhen allocated 1.05 billion yuan to Baise.\n\nThe money has built 300 greenhouses.";
    assert_flow(text, (s("440300"), v(&["451000"]), 300));
}

#[test]
fn pairings_and_respectively_lists() {
    let pairs: Vec<(Option<String>, Vec<String>)> = link(
        "Liangxi District and Xishan District have paired with Xunhua County and Hualong County respectively.",
    )
    .into_iter()
    .filter(|row| row.0 == "pairing")
    .map(|(_, d, r, _, _, _)| (d, r))
    .collect();
    assert_eq!(
        pairs,
        [(s("320213"), v(&["630225"])), (s("320205"), v(&["630224"]))]
    );
    // Lists of different lengths pair nothing rather than invent a pair.
    let uneven = link(
        "Liangxi District and Xishan District have paired with Xunhua County, Hualong County and Huzhu County respectively.",
    );
    assert!(uneven.iter().all(|row| row.0 != "pairing"), "{uneven:?}");
    // Amounts given "respectively" in a later clause follow the pairs.
    assert_eq!(
        flows("长沙、株洲2市分别对口援助贡嘎县、桑日县，去年分别投入援藏资金3000万元、2500万元。"),
        [
            (s("430100"), v(&["540522"]), 30_000_000),
            (s("430200"), v(&["540523"]), 25_000_000)
        ]
    );
}

#[test]
fn years_and_starts() {
    let rows = link(
        "Last year, Suzhou sent 12 doctors to Lhasa. Since 2016, Wuxi has invested 503 million yuan in Haidong.",
    );
    let times: Vec<(Option<i32>, Option<i32>)> = rows.iter().map(|r| (r.4, r.5)).collect();
    assert_eq!(times, [(Some(2022), None), (None, Some(2016))]);
}

#[test]
fn a_rounded_headline_figure_yields_to_the_body() {
    let rows = flows(
        "Anhui's aid to Pishan tops 3 billion yuan\n\nAnhui's aid to Pishan totalled 3.02 billion yuan between 2011 and 2022.",
    );
    assert_eq!(rows, [(s("340000"), v(&["653223"]), 3_020_000_000)]);
    // Under a line of keywords the headline is the second line; the body
    // gives the year.
    let rows = flow_rows(
        "foshan hechi aid news latest\n\nFoshan pours 920 mln yuan into Hechi\n\nFoshan channelled 920 million yuan to Hechi in 2022, officials said.",
    )
    .map(|r| (r.3, r.4))
    .collect::<Vec<_>>();
    assert_eq!(rows, [(Some(920_000_000), Some(2022))]);
}

#[test]
fn a_start_counted_back_a_year_off_the_written_start_is_the_written_start() {
    // Published 2023: "27年来" counts back to 1996, the text wrote 1997.
    let rows = link("福建省从1997年开始对口帮扶宁夏。27年来，福建累计投入援宁资金50亿元。");
    let flow = rows.iter().find(|r| r.3.is_some()).expect("a flow");
    assert_eq!((flow.4, flow.5), (None, Some(1997)), "{rows:?}");
    // Without a written start the count stands.
    let rows = link("27年来，福建累计投入援宁资金50亿元。");
    assert_eq!((rows[0].4, rows[0].5), (None, Some(1996)), "{rows:?}");
}

#[test]
fn an_aid_noun_licenses_the_amounts_of_the_comma_clauses_after_it() {
    let rows =
        flows("福建对口帮扶宁夏。福建提高援宁资金补助标准,由2017年的1.12亿元提高到3.1亿元。");
    let values: Vec<u64> = rows.iter().map(|r| r.2).collect();
    assert_eq!(values, [112_000_000, 310_000_000], "{rows:?}");
    assert!(rows.iter().all(|r| r.1 == v(&["640000"])), "{rows:?}");
    // Without an aid noun before them, figures of the economy are no flows.
    assert!(flows("福建对口帮扶宁夏。宁夏生产总值由2017年的1.12亿元提高到3.1亿元。").is_empty());
}

#[test]
fn each_clause_of_a_pairing_list_pairs_its_own_subject() {
    let pairs: Vec<(Option<String>, Vec<String>)> =
        link("东丽区对口帮扶兰州市皋兰县,宝坻区对口支援永登县,静海区对口帮扶镇原县。")
            .into_iter()
            .map(|(_, d, r, ..)| (d, r))
            .collect();
    assert_eq!(
        pairs,
        [
            (s("120110"), v(&["620122"])),
            (s("120115"), v(&["620121"])),
            (s("120118"), v(&["621027"]))
        ]
    );
}

#[test]
fn a_pairing_stated_against_the_programme_is_turned_round() {
    let pairs: Vec<(Option<String>, Vec<String>)> =
        link("Xinjiang has helped Shandong hold trade fairs.")
            .into_iter()
            .filter(|row| row.0 == "pairing")
            .map(|(_, d, r, ..)| (d, r))
            .collect();
    assert_eq!(pairs, [(s("370000"), v(&["650000"]))]);
}

#[test]
fn an_undated_count_back_starts_no_earlier_than_the_year_before_it() {
    // Undated: "21年来" counts back from the latest year written (1997).
    assert_eq!(
        undated_flow_time(
            "1997年3月,第一批北京援疆干部抵达和田。21年来,北京市累计选派1500名干部赴和田。"
        ),
        (None, Some(1997))
    );
}

#[test]
fn money_firms_invested_is_investment_and_aid_money_is_funds() {
    let types: Vec<&str> =
        link("苏州市引导企业到铜仁市投资兴业，实际投资12亿元。苏州市向铜仁市投入帮扶资金3亿元。")
            .into_iter()
            .filter(|r| r.3.is_some())
            .map(|r| r.0)
            .collect();
    assert_eq!(types, ["investment", "funds"]);
}

#[test]
fn the_centre_whose_plan_a_province_follows_gives_nothing() {
    assert_eq!(
        flows("2010年以来，江苏省按照中央统一部署对口支援伊犁州，累计投入援疆资金80亿元。"),
        [(s("320000"), vec!["654000".to_string()], 8_000_000_000)]
    );
}

#[test]
fn a_breakdown_in_its_own_paragraph_keeps_the_year_of_its_total() {
    let years: Vec<Option<i32>> = link(
        "2021年，江苏省向陕西投入财政援助资金30亿元。\n\n从资金分配看，其中，安康市获得8亿元。",
    )
    .into_iter()
    .filter(|r| r.3.is_some())
    .map(|r| r.4)
    .collect();
    assert_eq!(years, [Some(2021), Some(2021)]);
}

#[test]
fn officials_a_receiver_sends_to_two_givers_are_trained_there() {
    let rows = link("今年，日喀则市选派80名干部赴上海、山东两地挂职锻炼。");
    let flows: Vec<Row> = rows.into_iter().filter(|r| r.3.is_some()).collect();
    assert_eq!(
        flows,
        [(
            "training",
            None,
            vec!["540200".to_string()],
            Some(80),
            Some(2023),
            None
        )]
    );
}

#[test]
fn a_flow_with_no_time_of_its_own_takes_the_year_of_the_headline() {
    let years = |text: &str| -> Vec<Option<i32>> {
        link(text)
            .into_iter()
            .filter(|r| r.3.is_some())
            .map(|r| r.4)
            .collect()
    };
    // Published 2023-06-30: a summary of 2022 reports 2022's flows.
    let summary = "浙川协作2022年成绩单\n\n浙江省选派干部236名到四川挂职。";
    assert_eq!(years(summary), [Some(2022)]);
    // A headline with no year leaves the publication year.
    let news = "浙川协作成绩单\n\n浙江省选派干部236名到四川挂职。";
    assert_eq!(years(news), [Some(2023)]);
}

#[test]
fn a_year_written_after_an_amount_is_that_amounts() {
    let years = flow_years(
        "Fujian will provide 3.5 billion yuan to Ningxia this year, up from 3.2 billion yuan in 2021.",
    );
    assert_eq!(
        years,
        [
            (Some(3_500_000_000), Some(2023)),
            (Some(3_200_000_000), Some(2021))
        ]
    );
    let compared = flow_years(
        "In 2022, Zhuhai allocated 512 million yuan to Nujiang, compared with 425 million yuan in 2021.",
    );
    assert_eq!(
        compared,
        [
            (Some(512_000_000), Some(2022)),
            (Some(425_000_000), Some(2021))
        ]
    );
}

#[test]
fn money_a_count_of_firms_put_in_is_investment() {
    let types: Vec<(&str, Option<u64>)> = link(
        "Last year 45 enterprises from Tianjin invested 3.2 billion yuan in Hotan. Tianjin invested 2 billion yuan in Hotan.",
    )
    .into_iter()
    .filter(|r| r.3.is_some())
    .map(|r| (r.0, r.3))
    .collect();
    assert_eq!(
        types,
        [
            ("investment", Some(45)),
            ("investment", Some(3_200_000_000)),
            ("funds", Some(2_000_000_000))
        ]
    );
}

#[test]
fn the_place_a_meeting_was_held_in_is_no_party() {
    let rows = link(
        "At a joint meeting held in Yinchuan on Tuesday, the two sides agreed that Fujian will provide 3.5 billion yuan to Ningxia.",
    );
    let pairs: Vec<(Option<String>, Vec<String>)> = rows.into_iter().map(|r| (r.1, r.2)).collect();
    assert_eq!(pairs, [(s("350000"), v(&["640000"]))]);
}

#[test]
fn a_time_inside_a_relative_clause_is_not_the_main_clauses() {
    let flows = flow_times(
        "Xiamen, which has helped Xiji County since 2004, will set aside 120 million yuan for the county.",
    );
    assert_eq!(flows, [(Some(2023), None)]);
}

#[test]
fn a_relative_clause_of_money_alone_is_the_amount_of_the_phrase_before_it() {
    let flows = |text: &str| -> Vec<(Option<String>, Vec<String>, Option<i32>)> {
        link(text)
            .into_iter()
            .filter(|r| r.3.is_some())
            .map(|r| (r.1, r.2, r.4))
            .collect()
    };
    assert_eq!(
        flows(
            "Jiangsu's assistance to Shaanxi, which totalled 3.2 billion yuan in 2022, went to roads."
        ),
        [(s("320000"), v(&["610000"]), Some(2022))]
    );
    // A relative clause with a verb of its own keeps its time to itself.
    assert_eq!(
        flows(
            "In 2017, Jiangsu invested 150 million yuan in Lhunzhub's park, which opened in 2019."
        ),
        [(s("320000"), v(&["540121"]), Some(2017))]
    );
}

#[test]
fn a_plural_verb_after_which_does_not_agree_with_one_place_before_it() {
    // The firms, not the city, invested: the money is the flow of the giver.
    let rows = flows(
        "Tianjin has aided Hotan since 1997. Since 2020, Tianjin has brought 31 firms to the prefecture, which have invested 900 million yuan.",
    );
    assert_eq!(
        rows,
        [
            (s("120000"), v(&["653200"]), 31),
            (s("120000"), v(&["653200"]), 900_000_000)
        ]
    );
}

#[test]
fn looking_after_or_taking_care_of_a_place_is_a_pairing() {
    let pairings = |text: &str| -> Vec<(Option<String>, Vec<String>)> {
        link(text)
            .into_iter()
            .filter(|r| r.0 == "pairing")
            .map(|r| (r.1, r.2))
            .collect()
    };
    let guangdong = (s("440000"), v(&["540400"]));
    let guangzhou = (s("440100"), v(&["540424"]));
    assert_eq!(
        pairings("Guangdong has aided Nyingchi since 1995. Guangzhou looks after Bomi."),
        [guangdong.clone(), guangzhou.clone()]
    );
    // The verb before a colon opens a list of pairings.
    assert_eq!(
        pairings(
            "Guangdong has aided Nyingchi since 1995. Each city takes care of one county: Guangzhou with Bomi."
        ),
        [guangdong, guangzhou]
    );
}

#[test]
fn the_same_period_is_the_time_stated_before() {
    let times = flow_times(
        "Since 2014, Shanghai has invested 2 billion yuan in Kashgar.\n\nDuring the same period, Shanghai sent 300 doctors to Kashgar.",
    );
    assert_eq!(times, [(None, Some(2014)), (None, Some(2014))]);
}

#[test]
fn a_headline_floor_yields_to_the_body_figure_above_it() {
    let rows = flows(
        "沪滇协作：上海三年投入财政援助资金超百亿元\n\n上海市累计投入沪滇协作财政援助资金107.3亿元。",
    );
    assert_eq!(rows, [(s("310000"), v(&["530000"]), 10_730_000_000)]);
}

#[test]
fn joint_givers_each_pair_with_their_one_receiver() {
    let mut pairs: Vec<(Option<String>, Vec<String>)> = link(
        "Guangdong Province and Fujian Province have jointly dispatched 260 medical workers to Nyingchi.",
    )
    .into_iter()
    .filter(|r| r.0 == "pairing")
    .map(|r| (r.1, r.2))
    .collect();
    pairs.sort();
    assert_eq!(
        pairs,
        [(s("350000"), v(&["540400"])), (s("440000"), v(&["540400"]))]
    );
}

#[test]
fn people_trained_are_training_and_a_relative_clause_names_no_receiver() {
    let rows: Vec<(&str, Vec<String>, Option<u64>)> = link(
        "Foshan has trained about 16,000 Liangshan workers, of whom at least 6,000 now work in Guangdong.",
    )
    .into_iter()
    .map(|r| (r.0, r.2, r.3))
    .collect();
    assert_eq!(rows, [("training", v(&["513400"]), Some(16_000))]);
}

#[test]
fn a_place_before_a_verb_after_an_object_opens_a_new_clause() {
    let pairs: Vec<(Option<String>, Vec<String>)> =
        link("Wenzhou helps Wensu County and Jiaxing helps Shaya County.")
            .into_iter()
            .map(|r| (r.1, r.2))
            .collect();
    assert_eq!(
        pairs,
        [(s("330300"), v(&["652922"])), (s("330400"), v(&["652924"]))]
    );
}

#[test]
fn givers_acting_together_take_the_receiver_stated_for_them() {
    let rows: Vec<(Option<String>, Vec<String>, Option<u64>)> = link(
        "Guangdong and Fujian have jointly dispatched 260 doctors to Nyingchi. The two provinces have also trained 1,800 local medical staff.",
    )
    .into_iter()
    .filter(|r| r.3.is_some())
    .map(|r| (r.1, r.2, r.3))
    .collect();
    assert_eq!(
        rows,
        [
            (None, v(&["540400"]), Some(260)),
            (None, v(&["540400"]), Some(1_800))
        ]
    );
}

#[test]
fn a_list_of_contents_is_no_breakdown_of_receivers() {
    let rows: Vec<(Vec<String>, Option<u64>)> = link(
        "Zhejiang has invested 14.6 billion yuan in Aksu since 2011.\n\nThe province's aid has financed 1,420 projects, including schools, hospitals and housing for herders.",
    )
    .into_iter()
    .map(|r| (r.2, r.3))
    .collect();
    assert_eq!(
        rows,
        [
            (v(&["652900"]), Some(14_600_000_000)),
            (v(&["652900"]), Some(1_420))
        ]
    );
}

#[test]
fn business_projects_and_what_firms_bring_are_investment() {
    let cases: &[(&str, &[&str])] = &[
        (
            "Guangdong helped Qingyuan land 40 commercial projects last year.",
            &["investment"],
        ),
        (
            "Shandong helped Xinjiang build 39 projects and 52 economic cooperation projects.",
            &["projects", "investment"],
        ),
        (
            "Liaoning helped Tacheng attract 35 enterprises with a total investment of 4.7 billion yuan.",
            &["investment", "investment"],
        ),
        (
            "Wuxi helped Haidong land 12 investment projects worth 3 billion yuan.",
            &["investment", "investment"],
        ),
        (
            "Ningbo introduced 20 enterprises to Qianxinan and allocated 300 million yuan in aid funds.",
            &["investment", "funds"],
        ),
        (
            "Dalian guided 30 projects in which Dalian enterprises invested in Liupanshui.",
            &["investment"],
        ),
        (
            "Shanghai built 30 projects in which 2,000 villagers found work in Zunyi.",
            &["projects"],
        ),
        (
            "Another 2 billion yuan was invested by Shenzhen firms in Heyuan last year.",
            &["investment"],
        ),
        (
            "Another 2 billion yuan was allocated by Shenzhen to Heyuan last year.",
            &["funds"],
        ),
    ];
    for (text, want) in cases {
        let types: Vec<&str> = link(text)
            .into_iter()
            .filter(|r| r.3.is_some())
            .map(|r| r.0)
            .collect();
        assert_eq!(&types, want, "{text}");
    }
}

#[test]
fn a_total_its_items_add_up_to_goes_to_their_receivers() {
    let cases: &[(&str, Vec<String>)] = &[
        (
            "2022年,青岛市累计安排财政援助资金10亿元,其中:\n安顺 6亿元\n陇南 4亿元",
            v(&["520400", "621200"]),
        ),
        // Items that fall short of the total are no complete breakdown.
        (
            "2022年,青岛市累计安排财政援助资金10亿元,其中:\n安顺 3亿元\n陇南 4亿元",
            vec![],
        ),
    ];
    for (text, want) in cases {
        let total = link(text)
            .into_iter()
            .find(|r| r.3 == Some(1_000_000_000))
            .expect("the total");
        assert_eq!(&total.2, want, "{text}");
    }
}

#[test]
fn people_trained_are_training_for_the_place_they_come_from() {
    let cases: &[(&str, Row)] = &[
        (
            "Since 2019, Xiamen has trained 5,000 Linxia workers, of whom 2,000 now work in Fujian.",
            (
                "training",
                s("350200"),
                v(&["622900"]),
                Some(5000),
                None,
                Some(2019),
            ),
        ),
        (
            "今年,福州市为定西市培训乡村干部1500人次。",
            (
                "training",
                s("350100"),
                v(&["621100"]),
                Some(1500),
                Some(2023),
                None,
            ),
        ),
    ];
    for (text, want) in cases {
        let rows = link(text);
        assert!(rows.contains(want), "{text}: {rows:?}");
    }
}

#[test]
fn an_undated_count_back_starts_no_earlier_than_the_start_written_before_it() {
    // Undated: "over the last ten years" counts back from 2003, the latest
    // year written, which would put the start before the programme began.
    assert_eq!(
        undated_flow_time(
            "The pairing programme between Shanghai and Kashgar was launched in 2003. \
             Over the last ten years 120 doctors have been sent from Shanghai to Kashgar."
        ),
        (None, Some(2003))
    );
}

#[test]
fn the_rest_of_a_breakdown_is_an_item_too() {
    let found =
        flows("2021年,苏州市安排帮扶资金5亿元,其中:碧江区1亿元;万山区1亿元;其余8个县3亿元。");
    assert!(
        found
            .iter()
            .any(|(d, _, value)| *d == s("320500") && *value == 300_000_000),
        "{found:?}"
    );
}

#[test]
fn a_total_over_items_takes_the_receiver_that_holds_them_all() {
    let text = "Qingdao has been paired with Longnan since 2021. This year, it has allocated 410 million yuan, of which 150 million yuan went to Gansu's Li county and 120 million yuan to Gansu's Wen county.";
    assert_flow(text, (s("370200"), v(&["621200"]), 410_000_000));
    // Items outside the receiver in force leave the total without one.
    let apart = text.replace("Gansu's Li county", "Hebei's Li county");
    assert_flow(&apart, (s("370200"), vec![], 410_000_000));
}

#[test]
fn a_definite_phrase_naming_a_side_means_a_place_on_that_side() {
    // The last province named is Shaanxi, but only Jiangsu is eastern.
    let text = "Officials of Jiangsu and Shaanxi met in Xi'an on Monday. Last year, the eastern province allocated 2 billion yuan to Yan'an.";
    assert_eq!(
        flows(text),
        vec![(s("320000"), v(&["610600"]), 2_000_000_000)]
    );
    let text = "Officials of Jiangsu and Shaanxi met in Nanjing on Monday. Last year, Suzhou allocated 2 billion yuan to the northwestern province.";
    assert_eq!(
        flows(text),
        vec![(s("320500"), v(&["610000"]), 2_000_000_000)]
    );
}

#[test]
fn two_provinces_acting_together_are_the_pair_even_after_a_citys_item() {
    let text = "2023年，江苏省与陕西省深化东西部协作。今年，江苏省投入财政援助资金15.2亿元，其中南京市向商洛市投入2.1亿元。两省共建产业园区38个，实际到位投资52亿元。";
    assert_flow(text, (s("320000"), v(&["610000"]), 5_200_000_000));
}

#[test]
fn the_two_places_given_to_are_the_two_the_sentence_before_named() {
    let text = "Shenzhen has helped Baise since 2021. Lingyun county in Baise received 160 million yuan from Shenzhen's Nanshan district in 2024. Shenzhen's Xinjiang team works in Kashgar city and the Taxkorgan Tajik autonomous county. Last year, Shenzhen allocated 1.3 billion yuan to the two places.";
    assert_flow(text, (s("440300"), v(&["653101", "653131"]), 1_300_000_000));
}

#[test]
fn our_league_and_our_prefecture_are_the_publishers() {
    let text = "兴安发布 2024-07-19\n\n根据协议，海淀区今年将向我盟投入财政援助资金1.85亿元。";
    assert_flow(text, (s("110108"), v(&["152200"]), 185_000_000));
    let text = "来源：克孜勒苏日报\n\n今年江西省向我州投入援疆资金3亿元。";
    assert_flow(text, (s("360000"), v(&["653000"]), 300_000_000));
}

#[test]
fn list_items_take_the_time_of_the_lead_that_opens_them() {
    let text = "Aid to Tibet\n\nPartners gave record support last year, figures show:\n\n- Guangdong allocated 1.12 billion yuan to Nyingchi.\n\n- Zhejiang put 760 million yuan into Nagqu.\n\nTibet grew 6 percent. Jiangsu sent 30 doctors to Lhasa.";
    assert_eq!(
        flow_times(text),
        [(Some(2022), None), (Some(2022), None), (Some(2023), None)]
    );
}

#[test]
fn firms_of_a_givers_province_are_brought_by_the_giver() {
    // The province inside the amount says where the firms are from; the
    // giver named before it, or stated last, is the city or district.
    assert_eq!(
        flows("Last year Ningbo helped 35 Zhejiang companies invest in Qianxinan."),
        [(s("330200"), v(&["522300"]), 35)]
    );
    assert_eq!(
        flows("西青区对口帮扶环县。今年引导21家天津企业落地环县。"),
        [(s("120111"), v(&["621022"]), 21)]
    );
    // The receiver named before the amount is not its giver.
    assert_eq!(
        flows(
            "944 Hubei companies have registered in Wuhan with a total registered capital of 10.5 billion yuan."
        ),
        [
            (s("420000"), v(&["420100"]), 944),
            (s("420000"), v(&["420100"]), 10_500_000_000)
        ]
    );
}

#[test]
fn a_gapped_clause_after_a_giving_verb_gives() {
    // "and Huzhou 85 doctors to Qiandongnan": no list "Qianxinan and
    // Huzhou", and Huzhou gives as Ningbo did.
    assert_eq!(
        flows(
            "Last year Ningbo sent 120 doctors to Qianxinan and Huzhou 85 doctors to Qiandongnan."
        ),
        [
            (s("330200"), v(&["522300"]), 120),
            (s("330500"), v(&["522600"]), 85)
        ]
    );
    // After a receiving verb the gapped place receives.
    assert_eq!(
        flows("Lhasa received 12 million yuan from Beijing last year, and Nagqu 8 million yuan."),
        [
            (s("110000"), v(&["540100"]), 12_000_000),
            (s("110000"), v(&["540600"]), 8_000_000)
        ]
    );
}

#[test]
fn a_government_site_owner_is_the_first_person_place() {
    // The site's name over the breadcrumb, or its footer's owner, is 我县.
    let header = "维西傈僳族自治县人民政府\n首页>新闻中心\n\n去年,上海市宝山区共向我县投入帮扶资金8650万元。\n";
    let footer = "宝山区援建项目\n\n去年,上海市宝山区共向我县投入帮扶资金8650万元。\n\n版权所有:维西傈僳族自治县人民政府 技术支持:维西县融媒体中心\n";
    for text in [header, footer] {
        assert_eq!(
            flows(text),
            [(Some("310113".into()), vec!["533423".into()], 86_500_000)],
            "{text}"
        );
    }
}

#[test]
fn firms_named_after_the_givers_province_are_brought_by_the_giver() {
    // The district carried through the sentence brings its province's firms.
    assert_eq!(
        flows("截至2024年底,宝山区累计向维西县选派干部186名,引导8家上海企业到维西县投资兴业。"),
        [
            (Some("310113".into()), vec!["533423".into()], 186),
            (Some("310113".into()), vec!["533423".into()], 8)
        ]
    );
    // With no giver before them, the firms' place gives.
    assert_eq!(
        flows("去年,8家上海企业到维西县投资兴业。"),
        [(Some("310000".into()), vec!["533423".into()], 8)]
    );
}

#[test]
fn a_receiving_anaphor_means_the_place_its_own_sentence_gave_to() {
    assert_eq!(
        flows(
            "Shanghai invested 300 million yuan in Xigaze last year. Jiangsu allocated 200 million yuan to Lhasa, and Beijing sent 40 doctors to the city."
        ),
        [
            (s("310000"), v(&["540200"]), 300_000_000),
            (s("320000"), v(&["540100"]), 200_000_000),
            (s("110000"), v(&["540100"]), 40)
        ]
    );
}

#[test]
fn it_means_the_giver_the_sentence_before_was_about() {
    assert_eq!(
        flows(
            "Shanxi was assigned to Fukang in Changji. Among the donors, Guangdong has been one of the largest. It has channeled 24.6 billion yuan to Kashgar since 2010."
        ),
        [(s("440000"), v(&["653100"]), 24_600_000_000)]
    );
}

#[test]
fn givers_counted_but_not_named_give_jointly() {
    // A joint-donor total is an event with no donor; the state is no giver.
    assert_eq!(
        flows(
            "Since 1994, 17 provinces and municipalities have sent more than 9,600 officials to Tibet."
        ),
        [(None, v(&["540000"]), 9_600)]
    );
    assert_eq!(
        flows(
            "Since 2010, the 19 provinces and municipalities have invested 200 billion yuan in Xinjiang."
        ),
        [(None, v(&["650000"]), 200_000_000_000)]
    );
    assert_eq!(
        flows("The central government invested 200 billion yuan in Xinjiang last year."),
        []
    );
}

#[test]
fn works_with_pairs_and_a_clause_naming_both_sides_borrows_no_giver() {
    let pairings = |text: &str| -> Vec<(Option<String>, Vec<String>)> {
        link(text)
            .into_iter()
            .filter(|r| r.0 == "pairing")
            .map(|r| (r.1, r.2))
            .collect()
    };
    assert_eq!(
        pairings("Haidian district, which works with Karakax county, built a school there."),
        [(Some("110108".into()), vec!["653222".into()])]
    );
    // The first clause's giver is not the second clause's.
    let both =
        pairings("In 2016, Hubei started to support Shannan, while Xiamen paired with Linxia.");
    assert!(both.contains(&(Some("350200".into()), vec!["622900".into()])));
    assert!(!both.contains(&(Some("420000".into()), vec!["622900".into()])));
    assert!(pairings("Suzhou will no longer work with Tongren from 2021.").is_empty());
}

#[test]
fn a_breakdown_of_money_leaves_a_count_before_it_its_receiver() {
    // "Of that amount" itemises yuan: the 143 projects are no total of it.
    let rows: Vec<Flow> = flows(
        "Last year, Yan'an received 486 million yuan from Wuxi. The money was spent on 143 projects. Of that amount, Jiangyin alone provided 96 million yuan to Yichuan.",
    );
    assert!(
        rows.contains(&(s("320200"), v(&["610600"]), 143)),
        "{rows:?}"
    );
}

#[test]
fn a_time_inside_a_relative_clause_is_no_other_clauses() {
    let times = flow_times(
        "Since 2021, Qamdo has received 1.31 billion yuan from Fujian. Of the total, Zogang county, which has been paired with Xiamen since 2017, received 520 million yuan, while Markam county received 410 million yuan.",
    );
    assert_eq!(
        times,
        [(None, Some(2021)), (None, Some(2021)), (None, Some(2021))]
    );
}

#[test]
fn an_item_naming_no_place_goes_where_its_total_went() {
    let rows = flows(
        "Beijing now assists Hotan city. Over the past four years, Beijing has allocated 6.8 billion yuan to Hotan prefecture, of which 4.1 billion yuan has gone into education.",
    );
    assert_eq!(
        rows,
        [
            (s("110000"), v(&["653200"]), 6_800_000_000),
            (s("110000"), v(&["653200"]), 4_100_000_000)
        ]
    );
}

#[test]
fn the_year_of_a_breakdown_item_is_not_its_totals() {
    assert_eq!(
        flow_times(
            "“十四五”以来，江苏省累计向陕西省投入财政援助资金53亿元，其中2024年投入12亿元。"
        ),
        [(None, Some(2021)), (Some(2024), None)]
    );
}

#[test]
fn the_money_and_its_breakdown_keep_the_time_of_their_flow() {
    // A new paragraph resets the year, but "the money" and "Of the total"
    // speak of the flow before them.
    let times = flow_times(
        "Home | News | Cooperation\n\nShenzhen and Baise report results\n\nRelease time: 2023-01-19 Source: Shenzhen cooperation office\n\nShenzhen allocated 1.07 billion yuan to Baise in 2022, the city said in its annual report.\n\nThe money was spent on 286 projects in the city's 12 counties.\n\nUnder the arrangement, Bao'an district assists Tianlin county.\n\nOf the total, Bao'an district provided 118 million yuan to Tianlin county.",
    );
    assert_eq!(
        times,
        [(Some(2022), None), (Some(2022), None), (Some(2022), None)]
    );
}

#[test]
fn the_new_value_of_a_change_does_not_take_the_old_values_year() {
    // Each line: the old value with its year, then the new one with the clause's.
    for text in [
        "In 2019, Guangdong raised its aid to Guangxi from 2.6 billion yuan in 2018 to 3.3 billion yuan.",
        "2019年，广东省援桂资金由2018年的26亿元提高到33亿元。",
        "2019年，广东省援桂资金从2018年的26亿元增加到33亿元。",
    ] {
        assert_eq!(
            flow_times(text),
            [(Some(2018), None), (Some(2019), None)],
            "{text}"
        );
    }
}

#[test]
fn an_item_after_its_receivers_partner_is_the_totals_givers_money() {
    // "X对口支援的Y + amount": X is paired with Y, but the item is the
    // total's money, whether 其中 goes on the sentence or opens its own.
    for text in [
        "今年，湖北省安排援疆资金5.8亿元，其中武汉市对口支援的博乐市2.1亿元，宜昌市对口支援的温泉县1.2亿元。",
        "今年，湖北省安排援疆资金5.8亿元。其中，武汉市对口支援的博乐市2.1亿元，宜昌市对口支援的温泉县1.2亿元。",
    ] {
        let rows = link(text);
        let has = |row: (&str, &str, &str, Option<u64>)| {
            rows.iter().any(|r| {
                r.0 == row.0 && r.1.as_deref() == Some(row.1) && r.2 == v(&[row.2]) && r.3 == row.3
            })
        };
        assert!(
            has(("funds", "420000", "652701", Some(210_000_000))),
            "{rows:?}"
        );
        assert!(
            has(("funds", "420000", "652723", Some(120_000_000))),
            "{rows:?}"
        );
        assert!(has(("pairing", "420100", "652701", None)), "{rows:?}");
        assert!(has(("pairing", "420500", "652723", None)), "{rows:?}");
    }
}

#[test]
fn a_list_of_pairings_after_a_colon_pairs_each_piece() {
    // "X with Y" pieces after a colon, the verb of pairing before it.
    let rows = link(
        "Each of the municipality's paired districts works with one of the four: Nankai district with Tongren, Hebei district with Jainca, Hongqiao district with Zekog and Dongli district with Henan county.",
    );
    for (d, r) in [
        ("120104", "632301"),
        ("120105", "632322"),
        ("120106", "632323"),
        ("120110", "632324"),
    ] {
        assert!(
            rows.iter()
                .any(|x| x.0 == "pairing" && x.1 == s(d) && x.2 == v(&[r])),
            "{d}>{r}: {rows:?}"
        );
    }
}

#[test]
fn a_carried_receiver_narrows_to_the_one_place_the_sentence_names_inside_it() {
    let lead = "Guangdong has assisted Bomi, Zayu and Mainling counties since 2016. ";
    for body in [
        "Since 2021, 12 firms from Guangdong have opened factories in Zayu county, investing 80 million yuan.",
        "Across Zayu county, Guangdong has trained 300 farmers this year.",
    ] {
        let rows = flows(&format!("{lead}{body}"));
        assert!(!rows.is_empty(), "{body}");
        for (donor, recipients, _) in rows {
            assert_eq!((donor, recipients), (s("440000"), v(&["540425"])), "{body}");
        }
    }
    // Naming the carried place again, or two places inside it, narrows nothing.
    let rows = flows(
        "Shanghai has helped Yunnan since 1996. Since 2021, 50 firms from Shanghai have opened factories in Honghe and Wenshan, investing 2 billion yuan.",
    );
    assert!(
        !rows.is_empty() && rows.iter().all(|(_, r, _)| r == &v(&["530000"])),
        "{rows:?}"
    );
}

#[test]
fn an_apposition_between_a_giver_and_its_pairing_verb() {
    let rows = link(
        "Hunan has helped Turpan since 2010. Changsha, the provincial capital, is paired with Gaochang, while Zhuzhou helps Shanshan.",
    );
    assert!(
        rows.iter()
            .any(|x| x.0 == "pairing" && x.1 == s("430100") && x.2 == v(&["650402"])),
        "{rows:?}"
    );
}

#[test]
fn an_anaphor_in_apposition_names_the_place_before_it() {
    // "the border city" is Hunchun, not the prefecture the article is about.
    let rows = flows(
        "Ningbo has helped Yanbian prefecture since 2016. Beilun district works with Hunchun, the border city which received 186 million yuan from Ningbo.",
    );
    assert_eq!(rows, [(s("330200"), v(&["222404"]), 186_000_000)]);
}

#[test]
fn givers_paired_with_parts_of_a_place_are_paired_with_the_place() {
    // "paired with three townships in Fukang": town pairings are the county's.
    let rows = link(
        "Taiyuan and Jinzhong have each been paired with three townships in Fukang since 2022.",
    );
    for d in ["140100", "140700"] {
        assert!(
            rows.iter().any(|x| x.0 == "pairing"
                && x.1 == s(d)
                && x.2 == v(&["652302"])
                && x.5 == Some(2022)),
            "{d}: {rows:?}"
        );
    }
}

#[test]
fn a_total_whose_items_the_givers_districts_give_keeps_the_givers_receiver() {
    let rows = flows(
        "2021年以来,厦门市累计向临夏州投入财政援助资金21.6亿元。今年1至8月,厦门市到位财政援助资金5.2亿元,其中,集美区向积石山县投入1.36亿元;湖里区向东乡县投入9800万元。",
    );
    assert!(
        rows.contains(&(s("350200"), v(&["622900"]), 520_000_000)),
        "{rows:?}"
    );
}

#[test]
fn members_of_an_aid_team_are_people_sent() {
    let rows = flows(
        "辽宁省已先后选派10批援藏干部人才共1860余名。第十一批援藏工作队158名队员今年7月进藏。",
    );
    assert!(
        rows.iter().any(|r| r.0 == s("210000") && r.2 == 158),
        "{rows:?}"
    );
}

#[test]
fn a_relative_clause_pairing_its_antecedent_as_object() {
    let rows = link(
        "Most of it went to Gonggar and Chanang counties, which Anhui has been paired with since 2016.",
    );
    for r in ["540522", "540521"] {
        assert!(
            rows.iter().any(|x| x.0 == "pairing"
                && x.1 == s("340000")
                && x.2 == v(&[r])
                && x.5 == Some(2016)),
            "{r}: {rows:?}"
        );
    }
}

#[test]
fn a_city_with_no_counterpart_of_its_own_takes_its_provinces_receiver() {
    let rows = flows(
        "Guangdong has been paired with Nyingchi since 2016. Last year Foshan donated 12 million yuan for a new clinic.",
    );
    assert_eq!(rows, [(s("440600"), v(&["540400"]), 12_000_000)]);
    // A city stated with its own counterpart keeps it.
    let rows = flows(
        "Guangdong has been paired with Nyingchi since 2016. Foshan has been paired with Mainling county since 2016. Last year Foshan donated 12 million yuan for a new clinic.",
    );
    assert_eq!(rows, [(s("440600"), v(&["540481"]), 12_000_000)]);
}

#[test]
fn a_receiving_province_that_also_gives_is_stated_as_a_giver() {
    // Chongqing receives from Shandong but gives to Qamdo: its lead flow
    // makes it the article's giver, and the total goes to the counties it
    // helps, whose shares the items are.
    let rows = flows(
        "Chongqing will send 120 cadres to Qamdo in July. Chongqing has helped Lhorong and Banbar counties since 1995. By the end of last year, 860 million yuan had been allocated, including 310 million yuan for Lhorong and 275 million yuan for Banbar.",
    );
    assert!(
        rows.contains(&(s("500000"), v(&["540329", "540330"]), 860_000_000)),
        "{rows:?}"
    );
}

#[test]
fn a_masthead_not_named_after_its_place_says_who_we_are() {
    // 新华日报 is Jiangsu's daily: its 我省 is Jiangsu.
    let rows =
        flows("新华日报 2023年06月12日 第3版\n\n我省对口支援克州以来，累计投入援疆资金185亿元。");
    assert_eq!(rows, [(s("320000"), v(&["653000"]), 18_500_000_000)]);
}

#[test]
fn a_pairing_clause_after_another_giver_keeps_its_own_giver() {
    // "while Yichang is paired with Chanang" pairs Yichang, not Wuhan, with
    // Chanang: "the city" that gives to Chanang next is Yichang.
    let text = "Wuhan looks after Nedong district, while Yichang and Huangshi are paired with Chanang and Lhunze counties respectively. Since 2016, the city has put 610 million yuan into Chanang.";
    let givers: Vec<Option<String>> = flows(text).into_iter().map(|r| r.0).collect();
    assert_eq!(givers, [s("420500")]);
}

#[test]
fn the_two_cities_are_the_two_its_own_sentence_gave_to() {
    // Not Heyuan and Shanwei, named as receivers the sentence before.
    let rows = flows(
        "Shenzhen allocated 1.6 billion yuan to Heyuan and Shanwei. It sent 218 officials to Baise and Hechi, and brought 390 companies to the two cities.",
    );
    let baise_hechi = v(&["451000", "451200"]);
    assert!(
        rows.iter().any(|r| r.2 == 390 && {
            let mut got = r.1.clone();
            got.sort();
            got == baise_hechi
        }),
        "{rows:?}"
    );
}

#[test]
fn firms_of_a_province_keep_it_as_giver_after_a_city_of_an_earlier_paragraph() {
    // Hangzhou gave in the paragraph before: not inside "Zhejiang enterprises" here.
    let text = "Hangzhou has sent 480 teachers to Garze.\n\nZhejiang companies have followed the money. Since 2021, 286 Zhejiang enterprises have invested in Sichuan.";
    let firms = flows(text).into_iter().find(|r| r.2 == 286);
    assert_eq!(firms.map(|r| r.0), Some(s("330000")));
}

#[test]
fn our_region_is_the_region_whose_daily_publishes_the_article() {
    // 我區 in 廣西日報 (a traditional mirror) is Guangxi, an autonomous region.
    let rows = flows("來源:廣西日報\n\n今年以來,廣東省向我區投入財政幫扶資金40.6億元。");
    assert_eq!(rows, [(s("440000"), v(&["450000"]), 4_060_000_000)]);
}

#[test]
fn a_pairing_between_a_total_and_its_breakdown_leaves_the_total_in_force() {
    let text = "Shandong has earmarked 2.6 billion yuan this year for Shule, Yengisar, Makit and Yopurga counties. The four counties have been paired with Shandong since 2010. Of the sum, Shule will receive 820 million yuan and Makit 590 million yuan. The money is being spent on 212 projects.";
    let rows: Vec<Row> = flow_rows(text).collect();
    let four = v(&["653122", "653123", "653127", "653128"]);
    for r in &rows {
        assert_eq!((r.4, r.5), (Some(2023), None), "{r:?}");
    }
    let projects = rows
        .iter()
        .find(|r| r.3 == Some(212))
        .expect("212 projects");
    let mut receivers = projects.2.clone();
    receivers.sort();
    assert_eq!(receivers, four, "{rows:?}");
}

#[test]
fn a_bare_figure_compared_with_keeps_its_own_time() {
    // "last year" is the compared figure's (352), not the flow's.
    let times = flow_times(
        "This year, Guangdong plans to send 380 cadres to Nyingchi, up from 352 last year.",
    );
    assert_eq!(times, [(Some(2023), None)]);
}

#[test]
fn a_counted_set_before_a_receiving_verb_takes_its_amounts_in_order() {
    let rows = flows(
        "江苏省对口支援阿图什市、阿合奇县和乌恰县。今年，三县市分别获得援疆资金3.2亿元、1.5亿元和1.4亿元。",
    );
    assert_eq!(
        rows,
        [
            (s("320000"), v(&["653001"]), 320_000_000),
            (s("320000"), v(&["653023"]), 150_000_000),
            (s("320000"), v(&["653024"]), 140_000_000),
        ]
    );
}

#[test]
fn a_giving_anaphor_in_a_reduced_relative_is_the_giver_its_sentence_named() {
    let rows = flows(
        "Hubei has been paired with Shannan since 1994. A school there was rebuilt with 5 million yuan from Yichang, part of 90 million yuan the city spent in Nedong in 2022.",
    );
    for value in [5_000_000, 90_000_000] {
        assert!(
            rows.contains(&(s("420500"), v(&["540502"]), value)),
            "{value}: {rows:?}"
        );
    }
}

#[test]
fn a_fronted_across_phrase_names_the_receivers() {
    let rows = flows(
        "Poskam is one of four counties Shanghai has aided since 2010, along with Yarkant, Kargilik and Maralbexi. Across the four counties, Shanghai spent 5 billion yuan in 2022.",
    );
    let [(donor, receivers, 5_000_000_000)] = rows.as_slice() else {
        panic!("{rows:?}");
    };
    let mut receivers = receivers.clone();
    receivers.sort();
    assert_eq!(donor, &s("310000"));
    assert_eq!(receivers, v(&["653124", "653125", "653126", "653130"]));
}

#[test]
fn a_giving_anaphor_means_the_giver_stated_for_the_receiver_it_names() {
    let rows = flows(
        "Wuxi has helped Yan'an since 2021, and Jiangyin works with Yichuan county. Last year Jiangyin alone gave 50 million yuan to Yichuan. The city has also sent 80 doctors to Yan'an.",
    );
    assert!(
        rows.contains(&(s("320200"), v(&["610600"]), 80)),
        "{rows:?}"
    );
    assert!(
        rows.contains(&(s("320281"), v(&["610630"]), 50_000_000)),
        "{rows:?}"
    );
}

#[test]
fn a_receiving_prefecture_of_a_giving_province_sends_trainees_to_its_giver() {
    // Yanbian receives from Ningbo although Jilin gives elsewhere: its
    // people sent to Ningbo are trained by Ningbo.
    let rows = link("In turn, Yanbian has sent 300 young people to train in Ningbo.");
    assert!(
        rows.iter()
            .any(|r| r.1 == s("330200") && r.2 == v(&["222400"]) && r.3 == Some(300)),
        "{rows:?}"
    );
}

#[test]
fn a_respectively_after_a_total_spreads_its_items() {
    let rows = flows(
        "Liaoning provided 860 million yuan to Tacheng this year, of which Emin, Yumin and Toli counties received 72 million, 55 million and 48 million yuan respectively.",
    );
    for (code, value) in [
        ("654221", 72_000_000),
        ("654225", 55_000_000),
        ("654224", 48_000_000),
    ] {
        assert!(
            rows.contains(&(s("210000"), v(&[code]), value)),
            "{code}: {rows:?}"
        );
    }
}

#[test]
fn zhangjiakou_receives_from_beijing_so_its_trainees_are_beijings() {
    let rows = link(
        "Zhangjiakou, in turn, has sent 320 young officials to Beijing for on-the-job training.",
    );
    assert!(
        rows.iter()
            .any(|r| r.1 == s("110000") && r.2 == v(&["130700"]) && r.3 == Some(320)),
        "{rows:?}"
    );
}

#[test]
fn the_prefecture_after_a_county_named_in_it_is_that_countys_prefecture() {
    let rows = flows(
        "When Chen arrived in Maqen county in the Golog Tibetan autonomous prefecture last spring, the hospital had no ICU. Chen is one of 87 medical workers Shanghai has sent to the prefecture since 2021.",
    );
    assert!(
        rows.contains(&(s("310000"), v(&["632600"]), 87)),
        "{rows:?}"
    );
}

#[test]
fn the_same_figure_in_two_years_is_two_flows() {
    let times = flow_times(
        "2022年，山东省向重庆市拨付财政援助资金9.6亿元。今年，山东省计划向重庆市投入财政援助资金不少于9.6亿元。",
    );
    assert_eq!(times, [(Some(2022), None), (Some(2023), None)]);
}

#[test]
fn an_absolute_phrase_of_receivers_gives_each_its_share_and_the_total_their_list() {
    let f = flows(
        "Guangdong has aided Shufu and Jiashi since 2010. Last year it allocated 1.9 billion \
         yuan, with Shufu receiving 780 million yuan and Jiashi 690 million yuan.",
    );
    let gd = s("440000");
    assert_eq!(
        f,
        [
            (gd.clone(), v(&["653121", "653129"]), 1_900_000_000),
            (gd.clone(), v(&["653121"]), 780_000_000),
            (gd, v(&["653129"]), 690_000_000),
        ]
    );
}

#[test]
fn a_total_goes_to_the_list_its_items_are_members_of() {
    let f = flows(
        "Shanghai has been paired with Yarkant, Poskam, Kargilik and Maralbexi since 1997. \
         This year Shanghai earmarked 1.5 billion yuan for aid, of which 400 million yuan goes \
         to Yarkant.",
    );
    let sh = s("310000");
    assert_eq!(
        f,
        [
            (
                sh.clone(),
                v(&["653125", "653124", "653126", "653130"]),
                1_500_000_000
            ),
            (sh, v(&["653125"]), 400_000_000),
        ]
    );
    // One place carried is no list: the total takes none.
    let f = flows(
        "Shanghai has been paired with Yarkant since 1997. This year Shanghai earmarked 1.5 \
         billion yuan for aid, of which 400 million yuan goes to Yarkant.",
    );
    assert_eq!(f[0].1, Vec::<String>::new());
}

#[test]
fn places_that_shared_the_remaining_sum_receive_it() {
    let f = flows(
        "Beijing allocated 900 million yuan to Zhangjiakou last year. Of the total, 400 million \
         yuan went to Zhangbei county, while Guyuan and Shangyi counties shared the remaining \
         500 million yuan.",
    );
    assert!(
        f.contains(&(s("110000"), v(&["130724", "130725"]), 500_000_000)),
        "{f:?}"
    );
}

#[test]
fn workers_from_a_receiver_who_found_jobs_with_its_giver_are_placed_by_the_giver() {
    let rows = link(
        "Ningbo has been paired with Qianxinan since 2013. Last year, 3,100 workers from \
         Qianxinan found jobs in Ningbo.",
    );
    assert!(
        rows.contains(&(
            "training",
            s("330200"),
            v(&["522300"]),
            Some(3100),
            Some(2022),
            None
        )),
        "{rows:?}"
    );
}

#[test]
fn workers_and_others_from_a_receiver_placed_in_seasonal_jobs_are_placed_by_the_host() {
    let got = flows(
        "In 2024, 2,150 farmers and herders from Altay found seasonal jobs on farms in Heilongjiang.",
    );
    assert_eq!(got, vec![(s("230000"), v(&["654300"]), 2150)]);
}

#[test]
fn an_item_of_a_breakdown_by_category_is_typed_and_licensed_by_its_total() {
    let rows =
        link("苏州市对口帮扶铜仁市。今年帮助铜仁籍劳动力到苏州就业9000人，其中脱贫人口3100人。");
    let item = rows
        .iter()
        .find(|r| r.3 == Some(3100))
        .expect("the item is a flow");
    assert_eq!(
        (item.0, &item.1, &item.2),
        ("training", &s("320500"), &v(&["520600"]))
    );
}

#[test]
fn workers_placed_in_jobs_are_training_given_by_the_host() {
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "In 2024, 3,800 rural workers from Guangyuan found jobs in Huzhou.",
            "330500",
            &["510800"],
        ),
        (
            "In 2024, 1,870 workers from Qamdo took jobs in Chongqing.",
            "500000",
            &["540300"],
        ),
        (
            "Last year Jinan helped 8,600 rural workers from Linxia find jobs in Shandong.",
            "370100",
            &["622900"],
        ),
    ];
    for (text, donor, recipients) in cases {
        let got: Vec<_> = link(text).into_iter().filter(|r| r.3.is_some()).collect();
        assert_eq!(got.len(), 1, "{text}");
        assert_eq!(got[0].0, "training", "{text}");
        assert_eq!(got[0].1.as_deref(), Some(*donor), "{text}");
        assert_eq!(got[0].2, v(recipients), "{text}");
    }
}

#[test]
fn a_time_after_a_semicolon_is_not_the_year_of_the_clause_before() {
    let rows = link("去年,上海选派专业技术人才386名赴文山工作;今年又选派医生42名赴文山工作。");
    let year_of = |value| rows.iter().find(|r| r.3 == Some(value)).map(|r| r.4);
    assert_eq!(year_of(386), Some(Some(2022)));
    assert_eq!(year_of(42), Some(Some(2023)));
}

#[test]
fn a_chinese_time_in_a_later_clause_is_not_the_year_of_an_amount_dated_before() {
    assert_eq!(
        flow_years("2021年，上海市向万州区安排对口支援资金6500万元，次年增至7200万元。"),
        [
            (Some(65_000_000), Some(2021)),
            (Some(72_000_000), Some(2022))
        ]
    );
    assert_eq!(
        flow_years("去年，东城区向玉树市投入帮扶资金2800万元，今年增至3100万元。"),
        [
            (Some(28_000_000), Some(2022)),
            (Some(31_000_000), Some(2023))
        ]
    );
}

#[test]
fn the_year_of_a_compared_figure_does_not_date_the_next_clause() {
    assert_eq!(
        flow_years(
            "This year, Longgang allocated 46 million yuan to Leye, up from 41 million yuan in 2022, while Futian gave Lingyun 38.5 million yuan."
        ),
        [
            (Some(46_000_000), Some(2023)),
            (Some(41_000_000), Some(2022)),
            (Some(38_500_000), Some(2023))
        ]
    );
}

#[test]
fn the_city_after_the_place_a_giver_is_paired_with_is_that_place() {
    assert_flow(
        "Shanghai spent 8.25 billion yuan on 117 projects in Dujiangyan. Jiangsu, paired with Mianzhu, sent more than 5,000 engineers to the city in 2009.",
        (s("320000"), v(&["510683"]), 5000),
    );
}

#[test]
fn after_a_breakdown_the_next_sentence_goes_on_with_the_total_s_places() {
    let rows = link(
        "江苏省累计向陕西省投入财政援助资金76.8亿元。今年，江苏省投入财政援助资金15.2亿元，\
         其中南京市向商洛市投入2.1亿元。今年引导落地江苏企业211家，实际到位投资52亿元。",
    );
    let firms = rows.iter().find(|r| r.3 == Some(211)).expect("the firms");
    assert_eq!(firms.1.as_deref(), Some("320000"));
    assert_eq!(firms.2, v(&["610000"]));
}

#[test]
fn workers_transferred_to_jobs_with_no_subject_are_the_giver_s_training() {
    let rows = link(
        "上海对口帮扶文山州。今年，上海向文山州拨付资金4.6亿元，实施项目215个。\
         截至目前，在沪稳定就业的文山籍农村劳动力达3.2万人，今年新增转移就业5400人。",
    );
    let placed = rows
        .iter()
        .find(|r| r.3 == Some(5400))
        .expect("the placed workers");
    assert_eq!(placed.0, "training");
    assert_eq!(placed.1.as_deref(), Some("310000"));
    assert_eq!(placed.2, v(&["532600"]));
}

#[test]
fn a_team_taking_up_its_posts_is_people_sent() {
    let rows = link(
        "上海对口帮扶文山州。去年,上海选派专业技术人才386名赴文山工作;\
         今年又有42名医生组成医疗队进驻文山州人民医院。",
    );
    let team = rows.iter().find(|r| r.3 == Some(42)).expect("the team");
    assert_eq!(team.0, "personnel");
    assert_eq!(team.1.as_deref(), Some("310000"));
    assert_eq!(team.2, v(&["532600"]));
}

#[test]
fn the_sum_or_the_figure_of_a_later_year_is_the_same_flow_s_money() {
    assert_flow_years(
        "Shandong has aided Chongqing since 2021. Shandong earmarked 1.97 billion yuan for \
         Chongqing in 2023. The sum rose to 2.07 billion yuan in 2024, and in 2025, the \
         figure was 2.12 billion yuan.",
        &[
            (1_970_000_000, 2023),
            (2_070_000_000, 2024),
            (2_120_000_000, 2025),
        ],
    );
}

/// Asserts the (value, year) of every flow of `text`.
fn assert_flow_years(text: &str, want: &[(u64, i32)]) {
    let want: Vec<(Option<u64>, Option<i32>)> =
        want.iter().map(|&(v, y)| (Some(v), Some(y))).collect();
    assert_eq!(flow_years(text), want, "{text}");
}

#[test]
fn years_listed_before_amounts_said_respectively_date_them_in_order() {
    assert_flow_years(
        "山西省自2010年起对口支援阜康市。前年和去年，山西分别向阜康市拨付援疆资金1.6亿元、1.7亿元；\
         2019年、2020年，山西分别投入1.5亿元和1.4亿元。",
        &[
            (160_000_000, 2021),
            (170_000_000, 2022),
            (150_000_000, 2019),
            (140_000_000, 2020),
        ],
    );
}

#[test]
fn our_prefecture_is_the_prefecture_whose_portal_publishes() {
    let rows = link(
        "黔南布依族苗族自治州人民政府网\n广州市东西部协作工作队召开工作调度会\n\
         发布时间：2025-10-20 17:32\n\n\
         会议通报，今年前三季度，广州市向我州投入财政帮扶资金8.36亿元，实施协作项目412个。\n\n\
         其中，广州市本级资金4.1亿元，各结对区资金4.26亿元。\n\n\
         主办单位：黔南州人民政府办公室  网站标识码：5227000001\n",
    );
    let total = rows
        .iter()
        .find(|r| r.3 == Some(836_000_000))
        .expect("the total");
    assert_eq!(total.1.as_deref(), Some("440100"));
    assert_eq!(total.2, v(&["522700"]));
}

#[test]
fn a_list_of_pairs_after_the_verb_s_own_pair_gives_every_pair() {
    let pairs: Vec<(Option<String>, Vec<String>)> = link(
        "Beijing pairs with Inner Mongolia, Tianjin with Gansu, Jiangsu with Shaanxi and \
         Qinghai, Zhejiang with Sichuan, and Guangdong with Guangxi.",
    )
    .into_iter()
    .filter(|r| r.0 == "pairing")
    .map(|r| (r.1, r.2))
    .collect();
    for (donor, recipient) in [
        ("110000", "150000"),
        ("120000", "620000"),
        ("320000", "610000"),
        ("320000", "630000"),
        ("330000", "510000"),
        ("440000", "450000"),
    ] {
        assert!(
            pairs.contains(&(s(donor), v(&[recipient]))),
            "{donor} {recipient}: {pairs:?}"
        );
    }
}
