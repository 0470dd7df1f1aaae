import ArgumentParser
import ElectionBotCLI

/// The whole command line lives in ElectionBotCLI, where its tests can reach it.
@main
enum Entry {
    static func main() async {
        await ElectionBot.main()
    }
}
