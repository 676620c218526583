import ArgumentParser
import SiteModel

/// `sipgpo schema`: the site description's JSON Schema, from the shapes the loader checks keys against.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema (draft-07) of the site description, for editors and validators.",
        discussion: """
            The schema is written from the same shapes the loader checks keys against, and lists the client \
            profiles of the catalog. It checks the shape of a site (keys, types, fixed values); 'sipgpo check' \
            remains the authority on everything else (DNS records, OUs, references between entries). Save it \
            beside your sites and point your editor at it with a first line such as \
            '# yaml-language-server: $schema=sipgpo-site.schema.json'.

            Examples:
              sipgpo schema > sipgpo-site.schema.json
              sipgpo schema --templates my-templates > sipgpo-site.schema.json
            """)

    @OptionGroup var color: ColorOptions

    @Option(
        help: ArgumentHelp(
            "Read client profiles from this templates folder instead of the bundled one.", valueName: "dir"))
    var templates: String?

    func run() throws {
        let clients = try loadClients(templates: templates)
        Console().output(SiteFormat.jsonSchema(clients: clients.ids).rendered())
    }
}
