package dev.atrium.record;

import dev.atrium.db.PgValues;
import dev.atrium.internal.ApiProblem;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.model.SystemFields;
import dev.atrium.metadata.query.CompiledQuery;
import dev.atrium.metadata.query.FilterException;
import dev.atrium.metadata.query.ListRequest;
import dev.atrium.metadata.query.QueryCompiler;
import dev.atrium.metadata.sql.Sql;
import dev.atrium.metadata.types.FieldTypeRegistry;
import dev.atrium.metadata.types.ReferenceTypes.ManyToManyType;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads records as one caller sees them: by id, as a list (filter, sort, keyset pages, count,
 * includes), and each record's JSON with its many-to-many links. Every query carries the caller's record
 * access, and the rows its lookups, formulas and roll-ups read carry it too. Awaits: virtual threads only.
 */
final class RecordReader {
    private final Pool pool;
    private final FieldTypeRegistry types;
    private final RecordCodec codec;
    private final QueryCompiler compiler;
    private final int maxPageSize;
    private final dev.atrium.audit.ViewLog views;
    private final RowWriters writers;

    RecordReader(
            Pool pool, FieldTypeRegistry types, RecordCodec codec, int maxPageSize, dev.atrium.audit.ViewLog views) {
        this.pool = pool;
        this.types = types;
        this.codec = codec;
        this.compiler = new QueryCompiler(types);
        this.maxPageSize = maxPageSize;
        this.views = views;
        this.writers = new RowWriters(types);
    }

    /**
     * The explicit column list of an entity (never {@code *}): prepared statements are cached per SQL
     * text, so listing columns makes a metadata change produce a new statement instead of a stale plan.
     * Formula and roll-up columns read only the rows the caller may read; their conditions' values are
     * appended to {@code params}.
     */
    String columns(RecordContext ctx, EntityDef e, List<Object> params) {
        StringBuilder sb = new StringBuilder();
        for (String s : SystemFields.ALL)
            sb.append(sb.length() == 0 ? "" : ", ").append("t.").append(Sql.ident(s));
        for (FieldDef f : e.fields()) {
            if (types.require(f.type()).formula()) {
                sb.append(", ")
                        .append(new dev.atrium.metadata.query.FormulaCompiler(
                                        types,
                                        n -> ctx.snapshot().entity(n).orElse(null),
                                        ctx.tenant().schema(),
                                        RecordAccess.rows(ctx),
                                        params)
                                .compile(e, f, "t")
                                .sql())
                        .append(" AS ")
                        .append(Sql.ident(f.name()));
            }
            for (var c : types.require(f.type()).columns(f)) sb.append(", t.").append(Sql.ident(c.name()));
        }
        return sb.toString();
    }

    public JsonObject get(RecordContext ctx, EntityDef e, UUID id) {
        JsonObject out = read(
                pool, ctx, e, RecordRows.map(readable(ctx, e, id).iterator().next()));
        viewed(ctx, e, id);
        return out;
    }

    /** A record as the API's JSON bytes and its version (for the ETag). */
    public record Written(Buffer json, int version) {}

    /**
     * {@link #get} written straight from the row, as lists are; a record with many-to-many links the caller
     * may see takes the object path (its links are more queries).
     */
    public Written getJson(RecordContext ctx, EntityDef e, UUID id) {
        List<FieldDef> fields = visibleFields(ctx, e);
        if (fields.stream().anyMatch(f -> types.require(f.type()).linkTable())) {
            JsonObject o = get(ctx, e, id);
            return new Written(o.toBuffer(), o.getInteger("version"));
        }
        RowSet<Row> rows = readable(ctx, e, id);
        Row row = rows.iterator().next();
        Buffer json = writers.of(e, fields, rows.columnsNames()).record(row);
        viewed(ctx, e, id);
        return new Written(json, row.getInteger("version"));
    }

    /** The live record's row if the caller may read it; 403 without read access, 404 if not there for them. */
    private RowSet<Row> readable(RecordContext ctx, EntityDef e, UUID id) {
        RecordAccess.require(ctx, e, "read");
        RowSet<Row> rows = visible(pool, ctx, e, id, false, false);
        if (rows.size() == 0) throw RecordAccess.notFound(e, id);
        return rows;
    }

