package dev.atrium.imports;

import dev.atrium.access.AccessService;
import dev.atrium.auth.AuthService;
import dev.atrium.auth.Principal;
import dev.atrium.db.Tx;
import dev.atrium.internal.ApiProblem;
import dev.atrium.metadata.MetadataRegistry;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.record.RecordContext;
import dev.atrium.record.RecordService;
import dev.atrium.tenant.TenantService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Imports as the API offers them: upload a CSV or XLSX file (stored, its encoding, delimiter and the
 * column-to-field mapping suggested from the headers in all four languages), adjust the settings and see
 * the first rows as they would be stored with each cell's problem, start (a job that writes batch by
 * batch and resumes after a crash), follow the progress, download the failed rows with their reasons as a
 * file to fix and import again, and undo a whole import.
 */
public final class Imports {
    public static final long MAX_BYTES = 64L * 1024 * 1024;
    static final List<String> DATE_FORMATS = List.of("yyyy-MM-dd", "dd/MM/yyyy", "MM/dd/yyyy", "dd.MM.yyyy");
    private static final int PREVIEW = 20;
    private final Pool pool;
    private final RecordService records;
    private final ImportRun runner;
    private final AuthService auth;
    private final AccessService access;
    private final TenantService tenants;
    private final MetadataRegistry metadata;

    public Imports(
            Pool pool,
            RecordService records,
            AuthService auth,
            AccessService access,
            TenantService tenants,
            MetadataRegistry metadata) {
        this.pool = pool;
        this.records = records;
        this.runner = new ImportRun(pool, records);
        this.auth = auth;
        this.access = access;
        this.tenants = tenants;
        this.metadata = metadata;
    }

    public JsonObject create(RecordContext ctx, String entityName, String fileName, byte[] data) {
        if (data.length > MAX_BYTES) throw ApiProblem.badRequest("files up to 64 MB can be uploaded here");
        return create(ctx, entityName, fileName, new ByteArrayInputStream(data));
    }

