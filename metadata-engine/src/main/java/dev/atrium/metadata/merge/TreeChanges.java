package dev.atrium.metadata.merge;

import static dev.atrium.metadata.merge.Trees.ABSENT;
import static dev.atrium.metadata.merge.Trees.same;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What changed between two versions of a document, property by property, with the paths of
 * {@link Trees}: an element added to or removed from a keyed collection is one change; inside an element
 * present in both, each property that differs is one change. Numbers compare by value. Pure.
 */
public final class TreeChanges {
    /** One difference: {@code before} or {@code after} is {@link Trees#ABSENT} for an addition or a removal. */
    public record Difference(String path, Object before, Object after) {
        public String kind() {
            return before == ABSENT ? "added" : after == ABSENT ? "removed" : "changed";
        }
    }

    private TreeChanges() {}

    public static List<Difference> between(String path, Object before, Object after) {
        List<Difference> out = new ArrayList<>();
        walk(out, path, "", before, after);
        return out;
    }

    private static void walk(List<Difference> out, String at, String local, Object before, Object after) {
        if (same(before, after)) return;
        boolean element = local.isEmpty() || local.endsWith("]");
        if (!element && (before == ABSENT) != (after == ABSENT)) {
            // a whole sub-object or list appears or goes: list what is in it
            Object present = before == ABSENT ? after : before;
            Object empty = present instanceof Map<?, ?> ? new java.util.LinkedHashMap<>() : new ArrayList<>();
            if (present instanceof Map<?, ?> || (present instanceof List<?> && Trees.keyed(local, present) != null)) {
                walk(out, at, local, before == ABSENT ? empty : before, after == ABSENT ? empty : after);
                return;
            }
        }
        if (before instanceof Map<?, ?> b && after instanceof Map<?, ?> a) {
            Set<Object> keys = new LinkedHashSet<>(b.keySet());
            keys.addAll(a.keySet());
            for (Object k : keys) {
                walk(out, at + "/" + k, local + "/" + k, Trees.get(b, (String) k), Trees.get(a, (String) k));
            }
            return;
        }
        if (before instanceof List<?> && after instanceof List<?>) {
            Map<String, Object> b = Trees.keyed(local, before), a = Trees.keyed(local, after);
            if (b != null && a != null) {
                Set<String> keys = new LinkedHashSet<>(b.keySet());
                keys.addAll(a.keySet());
                for (String k : keys) {
                    walk(
                            out,
                            at + "[" + k + "]",
                            local + "[" + k + "]",
                            b.getOrDefault(k, ABSENT),
                            a.getOrDefault(k, ABSENT));
                }
                List<String> keptBefore = common(b, a), keptAfter = common(a, b);
                if (!keptBefore.equals(keptAfter)) out.add(new Difference(at + "#order", keptBefore, keptAfter));
                return;
            }
        }
        out.add(new Difference(at, before, after));
    }

    /** The keys of {@code first} that {@code second} has too, in first's order (to notice a reordering). */
    private static List<String> common(Map<String, Object> first, Map<String, Object> second) {
        List<String> out = new ArrayList<>();
        for (String k : first.keySet()) if (second.containsKey(k)) out.add(k);
        return out;
    }
}
