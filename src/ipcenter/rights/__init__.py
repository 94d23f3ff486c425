"""The canonical rights model: records, numbers, status, queries (the public API of ``rights``)."""

from ipcenter.rights.errors import CheckDigitMismatch, InvalidNumber
from ipcenter.rights.export import patents_table
from ipcenter.rights.filters import PatentFilters, parse_patent_filters
from ipcenter.rights.models import (
    GeographicalIndication,
    LegalEvent,
    Patent,
    Trademark,
)
from ipcenter.rights.numbers import (
    CnApplicationNumber,
    NumberCheck,
    PublicationNumber,
    check_cn_application_number,
    compute_cn_check_digit,
    parse_cn_application_number,
    parse_publication_number,
)
from ipcenter.rights.present import (
    geographical_indication_public,
    patent_public,
    patent_summary,
    trademark_public,
)
from ipcenter.rights.queries import (
    find_patent,
    get_geographical_indication,
    get_patent,
    get_trademark,
    list_geographical_indications,
    list_patents,
    list_trademarks,
    patent_status_on,
    refresh_status,
)
from ipcenter.rights.regions import Region, find_region, region_label, region_path
from ipcenter.rights.schemas import (
    GeographicalIndicationList,
    GeographicalIndicationPublic,
    PatentList,
    PatentPublic,
    PatentSummary,
    TrademarkList,
    TrademarkPublic,
)
from ipcenter.rights.status import status_on, term_of
from ipcenter.rights.store import (
    GeographicalIndicationIn,
    PatentIn,
    TrademarkIn,
    add_geographical_indication,
    add_patent,
    add_trademark,
)
from ipcenter.rights.summary import RegistrySummary, registry_summary
from ipcenter.rights.vocab import PartyRole, PartyType, PatentType, RightStatus

__all__ = [
    "CheckDigitMismatch",
    "CnApplicationNumber",
    "GeographicalIndication",
    "GeographicalIndicationIn",
    "GeographicalIndicationList",
    "GeographicalIndicationPublic",
    "InvalidNumber",
    "LegalEvent",
    "NumberCheck",
    "PartyRole",
    "PartyType",
    "Patent",
    "PatentFilters",
    "PatentIn",
    "PatentList",
    "PatentPublic",
    "PatentSummary",
    "PatentType",
    "PublicationNumber",
    "Region",
    "RegistrySummary",
    "RightStatus",
    "Trademark",
    "TrademarkIn",
    "TrademarkList",
    "TrademarkPublic",
    "add_geographical_indication",
    "add_patent",
    "add_trademark",
    "check_cn_application_number",
    "compute_cn_check_digit",
    "find_patent",
    "find_region",
    "geographical_indication_public",
    "get_geographical_indication",
    "get_patent",
    "get_trademark",
    "list_geographical_indications",
    "list_patents",
    "list_trademarks",
    "parse_cn_application_number",
    "parse_patent_filters",
    "parse_publication_number",
    "patent_public",
    "patent_status_on",
    "patent_summary",
    "patents_table",
    "refresh_status",
    "region_label",
    "region_path",
    "registry_summary",
    "status_on",
    "term_of",
    "trademark_public",
]
