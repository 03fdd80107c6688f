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


# (training days, long-run day), weekdays with 0 = Monday: four or five days a week, the long
# run at the weekend, and always a mid-week day away from it for a progression run.
TRAINING_WEEKS = [
    ((1, 2, 3, 5, 6), 6),
    ((0, 1, 3, 5), 5),
    ((1, 3, 4, 6), 6),
    ((0, 2, 3, 4, 6), 6),
    ((1, 2, 4, 5), 5),
]

# (block length, weeks from today to race day): the race a few months ahead, so the first
# weeks of the block are behind the athlete already; most blocks are 18 weeks, some 12.
BLOCKS = [(18, 12), (12, 8), (18, 10), (18, 14)]


class DemoProfile:
    """A plausible runner: two recent races, heart rates, the days they train, and a marathon
    a few months ahead that their block leads to."""

    def __init__(self, index: int):
        self.five_k_s, self.rest, self.max, self.lthr, self.units = PROFILES[index % len(PROFILES)]
        self.training_days, self.long_run_day = TRAINING_WEEKS[index % len(TRAINING_WEEKS)]
        self.block_weeks, self.weeks_to_race = BLOCKS[index % len(BLOCKS)]

    def race_date(self, today):
        """The marathon, on the athlete's long-run day, `weeks_to_race` weeks or a little more
        after today."""
        day = today + timedelta(weeks=self.weeks_to_race)
        return day + timedelta(days=(self.long_run_day - day.weekday()) % 7)

    def fields(self, today) -> dict:
        goal = race_time_s(vdot_from_race(5000, self.five_k_s) + 1.0, MARATHON_M)
        return {
            "units": self.units,
            "resting_hr_bpm": self.rest,
            "max_hr_bpm": self.max,
            "lthr_bpm": self.lthr,
            "training_days": list(self.training_days),
            "long_run_day": self.long_run_day,
            "goal_race_name": "City Marathon",
            "goal_race_date": self.race_date(today),
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
