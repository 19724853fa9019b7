package dev.atrium.audit;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * The per-tenant hash chain. Entries are appended without a chain position (so writers never queue
 * behind one lock); the sealer gives each unsealed entry the next sequence number and
 * {@code hash = sha256(prev_hash || entry)} in order, under an advisory lock so one node seals at a
 * time. {@link #verify} recomputes the chain: a changed, removed or reordered sealed entry breaks it.
 */
public final class AuditChain {
    private static final int BATCH = 1000;
    private static final int MAX_BATCHES_PER_PASS = 50;
    /**
     * The organisations with unsealed entries, one index probe each (a skip scan of the {@code audit_unsealed}
     * index), not a pass over every unsealed entry: under a burst of views those are tens of thousands.
     */
    private static final String UNSEALED_TENANTS = "WITH RECURSIVE t(id) AS ("
            + "(SELECT tenant_id FROM atrium.audit_log WHERE seq IS NULL ORDER BY tenant_id LIMIT 1) "
            + "UNION ALL SELECT (SELECT tenant_id FROM atrium.audit_log WHERE seq IS NULL AND tenant_id > t.id "
            + "ORDER BY tenant_id LIMIT 1) FROM t WHERE t.id IS NOT NULL) "
            + "SELECT id AS tenant_id FROM t WHERE id IS NOT NULL";

    private final Pool pool;

    public AuditChain(Pool pool) {
        this.pool = pool;
    }

    /** Seals the pending entries of every tenant; returns how many. Awaits: virtual thread only. */
    public int sealPending() {
        int sealed = 0;
        for (Row t : pool.query(UNSEALED_TENANTS).execute().await()) {
            // a busy organisation writes more than one batch between passes: catch up, within a bound
            for (int batches = 0; batches < MAX_BATCHES_PER_PASS; batches++) {
                int n = seal(t.getUUID("tenant_id"));
                sealed += n;
                if (n < BATCH) break;
            }
        }
        return sealed;
    }

    int seal(UUID tenant) {
        return dev.atrium.db.Tx.run(pool, conn -> {
            conn.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended($1, 11))")
                    .execute(Tuple.of(tenant.toString()))
                    .await();
            long seq = 0;
            byte[] prev = new byte[32];
            for (Row r : conn.preparedQuery(
                            "SELECT seq, hash FROM atrium.audit_log WHERE tenant_id = $1 AND seq IS NOT NULL "
                                    + "ORDER BY seq DESC LIMIT 1")
                    .execute(Tuple.of(tenant))
                    .await()) {
                seq = r.getLong("seq");
                prev = r.getBuffer("hash").getBytes();
            }
            // the whole batch hashed here and written in one statement (not a round trip per entry)
            List<Long> ids = new ArrayList<>();
            List<java.time.OffsetDateTime> ats = new ArrayList<>();
            List<Long> seqs = new ArrayList<>();
            List<Buffer> prevs = new ArrayList<>();
            List<Buffer> hashes = new ArrayList<>();
            for (Row r : conn.preparedQuery(
                            "SELECT id, at, actor, action, entity, record_id, changes_hash FROM atrium.audit_log "
                                    + "WHERE tenant_id = $1 AND seq IS NULL ORDER BY id LIMIT " + BATCH)
                    .execute(Tuple.of(tenant))
                    .await()) {
                seq++;
                byte[] hash = AuditLog.sha256(prev, entry(seq, tenant, r));
                ids.add(r.getLong("id"));
                ats.add(r.getOffsetDateTime("at"));
                seqs.add(seq);
                prevs.add(Buffer.buffer(prev));
                hashes.add(Buffer.buffer(hash));
                prev = hash;
            }
            int n = ids.size();
            if (n > 0) {
                conn.preparedQuery("UPDATE atrium.audit_log a SET seq = u.seq, prev_hash = u.prev, hash = u.hash "
                                + "FROM unnest($1::bigint[], $2::timestamptz[], $3::bigint[], $4::bytea[], "
                                + "$5::bytea[]) AS u(id, at, seq, prev, hash) WHERE a.id = u.id AND a.at = u.at")
                        .execute(Tuple.of(
                                ids.toArray(Long[]::new),
                                ats.toArray(java.time.OffsetDateTime[]::new),
                                seqs.toArray(Long[]::new),
                                prevs.toArray(Buffer[]::new),
                                hashes.toArray(Buffer[]::new)))
                        .await();
            }
            return n;
        });
    }

    private static byte[] entry(long seq, UUID tenant, Row r) {
        Buffer ch = r.getBuffer("changes_hash");
        return AuditLog.canonical(
                seq,
                tenant,
                r.getLong("id"),
                r.getOffsetDateTime("at").toInstant().toString(),
                r.getUUID("actor"),
                r.getString("action"),
                r.getString("entity"),
                r.getUUID("record_id"),
                ch == null ? null : ch.getBytes());
    }

    /** Recomputes the tenant's chain; reports the first entry that does not verify. */
    public JsonObject verify(UUID tenant) {
        long expectedSeq = 0;
        byte[] prev = null;
        long checked = 0;
        for (Row r : pool.preparedQuery(
                        "SELECT id, at, actor, action, entity, record_id, changes_hash, seq, prev_hash, hash, "
                                + "(changes IS NULL OR sha256(convert_to(changes::text, 'UTF8')) = "
                                + "changes_hash) AS changes_ok "
                                + "FROM atrium.audit_log WHERE tenant_id = $1 AND seq IS NOT NULL ORDER BY seq")
                .execute(Tuple.of(tenant))
                .await()) {
            long seq = r.getLong("seq");
            byte[] storedPrev = r.getBuffer("prev_hash").getBytes();
            if (prev == null) {
                prev = storedPrev;
                expectedSeq = seq;
            }
            String problem = null;
            if (seq != expectedSeq) problem = "entry " + expectedSeq + " is missing";
            else if (!Arrays.equals(prev, storedPrev)) problem = "entry " + seq + " does not follow entry " + (seq - 1);
            else {
                if (!r.getBoolean("changes_ok")) {
                    problem = "the changes of entry " + seq + " were altered";
                } else if (!Arrays.equals(
                        AuditLog.sha256(prev, entry(seq, tenant, r)),
                        r.getBuffer("hash").getBytes())) {
                    problem = "entry " + seq + " was altered";
                }
            }
            if (problem != null) {
                return new JsonObject()
                        .put("valid", false)
                        .put("checked", checked)
                        .put("brokenAt", seq)
                        .put("problem", problem);
            }
            prev = r.getBuffer("hash").getBytes();
            expectedSeq = seq + 1;
            checked++;
        }
        return new JsonObject()
                .put("valid", true)
                .put("checked", checked)
                .put("head", prev == null ? null : HexFormat.of().formatHex(prev));
    }
}
