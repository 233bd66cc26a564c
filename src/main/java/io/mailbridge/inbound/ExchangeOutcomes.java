package io.mailbridge.inbound;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Completed exchanges, handed from the route's threads to the polling thread. */
final class ExchangeOutcomes {

    /** A message whose exchange is over, and the acknowledgement it asks for (null when it failed). */
    record Outcome(InboundMail mail, Acknowledgement acknowledgement) {
    }

    private final LinkedBlockingQueue<Outcome> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger completed = new AtomicInteger();
    private int finished;

    void add(InboundMail mail, Acknowledgement acknowledgement) {
        if (acknowledgement != null) {
            completed.incrementAndGet();
        }
        queue.add(new Outcome(mail, acknowledgement));
    }

    /** Exchanges that completed, whose messages are (to be) acknowledged. */
    int completed() {
        return completed.get();
    }

    List<Outcome> drain() {
        List<Outcome> done = new ArrayList<>();
        queue.drainTo(done);
        finished += done.size();
        return done;
    }

    /** Waits up to {@code millis} for at least one more outcome, then takes all there are. */
    List<Outcome> await(int dispatched, long millis) {
        List<Outcome> done = new ArrayList<>();
        try {
            Outcome first = queue.poll(millis, TimeUnit.MILLISECONDS);
            if (first != null) {
                done.add(first);
                // a short pause gathers the exchanges finishing together into one acknowledgement
                long deadline = System.nanoTime() + Duration.ofMillis(20).toNanos();
                while (finished + done.size() < dispatched && System.nanoTime() < deadline) {
                    Outcome next = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                    if (next != null) {
                        done.add(next);
                    }
                }
                queue.drainTo(done);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        finished += done.size();
        return done;
    }

    int finished() {
        return finished;
    }
}
