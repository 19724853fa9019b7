package dev.atrium.metadata.query;

import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.model.MetadataSnapshot;
import dev.atrium.metadata.query.QueryCompiler.Scope;
import dev.atrium.metadata.query.ReportDef.Aggregate;
import dev.atrium.metadata.query.ReportDef.Group;
import dev.atrium.metadata.sql.Sql;
import dev.atrium.metadata.types.ColumnKind;
import dev.atrium.metadata.types.FieldTypeRegistry;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Compiles a {@link ReportDef} into one parameterized query, through the same path resolver, filter
 * compiler and access conditions as the records API: the reader's record access on the report's rows and
 * on every row a lookup path or a related aggregate reads, the reader's field grants on every path (a
 * field they may not read is refused like one that does not exist).
 *
 * <p>Grouped reports select per-row expressions in an inner query (date buckets in the reader's time
 * zone, values) and aggregate them in an outer one with {@code GROUPING SETS}: each level's subtotals,
 * for a matrix the column totals too, and the grand total, in one pass. Aggregates of related child rows
 * are computed per primary row in a {@code LATERAL} subquery first, so a primary row's own values are
 * never counted once per child.
 */
public final class ReportCompiler {
    private static final Set<ColumnKind> NUMERIC = Set.of(ColumnKind.LONG, ColumnKind.DECIMAL);
    public static final int MAX_RESULT_ROWS = 50_000;

    private final FieldTypeRegistry types;

    public ReportCompiler(FieldTypeRegistry types) {
        this.types = types;
    }

    /** A grouping as compiled: the field (null for a system column) and its column kind. */
    public record Dim(String key, Group group, FieldDef field, ColumnKind kind) {}

    /** An aggregate as compiled; {@code kind} is the type of the value it aggregates (null for count). */
    public record Agg(Aggregate def, FieldDef field, ColumnKind kind, boolean related) {}

    /** A column of a tabular report. */
    public record Col(String path, FieldDef field, ColumnKind kind) {}

    public record Compiled(String sql, List<Object> params, List<Dim> dims, List<Agg> aggs, List<Col> columns) {}

    /**
     * @param values run-time parameter values by name (text as typed; checked against the parameter's type)
     * @param extra a further filter (dashboard filters), already in the filter language, or null
     * @param scope the reader's record access as a condition on an alias, per entity; null: all rows
     */
    public Compiled compile(
            String schema,
            MetadataSnapshot snapshot,
            EntityDef entity,
            ReportDef report,
            Map<String, String> values,
            String extra,
            FieldVisibility visibility,
            BiFunction<EntityDef, String, Scope> scope,
            RowScope rows,
            ZoneId zone,
            LocalDate today) {
        return compile(schema, snapshot, entity, report, values, extra, visibility, scope, rows, zone, today, null);
    }