    /**
     * A new import of a file read from {@code in} (of any size: it is stored 1 MB at a time, never whole in
     * memory): the settings detected from its first bytes, the columns mapped from its header row.
     */
    public JsonObject create(RecordContext ctx, String entityName, String fileName, InputStream in) {
        EntityDef e = records.entity(ctx, entityName);
        records.require(ctx, e, "create");
        BufferedInputStream file = new BufferedInputStream(in, 64 * 1024);
        byte[] head;
        try {
            file.mark(64 * 1024);
            head = file.readNBytes(64 * 1024);
            file.reset();
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        if (head.length == 0) throw ApiProblem.badRequest("the file is empty");
        String format = ImportFile.format(fileName == null ? "" : fileName, head);
        String encoding = ImportFile.detectEncoding(head);
        String firstLine =
                new String(head, Charset.forName(encoding)).lines().findFirst().orElse("");
        char delimiter = ImportFile.detectDelimiter(firstLine);
        JsonObject settings = new JsonObject()
                .put("encoding", encoding)
                .put("delimiter", delimiter == '\t' ? "\\t" : String.valueOf(delimiter))
                .put("mode", "create")
                .put("dateFormat", "yyyy-MM-dd")
                .put("decimal", ".");
        UUID id = UUID.randomUUID();
        Tx.run(pool, conn -> {
            conn.preparedQuery("INSERT INTO atrium.imports (id, tenant_id, entity, created_by, file_name, format,"
                            + " settings) VALUES ($1, $2, $3, $4, $5, $6, $7)")
                    .execute(Tuple.wrap(new ArrayList<>(Arrays.asList(
                            id,
                            ctx.tenant().id(),
                            e.name(),
                            ctx.principal().userId(),
                            fileName == null ? "upload" : fileName,
                            format,
                            settings))))
                    .await();
            Chunks.store(conn, id, file);
            return null;
        });
        List<String> headers = new ArrayList<>();
        try {
            ImportFile.read(Chunks.stream(pool, id), format, encoding, delimiter, line -> {
                headers.addAll(line.cells());
                throw new ImportFile.Stop();
            });
        } catch (RuntimeException unreadable) {
            forget(id);
            throw unreadable;
        }
        if (headers.isEmpty()) {
            forget(id);
            throw ApiProblem.badRequest("the file has no header row");
        }
        pool.preparedQuery("UPDATE atrium.imports SET settings = $2 WHERE id = $1")
                .execute(Tuple.of(id, settings.put("fields", suggest(ctx, e, headers))))
                .await();
        return describe(ctx, id);
    }

    private void forget(UUID id) {
        pool.preparedQuery("DELETE FROM atrium.imports WHERE id = $1")
                .execute(Tuple.of(id))
                .await();
    }

    /** Suggests the field for each header: its API name or its label in any language, ignoring case and signs. */
    static JsonArray suggest(RecordContext ctx, EntityDef e, List<String> headers) {
        JsonArray out = new JsonArray();
        for (String h : headers) {
            String n = normal(h);
            String found = n.equals("id") ? "id" : null;
            for (FieldDef f : e.fields()) {
                if (found != null) break;
                if (!RowConverter.IMPORTABLE.contains(f.type()) || !ctx.access().canEdit(e, f)) continue;
                if (normal(f.name()).equals(n)
                        || f.label().values().stream().anyMatch(l -> normal(l).equals(n))) {
                    found = f.name();
                }
            }
            out.add(found);
        }
        return out;
    }

    static String normal(String s) {
        String d =
                Normalizer.normalize(s == null ? "" : s, Normalizer.Form.NFKD).toLowerCase(Locale.ROOT);
        return d.replaceAll("[\\p{M}\\s_\\-.:*()/]+", "");
    }

    public JsonObject configure(RecordContext ctx, UUID id, JsonObject body) {
        Row imp = own(ctx, id);
        if (!imp.getString("status").equals("draft"))
            throw ApiProblem.conflict("import-started", "the import has started");
        EntityDef e = records.entity(ctx, imp.getString("entity"));
        JsonObject s = imp.getJsonObject("settings").copy();
        for (String k :
                List.of("encoding", "delimiter", "fields", "mode", "match", "dateFormat", "decimal", "workflows")) {
            if (body.containsKey(k)) s.put(k, body.getValue(k));
        }
        ImportChecks.check(ctx, e, s);
        pool.preparedQuery("UPDATE atrium.imports SET settings = $2 WHERE id = $1")
                .execute(Tuple.of(id, s))
                .await();
        return describe(ctx, id);
    }

    /** The import with its settings, headers, the first rows as they would be stored, and its progress. */
    public JsonObject describe(RecordContext ctx, UUID id) {
        Row imp = own(ctx, id);
        EntityDef e = records.entity(ctx, imp.getString("entity"));
        RowConverter.Settings settings = RowConverter.Settings.of(imp.getJsonObject("settings"));
        List<String> headers = new ArrayList<>();
        JsonArray preview = new JsonArray();
        RowConverter convert = new RowConverter(ctx, pool, e, settings);
        ImportFile.read(
                Chunks.stream(pool, id), imp.getString("format"), settings.encoding(), settings.delimiter(), line -> {
                    if (line.number() == 0) {
                        headers.addAll(line.cells());
                        return;
                    }
                    var c = convert.convert(headers, line.cells());
                    preview.add(new JsonObject()
                            .put("row", line.number())
                            .put("cells", new JsonArray(line.cells()))
                            .put("values", c.body())
                            .put("problems", new JsonArray(c.problems())));
                    if (line.number() == PREVIEW) throw new ImportFile.Stop();
                });
        JsonArray fields = new JsonArray();
        for (FieldDef f : e.fields()) {
            if (!RowConverter.IMPORTABLE.contains(f.type()) || !ctx.access().canEdit(e, f)) continue;
            fields.add(new JsonObject()
                    .put("name", f.name())
                    .put("type", f.type())
                    .put("label", new JsonObject(new java.util.LinkedHashMap<>(f.label())))
                    .put("unique", f.unique() || f.externalId()));
        }
        return new JsonObject()
                .put("id", id.toString())
                .put("entity", e.name())
                .put("fileName", imp.getString("file_name"))
                .put("format", imp.getString("format"))
                .put("status", imp.getString("status"))
                .put("settings", imp.getJsonObject("settings"))
                .put("headers", new JsonArray(headers))
                .put("fields", fields)
                .put("encodings", new JsonArray(ImportFile.ENCODINGS))
                .put("dateFormats", new JsonArray(DATE_FORMATS))
                .put("preview", preview)
                .put("progress", progress(imp));
    }

    static JsonObject progress(Row imp) {
        return new JsonObject()
                .put("status", imp.getString("status"))
                .put("processed", imp.getInteger("processed"))
                .put("total", imp.getInteger("total_rows"))
                .put("created", imp.getInteger("created_count"))
                .put("updated", imp.getInteger("updated_count"))
                .put("errors", imp.getInteger("error_count"))
                .put(
                        "finishedAt",
                        imp.getOffsetDateTime("finished_at") == null
                                ? null
                                : imp.getOffsetDateTime("finished_at").toString());
    }

    public JsonObject status(RecordContext ctx, UUID id) {
        return progress(own(ctx, id));
    }

    public JsonObject start(RecordContext ctx, UUID id) {
        Row imp = own(ctx, id);
        EntityDef e = records.entity(ctx, imp.getString("entity"));
        ImportChecks.check(ctx, e, imp.getJsonObject("settings"));
        RowConverter.Settings settings = RowConverter.Settings.of(imp.getJsonObject("settings"));
        int[] total = {0};
        ImportFile.read(
                Chunks.stream(pool, id),
                imp.getString("format"),
                settings.encoding(),
                settings.delimiter(),
                line -> total[0] = line.number());
        Tx.run(pool, conn -> {
            var r = conn.preparedQuery("UPDATE atrium.imports SET status = 'running', total_rows = $2 WHERE id = $1"
                            + " AND status = 'draft'")
                    .execute(Tuple.of(id, total[0]))
                    .await();
            if (r.rowCount() == 0) throw ApiProblem.conflict("import-started", "the import has started already");
            enqueue(conn, ctx.tenant().id(), id, 0);
            return null;
        });
        return status(ctx, id);
    }

    private static void enqueue(io.vertx.sqlclient.SqlClient conn, UUID tenant, UUID id, int from) {
        conn.preparedQuery("INSERT INTO atrium.jobs (tenant_id, kind, payload, idempotency_key) VALUES ($1, 'import',"
                        + " $2, $3) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(tenant, new JsonObject().put("import", id.toString()), "import:" + id + ":" + from))
                .await();
    }

    /** The job: runs as the person who started the import; hands over to a new job until it is done. */
    public JsonObject job(UUID tenantId, JsonObject payload) {
        UUID id = UUID.fromString(payload.getString("import"));
        var rows = pool.preparedQuery("SELECT created_by FROM atrium.imports WHERE id = $1 AND tenant_id = $2")
                .execute(Tuple.of(id, tenantId))
                .await();
        if (rows.size() == 0) return new JsonObject().put("skipped", "the import is gone");
        Principal p = auth.principalOf(rows.iterator().next().getUUID("created_by"), tenantId);
        var snap = metadata.snapshot(tenantId);
        RecordContext ctx = new RecordContext(tenants.byId(tenantId), p, snap, access.of(p, snap));
        boolean done = runner.run(ctx, id);
        if (!done) {
            int at = pool.preparedQuery("SELECT processed FROM atrium.imports WHERE id = $1")
                    .execute(Tuple.of(id))
                    .await()
                    .iterator()
                    .next()
                    .getInteger("processed");
            enqueue(pool, tenantId, id, at);
        }
        return new JsonObject().put("import", id.toString()).put("done", done);
    }

    /** The failed rows as a CSV file: the original columns and the reason in an extra last column. */
    public String errors(RecordContext ctx, UUID id) {
        Row imp = own(ctx, id);
        RowConverter.Settings settings = RowConverter.Settings.of(imp.getJsonObject("settings"));
        List<String> headers = new ArrayList<>();
        ImportFile.read(
                Chunks.stream(pool, id), imp.getString("format"), settings.encoding(), settings.delimiter(), line -> {
                    headers.addAll(line.cells());
                    throw new ImportFile.Stop();
                });
        StringWriter w = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(w, CSVFormat.RFC4180)) {
            List<String> head = new ArrayList<>(headers);
            head.add("error");
            p.printRecord(head);
            for (Row r : pool.preparedQuery(
                            "SELECT cells, message FROM atrium.import_errors WHERE import_id = $1" + " ORDER BY row_no")
                    .execute(Tuple.of(id))
                    .await()) {
                List<Object> cells = new ArrayList<>(r.getJsonArray("cells").getList());
                while (cells.size() < headers.size()) cells.add("");
                cells.add(r.getString("message"));
                p.printRecord(cells);
            }
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        return w.toString();
    }

    /** Undoes a finished import: created records go to the recycle bin, changed ones get their old values. */
    public JsonObject undo(RecordContext ctx, UUID id) {
        Row imp = own(ctx, id);
        if (!imp.getString("status").equals("done"))
            throw ApiProblem.conflict("import-not-done", "only a finished import can be undone");
        String entity = imp.getString("entity");
        int removed = 0;
        int restored = 0;
        for (Row r : pool.preparedQuery("SELECT record_id, action, before FROM atrium.import_records WHERE import_id"
                        + " = $1 ORDER BY row_no DESC")
                .execute(Tuple.of(id))
                .await()) {
            try {
                if (r.getString("action").equals("created")) {
                    records.recycleBin().delete(ctx, entity, r.getUUID("record_id"), null);
                    removed++;
                } else {
                    records.update(ctx, entity, r.getUUID("record_id"), r.getJsonObject("before"), null);
                    restored++;
                }
            } catch (ApiProblem gone) {
                // deleted or changed beyond recognition since: left as it is, counted below
            }
        }
        pool.preparedQuery("UPDATE atrium.imports SET status = 'undone' WHERE id = $1")
                .execute(Tuple.of(id))
                .await();
        return new JsonObject().put("removed", removed).put("restored", restored);
    }

    public JsonArray list(RecordContext ctx) {
        JsonArray out = new JsonArray();
        for (Row r : pool.preparedQuery("SELECT * FROM atrium.imports WHERE tenant_id = $1 AND (created_by = $2 OR $3)"
                        + " ORDER BY created_at DESC LIMIT 50")
                .execute(Tuple.of(
                        ctx.tenant().id(),
                        ctx.principal().userId(),
                        ctx.principal().admin()))
                .await()) {
            out.add(progress(r)
                    .put("id", r.getUUID("id").toString())
                    .put("entity", r.getString("entity"))
                    .put("fileName", r.getString("file_name"))
                    .put("createdAt", r.getOffsetDateTime("created_at").toString()));
        }
        return out;
    }

    /** The import, if it is the caller's (or the caller is an administrator); else 404. */
    private Row own(RecordContext ctx, UUID id) {
        for (Row r : pool.preparedQuery("SELECT * FROM atrium.imports WHERE id = $1 AND tenant_id = $2 AND"
                        + " (created_by = $3 OR $4)")
                .execute(Tuple.of(
                        id,
                        ctx.tenant().id(),
                        ctx.principal().userId(),
                        ctx.principal().admin()))
                .await()) {
            return r;
        }
        throw ApiProblem.notFound("no import " + id);
    }
}
