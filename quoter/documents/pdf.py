"""The PDF layout: WeasyPrint renders the HTML layout as PDF/A-3b with the priced quote attached as
JSON; pyHanko then adds an empty digital-signature field on each signature block and the final
metadata, in one incremental update.

WeasyPrint and pyHanko are imported here only, and only when a PDF is made (about a second of
imports that the rest of quoter never pays).
"""

from __future__ import annotations

import ctypes.util
import dataclasses
import io
import mimetypes
import re
import sys
import threading
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quoter.documents.html import render_html
from quoter.documents.log_capture import captured
from quoter.documents.model import Document, KeyValues, SignatureBlock, block_texts
from quoter.domain.contract_terms import DocumentError
from quoter.domain.problems import Problem

if TYPE_CHECKING:
    from weasyprint.urls import URLFetcherResponse

CSS_PX_TO_PT = 0.75
RESOURCE_SCHEME = "resource:"


@dataclass(frozen=True, slots=True)
class FieldBox:
    name: str
    page: int
    box: tuple[int, int, int, int]
    """Lower-left x, y and upper-right x, y in PDF points."""


def render_pdf(document: Document, template_dir: Path, resources_dir: Path) -> bytes:
    """The signature-ready, archival PDF of `document`."""
    html = render_html(document, template_dir)
    return html_to_pdf(html, document, template_dir, resources_dir)


def html_to_pdf(html: str, document: Document, template_dir: Path, resources_dir: Path) -> bytes:
    fetcher = _local_fetcher(template_dir, resources_dir)
    with captured("weasyprint") as complaints:
        pdf, boxes = _weasyprint_pdf(html, document, template_dir, fetcher)
    missing = [m for m in complaints if m.startswith(".notdef glyph")]
    if missing:
        raise DocumentError(
            "the document has text its fonts (resources/fonts/) cannot show:",
            unshowable_texts(document, missing),
        )
    if complaints:
        raise DocumentError(
            f"{template_dir}: the layout has problems WeasyPrint could not render:",
            [Problem((), message) for message in complaints],
        )
    return add_signature_fields(pdf, boxes)


_IMPORT_LOCK = threading.Lock()


def import_weasyprint() -> Any:
    """WeasyPrint, imported without the 0.3 s it spends looking for libraries that are not there.

    WeasyPrint tries several names for each native library it uses (Pango, HarfBuzz...); for each
    name that does not load, cffi asks `ctypes.util.find_library`, which on Linux runs `ldconfig`
    and `gcc` in subprocesses (Kozea/WeasyPrint#1125). On Linux the exact names it tries first load
    directly where the library is installed, so the search is skipped while it imports; should the
    import fail that way, it is imported again the usual way."""
    if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
        import weasyprint

        return weasyprint
    with _IMPORT_LOCK:
        original = ctypes.util.find_library
        ctypes.util.find_library = lambda name: None
        try:
            import weasyprint

            return weasyprint
        except (OSError, ImportError):
            for name in [name for name in sys.modules if name.split(".")[0] == "weasyprint"]:
                del sys.modules[name]
        finally:
            ctypes.util.find_library = original
        import weasyprint

        return weasyprint


def _weasyprint_pdf(
    html: str, document: Document, template_dir: Path, fetcher: Any
) -> tuple[bytes, list[FieldBox]]:
    """WeasyPrint's PDF/A-3b of `html` with the document's attachments, and where its signature
    boxes landed."""
    weasyprint = import_weasyprint()
    from weasyprint.text.fonts import FontConfiguration

    try:
        rendered = weasyprint.HTML(
            string=html, base_url=template_dir.resolve().as_uri() + "/", url_fetcher=fetcher
        ).render(font_config=_font_configuration(FontConfiguration))
        boxes = signature_boxes(rendered, document)
        attachments = [
            weasyprint.Attachment(
                string=content.decode("utf-8"),
                name=name,
                description="quoter priced quote (JSON, format 1)",
                relationship="Data",
            )
            for name, content in document.attachments
        ]
        pdf = rendered.write_pdf(pdf_variant="pdf/a-3b", attachments=attachments)
    except weasyprint.urls.FatalURLFetchingError as error:
        cause = error.__cause__ or error
        raise DocumentError(f"{template_dir / 'document.html'}: {cause}") from None
    assert isinstance(pdf, bytes)
    return pdf, boxes


def unshowable_texts(document: Document, messages: list[str]) -> list[Problem]:
    """Where the characters of WeasyPrint's `.notdef glyph` warnings are: the block, and for a
    list of clauses or details the entry, so the person who wrote the text can find it."""
    characters = {match for m in messages for match in re.findall(r"\(U\+([0-9A-F]{4,6})\)", m)}
    problems = []
    for code in sorted(characters):
        character = chr(int(code, 16))
        places = []
        for section in document.sections:
            for block in section.blocks:
                if isinstance(block, KeyValues):
                    places += [f"{block.id} ({k})" for k, v in block.pairs if character in k + v]
                elif any(character in text for text in block_texts(block)):
                    places.append(block.id)
        where = ", ".join(places[:5]) or "the document"
        problems.append(
            Problem(
                (),
                f"'{character}' (U+{code}) in {where}",
                "characters the fonts have: Latin, Greek and Cyrillic scripts",
            )
        )
    return problems


_FONTS = threading.local()


def _font_configuration(factory: Any) -> Any:
    """One font configuration per thread, reused: a new one rescans the system's fonts and
    reloads the embedded ones for every document (about 7 % of a render)."""
    configuration = getattr(_FONTS, "configuration", None)
    if configuration is None:
        configuration = _FONTS.configuration = factory()
    return configuration


