package dev.atrium.imports;

import dev.atrium.db.Tx;
import dev.atrium.internal.ApiProblem;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.record.RecordContext;
import dev.atrium.record.RecordService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Runs an import in batches through the normal write path (rules, validation, permissions, audit trail,
 * workflows). Each batch is one transaction that also records how far the import got, so a crash or a
 * restart loses nothing and repeats nothing: the next run starts after the last committed batch. Each row
 * has its own savepoint: a row that fails (a rule, a unique value) is written to the error list with
 * its reason, and the others go on.
 */
final class ImportRun {
    static final int BATCH = 500;
    /** How long one job writes before handing over to the next, well inside the job lease. */
    static final long JOB_MILLIS = 20_000;

    private final Pool pool;
    private final RecordService records;
    /** Tests make a batch fail here, before it commits, as a crash would. */
    static volatile java.util.function.IntConsumer beforeCommit = row -> {};

    ImportRun(Pool pool, RecordService records) {
        this.pool = pool;
        this.records = records;
    }

    /**
     * Reads the file once from the start (skipping the rows already committed) and writes batch after
     * batch for up to {@link #JOB_MILLIS}; true when the import is finished.
     */
    boolean run(RecordContext ctx, UUID importId) {
        var row = pool.preparedQuery("SELECT entity, format, settings, processed, status FROM atrium.imports"
                        + " WHERE id = $1 AND tenant_id = $2")
                .execute(Tuple.of(importId, ctx.tenant().id()))
                .await();
        if (row.size() == 0 || !row.iterator().next().getString("status").equals("running")) return true;
        var imp = row.iterator().next();
        EntityDef e = ctx.snapshot().entity(imp.getString("entity")).orElse(null);
        if (e == null) {
            Tx.run(pool, conn -> {
                finish(conn, importId, 0, 0, 0, 0, true);
                return null;
            });
            return true;
        }
        RowConverter.Settings settings = RowConverter.Settings.of(imp.getJsonObject("settings"));
        // a data migration: workflows switched off, each change marked so in the audit trail
        RecordContext writer = imp.getJsonObject("settings").getBoolean("workflows", true) ? ctx : ctx.quietly();
        int processed = imp.getInteger("processed");
        long until = System.currentTimeMillis() + JOB_MILLIS;
        List<String> headers = new ArrayList<>();
        List<ImportFile.Line> batch = new ArrayList<>();
        boolean[] stopped = {false};
        ImportFile.read(
                Chunks.stream(pool, importId),
                imp.getString("format"),
                settings.encoding(),
                settings.delimiter(),
                line -> {
                    if (line.number() == 0) headers.addAll(line.cells());
                    else if (line.number() > processed) batch.add(line);
                    if (batch.size() < BATCH) return;
                    List<ImportFile.Line> rows = List.copyOf(batch);
                    batch.clear();
                    Tx.run(pool, conn -> batch(conn, writer, importId, e, settings, headers, rows, false));
                    if (System.currentTimeMillis() > until) {
                        stopped[0] = true;
                        throw new ImportFile.Stop();
                    }
                });
        if (stopped[0]) return false;
        List<ImportFile.Line> rest = List.copyOf(batch);
        Tx.run(pool, conn -> batch(conn, writer, importId, e, settings, headers, rest, true));
        return true;
    }

    /** One batch in the caller's transaction, with the import's progress. */
    private Void batch(
            SqlConnection conn,
            RecordContext ctx,
            UUID importId,
            EntityDef e,
            RowConverter.Settings settings,
            List<String> headers,
            List<ImportFile.Line> lines,
            boolean last) {
        var status = conn.preparedQuery("SELECT status, processed FROM atrium.imports WHERE id = $1 FOR UPDATE")
                .execute(Tuple.of(importId))
                .await();
        // a batch another run committed meanwhile (two nodes resuming the same import) is not written twice
        if (status.size() == 0 || !status.iterator().next().getString("status").equals("running")) return null;
        int committed = status.iterator().next().getInteger("processed");
        List<ImportFile.Line> todo =
                lines.stream().filter(l -> l.number() > committed).toList();
        RowConverter convert = new RowConverter(ctx, conn, e, settings);
        FieldDef key = settings.match() == null || settings.match().equals("id")
                ? null
                : e.field(settings.match()).orElse(null);
        Counts n = new Counts();
        List<ImportFile.Line> fastLines = new ArrayList<>();
        List<RecordService.Prepared> fast = new ArrayList<>();
        for (ImportFile.Line line : todo) {
            if (!settings.mode().equals("create")) {
                oneRow(conn, ctx, importId, e, settings, key, convert, headers, line, null, n);
                continue;
            }
            // the fast path: rows checked here, written together; a row that fails a check is reported alone
            RecordService.Prepared p;
            try {
                RowConverter.Converted c = convert.convert(headers, line.cells());
                if (!c.problems().isEmpty()) throw new RowProblem(String.join("; ", c.problems()));
                p = records.prepare(ctx, e, c.body());
            } catch (RowProblem | ApiProblem | IllegalArgumentException x) {
                error(conn, importId, line, x);
                n.failed++;
                continue;
            }
            if (p.batchable(e)) {
                fastLines.add(line);
                fast.add(p);
            } else oneRow(conn, ctx, importId, e, settings, key, convert, headers, line, p, n);
        }
        if (!fast.isEmpty()) {
            conn.query("SAVEPOINT import_batch").execute().await();
            try {
                List<UUID> ids = records.createMany(conn, ctx, e, fast);
                conn.preparedQuery("INSERT INTO atrium.import_records (import_id, row_no, record_id, action)"
                                + " SELECT $1, r, id, 'created' FROM unnest($2::int[], $3::uuid[]) AS u(r, id)")
                        .execute(Tuple.of(
                                importId,
                                fastLines.stream().map(ImportFile.Line::number).toArray(Integer[]::new),
                                ids.toArray(UUID[]::new)))
                        .await();
                conn.query("RELEASE SAVEPOINT import_batch").execute().await();
                n.created += ids.size();
            } catch (ApiProblem | PgException together) {
                // a unique value taken, a lookup gone: row by row, so only the culprits fail
                conn.query("ROLLBACK TO SAVEPOINT import_batch").execute().await();
                for (int k = 0; k < fast.size(); k++)
                    oneRow(conn, ctx, importId, e, settings, key, convert, headers, fastLines.get(k), fast.get(k), n);
            }
        }
        int upTo = lines.isEmpty()
                ? committed
                : Math.max(committed, lines.get(lines.size() - 1).number());
        beforeCommit.accept(upTo);
        finish(conn, importId, upTo, n.created, n.updated, n.failed, last);
        return null;
    }

