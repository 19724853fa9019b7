package dev.atrium.record;

import dev.atrium.access.Access;
import dev.atrium.db.PgValues;
import dev.atrium.db.Tx;
import dev.atrium.internal.ApiProblem;
import dev.atrium.internal.Ids;
import dev.atrium.metadata.ddl.Sql;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.model.SystemFields;
import dev.atrium.metadata.query.CompiledQuery;
import dev.atrium.metadata.query.FilterException;
import dev.atrium.metadata.query.ListRequest;
import dev.atrium.metadata.query.QueryCompiler;
import dev.atrium.metadata.types.FieldTypeRegistry;
import dev.atrium.metadata.types.Link;
import dev.atrium.metadata.types.ReferenceTypes.ManyToManyType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Records of any entity: create, read, list, update (optimistic lock on {@code version}), soft delete
 * to the recycle bin with master-detail children, restore, purge. Every write is atomic: one statement
 * when it touches one row, otherwise one transaction.
 * Methods await: call them from a virtual thread.
 */
public final class RecordService {
    private final Pool pool;
    private final FieldTypeRegistry types;
    private final RecordCodec codec;
    private final QueryCompiler compiler;
    private final int maxPageSize;
    private final dev.atrium.audit.ViewLog views;
    private final dev.atrium.rules.RuleRunner rules;

    public RecordService(
            Pool pool,
            FieldTypeRegistry types,
            int maxPageSize,
            dev.atrium.audit.ViewLog views,
            dev.atrium.rules.RuleRunner rules) {
        this.views = views;
        this.rules = rules;
        this.pool = pool;
        this.types = types;
        this.codec = new RecordCodec(types);
        this.compiler = new QueryCompiler(types);
        this.maxPageSize = maxPageSize;
    }

    /**
     * The explicit column list of an entity (never {@code *}): prepared statements are cached per SQL
     * text, so listing columns makes a metadata change produce a new statement instead of a stale plan.
     */
    String columns(RecordContext ctx, EntityDef e) {
        StringBuilder sb = new StringBuilder();
        for (String s : SystemFields.ALL)
            sb.append(sb.length() == 0 ? "" : ", ").append("t.").append(Sql.ident(s));
        for (FieldDef f : e.fields()) {
            if (types.require(f.type()).formula()) {
                sb.append(", ")
                        .append(new dev.atrium.metadata.formula.FormulaCompiler(
                                        types,
                                        n -> ctx.snapshot().entity(n).orElse(null),
                                        ctx.tenant().schema())
                                .compile(e, f, "t")
                                .sql())
                        .append(" AS ")
                        .append(Sql.ident(f.name()));
            }
            for (var c : types.require(f.type()).columns(f)) sb.append(", t.").append(Sql.ident(c.name()));
        }
        return sb.toString();
    }

    public EntityDef entity(RecordContext ctx, String name) {
        return ctx.snapshot()
                .entity(name)
                .orElseThrow(() -> ApiProblem.notFound("there is no entity \"" + name + "\""));
    }

    public JsonObject create(RecordContext ctx, String entityName, JsonObject body) {
        EntityDef e = entity(ctx, entityName);
        require(ctx, e, "create");
        checkWritable(ctx, e, body.getMap(), "");
        body = withRules(ctx, e, body, null);
        DecodedRecord rec = codec.decode(e, body.getMap(), true, "", new JsonArray());
        if (rec.links().isEmpty() && !StateMachines.guarded(e, rec))
            return read(pool, ctx, e, insert(pool, ctx, e, rec, ""));
        return Tx.run(pool, conn -> read(conn, ctx, e, insert(conn, ctx, e, rec, "")));
    }

    /** Creates a record on the caller's connection (inside its transaction): rules, validation, insert. */
    public JsonObject createIn(SqlConnection conn, RecordContext ctx, EntityDef e, JsonObject body) {
        return createIn(conn, ctx, e, body, null);
    }

