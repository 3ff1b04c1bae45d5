from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kooperacja.accounts import roles
from kooperacja.core.audit import events_for
from kooperacja.core.models import Territory
from kooperacja.demo.ids import make_nip
from kooperacja.organisations import selectors, services
from kooperacja.organisations.models import Membership, Organisation
from tests.conftest import login_client


def _org_data(**extra: Any) -> dict[str, Any]:
    data = {
        "name": "Stowarzyszenie Testowe",
        "legal_form": "association",
        "territory": Territory.objects.get(code="2005011"),
        "nip": make_nip(901),
        "is_pes": True,
        "areas": ["youth"],
    }
    data.update(extra)
    return data


def test_unverified_organisation_is_hidden_from_others(demo: Any) -> None:
    hidden = demo.org("nowa_inicjatywa")
    assert hidden not in selectors.organisations_visible_to(demo.user("officer"))
    assert hidden in selectors.organisations_visible_to(demo.user("admin"))
    from django.contrib.auth.models import AnonymousUser

    assert hidden not in selectors.organisations_visible_to(AnonymousUser())
    # the selector and the rule agree
    for key in ["officer", "admin", "resident"]:
        user = demo.user(key)
        assert user.has_perm("organisations.view_organisation", hidden) == (
            hidden in selectors.organisations_visible_to(user)
        )


def test_registering_an_organisation_makes_creator_its_admin(demo: Any) -> None:
    resident = demo.user("resident")
    org = services.organisation_create(actor=resident, data=_org_data())
    assert not org.is_verified
    membership = Membership.objects.get(user=resident, organisation=org)
    assert membership.is_admin
    assert membership.status == "active"
    assert org in selectors.organisations_visible_to(resident)
    # an unverified organisation gives no role powers
    assert roles.organisation_ids(resident, verified_only=True) == set()
    assert [e.verb for e in events_for(org)] == ["organisation.registered"]


def test_only_admin_verifies(demo: Any) -> None:
    org = demo.org("nowa_inicjatywa")
    with pytest.raises(PermissionDenied):
        services.organisation_verify(actor=demo.user("officer"), organisation=org)
    services.organisation_verify(actor=demo.user("admin"), organisation=org)
    org.refresh_from_db()
    assert org.is_verified
    assert org.verified_by == demo.user("admin")


def test_membership_request_and_decision(demo: Any) -> None:
    zubr = demo.org("ss_zubr")
    resident = demo.user("resident")
    request = services.membership_request(actor=resident, organisation=zubr, role="pes_staff", message="Proszę")
    with pytest.raises(ValidationError, match="już taki wniosek"):
        services.membership_request(actor=resident, organisation=zubr, role="pes_staff")
    with pytest.raises(PermissionDenied):
        services.membership_decide(actor=demo.user("ngo_staff"), membership=request, accept=True)
    services.membership_decide(actor=demo.user("pes_staff"), membership=request, accept=True)
    resident = demo.user("resident")
    assert roles.roles_of(resident) == {"pes_staff"}
    with pytest.raises(ValidationError, match="już rozpatrzony"):
        services.membership_decide(actor=demo.user("pes_staff"), membership=request, accept=False)


