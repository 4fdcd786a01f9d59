"""The compare stage: the same fact, quote or stance across sources, judged; coverage, timeline and a cited summary.

It reads what the reuse, stories and extract stages left in the report and never imports them.
"""
