package dev.atrium.metadata.query;

import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.model.MetadataSnapshot;
import dev.atrium.metadata.model.SystemFields;
import dev.atrium.metadata.query.CompiledQuery.SortKey;
import dev.atrium.metadata.sql.Sql;
import dev.atrium.metadata.types.ColumnKind;
import dev.atrium.metadata.types.FieldTypeRegistry;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Compiles a {@link ListRequest} into parameterized SQL: the filter becomes a checked WHERE clause,
 * the sort an ORDER BY with a keyset predicate for the cursor, the projection the SELECT list.
 * Identifiers only ever come from metadata and are quoted; every value is a bind parameter.
 * Pure: the same inputs give the same SQL. Thread-safe (create one per request or share).
 */
public final class QueryCompiler {
    private final FieldTypeRegistry types;

    public QueryCompiler(FieldTypeRegistry types) {
        this.types = types;
    }

    /** A query that reads other entities' rows without restriction (the platform's own work). */
    public CompiledQuery compile(
            String schema,
            MetadataSnapshot snapshot,
            EntityDef entity,
            ListRequest req,
            FieldVisibility visibility,
            Scope scope,
            LocalDate today) {
        return compile(schema, snapshot, entity, req, visibility, scope, RowScope.ALL, today);
    }

    /**
     * @param schema tenant schema
     * @param scope an extra SQL condition on alias {@code t} with its own parameters (record access), or null
     * @param rows the rows of other entities the reader may read (lookup joins, formulas, roll-ups)
     * @param today the date relative filters count from
     */
    public CompiledQuery compile(
            String schema,
            MetadataSnapshot snapshot,
            EntityDef entity,
            ListRequest req,
            FieldVisibility visibility,
            Scope scope,
            RowScope rows,
            LocalDate today) {
        List<Object> params = new ArrayList<>();
        PathResolver paths = new PathResolver(schema, entity, snapshot, types, visibility, rows, params);
        List<String> where = new ArrayList<>();
        where.add(req.deleted() ? "t.\"deleted_at\" IS NOT NULL" : "t.\"deleted_at\" IS NULL");
        if (scope != null) where.add(scope.render(params));
        if (req.filter() != null && !req.filter().isBlank()) {
            Filter f = FilterParser.parse(req.filter());
            where.add(new ConditionWriter(paths, new Literals(today), params).write(f));
        }
        List<FieldDef> fields = projection(entity, req.fields(), visibility);
        List<SortKey> sort = sort(entity, req.sort(), paths, req.deleted());
        String signature = signature(sort);
        String from = " FROM " + Sql.table(schema, entity.name()) + " t" + paths.joinSql();

        List<Object> countParams = List.copyOf(params);
        String countSql = "SELECT count(*)" + from + " WHERE " + String.join(" AND ", where);

        if (req.cursor() != null && !req.cursor().isBlank()) {
            List<Object> values = Cursors.decode(req.cursor(), signature, sort);
            where.add(Keyset.predicate(sort, values, params));
        }
        StringBuilder select = new StringBuilder("SELECT ");
        List<String> cols = new ArrayList<>();
        for (String s : SystemFields.ALL) cols.add("t." + Sql.ident(s));
        for (FieldDef f : fields) {
            if (types.require(f.type()).formula()) {
                cols.add(new FormulaCompiler(types, n -> snapshot.entity(n).orElse(null), schema, rows, params)
                                .compile(entity, f, "t")
                                .sql()
                        + " AS " + Sql.ident(f.name()));
            }
            for (var c : types.require(f.type()).columns(f)) cols.add("t." + Sql.ident(c.name()));
        }
        for (int i = 0; i < sort.size(); i++) cols.add(sort.get(i).column() + " AS \"_s" + i + "\"");
        select.append(String.join(", ", cols));
        StringBuilder order = new StringBuilder(" ORDER BY ");
        for (SortKey k : sort) {
            order.append(k.column()).append(k.descending() ? " DESC, " : " ASC, ");
        }
        order.append("t.\"id\" ASC");
        params.add((long) req.limit() + 1);
        String sql = select + from + " WHERE " + String.join(" AND ", where) + order + " LIMIT $" + params.size();
        return new CompiledQuery(sql, params, countSql, countParams, fields, sort, signature, req.limit());
    }

