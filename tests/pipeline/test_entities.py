"""Entity mentions, merges, salience and relations: on the seed and on hand-written sentences."""

from __future__ import annotations

import pandas as pd
import pytest

from utils import analyse
from utils.explore import entities as entity_tables
from utils.pipeline import entities, entity_merge, entity_rules, names, salience, tables, truecase
from utils.pipeline.nlp import parse
from utils.pipeline.tables import Scope
from utils.show import charts
from utils.show import html as show_html
from utils.report import exports

ANY_LANGUAGE = Scope(languages=())  # short hand-written texts: language detection is unreliable on them


def analysed(text: str):
    return analyse(text, scope=ANY_LANGUAGE, cache=False)


def entity(analysis, name: str) -> pd.Series:
    rows = analysis.entities[analysis.entities["name"] == name]
    assert len(rows) == 1, analysis.entities[["name", "label"]].to_string()
    return rows.iloc[0]


def mentions_of(analysis, name: str) -> pd.DataFrame:
    """The named mentions of an entity (pronoun mentions are tested in test_pronouns.py)."""
    mentions = analysis.mentions[~analysis.mentions["is_pronoun"]]
    return mentions[mentions["entity_id"] == entity(analysis, name)["entity_id"]]


# --------------------------------------------------------------------------- the seed


def test_seed_has_one_person_raisi_holding_every_raisi_mention(seed_analysis):
    raisi = entity(seed_analysis, "Ebrahim Raisi")
    assert raisi["label"] == "PERSON"
    every_raisi = seed_analysis.mentions[seed_analysis.mentions["text"].str.contains("Raisi")]
    assert len(every_raisi) == 6
    assert set(every_raisi["entity_id"]) == {raisi["entity_id"]}
    # The standfirst repeats a body sentence: its mention belongs to the entity but is not counted twice.
    assert raisi["mention_count"] == 5
    assert every_raisi.loc[every_raisi["paragraph_kind"] == "lead", "counted"].tolist() == [False]
    assert (every_raisi["label"] == "PERSON").all()
    # the standfirst mention the model called a place is in, and says why it moved
    standfirst = every_raisi[every_raisi["paragraph_kind"] == "lead"].iloc[0]
    assert (standfirst["model_label"], standfirst["merge_rule"]) == ("GPE", "surname")
    assert standfirst["correction"] == "GPE→PERSON: part of the PERSON name 'Ebrahim Raisi'"
    assert raisi["roles"] == "Iranian President; President"


def test_seed_has_one_person_putin_holding_every_putin_mention(seed_analysis):
    putin = entity(seed_analysis, "Vladimir Putin")
    every_putin = seed_analysis.mentions[seed_analysis.mentions["text"].str.contains("Putin")]
    assert len(every_putin) == 7
    assert set(every_putin["entity_id"]) == {putin["entity_id"]}
    assert putin["label"] == "PERSON" and putin["aliases"] == "Putin"
    assert putin["roles"] == "Russian President"
    assert seed_analysis.entities.iloc[0]["name"] == "Vladimir Putin" and putin["salience"] == 1.0


def test_seed_leaves_out_photographers_and_the_french_caption(seed_analysis):
    names = set(seed_analysis.entities["name"])
    for credit in ("Mladen ANTONOV", "GAVRIIL GRIGOROV", "AFP", "AP", "Sputnik", "OPEC"):
        assert not any(credit.lower() in name.lower() for name in names), credit
    french = seed_analysis.paragraphs[seed_analysis.paragraphs["language"] == "fr"]
    assert len(french) == 1
    [start, end] = french[["start_char", "end_char"]].iloc[0]
    assert not ((seed_analysis.mentions["start_char"] >= start) & (seed_analysis.mentions["end_char"] <= end)).any()
    assert set(seed_analysis.mentions["paragraph_kind"]) == {"lead", "body"}


def test_seed_a340_is_not_a_date_and_crown_prince_is_a_role(seed_analysis):
    assert not (seed_analysis.mentions["text"] == "A340").any()
    assert "A340" not in set(seed_analysis.entities["name"])
    assert not (seed_analysis.mentions["text"] == "Crown Prince").any()
    assert entity(seed_analysis, "Mohammed bin Salman")["roles"] == "Crown Prince"


