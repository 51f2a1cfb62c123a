"""The layout holds: imports point pipelines -> assets/<domain> -> assets/shared, the domains import
one another without a cycle, reports/ is presentation only, and each asset's group is its domain."""

import ast
from collections import defaultdict

from pipelines.definitions import defs

from conftest import ROOT


def _imports(package: str) -> dict[str, set[str]]:
    """For each module under `package`, the top-level modules (or assets domains) it imports."""
    found = defaultdict(set)
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found[str(path.relative_to(ROOT))].add(node.module)
            elif isinstance(node, ast.Import):
                found[str(path.relative_to(ROOT))].update(alias.name for alias in node.names)
    return found


def _domain(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "assets" and len(parts) > 1 else None


def test_assets_never_import_the_wiring():
    offenders = {path for path, modules in _imports("assets").items()
                 if any(m == "pipelines" or m.startswith("pipelines.") for m in modules)}
    assert not offenders


def test_shared_imports_no_domain():
    offenders = {path: modules for path, modules in _imports("assets/shared").items()
                 if any(_domain(m) not in (None, "shared") for m in modules)}
    assert not offenders


def test_reports_import_neither_dagster_nor_the_data():
    offenders = {path: modules for path, modules in _imports("reports").items()
                 if any(m.split(".")[0] in ("assets", "pipelines", "dagster") for m in modules)}
    assert not offenders


def test_domains_import_one_another_without_a_cycle():
    edges = defaultdict(set)
    for path, modules in _imports("assets").items():
        source = path.split("/")[1]
        edges[source] |= {d for d in map(_domain, modules) if d and d != source}

    def reachable(start: str) -> set[str]:
        seen, todo = set(), [start]
        while todo:
            for nxt in edges[todo.pop()] - seen:
                seen.add(nxt)
                todo.append(nxt)
        return seen

    assert [d for d in list(edges) if d in reachable(d)] == []


def test_each_asset_is_grouped_under_its_domain_folder():
    graph = defs.resolve_asset_graph()
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        module = node.assets_def.op.compute_fn.decorated_fn.__module__
        assert module.startswith(f"assets.{node.group_name}."), (key, node.group_name, module)
