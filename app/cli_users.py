"""`flask --app wsgi users ...`: accounts from the command line."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from app.extensions import db
from surveys.accounts import ROLES, User, create_user, end_all_sessions
from surveys.audit import record
from surveys.catalogue import mpp_by_code
from surveys.errors import DomainError
from surveys.models import Agency, Mpp, Tenant

users_cli = AppGroup("users", help="User accounts and roles.")


@users_cli.command("list")
def users_list() -> None:
    """List accounts with their role and scope."""
    for user in db.session.scalars(select(User).order_by(User.role, User.email)):
        scope = ", ".join(m.code for m in user.mpps) or (
            f"{user.tenant.mpp.code}/{user.tenant.agency.code}" if user.tenant else "national"
        )
        state = "" if user.active else " (inactive)"
        click.echo(f"{user.email:40} {user.role:10} {scope}{state}")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", default="")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--mpp", "mpp_codes", multiple=True, help="Managers: an MPP code (repeatable).")
@click.option("--tenant", default=None, help="Officers: MPP_CODE/AGENCY_CODE.")
@click.password_option()
def users_create(email, name, role, mpp_codes, tenant, password) -> None:
    """Create an account."""
    mpps = [_mpp(code) for code in mpp_codes]
    try:
        user = create_user(db.session, email, name, role, password, mpps=mpps,
                           tenant=_tenant(tenant) if tenant else None)  # fmt: skip
    except DomainError as exc:
        raise click.ClickException(f"{exc.message} {exc.fields}") from None
    click.echo(f"Created {user.email} ({user.role}).")


@users_cli.command("set-password")
@click.argument("email")
@click.password_option()
def users_set_password(email, password) -> None:
    """Set a new password; the user's existing sessions end."""
    user = _user(email)
    try:
        user.set_password(password)
    except DomainError as exc:
        raise click.ClickException(f"{exc.message} {exc.fields}") from None
    ended = end_all_sessions(db.session, user)
    _audit("password.set", user, f"by=cli sessions={ended.sessions} tokens={ended.tokens}")
    click.echo(f"Password changed for {user.email}; their sessions were ended.")


@users_cli.command("deactivate")
@click.argument("email")
def users_deactivate(email) -> None:
    """Deactivate an account (kept for the audit trail)."""
    user = _user(email)
    user.active = False
    ended = end_all_sessions(db.session, user)
    _audit("user.deactivate", user, f"by=cli sessions={ended.sessions} tokens={ended.tokens}")
    click.echo(f"Deactivated {user.email}.")


def _audit(action: str, user: User, details: str) -> None:
    """The command line has no signed-in user or address: the event names the account only."""
    record(db.session, None, action, user.email, details=details, ip="cli")


def _user(email: str) -> User:
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"No account {email!r}.")
    return user


def _mpp(code: str) -> Mpp:
    mpp = mpp_by_code(db.session, code)
    if mpp is None:
        raise click.ClickException(f"No MPP with code {code!r}.")
    return mpp


def _tenant(spec: str) -> Tenant:
    mpp_code, _, agency_code = spec.partition("/")
    tenant = db.session.scalar(
        select(Tenant).join(Mpp).join(Agency)
        .where(Mpp.code == mpp_code, Agency.code == agency_code)
    )  # fmt: skip
    if tenant is None:
        raise click.ClickException(f"No tenant {spec!r} (expected MPP_CODE/AGENCY_CODE).")
    return tenant
