"""A real kiosk screen for tests, without DevTools: Xvfb in place of cage, the screen's Chromium started with
the flags docs/deployment.md documents, taps by xdotool, screenshots from Xvfb's own framebuffer file.

    with KioskScreen(tmp_path) as screen:
        screen.launch("http://127.0.0.1:8000/?screen=lobby", extra_flags=["--lang=en"])
        screen.tap(540, 960)
        screen.screenshot(tmp_path / "shot.png")

Nothing attaches to the browser (no --remote-debugging-*, no Playwright): DevTools turns prerendering off
(RECIPES, third round), so what this measures is what a clinic's screen does. Missing Xvfb, xdotool or
Chromium is a failure under CI=true and a skip elsewhere (`require_tools`).
"""
from __future__ import annotations

import os
import shutil
import struct
import subprocess
import time
import zlib
from pathlib import Path

import deployguide
import pytest

CHROMIUM = "/usr/bin/chromium"
WIDTH, HEIGHT = 1080, 1920  # the clinic's portrait screen
# Only what Xvfb needs and cage gives for free: a window at the screen's corner filling it (without
# --window-position it sat 10 px off), no sandbox (tests may run as root), no GPU (Xvfb has none).
HARNESS_FLAGS = ["--window-position=0,0", f"--window-size={WIDTH},{HEIGHT}", "--no-sandbox", "--disable-gpu"]


def require_tools(*tools: str) -> None:
    """Fail (CI=true) or skip when a program the tier needs is missing."""
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        message = f"missing {', '.join(missing)}: apt-get install -y caddy xvfb xdotool chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def trust_certificate(home: Path, certificate: Path) -> None:
    """Make Chromium trust `certificate` (e.g. Caddy's local root) as an authority: Chromium on Linux reads
    the user's NSS database in $HOME/.pki/nssdb, so a fresh HOME with its own database trusts it and nothing
    else changes (no system trust store, no --ignore-certificate-errors that would accept any certificate)."""
    require_tools("certutil")
    database = home / ".pki" / "nssdb"
    database.mkdir(parents=True, exist_ok=True)
    subprocess.run(["certutil", "-d", f"sql:{database}", "-N", "--empty-password"], check=True,
                   capture_output=True)
    subprocess.run(["certutil", "-d", f"sql:{database}", "-A", "-t", "C,,", "-n", "kiosk-test-root",
                    "-i", str(certificate)], check=True, capture_output=True)


class KioskScreen:
    """One Xvfb display (picked free by Xvfb itself) and at most one Chromium on it."""

    def __init__(self, folder: Path, width: int = WIDTH, height: int = HEIGHT):
        require_tools("Xvfb", "xdotool", CHROMIUM)
        self.folder = Path(folder)
        self.home = self.folder / "home"
        self.profile = self.folder / "profile"
        self.framebuffer = self.folder / "framebuffer"
        for path in (self.home, self.profile, self.framebuffer):
            path.mkdir(parents=True, exist_ok=True)
        self.width, self.height = width, height
        self.xvfb = self.chromium = None
        self.display = ""
        self.log = self.folder / "chromium.log"

    def __enter__(self) -> KioskScreen:
        self.start()
        return self

    def __exit__(self, *_) -> None:
        self.stop()

    def start(self) -> None:
        """Start Xvfb on a free display (`-displayfd`: Xvfb picks it and writes its number)."""
        read, write = os.pipe()
        self.xvfb = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", f"{self.width}x{self.height}x24", "-nolisten",
             "tcp", "-fbdir", str(self.framebuffer)], pass_fds=(write,), stderr=subprocess.DEVNULL)
        os.close(write)
        with os.fdopen(read) as numbers:
            number = numbers.readline().strip()
        if not number:
            raise RuntimeError("Xvfb did not start")
        self.display = f":{number}"

    def env(self) -> dict[str, str]:
        return {**os.environ, "DISPLAY": self.display, "HOME": str(self.home)}

    def trust(self, certificate: Path) -> None:
        """Trust `certificate` as an authority in this screen's browser (call before `launch`)."""
        trust_certificate(self.home, certificate)

    def command(self, url: str, extra_flags: list[str] | tuple = ()) -> list[str]:
        """The documented Chromium line for `url` and this profile, the harness flags, `extra_flags`."""
        argv = deployguide.chromium_for(url, self.profile)
        return [CHROMIUM, *argv[1:], *HARNESS_FLAGS, *extra_flags]

    def launch(self, url: str, extra_flags: list[str] | tuple = ()) -> None:
        """Start the documented Chromium on this display at `url`."""
        if self.chromium is not None:
            raise RuntimeError("one Chromium per screen: stop_browser() first")
        with open(self.log, "ab") as log:
            self.chromium = subprocess.Popen(self.command(url, extra_flags), env=self.env(), stdout=log,
                                             stderr=subprocess.STDOUT, start_new_session=True)

    def tap(self, x: int, y: int) -> None:
        """A click at (x, y) of the screen, as the X server delivers one (no DevTools involved)."""
        subprocess.run(["xdotool", "mousemove", str(x), str(y), "click", "1"], env=self.env(), check=True,
                       timeout=10)

    def screenshot(self, path: Path) -> Path:
        """The whole screen as a PNG, from Xvfb's framebuffer file (an XWD image)."""
        Path(path).write_bytes(png_of_xwd((self.framebuffer / "Xvfb_screen0").read_bytes()))
        return Path(path)

    def stop_browser(self) -> None:
        if self.chromium is not None and self.chromium.poll() is None:
            os.killpg(self.chromium.pid, 15)  # its own session: the renderer and GPU processes too
            try:
                self.chromium.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.chromium.pid, 9)
                self.chromium.wait(timeout=10)
        self.chromium = None

    def stop(self) -> None:
        """Stop Chromium, then Xvfb."""
        self.stop_browser()
        if self.xvfb is not None and self.xvfb.poll() is None:
            self.xvfb.terminate()
            self.xvfb.wait(timeout=10)
        self.xvfb = None


def png_of_xwd(data: bytes) -> bytes:
    """An XWD image (Xvfb's -fbdir file: 24-bit depth, 32 bits a pixel) as an RGB PNG."""
    fields = struct.unpack(">25I", data[:100])
    header_size, width, height = fields[0], fields[4], fields[5]
    byte_order, bits_per_pixel, bytes_per_line, colours = fields[7], fields[11], fields[12], fields[19]
    if bits_per_pixel != 32:
        raise ValueError(f"expected 32 bits a pixel, got {bits_per_pixel}")
    start = header_size + colours * 12
    pixels = data[start:start + bytes_per_line * height]
    red, green, blue = (2, 1, 0) if byte_order == 0 else (1, 2, 3)  # LSBFirst: B G R x in memory
    rows = bytearray()
    for row in range(height):
        line = pixels[row * bytes_per_line:row * bytes_per_line + width * 4]
        rgb = bytearray(width * 3)
        rgb[0::3], rgb[1::3], rgb[2::3] = line[red::4], line[green::4], line[blue::4]
        rows += b"\0" + rgb

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(rows), 6))
            + chunk(b"IEND", b""))


def wait_for(condition, timeout: float = 30, every: float = 0.2):
    """Poll `condition` until it returns something true; that value, or AssertionError after `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"not within {timeout} s: {getattr(condition, '__doc__', None) or condition}")
