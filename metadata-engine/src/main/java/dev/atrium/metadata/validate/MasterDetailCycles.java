package dev.atrium.metadata.validate;

import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Master-detail relations form a forest: a child is deleted with its master, so a cycle would make a
 * delete (and access inheritance) endless. Reports each cycle once, at the field that closes it.
 */
final class MasterDetailCycles {
    private MasterDetailCycles() {}

    static List<Problem> find(List<EntityDef> entities) {
        Map<String, List<String>> parents = new HashMap<>();
        Map<String, Map<String, Integer>> fieldIndex = new HashMap<>();
        for (EntityDef e : entities) {
            for (int i = 0; i < e.fields().size(); i++) {
                FieldDef f = e.fields().get(i);
                if (f.type().equals("master_detail") && f.target() != null) {
                    parents.computeIfAbsent(e.name(), k -> new ArrayList<>()).add(f.target());
                    fieldIndex.computeIfAbsent(e.name(), k -> new HashMap<>()).put(f.target(), i);
                }
            }
        }
        List<Problem> out = new ArrayList<>();
        Set<String> reported = new HashSet<>();
        for (String start : parents.keySet()) {
            Deque<List<String>> stack = new ArrayDeque<>();
            stack.push(List.of(start));
            Set<String> visited = new HashSet<>();
            while (!stack.isEmpty()) {
                List<String> path = stack.pop();
                String last = path.get(path.size() - 1);
                for (String parent : parents.getOrDefault(last, List.of())) {
                    if (parent.equals(start)) {
                        if (reported.add(start)) {
                            List<String> cycle = new ArrayList<>(path);
                            cycle.add(start);
                            out.add(new Problem(
                                    start,
                                    "/fields/" + fieldIndex.get(start).get(path.size() > 1 ? path.get(1) : start),
                                    "Master-detail relations form a cycle (" + String.join(" -> ", cycle)
                                            + "); make one of them a lookup"));
                        }
                    } else if (visited.add(parent)) {
                        List<String> next = new ArrayList<>(path);
                        next.add(parent);
                        stack.push(next);
                    }
                }
            }
        }
        return out;
    }
}
