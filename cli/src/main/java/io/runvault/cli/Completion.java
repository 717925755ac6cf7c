package io.runvault.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** runvault completion: the bash completion script, generated from the commands themselves. */
@Command(name = "completion", description = "Print the bash completion script: source <(runvault completion)")
final class Completion implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(AutoComplete.bash("runvault", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
