package io.runvault.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Base of every runvault command: the shared settings, the REST client and the output, and {@code --json}. A command
 * returns its exit code or throws a {@link CliException}; {@link RunvaultCli} turns every failure into one line.
 */
abstract class CliCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "print machine-readable JSON (the server's where it sends some)")
    boolean json;

    final RunvaultCli cli() {
        return (RunvaultCli) spec.root().userObject();
    }

    final RestClient client() {
        return cli().client();
    }

    final Output output() {
        return cli().output(json);
    }
}
