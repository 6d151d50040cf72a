import factory

from khooshe.accounts.models import Role, RoleGrant, User
from khooshe.accounts.permissions import forget_grants
from khooshe.geo.models import Province


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.ir")
    first_name = "کاربر"
    last_name = factory.Sequence(lambda n: f"آزمون {n}")
    password = factory.PostGenerationMethodCall("set_password", "secret-pass-123")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def grant(user, role: str, *, province=None, organization=None) -> RoleGrant:
    """Give ``user`` a role; ``province`` may be a Province or an ISO code such as "IR-02"."""
    if isinstance(province, str):
        province = Province.objects.get(code=province)
    if province is None and organization is not None:
        province = organization.province
    forget_grants(user)
    return RoleGrant.objects.create(
        user=user, role=role, province=province, organization=organization
    )


__all__ = ["Role", "UserFactory", "grant"]