def signature_boxes(rendered: Any, document: Document) -> list[FieldBox]:
    """Where each signature block's box landed, in PDF coordinates, from WeasyPrint's layout."""
    wanted = {
        f"{block.id}-box": block.field_name
        for section in document.sections
        for block in section.blocks
        if isinstance(block, SignatureBlock)
    }
    boxes = []
    for index, page in enumerate(rendered.pages):
        height = page.height * CSS_PX_TO_PT
        for anchor, (left, top, right, bottom) in page.anchors.items():
            if anchor in wanted:
                # WeasyPrint gives the element's border box in CSS px from the top-left corner;
                # PDF counts points from the bottom-left.
                boxes.append(
                    FieldBox(
                        wanted[anchor],
                        index,
                        (
                            round(left * CSS_PX_TO_PT),
                            round(height - bottom * CSS_PX_TO_PT),
                            round(right * CSS_PX_TO_PT),
                            round(height - top * CSS_PX_TO_PT),
                        ),
                    )
                )
    missing = set(wanted.values()) - {box.name for box in boxes}
    if missing:
        raise DocumentError(
            f"the layout placed no signature box for {', '.join(sorted(missing))}: "
            "document.html must give each signature block an element with id '<block id>-box'"
        )
    return boxes


def add_signature_fields(pdf: bytes, boxes: list[FieldBox]) -> bytes:
    """Empty signature fields on the given boxes, added in one incremental update."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.metadata.model import VENDOR
    from pyhanko.sign.fields import SigFieldSpec, append_signature_field

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    # pyHanko writes its own name as the XMP pdf:Producer but appends it to the Info dictionary's
    # Producer; PDF/A wants the two to agree, so the Info entry starts as what XMP will say.
    info = writer.trailer_view["/Info"].get_object()
    info["/Producer"] = generic.TextStringObject(VENDOR)
    writer.mark_update(writer.trailer_view.raw_get("/Info"))
    for box in boxes:
        append_signature_field(
            writer, SigFieldSpec(sig_field_name=box.name, on_page=box.page, box=box.box)
        )
    out = io.BytesIO()
    writer.write(out)  # type: ignore[no-untyped-call]
    return out.getvalue()


def _local_fetcher(template_dir: Path, resources_dir: Path) -> Any:
    """A URL fetcher that reads only the template folder and resources/, never the network."""
    import_weasyprint()
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    roots = (template_dir.resolve(), resources_dir.resolve())

    class LocalFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            if url.startswith(RESOURCE_SCHEME):
                path = (resources_dir / url[len(RESOURCE_SCHEME) :]).resolve()
            elif url.startswith("file://"):
                from urllib.parse import unquote, urlparse

                path = Path(unquote(urlparse(url).path)).resolve()
            else:
                raise ValueError(f"{url}: quoter's documents fetch nothing from the network")
            if not any(root == path or root in path.parents for root in roots):
                raise ValueError(f"{path} is outside the template folder and resources/")
            if not path.is_file():
                raise ValueError(f"{path} does not exist")
            media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                url, body=path.read_bytes(), headers={"Content-Type": media_type}
            )

    return LocalFetcher(fail_on_errors=True)


def embedded_file(pdf: bytes, name: str, source: str, limit: int) -> bytes | None:
    """The first file embedded in a PDF under `name`, or None if there is none; `DocumentError`
    for something that is not a PDF, or for an embedded file larger than `limit` bytes unpacked.
    Decompression stops at the limit, so a small file that would unpack to gigabytes (a "zlib
    bomb") costs neither the time nor the memory; no other embedded file is unpacked at all."""
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError, PyPdfError

    # its warnings about a damaged file become our message (collected, not printed)
    with captured("pypdf"), _unpacking_limits(limit):
        try:
            reader = PdfReader(io.BytesIO(pdf))
            for entry in reader.attachment_list:
                if entry.name == name:
                    content = entry.content
                    break
            else:
                return None
        except LimitReachedError:
            content = None
        # pypdf's own errors, and what its parser raises on a malformed or hostile structure
        except (PyPdfError, ValueError, KeyError, TypeError, IndexError, RecursionError) as error:
            raise DocumentError(f"{source}: not a PDF quoter can read ({error})") from None
    if content is None or len(content) > limit:
        shown = f"{limit // 2**20} MiB" if limit % 2**20 == 0 else f"{limit:,} bytes"
        raise DocumentError(
            f"{source}: the embedded {name} is larger than {shown} unpacked; "
            "quoter never writes one that large"
        )
    return content


_UNPACKED = (
    "zlib_maximum_output_length",
    "lzw_maximum_output_length",
    "run_length_maximum_output_length",
    "brotli_maximum_output_length",
    "array_based_stream_maximum_output_length",
)
"""pypdf's limits on what one stream may unpack to (pypdf 7's configuration)."""
DAMAGED_STREAM_TRIAL = 256 * 1024
"""How much of a damaged compressed stream pypdf may retry byte by byte (its default, 5 MB, is
seconds of work for a broken stream)."""


def _unpacking_limits(limit: int) -> AbstractContextManager[object]:
    """pypdf's decompression limits lowered to `limit` bytes inside the block, for this thread
    only (a context variable). A pypdf without that configuration keeps its own limits (75 MB),
    and the size is checked after."""
    import pypdf

    apply = getattr(pypdf, "apply_configuration", None)
    if apply is None:
        return nullcontext()
    known = {field.name for field in dataclasses.fields(pypdf.get_configuration())}
    wanted = dict.fromkeys(_UNPACKED, limit)
    wanted["zlib_maximum_recovery_input_length"] = DAMAGED_STREAM_TRIAL
    manager: AbstractContextManager[object] = apply(
        **{key: value for key, value in wanted.items() if key in known}
    )
    return manager
