"""The one error tree of ipcenter.

Every error a user can cause is an :class:`IpcenterError`. It carries a stable machine key
(``rights.check_digit_mismatch``), the parameters that explain it, and the HTTP status the web edge
answers with. The English ``message`` template doubles as the gettext msgid, so the zh_CN catalog
translates it; the CLI and the web render it in the caller's language at the edge, once.

    IpcenterError (400)
    ├── ValidationError (422)       bad input: names the field and the reason
    │   └── rights.errors.InvalidNumber, CheckDigitMismatch …
    ├── NotFound (404)              missing, or outside the caller's organisation
    ├── PermissionDenied (403)      the caller's role may not do this
    ├── AuthenticationRequired (401)
    ├── PayloadTooLarge (413)       an upload over the configured limit
    ├── MethodNotAllowed (405)
    ├── InternalError (500)         a bug: logged, never shown as a traceback
    └── ConfigurationError (500)    the deployment is misconfigured (never the user's fault)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from ipcenter.core.i18n import N_

_TRANSLATED_PARAMS = frozenset({"reason", "what"})


class IpcenterError(Exception):
    """Base of every error ipcenter raises on purpose."""

    key: ClassVar[str] = "error"
    status: ClassVar[int] = 400
    message: ClassVar[str] = N_("The request could not be completed.")

    def __init__(self, message: str | None = None, /, **params: Any) -> None:
        self.params: dict[str, Any] = params
        if message is not None:
            self.template = message
        else:
            self.template = self.message
        super().__init__(self.render())

    def render(self, translate: Callable[[str], str] | None = None) -> str:
        """The message with its parameters filled in, translated when ``translate`` is given.

        ``reason`` and ``what`` are msgids too, and may hold placeholders of their own
        (``"must be one of {allowed}"``), filled from the same parameters.
        """
        tr = translate or (lambda text: text)
        params = dict(self.params)
        for key in _TRANSLATED_PARAMS & params.keys():
            if isinstance(params[key], str) and params[key]:
                params[key] = _fill(tr(params[key]), self.params)
        return _fill(tr(self.template), params, fallback=self.template)

    def to_dict(self, translate: Callable[[str], str] | None = None) -> dict[str, Any]:
        """The JSON shape every API error and ``--json`` failure uses."""
        return {
            "ok": False,
            "error": self.key,
            "message": self.render(translate),
            "status": self.status,
            "params": _jsonable(self.params),
        }


class ValidationError(IpcenterError):
    key = "validation_error"
    status = 422
    message = N_("Invalid value for {field}: {reason}")

    with_value: ClassVar[str] = N_("Invalid value {value!r} for {field}: {reason}")

    def __init__(self, message: str | None = None, /, **params: Any) -> None:
        params.setdefault("field", "input")
        params.setdefault("reason", "")
        if message is None and "value" in params:
            message = self.with_value
        super().__init__(message, **params)


class NotFound(IpcenterError):
    key = "not_found"
    status = 404
    message = N_("{what} not found.")

    def __init__(self, message: str | None = None, /, **params: Any) -> None:
        params.setdefault("what", "Record")
        super().__init__(message, **params)


class PermissionDenied(IpcenterError):
    key = "permission_denied"
    status = 403
    message = N_("Your role may not do this.")


class AuthenticationRequired(IpcenterError):
    key = "authentication_required"
    status = 401
    message = N_("Please log in first.")


class PayloadTooLarge(IpcenterError):
    key = "payload_too_large"
    status = 413
    message = N_("The upload is larger than the limit of {limit} bytes.")


class MethodNotAllowed(IpcenterError):
    key = "method_not_allowed"
    status = 405
    message = N_("This address does not accept that kind of request.")


class InternalError(IpcenterError):
    key = "internal_error"
    status = 500
    message = N_("Something went wrong on our side. The error has been logged.")


class ConfigurationError(IpcenterError):
    key = "configuration_error"
    status = 500
    message = N_("Configuration error: {reason}")


def _fill(template: str, params: Mapping[str, Any], fallback: str | None = None) -> str:
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        # A translation with a broken placeholder must not hide the error itself.
        if fallback is not None and fallback != template:
            return _fill(fallback, params)
        return template


def _jsonable(params: Mapping[str, Any]) -> dict[str, Any]:
    return {
        k: v if isinstance(v, str | int | float | bool | None) else str(v)
        for k, v in params.items()
    }
