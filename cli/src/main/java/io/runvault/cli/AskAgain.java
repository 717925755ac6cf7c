package io.runvault.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Asks the server again after a failure worth it: the network or a 5xx (a proxy in front may give up on a call the
 * server goes on with), and whatever the caller counts as the server still being at work. Pauses from 1 s, doubling
 * up to 30 s after failures, and of 1 s while the server is at work (it held the call for a while already); network
 * failures and 5xx end it after so many in a row, and everything once the time allowed is up.
 */
final class AskAgain {
    private static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
    private static final Duration LAST_PAUSE = Duration.ofSeconds(30);
    private static final long MILLISECOND = 1_000_000;

    private final String what;
    private final int failuresInARow;
    private final PrintStream notes;

    /** {@code what} names the call in the line printed before each new attempt. */
    AskAgain(String what, int failuresInARow, PrintStream notes) {
        this.what = what;
        this.failuresInARow = failuresInARow;
        this.notes = notes;
    }

    /** Calls until it answers, giving each attempt the time left of {@code allowed}; throws the last failure. */
    <T> T call(Function<Duration, T> call, Predicate<CliException> stillAtWork, Duration allowed)
            throws InterruptedException {
        long deadline = System.nanoTime() + allowed.toNanos();
        Duration pause = FIRST_PAUSE;
        for (int failures = 0; ; ) {
            // A sleep that overshoots the deadline still leaves the call a moment: a timeout must be positive.
            Duration left = Duration.ofNanos(Math.max(MILLISECOND, deadline - System.nanoTime()));
            try {
                return call.apply(left);
            } catch (CliException e) {
                boolean atWork = stillAtWork.test(e);
                failures = atWork ? 0 : failures + 1;
                if (!atWork && !(e instanceof RestClient.TransientFailure) || failures >= failuresInARow
                        || deadline - System.nanoTime() <= pause.toNanos()) {
                    throw e;
                }
                if (atWork) {
                    pause = FIRST_PAUSE;
                }
                notes.println(what + ": " + e.getMessage() + "; asking again in " + pause.toSeconds() + " s");
                Thread.sleep(pause);
                pause = pause.multipliedBy(2).compareTo(LAST_PAUSE) > 0 ? LAST_PAUSE : pause.multipliedBy(2);
            }
        }
    }
}
