package dev.atrium.metadata;

import dev.atrium.metadata.io.MetadataReader;
import dev.atrium.metadata.io.MetadataWriter;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.MetadataSnapshot;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/** Reads and writes deployed metadata versions ({@code atrium.metadata_versions}). Awaits: virtual threads only. */
public final class MetadataStore {
    private MetadataStore() {}

    /**
     * The latest deployed snapshot of a tenant (version 0 and no entities before the first deployment).
     * PostgreSQL hashes each entity document; only documents no organisation on this node has in use are
     * fetched and parsed, so loading an organisation whose package is shared with others reads a few
     * hashes, not its whole metadata.
     */
    public static MetadataSnapshot latest(SqlClient db, UUID tenant) {
        return load(db, tenant, "ORDER BY version DESC LIMIT 1", Tuple.of(tenant));
    }

    public static MetadataSnapshot version(SqlClient db, UUID tenant, long version) {
        MetadataSnapshot s = load(db, tenant, "AND version = $2", Tuple.of(tenant, version));
        return s == MetadataSnapshot.EMPTY ? null : s;
    }

    private static MetadataSnapshot load(SqlClient db, UUID tenant, String which, Tuple params) {
        for (Row r : db.preparedQuery("SELECT version, ARRAY(SELECT md5(d::text) FROM jsonb_array_elements(documents)"
                        + " WITH ORDINALITY AS x(d, n) ORDER BY n) AS hashes FROM atrium.metadata_versions WHERE "
                        + "tenant_id = $1 " + which)
                .execute(params)
                .await()) {
            long version = r.getLong("version");
            String[] hashes = r.getArrayOfStrings("hashes");
            EntityDef[] defs = new EntityDef[hashes.length];
            boolean missing = false;
            for (int i = 0; i < hashes.length; i++) {
                defs[i] = SharedDefinitions.get(hashes[i]);
                missing |= defs[i] == null;
            }
            if (missing) {
                JsonArray documents = db.preparedQuery(
                                "SELECT documents FROM atrium.metadata_versions WHERE tenant_id = $1 AND version = $2")
                        .execute(Tuple.of(tenant, version))
                        .await()
                        .iterator()
                        .next()
                        .getJsonArray("documents");
                for (int i = 0; i < defs.length; i++) {
                    if (defs[i] == null)
                        defs[i] = SharedDefinitions.of(
                                hashes[i], documents.getJsonObject(i).encode(), MetadataStore::entity);
                }
            }
            return MetadataSnapshot.of(version, List.of(defs));
        }
        return MetadataSnapshot.EMPTY;
    }

    private static EntityDef entity(String json) {
        return MetadataReader.entity(MetadataReader.parse(json));
    }

    public static List<EntityDef> parse(JsonArray documents) {
        List<EntityDef> out = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            out.add(entity(documents.getJsonObject(i).encode()));
        }
        return out;
    }

    /** Documents as stored: the sparse JSON of each entity, sorted by name. */
    public static JsonArray documents(MetadataSnapshot snapshot) {
        JsonArray arr = new JsonArray();
        for (EntityDef e : snapshot.entities()) {
            arr.add(new io.vertx.core.json.JsonObject(MetadataWriter.json(MetadataWriter.entity(e, null, true))));
        }
        return arr;
    }

    /** A checksum of the documents: equal checksums mean nothing to deploy. */
    public static String checksum(JsonArray documents) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(documents.encode().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
