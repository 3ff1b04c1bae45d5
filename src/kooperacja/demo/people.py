"""Demo accounts made through the services, acting as the platform (`SYSTEM`): an account, its memberships and,
for the roles that must pass a second factor, an authenticator with the demo's printed key."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from kooperacja.accounts.roles import forget_memberships, requires_two_factor
from kooperacja.accounts.services import account_create, totp_device_provision
from kooperacja.core.actors import SYSTEM
from kooperacja.demo.context import DEMO_PASSWORD, DemoContext
from kooperacja.organisations.services import membership_grant

if TYPE_CHECKING:
    from kooperacja.accounts.models import User

# The demo's authenticator key (hex): any TOTP app set up with it shows the codes; the printed backup codes work
# without a phone.
DEMO_TOTP_KEY = "3132333435363738393031323334353637383930"


def demo_account(
    ctx: DemoContext,
    *,
    key: str,
    email: str,
    full_name: str,
    memberships: Sequence[tuple[str, str, bool]] = (),
    hint: str = "",
    home_territory: Any = None,
    is_staff: bool = False,
    password: str | None = DEMO_PASSWORD,
    two_factor: bool | None = None,
    login: bool = True,
) -> User:
    """Make a demo account with its memberships `(organisation key, role, is_admin)`.

    `two_factor=None` gives an authenticator exactly to the roles that must pass one (`requires_two_factor`): any
    user with a device must pass it at sign-in, so the others get none. `login=True` lists the account among the
    demo logins (with `hint`, what to try) and under `ctx.users[key]`.
    """
    if home_territory is None and memberships:
        home_territory = ctx.orgs[memberships[0][0]].territory
    user = account_create(
        actor=SYSTEM,
        email=email,
        full_name=full_name,
        password=password,
        home_territory=home_territory,
        is_staff=is_staff,
    )
    for org_key, role, is_admin in memberships:
        membership_grant(actor=SYSTEM, user=user, organisation=ctx.orgs[org_key], role=role, is_admin=is_admin)
    forget_memberships(user)
    if two_factor if two_factor is not None else requires_two_factor(user):
        totp_device_provision(actor=SYSTEM, user=user, key=DEMO_TOTP_KEY)
    if login:
        ctx.users[key] = user
        ctx.logins.append((email, full_name, hint))
    return user
