"""Tact's leak scanner: finds private details in a reply before it is published.

A pure library (no Django, no network) so it can be benchmarked and reused; the Celery worker
builds the context from the database and calls `scan`.
"""

from .context import ScanContext
from .engine import SCANNER_VERSION, CompiledContext, compile_context, scan, scan_parts
from .findings import KINDS, SAFE_PHRASES, Finding
from .policy import DEFAULT_POLICY, Policy

__all__ = [
    "DEFAULT_POLICY",
    "KINDS",
    "SAFE_PHRASES",
    "SCANNER_VERSION",
    "CompiledContext",
    "Finding",
    "Policy",
    "ScanContext",
    "compile_context",
    "scan",
    "scan_parts",
]
