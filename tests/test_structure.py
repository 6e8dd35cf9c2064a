"""The layout stays as #14 left it: capabilities pure, faces through package faces, exports real, data used.

The capability list is derived (every subpackage that is not a face, storage or a gateway), so a new one
(meetings, plans, a back office) is checked without editing this file.
"""

from __future__ import annotations

import ast
import functools
import importlib
import inspect
import json
import os
import re
import subprocess
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

import recoverynav

ROOT = Path(recoverynav.__file__).parent
FACES = frozenset({"cli", "api", "web"})
# The outside of the hexagon: what only faces and the composition root may touch.
OUTER = FACES | {"storage", "gateways", "wiring", "app", "startup"}
PACKAGES = sorted(p.name for p in ROOT.iterdir() if (p / "__init__.py").exists())
CAPABILITIES = sorted(set(PACKAGES) - OUTER)
# Non-code files kept for people, not loaded: credits and licences.
NOT_DATA = {".txt", ".md", ".mako"}


def _imports(path: Path) -> list[str]:
    """Every ``recoverynav`` module a file imports, at top level or inside a function: ``from recoverynav import
    storage`` counts as ``recoverynav.storage``, and a relative import is resolved against the file's package."""
    package = ("recoverynav", *path.relative_to(ROOT).parent.parts) if path.is_relative_to(ROOT) else ("recoverynav",)
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = ".".join(package[: len(package) - node.level + 1]) if node.level else ""
            module = ".".join(p for p in (base, node.module or "") if p)
            found.append(module)
            found += [f"{module}.{a.name}" for a in node.names if _is_submodule(module, a.name)]
        elif isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
    return [m for m in found if m.split(".")[0] == "recoverynav"]


def _is_submodule(module: str, name: str) -> bool:
    """Whether ``from module import name`` imports a module of ours, not a name the package exports (the package
    ``directory`` exports its function ``geocode``, which lives in the module ``directory.geocode``)."""
    where = ROOT.joinpath(*module.split(".")[1:], name)
    if not (where.with_suffix(".py").is_file() or (where / "__init__.py").is_file()):
        return False
    return name not in getattr(importlib.import_module(module), "__all__", ())


def test_the_import_reader_sees_every_spelling(tmp_path: Path) -> None:
    (tmp_path / "x.py").write_text(
        "from recoverynav import storage\nimport recoverynav.web.deps\n"
        "def f():\n    from recoverynav.gateways import notify\n",
        encoding="utf-8",
    )
    found = _imports(tmp_path / "x.py")
    assert {"recoverynav.storage", "recoverynav.web.deps", "recoverynav.gateways.notify"} <= set(found)
    relative = ROOT / "directory" / "importers" / "sync.py"  # resolved against its own package
    assert all(m.startswith("recoverynav.") for m in _imports(relative))


def _modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def test_the_capabilities_are_found() -> None:
    assert {"directory", "emergency", "interactions", "knowledge", "placement", "screening"} <= set(CAPABILITIES)
    assert not set(CAPABILITIES) & OUTER


@pytest.mark.parametrize("capability", CAPABILITIES)
def test_no_capability_imports_a_face_storage_or_a_gateway(capability: str) -> None:
    bad = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in _modules(capability)
        for module in _imports(path)
        if len(module.split(".")) > 1 and module.split(".")[1] in OUTER
    ]
    assert bad == []


@pytest.mark.parametrize("capability", CAPABILITIES)
def test_no_capability_writes_a_path_of_this_site(capability: str) -> None:
    # Capabilities return codes and typed queries; each face builds its own links ("/find?...", "/meetings/12").
    # A string starting with "/" and a letter is a path of this site (an IPv6 "/64" or a "//" comment is not).
    bad = [
        f"{path.relative_to(ROOT)}:{node.lineno} {node.value[:40]!r}"
        for path in _modules(capability)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and re.match(r"/[A-Za-z]", node.value)
    ]
    assert bad == []


@pytest.mark.parametrize("adapter", ["storage", "gateways"])
def test_storage_and_gateways_import_no_face_and_no_composition_root(adapter: str) -> None:
    # They implement the capabilities' ports; who wires them (faces, wiring, app) sits above them.
    bad = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in _modules(adapter)
        for module in _imports(path)
        if len(module.split(".")) > 1 and module.split(".")[1] in FACES | {"wiring", "app", "startup"}
    ]
    assert bad == []


