import Mustache

// Generated from DocumentationContext.swift: swift-mustache looks each name up with `child(named:)` instead of
// reflecting (Mirror), which took most of the time of a 10,000-population page. Keep in step with the fields.

extension DocumentationContext: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "site": return self.site
        case "file": return self.file
        case "populationCount": return self.populationCount
        case "warningCount": return self.warningCount
        case "hasWarnings": return self.hasWarnings
        case "hasResourceForest": return self.hasResourceForest
        case "forests": return self.forests
        case "sipDomains": return self.sipDomains
        case "summary": return self.summary
        case "populations": return self.populations
        case "ous": return self.ous
        case "dns": return self.dns
        case "hasDNS": return self.hasDNS
        case "hasCertificates": return self.hasCertificates
        case "certificates": return self.certificates
        case "disputed": return self.disputed
        case "hasDisputed": return self.hasDisputed
        case "differences": return self.differences
        case "hasDifferences": return self.hasDifferences
        case "uncertain": return self.uncertain
        case "hasUncertain": return self.hasUncertain
        case "otherWarnings": return self.otherWarnings
        case "hasOtherWarnings": return self.hasOtherWarnings
        case "part": return self.part
        case "parts": return self.parts
        case "hasParts": return self.hasParts
        default: return nil
        }
    }
}

extension DocumentationContext.Forest: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "name": return self.name
        case "role": return self.role
        case "isAccount": return self.isAccount
        case "isResource": return self.isResource
        case "isSingle": return self.isSingle
        case "usersFrom": return self.usersFrom
        default: return nil
        }
    }
}

extension DocumentationContext.Row: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "anchor": return self.anchor
        case "page": return self.page
        case "name": return self.name
        case "sortName": return self.sortName
        case "filter": return self.filter
        case "ou": return self.ou
        case "client": return self.client
        case "mode": return self.mode
        case "inside": return self.inside
        case "outside": return self.outside
        case "warnings": return self.warnings
        default: return nil
        }
    }
}

extension DocumentationContext.Cell: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "status": return self.status
        case "server": return self.server
        case "record": return self.record
        case "registrar": return self.registrar
        default: return nil
        }
    }
}

extension DocumentationContext.Population: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "anchor": return self.anchor
        case "name": return self.name
        case "ou": return self.ou
        case "client": return self.client
        case "clientName": return self.clientName
        case "sipDomain": return self.sipDomain
        case "mode": return self.mode
        case "parent": return self.parent
        case "forest": return self.forest
        case "forestRole": return self.forestRole
        case "networks": return self.networks
        case "warnings": return self.warnings
        case "hasWarnings": return self.hasWarnings
        default: return nil
        }
    }
}

extension DocumentationContext.Network: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "network": return self.network
        case "status": return self.status
        case "headline": return self.headline
        case "reason": return self.reason
        case "diagram": return self.diagram
        case "notes": return self.notes
        case "hasNotes": return self.hasNotes
        default: return nil
        }
    }
}

extension DocumentationContext.OU: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "dn": return self.dn
        case "name": return self.name
        case "depth": return self.depth
        case "indent": return self.indent
        case "populations": return self.populations
        case "hasPopulations": return self.hasPopulations
        case "links": return self.links
        case "hasLinks": return self.hasLinks
        case "settings": return self.settings
        case "hasSettings": return self.hasSettings
        default: return nil
        }
    }
}

extension DocumentationContext.Link: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "gpo": return self.gpo
        case "order": return self.order
        case "enforced": return self.enforced
        default: return nil
        }
    }
}

extension DocumentationContext.Setting: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "name": return self.name
        case "value": return self.value
        case "hive": return self.hive
        case "key": return self.key
        case "gpo": return self.gpo
        case "policy": return self.policy
        case "source": return self.source
        default: return nil
        }
    }
}

extension DocumentationContext.View: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "domain": return self.domain
        case "network": return self.network
        case "file": return self.file
        case "records": return self.records
        case "hasRecords": return self.hasRecords
        case "missing": return self.missing
        case "hasMissing": return self.hasMissing
        default: return nil
        }
    }
}

extension DocumentationContext.Record: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "text": return self.text
        case "source": return self.source
        case "used": return self.used
        case "warnings": return self.warnings
        case "hasWarnings": return self.hasWarnings
        default: return nil
        }
    }
}

extension DocumentationContext.Missing: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "text": return self.text
        case "reason": return self.reason
        default: return nil
        }
    }
}

extension DocumentationContext.Server: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "fqdn": return self.fqdn
        case "role": return self.role
        case "region": return self.region
        case "declared": return self.declared
        case "names": return self.names
        case "warnings": return self.warnings
        case "hasWarnings": return self.hasWarnings
        default: return nil
        }
    }
}

extension DocumentationContext.Name: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "name": return self.name
        case "subject": return self.subject
        case "reasons": return self.reasons
        case "status": return self.status
        case "missing": return self.missing
        default: return nil
        }
    }
}

extension DocumentationContext.Warning: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "id": return self.id
        case "message": return self.message
        case "location": return self.location
        case "help": return self.help
        default: return nil
        }
    }
}

extension DocumentationContext.Client: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "id": return self.id
        case "name": return self.name
        case "variants": return self.variants
        case "facts": return self.facts
        case "hasFacts": return self.hasFacts
        default: return nil
        }
    }
}

extension DocumentationContext.Variant: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "name": return self.name
        case "summary": return self.summary
        case "sources": return self.sources
        case "basis": return self.basis
        case "inUse": return self.inUse
        default: return nil
        }
    }
}

extension DocumentationContext.Fact: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "topic": return self.topic
        case "text": return self.text
        case "source": return self.source
        default: return nil
        }
    }
}

extension DocumentationContext.Difference: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "client": return self.client
        case "network": return self.network
        case "used": return self.used
        case "usedStatus": return self.usedStatus
        case "other": return self.other
        case "otherStatus": return self.otherStatus
        case "populations": return self.populations
        case "count": return self.count
        default: return nil
        }
    }
}

extension DocumentationContext.Uncertain: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "name": return self.name
        case "note": return self.note
        case "populations": return self.populations
        case "count": return self.count
        default: return nil
        }
    }
}

extension DocumentationContext.Part: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "title": return self.title
        case "page": return self.page
        case "populationCount": return self.populationCount
        case "current": return self.current
        default: return nil
        }
    }
}
