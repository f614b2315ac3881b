"""Fill AcroForm fields fast, with our own appearance streams, as an incremental update.

How it works (and why):

* Once per process, the blank forms of a packet (the project's templates, or the official files from
  ``FORMS_OFFICIAL_DIR``) are merged with pypdf into one *base* PDF held in memory: encrypted files
  are opened with the empty user password, and only pages and fields are copied, so the XFA packets
  (``/AcroForm /XFA``) and the usage-rights signature (``/Root /Perms``) are dropped. Each form's
  fields are checked against its field map first; a file whose fields do not match any map (a new
  revision) is refused with :class:`FormMismatch`.
* For each packet, the changed objects (field values, their appearance streams, the attachment
  pages, the page tree) are appended to the base bytes as a PDF incremental update
  (ISO 32000-1 § 7.5.6). Copying and rewriting the whole document with pypdf took about 45 ms a
  packet; appending only what changed keeps a packet well under the 25 ms target. Nothing is written
  to disk.
* Every filled field gets an appearance stream written here (text) or its on-state appearance (a
  checkbox), and ``NeedAppearances`` is false, so every viewer shows the same thing.
* Text is shrunk down to 6 pt, then wrapped when the field is tall enough; what still does not fit
  is replaced by "See attachment" and listed on the attachment page, never cut silently.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    EncodedStreamObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    StreamObject,
    TextStringObject,
)

from forms import pdf_private
from forms.fieldmap import FieldMap
from forms.fonts import font_for, width, wrap

MIN_SIZE = 6.0
MAX_SIZE = 9.0
LEADING = 1.15
PAD = 2.0
SEE_ATTACHMENT = ("See attachment", "See att.", "*")


class FormMismatch(ValueError):
    """A blank form whose fields do not match the field map (usually a new revision)."""


# --------------------------------------------------------------------------------------------
# Text layout


@dataclass(frozen=True)
class TextLayout:
    text: str
    font: str
    size: float
    lines: tuple[str, ...]


def layout_text(text: str, w: float, h: float, maxlen: int | None = None) -> TextLayout | None:
    """The largest size (≤ 9 pt, ≥ 6 pt) at which ``text`` fits the box, wrapping if it is tall
    enough; ``None`` when it does not fit (the caller moves it to the attachment).
    Raises :class:`forms.fonts.UnsupportedText` for text no font can print."""
    if maxlen is not None and len(text) > maxlen:
        return None
    font = font_for(text)
    avail = w - 2 * PAD
    one = width(text, font, 1.0) or 1.0
    top = min(MAX_SIZE, (h - 1.0) / 1.05)
    size = min(top, avail / one)
    if size >= MIN_SIZE:
        return TextLayout(text, font, round(size, 2), (text,))
    n = 2
    while True:
        size = min(MAX_SIZE, (h - 1.0) / (n * LEADING))
        if size < MIN_SIZE:
            return None
        lines = wrap(text, font, size, avail)
        if len(lines) <= n and all(width(x, font, size) <= avail for x in lines):
            return TextLayout(text, font, size, tuple(lines))
        n += 1


def _pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def helvetica_stream(lay: TextLayout, w: float, h: float) -> bytes:
    """The appearance of a text field printed in Helvetica (resource name /Helv)."""
    parts = [
        b"/Tx BMC q ",
        f"1 1 {w - 2:.2f} {h - 2:.2f} re W n BT /Helv {lay.size:g} Tf 0 g ".encode(),
    ]
    if len(lay.lines) == 1:
        y = max((h - lay.size * 0.72) / 2, 1.0)
        parts.append(f"{PAD:g} {y:.2f} Td ".encode() + _pdf_string(lay.lines[0]) + b" Tj ")
    else:
        lead = lay.size * LEADING
        y = h - 1.0 - lay.size * 0.85
        parts.append(f"{lead:.2f} TL {PAD:g} {y:.2f} Td ".encode())
        for i, line in enumerate(lay.lines):
            parts.append((b"" if i == 0 else b"T* ") + _pdf_string(line) + b" Tj ")
    parts.append(b"ET Q EMC")
    return b"".join(parts)


# --------------------------------------------------------------------------------------------
# Blank forms and the base document


@dataclass
class FieldInfo:
    name: str
    kind: str  # "text", "checkbox", "button", "other"
    field_num: int  # object number of the field dictionary (holds /V)
    widgets: list[int]  # object numbers of its widget annotations
    rect: tuple[float, float, float, float]
    page: int  # 0-based page index in the base document
    maxlen: int | None
    on_states: tuple[str, ...]


def as_dict(obj: object) -> DictionaryObject:
    """``obj`` (an indirect reference is followed) as a dictionary; anything else is a bug."""
    target = obj.get_object() if isinstance(obj, PdfObject) else obj
    assert isinstance(target, DictionaryObject), type(target)
    return target


def as_array(obj: object) -> ArrayObject:
    """``obj`` (an indirect reference is followed) as an array; anything else is a bug."""
    target = obj.get_object() if isinstance(obj, PdfObject) else obj
    assert isinstance(target, ArrayObject), type(target)
    return target


def as_int(obj: object) -> int:
    """A PDF number (or an indirect reference to one) as an int."""
    target = obj.get_object() if isinstance(obj, PdfObject) else obj
    assert isinstance(target, int | float), type(target)
    return int(target)


def _qualified_fields(
    reader: PdfReader,
) -> Iterable[tuple[str, DictionaryObject, IndirectObject | None]]:
    acro = as_dict(reader.trailer["/Root"]).get("/AcroForm")
    if acro is None:
        return
    stack: list[tuple[str, PdfObject]] = [
        ("", f) for f in reversed(as_array(as_dict(acro).raw_get("/Fields")))
    ]
    while stack:
        prefix, ref = stack.pop()
        obj = ref.get_object()
        assert isinstance(obj, DictionaryObject)
        t = obj.get("/T")
        name = (
            f"{prefix}.{t}" if prefix and t is not None else (str(t) if t is not None else prefix)
        )
        kids = as_array(obj["/Kids"]) if "/Kids" in obj else ArrayObject()
        if any("/T" in as_dict(k) for k in kids):
            for k in reversed(kids):
                stack.append((name, k))
            continue
        yield name, obj, ref if isinstance(ref, IndirectObject) else None


def _inherited(obj: DictionaryObject, key: str) -> PdfObject | None:
    cur: PdfObject | None = obj
    while cur is not None:
        d = cur.get_object()
        assert isinstance(d, DictionaryObject)
        if key in d:
            return d[key]
        cur = d.get("/Parent")
    return None


def field_kinds(reader: PdfReader) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Every terminal field of a PDF: name → (kind, checkbox on-states)."""
    out: dict[str, tuple[str, tuple[str, ...]]] = {}
    for name, obj, _ in _qualified_fields(reader):
        out[name] = _kind(obj)
    return out


