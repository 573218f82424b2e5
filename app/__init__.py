"""Mutu MPP's web application: the factory and its register_* helpers."""

from __future__ import annotations

from flask import Flask

from app import i18n
from app.config import check_production_safety, default_config
from app.extensions import babel, csrf, db, migrate
from surveys.accounts import configure_hashing


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder="../templates",
        static_folder="../static",
    )
    app.config.from_mapping(default_config(app.instance_path))
    if test_config is None:
        app.config.from_prefixed_env("MUTU")
    else:
        app.config.from_mapping(test_config)
    check_production_safety(app.config)
    configure_hashing(**app.config.get("PASSWORD_HASH_PARAMETERS", {}))
    _register_extensions(app)
    _register_blueprints(app)
    _register_commands(app)
    return app


def _register_extensions(app: Flask) -> None:
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        import os

        os.makedirs(app.instance_path, exist_ok=True)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(app.root_path + "/../migrations"), render_as_batch=True)
    babel.init_app(app, locale_selector=i18n.select_locale)
    i18n.init_app(app)
    from app import security
    from app.auth import password_gate

    security.init_app(app)  # before CSRF: a NUL byte is refused before anything reads the form
    password_gate.init_app(app)  # before CSRF too: a full gate turns sign-ins away cheaply
    csrf.init_app(app)
    from app.database import add_ingest_engine, configure_engine

    with app.app_context():
        configure_engine(db.engine)
    add_ingest_engine(app)
    from app import audit_log, filters, navigation
    from app.auth.login import login_manager

    filters.init_app(app)
    navigation.init_app(app)
    audit_log.init_app(app)
    login_manager.init_app(app)


def _register_blueprints(app: Flask) -> None:
    from app import (
        admin,
        api,
        auth,
        dashboard,
        errors,
        evaluator,
        inbox,
        kiosk,
        manage,
        public,
        reports,
    )

    errors.init_app(app)
    app.register_blueprint(public.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(kiosk.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(evaluator.bp)
    app.register_blueprint(reports.bp)
    app.register_blueprint(dashboard.bp)
    app.register_blueprint(inbox.bp)
    app.register_blueprint(manage.bp)


def _register_commands(app: Flask) -> None:
    from app import cli

    cli.init_app(app)
