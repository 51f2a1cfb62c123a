"""The OpenAPI document (`/openapi.json`) and a page that reads it (`/docs`), made from the endpoint
list and the response models, whose field descriptions are the report's footnotes."""

from __future__ import annotations

import html
from functools import cache

from pydantic.json_schema import models_json_schema

from api.read.model import Model
from api.read.period import DEFAULT_LIMIT, MAX_DAYS, MAX_LIMIT, MEDIA_TYPES
from api.read.routes import PREFIX, Endpoint

PARAMETERS = {
    "from": {"schema": {"type": "string", "format": "date"},
             "description": f"First day (YYYY-MM-DD). Default: the latest built day. At most {MAX_DAYS} days to `to`."},
    "to": {"schema": {"type": "string", "format": "date"},
           "description": "Last day. Default: the latest built day (`from` itself when that is later)."},
    "type": {"schema": {"type": "string", "enum": list(MEDIA_TYPES)}, "description": "Only items of this media type."},
    "limit": {"schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
              "description": "Items in a page of the list."},
    "cursor": {"schema": {"type": "string"}, "description": "The `nextCursor` of the previous page."},
}
ERRORS = {
    "304": "Not modified: the If-None-Match ETag is current (no day of the range was rebuilt).",
    "400": "A bad date or range (the reason is in `error`).",
    "401": "No bearer token.",
    "403": "A token that is not one of API_TOKENS.",
    "404": "No built day in the range, or an unknown media id.",
    "422": "A bad parameter or media id (the reason is in `error`).",
    "503": "The warehouse cannot answer now (not built yet; the reason is in `error`).",
}


@cache
def openapi(endpoints: tuple[Endpoint, ...]) -> dict:
    models = sorted({e.model for e in endpoints}, key=lambda m: m.__name__)
    _, schema = models_json_schema([(m, "serialization") for m in models],
                                   ref_template="#/components/schemas/{model}")
    components = schema.get("$defs", {})
    for model in _all_models(models):
        if model.NOT_COMPUTED and model.__name__ in components:
            entry = components[model.__name__]
            entry["x-not-computed"] = model.NOT_COMPUTED
            entry["description"] = (entry.get("description", "") + "\n\nSeed fields not computed: " + "; ".join(
                f"`{name}`: {why}" for name, why in model.NOT_COMPUTED.items())).strip()
    paths = {}
    for e in endpoints:
        parameters = [{"name": "id", "in": "path", "required": True, "schema": {"type": "string", "maxLength": 200},
                       "description": "The media item's id (the CMS export's id)."}] if e.item else []
        parameters += [{"name": n, "in": "query", "required": False, **PARAMETERS[n]}
                       for n in sorted(e.parameters, key=list(PARAMETERS).index)]
        paths[PREFIX + e.path] = {"get": {
            "summary": e.summary, "operationId": e.model.__name__ + ("_" + e.path.strip("/").replace("/", "_")
                                                                     if e.path else ""),
            "security": [{"bearer": []}], "parameters": parameters,
            "responses": {"200": {"description": e.summary, "content": {"application/json": {
                "schema": {"$ref": f"#/components/schemas/{e.model.__name__}"}}}},
                **{code: {"description": text} for code, text in ERRORS.items()}},
        }}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Media Analytics read API", "version": "1",
                 "description": "The daily report's figures as JSON, named after the seed's TypeScript interfaces. "
                                "Every field's description is the report's footnote for it. Figures come from built "
                                "days only; each response's `period` names the days of the range that are not built."},
        "paths": paths,
        "components": {"schemas": components,
                       "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                                      "description": "A token from API_TOKENS."}}},
    }


def _all_models(roots: list[type[Model]]) -> list[type[Model]]:
    """Every model reachable from `roots` through their fields."""
    seen: dict[str, type[Model]] = {}
    todo = list(roots)
    while todo:
        model = todo.pop()
        if model.__name__ in seen:
            continue
        seen[model.__name__] = model
        for info in model.model_fields.values():
            for candidate in _models_in(info.annotation):
                todo.append(candidate)
    return list(seen.values())


def _models_in(annotation) -> list[type[Model]]:
    if isinstance(annotation, type) and issubclass(annotation, Model):
        return [annotation]
    return [m for arg in getattr(annotation, "__args__", ()) for m in _models_in(arg)]


def docs_page(document: dict) -> str:
    """The OpenAPI document as one self-contained HTML page: each endpoint, its parameters, and every
    field of its response with its definition (nothing loaded from elsewhere)."""
    schemas = document["components"]["schemas"]
    out = ["<!doctype html><meta charset=utf-8><title>Media Analytics read API</title>",
           "<style>body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
           "code{background:#f3f3f3;padding:0 .2em}dt{font-weight:600;margin-top:.4em}dd{margin-left:1.5em}"
           "h3{margin-top:2em}.muted{color:#666}</style>",
           f"<h1>{html.escape(document['info']['title'])}</h1><p>{html.escape(document['info']['description'])}</p>",
           "<p>Send <code>Authorization: Bearer &lt;token&gt;</code>. The machine-readable schema: "
           "<a href=/openapi.json>/openapi.json</a>.</p>"]
    for path, item in document["paths"].items():
        get = item["get"]
        out.append(f"<h3><code>GET {html.escape(path)}</code></h3><p>{html.escape(get['summary'])}</p><dl>")
        for p in get["parameters"]:
            out.append(f"<dt><code>{p['name']}</code></dt><dd>{html.escape(p['description'])}</dd>")
        ref = get["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
        out.append(f"</dl><p class=muted>Response: <a href='#{ref}'>{ref}</a></p>")
    out.append("<h2>Response objects</h2>")
    for name in sorted(schemas):
        schema = schemas[name]
        out.append(f"<h3 id='{name}'>{name}</h3><p>{html.escape(schema.get('description', ''))}</p><dl>")
        for field, spec in schema.get("properties", {}).items():
            out.append(f"<dt><code>{html.escape(field)}</code> <span class=muted>{_type(spec)}</span></dt>"
                       f"<dd>{html.escape(spec.get('description', ''))}</dd>")
        out.append("</dl>")
    return "\n".join(out)


def _type(spec: dict) -> str:
    if "$ref" in spec:
        name = spec["$ref"].rsplit("/", 1)[1]
        return f"<a href='#{name}'>{name}</a>"
    if "anyOf" in spec:
        return " | ".join(_type(s) for s in spec["anyOf"])
    if spec.get("type") == "array":
        return f"list of {_type(spec.get('items', {}))}"
    return html.escape(str(spec.get("format", spec.get("type", ""))))
