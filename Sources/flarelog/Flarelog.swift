import ArgumentParser
import FlareKit

@main
struct Flarelog: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flarelog",
        abstract: "Track symptoms, triggers and interventions; learn what precedes your flares.",
        version: "0.1.0"
    )
}
