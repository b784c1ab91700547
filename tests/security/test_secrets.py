"""Secrets come from the environment, never from the code base."""

import ast
import os
import re
import subprocess
import sys

from tests.conftest import REPO_ROOT

SOURCE_DIRS = ("newsroom", "checks", "reviews")
SECRET_NAME = re.compile(
    r"secret|passw(or)?d|passwd|token|api_?key|private_?key|credential", re.I
)
# Literals that look like secrets on purpose, and why each is harmless.
ALLOWED = {
    # Used only while DEBUG is on (see the test below).
    ("newsroom/settings.py", "dev-only-insecure-key-do-not-use-in-production"),
    # The benchmarks' own gunicorn on 127.0.0.1, for the length of a run.
    ("newsroom/bench_load.py", "bench-only-not-a-secret"),
    ("newsroom/bench_api.py", "bench-only"),
}
KEY_FORMATS = re.compile(
    r"AKIA[0-9A-Z]{16}"  # AWS access key id
    r"|-----BEGIN [A-Z ]*PRIVATE KEY-----"
    r"|\bgh[pousr]_[A-Za-z0-9]{36}\b"  # GitHub tokens
    r"|\bxox[baprs]-[A-Za-z0-9-]{10,}"  # Slack tokens
    r"|\bsk_live_[A-Za-z0-9]{16,}"  # Stripe live keys
)


def source_files():
    for directory in SOURCE_DIRS:
        for path in sorted((REPO_ROOT / directory).rglob("*.py")):
            yield path.relative_to(REPO_ROOT).as_posix(), path.read_text("utf-8")
    yield "manage.py", (REPO_ROOT / "manage.py").read_text("utf-8")


def _named_values(node) -> list[tuple[str, ast.AST]]:
    """What a statement names: ``(name, value)`` for targets, keywords, dict keys
    and ``env("NAME", "default")``-style calls."""
    pairs = []
    if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
        targets = getattr(node, "targets", None) or [node.target]
        for target in targets:
            name = getattr(target, "id", None) or getattr(target, "attr", None)
            if name:
                pairs.append((name, node.value))
    elif isinstance(node, ast.Call):
        pairs += [(k.arg, k.value) for k in node.keywords if k.arg]
        if (
            len(node.args) >= 2
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            pairs += [(node.args[0].value, arg) for arg in node.args[1:]]
    elif isinstance(node, ast.Dict):
        pairs += [
            (k.value, v)
            for k, v in zip(node.keys, node.values, strict=True)
            if isinstance(k, ast.Constant) and isinstance(k.value, str)
        ]
    return pairs


def _literals(node) -> list[str]:
    """Strings that could be a secret: long enough, no spaces, not a NAME."""
    in_fstrings = {
        id(part)
        for n in ast.walk(node)
        if isinstance(n, ast.JoinedStr)
        for part in n.values
    }
    return [
        n.value
        for n in ast.walk(node)
        if isinstance(n, ast.Constant)
        and isinstance(n.value, str)
        and id(n) not in in_fstrings
        and len(n.value) >= 8
        and not re.search(r"\s", n.value)
        and not re.fullmatch(r"[A-Z][A-Z0-9_]*", n.value)
    ]


def secret_looking_literals() -> set[tuple[str, str]]:
    found = set()
    for path, text in source_files():
        for node in ast.walk(ast.parse(text)):
            for name, value in _named_values(node):
                if SECRET_NAME.search(name):
                    found |= {(path, literal) for literal in _literals(value)}
        found |= {(path, match) for match in KEY_FORMATS.findall(text)}
    return found


def test_no_secret_looking_literal_in_the_code_base():
    found = secret_looking_literals()
    assert found <= ALLOWED
    # The scan does read the settings: it finds the development key.
    assert (
        "newsroom/settings.py",
        "dev-only-insecure-key-do-not-use-in-production",
    ) in found


def test_the_scan_would_see_a_hard_coded_key(tmp_path):
    tree = ast.parse('SECRET_KEY = "k3y-0123456789abcdef"\nTOKEN = "short"')
    [(name, value)] = _named_values(tree.body[0])
    assert SECRET_NAME.search(name)
    assert _literals(value) == ["k3y-0123456789abcdef"]
    assert _literals(_named_values(tree.body[1])[0][1]) == []
    assert KEY_FORMATS.search("aws = 'AKIAABCDEFGHIJKLMNOP'")


def test_the_development_key_is_used_only_when_debug_is_on():
    tree = ast.parse((REPO_ROOT / "newsroom" / "settings.py").read_text("utf-8"))
    uses = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Name)
        and node.id == "_DEV_SECRET_KEY"
        and isinstance(node.ctx, ast.Load)
    ]
    guarded = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.IfExp)
        and isinstance(node.test, ast.Name)
        and node.test.id == "DEBUG"
        and isinstance(node.body, ast.Name)
        and node.body.id == "_DEV_SECRET_KEY"
    ]
    assert len(uses) == 1
    assert len(guarded) == 1


def test_production_settings_take_the_key_from_the_environment():
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}},
        "DEBUG": "false",
        "SECRET_KEY": "from-the-environment-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
    }
    result = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.SECRET_KEY)",
        ],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == env["SECRET_KEY"]
