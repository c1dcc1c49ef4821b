"""Guards of the architecture in docs/architecture.md, read from the source's AST."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "segments", "messages", "menus", "campaigns", "civic", "reports", "admin", "linesim", "cli")
IO_LIBRARIES = ("flask", "redis", "rq", "requests", "aiohttp", "urllib3", "smtplib", "subprocess")
SDK_CLIENTS = {"ApiClient", "AsyncApiClient", "MessagingApi", "AsyncMessagingApi", "MessagingApiBlob", "Insight",
               "ManageAudience"}


def modules() -> list[Path]:
    found = [path for package in PACKAGES for path in (ROOT / package).rglob("*.py")]
    return found + [ROOT / name for name in ("app.py", "worker.py", "config.py", "services.py", "audit.py")]


def tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def imported_names(module: ast.Module) -> set[str]:
    names = set()
    for node in ast.walk(module):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def is_pure(module: ast.Module) -> bool:
    return (ast.get_docstring(module) or "").startswith("Pure")


PURE = [path for path in modules() if is_pure(tree(path))]


def test_there_are_pure_modules_to_guard():
    assert len(PURE) >= 4


@pytest.mark.parametrize("path", PURE, ids=lambda path: str(path.relative_to(ROOT)))
def test_pure_modules_import_no_io_and_no_sdk_clients(path: Path):
    for name in imported_names(tree(path)):
        assert name.split(".")[0] not in IO_LIBRARIES, f"{name} imported by a pure module"
        assert name.split(".")[-1] not in SDK_CLIENTS, f"{name} imported by a pure module"


def test_only_the_gateway_builds_sdk_api_clients():
    builders = set()
    for path in modules():
        if path.parts[-2] == "linesim" or "linesim" in path.relative_to(ROOT).parts:
            continue
        for node in ast.walk(tree(path)):
            if isinstance(node, ast.Call):
                called = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                if called in SDK_CLIENTS:
                    builders.add(str(path.relative_to(ROOT)))
    assert builders == {"messages/gateway.py"}


@pytest.mark.parametrize("package", ["bot", "segments", "messages", "menus", "reports"])
def test_domain_packages_never_import_flask(package: str):
    for path in (ROOT / package).rglob("*.py"):
        assert not any(name.split(".")[0] == "flask" for name in imported_names(tree(path))), path


def test_linesim_is_an_independent_peer():
    ours = {"bot", "segments", "messages", "reports", "admin", "cli", "app", "worker", "config", "services", "audit"}
    for path in (ROOT / "linesim").rglob("*.py"):
        assert not {name.split(".")[0] for name in imported_names(tree(path))} & ours, path


def reads_a_setting(node: ast.AST) -> bool:
    """`os.environ[...]` read, `os.environ.get(...)` or `os.getenv(...)` (passing the environment on is fine)."""
    if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load):
        return ast.unparse(node.value) == "os.environ"
    if isinstance(node, ast.Call):
        return ast.unparse(node.func) in ("os.environ.get", "os.getenv")
    return False


def test_only_config_reads_the_environment():
    readers = {
        str(path.relative_to(ROOT))
        for path in modules()
        if "linesim" not in path.relative_to(ROOT).parts  # linesim is its own program with LINESIM_* settings
        and any(reads_a_setting(node) for node in ast.walk(tree(path)))
    }
    assert readers <= {"config.py"}
