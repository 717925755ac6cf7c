package io.runvault.cli;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/** Where the CLI finds its server and token: flags, then RUNVAULT_URL / RUNVAULT_TOKEN, then ~/.runvault/config. */
record CliConfig(URI url, String token) {

    static CliConfig resolve(String urlFlag, String tokenFlag, Map<String, String> env, Path home) {
        Properties file = new Properties();
        Path config = home.resolve(".runvault").resolve("config");
        if (Files.isRegularFile(config)) {
            try (Reader reader = Files.newBufferedReader(config)) {
                file.load(reader);
            } catch (IOException e) {
                throw new CliException("cannot read " + config + ": " + e.getMessage());
            }
        }
        String url = first(urlFlag, env.get("RUNVAULT_URL"), file.getProperty("url"), "http://localhost:8080");
        String token = first(tokenFlag, env.get("RUNVAULT_TOKEN"), file.getProperty("token"), null);
        if (token == null) {
            throw new CliException("no token: pass --token, set RUNVAULT_TOKEN or put token=… in " + config);
        }
        return new CliConfig(URI.create(url.endsWith("/") ? url : url + "/"), token);
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "CliConfig[url=" + url + ", token=…]";
    }
}
