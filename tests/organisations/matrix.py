from tests.matrix import EVERYONE, FORBIDDEN, LOGGED_IN, NOT_FOUND, Case, allowed

ADMIN_OF_ZUBR = allowed("admin", "pes_staff")

# Asserted exactly: the status of every denial and the effect of every POST (tests/matrix.py).
EXACT = True

CASES = [
    Case("organisations:directory", EVERYONE),
    Case("organisations:detail", EVERYONE, kwargs=lambda d: {"pk": d.org("ss_zubr").pk}),
    Case(
        "organisations:detail",
        allowed("admin"),
        kwargs=lambda d: {"pk": d.org("nowa_inicjatywa").pk},
        anonymous=NOT_FOUND,
        note="an unverified organisation is visible to the admin and its members only",
    ),
    Case("organisations:create", LOGGED_IN),
    # the organisation is public: the others know it exists and get 403
    Case("organisations:edit", ADMIN_OF_ZUBR, kwargs=lambda d: {"pk": d.org("ss_zubr").pk}, denied=FORBIDDEN),
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
