package dev.atrium.record;

import dev.atrium.db.PgValues;
import dev.atrium.db.Tx;
import dev.atrium.internal.ApiProblem;
import dev.atrium.internal.Ids;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.model.SystemFields;
import dev.atrium.metadata.query.ListRequest;
import dev.atrium.metadata.query.QueryCompiler;
import dev.atrium.metadata.sql.Sql;
import dev.atrium.metadata.types.FieldTypeRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Records of any entity: create, read, list and update (optimistic lock on {@code version}); the
 * {@link RecycleBin} deletes, restores and purges. Every write is atomic: one statement when it touches
 * one row, otherwise one transaction. Methods await: call them from a virtual thread.
 */
public final class RecordService {
    private final Pool pool;
    private final FieldTypeRegistry types;
    private final RecordCodec codec;
    private final QueryCompiler compiler;
    private final RecordReader reader;
    private final dev.atrium.rules.RuleRunner rules;
    private final RecycleBin recycleBin;

    public RecordService(
            Pool pool,
            FieldTypeRegistry types,
            int maxPageSize,
            dev.atrium.audit.ViewLog views,
            dev.atrium.rules.RuleRunner rules) {
        this.rules = rules;
        this.pool = pool;
        this.types = types;
        this.codec = new RecordCodec(types);
        this.compiler = new QueryCompiler(types);
        this.reader = new RecordReader(pool, types, codec, maxPageSize, views);
        this.recycleBin = new RecycleBin(this, reader);
    }

    /** One record as the caller may see it (404 otherwise); the view is audited. */
    public JsonObject get(RecordContext ctx, String entityName, UUID id) {
        return reader.get(ctx, entity(ctx, entityName), id);
    }

    /** The same as the API's JSON bytes, with the version for its ETag. */
    public RecordReader.Written getJson(RecordContext ctx, String entityName, UUID id) {
        return reader.getJson(ctx, entity(ctx, entityName), id);
    }

    /** Adds each listed record's many-to-many links (a list leaves them out), for up to a page of records. */
    public JsonArray withLinks(RecordContext ctx, String entityName, JsonArray data) {
        EntityDef e = entity(ctx, entityName);
        if (e.fields().stream().noneMatch(f -> types.require(f.type()).linkTable())) return data;
        for (Object o : data) reader.links(pool, ctx, e, (JsonObject) o);
        return data;
    }

    /** A page of records the caller may see: filter, sort, keyset cursor, optional count and includes. */
    public JsonObject list(RecordContext ctx, String entityName, ListRequest req, boolean count, List<String> include) {
        return reader.list(ctx, entity(ctx, entityName), req, count, include);
    }

    /** The same page without includes, as the API's JSON bytes (written straight from the rows). */
    public Buffer listJson(RecordContext ctx, String entityName, ListRequest req, boolean count) {
        return reader.listJson(ctx, entity(ctx, entityName), req, count);
    }

    /** The stored record (also a deleted one) as the API shows it, no access check or view event; null if absent. */
    public JsonObject load(SqlClient conn, RecordContext ctx, EntityDef e, UUID id) {
        return reader.load(conn, ctx, e, id);
    }

    /** The stored record as the caller sees it (for rules on a bulk update), or null when not visible. */
    public JsonObject current(SqlClient conn, RecordContext ctx, EntityDef e, UUID id) {
        RowSet<Row> rows = reader.visible(conn, ctx, e, id, false, false);
        return rows.size() == 0
                ? null
                : reader.read(conn, ctx, e, RecordRows.map(rows.iterator().next()));
    }

    /** The live record whose unique {@code key} field holds {@code value}, as the caller sees it, or null. */
    public JsonObject currentByKey(SqlClient conn, RecordContext ctx, EntityDef e, FieldDef key, Object value) {
        return reader.currentByKey(conn, ctx, e, key, value);
    }

