package dev.atrium.metadata;

import dev.atrium.db.Notifications;
import dev.atrium.internal.BoundedCache;
import dev.atrium.metadata.model.MetadataSnapshot;
import io.vertx.sqlclient.Pool;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live metadata snapshot of each tenant, swapped whole when a deployment commits. Other nodes learn
 * of a deployment through PostgreSQL LISTEN/NOTIFY on {@value #CHANNEL} (payload
 * {@code tenantId:version:node}) and reload that tenant's snapshot; the deploying node installs its own.
 */
public final class MetadataRegistry {
    public static final String CHANNEL = "atrium_metadata";
    private static final Logger LOG = LoggerFactory.getLogger(MetadataRegistry.class);

    private final Pool pool;
    private final String node = UUID.randomUUID().toString();
    /**
     * Organisations' snapshots held in memory at once (ATRIUM_METADATA_CACHE, default 1000): a node
     * serving a thousand organisations keeps the ones in use; an idle one is loaded again on its next
     * request (a few milliseconds).
     */
    public static final int CACHED_TENANTS = Integer.getInteger(
            "atrium.metadata.cache", Integer.parseInt(System.getenv().getOrDefault("ATRIUM_METADATA_CACHE", "1000")));

    private final BoundedCache<UUID, MetadataSnapshot> snapshots = new BoundedCache<>(CACHED_TENANTS);

    public MetadataRegistry(Pool pool) {
        this.pool = pool;
    }

    /** Listens for deployments made by other nodes. */
    public void listen(Notifications notifications) {
        notifications.onReconnect(() -> {
            LOG.info("listening again after a lost connection: metadata is loaded anew");
            snapshots.clear();
        });
        notifications.on(CHANNEL, payload -> {
            String[] parts = payload.split(":");
            UUID tenant = UUID.fromString(parts[0]);
            long version = Long.parseLong(parts[1]);
            boolean own = parts.length > 2 && parts[2].equals(node);
            MetadataSnapshot current = snapshots.get(tenant);
            if (current == null || current.version() < version) {
                snapshots.remove(tenant);
                if (!own) LOG.info("metadata of tenant {} changed to version {} on another node", tenant, version);
            }
        });
    }

    /** The notification payload announcing a version this node deployed. */
    public String notice(UUID tenant, long version) {
        return tenant + ":" + version + ":" + node;
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
