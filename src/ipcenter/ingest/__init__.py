"""The ingest capability: read the files users hold into the canonical rights model.

Readers (one per format, registered in ``formats.READERS``) turn files into items; the pipeline
stores them with an idempotent upsert, keeps provenance and quarantines what cannot be stored.
"""

from ipcenter.ingest.formats import AUTO, READERS, detect, format_names, reader_named
from ipcenter.ingest.jobs import save_upload, start_import_job, wait_for_jobs
from ipcenter.ingest.models import ImportFile, ImportRun, QuarantinedRecord, RecordProvenance
from ipcenter.ingest.pipeline import (
    BATCH_SIZE,
    FileSummary,
    IngestSummary,
    Progress,
    ingest_paths,
    render_reason,
    start_run,
    summarise,
)
from ipcenter.ingest.queries import (
    ProvenancePublic,
    QuarantineList,
    QuarantinePublic,
    RunList,
    RunPublic,
    get_run,
    list_quarantine,
    list_runs,
    provenance_of,
    resolve_org,
)
from ipcenter.ingest.sources import expand

__all__ = [
    "AUTO",
    "BATCH_SIZE",
    "FileSummary",
    "ImportFile",
    "ImportRun",
    "IngestSummary",
    "Progress",
    "ProvenancePublic",
    "QuarantineList",
    "QuarantinePublic",
    "QuarantinedRecord",
    "READERS",
    "RecordProvenance",
    "RunList",
    "RunPublic",
    "detect",
    "expand",
    "format_names",
    "get_run",
    "ingest_paths",
    "list_quarantine",
    "list_runs",
    "provenance_of",
    "reader_named",
    "render_reason",
    "resolve_org",
    "save_upload",
    "start_import_job",
    "start_run",
    "summarise",
    "wait_for_jobs",
]
