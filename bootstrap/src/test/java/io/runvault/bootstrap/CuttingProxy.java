package io.runvault.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of the test S3 server that the test can make cut connections: when armed, a connection whose
 * first request is a ranged GET gets the start of its answer, then is closed, as when a network drops mid-transfer.
 */
final class CuttingProxy implements AutoCloseable {
    /** Enough for the answer's head and the first bytes of its body, far less than a part. */
    private static final int BYTES_BEFORE_CUT = 16 * 1024;
    private final ServerSocket listener;
    private final URI target;
    private final AtomicInteger armed = new AtomicInteger();
    private final AtomicInteger cuts = new AtomicInteger();

    private CuttingProxy(URI target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("cutting-proxy").start(this::accept);
    }

    static CuttingProxy to(URI target) {
        try {
            return new CuttingProxy(target);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    URI uri() {
        return URI.create("http://" + listener.getInetAddress().getHostAddress() + ":" + listener.getLocalPort());
    }

    /** The next {@code connections} connections that open with a ranged GET are cut. */
    void cutRangedGets(int connections) {
        armed.set(connections);
    }

    int cuts() {
        return cuts.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Thread.ofPlatform().daemon().start(() -> relay(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void relay(Socket client) {
        try (client; Socket upstream = new Socket(target.getHost(), target.getPort())) {
            InputStream fromClient = client.getInputStream();
            byte[] head = new byte[64 * 1024];
            int n = fromClient.read(head);
            if (n < 0) {
                return;
            }
            String request = new String(head, 0, n, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            boolean cut = request.startsWith("get ") && request.contains("\r\nrange: bytes=")
                    && armed.getAndUpdate(left -> Math.max(left - 1, 0)) > 0;
            upstream.getOutputStream().write(head, 0, n);
            Thread.ofPlatform().daemon().start(() -> copy(fromClient, upstream, Long.MAX_VALUE));
            copy(upstream.getInputStream(), client, cut ? BYTES_BEFORE_CUT : Long.MAX_VALUE);
            if (cut) {
                cuts.incrementAndGet();
            }
        } catch (IOException dropped) {
            // either side went away: so does the other
        }
    }

    private static void copy(InputStream from, Socket to, long limit) {
        try {
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[8192];
            long sent = 0;
            int n;
            while (sent < limit && (n = from.read(buffer, 0, (int) Math.min(buffer.length, limit - sent))) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
                sent += n;
            }
        } catch (IOException dropped) {
            // the relay closes both sockets
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
