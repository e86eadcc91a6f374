"""Who says a quotation: the speaker's head word is the cue's subject (the subject of the verb it is
joined to for "X smiled and said", or of the clause a participle cue hangs from: "…, saying …",
"…, stating “…”", "… by claiming …", "… is quoted as saying", or a to-clause of purpose: "rushed to TV
to say …", or of the verb an adjective completes: "are more likely to say …"), or the object of
"according to"; the speaker span is its subtree, kept out of the quotation and of a relative clause
holding the cue. ``speaker_kind``: "named" when a named mention holds the head word (or an apposition
of it), "pronoun" when the head is a pronoun (resolved with ``utils.pipeline.pronouns``; entity -1
when that fails), "unnamed" for other nouns ("officials", "a person familiar with the matter"; a head
with a named organisation among its compounds, "Iran's Irna news agency", is "named"), "none" when no
speaker was found. A speaker may stand for a set of entities: coordinated names ("Putin and Raisi"),
"both leaders" or "the two" after that many names, "they" after "X and Y".
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Token

from utils.pipeline import pronouns
from utils.pipeline.quote_context import QuoteContext
from utils.pipeline.quote_cues import prep_participle_verb
from utils.pipeline.quote_rules import RULES

# speaker rules a row's ``speaker_rule`` names instead of "subject_of_cue" when they found the speaker
SPEAKER_RULES_SHOWN = frozenset({"participle_cue", "prep_participle_cue", "purpose_clause_cue", "relative_speaker"})
# "both leaders", "the two men", "all three": how many entities a plural speaker stands for
PLURAL_NUMBERS = {"both": 2, "two": 2, "three": 3, "four": 4}
# plural heads that stand for countries or organisations rather than people ("both countries said")
PLURAL_PLACE_NOUNS = frozenset({"country", "nation", "state", "government", "capital"})
PLURAL_ORGANISATION_NOUNS = frozenset({"company", "firm", "group", "party", "organisation", "organization", "agency", "bank", "club", "team"})
PLURAL_COORDINATION_SENTENCES = 3  # how far back "both leaders" looks for "X and Y" (its own sentence counts)
SET_LABELS = ("PERSON", "ORG", "GPE")  # a set of nationalities or parties ("Democrats and Republicans") is not resolved


def speaker_head_and_rule(cue: Token) -> tuple[Token | None, str]:
    """The speaker's head word and the rule that found it ("subject_of_cue", "participle_cue", "prep_participle_cue",
    "purpose_clause_cue", "relative_speaker", "according_to"). A subject "it" reached by the climbs of
    issue 26 (prepositions, purpose clauses, adjectives) is no speaker: None, "none"."""
    if cue.lower_ == "according":
        for child in cue.children:
            if child.lower_ == "to":
                for grandchild in child.children:
                    if grandchild.dep_ == "pobj":
                        return grandchild, "according_to"
        return None, "none"
    verb, steps, rule, climbed = cue, 0, "subject_of_cue", False
    while steps < 4:
        for child in verb.children:
            if child.dep_ in {"nsubj", "nsubjpass"} and verb.dep_ != "nsubjpass":
                if climbed and child.lower_ == "it":
                    return None, "none"  # "It is worth noting that", "it was too early to tell", "It goes without saying"
                antecedent = _relative_antecedent(child)
                return antecedent, ("relative_speaker" if antecedent.i != child.i else rule)
        for child in verb.children:
            if child.dep_ == "agent":
                for grandchild in child.children:
                    if grandchild.dep_ == "pobj":
                        return grandchild, rule
        if verb.dep_ in {"conj", "xcomp"} and verb.head.i != verb.i:
            verb = verb.head
            steps += 1
            continue
        if RULES["participle_cue"] and verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.head.i != verb.i:
            verb = verb.head  # "..., saying he would resign": the subject of the clause it hangs from
            steps += 1
            rule = "participle_cue"
            continue
        if prep_participle_verb(verb) is not None:
            verb = verb.head.head  # "X stepped up the row by claiming ...", "X is quoted as saying ..."
            steps, climbed = steps + 1, True
            rule = "prep_participle_cue"
            continue
        if (RULES["purpose_clause_cue"] and verb.dep_ == "advcl" and verb.tag_ == "VB" and verb.head.i != verb.i
                and any(child.dep_ == "aux" and child.lower_ == "to" for child in verb.children)):
            verb = verb.head  # "his critics rushed to TV to say ...": the subject of the clause the purpose hangs from
            steps, climbed = steps + 1, True
            rule = "purpose_clause_cue"
            continue
        if RULES["adjective_cue"] and verb.pos_ == "ADJ" and verb.dep_ == "acomp" and verb.head.i != verb.i:
            verb = verb.head  # "voters are more likely to say ...": the subject of the verb the adjective completes
            steps, climbed = steps + 1, True
            continue
        break
    return None, "none"


def _relative_antecedent(head: Token) -> Token:
    """The noun a relative pronoun stands for ("Smith, who said"), else the head itself."""
    if (RULES["relative_speaker"] and head.tag_ in {"WP", "WDT"} and head.head.dep_ == "relcl"
            and head.head.head.i != head.head.i):
        return head.head.head
    return head


def speaker_span(head: Token, outside: tuple[int, int] | None, cue: Token | None = None) -> tuple[int, int]:
    """(first, last) tokens of the speaker: the head's subtree, kept out of ``outside`` (the quotation) and of a clause of it holding the cue."""
    first, last = head.left_edge.i, head.right_edge.i
    if cue is not None and first <= cue.i <= last:  # "Smith, who said ...": the speaker stops before its relative clause
        for child in head.children:
            if child.left_edge.i <= cue.i <= child.right_edge.i:
                if child.i > head.i:
                    last = max(child.left_edge.i - 1, head.i)
                else:
                    first = min(child.right_edge.i + 1, head.i)
                break
    if outside is not None:
        quote_first, quote_last = outside
        if first <= quote_last and quote_first <= last:  # never let the speaker run into the quotation
            if head.i < quote_first:
                last = min(last, quote_first - 1)
            else:
                first = max(first, quote_last + 1)
    if first > last:  # the head inside the quotation: the head word alone
        first = last = head.i
    doc = head.doc
    while last > first and (doc[last].is_punct or doc[last].is_space):
        last -= 1
    while first < last and (doc[first].is_punct or doc[first].is_space):
        first += 1
    return first, last


