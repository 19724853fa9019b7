package dev.atrium.plugins;

import java.util.concurrent.Callable;

/**
 * Runs platform code that awaits Vert.x futures from a plugin's platform thread: the work moves to a
 * virtual thread and the caller waits for it.
 */
final class OnVirtualThread {
    private OnVirtualThread() {}

    static <T> T run(Callable<T> work) {
        try {
            return dev.atrium.internal.VirtualThreads.call(work);
        } catch (IllegalStateException e) {
            if (e.getCause() != null && !(e.getCause() instanceof RuntimeException))
                throw new dev.atrium.plugin.api.PluginException(e.getCause().getMessage(), e.getCause());
            throw e;
        }
    }
}