def test_seed_rejected_mentions_say_why(seed_analysis, nlp):


    _, sentences = tables.prepare(seed_analysis.article, Scope())
    doc = parse(seed_analysis.text, sentences["start_char"].tolist())
    rejected = entities.rejected_mentions(doc, sentences)
    assert rejected[["text", "model_label", "reason"]].values.tolist() == [
        ["A340", "DATE", "alphanumeric code, not a DATE"],
        ["Crown Prince", "PRODUCT", "a title or role alone, not a name"],
    ]


def test_seed_entity_columns_and_offsets(seed_analysis):
    mentions, table = seed_analysis.mentions, seed_analysis.entities
    # entity columns first, then the sentiment module's (target_sentiment, ...)
    assert list(mentions.columns)[: len(entities.MENTION_COLUMNS)] == entities.MENTION_COLUMNS
    assert list(table.columns)[: len(entities.ENTITY_COLUMNS)] == entities.ENTITY_COLUMNS
    for row in mentions.itertuples():
        assert seed_analysis.text[row.start_char:row.end_char] == row.text
        assert row.name in row.text or row.source in ("alias", "pronoun")
    assert table["salience"].between(0, 1).all()
    named = mentions[~mentions["is_pronoun"]]
    assert set(named["merge_rule"]) <= set(entity_rules.MERGE_RULES)
    assert set(named["source"]) <= set(entities.SOURCES) and set(mentions.loc[mentions["is_pronoun"], "source"]) == {"pronoun"}
    dates = table[table["group"] == "date"]
    assert not dates["is_named"].any() and table[table["group"] == "person"]["is_named"].all()


def test_seed_alias_pass_finds_gaza_in_israel_gaza(seed_analysis):
    gaza = mentions_of(seed_analysis, "Gaza")
    assert len(gaza) == 5
    assert gaza["source"].value_counts().to_dict() == {"model": 4, "alias": 1}


def test_seed_salience_formula(seed_analysis):
    # 5 mentions of which 4 counted (the standfirst repeat is not), top named entity Putin: 6 counted;
    # first in sentence 0, in the standfirst.
    gaza = entity(seed_analysis, "Gaza")
    assert gaza["in_lead"] and gaza["mention_count"] == 4
    assert gaza["salience"] == round(0.5 * 4 / 6 + 0.3 * 1.0 + 0.2, 3)


def test_seed_relations(seed_analysis):
    relations = entity_tables.relation_table(seed_analysis.mentions)
    assert list(relations.columns) == entity_tables.RELATION_COLUMNS
    pair = relations[(relations["source"] == "Ebrahim Raisi") & (relations["target"] == "Vladimir Putin")].iloc[0]
    # Sentence 1 (the standfirst, after the date header's sentence 0) repeats sentence 6, so it adds nothing.
    assert pair["weight"] == 2 and pair["same_sentence"] == 2 and pair["sentences"] == "6,17"
    wider = entity_tables.relation_table(seed_analysis.mentions, window=1, sentences=seed_analysis.sentences)
    pair = wider[(wider["source"] == "Ebrahim Raisi") & (wider["target"] == "Vladimir Putin")].iloc[0]
    assert pair["same_sentence"] == 2 and pair["weight"] > 2
    assert len(wider) > len(relations)


# --------------------------------------------------------------------------- merge rules, hand-written


def test_surname_and_first_name_join_the_full_name():
    text = ("Prime Minister Jacinda Ardern visited Auckland on Monday. Reporters asked Ardern about the housing plan. "
            "Later, Jacinda spoke to Ms. Ardern's staff.")
    # first_name is off by default (it broke more than it fixed on GUM train): a first name alone stays apart
    assert mentions_of(analysed(text), "Jacinda Ardern")["text"].tolist() == ["Jacinda Ardern", "Ardern", "Ardern"]
    with entity_rules.rules_disabled((), enable=["first_name"]):
        analysis = analysed(text)
    mentions = mentions_of(analysis, "Jacinda Ardern")
    assert mentions["text"].tolist() == ["Jacinda Ardern", "Ardern", "Jacinda", "Ardern"]
    assert mentions["merge_rule"].tolist() == ["same_name", "surname", "first_name", "surname"]
    assert mentions["role"].tolist() == ["Prime Minister", "", "", "Ms."]
    assert entity(analysis, "Jacinda Ardern")["label"] == "PERSON"
    assert entity(analysis, "Jacinda Ardern")["roles"] == "Prime Minister; Ms."


