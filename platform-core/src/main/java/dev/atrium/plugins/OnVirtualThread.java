package dev.atrium.plugins;

import java.util.concurrent.Callable;

/**
 * Runs platform code that awaits Vert.x futures from a plugin's platform thread: the work moves to a
 * virtual thread and the caller waits for it.
 */
final class OnVirtualThread {
    private OnVirtualThread() {
    }

    static <T> T run(Callable<T> work) {
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
            throw new dev.atrium.plugin.api.PluginException("interrupted");
        }
        if (failure[0] instanceof RuntimeException re) throw re;
        if (failure[0] instanceof Error err) throw err;
        if (failure[0] != null) throw new dev.atrium.plugin.api.PluginException(failure[0].getMessage(), failure[0]);
        @SuppressWarnings("unchecked") T r = (T) result[0];
        return r;
    }
}
