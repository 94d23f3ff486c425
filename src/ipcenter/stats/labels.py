"""Display names of indicators, high-value criteria and table headings (translated at use)."""

from __future__ import annotations

from ipcenter.core.i18n import N_, gettext

LABELS: dict[str, str] = {
    "valid_invention_patents": N_("Valid invention patents"),
    "valid_invention_patents_per_10k": N_("Valid invention patents per 10,000 residents"),
    "high_value_invention_patents": N_("High-value invention patents"),
    "high_value_invention_patents_per_10k": N_("High-value invention patents per 10,000 residents"),
    "valid_trademarks": N_("Valid registered trademarks"),
    "gi_products": N_("Geographical-indication products"),
    "gi_marks": N_("Geographical-indication marks"),
    "pledge_amount": N_("Patent pledge financing"),
    "mediation_success_rate": N_("Mediation success rate"),
    "flag_sei": N_("Strategic emerging industry"),
    "flag_foreign_family": N_("Granted foreign family member"),
    "flag_maintained_10y": N_("Maintained more than 10 years"),
    "flag_pledge": N_("Pledge above the threshold"),
    "flag_award": N_("National science award or China Patent Award"),
    "grants": N_("Grants"),
    "applications": N_("Applications"),
    "invention": N_("Invention"),
    "utility_model": N_("Utility model"),
    "design": N_("Design"),
    "enterprise": N_("Enterprise"),
    "university": N_("University"),
    "research_institute": N_("Research institute"),
    "public_body": N_("Public body"),
    "individual": N_("Individual"),
    "unknown": N_("Unknown"),
    "service": N_("Service (职务)"),
    "non_service": N_("Non-service (非职务)"),
}


def labels() -> dict[str, str]:
    """The labels in the current language."""
    return {key: gettext(text) for key, text in LABELS.items()}
