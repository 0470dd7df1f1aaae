import Foundation
import Synchronization

/// A small Prometheus registry: counters and latency histograms with labels, rendered in the text format.
///
/// Kept in-process and lock-protected (one short critical section per update) rather than pulling a metrics
/// backend into the build: the server exports a handful of series.
public final class Metrics: Sendable {
    private struct State {
        var counters: [String: [String: Double]] = [:]  // name → labels → value
        var histograms: [String: [String: Histogram]] = [:]
        var gauges: [String: [String: Double]] = [:]
        var help: [String: (String, String)] = [:]  // name → (type, help)
    }

    struct Histogram {
        static let bounds: [Double] = [
            0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
        ]
        var buckets = [Int](repeating: 0, count: bounds.count)
        var count = 0
        var sum = 0.0
        mutating func observe(_ v: Double, times n: Int = 1) {
            count += n
            sum += v * Double(n)
            for (i, b) in Self.bounds.enumerated() where v <= b { buckets[i] += n }
        }
    }

    private let state = Mutex(State())

    public init() {}

    public func increment(_ name: String, _ labels: [(String, String)] = [], by value: Double = 1, help: String = "") {
        let key = Self.labelText(labels)
        state.withLock {
            $0.counters[name, default: [:]][key, default: 0] += value
            if $0.help[name] == nil { $0.help[name] = ("counter", help) }
        }
    }

    /// Records `times` observations of the same duration (a batch settled together) in one update.
    public func observe(
        _ name: String, seconds: Double, times: Int = 1, _ labels: [(String, String)] = [], help: String = ""
    ) {
        let key = Self.labelText(labels)
        state.withLock {
            $0.histograms[name, default: [:]][key, default: Histogram()].observe(seconds, times: times)
            if $0.help[name] == nil { $0.help[name] = ("histogram", help) }
        }
    }

    public func set(_ name: String, _ value: Double, _ labels: [(String, String)] = [], help: String = "") {
        let key = Self.labelText(labels)
        state.withLock {
            $0.gauges[name, default: [:]][key] = value
            if $0.help[name] == nil { $0.help[name] = ("gauge", help) }
        }
    }

    /// The value of a counter, for tests and /healthz.
    public func counter(_ name: String, _ labels: [(String, String)] = []) -> Double {
        state.withLock { $0.counters[name]?[Self.labelText(labels)] ?? 0 }
    }

    /// `name="value",…` with the values escaped. Runs several times per webhook request, so it appends into
    /// one string and escapes only values that need it (Foundation's replacingOccurrences was 7 % of the
    /// server's CPU under load).
    static func labelText(_ labels: [(String, String)]) -> String {
        guard !labels.isEmpty else { return "" }
        var out = ""
        out.reserveCapacity(labels.count * 24)
        for (i, (name, value)) in labels.enumerated() {
            if i > 0 { out += "," }
            out += name
            out += "=\""
            out += escape(value)
            out += "\""
        }
        return out
    }

    static func escape(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\"") || $0 == 0x0A }) else {
            return s
        }
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// Prometheus text exposition format 0.0.4.
    public func render() -> String {
        state.withLock { s in
            var out = ""
            func header(_ name: String) {
                let (type, help) = s.help[name] ?? ("untyped", "")
                if !help.isEmpty { out += "# HELP \(name) \(help)\n" }
                out += "# TYPE \(name) \(type)\n"
            }
            func series(_ name: String, _ labels: String, _ value: Double) {
                out += labels.isEmpty ? "\(name) \(format(value))\n" : "\(name){\(labels)} \(format(value))\n"
            }
            for name in s.counters.keys.sorted() {
                header(name)
                for (labels, v) in s.counters[name]!.sorted(by: { $0.key < $1.key }) { series(name, labels, v) }
            }
            for name in s.gauges.keys.sorted() {
                header(name)
                for (labels, v) in s.gauges[name]!.sorted(by: { $0.key < $1.key }) { series(name, labels, v) }
            }
            for name in s.histograms.keys.sorted() {
                header(name)
                for (labels, h) in s.histograms[name]!.sorted(by: { $0.key < $1.key }) {
                    let sep = labels.isEmpty ? "" : labels + ","
                    for (i, b) in Histogram.bounds.enumerated() {
                        out += "\(name)_bucket{\(sep)le=\"\(format(b))\"} \(h.buckets[i])\n"
                    }
                    out += "\(name)_bucket{\(sep)le=\"+Inf\"} \(h.count)\n"
                    series(name + "_sum", labels, h.sum)
                    series(name + "_count", labels, Double(h.count))
                }
            }
            return out
        }
    }

    private func format(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
    }
}