    /**
     * A filter on one entity's own fields as a SQL condition on {@code alias}, its values appended to
     * {@code params}. For conditions embedded in other queries (sharing rules); lookup paths are refused.
     */
    public String condition(
            String schema,
            MetadataSnapshot snapshot,
            EntityDef entity,
            String filter,
            String alias,
            List<Object> params,
            LocalDate today) {
        PathResolver paths = new PathResolver(
                schema, entity, snapshot, types, FieldVisibility.ALL, alias, false, RowScope.ALL, params);
        return new ConditionWriter(paths, new Literals(today), params).write(FilterParser.parse(filter));
    }

    /**
     * A filter from validated metadata as a SQL condition with its values written as literals, for
     * expressions that cannot carry parameters (roll-ups inside formulas and select lists).
     */
    public String inlineCondition(
            String schema, MetadataSnapshot snapshot, EntityDef entity, String filter, String alias, LocalDate today) {
        PathResolver paths = new PathResolver(
                schema, entity, snapshot, types, FieldVisibility.ALL, alias, false, RowScope.ALL, new ArrayList<>());
        return new ConditionWriter(paths, new Literals(today), new ArrayList<>(), true)
                .write(FilterParser.parse(filter));
    }

    /** The next page's cursor from the last row's sort values and id. */
    public static String nextCursor(CompiledQuery q, List<Object> sortValues, Object id) {
        return Cursors.encode(q.sortSignature(), sortValues, id);
    }

    private List<FieldDef> projection(EntityDef entity, List<String> names, FieldVisibility visibility) {
        if (names == null || names.isEmpty()) {
            return entity.fields().stream()
                    .filter(f -> !types.require(f.type()).linkTable() && visibility.visible(entity, f))
                    .toList();
        }
        Set<FieldDef> out = new LinkedHashSet<>();
        for (String n : names) {
            if (SystemFields.NAMES.contains(n)) continue;
            FieldDef f = entity.field(n).orElse(null);
            if (f == null || !visibility.visible(entity, f)) {
                throw new FilterException("fields", -1, "\"" + n + "\" is not a field of " + entity.name());
            }
            if (!types.require(f.type()).linkTable()) out.add(f);
        }
        return List.copyOf(out);
    }

    private List<SortKey> sort(EntityDef entity, String sort, PathResolver paths, boolean deleted) {
        List<SortKey> keys = new ArrayList<>();
        if (sort == null || sort.isBlank()) {
            keys.add(new SortKey(deleted ? "t.\"deleted_at\"" : "t.\"created_at\"", ColumnKind.DATETIME, true));
            return keys;
        }
        String[] parts = sort.split(",");
        if (parts.length > 3) throw new FilterException("sort", -1, "sort by at most 3 fields");
        for (String raw : parts) {
            String p = raw.trim();
            boolean desc = false;
            if (p.startsWith("-")) {
                desc = true;
                p = p.substring(1);
            } else if (p.endsWith(":desc")) {
                desc = true;
                p = p.substring(0, p.length() - 5);
            } else if (p.endsWith(":asc")) {
                p = p.substring(0, p.length() - 4);
            }
            if (!p.matches("^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*){0,3}$"))
                throw new FilterException("sort", -1, "\"" + raw.trim() + "\" is not a field name");
            Resolved r = paths.resolve(p, "sort", -1, true);
            if (r.kind() == ColumnKind.JSON || r.kind() == ColumnKind.TEXT_ARRAY) {
                throw new FilterException("sort", -1, "\"" + p + "\" cannot be sorted on");
            }
            keys.add(new SortKey(r.sql(), r.kind(), desc));
        }
        return keys;
    }

    private static String signature(List<SortKey> sort) {
        StringBuilder sb = new StringBuilder();
        for (SortKey k : sort) sb.append(k.column()).append(k.descending() ? "-" : "+");
        return Integer.toHexString(sb.toString().hashCode());
    }

    /** An extra condition contributed by the caller (e.g. record access), rendered with its parameters. */
    @FunctionalInterface
    public interface Scope {
        /** Appends its values to {@code params} and returns SQL referring to them as {@code $n}. */
        String render(List<Object> params);
    }
}
