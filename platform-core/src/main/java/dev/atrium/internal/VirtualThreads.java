package dev.atrium.internal;

import java.util.concurrent.Callable;

/**
 * Runs code that awaits Vert.x futures from a thread that may not (a plugin's platform thread, a
 * script worker, the CLI): the work moves to a new virtual thread and the caller waits for it. Runtime
 * exceptions and errors come back as they were thrown; checked ones wrapped.
 */
public final class VirtualThreads {
    private VirtualThreads() {}

    public static <T> T call(Callable<T> work) {
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                result[0] = work.call();
            } catch (Throwable e) {
                failure[0] = e;
            }
        });
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a virtual thread", e);
        }
        if (failure[0] instanceof RuntimeException re) throw re;
        if (failure[0] instanceof Error err) throw err;
        if (failure[0] != null) throw new IllegalStateException(failure[0]);
        @SuppressWarnings("unchecked")
        T r = (T) result[0];
        return r;
    }
}
