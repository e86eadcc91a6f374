"""One entity, one name across the articles of a corpus.

Within an article the pipeline joins the forms of one entity ("US" and "United States", "Mr Putin" and
"Vladimir Putin": :mod:`utils.pipeline.entities`). Across articles, named entities are one thing when
their canonical names compare equal (:func:`~utils.pipeline.entities.name_key`: case, dots and hyphens
aside, so "U.N." is "UN"), and by two more rules (:func:`corpus_keys`):

- **country**: place names that country_converter (a kept library of country names and their
  patterns) reads as one country are that country: "U.S.", "US", "USA", "United States"; "Britain",
  "UK", "Great Britain", "United Kingdom"; "Burma", "Myanmar". Its pattern must cover the whole
  name ("Persian Gulf" is not Iran), and a name that is itself a subdivision of a country in ISO
  3166-2 (pycountry: "England", "Gaza", "Georgia" the state) stays a place of its own. A place name
  written as the end of exactly one country's official name ("America", of "United States of America")
  is that country.
- **acronym**: an acronym one article gives a longer name (the pipeline joined the two in it by their
  initials: "Federal Emergency Management Agency (FEMA)", "the United Nations ... the U.N.") stands
  for that name in every article of the corpus. An acronym given to several names goes with the one
  the most articles give it (a tie joins none).

The entity that results takes the label most of its mentions carry and the form the corpus writes
most as its name (:func:`utils.explore.entities.corpus_identities`, and the DuckDB twin in
:mod:`utils.explore.corpus`).
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
import pandas as pd

from utils.pipeline.entities import acronyms_of, name_key

COUNTRY_PREFIX = "country:"  # the key of a country: COUNTRY_PREFIX + its ISO 3166 alpha-3 code
RULES = ("country", "acronym")
KEY_COLUMNS = ["name", "key", "rule"]
EVIDENCE_COLUMNS = ["acronym", "full_name", "articles"]
_ACRONYM = re.compile(r"[A-Z][A-Z.&]{0,11}")  # how an acronym is written: capitals, dots, ampersands


@functools.lru_cache(maxsize=1)
def _countries() -> tuple[dict[str, set[str]], list[tuple[re.Pattern, str]], dict[str, str], frozenset[str]]:
    """(name key → ISO3 of every name the two libraries give a country; country_converter's pattern and
    ISO3 for every country; official-name ending → ISO3 for the endings one country has; every ISO 3166-2
    subdivision name, as name keys)."""
    import country_converter
    import pycountry

    path = country_converter.country_converter.COUNTRY_DATA_FILE
    # country_converter reads its table with pandas' NA values, which pandas 3 also applies to its text
    # columns (Namibia's ISO2 "NA" becomes missing and the converter fails to start): read them as text here
    table = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False)
    table = table[table["obsolete"] == ""]  # as the converter does by default: no Soviet Union, no Zanzibar
    names: dict[str, set[str]] = defaultdict(set)
    for short, official, iso3 in zip(table["name_short"], table["name_official"], table["ISO3"]):
        names[name_key(short)].add(iso3)
        names[name_key(official)].add(iso3)
    for country in pycountry.countries:
        for attribute in ("name", "official_name", "common_name"):
            if getattr(country, attribute, None):
                names[name_key(getattr(country, attribute))].add(country.alpha_3)
    patterns = [(re.compile(pattern, re.IGNORECASE), iso3) for pattern, iso3 in zip(table["regex"], table["ISO3"]) if pattern and iso3]
    endings: dict[str, set[str]] = defaultdict(set)
    for official, iso3 in zip(table["name_official"], table["ISO3"]):
        parts = official.split(" of ")
        if len(parts) > 1:
            endings[name_key(re.sub(r"^the\s+", "", parts[-1]))].add(iso3)
    unique_endings = {ending: next(iter(codes)) for ending, codes in endings.items() if len(codes) == 1}
    subdivisions = frozenset(name_key(part) for division in pycountry.subdivisions for part in division.name.split(";") if part.strip())
    return dict(names), patterns, unique_endings, subdivisions


@functools.lru_cache(maxsize=65536)
def country_code(name: str, *, label: str = "GPE") -> str | None:
    """The ISO 3166 alpha-3 code of the country a place name denotes, or None. A name the libraries
    give one country ("Russian Federation", "Dominican Republic") is that country; otherwise a name
    that is a subdivision's ("England", "Gaza") is not one, and a name is the country whose
    country_converter pattern covers all of it ("U.S.", "Britain", "Burma") or, for a GPE, whose
    official name alone ends with it ("America")."""
    names, patterns, endings, subdivisions = _countries()
    text = re.sub(r"^the\s+", "", str(name).strip(), flags=re.IGNORECASE).strip(" .,'’")
    key = name_key(text)
    if not key:
        return None
    named = names.get(key, set())
    if len(named) == 1:
        return next(iter(named))
    if key in subdivisions:
        return None
    found = set()
    for pattern, code in patterns:
        match = pattern.search(text)
        if match is not None and match.start() == 0 and match.end() == len(text):
            found.add(code)
    if len(found) == 1:
        return found.pop()
    if not found and label == "GPE":
        return endings.get(key)
    return None


def acronym_evidence(entities: pd.DataFrame) -> pd.DataFrame:
    """The acronyms articles give to longer names: per (acronym key, long name key), the number of
    articles with an entity named by the long name that the article also writes as its initials
    (an alias of the entity, as the pipeline's ``acronym`` rule joined them). Needs ``name``,
    ``aliases`` and ``is_named``; ``article_id`` when there are several articles."""
    pairs: set[tuple[str, str, str]] = set()
    if len(entities):
        rows = entities[entities["is_named"].astype(bool) & entities["aliases"].fillna("").astype(bool)]
        articles = rows["article_id"] if "article_id" in rows else pd.Series("", index=rows.index)
        for article_id, name, aliases in zip(articles, rows["name"], rows["aliases"]):
            initials = acronyms_of(str(name))
            if not initials:
                continue
            for alias in str(aliases).split("; "):
                alias = alias.strip()
                if _ACRONYM.fullmatch(alias) and name_key(alias) in initials:
                    pairs.add((str(article_id), name_key(alias), name_key(str(name))))
    counts = Counter((acronym, full) for _, acronym, full in pairs)
    table = pd.DataFrame([(acronym, full, count) for (acronym, full), count in counts.items()], columns=EVIDENCE_COLUMNS)
    return table.sort_values(["acronym", "articles", "full_name"], ascending=[True, False, True]).reset_index(drop=True)


def _acronym_targets(evidence: pd.DataFrame) -> dict[str, str]:
    """Acronym key → the long name key most articles give it (ties: none)."""
    targets = {}
    for acronym, rows in evidence.groupby("acronym", sort=False):
        counts = rows.sort_values("articles", ascending=False)["articles"].tolist()
        if len(counts) == 1 or counts[0] > counts[1]:
            targets[str(acronym)] = str(rows.sort_values(["articles", "full_name"], ascending=[False, True])["full_name"].iloc[0])
    return targets


def corpus_keys(names: pd.DataFrame, evidence: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per distinct name of ``names`` (``name``, ``label``, ``group``, ``weight``: each named
    entity's canonical name, label, group and mentions): ``key``, the identity it takes across the
    corpus, and ``rule`` ("country", "acronym", or "" when the name keeps its own ``name_key``). A
    name's label and group are the ones most of its mentions carry."""
    if names.empty:
        return pd.DataFrame({column: pd.Series(dtype="str") for column in KEY_COLUMNS})
    rows = names.assign(base=names["name"].map(name_key), weight=names["weight"].clip(lower=1))
    votes = rows.groupby(["base", "label", "group"], sort=False)["weight"].sum().reset_index()
    votes = votes.sort_values(["base", "weight", "label"], ascending=[True, False, True]).drop_duplicates("base").set_index("base")
    forms = rows.groupby(["base", "name"], sort=False)["weight"].sum().reset_index()
    forms = forms.sort_values(["base", "weight", "name"], ascending=[True, False, True]).drop_duplicates("base").set_index("base")["name"]
    key_of: dict[str, tuple[str, str]] = {}
    for base, vote in votes.iterrows():
        code = country_code(forms[base], label=vote["label"]) if vote["group"] == "place" else None
        key_of[base] = (COUNTRY_PREFIX + code, "country") if code else (base, "")
    targets = _acronym_targets(evidence) if evidence is not None and len(evidence) else {}
    for base in key_of:
        target = targets.get(base)
        if target and target != base and key_of[base][1] != "country":
            key_of[base] = (key_of.get(target, (target, ""))[0], "acronym")
    # a name joined to nothing else keeps its own key and no rule
    members = Counter(key for key, _ in key_of.values())
    bases = rows.drop_duplicates("name")
    keys = [key_of[base] for base in bases["base"]]
    table = pd.DataFrame({
        "name": bases["name"].to_numpy(),
        "key": [key if members[key] > 1 or rule == "" else base for (key, rule), base in zip(keys, bases["base"])],
        "rule": [rule if members[key] > 1 else "" for key, rule in keys],
    })
    return table.astype({"name": "str", "key": "str", "rule": "str"}).reset_index(drop=True)


def merges(identities: pd.DataFrame, keys: pd.DataFrame) -> pd.DataFrame:
    """The names joined across articles by a rule of this module: ``form`` (as an article names the
    entity), ``name`` (the corpus's name for it), ``rule``, ``mentions`` and ``articles`` of that form;
    most mentioned first. ``identities`` has ``name`` (the form), ``corpus_name``, ``mention_count``
    and ``article_id`` per entity of an article."""
    columns = ["form", "name", "rule", "mentions", "articles"]
    ruled = keys[keys["rule"].astype(bool)]
    if ruled.empty or identities.empty:
        return pd.DataFrame({column: pd.Series(dtype="int64" if column in ("mentions", "articles") else "str") for column in columns})
    rows = identities.merge(ruled[["name", "rule"]], on="name")
    rows = rows[rows["name"].map(name_key) != rows["corpus_name"].map(name_key)]
    table = rows.groupby(["name", "corpus_name", "rule"], sort=False).agg(
        mentions=("mention_count", "sum"), articles=("article_id", "nunique")).reset_index()
    table = table.rename(columns={"name": "form", "corpus_name": "name"})
    table = table.astype({"mentions": "int64", "articles": "int64"})
    return table.sort_values(["mentions", "form"], ascending=[False, True]).reset_index(drop=True)[columns]


__all__ = ["COUNTRY_PREFIX", "RULES", "acronym_evidence", "corpus_keys", "country_code", "merges"]
