"""The pipeline: an Article becomes the cached tables, from one spaCy parse (its code is part of the cache key).

- ``tables.py``: the scope, the one parse and every table from it; ``schema.py``: each table's columns and types;
  ``nlp.py``: loading the spaCy pipeline (a setting) and parsing with preset sentence starts.
- ``sentences.py`` (sentence boundaries) and ``tokens.py`` (the tokens table).
- Entities: ``entities.py`` (the mentions and entities tables), ``recognition.py`` (mentions from the model
  and the correction rules), ``truecase.py`` (all-caps text), ``names.py`` (name keys, word lists),
  ``entity_merge.py`` (mentions merged into entities), ``salience.py``, ``entity_rules.py`` (the switches).
- Who speaks: ``quotes.py`` (the quotes table), ``quote_marks.py``, ``quote_cues.py``, ``quote_speakers.py``,
  ``quote_context.py``, ``quote_rules.py`` (the switches); ``pronouns.py`` (person pronouns → named
  antecedents); ``speakers.py`` (what each entity says and how often it is named: the two layers joined to the tables).
- ``sentiment.py``: sentence, paragraph and targeted sentiment; ``keyphrases.py``: each article's key phrases.
"""