    /**
     * The same, owned by {@code owner} instead of the caller (a workflow creates a task for the owner of
     * the record that triggered it; created_by stays the workflow, so the audit trail says who did it).
     */
    public JsonObject createIn(SqlConnection conn, RecordContext ctx, EntityDef e, JsonObject body, UUID owner) {
        body = withRules(ctx, e, body, null);
        DecodedRecord rec = codec.decode(e, body.getMap(), true, "", new JsonArray());
        Map<String, Object> row = insert(conn, ctx, e, rec, "");
        if (owner != null && !owner.equals(ctx.principal().userId())) {
            List<Object> params = new ArrayList<>(List.of(row.get("id"), owner));
            params.add(ctx.auditJson());
            row = single(execute(
                    conn,
                    e,
                    "UPDATE " + Sql.table(ctx.tenant().schema(), e.name()) + " AS t SET \"owner_id\" = $2 FROM "
                            + auditContext(params.size()) + " WHERE t.\"id\" = $1 RETURNING " + columns(ctx, e),
                    params,
                    ""));
        }
        return read(conn, ctx, e, row);
    }

    /** Updates a record on the caller's connection (inside its transaction). */
    public JsonObject updateIn(SqlConnection conn, RecordContext ctx, EntityDef e, UUID id, JsonObject body) {
        if (!e.rules().isEmpty() || hooked(ctx, e)) {
            RowSet<Row> current = visible(conn, ctx, e, id, false, false);
            if (current.size() == 0) throw notFound(e, id);
            body = withRules(
                    ctx, e, body, read(conn, ctx, e, map(current.iterator().next())));
        }
        DecodedRecord rec = codec.decode(e, body.getMap(), false, "", new JsonArray());
        return read(conn, ctx, e, update(conn, ctx, e, id, rec, null, ""));
    }

    /** The stored record (also a deleted one) as the API shows it, without access checks or a view event; null if absent. */
    public JsonObject load(SqlClient conn, RecordContext ctx, EntityDef e, UUID id) {
        RowSet<Row> rows = conn.preparedQuery("SELECT " + columns(ctx, e) + " FROM "
                        + Sql.table(ctx.tenant().schema(), e.name()) + " t WHERE t.\"id\" = $1")
                .execute(Tuple.of(id))
                .await();
        return rows.size() == 0 ? null : read(conn, ctx, e, map(rows.iterator().next()));
    }

    Map<String, Object> insert(SqlClient conn, RecordContext ctx, EntityDef e, DecodedRecord rec, String pointer) {
        StateMachines.checkInitial(e, rec, pointer);
        UUID id = Ids.next();
        UUID user = ctx.principal().userId();
        List<String> cols = new ArrayList<>(List.of("\"id\"", "\"owner_id\"", "\"created_by\"", "\"updated_by\""));
        List<Object> params = new ArrayList<>(List.of(id, user, user, user));
        for (Map.Entry<String, Object> c : rec.columns().entrySet()) {
            cols.add(Sql.ident(c.getKey()));
            params.add(PgValues.bind(c.getValue()));
        }
        StringBuilder values = new StringBuilder();
        for (int i = 1; i <= params.size(); i++)
            values.append(i > 1 ? ", $" : "$").append(i);
        params.add(ctx.auditJson());
        String sql = "INSERT INTO " + Sql.table(ctx.tenant().schema(), e.name()) + " AS t (" + String.join(", ", cols)
                + ") SELECT " + values + " FROM " + auditContext(params.size()) + " RETURNING " + columns(ctx, e);
        Map<String, Object> row = single(execute(conn, e, sql, params, pointer));
        writeLinks(conn, ctx, e, id, rec, pointer, false);
        if (StateMachines.guarded(e, rec)) StateMachines.checkGuards(conn, ctx, e, id, rec, compiler, pointer);
        return row;
    }

    public JsonObject get(RecordContext ctx, String entityName, UUID id) {
        EntityDef e = entity(ctx, entityName);
        require(ctx, e, "read");
        RowSet<Row> rows = visible(pool, ctx, e, id, false, false);
        if (rows.size() == 0) throw notFound(e, id);
        JsonObject out = read(pool, ctx, e, map(rows.iterator().next()));
        views.record(
                ctx.tenant().id(), ctx.principal().userId(), ctx.ip(), ctx.userAgent(), "view", e.name(), id, null);
        return out;
    }

