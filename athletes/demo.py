"""Demo people: realistic, distinct names in a fixed order, so every run makes the same data."""

from datetime import timedelta

from athletes.paces import MARATHON_M, race_time_s, vdot_from_race

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


# (5K time in seconds, resting HR, max HR, LTHR, units): fitness from VDOT ~38 to ~60.
PROFILES = [
    (1197, 46, 186, 168, "km"),
    (1330, 52, 190, 171, "mi"),
    (1095, 44, 182, 166, "km"),
    (1460, 55, 194, 174, "km"),
    (1250, 50, 188, 169, "mi"),
    (1025, 42, 180, 165, "km"),
]


class DemoProfile:
    """A plausible runner: two recent races, heart rates and a marathon after the weeks."""

    def __init__(self, index: int):
        self.five_k_s, self.rest, self.max, self.lthr, self.units = PROFILES[index % len(PROFILES)]

    def fields(self, today, weeks: int) -> dict:
        goal = race_time_s(vdot_from_race(5000, self.five_k_s) + 1.0, MARATHON_M)
        return {
            "units": self.units,
            "resting_hr_bpm": self.rest,
            "max_hr_bpm": self.max,
            "lthr_bpm": self.lthr,
            "goal_race_name": "City Marathon",
            "goal_race_date": today + timedelta(weeks=weeks + 4),
            "goal_race_distance_m": MARATHON_M,
            "goal_time_s": round(goal / 60) * 60,
        }

    def results(self, today, weeks: int) -> list[dict]:
        vdot = vdot_from_race(5000, self.five_k_s)
        half = round(race_time_s(vdot - 0.5, 21097.5))
        return [
            {
                "name": "Parkrun",
                "date": today - timedelta(weeks=weeks),
                "distance_m": 5000,
                "time_s": self.five_k_s + 25,
            },
            {
                "name": "Spring Half",
                "date": today - timedelta(weeks=max(weeks // 2, 1)),
                "distance_m": 21097.5,
                "time_s": half,
            },
            {
                "name": "Parkrun",
                "date": today - timedelta(weeks=1),
                "distance_m": 5000,
                "time_s": self.five_k_s,
            },
        ]


def demo_profile(index: int) -> DemoProfile:
    return DemoProfile(index)