    /**
     * The row again after its links were written: roll-ups over many-to-many fields count the links, which
     * the write's own RETURNING could not see yet.
     */
    private Map<String, Object> reselect(SqlClient conn, RecordContext ctx, EntityDef e, UUID id) {
        List<Object> params = new ArrayList<>(List.of(id));
        String sql = "SELECT " + reader.columns(ctx, e, params) + " FROM "
                + Sql.table(ctx.tenant().schema(), e.name()) + " t WHERE t.\"id\" = $1";
        return RecordRows.single(
                conn.preparedQuery(sql).execute(Tuple.wrap(params)).await());
    }

    /** The column list of {@link RecordReader#columns}, for other queries of the record layer. */
    String columns(RecordContext ctx, EntityDef e, List<Object> params) {
        return reader.columns(ctx, e, params);
    }

    /** Refuses (403) unless the caller's permissions allow {@code operation} on the entity. */
    public void require(RecordContext ctx, EntityDef e, String operation) {
        RecordAccess.require(ctx, e, operation);
    }

    /** Refuses (422 at the field) values of fields the caller may not write. */
    public void checkWritable(RecordContext ctx, EntityDef e, Map<String, Object> body, String pointer) {
        RecordAccess.checkWritable(ctx, e, body, pointer);
    }

    /**
     * The live record as the caller sees it, on the caller's connection; 404 when the caller may not see it
     * (or, with {@code edit}, may not change it).
     */
    public JsonObject visible(SqlClient conn, RecordContext ctx, EntityDef e, UUID id, boolean edit) {
        RowSet<Row> rows = reader.visible(conn, ctx, e, id, edit, false);
        if (rows.size() == 0) throw RecordAccess.notFound(e, id);
        return reader.read(conn, ctx, e, RecordRows.map(rows.iterator().next()));
    }

    public EntityDef entity(RecordContext ctx, String name) {
        return ctx.snapshot()
                .entity(name)
                .orElseThrow(() -> ApiProblem.notFound("there is no entity \"" + name + "\""));
    }

    public JsonObject create(RecordContext ctx, String entityName, JsonObject body) {
        EntityDef e = entity(ctx, entityName);
        RecordAccess.require(ctx, e, "create");
        RecordAccess.checkWritable(ctx, e, body.getMap(), "");
        RecordAccess.portalCompany(ctx, e, body.getMap(), true, "");
        Saved saved = withRules(ctx, e, body, null);
        RecordContext writing = ctx.withChangedBy(saved.changedBy());
        DecodedRecord rec = codec.decode(e, saved.body().getMap(), true, "", new JsonArray());
        if (rec.links().isEmpty() && !StateMachines.guarded(e, rec))
            return reader.read(pool, ctx, e, insert(pool, writing, e, rec, ""));
        return Tx.run(pool, conn -> reader.read(conn, ctx, e, insert(conn, writing, e, rec, "")));
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
        Saved saved = withRules(ctx, e, body, null);
        DecodedRecord rec = codec.decode(e, saved.body().getMap(), true, "", new JsonArray());
        Map<String, Object> row = insert(conn, ctx.withChangedBy(saved.changedBy()), e, rec, "");
        if (owner != null && !owner.equals(ctx.principal().userId())) {
            List<Object> params = new ArrayList<>(List.of(row.get("id"), owner));
            params.add(ctx.auditJson());
            row = RecordRows.single(RecordRows.execute(
                    conn,
                    e,
                    "UPDATE " + Sql.table(ctx.tenant().schema(), e.name()) + " AS t SET \"owner_id\" = $2 FROM "
                            + RecordRows.auditContext(params.size()) + " WHERE t.\"id\" = $1 RETURNING "
                            + reader.columns(ctx, e, params),
                    params,
                    ""));
        }
        return reader.read(conn, ctx, e, row);
    }

    /** A new record checked as {@link #createIn} checks it (rules, validation), not written yet. */
    public static final class Prepared {
        final DecodedRecord rec;
        final Map<String, String> changedBy;

        Prepared(DecodedRecord rec, Map<String, String> changedBy) {
            this.rec = rec;
            this.changedBy = changedBy;
        }

        /** Whether it can share a statement with others (no links, no state-machine guard, nobody else's fields). */
        public boolean batchable(EntityDef e) {
            return changedBy.isEmpty() && rec.links().isEmpty() && !StateMachines.guarded(e, rec);
        }
    }

