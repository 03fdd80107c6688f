"""Demo people: realistic, distinct names in a fixed order, so every run makes the same data."""

FIRST_NAMES = [
    "Amara",
    "Lukas",
    "Sofia",
    "Mateo",
    "Ingrid",
    "Kenji",
    "Priya",
    "Tomás",
    "Elena",
    "Jonas",
    "Chloé",
    "Rafael",
    "Nadia",
    "Oskar",
    "Leila",
    "Daniel",
    "Freya",
    "Hugo",
    "Mei",
    "Aidan",
    "Zara",
    "Emil",
    "Carmen",
    "Viktor",
    "Hanna",
    "Idris",
    "Lucía",
    "Felix",
    "Aiko",
    "Samuel",
]
LAST_NAMES = [
    "Okafor",
    "Berg",
    "Rossi",
    "Fernández",
    "Lindqvist",
    "Tanaka",
    "Raman",
    "Novak",
    "Petrova",
    "Schmidt",
    "Dubois",
    "Costa",
    "Haddad",
    "Nyström",
    "Karimi",
    "Walsh",
    "Jensen",
    "Moreau",
    "Chen",
    "Murphy",
    "Mensah",
    "Kowalski",
    "Ortega",
    "Volkov",
    "Meyer",
    "Abdi",
    "Navarro",
    "Wagner",
    "Sato",
    "Brennan",
    "Keller",
]
COACH_NAMES = [
    ("Maria", "Hernández"),
    ("Peter", "Lindgren"),
    ("Grace", "Wanjiru"),
    ("Tom", "Whitaker"),
    ("Yuki", "Nakamura"),
    ("Brigid", "O'Sullivan"),
    ("Alessandro", "Bianchi"),
    ("Ruth", "Abebe"),
]


def coach_name(index: int) -> tuple[str, str]:
    """The index-th coach's name (0-based); past the list, names still differ."""
    first, last = COACH_NAMES[index % len(COACH_NAMES)]
    if index >= len(COACH_NAMES):
        last = f"{last}-{LAST_NAMES[index % len(LAST_NAMES)]}"
    return first, last


def athlete_name(index: int) -> tuple[str, str]:
    """The index-th athlete's name overall (0-based). 30 × 31 = 930 distinct pairs, because
    both lists step together and their lengths share no factor."""
    return FIRST_NAMES[index % len(FIRST_NAMES)], LAST_NAMES[index % len(LAST_NAMES)]
