"""One entity, one name across the articles of a corpus.

Within an article the pipeline joins the forms of one entity ("US" and "United States", "Mr Putin" and
"Vladimir Putin": :mod:`utils.pipeline.entities`). Across articles, named entities are one thing when
their canonical names compare equal (:func:`~utils.pipeline.entities.name_key`: case, dots and hyphens
aside, so "U.N." is "UN"), and by two more rules (:func:`corpus_keys`):

- **country**: place names that a kept library gives one country are that country: a name
  country_converter or pycountry lists for it ("Russian Federation", "Myanmar"), or one
  country_converter's pattern for it covers whole ("U.S.", "US", "USA", "United States"; "Britain",
  "UK", "United Kingdom"; "Burma") when no word of it can be dropped with the pattern still
  matching ("Little Italy", "Southern France", "Great Britain" stay places of their own). A name
  that is itself a subdivision of a country in ISO 3166-2 (pycountry: "England", "Gaza", "Georgia"
  the state) is not a country by a pattern, and a GPE name written as the end of exactly one
  country's official name ("America", of "United States of America") is that country.
- **plural**: a group (a nationality, a party, a religion) named in the plural is the group its
  singular names where the corpus has both ("Republicans" and "Republican", "Democrats" and
  "Democrat"), as an article's own mentions would be.
- **short forms an article introduces**: an article that writes a long name and also a short form
  of it, joined by the pipeline in that article, says what the short form stands for: its initials
  ("Federal Emergency Management Agency (FEMA)", "the United Nations ... the U.N."), a person's
  surname ("Donald Trump ... Trump"), or a person's name without the middle ones ("Donald J. Trump
  ... Donald Trump"). The short form then stands for that name in every article of the corpus when
  at least ``DOMINANCE`` (three in four) of the articles that introduce it give it the same name; a
  short form introduced for several names ("Bush": Reggie, George W., Jeb) joins none. A surname
  needs ``MIN_SURNAME_ARTICLES`` (three) articles introducing it, and surnames and variants join
  only names the corpus labels PERSON.

The entity that results takes the label most of its mentions carry and the form the corpus writes
most as its name (:func:`utils.explore.entities.corpus_identities`, and the DuckDB twin in
:mod:`utils.explore.corpus`); :func:`merges` lists what the rules joined.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
import pandas as pd

from utils.pipeline.names import acronyms_of, name_key

COUNTRY_PREFIX = "country:"  # the key of a country: COUNTRY_PREFIX + its ISO 3166 alpha-3 code
RULES = ("country", "plural", "acronym", "surname", "variant")
KEY_COLUMNS = ["name", "key", "rule"]
EVIDENCE_COLUMNS = ["short_form", "full_name", "rule", "articles"]
DOMINANCE = 0.75  # share of the articles writing a short form beside a long name that must give it the same one
MIN_SURNAME_ARTICLES = 3  # articles that must introduce a surname before it stands for a name across the corpus
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
    words = text.split()
    shorter = [" ".join(words[1:]), " ".join(words[:-1])] if len(words) > 1 else []
    found = set()
    for pattern, code in patterns:
        match = pattern.search(text)
        # the pattern covers the whole name, and no word of it can go ("Little Italy", "Southern France")
        # and it matches from the name's first letter: "Alitalia" holds Italy's "ital" but is no Italy
        if match is not None and match.start() == 0 and match.end() == len(text) and not any(pattern.search(part) for part in shorter) \
                and not pattern.search(text[1:]):
            found.add(code)
    if len(found) == 1:
        return found.pop()
    if not found and label == "GPE":
        return endings.get(key)
    return None


def _short_form_rule(alias: str, name: str, label: str) -> str | None:
    """How ``alias`` shortens ``name`` the way the pipeline joins them in an article: "acronym" (its
    initials: "FEMA", "U.N."), "surname" (a person's last name alone: "Trump"), "variant" (a person's
    first and last names without the middle ones: "Donald Trump" for "Donald J. Trump"); else None."""
    alias_key, name_words = name_key(alias), name_key(name).split()
    if _ACRONYM.fullmatch(alias) and alias_key in acronyms_of(name):
        return "acronym"
    if label != "PERSON" or len(name.split()) < 2 or alias_key == name_key(name):
        return None  # a person's name is two words or more as written ("ex-Yukos" is one: "Yukos" is no surname of it)
    alias_words = alias_key.split()
    if len(alias_words) == 1 and alias_words[0] == name_words[-1] and alias[:1].isupper():
        return "surname"
    if 2 <= len(alias_words) < len(name_words) and alias_words[0] == name_words[0] and alias_words[-1] == name_words[-1]:
        return "variant"
    return None


def short_form_evidence(entities: pd.DataFrame) -> pd.DataFrame:
    """The short forms articles give to longer names: per (short form key, long name key, rule), the
    number of articles with an entity named by the long name that the article also writes in the
    short form (an alias of the entity, which the pipeline joined to it in that article). Needs
    ``name``, ``aliases``, ``label`` and ``is_named``; ``article_id`` when there are several articles."""
    pairs: set[tuple[str, str, str, str]] = set()
    if len(entities) and "aliases" in entities:  # a table without aliases introduces nothing
        rows = entities[entities["is_named"].astype(bool) & entities["aliases"].fillna("").astype(bool)]
        articles = rows["article_id"] if "article_id" in rows else pd.Series("", index=rows.index)
        for article_id, name, label, aliases in zip(articles, rows["name"], rows["label"], rows["aliases"]):
            for alias in str(aliases).split("; "):
                rule = _short_form_rule(alias.strip(), str(name), str(label))
                if rule is not None:
                    pairs.add((str(article_id), name_key(alias), name_key(str(name)), rule))
    counts = Counter((short, full, rule) for _, short, full, rule in pairs)
    table = pd.DataFrame([(*pair, count) for pair, count in counts.items()], columns=EVIDENCE_COLUMNS)
    return table.sort_values(["short_form", "articles", "full_name"], ascending=[True, False, True]).reset_index(drop=True)


def _short_form_targets(evidence: pd.DataFrame, final: dict[str, str]) -> dict[str, tuple[str, str]]:
    """Short form key → (the key of the long name that at least ``DOMINANCE`` of the articles writing it
    beside a long name give it, the rule); long names already joined (``final``) are counted as one. A
    surname needs ``MIN_SURNAME_ARTICLES`` articles introducing it."""
    targets = {}
    for short, rows in evidence.groupby("short_form", sort=False):
        keys = rows["full_name"].map(lambda key: final.get(key, key))
        votes = rows.assign(target=keys).groupby("target")["articles"].sum().sort_values(ascending=False, kind="stable")
        if votes.iloc[0] >= DOMINANCE * votes.sum():
            best = votes.index[0]
            rule = rows.loc[keys == best].sort_values("articles", ascending=False)["rule"].iloc[0]
            if rule != "surname" or votes.iloc[0] >= MIN_SURNAME_ARTICLES:
                targets[str(short)] = (str(best), str(rule))
    return targets


def corpus_keys(names: pd.DataFrame, evidence: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per distinct name of ``names`` (``name``, ``label``, ``group``, ``weight``: each named
    entity's canonical name, label, group and mentions): ``key``, the identity it takes across the
    corpus, and ``rule`` ("country", "plural", "acronym", "surname", "variant", or "" when the name keeps its own
    ``name_key``). A name's label and group are the ones most of its mentions carry; ``evidence`` is
    :func:`short_form_evidence`."""
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
    for base, vote in votes.iterrows():  # "Republicans" is "Republican" where the corpus names both groups
        singular = base[:-1]
        if vote["group"] == "group" and base.endswith("s") and singular in votes.index and votes.loc[singular, "group"] == "group":
            key_of[base] = (singular, "plural")
    evidence = evidence if evidence is not None else pd.DataFrame(columns=EVIDENCE_COLUMNS)
    # long names first ("Donald J. Trump" and "Donald Trump"), then the short forms of the joined names
    for kinds in (("variant",), ("acronym", "surname", "variant")):
        final = {base: key for base, (key, _) in key_of.items()}
        targets = _short_form_targets(evidence[evidence["rule"].isin(kinds)], final)
        for base, (target, rule) in targets.items():
            if base not in key_of or target not in votes.index or target == key_of[base][0] or key_of[base][1] == "country":
                continue
            if rule == "acronym" and not _ACRONYM.fullmatch(str(forms[base])):
                continue  # "nih" written so is no acronym
            if rule in ("surname", "variant") and not votes.loc[base, "label"] == votes.loc[target, "label"] == "PERSON":
                continue  # a person's name across the corpus, not a product ("Mac Mini") or a force ("Surrey Police")
            key_of[base] = (final.get(target, target), rule)
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


__all__ = ["COUNTRY_PREFIX", "DOMINANCE", "MIN_SURNAME_ARTICLES", "RULES", "corpus_keys", "country_code", "merges", "short_form_evidence"]