    /**
     * Runs the entity's rules on a body the client may write; fields a rule sets count as the client's
     * (so a rule cannot write what the caller could not). Unknown fields are left for the codec to report.
     */
    JsonObject withRules(RecordContext ctx, EntityDef e, JsonObject body, JsonObject old) {
        boolean hook = hooked(ctx, e);
        if ((e.rules().isEmpty() || rules == null) && !hook) return body;
        for (String k : body.fieldNames()) {
            if (SystemFields.NAMES.contains(k) || e.field(k).isEmpty()) return body;
        }
        if (!e.rules().isEmpty() && rules != null) body = rules.apply(ctx, e, body, old);
        if (hook) body = beforeSave.apply(ctx, e, body, old);
        return body;
    }

    /**
     * Code outside the tenant's metadata that runs on every write after the rules (plugin record
     * triggers): it may change the body or throw an {@link ApiProblem} to refuse the write.
     */
    public interface BeforeSave {
        boolean wants(RecordContext ctx, EntityDef e);

        JsonObject apply(RecordContext ctx, EntityDef e, JsonObject body, JsonObject old);
    }

    private volatile BeforeSave beforeSave;

    public void setBeforeSave(BeforeSave hook) {
        this.beforeSave = hook;
    }

    private boolean hooked(RecordContext ctx, EntityDef e) {
        BeforeSave b = beforeSave;
        return b != null && b.wants(ctx, e);
    }

    /** The record if the caller may read it ({@code edit}: edit it); {@code deleted}: look in the recycle bin. */
    private RowSet<Row> visible(
            SqlClient conn, RecordContext ctx, EntityDef e, UUID id, boolean edit, boolean deleted) {
        List<Object> params = new ArrayList<>(List.of(id));
        String sql = "SELECT " + columns(ctx, e) + " FROM "
                + Sql.table(ctx.tenant().schema(), e.name()) + " t WHERE t.\"id\" = $1 AND t.\"deleted_at\" IS "
                + (deleted ? "NOT NULL" : "NULL") + scopeSql(ctx, e, "t", edit, params);
        return conn.preparedQuery(sql).execute(Tuple.wrap(params)).await();
    }

    /** " AND (record access condition)", or "" when the caller may see every record. */
    static String scopeSql(RecordContext ctx, EntityDef e, String alias, boolean edit, List<Object> params) {
        var scope = ctx.access().scope(e, ctx.tenant().schema(), alias, edit);
        return scope == null ? "" : " AND " + scope.render(params);
    }

    static void require(RecordContext ctx, EntityDef e, String operation) {
        if (!ctx.access().can(e, operation)) {
            throw ApiProblem.forbidden("you have no permission to " + operation + " " + e.displayName() + " records");
        }
    }