def test_a_surname_shared_by_two_people_is_not_merged():
    analysis = analysed(
        "Venus Williams beat Serena Williams in the final in London. Williams said the crowd was loud."
    )
    people = analysis.entities[analysis.entities["label"] == "PERSON"]
    assert {"Venus Williams", "Serena Williams"} <= set(people["name"])
    williams = analysis.mentions[analysis.mentions["text"] == "Williams"]
    assert not williams["entity_id"].isin(people[people["name"] != "Williams"]["entity_id"]).any()


def test_titles_possessives_and_the_are_stripped_into_role():
    words, role = names.split_name(["the", "President", "Joe", "Biden", "'s"])
    assert (words, role) == (["Joe", "Biden"], ["President"])
    words, role = names.split_name(["Mr.", "Smith"])
    assert (words, role) == (["Smith"], ["Mr."])
    words, role = names.split_name(["Irna", "news"])
    assert (words, role) == (["Irna"], [])


def test_acronyms_join_their_long_form():
    assert names.acronyms_of("United States") == {"us"}
    assert "sco" in names.acronyms_of("Shanghai Co-operation Organisation")
    assert "opec" in names.acronyms_of("Organization of the Petroleum Exporting Countries")
    analysis = analysed("The United States and Iran held talks in Oman. The U.S. said the US would wait.")
    united_states = mentions_of(analysis, "United States")
    assert sorted(united_states["text"]) == ["The United States", "U.S.", "US"]
    assert sorted(united_states["merge_rule"]) == ["acronym", "acronym", "same_name"]


def test_name_keys_ignore_case_dots_and_hyphens():
    assert names.name_key("U.S.") == names.name_key("US") == "us"
    assert names.name_key("Al-Assad") == names.name_key("al Assad")


def test_a_place_after_in_keeps_its_label_even_when_it_is_a_surname():
    with entity_rules.rules_disabled((), enable=["locative_place"]):  # off by default: see DROPPED_RULES
        analysis = analysed("George Washington crossed the river in winter. The senators met in Washington on Friday.")
    washington = analysis.mentions[analysis.mentions["text"] == "Washington"]
    assert len(washington) == 1 and washington.iloc[0]["label"] == "GPE"
    assert washington.iloc[0]["entity_id"] != entity(analysis, "George Washington")["entity_id"]


def test_code_and_country_abbreviation_corrections():
    analysis = analysed("The delegation flew on an Airbus A340 to the UAE on Tuesday, officials in Dubai said.")
    a340 = analysis.mentions[analysis.mentions["text"] == "A340"]
    assert not a340["label"].isin(list(names.NUMERIC_LABELS)).any()
    uae = analysis.mentions[analysis.mentions["text"] == "UAE"].iloc[0]
    assert uae["label"] == "GPE"


# --------------------------------------------------------------------------- robustness


NORMAL_CASE = [
    "Iranian President Ebrahim Raisi arrived in Moscow on Thursday for talks with Vladimir Putin.",
    "Angela Merkel met Emmanuel Macron in Paris to discuss the budget.",
    "The United Nations warned that fighting in Sudan could spread to Chad.",
    "Microsoft and Google agreed to invest in Kenya, said Satya Nadella.",
    "Boris Johnson told the BBC that London would host the summit.",
]


@pytest.mark.parametrize("sentence", NORMAL_CASE)
def test_all_caps_text_keeps_the_entities_of_normal_case(sentence):
    normal = entity_tables.entity_names(analysed(sentence).mentions)
    caps = entity_tables.entity_names(analysed(sentence.upper()).mentions)
    assert {(name.upper(), label) for name, label in normal} == caps


def test_a_dateline_is_re_read_and_acronyms_in_normal_text_are_left_alone():
    analysis = analysed("TEHRAN - Iranian President Ebrahim Raisi left for Moscow on Thursday. He met officials from the IEA and WPP.")
    rows = analysis.mentions.set_index("text")
    # the model alone reads "TEHRAN - Iranian" as one NORP
    assert (rows.loc["TEHRAN", "label"], rows.loc["TEHRAN", "source"]) == ("GPE", "recased")
    assert rows.loc["Iranian", "label"] == "NORP"
    assert rows.loc["IEA", "source"] == rows.loc["WPP", "source"] == "model"
    assert truecase.truecase("TEHRAN - officials met the IEA.", keep_isolated=True) == "Tehran - officials met the IEA."


