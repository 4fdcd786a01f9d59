"""Reading the articles: entities with aliases, quotes with speakers, events, numeric facts, dates, positions.

``stage.run(report)`` is the entry point; every finding is anchored to ``(article, start, end)`` in the
cleaned ``Article.text``. Modules follow the findings: ``entities`` (names and titles in one article),
``aliases`` (one entity across the corpus), ``speakers`` (who a subject is), ``quotes`` and ``speech``
(direct and reported speech), ``events``, ``numbers``, ``timex``, ``positions``; ``lexicon`` holds the
shared word lists.
"""
