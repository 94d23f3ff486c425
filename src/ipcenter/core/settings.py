"""Settings: one typed class, read from ``IPCENTER_*`` environment variables.

Every field is documented in ``docs/settings.md``; a test fails when one is missing there.
"""

from __future__ import annotations

import secrets
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from ipcenter.core.errors import ConfigurationError

DEVELOPMENT_SECRET = "development-only-secret-change-me"  # noqa: S105 - refused outside development


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="IPCENTER_", extra="ignore")

    environment: Literal["development", "production"] = Field(
        "development", description="`production` refuses default secrets and insecure cookies."
    )
    data_dir: Path = Field(
        Path("var"), description="Where the SQLite store, indexes and secrets live."
    )
    database_url: str = Field(
        "", description="SQLAlchemy URL; empty means `sqlite:///<data_dir>/ipcenter.db`."
    )
    secret_key: str = Field(
        "",
        description=(
            "Key that signs sessions; empty means a random key kept in `<data_dir>/secret.key`."
        ),
    )
    max_upload_bytes: int = Field(
        20 * 1024 * 1024, description="Largest request body accepted, in bytes (default 20 MiB)."
    )
    default_language: Literal["zh_CN", "en"] = Field(
        "zh_CN", description="Language for visitors who have not chosen one."
    )
    session_max_age_seconds: int = Field(
        8 * 3600, description="How long a login lasts without activity, in seconds."
    )
    # Outgoing mail (portfolio deadline reminders). An empty host means no mail is sent.
    smtp_host: str = Field("", description="SMTP server for reminders; empty disables e-mail.")
    smtp_port: int = Field(587, description="SMTP server port.")
    smtp_user: str = Field("", description="SMTP login; empty means no authentication.")
    smtp_password: str = Field("", description="SMTP password (with `IPCENTER_SMTP_USER`).")
    smtp_from: str = Field("ipcenter@localhost", description="Sender address of reminder e-mails.")
    smtp_starttls: bool = Field(True, description="Upgrade the SMTP connection with STARTTLS.")

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'ipcenter.db'}"

    def resolved_secret_key(self) -> str:
        """The session key: configured, or generated once per data directory and kept there."""
        if self.secret_key:
            if self.environment == "production" and self.secret_key == DEVELOPMENT_SECRET:
                raise ConfigurationError(reason="IPCENTER_SECRET_KEY is the development default")
            if self.environment == "production" and len(self.secret_key) < 32:
                raise ConfigurationError(
                    reason="IPCENTER_SECRET_KEY must be at least 32 characters"
                )
            return self.secret_key
        path = self.data_dir / "secret.key"
        if not path.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(48), encoding="ascii")
            path.chmod(0o600)
        return path.read_text(encoding="ascii").strip()


@cache
def get_settings() -> Settings:
    return Settings()
