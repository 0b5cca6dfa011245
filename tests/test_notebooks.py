"""The notebooks run top to bottom on the outputs of `jdpipe run`, and are stored without outputs."""
import json
import sys

import nbformat
import pytest
from nbclient import NotebookClient

from .conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_the_notebooks_are_there():
    assert [p.name for p in NOTEBOOKS][:2] == ["01_explore_records.ipynb", "02_compare_roles.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_stored_without_outputs(path):
    book = nbformat.read(path, as_version=4)
    nbformat.validate(book)
    for cell in book.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: strip the outputs"


@pytest.fixture
def this_python_kernel(tmp_path, monkeypatch):
    """A ``python3`` kernel spec for this interpreter, ahead of any other on the machine."""
    spec = tmp_path / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (jd-pipeline tests)", "language": "python"}), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    return "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_top_to_bottom(path, full_run, this_python_kernel, monkeypatch):
    monkeypatch.setenv("JDPIPE_RESULTS", str(full_run))
    book = nbformat.read(path, as_version=4)
    NotebookClient(book, timeout=300, kernel_name=this_python_kernel,
                   resources={"metadata": {"path": str(path.parent)}}).execute()  # raises on a failing cell
    outputs = [o for cell in book.cells if cell.cell_type == "code" for o in cell.outputs]
    assert any("image/png" in o.get("data", {}) for o in outputs), "a picture is shown"
    assert not any(o.get("name") == "stderr" and "Glyph" in o.get("text", "") for o in outputs), \
        "Chinese glyphs missing from the plot font"
    text = "".join(str(o.get("data", {}).get("text/plain", "")) + o.get("text", "") for o in outputs)
    assert str(full_run) in text  # it read the folder it was pointed at
    # `make notebooks` writes the executed notebook as HTML with nbconvert (installed by `make install`)
    from nbconvert import HTMLExporter

    html, _ = HTMLExporter().from_notebook_node(book)
    assert "data:image/png;base64," in html  # the pictures travel inside the page
