package dev.atrium.metadata.diff;

import dev.atrium.metadata.validate.Problem;
import java.util.List;

/**
 * What a deployment would do: ordered changes, and problems that make the change impossible (e.g. a
 * type change the platform cannot convert). Empty changes and no problems means "nothing to do".
 */
public record MigrationPlan(List<Change> changes, List<Problem> problems) {
    public MigrationPlan {
        changes = List.copyOf(changes);
        problems = List.copyOf(problems);
    }

    public boolean empty() {
        return changes.isEmpty();
    }

    public boolean dataLoss() {
        return changes.stream().anyMatch(Change::dataLoss);
    }
}
