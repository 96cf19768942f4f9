import SQLite

/// Where a stored trial stands on a given day.
public enum TrialStatus: String, Sendable {
    /// Starts later.
    case planned
    case running
    /// Ran to its planned end.
    case finished
    /// Ended early with `trial stop`.
    case stopped
}

/// A trial as stored: its plan, and whether and when it was stopped.
public struct StoredTrial: Sendable, Equatable {
    public let id: Int64
    public let uid: String
    public let plan: TrialPlan
    public let createdAt: String
    public let stoppedAt: String?
    public let stoppedDay: LocalDay?

    /// The columns `StoredTrial(row:)` reads, in order (the item names through joins on `a`, `b` and `o`).
    static let columns = """
        trial.id, trial.uid, a.name, b.name, o.name, period_days, washout_days, blocks, seed, arms, start_day,
        trial.created_at, stopped_at, stopped_day
        """
    static let tables = """
        trial JOIN item a ON a.id = trial.intervention_id LEFT JOIN item b ON b.id = trial.comparison_id
        JOIN item o ON o.id = trial.outcome_id
        """

    init(id: Int64, uid: String, plan: TrialPlan, createdAt: String, stoppedAt: String?, stoppedDay: LocalDay?) {
        self.id = id
        self.uid = uid
        self.plan = plan
        self.createdAt = createdAt
        self.stoppedAt = stoppedAt
        self.stoppedDay = stoppedDay
    }

    init(row: Statement) throws {
        let malformed = FlareError(
            .badData, "trial \(row.column(0, as: Int64.self)) is malformed; run 'flarelog check'")
        guard let start = LocalDay(row.column(10, as: String.self)), row.column(8, as: Int64.self) >= 0 else {
            throw malformed
        }
        let arms = try row.column(9, as: String.self).map { letter in
            guard let arm = TrialArm(rawValue: String(letter)) else { throw malformed }
            return arm
        }
        id = row.column(0)
        uid = row.column(1)
        plan = try TrialPlan(
            intervention: row.column(2), comparison: row.column(3), outcome: row.column(4),
            periodDays: row.column(5), washoutDays: row.column(6), blocks: row.column(7),
            seed: UInt64(row.column(8, as: Int64.self)), start: start, arms: arms)
        createdAt = row.column(11)
        stoppedAt = row.column(12)
        stoppedDay = row.column(13, as: String?.self).flatMap { LocalDay($0) }
    }

    /// The last day that counts: the planned end, or the stop day when it was stopped earlier.
    public var lastDay: LocalDay { min(stoppedDay ?? plan.end, plan.end) }

    public func status(today: LocalDay) -> TrialStatus {
        if stoppedDay != nil { return .stopped }
        if today < plan.start { return .planned }
        return today > plan.end ? .finished : .running
    }
}

/// What `trial plan` asks for; items are named in any case, `seed` nil draws a fresh one.
public struct TrialRequest: Sendable {
    public var intervention: String
    public var comparison: String?
    public var outcome: String
    public var periodDays: Int
    public var washoutDays: Int
    public var blocks: Int
    public var seed: UInt64?
    public var start: LocalDay

    public init(
        intervention: String, comparison: String?, outcome: String, periodDays: Int, washoutDays: Int, blocks: Int,
        seed: UInt64?, start: LocalDay
    ) {
        self.intervention = intervention
        self.comparison = comparison
        self.outcome = outcome
        self.periodDays = periodDays
        self.washoutDays = washoutDays
        self.blocks = blocks
        self.seed = seed
        self.start = start
    }
}

extension Database {
    /// Stores a new plan. At most one trial runs at a time: a plan that overlaps a trial that is not stopped
    /// is refused.
    /// - Throws: `FlareError.usage` for a refused design, `FlareError.badData` for an unknown item or an
    ///   overlapping trial.
    public func planTrial(_ request: TrialRequest, uid: String, now: String) throws -> StoredTrial {
        try TrialPlan.check(
            periodDays: request.periodDays, washoutDays: request.washoutDays, blocks: request.blocks,
            seed: request.seed)
        return try write {
            let intervention = try item(.intervention, named: request.intervention)
            let comparison = try request.comparison.map { try item(.intervention, named: $0) }
            if let comparison, comparison.id == intervention.id {
                throw FlareError.badData("a trial compares \(intervention.name) with something else; change --vs")
            }
            let outcome = try item(.symptom, named: request.outcome)
            let plan = try TrialPlan(
                intervention: intervention.name, comparison: comparison?.name, outcome: outcome.name,
                periodDays: request.periodDays, washoutDays: request.washoutDays, blocks: request.blocks,
                seed: request.seed ?? TrialPlan.randomSeed(), start: request.start)
            if let overlapping = try overlappingTrial(plan) { throw FlareError.badData(overlapping) }
            try insertTrial(
                plan, uid: uid, itemIDs: (intervention.id, comparison?.id, outcome.id), createdAt: now, stoppedAt: nil,
                stoppedDay: nil)
            return try trial(id: connection.lastInsertRowID)!
        }
    }

