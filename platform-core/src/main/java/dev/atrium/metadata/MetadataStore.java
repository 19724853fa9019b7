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

    /** The latest deployed snapshot of a tenant (version 0 and no entities before the first deployment). */
    public static MetadataSnapshot latest(SqlClient db, UUID tenant) {
        for (Row r : db.preparedQuery(
                        "SELECT version, documents FROM atrium.metadata_versions WHERE tenant_id = $1 ORDER "
                                + "BY version DESC LIMIT 1")
                .execute(Tuple.of(tenant))
                .await()) {
            return MetadataSnapshot.of(r.getLong("version"), parse(r.getJsonArray("documents")));
        }
        return MetadataSnapshot.EMPTY;
    }

    public static MetadataSnapshot version(SqlClient db, UUID tenant, long version) {
        for (Row r : db.preparedQuery(
                        "SELECT version, documents FROM atrium.metadata_versions WHERE tenant_id = $1 AND version = $2")
                .execute(Tuple.of(tenant, version))
                .await()) {
            return MetadataSnapshot.of(r.getLong("version"), parse(r.getJsonArray("documents")));
        }
        return null;
    }

    public static List<EntityDef> parse(JsonArray documents) {
        List<EntityDef> out = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            out.add(SharedDefinitions.of(
                    documents.getJsonObject(i).encode(), json -> MetadataReader.entity(MetadataReader.parse(json))));
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