# Talking to the outside world or to a person: only gateways (HTTP, mail) and faces (web, terminal) do that.
_IMPURE = frozenset(
    {"httpx", "requests", "aiohttp", "urllib.request", "http.client", "smtplib", "socket", "tqdm", "rich", "click"}
    | {"typer", "fastapi", "starlette", "uvicorn"}
)


def _impure(path: Path) -> list[str]:
    """Imports of an HTTP, mail or socket client, a web framework or a console library, and calls of print()."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        hits = [n for n in names if n in _IMPURE or n.split(".")[0] in _IMPURE]
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print":
            hits = ["print()"]
        found += [f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)} {hit}" for hit in hits[:1]]
    return found


@pytest.mark.parametrize("capability", CAPABILITIES)
def test_no_capability_does_http_mail_or_printing(capability: str) -> None:
    assert [hit for path in _modules(capability) for hit in _impure(path)] == []


def test_the_purity_check_sees_http_and_printing() -> None:
    assert len(_impure(ROOT / "gateways" / "samhsa_locator.py")) >= 1
    assert [h.split()[-1] for h in _impure(ROOT / "cli" / "group.py")][:1] == ["click"]


def _public_faces(capability: str) -> set[str]:
    """The capability package and its subpackages (each with its own ``__init__``), never a plain module."""
    base = ROOT / capability
    return {"recoverynav." + ".".join(init.parent.relative_to(ROOT).parts) for init in base.rglob("__init__.py")}


@pytest.mark.parametrize("face", sorted(FACES))
def test_faces_import_capabilities_only_through_their_package_face(face: str) -> None:
    bad = []
    for path in _modules(face):
        for module in _imports(path):
            parts = module.split(".")
            if len(parts) > 2 and parts[1] in CAPABILITIES and module not in _public_faces(parts[1]):
                bad.append(f"{path.relative_to(ROOT)} imports {module}")
    assert bad == []


def _modules_with_all() -> list[str]:
    """Every package and plain module that declares ``__all__`` (found in the source, so none is missed)."""
    names = []
    for path in sorted(ROOT.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(
            isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)
            for node in tree.body
        ):
            names.append(
                ".".join(("recoverynav", *path.relative_to(ROOT).with_suffix("").parts)).removesuffix(".__init__")
            )
    return names


def _own_doc(value: object) -> str | None:
    """The docstring written on ``value`` itself: not one a class inherits (``BaseModel``'s, ``Exception``'s), and
    for a wrapped function (``lru_cache``) the function's own."""
    if inspect.isclass(value):
        return value.__dict__.get("__doc__")
    value = inspect.unwrap(value)  # type: ignore[arg-type]
    return value.__doc__ if inspect.isfunction(value) else "not a class or function"


def test_the_own_doc_check_sees_an_inherited_docstring() -> None:
    class Bare(ValueError):
        pass

    @functools.lru_cache
    def cached() -> None:
        pass

    assert inspect.getdoc(Bare) and _own_doc(Bare) is None and _own_doc(cached) is None


def test_every_module_with_all_is_found() -> None:
    found = _modules_with_all()
    assert {"recoverynav.directory", "recoverynav.wiring", "recoverynav.api.deps", "recoverynav.errors"} <= set(found)


@pytest.mark.parametrize("module_name", _modules_with_all())
def test_every_exported_name_exists_and_is_documented(module_name: str) -> None:
    module = importlib.import_module(module_name)
    assert module.__doc__, f"{module_name} has no docstring"
    missing, undocumented = [], []
    for name in module.__all__:
        if not hasattr(module, name):
            missing.append(name)
            continue
        # Constants and type aliases are described where they are defined; classes and functions carry their own
        # docstring (an inherited one, say BaseModel's, documents nothing about this name).
        if not _own_doc(getattr(module, name)):
            undocumented.append(name)
    assert (missing, undocumented) == ([], [])


