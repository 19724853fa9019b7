package dev.atrium.metadata.query;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A report as metadata ({@code ui.reports} of its primary entity, see docs/analytics.md): rows of the
 * entity, optionally with aggregates of its related child records, filtered, grouped up to three levels
 * (dates by bucket), aggregated, sorted and cut to the top N; or, without groups, a table of columns.
 * Parsed from the plain JSON the metadata keeps; a malformed one fails with the pointer to the member.
 */
public record ReportDef(
        String name,
        Map<String, String> label,
        String filter,
        Related related,
        List<Param> parameters,
        List<Group> groupBy,
        List<Aggregate> aggregates,
        List<String> columns,
        boolean matrix,
        String sort,
        int limit,
        String dateField,
        Map<String, Object> chart) {

    public static final Set<String> BUCKETS =
            Set.of("day", "week", "month", "quarter", "year", "fiscal_quarter", "fiscal_year");
    public static final Set<String> OPS = Set.of("count", "count_distinct", "sum", "avg", "min", "max");
    public static final int MAX_GROUPS = 3;
    public static final int MAX_ROWS = 2000;

    /** Child records joined to each primary row: {@code as.field} in aggregates reads them. */
    public record Related(String entity, String field, String as, String filter) {}

    /** A value the reader supplies at run time, written {@code :name} in the filter. */
    public record Param(String name, String type, Object defaultValue, Map<String, String> label) {}

    /** A grouping: a field path, dates by bucket; a fiscal year starts in {@code fiscalStart} (1-12). */
    public record Group(String field, String bucket, int fiscalStart) {}

    /** An aggregate, named so sorts, charts and dashboards can refer to it. */
    public record Aggregate(String name, String op, String field, Map<String, String> label) {}

    public boolean grouped() {
        return !groupBy.isEmpty();
    }

    /** Parses {@code m}; {@code at} is the pointer of the report in its document (for errors). */
    public static ReportDef parse(Map<?, ?> m, String at) {
        String name = text(m, "name", at, true);
        Related related = null;
        if (m.get("related") instanceof Map<?, ?> r) {
            related = new Related(
                    text(r, "entity", at + "/related", true),
                    text(r, "field", at + "/related", true),
                    text(r, "as", at + "/related", true),
                    text(r, "filter", at + "/related", false));
        }
        List<Param> params = new ArrayList<>();
        for (Map<?, ?> p : maps(m.get("parameters"))) {
            String type = p.get("type") == null ? "text" : String.valueOf(p.get("type"));
            if (!Set.of("date", "number", "text").contains(type)) {
                throw new FilterException(at + "/parameters", -1, "a parameter's type is date, number or text");
            }
            params.add(new Param(text(p, "name", at + "/parameters", true), type, p.get("default"), labels(p)));
        }
        List<Group> groups = new ArrayList<>();
        List<Map<?, ?>> gs = maps(m.get("groupBy"));
        if (gs.size() > MAX_GROUPS) throw new FilterException(at + "/groupBy", -1, "at most 3 groupings");
        for (int i = 0; i < gs.size(); i++) {
            Map<?, ?> g = gs.get(i);
            String bucket = text(g, "bucket", at + "/groupBy/" + i, false);
            if (bucket != null && !BUCKETS.contains(bucket)) {
                throw new FilterException(
                        at + "/groupBy/" + i + "/bucket", -1, "a bucket is one of " + String.join(", ", BUCKETS));
            }
            int start = g.get("fiscalStart") instanceof Number n ? n.intValue() : 1;
            if (start < 1 || start > 12) {
                throw new FilterException(at + "/groupBy/" + i + "/fiscalStart", -1, "a month, 1 to 12");
            }
            groups.add(new Group(text(g, "field", at + "/groupBy/" + i, true), bucket, start));
        }
        List<Aggregate> aggs = new ArrayList<>();
        List<Map<?, ?>> as = maps(m.get("aggregates"));
        for (int i = 0; i < as.size(); i++) {
            Map<?, ?> a = as.get(i);
            String where = at + "/aggregates/" + i;
            String op = text(a, "op", where, true);
            if (!OPS.contains(op)) throw new FilterException(where + "/op", -1, "an aggregate is one of " + OPS);
            String field = text(a, "field", where, false);
            if (field == null && !op.equals("count")) {
                throw new FilterException(where + "/field", -1, op + " needs a field");
            }
            String aname = text(a, "name", where, false);
            if (aname == null) aname = field == null ? op : op + "_" + field.replace('.', '_');
            aggs.add(new Aggregate(aname, op, field, labels(a)));
        }
        if (!groups.isEmpty() && aggs.isEmpty()) aggs.add(new Aggregate("count", "count", null, Map.of()));
        List<String> columns = new ArrayList<>();
        if (m.get("columns") instanceof List<?> cs) for (Object c : cs) columns.add(String.valueOf(c));
        if (groups.isEmpty() && columns.isEmpty() && aggs.isEmpty()) {
            throw new FilterException(at, -1, "a report needs groupBy with aggregates, aggregates, or columns");
        }
        boolean matrix = "matrix".equals(m.get("type"));
        if (matrix && groups.size() != 2) {
            throw new FilterException(at + "/groupBy", -1, "a matrix report has two groupings: rows and columns");
        }
        int limit = m.get("limit") instanceof Number n ? n.intValue() : 0;
        if (limit < 0 || limit > MAX_ROWS) throw new FilterException(at + "/limit", -1, "a limit from 1 to 2000");
        Map<String, Object> chart = new LinkedHashMap<>();
        if (m.get("chart") instanceof Map<?, ?> c) c.forEach((k, v) -> chart.put(String.valueOf(k), v));
        return new ReportDef(
                name,
                labels(m),
                text(m, "filter", at, false),
                related,
                params,
                groups,
                aggs,
                columns,
                matrix,
                text(m, "sort", at, false),
                limit,
                text(m, "dateField", at, false),
                chart);
    }

    private static String text(Map<?, ?> m, String key, String at, boolean required) {
        Object v = m.get(key);
        if (v == null || (v instanceof String s && s.isBlank())) {
            if (required) throw new FilterException(at + "/" + key, -1, "\"" + key + "\" is required");
            return null;
        }
        if (!(v instanceof String s)) throw new FilterException(at + "/" + key, -1, "\"" + key + "\" is text");
        return s;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> labels(Map<?, ?> m) {
        Map<String, String> out = new LinkedHashMap<>();
        if (m.get("label") instanceof Map<?, ?> l) l.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        return out;
    }

    private static List<Map<?, ?>> maps(Object v) {
        List<Map<?, ?>> out = new ArrayList<>();
        if (v instanceof List<?> l) for (Object o : l) if (o instanceof Map<?, ?> m) out.add(m);
        return out;
    }
}
