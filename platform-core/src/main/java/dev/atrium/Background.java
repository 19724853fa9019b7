package dev.atrium;

import dev.atrium.workflow.JobRunner;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A serving node's background work, once a second on a virtual thread: audit upkeep, workflow dispatch,
 * plugin schedules, approval deadlines, the job queue, and list indexes missing on older tables. One pass
 * at a time; a pass that fails is logged in one line and the next one tries again.
 *
 * <p>{@link #stop} is the drain: no new pass starts, the job runner takes no further job, and the pass in
 * flight may finish its current job within the bound; jobs claimed but not started go back to the queue
 * at once rather than waiting for their lease to end.
 */
final class Background {
    private static final Logger LOG = LoggerFactory.getLogger(Background.class);

    private final Vertx vertx;
    private final Platform platform;
    private final JobRunner jobs;
    private final dev.atrium.schema.RecentIndexes recentIndexes;
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile CountDownLatch passDone = new CountDownLatch(0);
    private long timer = -1;

    Background(Vertx vertx, Platform platform, JobRunner jobs) {
        this.vertx = vertx;
        this.platform = platform;
        this.jobs = jobs;
        this.recentIndexes = new dev.atrium.schema.RecentIndexes(platform.pool(), platform.metadata());
    }

    void start() {
        timer = vertx.setPeriodic(1000, id -> {
            if (!busy.compareAndSet(false, true)) return;
            CountDownLatch done = new CountDownLatch(1);
            passDone = done;
            Thread.ofVirtual().name("atrium-background").start(() -> {
                try {
                    pass();
                } catch (RuntimeException e) {
                    LOG.warn("background work failed (will retry): {}", e.getMessage());
                } finally {
                    done.countDown();
                    busy.set(false);
                }
            });
        });
    }

    private void pass() {
        platform.audit().upkeep();
        platform.dispatcher().dispatch();
        platform.plugins().schedule(ZonedDateTime.now(ZoneOffset.UTC));
        platform.approvals().deadlines();
        jobs.runReady();
        recentIndexes.ensureSome();
    }

    /** Starts no further pass or job and waits up to {@code bound} for the pass in flight. */
    void stop(Duration bound) {
        if (timer >= 0) vertx.cancelTimer(timer);
        jobs.stopClaiming();
        try {
            if (!passDone.await(bound.toMillis(), TimeUnit.MILLISECONDS))
                LOG.warn(
                        "background work did not finish within {} s; its job's lease lets another node retry it",
                        bound.toSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
