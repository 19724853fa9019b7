package dev.atrium.metadata.query;

import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.model.MetadataSnapshot;
import dev.atrium.metadata.model.SystemFields;
import dev.atrium.metadata.sql.Sql;
import dev.atrium.metadata.types.Column;
import dev.atrium.metadata.types.ColumnKind;
import dev.atrium.metadata.types.FieldType;
import dev.atrium.metadata.types.FieldTypeRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves field paths ({@code amount}, {@code account.name}, {@code account.owner_id}) against metadata
 * and collects the LEFT JOINs that lookup paths need. Unknown or invisible fields fail the same way.
 */
final class PathResolver {
    private static final Map<String, ColumnKind> SYSTEM_KINDS = Map.of(
            SystemFields.ID,
            ColumnKind.UUID,
            SystemFields.OWNER,
            ColumnKind.UUID,
            SystemFields.CREATED_AT,
            ColumnKind.DATETIME,
            SystemFields.CREATED_BY,
            ColumnKind.UUID,
            SystemFields.UPDATED_AT,
            ColumnKind.DATETIME,
            SystemFields.UPDATED_BY,
            ColumnKind.UUID,
            SystemFields.VERSION,
            ColumnKind.LONG);

    private final String schema;
    private final EntityDef root;
    private final MetadataSnapshot snapshot;
    private final FieldTypeRegistry types;
    private final FieldVisibility visibility;
    private final String rootAlias;
    private final boolean lookups;
    private final RowScope rows;
    private final List<Object> params;
    private final Map<String, String> joins = new LinkedHashMap<>();
    private final StringBuilder joinSql = new StringBuilder();

    PathResolver(
            String schema,
            EntityDef root,
            MetadataSnapshot snapshot,
            FieldTypeRegistry types,
            FieldVisibility visibility,
            RowScope rows,
            List<Object> params) {
        this(schema, root, snapshot, types, visibility, "t", true, rows, params);
    }

    /** @param lookups whether paths may follow lookups (they need joins, which only a full query has) */
    PathResolver(
            String schema,
            EntityDef root,
            MetadataSnapshot snapshot,
            FieldTypeRegistry types,
            FieldVisibility visibility,
            String rootAlias,
            boolean lookups,
            RowScope rows,
            List<Object> params) {
        this.rows = rows;
        this.params = params;
        this.schema = schema;
        this.root = root;
        this.snapshot = snapshot;
        this.types = types;
        this.visibility = visibility;
        this.rootAlias = rootAlias;
        this.lookups = lookups;
    }

    String joinSql() {
        return joinSql.toString();
    }

    Resolved resolve(String path, String parameter, int position, boolean allowLookups) {
        String[] parts = path.split("\\.");
        if (parts.length > 1 && !(allowLookups && lookups)) {
            throw new FilterException(
                    parameter,
                    position,
                    "\"" + path + "\": only fields of " + root.name() + " itself can be used here");
        }
        EntityDef entity = root;
        String alias = rootAlias;
        String prefix = "";
        for (int i = 0; i < parts.length - 1; i++) {
            FieldDef f = field(entity, parts[i], path, parameter, position);
            if (!f.type().equals("lookup") && !f.type().equals("master_detail")) {
                throw new FilterException(
                        parameter,
                        position,
                        "\"" + parts[i] + "\" is not a lookup, so \"" + path + "\" cannot follow it");
            }
            EntityDef target = snapshot.entity(f.target()).orElseThrow();
            prefix = prefix.isEmpty() ? parts[i] : prefix + "." + parts[i];
            String parentAlias = alias;
            alias = joins.computeIfAbsent(prefix, k -> {
                String a = "j" + (joins.size() + 1);
                joinSql.append(" LEFT JOIN ")
                        .append(Sql.table(schema, target.name()))
                        .append(' ')
                        .append(a)
                        .append(" ON ")
                        .append(a)
                        .append(".\"id\" = ")
                        .append(parentAlias)
                        .append('.')
                        .append(Sql.ident(f.name()))
                        .append(" AND ")
                        .append(a)
                        .append(".\"deleted_at\" IS NULL");
                // a record the reader may not read joins as absent: its fields are null to filters and sorts
                String readable = rows.condition(target, a, params);
                if (readable != null) joinSql.append(" AND (").append(readable).append(')');
                return a;
            });
            entity = target;
        }
        String last = parts[parts.length - 1];
        ColumnKind system = SYSTEM_KINDS.get(last);
        if (system != null) return new Resolved(alias + "." + Sql.ident(last), system, null, path);
        FieldDef f = field(entity, last, path, parameter, position);
        FieldType type = types.require(f.type());
        if (type.formula()) {
            String sql = new FormulaCompiler(types, n -> snapshot.entity(n).orElse(null), schema, rows, params)
                    .compile(entity, f, alias)
                    .sql();
            return new Resolved(sql, FormulaCompiler.kind(f), f, path);
        }
        List<Column> cols = type.columns(f);
        if (cols.isEmpty()) {
            throw new FilterException(
                    parameter,
                    position,
                    "\"" + path + "\" is a many-to-many field; filter on the related entity instead");
        }
        return new Resolved(
                alias + "." + Sql.ident(cols.get(0).name()), cols.get(0).kind(), f, path);
    }

    private FieldDef field(EntityDef entity, String name, String path, String parameter, int position) {
        FieldDef f = entity.field(name).orElse(null);
        if (f == null || !visibility.visible(entity, f)) {
            throw new FilterException(parameter, position, "\"" + path + "\" is not a field of " + entity.name());
        }
        return f;
    }
}