def test_edit_form_shows_polish_checksum_error_and_keeps_input(demo: Any) -> None:
    zubr = demo.org("ss_zubr")
    client = login_client(Client(), demo.user("pes_staff"))
    response = client.post(
        f"/organizacje/{zubr.pk}/edycja/",
        {
            "name": "Nowa nazwa spółdzielni",
            "legal_form": "social_cooperative",
            "territory": zubr.territory_id,
            "nip": "5260001247",
            "regon": "",
            "krs": "",
            "postal_code": "17200",
            "is_pes": "on",
        },
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "błędną cyfrę kontrolną" in text
    assert "Kod pocztowy wpisz w formacie 00-000" in text
    assert "Nowa nazwa spółdzielni" in text  # nothing the user typed is lost
    zubr.refresh_from_db()
    assert zubr.name == "Spółdzielnia Socjalna „Żubr”"


def test_social_enterprise_needs_date(demo: Any) -> None:
    from kooperacja.organisations.forms import OrganisationForm

    form = OrganisationForm(
        data={
            "name": "X",
            "legal_form": "association",
            "territory": Territory.objects.get(code="2005011").pk,
            "is_social_enterprise": "on",
        }
    )
    assert not form.is_valid()
    assert "Podaj datę przyznania statusu" in str(form.errors["social_enterprise_since"])
    assert "zaznacz PES" in str(form.errors["is_pes"])


def test_directory_search_by_name_nip_krs_and_filters(demo: Any, client: Client) -> None:
    zubr = demo.org("ss_zubr")
    for query in [zubr.nip, zubr.krs.lstrip("0"), "żubr"]:
        response = client.get("/organizacje/", {"q": query})
        assert zubr.name in response.content.decode(), query
    response = client.get("/organizacje/", {"gmina": "2005092", "pes": "on"})
    names = [o.name for o in response.context["page"].object_list]
    assert names
    assert all(o.territory.code == "2005092" and o.is_pes for o in response.context["page"].object_list)
    response = client.get("/organizacje/", {"area": "homelessness"})
    names = {o.name for o in response.context["page"].object_list}
    assert "Stowarzyszenie Pomocy Osobom Bezdomnym „Przystań”" in names
    assert "Fundacja „Puszczańska Młodzież”" not in names
    htmx = client.get("/organizacje/", {"q": "żubr"}, HTTP_HX_REQUEST="true")
    assert "<html" not in htmx.content.decode()


@pytest.mark.parametrize("extra", [10, 500])
def test_directory_query_count_does_not_grow(
    demo: Any, client: Client, django_assert_max_num_queries: Any, extra: int
) -> None:
    gmina = Territory.objects.get(code="2005092")
    Organisation.objects.bulk_create(
        [
            Organisation(name=f"Organizacja {i:04d}", legal_form="association", territory=gmina, is_verified=True)
            for i in range(extra)
        ]
    )
    with django_assert_max_num_queries(4):
        response = client.get("/organizacje/", {"strona": "2"})
    assert response.status_code == 200


CSV_GOOD_AND_BAD = (
    "nazwa;forma_prawna;teryt;nip;regon;krs;ulica;kod_pocztowy;miejscowosc;email;telefon;www;pes;obszary\n"
    f"Fundacja Dobra;fundacja;2005011;{make_nip(777)};;;ul. Leśna 1;17-200;Hajnówka;a@b.pl;;;tak;seniorzy|youth\n"
    "Zła Forma;korporacja;2005011;;;;;;;;;;;\n"
    "Zły NIP;stowarzyszenie;2005011;5260001247;;;;;;;;;;\n"
    "Brak gminy;association;9999999;;;;;;;;;;;\n"
    "\n"
    "Spółdzielnia Nowa;spółdzielnia socjalna;2005092;;;123;;17-220;Narewka;;;;1;\n"
)


def test_csv_import_saves_good_rows_and_reports_bad_rows(demo: Any) -> None:
    report = services.organisations_import_csv(
        actor=demo.user("admin"), content=CSV_GOOD_AND_BAD.encode(), only_if_all_valid=False
    )
    assert [o.name for o in report.created] == ["Fundacja Dobra", "Spółdzielnia Nowa"]
    assert [e.line for e in report.errors] == [3, 4, 5]
    messages = {e.name: " ".join(e.messages) for e in report.errors}
    assert "nieznana forma prawna" in messages["Zła Forma"]
    assert "błędną cyfrę kontrolną" in messages["Zły NIP"]
    assert "nie istnieje w rejestrze" in messages["Brak gminy"]
    dobra = Organisation.objects.get(name="Fundacja Dobra")
    assert dobra.areas == ["seniors", "youth"]
    assert not dobra.is_verified
    assert Organisation.objects.get(name="Spółdzielnia Nowa").krs == "0000000123"


def test_csv_import_rejects_foreign_file_whole(demo: Any) -> None:
    before = Organisation.objects.count()
    report = services.organisations_import_csv(actor=demo.user("admin"), content=b"id,title\n1,x\n")
    assert "Brak wymaganych kolumn" in report.fatal
    report = services.organisations_import_csv(actor=demo.user("admin"), content="nazwa;x\n".encode("utf-16"))
    assert "UTF-8" in report.fatal
    assert Organisation.objects.count() == before
    with pytest.raises(PermissionDenied):
        services.organisations_import_csv(actor=demo.user("officer"), content=CSV_GOOD_AND_BAD.encode())


def test_import_view_checks_type_and_size(demo: Any, settings: Any) -> None:
    client = login_client(Client(), demo.user("admin"))
    exe = SimpleUploadedFile("lista.exe", b"MZ...", content_type="application/octet-stream")
    response = client.post("/organizacje/import/", {"file": exe})
    assert "Niedozwolony rodzaj pliku (.exe). Dozwolone: .csv." in response.content.decode()
    settings.KOOPERACJA_MAX_UPLOAD_BYTES = 10
    big = SimpleUploadedFile("lista.csv", b"x" * 100, content_type="text/csv")
    assert "Plik jest za duży" in client.post("/organizacje/import/", {"file": big}).content.decode()
    settings.KOOPERACJA_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
    good = SimpleUploadedFile("lista.csv", CSV_GOOD_AND_BAD.encode(), content_type="text/csv")
    text = client.post("/organizacje/import/", {"file": good}).content.decode()
    assert "Zapisano: 2. Odrzucono: 3." in text


HEADER = "nazwa;forma_prawna;teryt;nip;regon;krs;ulica;kod_pocztowy;miejscowosc;email;telefon;www;pes;obszary\n"


def _org_row(name: str, nip: str = "", krs: str = "", teryt: str = "2005011") -> str:
    return f"{name};fundacja;{teryt};{nip};;{krs};;;;;;;;\n"


def test_one_bad_row_saves_nothing_by_default(demo: Any) -> None:
    before = Organisation.objects.count()
    report = services.organisations_import_csv(actor=demo.user("admin"), content=CSV_GOOD_AND_BAD.encode())
    assert report.created == [] and Organisation.objects.count() == before
    assert [e.line for e in report.errors] == [3, 4, 5]
    assert [line for line, _name in report.held_back] == [2, 7]
    assert report.as_json()["summary"] == "Nic nie zapisano. Wiersze z błędami: 3, poprawne: 2."


def test_duplicates_are_named_by_row_and_field_never_by_constraint(demo: Any) -> None:
    from stdnum.pl import nip as nip_format

    zubr = demo.org("ss_zubr")
    taken = Organisation.objects.exclude(nip="").order_by("id").first()
    content = (
        HEADER
        + _org_row("Fundacja Pierwsza", nip=make_nip(811))
        + _org_row("Fundacja Druga", nip=make_nip(812))
        + _org_row("Fundacja Trzecia", nip=taken.nip)
        + _org_row("Fundacja Czwarta", nip=make_nip(811))
        + _org_row(zubr.name.upper(), teryt=zubr.territory.code)
    )
    before = Organisation.objects.count()
    report = services.organisations_import_csv(actor=demo.user("admin"), content=content.encode())
    messages = {e.line: " ".join(e.messages) for e in report.errors}
    assert messages[4] == (
        f"Wiersz 4: organizacja o numerze NIP {nip_format.format(taken.nip)} już istnieje w rejestrze."
    )
    assert messages[5] == (
        f"Wiersz 5: NIP {nip_format.format(make_nip(811))} powtarza się w pliku (pierwszy raz w wierszu 2)."
    )
    assert messages[6].startswith(f"Wiersz 6: organizacja o nazwie „{zubr.name.upper()}” z siedzibą w gminie")
    assert sorted(messages) == [4, 5, 6]
    assert Organisation.objects.count() == before  # all-or-nothing: rows 2 and 3 wait for a corrected file
    # the same file through the page: no raw constraint name anywhere
    client = login_client(Client(), demo.user("admin"))
    upload = SimpleUploadedFile("lista.csv", content.encode(), content_type="text/csv")
    text = client.post("/organizacje/import/", {"file": upload, "only_if_all_valid": "on"}).content.decode()
    assert "Wiersz 4: organizacja o numerze NIP" in text
    assert "organisation_unique" not in text and "Ograniczenie" not in text
    assert "nic nie zapisano" in text and Organisation.objects.count() == before


def test_import_form_defaults_to_all_or_nothing(demo: Any) -> None:
    client = login_client(Client(), demo.user("admin"))
    page = client.get("/organizacje/import/").content.decode()
    checkbox = next(tag for tag in page.split("<input")[1:] if 'name="only_if_all_valid"' in tag)
    assert "checked" in checkbox.split(">")[0]
    before = Organisation.objects.count()
    upload = SimpleUploadedFile("lista.csv", CSV_GOOD_AND_BAD.encode(), content_type="text/csv")
    text = client.post("/organizacje/import/", {"file": upload, "only_if_all_valid": "on"}).content.decode()
    assert "Wiersze z błędami: 3, poprawne: 2." in text
    assert Organisation.objects.count() == before


def test_organisations_import_reports_encoding_and_separator(demo: Any) -> None:
    admin = demo.user("admin")
    report = services.organisations_import_csv(actor=admin, content=b"nazwa;forma_prawna;teryt\n\x81;x;y\n")
    assert "Plik nie jest zapisany w kodowaniu UTF-8 ani Windows-1250" in report.fatal
    report = services.organisations_import_csv(actor=admin, content=b"name\tform\tcode\nA\tB\tC\n")
    assert "separator: tabulator" in report.fatal and "Oczekiwano kolumn: nazwa, forma_prawna, teryt" in report.fatal
    cp1250 = (HEADER + _org_row("Fundacja Łąka Żółta", nip=make_nip(813))).encode("cp1250")
    report = services.organisations_import_csv(actor=admin, content=cp1250)
    assert [o.name for o in report.created] == ["Fundacja Łąka Żółta"]


def test_large_organisations_import_runs_in_the_background(
    demo: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from kooperacja.core.models import ImportJob

    settings.KOOPERACJA_IMPORT_BACKGROUND_ROWS = 1
    client = login_client(Client(), demo.user("admin"))
    content = HEADER + _org_row("Fundacja W Tle", nip=make_nip(821)) + _org_row("Fundacja Też W Tle")
    upload = SimpleUploadedFile("duza.csv", content.encode(), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/organizacje/import/", {"file": upload, "only_if_all_valid": "on"})
    assert response.status_code == 302 and response["Location"].startswith("/importy/")
    job = ImportJob.objects.get()
    assert job.status == "done" and job.committed and bytes(job.content) == b""
    page = client.get(response["Location"]).content.decode()
    assert "Zapisano: 2. Odrzucono: 0." in page and "Fundacja W Tle" in page
    assert Organisation.objects.filter(name__in=["Fundacja W Tle", "Fundacja Też W Tle"]).count() == 2
    other = login_client(Client(), demo.user("officer"))
    assert other.get(response["Location"]).status_code == 404


def test_join_form_offers_roles_that_fit_the_organisation(demo: Any) -> None:
    from kooperacja.organisations.forms import MembershipRequestForm

    pes = MembershipRequestForm(organisation=demo.org("ss_zubr"))
    assert pes.fields["role"].initial == "pes_staff"
    assert "municipal_officer" not in dict(pes.fields["role"].choices)
    office = MembershipRequestForm(organisation=demo.org("um_hajnowka"))
    assert office.fields["role"].initial == "municipal_officer"
    bad = MembershipRequestForm(data={"role": "municipal_officer"}, organisation=demo.org("ss_zubr"))
    assert not bad.is_valid()
    assert "role" in bad.errors
