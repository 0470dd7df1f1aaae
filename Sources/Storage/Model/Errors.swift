import Foundation

/// Why an invite code was refused; the messages can be shown to the official as they are.
public enum InviteError: Error, Hashable, CustomStringConvertible {
    /// No invite has this code (after normalising case and separators).
    case unknownCode
    /// The invite expired at that time.
    case expired(at: Date)
    /// Every use of the invite has been taken.
    case usedUp(maxUses: Int)

    public var description: String {
        switch self {
        case .unknownCode: "unknown invite code"
        case .expired(let at): "invite code expired at \(at)"
        case .usedUp(let maxUses): "invite code already used \(maxUses) time(s)"
        }
    }
}

/// Why credentials were not saved.
public enum CredentialError: Error, Hashable, CustomStringConvertible {
    /// The stored refresh token is not the one the caller refreshed with: another process rotated it first.
    case refreshTokenChanged(platform: String)

    public var description: String {
        switch self {
        case .refreshTokenChanged(let platform):
            "the stored \(platform) refresh token changed since it was read (rotated concurrently)"
        }
    }
}

/// Failures of the store itself.
public enum StorageError: Error, Hashable, CustomStringConvertible {
    /// The store was closed; no further writes are accepted.
    case closed
    /// The file was written by a newer version of the bot (unknown migrations); refusing to touch it.
    case schemaTooNew(path: String)
    /// A caller passed a value the store cannot hold (e.g. a non-positive limit).
    case invalidArgument(String)
    /// A column held a value this build does not know (e.g. a lane added by a newer version).
    case unexpectedValue(column: String, value: String)

    public var description: String {
        switch self {
        case .closed: "the store is closed"
        case .schemaTooNew(let path): "database \(path) has a newer schema than this build supports"
        case .invalidArgument(let what): "invalid argument: \(what)"
        case .unexpectedValue(let column, let value): "unexpected value '\(value)' in \(column)"
        }
    }
}
