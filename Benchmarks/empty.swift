// The Swift start-up floor: a static Swift program that does nothing (Benchmarks/run builds it).
