"""The example notebook (examples/notebooks/journey.ipynb) runs from top to bottom in a fresh kernel of this
environment, shows the poster and the charts inline and the tables as DataFrames; it is kept in git without
outputs, so that it is the code that is reviewed."""

import json

import nbclient
import nbformat

from conftest import ROOT

NOTEBOOK = ROOT / "examples" / "notebooks" / "journey.ipynb"


def test_the_notebook_is_stored_without_outputs():
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    code = [c for c in cells if c["cell_type"] == "code"]
    assert len(code) >= 8
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in code)


def test_the_notebook_runs_and_draws_inline():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbclient.NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    svgs = [o["data"]["image/svg+xml"] for o in outputs if "image/svg+xml" in o.get("data", {})]
    # The poster, the stage funnel, the attribution chart, the paths around the cart and the persona's poster.
    assert len(svgs) == 5, len(svgs)
    assert "Delivery options" in svgs[0]
    tables = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {}) and "<table" in o["data"]["text/html"]]
    # Transitions, drop-off, gaps and backlog as DataFrames.
    assert len(tables) >= 4, len(tables)
    printed = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "3000 customers, 424 converted" in printed
