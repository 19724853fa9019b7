package dev.atrium.audit;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Appends events that no entity-table trigger sees: logins, access and metadata changes, handovers,
 * views and exports. Call it inside the transaction of the change it records, so the event exists if and
 * only if the change committed. Record changes are written by the {@code atrium.audit_row()} trigger.
 */
public final class AuditLog {
    private AuditLog() {}

    /** One event by the caller of {@code ctx} (their tenant, id, address and user agent) on a record. */
    public static void append(
            SqlClient db,
            dev.atrium.record.RecordContext ctx,
            String action,
            String entity,
            UUID recordId,
            JsonObject details) {
        append(
                db,
                ctx.tenant().id(),
                ctx.principal().userId(),
                ctx.ip(),
                ctx.userAgent(),
                action,
                entity,
                recordId,
                details);
    }

    /** One event; {@code details} is stored like a record change's field diff. Awaits: virtual thread only. */
    public static void append(
            SqlClient db,
            UUID tenant,
            UUID actor,
            String ip,
            String userAgent,
            String action,
            String entity,
            UUID recordId,
            JsonObject details) {
        JsonObject json = details == null ? new JsonObject() : details;
        db.preparedQuery("INSERT INTO atrium.audit_log (tenant_id, actor, ip, user_agent, action, entity, "
                        + "record_id, changes, changes_hash) "
                        + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, "
                        + "sha256(convert_to($8::jsonb::text, 'UTF8')))")
                .execute(Tuple.wrap(new java.util.ArrayList<>(java.util.Arrays.asList(
                        tenant,
                        actor,
                        ip,
                        userAgent == null ? null : userAgent.substring(0, Math.min(300, userAgent.length())),
                        action,
                        entity,
                        recordId,
                        json))))
                .await();
    }

    static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) if (p != null) md.update(p);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What the chain covers of an entry: everything but the changes themselves, whose hash stands in for
     * them (so retention can redact changes without breaking verification).
     */
    static byte[] canonical(
            long seq,
            UUID tenant,
            long id,
            String at,
            UUID actor,
            String action,
            String entity,
            UUID record,
            byte[] changesHash) {
        String s = seq + "|" + tenant + "|" + id + "|" + at + "|" + actor + "|" + action + "|" + entity + "|" + record
                + "|";
        byte[] head = s.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + (changesHash == null ? 0 : changesHash.length)];
        System.arraycopy(head, 0, out, 0, head.length);
        if (changesHash != null) System.arraycopy(changesHash, 0, out, head.length, changesHash.length);
        return out;
    }
}