def test_truecase_keeps_length_and_names():
    text = "ANGELA MERKEL MET EMMANUEL MACRON IN PARIS"
    assert truecase.truecase(text) == "Angela Merkel met Emmanuel Macron in Paris"
    assert truecase.truecase("THE UNITED NATIONS AND THE BBC") == "The United Nations and the BBC"


def test_all_caps_paragraph_joins_names_found_in_normal_case():
    analysis = analysed(
        "Vladimir Putin welcomed Ebrahim Raisi to Moscow on Thursday.\n\nPUTIN HOSTS RAISI IN MOSCOW AS TALKS BEGIN"
    )
    assert entity(analysis, "Vladimir Putin")["mention_count"] == 2
    assert entity(analysis, "Ebrahim Raisi")["mention_count"] == 2
    assert entity(analysis, "Moscow")["mention_count"] == 2
    caps = analysis.mentions[analysis.mentions["paragraph_id"] == 1]
    assert set(caps["source"]) <= {"recased", "alias"} and len(caps) == 3


def test_sentence_initial_surname_is_found_from_the_full_name():
    analysis = analysed("Vladimir Putin welcomed Ebrahim Raisi to Moscow on Thursday. Raisi thanked him. Putin smiled.")
    raisi = mentions_of(analysis, "Ebrahim Raisi")
    assert raisi["text"].tolist() == ["Ebrahim Raisi", "Raisi"]
    assert raisi["source"].tolist() == ["model", "alias"]


# --------------------------------------------------------------------------- output


def test_highlighted_html_escapes_article_text():
    hostile = "Vladimir Putin met <script>alert('x')</script> Ebrahim Raisi in Moscow & Tehran."
    analysis = analysed(hostile)
    page = show_html.highlighted_html(analysis.text, analysis.mentions)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert page.count("<mark") == len(analysis.mentions[analysis.mentions["is_named"]])
    assert "&amp; " in page


def test_merge_table_lists_the_joins(seed_analysis):
    merges = entity_tables.merge_table(seed_analysis.mentions)
    raisi = merges[(merges["entity"] == "Ebrahim Raisi") & (merges["merge_rule"] == "surname")]
    assert raisi["mentions"].sum() == 5
    assert {"acronym", "surname"} - set(merges["merge_rule"]) == {"acronym"}  # no acronyms in the seed


def test_export_tables_writes_csv(tmp_path, seed_analysis):
    paths = exports.export_tables(
        tmp_path / "exports", mentions=seed_analysis.mentions, entities=seed_analysis.entities, prefix="seed-"
    )
    assert [path.name for path in paths] == ["seed-mentions.csv", "seed-entities.csv"]
    back = pd.read_csv(paths[1])
    assert back["name"].tolist() == seed_analysis.entities["name"].tolist()


def test_a_span_listing_names_is_split_at_commas_and_a_lone_name_after_in_is_a_place():
    with entity_rules.rules_disabled((), enable=["comma_split"]):  # off by default: see DROPPED_RULES
        analysis = analysed(
            "She studied at Guy's Hospital Medical School, University of London, before moving. "
            "Kowalczyk won the race in Lievin on Saturday."
        )
    orgs = analysis.mentions[analysis.mentions["label"] == "ORG"]["name"].tolist()
    assert "Guy's Hospital Medical School, University of London" not in orgs
    assert "University of London" in orgs
    lievin = analysis.mentions[analysis.mentions["text"] == "Lievin"].iloc[0]
    assert lievin["label"] == "GPE"


def test_a_lone_name_after_man_from_is_a_place_and_an_acronym_is_not_a_person():
    analysis = analysed("A man from Dunfermline was arrested on Monday. The GB team won silver in Oslo, said Kate Brodie.")
    rows = analysis.mentions.set_index("text")
    assert (rows.loc["Dunfermline", "model_label"], rows.loc["Dunfermline", "label"]) == ("PERSON", "GPE")
    assert rows.loc["Dunfermline", "correction"] == "PERSON→GPE: a lone name after 'man from' is a place"
    assert (rows.loc["GB", "model_label"], rows.loc["GB", "label"]) == ("PERSON", "ORG")
    assert rows.loc["Kate Brodie", "label"] == "PERSON"


