"""Printed forms as PDF: a Django template rendered in a given language, laid out by WeasyPrint, entirely offline.

Plants are often offline, and a printed permit must look the same on every server: a document may use only files
inside the package and data: URLs (never the network), and its fonts come with the package (documents/fonts/), so
that the Kazakh letters print whatever the server has installed. Templates extend documents/base_print.html.
"""

import mimetypes
import re
import unicodedata
from pathlib import Path, PurePosixPath
from urllib.parse import quote, urlsplit
from urllib.request import url2pathname

import segno
from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

PACKAGE_DIR = Path(__file__).resolve().parent.parent
FONTS_DIR = Path(__file__).resolve().parent / "fonts"
PRINT_STYLESHEET = PACKAGE_DIR / "templates" / "documents" / "print.css"
PDF = "application/pdf"


class ResourceRefused(ValueError):
    """A document asked for something outside the package: a network URL, or a file elsewhere on the server."""


class DocumentResourceError(RuntimeError):
    """A resource the document needs (stylesheet, font, image) was refused or is missing: the PDF was not made."""


def package_file(url: str) -> Path:
    """The file a file:// URL names, provided it lies inside the package (symbolic links and `..` resolved first)."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        raise ResourceRefused(f"printed documents use only files of the package: {url}")
    # url2pathname decodes the %-escapes once; the query and fragment (an SVG's #id) do not name the file.
    path = Path(url2pathname(parts.path)).resolve()
    if not path.is_relative_to(PACKAGE_DIR):
        raise ResourceRefused(f"printed documents use only files of the package: {url}")
    if not path.is_file():
        raise FileNotFoundError(f"no such file in the package: {url}")
    return path


class LocalURLFetcher(URLFetcher):
    """WeasyPrint's fetcher, restricted to the package's files and data: URLs.

    Any failure stops the rendering (fail_on_errors): a form printed without its font, its stylesheet or its QR code
    must not pass for a complete one, and an http(s) URL in a template is a bug to find in the tests, not in a plant.
    """

    def __init__(self):
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False, fail_on_errors=True)

    def fetch(self, url, headers=None):
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)  # decoded in memory by urllib's DataHandler
        if scheme != "file":
            raise ResourceRefused(f"printed documents use no network: {url}")
        path = package_file(url)
        # WeasyPrint checks a linked stylesheet's type: give what the extension says, as a web server would.
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": content_type})


def css_string(text: str) -> str:
    """`text` as a quoted CSS string, safe inside a <style> element too (no quote, backslash or `<` left bare)."""
    escaped = "".join(f"\\{ord(ch):x} " if ch in '"\\<>&' or ord(ch) < 0x20 or ord(ch) == 0x7F else ch for ch in text)
    return f'"{escaped}"'


_COUNTERS = {"number": "counter(page)", "total": "counter(pages)"}
_PLACEHOLDER = re.compile(r"%\((number|total)\)s")


def page_counter_content() -> str:
    """The CSS `content` value that prints "Page X of Y" in the active language.

    The sentence is the pagination's own translation, with the CSS page counters put where its placeholders stand:
    the languages order them differently ("3 беттің 1-беті").
    """
    label = gettext("Page %(number)s of %(total)s")
    parts, position = [], 0
    for match in _PLACEHOLDER.finditer(label):
        if match.start() > position:
            parts.append(css_string(label[position : match.start()]))
        parts.append(_COUNTERS[match[1]])
        position = match.end()
    if position < len(label):
        parts.append(css_string(label[position:]))
    return " ".join(parts)


def render_pdf(*, template: str, context: dict, language: str, base_url=None) -> bytes:
    """The PDF of `template` (a Django template name, normally extending documents/base_print.html) in `language`.

    Relative URLs in the template resolve against `base_url`, by default the package's directory; wherever they
    point, only files inside the package and data: URLs are fetched. Raises DocumentResourceError when a resource is
    refused or missing, and ValueError for a language the application does not speak.
    """
    if language not in dict(settings.LANGUAGES):
        # translation.override would quietly fall back to another language: a permit must print in the one asked for.
        raise ValueError(f"not one of the application's languages: {language!r}")
    with translation.override(language):
        html = render_to_string(template, {
            **context,
            "documents_stylesheet": PRINT_STYLESHEET.as_uri(),
            # Escaped by css_string: the translated words cannot break out of the <style> element.
            "documents_page_counter": mark_safe(page_counter_content()),  # noqa: S308
        })
        document = HTML(string=html, base_url=base_url or PACKAGE_DIR.as_uri() + "/", url_fetcher=LocalURLFetcher())
        try:
            # A fresh font configuration per document: it holds Pango and fontconfig state that is not thread-safe.
            return document.write_pdf(font_config=FontConfiguration())
        except FatalURLFetchingError as exc:
            # WeasyPrint's fatal error is a BaseException, which nothing between here and the web server would catch.
            raise DocumentResourceError(str(exc)) from exc.__cause__


_NOT_PLAIN = re.compile(r"[^A-Za-z0-9._-]+")


def ascii_filename(filename: str) -> str:
    """A plain-ASCII stand-in for `filename`, for the clients that do not read RFC 5987's filename*."""
    decomposed = unicodedata.normalize("NFKD", filename)  # é → e, № → No; Cyrillic letters have no ASCII form
    path = PurePosixPath(_NOT_PLAIN.sub("_", decomposed))
    stem = path.stem.strip("_-. ")
    return (stem if re.search(r"[A-Za-z0-9]", stem) else "document") + path.suffix


def content_disposition(filename: str, *, inline: bool = True) -> str:
    disposition = "inline" if inline else "attachment"
    fallback = ascii_filename(filename)
    if fallback == filename:
        return f'{disposition}; filename="{filename}"'
    # RFC 6266: browsers take filename* (UTF-8, %-encoded, RFC 5987); older clients fall back to filename.
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def pdf_response(pdf: bytes, filename: str, *, inline=True) -> HttpResponse:
    """`pdf` as a response shown in the browser (inline) or downloaded, under `filename` (any language)."""
    response = HttpResponse(pdf, content_type=PDF)
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    response["Content-Length"] = str(len(pdf))
    # Forms carry names and IINs, and plants share computers: no copy in the browser's cache or a proxy's.
    response["Cache-Control"] = "private, no-store"
    return response


def qr_svg_data_uri(url: str) -> str:
    """A QR code of `url` as an SVG data: URI for an <img>: drawn here, fetched from nowhere.

    Always a full QR code, never a Micro QR (which segno picks for short texts and most phone cameras cannot read),
    with the standard quiet zone; it has a viewBox and no size of its own, so the stylesheet sets its printed size.
    """
    return segno.make_qr(url, error="m").svg_data_uri(omitsize=True, dark="#000", light="#fff")