    /// Why `plan` cannot be stored next to the trials there are: the one it overlaps that was not stopped.
    func overlappingTrial(_ plan: TrialPlan) throws -> String? {
        let overlapping = try connection.firstRow(
            """
            SELECT \(StoredTrial.columns) FROM \(StoredTrial.tables)
            WHERE stopped_at IS NULL
              AND date(start_day, '+' || (2 * blocks * period_days - 1) || ' days') >= ?1 AND start_day <= ?2
            """, [plan.start.description, plan.end.description]
        ) { try StoredTrial(row: $0) }
        return overlapping.map {
            "trial \($0.id) (\($0.plan.intervention), \($0.plan.start) to \($0.plan.end)) overlaps these days and "
                + "only one trial runs at a time; stop it with 'flarelog trial stop' or choose another --start"
        }
    }

    /// Inserts a plan as it is; `uid` must be new.
    func insertTrial(
        _ plan: TrialPlan, uid: String, itemIDs: (intervention: Int64, comparison: Int64?, outcome: Int64),
        createdAt: String, stoppedAt: String?, stoppedDay: LocalDay?
    ) throws {
        try connection.run(
            """
            INSERT INTO trial (uid, intervention_id, comparison_id, outcome_id, period_days, washout_days, blocks,
                seed, arms, start_day, created_at, stopped_at, stopped_day)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                uid, itemIDs.intervention, itemIDs.comparison, itemIDs.outcome, plan.periodDays, plan.washoutDays,
                plan.blocks, Int64(plan.seed), plan.arms.map(\.rawValue).joined(), plan.start.description, createdAt,
                stoppedAt, stoppedDay?.description,
            ])
    }

    /// The trial with this id.
    public func trial(id: Int64) throws -> StoredTrial? {
        try connection.firstRow("SELECT \(StoredTrial.columns) FROM \(StoredTrial.tables) WHERE trial.id = ?", [id]) {
            try StoredTrial(row: $0)
        }
    }

    /// Every trial, oldest start first.
    public func trials() throws -> [StoredTrial] {
        try read {
            try connection.rows(
                "SELECT \(StoredTrial.columns) FROM \(StoredTrial.tables) ORDER BY start_day, trial.id"
            ) { try StoredTrial(row: $0) }
        }
    }

    /// The trial that is running on `today`, else the next planned one; nil when there is neither.
    public func currentTrial(today: LocalDay) throws -> StoredTrial? {
        try trials().first { [.running, .planned].contains($0.status(today: today)) }
    }

    /// Ends the current trial on `today`; it is kept, marked stopped, and analysed through `today`.
    /// - Throws: `FlareError.badData` when no trial is running or planned.
    public func stopTrial(today: LocalDay, now: String) throws -> StoredTrial {
        try write {
            guard let current = try currentTrial(today: today) else {
                throw FlareError.badData("no trial is running; 'flarelog trial list' shows the trials")
            }
            try connection.run(
                "UPDATE trial SET stopped_at = ?, stopped_day = ? WHERE id = ?",
                [now, max(today, current.plan.start - 1).description, current.id])
            return try trial(id: current.id)!
        }
    }

    /// The trial `trial analyze` means: the one with `id`, else the running one, else the latest that has
    /// started (a planned one has no days yet), else the next planned one.
    /// - Throws: `FlareError.badData` when there is no such trial.
    public func trialToAnalyze(id: Int64?, today: LocalDay) throws -> StoredTrial {
        if let id {
            guard let found = try read({ try trial(id: id) }) else {
                throw FlareError.badData("no trial \(id); 'flarelog trial list' shows the trials")
            }
            return found
        }
        let all = try trials()
        let running = all.first { $0.status(today: today) == .running }
        guard let found = running ?? all.last(where: { $0.plan.start <= today }) ?? all.last else {
            throw FlareError.badData(
                "there is no trial yet; plan one with 'flarelog trial plan NAME --outcome SYMPTOM'")
        }
        return found
    }

    /// Analyses `trial` over its days up to `today` (and its last day).
    public func analyze(_ trial: StoredTrial, today: LocalDay) throws -> TrialAnalysis {
        let through = min(trial.lastDay, today)
        let data = try dailyData(since: trial.plan.start, until: through)
        do {
            return try analyzeTrial(data, plan: trial.plan, through: through)
        } catch {
            throw FlareError(error)
        }
    }
}
