package dev.atrium.deploy;

import dev.atrium.metadata.validate.MetadataDocument;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A metadata change as asked for.
 *
 * @param documents entity documents; their names in errors are JSON pointers into the request
 * @param replace true: the documents are the tenant's complete metadata (entities not listed are removed);
 *                false: they are merged into the live metadata (entities in {@code remove} are removed)
 * @param remove entity names to remove in merge mode
 * @param confirmDataLoss the caller has seen the plan and accepts steps that can lose data
 * @param origin the package operation that asks for it, or null for an organisation's own change
 */
public record DeploymentRequest(
        List<MetadataDocument> documents,
        boolean replace,
        List<String> remove,
        boolean dryRun,
        boolean confirmDataLoss,
        UUID actor,
        java.util.Map<String, String> scripts,
        Origin origin) {

    /**
     * Which package operation produced a version: recorded with it. {@code roles} and {@code groups} are
     * those the package brings (created in the same transaction), which its approval steps may name.
     */
    public record Origin(String packageId, String version, String action, Set<String> roles, Set<String> groups) {
        public Origin {
            roles = roles == null ? Set.of() : Set.copyOf(roles);
            groups = groups == null ? Set.of() : Set.copyOf(groups);
        }
    }

    public DeploymentRequest(
            List<MetadataDocument> documents,
            boolean replace,
            List<String> remove,
            boolean dryRun,
            boolean confirmDataLoss,
            UUID actor,
            java.util.Map<String, String> scripts) {
        this(documents, replace, remove, dryRun, confirmDataLoss, actor, scripts, null);
    }

    /** Without separate script files (rules carry their source, or there are none). */
    public DeploymentRequest(
            List<MetadataDocument> documents,
            boolean replace,
            List<String> remove,
            boolean dryRun,
            boolean confirmDataLoss,
            UUID actor) {
        this(documents, replace, remove, dryRun, confirmDataLoss, actor, java.util.Map.of(), null);
    }
}