_LOADERS = """
import json, sys
opened = set()
def hook(event, args):
    if event == "open" and isinstance(args[0], str):
        opened.add(args[0])
sys.addaudithook(hook)
from recoverynav.references.catalog import all_references
from recoverynav.screening.catalog import all_instruments
from recoverynav.emergency import all_contacts, load_protocol
from recoverynav.placement.rulebook import load_rulebook as placement_rules
from recoverynav.placement.guide import load_guide
from recoverynav.knowledge import load_bundle, load_catalog, withdrawal_table
from recoverynav.directory import catalogue, load_choices, geocode
from recoverynav.interactions.rulebook import load_rulebook, load_tripsit
from recoverynav.interactions import check_json
check_json(["xanax", "oxycodone"])
from recoverynav.cli.quickfind import compiled
compiled()
from recoverynav.emergency import compiled_first_aid
compiled_first_aid(["unresponsive"], [], "US")
from recoverynav.screening import compiled_instrument
compiled_instrument("audit")
from recoverynav.cli.questions import compiled_questions
compiled_questions("", "")
from recoverynav.placement import place_data
place_data()
from recoverynav.cli.quickplace import place_cli_data
place_cli_data()
from recoverynav.cli.guide_bundle import compiled_guide
from recoverynav.coverage import PAYMENT_TYPES
for payment in PAYMENT_TYPES:
    for lang in ("en", "es"):
        compiled_guide(payment, "VA", lang)
from recoverynav.directory.quality import quality_table
from recoverynav.directory.questions import load_questions
from recoverynav.directory.export import hsds_descriptor
from recoverynav.meetings import meeting_types
from recoverynav.meetings.bundled import bundled_bytes, bundled_feeds
from recoverynav.plans import load_guidance, load_harm_reduction
from recoverynav.backoffice import load_case_flow, load_part2_texts
from recoverynav.storage import prepare_database
from recoverynav.i18n import translations
from recoverynav.coverage import load_code_lists
from recoverynav.coverage.x12_codes import code_lists_from_source
translations("es")
load_code_lists()
code_lists_from_source()
from recoverynav.coverage import load_guide as coverage_guide
coverage_guide()
for load in (all_references, all_instruments, all_contacts, load_protocol, placement_rules, load_guide,
             load_bundle, load_catalog, withdrawal_table, catalogue, load_choices, load_rulebook, load_tripsit,
             quality_table, load_questions, hsds_descriptor, meeting_types, load_guidance, load_harm_reduction,
             load_case_flow, load_part2_texts):
    load()
for feed in bundled_feeds():
    bundled_bytes(feed.file)
geocode("22902")  # directory/_places.txt
geocode("Vermont")  # the tables: places.yaml and the ZIP data
from recoverynav.meetings.timezones import zone_at
zone_at(38.03, -78.48)  # meetings/_zones.txt
from recoverynav.cli.quickmeetings import compiled as compiled_meetings
compiled_meetings()
prepare_database(sys.argv[1])
print(json.dumps(sorted(opened)))
"""


def test_every_bundled_data_file_is_loaded_by_something(tmp_path: Path) -> None:
    shipped = {
        path.resolve()
        for path in ROOT.rglob("*")
        if path.is_file()
        and path.suffix not in {".py", ".pyc", ".typed", *NOT_DATA}
        and not {"static", "templates", "__pycache__"} & set(path.relative_to(ROOT).parts)
    }
    env = os.environ | {"RECOVERYNAV_DATA_DIR": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-c", _LOADERS, f"sqlite:///{tmp_path / 'data.sqlite3'}"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=600,
    ).stdout
    opened = {Path(p).resolve() for p in json.loads(out.splitlines()[-1])}
    assert sorted(str(p.relative_to(ROOT)) for p in shipped - opened) == []


def test_every_public_exception_is_in_the_one_error_tree() -> None:
    from recoverynav.errors import RecoverynavError

    outside = []
    for path in sorted(ROOT.rglob("*.py")):
        module_name = "recoverynav." + ".".join(path.relative_to(ROOT).with_suffix("").parts)
        module_name = module_name.removesuffix(".__init__")
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if not isinstance(node, ast.ClassDef) or node.name.startswith("_"):
                continue
            value = getattr(importlib.import_module(module_name), node.name)
            if issubclass(value, BaseException) and not issubclass(value, RecoverynavError):
                outside.append(f"{module_name}.{node.name}")
    # Faces' own exceptions are their framework's (click's exit-2 error), not the capabilities' tree.
    assert [name for name in outside if name.split(".")[1] not in FACES] == []