    /** The same, with currency amounts in aggregates converted as {@code money} says (null: as stored). */
    public Compiled compile(
            String schema,
            MetadataSnapshot snapshot,
            EntityDef entity,
            ReportDef report,
            Map<String, String> values,
            String extra,
            FieldVisibility visibility,
            BiFunction<EntityDef, String, Scope> scope,
            RowScope rows,
            ZoneId zone,
            LocalDate today,
            Money money) {
        List<Object> params = new ArrayList<>();
        int[] fx = {-1, -1, -1};
        PathResolver paths = new PathResolver(schema, entity, snapshot, types, visibility, rows, params);
        List<String> where = new ArrayList<>(List.of("t.\"deleted_at\" IS NULL"));
        Scope own = scope == null ? null : scope.apply(entity, "t");
        if (own != null) where.add(own.render(params));
        String filter = ReportParameters.substitute(report.filter(), report, values);
        String related = report.related() == null ? null : report.related().as();
        for (String f : new String[] {filter, extra}) {
            if (f == null || f.isBlank()) continue;
            if (related != null && f.contains(related + ".")) {
                throw new FilterException(
                        "filter", -1, "filter related records in related.filter, not in the report's filter");
            }
            try {
                where.add(new ConditionWriter(paths, new Literals(today), params).write(FilterParser.parse(f)));
            } catch (FilterException e) {
                throw new FilterException("filter", e.position(), e.getMessage());
            }
        }
        List<String> inner = new ArrayList<>();
        List<Dim> dims = new ArrayList<>();
        int tz = -1;
        for (int i = 0; i < report.groupBy().size(); i++) {
            Group g = report.groupBy().get(i);
            if (related != null && g.field().startsWith(related + ".")) {
                throw new FilterException(
                        "groupBy/" + i, -1, "group by fields of " + entity.name() + " or its lookups");
            }
            Resolved r = resolve(paths, g.field(), "groupBy/" + i + "/field");
            String expr = r.sql();
            if (g.bucket() != null) {
                if (r.kind() != ColumnKind.DATE && r.kind() != ColumnKind.DATETIME) {
                    throw new FilterException(
                            "groupBy/" + i + "/bucket", -1, "\"" + g.field() + "\" is not a date: no bucket");
                }
                if (r.kind() == ColumnKind.DATETIME) {
                    if (tz < 0) {
                        params.add(zone.getId());
                        tz = params.size();
                    }
                    expr = "(" + expr + " AT TIME ZONE $" + tz + ")";
                }
                expr = bucket(expr, g);
            }
            inner.add(expr + " AS \"g" + i + "\"");
            dims.add(new Dim("g" + i, g, r.field(), g.bucket() != null ? ColumnKind.DATE : r.kind()));
        }
        List<Agg> aggs = new ArrayList<>();
        List<String> outer = new ArrayList<>();
        List<String> lateral = new ArrayList<>();
        PathResolver child = report.related() == null
                ? null
                : childPaths(schema, snapshot, entity, report, visibility, rows, params);
        for (int i = 0; i < report.aggregates().size(); i++) {
            Aggregate a = report.aggregates().get(i);
            String at = "aggregates/" + i + "/field";
            boolean rel = related != null && a.field() != null && a.field().startsWith(related + ".");
            boolean relCount = related != null && a.field() != null && a.field().equals(related);
            if (rel || relCount) {
                Resolved r = relCount ? null : resolve(child, a.field().substring(related.length() + 1), at);
                checkOp(a, r == null ? null : r.kind(), at);
                if (a.op().equals("count_distinct")) {
                    throw new FilterException(at, -1, "count distinct is not available on related records");
                }
                String x = r == null ? "*" : r.sql();
                String c = "\"rc" + i + "\"";
                String s = "\"rs" + i + "\"";
                switch (a.op()) {
                    case "count" -> {
                        lateral.add("count(" + x + ") AS " + c);
                        outer.add("coalesce(sum(s." + c + "), 0)");
                    }
                    case "sum" -> {
                        lateral.add("sum(" + x + ") AS " + s);
                        outer.add("sum(s." + s + ")");
                    }
                    case "avg" -> {
                        lateral.add("sum(" + x + ") AS " + s);
                        lateral.add("count(" + x + ") AS " + c);
                        outer.add("sum(s." + s + ") / nullif(sum(s." + c + "), 0)");
                    }
                    default -> {
                        lateral.add(a.op() + "(" + x + ") AS " + s);
                        outer.add(a.op() + "(s." + s + ")");
                    }
                }
                aggs.add(new Agg(a, r == null ? null : r.field(), r == null ? null : r.kind(), true));
                continue;
            }
            if (a.field() == null) {
                // the lateral join gives each primary row exactly one row: count(*) counts primary rows
                outer.add("count(*)");
                aggs.add(new Agg(a, null, null, false));
                continue;
            }
            Resolved r = resolve(paths, a.field(), at);
            checkOp(a, r.kind(), at);
            String value =
                    money != null && r.field() != null && r.field().type().equals("currency")
                            ? converted(r, money, params, fx)
                            : r.sql();
            inner.add(value + " AS \"v" + i + "\"");
            String v = "s.\"v" + i + "\"";
            outer.add(
                    switch (a.op()) {
                        case "count_distinct" -> "count(DISTINCT " + v + ")";
                        default -> a.op() + "(" + v + ")";
                    });
            aggs.add(new Agg(a, r.field(), r.kind(), false));
        }
        List<Col> cols = new ArrayList<>();
        for (int i = 0; i < report.columns().size(); i++) {
            Resolved r = resolve(paths, report.columns().get(i), "columns/" + i);
            inner.add(r.sql() + " AS \"c" + i + "\"");
            cols.add(new Col(report.columns().get(i), r.field(), r.kind()));
        }
        inner.add("t.\"id\" AS \"_id\"");
        if (!lateral.isEmpty()) inner.add("s2.*");
        String from = " FROM " + Sql.table(schema, entity.name()) + " t" + paths.joinSql();
        if (!lateral.isEmpty()) {
            from += lateralJoin(schema, snapshot, report, child, lateral, scope, params, today);
        }
        String base = "SELECT " + String.join(", ", inner) + from + " WHERE " + String.join(" AND ", where);
        if (!report.grouped() && report.aggregates().isEmpty()) {
            return new Compiled(tabular(base, report, cols, params), params, dims, aggs, cols);
        }
        List<String> select = new ArrayList<>();
        for (Dim d : dims) select.add("s.\"" + d.key() + "\"");
        if (!dims.isEmpty()) {
            select.add("GROUPING("
                    + String.join(
                            ", ",
                            dims.stream().map(d -> "s.\"" + d.key() + "\"").toList()) + ") AS \"_set\"");
        }
        for (int i = 0; i < outer.size(); i++) select.add(outer.get(i) + " AS \"a" + i + "\"");
        String sql = "SELECT " + String.join(", ", select) + " FROM (" + base + ") s";
        if (!dims.isEmpty()) sql += " GROUP BY GROUPING SETS (" + sets(dims.size(), report.matrix()) + ")";
        sql += " LIMIT " + (MAX_RESULT_ROWS + 1);
        return new Compiled(sql, params, dims, aggs, cols);
    }

