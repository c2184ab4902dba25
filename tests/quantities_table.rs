//! Table-driven tests for the quantities stage: one line per case.
//!
//! Each case: name, input text, the expected mention text (`""` = no quantity
//! at all), value, unit, qualifier, and `;`-separated extras:
//! `role=..`, `class=..`, `nf=..` (not a flow, with its cue label), `flow`
//! (explicitly a flow), `min=..`, `max=..`, `alt=VALUE UNIT TEXT`, `rate_bad`,
//! `rate_ok`, `q=..` (hedge text), `n=..` (number of mentions in the text),
//! `kind=count|money`, `per=..` (the period of a rate: `year`, `month`; without
//! it the mention must be no rate).

use pairaid::document::{Qualifier, QuantityKind, QuantityMention};
use pairaid::knowledge::TableSource;
use pairaid::stage::quantities::{Lexicon, read_text};

type Case = (
    &'static str,
    &'static str,
    &'static str,
    u64,
    &'static str,
    &'static str,
    &'static str,
);

#[rustfmt::skip]
const CASES: &[Case] = &[
    // --- English money -------------------------------------------------------
    ("en-billion-yuan", "The city raised 1.78 billion yuan for the program.", "1.78 billion yuan", 1_780_000_000, "CNY", "exact", "kind=money;flow"),
    ("en-million-decimal", "It set aside 622.31 million yuan for the region.", "622.31 million yuan", 622_310_000, "CNY", "exact", ""),
    ("en-million-int", "The county received 6 million yuan last year.", "6 million yuan", 6_000_000, "CNY", "exact", ""),
    ("en-comma-yuan", "Each donor gave 4,300 yuan to the fund.", "4,300 yuan", 4_300, "CNY", "exact", "nf=per_unit"),
    ("en-ten-thousand-yuan", "The school got 10,000 yuan from the company.", "10,000 yuan", 10_000, "CNY", "exact", ""),
    ("en-yuan-first", "The bureau granted yuan 50 million to the project.", "yuan 50 million", 50_000_000, "CNY", "exact", ""),
    ("en-rmb-first", "Jiangsu invested RMB 3.5 billion in the park.", "RMB 3.5 billion", 3_500_000_000, "CNY", "exact", ""),
    ("en-rmb-glued", "Jiangsu invested RMB3.5 billion in the park.", "RMB3.5 billion", 3_500_000_000, "CNY", "exact", ""),
    ("en-bn", "The province pledged 3.5bn yuan to the prefecture.", "3.5bn yuan", 3_500_000_000, "CNY", "exact", ""),
    ("en-bn-spaced", "The province pledged 3.5 bn yuan to the prefecture.", "3.5 bn yuan", 3_500_000_000, "CNY", "exact", ""),
    ("en-m", "The city gave 50m yuan to the county.", "50m yuan", 50_000_000, "CNY", "exact", ""),
    ("en-mln", "The city gave 12 mln yuan to the county.", "12 mln yuan", 12_000_000, "CNY", "exact", ""),
    ("en-yen-sign", "Donors raised ¥1.2 billion for the hospital.", "¥1.2 billion", 1_200_000_000, "CNY", "exact", ""),
    ("en-fullwidth-yen", "Donors raised ￥8 million for the hospital.", "￥8 million", 8_000_000, "CNY", "exact", ""),
    ("en-renminbi", "They allocated 1.2 billion renminbi to the program.", "1.2 billion renminbi", 1_200_000_000, "CNY", "exact", ""),
    ("en-cny-code", "They allocated CNY 20 million to the program.", "CNY 20 million", 20_000_000, "CNY", "exact", ""),
    ("en-dollar", "The fund reached $249.64 million this year.", "$249.64 million", 249_640_000, "USD", "exact", ""),
    ("en-usdollar", "The group invested US$1.9 billion in the zone.", "US$1.9 billion", 1_900_000_000, "USD", "exact", ""),
    ("en-usd-code", "The bank lent USD 20 million to the county.", "USD 20 million", 20_000_000, "USD", "exact", ""),
    ("en-dollars-word", "The charity gave 3 million dollars to schools.", "3 million dollars", 3_000_000, "USD", "exact", ""),
    ("en-us-dollars-word", "The charity gave 3 million US dollars to schools.", "3 million US dollars", 3_000_000, "USD", "exact", ""),
    ("en-hkd", "Hong Kong donors gave HK$5 million to the clinic.", "HK$5 million", 5_000_000, "HKD", "exact", ""),
    ("en-hkd-word", "Donors gave 5 million Hong Kong dollars to the clinic.", "5 million Hong Kong dollars", 5_000_000, "HKD", "exact", ""),
    ("en-plain-yuan", "A family received 800 yuan.", "800 yuan", 800, "CNY", "exact", ""),
    ("en-large-comma", "The total was 1,843.58 million yuan.", "1,843.58 million yuan", 1_843_580_000, "CNY", "exact", ""),
    ("en-bare-scaled-no-currency", "The figure was 1,843.58 million.", "", 0, "", "", ""),
    ("en-trillion", "The region's pool reached 1.2 trillion yuan.", "1.2 trillion yuan", 1_200_000_000_000, "CNY", "exact", ""),
    ("en-thousand-yuan", "Each village got 500 thousand yuan.", "500 thousand yuan", 500_000, "CNY", "exact", "nf=per_unit"),
    ("en-words-money", "The city granted five million yuan to the school.", "five million yuan", 5_000_000, "CNY", "exact", ""),
    ("en-words-money-2", "They spent twenty-five million yuan on roads.", "twenty-five million yuan", 25_000_000, "CNY", "exact", ""),
    ("en-words-a-billion", "The province gave a billion yuan.", "a billion yuan", 1_000_000_000, "CNY", "exact", ""),
    ("en-words-half-a-billion", "It will invest half a billion yuan next year.", "half a billion yuan", 500_000_000, "CNY", "exact", ""),
    ("en-point-zero", "The county got 0.5 million yuan.", "0.5 million yuan", 500_000, "CNY", "exact", ""),
    ("en-three-decimals", "The province used 2.831 billion yuan.", "2.831 billion yuan", 2_831_000_000, "CNY", "exact", ""),
    ("en-sentence-start", "150 million yuan was invested in the park.", "150 million yuan", 150_000_000, "CNY", "exact", ""),
    ("en-of-funds", "Wuxi has invested 503 million yuan of assistance funds.", "503 million yuan", 503_000_000, "CNY", "exact", ""),
    ("en-registered-capital-is-flow", "Forty firms registered with a total registered capital of 9.6 billion yuan.", "9.6 billion yuan", 9_600_000_000, "CNY", "exact", "flow"),
    ("en-worth-is-flow", "They found 15 investment projects worth 32.4 billion yuan.", "32.4 billion yuan", 32_400_000_000, "CNY", "exact", "flow;n=2"),
    ("en-total-of-not-hedge", "The city has invested a total of 80 million yuan.", "80 million yuan", 80_000_000, "CNY", "exact", ""),
    ("en-capital-yuan", "The city gave 30 million Yuan to the county.", "30 million Yuan", 30_000_000, "CNY", "exact", ""),
    ("en-billion-uppercase", "It raised 2 Billion yuan.", "2 Billion yuan", 2_000_000_000, "CNY", "exact", ""),
    ("en-bln", "Jiangsu invested 5 bln yuan in the parks.", "5 bln yuan", 5_000_000_000, "CNY", "exact", ""),
    ("en-whopping", "A whopping 4.5 billion yuan went to Lhasa.", "4.5 billion yuan", 4_500_000_000, "CNY", "exact", ""),
    ("en-dollars-then-yuan", "It gave $895 million (6.2 billion yuan) to Tibet.", "6.2 billion yuan", 6_200_000_000, "CNY", "exact", "alt=895000000 USD $895 million;n=1"),
    // --- alt currencies -----------------------------------------------------
    ("alt-dollar", "Suzhou raised 1.78 billion yuan ($249.64 million) in 2022.", "1.78 billion yuan", 1_780_000_000, "CNY", "exact", "alt=249640000 USD $249.64 million;n=1"),
    ("alt-usdollar", "Firms registered capital of 14.2 billion yuan (US$1.9 billion).", "14.2 billion yuan", 14_200_000_000, "CNY", "exact", "alt=1900000000 USD US$1.9 billion;rate_ok"),
    ("alt-rate-ok", "They gave 700 million yuan ($100 million).", "700 million yuan", 700_000_000, "CNY", "exact", "alt=100000000 USD $100 million;rate_ok"),
    ("alt-rate-bad", "They gave 700 million yuan ($10 million).", "700 million yuan", 700_000_000, "CNY", "exact", "alt=10000000 USD $10 million;rate_bad"),
    ("alt-rate-bad-low", "They gave 100 million yuan ($50 million).", "100 million yuan", 100_000_000, "CNY", "exact", "rate_bad"),
    ("alt-dollars-first", "The city gave $100 million (720 million yuan) to Tibet.", "720 million yuan", 720_000_000, "CNY", "exact", "alt=100000000 USD $100 million;n=1"),
    ("alt-with-about", "It raised 1 billion yuan (about $140 million).", "1 billion yuan", 1_000_000_000, "CNY", "exact", "alt=140000000 USD $140 million"),
    ("alt-usd-code", "It raised 71 million yuan (USD 10 million).", "71 million yuan", 71_000_000, "CNY", "exact", "alt=10000000 USD USD 10 million;rate_ok"),
    ("alt-cjk-brackets", "援助资金7.2亿元（1亿美元）已经到位。", "7.2亿元", 720_000_000, "CNY", "exact", "alt=100000000 USD 1亿美元"),
    ("alt-only-dollars", "The charity raised $5 million.", "$5 million", 5_000_000, "USD", "exact", ""),
    ("alt-same-currency-not-alt", "It gave 5 million yuan (3 million yuan in cash).", "5 million yuan", 5_000_000, "CNY", "exact", "n=2"),
    ("alt-hkd", "Donors gave 9 million yuan (HK$10 million).", "9 million yuan", 9_000_000, "CNY", "exact", "alt=10000000 HKD HK$10 million;rate_ok"),
    ("alt-with-hedge-outside", "More than 1 billion yuan ($140 million) was raised.", "1 billion yuan", 1_000_000_000, "CNY", "at_least", "q=More than;alt=140000000 USD $140 million"),
    // --- Chinese money ------------------------------------------------------
    ("zh-yi-yuan", "累计投入资金9.23亿元。", "9.23亿元", 923_000_000, "CNY", "exact", ""),
    ("zh-wan-yuan", "捐赠3500万元用于学校建设。", "3500万元", 35_000_000, "CNY", "exact", ""),
    ("zh-wan-decimal", "每户补助2.5万元。", "2.5万元", 25_000, "CNY", "exact", "nf=per_unit"),
    ("zh-yi-decimal", "安排帮扶资金1.2亿元。", "1.2亿元", 120_000_000, "CNY", "exact", ""),
    ("zh-half-yi", "投入0.5亿元。", "0.5亿元", 50_000_000, "CNY", "exact", ""),
    ("zh-plain-yuan", "资助学生5000元。", "5000元", 5_000, "CNY", "exact", ""),
    ("zh-qianwan", "投资3千万元建设车间。", "3千万元", 30_000_000, "CNY", "exact", ""),
    ("zh-numerals-money", "拨付三千万元用于产业项目。", "三千万元", 30_000_000, "CNY", "exact", ""),
    ("zh-numerals-yi", "投入一亿二千万元。", "一亿二千万元", 120_000_000, "CNY", "exact", ""),
    ("zh-rmb-prefix", "援助人民币3亿元。", "人民币3亿元", 300_000_000, "CNY", "exact", ""),
    ("zh-usd", "引进外资2亿美元。", "2亿美元", 200_000_000, "USD", "exact", ""),
    ("zh-hkd", "香港捐赠500万港元。", "500万港元", 5_000_000, "HKD", "exact", ""),
    ("zh-jin-hedge", "近3000万元资金到位。", "3000万元", 30_000_000, "CNY", "approx", "q=近"),
    ("zh-yue-hedge", "投入约1.5亿元。", "1.5亿元", 150_000_000, "CNY", "approx", "q=约"),
    ("zh-chaoguo-hedge", "投入超过2亿元。", "2亿元", 200_000_000, "CNY", "at_least", "q=超过"),
    ("zh-yu-before-hedge", "投入逾5亿元。", "5亿元", 500_000_000, "CNY", "at_least", "q=逾"),
    ("zh-duo-inside", "投入3000多万元。", "3000多万元", 30_000_000, "CNY", "at_least", "q=多"),
    ("zh-yu-inside", "投入500余万元。", "500余万元", 5_000_000, "CNY", "at_least", "q=余"),
    ("zh-duo-after-scale", "投入5亿多元。", "5亿多元", 500_000_000, "CNY", "at_least", "q=多"),
    ("zh-leiji-not-hedge", "累计投入8000万元。", "8000万元", 80_000_000, "CNY", "exact", ""),
    ("zh-yi-no-yuan", "覆盖人口1.2亿。", "", 0, "", "", ""),
    ("zh-income-cue", "农民人均可支配收入达到12000元。", "12000元", 12_000, "CNY", "exact", "nf=income"),
    ("zh-output-cue", "园区工业产值达到50亿元。", "50亿元", 5_000_000_000, "CNY", "exact", "nf=output"),
    ("zh-sales-cue", "农产品销售额2.3亿元。", "2.3亿元", 230_000_000, "CNY", "exact", "nf=sales"),
    ("zh-average-cue", "平均每个村投入50万元。", "50万元", 500_000, "CNY", "exact", "nf=per_unit"),
    ("zh-range", "每年安排3至5亿元。", "3至5亿元", 300_000_000, "CNY", "exact", "min=300000000;max=500000000;per=year"),
    // --- ranges ---------------------------------------------------------------
    ("range-between", "The city will invest between 3 and 5 million yuan.", "between 3 and 5 million yuan", 3_000_000, "CNY", "exact", "min=3000000;max=5000000"),
    ("range-dash", "The county needs 3-5 million yuan for the road.", "3-5 million yuan", 3_000_000, "CNY", "exact", "min=3000000;max=5000000"),
    ("range-to", "Each project costs 3 to 5 million yuan.", "3 to 5 million yuan", 3_000_000, "CNY", "exact", "min=3000000;max=5000000;nf=price"),
    ("range-full-scales", "Grants of 2 million to 4 million yuan were made.", "2 million to 4 million yuan", 2_000_000, "CNY", "exact", "min=2000000;max=4000000"),
    ("range-en-dash", "The team needs 10–20 doctors.", "10–20 doctors", 10, "person", "exact", "min=10;max=20"),
    ("range-count-to", "Each county will receive 5 to 8 teachers.", "5 to 8 teachers", 5, "person", "exact", "min=5;max=8"),
    ("range-between-count", "The hospital needs between 30 and 40 nurses.", "between 30 and 40 nurses", 30, "person", "exact", "min=30;max=40;class=personnel"),
    ("range-years-not", "The five-year plan (2021-25) sets goals.", "five-year", 5, "year", "exact", "nf=duration;n=1"),
    ("range-year-span-not", "From 2016-2020 the city kept helping.", "", 0, "", "", ""),
    // --- English counts -------------------------------------------------------
    ("count-cadres", "Suzhou assigned 65 cadres to the region.", "65 cadres", 65, "person", "exact", "role=cadres;class=personnel;kind=count"),
    ("count-technical-talents", "The city sent 287 technical talents.", "287 technical talents", 287, "person", "exact", "role=technical talents;class=personnel"),
    ("count-team-members", "Shanghai plans to send a medical team of 26 members in July.", "26 members", 26, "person", "exact", "role=members;class=personnel"),
    ("count-words-experts", "The hospital sent five medical experts.", "five medical experts", 5, "person", "exact", "role=medical experts;class=personnel"),
    ("count-people-in-apposition-to-people-sent", "The ninth group of Jiangsu aid workers, 312 people in all, arrived last summer.", "312 people", 312, "person", "exact", "role=people;class=personnel"),
    ("count-people-after-a-counted-noun-helped", "Jiangsu sent 30 doctors, 1,200 people were treated.", "1,200 people", 1_200, "person", "exact", "role=people;class=beneficiary"),
    ("count-a-stock-it-has", "Today it has 900 pupils and a new gym.", "900 pupils", 900, "person", "exact", "nf=capacity"),
    ("count-a-stock-which-now-has", "The school, which now has 600 students, opened in 2019.", "600 students", 600, "person", "exact", "nf=capacity"),
    ("count-it-has-sent-is-a-flow", "It has sent 40 doctors to the county.", "40 doctors", 40, "person", "exact", "class=personnel"),
    ("count-personnel-of-kinds", "More than 230 personnel of various kinds were sent.", "230 personnel", 230, "person", "at_least", "role=personnel;class=personnel;q=More than"),
    ("count-outstanding", "Some 2087 outstanding cadres and technical personnel were chosen.", "2087 outstanding cadres", 2087, "person", "approx", "role=outstanding cadres;class=personnel"),
    ("count-persons-of-cadres", "In all, 66,000 persons of Party and government cadres were trained.", "66,000 persons", 66_000, "person", "exact", "role=persons of Party and government cadres;class=personnel"),
    ("count-educators", "The program sent 3,883 educators and healthcare professionals.", "3,883 educators", 3_883, "person", "exact", "role=educators;class=personnel"),
    ("count-assistance-projects", "The city carried out 160 assistance projects.", "160 assistance projects", 160, "project", "exact", "role=assistance projects;class=project"),
    ("count-nine-enterprises", "Nine enterprises opened plants in the county.", "Nine enterprises", 9, "enterprise", "exact", "role=enterprises;class=enterprise"),
    ("count-households", "About 512 households will benefit.", "512 households", 512, "household", "approx", "class=household;q=About"),
    ("count-villages", "The plan covers 1,791 poverty-stricken villages.", "1,791 poverty-stricken villages", 1_791, "village", "exact", "role=poverty-stricken villages;class=village"),
    ("count-thousand-people", "The parks employ nearly 530 thousand people.", "530 thousand people", 530_000, "person", "approx", "q=nearly;class=beneficiary"),
    ("count-million-people", "The drive lifted 1.13 million underprivileged people out of poverty.", "1.13 million underprivileged people", 1_130_000, "person", "exact", "role=underprivileged people;class=beneficiary"),
    ("count-a-dozen", "A dozen volunteers arrived in the village.", "A dozen volunteers", 12, "person", "exact", "class=personnel"),
    ("count-two-dozen", "Two dozen doctors joined the team.", "Two dozen doctors", 24, "person", "exact", ""),
    ("count-a-hundred", "The city sent a hundred doctors.", "a hundred doctors", 100, "person", "exact", ""),
    ("count-twenty-three", "The city sent twenty-three cadres.", "twenty-three cadres", 23, "person", "exact", ""),
    ("count-twenty-three-space", "The city sent twenty three cadres.", "twenty three cadres", 23, "person", "exact", ""),
    ("count-hundred-and-five", "One hundred and five teachers went to Tibet.", "One hundred and five teachers", 105, "person", "exact", "class=personnel"),
    ("count-thousands-words", "Three thousand two hundred farmers were trained.", "Three thousand two hundred farmers", 3_200, "person", "exact", "class=beneficiary"),
    ("count-words-thousand-and", "Two thousand and forty students got grants.", "Two thousand and forty students", 2_040, "person", "exact", ""),
    ("count-new-investment-projects", "They set up 10 new investment projects.", "10 new investment projects", 10, "project", "exact", "role=new investment projects"),
    ("count-persons-intentions", "In total 3,350 persons of employment intentions were reached.", "3,350 persons", 3_350, "person", "exact", "role=persons;class=beneficiary"),
    ("count-individuals", "Sessions helped 1,091 individuals find jobs.", "1,091 individuals", 1_091, "person", "exact", "class=beneficiary"),
    ("count-trainees", "The center trained 450 trainees.", "450 trainees", 450, "person", "exact", "class=trainee"),
    ("count-civil-servants", "The city sent 12 civil servants.", "12 civil servants", 12, "person", "exact", "role=civil servants;class=personnel"),
    ("hedge-tops", "Hubei's aid tops 4 billion yuan.", "4 billion yuan", 4_000_000_000, "CNY", "at_least", "q=tops"),
    ("money-currency-later-in-list", "Emin and Yumin received 72 million and 48 million yuan.", "72 million", 72_000_000, "CNY", "exact", "n=2"),
    ("hedge-passes", "Liaoning aid to Tacheng passes 7 billion yuan.", "7 billion yuan", 7_000_000_000, "CNY", "at_least", "q=passes"),
    ("count-medics", "Beijing trained 2,300 local medics.", "2,300 local medics", 2_300, "person", "exact", "role=local medics;class=personnel"),
    ("count-medical-workers", "The province sent 40 medical workers.", "40 medical workers", 40, "person", "exact", "role=medical workers;class=personnel"),
    ("count-officials", "Over 300 officials joined the effort.", "300 officials", 300, "person", "at_least", "q=Over;class=personnel"),
    ("count-doctors", "The team has 18 doctors.", "18 doctors", 18, "person", "exact", "class=personnel"),
    ("count-teachers", "The county welcomed 75 teachers.", "75 teachers", 75, "person", "exact", "class=personnel"),
    ("count-technicians", "They sent 9 agricultural technicians.", "9 agricultural technicians", 9, "person", "exact", "class=personnel"),
    ("count-volunteers", "About 200 volunteers served the event.", "200 volunteers", 200, "person", "approx", "class=personnel"),
    ("count-staff", "The hospital added 33 staff.", "33 staff", 33, "person", "exact", "class=personnel"),
    ("count-residents", "The road serves 4,000 residents.", "4,000 residents", 4_000, "person", "exact", "class=beneficiary"),
    ("count-villagers", "Some 320 villagers got new homes.", "320 villagers", 320, "person", "approx", "class=beneficiary"),
    ("count-farmers", "The cooperative trained 85 local farmers.", "85 local farmers", 85, "person", "exact", "role=local farmers;class=beneficiary"),
    ("count-patients", "The doctors treated more than 500 patients.", "500 patients", 500, "person", "at_least", "class=beneficiary"),
    ("count-students", "The fund helped 1,440 middle-class students.", "1,440 middle-class students", 1_440, "person", "exact", "class=beneficiary"),
    ("count-poor-people", "It helped more than 2,000 poor people.", "2,000 poor people", 2_000, "person", "at_least", "role=poor people;class=beneficiary"),
    ("count-herdsmen", "The project benefits 600 herdsmen.", "600 herdsmen", 600, "person", "exact", "class=beneficiary"),
    ("count-companies", "Some 418 Zhejiang companies registered there.", "418 Zhejiang companies", 418, "enterprise", "approx", "class=enterprise"),
    ("count-firms", "The park drew 25 firms.", "25 firms", 25, "enterprise", "exact", "class=enterprise"),
    ("count-businesses", "More than 360 e-commerce businesses opened.", "360 e-commerce businesses", 360, "enterprise", "at_least", "role=e-commerce businesses"),
    ("count-schools", "The city built 14 schools.", "14 schools", 14, "school", "exact", "class=facility"),
    ("count-hospitals", "Two hospitals were renovated.", "Two hospitals", 2, "hospital", "exact", "class=facility"),
    ("count-clinics", "They equipped 30 township clinics.", "30 township clinics", 30, "clinic", "exact", "class=facility"),
    ("count-joined-modifiers", "Jinan sent 395 Party and government officials.", "395 Party and government officials", 395, "person", "exact", "class=personnel"),
    ("count-warehouses", "They built three refrigerated warehouses.", "three refrigerated warehouses", 3, "warehouse", "exact", "class=facility"),
    ("count-counties", "The province pairs with 47 counties.", "47 counties", 47, "county", "exact", "class=area"),
    ("count-cities", "Hangzhou supported 11 cities.", "11 cities", 11, "prefecture", "exact", "class=area"),
    ("count-prefectures", "The program spans 4 prefectures.", "4 prefectures", 4, "prefecture", "exact", "class=area"),
    ("count-townships", "Stations were built in all 20 townships.", "20 townships", 20, "township", "exact", "class=area"),
    ("count-one-project", "Only one project was delayed.", "one project", 1, "project", "exact", ""),
    ("count-four-modifiers", "They opened 12 large modern poverty-relief tea factories.", "12 large modern poverty-relief tea factories", 12, "factory", "exact", "role=large modern poverty-relief tea factories"),
    ("count-five-modifiers-too-many", "They opened 12 big large modern poverty-relief tea factories.", "", 0, "", "", ""),
    ("count-verb-blocks", "In the end 50 were sent to the county.", "", 0, "", "", ""),
    ("count-preposition-blocks", "Of the 50 in the group, few stayed.", "", 0, "", "", ""),
    ("count-punct-blocks", "The number is 50, cadres said.", "", 0, "", "", ""),
    ("count-unknown-noun", "There are 50 microbusinesses in town.", "", 0, "", "", ""),
    ("count-at-least", "At least 40 experts will go.", "40 experts", 40, "person", "at_least", "q=At least"),
    ("count-upwards-of", "Upwards of 90 teachers applied.", "90 teachers", 90, "person", "at_least", "q=Upwards of"),
    ("count-less-than", "Less than 20 projects remain.", "20 projects", 20, "project", "at_most", "q=Less than"),
    ("count-up-to", "The hall holds up to 300 people.", "300 people", 300, "person", "at_most", "q=up to"),
    ("count-under", "Under 10 households moved.", "10 households", 10, "household", "at_most", "q=Under"),
    ("count-around", "Around 70 doctors joined.", "70 doctors", 70, "person", "approx", "q=Around"),
    ("count-roughly", "Roughly 60 engineers came.", "60 engineers", 60, "person", "approx", "q=Roughly"),
    ("count-approximately", "Approximately 45 nurses came.", "45 nurses", 45, "person", "approx", "q=Approximately"),
    ("count-nearly", "Nearly 530 teachers were trained.", "530 teachers", 530, "person", "approx", "q=Nearly"),
    ("count-or-more", "The county hired 50 or more teachers.", "50 or more teachers", 50, "person", "at_least", "q=or more;role=teachers"),
    ("count-plus", "Beijing has sent 1,100-plus officials to Yushu.", "1,100-plus officials", 1_100, "person", "at_least", "q=-plus;role=officials"),
    ("count-exceeded-money", "Donations have exceeded 10 million yuan.", "10 million yuan", 10_000_000, "CNY", "at_least", "q=exceeded"),
    ("count-over-not-in-word", "Moreover 30 doctors arrived.", "30 doctors", 30, "person", "exact", ""),
    ("money-title-name", "They promoted the “100 Million Yuan Generated from 10000 Mu” project.", "100 Million Yuan", 100_000_000, "CNY", "exact", "nf=name"),
    ("count-title-name", "They joined the “10000 Enterprises Helping 10000 Villages” campaign.", "10000 Enterprises", 10_000, "enterprise", "exact", "nf=name;n=2"),
    ("count-seedlings", "They shipped 4.5 million tea seedlings.", "4.5 million tea seedlings", 4_500_000, "seedling", "exact", "class=goods"),
    ("count-two-in-sentence", "Suzhou sent 65 cadres and 287 technical talents.", "287 technical talents", 287, "person", "exact", "n=2"),
    ("count-and-joined-modifiers", "It sent 38 cadres and 165 professional and technical personnel.", "165 professional and technical personnel", 165, "person", "exact", "class=personnel;n=2"),
    ("count-of-its", "Foshan has attracted 64 of its enterprises to invest in Hechi.", "64 of its enterprises", 64, "enterprise", "exact", "class=enterprise"),
    ("count-more", "Guangdong will send 180 more doctors to Nyingchi.", "180 more doctors", 180, "person", "exact", "class=personnel"),
    ("count-joined-nouns-stop", "It sent 50 doctors and nurses.", "50 doctors", 50, "person", "exact", "class=personnel"),
    ("count-family", "The fund supports 200 families.", "200 families", 200, "household", "exact", "class=household"),
    ("count-local-officials", "The city sent 25 local officials to Kashgar.", "25 local officials", 25, "person", "exact", "class=personnel"),
    ("count-impoverished-villages", "It helped 1,000 impoverished villages.", "1,000 impoverished villages", 1_000, "village", "exact", ""),
    ("count-greenhouses", "The village has more than 400 greenhouses.", "400 greenhouses", 400, "greenhouse", "at_least", "class=facility"),
    ("count-workshops", "Firms built 56 workshops in the prefecture.", "56 workshops", 56, "workshop", "exact", ""),
    ("count-agreements", "The cities signed 12 agreements.", "12 agreements", 12, "agreement", "exact", "class=project"),
    ("count-year-before-noun-phrase", "They signed 2010 counterpart support project contracts.", "", 0, "", "", ""),
    ("count-singular-head-not-count", "They built 3 school buses.", "", 0, "", "", ""),
    ("count-year-like-plural", "Some 2087 outstanding cadres were chosen.", "2087 outstanding cadres", 2_087, "person", "approx", ""),
    ("count-one-singular", "Only one school was closed.", "one school", 1, "school", "exact", ""),
    // --- Chinese counts -------------------------------------------------------
    ("zh-noun-before-ming", "选派干部50名。", "50名", 50, "person", "exact", "role=干部;class=personnel"),
    ("zh-noun-before-when-a-conjunction-follows", "选派医疗专家12名和教师18名。", "12名", 12, "person", "exact", "role=医疗专家;class=personnel"),
    ("zh-noun-before-not-place-after", "选派专业技术人才58名到环县工作。", "58名", 58, "person", "exact", "role=专业技术人才;class=personnel"),
    ("zh-noun-before-ge", "实施项目99个。", "99个", 99, "project", "exact", "role=项目;class=project"),
    ("zh-noun-before-jia", "引进企业12家。", "12家", 12, "enterprise", "exact", "role=企业;class=enterprise"),
    ("zh-hu", "帮扶1200户。", "1200户", 1_200, "household", "exact", "class=household"),
    ("zh-noun-after-ming", "派出50名干部。", "50名干部", 50, "person", "exact", "role=干部;class=personnel"),
    ("zh-noun-after-ge", "实施99个项目。", "99个项目", 99, "project", "exact", "role=项目"),
    ("zh-yu-ming", "选派300余名干部人才。", "300余名干部人才", 300, "person", "at_least", "q=余;role=干部人才"),
    ("zh-duo-ren", "培训50多人。", "50多人", 50, "person", "at_least", "q=多"),
    ("zh-sent-ming", "天津向甘肃选派124名。", "124名", 124, "person", "exact", "class=personnel"),
    ("zh-sent-renci-hedged", "人才选派超过4500人次。", "4500人次", 4500, "person", "at_least", "class=personnel;q=超过"),
    ("zh-helped-renci", "帮助就业超过4500人次。", "4500人次", 4500, "person", "at_least", "class=beneficiary;q=超过"),
    ("zh-batches-of-cadres", "已累计选派干部人才7批340名。", "340名", 340, "person", "exact", "class=personnel;n=2"),
    ("zh-batches-sent", "已累计选派9批1500多人次赴和田。", "1500多人次", 1500, "person", "at_least", "class=personnel;n=2"),
    ("zh-jin-ming", "选派干部近50名。", "50名", 50, "person", "approx", "role=干部;q=近"),
    ("zh-numerals-ming", "派出五名医疗专家。", "五名医疗专家", 5, "person", "exact", "role=医疗专家;class=personnel"),
    ("zh-numerals-big", "帮扶九千九百九十九户。", "九千九百九十九户", 9_999, "household", "exact", ""),
    ("zh-numerals-ling", "选派一百零五名教师。", "一百零五名教师", 105, "person", "exact", "class=personnel"),
    ("zh-numerals-shi", "引进十五家企业。", "十五家企业", 15, "enterprise", "exact", ""),
    ("zh-numerals-liang", "派出两名医生。", "两名医生", 2, "person", "exact", ""),
    ("zh-numerals-ershi", "支援二十三个村。", "二十三个村", 23, "village", "exact", "class=village"),
    ("zh-wan-ren", "转移就业1.2万人。", "1.2万人", 12_000, "person", "exact", "class=beneficiary"),
    ("zh-modifier-noun", "选派50名优秀干部。", "50名优秀干部", 50, "person", "exact", "role=优秀干部"),
    ("zh-households-noun", "帮助1200户贫困户。", "1200户贫困户", 1_200, "household", "exact", "role=贫困户"),
    ("zh-villages", "结对帮扶18个贫困村。", "18个贫困村", 18, "village", "exact", "role=贫困村;class=village"),
    ("zh-schools", "援建3所学校。", "3所学校", 3, "school", "exact", "class=facility"),
    ("zh-yishang", "培训50人以上。", "50人", 50, "person", "at_least", "q=以上"),
    ("zh-zuoyou", "培训100人左右。", "100人", 100, "person", "approx", "q=左右"),
    ("zh-chaoguo-count", "超过200名志愿者参与。", "200名志愿者", 200, "person", "at_least", "q=超过"),
    ("zh-renci", "培训3000人次。", "3000人次", 3_000, "person", "exact", ""),
    ("zh-renci-noun-first", "累计培训基层医生4500人次。", "4500人次", 4_500, "person", "exact", "role=医生"),
    // --- Chinese numbers as pages write them --------------------------------------
    ("zh-bare-bai-yi", "累计投入资金百亿元。", "百亿元", 10_000_000_000, "CNY", "exact", ""),
    ("zh-shang-bai-yi", "各地投入上百亿元。", "百亿元", 10_000_000_000, "CNY", "at_least", "q=上"),
    ("zh-jin-yi", "援建资金近亿元。", "亿元", 100_000_000, "CNY", "approx", "q=近"),
    ("zh-tupo-yi", "捐赠物资价值突破亿元。", "亿元", 100_000_000, "CNY", "at_least", "q=突破"),
    ("zh-town-name-classifier", "与三道镇红岩村签订帮扶协议。", "", 0, "", "", ""),
    ("zh-town-count-classifier", "新建3所乡镇卫生院。", "3所乡镇卫生院", 3, "clinic", "exact", ""),
    ("zh-shu-shi-ming", "派出数十名专家。", "十名专家", 10, "person", "approx", "q=数;role=专家;nf=vague"),
    ("zh-shu-bai", "培训数百名教师。", "百名教师", 100, "person", "approx", "q=数;nf=vague"),
    ("zh-ji-shi", "引进几十家企业。", "十家企业", 10, "enterprise", "approx", "q=几;nf=vague"),
    ("zh-yi-wan-compound", "安排资金1亿2000万元。", "1亿2000万元", 120_000_000, "CNY", "exact", "n=1"),
    ("zh-yi-qian-wan-compound", "计划投资2亿5千万元。", "2亿5千万元", 250_000_000, "CNY", "exact", "n=1"),
    ("zh-liang-qian-wan", "拨付两千万元。", "两千万元", 20_000_000, "CNY", "exact", ""),
    ("zh-liang-yi", "投入两亿元。", "两亿元", 200_000_000, "CNY", "exact", ""),
    ("zh-liang-traditional", "投入兩億元。", "兩億元", 200_000_000, "CNY", "exact", ""),
    ("zh-wan-traditional", "捐贈300萬元。", "300萬元", 3_000_000, "CNY", "exact", ""),
    ("zh-sanbai-yu-wan", "先后投入三百余万元。", "三百余万元", 3_000_000, "CNY", "at_least", "q=余"),
    ("zh-yiqian-wubai-wan", "落实资金一千五百万元。", "一千五百万元", 15_000_000, "CNY", "exact", ""),
    ("zh-wan-duo-yuan", "投入援藏资金43238万多元。", "43238万多元", 432_380_000, "CNY", "at_least", "q=多"),
    ("zh-implied-yuan", "到位资金12亿，用于产业。", "12亿", 1_200_000_000, "CNY", "exact", "kind=money"),
    ("zh-implied-yuan-hedge", "总投资近5000万。", "5000万", 50_000_000, "CNY", "approx", "q=近"),
    ("zh-population-not-money", "全县人口1.2万。", "", 0, "", "", ""),
    ("zh-bai-ming", "百名医生进村义诊。", "百名医生", 100, "person", "exact", "role=医生"),
    ("zh-qian-ming", "千名教师支教。", "千名教师", 1_000, "person", "exact", ""),
    ("zh-jin-bai-ming", "选派近百名干部。", "百名干部", 100, "person", "approx", "q=近"),
    ("zh-qian-yu-ming", "培训千余名致富带头人。", "千余名", 1_000, "person", "at_least", "q=余"),
    ("zh-wan-yu-ren", "带动万余人就业。", "万余人", 10_000, "person", "at_least", "q=余"),
    ("zh-idiom-qianjia", "走进千家万户。", "", 0, "", "", ""),
    ("zh-idiom-wanren", "万人大会召开。", "", 0, "", "", ""),
    ("zh-batch-and-persons", "已累计选派干部人才7批340名。", "7批", 7, "batch", "exact", "role=人才;n=2"),
    ("zh-persons-after-batch", "已累计选派干部人才7批340名。", "340名", 340, "person", "exact", "n=2"),
    ("zh-batch-noun-after", "先后派出五批援藏工作队。", "五批援藏工作队", 5, "batch", "exact", ""),
    ("zh-batches-renci", "共选派10批631人次援藏干部。", "631人次援藏干部", 631, "person", "exact", "role=援藏干部;n=2"),
    ("zh-duo-ming-experts", "累计选派330多名医疗专家。", "330多名医疗专家", 330, "person", "at_least", "q=多"),
    ("zh-link-you", "续建项目有11个。", "11个", 11, "project", "exact", "role=项目"),
    ("zh-people-of-batch-noun", "累计选派三批援疆干部人才共有1230人。", "1230人", 1_230, "person", "exact", "role=援疆干部人才;class=personnel;n=2"),
    ("zh-people-of-batch-noun-bare", "向塔城选派三批援疆干部1230人。", "1230人", 1_230, "person", "exact", "class=personnel;n=2"),
    ("zh-people-of-batch-noun-hedge-after", "先后选派五批次援疆干部人才860余名。", "860余名", 860, "person", "at_least", "role=援疆干部人才;class=personnel;n=2"),
    ("zh-people-of-team-before", "河北省援藏医疗队共有95人。", "95人", 95, "person", "exact", "role=医疗队;class=personnel"),
    ("zh-people-of-team-before-ming", "第五批援疆工作队有160名。", "160名", 160, "person", "exact", "role=工作队;class=personnel"),
    ("zh-capacity", "培训中心可容纳学员2000人。", "2000人", 2_000, "person", "exact", "nf=capacity"),
    ("zh-slogan-in-quotes", "两地还开展了“千名教师进吐鲁番”活动。", "千名教师", 1_000, "person", "exact", "nf=name"),
    ("en-capacity", "The school can accommodate 1,200 students.", "1,200 students", 1_200, "person", "exact", "nf=capacity"),
    ("en-population-apposition", "Shangluo, a city of about 2 million people, has received 4.6 billion yuan.", "2 million people", 2_000_000, "person", "approx", "nf=population"),
    ("en-population-home-to", "The county, home to 330,000 people, received 80 million yuan.", "330,000 people", 330_000, "person", "exact", "nf=population"),
    ("zh-link-da", "援疆干部达86名。", "86名", 86, "person", "exact", "role=援疆干部"),
    ("zh-aside-link", "援藏干部今年将达到120名。", "120名", 120, "person", "exact", "role=援藏干部;class=personnel"),
    ("zh-pai-chu-ren", "卫健委派出20人。", "20人", 20, "person", "exact", ""),
    ("zh-ming-end", "本批援藏干部45名", "45名", 45, "person", "exact", ""),
    ("zh-noun-space-number", "贫困村 1721个", "1721个", 1_721, "village", "exact", ""),
    ("zh-compound-head", "完成48所乡镇卫生院改造。", "48所乡镇卫生院", 48, "clinic", "exact", "role=乡镇卫生院"),
    ("zh-jia-hospital", "结对医院185家。", "185家", 185, "hospital", "exact", ""),
    ("zh-jia-hospital-after", "帮扶185家医院。", "185家医院", 185, "hospital", "exact", ""),
    ("zh-jia-enterprise", "引进东部企业62家。", "62家", 62, "enterprise", "exact", ""),
    ("zh-jia-default", "帮助12家签订订单。", "12家", 12, "enterprise", "exact", ""),
    ("zh-suo-school", "新建校舍120余所。", "120余所", 120, "school", "at_least", "q=余"),
    ("zh-suo-default-school", "当年新建3所。", "3所", 3, "school", "exact", "class=facility"),
    ("zh-suo-hospital", "改扩建医院8所。", "8所", 8, "hospital", "exact", ""),
    ("zh-xiang-project", "安排规划项目94项。", "94项", 94, "project", "exact", ""),
    ("zh-tao-house", "改造农牧民住房622套。", "622套", 622, "house", "exact", ""),
    ("zh-agreement", "签订合作协议35项。", "35项", 35, "agreement", "exact", ""),
    ("zh-scale-noun", "带动3.6万贫困人口脱贫。", "3.6万贫困人口", 36_000, "person", "exact", ""),
    ("zh-scale-noun-hedge", "帮助12万多农户增收。", "12万多农户", 120_000, "household", "at_least", "q=多"),
    ("zh-jin-approx", "投入近3亿元。", "3亿元", 300_000_000, "CNY", "approx", "q=近"),
    ("zh-zuoyou-money", "投入5000万元左右。", "5000万元", 50_000_000, "CNY", "approx", "q=左右"),
    ("zh-yishang-count", "培训200人以上。", "200人", 200, "person", "at_least", "q=以上"),
    ("zh-bu-chaoguo", "每个项目不超过300万元。", "300万元", 3_000_000, "CNY", "at_most", "q=不超过;nf=per_unit"),
    ("zh-budao", "投入不到1000万元。", "1000万元", 10_000_000, "CNY", "at_most", "q=不到"),
    ("zh-ge-alone", "共有99个。", "", 0, "", "", ""),
    ("zh-idiom-one", "推行一户一策。", "", 0, "", "", ""),
    ("zh-shisanwu", "十三五期间成效显著。", "", 0, "", "", ""),
    ("zh-ordinal", "第5批干部到岗。", "", 0, "", "", ""),
    ("zh-year", "2022年投入资金。", "", 0, "", "", ""),
    ("zh-duration", "过去22年来持续支援。", "22年", 22, "year", "exact", "nf=duration"),
    ("zh-teachers-noun-first-hedge", "选派教师约30名。", "30名", 30, "person", "approx", "role=教师;q=约"),
    // --- qualifiers -----------------------------------------------------------
    ("q-about-money", "The city gave about 6 million yuan.", "6 million yuan", 6_000_000, "CNY", "approx", "q=about"),
    ("q-around-money", "It spent around 2 billion yuan.", "2 billion yuan", 2_000_000_000, "CNY", "approx", "q=around"),
    ("q-nearly-money", "It spent nearly 2 billion yuan.", "2 billion yuan", 2_000_000_000, "CNY", "approx", "q=nearly"),
    ("q-some-money", "It spent some 2 billion yuan.", "2 billion yuan", 2_000_000_000, "CNY", "approx", "q=some"),
    ("q-more-than-money", "It spent more than 2 billion yuan.", "2 billion yuan", 2_000_000_000, "CNY", "at_least", "q=more than"),
    ("q-over-money", "It spent over 2 billion yuan.", "2 billion yuan", 2_000_000_000, "CNY", "at_least", "q=over"),
    ("q-less-than-money", "It spent less than 2 billion yuan.", "2 billion yuan", 2_000_000_000, "CNY", "at_most", "q=less than"),
    ("q-up-to-money", "It will spend up to 2 billion yuan.", "2 billion yuan", 2_000_000_000, "CNY", "at_most", "q=up to"),
    ("q-hedge-before-dollar", "It raised more than $2 million.", "$2 million", 2_000_000, "USD", "at_least", "q=more than"),
    ("q-no-hedge", "It raised 2 million yuan.", "2 million yuan", 2_000_000, "CNY", "exact", ""),
    ("q-an-estimated", "An estimated 512 households benefit.", "512 households", 512, "household", "approx", "q=An estimated"),
    ("q-close-to", "It spent close to 9 million yuan.", "9 million yuan", 9_000_000, "CNY", "approx", "q=close to"),
    ("q-no-less-than", "It spent no less than 9 million yuan.", "9 million yuan", 9_000_000, "CNY", "at_least", "q=no less than"),
    ("q-no-more-than", "It sent no more than 9 doctors.", "9 doctors", 9, "person", "at_most", "q=no more than"),
    // --- not flows ------------------------------------------------------------
    ("nf-percent-sign", "Its share reached 51% of the total.", "51%", 51, "percent", "exact", "nf=percentage"),
    ("nf-percent-word", "Output grew 9.7 percent.", "9.7 percent", 10, "percent", "exact", "nf=percentage"),
    ("nf-per-cent", "Output grew 12 per cent.", "12 per cent", 12, "percent", "exact", "nf=percentage"),
    ("nf-percentage-points", "The rate fell 3 percentage points.", "3 percentage points", 3, "percentage point", "exact", "nf=percentage"),
    ("nf-zh-percent", "增长了15%。", "15%", 15, "percent", "exact", "nf=percentage"),
    ("nf-average-each", "It invested an average of 39.33 million yuan in each county.", "39.33 million yuan", 39_330_000, "CNY", "exact", "nf=average"),
    ("nf-averaged-of", "The counties got an averaged of 57.4 million yuan to each county.", "57.4 million yuan", 57_400_000, "CNY", "exact", "nf=average"),
    ("nf-each-after", "The families received 2,000 yuan each.", "2,000 yuan", 2_000, "CNY", "exact", "nf=per_unit"),
    ("nf-in-each", "The city spent 5 million yuan in each village.", "5 million yuan", 5_000_000, "CNY", "exact", "nf=per_unit"),
    ("nf-per-capita-after", "Grants were 300 yuan per capita.", "300 yuan", 300, "CNY", "exact", "nf=per_unit"),
    ("nf-per-capita-before", "The per capita figure hit 9,000 yuan.", "9,000 yuan", 9_000, "CNY", "exact", "nf=per_unit"),
    ("nf-per-person", "The subsidy is 500 yuan per person.", "500 yuan", 500, "CNY", "exact", "nf=per_unit"),
    ("nf-per-household", "Aid was 1,500 yuan per household.", "1,500 yuan", 1_500, "CNY", "exact", "nf=per_unit"),
    ("nf-income", "Households will raise their annual income by more than 4,300 yuan.", "4,300 yuan", 4_300, "CNY", "at_least", "nf=income"),
    ("nf-earned", "Our family earned more than 60,000 yuan last year.", "60,000 yuan", 60_000, "CNY", "at_least", "nf=income"),
    ("nf-sales-revenue", "Firms posted annual sales revenue of 30 billion yuan.", "30 billion yuan", 30_000_000_000, "CNY", "exact", "nf=revenue"),
    ("nf-revenue", "Tourism revenue reached 8 million yuan.", "8 million yuan", 8_000_000, "CNY", "exact", "nf=revenue"),
    ("nf-gdp", "The county's GDP hit 12 billion yuan.", "12 billion yuan", 12_000_000_000, "CNY", "exact", "nf=gdp"),
    ("nf-output-value", "Its output value was 3 billion yuan.", "3 billion yuan", 3_000_000_000, "CNY", "exact", "nf=output"),
    ("nf-price", "The price is 40 yuan a kilo.", "40 yuan", 40, "CNY", "exact", "nf=price"),
    ("nf-salary", "His monthly salary is 6,000 yuan.", "6,000 yuan", 6_000, "CNY", "exact", "nf=wage"),
    ("nf-income-other-clause", "To lift incomes, the city invested 5 million yuan.", "5 million yuan", 5_000_000, "CNY", "exact", "flow"),
    ("nf-income-count-is-flow", "It raised the income of 300 households.", "300 households", 300, "household", "exact", "flow"),
    ("nf-per-year-is-flow", "The city gives 30 million yuan per year to the county.", "30 million yuan", 30_000_000, "CNY", "exact", "flow;per=year"),
    ("nf-a-year-is-flow", "The city gives 30 million yuan a year.", "30 million yuan", 30_000_000, "CNY", "exact", "flow;per=year"),
    ("nf-each-year-is-flow", "The city sends 20 teachers each year.", "20 teachers", 20, "person", "exact", "flow;per=year"),
    ("nf-acre-hyphen", "They plan a 10,000-acre tea garden.", "10,000-acre", 10_000, "acre", "exact", "nf=area"),
    ("nf-acres", "The farm covers 300 acres.", "300 acres", 300, "acre", "exact", "nf=area"),
    ("nf-mu", "They planted 5,000 mu of tea.", "5,000 mu", 5_000, "mu", "exact", "nf=area"),
    ("nf-zh-mu", "种植茶叶5000亩。", "5000亩", 5_000, "mu", "exact", "nf=area"),
    ("nf-hectares", "The park covers 120 hectares.", "120 hectares", 120, "hectare", "exact", "nf=area"),
    ("nf-sq-km", "The zone spans 12 square kilometers.", "12 square kilometers", 12, "square kilometer", "exact", "nf=area"),
    ("nf-tons", "The plant makes 10 tons of silicon.", "10 tons", 10, "ton", "exact", "nf=weight"),
    ("nf-zh-tons", "销售农产品300吨。", "300吨", 300, "ton", "exact", "nf=weight"),
    ("nf-kwh", "It produced 1,843.58 million kWh a month.", "1,843.58 million kWh", 1_843_580_000, "kWh", "exact", "nf=energy"),
    ("nf-km", "The seedlings traveled 2,000 kilometers.", "2,000 kilometers", 2_000, "kilometer", "exact", "nf=distance"),
    ("nf-km-glued", "The road is 35km long.", "35km", 35, "kilometer", "exact", "nf=distance"),
    ("nf-years", "In the past 22 years the park grew.", "22 years", 22, "year", "exact", "nf=duration"),
    ("nf-hours", "Sunshine reaches 3,500 hours a year.", "3,500 hours", 3_500, "hour", "exact", "nf=duration"),
    ("nf-times", "Funding was six times that of the year before.", "six times", 6, "time", "exact", "nf=multiple"),
    ("nf-zh-times", "增长了3倍。", "3倍", 3, "time", "exact", "nf=multiple"),
    ("nf-zh-growth-income", "农民人均可支配收入由2015年末的6000元增长到2020年末的15000元。", "15000元", 15_000, "CNY", "exact", "nf=income;n=2"),
    ("nf-zh-growth-income-first", "农民人均可支配收入由2015年末的6000元增长到2020年末的15000元。", "6000元", 6_000, "CNY", "exact", "nf=income"),
    ("nf-zh-growth-aid-stays-flow", "省财政援助资金由2017年1.12亿元提高到3.1亿元。", "3.1亿元", 310_000_000, "CNY", "exact", "flow;n=2"),
    ("nf-en-growth-income", "Per capita income rose from 3,000 yuan in 2015 to 9,800 yuan last year.", "9,800 yuan", 9_800, "CNY", "exact", "nf=income;n=2"),
    ("nf-zh-shouyi-before", "合作社年收益达120万元。", "120万元", 1_200_000, "CNY", "exact", "nf=income"),
    ("nf-zh-shouyi-after", "项目每年可带来约300万元的收益。", "300万元", 3_000_000, "CNY", "approx", "nf=income;per=year"),
    ("nf-zh-yingye-shouru", "园区企业营业收入达85亿元。", "85亿元", 8_500_000_000, "CNY", "exact", "nf=income"),
    ("nf-zh-gdp", "全州实现地区生产总值210亿元。", "210亿元", 21_000_000_000, "CNY", "exact", "nf=gdp"),
    ("nf-zh-value-added", "第二产业增加值79.8亿元。", "79.8亿元", 7_980_000_000, "CNY", "exact", "nf=output"),
    ("nf-zh-fixed-assets", "全社会固定资产投资完成120亿元。", "120亿元", 12_000_000_000, "CNY", "exact", "nf=statistic"),
    ("nf-zh-fixed-assets-e", "共建园区完成固定资产投资额300亿元。", "300亿元", 30_000_000_000, "CNY", "exact", "nf=statistic"),
    ("nf-zh-trade", "口岸进出口贸易额92亿元。", "92亿元", 9_200_000_000, "CNY", "exact", "nf=trade"),
    ("nf-zh-foreign-capital", "实际利用外资3.5亿美元。", "3.5亿美元", 350_000_000, "USD", "exact", "nf=statistic"),
    ("nf-zh-county-average", "帮扶资金增长到县均4600万元。", "4600万元", 46_000_000, "CNY", "exact", "nf=per_unit"),
    ("nf-zh-threshold", "共援建50万元以上的公益项目30个。", "50万元", 500_000, "CNY", "at_least", "nf=threshold;n=2"),
    ("nf-zh-threshold-bare", "其中亿元以上项目12个。", "亿元", 100_000_000, "CNY", "at_least", "nf=threshold"),
    ("nf-zh-yearly-is-flow", "年均投入援助资金5000万元。", "5000万元", 50_000_000, "CNY", "exact", "flow;per=year"),
    ("rate-zh-meinian", "集团每年投入120万元支持清漂。", "120万元", 1_200_000, "CNY", "exact", "flow;per=year"),
    ("rate-zh-meiyue", "每月发放补贴3万元。", "3万元", 30_000, "CNY", "exact", "flow;per=month"),
    ("rate-en-annually", "The city gives 30 million yuan annually.", "30 million yuan", 30_000_000, "CNY", "exact", "flow;per=year"),
    ("rate-income-per-year", "Each family earns 9,000 yuan a year.", "9,000 yuan", 9_000, "CNY", "exact", "nf=income;per=year"),
    ("nf-zh-daily-wage", "员工日工资150元。", "150元", 150, "CNY", "exact", "nf=wage"),
    ("nf-zh-area", "新建厂房2.4万平方米。", "2.4万平方米", 24_000, "square meter", "exact", "nf=area"),
    ("nf-up-by-just-before", "Spending was up by 8 million yuan.", "8 million yuan", 8_000_000, "CNY", "exact", "nf=increase"),
    ("nf-more-than-after", "It received 860 million yuan, 40 million yuan more than in 2024.", "40 million yuan", 40_000_000, "CNY", "exact", "nf=increase;n=2"),
    ("nf-drawn-up-by-is-flow", "The plan drawn up by the province says it will spend 8.2 billion yuan.", "8.2 billion yuan", 8_200_000_000, "CNY", "exact", "flow"),
    // --- no quantity ----------------------------------------------------------
    ("none-year-in", "In 2022 the city kept its pledge.", "", 0, "", "", ""),
    ("none-year-in-before-noun", "in 2022 poverty-stricken villages got help.", "", 0, "", "", ""),
    ("none-year-since", "Since 2016 cooperation has grown.", "", 0, "", "", ""),
    ("none-bare-number", "The answer was 42.", "", 0, "", "", ""),
    ("none-more-than-compared", "It sent 1,000 more doctors than last year.", "", 0, "", "", ""),
    ("none-anniversary", "This year marks the 15th anniversary.", "", 0, "", "", ""),
    ("none-ordinal-word", "It is the first park of its kind.", "", 0, "", "", ""),
    ("none-g318", "The G318 highway links the towns.", "", 0, "", "", ""),
    ("none-5g", "The 5G network reaches 100 villages.", "100 villages", 100, "village", "exact", "n=1"),
    ("none-covid", "COVID-19 slowed the work.", "", 0, "", "", ""),
    ("none-number-sign", "He works at No. 3 middle school.", "", 0, "", "", ""),
    ("none-phone", "Call 0512-68881234 for details.", "", 0, "", "", ""),
    ("none-date", "Release time:2019-08-07 Browse:", "", 0, "", "", ""),
    ("none-clock", "2023-10-11 15:07:39 | Source", "", 0, "", "", ""),
    ("none-version", "Version 1.2.3 of the app.", "", 0, "", "", ""),
    ("none-word-inside", "Someone often gives money.", "", 0, "", "", ""),
    ("none-m-without-currency", "The tower is 50m tall.", "", 0, "", "", ""),
    ("none-year-range-plan", "The plan (2021-25) is ambitious.", "", 0, "", "", ""),
    ("none-one-of", "One of the teams left.", "", 0, "", "", ""),
    ("none-empty", "", "", 0, "", "", ""),
    ("none-cjk-no-unit", "一是加强领导，二是强化责任。", "", 0, "", "", ""),
    ("none-qianwan-idiom", "千万不要忘记。", "", 0, "", "", ""),
    ("none-wan-start", "万人空巷。", "", 0, "", "", ""),
];