def speaker_entity(context: QuoteContext, head: Token, span: tuple[int, int]) -> tuple[int, list[int], str]:
    """(entity id, entity ids, speaker kind) of a speaker's head word, ``span`` its (first, last) tokens.

    The ids list the entities the speaker stands for: one for a person or an organisation, several for
    a set ("Putin and Raisi", "both leaders" after two names), whose single id is then -1; empty when none.
    """
    if RULES["plural_antecedents"] and head.lower_ in PLURAL_NUMBERS and _plural_number(head):  # "both said", "the two said"
        return _plural_set(context, head, _plural_number(head), "PERSON")
    if head.pos_ == "PRON" or head.lower_ in pronouns.MALE_PRONOUNS | pronouns.FEMALE_PRONOUNS | pronouns.PLURAL_PRONOUNS:
        members = _named_coordination_before(context, head) if RULES["plural_antecedents"] and head.lower_ == "they" else []
        if members:  # "X and Y met ... they said": the people, not the organisation or place the pronoun layer would take
            return -1, members, "pronoun"
        link = context.links().get(head.i)
        if link is not None:
            return link.entity_id, [link.entity_id], "pronoun"
        return -1, [], "pronoun"
    entity_id = context.entity_at(head)
    if entity_id >= 0:
        return _named(context, head, entity_id, span)
    for child in head.children:
        if child.dep_ == "appos":  # "the two objectors, Joyce and Graham"
            entity_id = context.entity_at(child)
            if entity_id >= 0:
                return _named(context, child, entity_id, span)
    if RULES["title_conj_person"] and head.tag_ == "NN":  # one role ("players and Federer" are several people)
        for child in head.children:  # "Halcyon president and chief executive Maria Lopez": titles coordinated before the name
            if child.dep_ == "conj" and span[0] <= child.i <= span[1] and context.label_at(child) == "PERSON":
                entity_id = context.entity_at(child)
                return entity_id, [entity_id], "named"  # the person alone: the other conjuncts are the person's titles
    if RULES["compound_organisation"]:
        for child in head.children:  # "Iran's Irna news agency", "the Reuters news agency"
            if child.dep_ == "compound" and context.label_at(child) == "ORG":
                entity_id = context.entity_at(child)
                return entity_id, [entity_id], "named"
    if RULES["plural_antecedents"] and _plural_number(head):  # "both leaders", "the two men"
        return _plural_set(context, head, _plural_number(head), _plural_label(head))
    if head.pos_ == "PROPN":
        return -1, [], "named"
    return -1, [], "unnamed"


def _named(context: QuoteContext, head: Token, entity_id: int, span: tuple[int, int]) -> tuple[int, list[int], str]:
    members = _coordinated_entities(context, head, entity_id, span) if RULES["plural_coordination"] else [entity_id]
    return (entity_id if len(members) == 1 else -1), members, "named"


