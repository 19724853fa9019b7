package dev.atrium.record;

import dev.atrium.internal.ApiProblem;
import dev.atrium.metadata.query.FilterException;

/** Problems the record layer shares with the HTTP layer. */
public final class Problems {
    private Problems() {}

    public static ApiProblem query(FilterException fe) {
        return RecordAccess.queryProblem(fe);
    }
}
