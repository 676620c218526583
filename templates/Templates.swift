import Foundation

/// The data sipgpo ships with: client profiles (and later the policy catalog and text templates).
public enum BundledTemplates {
    /// The folder holding `clients/`, copied into the build as a resource.
    public static var directory: URL? {
        Bundle.module.resourceURL
    }
}
