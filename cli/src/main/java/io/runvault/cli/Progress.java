package io.runvault.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Locale;

/** Byte counts, rate and ETA: a redrawn bar on a terminal, a plain line every few seconds otherwise. */
final class Progress {
    private static final long PLAIN_EVERY_NANOS = 5_000_000_000L;
    private static final long BAR_EVERY_NANOS = 200_000_000L;
    private final String label;
    private final long total;
    private final PrintStream out;
    private final boolean terminal;
    private final long started = System.nanoTime();
    private long done;
    private long lastPrinted;

    Progress(String label, long total, PrintStream out, boolean terminal) {
        this.label = label;
        this.total = total;
        this.out = out;
        this.terminal = terminal;
    }

    synchronized void add(long bytes) {
        done += bytes;
        long now = System.nanoTime();
        if (now - lastPrinted >= (terminal ? BAR_EVERY_NANOS : PLAIN_EVERY_NANOS)) {
            lastPrinted = now;
            print(false);
        }
    }

    synchronized void finish() {
        print(true);
    }

    InputStream counting(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    add(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int read = super.read(buffer, offset, length);
                if (read > 0) {
                    add(read);
                }
                return read;
            }
        };
    }

    private void print(boolean last) {
        double seconds = Math.max((System.nanoTime() - started) / 1e9, 1e-3);
        double rate = done / seconds;
        String eta = total > 0 && rate > 0 && done < total ? ", ETA " + Math.round((total - done) / rate) + " s" : "";
        String of = total > 0 ? " of " + mib(total) : "";
        String line = String.format(Locale.ROOT, "%s: %s%s (%.1f MiB/s%s)", label, mib(done), of, rate / (1 << 20), eta);
        if (terminal) {
            out.print("\r" + line + (last ? System.lineSeparator() : ""));
        } else {
            out.println(line);
        }
        out.flush();
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20));
    }
}
