/// The members of a JSON object in insertion order, with unique keys.
///
/// Lookups scan linearly: webhook and API objects have a handful of members, where a scan beats hashing.
/// Equality ignores member order, as JSON does.
public struct JSONObject: Sendable {
    /// One member of an object.
    public typealias Member = (key: String, value: JSONValue)

    /// The members in insertion order.
    public private(set) var members: [Member]

    /// An empty object.
    public init() { members = [] }

    /// An object with `members` in this order; a repeated key keeps its first position and its last value.
    public init(_ members: some Sequence<Member>) {
        self.init()
        for member in members { self[member.key] = member.value }
    }

    /// The number of members.
    public var count: Int { members.count }

    /// Whether the object has no members.
    public var isEmpty: Bool { members.isEmpty }

    /// The keys in insertion order.
    public var keys: [String] { members.map(\.key) }

    /// The value for `key`; setting `nil` removes the member, setting a new key appends it.
    public subscript(key: String) -> JSONValue? {
        get {
            for member in members where member.key == key { return member.value }
            return nil
        }
        set {
            let position = members.firstIndex { $0.key == key }
            switch (position, newValue) {
            case (let index?, let value?): members[index].value = value
            case (let index?, nil): members.remove(at: index)
            case (nil, let value?): members.append((key, value))
            case (nil, nil): break
            }
        }
    }

    /// Appends a member whose key the caller knows to be new; skips the duplicate check.
    mutating func appendNew(key: String, value: JSONValue) {
        members.append((key, value))
    }

    /// Reserves room for `capacity` members.
    mutating func reserveCapacity(_ capacity: Int) {
        members.reserveCapacity(capacity)
    }
}

extension JSONObject: Sequence {
    public func makeIterator() -> IndexingIterator<[Member]> { members.makeIterator() }
}

extension JSONObject: Equatable {
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for (index, member) in lhs.members.enumerated() {
            // Same order is the common case: compare in place before searching.
            if rhs.members[index].key == member.key {
                if rhs.members[index].value != member.value { return false }
            } else if rhs[member.key] != member.value {
                return false
            }
        }
        return true
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init()
        for (key, value) in elements { self[key] = value }
    }
}