    /**
     * An amount in the corporate currency: itself when it is in it, else divided by the rate in effect
     * for its currency (null when there is none, so it is left out rather than added at a wrong value).
     */
    private String converted(Resolved r, Money money, List<Object> params, int[] fx) {
        if (fx[0] < 0) {
            params.add(money.corporate());
            fx[0] = params.size();
            params.add(money.tenant());
            fx[1] = params.size();
            params.add(money.asOf());
            fx[2] = params.size();
        }
        String alias = r.sql().substring(0, r.sql().lastIndexOf('.'));
        String currency = alias + "."
                + Sql.ident(types.require("currency").columns(r.field()).get(1).name());
        return "CASE WHEN " + currency + " = $" + fx[0] + " THEN " + r.sql() + " ELSE " + r.sql()
                + " / (SELECT x.\"rate\" FROM \"atrium\".\"exchange_rates\" x WHERE x.\"tenant_id\" = $" + fx[1]
                + " AND x.\"code\" = " + currency + " AND x.\"valid_from\" <= $" + fx[2]
                + " ORDER BY x.\"valid_from\" DESC LIMIT 1) END";
    }

    private PathResolver childPaths(
            String schema,
            MetadataSnapshot snapshot,
            EntityDef entity,
            ReportDef report,
            FieldVisibility visibility,
            RowScope rows,
            List<Object> params) {
        ReportDef.Related r = report.related();
        EntityDef child = snapshot.entity(r.entity())
                .orElseThrow(
                        () -> new FilterException("related/entity", -1, "\"" + r.entity() + "\" is not an entity"));
        FieldDef link = child.field(r.field()).orElse(null);
        if (link == null
                || !visibility.visible(child, link)
                || !entity.name().equals(link.target())
                || !(link.type().equals("lookup") || link.type().equals("master_detail"))) {
            throw new FilterException(
                    "related/field",
                    -1,
                    "\"" + r.field() + "\" is not a link from " + r.entity() + " to " + entity.name());
        }
        if (entity.field(r.as()).isPresent()) {
            throw new FilterException("related/as", -1, "\"" + r.as() + "\" is already a field of " + entity.name());
        }
        return new PathResolver(schema, child, snapshot, types, visibility, "c", true, rows, params);
    }

