package dev.atrium.metadata;

import dev.atrium.db.Notifications;
import dev.atrium.metadata.model.MetadataSnapshot;
import io.vertx.sqlclient.Pool;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live metadata snapshot of each tenant, swapped whole when a deployment commits. Other nodes learn
 * of a deployment through PostgreSQL LISTEN/NOTIFY on {@value #CHANNEL} (payload {@code tenantId:version})
 * and reload that tenant's snapshot.
 */
public final class MetadataRegistry {
    public static final String CHANNEL = "atrium_metadata";
    private static final Logger LOG = LoggerFactory.getLogger(MetadataRegistry.class);

    private final Pool pool;
    private final Map<UUID, MetadataSnapshot> snapshots = new ConcurrentHashMap<>();

    public MetadataRegistry(Pool pool) {
        this.pool = pool;
    }

    /** Listens for deployments made by other nodes. */
    public void listen(Notifications notifications) {
        notifications.on(CHANNEL, payload -> {
            String[] parts = payload.split(":");
            UUID tenant = UUID.fromString(parts[0]);
            long version = Long.parseLong(parts[1]);
            MetadataSnapshot current = snapshots.get(tenant);
            if (current == null || current.version() < version) {
                snapshots.remove(tenant);
                LOG.info("metadata of tenant {} changed to version {} on another node; reloading", tenant, version);
            }
        });
    }

    /** The tenant's current snapshot; loads it on first use. Awaits: virtual threads only. */
    public MetadataSnapshot snapshot(UUID tenant) {
        MetadataSnapshot s = snapshots.get(tenant);
        if (s != null) return s;
        MetadataSnapshot loaded = MetadataStore.latest(pool, tenant);
        return snapshots.merge(tenant, loaded, (a, b) -> a.version() >= b.version() ? a : b);
    }

    /** Installs a newly committed snapshot (never goes back to an older version). */
    public void install(UUID tenant, MetadataSnapshot snapshot) {
        snapshots.merge(tenant, snapshot, (a, b) -> a.version() >= b.version() ? a : b);
    }
}
