package dev.atrium.audit;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
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
            Head head = lockAndHead(conn, tenant);
            byte[] prev = head.hash();
            long seq = head.seq();
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

    /** The last sealed entry of an organisation's chain: its sequence number and hash (0 and 32 zero bytes: none). */
    private record Head(long seq, byte[] hash) {}

    /** Takes the organisation's chain lock for this transaction and reads the chain's head. */
    private static Head lockAndHead(SqlConnection conn, UUID tenant) {
        conn.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended($1, 11))")
                .execute(Tuple.of(tenant.toString()))
                .await();
        for (Row r : conn.preparedQuery("SELECT seq, hash FROM atrium.audit_log WHERE tenant_id = $1 "
                        + "AND seq IS NOT NULL ORDER BY seq DESC LIMIT 1")
                .execute(Tuple.of(tenant))
                .await()) {
            return new Head(r.getLong("seq"), r.getBuffer("hash").getBytes());
        }
        return new Head(0, new byte[32]);
    }

    /**
     * Appends entries sealed as they are written (record views and exports): under the organisation's chain
     * lock each gets its id, time, the next sequence number and its hash, and is inserted once; the sealer
     * never rewrites it, so an entry is one row version instead of two. Entries appended unsealed before
     * (changes) are numbered after these when the sealer reaches them: the chain's order is its sequence.
     */
    void appendSealed(UUID tenant, List<ViewLog.Event> events) {
        int n = events.size();
        String[] details = new String[n];
        for (int i = 0; i < n; i++) details[i] = events.get(i).details();
        dev.atrium.db.Tx.run(pool, conn -> {
            Head head = lockAndHead(conn, tenant);
            byte[] prev = head.hash();
            long seq = head.seq();
            // ids, times and the details' hashes from PostgreSQL: exactly what verification recomputes
            Long[] ids = new Long[n];
            java.time.OffsetDateTime[] ats = new java.time.OffsetDateTime[n];
            Buffer[] changesHashes = new Buffer[n];
            int i = 0;
            for (Row r : conn.preparedQuery("SELECT nextval('atrium.audit_log_id_seq'), clock_timestamp(), "
                            + "sha256(convert_to(c::jsonb::text, 'UTF8')) FROM unnest($1::text[]) WITH ORDINALITY "
                            + "AS x(c, n) ORDER BY n")
                    .execute(Tuple.of((Object) details))
                    .await()) {
                ids[i] = r.getLong(0);
                ats[i] = r.getOffsetDateTime(1);
                changesHashes[i++] = r.getBuffer(2);
            }
            Long[] seqs = new Long[n];
            Buffer[] prevs = new Buffer[n];
            Buffer[] hashes = new Buffer[n];
            UUID[] actors = new UUID[n], records = new UUID[n];
            String[] ips = new String[n], agents = new String[n], actions = new String[n], entities = new String[n];
            for (i = 0; i < n; i++) {
                ViewLog.Event e = events.get(i);
                seqs[i] = ++seq;
                byte[] hash = AuditLog.sha256(
                        prev,
                        AuditLog.canonical(
                                seqs[i],
                                tenant,
                                ids[i],
                                ats[i].toInstant().toString(),
                                e.actor(),
                                e.action(),
                                e.entity(),
                                e.record(),
                                changesHashes[i].getBytes()));
                prevs[i] = Buffer.buffer(prev);
                hashes[i] = Buffer.buffer(hash);
                prev = hash;
                actors[i] = e.actor();
                records[i] = e.record();
                ips[i] = e.ip();
                agents[i] = e.userAgent();
                actions[i] = e.action();
                entities[i] = e.entity();
            }
            conn.preparedQuery("INSERT INTO atrium.audit_log (id, at, tenant_id, actor, ip, user_agent, action, "
                            + "entity, record_id, changes, changes_hash, seq, prev_hash, hash) "
                            + "SELECT id, at, $3::uuid, actor, ip, agent, action, entity, record, c::jsonb, ch, seq, "
                            + "prev, h "
                            + "FROM unnest($1::bigint[], $2::timestamptz[], $4::uuid[], $5::text[], $6::text[], "
                            + "$7::text[], $8::text[], $9::uuid[], $10::text[], $11::bytea[], $12::bigint[], "
                            + "$13::bytea[], $14::bytea[]) AS x(id, at, actor, ip, agent, action, entity, record, c, "
                            + "ch, seq, prev, h)")
                    .execute(Tuple.wrap(Arrays.asList(
                            ids,
                            ats,
                            tenant,
                            actors,
                            ips,
                            agents,
                            actions,
                            entities,
                            records,
                            details,
                            changesHashes,
                            seqs,
                            prevs,
                            hashes)))
                    .await();
            return null;
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
