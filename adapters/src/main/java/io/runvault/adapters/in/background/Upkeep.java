package io.runvault.adapters.in.background;

import java.util.function.IntSupplier;
import org.slf4j.Logger;

/** One round of periodic upkeep: says how much it did, and logs a failure rather than end the schedule. */
final class Upkeep {
    private Upkeep() {
    }

    /** Runs {@code work}; a count above zero is logged with {@code done} ("… {} …"), a failure with {@code failed}. */
    static void round(Logger log, IntSupplier work, String done, String failed) {
        try {
            int count = work.getAsInt();
            if (count > 0) {
                log.info(done, count);
            }
        } catch (RuntimeException e) {
            // The next round tries again.
            log.warn("{}: {}", failed, e.toString());
        }
    }
}