def _widgets(obj: DictionaryObject) -> list[DictionaryObject]:
    kids = obj.get("/Kids")
    if kids:
        return [k.get_object() for k in kids]
    return [obj]


def _kind(obj: DictionaryObject) -> tuple[str, tuple[str, ...]]:
    ft = str(_inherited(obj, "/FT"))
    ff = as_int(_inherited(obj, "/Ff") or NumberObject(0))
    if ft == "/Tx":
        return "text", ()
    if ft == "/Btn":
        if ff & (1 << 16):
            return "button", ()
        states: list[str] = []
        for wdg in _widgets(obj):
            ap = wdg.get("/AP")
            if (
                ap is not None
                and "/N" in ap
                and isinstance(ap["/N"].get_object(), DictionaryObject)
            ):
                states += [
                    str(k)[1:] for k in ap["/N"].get_object() if str(k) not in ("/Off", "/off")
                ]
        return "checkbox", tuple(dict.fromkeys(states))
    return "other", ()


def check_map(reader: PdfReader, fmap: FieldMap, label: str) -> None:
    """Refuse a blank form whose fields do not match ``fmap``: a mapped name missing, of another
    type, or a checkbox without the mapped on-state; or a mapped field already filled in."""
    kinds = field_kinds(reader)
    problems: list[str] = []
    for name, kind in fmap.fields.items():
        if name not in kinds:
            problems.append(f"missing field {name}")
        elif kinds[name][0] != kind:
            problems.append(f"{name} is a {kinds[name][0]} field, the map expects {kind}")
    for cb in fmap.checkbox.values():
        if cb.field in kinds and kinds[cb.field][1] and cb.on not in kinds[cb.field][1]:
            problems.append(
                f"{cb.field} has on-states {kinds[cb.field][1]}, the map expects {cb.on!r}"
            )
    if problems:
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        raise FormMismatch(
            f"{label} does not match the field map for {fmap.form} {fmap.revision} "
            f"({fmap.path}): {'; '.join(problems[:3])}{more}. It may be a newer revision of the "
            "form; the packet needs a field map for it."
        )


