package dev.atrium.archive;

import dev.atrium.audit.ViewLog;
import dev.atrium.db.Tx;
import dev.atrium.files.FileStore;
import dev.atrium.metadata.MetadataStore;
import dev.atrium.metadata.model.MetadataSnapshot;
import dev.atrium.metadata.sql.Sql;
import dev.atrium.tenant.Tenant;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Cursor;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes one organisation as a ZIP archive, from one consistent snapshot of the database (a repeatable-read
 * transaction): its metadata, users (with their password hashes: keep an archive as safe as a backup),
 * access, packages, currencies, every table of its schema row by row (the recycle bin included), the
 * attached files, the autonumber counters, and its audit trail (kept in the archive; a restore starts a
 * new trail). Rows are streamed through a cursor, so an archive of any size is never whole in memory.
 * See {@link TenantRestore} for the way back.
 */
public final class TenantExport {
    private final Pool pool;
    private final FileStore files;
    private final ViewLog log;

    public TenantExport(Pool pool, FileStore files, ViewLog log) {
        this.pool = pool;
        this.files = files;
        this.log = log;
    }

    /** Writes the archive to {@code out} (not closed); returns its manifest. Awaits: virtual threads only. */
    public JsonObject write(Tenant t, UUID actor, OutputStream out) {
        JsonObject manifest = Tx.run(pool, conn -> {
            conn.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                    .execute()
                    .await();
            return zip(conn, t, out);
        });
        log.record(t.id(), actor, null, null, "archive_export", null, null, manifest.getJsonObject("counts"));
        return manifest;
    }

    private JsonObject zip(SqlConnection conn, Tenant t, OutputStream out) {
        try {
            ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
            MetadataSnapshot snap = MetadataStore.latest(conn, t.id());
            put(zip, "metadata.json", MetadataStore.documents(snap).encodePrettily());
            Map<String, Long> counts = new LinkedHashMap<>();
            for (String table : ArchiveTables.ORDER)
                counts.put(table, lines(conn, zip, "atrium/" + table + ".jsonl", ArchiveTables.select(table), t.id()));
            for (Row r : conn.preparedQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = $1"
                            + " AND table_type = 'BASE TABLE' ORDER BY table_name")
                    .execute(Tuple.of(t.schema()))
                    .await()) {
                String table = r.getString(0);
                counts.put(
                        "records/" + table,
                        lines(
                                conn,
                                zip,
                                "records/" + table + ".jsonl",
                                "SELECT to_jsonb(x) AS j FROM " + Sql.table(t.schema(), table) + " x",
                                null));
            }
            JsonObject sequences = new JsonObject();
            for (Row r : conn.preparedQuery("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = $1")
                    .execute(Tuple.of(t.schema()))
                    .await()) {
                if (r.getLong(1) != null) sequences.put(r.getString(0), r.getLong(1));
            }
            put(zip, "sequences.json", sequences.encodePrettily());
            counts.put("files", files(conn, zip, t));
            counts.put(
                    "audit",
                    lines(
                            conn,
                            zip,
                            "audit.jsonl",
                            "SELECT to_jsonb(x) - 'changes_hash' - 'prev_hash'"
                                    + " - 'hash' AS j FROM atrium.audit_log x WHERE x.tenant_id = $1 ORDER BY x.id",
                            t.id()));
            JsonObject manifest = new JsonObject()
                    .put("format", "atrium-archive")
                    .put("formatVersion", ArchiveTables.FORMAT)
                    .put("tenant", new JsonObject().put("slug", t.slug()).put("name", t.name()))
                    .put("metadataVersion", snap.version())
                    .put("exportedAt", Instant.now().toString())
                    .put("counts", new JsonObject(new LinkedHashMap<>(counts)));
            put(zip, "manifest.json", manifest.encodePrettily());
            zip.finish();
            return manifest;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One JSON object per line, read through a cursor 1,000 rows at a time. */
    private static long lines(SqlConnection conn, ZipOutputStream zip, String name, String sql, UUID tenant)
            throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        long n = 0;
        Cursor cursor = conn.prepare(sql).await().cursor(tenant == null ? Tuple.tuple() : Tuple.of(tenant));
        try {
            do {
                for (Row r : cursor.read(1000).await()) {
                    zip.write(r.getJsonObject("j").encode().getBytes(StandardCharsets.UTF_8));
                    zip.write('\n');
                    n++;
                }
            } while (cursor.hasMore());
        } finally {
            cursor.close().await();
        }
        zip.closeEntry();
        return n;
    }

    private long files(SqlConnection conn, ZipOutputStream zip, Tenant t) throws IOException {
        Set<String> digests = new LinkedHashSet<>();
        for (Row r : conn.preparedQuery("SELECT DISTINCT sha256 FROM atrium.attachments WHERE tenant_id = $1")
                .execute(Tuple.of(t.id()))
                .await()) digests.add(r.getString(0).trim());
        long n = 0;
        for (String sha : digests) {
            try (InputStream in = files.get(t.id(), sha)) {
                if (in == null) continue;
                zip.putNextEntry(new ZipEntry("files/" + sha));
                in.transferTo(zip);
                zip.closeEntry();
                n++;
            }
        }
        return n;
    }

    private static void put(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}
