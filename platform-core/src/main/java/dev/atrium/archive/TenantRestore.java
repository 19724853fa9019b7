package dev.atrium.archive;

import dev.atrium.audit.ViewLog;
import dev.atrium.auth.ServicePrincipals;
import dev.atrium.db.Tx;
import dev.atrium.deploy.DeploymentRequest;
import dev.atrium.deploy.DeploymentService;
import dev.atrium.files.FileStore;
import dev.atrium.internal.ApiProblem;
import dev.atrium.metadata.MetadataStore;
import dev.atrium.metadata.io.MetadataReader;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.model.MetadataSnapshot;
import dev.atrium.metadata.sql.Sql;
import dev.atrium.metadata.validate.MetadataDocument;
import dev.atrium.tenant.Tenant;
import dev.atrium.tenant.TenantService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Restores an archive written by {@link TenantExport} into a new organisation, all or nothing: the
 * metadata is deployed, then every row goes in within one transaction whose foreign keys are checked at
 * commit (records may point at each other in any order); anything that fails removes the new
 * organisation again. Users, roles, groups, permission sets, sharing rules and attachments get new ids
 * (so an archive can be restored beside its original, as a copy), and every reference to them, in the
 * records too, follows. Records keep their ids, numbers, versions and dates; each is written to the new
 * audit trail once, as restored, and starts no workflow. The archive's own audit trail stays in the archive.
 */
public final class TenantRestore {
    private static final Set<String> PEOPLE =
            Set.of("user_id", "created_by", "updated_by", "owner_id", "installed_by", "granted_by", "deployed_by");
    private final Pool pool;
    private final TenantService tenants;
    private final DeploymentService deployments;
    private final FileStore files;
    private final ViewLog log;

    public TenantRestore(
            Pool pool, TenantService tenants, DeploymentService deployments, FileStore files, ViewLog log) {
        this.pool = pool;
        this.tenants = tenants;
        this.deployments = deployments;
        this.files = files;
        this.log = log;
    }

    /** Restores {@code archive} as the new organisation {@code slug}; returns what was restored. */
    public JsonObject restore(Path archive, String slug, String name) {
        try (ZipFile zip = new ZipFile(archive.toFile(), StandardCharsets.UTF_8)) {
            JsonObject manifest = manifest(zip);
            if (tenants.bySlug(slug).isPresent())
                throw ApiProblem.conflict(
                        "tenant-exists", "the organisation " + slug + " exists: restore into a new one");
            String title =
                    name != null ? name : manifest.getJsonObject("tenant").getString("name", slug);
            Tenant t = tenants.create(slug, title);
            try {
                // people and access first: the metadata may name roles and groups (approvals, notifications)
                JsonObject counts = new JsonObject().put("files", files(zip, t));
                Map<UUID, UUID> ids = new HashMap<>();
                Tx.run(pool, conn -> people(conn, zip, t, counts, ids));
                deploy(zip, t);
                Tx.run(pool, conn -> load(conn, zip, t, counts, ids));
                constraints(t, false);
                log.record(
                        t.id(),
                        ServicePrincipals.RESTORE,
                        null,
                        null,
                        "archive_restore",
                        null,
                        null,
                        counts.copy()
                                .put("from", manifest.getJsonObject("tenant").getString("slug")));
                return new JsonObject().put("tenant", slug).put("counts", counts);
            } catch (RuntimeException failed) {
                tenants.drop(t);
                throw failed;
            }
        } catch (IOException e) {
            throw ApiProblem.badRequest("the archive cannot be read: " + e.getMessage());
        }
    }

    private static JsonObject manifest(ZipFile zip) throws IOException {
        ZipEntry e = zip.getEntry("manifest.json");
        if (e == null) throw ApiProblem.badRequest("not an Atrium archive: it has no manifest.json");
        JsonObject m;
        try (InputStream in = zip.getInputStream(e)) {
            m = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (RuntimeException bad) {
            throw ApiProblem.badRequest("not an Atrium archive: manifest.json is not JSON");
        }
        if (!"atrium-archive".equals(m.getString("format")))
            throw ApiProblem.badRequest("not an Atrium archive (format " + m.getValue("format") + ")");
        if (m.getInteger("formatVersion", 0) > ArchiveTables.FORMAT)
            throw ApiProblem.badRequest("the archive was written by a newer Atrium (format "
                    + m.getInteger("formatVersion") + "); upgrade this installation first");
        return m;
    }

    private void deploy(ZipFile zip, Tenant t) throws IOException {
        JsonArray documents = new JsonArray(text(zip, "metadata.json"));
        if (documents.isEmpty()) return;
        List<MetadataDocument> docs = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            JsonObject d = documents.getJsonObject(i);
            docs.add(new MetadataDocument(d.getString("name"), MetadataReader.parse(d.encode())));
        }
        deployments.deploy(t, new DeploymentRequest(docs, true, List.of(), false, false, ServicePrincipals.RESTORE));
    }

