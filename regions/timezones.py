"""Indonesia's three time zones by province (Kemendagri code): the one place this mapping lives.

WIB (UTC+7): Sumatra, Java, West and Central Kalimantan; WITA (UTC+8): Bali, Nusa Tenggara, South, East and
North Kalimantan, Sulawesi; WIT (UTC+9): Maluku and Papua (UU 41/1987 and Keppres 41/1987, with the
provinces formed since placed in the zone of the province they were carved out of).
"""
from zoneinfo import ZoneInfo

WIB, WITA, WIT = "WIB", "WITA", "WIT"
ZONES = {WIB: ZoneInfo("Asia/Jakarta"), WITA: ZoneInfo("Asia/Makassar"), WIT: ZoneInfo("Asia/Jayapura")}

ZONE_BY_PROVINCE = {
    # Sumatra
    "11": WIB, "12": WIB, "13": WIB, "14": WIB, "15": WIB, "16": WIB, "17": WIB, "18": WIB, "19": WIB, "21": WIB,
    # Java
    "31": WIB, "32": WIB, "33": WIB, "34": WIB, "35": WIB, "36": WIB,
    # Bali and Nusa Tenggara
    "51": WITA, "52": WITA, "53": WITA,
    # Kalimantan: West and Central are WIB, the rest WITA
    "61": WIB, "62": WIB, "63": WITA, "64": WITA, "65": WITA,
    # Sulawesi
    "71": WITA, "72": WITA, "73": WITA, "74": WITA, "75": WITA, "76": WITA,
    # Maluku and Papua
    "81": WIT, "82": WIT, "91": WIT, "92": WIT, "93": WIT, "94": WIT, "95": WIT, "96": WIT,
}


def zone_of(region_code):
    """(abbreviation, ZoneInfo) of a region by its code (a kabupaten/kota is in its province's zone);
    WIB for a code not in the table."""
    name = ZONE_BY_PROVINCE.get((region_code or "")[:2], WIB)
    return name, ZONES[name]
