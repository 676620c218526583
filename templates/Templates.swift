import Foundation

/// The data sipgpo ships with: the client profiles, the policy catalog and its schemas, and the word templates
/// (see `README.md`).
public enum BundledTemplates {
    /// The folder holding `clients/`, `policies/`, `schemas/` and `words/`, copied into the build as resources.
    public static var directory: URL? {
        Bundle.module.resourceURL
    }
}
