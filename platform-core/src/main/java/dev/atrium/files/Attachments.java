package dev.atrium.files;

import dev.atrium.audit.ViewLog;
import dev.atrium.internal.ApiProblem;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.record.RecordContext;
import dev.atrium.record.RecordService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Files attached to records. Attaching needs edit access to the record, seeing and downloading needs read
 * access — checked on every call, so a record in the recycle bin (or out of the reader's reach) hides its
 * files. The type is read from the bytes; only real images may be shown inline. Limits: 25 MB a file,
 * 2 GB an organisation. Attaching, removing and downloading are written to the audit trail.
 */
public final class Attachments {
    public static final long MAX_FILE = 25L * 1024 * 1024;
    public static final long MAX_TENANT = 2L * 1024 * 1024 * 1024;
    private final Pool pool;
    private final RecordService records;
    private final FileStore store;
    private final ViewLog log;
    private volatile Scanner scanner = (ctx, entity, recordId, name, type, data) -> {};

    /**
     * Looks at a file before it is stored (the plugins' upload scanners); refuses it by throwing an
     * {@link ApiProblem}.
     */
    public interface Scanner {
        void scan(RecordContext ctx, String entity, UUID recordId, String name, String type, byte[] data);
    }

    public Attachments(Pool pool, RecordService records, FileStore store, ViewLog log) {
        this.pool = pool;
        this.records = records;
        this.store = store;
        this.log = log;
    }

    public void setScanner(Scanner scanner) {
        this.scanner = scanner;
    }

    /** A file to send: its row and its bytes. */
    public record Download(JsonObject file, InputStream bytes) {}

    public JsonObject attach(RecordContext ctx, String entity, UUID recordId, String name, byte[] data) {
        EntityDef e = records.entity(ctx, entity);
        records.visible(pool, ctx, e, recordId, true);
        if (data.length == 0) throw ApiProblem.invalidField("/", "the file is empty");
        if (data.length > MAX_FILE) {
            throw new ApiProblem(413, "file-too-large", "File too large", "a file may be at most 25 MB", null, null);
        }
        long used = pool.preparedQuery("SELECT coalesce(sum(size), 0) AS n FROM atrium.attachments WHERE tenant_id = $1"
                        + " AND deleted_at IS NULL")
                .execute(Tuple.of(ctx.tenant().id()))
                .await()
                .iterator()
                .next()
                .getLong("n");
        if (used + data.length > MAX_TENANT) {
            throw new ApiProblem(
                    413,
                    "storage-full",
                    "Storage full",
                    "the organisation's 2 GB for attachments is used up; remove files first",
                    null,
                    null);
        }
        String type = Sniff.type(Arrays.copyOf(data, Math.min(data.length, 8192)));
        String clean = clean(name);
        scanner.scan(ctx, e.name(), recordId, clean, type, data);
        String sha = sha256(data);
        store.put(ctx.tenant().id(), sha, data);
        UUID id = UUID.randomUUID();
        Row r = pool.preparedQuery(
                        "INSERT INTO atrium.attachments (id, tenant_id, entity, record_id, name, content_type,"
                                + " size, sha256, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *")
                .execute(Tuple.wrap(new ArrayList<>(Arrays.asList(
                        id,
                        ctx.tenant().id(),
                        e.name(),
                        recordId,
                        clean,
                        type,
                        (long) data.length,
                        sha,
                        ctx.principal().userId()))))
                .await()
                .iterator()
                .next();
        log.record(
                ctx.tenant().id(),
                ctx.principal().userId(),
                ctx.ip(),
                ctx.userAgent(),
                "attach",
                e.name(),
                recordId,
                new JsonObject()
                        .put("file", id.toString())
                        .put("name", clean)
                        .put("size", data.length)
                        .put("sha256", sha));
        return json(r);
    }

    /** A name safe to show and to put in a header: no path, no control characters, at most 255 characters. */
    static String clean(String name) {
        String n = name == null ? "" : name.replace('\\', '/');
        n = n.substring(n.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}\"]", "").trim();
        if (n.isEmpty()) n = "file";
        return n.length() > 255 ? n.substring(0, 255) : n;
    }

    public JsonArray list(RecordContext ctx, String entity, UUID recordId) {
        EntityDef e = records.entity(ctx, entity);
        records.visible(pool, ctx, e, recordId, false);
        JsonArray out = new JsonArray();
        for (Row r : pool.preparedQuery("SELECT * FROM atrium.attachments WHERE tenant_id = $1 AND entity = $2 AND"
                        + " record_id = $3 AND deleted_at IS NULL ORDER BY created_at DESC")
                .execute(Tuple.of(ctx.tenant().id(), e.name(), recordId))
                .await()) {
            out.add(json(r));
        }
        return out;
    }

    /** A file's description (name, type, size, image or not) for someone who may read its record. */
    public JsonObject info(RecordContext ctx, UUID fileId) {
        Row r = row(ctx, fileId);
        records.visible(pool, ctx, records.entity(ctx, r.getString("entity")), r.getUUID("record_id"), false);
        return json(r);
    }

    public Download download(RecordContext ctx, UUID fileId) {
        Row r = row(ctx, fileId);
        EntityDef e = records.entity(ctx, r.getString("entity"));
        records.visible(pool, ctx, e, r.getUUID("record_id"), false);
        InputStream in = store.get(ctx.tenant().id(), r.getString("sha256"));
        if (in == null) throw ApiProblem.notFound("the file's content is missing from the store");
        log.record(
                ctx.tenant().id(),
                ctx.principal().userId(),
                ctx.ip(),
                ctx.userAgent(),
                "download",
                e.name(),
                r.getUUID("record_id"),
                new JsonObject().put("file", fileId.toString()).put("name", r.getString("name")));
        return new Download(json(r), in);
    }

    public void remove(RecordContext ctx, UUID fileId) {
        Row r = row(ctx, fileId);
        EntityDef e = records.entity(ctx, r.getString("entity"));
        records.visible(pool, ctx, e, r.getUUID("record_id"), true);
        pool.preparedQuery("UPDATE atrium.attachments SET deleted_at = now() WHERE id = $1")
                .execute(Tuple.of(fileId))
                .await();
        log.record(
                ctx.tenant().id(),
                ctx.principal().userId(),
                ctx.ip(),
                ctx.userAgent(),
                "detach",
                e.name(),
                r.getUUID("record_id"),
                new JsonObject().put("file", fileId.toString()).put("name", r.getString("name")));
    }

    private Row row(RecordContext ctx, UUID fileId) {
        for (Row r : pool.preparedQuery(
                        "SELECT * FROM atrium.attachments WHERE id = $1 AND tenant_id = $2 AND" + " deleted_at IS NULL")
                .execute(Tuple.of(fileId, ctx.tenant().id()))
                .await()) {
            return r;
        }
        throw ApiProblem.notFound("no file " + fileId);
    }

    static JsonObject json(Row r) {
        String type = r.getString("content_type");
        return new JsonObject()
                .put("id", r.getUUID("id").toString())
                .put("entity", r.getString("entity"))
                .put("record", r.getUUID("record_id").toString())
                .put("name", r.getString("name"))
                .put("contentType", type)
                .put("image", Sniff.image(type))
                .put("size", r.getLong("size"))
                .put("sha256", r.getString("sha256"))
                .put("createdBy", r.getUUID("created_by").toString())
                .put("createdAt", r.getOffsetDateTime("created_at").toString());
    }

    public static boolean inlineAllowed(JsonObject file) {
        return Sniff.image(file.getString("contentType"));
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a download fully (attachments are at most 25 MB). */
    public static byte[] bytes(Download d) {
        try (InputStream in = d.bytes()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
