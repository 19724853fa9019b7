package dev.atrium.workflow;

import dev.atrium.access.Access;
import dev.atrium.access.AccessService;
import dev.atrium.access.RecordSharing;
import dev.atrium.auth.AuthService;
import dev.atrium.auth.Principal;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.model.MetadataSnapshot;
import dev.atrium.metadata.model.SystemFields;
import dev.atrium.record.RecordContext;
import dev.atrium.tenant.Tenant;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.UUID;

/**
 * What the recipient of a workflow's notification may read of the record it is about: the fields
 * their grants show, and nothing but its id when they may not read the record at all. A notification is
 * filled from this, so a workflow cannot deliver a value to someone who gets 404 on it.
 */
final class Recipients {
    private final Pool pool;
    private final AuthService auth;
    private final AccessService access;

    Recipients(Pool pool, AuthService auth, AccessService access) {
        this.pool = pool;
        this.auth = auth;
        this.access = access;
    }

    JsonObject readable(Tenant tenant, MetadataSnapshot snap, EntityDef e, JsonObject record, UUID recipient) {
        Principal p = auth.principalOf(recipient, tenant.id());
        if (p == null) throw new IllegalStateException("the recipient " + recipient + " is not an active user");
        Access acc = access.of(p, snap);
        JsonObject out = new JsonObject().put("id", record.getString("id"));
        RecordContext ctx = new RecordContext(tenant, p, snap, acc);
        UUID id = UUID.fromString(record.getString("id"));
        if (!acc.can(e, "read") || !new RecordSharing(pool).admits(ctx, e, id, false)) return out;
        for (String k : record.fieldNames()) {
            if (SystemFields.NAMES.contains(k)) {
                out.put(k, record.getValue(k));
                continue;
            }
            FieldDef f = e.field(k).orElse(null);
            if (f != null && acc.fields().visible(e, f)) out.put(k, record.getValue(k));
        }
        return out;
    }
}
