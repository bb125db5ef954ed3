"""Crawling the portal in English: every page reachable by links from a start list, and the
Han characters (and full-width punctuation) each shows outside an element marked Chinese."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import httpx

# Han ideographs (CJK unified, extension A, compatibility) and the full-width punctuation
# an English sentence must not carry (、。「」《》【】（）：，；！？).
HAN = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uff65]+")
SHOWN_ATTRIBUTES = ("title", "alt", "placeholder", "aria-label", "label")
VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip
SKIPPED = ("/static/", "/graphql", "/schema.graphql", "/union/aid/files/", "/logout")


def _is_chinese(lang: str | None) -> bool:
    return bool(lang) and lang.lower().split("-")[0] == "zh"


@dataclass
class HanFinder(HTMLParser):
    """Han text in a page outside any element whose ``lang`` is Chinese."""

    found: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    stack: list[tuple[str, bool]] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def _chinese(self) -> bool:
        return any(chinese for _, chinese in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        chinese = self._chinese() or _is_chinese(values.get("lang"))
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        if not chinese:
            shown = [values.get(name) for name in SHOWN_ATTRIBUTES]
            if tag == "input" and values.get("type") in ("submit", "button", "reset"):
                shown.append(values.get("value"))
            if tag == "meta" and values.get("name") == "description":
                shown.append(values.get("content"))
            for value in shown:
                self._check(f"<{tag}> attribute", value or "")
        if tag not in VOID:
            self.stack.append((tag, chinese))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1][0] in ("script", "style"):
            return
        if not self._chinese():
            where = self.stack[-1][0] if self.stack else "document"
            self._check(f"<{where}>", data)

    def _check(self, where: str, text: str) -> None:
        if HAN.search(text):
            self.found.append(f"{where}: {' '.join(text.split())[:120]}")


@dataclass
class Crawl:
    pages: dict[str, list[str]] = field(default_factory=dict)  # path -> Han found

    @property
    def failures(self) -> dict[str, list[str]]:
        return {path: found for path, found in self.pages.items() if found}


def _key(href: str, base: str) -> str | None:
    """The page a link names, as a path with its query; None for other sites and files."""
    url = urlsplit(urljoin(base, href))
    if url.netloc not in ("", "testserver") or url.path.startswith(SKIPPED):
        return None
    query = "&".join(p for p in url.query.split("&") if p and not p.startswith("lang="))
    return url.path + (f"?{query}" if query else "")


async def crawl(client: httpx.AsyncClient, start: list[str], crawl: Crawl, limit: int) -> None:
    """Visit ``start`` and every page linked from them, in English, up to ``limit`` pages."""
    queue = list(start)
    while queue and len(crawl.pages) < limit:
        path = queue.pop(0)
        if path in crawl.pages:
            continue
        response = await client.get(path, params={"lang": "en"}, follow_redirects=True)
        if "text/html" not in response.headers.get("content-type", ""):
            crawl.pages[path] = []
            continue
        finder = HanFinder()
        finder.feed(response.text)
        crawl.pages[path] = [f"{response.status_code} {f}" for f in finder.found]
        for href in finder.links:
            key = _key(href, str(response.url))
            if key and key not in crawl.pages:
                queue.append(key)