    /** Runs the rules and validation of a create; throws the problem a create would answer. */
    public Prepared prepare(RecordContext ctx, EntityDef e, JsonObject body) {
        Saved saved = withRules(ctx, e, body, null);
        return new Prepared(codec.decode(e, saved.body().getMap(), true, "", new JsonArray()), saved.changedBy());
    }

    /** Writes one prepared record on the caller's connection; returns its id. */
    public UUID createPrepared(SqlConnection conn, RecordContext ctx, EntityDef e, Prepared p) {
        return UUID.fromString(String.valueOf(
                insert(conn, ctx.withChangedBy(p.changedBy), e, p.rec, "").get("id")));
    }

    /** Writes batchable prepared records, a few hundred to a statement (see {@link RecordBatch}); their ids. */
    public List<UUID> createMany(SqlConnection conn, RecordContext ctx, EntityDef e, List<Prepared> rows) {
        return RecordBatch.insert(conn, ctx, e, rows.stream().map(p -> p.rec).toList(), reader);
    }

    /** Updates a record on the caller's connection (inside its transaction). */
    public JsonObject updateIn(SqlConnection conn, RecordContext ctx, EntityDef e, UUID id, JsonObject body) {
        RecordContext writing = ctx;
        if (!e.rules().isEmpty() || hooked(ctx, e)) {
            RowSet<Row> current = reader.visible(conn, ctx, e, id, false, false);
            if (current.size() == 0) throw RecordAccess.notFound(e, id);
            Saved saved = withRules(
                    ctx,
                    e,
                    body,
                    reader.read(conn, ctx, e, RecordRows.map(current.iterator().next())));
            body = saved.body();
            writing = ctx.withChangedBy(saved.changedBy());
        }
        DecodedRecord rec = codec.decode(e, body.getMap(), false, "", new JsonArray());
        return reader.read(conn, ctx, e, update(conn, writing, e, id, rec, null, ""));
    }

    Map<String, Object> insert(SqlClient conn, RecordContext ctx, EntityDef e, DecodedRecord rec, String pointer) {
        StateMachines.checkInitial(e, rec, pointer);
        UserRefs.check(conn, ctx, e, rec, pointer, null);
        UserRefs.checkMasters(conn, ctx, e, rec, pointer, reader);
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
                + ") SELECT " + values + " FROM " + RecordRows.auditContext(params.size()) + " RETURNING "
                + reader.columns(ctx, e, params);
        Map<String, Object> row = RecordRows.single(RecordRows.execute(conn, e, sql, params, pointer));
        RecordLinks.write(conn, ctx, e, id, rec, pointer, false);
        if (StateMachines.guarded(e, rec)) StateMachines.checkGuards(conn, ctx, e, id, rec, compiler, pointer);
        return rec.links().isEmpty() ? row : reselect(conn, ctx, e, id);
    }

    /**
     * Runs the entity's rules on a body the client may write; fields a rule sets count as the client's
     * (so a rule cannot write what the caller could not). Unknown fields are left for the codec to report.
     */
    Saved withRules(RecordContext ctx, EntityDef e, JsonObject body, JsonObject old) {
        boolean hook = hooked(ctx, e);
        if ((e.rules().isEmpty() || rules == null) && !hook) return new Saved(body, Map.of());
        for (String k : body.fieldNames()) {
            if (SystemFields.NAMES.contains(k) || e.field(k).isEmpty()) return new Saved(body, Map.of());
        }
        if (!e.rules().isEmpty() && rules != null) body = rules.apply(ctx, e, body, old);
        if (hook) return beforeSave.apply(ctx, e, body, old);
        return new Saved(body, Map.of());
    }

    /**
     * The body to save, and the fields someone other than the caller set in it (field -> who, e.g.
     * {@code "plugin:locale-ids"}), which the audit trail credits to them.
     */
    public record Saved(JsonObject body, Map<String, String> changedBy) {}