    private long files(ZipFile zip, Tenant t) throws IOException {
        long n = 0;
        for (ZipEntry e : java.util.Collections.list(zip.entries())) {
            if (!e.getName().startsWith("files/")) continue;
            String sha = e.getName().substring("files/".length());
            if (!sha.matches("[0-9a-f]{64}"))
                throw ApiProblem.badRequest("the archive has a strange file " + e.getName());
            try (InputStream in = zip.getInputStream(e)) {
                files.put(t.id(), sha, in.readAllBytes());
            }
            n++;
        }
        return n;
    }

    private Void people(SqlConnection conn, ZipFile zip, Tenant t, JsonObject counts, Map<UUID, UUID> ids)
            throws IOException {
        for (String table : ArchiveTables.ORDER) {
            Set<String> columns = columns(conn, "atrium", table);
            long n = 0;
            for (JsonObject row : rows(zip, "atrium/" + table + ".jsonl")) {
                remap(table, row, t, ids);
                row.fieldNames().retainAll(columns);
                insert(conn, Sql.table("atrium", table), List.of(row), List.copyOf(row.fieldNames()));
                n++;
            }
            counts.put(table, n);
        }
        return null;
    }

    private Void load(SqlConnection conn, ZipFile zip, Tenant t, JsonObject counts, Map<UUID, UUID> ids)
            throws IOException {
        conn.preparedQuery("SELECT set_config('atrium.ctx', $1, true)")
                .execute(Tuple.of(new JsonObject()
                        .put("tenant", t.id().toString())
                        .put("actor", ServicePrincipals.RESTORE.toString())
                        .put("quiet", true)
                        .encode()))
                .await();
        constraints(conn, t, true);
        conn.query("SET CONSTRAINTS ALL DEFERRED").execute().await();
        MetadataSnapshot snap = MetadataStore.latest(conn, t.id());
        for (ZipEntry e : java.util.Collections.list(zip.entries())) {
            if (!e.getName().startsWith("records/") || !e.getName().endsWith(".jsonl")) continue;
            String table =
                    e.getName().substring("records/".length(), e.getName().length() - ".jsonl".length());
            counts.put("records/" + table, records(conn, zip, e, t, table, snap, ids));
        }
        JsonObject sequences = new JsonObject(text(zip, "sequences.json"));
        Set<String> known = new java.util.HashSet<>();
        for (Row r : conn.preparedQuery("SELECT sequencename FROM pg_sequences WHERE schemaname = $1")
                .execute(Tuple.of(t.schema()))
                .await()) known.add(r.getString(0));
        for (String s : sequences.fieldNames()) {
            if (!known.contains(s)) continue;
            conn.preparedQuery("SELECT setval($1::regclass, $2)")
                    .execute(Tuple.of(Sql.table(t.schema(), s), sequences.getLong(s)))
                    .await();
        }
        return null;
    }