def test_a_party_the_model_once_calls_a_person_stays_an_organisation():
    with entity_rules.rules_disabled((), enable=["label_vote", "lone_word_not_person"]):  # off by default: see DROPPED_RULES
        analysis = analysed(
            "Veteran Labour MP Jack Cunningham will stand down. Education Secretary Ruth Kelly said Labour would miss him, "
            "and Labour's leader agreed."
        )
    labour = mentions_of(analysis, "Labour")
    assert labour["label"].tolist() == ["ORG", "ORG", "ORG"]
    assert labour["model_label"].tolist() == ["", "PERSON", "ORG"]  # the first was found by the alias search
    assert labour["source"].tolist() == ["alias", "model", "model"]
    assert "Education" not in set(analysis.mentions["name"])  # part of the title "Education Secretary"
    assert entity(analysis, "Ruth Kelly")["roles"] == "Education Secretary"


def test_short_forms_join_organisations_but_never_places():
    analysis = analysed(
        "Shares in Rolls-Royce Holdings rose on Friday. Investors said Rolls-Royce had a strong year. "
        "Exports to South Africa grew, while trade with the rest of Africa fell."
    )
    rolls = mentions_of(analysis, "Rolls-Royce Holdings")
    assert rolls["merge_rule"].tolist() == ["same_name", "organisation_suffix"]
    with entity_rules.rules_disabled(["organisation_suffix"], enable=["short_form"]):  # short_form: off by default
        rolls = mentions_of(analysed(analysis.text), "Rolls-Royce Holdings")
    assert rolls["merge_rule"].tolist() == ["same_name", "short_form"]
    assert entity(analysis, "Africa")["entity_id"] != entity(analysis, "South Africa")["entity_id"]


def test_person_name_variants_join_the_longest():
    analysis = analysed("Syrian President Bashar Hafez al-Assad spoke in Damascus. Later, Bashar al-Assad met envoys from Iran.")
    assad = mentions_of(analysis, "Bashar Hafez al-Assad")
    assert assad["merge_rule"].tolist() == ["same_name", "name_variant"]
    assert assad["role"].tolist() == ["Syrian President", ""]


# --------------------------------------------------------------------------- accuracy on hand-annotated text

# Hand-written news-style paragraphs with their people (PER), organisations (ORG) and places (LOC),
# names as they should be counted (titles, "the" and possessives removed), one entry per mention.
HAND_ANNOTATED = [
    (
        "Chancellor Olaf Scholz met Italian Prime Minister Giorgia Meloni in Rome on Tuesday. Scholz said Germany and "
        "Italy would work with the European Commission on energy prices.",
        [("Olaf Scholz", "PER"), ("Giorgia Meloni", "PER"), ("Rome", "LOC"), ("Scholz", "PER"), ("Germany", "LOC"),
         ("Italy", "LOC"), ("European Commission", "ORG")],
    ),
    (
        "Shares in Unilever fell 4% in London after the company warned on sales. Chief executive Alan Jope blamed "
        "weak demand in China and Brazil.",
        [("Unilever", "ORG"), ("London", "LOC"), ("Alan Jope", "PER"), ("China", "LOC"), ("Brazil", "LOC")],
    ),
    (
        "The World Health Organization said cases had risen in Kenya and Uganda. Its director, Tedros Adhanom "
        "Ghebreyesus, asked donors in Geneva for more money. Tedros said the WHO needed $1bn.",
        [("World Health Organization", "ORG"), ("Kenya", "LOC"), ("Uganda", "LOC"), ("Tedros Adhanom Ghebreyesus", "PER"),
         ("Geneva", "LOC"), ("Tedros", "PER"), ("WHO", "ORG")],
    ),
    (
        "Manchester United beat Arsenal 2-1 at Old Trafford on Sunday. Marcus Rashford scored twice, and manager "
        "Erik ten Hag praised Rashford's pace.",
        [("Manchester United", "ORG"), ("Arsenal", "ORG"), ("Old Trafford", "LOC"), ("Marcus Rashford", "PER"),
         ("Erik ten Hag", "PER"), ("Rashford", "PER")],
    ),
    (
        "Police in Toronto arrested two men after a robbery at a jeweller on Yonge Street. A spokesman for the "
        "Toronto Police Service said Constable Maria Lopez was hurt.",
        [("Toronto", "LOC"), ("Yonge Street", "LOC"), ("Toronto Police Service", "ORG"), ("Maria Lopez", "PER")],
    ),
    (
        "Apple and Samsung face a new inquiry by the European Union. In Brussels, Margrethe Vestager said Apple had "
        "until March to reply.",
        [("Apple", "ORG"), ("Samsung", "ORG"), ("European Union", "ORG"), ("Brussels", "LOC"), ("Margrethe Vestager", "PER"),
         ("Apple", "ORG")],
    ),
]
CLASSES = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}


