"""The rules of docs/architecture.md that the import contracts cannot see.

- Pages and API handlers (every module that adds a route) build no SQL and never touch
  the session: they call services, and may hand a query a service built to db.paginate
  or look a row up with db.get_or_404 (Flask-SQLAlchemy's helpers for views).
- Who commits: a view never commits or rolls back; the service function it calls does.
- No import inside a function, but the app factory's (committee/__init__.py).
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "committee"
ROUTE = re.compile(r"^@bp\.(get|post|route|put|delete)\(", re.M)
# The app factory imports the web layer and optional parts when an app is made, so that
# `import committee.bangla` (a migration, a script) does not load every page.
FACTORY = {("committee/__init__.py", "create_app")}


def route_modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if ROUTE.search(p.read_text("utf-8")))


def _sql_in(path: Path) -> list[str]:
    tree = ast.parse(path.read_text("utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and (
                node.module == "sqlalchemy" or node.module.startswith("sqlalchemy.")):
            found.append(f"{node.lineno}: imports {node.module}")
        elif isinstance(node, ast.Attribute) and node.attr in {"session", "select"} \
                and isinstance(node.value, ast.Name) and node.value.id == "db":
            found.append(f"{node.lineno}: db.{node.attr}")
    return found


def test_pages_and_api_handlers_run_no_sql_of_their_own():
    modules = route_modules()
    assert len(modules) >= 15  # the scan found the route modules
    problems = {str(p.relative_to(ROOT)): found for p in modules if (found := _sql_in(p))}
    assert problems == {}


def test_the_scan_sees_sql_in_a_view(tmp_path):
    view = tmp_path / "views.py"
    view.write_text("from sqlalchemy import select\n"
                    "def page():\n    return db.session.scalars(select(X))\n", "utf-8")
    assert _sql_in(view) == ["1: imports sqlalchemy", "3: db.session"]


def function_imports() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = str(path.relative_to(ROOT))
        for func in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(func):
                if isinstance(node, ast.ImportFrom) and (node.level or (
                        node.module or "").startswith("committee")):
                    if (rel, func.name) not in FACTORY:
                        found.append(f"{rel}:{node.lineno} in {func.name}()")
    return sorted(set(found))


def test_no_import_of_the_package_inside_a_function():
    assert function_imports() == []


def test_an_endpoint_names_the_package_of_its_code(app):
    """From a URL to its code: `flask routes` prints the endpoint (followup.review); the
    part before the dot is the package (committee/followup/) that holds the function."""
    seen = 0
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        view = app.view_functions[rule.endpoint]
        blueprint = rule.endpoint.split(".")[0]
        assert view.__module__.startswith(f"committee.{blueprint}."), (rule.rule, view)
        seen += 1
    assert seen >= 70
