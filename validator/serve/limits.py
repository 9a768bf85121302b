"""The limits of the web application (README: 审查人使用网页), on top of the readers' own (validator.limits).

A report file uploaded, or unpacked from a .zip, is held to the command line's limits: the same size
(``MAX_INPUT_BYTES``), and a .zip to the same entry count and compression ratio as a .docx package. Then the
server adds what a command line does not need: how much one request, one batch and all batches together may
store, how many batches may wait or be kept, and how long an upload or a check may take.
"""

from __future__ import annotations

from validator.limits import MAX_COMPRESSION_RATIO, MAX_INPUT_BYTES, MAX_ZIP_ENTRIES, MB, RATIO_CHECK_FROM

__all__ = [
    "MAX_COMPRESSION_RATIO", "MAX_INPUT_BYTES", "MAX_ZIP_ENTRIES", "RATIO_CHECK_FROM", "MB",
    "MAX_UPLOAD_BYTES", "MAX_BATCH_FILES", "MAX_BATCH_BYTES", "MAX_STORED_BYTES", "MAX_BATCHES",
    "MAX_WAITING_BATCHES", "MAX_RUNNING_BATCHES", "MAX_UPLOADS_AT_ONCE", "UPLOAD_IDLE_SECONDS",
    "UPLOAD_SECONDS", "TASK_SECONDS", "KEEP_SECONDS", "MAX_NAME_CHARS", "MAX_SETTING_CHARS", "DRAIN_BYTES",
    "MAX_CONNECTIONS",
]

# One upload request: a report (held to MAX_INPUT_BYTES) or a .zip of reports, as stored.
MAX_UPLOAD_BYTES = 200 * MB
# One batch: the reports it holds (this year's and last year's) and the bytes they take once unpacked.
# A province's batch is every department and county: a few hundred reports, most under 1 MB.
MAX_BATCH_FILES = 300
MAX_BATCH_BYTES = 300 * MB
# All batches of the server together, on disk in its private temporary directory.
MAX_STORED_BYTES = 1024 * MB
# Batches kept at once (a finished batch is kept for its downloads until it is discarded, is idle for
# KEEP_SECONDS, or the oldest finished one makes room for a new one), and batches waiting for a worker.
MAX_BATCHES = 32
MAX_WAITING_BATCHES = 16
# Batches being checked at once (their files share the worker processes).
MAX_RUNNING_BATCHES = 4
# Upload requests being stored or unpacked at once; more wait their turn (each streams to disk in chunks).
MAX_UPLOADS_AT_ONCE = 8
# An upload that sends nothing for this long, or takes longer than this in all, is abandoned.
UPLOAD_IDLE_SECONDS = 60.0
UPLOAD_SECONDS = 30 * 60.0
# One task in a worker process (reading, checking or writing one report): far above a real report
# (LibreOffice's own limit is 120 s; OCR takes 7–60 s a page), after which the worker is stopped.
TASK_SECONDS = 15 * 60.0
KEEP_SECONDS = 24 * 3600.0
# A file name as shown (and a zip member's path), and the 审查单位 / batch title a reviewer types in.
MAX_NAME_CHARS = 255
MAX_SETTING_CHARS = 100
# The body of an upload refused for its size is read and dropped up to this much, so the browser gets the
# answer instead of a reset connection; past it the connection is closed.
DRAIN_BYTES = 256 * MB
# Connections the HTTP server serves at once; more are answered 503 by uvicorn.
MAX_CONNECTIONS = 200