def ner_scores(annotated) -> dict[str, float]:
    """Precision, recall and F1 of typed PER/ORG/LOC mentions (names compared with ``name_key``)."""
    true_positives = predicted = expected = 0
    for text, gold in annotated:
        mentions = analysed(text).mentions
        system = [(names.name_key(name), CLASSES[label]) for name, label in zip(mentions["name"], mentions["label"]) if label in CLASSES]
        remaining = list(system)
        for name, cls in gold:
            key = (names.name_key(name), cls)
            if key in remaining:
                remaining.remove(key)
                true_positives += 1
        predicted += len(system)
        expected += len(gold)
    precision, recall = true_positives / predicted, true_positives / expected
    return {"precision": precision, "recall": recall, "f1": 2 * precision * recall / (precision + recall)}


def test_people_organisations_and_places_reach_the_accuracy_target_on_hand_annotated_text():
    assert ner_scores(HAND_ANNOTATED)["f1"] >= 0.85  # target 0.70; observed 0.90 (raw model spans: 0.78)


# --------------------------------------------------------------------------- charts


def test_entity_charts_on_the_seed(seed_analysis):


    relations = entity_tables.relation_table(seed_analysis.mentions, window=1, sentences=seed_analysis.sentences)
    network = charts.entity_network(seed_analysis.entities, relations)
    node_names = {name for trace in network.data if trace.mode == "markers+text" for name in trace.text}
    assert {"Ebrahim Raisi", "Vladimir Putin", "Gaza"} <= node_names
    assert not node_names & {"October 16", "Thursday"}  # dates are not named entities
    timeline = charts.entity_timeline(seed_analysis.mentions, seed_analysis.entities, top_n=3)
    assert sum(len(trace.x) for trace in timeline.data) == 7 + 6 + 6  # Putin, Raisi, Russia (ties broken by salience)
    treemap = charts.entity_treemap(seed_analysis.entities)
    # counted person mentions: Putin 6, Raisi 5, Assad 1, Mohammed bin Salman 1 (standfirst repeat not counted)
    assert treemap.data[0].values[list(treemap.data[0].ids).index("g/person")] == 13
    counts = charts.entity_group_counts(seed_analysis.entities)
    assert dict(zip(counts.data[1].y, counts.data[1].x))["person"] == 13


def test_entity_chart_labels_are_escaped(seed_analysis):


    hostile = seed_analysis.entities.copy()
    hostile.loc[hostile["name"] == "Vladimir Putin", "name"] = "<img src=x onerror=alert(1)>"
    mentions = seed_analysis.mentions
    relations = entity_tables.relation_table(mentions)
    figures = (
        charts.entity_network(hostile, relations), charts.entity_treemap(hostile),
        charts.entity_timeline(mentions, hostile), charts.entity_bars(hostile.head()),
    )
    for figure in figures:
        text = figure.to_json()
        assert "<img" not in text and "&lt;img src=x" in text


# --------------------------------------------------------------------------- reported problems (issue 15)


def test_percentages_written_differently_are_different_entities():
    analysis = analysed("Inflation rose to 1.3% in March. Unemployment was 13% last year, the figures showed.")
    percents = analysis.mentions[analysis.mentions["label"] == "PERCENT"]
    assert percents["text"].tolist() == ["1.3%", "13%"]
    assert percents["entity_id"].nunique() == 2
    assert names.name_key("1.3%") == names.name_key("13%")  # names are still dot-blind: values are not


