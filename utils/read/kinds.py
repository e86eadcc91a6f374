"""Paragraph kinds: lead, body, caption or credit, and the credit line a caption carries (``headline`` and ``metadata`` are set by the reader)."""

from __future__ import annotations

import re

PARAGRAPH_KINDS = ("metadata", "headline", "lead", "body", "caption", "credit")


AGENCIES = (
    r"AFP|AP|Reuters|REUTERS|Getty Images|Getty|EPA(?:-EFE)?|EFE|POOL|Pool|Sputnik|SPUTNIK|Xinhua|XINHUA|TASS|"
    r"Anadolu(?: Agency)?|Bloomberg|Shutterstock|Alamy|PA(?: Wire| Media)?|UPI|ANSA|dpa|DPA|Kyodo|"
    r"Yonhap|NurPhoto|SOPA Images|LightRocket|WANA|IRNA|Zuma(?: Press)?|ZUMA|Corbis|KCNA|Abaca|ABACA|"
    r"SIPA|Sipa|AAP|Imago|IMAGO|Handout|HANDOUT|Reuters TV|AP Photo|AFP Photo"
)


CREDIT_SCAN_CHARS = 300  # credits sit at a paragraph's start or end: only that much is scanned (no quadratic regexes)

# At the start: "X / Y / AGENCY" (one to three slash-separated parts ending with an agency).


SLASH_CREDIT = re.compile(rf"\A(?P<credit>(?:[^/\n.!?;:]{{2,60}}?\s*/\s*){{1,3}}(?:{AGENCIES}))(?=\s|\Z)")
# At the start: "Name SURNAME (AGENCY)", a photographer's name followed by the agency in parentheses.


NAME_CREDIT = re.compile(
    rf"\A(?P<credit>(?:[A-Z][\w'’-]+\s+){{0,3}}[A-Z][A-Z'’-]+(?:\s+[A-Z][A-Z'’-]+){{0,3}}\s*\((?:[^()\n]{{0,40}}/\s*)?(?:{AGENCIES})(?:\s*/\s*(?:File|Files|FILE|HO|Handout|HANDOUT|Pool|POOL))?\))(?=\s|\Z)"
)
# At the start: "Photo: ...AGENCY", "Photograph: Jane Doe/Reuters", "(Photo by X/Getty Images)".


LABELLED_CREDIT = re.compile(
    rf"\A(?P<credit>\(?(?:Photo(?:graph)?|Picture|Image|Credit|Photo credit)s?(?: by)?\s*:?\s*[^\n()]{{0,80}}?(?:{AGENCIES})\)?)(?=\s|\Z)",
    re.IGNORECASE,
)
# At the start: the agency alone, as in "AFP" or "Getty Images" (a bare credit paragraph).


AGENCY_ONLY = re.compile(rf"\A(?P<credit>(?:{AGENCIES})(?:\s*/\s*(?:{AGENCIES})){{0,2}})\Z")
# At the end (searched in the last CREDIT_SCAN_CHARS characters): "(AP Photo/Name)", "(Photo by X/Getty Images)",
# "REUTERS/Name/File Photo", "Photograph: Name/AP", "Name / AFP".


TRAILING_CREDIT = re.compile(
    rf"(?P<credit>\((?:{AGENCIES}) Photo\s*/\s*[^()\n]{{1,80}}\)"
    rf"|\((?:Photo(?:graph)?|Picture|Image)s?(?: by|:)\s*[^()\n]{{1,80}}\)"
    rf"|(?:REUTERS|AFP|EPA|AP)\s*/\s*[A-Z][^/\n()]{{1,60}}(?:/\s*File(?: Photo)?)?"
    rf"|(?:[A-Z][\w'’.-]*\s+){{0,3}}[A-Z][\w'’-]*(?:\s*/\s*[A-Z][\w'’ -]{{1,40}}?){{0,2}}\s*/\s*(?:{AGENCIES}))\.?\s*\Z"
)


CREDIT_PATTERNS = (SLASH_CREDIT, NAME_CREDIT, LABELLED_CREDIT, AGENCY_ONLY)
# At the end: a capitalised label and a colon, then the credit: "Image: United States Navy.",
# "Photo: U.S. Navy", "Picture: Jane Doe/PA", "Photograph: Sergei Savostyanov/AP", "Image credit:
# NASA/JPL", "Photo courtesy of the White House". The label is distinctive enough to stand after a
# caption without a full stop ("The USS Nimitz at sea Image: United States Navy."). The credit may
# hold initials and dotted abbreviations ("J. Smith", "U.S. Navy") but no other full stop.
TRAILING_LABELLED_CREDIT = re.compile(
    r"(?<!\S)(?P<credit>(?:Photo(?:graph)?|Picture|Pic|Image|Illustration|Video|Credit)s?"
    r"(?:\s+(?:credit|courtesy(?:\s+of)?|source|by))?\s*:\s*(?=[A-Z0-9©@])"
    r"(?:[^.\n:!?]|(?<=\b[A-Z])\.(?=\s?\S)){1,80}?)\.?\s*\Z"
    r"|(?<!\S)(?P<courtesy>(?:Photo(?:graph)?|Picture|Image)s?\s+(?:courtesy\s+of|by)\s+(?:the\s+)?[A-Z](?:[^.\n:!?]|(?<=\b[A-Z])\.(?=\s?\S)){1,80}?)\.?\s*\Z"
)