def open_pdf(path: str | Path | bytes) -> PdfReader:
    """Open a PDF, decrypting an official Judicial Council file (AES, empty user password)."""
    reader = PdfReader(io.BytesIO(path) if isinstance(path, bytes) else str(path))
    if reader.is_encrypted:
        reader.decrypt("")
    return reader


@dataclass
class Base:
    """The merged blank forms of a packet, as bytes, with an index of their objects."""

    data: bytes
    reader: PdfReader
    fields: dict[str, FieldInfo]
    maps: dict[str, FieldMap]  # form → map used
    form_pages: dict[str, list[int]]  # form → 0-based page indices in the base
    page_nums: list[int]
    pages_num: int
    acro_num: int
    root_num: int
    helv_num: int
    size: int
    startxref: int
    id_bytes: bytes
    sources: dict[str, str] = field(default_factory=dict)
    # The bytes of each base object's entries (object number → key → b"/Key value\n"), kept as
    # they are written the first time: a packet changes one or two entries of a field or page
    # and writes the rest again unchanged. Bounded by the base's size; nothing of a packet's
    # values is kept.
    entry_bytes: dict[int, dict[str, bytes]] = field(default_factory=dict)


def _clone_form(writer: PdfWriter, reader: PdfReader) -> list[PdfObject]:
    """Copy the pages and the field tree of one form into ``writer`` (no XFA, no /Perms)."""
    roots: list[PdfObject] = []
    acro = as_dict(reader.trailer["/Root"]).get("/AcroForm")
    if acro is not None:
        for ref in as_array(as_dict(acro).raw_get("/Fields")):
            # Fields first, without their page links: pypdf's add_page drops /Parent links.
            roots.append(ref.clone(writer, ignore_fields=["/P"]))
    for page in reader.pages:
        writer.add_page(page)
    return roots


def _inline_appearance_states(annot: DictionaryObject) -> None:
    """Make a widget's ``/AP`` and its per-state subdictionaries (``/N``, ``/D``, ``/R``) direct.

    The official 2017 CR-400 stores each checkbox's ``/AP /N`` as an indirect reference to the
    ``<< /Yes … /Off … >>`` dictionary. That is valid PDF, but poppler (22.12, the pdftoppm of
    Debian 12) looks ``/N`` up without resolving it, takes the reference for an appearance stream
    and draws nothing, so a checked box showed no ink there while pdfium showed it. Copying the
    dictionaries inline (the streams stay shared) makes every viewer find the on-state.
    """
    ap_ref = annot.get("/AP")
    if ap_ref is None:
        return
    ap = ap_ref.get_object()
    if not isinstance(ap, DictionaryObject):
        return
    direct = DictionaryObject()
    for key, value in ap.items():
        target = value.get_object()
        if isinstance(value, IndirectObject) and not isinstance(target, StreamObject):
            direct[NameObject(key)] = (
                DictionaryObject(target) if isinstance(target, DictionaryObject) else target
            )
        else:
            direct[NameObject(key)] = value
    annot[NameObject("/AP")] = direct


