"""Amounts in different currencies compared: "$136 million", "€103 million" and "£88m" can state one sum.

Each non-dollar amount becomes a dollar interval at the yearly average rate of the year the article speaks in
(its ``as_of``, else the story's year), widened by ``RATE_SLACK`` for how far a rate moves within a year and for
the rounding of converted figures; a year outside the table takes the nearest year's rate and ``FAR_SLACK``.
Currencies the table does not hold never meet another currency: their amounts align with their own kind only.

The rates are annual averages of the US Federal Reserve's foreign exchange series (H.10 / G.5A), rounded to three
figures: enough for "is £910,000 the same sum as almost $2 million?" (no: about $1.4 million), not for accounting.
"""
from __future__ import annotations

FIRST_YEAR = 2000
# US dollars per unit of each currency, one figure per year from FIRST_YEAR on.
USD_PER = {
    "EUR": (0.924, 0.896, 0.945, 1.131, 1.244, 1.245, 1.256, 1.371, 1.471, 1.393, 1.327, 1.392, 1.286, 1.328, 1.329,
            1.110, 1.107, 1.130, 1.181, 1.120, 1.142, 1.183, 1.053, 1.081, 1.082, 1.13),
    "GBP": (1.516, 1.440, 1.501, 1.634, 1.832, 1.820, 1.843, 2.002, 1.853, 1.566, 1.546, 1.604, 1.585, 1.565, 1.648,
            1.528, 1.355, 1.289, 1.335, 1.277, 1.284, 1.376, 1.237, 1.244, 1.278, 1.32),
    "CAD": (0.673, 0.646, 0.637, 0.716, 0.770, 0.826, 0.882, 0.935, 0.943, 0.880, 0.971, 1.011, 1.001, 0.971, 0.906,
            0.783, 0.755, 0.771, 0.772, 0.754, 0.746, 0.798, 0.769, 0.741, 0.730, 0.72),
    "AUD": (0.582, 0.517, 0.544, 0.652, 0.736, 0.763, 0.753, 0.838, 0.853, 0.792, 0.919, 1.034, 1.036, 0.968, 0.903,
            0.752, 0.744, 0.767, 0.748, 0.695, 0.691, 0.751, 0.694, 0.665, 0.660, 0.645),
}
# Units of each currency per US dollar, likewise.
PER_USD = {
    "JPY": (107.8, 121.5, 125.3, 115.9, 108.2, 110.2, 116.3, 117.8, 103.4, 93.6, 87.8, 79.7, 79.8, 97.6, 105.9,
            121.0, 108.8, 112.1, 110.4, 109.0, 106.8, 109.8, 131.5, 140.5, 151.4, 149.0),
    "CHF": (1.69, 1.69, 1.56, 1.35, 1.24, 1.25, 1.25, 1.20, 1.08, 1.09, 1.04, 0.89, 0.94, 0.93, 0.92, 0.96, 0.99,
            0.98, 0.98, 0.99, 0.94, 0.91, 0.95, 0.90, 0.88, 0.84),
    "INR": (44.9, 47.2, 48.6, 46.6, 45.3, 44.1, 45.3, 41.3, 43.5, 48.4, 45.7, 46.7, 53.4, 58.6, 61.0, 64.2, 67.2,
            65.1, 68.4, 70.4, 74.1, 73.9, 78.6, 82.6, 83.7, 86.0),
    "CNY": (8.28, 8.28, 8.28, 8.28, 8.28, 8.19, 7.97, 7.61, 6.95, 6.83, 6.77, 6.46, 6.31, 6.15, 6.16, 6.28, 6.64,
            6.76, 6.62, 6.91, 6.90, 6.45, 6.73, 7.08, 7.19, 7.20),
}
RATE_SLACK = 0.10  # +-10 %: a year's swing of a major rate, and a converted figure's rounding
FAR_SLACK = 0.30  # +-30 %: a year the table does not hold


def convertible(unit: str) -> bool:
    return unit == "USD" or unit in USD_PER or unit in PER_USD


def usd_rate(unit: str, year: int | None) -> tuple[float, float] | None:
    """(low, high) US dollars per unit of ``unit`` in ``year``; None for a currency the table does not hold."""
    if unit == "USD":
        return (1.0, 1.0)
    table = USD_PER.get(unit) or PER_USD.get(unit)
    if table is None:
        return None
    last = FIRST_YEAR + len(table) - 1
    at = min(max(year or last, FIRST_YEAR), last)
    rate = table[at - FIRST_YEAR] if unit in USD_PER else 1 / table[at - FIRST_YEAR]
    slack = RATE_SLACK if year is not None and FIRST_YEAR <= year <= last else FAR_SLACK
    return (rate * (1 - slack), rate * (1 + slack))


def in_usd(interval: tuple[float, float], rate: tuple[float, float]) -> tuple[float, float]:
    return (interval[0] * rate[0], interval[1] * rate[1])
