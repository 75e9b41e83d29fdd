"""Render the QA report in headless Chromium at phone and desktop widths; print what overflows.

    .venv/bin/python scripts/report_check.py [output/report.html] [--out DIR]

Drives the system Chromium (Debian package `chromium`) over the DevTools protocol on a pipe
(`--remote-debugging-pipe`: no extra package, no port), with device emulation
(`Emulation.setDeviceMetricsOverride`: `--window-size` cannot go below 500 px). For each width
it prints `document.documentElement.scrollWidth` (wider than the viewport: the page scrolls
sideways), the elements that stick out, whether every page crop opens larger on click, and
whether the summary tables (documents, findings by code) show every column without scrolling;
it writes a full-page screenshot, `report-390.png` and `report-1280.png`, beside the report (or
in `--out`). Exit status 1 when the page overflows, a crop does not open larger or a summary column is out
of view; 2 when
Chromium is not installed.
"""
from __future__ import annotations

import argparse
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

WIDTHS = ((390, 844, 3, True), (1280, 900, 1, False))  # (width, height, device scale, mobile)

OVERFLOW = """(() => {
  const width = document.documentElement.clientWidth, out = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 && box.width > 0) {
      let p = el.parentElement, clipped = false;
      while (p) { const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') { clipped = true; break; } p = p.parentElement; }
      if (!clipped) out.push(el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : '') + ' ' + Math.round(box.right));
    }
  }
  return out.slice(0, 8);
})()"""

# The summary tables (documents, findings by code) keep every column in view at any width: a
# header cell of theirs that lies beyond its scroll box's right edge is hidden.
OUT_OF_VIEW = """(() => {
  const out = [];
  for (const table of document.querySelectorAll('#overview table, #documents table')) {
    const box = (table.closest('.scroll') || table).getBoundingClientRect();
    for (const th of table.querySelectorAll('tr:first-child th')) {
      const cell = th.getBoundingClientRect();
      if (cell.width > 0 && cell.right > box.right + 1) out.push(th.textContent.trim());
    }
  }
  return out;
})()"""

ZOOM = """(() => {
  const crops = [...document.querySelectorAll('.side img')];
  let larger = 0;
  for (const img of crops) {
    const toggle = document.getElementById(img.closest('label')?.htmlFor || '');
    if (!toggle) continue;
    const before = img.getBoundingClientRect().width;
    toggle.checked = true;
    const after = img.getBoundingClientRect().width;
    toggle.checked = false;
    if (after > before + 1 || after >= img.naturalWidth - 1) larger += 1;
  }
  return [crops.length, larger];
})()"""


class Chromium:
    """A headless Chromium driven over `--remote-debugging-pipe` (fd 3 in, fd 4 out, NUL-separated JSON)."""

    def __init__(self, binary: str) -> None:
        self.to_browser_read, self.to_browser = os.pipe()
        self.from_browser, self.from_browser_write = os.pipe()
        self.profile = tempfile.TemporaryDirectory()
        arguments = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--remote-debugging-pipe",
                     f"--user-data-dir={self.profile.name}", "about:blank"]  # fmt: skip
        # the protocol wants its pipes on fds 3 and 4: the shell moves them there, by way of two
        # other one-digit fds (so that the two moves cannot overwrite each other)
        a, b = [fd for fd in range(5, 10) if fd not in (self.to_browser_read, self.from_browser_write)][:2]
        wire = f'exec {a}<&{self.to_browser_read} {b}>&{self.from_browser_write}; exec "$0" "$@" 3<&{a} 4>&{b} {a}<&- {b}>&-'
        self.process = subprocess.Popen(
            ["sh", "-c", wire, *arguments],
            pass_fds=(self.to_browser_read, self.from_browser_write),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(self.to_browser_read)
        os.close(self.from_browser_write)
        self.buffer = b""
        self.next_id = 0

    def send(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def wait_for(self, event: str) -> None:
        while self._read().get("method") != event:
            pass

    def _read(self) -> dict:
        while b"\0" not in self.buffer:
            chunk = os.read(self.from_browser, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def close(self) -> None:
        try:
            self.send("Browser.close")
        except (RuntimeError, OSError):
            pass
        self.process.wait(timeout=10)
        self.profile.cleanup()


def check(report: Path, out: Path, binary: str) -> bool:
    browser = Chromium(binary)
    good = True
    try:
        for width, height, scale, mobile in WIDTHS:
            target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
            session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            browser.send("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": scale, "mobile": mobile}, session)
            browser.send("Page.enable", {}, session)
            browser.send("Page.navigate", {"url": report.resolve().as_uri()}, session)
            browser.wait_for("Page.loadEventFired")
            evaluate = lambda expression: browser.send("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session)["result"]["value"]  # noqa: E731
            scroll_width = evaluate("document.documentElement.scrollWidth")
            sticking_out = evaluate(OVERFLOW)
            crops, larger = evaluate(ZOOM)
            hidden = evaluate(OUT_OF_VIEW)
            full_height = evaluate("document.documentElement.scrollHeight")
            browser.send("Emulation.setDeviceMetricsOverride", {"width": width, "height": min(full_height, 16000), "deviceScaleFactor": 1, "mobile": mobile}, session)
            shot = out / f"report-{width}.png"
            shot.write_bytes(base64.b64decode(browser.send("Page.captureScreenshot", {"format": "png"}, session)["data"]))
            fits = scroll_width <= width
            good = good and fits and larger == crops and not hidden
            print(f"{width} px: scrollWidth {scroll_width} ({'fits' if fits else 'overflows'})"
                  f"{'; sticking out: ' + ', '.join(sticking_out) if sticking_out else ''}; "
                  f"{larger} of {crops} page crops open larger; "
                  f"{'summary-table columns out of view: ' + ', '.join(hidden) if hidden else 'every summary-table column in view'}; screenshot {shot}")  # fmt: skip
            browser.send("Target.closeTarget", {"targetId": target})
    finally:
        browser.close()
    return good


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", nargs="?", type=Path, default=Path("output/report.html"))
    parser.add_argument("--out", type=Path, help="where the screenshots go (default: beside the report)")
    args = parser.parse_args()
    binary = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if binary is None:
        print("report_check: no Chromium found (Debian: apt-get install chromium)", file=sys.stderr)
        sys.exit(2)
    if not args.report.is_file():
        print(f"report_check: {args.report}: no such file (make run writes output/report.html)", file=sys.stderr)
        sys.exit(2)
    out = args.out or args.report.parent
    out.mkdir(parents=True, exist_ok=True)
    sys.exit(0 if check(args.report, out, binary) else 1)


if __name__ == "__main__":
    main()
