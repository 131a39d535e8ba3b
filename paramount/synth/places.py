"""Places for synthetic households: postcode districts, towns, localities and streets.

Districts follow the default area configuration (OX1-OX4 Oxford, other OX Oxfordshire,
HP/SL/MK Buckinghamshire, RG West Berkshire, B Birmingham) plus a ring of districts outside
the participating areas. Each district has a weight (bigger towns hold more households).
"""

from __future__ import annotations


def _words(text: str) -> list[str]:
    """The whitespace-separated words of a block of text (keeps long name lists readable)."""
    return text.split()


# Inward codes: a digit then two letters from this set (UK postcode rules).
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

# area name -> source family (whose local services hold the records)
AREA_FAMILY: dict[str, str] = {
    "Oxford": "OXON",
    "Oxfordshire": "OXON",
    "Buckinghamshire": "BUCKS",
    "West Berkshire": "WBERKS",
    "Birmingham": "BHAM",
}

# Share of the region's households living in each area, and outside all areas (None).
AREA_WEIGHTS: dict[str | None, float] = {
    "Oxford": 7,
    "Oxfordshire": 17,
    "Buckinghamshire": 27,
    "West Berkshire": 15,
    "Birmingham": 26,
    None: 8,
}


def _range(prefix: str, numbers, town: str, weight: float = 1.0):
    return [(f"{prefix}{n}", town, weight) for n in numbers]


# (district, town, weight)
DISTRICTS: dict[str | None, list[tuple[str, str, float]]] = {
    "Oxford": _range("OX", range(1, 5), "Oxford", 1.0),
    "Oxfordshire": [
        ("OX5", "Kidlington", 1.0),
        ("OX7", "Chipping Norton", 0.6),
        ("OX9", "Thame", 0.7),
        ("OX10", "Wallingford", 0.8),
        ("OX11", "Didcot", 1.4),
        ("OX12", "Wantage", 0.9),
        ("OX13", "Abingdon", 0.5),
        ("OX14", "Abingdon", 1.3),
        ("OX15", "Banbury", 0.5),
        ("OX16", "Banbury", 1.5),
        ("OX17", "Banbury", 0.5),
        ("OX18", "Carterton", 0.9),
        ("OX20", "Woodstock", 0.3),
        ("OX25", "Bicester", 0.4),
        ("OX26", "Bicester", 1.4),
        ("OX27", "Bicester", 0.4),
        ("OX28", "Witney", 1.2),
        ("OX29", "Witney", 0.8),
        ("OX33", "Wheatley", 0.3),
        ("OX39", "Chinnor", 0.3),
        ("OX44", "Garsington", 0.3),
        ("OX49", "Watlington", 0.3),
    ],
    "Buckinghamshire": [
        ("HP5", "Chesham", 0.6),
        ("HP6", "Amersham", 0.5),
        ("HP7", "Amersham", 0.4),
        ("HP8", "Chalfont St Giles", 0.3),
        ("HP9", "Beaconsfield", 0.5),
        ("HP10", "High Wycombe", 0.5),
        ("HP11", "High Wycombe", 0.8),
        ("HP12", "High Wycombe", 0.9),
        ("HP13", "High Wycombe", 0.9),
        ("HP14", "High Wycombe", 0.4),
        ("HP15", "High Wycombe", 0.5),
        ("HP16", "Great Missenden", 0.3),
        ("HP17", "Aylesbury", 0.3),
        ("HP18", "Aylesbury", 0.4),
        ("HP19", "Aylesbury", 1.0),
        ("HP20", "Aylesbury", 0.8),
        ("HP21", "Aylesbury", 0.9),
        ("HP22", "Aylesbury", 0.6),
        ("HP23", "Tring", 0.4),
        ("HP27", "Princes Risborough", 0.3),
        ("SL0", "Iver", 0.4),
        ("SL1", "Slough", 1.3),
        ("SL2", "Slough", 1.0),
        ("SL3", "Slough", 0.9),
        ("SL4", "Windsor", 0.7),
        ("SL5", "Ascot", 0.4),
        ("SL6", "Maidenhead", 1.0),
        ("SL7", "Marlow", 0.5),
        ("SL8", "Bourne End", 0.2),
        ("SL9", "Gerrards Cross", 0.3),
        *_range("MK", range(1, 16), "Milton Keynes", 0.7),
        ("MK16", "Newport Pagnell", 0.5),
        ("MK17", "Milton Keynes", 0.4),
        ("MK18", "Buckingham", 0.5),
        ("MK19", "Milton Keynes", 0.3),
        *_range("MK", range(40, 46), "Bedford", 0.6),
        ("MK46", "Olney", 0.2),
    ],
    "West Berkshire": [
        *_range("RG", range(1, 7), "Reading", 1.2),
        ("RG7", "Reading", 0.6),
        ("RG8", "Reading", 0.4),
        ("RG9", "Henley-on-Thames", 0.4),
        ("RG10", "Reading", 0.4),
        ("RG12", "Bracknell", 1.0),
        ("RG14", "Newbury", 1.0),
        ("RG17", "Hungerford", 0.3),
        ("RG18", "Thatcham", 0.6),
        ("RG19", "Thatcham", 0.5),
        ("RG20", "Newbury", 0.3),
        *_range("RG", range(21, 25), "Basingstoke", 0.8),
        ("RG25", "Basingstoke", 0.3),
        ("RG26", "Tadley", 0.4),
        ("RG27", "Hook", 0.3),
        ("RG28", "Whitchurch", 0.2),
        ("RG29", "Odiham", 0.2),
        ("RG30", "Reading", 1.0),
        ("RG31", "Reading", 0.8),
        ("RG40", "Wokingham", 0.8),
        ("RG41", "Wokingham", 0.7),
        ("RG42", "Bracknell", 0.6),
        ("RG45", "Crowthorne", 0.3),
    ],
    "Birmingham": [
        *_range("B", range(1, 49), "Birmingham", 1.0),
        *_range("B", range(72, 77), "Sutton Coldfield", 0.8),
    ],
    None: [
        *_range("CV", range(1, 7), "Coventry", 1.0),
        ("CV31", "Leamington Spa", 0.6),
        ("CV34", "Warwick", 0.5),
        *_range("NN", range(1, 6), "Northampton", 0.8),
        ("NN8", "Wellingborough", 0.5),
        *_range("GL", range(1, 5), "Gloucester", 0.7),
        *_range("GL", range(50, 54), "Cheltenham", 0.6),
        *_range("SN", range(1, 6), "Swindon", 0.9),
        *_range("WV", range(1, 15), "Wolverhampton", 0.6),
        *_range("LU", range(1, 5), "Luton", 0.9),
    ],
}

