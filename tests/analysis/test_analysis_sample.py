import pytest

from analysis.skm import krejcie_morgan, sample_adequacy

# Krejcie & Morgan (1970), Table 1, every entry (N → S).
PUBLISHED = {
    10: 10,
    15: 14,
    20: 19,
    25: 24,
    30: 28,
    35: 32,
    40: 36,
    45: 40,
    50: 44,
    55: 48,
    60: 52,
    65: 56,
    70: 59,
    75: 63,
    80: 66,
    85: 70,
    90: 73,
    95: 76,
    100: 80,
    110: 86,
    120: 92,
    130: 97,
    140: 103,
    150: 108,
    160: 113,
    170: 118,
    180: 123,
    190: 127,
    200: 132,
    210: 136,
    220: 140,
    230: 144,
    240: 148,
    250: 152,
    260: 155,
    270: 159,
    280: 162,
    290: 165,
    300: 169,
    320: 175,
    340: 181,
    360: 186,
    380: 191,
    400: 196,
    420: 201,
    440: 205,
    460: 210,
    480: 214,
    500: 217,
    550: 226,
    600: 234,
    650: 242,
    700: 248,
    750: 254,
    800: 260,
    850: 265,
    900: 269,
    950: 274,
    1000: 278,
    1100: 285,
    1200: 291,
    1300: 297,
    1400: 302,
    1500: 306,
    1600: 310,
    1700: 313,
    1800: 317,
    1900: 320,
    2000: 322,
    2200: 327,
    2400: 331,
    2600: 335,
    2800: 338,
    3000: 341,
    3500: 346,
    4000: 351,
    4500: 354,
    5000: 357,
    6000: 361,
    7000: 364,
    8000: 367,
    9000: 368,
    10000: 370,
    15000: 375,
    20000: 377,
    30000: 379,
    40000: 380,
    50000: 381,
    75000: 382,
    1000000: 384,
}


def test_table_size():
    assert len(PUBLISHED) == 90


@pytest.mark.parametrize(("population", "sample"), sorted(PUBLISHED.items()))
def test_published_table_entry_for_entry(population, sample):
    assert krejcie_morgan(population) == sample


def test_small_population_never_exceeds_itself():
    assert krejcie_morgan(1) == 1
    assert all(krejcie_morgan(n) <= n for n in range(1, 60))


@pytest.mark.parametrize("bad", [0, -5, 2.5, "100", True])
def test_invalid_population(bad):
    with pytest.raises(ValueError, match="population"):
        krejcie_morgan(bad)


def test_sample_adequacy_flags_shortfall():
    r = sample_adequacy(200, 1000)
    assert (r.required, r.adequate, r.shortfall) == (278, False, 78)
    assert "belum memenuhi" in r.message
    assert sample_adequacy(278, 1000).adequate