    private void viewed(RecordContext ctx, EntityDef e, UUID id) {
        views.record(
                ctx.tenant().id(), ctx.principal().userId(), ctx.ip(), ctx.userAgent(), "view", e.name(), id, null);
    }

    /**
     * The stored record (also a deleted one) as the API shows it, without access checks or a view event; null if
     * absent.
     */
    public JsonObject load(SqlClient conn, RecordContext ctx, EntityDef e, UUID id) {
        List<Object> params = new ArrayList<>(List.of(id));
        RowSet<Row> rows = conn.preparedQuery("SELECT " + columns(ctx, e, params) + " FROM "
                        + Sql.table(ctx.tenant().schema(), e.name()) + " t WHERE t.\"id\" = $1")
                .execute(Tuple.wrap(params))
                .await();
        return rows.size() == 0
                ? null
                : read(conn, ctx, e, RecordRows.map(rows.iterator().next()));
    }

    /** The live record whose unique {@code key} field holds {@code value}, as the caller sees it, or null. */
    JsonObject currentByKey(SqlClient conn, RecordContext ctx, EntityDef e, FieldDef key, Object value) {
        if (value == null) return null;
        RowSet<Row> ids = conn.preparedQuery(
                        "SELECT t.\"id\" FROM " + Sql.table(ctx.tenant().schema(), e.name()) + " t WHERE t."
                                + Sql.ident(key.name()) + " = $1 AND t.\"deleted_at\" IS NULL")
                .execute(Tuple.of(value))
                .await();
        if (ids.size() == 0) return null;
        RowSet<Row> rows = visible(conn, ctx, e, ids.iterator().next().getUUID("id"), false, false);
        return rows.size() == 0
                ? null
                : read(conn, ctx, e, RecordRows.map(rows.iterator().next()));
    }

    /** The record if the caller may read it ({@code edit}: edit it); {@code deleted}: look in the recycle bin. */
    RowSet<Row> visible(SqlClient conn, RecordContext ctx, EntityDef e, UUID id, boolean edit, boolean deleted) {
        List<Object> params = new ArrayList<>(List.of(id));
        String sql = "SELECT " + columns(ctx, e, params) + " FROM "
                + Sql.table(ctx.tenant().schema(), e.name()) + " t WHERE t.\"id\" = $1 AND t.\"deleted_at\" IS "
                + (deleted ? "NOT NULL" : "NULL") + RecordAccess.scopeSql(ctx, e, "t", edit, params);
        return conn.preparedQuery(sql).execute(Tuple.wrap(params)).await();
    }

    public JsonObject list(RecordContext ctx, EntityDef e, ListRequest req, boolean count, List<String> include) {
        Page p = page(ctx, e, req);
        JsonArray data = new JsonArray();
        int n = 0;
        for (Row r : p.rows()) {
            if (n++ == p.limit()) break;
            data.add(codec.encode(e, p.query().fields(), RecordRows.map(r)));
        }
        JsonObject out = new JsonObject().put("data", data).put("nextCursor", p.nextCursor());
        if (count) out.put("total", total(p.query()));
        if (include != null && !include.isEmpty()) Includes.attach(this, pool, ctx, e, data, include, codec, types);
        return out;
    }

    /** The same page (without includes) as the API's JSON, written straight from the rows. */
    public Buffer listJson(RecordContext ctx, EntityDef e, ListRequest req, boolean count) {
        Page p = page(ctx, e, req);
        return writers.of(e, p.query().fields(), p.rows().columnsNames())
                .page(p.rows(), p.limit(), p.nextCursor(), count ? total(p.query()) : null);
    }

    /** A page's rows (one more than the limit, to know whether another page follows) and its next cursor. */
    private record Page(CompiledQuery query, RowSet<Row> rows, int limit, String nextCursor) {}

