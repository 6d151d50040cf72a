"""Issue 17, items 3 and 4: a crafted spreadsheet is refused before it can take the server
down, and no export carries a live formula."""

import csv
import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook
from rest_framework.test import APIClient

from khooshe.accounts.tests.factories import Role, UserFactory, grant
from khooshe.core import spreadsheets
from khooshe.core.spreadsheets import MAX_ROWS, SpreadsheetRefused, safe_cell
from khooshe.loans.tests.test_views import loan
from khooshe.registry.imports import COLUMNS, ImportError_, read_table, template_xlsx
from khooshe.registry.tests.factories import OrganizationFactory

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = list(COLUMNS.values())


def workbook_bytes(fill) -> bytes:
    workbook = Workbook()
    fill(workbook.active)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def far_cell() -> bytes:
    """5 KB: the header and one cell at XFD1048576 (a reader would allocate 512 GiB)."""

    def fill(sheet):
        sheet.append(HEADER)
        sheet["XFD1048576"] = "x"

    return workbook_bytes(fill)


def rewrite_sheet(content: bytes, change) -> bytes:
    """The same .xlsx with its first sheet's XML changed."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = change(data)
            target.writestr(info.filename, data)
    return buffer.getvalue()


def zip_bomb() -> bytes:
    """A small archive whose sheet inflates to 300 MB."""
    buffer = io.BytesIO()
    base = template_xlsx()
    source = zipfile.ZipFile(io.BytesIO(base))
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            if info.filename.startswith("xl/worksheets/"):
                with target.open(info.filename, "w", force_zip64=True) as stream:
                    head = source.read(info).split(b"</sheetData>")[0]
                    stream.write(head)
                    block = b" " * (1024 * 1024)
                    for _ in range(300):
                        stream.write(block)
                    stream.write(b"</sheetData></worksheet>")
            else:
                target.writestr(info.filename, source.read(info))
    return buffer.getvalue()


def too_many_rows() -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(HEADER)
    for number in range(MAX_ROWS + 1):
        sheet.append([number])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_far_cell_is_refused_by_its_declared_dimension():
    content = far_cell()
    assert len(content) < 10_000
    with pytest.raises(ImportError_, match="ردیف"):  # 1,048,576 rows
        read_table(content, "far.xlsx")


def test_far_cell_without_a_dimension_is_refused_by_the_scan():
    content = rewrite_sheet(far_cell(), lambda xml: re.sub(rb"<dimension[^>]*/>", b"", xml))
    assert b"<dimension" not in zipfile.ZipFile(io.BytesIO(content)).read(
        "xl/worksheets/sheet1.xml"
    )
    with pytest.raises(ImportError_, match="ردیف"):
        read_table(content, "far.xlsx")
    # one row down, but the farthest column: the rectangle is too wide
    wide = rewrite_sheet(
        content, lambda xml: xml.replace(b'r="1048576"', b'r="2"').replace(b"XFD1048576", b"XFD2")
    )
    with pytest.raises(ImportError_, match="ستون"):
        read_table(wide, "far.xlsx")


def test_a_cell_is_placed_by_its_own_reference_not_its_row():
    def lying_row(xml: bytes) -> bytes:
        xml = re.sub(rb"<dimension[^>]*/>", b"", xml)
        return xml.replace(b'<row r="1048576"><c r="XFD1048576"', b'<row r="2"><c r="T60000"')

    content = rewrite_sheet(far_cell(), lying_row)
    assert b'r="T60000"' in zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    with pytest.raises(ImportError_, match="ردیف"):
        read_table(content, "far.xlsx")


def test_cells_without_references_are_counted_in_place():
    """A row of 300 cells with no ``r`` attributes reaches column 300 all the same."""

    def wide(xml: bytes) -> bytes:
        xml = re.sub(rb"<dimension[^>]*/>", b"", xml)
        cells = b'<c t="inlineStr"><is><t>x</t></is></c>' * 300
        return xml.replace(b"</sheetData>", b"<row>" + cells + b"</row></sheetData>")

    with pytest.raises(SpreadsheetRefused, match="ستون"):
        list(spreadsheets.read_rows(rewrite_sheet(template_xlsx(), wide), "wide.xlsx"))


def test_zip_bomb_is_refused_before_it_is_inflated():
    content = zip_bomb()
    assert len(content) < 2_000_000
    with pytest.raises(ImportError_, match="مگابایت"):
        read_table(content, "bomb.xlsx")


def test_a_part_whose_declared_size_lies_is_refused():
    """The central directory says the sheet is small; inflating it says otherwise."""
    content = bytearray(template_xlsx())
    archive = zipfile.ZipFile(io.BytesIO(bytes(content)))
    info = archive.getinfo("xl/worksheets/sheet1.xml")
    # lower the declared size in the central directory entry (offset 24 of the entry)
    entry = bytes(content).rfind(b"PK\x01\x02", 0, bytes(content).rfind(b"sheet1.xml") + 1)
    content[entry + 24 : entry + 28] = (info.file_size // 2).to_bytes(4, "little")
    with pytest.raises(ImportError_):
        read_table(bytes(content), "lying.xlsx")


def test_too_many_rows_xlsx_and_csv():
    with pytest.raises(ImportError_, match="ردیف"):
        read_table(too_many_rows(), "rows.xlsx")
    lines = [",".join(HEADER)] + ["1"] * (MAX_ROWS + 1)
    with pytest.raises(ImportError_, match="ردیف"):
        read_table("\n".join(lines).encode(), "rows.csv")


def test_files_at_the_limit_are_read():
    lines = [",".join(HEADER)] + ["1"] * MAX_ROWS
    assert len(read_table("\n".join(lines).encode(), "rows.csv")) == MAX_ROWS + 1
    assert read_table(template_xlsx(), "template.xlsx")[0] == HEADER


def test_old_excel_and_other_archives_are_refused():
    with pytest.raises(ImportError_):
        read_table(b"\xd0\xcf\x11\xe0" + b"\0" * 100, "old.xls")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("content.xml", "<x/>")
    with pytest.raises(ImportError_):
        read_table(buffer.getvalue(), "doc.ods")


def test_the_refusal_is_english_when_english_is_chosen():
    with translation.override("en"), pytest.raises(ImportError_) as refusal:
        read_table(far_cell(), "far.xlsx")
    assert "rows" in str(refusal.value)
    assert "50,000" in str(refusal.value)


@pytest.fixture
def guild_staff(db):
    user = UserFactory()
    grant(user, Role.GUILD_STAFF, province="IR-02")
    return user


@pytest.mark.django_db
def test_the_upload_page_and_the_api_refuse_crafted_files(client, guild_staff):
    client.force_login(guild_staff)
    for name, content in (("far.xlsx", far_cell()), ("bomb.xlsx", zip_bomb())):
        response = client.post(
            reverse("registry:import"), {"file": SimpleUploadedFile(name, content, XLSX)}
        )
        assert response.status_code == 400
        assert response.context["form"].errors["file"]
    api = APIClient()
    api.force_authenticate(guild_staff)
    response = api.post(
        "/api/v1/organizations/import/",
        {"file": SimpleUploadedFile("far.xlsx", far_cell(), XLSX)},
        format="multipart",
    )
    assert response.status_code == 400


# --- Exports ------------------------------------------------------------------------------------

FORMULAS = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def test_safe_cell():
    for value in FORMULAS:
        assert safe_cell(value) == "'" + value
    assert safe_cell("شرکت =") == "شرکت ="
    assert safe_cell(-5) == -5
    assert safe_cell(12.5) == 12.5
    assert safe_cell(None) is None
    assert safe_cell("") == ""


def _xlsx_values(content: bytes) -> list:
    sheet = load_workbook(io.BytesIO(content)).active
    return [cell.value for row in sheet.iter_rows() for cell in row]


def _xlsx_has_formula(content: bytes) -> bool:
    archive = zipfile.ZipFile(io.BytesIO(content))
    return any(
        b"<f>" in archive.read(name) or b"<f " in archive.read(name)
        for name in archive.namelist()
        if name.startswith("xl/worksheets/")
    )


@pytest.mark.django_db
def test_registry_export_writes_formulas_as_text(client):
    OrganizationFactory(name=FORMULAS[0], address="=1+2")
    response = client.get(reverse("registry:export"), {"format": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert "'" + FORMULAS[0] in cells
    assert not any(cell.startswith(spreadsheets.FORMULA_STARTS) for cell in cells)
    response = client.get(reverse("registry:export"), {"format": "xlsx"})
    assert response.status_code == 200
    assert not _xlsx_has_formula(response.content)
    assert "'" + FORMULAS[0] in _xlsx_values(response.content)


@pytest.mark.django_db
def test_loan_portfolio_export_writes_formulas_as_text(client):
    application, officer = loan()
    application.organization.name = '=HYPERLINK("http://evil.example")'
    application.organization.save()
    client.force_login(officer)
    url = reverse("loans:portfolio_export", args=[application.program_id, "csv"])
    response = client.get(url)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][1] == '\'=HYPERLINK("http://evil.example")'
    assert rows[1][0] == str(application.pk)
    url = reverse("loans:portfolio_export", args=[application.program_id, "xlsx"])
    response = client.get(url)
    assert response.status_code == 200
    assert not _xlsx_has_formula(response.content)
    values = _xlsx_values(response.content)
    assert '\'=HYPERLINK("http://evil.example")' in values
    assert application.pk in values  # numbers stay numbers