    /** A body may only name fields the caller may edit: 403 naming the first that is not. */
    static void checkWritable(RecordContext ctx, EntityDef e, Map<String, Object> body, String pointer) {
        if (ctx.access() == Access.FULL) return;
        for (String key : body.keySet()) {
            FieldDef f = e.field(key).orElse(null);
            if (f != null && !ctx.access().canEdit(e, f)) {
                throw new ApiProblem(
                        403,
                        "field-forbidden",
                        "Forbidden",
                        "you may not change " + f.displayName() + " (" + key + ")",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("pointer", pointer + "/" + key)
                                        .put("message", "you may not change this field")),
                        null);
            }
        }
    }

    public JsonObject list(RecordContext ctx, String entityName, ListRequest req, boolean count, List<String> include) {
        EntityDef e = entity(ctx, entityName);
        require(ctx, e, "read");
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
                    LocalDate.now(ZoneOffset.UTC));
        } catch (FilterException fe) {
            throw queryProblem(fe);
        }
        RowSet<Row> rows = pool.preparedQuery(q.sql())
                .execute(Tuple.wrap(new ArrayList<>(q.params())))
                .await();
        JsonArray data = new JsonArray();
        Row last = null;
        int n = 0;
        for (Row r : rows) {
            if (n++ == limit) break;
            data.add(codec.encode(e, q.fields(), map(r)));
            last = r;
        }
        JsonObject out = new JsonObject().put("data", data);
        if (rows.size() > limit && last != null) {
            List<Object> sortValues = new ArrayList<>();
            for (int i = 0; i < q.sortKeys().size(); i++) sortValues.add(PgValues.read(last.getValue("_s" + i)));
            sortValues.replaceAll(v -> v instanceof OffsetDateTime t ? t.withOffsetSameInstant(ZoneOffset.UTC) : v);
            out.put("nextCursor", QueryCompiler.nextCursor(q, sortValues, last.getUUID("id")));
        } else {
            out.putNull("nextCursor");
        }
        if (count) {
            out.put(
                    "total",
                    pool.preparedQuery(q.countSql())
                            .execute(Tuple.wrap(new ArrayList<>(q.countParams())))
                            .await()
                            .iterator()
                            .next()
                            .getLong(0));
        }
        if (include != null && !include.isEmpty()) Includes.attach(this, pool, ctx, e, data, include, codec, types);
        return out;
    }

    public JsonObject update(RecordContext ctx, String entityName, UUID id, JsonObject body, Long expectedVersion) {
        EntityDef e = entity(ctx, entityName);
        require(ctx, e, "edit");
        checkWritable(ctx, e, body.getMap(), "");
        if (!e.rules().isEmpty() || hooked(ctx, e)) {
            RowSet<Row> current = visible(pool, ctx, e, id, false, false);
            if (current.size() == 0) throw notFound(e, id);
            body = withRules(
                    ctx, e, body, read(pool, ctx, e, map(current.iterator().next())));
        }
        DecodedRecord rec = codec.decode(e, body.getMap(), false, "", new JsonArray());
        if (rec.links().isEmpty() && !StateMachines.guarded(e, rec))
            return read(pool, ctx, e, update(pool, ctx, e, id, rec, expectedVersion, ""));
        return Tx.run(pool, conn -> read(conn, ctx, e, update(conn, ctx, e, id, rec, expectedVersion, "")));
    }

    Map<String, Object> update(
            SqlClient conn,
            RecordContext ctx,
            EntityDef e,
            UUID id,
            DecodedRecord rec,
            Long expectedVersion,
            String pointer) {
        lockedByApproval(conn, ctx, e, id);
        List<Object> params = new ArrayList<>(List.of(id, ctx.principal().userId()));
        StringBuilder set =
                new StringBuilder("\"updated_at\" = now(), \"updated_by\" = $2, \"version\" = \"version\" + 1");
        for (Map.Entry<String, Object> c : rec.columns().entrySet()) {
            params.add(PgValues.bind(c.getValue()));
            set.append(", ").append(Sql.ident(c.getKey())).append(" = $").append(params.size());
        }
        String where = "t.\"id\" = $1 AND t.\"deleted_at\" IS NULL";
        if (expectedVersion != null) {
            params.add(expectedVersion.intValue());
            where += " AND t.\"version\" = $" + params.size();
        }
        where += scopeSql(ctx, e, "t", true, params);
        where += StateMachines.guard(e, rec, params, pointer);
        params.add(ctx.auditJson());
        String sql = "UPDATE " + Sql.table(ctx.tenant().schema(), e.name()) + " t SET " + set + " FROM "
                + auditContext(params.size()) + " WHERE " + where + " RETURNING " + columns(ctx, e);
        RowSet<Row> rows = execute(conn, e, sql, params, pointer);
        if (rows.rowCount() == 0) {
            ApiProblem why = missingOrStale(conn, ctx, e, id, expectedVersion);
            if (why.status() == 409
                    && (expectedVersion == null
                            || why.toJson(null).getInteger("currentVersion") == expectedVersion.intValue())) {
                ApiProblem transition = StateMachines.explain(conn, ctx, e, id, rec, pointer);
                if (transition != null) throw transition;
            }
            throw why;
        }
        writeLinks(conn, ctx, e, id, rec, pointer, true);
        if (StateMachines.guarded(e, rec)) StateMachines.checkGuards(conn, ctx, e, id, rec, compiler, pointer);
        return single(rows);
    }

    /** Moves the record and its master-detail children to the recycle bin. */
    public void delete(RecordContext ctx, String entityName, UUID id, Long expectedVersion) {
        EntityDef e = entity(ctx, entityName);
        require(ctx, e, "delete");
        Tx.run(pool, conn -> {
            lockedByApproval(conn, ctx, e, id);
            auditContext(conn, ctx);
            OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
            List<Object> params =
                    new ArrayList<>(List.of(id, at, ctx.principal().userId()));
            String where = "t.\"id\" = $1 AND t.\"deleted_at\" IS NULL";
            if (expectedVersion != null) {
                params.add(expectedVersion.intValue());
                where += " AND t.\"version\" = $4";
            }
            where += scopeSql(ctx, e, "t", true, params);
            RowSet<Row> rows = conn.preparedQuery(
                            "UPDATE " + Sql.table(ctx.tenant().schema(), e.name())
                                    + " t SET \"deleted_at\" = $2, \"updated_by\" = $3, \"version\" = t.\"version\" + 1 WHERE "
                                    + where + " RETURNING t.\"id\"")
                    .execute(Tuple.wrap(params))
                    .await();
            if (rows.rowCount() == 0) throw missingOrStale(conn, ctx, e, id, expectedVersion);
            Cascade.softDeleteChildren(conn, ctx, e, List.of(id), at);
            return null;
        });
    }

    public JsonObject restore(RecordContext ctx, String entityName, UUID id) {
        EntityDef e = entity(ctx, entityName);
        require(ctx, e, "delete");
        return Tx.run(pool, conn -> {
            auditContext(conn, ctx);
            List<Object> params = new ArrayList<>(List.of(id));
            RowSet<Row> rows = conn.preparedQuery("SELECT t.\"deleted_at\" FROM "
                            + Sql.table(ctx.tenant().schema(), e.name())
                            + " t WHERE t.\"id\" = $1 AND t.\"deleted_at\" IS NOT NULL"
                            + scopeSql(ctx, e, "t", true, params) + " FOR UPDATE")
                    .execute(Tuple.wrap(params))
                    .await();
            if (rows.size() == 0) throw ApiProblem.notFound(e.displayName() + " " + id + " is not in the recycle bin");
            OffsetDateTime at = rows.iterator().next().getOffsetDateTime("deleted_at");
            Map<String, Object> row =
                    single(conn.preparedQuery("UPDATE " + Sql.table(ctx.tenant().schema(), e.name())
                                    + " t SET \"deleted_at\" = NULL, \"version\" = t.\"version\" + 1, \"updated_by\" = $2 WHERE t.\"id\" = $1 RETURNING "
                                    + columns(ctx, e))
                            .execute(Tuple.of(id, ctx.principal().userId()))
                            .await());
            Cascade.restoreChildren(conn, ctx, e, List.of(id), at);
            return read(conn, ctx, e, row);
        });
    }

    /** Deletes a record from the recycle bin for good; children go with it (foreign keys cascade). */
    public void purge(RecordContext ctx, String entityName, UUID id) {
        EntityDef e = entity(ctx, entityName);
        require(ctx, e, "delete");
        List<Object> params = new ArrayList<>(List.of(id, ctx.auditJson()));
        RowSet<Row> rows = pool.preparedQuery("DELETE FROM "
                        + Sql.table(ctx.tenant().schema(), e.name()) + " t USING " + auditContext(2)
                        + " WHERE t.\"id\" = $1 AND t.\"deleted_at\" IS NOT NULL" + scopeSql(ctx, e, "t", true, params))
                .execute(Tuple.wrap(params))
                .await();
        if (rows.rowCount() == 0)
            throw ApiProblem.notFound(e.displayName() + " " + id + " is not in the recycle bin; delete it first");
    }

    /** The record as JSON, with its many-to-many links and its ETag version. */
    JsonObject read(SqlClient conn, RecordContext ctx, EntityDef e, Map<String, Object> row) {
        List<FieldDef> fields = e.fields().stream()
                .filter(f -> ctx.access().fields().visible(e, f))
                .toList();
        JsonObject o = codec.encode(e, fields, row);
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
                    Map<String, Object> lrow = map(r);
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
        return o;
    }

    private void writeLinks(
            SqlClient conn,
            RecordContext ctx,
            EntityDef e,
            UUID id,
            DecodedRecord rec,
            String pointer,
            boolean replace) {
        for (Map.Entry<FieldDef, List<Link>> entry : rec.links().entrySet()) {
            FieldDef f = entry.getKey();
            String junction = Sql.table(ctx.tenant().schema(), ManyToManyType.junctionTable(f));
            if (replace)
                conn.preparedQuery("DELETE FROM " + junction + " WHERE \"source_id\" = $1")
                        .execute(Tuple.of(id))
                        .await();
            for (Link l : entry.getValue()) {
                List<String> cols = new ArrayList<>(List.of("\"source_id\"", "\"target_id\""));
                List<Object> params = new ArrayList<>(List.of(id, l.target()));
                for (Map.Entry<String, Object> a : l.attributes().entrySet()) {
                    cols.add(Sql.ident(a.getKey()));
                    params.add(a.getValue());
                }
                StringBuilder values = new StringBuilder();
                for (int i = 1; i <= params.size(); i++)
                    values.append(i > 1 ? ", $" : "$").append(i);
                try {
                    conn.preparedQuery("INSERT INTO " + junction + " (" + String.join(", ", cols) + ") VALUES ("
                                    + values + ")")
                            .execute(Tuple.wrap(params))
                            .await();
                } catch (PgException ex) {
                    if ("23503".equals(ex.getSqlState())) {
                        throw ApiProblem.invalidField(
                                pointer + "/" + f.name(),
                                f.displayName() + " links to " + l.target() + ", which is not a " + f.target());
                    }
                    throw ex;
                }
            }
        }
    }

    /** Runs a write and turns constraint violations into problems that name the field. */
    private RowSet<Row> execute(SqlClient conn, EntityDef e, String sql, List<Object> params, String pointer) {
        try {
            return conn.preparedQuery(sql).execute(Tuple.wrap(params)).await();
        } catch (PgException ex) {
            throw Constraints.problem(ex, e, pointer);
        }
    }

    /** Why a write matched no row: not there (or not visible: 404), visible but not editable (403), or stale (409). */
    private ApiProblem missingOrStale(SqlClient conn, RecordContext ctx, EntityDef e, UUID id, Long expected) {
        RowSet<Row> rows = visible(conn, ctx, e, id, false, false);
        if (rows.size() == 0) return notFound(e, id);
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

    /**
     * A FROM item that puts the request's audit context into the transaction-local setting the audit
     * trigger reads, in the same statement as the write (no extra round trip).
     */
    static String auditContext(int param) {
        return "(SELECT set_config('atrium.ctx', $" + param + ", true)) actx";
    }

    /** The same, as its own statement, for multi-statement transactions. */
    static void auditContext(SqlClient conn, RecordContext ctx) {
        conn.preparedQuery("SELECT set_config('atrium.ctx', $1, true)")
                .execute(Tuple.of(ctx.auditJson()))
                .await();
    }

    /** A record with a pending approval is locked for everyone but administrators and the platform. */
    static void lockedByApproval(SqlClient conn, RecordContext ctx, EntityDef e, UUID id) {
        if (e.approvals().isEmpty() || ctx.access() == dev.atrium.access.Access.FULL) return;
        for (Row r : conn.preparedQuery(
                        "SELECT process FROM atrium.approvals WHERE tenant_id = $1 AND entity = $2 AND record_id = $3 AND status = 'pending'")
                .execute(Tuple.of(ctx.tenant().id(), e.name(), id))
                .await()) {
            throw ApiProblem.conflict(
                    "locked-for-approval",
                    "this " + e.displayName() + " is locked while its \"" + r.getString("process")
                            + "\" approval is pending");
        }
    }

    static ApiProblem notFound(EntityDef e, UUID id) {
        return ApiProblem.notFound("there is no " + e.displayName() + " with id " + id);
    }

    static ApiProblem queryProblem(FilterException fe) {
        JsonObject err = new JsonObject().put("parameter", fe.parameter()).put("message", fe.getMessage());
        if (fe.position() >= 0) err.put("position", fe.position());
        return new ApiProblem(
                400, "invalid-query", "The query is not valid", fe.getMessage(), new JsonArray().add(err), null);
    }

    static Map<String, Object> map(Row r) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < r.size(); i++) m.put(r.getColumnName(i), PgValues.read(r.getValue(i)));
        return m;
    }

    private static Map<String, Object> single(RowSet<Row> rows) {
        return map(rows.iterator().next());
    }

    FieldTypeRegistry types() {
        return types;
    }

    RecordCodec codec() {
        return codec;
    }

    Pool pool() {
        return pool;
    }
}
