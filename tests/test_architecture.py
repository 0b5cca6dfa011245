"""The house rules of issue 13: imports follow the flow, and each cache version covers every
module its stage imports (found from the code, checked here against what really gets imported)."""
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.run import cache

PACKAGE = cache.PACKAGE

# module prefix -> prefixes it must never import (the flow: run -> analyze/parse/clean/ingest)
NEVER = {
    "pipeline.analyze": ("pipeline.run", "pipeline.outputs", "pipeline.report", "pipeline.cli", "pipeline.api",
                         "pipeline.progress", "pipeline.results"),
    "pipeline.parse": ("pipeline.run", "pipeline.outputs", "pipeline.analyze", "pipeline.dedupe", "pipeline.report"),
    "pipeline.clean": ("pipeline.run", "pipeline.outputs", "pipeline.analyze", "pipeline.parse", "pipeline.report"),
    "pipeline.ingest": ("pipeline.run", "pipeline.outputs", "pipeline.analyze", "pipeline.parse"),
    "pipeline.dedupe": ("pipeline.run", "pipeline.outputs", "pipeline.analyze"),
    "pipeline.outputs": ("pipeline.run", "pipeline.config", "pipeline.report", "pipeline.cli", "pipeline.api"),
    "pipeline.report": ("pipeline.run", "pipeline.cli", "pipeline.api"),
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    graph = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = module_name(path)
        graph[name] = {n for n in cache._imports(path, name) if cache.module_file(n) is not None}
    return graph


def test_no_import_runs_against_the_flow():
    wrong = [(module, target) for module, targets in import_graph().items() for target in targets
             for prefix, banned in NEVER.items() if module.startswith(prefix)
             for ban in banned if target.startswith(ban)]
    assert wrong == []


def test_the_import_graph_has_no_circle():
    graph = import_graph()
    # a package's __init__ re-exporting its own modules is not a circle between rooms
    edges = {m: {t for t in ts if t != m and not (t.startswith(m + ".") or m.startswith(t + "."))}
             for m, ts in graph.items()}
    state: dict[str, int] = {}

    def visit(node, path):
        state[node] = 1
        for nxt in edges.get(node, ()):
            if state.get(nxt) == 1:
                pytest.fail("import circle: " + " -> ".join([*path, node, nxt]))
            if nxt not in state:
                visit(nxt, [*path, node])
        state[node] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module, [])


def test_imports_are_found_from_the_code(tmp_path):
    """A made-up package: relative, absolute, function-level and `from . import module` imports."""
    (tmp_path / "x.py").write_text("from . import y\nfrom .z import f\ndef g():\n    from ..w import h\n")
    found = cache._imports(tmp_path / "x.py", "pipeline.sub.x")
    assert {"pipeline.sub.y", "pipeline.sub.z", "pipeline.w", "pipeline.w.h"} <= found


STAGES = {
    cache.PARSE_ENTRY: "from pipeline.run.per_file import FileTask, analyse_file\n"
                       "analyse_file(FileTask({path!r}, {root!r}))",
    cache.TOKEN_ENTRY: "from pipeline.analyze.tokens import tokenize_chunk\n"
                       "tokenize_chunk((['负责客户投诉处理'], (), ()))",
    cache.ANALYSIS_ENTRY: "from pipeline.analyze.analysis import analyze\n"
                          "from pipeline.analyze.corpus import DutyCorpus\n"
                          "from pipeline.analyze.tokens import token_table, tokenize_chunk\n"
                          "from pipeline.config import Settings\n"
                          "duties = ['负责客户投诉处理', '负责培训客服专员', '制定品牌推广计划', '组织市场调研', '审核营运报表']\n"
                          "corpus = DutyCorpus.of([dict(record_id=str(i), role='AB'[i % 2], duties=duties[i:i + 3])\n"
                          "                        for i in range(4)], dedupe=True)\n"
                          "texts = corpus.texts()\n"
                          "tokens = token_table(texts, dict(zip(texts, tokenize_chunk((texts, (), ())))))\n"
                          "analyze(corpus, tokens, Settings(theme_k_min=2, theme_k_max=2, min_role_duties=1))",
    cache.RUN_ENTRY: "from pipeline.config import load_settings\n"
                     "from pipeline.run.flow import run_all\n"
                     "run_all(load_settings(input={root!r}, output={out!r}, workers=1, quiet=True))",
}


@pytest.mark.parametrize("entry", sorted(STAGES))
def test_a_stage_version_covers_every_module_it_really_imports(entry, tmp_path):
    (tmp_path / "in").mkdir()
    page = tmp_path / "in" / "page.txt"
    page.write_text("客服经理岗位职责\n1、负责客户投诉处理。\n2、负责培训客服专员。\n", encoding="utf-8")
    code = STAGES[entry].format(path=str(page), root=str(page.parent), out=str(tmp_path / "out")) + (
        "\nimport sys\nprint('\\n'.join(m.__file__ for n, m in sys.modules.items()"
        " if n.startswith('pipeline') and getattr(m, '__file__', None)))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=PACKAGE.parent).stdout.split()
    covered = set(cache.imported_modules(entry))
    missed = [f for f in map(Path, loaded) if f.resolve() not in covered and f.name != "__init__.py"]
    assert missed == []


def test_parse_version_covers_parser_code_and_resources():
    files = {p.relative_to(PACKAGE).as_posix() for p in cache.imported_modules(cache.PARSE_ENTRY)}
    files |= {p.relative_to(PACKAGE).as_posix() for p in cache._resource_files(cache.PARSE_RESOURCES)}
    assert {"parse/segment.py", "clean/steps.py", "resources/lexicon.toml", "ingest/files.py", "ingest/decoding.py",
            "dedupe.py", "run/per_file.py"} <= files
    assert "analyze/analysis.py" not in files  # an analysis change keeps the parse cache
