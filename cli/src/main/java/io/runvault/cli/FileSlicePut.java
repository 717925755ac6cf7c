package io.runvault.cli;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;

/**
 * A slice of a file PUT to a plain-http URL, its bytes handed from the file to the socket by the kernel
 * ({@link FileChannel#transferTo}, sendfile on Linux): they are never copied through the JVM, which leaves the
 * CPU to the store and to the SHA-256 of the file. One request per connection ({@code Connection: close}), so the
 * answer is read to the end of the stream. TLS cannot be sent this way: https URLs go through the JDK's client.
 */
final class FileSlicePut {
    /** A refusal's body is read for its message; more than this is not needed to say what went wrong. */
    private static final int MAX_ANSWER = 64 * 1024;

    private FileSlicePut() {
    }

    /** The status line's code and the body of the answer. */
    record Answer(int status, String body) {
    }

    static boolean handles(URI url) {
        return "http".equalsIgnoreCase(url.getScheme());
    }

    /**
     * PUTs {@code length} bytes of {@code file} from {@code offset} to {@code url} with {@code headers}.
     *
     * @throws IOException when the connection fails, the file is shorter than the slice or the answer is not HTTP
     */
    static Answer put(URI url, Map<String, String> headers, Path file, long offset, long length,
            Duration connectTimeout, Duration timeout) throws IOException {
        int port = url.getPort() == -1 ? 80 : url.getPort();
        try (SocketChannel socket = SocketChannel.open();
                FileChannel source = FileChannel.open(file, StandardOpenOption.READ)) {
            socket.socket().connect(new InetSocketAddress(url.getHost(), port), (int) connectTimeout.toMillis());
            socket.socket().setSoTimeout((int) timeout.toMillis());
            // Writes have no timeout of their own: a store that stops reading would hold the part forever.
            Thread watchdog = Thread.ofVirtual().name("part-timeout").start(() -> closeAfter(socket, timeout));
            try {
                writeFully(socket, ByteBuffer.wrap(requestHead(url, port, headers, length)));
                long sent = 0;
                while (sent < length) {
                    long n = source.transferTo(offset + sent, length - sent, socket);
                    if (n <= 0 && offset + sent >= source.size()) {
                        throw new EOFException(file + " ended before byte " + (offset + length) + " of the part");
                    }
                    sent += n;
                }
                // Through the socket's stream, so that the read timeout applies while the store finishes the part.
                return parse(new BufferedInputStream(socket.socket().getInputStream()));
            } finally {
                watchdog.interrupt();
            }
        }
    }

    private static void closeAfter(SocketChannel socket, Duration timeout) {
        try {
            Thread.sleep(timeout);
            socket.close();
        } catch (InterruptedException | IOException e) {
            // Interrupted: the part is done. A failed close leaves the part to its read timeout.
        }
    }

    private static byte[] requestHead(URI url, int port, Map<String, String> headers, long length) {
        String target = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) {
            target += "?" + url.getRawQuery();
        }
        // The Host the URL was signed for: its port only when not the default, as HTTP clients send it.
        String host = url.getPort() == -1 || port == 80 ? url.getHost() : url.getHost() + ":" + port;
        StringBuilder head = new StringBuilder("PUT ").append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append("\r\n")
                .append("Content-Length: ").append(length).append("\r\n")
                .append("Connection: close\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void writeFully(SocketChannel socket, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            socket.write(bytes);
        }
    }

    /** The status and body; the body ends at its Content-Length, else where the store closes the connection. */
    private static Answer parse(InputStream in) throws IOException {
        String head = readHead(in);
        // "HTTP/1.1 200 OK": the code is the second word of the status line.
        String[] status = head.split("\r\n", 2)[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/") || !status[1].matches("\\d{3}")) {
            throw new IOException("not an HTTP answer: " + head.lines().findFirst().orElse(""));
        }
        long declared = head.lines().skip(1).map(line -> line.split(":", 2))
                .filter(field -> field.length == 2 && field[0].trim().equalsIgnoreCase("Content-Length"))
                .mapToLong(field -> length(field[1].trim())).findFirst().orElse(MAX_ANSWER);
        byte[] body = in.readNBytes((int) Math.min(declared, MAX_ANSWER));
        return new Answer(Integer.parseInt(status[1]), new String(body, StandardCharsets.UTF_8));
    }

    private static long length(String value) throws UncheckedIOException {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new UncheckedIOException(new IOException("not a Content-Length: " + value));
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < MAX_ANSWER && (head.length() < 4 || !head.substring(head.length() - 4).equals(
                "\r\n\r\n"))) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the connection closed before the answer's header ended");
            }
            head.append((char) b);
        }
        return head.toString();
    }
}