# For households outside the areas: the participating family whose services are most likely
# to hold something about them (schools across the border, police, an earlier address).
OUTSIDE_NEIGHBOUR_FAMILY: dict[str, str] = {
    "CV": "BHAM",
    "WV": "BHAM",
    "NN": "BUCKS",
    "LU": "BUCKS",
    "GL": "OXON",
    "SN": "WBERKS",
}

LOCALITIES: dict[str, tuple[str, ...]] = {
    "Oxford": (
        "Headington",
        "Cowley",
        "Blackbird Leys",
        "Littlemore",
        "Marston",
        "Jericho",
        "Summertown",
        "Rose Hill",
        "Barton",
        "Botley",
        "Iffley",
        "Wood Farm",
    ),
    "Banbury": ("Grimsbury", "Neithrop", "Ruscote", "Bretch Hill", "Easington"),
    "Bicester": ("Kingsmere", "Langford Village", "Bure Park", "Elmsbrook"),
    "Witney": ("Madley Park", "Cogges", "Smith's Estate"),
    "Abingdon": ("Caldecott", "Peachcroft", "Northcourt"),
    "Didcot": ("Great Western Park", "Ladygrove", "Parkway"),
    "Aylesbury": ("Southcourt", "Quarrendon", "Fairford Leys", "Berryfields", "Walton Court"),
    "High Wycombe": ("Castlefield", "Totteridge", "Micklefield", "Booker", "Desborough"),
    "Milton Keynes": (
        "Bletchley",
        "Fishermead",
        "Netherfield",
        "Wolverton",
        "Stantonbury",
        "Kents Hill",
        "Oakgrove",
        "Conniburrow",
    ),
    "Slough": ("Chalvey", "Britwell", "Cippenham", "Langley", "Manor Park", "Wexham"),
    "Reading": ("Whitley", "Caversham", "Tilehurst", "Southcote", "Earley", "Coley"),
    "Newbury": ("Greenham", "Speen", "Wash Common", "Shaw"),
    "Birmingham": (
        "Sparkhill",
        "Small Heath",
        "Handsworth",
        "Erdington",
        "Aston",
        "Kingstanding",
        "Northfield",
        "Sparkbrook",
        "Ladywood",
        "Alum Rock",
        "Selly Oak",
        "Acocks Green",
        "Castle Vale",
        "Bordesley Green",
        "Moseley",
        "Stechford",
        "Hodge Hill",
        "Longbridge",
    ),
    "Sutton Coldfield": ("Boldmere", "Wylde Green", "Four Oaks", "Falcon Lodge"),
    "Coventry": ("Foleshill", "Tile Hill", "Canley", "Hillfields", "Wood End"),
    "Northampton": ("Kingsthorpe", "Duston", "Abington", "Far Cotton"),
    "Swindon": ("Penhill", "Walcot", "Pinehurst", "Rodbourne"),
    "Wolverhampton": ("Whitmore Reans", "Low Hill", "Bilston", "Wednesfield"),
    "Luton": ("Bury Park", "Lewsey Farm", "Marsh Farm", "Farley Hill"),
    "Gloucester": ("Matson", "Tuffley", "Barton", "Kingsholm"),
    "Cheltenham": ("Hesters Way", "St Paul's", "Whaddon"),
}

