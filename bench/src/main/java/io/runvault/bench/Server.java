package io.runvault.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The fat jar in a child process on a free loopback port; killed on close. */
record Server(Process process, int port, HttpClient http) implements AutoCloseable {
    static Server start(Path jar, Path dataDir, Map<String, String> env, List<String> jvmArgs, Path log)
            throws IOException {
        return start(command(jar, jvmArgs), dataDir, env, log);
    }

    /** {@code java [jvmArgs] -jar jar} with the harness's own JDK. */
    static List<String> command(Path jar, List<String> jvmArgs) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        return command;
    }

    /** Any command that starts the server, such as bin/runvault-server (given the harness's JDK). */
    static Server start(List<String> command, Path dataDir, Map<String, String> env, Path log)
            throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(k -> k.startsWith("DATASOURCES_") || k.startsWith("RUNVAULT_"));
        environment.putAll(env);
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.put("RUNVAULT_PORT", Integer.toString(port));
        environment.put("RUNVAULT_SECURITY_BOOTSTRAP_ADMIN_TOKEN", Bench.ADMIN_TOKEN);
        environment.put("RUNVAULT_DATA_DIR", dataDir.toAbsolutePath().toString());
        Process process = builder.start();
        // Interrupted or not, the harness leaves no server behind.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        return new Server(process, port, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build());
    }

    /**
     * The server's JVM: the process started, or its java child where a launcher runs the JVM beneath it
     * (bin/runvault-server while it records its AOT cache); CPU and forced collections are asked of this one.
     */
    long jvmPid() {
        ProcessHandle started = process.toHandle();
        if (isJava(started)) {
            return started.pid();
        }
        return started.children().filter(Server::isJava).findFirst().map(ProcessHandle::pid).orElse(started.pid());
    }

    private static boolean isJava(ProcessHandle process) {
        return process.info().command().map(command -> command.endsWith("/java")).orElse(false);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Every API call goes as the admin the harness configured, which may do everything it measures. */
    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + Bench.ADMIN_TOKEN);
    }

    void awaitReady(HttpClient client, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("server exited with " + process.exitValue());
            }
            try {
                if (client.send(HttpRequest.newBuilder(uri("/health")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("server not ready within " + timeout);
    }

    HttpRequest post(String path, String json) {
        return request(path).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    HttpResponse<String> postRaw(String path, String json) throws Exception {
        return http.send(post(path, json), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(request(path).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws InterruptedException {
        stop(Duration.ofSeconds(20));
    }

    /** SIGTERM, then SIGKILL if it has not exited within the grace period. */
    void stop(Duration grace) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