def build_base(forms: Sequence[tuple[str, PdfReader, FieldMap]]) -> Base:
    writer = PdfWriter()
    roots: list[PdfObject] = []
    form_pages: dict[str, list[int]] = {}
    dr_fonts = DictionaryObject()
    for form, reader, _fmap in forms:
        start = len(writer.pages)
        roots += _clone_form(writer, reader)
        form_pages[form] = list(range(start, len(writer.pages)))
        acro = as_dict(reader.trailer["/Root"]).get("/AcroForm")
        if acro is not None and "/DR" in as_dict(acro):
            dr = as_dict(as_dict(acro)["/DR"])
            if "/Font" in dr:
                for k, v in as_dict(dr["/Font"]).items():
                    if k not in dr_fonts:
                        dr_fonts[NameObject(k)] = v.clone(writer) if hasattr(v, "clone") else v
    helv = pdf_private.add_object(
        writer,
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        ),
    )
    dr_fonts.setdefault(NameObject("/Helv"), helv)
    for page in writer.pages:  # restore each widget's page link
        for a in page.get("/Annots", []):
            annot = a.get_object()
            annot[NameObject("/P")] = page.indirect_reference
            _inline_appearance_states(annot)
    acro_ref = pdf_private.add_object(
        writer,
        DictionaryObject(
            {
                NameObject("/Fields"): ArrayObject(roots),
                NameObject("/DA"): TextStringObject("/Helv 0 Tf 0 g"),
                NameObject("/DR"): DictionaryObject({NameObject("/Font"): dr_fonts}),
                NameObject("/NeedAppearances"): BooleanObject(False),
            }
        ),
    )
    pdf_private.root(writer)[NameObject("/AcroForm")] = acro_ref
    pdf_private.set_id(
        writer, ArrayObject([TextStringObject("prop64-packet"), TextStringObject("prop64-packet")])
    )
    buf = io.BytesIO()
    writer.write(buf)
    return index_base(buf.getvalue(), {f: m for f, _r, m in forms}, form_pages, helv.idnum)


def index_base(
    data: bytes, maps: dict[str, FieldMap], form_pages: dict[str, list[int]], helv_num: int
) -> Base:
    reader = PdfReader(io.BytesIO(data))
    page_nums = [p.indirect_reference.idnum for p in reader.pages if p.indirect_reference]
    page_index = {n: i for i, n in enumerate(page_nums)}
    fields: dict[str, FieldInfo] = {}
    for name, obj, ref in _qualified_fields(reader):
        if ref is None:
            continue
        kind, states = _kind(obj)
        kids = as_array(obj["/Kids"]) if "/Kids" in obj else ArrayObject()
        wnums = [k.idnum for k in kids] if kids else [ref.idnum]
        w0 = _widgets(obj)[0]
        rect = tuple(float(x) for x in as_array(w0["/Rect"]))
        x0, y0, x1, y1 = rect
        p = w0.get("/P")
        page = page_index.get(p.idnum, 0) if isinstance(p, IndirectObject) else 0
        ml = _inherited(obj, "/MaxLen")
        fields[name] = FieldInfo(
            name,
            kind,
            ref.idnum,
            wnums,
            (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)),
            page,
            as_int(ml) if ml is not None else None,
            states,
        )
    root = reader.trailer.raw_get("/Root")
    m = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", data)
    assert m is not None
    idarr = reader.trailer.get("/ID")
    id_bytes = b""
    if idarr is not None:
        buf = io.BytesIO()
        idarr.write_to_stream(buf)
        id_bytes = buf.getvalue()
    return Base(
        data=data,
        reader=reader,
        fields=fields,
        maps=maps,
        form_pages=form_pages,
        page_nums=page_nums,
        pages_num=as_dict(root).raw_get("/Pages").idnum,
        acro_num=as_dict(root).raw_get("/AcroForm").idnum,
        root_num=root.idnum,
        helv_num=helv_num,
        size=as_int(reader.trailer["/Size"]),
        startxref=int(m.group(1)),
        id_bytes=id_bytes,
    )


# --------------------------------------------------------------------------------------------
# The incremental update


# --------------------------------------------------------------------------------------------
# Serialising objects: the same bytes as pypdf's ``write_to_stream``, several times faster for
# the objects a packet changes (pypdf encodes every name character by character, each time).

_NAME_BYTES: dict[str, bytes] = {}
_NAME_CACHE_LIMIT = 4096  # the forms' names are a fixed set of a few hundred
_TEXT_SPECIAL = re.compile(rb"[^A-Za-z0-9 ]")
_OCTAL = [b"\\%03o" % i for i in range(256)]

_PLAIN_STREAMS = (StreamObject, DecodedStreamObject, EncodedStreamObject)