_STREET_STEMS = _words(
    """Church Station Mill Park Victoria Albert King's Queen's Manor Green Grove
Oak Elm Ash Beech Chestnut Willow Meadow Orchard Windsor York Cromwell Nelson Wellington
Jubilee Coronation Highfield Springfield Westfield Mayfield
Brookside Riverside Hillside Valley Mount Bridge School Chapel Castle Abbey Priory Market
North South East West New Old Long Wood Hawthorn Holly Ivy Laurel Rowan Sycamore Cedar Maple
Lime Poplar Alder Hazel Heather Primrose Bluebell Foxglove Lavender Fern Kestrel Falcon
Swallow Robin Wren Lark Cherry Apple Pear Plum Lime Kiln Quarry Forge Brewery Canal Wharf
Lock Ferry Weir Marsh Moor Heath Common Fairfield Broadway Kingsway Queensway Milton Shelley
Byron Keats Tennyson Wordsworth Dickens Austen Brontë Darwin Newton Faraday Churchill Attlee
Gladstone Disraeli Pitt Peel Grenville Stanley Derby Howard Grosvenor Cavendish Russell
Spencer Neville Percy Cecil Beaufort Raleigh Drake Hampden Marlborough Blenheim Woodstock
Cowley Iffley Headington Banbury Abingdon London Bath Bristol Oxford Reading Wycombe Tring
Coventry Warwick Stratford Soho Lozells Ladypool Stoney Rookery Alcester Pershore Bromsgrove
Harborne Moseley Yardley Coleshill Kingstanding Tamworth Lichfield Walsall Dudley"""
)

_STREET_SUFFIXES = (
    ("Road", 30),
    ("Street", 14),
    ("Lane", 12),
    ("Avenue", 8),
    ("Close", 10),
    ("Drive", 6),
    ("Way", 5),
    ("Gardens", 3),
    ("Crescent", 4),
    ("Place", 2),
    ("Court", 2),
    ("Walk", 1),
    ("Terrace", 2),
    ("Grove", 2),
    ("Rise", 1),
    ("Mews", 1),
)

STREET_STEMS: tuple[str, ...] = tuple(
    dict.fromkeys([*_STREET_STEMS, "St John's", "St Mary's", "St Peter's", "Queen Victoria"])
)
STREET_SUFFIXES: tuple[str, ...] = tuple(s for s, _ in _STREET_SUFFIXES)
STREET_SUFFIX_WEIGHTS: tuple[float, ...] = tuple(w for _, w in _STREET_SUFFIXES)

