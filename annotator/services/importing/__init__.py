"""Import a corpus: .txt, .jsonl (optionally with gold spans) and .csv files, each all-or-nothing.

``readers`` turn files into records (FileError naming the file's line), ``storing`` stages a
file's rows out of sight and publishes them in one short transaction, ``run`` is the use case
the command line and the desk share (``run_import``). A crash leaves each file either fully
imported or absent, and articles are stored once by content hash, so running the import again
resumes it.
"""

from __future__ import annotations

from annotator.services.decoding import (
    DEFAULT_MAX_FILE_SIZE,
    NOT_TEXT,
    DecodeError,
    decode_bytes,
    read_text_file,
)
from annotator.services.importing.readers import SUFFIXES, collect_files, read_records
from annotator.services.importing.report import (
    DEFAULT_ANNOTATOR,
    DiskFullError,
    Failure,
    FileError,
    ImportReport,
    KeptWork,
    Owners,
    Record,
    Unsuggested,
)
from annotator.services.importing.run import (
    AHEAD_FILES,
    AHEAD_TEXTS,
    HOLD_S,
    PAUSE_S,
    ImportFiles,
    Progress,
    Suggest,
    import_file,
    import_paths,
    run_import,
)

__all__ = [
    "AHEAD_FILES",
    "AHEAD_TEXTS",
    "DEFAULT_ANNOTATOR",
    "DEFAULT_MAX_FILE_SIZE",
    "HOLD_S",
    "NOT_TEXT",
    "PAUSE_S",
    "SUFFIXES",
    "DecodeError",
    "DiskFullError",
    "Failure",
    "FileError",
    "ImportFiles",
    "ImportReport",
    "KeptWork",
    "Owners",
    "Progress",
    "Record",
    "Suggest",
    "Unsuggested",
    "collect_files",
    "decode_bytes",
    "import_file",
    "import_paths",
    "read_records",
    "read_text_file",
    "run_import",
]
