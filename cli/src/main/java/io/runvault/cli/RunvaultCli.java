package io.runvault.cli;

import java.io.FileNotFoundException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The runvault command: jobs, runs, results, artifacts and administration, through the REST API only. */
// Inherited, so that -h/--help (and -V) work on every subcommand, as the hint after a usage error says they do.
@Command(name = "runvault", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        versionProvider = RunvaultCli.Version.class, description = "Runvault command-line client.",
        subcommands = {Jobs.class, Runs.class, Results.class, Artifacts.class, Admin.class, Login.class,
            Completion.class})
public final class RunvaultCli {
    @Option(names = "--url", scope = ScopeType.INHERIT,
            description = "server URL (else RUNVAULT_URL, ~/.runvault/config, http://localhost:8080)")
    String url;

    @Option(names = "--token", scope = ScopeType.INHERIT,
            description = "API token (else RUNVAULT_TOKEN or ~/.runvault/config)")
    String token;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "show the stack trace of a failure, and how long each phase of a parted upload took")
    boolean debug;

    private final Map<String, String> env;
    private final Path home;
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;

    /** A client reading its settings from {@code env} and {@code home}, printing to {@code out}. */
    public RunvaultCli(Map<String, String> env, Path home, PrintStream out, boolean terminal) {
        this(env, home, System.in, out, System.err, terminal);
    }

    /** As above, reading what it asks for (a token at login) from {@code in}, failures to {@code err}. */
    public RunvaultCli(Map<String, String> env, Path home, InputStream in, PrintStream out, PrintStream err,
            boolean terminal) {
        this.env = env;
        this.home = home;
        this.in = in;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    boolean debug() {
        return debug;
    }

    public static void main(String[] args) {
        var cli = new RunvaultCli(System.getenv(), Path.of(System.getProperty("user.home")), System.in, System.out,
                System.err, System.console() != null && System.console().isTerminal());
        System.exit(cli.run(args));
    }

    /** Runs one command line and returns its exit code (see {@link ExitCode}); a failure is one line on stderr. */
    public int run(String... args) {
        var commandLine = new CommandLine(this);
        commandLine.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        commandLine.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        listExitCodes(commandLine);
        commandLine.setParameterExceptionHandler((e, arguments) -> {
            String command = e.getCommandLine().getCommandSpec().qualifiedName();
            err.println("runvault: " + oneLine(e.getMessage()) + " (see " + command + " --help)");
            return ExitCode.USAGE.code();
        });
        commandLine.setExecutionExceptionHandler((e, line, parsed) -> {
            CliException failure = failure(e);
            if (debug) {
                e.printStackTrace(err);
            }
            err.println("runvault: " + oneLine(failure.getMessage()));
            return failure.exitCode().code();
        });
        return commandLine.execute(args);
    }

    /** Every command's help ends with the exit codes, which are the same for all of them. */
    private static void listExitCodes(CommandLine command) {
        command.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(ExitCode.helpList());
        command.getSubcommands().values().forEach(RunvaultCli::listExitCodes);
    }

    /** Every failure as what failed and why; one that was not foreseen still names itself. */
    private static CliException failure(Throwable e) {
        Throwable cause = e instanceof UncheckedIOException unchecked ? unchecked.getCause() : e;
        return switch (cause) {
            case CliException known -> known;
            case NoSuchFileException missing -> new CliException("no such file: " + missing.getFile());
            case AccessDeniedException denied -> new CliException("permission denied: " + denied.getFile());
            case FileSystemException file -> new CliException(file.getFile() + ": " + file.getReason());
            case FileNotFoundException file -> new CliException("cannot open " + file.getMessage());
            case InterruptedException interrupted -> new CliException("interrupted");
            default -> new CliException(cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        };
    }

    /** The version in the jar's manifest, which the build writes there. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = RunvaultCli.class.getPackage().getImplementationVersion();
            return new String[] {"runvault " + (version == null ? "(version unknown: not run from its jar)" : version)};
        }
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }

    RestClient client() {
        return new RestClient(CliConfig.resolve(url, token, env, home));
    }

    Output output(boolean json) {
        return new Output(out, err, json, terminal);
    }

    Map<String, String> env() {
        return env;
    }

    Path home() {
        return home;
    }

    InputStream in() {
        return in;
    }

    /** Standard output as bytes, for a command whose output is a file's content. */
    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
