package dev.atrium.record;

import dev.atrium.access.Access;
import dev.atrium.auth.Principal;
import dev.atrium.metadata.model.MetadataSnapshot;
import dev.atrium.tenant.Tenant;
import io.vertx.core.json.JsonObject;

/**
 * The tenant, the caller, the metadata version, the caller's access and where the request came from
 * (for the audit trail), fixed for the whole request.
 *
 * @param ip client address, or null for the platform's own work
 * @param userAgent the client's User-Agent, or null
 */
public record RecordContext(
        Tenant tenant, Principal principal, MetadataSnapshot snapshot, Access access, String ip, String userAgent) {

    /** For the platform's own work (templates, demo data): full access, no client. */
    public RecordContext(Tenant tenant, Principal principal, MetadataSnapshot snapshot, Access access) {
        this(tenant, principal, snapshot, access, null, null);
    }

    /** The audit context the entity tables' trigger reads from {@code atrium.ctx}. */
    public String auditJson() {
        return new JsonObject()
                .put("tenant", tenant.id().toString())
                .put("actor", principal.userId().toString())
                .put("ip", ip)
                .put("ua", userAgent)
                .encode();
    }
}
