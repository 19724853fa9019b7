package dev.atrium.record;

import dev.atrium.access.Access;
import dev.atrium.auth.Principal;
import dev.atrium.metadata.model.MetadataSnapshot;
import dev.atrium.tenant.Tenant;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * The tenant, the caller, the metadata version, the caller's access and where the request came from
 * (for the audit trail), fixed for the whole request.
 *
 * @param ip client address, or null for the platform's own work
 * @param userAgent the client's User-Agent, or null
 * @param changedBy fields changed for the caller by someone else (a plugin), credited to them in the audit trail
 * @param quiet the changes start no workflow and no plugin event (a data migration's import, audited as such)
 */
public record RecordContext(
        Tenant tenant,
        Principal principal,
        MetadataSnapshot snapshot,
        Access access,
        String ip,
        String userAgent,
        Map<String, String> changedBy,
        boolean quiet) {

    public RecordContext {
        changedBy = changedBy == null ? Map.of() : Map.copyOf(changedBy);
    }

    public RecordContext(
            Tenant tenant, Principal principal, MetadataSnapshot snapshot, Access access, String ip, String userAgent) {
        this(tenant, principal, snapshot, access, ip, userAgent, Map.of(), false);
    }

    /** For the platform's own work (templates, demo data): full access, no client. */
    public RecordContext(Tenant tenant, Principal principal, MetadataSnapshot snapshot, Access access) {
        this(tenant, principal, snapshot, access, null, null, Map.of(), false);
    }

    /**
     * The same request, with fields changed on the caller's behalf by someone else (a plugin's
     * before-save trigger): the audit trail credits those fields to them ({@code field -> "plugin:<id>"}).
     */
    public RecordContext withChangedBy(Map<String, String> fields) {
        if (fields.isEmpty()) return this;
        Map<String, String> all = new java.util.LinkedHashMap<>(changedBy);
        all.putAll(fields);
        return new RecordContext(tenant, principal, snapshot, access, ip, userAgent, all, quiet);
    }

    /** The same request, whose changes start no workflow or plugin event (marked {@code _quiet} in the audit trail). */
    public RecordContext quietly() {
        return new RecordContext(tenant, principal, snapshot, access, ip, userAgent, changedBy, true);
    }

    /** The audit context the entity tables' trigger reads from {@code atrium.ctx}. */
    public String auditJson() {
        JsonObject o = new JsonObject()
                .put("tenant", tenant.id().toString())
                .put("actor", principal.userId().toString())
                .put("ip", ip)
                .put("ua", userAgent);
        if (!changedBy.isEmpty()) o.put("by", new JsonObject(new java.util.LinkedHashMap<>(changedBy)));
        if (quiet) o.put("quiet", true);
        // the request serving this change, when there is one (see LogSetup): kept in the audit trail
        String request = org.slf4j.MDC.get(dev.atrium.internal.LogSetup.REQUEST_ID);
        if (request != null) o.put("request", request);
        return o.encode();
    }
}
