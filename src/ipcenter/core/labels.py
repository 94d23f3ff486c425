"""Human labels for vocabulary values (types, statuses, roles …), translated at render time."""

from __future__ import annotations

from ipcenter.core.i18n import N_, gettext

LABELS: dict[str, dict[str, str]] = {
    "patent_type": {
        "invention": N_("Invention"),
        "utility_model": N_("Utility model"),
        "design": N_("Design"),
        "plant": N_("Plant patent"),
    },
    "status": {
        "pending": N_("Pending"),
        "in_force": N_("In force"),
        "lapsed": N_("Lapsed"),
        "expired": N_("Expired"),
        "withdrawn": N_("Withdrawn"),
        "refused": N_("Refused"),
        "invalidated": N_("Invalidated"),
    },
    "role": {
        "admin": N_("Administrator"),
        "analyst": N_("Analyst"),
        "mediator": N_("Mediator"),
        "company": N_("Company"),
        "bank": N_("Bank"),
        "farm": N_("Farm"),
    },
    "party_role": {
        "applicant": N_("Applicant"),
        "owner": N_("Owner"),
        "inventor": N_("Inventor"),
        "agent": N_("Agent"),
    },
    "party_type": {
        "enterprise": N_("Enterprise"),
        "university": N_("University"),
        "research_institute": N_("Research institute"),
        "public_body": N_("Public body"),
        "individual": N_("Individual"),
    },
    "trademark_kind": {
        "ordinary": N_("Ordinary mark"),
        "collective": N_("Collective mark"),
        "certification": N_("Certification mark"),
    },
    "gi_regime": {
        "gi_product": N_("GI product"),
        "gi_mark": N_("GI mark"),
    },
    "effect": {
        "published": N_("Published"),
        "examination": N_("Examination requested"),
        "granted": N_("Granted"),
        "lapsed": N_("Lapsed"),
        "restored": N_("Restored"),
        "withdrawn": N_("Withdrawn"),
        "refused": N_("Refused"),
        "invalidated": N_("Invalidated"),
        "partially_invalidated": N_("Partially invalidated"),
        "expired": N_("Expired"),
        "transferred": N_("Transferred"),
        "pledged": N_("Pledged"),
        "pledge_released": N_("Pledge released"),
        "licensed": N_("Licence recorded"),
    },
    # Record fields, to say which values of a demo record are invented.
    "field": {
        "application_number": N_("Application number"),
        "filing_date": N_("Filing date"),
        "publications": N_("Publications"),
        "grant_date": N_("Grant date"),
        "legal_events": N_("Legal events"),
        "ipc": N_("IPC"),
        "titles": N_("Title"),
        "abstracts": N_("Abstract"),
        "claims": N_("Claims"),
        "parties": N_("Parties"),
        "mark_text": N_("Mark"),
        "registrant": N_("Registrant"),
        "nice_classes": N_("Goods and services"),
        "application_date": N_("Application date"),
        "registration_number": N_("Registration number"),
        "registration_date": N_("Registration date"),
        "expiry_date": N_("Expiry date"),
        "authorised_users": N_("Authorised users"),
        "approval_date": N_("Approval date"),
    },
    "org_kind": {
        "centre": N_("IP centre"),
        "company": N_("Company"),
        "bank": N_("Bank"),
        "mediation": N_("Mediation institution"),
        "farm": N_("Farm"),
        "university": N_("University"),
        "research_institute": N_("Research institute"),
    },
}


def label(vocabulary: str, value: str | None) -> str:
    """The translated label of ``value``; the raw value when the vocabulary does not know it."""
    if value is None:
        return "—"
    message = LABELS.get(vocabulary, {}).get(value)
    return gettext(message) if message else value
