"""Build .docx fixtures with python-docx, adding what it lacks: hand-written numbering, merged cells."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from docx.oxml import parse_xml

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = f'xmlns:w="{W}"'


def level(ilvl: int, num_fmt: str, text: str, start: int = 1, suffix: str | None = None, extra: str = "") -> str:
    """One <w:lvl> of an abstract numbering definition."""
    suff = f'<w:suff w:val="{suffix}"/>' if suffix else ""
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{num_fmt}"/>{suff}'
        f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>'
    )


def add_numbering(document: docx.document.Document, abstracts: dict[int, list[str]], nums: dict[int, str]) -> None:
    """Install abstractNum definitions (id → levels) and num instances (numId → inner XML) in the document."""
    numbering = document.part.numbering_part.element
    for abstract_id, levels in abstracts.items():
        numbering.append(parse_xml(f'<w:abstractNum {NS} w:abstractNumId="{abstract_id}">{"".join(levels)}</w:abstractNum>'))
    for num_id, inner in nums.items():
        numbering.append(parse_xml(f'<w:num {NS} w:numId="{num_id}">{inner}</w:num>'))


def number_paragraph(paragraph, num_id: int, ilvl: int = 0) -> None:
    """Give a python-docx paragraph automatic numbering (w:numPr)."""
    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.append(parse_xml(f'<w:numPr {NS}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def save(document: docx.document.Document, path: Path) -> Path:
    document.save(str(path))
    return path


def rewrite_member(path: Path, member: str, transform) -> None:
    """Rewrite one part of a saved package (e.g. to inject XML python-docx cannot write)."""
    with zipfile.ZipFile(path) as source:
        items = [(info, source.read(info.filename)) for info in source.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in items:
            if info.filename == member:
                data = transform(data)
            target.writestr(info.filename, data)
    path.write_bytes(buffer.getvalue())
