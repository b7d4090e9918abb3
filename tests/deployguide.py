"""What docs/deployment.md tells the clinic to run, read out of the guide itself, so the deployment tests and
the guide cannot drift apart: the Caddyfile (section 4) and the screen's Chromium line (section 3)."""
from __future__ import annotations

import re
import shlex
import textwrap
from pathlib import Path

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "deployment.md"
CADDYFILE_MARKER = "(`/etc/caddy/Caddyfile`)"  # the sentence that introduces the whole Caddyfile
CHROMIUM_MARKER = "The launch line, and why each flag is there:"
DOCUMENTED_URL = "http://127.0.0.1:8000/?screen=lobby-1&key=KEY"  # an enrolled screen's launch address


def indented_block_after(marker: str, text: str | None = None) -> str:
    """The first indented (4-space) block after the line holding `marker`, dedented."""
    text = GUIDE.read_text(encoding="utf-8") if text is None else text
    start = text.index(marker)
    lines = text[start:].splitlines()[1:]
    while lines and not lines[0].strip():
        lines.pop(0)
    block = []
    for line in lines:
        if line.strip() and not line.startswith("    "):
            break
        block.append(line)
    return textwrap.dedent("\n".join(block)).strip() + "\n"


def caddyfile() -> str:
    """The documented Caddyfile, as written in the guide."""
    return indented_block_after(CADDYFILE_MARKER)


def chromium_command() -> list[str]:
    """The documented launch line of the screen's Chromium, as argv (program first)."""
    return shlex.split(indented_block_after(CHROMIUM_MARKER).replace("\\\n", " "))


def chromium_in_service() -> list[str]:
    """The Chromium argv in the documented kiosk-browser.service (after `cage -d --`)."""
    line = re.search(r"^\s*ExecStart=/usr/bin/cage -d -- (.+)$", GUIDE.read_text(encoding="utf-8"), re.M)
    return shlex.split(line.group(1))


def chromium_for(url: str, profile: Path) -> list[str]:
    """The documented Chromium line for another kiosk URL and profile folder: only the URL, the host excluded
    from --host-resolver-rules (the URL's) and --user-data-dir change, as the guide says to change them."""
    host = re.match(r"https?://(\[[^]]+\]|[^:/]+)", url).group(1)
    argv = []
    for arg in chromium_command():
        if arg == DOCUMENTED_URL:
            arg = url
        elif arg.startswith("--user-data-dir="):
            arg = f"--user-data-dir={profile}"
        elif arg.startswith("--host-resolver-rules="):
            arg = arg.replace("EXCLUDE 127.0.0.1", f"EXCLUDE {host}")
        argv.append(arg)
    return argv


def caddyfile_for_test(port: int, kiosk_port: int, storage: Path, host: str = "localhost") -> str:
    """The documented Caddyfile for a throwaway instance: the site on https://HOST:PORT proxying to the test's
    kiosk, plus, in its global block, what a test instance needs (no trust store install, no admin API,
    certificates kept in `storage`). Everything else is the guide's, word for word."""
    text = caddyfile()
    test_options = (f"    skip_install_trust\n    admin off\n    storage file_system {storage}\n")
    if not text.startswith("{"):
        raise AssertionError("the guide's Caddyfile should start with its global options block")
    text = "{\n" + test_options + text[1:].lstrip("\n")
    site = re.search(r"^(\S+) \{$", text[text.index("\n}\n") + 3:], re.M).group(1)
    text = re.sub(rf"^{re.escape(site)} \{{$", f"https://{host}:{port} {{", text, flags=re.M)
    return text.replace("127.0.0.1:8000", f"127.0.0.1:{kiosk_port}")
