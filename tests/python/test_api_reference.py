"""The Python API reference is generated from the docstrings by pdoc, as part of the tests' build, into
target/api/python (open target/api/python/journey.html). Every public name of the package and every public
method and property of its classes has a docstring and an entry in it, and so has every public name of the
engines, journey.spark and journey.dask."""

import importlib
import inspect
import subprocess
import sys

import journey
from conftest import ROOT

OUT = ROOT / "target" / "api" / "python"
# The engines, which `import journey` does not import: modules of their own in the reference.
ENGINES = ("journey.spark", "journey.dask")


def public_members():
    """(qualified name, object) of every public name of `journey` and of the public members of its classes."""
    for name in journey.__all__:
        obj = getattr(journey, name)
        yield name, obj
        if inspect.isclass(obj):
            for member, value in vars(obj).items():
                if not member.startswith("_") and (callable(value) or isinstance(value, property)):
                    yield f"{name}.{member}", value


def test_every_public_name_has_a_docstring():
    undocumented = [
        name
        for name, obj in public_members()
        if (inspect.isclass(obj) or callable(obj) or isinstance(obj, property)) and not (obj.__doc__ or "").strip()
    ]
    assert undocumented == []


def test_the_reference_is_generated_with_an_entry_for_each():
    OUT.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "pdoc", "journey", *ENGINES, "-o", str(OUT)]
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    page = (OUT / "journey.html").read_text(encoding="utf-8")
    names = [name for name, obj in public_members() if inspect.isclass(obj) or callable(obj) or isinstance(obj, property)]
    assert len(names) > 200
    missing = [name for name in names if f'id="{name}"' not in page]
    assert missing == []
    for engine in ENGINES:
        module = importlib.import_module(engine)
        page = (OUT / "journey" / f"{engine.split('.')[1]}.html").read_text(encoding="utf-8")
        documented = [n for n in module.__all__ if (getattr(module, n).__doc__ or "").strip() and f'id="{n}"' in page]
        assert documented == module.__all__, engine
