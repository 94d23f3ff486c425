"""Display names of indicators, criteria, table headings and units (translated at use)."""

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


# The row of a region breakdown that holds the records with no region at that level.
UNATTRIBUTED = N_("Unattributed")
UNATTRIBUTED_NOTE = N_(
    "Unattributed: patents whose first patentee has no region at this level (no region code, "
    "or a code of a higher level only). They count in the total, so the rows add up to it; "
    "there is no population for them, hence no per-10,000 figure."
)

# Units of the indicators (``Indicator.unit``) as a statistical bulletin writes them.
UNIT_LABELS: dict[str, str] = {
    "patents": N_("patents"),
    "per_10k": N_("patents per 10,000 residents"),
    "registrations": N_("registrations"),
    "products": N_("products"),
    "marks": N_("marks"),
    "CNY": N_("yuan (CNY)"),
    "ratio": N_("%"),
}
# Shown as a percentage (the value is a fraction: 0.85 → 85.0 %).
PERCENT_UNITS = ("ratio",)


def labels() -> dict[str, str]:
    """The labels in the current language."""
    return {key: gettext(text) for key, text in LABELS.items()}


def unit_label(unit: str) -> str:
    """The unit in the current language (an unknown unit id as it is)."""
    text = UNIT_LABELS.get(unit)
    return gettext(text) if text else unit


def unit_labels() -> dict[str, str]:
    """Every unit label in the current language."""
    return {key: gettext(text) for key, text in UNIT_LABELS.items()}
