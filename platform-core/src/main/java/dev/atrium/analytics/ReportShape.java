package dev.atrium.analytics;

import dev.atrium.db.PgValues;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.query.ReportCompiler.Compiled;
import dev.atrium.metadata.query.ReportCompiler.Dim;
import dev.atrium.metadata.query.ReportDef;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The answer of a report run, shaped from its result rows: groups in display order (each group's subtotal
 * row, then its members; picklists in their metadata order, dates in time order, or by an aggregate when
 * the report sorts by one; the top N first-level groups when it has a limit), the grand total, and for a
 * matrix its row and column keys with the cells between them. Every group carries the filter that lists
 * its records.
 */
final class ReportShape {
    private ReportShape() {}

    /** One result row: the group keys (null where the grouping set leaves a dimension out) and values. */
    private record Node(Object[] keys, boolean[] present, int level, Object[] values, String[] display) {}

    static JsonObject table(Compiled c, RowSet<Row> rows, ReportDef report, Names names, EntityDef e) {
        int limit = report.limit() > 0 ? report.limit() : 500;
        List<Object[]> data = new ArrayList<>();
        for (Row r : rows) {
            if (data.size() == limit) break;
            Object[] v = new Object[c.columns().size() + 1];
            for (int i = 0; i < c.columns().size(); i++) v[i] = json(PgValues.read(r.getValue("c" + i)));
            v[c.columns().size()] = r.getUUID("_id").toString();
            data.add(v);
        }
        JsonArray cols = new JsonArray();
        List<Map<String, String>> display = new ArrayList<>();
        for (int i = 0; i < c.columns().size(); i++) {
            var col = c.columns().get(i);
            cols.add(new JsonObject()
                    .put("path", col.path())
                    .put("type", col.field() == null ? "system" : col.field().type()));
            String target = Names.target(col.path(), col.field());
            Set<UUID> ids = new HashSet<>();
            if (target != null)
                for (Object[] v : data) if (v[i] != null) ids.add(UUID.fromString(String.valueOf(v[i])));
            display.add(target == null ? Map.of() : names.of(target, ids));
        }
        JsonArray out = new JsonArray();
        for (Object[] v : data) {
            JsonObject row = new JsonObject().put("id", v[v.length - 1]);
            JsonArray values = new JsonArray();
            JsonArray shown = new JsonArray();
            for (int i = 0; i < c.columns().size(); i++) {
                values.add(v[i]);
                shown.add(v[i] == null ? null : display.get(i).get(String.valueOf(v[i])));
            }
            out.add(row.put("values", values).put("display", shown));
        }
        return new JsonObject().put("columns", cols).put("records", out).put("truncated", rows.size() > limit);
    }

