"""The HTML layout: the document model rendered by `document.html` in a sandboxed Jinja2
environment with autoescaping and strict undefined names, so customer text prints literally and a
template naming something the model lacks fails with the template, line and name."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from types import TracebackType

from jinja2 import (
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
)
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from quoter.documents.model import (
    Block,
    BulletList,
    Document,
    Heading,
    KeyValues,
    Paragraph,
    Party,
    SignatureBlock,
    Table,
)
from quoter.domain.contract_terms import DocumentError

TEMPLATE = "document.html"

_KINDS: dict[type, str] = {
    Heading: "heading",
    Paragraph: "paragraph",
    BulletList: "list",
    KeyValues: "keyvalues",
    Table: "table",
    Party: "party",
    SignatureBlock: "signature",
}


def block_kind(block: Block) -> str:
    return _KINDS[type(block)]


def css_string(text: str) -> Markup:
    """Text for a CSS string literal: every character but letters, digits and spaces as a hex
    escape, so nothing in it can end the string, the rule or the <style> element."""
    escaped = "".join(
        # the space after each escape ends it (CSS consumes one there), so a following space
        # in the text survives
        char if char.isascii() and (char.isalnum() or char == " ") else f"\\{ord(char):06x} "
        for char in text
    )
    return Markup(escaped)


@cache
def _environment(template_dir: Path) -> SandboxedEnvironment:
    """One environment per template folder: Jinja compiles a template once and recompiles it
    only when its file changes (about 9 ms a contract saved)."""
    environment = SandboxedEnvironment(
        loader=FileSystemLoader(template_dir),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    environment.globals.update(block_kind=block_kind, css_string=css_string)
    return environment


def render_html(document: Document, template_dir: Path, template: str = TEMPLATE) -> str:
    """The document as HTML, or `DocumentError` naming the template's problem and its line."""
    environment = _environment(template_dir.resolve())
    where = template_dir / template
    try:
        logo_url = Path(document.logo).resolve().as_uri() if document.logo else ""
        return environment.get_template(template).render(doc=document, logo_url=logo_url)
    except TemplateNotFound:
        raise DocumentError(f"{where}: the template is missing") from None
    except TemplateSyntaxError as error:
        raise DocumentError(
            f"{where}:{error.lineno}: template syntax error: {error.message}"
        ) from None
    except UndefinedError as error:
        line = _template_line(error.__traceback__, template)
        raise DocumentError(
            f"{where}:{line or '?'}: the template uses a name the document does not have: "
            f"{error.message}"
        ) from None
    except TemplateError as error:
        raise DocumentError(f"{where}: {type(error).__name__}: {error}") from None


def _template_line(traceback: TracebackType | None, template: str) -> int | None:
    """The template line Jinja's rewritten traceback points at, innermost first."""
    line = None
    while traceback is not None:
        if traceback.tb_frame.f_code.co_filename.endswith(template):
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    return line
