"""Words the sample site is written in: a regional arts and heritage trust with a harbour museum.

Media names, titles, alt text, page titles and document text are all composed from these lists, so
the library reads like one organisation's uploads instead of random strings.
"""

from __future__ import annotations

import random

SITE_HOST = "www.example.org"
SITE_URL = f"https://{SITE_HOST}"

PLACES = (
    "harbour", "lighthouse", "museum", "gallery", "garden", "pier", "market", "library", "chapel",
    "quay", "boathouse", "courtyard", "foyer", "studio", "workshop", "archive", "terrace", "beach",
    "old-town", "bridge", "station", "warehouse", "mill", "park",
)
SUBJECTS = (
    "sunset", "sunrise", "crowd", "volunteers", "exhibition", "opening-night", "concert", "choir",
    "family-day", "tour", "map", "sculpture", "painting", "ceramics", "boats", "fishermen",
    "kids-club", "lecture", "portrait", "team", "panorama", "night-view", "festival", "parade",
    "installation", "print", "textiles", "fireworks", "regatta", "restoration",
)
ADJECTIVES = (
    "blue", "misty", "winter", "summer", "autumn", "spring", "evening", "morning", "golden",
    "stormy", "quiet", "busy", "historic", "new", "restored", "aerial", "wide", "close-up",
)
GRAPHIC_SUBJECTS = (
    "logo", "banner", "poster", "flyer", "icon", "infographic", "floor-plan", "route-map", "chart",
    "screenshot", "button", "badge", "sponsor-logo", "ticket-design", "timeline",
)
DOCUMENT_SUBJECTS = (
    ("annual-report", "Annual report"), ("visitor-guide", "Visitor guide"),
    ("board-minutes", "Board meeting minutes"), ("price-list", "Price list"),
    ("volunteer-handbook", "Volunteer handbook"), ("education-pack", "Education pack"),
    ("exhibition-catalogue", "Exhibition catalogue"), ("press-release", "Press release"),
    ("access-statement", "Access statement"), ("privacy-policy", "Privacy policy"),
    ("event-programme", "Event programme"), ("membership-form", "Membership form"),
    ("risk-assessment", "Risk assessment"), ("collections-policy", "Collections policy"),
    ("funding-application", "Funding application"), ("school-booking-form", "School booking form"),
    ("trail-map", "Heritage trail map"), ("newsletter", "Newsletter"),
)
DATA_SUBJECTS = (
    ("visitor-figures", "Visitor figures"), ("opening-hours", "Opening hours"),
    ("collection-list", "Collection list"), ("event-dates", "Event dates"),
    ("accessibility-notes", "Accessibility notes"), ("reading-list", "Reading list"),
)
VIDEO_SUBJECTS = (
    "festival-trailer", "curator-talk", "restoration-timelapse", "harbour-walk", "artist-interview",
    "opening-night-highlights", "how-to-visit", "boat-building", "kids-workshop", "drone-flight",
)
AUDIO_SUBJECTS = (
    "podcast-episode", "audio-guide-stop", "oral-history", "soundscape", "choir-recording",
    "radio-interview", "poetry-reading", "foghorn-recording",
)
POST_TOPICS = (
    "What's on this summer", "Meet our volunteers", "Behind the scenes of the restoration",
    "New exhibition opens", "Family day highlights", "Our year in pictures",
    "Harbour history trail", "Call for artists", "Museum late: music and lights",
    "Collection spotlight", "Winter opening times", "A day with the conservators",
    "Schools programme launched", "Festival weekend round-up", "The lighthouse at 150",
    "Photography competition winners", "Accessibility improvements", "Regatta photo gallery",
    "Oral histories from the quay", "Thank you to our sponsors",
)
PAGES = (
    ("about", "About us"), ("visit", "Plan your visit"), ("whats-on", "What's on"),
    ("collections", "Collections"), ("learning", "Learning and schools"),
    ("support-us", "Support us"), ("venue-hire", "Venue hire"), ("shop", "Shop"),
    ("contact", "Contact"), ("press", "Press"), ("accessibility", "Accessibility"),
    ("history", "Our history"), ("team", "Our team"),
)
WIDGETS = (
    ("Sidebar: opening hours", 300), ("Sidebar: newsletter sign-up", 300),
    ("Footer: partners", 240), ("Sidebar: featured event", 300),
)
THEME_SLOTS = (("Header background", 1920), ("Site logo", 240), ("Footer background", 1920))

SENTENCE_OPENERS = (
    "The trust", "Our volunteers", "The museum", "The harbour committee", "Visitors", "The board",
    "The learning team", "Local schools", "The conservation studio", "Our partners",
)
SENTENCE_VERBS = (
    "welcomed", "restored", "catalogued", "presented", "supported", "reviewed", "opened",
    "recorded", "published", "organised", "documented", "improved",
)
SENTENCE_OBJECTS = (
    "the new harbour gallery", "more than two hundred objects", "the summer festival programme",
    "a series of family workshops", "the lighthouse keeper's logbooks", "the accessible entrance",
    "the annual accounts", "a trail of twelve listening points", "the boat collection",
    "the oral history archive", "guided tours for schools", "the winter lecture series",
)
SENTENCE_ENDINGS = (
    "during the year.", "with the help of local donors.", "ahead of the reopening.",
    "in partnership with the city council.", "following last year's review.",
    "for visitors of all ages.", "on schedule and within budget.", "thanks to a heritage grant.",
)

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)

JUNK_TITLES = ("Untitled", "untitled", "image", "New document", "test", "Document1")
JUNK_ALT_TEXT = ("image", "photo", "picture", "img", "banner")
JUNK_DESCRIPTIONS = ("test", "asdf", "description", "TBC", ".")


def humanise(slug: str) -> str:
    """``"harbour-sunset"`` → ``"Harbour sunset"``: the title a CMS derives from a file name."""
    words = slug.replace("_", " ").replace("-", " ").split()
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def sentence(rng: random.Random) -> str:
    """One plausible sentence from the trust's reports."""
    return " ".join(
        (rng.choice(SENTENCE_OPENERS), rng.choice(SENTENCE_VERBS), rng.choice(SENTENCE_OBJECTS),
         rng.choice(SENTENCE_ENDINGS))
    )


def paragraph(rng: random.Random, sentences: int) -> str:
    """Several sentences joined into one paragraph."""
    return " ".join(sentence(rng) for _ in range(sentences))