def _typed(schema: dict[str, object]) -> bool:
    """A schema that names its fields: a reference to a model, or an object/array whose parts are typed."""
    if "$ref" in schema:
        return True
    for key in ("anyOf", "oneOf", "allOf"):
        options = schema.get(key)
        if isinstance(options, list) and options:
            return all(isinstance(o, dict) and (_typed(o) or o.get("type") == "null") for o in options)
    if schema.get("type") == "array" and isinstance(schema.get("items"), dict):
        return _typed(schema["items"])  # type: ignore[arg-type]
    return schema.get("type") == "object" and bool(schema.get("properties"))


def _untyped_operations() -> list[str]:
    from fastapi.testclient import TestClient

    from recoverynav.app import create_app

    spec = TestClient(create_app()).get("/openapi.json").json()
    untyped = []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            ok = [r for code, r in operation.get("responses", {}).items() if code.startswith("2")]
            # Answers in another standard's format (a FHIR bundle: application/fhir+json) declare their media
            # type; our own JSON answers name their fields.
            media = [m for r in ok for kind, m in r.get("content", {}).items() if kind == "application/json"]
            if not ok or any(not _typed(m.get("schema", {})) for m in media):
                untyped.append(f"{method.upper()} {path}")
    return untyped


# Routes still answering a free-form object: none since #14 typed the substances and screening answers.
NOT_YET_TYPED: set[str] = set()


def test_every_api_operation_declares_a_typed_success_schema() -> None:
    untyped = set(_untyped_operations())
    assert untyped <= NOT_YET_TYPED, sorted(untyped - NOT_YET_TYPED)
    assert untyped == NOT_YET_TYPED, f"typed now, remove from NOT_YET_TYPED: {sorted(NOT_YET_TYPED - untyped)}"


def test_every_api_route_returns_a_typed_value() -> None:
    # The response_model names the fields allowed out; the route's own return type says the same to mypy (a
    # ``dict[str, Any]`` return let anything through until FastAPI filtered it at run time).
    import typing

    from fastapi.routing import APIRoute
    from starlette.responses import Response

    from recoverynav.app import create_app

    def api_routes(routes: list[Any]) -> Iterator[APIRoute]:
        for route in routes:
            if isinstance(route, APIRoute):
                yield route
            elif hasattr(route, "original_router"):  # an included router (FastAPI wraps each include)
                yield from api_routes(route.original_router.routes)

    def typed(annotation: Any) -> bool:
        """A model, a response, None, a list or tuple of typed values, or a union of those: never Any or a dict."""
        origin = typing.get_origin(annotation) or annotation
        if origin in (typing.Union, types.UnionType):
            return all(typed(a) for a in typing.get_args(annotation))
        if origin in (list, tuple):
            return all(typed(a) for a in typing.get_args(annotation) if a is not Ellipsis)
        return annotation is type(None) or (inspect.isclass(origin) and issubclass(origin, (BaseModel, Response)))

    loose, seen = [], 0
    for route in api_routes(create_app().routes):
        if not route.include_in_schema:
            continue
        seen += 1
        returned = typing.get_type_hints(route.endpoint).get("return")
        if not typed(returned):
            loose.append(f"{route.endpoint.__module__}.{route.endpoint.__name__} -> {returned}")
    assert seen >= 30, "the walk must reach the API's routes"
    assert loose == []


def test_no_two_api_models_share_a_schema_name() -> None:
    # FastAPI names colliding models by their module path ("recoverynav__api__x__Model"): clients then see two
    # schemas for one idea. A face's own model that extends a capability's takes its place everywhere instead.
    from fastapi.testclient import TestClient

    from recoverynav.app import create_app

    names = TestClient(create_app()).get("/openapi.json").json()["components"]["schemas"]
    assert [name for name in names if "__" in name] == []


# What builds a dependency: only the composition root (wiring.py, and each face's deps.py over it) calls these.
_BUILDERS = frozenset(
    {"get_settings", "prepare_database", "prepare_meetings", "engine_for", "create_engine", "UnitOfWork"}
)


