package io.runvault.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** runvault login [URL]: saves the server and a token in ~/.runvault/config, for the owner's eyes only. */
@Command(name = "login", description = "Save the server URL and a token (read from a prompt or stdin, never argv) "
        + "in ~/.runvault/config, mode 0600.")
final class Login extends CliCommand {
    @Parameters(index = "0", arity = "0..1", description = "server URL (else --url, RUNVAULT_URL, the saved one)")
    String url;

    @Override
    public Integer call() throws IOException {
        RunvaultCli cli = cli();
        URI server = CliConfig.url(url != null ? url : cli.url, cli.env(), cli.home());
        String token = cli.token != null ? cli.token : read(cli);
        if (token == null || token.isBlank()) {
            throw new CliException("no token given", ExitCode.USAGE);
        }
        Path written = CliConfig.write(cli.home(), server, token.strip());
        output().result(RestClient.JSON.createObjectNode().put("url", server.toString())
                .put("config", written.toString()), "saved " + server + " in " + written);
        return 0;
    }

    /** A prompt without echo on a terminal, else the first line of stdin (for scripts: a pipe, not argv). */
    private static String read(RunvaultCli cli) throws IOException {
        Console console = System.console();
        if (console != null && console.isTerminal() && cli.in() == System.in) {
            char[] typed = console.readPassword("token: ");
            return typed == null ? null : new String(typed);
        }
        return new BufferedReader(new InputStreamReader(cli.in(), StandardCharsets.UTF_8)).readLine();
    }
}
