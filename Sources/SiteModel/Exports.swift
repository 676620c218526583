/// Every stage speaks in diagnostics, so code that imports the site model gets `Diagnostic`, `SourceSpan` and the
/// catalog of ids without a second import.
@_exported import SipgpoDiagnostics
