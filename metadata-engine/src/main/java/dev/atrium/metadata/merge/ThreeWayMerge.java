package dev.atrium.metadata.merge;

import static dev.atrium.metadata.merge.Trees.ABSENT;
import static dev.atrium.metadata.merge.Trees.same;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges a customer's copy of a document ({@code ours}) with a new package version ({@code theirs}),
 * knowing the package version it was installed from ({@code base}). Per property: what only one side
 * changed takes that side's value; what both changed alike is kept; what both changed differently is
 * a {@link Conflict}, kept as the customer has it unless a decision says otherwise. Keyed collections
 * (fields, picklist values, workflows...) merge element by element; lists of plain values merge as
 * ordered sets (an element added by either side is kept, one removed by either side goes). Pure.
 */
public final class ThreeWayMerge {
    /** Which side a decision takes. */
    public enum Side {
        /** the organisation's value (its customization) */
        TENANT,
        /** the new package version's value */
        PACKAGE
    }

    /** Both sides changed the property at {@code path} differently ({@link Trees#ABSENT} when removed). */
    public record Conflict(String path, Object base, Object tenant, Object pkg, Side taken, boolean decided) {}

    /** Something the package removes that the organisation still has, as it was there. */
    public record Removal(String path, Object value, boolean decided) {}

    public record Result(Object merged, List<Conflict> conflicts, List<Removal> removals) {}

    private final Map<String, Side> decisions;
    private final List<Conflict> conflicts = new ArrayList<>();
    private final List<Removal> removals = new ArrayList<>();

    private ThreeWayMerge(Map<String, Side> decisions) {
        this.decisions = decisions;
    }

    /**
     * Merges one document. {@code path} prefixes every reported path (e.g. {@code /entities/ent_deal});
     * {@code decisions} by path choose a side for a conflict, or keep what a removal would take away.
     */
    public static Result merge(String path, Object base, Object ours, Object theirs, Map<String, Side> decisions) {
        ThreeWayMerge m = new ThreeWayMerge(decisions);
        Object merged = m.value(path, "", base, ours, theirs);
        return new Result(merged, List.copyOf(m.conflicts), List.copyOf(m.removals));
    }

    /** {@code at} is the full path; {@code local} the path inside the document (for the key rules). */
    private Object value(String at, String local, Object base, Object ours, Object theirs) {
        if (!element(local) && container(base, ours, theirs)) {
            // a plain sub-object (ui, layout, labels...) that a side does not have is an empty one: the other
            // side's elements merge inside it instead of the whole object being kept or dropped
            Object merged = value(
                    at, local, empty(base, ours, theirs), empty(ours, base, theirs), empty(theirs, base, ours), true);
            return isEmpty(merged) && (ours == ABSENT || theirs == ABSENT) ? ABSENT : merged;
        }
        return value(at, local, base, ours, theirs, false);
    }

    /** Whether a path is an element of a keyed collection (or the document): its absence means removed. */
    private static boolean element(String local) {
        return local.isEmpty() || local.endsWith("]");
    }

    private static boolean container(Object... sides) {
        boolean any = false;
        for (Object s : sides) {
            if (s == ABSENT) continue;
            if (!(s instanceof Map<?, ?>) && !(s instanceof List<?>)) return false;
            any = true;
        }
        return any && java.util.Arrays.stream(sides).anyMatch(x -> x == ABSENT);
    }

    /** {@code side}, or an empty container of the kind the others have when it is absent. */
    private static Object empty(Object side, Object other, Object third) {
        if (side != ABSENT) return side;
        Object model = other != ABSENT ? other : third;
        return model instanceof Map<?, ?> ? new LinkedHashMap<String, Object>() : new ArrayList<>();
    }

    private static boolean isEmpty(Object v) {
        return v instanceof Map<?, ?> m ? m.isEmpty() : v instanceof List<?> l && l.isEmpty();
    }