def test_premier_league_is_an_organisation_not_a_person_titled_premier():
    analysis = analysed("Chelsea are top of the Premier League after beating Arsenal. The Premier League said the match would be replayed.")
    league = entity(analysis, "Premier League")
    assert (league["label"], league["roles"], league["mention_count"]) == ("ORG", "", 2)
    # a real premier keeps the title
    premier = analysed("Chinese Premier Li Qiang met business leaders in Shanghai on Monday.")
    assert entity(premier, "Li Qiang")["roles"] == "Chinese Premier"


def test_company_suffix_and_domain_do_not_keep_a_firm_apart():
    analysis = analysed("Amazon.com Inc. reported higher sales on Thursday. Amazon said its shares rose.")
    amazon = mentions_of(analysis, "Amazon.com Inc.")
    assert amazon["text"].tolist() == ["Amazon.com Inc.", "Amazon"]
    assert amazon["merge_rule"].tolist() == ["same_name", "organisation_suffix"]
    assert names.organisation_core("Barclays PLC") == "barclays"
    assert names.organisation_core("Leeds United") == "leeds"


def test_the_fed_is_the_federal_reserve():
    analysis = analysed("The U.S. Federal Reserve raised interest rates. The Fed said inflation was too high.")
    fed = mentions_of(analysis, "U.S. Federal Reserve")
    assert fed["text"].tolist() == ["The U.S. Federal Reserve", "Fed"]
    assert fed["merge_rule"].tolist() == ["same_name", "common_form"]


def test_points_after_a_team_are_not_part_of_its_name_but_channel_numbers_are():
    analysis = analysed("Table: Chelsea 64, Liverpool 61, Arsenal 59. Liverpool won at home.")
    liverpool = mentions_of(analysis, "Liverpool")
    assert liverpool["text"].tolist() == ["Liverpool 61", "Liverpool"]
    assert entity(analysis, "Liverpool")["mention_count"] == 2
    channel = analysed("Channel 4 showed the match. Channel 4 said it drew a record audience.")
    assert entity(channel, "Channel 4")["mention_count"] == 2


def _doc_with_entity(text: str, spans: list[tuple[str, str]]):
    """The seed model's parse of one-sentence-per-line ``text`` with ``spans`` (text, label) set as its entities."""


    from utils.pipeline import nlp

    lines = text.split("\n")
    starts = [sum(len(line) + 1 for line in lines[:i]) for i in range(len(lines))]
    doc = nlp.parse(text, starts)
    wanted = []
    for piece, label in spans:
        position = text.index(piece)
        while position >= 0:
            wanted.append(doc.char_span(position, position + len(piece), label=label))
            position = text.find(piece, position + 1)
    kept = [ent for ent in doc.ents if not any(ent.start < span.end and span.start < ent.end for span in wanted)]
    doc.ents = sorted(kept + wanted, key=lambda span: span.start)
    sentences = pd.DataFrame({
        "sentence_id": range(len(lines)), "paragraph_id": range(len(lines)), "paragraph_kind": "body", "in_scope": True,
        "text": lines, "start_char": starts, "end_char": [start + len(line) for start, line in zip(starts, lines)],
    })
    return doc, sentences


def test_russia_today_stays_whole_when_the_model_has_it():
    doc, sentences = _doc_with_entity("Ofcom fined Russia Today on Monday.\nThe report was broadcast by Russia Today.",
                                      [("Russia Today", "ORG")])
    mentions = entities.mention_table(doc, sentences)
    channel = mentions[mentions["name"] == "Russia Today"]
    assert channel["text"].tolist() == ["Russia Today", "Russia Today"] and channel["entity_id"].nunique() == 1
    assert not mentions["name"].isin(["Russia", "Today"]).any()


def test_real_madrid_stays_whole_when_the_model_has_it():
    doc, sentences = _doc_with_entity("Real Madrid have signed the striker.\nThe striker joined Real Madrid in 2004.",
                                      [("Real Madrid", "ORG")])
    mentions = entities.mention_table(doc, sentences)
    assert mentions.loc[mentions["label"] == "ORG", "name"].tolist() == ["Real Madrid", "Real Madrid"]


def test_numbers_and_dates_have_no_salience_and_never_rank():
    analysis = analysed("Shares in Tesla fell 200 points on Monday. Tesla said on Monday that 200 jobs would go.")
    table = analysis.entities
    values = table[~table["is_named"]]
    assert len(values) >= 2 and (values["salience"] == 0.0).all()
    assert table.sort_values("salience", ascending=False).iloc[0]["name"] == "Tesla"


