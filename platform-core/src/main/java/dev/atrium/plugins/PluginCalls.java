package dev.atrium.plugins;

import dev.atrium.plugin.api.PluginException;
import dev.atrium.plugin.api.RecordRejected;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * Containment: every extension call runs on a platform thread of a bounded pool, with a deadline. A
 * throw (including {@code OutOfMemoryError} and {@code StackOverflowError}), a missed deadline or a
 * plugin with too many calls still running fails only that call, as a {@link PluginFailure} naming the
 * plugin. Failures in a row are counted per plugin; at the limit {@code onTooManyFailures} stops it.
 *
 * <p>Platform threads rather than virtual ones: a plugin spinning in a loop would otherwise pin one of
 * the few carrier threads every request shares. A call that ignores interruption keeps its thread (Java
 * cannot kill it) and its slot in the plugin's quota of {@value #PER_PLUGIN} concurrent calls, so a
 * plugin that hangs exhausts its own quota, never the platform's.
 */
final class PluginCalls {
    static final int PER_PLUGIN = 8;

    private final ThreadPoolExecutor pool;
    private final Duration timeout;
    private final int failureLimit;
    private final Map<String, Semaphore> quotas = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final BiConsumer<String, String> onTooManyFailures;
    private final java.util.function.Function<String, ClassLoader> loaders;

    /**
     * @param loaders the plugin's class loader, made the context class loader of the calling thread (so
     *                ServiceLoader lookups in libraries the plugin bundles find the plugin's services)
     */
    PluginCalls(
            Duration timeout,
            int failureLimit,
            BiConsumer<String, String> onTooManyFailures,
            java.util.function.Function<String, ClassLoader> loaders) {
        this.loaders = loaders;
        this.timeout = timeout;
        this.failureLimit = failureLimit;
        this.onTooManyFailures = onTooManyFailures;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(0, 256, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "atrium-plugin-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code work} for {@code plugin}; {@code what} completes "plugin X: ... failed". */
    <T> T call(String plugin, String what, Callable<T> work) {
        Semaphore quota = quotas.computeIfAbsent(plugin, k -> new Semaphore(PER_PLUGIN));
        if (!quota.tryAcquire()) {
            fail(plugin, what + " refused: " + PER_PLUGIN + " earlier calls are still running");
            throw new PluginFailure(
                    plugin, what + " refused: " + PER_PLUGIN + " earlier calls are still running", null);
        }
        Future<T> f;
        try {
            ClassLoader loader = loaders.apply(plugin);
            f = pool.submit(() -> {
                Thread t = Thread.currentThread();
                ClassLoader before = t.getContextClassLoader();
                if (loader != null) t.setContextClassLoader(loader);
                try {
                    return work.call();
                } finally {
                    t.setContextClassLoader(before);
                    quota.release();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            quota.release();
            throw new PluginFailure(plugin, what + " refused: the platform's plugin threads are all busy", e);
        }
        try {
            T result = f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            failures.computeIfAbsent(plugin, k -> new AtomicInteger()).set(0);
            return result;
        } catch (TimeoutException e) {
            f.cancel(true);
            fail(plugin, what + " did not finish within " + timeout.toMillis() + " ms");
            throw new PluginFailure(plugin, what + " did not finish within " + timeout.toMillis() + " ms", null);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RecordRejected rr) throw rr;
            String msg = cause instanceof PluginException ? cause.getMessage() : what + " failed: " + describe(cause);
            fail(plugin, msg);
            throw new PluginFailure(plugin, msg, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginFailure(plugin, what + " was interrupted", e);
        }
    }

    private static String describe(Throwable t) {
        if (t instanceof OutOfMemoryError) return "it ran out of memory (" + t.getMessage() + ")";
        if (t instanceof StackOverflowError) return "it recursed too deeply (stack overflow)";
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    private void fail(String plugin, String message) {
        int n = failures.computeIfAbsent(plugin, k -> new AtomicInteger()).incrementAndGet();
        if (n >= failureLimit) {
            failures.get(plugin).set(0);
            onTooManyFailures.accept(plugin, n + " failed calls in a row; the last: " + message);
        }
    }

    /** A (re)started plugin begins with no failures and a fresh quota (calls still hanging from before keep the old one). */
    void forget(String plugin) {
        failures.remove(plugin);
        quotas.remove(plugin);
    }

    int running(String plugin) {
        Semaphore s = quotas.get(plugin);
        return s == null ? 0 : PER_PLUGIN - s.availablePermits();
    }

    void close() {
        pool.shutdownNow();
    }
}
