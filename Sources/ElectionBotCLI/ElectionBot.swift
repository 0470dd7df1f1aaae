import ArgumentParser

/// The command line: thin wrappers that parse options and call the modules. A library, so that the tests
/// run the commands as an admin would; the `electionbot` executable only calls ``main()``.
public struct ElectionBot: AsyncParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        commandName: "electionbot",
        abstract: "Answers citizens' questions about the election, by chat and on the command line.",
        subcommands: [
            Serve.self, Ask.self, Check.self, Eval.self, InviteCommand.self, SubscribersCommand.self,
            BroadcastCommand.self, AdminCommand.self, PruneCommand.self,
        ],
        defaultSubcommand: nil
    )
}