    /** One table of the schema, 500 rows to a statement; a table the metadata no longer has is left out. */
    private static long records(
            SqlConnection conn,
            ZipFile zip,
            ZipEntry e,
            Tenant t,
            String table,
            MetadataSnapshot snap,
            Map<UUID, UUID> ids)
            throws IOException {
        Set<String> columns = columns(conn, t.schema(), table);
        if (columns.isEmpty()) return 0;
        Set<String> people = new java.util.HashSet<>(PEOPLE);
        EntityDef entity = snap.entity(table).orElse(null);
        if (entity != null)
            for (FieldDef f : entity.fields())
                if (f.type().equals("user") || f.type().equals("file")) people.add(f.name());
        long n = 0;
        List<JsonObject> batch = new ArrayList<>();
        List<String> cols = null;
        try (BufferedReader in = reader(zip, e)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank()) continue;
                JsonObject row = new JsonObject(line);
                for (String k : people) if (row.getValue(k) instanceof String s) row.put(k, map(ids, s));
                row.fieldNames().retainAll(columns);
                if (cols == null) cols = List.copyOf(row.fieldNames());
                batch.add(row);
                if (batch.size() == 500) {
                    insert(conn, Sql.table(t.schema(), table), batch, cols);
                    n += batch.size();
                    batch.clear();
                }
            }
        }
        if (!batch.isEmpty()) insert(conn, Sql.table(t.schema(), table), batch, cols);
        return n + batch.size();
    }

    private static void insert(SqlConnection conn, String table, List<JsonObject> rows, List<String> cols) {
        if (cols.isEmpty()) return;
        String list = String.join(", ", cols.stream().map(Sql::ident).toList());
        String target = table;
        conn.preparedQuery("INSERT INTO " + target + " (" + list + ") SELECT " + list
                        + " FROM jsonb_populate_recordset(NULL::" + target + ", $1::jsonb)")
                .execute(Tuple.of(new JsonArray(new ArrayList<>(rows))))
                .await();
    }

    /** New ids for the organisation's people and access, and every reference between them following. */
    private static void remap(String table, JsonObject row, Tenant t, Map<UUID, UUID> ids) {
        if (row.containsKey("tenant_id")) row.put("tenant_id", t.id().toString());
        if (Set.of("roles", "groups", "users", "permission_sets", "sharing_rules", "attachments")
                .contains(table)) {
            UUID fresh = UUID.randomUUID();
            ids.put(UUID.fromString(row.getString("id")), fresh);
            row.put("id", fresh.toString());
        }
        for (String k : List.of("parent_id", "role_id", "group_id", "permission_set_id"))
            if (row.getValue(k) instanceof String s) row.put(k, map(ids, s));
        for (String k : PEOPLE) if (row.getValue(k) instanceof String s) row.put(k, map(ids, s));
        if (table.equals("users")) {
            row.put("is_operator", false);
            row.put("failed_logins", 0);
            row.putNull("locked_until");
        }
    }

    private static String map(Map<UUID, UUID> ids, String id) {
        try {
            UUID to = ids.get(UUID.fromString(id));
            return to == null ? id : to.toString();
        } catch (IllegalArgumentException notAnId) {
            return id;
        }
    }

    /** Foreign keys of the organisation's schema checked at commit while it is filled, then at once again. */
    private void constraints(Tenant t, boolean deferred) {
        Tx.run(pool, conn -> {
            constraints(conn, t, deferred);
            return null;
        });
    }

    private static void constraints(SqlConnection conn, Tenant t, boolean deferred) {
        for (Row r : conn.preparedQuery("SELECT cl.relname, c.conname FROM pg_constraint c JOIN pg_class cl ON"
                        + " cl.oid = c.conrelid JOIN pg_namespace ns ON ns.oid = cl.relnamespace WHERE ns.nspname = $1"
                        + " AND c.contype = 'f'")
                .execute(Tuple.of(t.schema()))
                .await()) {
            conn.query("ALTER TABLE " + Sql.table(t.schema(), r.getString(0)) + " ALTER CONSTRAINT "
                            + Sql.ident(r.getString(1))
                            + (deferred ? " DEFERRABLE INITIALLY DEFERRED" : " NOT DEFERRABLE"))
                    .execute()
                    .await();
        }
    }

    private static Set<String> columns(SqlConnection conn, String schema, String table) {
        Set<String> out = new java.util.LinkedHashSet<>();
        for (Row r : conn.preparedQuery("SELECT column_name FROM information_schema.columns WHERE table_schema = $1"
                        + " AND table_name = $2 AND is_generated = 'NEVER'")
                .execute(Tuple.of(schema, table))
                .await()) out.add(r.getString(0));
        return out;
    }

    private static List<JsonObject> rows(ZipFile zip, String name) throws IOException {
        ZipEntry e = zip.getEntry(name);
        List<JsonObject> out = new ArrayList<>();
        if (e == null) return out;
        try (BufferedReader in = reader(zip, e)) {
            for (String line = in.readLine(); line != null; line = in.readLine())
                if (!line.isBlank()) out.add(new JsonObject(line));
        }
        return out;
    }

    private static BufferedReader reader(ZipFile zip, ZipEntry e) throws IOException {
        return new BufferedReader(new InputStreamReader(zip.getInputStream(e), StandardCharsets.UTF_8));
    }

    private static String text(ZipFile zip, String name) throws IOException {
        ZipEntry e = zip.getEntry(name);
        if (e == null) throw ApiProblem.badRequest("the archive has no " + name);
        try (InputStream in = zip.getInputStream(e)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