    static JsonObject groups(
            Compiled c,
            RowSet<Row> rows,
            ReportDef report,
            Names names,
            EntityDef e,
            String base,
            ReportRunner.Run run) {
        int n = c.dims().size();
        List<Node> nodes = new ArrayList<>();
        List<Set<UUID>> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) ids.add(new HashSet<>());
        for (Row r : rows) {
            int set = n == 0 ? 0 : r.getInteger("_set");
            Object[] keys = new Object[n];
            boolean[] present = new boolean[n];
            int level = 0;
            for (int i = 0; i < n; i++) {
                present[i] = (set & (1 << (n - 1 - i))) == 0;
                if (present[i]) level++;
                keys[i] = present[i] ? PgValues.read(r.getValue("g" + i)) : null;
                if (keys[i] instanceof UUID u) ids.get(i).add(u);
            }
            Object[] values = new Object[c.aggs().size()];
            for (int i = 0; i < values.length; i++) values[i] = ReportRunner.number(r.getValue("a" + i));
            nodes.add(new Node(keys, present, level, values, new String[n]));
        }
        for (int i = 0; i < n; i++) {
            Dim d = c.dims().get(i);
            String target = Names.target(d.group().field(), d.field());
            if (target == null) continue;
            Map<String, String> named = names.of(target, ids.get(i));
            for (Node node : nodes) {
                if (node.keys()[i] != null) node.display()[i] = named.get(String.valueOf(node.keys()[i]));
            }
        }
        Comparator<Node> order = order(c, report);
        Node grand = nodes.stream().filter(x -> x.level() == 0).findFirst().orElse(null);
        JsonObject out = new JsonObject();
        out.put("groups", dims(c));
        Drill drill = new Drill(c, base, run);
        JsonArray list = new JsonArray();
        if (report.matrix()) {
            matrix(nodes, order, c, drill, out, list);
        } else {
            List<Node> top =
                    nodes.stream().filter(x -> x.level() == 1).sorted(order).toList();
            if (report.limit() > 0 && top.size() > report.limit()) {
                top = top.subList(0, report.limit());
                out.put("truncated", true);
            }
            for (Node t : top) emit(t, nodes, order, c, drill, list);
            if (n == 0 && grand != null) list.add(json(grand, c, drill));
        }
        out.put("rows", list);
        out.put("totals", grand == null ? new JsonObject() : values(grand, c));
        return out;
    }

    /** A group, then its members one level down, recursively. */
    private static void emit(
            Node node, List<Node> all, Comparator<Node> order, Compiled c, Drill drill, JsonArray out) {
        out.add(json(node, c, drill));
        if (node.level() == c.dims().size()) return;
        all.stream()
                .filter(x -> x.level() == node.level() + 1 && prefix(node, x))
                .sorted(order)
                .forEach(x -> emit(x, all, order, c, drill, out));
    }

    private static void matrix(
            List<Node> nodes, Comparator<Node> order, Compiled c, Drill drill, JsonObject out, JsonArray list) {
        List<Node> rowTotals = nodes.stream()
                .filter(x -> x.present()[0] && !x.present()[1])
                .sorted(order)
                .toList();
        List<Node> colTotals = nodes.stream()
                .filter(x -> !x.present()[0] && x.present()[1])
                .sorted(order(c, null))
                .toList();
        JsonArray rk = new JsonArray();
        for (Node r : rowTotals) rk.add(json(r, c, drill));
        JsonArray ck = new JsonArray();
        for (Node k : colTotals) ck.add(json(k, c, drill));
        JsonArray cells = new JsonArray();
        for (Node x : nodes) {
            if (!x.present()[0] || !x.present()[1]) continue;
            int ri = indexOf(rowTotals, x, 0);
            int ci = indexOf(colTotals, x, 1);
            cells.add(json(x, c, drill).put("r", ri).put("c", ci));
        }
        out.put("rowKeys", rk).put("columnKeys", ck).put("cells", cells);
        list.addAll(rk);
        list.addAll(cells);
    }

    private static int indexOf(List<Node> totals, Node x, int dim) {
        for (int i = 0; i < totals.size(); i++) {
            if (java.util.Objects.equals(totals.get(i).keys()[dim], x.keys()[dim])) return i;
        }
        return -1;
    }

    private static boolean prefix(Node parent, Node child) {
        for (int i = 0; i < parent.level(); i++) {
            if (!java.util.Objects.equals(parent.keys()[i], child.keys()[i])) return false;
        }
        return true;
    }

    private static JsonObject json(Node node, Compiled c, Drill drill) {
        JsonArray keys = new JsonArray();
        JsonArray display = new JsonArray();
        for (int i = 0; i < node.keys().length; i++) {
            keys.add(node.present()[i] ? json(node.keys()[i]) : null);
            display.add(node.display()[i]);
        }
        return new JsonObject()
                .put("keys", keys)
                .put("display", display)
                .put("level", node.level())
                .put("values", values(node, c))
                .put("drill", drill.filter(node.keys(), node.present()));
    }

    private static JsonObject values(Node node, Compiled c) {
        JsonObject v = new JsonObject();
        for (int i = 0; i < c.aggs().size(); i++) v.put(c.aggs().get(i).def().name(), node.values()[i]);
        return v;
    }

    private static JsonArray dims(Compiled c) {
        JsonArray out = new JsonArray();
        for (Dim d : c.dims()) {
            out.add(new JsonObject()
                    .put("field", d.group().field())
                    .put("bucket", d.group().bucket())
                    .put("fiscalStart", d.group().fiscalStart())
                    .put("type", d.field() == null ? "system" : d.field().type()));
        }
        return out;
    }

    /**
     * Groups in order: by the aggregate the report sorts by (ties by key), else by key at every dimension
     * still to compare (picklists in metadata order, empty last, names for ids).
     */
    private static Comparator<Node> order(Compiled c, ReportDef report) {
        int agg = -1;
        boolean desc = false;
        if (report != null && report.sort() != null) {
            desc = report.sort().startsWith("-");
            String name = desc ? report.sort().substring(1) : report.sort();
            for (int i = 0; i < c.aggs().size(); i++)
                if (c.aggs().get(i).def().name().equals(name)) agg = i;
        }
        Comparator<Node> byKeys = (a, b) -> {
            for (int i = 0; i < a.keys().length; i++) {
                int r = compareKey(c.dims().get(i).field(), a.keys()[i], b.keys()[i], a.display()[i], b.display()[i]);
                if (r != 0) return r;
            }
            return 0;
        };
        if (agg < 0) return byKeys;
        int k = agg;
        Comparator<Node> byAgg = (a, b) -> compareValues(a.values()[k], b.values()[k]);
        return (desc ? byAgg.reversed() : byAgg).thenComparing(byKeys);
    }

    private static int compareKey(FieldDef f, Object a, Object b, String da, String db) {
        if (a == null || b == null) return a == null ? (b == null ? 0 : 1) : -1;
        if (f != null && f.type().equals("picklist")) {
            return Integer.compare(pickIndex(f, a), pickIndex(f, b));
        }
        if (da != null || db != null) return String.valueOf(da).compareToIgnoreCase(String.valueOf(db));
        return compareValues(a, b);
    }

    private static int pickIndex(FieldDef f, Object v) {
        for (int i = 0; i < f.values().size(); i++)
            if (f.values().get(i).value().equals(v)) return i;
        return Integer.MAX_VALUE;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareValues(Object a, Object b) {
        if (a == null || b == null) return a == null ? (b == null ? 0 : -1) : 1;
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) return x.compareTo(y);
        if (a instanceof Number x && b instanceof Number y) return Double.compare(x.doubleValue(), y.doubleValue());
        if (a instanceof Comparable x && a.getClass() == b.getClass()) return x.compareTo(b);
        return String.valueOf(a).compareTo(String.valueOf(b));
    }

    static Object json(Object v) {
        return switch (v) {
            case null -> null;
            case LocalDate d -> d.toString();
            case OffsetDateTime t -> t.toString();
            case UUID u -> u.toString();
            case BigDecimal b -> ReportRunner.number(b);
            case Number x -> x;
            case Boolean x -> x;
            case Map<?, ?> m -> new JsonObject(new HashMap<>((Map<String, Object>) m));
            case List<?> l -> new JsonArray(new ArrayList<>(l));
            default -> String.valueOf(v);
        };
    }
}