    private static final class Counts {
        int created;
        int updated;
        int failed;
    }

    /** One row in its own savepoint; {@code prepared} when the fast path checked it already. */
    private void oneRow(
            SqlConnection conn,
            RecordContext ctx,
            UUID importId,
            EntityDef e,
            RowConverter.Settings settings,
            FieldDef key,
            RowConverter convert,
            List<String> headers,
            ImportFile.Line line,
            RecordService.Prepared prepared,
            Counts n) {
        conn.query("SAVEPOINT import_row").execute().await();
        try {
            if (prepared != null) {
                UUID id = records.createPrepared(conn, ctx, e, prepared);
                record(conn, importId, line.number(), id.toString(), "created", null);
                n.created++;
                conn.query("RELEASE SAVEPOINT import_row").execute().await();
                return;
            }
            RowConverter.Converted c = convert.convert(headers, line.cells());
            if (!c.problems().isEmpty()) throw new RowProblem(String.join("; ", c.problems()));
            JsonObject existing = existing(conn, ctx, e, settings, key, c.key());
            if (existing == null && settings.mode().equals("update")) {
                throw new RowProblem("no record to update matches " + (c.key() == null ? "an empty key" : c.key()));
            }
            if (existing == null) {
                JsonObject saved = records.createIn(conn, ctx, e, c.body());
                record(conn, importId, line.number(), saved.getString("id"), "created", null);
                n.created++;
            } else {
                JsonObject before = new JsonObject();
                for (String f : c.body().fieldNames()) before.put(f, existing.getValue(f));
                UUID id = UUID.fromString(existing.getString("id"));
                records.updateIn(conn, ctx, e, id, c.body());
                record(conn, importId, line.number(), id.toString(), "updated", before);
                n.updated++;
            }
            conn.query("RELEASE SAVEPOINT import_row").execute().await();
        } catch (RowProblem | ApiProblem | PgException | IllegalArgumentException x) {
            conn.query("ROLLBACK TO SAVEPOINT import_row").execute().await();
            error(conn, importId, line, x);
            n.failed++;
        }
    }

    private static void error(SqlConnection conn, UUID importId, ImportFile.Line line, Exception x) {
        conn.preparedQuery("INSERT INTO atrium.import_errors (import_id, row_no, cells, message)"
                        + " VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(importId, line.number(), new JsonArray(new ArrayList<>(line.cells())), message(x)))
                .await();
    }

    private JsonObject existing(
            SqlConnection conn, RecordContext ctx, EntityDef e, RowConverter.Settings s, FieldDef key, String value) {
        if (s.mode().equals("create") || value == null) return null;
        if (key == null) {
            try {
                return records.current(conn, ctx, e, UUID.fromString(value));
            } catch (IllegalArgumentException notAnId) {
                throw new RowProblem("\"" + value + "\" is not a record id");
            }
        }
        Object typed = key.type().equals("integer") ? (Object) Long.parseLong(value) : value;
        return records.currentByKey(conn, ctx, e, key, typed);
    }

    private static void record(
            SqlConnection conn, UUID importId, int row, String id, String action, JsonObject before) {
        conn.preparedQuery("INSERT INTO atrium.import_records (import_id, row_no, record_id, action, before)"
                        + " VALUES ($1, $2, $3, $4, $5)")
                .execute(Tuple.of(importId, row, UUID.fromString(id), action, before))
                .await();
    }

    private static void finish(
            SqlConnection conn, UUID id, int processed, int created, int updated, int failed, boolean done) {
        conn.preparedQuery("UPDATE atrium.imports SET processed = greatest(processed, $2), created_count ="
                        + " created_count + $3, updated_count = updated_count + $4, error_count = error_count + $5,"
                        + " status = CASE WHEN $6 THEN 'done' ELSE status END,"
                        + " finished_at = CASE WHEN $6 THEN now() ELSE finished_at END WHERE id = $1")
                .execute(Tuple.of(id, processed, created, updated, failed, done))
                .await();
    }

    /** The reason a row failed, as a person can act on it. */
    static String message(Exception x) {
        if (x instanceof ApiProblem p) {
            JsonArray errors = p.toJson(null).getJsonArray("errors", new JsonArray());
            List<String> parts = new ArrayList<>();
            for (Object o : errors) {
                JsonObject err = (JsonObject) o;
                String at = err.getString("pointer", "");
                parts.add((at.isEmpty() ? "" : at.substring(1) + ": ") + err.getString("message"));
            }
            return parts.isEmpty() ? p.getMessage() : String.join("; ", parts);
        }
        if (x instanceof PgException pg && "23505".equals(pg.getSqlState())) return "a unique value is already taken";
        return x.getMessage();
    }

    /** A row that cannot be written, with why. */
    static final class RowProblem extends RuntimeException {
        RowProblem(String message) {
            super(message, null, false, false);
        }
    }
}
