package dev.atrium.metadata.model;

import java.util.List;
import java.util.Map;

/**
 * A duplicate rule: two records of the entity are likely the same when every clause matches. Methods:
 * {@code exact} (case and surrounding spaces ignored), {@code email} (the same, for addresses),
 * {@code phone} (the last 9 digits), {@code fuzzy} (trigram similarity of at least {@code threshold}).
 */
public record MatchingRuleDef(String name, Map<String, String> label, List<Clause> match) {
    public MatchingRuleDef {
        label = label == null ? Map.of() : Map.copyOf(label);
        match = match == null ? List.of() : List.copyOf(match);
    }

    /** @param threshold fuzzy only: the least similarity that matches, 0.1 to 1 (null: 0.5) */
    public record Clause(String field, String method, Double threshold) {
        public double similarity() {
            return threshold == null ? 0.5 : threshold;
        }
    }
}
