"""Production settings pass Django's deployment checks; every page carries the headers."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k" * 20 + "-production-secret-key-that-is-long-enough-1234567890",
    "ALLOWED_HOSTS": "fitcheck.example.com",
}


def run_manage(*args, env):
    # The browser tests' async switch would trip the deployment checks: leave it out.
    unset = ("DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_it_passes_the_deployment_checks_in_production():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_trusts_the_proxy_header_only_when_told(settings):
    script = "from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER)"
    trusted = run_manage("shell", "-c", script, env={**PRODUCTION, "TRUST_X_FORWARDED_PROTO": "1"})
    untrusted = run_manage("shell", "-c", script, env=PRODUCTION)
    assert "HTTP_X_FORWARDED_PROTO" in trusted.stdout
    assert "None" in untrusted.stdout


@pytest.mark.parametrize("url", ["/accounts/login/", "/", "/boundaries/", "/settings/"])
def test_it_sends_the_security_headers_on_every_page(client, consultant, url):
    client.force_login(consultant)
    response = client.get(url)
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self' 'nonce-" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_it_puts_the_nonce_on_every_script_it_serves(logged_in):
    response = logged_in.get("/")
    nonce = response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    scripts = response.text.count("<script")
    assert scripts >= 2
    assert response.text.count(f'nonce="{nonce}"') == scripts