    private String lateralJoin(
            String schema,
            MetadataSnapshot snapshot,
            ReportDef report,
            PathResolver child,
            List<String> lateral,
            BiFunction<EntityDef, String, Scope> scope,
            List<Object> params,
            LocalDate today) {
        ReportDef.Related r = report.related();
        EntityDef childEntity = snapshot.entity(r.entity()).orElseThrow();
        List<String> cw = new ArrayList<>();
        cw.add("c." + Sql.ident(r.field()) + " = t.\"id\"");
        cw.add("c.\"deleted_at\" IS NULL");
        Scope cs = scope == null ? null : scope.apply(childEntity, "c");
        if (cs != null) cw.add(cs.render(params));
        if (r.filter() != null && !r.filter().isBlank()) {
            try {
                cw.add(new ConditionWriter(child, new Literals(today), params).write(FilterParser.parse(r.filter())));
            } catch (FilterException e) {
                throw new FilterException("related/filter", e.position(), e.getMessage());
            }
        }
        return " LEFT JOIN LATERAL (SELECT " + String.join(", ", lateral) + " FROM "
                + Sql.table(schema, childEntity.name()) + " c" + child.joinSql() + " WHERE "
                + String.join(" AND ", cw) + ") s2 ON true";
    }

    private static String tabular(String base, ReportDef report, List<Col> cols, List<Object> params) {
        String order = " ORDER BY \"_id\"";
        if (report.sort() != null && !report.sort().isBlank()) {
            boolean desc = report.sort().startsWith("-");
            String path = desc ? report.sort().substring(1) : report.sort();
            int i = report.columns().indexOf(path);
            if (i < 0) throw new FilterException("sort", -1, "\"" + path + "\" is not a column of the report");
            order = " ORDER BY \"c" + i + "\"" + (desc ? " DESC NULLS LAST" : " ASC NULLS LAST") + ", \"_id\"";
        }
        params.add((long) (report.limit() > 0 ? report.limit() : 500) + 1);
        return "SELECT * FROM (" + base + ") s" + order + " LIMIT $" + params.size();
    }

    /** The grouping sets: each level's prefix (rows), for a matrix also the column dimension alone. */
    static String sets(int n, boolean matrix) {
        List<String> out = new ArrayList<>();
        for (int k = n; k >= 0; k--) {
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < k; i++) keys.add("s.\"g" + i + "\"");
            out.add("(" + String.join(", ", keys) + ")");
        }
        if (matrix) out.add(out.size() - 1, "(s.\"g1\")");
        return String.join(", ", out);
    }

    /** A date bucket as the date it starts on. Fiscal periods shift by whole months from metadata. */
    private static String bucket(String expr, Group g) {
        int shift = g.fiscalStart() - 1;
        return switch (g.bucket()) {
            case "day" -> "(" + expr + ")::date";
            case "fiscal_year", "fiscal_quarter" -> {
                String unit = g.bucket().equals("fiscal_year") ? "year" : "quarter";
                yield "(date_trunc('" + unit + "', " + expr + " - make_interval(months => " + shift
                        + ")) + make_interval(months => " + shift + "))::date";
            }
            default -> "date_trunc('" + g.bucket() + "', " + expr + ")::date";
        };
    }

    private static void checkOp(Aggregate a, ColumnKind kind, String at) {
        boolean numeric = kind != null && NUMERIC.contains(kind);
        if ((a.op().equals("sum") || a.op().equals("avg")) && !numeric) {
            throw new FilterException(at, -1, a.op() + " needs a number, currency or percent field");
        }
        if ((a.op().equals("min") || a.op().equals("max")) && kind == null) {
            throw new FilterException(at, -1, a.op() + " needs a field");
        }
    }

    private static Resolved resolve(PathResolver paths, String path, String at) {
        try {
            return paths.resolve(path, at, -1, true);
        } catch (FilterException e) {
            throw new FilterException(at, -1, e.getMessage());
        }
    }

    /** The report's filter with the run's parameter values written in (for drill-down links). */
    public static String substituteFilter(ReportDef report, Map<String, String> values) {
        return ReportParameters.substitute(report.filter(), report, values);
    }
}
