/// A value kept in one shared box and copied only when a shared box is changed: for the large value types every
/// stage hands around (discovery runs, pools), a copy is then one retain instead of one per string and array inside.
/// Equal boxes compare without reading the value.
public struct CopyOnWrite<Value: Hashable & Sendable>: Hashable, Sendable {
    @usableFromInline
    final class Box: @unchecked Sendable {
        @usableFromInline var value: Value
        @usableFromInline init(_ value: Value) { self.value = value }
    }

    @usableFromInline var box: Box

    @inlinable
    public init(_ value: Value) { box = Box(value) }

    @inlinable
    public var value: Value {
        get { box.value }
        _modify {
            if !isKnownUniquelyReferenced(&box) { box = Box(box.value) }
            yield &box.value
        }
    }

    @inlinable
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.box === rhs.box || lhs.box.value == rhs.box.value }

    @inlinable
    public func hash(into hasher: inout Hasher) { box.value.hash(into: &hasher) }
}
