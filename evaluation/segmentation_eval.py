"""Measuring sentence segmenters on the project's hand-written hard cases."""

from __future__ import annotations

from typing import Callable, Sequence

import pandas as pd

from utils.pipeline.sentences import Span, pysbd_spans, split_sentences

SEGMENTATION_CASES: tuple[tuple[str, str, tuple[str, ...]], ...] = tuple(
    (case_class, paragraph, tuple(expected))
    for case_class, paragraph, expected in [
    # abbreviations
    ("abbreviation", "Mr. Smith met Dr. Jones in Washington. They talked for an hour.",
     ["Mr. Smith met Dr. Jones in Washington.", "They talked for an hour."]),
    ("abbreviation", "Gen. Mark Milley said the U.S. military was ready. Officials in Kyiv welcomed the remark.",
     ["Gen. Mark Milley said the U.S. military was ready.", "Officials in Kyiv welcomed the remark."]),
    ("abbreviation", "The vote was held on Oct. 5 in the capital. Turnout was low.",
     ["The vote was held on Oct. 5 in the capital.", "Turnout was low."]),
    ("abbreviation", "The blast happened at 9 a.m. local time, police said. No one was hurt.",
     ["The blast happened at 9 a.m. local time, police said.", "No one was hurt."]),
    ("abbreviation", "Talks ended at 11 p.m. Negotiators will meet again on Friday.",
     ["Talks ended at 11 p.m.", "Negotiators will meet again on Friday."]),
    ("abbreviation", "The company moved its headquarters to the U.S. Its shares rose 4%.",
     ["The company moved its headquarters to the U.S.", "Its shares rose 4%."]),
    ("abbreviation", "Sen. Warren and Rep. Ocasio-Cortez wrote to Gov. Hochul on Jan. 12. She has not replied.",
     ["Sen. Warren and Rep. Ocasio-Cortez wrote to Gov. Hochul on Jan. 12.", "She has not replied."]),
    ("abbreviation", "Apple Inc. reported record sales. Microsoft Corp. did not comment.",
     ["Apple Inc. reported record sales.", "Microsoft Corp. did not comment."]),
    ("abbreviation", "Prof. Li leads the team at St. Mary's hospital, e.g. on trials of new drugs, vs. placebo. Results are due in May.",
     ["Prof. Li leads the team at St. Mary's hospital, e.g. on trials of new drugs, vs. placebo.", "Results are due in May."]),
    # initials
    ("initials", "The novel by J. R. R. Tolkien sold well. Its sequel did better.",
     ["The novel by J. R. R. Tolkien sold well.", "Its sequel did better."]),
    ("initials", "George W. Bush spoke first. John F. Kennedy Airport was closed.",
     ["George W. Bush spoke first.", "John F. Kennedy Airport was closed."]),
    ("initials", "The report was written by A. Sharma and K. Osei. Both work in Accra.",
     ["The report was written by A. Sharma and K. Osei.", "Both work in Accra."]),
    # decimals and money
    ("numbers", "Inflation rose to 3.2 per cent in March. Economists had expected 2.9.",
     ["Inflation rose to 3.2 per cent in March.", "Economists had expected 2.9."]),
    ("numbers", "The deal is worth $4.5bn. It was signed on Monday.",
     ["The deal is worth $4.5bn.", "It was signed on Monday."]),
    ("numbers", "Shares fell 0.75% to €12.40 in Frankfurt. Rivals gained.",
     ["Shares fell 0.75% to €12.40 in Frankfurt.", "Rivals gained."]),
    ("numbers", "The fine was £1.2m, or about US$1.5 million. The firm will appeal.",
     ["The fine was £1.2m, or about US$1.5 million.", "The firm will appeal."]),
    ("numbers", "Version 2.0.1 fixed the bug. Users should update.",
     ["Version 2.0.1 fixed the bug.", "Users should update."]),
    # quotations and parentheses closing after the full stop
    ("quotes", "\"We will not give up.\" The minister left the room.",
     ["\"We will not give up.\"", "The minister left the room."]),
    ("quotes", "She said: “The talks were useful.” Then she took questions.",
     ["She said: “The talks were useful.”", "Then she took questions."]),
    ("quotes", "He called it ‘a disaster.’ Others disagreed.",
     ["He called it ‘a disaster.’", "Others disagreed."]),
    ("quotes", "The law passed easily. (It had cross-party support.) Critics were silent.",
     ["The law passed easily.", "(It had cross-party support.)", "Critics were silent."]),
    ("quotes", "Prices rose sharply (see chart.) Wages did not keep up.",
     ["Prices rose sharply (see chart.)", "Wages did not keep up."]),
    ("quotes", "“This is a good day,” said Ms. Ardern. “We have work to do.”",
     ["“This is a good day,” said Ms. Ardern.", "“We have work to do.”"]),
    # exclamations and questions inside quotes
    ("quote_punctuation", "“Is this the end?” he asked the crowd. Nobody answered.",
     ["“Is this the end?” he asked the crowd.", "Nobody answered."]),
    ("quote_punctuation", "\"Get out!\" shouted a protester. Police moved in.",
     ["\"Get out!\" shouted a protester.", "Police moved in."]),
    ("quote_punctuation", "She asked: “Who pays?” The answer came quickly.",
     ["She asked: “Who pays?”", "The answer came quickly."]),
    ("quote_punctuation", "Why now? Because the money ran out! That is the whole story.",
     ["Why now?", "Because the money ran out!", "That is the whole story."]),
    # ellipses
    ("ellipsis", "He paused... then he walked away.",
     ["He paused... then he walked away."]),
    ("ellipsis", "The talks went on and on… Finally, a deal was struck.",
     ["The talks went on and on…", "Finally, a deal was struck."]),
    ("ellipsis", "“I don’t know . . . maybe,” she said. Then she left.",
     ["“I don’t know . . . maybe,” she said.", "Then she left."]),
    ("ellipsis", "Nobody expected it... But the result stood.",
     ["Nobody expected it...", "But the result stood."]),
    # lists
    ("lists", "The plan has three steps: 1. cut costs, 2. raise prices, 3. hire staff. It starts in June.",
     ["The plan has three steps: 1. cut costs, 2. raise prices, 3. hire staff.", "It starts in June."]),
    ("lists", "1. Cut costs. 2. Raise prices. 3. Hire staff.",
     ["1. Cut costs.", "2. Raise prices.", "3. Hire staff."]),
    ("lists", "• Schools reopen on Monday • Shops stay closed • Masks remain mandatory",
     ["• Schools reopen on Monday", "• Shops stay closed", "• Masks remain mandatory"]),
    ("lists", "Key points: a) the border stays open; b) aid flows. Both sides agreed.",
     ["Key points: a) the border stays open; b) aid flows.", "Both sides agreed."]),
    # URLs and e-mail
    ("urls", "Read the full report at https://www.example.org/reports/2023.pdf. It runs to 90 pages.",
     ["Read the full report at https://www.example.org/reports/2023.pdf.", "It runs to 90 pages."]),
    ("urls", "Tips can be sent to news.desk@example.co.uk. All messages are confidential.",
     ["Tips can be sent to news.desk@example.co.uk.", "All messages are confidential."]),
    ("urls", "Visit www.gov.uk for details. Forms are available online.",
     ["Visit www.gov.uk for details.", "Forms are available online."]),
    ("urls", "The site example.com/news?id=4.5 was down. Engineers fixed it.",
     ["The site example.com/news?id=4.5 was down.", "Engineers fixed it."]),
    # held out: written after the rules above, before measuring them (19/20 first time)
    ("abbreviation", "Lt. Col. Vindman testified on Tuesday. His lawyer spoke afterwards.",
     ["Lt. Col. Vindman testified on Tuesday.", "His lawyer spoke afterwards."]),
    ("abbreviation", "The firm, based in the U.K., cut 300 jobs. Unions said they would fight.",
     ["The firm, based in the U.K., cut 300 jobs.", "Unions said they would fight."]),
    ("abbreviation", "Flights resume on Sept. 3, the airline said. Passengers were relieved.",
     ["Flights resume on Sept. 3, the airline said.", "Passengers were relieved."]),
    ("abbreviation", "The meeting is at 10 a.m. on Monday. Reporters may attend.",
     ["The meeting is at 10 a.m. on Monday.", "Reporters may attend."]),
    ("abbreviation", "Sanctions were imposed by the E.U. The Kremlin called them illegal.",
     ["Sanctions were imposed by the E.U.", "The Kremlin called them illegal."]),
    ("initials", "Martin Luther King Jr. was born in Atlanta. He died in 1968.",
     ["Martin Luther King Jr. was born in Atlanta.", "He died in 1968."]),
    ("initials", "The winner, H. G. Wells, was absent. His agent accepted.",
     ["The winner, H. G. Wells, was absent.", "His agent accepted."]),
    ("numbers", "Growth slowed to 1.8%. The bank kept rates at 5.25 per cent.",
     ["Growth slowed to 1.8%.", "The bank kept rates at 5.25 per cent."]),
    ("numbers", "Tickets cost $12.50 each. About 3.4 million were sold.",
     ["Tickets cost $12.50 each.", "About 3.4 million were sold."]),
    ("quotes", "“We are ready.” That was all he would say.",
     ["“We are ready.”", "That was all he would say."]),
    ("quotes", "The army denied it (a spokesman called the claim “absurd.”) Fighting continued.",
     ["The army denied it (a spokesman called the claim “absurd.”)", "Fighting continued."]),
    ("quote_punctuation", "“Where is the money?” asked one voter. “We want answers!”",
     ["“Where is the money?” asked one voter.", "“We want answers!”"]),
    ("quote_punctuation", "He shouted “Stop!” and the car halted. Nobody was injured.",
     ["He shouted “Stop!” and the car halted.", "Nobody was injured."]),
    ("ellipsis", "It was over… or so they thought.",
     ["It was over… or so they thought."]),
    ("ellipsis", "We waited. And waited... Then the results came.",
     ["We waited.", "And waited...", "Then the results came."]),
    ("lists", "Demands included: (1) a ceasefire; (2) aid access. Talks resume today.",
     ["Demands included: (1) a ceasefire; (2) aid access.", "Talks resume today."]),
    ("lists", "• Prices up 4% • Wages flat",
     ["• Prices up 4%", "• Wages flat"]),
    ("urls", "Email press@un.org or call the office. Lines open at nine.",
     ["Email press@un.org or call the office.", "Lines open at nine."]),
    ("urls", "See http://example.net/a.b/c?x=1&y=2. Comments are closed.",
     ["See http://example.net/a.b/c?x=1&y=2.", "Comments are closed."]),
    ("urls", "The petition on change.org has 10,000 names. Organisers want more.",
     ["The petition on change.org has 10,000 names.", "Organisers want more."]),
]
)


