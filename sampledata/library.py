"""Plans the media library: which items exist, when they were uploaded and deleted, what they are
called, where they are used and how popular they are. No files are written here (see
``media_files``).

Uploads spread over the two years before the window, growing towards the present, with a steady
trickle inside the window; a share of items is deleted, some inside the window. Ids (``m000123``)
follow upload order like an auto-increment key. Popularity is Zipf-like over the items used by
published content, with a share of them never visited (stale) and a few unreferenced items
hot-linked from elsewhere.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from sampledata import bundled, locations, metadata, naming, recipes
from sampledata.model import FileRecipe, MediaItem, UsageLocation
from sampledata.randomness import stream, weighted
from sampledata.timestamps import SECONDS_PER_DAY

HISTORY_DAYS = 730
UPLOADS_PER_DAY_IN_WINDOW = 2.0  # at library scale 1
DELETED_SHARE = 0.07
DELETED_IN_WINDOW_SHARE = 0.4
STALE_SHARE = 0.12
HOTLINKED_SHARE = 0.25
ZIPF_EXPONENT = 1.25
WEBP_VARIANT_SHARE = 0.35
KIND_POPULARITY = {"image": 1.0, "document": 0.5, "video": 1.5, "audio": 0.5}
_UPLOAD_HOURS = weighted([(hour, 3.0 if 8 <= hour <= 17 else 0.6) for hour in range(24)])


@dataclass
class _Draft:
    """An item while it is being planned (mutable; frozen into a MediaItem at the end)."""

    blueprint: recipes.Blueprint
    created_at: float
    deleted_at: float | None = None
    reference_class: str = "unused"
    filename: str = ""
    path: str = ""
    title: str | None = None
    description: str | None = None
    alt_text: str | None = None
    usage_locations: tuple[UsageLocation, ...] = ()
    source: _Draft | None = None
    popularity: float = 0.0
    hotlink_weight: float = 0.0


def plan_library(seed: int, window_start: float, window_end: float, scale: float
                 ) -> list[MediaItem]:
    """Every media item of the library as exported at ``window_end`` (epoch s), in id order."""
    rng = stream(seed, "library")
    counts = recipes.scaled_counts(scale)
    blueprints = recipes.library_blueprints(stream(seed, "blueprints"), counts)
    in_window = min(0.5, UPLOADS_PER_DAY_IN_WINDOW * scale * (window_end - window_start)
                    / SECONDS_PER_DAY / max(1, len(blueprints)))
    drafts = [_Draft(blueprint, _upload_time(rng, window_start, window_end, in_window))
              for blueprint in blueprints]
    drafts.sort(key=lambda draft: draft.created_at)
    registry = naming.PathRegistry()
    site = locations.SiteContent(stream(seed, "site"))
    originals = [draft for draft in drafts if draft.blueprint.recipe.method != "copy"]
    for draft in originals:
        _plan_names(rng, draft, registry)
    for draft in drafts:
        if draft.blueprint.recipe.method == "copy":
            _plan_copy(rng, draft, originals, registry)
    drafts.sort(key=lambda draft: draft.created_at)
    for draft in drafts:
        _plan_lifecycle(rng, draft, window_start, window_end)
        draft.usage_locations = site.locations(draft.blueprint.kind, draft.reference_class,
                                               draft.created_at)
    _plan_popularity(rng, drafts)
    return _freeze(rng, drafts)


def _upload_time(rng: random.Random, window_start: float, window_end: float,
                 in_window: float) -> float:
    if rng.random() < in_window:
        days = max(1, round((window_end - window_start) / SECONDS_PER_DAY))
        day = window_start + rng.randrange(days) * SECONDS_PER_DAY
    else:
        history = HISTORY_DAYS * SECONDS_PER_DAY - (window_end - window_start)
        day = window_start - rng.random() ** 1.3 * history  # denser towards the present
        day -= day % SECONDS_PER_DAY
        day = max(day, window_start - HISTORY_DAYS * SECONDS_PER_DAY)
        day = min(day, window_start - SECONDS_PER_DAY)
    return day + _UPLOAD_HOURS.draw(rng) * 3600 + rng.randrange(3600)


def _plan_lifecycle(rng: random.Random, draft: _Draft, window_start: float,
                    window_end: float) -> None:
    draft.reference_class = locations.REFERENCE_CLASSES[draft.blueprint.kind].draw(rng)
    if rng.random() >= DELETED_SHARE:
        return
    earliest = draft.created_at + 3600
    if rng.random() < DELETED_IN_WINDOW_SHARE or earliest >= window_start:
        earliest = max(earliest, window_start)
        latest = window_end - 60
    else:
        latest = window_start - 60
    if earliest < latest:
        draft.deleted_at = float(round(rng.uniform(earliest, latest)))
        draft.reference_class = rng.choice(("trash_only", "unused"))


def _plan_names(rng: random.Random, draft: _Draft, registry: naming.PathRegistry) -> None:
    blueprint = draft.blueprint
    stem, extension = naming.stem_for(rng, blueprint, draft.created_at)
    draft.filename, draft.path = registry.claim(draft.created_at, stem, extension)
    style = blueprint.name_style if blueprint.name_style != "bundled" else "photo"
    draft.title = metadata.title_for(rng, stem, style)
    draft.description = metadata.description_for(rng)
    if blueprint.kind == "image":
        draft.alt_text = metadata.alt_text_for(rng, stem, style)


def _plan_copy(rng: random.Random, draft: _Draft, originals: list[_Draft],
               registry: naming.PathRegistry) -> None:
    """A re-upload of an earlier item of the same kind: identical bytes under a new id and name."""
    same_kind = [other for other in originals if other.blueprint.kind == draft.blueprint.kind]
    candidates = [other for other in same_kind if other.created_at < draft.created_at]
    if not candidates:  # re-uploaded soon after the first upload of its kind
        candidates = same_kind[:1]
        draft.created_at = same_kind[0].created_at + 3600
    source = rng.choice(candidates)
    draft.source = source
    stem, extension = source.filename.rsplit(".", 1)
    if rng.random() < 0.5:
        stem += rng.choice(("-copy", "-final", "-2", " (1)"))
    draft.filename, draft.path = registry.claim(draft.created_at, stem, extension)
    draft.title = source.title if rng.random() < 0.6 else metadata.title_for(rng, stem, "photo")
    draft.description = metadata.description_for(rng)
    if draft.blueprint.kind == "image":
        draft.alt_text = metadata.alt_text_for(rng, stem, "photo")


def _plan_popularity(rng: random.Random, drafts: list[_Draft]) -> None:
    published = [draft for draft in drafts if draft.reference_class == "published"]
    rng.shuffle(published)
    visited = published[round(len(published) * STALE_SHARE):]
    for rank, draft in enumerate(visited, start=1):
        draft.popularity = KIND_POPULARITY[draft.blueprint.kind] / rank ** ZIPF_EXPONENT
    unreferenced = [draft for draft in drafts if draft.reference_class in ("trash_only", "unused")]
    for draft in unreferenced:
        if rng.random() < HOTLINKED_SHARE:
            rank = rng.randrange(max(1, len(visited) // 5), max(2, len(visited) + 1))
            draft.hotlink_weight = 1 / rank ** ZIPF_EXPONENT


def _freeze(rng: random.Random, drafts: list[_Draft]) -> list[MediaItem]:
    drafts.sort(key=lambda draft: draft.created_at)
    ids = {id(draft): f"m{index:06d}" for index, draft in enumerate(drafts, start=1)}
    items = []
    for draft in drafts:
        blueprint = draft.blueprint
        recipe, mime_type = blueprint.recipe, blueprint.mime_type
        if draft.source is not None:
            recipe = FileRecipe("copy", source=ids[id(draft.source)])
            mime_type = draft.source.blueprint.mime_type
        real = bundled.BY_NAME.get(_root_recipe(draft).source or "")
        locations_ = draft.usage_locations
        items.append(MediaItem(
            id=ids[id(draft)], kind=blueprint.kind, filename=draft.filename, path=draft.path,
            mime_type=mime_type, created_at=float(round(draft.created_at)),
            deleted_at=draft.deleted_at, title=draft.title, description=draft.description,
            alt_text=draft.alt_text, usage_locations=locations_,
            display_widths=locations.display_widths(
                blueprint.kind, tuple(where for where in locations_ if where.status != "trash")),
            indexed=blueprint.kind == "document" and rng.random() < _indexed_share(draft),
            recipe=recipe, popularity=draft.popularity, hotlink_weight=draft.hotlink_weight,
            duration=real.duration if real else None,
            webp_variant=mime_type in ("image/jpeg", "image/png")
            and rng.random() < WEBP_VARIANT_SHARE,
        ))
    return items


def _root_recipe(draft: _Draft) -> FileRecipe:
    while draft.source is not None:
        draft = draft.source
    return draft.blueprint.recipe


def _indexed_share(draft: _Draft) -> float:
    """Site search indexes most text documents but misses scans it cannot read."""
    method = _root_recipe(draft).method
    return 0.4 if method == "scanned_pdf" else 0.75
