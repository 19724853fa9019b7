package dev.atrium.packages;

import dev.atrium.internal.ApiProblem;
import dev.atrium.metadata.io.MetadataReader;
import dev.atrium.metadata.packages.PackageDef;
import dev.atrium.metadata.packages.PackageFiles;
import dev.atrium.metadata.packages.PackageReader;
import dev.atrium.metadata.packages.Versions;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The package versions an installation can install: those bundled with the platform ({@code templates/}
 * on the classpath, read once) and those added by platform operators (kept in the database, so every node
 * sees them). A version, once known, never changes: publish a fix as a new version.
 */
public final class PackageCatalog {
    private final Pool pool;
    private volatile Map<String, PackageDef> bundled;

    public PackageCatalog(Pool pool) {
        this.pool = pool;
    }

    /** Every known version of every package, by id (versions ascending). */
    public Map<String, List<PackageDef>> all() {
        Map<String, List<PackageDef>> out = new TreeMap<>();
        for (PackageDef p : bundled().values())
            out.computeIfAbsent(p.id(), k -> new ArrayList<>()).add(p);
        for (Row r : pool.query("SELECT content FROM atrium.package_catalog")
                .execute()
                .await()) {
            PackageDef p = PackageDef.fromJson(r.getJsonObject("content").encode());
            out.computeIfAbsent(p.id(), k -> new ArrayList<>()).add(p);
        }
        out.values().forEach(l -> l.sort((a, b) -> Versions.compare(a.version(), b.version())));
        return out;
    }

    /** A version of a package (the newest when {@code version} is null), or 404. */
    public PackageDef find(String id, String version) {
        List<PackageDef> versions = all().getOrDefault(id, List.of());
        if (versions.isEmpty()) throw ApiProblem.notFound("there is no package \"" + id + "\"");
        if (version == null) return versions.get(versions.size() - 1);
        for (PackageDef p : versions) if (p.version().equals(version)) return p;
        throw ApiProblem.notFound("package " + id + " has no version " + version + "; known: "
                + String.join(", ", versions.stream().map(PackageDef::version).toList()));
    }

    /** The newest version of a package in {@code range}, or null. */
    public PackageDef newest(String id, String range) {
        List<PackageDef> versions = all().getOrDefault(id, List.of());
        String v = Versions.newest(versions.stream().map(PackageDef::version).toList(), range)
                .orElse(null);
        return v == null ? null : find(id, v);
    }

    /**
     * Adds a version to the catalog (an operator's upload, or a directory given to the command line). The
     * same content again is fine; different content under a known version is refused.
     */
    public void add(SqlClient db, PackageDef p, UUID actor) {
        for (PackageDef known : all().getOrDefault(p.id(), List.of())) {
            if (!known.version().equals(p.version())) continue;
            if (dev.atrium.metadata.merge.Trees.same(tree(known), tree(p))) return;
            throw ApiProblem.conflict(
                    "package-version-exists",
                    "package " + p.id() + " " + p.version() + " is already known with other content; publish the"
                            + " change as a new version");
        }
        db.preparedQuery("INSERT INTO atrium.package_catalog (package_id, version, content, added_by)"
                        + " VALUES ($1, $2, $3, $4)")
                .execute(Tuple.of(p.id(), p.version(), new JsonObject(p.toJson()), actor))
                .await();
    }

    private static Object tree(PackageDef p) {
        return MetadataReader.plain(MetadataReader.parse(p.toJson()));
    }

    private Map<String, PackageDef> bundled() {
        Map<String, PackageDef> b = bundled;
        if (b != null) return b;
        Map<String, PackageDef> read = new LinkedHashMap<>();
        try (InputStream in = PackageCatalog.class.getClassLoader().getResourceAsStream("templates/packages.json")) {
            if (in != null) {
                for (var id : MetadataReader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8))) {
                    PackageDef p = PackageReader.read(PackageFiles.classpath("templates/" + id.asString()));
                    read.put(p.id() + "@" + p.version(), p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        bundled = read;
        return read;
    }
}
