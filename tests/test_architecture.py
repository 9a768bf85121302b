"""The package's layering, read from the source: module-level imports form no cycle, and formatters stay off the pipeline.

Only imports that run when a module is loaded count: an import inside a function, or under
``if TYPE_CHECKING:``, is deferred on purpose and cannot take part in an import cycle. One test also
counts the ``TYPE_CHECKING`` imports: a cycle there (normalize → suppress → pipeline → normalize, once)
means the record types sit in the wrong module even though it loads.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "validator"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def all_modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def is_type_checking(test: ast.expr) -> bool:
    if isinstance(test, ast.Name):
        return test.id == "TYPE_CHECKING"
    return isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"


def load_time_imports(nodes: list[ast.stmt], typing_too: bool = False) -> Iterator[ast.Import | ast.ImportFrom]:
    """The import statements that run when the module is loaded: not in functions, nor under
    TYPE_CHECKING unless ``typing_too``."""
    for node in nodes:
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        elif isinstance(node, ast.If) and is_type_checking(node.test) and not typing_too:
            yield from load_time_imports(node.orelse, typing_too)
        else:
            yield from load_time_imports(nested_statements(node), typing_too)


def nested_statements(node: ast.stmt) -> list[ast.stmt]:
    """The statements one level inside a compound statement (if, try, with, for, class, match)."""
    out: list[ast.stmt] = []
    for field in ("body", "orelse", "finalbody", "handlers", "cases"):
        for child in getattr(node, field, None) or ():
            # an except handler or a match case is no statement itself but holds statements
            out.extend(child.body if isinstance(child, ast.ExceptHandler | ast.match_case) else [child])
    return out


def absolute_base(node: ast.ImportFrom, importer: str, is_package: bool) -> str:
    if node.level == 0:
        return node.module or ""
    parts = importer.split(".")
    anchor = parts if is_package else parts[:-1]
    anchor = anchor[: len(anchor) - (node.level - 1)]
    return ".".join([*anchor, node.module] if node.module else anchor)


def imported_modules(importer: str, path: Path, modules: dict[str, Path], typing_too: bool = False) -> set[str]:
    """The package's own modules that ``importer`` imports at load time."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found: set[str] = set()
    for node in load_time_imports(tree.body, typing_too):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
            continue
        base = absolute_base(node, importer, path.name == "__init__.py")
        for alias in node.names:
            submodule = f"{base}.{alias.name}"
            # ``from pkg import name`` loads the submodule when there is one, else takes a name from pkg
            found.add(submodule if submodule in modules else base)
    return {name for name in found if name in modules and name != importer}


def import_graph(typing_too: bool = False) -> dict[str, set[str]]:
    modules = all_modules()
    return {name: imported_modules(name, path, modules, typing_too) for name, path in modules.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle in the graph as a closed path of module names, or None."""
    done: set[str] = set()
    stack: list[str] = []
    on_stack: set[str] = set()

    def visit(node: str) -> list[str] | None:
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target in on_stack:
                return [*stack[stack.index(target) :], target]
            if target not in done:
                cycle = visit(target)
                if cycle is not None:
                    return cycle
        stack.pop()
        on_stack.discard(node)
        done.add(node)
        return None

    for start in sorted(graph):
        if start not in done:
            cycle = visit(start)
            if cycle is not None:
                return cycle
    return None


def test_the_graph_sees_the_package() -> None:
    graph = import_graph()
    assert "validator.pipeline" in graph
    assert "validator.model" in graph["validator.pipeline"]


def test_module_level_imports_form_no_cycle() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " → ".join(cycle or [])


def test_not_even_type_only_imports_form_a_cycle() -> None:
    cycle = find_cycle(import_graph(typing_too=True))
    assert cycle is None, "import cycle (counting TYPE_CHECKING imports): " + " → ".join(cycle or [])


def test_the_record_modules_stand_on_the_model_alone() -> None:
    """What formatters and normalisation import must not pull in the checking machinery."""
    graph = import_graph()
    assert graph["validator.results"] <= {"validator", "validator.model"}
    assert graph["validator.directives"] <= {"validator"}


def test_formatters_do_not_import_the_pipeline() -> None:
    graph = import_graph()
    offenders = sorted(
        name
        for name, targets in graph.items()
        if (name == "validator.formatters" or name.startswith("validator.formatters.")) and "validator.pipeline" in targets
    )
    assert offenders == []


def test_a_function_level_import_does_not_count() -> None:
    source = (
        "import os\nif TYPE_CHECKING:\n    import a\nelse:\n    import b\ndef f():\n    import c\n"
        "class K:\n    import d\ntry:\n    import e\nexcept ImportError:\n    import f\n"
    )

    def names(typing_too: bool) -> set[str]:
        imports = load_time_imports(ast.parse(source).body, typing_too)
        return {alias.name for node in imports if isinstance(node, ast.Import) for alias in node.names}

    assert names(typing_too=False) == {"os", "b", "d", "e", "f"}
    assert names(typing_too=True) == {"os", "a", "b", "d", "e", "f"}
