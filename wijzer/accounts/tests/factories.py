"""factory_boy factories for accounts (style.md §6)."""

from __future__ import annotations

import factory

from wijzer.accounts.constants import OrganisationKind, Role
from wijzer.accounts.models import Membership, Organisation, User

PASSWORD = "correct-paard-batterij-nietje"


class OrganisationFactory(factory.django.DjangoModelFactory):  # type: ignore[misc]  # factory_boy is untyped
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kind = OrganisationKind.SCHOOL

    class Params:
        board = factory.Trait(kind=OrganisationKind.BOARD, board_number=factory.Sequence(lambda n: f"{40000 + n}"))
        school = factory.Trait(kind=OrganisationKind.SCHOOL, brin=factory.Sequence(lambda n: f"{n % 100:02d}ZZ"))
        branch = factory.Trait(kind=OrganisationKind.BRANCH)
        publisher = factory.Trait(kind=OrganisationKind.PUBLISHER)
        owner_group = factory.Trait(kind=OrganisationKind.OWNER_GROUP, country="NL")
        panel = factory.Trait(kind=OrganisationKind.REVIEWER_PANEL)
        platform = factory.Trait(kind=OrganisationKind.PLATFORM)


class UserFactory(factory.django.DjangoModelFactory):  # type: ignore[misc]  # factory_boy is untyped
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persoon{n}@school.example.nl")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Persoon {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation  # type: ignore[untyped-decorator]  # factory_boy is untyped
    def saved(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()


class MembershipFactory(factory.django.DjangoModelFactory):  # type: ignore[misc]  # factory_boy is untyped
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.TEACHER