    private Page page(RecordContext ctx, EntityDef e, ListRequest req) {
        RecordAccess.require(ctx, e, "read");
        int limit = Math.max(1, Math.min(req.limit(), maxPageSize));
        ListRequest capped =
                new ListRequest(req.filter(), req.sort(), req.fields(), limit, req.cursor(), req.deleted());
        CompiledQuery q;
        try {
            q = compiler.compile(
                    ctx.tenant().schema(),
                    ctx.snapshot(),
                    e,
                    capped,
                    ctx.access().fields(),
                    ctx.access().scope(e, ctx.tenant().schema(), "t", false),
                    RecordAccess.rows(ctx),
                    LocalDate.now(ZoneOffset.UTC));
        } catch (FilterException fe) {
            throw RecordAccess.queryProblem(fe);
        }
        RowSet<Row> rows = pool.preparedQuery(q.sql())
                .execute(Tuple.wrap(new ArrayList<>(q.params())))
                .await();
        if (rows.size() <= limit) return new Page(q, rows, limit, null);
        Row last = null;
        int n = 0;
        for (Row r : rows) {
            if (n++ == limit) break;
            last = r;
        }
        List<Object> sortValues = new ArrayList<>();
        for (int i = 0; i < q.sortKeys().size(); i++) sortValues.add(PgValues.read(last.getValue("_s" + i)));
        sortValues.replaceAll(v -> v instanceof OffsetDateTime t ? t.withOffsetSameInstant(ZoneOffset.UTC) : v);
        return new Page(q, rows, limit, QueryCompiler.nextCursor(q, sortValues, last.getUUID("id")));
    }

    private long total(CompiledQuery q) {
        return pool.preparedQuery(q.countSql())
                .execute(Tuple.wrap(new ArrayList<>(q.countParams())))
                .await()
                .iterator()
                .next()
                .getLong(0);
    }

    /** The record as JSON, with its many-to-many links and its ETag version. */
    JsonObject read(SqlClient conn, RecordContext ctx, EntityDef e, Map<String, Object> row) {
        List<FieldDef> fields = visibleFields(ctx, e);
        JsonObject o = codec.encode(e, fields, row);
        links(conn, ctx, e, o);
        return o;
    }

    /** The entity's fields the caller may see, in definition order. */
    private static List<FieldDef> visibleFields(RecordContext ctx, EntityDef e) {
        return e.fields().stream()
                .filter(f -> ctx.access().fields().visible(e, f))
                .toList();
    }

    /** Puts the record's many-to-many links (with their link fields) the caller may see into {@code o}. */
    void links(SqlClient conn, RecordContext ctx, EntityDef e, JsonObject o) {
        List<FieldDef> fields = visibleFields(ctx, e);
        for (FieldDef f : fields) {
            if (!types.require(f.type()).linkTable()) continue;
            JsonArray links = new JsonArray();
            StringBuilder cols = new StringBuilder("\"target_id\"");
            for (FieldDef lf : f.linkFields())
                for (var c : types.require(lf.type()).columns(lf))
                    cols.append(", ").append(Sql.ident(c.name()));
            for (Row r : conn.preparedQuery("SELECT " + cols + " FROM "
                            + Sql.table(ctx.tenant().schema(), ManyToManyType.junctionTable(f))
                            + " WHERE \"source_id\" = $1 ORDER BY \"target_id\"")
                    .execute(Tuple.of(UUID.fromString(o.getString("id"))))
                    .await()) {
                if (f.linkFields().isEmpty()) {
                    links.add(r.getUUID("target_id").toString());
                } else {
                    JsonObject l =
                            new JsonObject().put("id", r.getUUID("target_id").toString());
                    Map<String, Object> lrow = RecordRows.map(r);
                    for (FieldDef lf : f.linkFields()) {
                        var t = types.require(lf.type());
                        List<Object> vals = new ArrayList<>();
                        for (var c : t.columns(lf)) vals.add(lrow.get(c.name()));
                        l.put(lf.name(), t.fromColumns(lf, vals));
                    }
                    links.add(l);
                }
            }
            o.put(f.name(), links);
        }
    }

    /** Why a write matched no row: not there (or not visible: 404), visible but not editable (403), or stale (409). */
    ApiProblem missingOrStale(SqlClient conn, RecordContext ctx, EntityDef e, UUID id, Long expected) {
        RowSet<Row> rows = visible(conn, ctx, e, id, false, false);
        if (rows.size() == 0) return RecordAccess.notFound(e, id);
        if (visible(conn, ctx, e, id, true, false).size() == 0) {
            return ApiProblem.forbidden("you can see this " + e.displayName() + " but not change it");
        }
        int current = rows.iterator().next().getInteger("version");
        return new ApiProblem(
                409,
                "version-conflict",
                "Changed by someone else",
                e.displayName() + " " + id + " was changed by someone else (you had version " + expected
                        + ", it is now " + current + "); reload it and apply your change again",
                null,
                new JsonObject().put("currentVersion", current));
    }
}