def _coordinated_entities(context: QuoteContext, head: Token, entity_id: int, span: tuple[int, int] | None = None) -> list[int]:
    """The head's entity and those of the names coordinated with it ("Putin and Raisi"), in text order.

    Only the head's entity when a conjunct is not a name ("Putin and officials"), is a nationality or
    party ("Democrats and Republicans"), or lies outside the speaker's span.
    """
    members = [entity_id]
    stack = [child for child in head.children if child.dep_ == "conj"]
    while stack:
        token = stack.pop(0)
        other = context.entity_at(token)
        if other < 0 or (span is not None and not span[0] <= token.i <= span[1]):
            return [entity_id]
        if other not in members:
            members.append(other)
        stack += [child for child in token.children if child.dep_ == "conj"]
    if len(members) > 1 and any(context.entity_labels.get(member) not in SET_LABELS for member in members):
        return [entity_id]
    return members


def _plural_number(head: Token) -> int:
    """How many entities a definite plural speaker stands for: 2 for "both", "both leaders", "the two
    men"; 3 for "all three", "the three ministers"...; 0 for anything else, indefinite numbers included
    ("two senators present", "three people briefed on the talks": anonymous sources, not a set)."""
    if head.lower_ == "both":
        return 2
    children = list(head.children)
    definite = any(child.lower_ in {"the", "all", "these", "those"} for child in children)
    if head.lower_ in PLURAL_NUMBERS and head.pos_ in {"NUM", "DET", "PRON"}:
        return PLURAL_NUMBERS[head.lower_] if definite else 0  # "the two said", "all three said"
    if head.tag_ not in {"NNS", "NNPS"} or any(child.dep_ in {"acl", "relcl", "amod", "prep"} for child in children):
        return 0  # "the two officials who spoke", "the two former aides", "the two people at the meeting"
    for child in children:
        if child.lower_ == "both" and child.dep_ in {"det", "predet", "preconj"}:
            return 2
        if child.dep_ == "nummod" and child.lower_ in PLURAL_NUMBERS and definite:
            return PLURAL_NUMBERS[child.lower_]
    return 0


def _plural_label(head: Token) -> str:
    lemma = head.lemma_.lower()
    if lemma in PLURAL_PLACE_NOUNS:
        return "GPE"
    if lemma in PLURAL_ORGANISATION_NOUNS:
        return "ORG"
    return "PERSON"


def _plural_set(context: QuoteContext, head: Token, number: int, label: str) -> tuple[int, list[int], str]:
    """"named" with the ``number`` entities of ``label`` the text names just before the head: the latest
    coordination of that many in the last ``PLURAL_COORDINATION_SENTENCES`` sentences ("Raisi and Putin
    ... both leaders"), else all such entities in the head's sentence and the one before when there are
    exactly that many ("Raisi's visit follows Putin's tour. Both leaders ..."); else "unnamed" with none."""
    for start, end, _, mention_label in _mentions_before(context, head, sentences=PLURAL_COORDINATION_SENTENCES):
        if mention_label != label:
            continue
        members = _coordination_of(context, start, end)
        if len(members) == number and all(context.entity_labels.get(member) == label for member in members):
            return -1, members, "named"
    members = list(dict.fromkeys(row[2] for row in _mentions_before(context, head) if row[3] == label))
    if len(members) == number:
        return -1, members[::-1], "named"
    return -1, [], "unnamed"


def _coordination_of(context: QuoteContext, start: int, end: int) -> list[int]:
    """The entities of the coordination a named mention belongs to ("X, Y and Z"), or its entity alone."""
    token = context.doc[context.token_range(start, end)[1]]
    while token.dep_ == "conj" and context.entity_at(token.head) >= 0:
        token = token.head  # climb to the first name of the coordination
    return _coordinated_entities(context, token, context.entity_at(token))


def _mentions_before(context: QuoteContext, head: Token, *, sentences: int = 2) -> list[tuple[int, int, int, str]]:
    """Named mentions ending before the head in its sentence and the ``sentences - 1`` before, most recent first."""
    index = context.sentence_index(head.idx)
    window_start = context.sentence_starts[max(index - sentences + 1, 0)]
    position = bisect_right(context.mention_starts, head.idx) - 1
    found = []
    while position >= 0 and context.mention_rows[position][0] >= window_start:
        row = context.mention_rows[position]
        if row[1] <= head.idx:
            found.append(row)
        position -= 1
    return found


def _named_coordination_before(context: QuoteContext, head: Token) -> list[int]:
    """For "they": the entities of the latest coordination of named people before it ("X and Y met ... they")."""
    for start, end, _, label in _mentions_before(context, head):
        if label != "PERSON":
            continue
        members = _coordination_of(context, start, end)
        if len(members) >= 2 and all(context.entity_labels.get(member) == "PERSON" for member in members):
            return members
        return []  # only the latest person counts
    return []
