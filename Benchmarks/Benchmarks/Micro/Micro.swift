import Benchmark
import Channels
import ElectionKnowledge
import Foundation
import IntentFiles
import JSONWire
import VietnameseText

// Micro benchmarks of the hot paths: instructions and allocations per call show a regression even on a noisy
// shared machine, where wall-clock time alone would not. Run with `swift package benchmark` in Benchmarks/.

let repository = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

/// A question as people type it: no diacritics, teencode, a story before the question.
let colloquial = "ba tui nam nay 80 tuoi roi, dang nam vien o tp soc trang, ko di dc thi co bau tai benh vien dc ko ad"
let formal = "Công dân đủ bao nhiêu tuổi thì có quyền bầu cử đại biểu Quốc hội và đại biểu Hội đồng nhân dân?"
let telegramUpdate = Array(
    #"{"update_id":10000,"message":{"date":1441645532,"chat":{"last_name":"Test Lastname","id":1111111,"type":"private","first_name":"Test Firstname","username":"Testusername"},"message_id":1365,"from":{"last_name":"Test Lastname","id":1111111,"first_name":"Test Firstname","username":"Testusername"},"text":"bao nhiêu tuổi thì được đi bầu cử?"}}"#
        .utf8)

let measured: [BenchmarkMetric] = [.instructions, .mallocCountTotal, .wallClock, .throughput]

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: measured, maxDuration: .seconds(3), maxIterations: 100_000)

    Benchmark("fold a colloquial question") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(VietnameseFolding.fold(colloquial)) }
    }

    Benchmark("syllables of a formal question") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(VietnameseFolding.syllables(formal)) }
    }

    let kb: KnowledgeBase? = try? IntentLoader.load(directory: repository + "/intents").get()
    let today = CivilDate(iso: "2021-05-01")!
    Benchmark("answer a colloquial question (shipped knowledge)") { benchmark in
        guard let kb else { return }
        for _ in benchmark.scaledIterations { blackHole(kb.answer(colloquial, today: today)) }
    }

    Benchmark("answer a formal question (shipped knowledge)") { benchmark in
        guard let kb else { return }
        for _ in benchmark.scaledIterations { blackHole(kb.answer(formal, today: today)) }
    }

    Benchmark("JSONWire parse a Telegram update") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try? JSONWire.parse(telegramUpdate)) }
    }

    let parsed = try! JSONWire.parse(telegramUpdate)
    Benchmark("JSONWire serialize a Telegram update") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(JSONWire.serialize(parsed)) }
    }

    let long = String(repeating: "Cử tri có quyền bầu cử trực tiếp, bình đẳng và bỏ phiếu kín. ", count: 120)
    Benchmark("split a 7 kB answer into Telegram chunks") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(TextSplitter.split(long, limit: 4096)) }
    }
}