def _built_here(path: Path) -> list[str]:
    """Calls in ``path`` that build settings, an engine, a unit of work or a ``Sql...Repository`` themselves."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if name in _BUILDERS or (name.startswith("Sql") and name.endswith("Repository")):
            found.append(f"{path.name}:{node.lineno} calls {name}")
    return found


def test_the_builder_check_sees_a_face_building_its_own_repository(tmp_path: Path) -> None:
    (tmp_path / "x.py").write_text(
        "from recoverynav.storage import prepare_database\nrepo = prepare_database()\nSqlListingReportRepository(e)\n"
        "with storage.UnitOfWork(engine) as u: pass\nget_settings().country\n",
        encoding="utf-8",
    )
    assert [found.split(" calls ")[1] for found in _built_here(tmp_path / "x.py")] == [
        "prepare_database",
        "SqlListingReportRepository",
        "UnitOfWork",
        "get_settings",
    ]


@pytest.mark.parametrize("face", sorted(FACES))
def test_faces_get_settings_repositories_and_units_of_work_from_the_wiring(face: str) -> None:
    # api/deps.py and web/deps.py wrap recoverynav.wiring's factories; every other face module asks them (or, in
    # the CLI, the wiring itself), so one override swaps a dependency everywhere and nothing is wired twice.
    bad = [f"{face}/{found}" for path in _modules(face) if path.name != "deps.py" for found in _built_here(path)]
    assert bad == []


def test_no_module_copies_the_citation_model() -> None:
    # references.citations.Citation is the one model of a cited source; an answer that shows citations uses it
    # (the API's substances answer had a field-for-field copy, MonographReference).
    from pydantic import BaseModel

    from recoverynav.references import Citation

    wanted = set(Citation.model_fields)
    copies = []
    for path in sorted(ROOT.rglob("*.py")):
        name = ".".join(("recoverynav", *path.relative_to(ROOT).with_suffix("").parts)).removesuffix(".__init__")
        if "migrations" in name:
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef):
                value = getattr(importlib.import_module(name), node.name, None)
                if (
                    inspect.isclass(value)
                    and issubclass(value, BaseModel)
                    and value is not Citation
                    and not issubclass(value, Citation)
                    and wanted <= set(value.model_fields)
                ):
                    copies.append(f"{name}.{node.name}")
    assert copies == []


# typing's own names: a class of ours called Protocol (emergency's was) reads as typing.Protocol to every reader.
_TYPING_NAMES = frozenset(
    {"Protocol", "Any", "Generic", "Literal", "Final", "Annotated", "NamedTuple", "TypedDict", "TypeVar", "Callable"}
    | {"Optional", "Union", "Self", "Never", "Sequence", "Mapping", "Iterable", "Iterator"}
)


def _public_classes() -> dict[str, list[str]]:
    """Each top-level package's (or module's) public class names, with the module defining each."""
    found: dict[str, list[str]] = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                found.setdefault(f"{parts[0]}:{node.name}", []).append(".".join(parts))
    return found


def test_no_package_defines_two_classes_of_one_name() -> None:
    # Names used once per package: two ScreeningResults (screening, placement), two RuleBooks and two Settings
    # were read for each other; a face's model named as the capability model it extends lives in another package.
    assert {key: where for key, where in _public_classes().items() if len(where) > 1} == {}


def test_no_class_takes_a_name_of_typing() -> None:
    assert sorted(key for key in _public_classes() if key.split(":")[1] in _TYPING_NAMES) == []


# The CLI's operator commands that are themselves a storage or gateway operation (re-encrypt under a new key, say
# whether a key file was just made, page through the live locator, fetch a meeting feed): named, so none is added
# without a reason.
_CLI_OPERATIONS = {
    ("cli/keys.py", "recoverynav.storage.crypto"),
    ("cli/keys.py", "recoverynav.storage.key_rotation"),
    ("cli/users.py", "recoverynav.storage.crypto"),
    ("cli/facilities.py", "recoverynav.gateways"),
    ("cli/meetings.py", "recoverynav.gateways.feeds"),
}


@pytest.mark.parametrize("face", sorted(FACES))
def test_faces_reach_storage_and_gateways_only_through_the_wiring(face: str) -> None:
    # api/deps.py and web/deps.py are the one place a web or API module gets them (over recoverynav.wiring).
    bad = [
        (path.relative_to(ROOT).as_posix(), module)
        for path in _modules(face)
        if path.name != "deps.py"
        for module in _imports(path)
        if len(module.split(".")) > 1 and module.split(".")[1] in {"storage", "gateways"}
    ]
    assert sorted(set(bad) - _CLI_OPERATIONS) == []
