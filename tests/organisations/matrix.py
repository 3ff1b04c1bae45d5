from tests.matrix import EVERYONE, LOGGED_IN, Case, allowed

ADMIN_OF_ZUBR = allowed("admin", "pes_staff")

CASES = [
    Case("organisations:directory", EVERYONE),
    Case("organisations:detail", EVERYONE, kwargs=lambda d: {"pk": d.org("ss_zubr").pk}),
    Case(
        "organisations:detail",
        allowed("admin"),
        kwargs=lambda d: {"pk": d.org("nowa_inicjatywa").pk},
        note="an unverified organisation is visible to the admin and its members only",
    ),
    Case("organisations:create", LOGGED_IN),
    Case("organisations:edit", ADMIN_OF_ZUBR, kwargs=lambda d: {"pk": d.org("ss_zubr").pk}),
    Case(
        "organisations:verify",
        allowed("admin"),
        kwargs=lambda d: {"pk": d.org("nowa_inicjatywa").pk},
        method="post",
        data=lambda d: {"verified": "1"},
        ok_status=(302,),
    ),
    Case("organisations:join", LOGGED_IN, kwargs=lambda d: {"pk": d.org("owop").pk}),
    Case("organisations:requests", LOGGED_IN),
    Case(
        "organisations:decide",
        ADMIN_OF_ZUBR,
        kwargs=lambda d: d.pending_request_pk("ss_zubr"),
        method="post",
        data=lambda d: {"decision": "accept"},
        ok_status=(302,),
    ),
    Case("organisations:import", allowed("admin")),
]
