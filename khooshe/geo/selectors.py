from khooshe.geo.models import County, Province
from khooshe.persian.text import search_key


def county_find(*, province: Province, name: str) -> County | None:
    """The county of ``province`` whose name matches ``name`` in any spelling."""
    return County.objects.filter(province=province, name_key=search_key(name)).first()


def province_find(name_or_code: str) -> Province | None:
    value = (name_or_code or "").strip()
    if value.upper().startswith("IR-"):
        return Province.objects.filter(code=value.upper()).first()
    key = search_key(value)
    for province in Province.objects.all():
        if search_key(province.name) == key or province.name_en.lower() == value.lower():
            return province
    return None
