package io.runvault.adapters.in.rest;

import io.runvault.adapters.AdapterSettings;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches the request bodies of streamed uploads: a body that sends nothing for the idle timeout is cut off (its
 * reader is woken with an error, so the upload stores nothing and lets its claim go), and every body remembers
 * why reading it failed, so the controller can tell an aborted upload from a refused one.
 */
@Singleton
public class UploadBodies {
    private final Duration idleTimeout;
    private final Set<Body> watched = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService watchdog;

    public UploadBodies(AdapterSettings.Uploads settings) {
        Duration idleTimeout = settings.idleTimeout();
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("runvault.uploads.idle-timeout must be positive, was " + idleTimeout);
        }
        this.idleTimeout = idleTimeout;
        this.watchdog = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("upload-idle-watchdog").factory());
        long every = Math.clamp(idleTimeout.toMillis() / 4, 10, 1_000);
        watchdog.scheduleWithFixedDelay(this::cutIdle, every, every, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        watchdog.shutdownNow();
    }

    /** The body, watched until {@link Body#close()}. */
    Body watch(InputStream body) {
        Body watchedBody = new Body(body);
        watched.add(watchedBody);
        return watchedBody;
    }

    private void cutIdle() {
        long now = System.nanoTime();
        for (Body body : watched) {
            body.cutIfIdle(now, idleTimeout.toNanos());
        }
    }

    /** A request body under watch. */
    final class Body extends FilterInputStream {
        private Thread reader;
        private long readingSince;
        private boolean timedOut;
        private volatile IOException failure;

        private Body(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            begin();
            int read;
            try {
                read = super.read();
            } catch (IOException e) {
                throw failed(e);
            }
            end();
            return read;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            begin();
            int read;
            try {
                read = super.read(buffer, offset, length);
            } catch (IOException e) {
                throw failed(e);
            }
            end();
            return read;
        }

        /** Why reading the body failed (the client hung up or went quiet), or null. */
        IOException failure() {
            return failure;
        }

        boolean timedOut() {
            return failure != null && failure.getMessage().startsWith(IDLE);
        }

        /** Stops watching and closes the request's stream, which gives the buffers the body arrived in back. */
        @Override
        public void close() {
            watched.remove(this);
            try {
                super.close();
            } catch (IOException e) {
                // Closing only releases what the server holds; a failure here leaves nothing for the upload to undo.
            }
        }

        private synchronized void begin() throws IOException {
            if (timedOut) {
                throw failure;
            }
            reader = Thread.currentThread();
            readingSince = System.nanoTime();
        }

        private synchronized void end() throws IOException {
            reader = null;
            if (timedOut) {
                // The watchdog's interrupt was meant for the read that just returned; it must not hit what follows.
                Thread.interrupted();
                throw failure;
            }
        }

        private synchronized IOException failed(IOException e) {
            reader = null;
            if (timedOut) {
                Thread.interrupted();
                return failure;
            }
            failure = e;
            return e;
        }

        private synchronized void cutIfIdle(long now, long idleNanos) {
            if (reader != null && !timedOut && now - readingSince >= idleNanos) {
                timedOut = true;
                failure = new IOException(IDLE + idleTimeout.toMillis() + " ms");
                reader.interrupt();
            }
        }
    }

    private static final String IDLE = "no bytes of the body arrived for ";
}
