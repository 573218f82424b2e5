"""`flask --app wsgi privacy ...`: retention of comments and raw answers (UU PDP 27/2022)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.extensions import db
from surveys.errors import DomainError
from surveys.models import local_today
from surveys.privacy import purge, retention, set_retention

privacy_cli = AppGroup("privacy", help="Retention of comments and raw answers.")


@privacy_cli.command("retention")
@click.option("--comment-days", type=int, help="Keep comments this many days (30–3650).")
@click.option("--response-days", type=int, help="Keep raw answers this many days (≥ 365).")
@click.option("--keep-responses", is_flag=True, help="Keep raw answers indefinitely.")
def privacy_retention(comment_days, response_days, keep_responses) -> None:
    """Show or change the retention setting."""
    setting = retention(db.session)
    if comment_days is not None or response_days is not None or keep_responses:
        try:
            set_retention(
                db.session,
                comment_days or setting.comment_days,
                None if keep_responses else response_days or setting.response_days,
            )
        except DomainError as exc:
            raise click.ClickException(f"{exc.message} {exc.fields}") from None
    kept = f"{setting.response_days} days" if setting.response_days else "indefinitely"
    click.echo(f"Comments kept {setting.comment_days} days; raw answers kept {kept}.")
    db.session.commit()


@privacy_cli.command("purge")
@click.option("--dry-run", is_flag=True, help="Count what would be removed; change nothing.")
def privacy_purge(dry_run: bool) -> None:
    """Remove comments (and raw answers, if set) older than the retention; aggregates stay."""
    result = purge(db.session, local_today(), dry_run=dry_run)
    verb = "Would remove" if dry_run else "Removed"
    click.echo(f"{verb} {result.comments_removed} comments older than {result.comments_before}.")
    if result.responses_before is not None:
        click.echo(f"{verb} {result.responses_removed} raw answers older than "
                   f"{result.responses_before}; their counts stay in the rollups.")  # fmt: skip
