from tests.matrix import EVERYONE, LOGGED_IN, NOBODY, Case, nothing_written

# Asserted exactly: the status of every denial and the effect of every POST (tests/matrix.py).
EXACT = True

CASES = [
    Case("accounts:login", EVERYONE, ok_status=(200, 302), note="logged-in users are redirected home"),
    Case("accounts:logout", EVERYONE, method="post", ok_status=(302,), effect=nothing_written, note="writes no record"),
    Case("accounts:register", EVERYONE),
    Case("accounts:profile", LOGGED_IN),
    Case("accounts:otp_verify", LOGGED_IN),
    Case("accounts:otp_setup", LOGGED_IN),
    Case(
        "accounts:backup_codes",
        LOGGED_IN,
        method="post",
        effect=nothing_written,
        note="no password: the form again, the old codes stay",
    ),
    Case("accounts:otp_device_remove", LOGGED_IN),
    Case("accounts:api_token_create", LOGGED_IN, method="post", data=lambda d: {"name": "test"}),
    Case(
        "accounts:api_token_revoke",
        NOBODY,
        kwargs=lambda d: {"pk": 999999},
        method="post",
        note="nobody can revoke a token that is not theirs (404)",
    ),
    Case("accounts:password_reset", EVERYONE),
    Case("accounts:password_reset_done", EVERYONE),
    Case("accounts:password_reset_confirm", EVERYONE, kwargs=lambda d: {"uidb64": "MQ", "token": "x-y"}),
    Case("accounts:password_reset_complete", EVERYONE),
]