def _name_bytes(name: str) -> bytes:
    out = _NAME_BYTES.get(name)
    if out is None:
        out = NameObject(name).renumber()
        if len(_NAME_BYTES) < _NAME_CACHE_LIMIT:
            _NAME_BYTES[str(name)] = out
    return out


_FLOAT_BYTES: dict[float, bytes] = {}
_FLOAT_CACHE_LIMIT = 4096  # the sizes of the forms' fields: a fixed set


def _float_bytes(value: FloatObject) -> bytes:
    out = _FLOAT_BYTES.get(value)
    if out is None:
        buf = io.BytesIO()
        value.write_to_stream(buf)
        out = buf.getvalue()
        if len(_FLOAT_BYTES) < _FLOAT_CACHE_LIMIT:
            _FLOAT_BYTES[float(value)] = out
    return out


def _write(obj: object, parts: list[bytes]) -> None:
    kind = type(obj)
    if kind is NameObject:
        parts.append(_name_bytes(cast(NameObject, obj)))
    elif kind is IndirectObject:
        ref = cast(IndirectObject, obj)
        parts.append(b"%d %d R" % (ref.idnum, ref.generation))
    elif kind is NumberObject:
        parts.append(b"%d" % cast(NumberObject, obj))
    elif kind is FloatObject:
        parts.append(_float_bytes(cast(FloatObject, obj)))
    elif kind is DictionaryObject:
        _write_dict(cast(DictionaryObject, obj), parts)
    elif kind is ArrayObject:
        parts.append(b"[")
        for item in cast(ArrayObject, obj):
            parts.append(b" ")
            _write(item, parts)
        parts.append(b" ]")
    elif kind is TextStringObject:
        data = cast(TextStringObject, obj).get_encoded_bytes()
        parts.append(b"(" + _TEXT_SPECIAL.sub(lambda m: _OCTAL[m.group()[0]], data) + b")")
    elif kind in _PLAIN_STREAMS:
        stream = cast(StreamObject, obj)
        data = pdf_private.raw_stream_bytes(stream)
        _write_dict(stream, parts, length=len(data))
        parts += (b"\nstream\n", data, b"\nendstream")
    else:
        buf = io.BytesIO()
        cast(PdfObject, obj).write_to_stream(buf)
        parts.append(buf.getvalue())


def _write_dict(obj: DictionaryObject, parts: list[bytes], length: int | None = None) -> None:
    parts.append(b"<<\n")
    for key, value in obj.items():
        if len(key) > 2 and key[1] == "%" and key[-1] == "%":
            continue
        if length is not None and key == "/Length":
            value = NumberObject(length)
            length = None
        parts.append(_name_bytes(key))
        parts.append(b" ")
        _write(value, parts)
        parts.append(b"\n")
    if length is not None:  # pypdf sets /Length last when the stream has none
        parts.append(b"/Length %d\n" % length)
    parts.append(b">>")


def serialize(obj: PdfObject) -> bytes:
    """``obj`` as PDF bytes, exactly as ``obj.write_to_stream`` writes it."""
    parts: list[bytes] = []
    _write(obj, parts)
    return b"".join(parts)


