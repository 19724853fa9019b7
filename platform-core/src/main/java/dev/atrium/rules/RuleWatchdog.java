package dev.atrium.rules;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.graalvm.polyglot.Context;

/**
 * The wall-clock backstop of rule executions. One pass every 10 ms interrupts the executions past their
 * deadline (a run costs two set operations, not a timer); the interrupt itself runs on a thread of its
 * own, because {@code Context.interrupt} waits for the script to stop and must not hold up the others.
 */
final class RuleWatchdog implements AutoCloseable {
    /** An execution in progress. */
    static final class Running {
        final Context context;
        final long deadline;
        volatile boolean interrupted;

        Running(Context context, long deadline) {
            this.context = context;
            this.deadline = deadline;
        }
    }

    private final Set<Running> running = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "atrium-rule-watchdog");
        t.setDaemon(true);
        return t;
    });

    RuleWatchdog() {
        timer.scheduleWithFixedDelay(this::pass, 10, 10, TimeUnit.MILLISECONDS);
    }

    Running start(Context context, Duration limit) {
        Running r = new Running(context, System.nanoTime() + limit.toNanos());
        running.add(r);
        return r;
    }

    void finish(Running r) {
        running.remove(r);
    }

    private void pass() {
        long now = System.nanoTime();
        for (Running r : running) {
            if (r.interrupted || now - r.deadline < 0) continue;
            r.interrupted = true;
            Thread.ofVirtual().name("atrium-rule-interrupt").start(() -> {
                try {
                    r.context.interrupt(Duration.ofSeconds(1));
                } catch (TimeoutException | RuntimeException e) {
                    try {
                        r.context.close(true);
                    } catch (RuntimeException ignored) {
                        // closing from another thread while it runs: it is cancelled either way
                    }
                }
            });
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
