import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The smallest HTTP/1.1 client the submission load needs: one persistent connection, one request at a time, JSON
 * bodies with a Content-Length. The JDK's HttpClient spends more CPU per request than the server it is measuring
 * does, on cores they share; this one writes each request in one go and reads the answer from a buffer.
 * Not thread-safe: each load thread owns one.
 */
final class KeepAliveHttp implements AutoCloseable {
    private static final int TIMEOUT_MILLIS = 60_000;

    /** A status code and the body as text. */
    record Response(int status, String body) {
    }

    private final String host;
    private final int port;
    private final byte[] headers;
    private final ByteArrayOutputStream request = new ByteArrayOutputStream(1024);
    private final StringBuilder line = new StringBuilder(128);
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    /** Whether the connection has answered a request: only then can a failure mean it was closed while idle. */
    private boolean reused;

    KeepAliveHttp(String host, int port, String bearerToken) {
        this.host = host;
        this.port = port;
        this.headers = ("Host: " + host + ":" + port + "\r\nAuthorization: Bearer " + bearerToken
                + "\r\nContent-Type: application/json\r\nAccept: application/json\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** POSTs a JSON body and returns the answer. */
    Response post(String path, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        request.reset();
        request.writeBytes(("POST " + path + " HTTP/1.1\r\n").getBytes(StandardCharsets.US_ASCII));
        request.writeBytes(headers);
        request.writeBytes(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        request.writeBytes(body);
        try {
            return exchange();
        } catch (EOFException | java.net.SocketException e) {
            if (!reused) {
                throw e;
            }
            // The server may close an idle keep-alive connection; nothing was answered, so one fresh try is safe
            // only because the failure came before any response byte (exchange() throws EOF on an empty read).
            close();
            return exchange();
        }
    }

    private Response exchange() throws IOException {
        if (socket == null) {
            connect();
        }
        out.write(request.toByteArray());
        out.flush();
        Response response = read();
        reused = true;
        return response;
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        out = socket.getOutputStream();
        reused = false;
    }

    private Response read() throws IOException {
        String statusLine = readLine(true);
        int space = statusLine.indexOf(' ');
        if (!statusLine.startsWith("HTTP/1.") || space < 0 || statusLine.length() < space + 4) {
            throw new IOException("not an HTTP status line: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(space + 1, space + 4));
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String header = readLine(false); !header.isEmpty(); header = readLine(false)) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim();
            String value = header.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                chunked = value.toLowerCase(java.util.Locale.ROOT).contains("chunked");
            } else if (name.equalsIgnoreCase("Connection")) {
                close = value.equalsIgnoreCase("close");
            }
        }
        String body;
        if (chunked) {
            body = readChunked();
        } else if (length >= 0) {
            body = new String(in.readNBytes((int) length), StandardCharsets.UTF_8);
        } else {
            // Neither length nor chunks: the body runs to the end of the connection.
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            close = true;
        }
        if (close) {
            close();
        }
        return new Response(status, body);
    }

    private String readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = readLine(false);
            int semicolon = size.indexOf(';');
            int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            if (n == 0) {
                while (!readLine(false).isEmpty()) {
                    // trailers, ignored
                }
                return body.toString(StandardCharsets.UTF_8);
            }
            body.write(in.readNBytes(n));
            readLine(false);
        }
    }

    /** One CRLF-terminated line; at the start of a response an immediate end of stream is an EOFException. */
    private String readLine(boolean first) throws IOException {
        line.setLength(0);
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (first && line.isEmpty()) {
                    throw new EOFException("connection closed before a response");
                }
                throw new IOException("connection closed inside a response");
            }
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            line.append((char) b);
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // Closing a socket that failed anyway.
            }
        }
        socket = null;
        in = null;
        out = null;
    }
}
