package dev.atrium.plugins;

import dev.atrium.access.Access;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.query.FieldVisibility;
import dev.atrium.metadata.query.QueryCompiler.Scope;
import dev.atrium.metadata.query.RowScope;
import dev.atrium.plugin.api.AccessNeed;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A plugin's service principal: exactly the operations the administrator granted, on every record of those entities.
 */
final class PluginAccess implements Access {
    private final Map<String, Set<String>> granted = new HashMap<>();

    PluginAccess(List<AccessNeed> needs) {
        for (AccessNeed n : needs)
            granted.computeIfAbsent(n.entity(), k -> new HashSet<>()).addAll(n.operations());
    }

    @Override
    public boolean can(EntityDef entity, String operation) {
        Set<String> ops = granted.get(entity.name());
        return ops != null && ops.contains(operation);
    }

    /**
     * Every field of the entities it was granted anything on. A formula or roll-up over another entity
     * reads that entity's rows through {@link #rows}, so one it may not read contributes nothing.
     */
    @Override
    public FieldVisibility fields() {
        return (entity, field) -> granted.containsKey(entity.name());
    }

    @Override
    public boolean canEdit(EntityDef entity, FieldDef field) {
        return can(entity, "edit") || can(entity, "create");
    }

    @Override
    public Scope scope(EntityDef entity, String schema, String alias, boolean edit) {
        return null;
    }

    @Override
    public RowScope rows(String schema) {
        return (entity, alias, params) -> can(entity, "read") ? null : "FALSE";
    }
}
