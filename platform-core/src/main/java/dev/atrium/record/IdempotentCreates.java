package dev.atrium.record;

import dev.atrium.db.Tx;
import dev.atrium.internal.ApiProblem;
import dev.atrium.metadata.model.EntityDef;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Creates with an {@code Idempotency-Key}: the key, the request's digest and the created record are
 * written in the record's own transaction, so a retry of the same request (after a lost answer, a node
 * killed mid-request) answers the record created the first time instead of creating another; the same key
 * with a different request is refused (422). Two requests with the same key at once: the second waits
 * for the first and then answers its record. Keys are kept 24 hours, per person.
 */
public final class IdempotentCreates {
    private final Pool pool;
    private final RecordService records;

    public IdempotentCreates(Pool pool, RecordService records) {
        this.pool = pool;
        this.records = records;
    }

    /** What to answer: the record, and whether it was created now (false: a replay of the first answer). */
    public record Created(JsonObject record, boolean replayed) {}

    public Created create(RecordContext ctx, String entityName, JsonObject body, String key) {
        if (key.isBlank() || key.length() > 200 || !key.matches("[\\x21-\\x7e]+")) {
            throw ApiProblem.invalidField(
                    "/Idempotency-Key", "an idempotency key is 1-200 visible ASCII characters, e.g. a UUID");
        }
        EntityDef e = records.entity(ctx, entityName);
        RecordAccess.require(ctx, e, "create");
        RecordAccess.checkWritable(ctx, e, body.getMap(), "");
        RecordAccess.portalCompany(ctx, e, body.getMap(), true, "");
        String digest = digest(e.name() + "\n" + body.encode());
        return Tx.run(pool, conn -> {
            conn.preparedQuery("DELETE FROM atrium.idempotency_keys WHERE created_at < now() - interval '24 hours'"
                            + " AND tenant_id = $1 AND user_id = $2 AND key = $3")
                    .execute(Tuple.of(ctx.tenant().id(), ctx.principal().userId(), key))
                    .await();
            int fresh = conn.preparedQuery("INSERT INTO atrium.idempotency_keys (tenant_id, user_id, key, request)"
                            + " VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
                    .execute(Tuple.of(ctx.tenant().id(), ctx.principal().userId(), key, digest))
                    .await()
                    .rowCount();
            if (fresh == 0) {
                Row first = conn.preparedQuery("SELECT request, answer FROM atrium.idempotency_keys WHERE"
                                + " tenant_id = $1 AND user_id = $2 AND key = $3")
                        .execute(Tuple.of(ctx.tenant().id(), ctx.principal().userId(), key))
                        .await()
                        .iterator()
                        .next();
                if (!first.getString("request").equals(digest)) {
                    throw ApiProblem.invalidField(
                            "/Idempotency-Key", "this key was used for a different request; use a new key");
                }
                JsonObject answer = first.getJsonObject("answer");
                // the first request's record, as the caller may see it now
                return new Created(records.load(conn, ctx, e, java.util.UUID.fromString(answer.getString("id"))), true);
            }
            JsonObject created = records.createIn(conn, ctx, e, body);
            conn.preparedQuery("UPDATE atrium.idempotency_keys SET status = 201, answer = $4 WHERE tenant_id = $1"
                            + " AND user_id = $2 AND key = $3")
                    .execute(Tuple.of(
                            ctx.tenant().id(),
                            ctx.principal().userId(),
                            key,
                            new JsonObject().put("id", created.getString("id"))))
                    .await();
            return new Created(created, false);
        });
    }

    private static String digest(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
