import Foundation

extension ClientCatalog {
    public struct DecodingFailure: Error, CustomStringConvertible {
        public var file: String
        public var reason: String
        public var description: String { "cannot read client profile '\(file)': \(reason)" }
    }

    /// Decodes profiles from the JSON files of `templates/clients/`, given as (path, bytes), in path order.
    public static func decode(_ files: [(path: String, data: Data)]) throws -> ClientCatalog {
        var profiles: [ClientProfile] = []
        for file in files.sorted(by: { $0.path < $1.path }) {
            do {
                let profile = try JSONDecoder().decode(ClientProfile.self, from: file.data)
                guard profile.variants[profile.defaultVariant] != nil else {
                    throw DecodingFailure(
                        file: file.path,
                        reason: "its default variant '\(profile.defaultVariant.rawValue)' is not among its variants")
                }
                profiles.append(profile)
            } catch let failure as DecodingFailure {
                throw failure
            } catch {
                throw DecodingFailure(file: file.path, reason: "\(error)")
            }
        }
        return ClientCatalog(profiles: profiles)
    }
}