def test_each_rule_can_be_switched_off():
    text = "Iranian President Ebrahim Raisi arrived in Moscow. Raisi met Vladimir Putin."
    assert set(entity_rules.ALL_RULES) == set(entity_rules.MERGE_RULES) | set(entity_rules.CORRECTION_RULES)
    with_rule = analysed(text).mentions
    with entity_rules.rules_disabled(["surname"]) as rules:
        assert "surname" not in rules
        without = analysed(text).mentions
    assert "surname" in entity_rules.RULES
    assert "surname" in set(with_rule["merge_rule"]) and "surname" not in set(without["merge_rule"])
    with pytest.raises(ValueError):
        with entity_rules.rules_disabled(["no_such_rule"]):
            pass


def test_nationality_adjectives_count_half_in_salience():
    text = ("Iranian officials met Iranian traders in Tehran on Monday. "
            "Iranian banks and Iranian ports were discussed. Maria Lopez of the port authority attended.")
    table = analyse(text, cache=False).entities.set_index("name")
    assert table.loc["Iranian", "label"] == "NORP"
    norp = table.loc["Iranian"]
    frequency, earliness = 1.0, 1.0  # the most mentioned entity, in the first sentence
    assert norp["salience"] == salience.salience_score(frequency, earliness, bool(norp["in_lead"]), "NORP")
    assert norp["salience"] == round(0.5 * (0.5 * frequency + 0.3 * earliness + 0.2 * bool(norp["in_lead"])), 3)
    salience.SALIENCE_RULES["nationality_down"] = False
    try:
        assert salience.salience_score(1.0, 1.0, True, "NORP") == 1.0
    finally:
        salience.SALIENCE_RULES["nationality_down"] = True
    assert salience.salience_score(1.0, 1.0, True, "GPE") == 1.0


def test_a_place_named_once_counts_half_only_with_place_once_down():
    assert salience.SALIENCE_RULES["place_once_down"] is False  # a tie on GUM dev+test: off by default
    assert salience.salience_score(0.2, 1.0, True, "GPE", mention_count=1) == round(0.5 * 0.2 + 0.3 + 0.2, 3)
    text = "Maria Lopez flew to Lisbon on Monday. Maria Lopez met the port authority. Maria Lopez signed the deal."
    salience.SALIENCE_RULES["place_once_down"] = True
    try:
        table = analysed(text).entities.set_index("name")
        lisbon = table.loc["Lisbon"]
        assert lisbon["label"] == "GPE" and lisbon["mention_count"] == 1
        assert lisbon["salience"] == round(0.5 * (0.5 * 1 / 3 + 0.3 * 1.0 + 0.2), 3)
        assert salience.salience_score(0.2, 1.0, True, "GPE", mention_count=2) == round(0.5 * 0.2 + 0.3 + 0.2, 3)
        assert salience.salience_score(0.2, 1.0, True, "PERSON", mention_count=1) == round(0.5 * 0.2 + 0.3 + 0.2, 3)
    finally:
        salience.SALIENCE_RULES["place_once_down"] = False
    assert analysed(text).entities.set_index("name").loc["Lisbon", "salience"] == round(0.5 * 1 / 3 + 0.3 + 0.2, 3)


def test_whole_word_matches_are_those_of_the_word_boundary_pattern():
    # The alias rule finds a name as re.finditer(r"(?<!\w)NAME(?!\w)") would, without a pattern per name.
    import random
    import re

    cases = [("Bush said Bushes and Bush_ and (Bush) BUSH Bush.", "Bush"), ("aaaa", "aa"), ("Zoë's Zoë Zoëx xZoë", "Zoë"),
             ("US-led US2 US US", "US"), ("", "Iran"), ("Iran", "Iran")]
    generator = random.Random(7)
    for _ in range(500):
        text = "".join(generator.choice("ab_ 1é.'-") for _ in range(generator.randint(0, 30)))
        cases.append((text, "".join(generator.choice("ab_é ") for _ in range(generator.randint(1, 3)))))
    for text, name in cases:
        expected = [(match.start(), match.end()) for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text)]
        assert list(entity_merge._whole_word_matches(text, name)) == expected, (text, name)
