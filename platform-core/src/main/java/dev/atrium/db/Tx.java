package dev.atrium.db;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;

/**
 * Runs work in one PostgreSQL transaction, written flat: the work awaits futures, so callers must be on
 * a virtual thread (HTTP handlers are) or a plain thread, never on an event loop. A thrown exception
 * rolls everything back.
 */
public final class Tx {
    private Tx() {}

    @FunctionalInterface
    public interface Work<T> {
        T run(SqlConnection conn) throws Exception;
    }

    public static <T> T run(Pool pool, Work<T> work) {
        SqlConnection conn = pool.getConnection().await();
        try {
            Transaction tx = conn.begin().await();
            try {
                T result = work.run(conn);
                tx.commit().await();
                return result;
            } catch (Throwable e) {
                try {
                    tx.rollback().await();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw sneaky(e);
            }
        } finally {
            conn.close();
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> RuntimeException sneaky(Throwable e) throws E {
        throw (E) e;
    }
}
