"""`flask --app wsgi ...` commands: demo data, kiosk devices."""

from __future__ import annotations

import socket
import threading
import time

import click
import pyotp
from flask import Flask, current_app
from flask.cli import AppGroup

from app.extensions import db
from surveys.catalogue import counter_by_code, mpp_by_code
from surveys.demo import DEMO_MPPS, demo_is_loaded, demo_token, load_demo
from surveys.demo_followups import load_demo_follow_ups
from surveys.demo_national import load_demo_national
from surveys.demo_users import DEMO_ACCOUNTS, DEMO_PASSWORD, load_demo_users
from surveys.devices import register_device
from surveys.models import local_today

demo_cli = AppGroup("demo", help="Demo data (clearly labelled as demo).")
device_cli = AppGroup("device", help="Kiosk devices.")


@demo_cli.command("load")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database has MPPs already.")
@click.option("--days", default=90, show_default=True, help="Days of synthetic answers.")
def demo_load(if_empty: bool, days: int) -> None:
    """Load the demo MPPs, agencies, counters, devices and synthetic answers."""
    if demo_is_loaded(db.session):
        if if_empty:
            click.echo("Database already has data; demo not loaded again.")
            return
        raise click.ClickException("The database already has MPPs; use an empty database.")
    summary = load_demo(db.session, today=local_today(), days=days)
    load_demo_users(db.session)
    load_demo_follow_ups(db.session, today=local_today())
    load_demo_national(db.session)
    click.echo(
        f"Demo loaded: {summary.mpps} MPPs, {summary.tenants} tenants, "
        f"{summary.counters} counters, {summary.responses} synthetic responses."
    )


@demo_cli.command("addresses")
@click.option("--port", default=5000, show_default=True)
@click.option("--wait", "wait_seconds", default=0.0, show_default=True,
              help="Wait up to this many seconds for the server to accept connections on "
                   "--port before printing (0: print at once).")  # fmt: skip
@click.option("--check-free", is_flag=True, help="Only check that --port is free (exit 1 if not).")
def demo_addresses(port: int, wait_seconds: float, check_free: bool) -> None:
    """Print the addresses to open; with --wait, only once the server accepts connections."""
    if check_free:
        if _accepts(port):
            raise click.ClickException(f"Port {port} is already in use: stop what runs there, "
                                       "or choose another one (make run PORT=5001).")  # fmt: skip
        return
    if wait_seconds:
        if not _wait_until_accepting(port, wait_seconds):
            raise click.ClickException(f"No server on port {port} after {wait_seconds:g} s.")
    _print_addresses(port)


@demo_cli.command("serve")
@click.option("--port", default=5000, show_default=True)
def demo_serve(port: int) -> None:
    """Serve the app on 127.0.0.1 (development) and print the addresses once it accepts."""
    from werkzeug.serving import run_simple

    if _accepts(port):
        raise click.ClickException(f"Port {port} is already in use: stop what runs there, "
                                   "or choose another one (make run PORT=5001).")  # fmt: skip
    announce = threading.Thread(target=lambda: _wait_until_accepting(port, 120)
                                and _print_addresses(port), daemon=True)  # fmt: skip
    announce.start()
    run_simple("127.0.0.1", port, current_app._get_current_object(), threaded=True)


def _print_addresses(port: int) -> None:
    base = f"http://127.0.0.1:{port}"
    click.echo(f"\nMutu MPP is running at {base}/")
    click.echo("Kiosk (open on a tablet; the token pairs it with the MPP):")
    for spec in DEMO_MPPS[:3]:
        click.echo(f"  {spec.name}: {base}/kiosk/#token={demo_token(spec.code)}")
    click.echo(f"Phone survey behind a counter's QR code: {base}/s/{DEMO_MPPS[3].code}/L01")
    click.echo(f"Printable QR sheet (managers): {base}/manage/{DEMO_MPPS[3].code}/qr")
    click.echo(f"Sign in at {base}/auth/login with password {DEMO_PASSWORD!r} as:")
    for account in DEMO_ACCOUNTS:
        second = f"  (TOTP key {account.totp_secret})" if account.totp_secret else ""
        click.echo(f"  {account.role:10} {account.email}{second}")
    click.echo("  Admins and evaluators confirm with a 6-digit code: add the TOTP key to an")
    click.echo("  authenticator app, or print the current code: make totp EMAIL=...")
    click.echo("")


def _accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def _wait_until_accepting(port: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if _accepts(port):
            return True
        time.sleep(0.2)
    return False


@demo_cli.command("totp")
@click.argument("email")
def demo_totp(email: str) -> None:
    """Print the current sign-in code of a demo account (demo accounts only)."""
    account = next((a for a in DEMO_ACCOUNTS if a.email == email and a.totp_secret), None)
    if account is None:
        raise click.ClickException("Only the demo admin and evaluator have a demo TOTP key.")
    click.echo(pyotp.TOTP(account.totp_secret).now())


@device_cli.command("register")
@click.option("--mpp", "mpp_code", required=True, help="The MPP's code, e.g. kab-banyuwangi.")
@click.option("--counter", "counter_code", default=None, help="Fix the device to one counter.")
@click.option("--label", default="Kiosk", show_default=True)
def device_register(mpp_code: str, counter_code: str | None, label: str) -> None:
    """Register a tablet and print its token (shown once; only its hash is stored)."""
    mpp = mpp_by_code(db.session, mpp_code)
    if mpp is None:
        raise click.ClickException(f"No MPP with code {mpp_code!r}.")
    counter = None
    if counter_code:
        counter = counter_by_code(db.session, mpp, counter_code)
        if counter is None:
            raise click.ClickException(f"No counter {counter_code!r} at {mpp_code}.")
    registered = register_device(db.session, mpp, label, counter)
    click.echo(registered.token)


def init_app(app: Flask) -> None:
    from app.cli_data import init_app as init_data_cli
    from app.cli_national import national_cli
    from app.cli_privacy import privacy_cli
    from app.cli_reports import report_cli
    from app.cli_users import users_cli

    init_data_cli(app)
    for group in (demo_cli, device_cli, users_cli, privacy_cli, report_cli, national_cli):
        app.cli.add_command(group)