class Update:
    """Objects to append to a base document; serialised without pypdf's writer."""

    def __init__(self, base: Base) -> None:
        self.base = base
        self.next_num = base.size
        self.objects: dict[int, bytes] = {}
        self._imported: dict[tuple[int, int], int] = {}
        self._originals: dict[int, DictionaryObject] = {}
        self._resources: dict[int, tuple[PdfObject, bytes]] = {}

    def new_num(self) -> int:
        n = self.next_num
        self.next_num += 1
        return n

    def put(self, num: int, obj: PdfObject) -> None:
        original = self._originals.get(num)
        if original is None or type(obj) is not DictionaryObject:
            self.objects[num] = serialize(obj)
            return
        # A changed copy of a base object: the entries it shares with the base are written
        # from the bytes kept for them.
        cache = self.base.entry_bytes.get(num)
        if cache is None:
            cache = self.base.entry_bytes[num] = {}
        parts = [b"<<\n"]
        for key, value in obj.items():
            same = dict.get(original, key) is value
            if same:
                entry = cache.get(key)
                if entry is not None:
                    parts.append(entry)
                    continue
            if len(key) > 2 and key[1] == "%" and key[-1] == "%":
                continue
            if same:
                entry = _name_bytes(key) + b" " + serialize(cast(PdfObject, value)) + b"\n"
                cache[key] = entry
                parts.append(entry)
            else:
                parts.append(_name_bytes(key))
                parts.append(b" ")
                _write(value, parts)
                parts.append(b"\n")
        parts.append(b">>")
        self.objects[num] = b"".join(parts)

    def add(self, obj: PdfObject) -> IndirectObject:
        num = self.new_num()
        self.put(num, obj)
        return IndirectObject(num, 0, None)

    def base_obj(self, num: int) -> DictionaryObject:
        """A shallow copy of a base object, to be modified and put back under the same number."""
        obj = self.base.reader.get_object(num)
        assert isinstance(obj, DictionaryObject)
        self._originals[num] = obj
        return DictionaryObject(obj)

    def stream(
        self, data: bytes, bbox: tuple[float, float], resources: PdfObject
    ) -> IndirectObject:
        """A form XObject (a field's appearance): written as bytes, the same bytes as a pypdf
        ``StreamObject`` with these entries, without building one."""
        kept = self._resources.get(id(resources))
        if kept is None or kept[0] is not resources:
            # (the object is kept with its bytes, so that its id cannot be reused meanwhile)
            kept = self._resources[id(resources)] = (resources, serialize(resources))
        num = self.new_num()
        self.objects[num] = b"".join(
            (
                b"<<\n/Type /XObject\n/Subtype /Form\n/BBox [ 0.0 0.0 ",
                _float_bytes(FloatObject(bbox[0])),
                b" ",
                _float_bytes(FloatObject(bbox[1])),
                b" ]\n/Resources ",
                kept[1],
                b"\n/Length %d\n>>\nstream\n" % len(data),
                data,
                b"\nendstream",
            )
        )
        return IndirectObject(num, 0, None)

    def import_(self, obj: PdfObject, src_key: int) -> PdfObject:
        """Copy an object graph from another reader (reportlab's output) into the update."""
        if isinstance(obj, IndirectObject):
            key = (src_key, obj.idnum)
            if key not in self._imported:
                num = self.new_num()
                self._imported[key] = num
                target = obj.get_object()
                assert target is not None, f"dangling reference {obj.idnum}"
                self.put(num, self.import_(target, src_key))
            return IndirectObject(self._imported[key], 0, None)
        if isinstance(obj, StreamObject):
            s = StreamObject()
            pdf_private.copy_raw_stream(obj, s)
            for k, v in obj.items():
                s[NameObject(k)] = self.import_(v, src_key)
            return s
        if isinstance(obj, DictionaryObject):
            return DictionaryObject(
                {NameObject(k): self.import_(v, src_key) for k, v in obj.items()}
            )
        if isinstance(obj, ArrayObject):
            return ArrayObject([self.import_(v, src_key) for v in obj])
        return obj

    def to_bytes(self) -> bytes:
        base = self.base
        out = io.BytesIO()
        out.write(base.data)
        if not base.data.endswith(b"\n"):
            out.write(b"\n")
        offsets: dict[int, int] = {}
        for num in sorted(self.objects):
            offsets[num] = out.tell()
            out.write(f"{num} 0 obj\n".encode())
            out.write(self.objects[num])
            out.write(b"\nendobj\n")
        xref = out.tell()
        out.write(b"xref\n")
        nums = sorted(offsets)
        i = 0
        while i < len(nums):
            j = i
            while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
                j += 1
            out.write(f"{nums[i]} {j - i + 1}\n".encode())
            for n in nums[i : j + 1]:
                out.write(f"{offsets[n]:010d} 00000 n\r\n".encode())
            i = j + 1
        size = max(self.next_num, base.size)
        out.write(
            f"trailer\n<< /Size {size} /Root {base.root_num} 0 R /Prev {base.startxref} ".encode()
        )
        if base.id_bytes:
            out.write(b"/ID " + base.id_bytes + b" ")
        out.write(f">>\nstartxref\n{xref}\n%%EOF\n".encode())
        return out.getvalue()