# Blocks of flats: "Flat 3, Cedar Court" on line 1.
BLOCKS: tuple[str, ...] = (
    "Cedar Court",
    "Beech House",
    "Nelson Court",
    "Victoria House",
    "Jubilee Court",
    "Kestrel House",
    "Windsor Court",
    "Mayfield House",
    "Orchard Court",
    "Priory House",
    "Canal View",
    "Riverside House",
    "Lock Court",
    "Chestnut House",
    "Meadow Court",
    "Falcon House",
    "Rowan Court",
    "Tower House",
    "Park View",
    "Regent House",
)

STREET_ABBREVIATIONS: dict[str, str] = {
    "Road": "Rd",
    "Street": "St",
    "Lane": "Ln",
    "Avenue": "Ave",
    "Close": "Cl",
    "Drive": "Dr",
    "Gardens": "Gdns",
    "Crescent": "Cres",
    "Place": "Pl",
    "Court": "Ct",
    "Terrace": "Terr",
}

# Prisons (DOMAIN.md). Men are held near home; women far away.
MEN_PRISONS_BY_FAMILY: dict[str, tuple[str, ...]] = {
    "OXON": ("BNI", "BNI", "BNI", "HCI"),
    "BUCKS": ("WHI", "WHI", "AYI", "SPI", "GNI", "BNI"),
    "WBERKS": ("BNI", "BNI", "HCI", "WHI"),
    "BHAM": ("BMI", "BMI", "BMI", "HEI", "BSI"),
}
ESTABLISHMENT_NAMES: dict[str, str] = {
    "BNI": "HMP Bullingdon",
    "HCI": "HMP Huntercombe",
    "AYI": "HMP/YOI Aylesbury",
    "GNI": "HMP Grendon",
    "SPI": "HMP Spring Hill",
    "WHI": "HMP Woodhill",
    "BMI": "HMP Birmingham",
    "HEI": "HMP Hewell",
    "BSI": "HMP/YOI Brinsford",
    "BZI": "HMP Bronzefield",
    "EWI": "HMP Eastwood Park",
    "DHI": "HMP Drake Hall",
    "FHI": "HMP Foston Hall",
    "SDI": "HMP Send",
    "STI": "HMP Styal",
}
WOMEN_PRISONS: tuple[str, ...] = ("BZI", "EWI", "DHI", "FHI", "SDI", "STI")
YOUNG_ADULT_PRISONS: tuple[str, ...] = ("AYI", "BSI")

# Where each prison is: people coming back into custody sometimes give the prison as their
# address, which puts them in an area (OX25, HP18, B18...) where their family does not live.
ESTABLISHMENT_ADDRESSES: dict[str, tuple[str, str, str]] = {
    "BNI": ("Widnell Lane", "Piddington", "OX25 1PZ"),
    "HCI": ("Huntercombe Place", "Nuffield", "RG9 5SB"),
    "AYI": ("Bierton Road", "Aylesbury", "HP20 1EH"),
    "GNI": ("Grendon Underwood", "Aylesbury", "HP18 0TL"),
    "SPI": ("Grendon Underwood", "Aylesbury", "HP18 0TH"),
    "WHI": ("Tattenhoe Street", "Milton Keynes", "MK4 4DA"),
    "BMI": ("Winson Green Road", "Birmingham", "B18 4AS"),
    "HEI": ("Hewell Lane", "Redditch", "B97 6QS"),
    "BSI": ("Brinsford Lane", "Wolverhampton", "WV10 7PY"),
    "BZI": ("Woodthorpe Road", "Ashford", "TW15 3JZ"),
    "EWI": ("Falfield", "Wotton-under-Edge", "GL12 8DB"),
    "DHI": ("Eccleshall", "Stafford", "ST21 6LQ"),
    "FHI": ("Foston", "Derby", "DE65 5DN"),
    "SDI": ("Ripley Road", "Woking", "GU23 7LJ"),
    "STI": ("Styal Road", "Wilmslow", "SK9 4HR"),
}
