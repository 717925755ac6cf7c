package io.runvault.adapters.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Test fixture: a TCP proxy on a loopback port in front of a real server (Postgres, the S3 server), which a test can
 * cut and restore. Cut, it closes every connection through it and refuses new ones, as a server that went down does;
 * restored, it listens on the same port again. It can also fail one HTTP request in the middle of its body: after a
 * set number of bytes from the client it answers 500 and closes, as a store failing mid-upload does; or cut one
 * answer in the middle of its body, as a network dropping mid-download does; or stand for a gateway that gives up on
 * one request sooner than the server is done with it.
 */
public final class TcpProxy implements AutoCloseable {
    private final InetSocketAddress target;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong failAfter = new AtomicLong(-1);
    private final AtomicLong cutAnswerAfter = new AtomicLong(-1);
    private final AtomicInteger answersCut = new AtomicInteger();
    private final AtomicLong fromClients = new AtomicLong();
    private final AtomicReference<String> timeOutOn = new AtomicReference<>();
    private final AtomicInteger timedOut = new AtomicInteger();
    private volatile ServerSocket listener;
    private volatile boolean closed;

    private TcpProxy(InetSocketAddress target) {
        this.target = target;
        this.listener = bind(0);
        this.port = listener.getLocalPort();
        accept(listener);
    }

    /** Starts a proxy to {@code host:port} on a free loopback port. */
    public static TcpProxy to(String host, int port) {
        return new TcpProxy(new InetSocketAddress(host, port));
    }

    public int port() {
        return port;
    }

    /** The server goes down: connections through the proxy are closed and new ones refused. */
    public synchronized void cut() {
        ServerSocket current = listener;
        listener = null;
        closeQuietly(current);
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
    }

    /** The server closes every connection it has (as after an idle timeout) but goes on taking new ones. */
    public synchronized void closeConnections() {
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
    }

    /** The server is back, on the same port. */
    public synchronized void restore() {
        if (listener == null && !closed) {
            listener = bind(port);
            accept(listener);
        }
    }

    /**
     * The next connection that carries more than {@code bytes} from the client after this call is answered with an
     * HTTP 500 and closed there, once.
     */
    public void failOnceAfter(long bytes) {
        failAfter.set(bytes);
    }

    /**
     * The next connection whose answers from the server go past {@code bytes} is closed there, once: the client gets
     * the start of a body and then an early end of stream.
     */
    public void cutAnswerOnceAfter(long bytes) {
        cutAnswerAfter.set(bytes);
    }

    /**
     * The next request whose first line contains {@code marker} reaches the server whole; then its client is answered
     * 504 Gateway Timeout and both connections are closed, before the server answers: a gateway whose limit is
     * shorter than the server's work on that request. The request's line and headers must come in one read.
     */
    public void timeOutOnceOn(String marker) {
        timeOutOn.set(marker);
    }

    /** How many requests {@link #timeOutOnceOn} answered with a 504. */
    public int timedOut() {
        return timedOut.get();
    }

    /** How many answers {@link #cutAnswerOnceAfter} cut. */
    public int answersCut() {
        return answersCut.get();
    }

    /** Bytes clients sent that the target took, over every connection so far. */
    public long bytesFromClients() {
        return fromClients.get();
    }

    @Override
    public synchronized void close() {
        closed = true;
        cut();
    }

    private ServerSocket bind(int on) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), on));
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException("could not listen on port " + on, e);
        }
    }

    private void accept(ServerSocket on) {
        Thread.ofVirtual().name("tcp-proxy-accept-" + port).start(() -> {
            while (!on.isClosed()) {
                try {
                    Socket client = on.accept();
                    Socket server = new Socket();
                    server.connect(target, 2_000);
                    open.add(client);
                    open.add(server);
                    if (listener != on) {
                        closeQuietly(client);
                        closeQuietly(server);
                        continue;
                    }
                    Thread.ofVirtual().start(() -> pump(client, server, true));
                    Thread.ofVirtual().start(() -> pump(server, client, false));
                } catch (IOException e) {
                    // Closed by cut(), or the target refused: the client sees its connection end.
                }
            }
        });
    }

    private void pump(Socket from, Socket to, boolean fromClient) {
        byte[] buffer = new byte[16 * 1024];
        long forwarded = 0;
        // Body bytes still to come of the request to time out; -1 while this connection carries none.
        long bodyLeft = -1;
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                if (fromClient) {
                    bodyLeft = bodyLeft < 0 ? bodyLeftIfTimedOut(buffer, n) : Math.max(0, bodyLeft - n);
                }
                if (bodyLeft == 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                    fromClients.addAndGet(n);
                    answerGatewayTimeout(from);
                    timedOut.incrementAndGet();
                    return;
                }
                long limit = fromClient ? failAfter.get() : cutAnswerAfter.get();
                if (limit >= 0 && forwarded + n > limit) {
                    if (fromClient && failAfter.compareAndSet(limit, -1)) {
                        failMidRequest(from, to);
                        return;
                    }
                    if (!fromClient && cutAnswerAfter.compareAndSet(limit, -1)) {
                        out.write(buffer, 0, (int) (limit - forwarded));
                        out.flush();
                        answersCut.incrementAndGet();
                        return;
                    }
                }
                out.write(buffer, 0, n);
                forwarded += n;
                if (fromClient) {
                    fromClients.addAndGet(n);
                }
            }
        } catch (IOException e) {
            // One side went away: the other one goes too.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    /**
     * Whether this read starts the request {@link #timeOutOnceOn} waits for: if so, how many bytes of its body are
     * still to come after it (0: none), else -1.
     */
    private long bodyLeftIfTimedOut(byte[] buffer, int n) {
        String marker = timeOutOn.get();
        String head = new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
        int lineEnd = head.indexOf("\r\n");
        int headersEnd = head.indexOf("\r\n\r\n");
        if (marker == null || lineEnd < 0 || headersEnd < 0 || !head.substring(0, lineEnd).contains(marker)
                || !timeOutOn.compareAndSet(marker, null)) {
            return -1;
        }
        long length = head.substring(0, headersEnd).lines()
                .filter(line -> line.regionMatches(true, 0, "Content-Length:", 0, 15))
                .mapToLong(line -> Long.parseLong(line.substring(15).strip()))
                .findFirst().orElse(0);
        return Math.max(0, length - (n - headersEnd - 4));
    }

    private static void answerGatewayTimeout(Socket client) throws IOException {
        OutputStream out = client.getOutputStream();
        out.write(("HTTP/1.1 504 Gateway Timeout\r\nContent-Type: text/plain\r\nContent-Length: 15\r\n"
                + "Connection: close\r\n\r\ngateway timeout").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static void failMidRequest(Socket client, Socket server) throws IOException {
        closeQuietly(server);
        String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>InternalError</Code>"
                + "<Message>the test's store failed mid-request</Message></Error>";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        OutputStream out = client.getOutputStream();
        out.write(("HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/xml\r\nContent-Length: "
                + bytes.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
        try {
            client.shutdownOutput();
        } catch (SocketException e) {
            // The client may have gone already.
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // Closing is all that was wanted.
        }
    }
}
