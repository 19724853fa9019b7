package dev.atrium.plugins;

import dev.atrium.plugin.api.PluginException;
import dev.atrium.plugin.api.RecordRejected;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Containment: every extension call runs on a platform thread of a bounded pool, with a deadline. A
 * throw (including {@code OutOfMemoryError} and {@code StackOverflowError}), a missed deadline or a
 * plugin with too many calls still running fails only that call, as a {@link PluginFailure} naming the
 * plugin and a reference; the details (exception and stack trace) go to the log and to the plugin's
 * last error, which administrators see, never to the caller.
 *
 * <p>What counts as a failure: unexpected throws and missed deadlines. A {@link PluginException} or
 * {@link RecordRejected} is the plugin answering as designed (a 400, a refused record): it is passed on
 * and counts as a healthy call. Failures in a row are counted per plugin and tenant; at the limit
 * {@code onTooManyFailures} suspends the plugin for that tenant only (for calls outside any tenant, it
 * stops the plugin). Calls from anonymous callers (public routes) never count, so no outsider can switch
 * a plugin off.
 *
 * <p>Platform threads rather than virtual ones: a plugin spinning in a loop would otherwise pin one of
 * the few carrier threads every request shares. A call that ignores interruption keeps its thread (Java
 * cannot kill it) and its slot in the plugin's quota of {@value #PER_PLUGIN} concurrent calls, so a
 * plugin that hangs exhausts its own quota, never the platform's. When a plugin stops, upgrades or is
 * removed, its calls still running are interrupted and, if they ignore that, counted as abandoned.
 */
final class PluginCalls {
    static final int PER_PLUGIN = 8;
    private static final Logger LOG = LoggerFactory.getLogger("dev.atrium.plugins.calls");

    /** What to do when a plugin failed too often in a row: suspend it for the tenant (null: stop it). */
    @FunctionalInterface
    interface FailureLimit {
        void reached(String plugin, UUID tenant, String lastError);
    }

    /** A call whose work may still run: the future, and the thread running it until it returns. */
    private static final class InFlight {
        volatile Future<?> future;
        volatile Thread thread;
        volatile boolean finished;
    }

    /** Who a call is for: the tenant (null for the platform itself) and whether its failures count. */
    record Caller(UUID tenant, boolean counts) {
        static Caller platform() {
            return new Caller(null, true);
        }

        static Caller tenant(UUID tenant) {
            return new Caller(tenant, true);
        }

        /** An unauthenticated caller of a public route: failures are logged, never counted. */
        static Caller anonymous(UUID tenant) {
            return new Caller(tenant, false);
        }
    }

    private final ThreadPoolExecutor pool;
    private final Duration timeout;
    private final int failureLimit;
    private final Map<String, Semaphore> quotas = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final Map<String, Set<InFlight>> inflight = new ConcurrentHashMap<>();
    private final Map<String, Set<InFlight>> abandoned = new ConcurrentHashMap<>();
    private final Map<String, String> lastErrors = new ConcurrentHashMap<>();
    private final FailureLimit onTooManyFailures;
    private final java.util.function.Function<String, ClassLoader> loaders;

