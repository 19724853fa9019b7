package dev.atrium.metadata.model;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A tenant's complete metadata at one version. Immutable: a deployment builds a new snapshot and the
 * server swaps it in whole, so a request sees one consistent version from start to end.
 */
public final class MetadataSnapshot {
    public static final MetadataSnapshot EMPTY = new MetadataSnapshot(0, Map.of());

    private final long version;
    private final Map<String, EntityDef> byName;

    public MetadataSnapshot(long version, Map<String, EntityDef> entities) {
        this.version = version;
        this.byName = Collections.unmodifiableMap(new TreeMap<>(entities));
    }

    public static MetadataSnapshot of(long version, Collection<EntityDef> entities) {
        Map<String, EntityDef> m = new TreeMap<>();
        for (EntityDef e : entities) m.put(e.name(), e);
        return new MetadataSnapshot(version, m);
    }

    public long version() {
        return version;
    }

    /** Entities sorted by name. */
    public Collection<EntityDef> entities() {
        return byName.values();
    }

    public Optional<EntityDef> entity(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Optional<EntityDef> entityById(String id) {
        return byName.values().stream().filter(e -> e.id().equals(id)).findFirst();
    }

    public MetadataSnapshot withVersion(long newVersion) {
        return new MetadataSnapshot(newVersion, byName);
    }
}