def segmenters() -> dict[str, Callable[[str], list[str]]]:
    """The segmenters compared by :func:`segmentation_accuracy`: paragraph → sentence texts."""
    import spacy

    from utils.pipeline.nlp import load_model

    sentencizer = spacy.blank("en")
    sentencizer.add_pipe("sentencizer")

    def spacy_sentences(nlp) -> Callable[[str], list[str]]:
        return lambda text: [sentence.text.strip() for sentence in nlp(text).sents if sentence.text.strip()]

    def texts(split: Callable[[str], list[Span]]) -> Callable[[str], list[str]]:
        return lambda text: [text[start:end] for start, end in split(text)]

    return {
        "pysbd + repairs (ours)": texts(split_sentences),
        "pysbd": texts(pysbd_spans),
        "spacy parser": spacy_sentences(load_model()),
        "spacy sentencizer": spacy_sentences(sentencizer),
    }


def segmentation_accuracy(
    cases: Sequence[tuple[str, str, Sequence[str]]] = SEGMENTATION_CASES,
    *,
    which: dict[str, Callable[[str], list[str]]] | None = None,
) -> pd.DataFrame:
    """Share of cases each segmenter splits exactly right, per case class and over all (``all``).

    Columns: segmenter, case_class, cases, exactly_right, accuracy.
    """
    rows = []
    for name, segment in (which or segmenters()).items():
        for case_class, paragraph, expected in cases:
            rows.append({"segmenter": name, "case_class": case_class, "right": segment(paragraph) == list(expected)})
    results = pd.DataFrame(rows)
    overall = results.assign(case_class="all")
    table = (
        pd.concat([results, overall])
        .groupby(["segmenter", "case_class"], sort=False)["right"]
        .agg(cases="size", exactly_right="sum")
        .reset_index()
    )
    table["accuracy"] = table["exactly_right"] / table["cases"]
    return table


def segmentation_failures(
    cases: Sequence[tuple[str, str, Sequence[str]]] = SEGMENTATION_CASES,
    *,
    segment: Callable[[str], list[str]] | None = None,
) -> pd.DataFrame:
    """The cases a segmenter (ours by default) gets wrong: case_class, paragraph, expected, got."""
    segment = segment or (lambda text: [text[start:end] for start, end in split_sentences(text)])
    rows = []
    for case_class, paragraph, expected in cases:
        got = segment(paragraph)
        if got != list(expected):
            rows.append({"case_class": case_class, "paragraph": paragraph, "expected": list(expected), "got": got})
    return pd.DataFrame(rows, columns=["case_class", "paragraph", "expected", "got"])