    /**
     * @param loaders the plugin's class loader, made the context class loader of the calling thread (so
     *                ServiceLoader lookups in libraries the plugin bundles find the plugin's services)
     */
    PluginCalls(
            Duration timeout,
            int failureLimit,
            FailureLimit onTooManyFailures,
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

    /** A call on the platform's own behalf (field types, templates, assets). */
    <T> T call(String plugin, String what, Callable<T> work) {
        return call(plugin, Caller.platform(), what, work);
    }

    /** Runs {@code work} for {@code plugin}; {@code what} completes "plugin X: ... failed". */
    <T> T call(String plugin, Caller caller, String what, Callable<T> work) {
        dev.atrium.internal.Counters.plugin(plugin).calls().increment();
        Semaphore quota = quotas.computeIfAbsent(plugin, k -> new Semaphore(PER_PLUGIN));
        if (!quota.tryAcquire()) {
            String msg = what + " refused: " + PER_PLUGIN + " earlier calls are still running";
            failed(plugin, caller, msg, null);
            throw new PluginFailure(plugin, msg, null);
        }
        Set<InFlight> mine = inflight.computeIfAbsent(plugin, k -> ConcurrentHashMap.newKeySet());
        InFlight call = new InFlight();
        mine.add(call);
        Future<T> f;
        try {
            ClassLoader loader = loaders.apply(plugin);
            f = pool.submit(() -> {
                Thread t = Thread.currentThread();
                call.thread = t;
                ClassLoader before = t.getContextClassLoader();
                if (loader != null) t.setContextClassLoader(loader);
                try {
                    return work.call();
                } finally {
                    call.finished = true;
                    mine.remove(call);
                    t.setContextClassLoader(before);
                    quota.release();
                }
            });
            call.future = f;
        } catch (java.util.concurrent.RejectedExecutionException e) {
            mine.remove(call);
            quota.release();
            dev.atrium.internal.Counters.plugin(plugin).failures().increment();
            throw new PluginFailure(plugin, what + " refused: the platform's plugin threads are all busy", e);
        }
        try {
            T result = f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            healthy(plugin, caller);
            return result;
        } catch (TimeoutException e) {
            f.cancel(true);
            String msg = what + " did not finish within " + timeout.toMillis() + " ms";
            failed(plugin, caller, msg, null);
            throw new PluginFailure(plugin, msg, null);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RecordRejected rr) {
                healthy(plugin, caller);
                throw rr;
            }
            if (cause instanceof PluginException pe) {
                healthy(plugin, caller);
                throw pe;
            }
            String reference = UUID.randomUUID().toString().substring(0, 8);
            String detail = what + " failed: " + describe(cause);
            LOG.error("plugin {}: {} (reference {})", plugin, detail, reference, cause);
            failed(plugin, caller, detail + " (reference " + reference + ")", cause);
            throw new PluginFailure(plugin, what + " failed (reference " + reference + " in the server log)", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginFailure(plugin, what + " was interrupted", e);
        } finally {
            if (call.thread == null && f.isDone()) mine.remove(call); // cancelled before it started
        }
    }

    private static String describe(Throwable t) {
        if (t instanceof OutOfMemoryError) return "it ran out of memory (" + t.getMessage() + ")";
        if (t instanceof StackOverflowError) return "it recursed too deeply (stack overflow)";
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    private static String key(String plugin, UUID tenant) {
        return plugin + "|" + (tenant == null ? "platform" : tenant);
    }

    private void healthy(String plugin, Caller caller) {
        if (!caller.counts()) return;
        AtomicInteger n = failures.get(key(plugin, caller.tenant()));
        if (n != null) n.set(0);
    }

    private void failed(String plugin, Caller caller, String message, Throwable cause) {
        dev.atrium.internal.Counters.plugin(plugin).failures().increment();
        lastErrors.put(plugin, message);
        if (cause == null) LOG.warn("plugin {}: {}", plugin, message);
        if (!caller.counts()) return;
        AtomicInteger counter = failures.computeIfAbsent(key(plugin, caller.tenant()), k -> new AtomicInteger());
        int n = counter.incrementAndGet();
        if (n >= failureLimit) {
            counter.set(0);
            onTooManyFailures.reached(plugin, caller.tenant(), n + " failed calls in a row; the last: " + message);
        }
    }

    /** The detailed message of the plugin's last failed call (for administrators), or null. */
    String lastError(String plugin) {
        return lastErrors.get(plugin);
    }

    /** Forgets a tenant's failures (its administrator enabled the plugin again). */
    void forgive(String plugin, UUID tenant) {
        failures.remove(key(plugin, tenant));
    }

    /**
     * The plugin stopped, was upgraded or removed: its calls still running are interrupted; those that
     * ignore it are remembered as abandoned. A (re)started plugin begins with no failures and a fresh
     * quota. Returns how many calls were still running.
     */
    int forget(String plugin) {
        int stillRunning = 0;
        Set<InFlight> mine = inflight.remove(plugin);
        if (mine != null) {
            for (InFlight c : mine) {
                if (c.finished || c.thread == null) continue;
                stillRunning++;
                if (c.future != null) c.future.cancel(true);
                Thread t = c.thread;
                if (t != null) t.interrupt();
                abandoned
                        .computeIfAbsent(plugin, k -> ConcurrentHashMap.newKeySet())
                        .add(c);
            }
        }
        if (stillRunning > 0) {
            LOG.warn("plugin {} had {} calls still running; they were interrupted", plugin, stillRunning);
        }
        failures.keySet().removeIf(k -> k.startsWith(plugin + "|"));
        quotas.remove(plugin);
        return stillRunning;
    }

    int running(String plugin) {
        Semaphore s = quotas.get(plugin);
        return s == null ? 0 : PER_PLUGIN - s.availablePermits();
    }

    /**
     * Calls of an earlier load of the plugin (before a stop, upgrade or removal) whose threads still run
     * because they ignored interruption.
     */
    int abandoned(String plugin) {
        Set<InFlight> old = abandoned.get(plugin);
        if (old == null) return 0;
        old.removeIf(c -> c.finished || c.thread == null);
        return old.size();
    }

    void close() {
        pool.shutdownNow();
    }
}