struct Extras {
    kv: Vec<(String, String)>,
}

impl Extras {
    fn parse(s: &str) -> Extras {
        let kv = s
            .split(';')
            .filter(|p| !p.is_empty())
            .map(|p| match p.split_once('=') {
                Some((k, v)) => (k.to_string(), v.to_string()),
                None => (p.to_string(), String::new()),
            })
            .collect();
        Extras { kv }
    }

    fn get(&self, k: &str) -> Option<&str> {
        self.kv
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    }

    fn has(&self, k: &str) -> bool {
        self.kv.iter().any(|(key, _)| key == k)
    }
}

fn qualifier(s: &str) -> Qualifier {
    match s {
        "exact" => Qualifier::Exact,
        "approx" => Qualifier::Approx,
        "at_least" => Qualifier::AtLeast,
        "at_most" => Qualifier::AtMost,
        other => panic!("bad qualifier in table: {other}"),
    }
}

fn check(case: &Case, found: &[QuantityMention]) -> Result<(), String> {
    let (_, text, mention, value, unit, qual, extras) = *case;
    let x = Extras::parse(extras);
    if let Some(n) = x.get("n") {
        let n: usize = n.parse().expect("n is a number");
        if found.len() != n {
            return Err(format!("expected {n} mentions, got {}", found.len()));
        }
    }
    if mention.is_empty() {
        return if found.is_empty() {
            Ok(())
        } else {
            Err("expected no quantity".to_string())
        };
    }
    let q = found
        .iter()
        .find(|q| &text[q.span.start..q.span.end] == mention)
        .ok_or_else(|| format!("no mention with text {mention:?}"))?;
    let mut errs = Vec::new();
    if q.value != value {
        errs.push(format!("value {} != {value}", q.value));
    }
    if q.unit != unit {
        errs.push(format!("unit {:?} != {unit:?}", q.unit));
    }
    if q.qualifier != qualifier(qual) {
        errs.push(format!("qualifier {:?} != {qual}", q.qualifier));
    }
    let hedge = q.qualifier_span.map(|s| &text[s.start..s.end]);
    if let Some(h) = x.get("q")
        && hedge != Some(h)
    {
        errs.push(format!("hedge {hedge:?} != {h:?}"));
    }
    if qual == "exact" && hedge.is_some() {
        errs.push(format!("exact but hedge {hedge:?}"));
    }
    if let Some(r) = x.get("role")
        && q.role.as_deref() != Some(r)
    {
        errs.push(format!("role {:?} != {r:?}", q.role));
    }
    if q.rate.as_deref() != x.get("per") {
        errs.push(format!("rate {:?} != {:?}", q.rate, x.get("per")));
    }
    if let Some(c) = x.get("class")
        && q.noun_class.as_deref() != Some(c)
    {
        errs.push(format!("class {:?} != {c:?}", q.noun_class));
    }
    if let Some(nf) = x.get("nf")
        && q.not_flow.as_deref() != Some(nf)
    {
        errs.push(format!("not_flow {:?} != {nf:?}", q.not_flow));
    }
    if x.has("flow") && q.not_flow.is_some() {
        errs.push(format!("expected a flow, got not_flow {:?}", q.not_flow));
    }
    if !x.has("nf") && !x.has("flow") && q.not_flow.is_some() && q.kind == QuantityKind::Money {
        errs.push(format!("unexpected not_flow {:?}", q.not_flow));
    }
    for (k, got) in [("min", q.min), ("max", q.max)] {
        let want = x
            .get(k)
            .map(|v| v.parse::<u64>().expect("bound is a number"));
        if got != want {
            errs.push(format!("{k} {got:?} != {want:?}"));
        }
    }
    match x.get("kind") {
        Some("money") if q.kind != QuantityKind::Money => errs.push("kind is not money".into()),
        Some("count") if q.kind != QuantityKind::Count => errs.push("kind is not count".into()),
        _ => {}
    }
    if let Some(a) = x.get("alt") {
        let mut parts = a.splitn(3, ' ');
        let (v, u, t) = (parts.next(), parts.next(), parts.next());
        match &q.alt {
            None => errs.push("no alt".into()),
            Some(alt) => {
                let got = (
                    alt.value.to_string(),
                    alt.unit.clone(),
                    &text[alt.span.start..alt.span.end],
                );
                if Some(got.0.as_str()) != v || Some(got.1.as_str()) != u || Some(got.2) != t {
                    errs.push(format!("alt {got:?} != {a:?}"));
                }
            }
        }
        if q.implied_rate.is_none() && q.unit == "CNY" {
            errs.push("no implied rate".into());
        }
    }
    if x.has("rate_bad") && !q.rate_implausible {
        errs.push(format!("rate {:?} should be implausible", q.implied_rate));
    }
    if x.has("rate_ok") && q.rate_implausible {
        errs.push(format!("rate {:?} should be plausible", q.implied_rate));
    }
    if errs.is_empty() {
        Ok(())
    } else {
        Err(errs.join("; "))
    }
}

#[test]
fn quantities_table() {
    let lexicon = Lexicon::load(&TableSource::embedded()).unwrap_or_else(|e| panic!("{e}"));
    assert!(CASES.len() >= 200, "only {} cases", CASES.len());
    let mut names = std::collections::HashSet::new();
    let mut failures = Vec::new();
    for case in CASES {
        assert!(names.insert(case.0), "duplicate case name {}", case.0);
        let found = read_text(case.1, &lexicon);
        if let Err(e) = check(case, &found) {
            let got: Vec<String> = found
                .iter()
                .map(|q| {
                    format!(
                        "{:?}={} {} {:?} role={:?} nf={:?} rule={}",
                        &case.1[q.span.start..q.span.end],
                        q.value,
                        q.unit,
                        q.qualifier,
                        q.role,
                        q.not_flow,
                        q.rule
                    )
                })
                .collect();
            failures.push(format!(
                "case `{}`: {e}\n    input: {:?}\n    got:   {got:?}",
                case.0, case.1
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}
