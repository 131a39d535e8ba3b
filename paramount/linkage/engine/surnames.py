"""Spelling variants of surnames, each group mapped to one canonical surname.

Like :mod:`.nicknames` for first names, and maintained the same way: add a spelling to its group
(or a new group) and the canonical surname column picks it up. A spelling may appear in only one
group. The groups are transliterations recorded interchangeably by clerks (from Arabic, Urdu,
Bengali, Turkish, Somali, Cyrillic, Polish) and English spellings that are the same family name;
names that are merely similar (Clark / Clarke, Davis / Davies) are left to the fuzzy surname
levels, and a group is only added when the spellings are used for the same family in practice.
Spellings are folded as :func:`.prepare.fold_surname` folds them (one lower-case token, ``Mac``
written ``mc``).
"""

GROUPS: dict[str, tuple[str, ...]] = {
    # Arabic, Urdu, Bengali, Turkish, Somali, Persian transliterations.
    "ahmed": ("ahmad", "ahmet", "ahamed", "ahmmed", "ahmadi_"),
    "hussain": ("hussein", "husain", "hossain", "husein", "hussien", "hossein", "husseini_"),
    "mohammed": (
        "muhammad",
        "mohamed",
        "mohammad",
        "muhammed",
        "mohamad",
        "mohammod",
        "muhamed",
        "mehmet",
        "mahomed",
    ),
    "mohamud": ("mahamud", "mohamoud", "mahmoud_", "mohmoud"),
    "mahmood": ("mahmud", "mahmoud", "mehmood", "mahmod"),
    "hassan": ("hasan", "hassen"),
    "hussaini": ("husseini",),
    "yusuf": ("yousef", "youssef", "yusef", "yousuf", "yousif"),
    "ibrahim": ("ebrahim", "ibraheem", "ibrahem"),
    "ismail": ("ismael", "esmail", "ismaeel"),
    "suleiman": ("sulaiman", "suleyman", "sulayman", "soliman"),
    "usman": ("osman", "othman", "uthman"),
    "mustafa": ("mostafa", "mustapha", "moustafa"),
    "abdirahman": ("abdurahman", "abdulrahman", "abdelrahman", "abdurrahman"),
    "abdullah": ("abdulla", "abdallah", "abdellah"),
    "rahman": ("rehman", "rahmaan"),
    "chowdhury": ("choudhury", "chaudhry", "choudhry", "chaudhary", "chowdhry", "choudhary"),
    "rashid": ("rasheed", "rachid"),
    "hamid": ("hameed",),
    "majid": ("majeed",),
    "saeed": ("said_", "sayeed", "saied"),
    "ali": ("aly",),
    "akhtar": ("akhter", "akter"),
    "begum": ("begom",),
    "iqbal": ("ikbal",),
    "yilmaz": ("yilmas",),
    "shaikh": ("sheikh", "shaik", "sheik"),
    "qureshi": ("kureshi", "qureishi", "quraishi"),
    "siddiqui": ("siddiqi", "siddique", "sidiqui"),
    "farah": ("faarah",),
    # Cyrillic and Polish transliterations.
    "kovalenko": ("kovalenco",),
    "shevchenko": ("shevchenco", "schevchenko"),
    "kowalski": ("kovalski",),
    "wisniewski": ("wishnevski", "visniewski"),
    "ivanov": ("ivanoff", "iwanow"),
    "petrov": ("petroff", "petrow"),
    "smirnov": ("smirnoff",),
    "volkov": ("volkoff", "wolkow"),
    # English spellings of one family name.
    "thompson": ("thomson", "tomson", "thomsen_"),
    "stewart": ("stuart", "steuart"),
    "reid": ("reed", "read", "reade"),
    "gray": ("grey",),
    "mathews": ("matthews", "mathew_"),
    "phillips": ("philips", "phillipps"),
    "smith": ("smyth", "smythe"),
    "obrien": ("obryan", "obrian"),
    "oconnor": ("oconner", "oconor"),
    "byrne": ("byrnes_", "burne_", "beirne"),
    "nicholson": ("nicolson", "nickolson"),
    "jeffrey": ("jeffery", "geoffrey"),
}


def _index() -> dict[str, str]:
    index: dict[str, str] = {}
    for canonical, variants in GROUPS.items():
        for name in (canonical, *variants):
            # A trailing underscore marks a spelling listed for the record but deliberately not
            # mapped (too often another family's name).
            if name.endswith("_"):
                continue
            if name in index and index[name] != canonical:
                raise ValueError(
                    f"surname {name!r} is in two variant groups: {index[name]!r}, {canonical!r}"
                )
            index[name] = canonical
    return index


CANONICAL: dict[str, str] = _index()


def canonical_surname(folded: str) -> str:
    """The canonical spelling of an already folded surname (itself if no group holds it)."""
    return CANONICAL.get(folded, folded)
