"""The type stubs match the module: every public name in them exists, with the same shape."""

import ast
import inspect
import json
from pathlib import Path

import pytest

import journey
import journey._journey as native
from journey import _records

PACKAGE = Path(journey.__file__).parent


def stub(name):
    return ast.parse((PACKAGE / name).read_text(encoding="utf-8"))


def public(name):
    return not name.startswith("_") or (name.startswith("__") and name.endswith("__"))


def top_level(tree):
    """Public top-level names of a stub: functions, classes and annotated or assigned variables."""
    names = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names[node.name] = node
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names[node.target.id] = node
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    names[target.id] = node
    return {k: v for k, v in names.items() if public(k) and k != "__all__"}


def members(cls_node):
    out = {}
    for node in cls_node.body:
        if isinstance(node, ast.FunctionDef):
            out[node.name] = node
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            out[node.target.id] = node
    return {k: v for k, v in out.items() if public(k)}


def test_files_are_shipped():
    for name in ("_journey.pyi", "_records.pyi", "py.typed", "__init__.py", "_records.py", "_progress.py"):
        assert (PACKAGE / name).exists(), name


def test_native_stub_names_exist():
    names = top_level(stub("_journey.pyi"))
    assert {"Journey", "JourneyBuilder", "JourneyError", "json_schema", "SCHEMA_VERSION"} <= set(names)
    for name, node in names.items():
        assert hasattr(native, name), f"_journey.pyi has {name}, the module does not"
        if isinstance(node, ast.ClassDef):
            cls = getattr(native, name)
            for member, member_node in members(node).items():
                assert hasattr(cls, member) or member in ("kind", "problems"), f"{name}.{member}"
                if isinstance(member_node, ast.FunctionDef):
                    decorators = {d.id for d in member_node.decorator_list if isinstance(d, ast.Name)}
                    runtime = inspect.getattr_static(cls, member)
                    if "property" in decorators:
                        assert not callable(runtime) or hasattr(runtime, "__get__"), f"{name}.{member}"
                        assert not isinstance(runtime, staticmethod)
                    if "staticmethod" in decorators:
                        assert isinstance(runtime, staticmethod), f"{name}.{member} is static in the stub"


def test_module_names_are_in_the_stub():
    names = set(top_level(stub("_journey.pyi")))
    runtime = {n for n in dir(native) if public(n) and n not in {"__doc__", "__file__", "__loader__", "__name__",
                                                                  "__package__", "__spec__", "__all__"}}
    assert runtime - names == set()


def test_class_members_are_in_the_stub():
    tree = top_level(stub("_journey.pyi"))
    for name in ("Journey", "JourneyBuilder", "ScoringModel", "EventLog"):
        documented = set(members(tree[name]))
        runtime = {m for m in vars(getattr(native, name)) if not m.startswith("_")}
        assert runtime - documented == set(), name


def test_signatures_match():
    tree = top_level(stub("_journey.pyi"))
    for cls_name in ("Journey", "JourneyBuilder", "ScoringModel", "EventLog"):
        cls = getattr(native, cls_name)
        for member, node in members(tree[cls_name]).items():
            if not isinstance(node, ast.FunctionDef) or member.startswith("__"):
                continue
            decorators = {d.id for d in node.decorator_list if isinstance(d, ast.Name)}
            if "property" in decorators:
                continue
            stub_params = [a.arg for a in node.args.args + node.args.kwonlyargs]
            if "staticmethod" not in decorators:
                stub_params = stub_params[1:]
            try:
                runtime = inspect.signature(getattr(cls, member))
            except (TypeError, ValueError):
                continue
            runtime_params = [p.name for p in runtime.parameters.values()
                              if p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)]
            if runtime_params and runtime_params[0] in ("self", "slf"):
                runtime_params = runtime_params[1:]
            assert stub_params == runtime_params, f"{cls_name}.{member}"


def test_package_exports():
    for name in journey.__all__:
        assert hasattr(journey, name), name
    for name in top_level(stub("_journey.pyi")):
        if not name.startswith("_"):
            assert name in journey.__all__, name


@pytest.mark.parametrize("type_name", ["Stage", "Touchpoint", "Persona", "Transition", "Problem"])
def test_record_stub_fields_are_the_schema_fields(type_name):
    classes = top_level(stub("_records.pyi"))
    listed = {("from" if f == "from_" else f) for f in members(classes[type_name]) if not f.startswith("__")}
    listed -= {"field_names", "to_dict"}
    assert listed == set(_records.fields_of(type_name)), type_name
    assert set(getattr(journey, type_name).field_names()) == listed


def test_module_functions_match():
    tree = top_level(stub("_journey.pyi"))
    for name, node in tree.items():
        if isinstance(node, ast.FunctionDef) and not name.startswith("_"):
            stub_params = [a.arg for a in node.args.args + node.args.kwonlyargs]
            runtime = [p.name for p in inspect.signature(getattr(native, name)).parameters.values()]
            assert stub_params == runtime, name


def test_results_are_exported():
    from journey import _results

    for name in _results.__all__:
        assert getattr(journey, name) is getattr(_results, name), name


def test_schema_is_json():
    schema = json.loads(journey.json_schema())
    assert schema["properties"]["schema_version"]["type"] == "integer"
    assert set(schema["$defs"]) >= {"Stage", "Touchpoint", "Persona", "Transition", "Metrics"}
    assert journey.SCHEMA_VERSION == 1
    assert journey.__version__.count(".") == 2
