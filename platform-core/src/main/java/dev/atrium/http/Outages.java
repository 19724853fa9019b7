package dev.atrium.http;

import io.vertx.pgclient.PgException;

/**
 * Whether a failure means the database cannot be reached (refused, cut, shutting down) or a disk is full:
 * the operator's to fix, not a bug.
 */
final class Outages {
    private Outages() {}

    static boolean unreachable(Throwable f) {
        for (Throwable t = f; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.nio.channels.ClosedChannelException)
                return true;
            if (t instanceof PgException pe && pe.getSqlState() != null) {
                String state = pe.getSqlState();
                // connection exceptions, the server shutting down or starting, too many connections
                if (state.startsWith("08") || state.startsWith("57P") || state.equals("53300")) return true;
            }
            String m = String.valueOf(t.getMessage());
            if (m.contains("Connection refused")
                    || m.contains("Connection is not active")
                    || m.contains("connection was closed")
                    || m.contains("Pool closed")
                    || m.contains("Timeout while waiting for a connection")
                    || m.contains("Failed to read any response from the server")) return true;
            if (t.getCause() == t) break;
        }
        return false;
    }

    /** The database's disk (SQLSTATE 53100) or the data directory's (attachments) is full. */
    static boolean diskFull(Throwable f) {
        for (Throwable t = f; t != null; t = t.getCause()) {
            if (t instanceof PgException pe && "53100".equals(pe.getSqlState())) return true;
            if (t instanceof java.io.IOException
                    && String.valueOf(t.getMessage()).contains("No space left")) return true;
            if (t.getCause() == t) break;
        }
        return false;
    }

    static String reason(Throwable f) {
        Throwable t = f;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