    /**
     * Code outside the tenant's metadata that runs on every write after the rules (plugin record
     * triggers): it may change the body or throw an {@link ApiProblem} to refuse the write.
     */
    public interface BeforeSave {
        boolean wants(RecordContext ctx, EntityDef e);

        Saved apply(RecordContext ctx, EntityDef e, JsonObject body, JsonObject old);
    }

    private volatile BeforeSave beforeSave;

    public void setBeforeSave(BeforeSave hook) {
        this.beforeSave = hook;
    }

    private boolean hooked(RecordContext ctx, EntityDef e) {
        BeforeSave b = beforeSave;
        return b != null && b.wants(ctx, e);
    }

    public JsonObject update(RecordContext ctx, String entityName, UUID id, JsonObject body, Long expectedVersion) {
        EntityDef e = entity(ctx, entityName);
        RecordAccess.require(ctx, e, "edit");
        RecordAccess.checkWritable(ctx, e, body.getMap(), "");
        RecordAccess.portalCompany(ctx, e, body.getMap(), false, "");
        RecordContext writing = ctx;
        if (!e.rules().isEmpty() || hooked(ctx, e)) {
            RowSet<Row> current = reader.visible(pool, ctx, e, id, false, false);
            if (current.size() == 0) throw RecordAccess.notFound(e, id);
            Saved saved = withRules(
                    ctx,
                    e,
                    body,
                    reader.read(pool, ctx, e, RecordRows.map(current.iterator().next())));
            body = saved.body();
            writing = ctx.withChangedBy(saved.changedBy());
        }
        RecordContext writer = writing;
        DecodedRecord rec = codec.decode(e, body.getMap(), false, "", new JsonArray());
        if (rec.links().isEmpty() && !StateMachines.guarded(e, rec))
            return reader.read(pool, ctx, e, update(pool, writer, e, id, rec, expectedVersion, ""));
        return Tx.run(pool, conn -> reader.read(conn, ctx, e, update(conn, writer, e, id, rec, expectedVersion, "")));
    }

    Map<String, Object> update(
            SqlClient conn,
            RecordContext ctx,
            EntityDef e,
            UUID id,
            DecodedRecord rec,
            Long expectedVersion,
            String pointer) {
        RecordAccess.lockedByApproval(conn, ctx, e, id);
        UserRefs.check(conn, ctx, e, rec, pointer, id);
        UserRefs.checkMasters(conn, ctx, e, rec, pointer, reader);
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
        where += RecordAccess.scopeSql(ctx, e, "t", true, params);
        where += StateMachines.guard(e, rec, params, pointer);
        params.add(ctx.auditJson());
        String sql = "UPDATE " + Sql.table(ctx.tenant().schema(), e.name()) + " t SET " + set + " FROM "
                + RecordRows.auditContext(params.size()) + " WHERE " + where + " RETURNING "
                + reader.columns(ctx, e, params);
        RowSet<Row> rows = RecordRows.execute(conn, e, sql, params, pointer);
        if (rows.rowCount() == 0) {
            ApiProblem why = reader.missingOrStale(conn, ctx, e, id, expectedVersion);
            if (why.status() == 409
                    && (expectedVersion == null
                            || why.toJson(null).getInteger("currentVersion") == expectedVersion.intValue())) {
                ApiProblem transition = StateMachines.explain(conn, ctx, e, id, rec, pointer);
                if (transition != null) throw transition;
            }
            throw why;
        }
        RecordLinks.write(conn, ctx, e, id, rec, pointer, true);
        if (StateMachines.guarded(e, rec)) StateMachines.checkGuards(conn, ctx, e, id, rec, compiler, pointer);
        return rec.links().isEmpty() ? RecordRows.single(rows) : reselect(conn, ctx, e, id);
    }

    /** Soft delete, restore and purge (the recycle bin). */
    public RecycleBin recycleBin() {
        return recycleBin;
    }

    QueryCompiler compiler() {
        return compiler;
    }

    RecordReader reader() {
        return reader;
    }

    public FieldTypeRegistry types() {
        return types;
    }

    RecordCodec codec() {
        return codec;
    }

    Pool pool() {
        return pool;
    }
}