    private Object value(String at, String local, Object base, Object ours, Object theirs, boolean normalized) {
        Side decided = decisions.get(at);
        if (same(ours, theirs)) return ours;
        boolean oursUnchanged = same(base, ours);
        if (oursUnchanged && theirs == ABSENT) {
            removals.add(new Removal(at, ours, decided != null));
            return decided == Side.TENANT ? ours : ABSENT;
        }
        if (same(base, theirs)) return ours;
        // containers merge inside, also when only the package changed: removals deep inside are reported
        if (ours instanceof Map<?, ?> && theirs instanceof Map<?, ?> && (base == ABSENT || base instanceof Map)) {
            return object(at, local, base, ours, theirs);
        }
        if (ours instanceof List<?> && theirs instanceof List<?> && (base == ABSENT || base instanceof List)) {
            Map<String, Object> b = Trees.keyed(local, base);
            Map<String, Object> o = Trees.keyed(local, ours);
            Map<String, Object> t = Trees.keyed(local, theirs);
            if (b != null && o != null && t != null) return keyedList(at, local, b, o, t);
            if (!Trees.isKeyed(local) && Trees.scalars(base, ours, theirs)) return orderedSet(base, ours, theirs);
        }
        if (oursUnchanged) return theirs;
        Side taken = decided == null ? Side.TENANT : decided;
        conflicts.add(new Conflict(at, base, ours, theirs, taken, decided != null));
        return taken == Side.TENANT ? ours : theirs;
    }

    private Map<String, Object> object(String at, String local, Object base, Object ours, Object theirs) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>();
        for (Object k : ((Map<?, ?>) ours).keySet()) keys.add((String) k);
        for (Object k : ((Map<?, ?>) theirs).keySet()) if (!keys.contains(k)) keys.add((String) k);
        if (base instanceof Map<?, ?> b) for (Object k : b.keySet()) if (!keys.contains(k)) keys.add((String) k);
        for (String k : keys) {
            Object v =
                    value(at + "/" + k, local + "/" + k, Trees.get(base, k), Trees.get(ours, k), Trees.get(theirs, k));
            if (v != ABSENT) out.put(k, v);
        }
        return out;
    }

    private List<Object> keyedList(
            String at, String local, Map<String, Object> base, Map<String, Object> ours, Map<String, Object> theirs) {
        // the side that reordered sets the order; the other side's additions go after their predecessors
        boolean oursReordered = !common(ours, base).equals(common(base, ours));
        Map<String, Object> first = oursReordered ? ours : theirs;
        Map<String, Object> second = oursReordered ? theirs : ours;
        List<String> order = new ArrayList<>(first.keySet());
        List<String> secondOrder = new ArrayList<>(second.keySet());
        for (int i = 0; i < secondOrder.size(); i++) {
            String k = secondOrder.get(i);
            if (order.contains(k) || base.containsKey(k)) continue;
            order.add(insertionPoint(order, i == 0 ? null : secondOrder.get(i - 1)), k);
        }
        for (String k : base.keySet()) if (!order.contains(k)) order.add(k);
        Map<String, Object> merged = new LinkedHashMap<>();
        for (String k : order) {
            Object v = value(
                    at + "[" + k + "]",
                    local + "[" + k + "]",
                    base.getOrDefault(k, ABSENT),
                    ours.getOrDefault(k, ABSENT),
                    theirs.getOrDefault(k, ABSENT));
            if (v != ABSENT) merged.put(k, v);
        }
        return new ArrayList<>(merged.values());
    }

    private static List<String> common(Map<String, Object> first, Map<String, Object> second) {
        List<String> out = new ArrayList<>();
        for (String k : first.keySet()) if (second.containsKey(k)) out.add(k);
        return out;
    }

    /** Where an element new in the package goes: after the one it follows there, first, or last. */
    private static int insertionPoint(List<String> order, String follows) {
        if (follows == null) return 0;
        int previous = order.indexOf(follows);
        return previous < 0 ? order.size() : previous + 1;
    }

    /** Lists of plain values: additions of either side kept, removals of either side applied, ours' order. */
    private static List<Object> orderedSet(Object base, Object ours, Object theirs) {
        if (same(base, ours)) return Trees.list(theirs);
        List<Object> b = Trees.list(base), o = Trees.list(ours), t = Trees.list(theirs);
        List<Object> out = new ArrayList<>();
        for (Object x : o) if (!(contains(b, x) && !contains(t, x))) out.add(x);
        for (int i = 0; i < t.size(); i++) {
            Object x = t.get(i);
            if (contains(out, x) || contains(b, x)) continue;
            int pos;
            if (i == 0) {
                pos = 0;
            } else {
                int previous = indexOf(out, t.get(i - 1));
                pos = previous < 0 ? out.size() : previous + 1;
            }
            out.add(pos, x);
        }
        return out;
    }

    private static boolean contains(List<Object> l, Object x) {
        return indexOf(l, x) >= 0;
    }

    private static int indexOf(List<Object> l, Object x) {
        for (int i = 0; i < l.size(); i++) if (same(l.get(i), x)) return i;
        return -1;
    }
}
