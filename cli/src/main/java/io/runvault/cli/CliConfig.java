package io.runvault.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;

/** Where the CLI finds its server and token: flags, then RUNVAULT_URL / RUNVAULT_TOKEN, then ~/.runvault/config. */
record CliConfig(URI url, String token) {
    static final String DEFAULT_URL = "http://localhost:8080";

    static CliConfig resolve(String urlFlag, String tokenFlag, Map<String, String> env, Path home) {
        Properties file = read(home);
        String token = first(tokenFlag, env.get("RUNVAULT_TOKEN"), file.getProperty("token"), null);
        if (token == null) {
            throw new CliException("no token: run runvault login, pass --token, set RUNVAULT_TOKEN or put token=… in "
                    + file(home), ExitCode.AUTH);
        }
        return new CliConfig(url(urlFlag, env, home), token);
    }

    /** The server's URL alone, for commands that need no token. */
    static URI url(String urlFlag, Map<String, String> env, Path home) {
        String url = first(urlFlag, env.get("RUNVAULT_URL"), read(home).getProperty("url"), DEFAULT_URL);
        return URI.create(url.endsWith("/") ? url : url + "/");
    }

    static Path file(Path home) {
        return home.resolve(".runvault").resolve("config");
    }

    /**
     * Writes url= and token= lines, readable by the owner only: the file is created 0600 and moved into place, so
     * the token is never in a file others can read, not even for a moment.
     */
    static Path write(Path home, URI url, String token) {
        Path config = file(home);
        try {
            Path dir = config.getParent();
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            }
            Path temporary = dir.resolve("config.new");
            Files.deleteIfExists(temporary);
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
            try (Writer writer = Files.newBufferedWriter(temporary)) {
                writer.write("url=" + url + System.lineSeparator());
                writer.write("token=" + token + System.lineSeparator());
            }
            return Files.move(temporary, config, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            throw new CliException("cannot write " + config + ": " + e.getFile() + " is in the way");
        } catch (IOException e) {
            throw new CliException("cannot write " + config + ": " + e.getMessage());
        }
    }

    private static Properties read(Path home) {
        Properties file = new Properties();
        Path config = file(home);
        if (Files.isRegularFile(config)) {
            try (Reader reader = Files.newBufferedReader(config)) {
                file.load(reader);
            } catch (IOException e) {
                throw new CliException("cannot read " + config + ": " + e.getMessage());
            }
        }
        return file;
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