# Caption phrasing (for paragraphs of at most CAPTION_MAX_WORDS words without a credit).


CAPTION_MAX_WORDS = 60


CAPTION_PHRASING = re.compile(
    r"\A(?:"
    r"(?:In\s+)?(?:this|a|the)\s+(?:[\w-]+\s+){0,3}?(?:photo(?:graph)?|picture|image|handout|screen\s?grab|video\s+grab|still)"
    r"\s+(?:[\w,'’-]+\s+){0,8}?(?:shows?|showing|taken|released|provided|distributed|made\s+available|obtained|published|posted|dated)\b"
    r"|FILE\s+(?:PHOTO|PICTURE)\b|File\s+(?:photo|picture)\s*[:—–-]"
    r"|(?:Pictured|Above|Below|Top|Bottom|Main\s+image|Inset|Left|Right)\s*[:—–]"
    r")",
    re.IGNORECASE,
)


POSITION_MARKER = re.compile(
    r"\((?:L|R|C|left|right|centre|center|L\s*-\s*R|R\s*-\s*L|from\s+(?:left|L)|2nd\s+[LR]|second\s+(?:left|right))\)"
    r"|[A-Z][\w'’-]+,\s+(?:left|right|centre|center),"
)


def find_credit(paragraph: str) -> str | None:
    """The photo credit a paragraph starts or ends with, if any ("Mladen ANTONOV (AFP)", "(AP Photo/Jane Doe)")."""
    head = paragraph[:CREDIT_SCAN_CHARS]
    for pattern in CREDIT_PATTERNS:
        match = pattern.match(head)
        if match and (pattern is not AGENCY_ONLY or len(paragraph) <= CREDIT_SCAN_CHARS):
            # what follows a leading credit starts a new sentence ("... / AP Des drones"), unlike
            # "Officials told AP / Reuters reporters that ...".
            following = paragraph[match.end() :].lstrip()
            if not following or following[0].isupper() or following[0].isdigit() or following[0] in "\"“‘'(":
                return match.group("credit")
    tail_start = max(0, len(paragraph) - CREDIT_SCAN_CHARS)
    labelled = TRAILING_LABELLED_CREDIT.search(paragraph, tail_start)
    if labelled is not None:
        if labelled.group("credit") is not None:
            return labelled.group("credit")
        # "Photo by X" / "Image courtesy of X" has no colon: only after a sentence's end or alone
        start = labelled.start("courtesy")
        if start == 0 or paragraph[:start].rstrip()[-1:] in ".!?\"”’)":
            return labelled.group("courtesy")
    position = tail_start
    while (match := TRAILING_CREDIT.search(paragraph, position)) is not None:
        start = match.start()
        # the credit must stand alone: at the paragraph's start or after the end of a sentence.
        if start == 0 or (start > tail_start and paragraph[start - 1].isspace() and paragraph[:start].rstrip()[-1:] in ".!?\"”’)"):
            return match.group("credit").rstrip(". ")
        position = start + 1
    return None


def caption_text(paragraph: str, credit: str) -> str:
    """A captioned paragraph without its credit."""
    if paragraph.startswith(credit):
        return paragraph[len(credit) :].strip()
    index = paragraph.rfind(credit)
    return (paragraph[:index] + paragraph[index + len(credit) :]).strip() if index >= 0 else paragraph


def looks_like_caption(paragraph: str) -> bool:
    """Caption phrasing ("This photo taken on ... shows", "FILE PHOTO", "Putin, left, ...") in a short paragraph."""
    if len(paragraph.split(None, CAPTION_MAX_WORDS + 1)) > CAPTION_MAX_WORDS:
        return False
    return bool(CAPTION_PHRASING.match(paragraph[:CREDIT_SCAN_CHARS]) or POSITION_MARKER.search(paragraph))


def classify_paragraph(paragraph: str, *, is_first: bool, has_standfirst: bool) -> tuple[str, str | None]:
    """The paragraph's kind and its credit: ``caption`` (with or without a credit), ``credit`` alone, ``lead`` or ``body``."""
    credit = find_credit(paragraph)
    if credit is not None:
        # what is left once the credit is gone may be its own full stop ("Image: U.S. Navy.")
        return ("caption", credit) if caption_text(paragraph, credit).strip(" .") else ("credit", credit)
    if looks_like_caption(paragraph):
        return "caption", None
    if is_first and has_standfirst:
        return "lead", None
    return "body", None
