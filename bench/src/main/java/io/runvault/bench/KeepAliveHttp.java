package io.runvault.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

// The JDK's HttpClient spent more CPU per request than the server it was measuring, on cores they share; this one
// writes each request from a reused buffer in one write and parses the answer from a buffered stream.
// Not thread-safe: each load thread uses one instance at a time.
/** Load client for the submission and burst benchmarks: HTTP/1.1 on one persistent connection, one request at a time. */
final class KeepAliveHttp implements AutoCloseable {
    private static final int TIMEOUT_MILLIS = 60_000;
    private static final byte[] CRLF = {'\r', '\n'};

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
    /** Whether this connection has answered a request before: only then can a failure mean an idle close. */
    private boolean reused;
    /** Whether any byte of the current response arrived: after that the server has seen the request. */
    private boolean answering;

    /** A client for one server that sends every request with the given bearer token. */
    KeepAliveHttp(String host, int port, String bearerToken) {
        this.host = host;
        this.port = port;
        this.headers = ("Host: " + host + ":" + port + "\r\nAuthorization: Bearer " + bearerToken
                + "\r\nAccept: application/json\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** POSTs a JSON body and returns the answer. */
    Response post(String path, String json) throws IOException {
        return send("POST", path, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    /** PUTs a body of the given type (a results zip) and returns the answer. */
    Response put(String path, String contentType, byte[] body) throws IOException {
        return send("PUT", path, contentType, body);
    }

    private Response send(String method, String path, String contentType, byte[] body) throws IOException {
        request.reset();
        ascii(method);
        ascii(" ");
        ascii(path);
        ascii(" HTTP/1.1\r\n");
        request.writeBytes(headers);
        ascii("Content-Type: ");
        ascii(contentType);
        request.writeBytes(CRLF);
        ascii("Content-Length: ");
        ascii(Integer.toString(body.length));
        request.writeBytes(CRLF);
        request.writeBytes(CRLF);
        request.writeBytes(body);
        try {
            return exchange();
        } catch (IOException e) {
            // A keep-alive connection the server closed while idle fails on the write or before the first response
            // byte; the server never saw the request, so one try on a fresh connection cannot submit twice.
            // Any other failure, a timeout included, may follow a request the server processed: no second try.
            if (!reused || answering || e instanceof SocketTimeoutException) {
                close();
                throw e;
            }
            close();
            return exchange();
        }
    }

    /** Writes the prepared request in one write and reads its answer, connecting first if needed. */
    private Response exchange() throws IOException {
        if (socket == null) {
            connect();
        }
        answering = false;
        request.writeTo(out);
        out.flush();
        Response response = read();
        reused = true;
        return response;
    }

    private void connect() throws IOException {
        socket = new Socket();
        // Requests are written whole, so Nagle's algorithm would only delay the last segment.
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        out = socket.getOutputStream();
        reused = false;
    }

    /** Status line, headers, then a body framed by Content-Length, chunks, or the end of the connection. */
    private Response read() throws IOException {
        String statusLine = readLine(true);
        int space = statusLine.indexOf(' ');
        if (!statusLine.startsWith("HTTP/1.") || space < 0 || statusLine.length() < space + 4) {
            throw new IOException("not an HTTP status line: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(space + 1, space + 4));
        long length = -1;
        boolean chunked = false;
        boolean close = statusLine.startsWith("HTTP/1.0");
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
                chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
            } else if (name.equalsIgnoreCase("Connection")) {
                close = value.equalsIgnoreCase("close");
            }
        }
        String body;
        if (chunked) {
            body = readChunked();
        } else if (length >= 0) {
            body = new String(readExactly((int) length), StandardCharsets.UTF_8);
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
                    // Trailers carry nothing the benchmark reads.
                }
                return body.toString(StandardCharsets.UTF_8);
            }
            body.writeBytes(readExactly(n));
            readLine(false);
        }
    }

    /** Exactly n bytes; readNBytes alone would hand back a truncated body without saying so. */
    private byte[] readExactly(int n) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length != n) {
            throw new IOException("connection closed inside a response body");
        }
        return bytes;
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
            answering = true;
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

    /** Appends request-line and header text, which is ASCII, without an intermediate byte array. */
    private void ascii(String text) {
        for (int i = 0; i < text.length(); i++) {
            request.write(text.charAt(i));
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
