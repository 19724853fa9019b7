package dev.atrium.imports;

import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.io.InputStream;
import java.util.UUID;

/**
 * An uploaded file kept in the database in 1 MB chunks, read back as a stream that fetches one chunk at
 * a time (so a large file is never whole in memory, and any node can read it). Call from a virtual thread.
 */
final class Chunks {
    static final int SIZE = 1024 * 1024;

    private Chunks() {}

    /** Stores the stream 1 MB at a time (at least one chunk, empty for an empty file). */
    static void store(SqlClient conn, UUID importId, InputStream in) {
        try {
            for (int seq = 0; ; seq++) {
                byte[] chunk = in.readNBytes(SIZE);
                if (chunk.length == 0 && seq > 0) break;
                conn.preparedQuery("INSERT INTO atrium.import_chunks (import_id, seq, data) VALUES ($1, $2, $3)")
                        .execute(Tuple.of(importId, seq, Buffer.buffer(chunk)))
                        .await();
                if (chunk.length < SIZE) break;
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static InputStream stream(Pool pool, UUID importId) {
        return new InputStream() {
            private byte[] chunk = new byte[0];
            private int pos;
            private int seq;
            private boolean end;

            private boolean fill() {
                while (pos >= chunk.length && !end) {
                    var rows = pool.preparedQuery(
                                    "SELECT data FROM atrium.import_chunks WHERE import_id = $1 AND seq = $2")
                            .execute(Tuple.of(importId, seq++))
                            .await();
                    if (rows.size() == 0) {
                        end = true;
                        return false;
                    }
                    chunk = rows.iterator().next().getBuffer("data").getBytes();
                    pos = 0;
                }
                return pos < chunk.length;
            }

            @Override
            public int read() {
                return fill() ? chunk[pos++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (len == 0) return 0;
                if (!fill()) return -1;
                int n = Math.min(len, chunk.length - pos);
                System.arraycopy(chunk, pos, b, off, n);
                pos += n;
                return n;
            }
        };
    }
}
