package io.runvault.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** runvault results cat JOB RUN PATH: one file of a run's results zip to stdout, inflated by the server. */
@Command(name = "cat", description = "Print one file of a run's results zip without downloading the zip.")
final class ResultsCat extends CliCommand {
    @Parameters(index = "0", description = "job id")
    long job;

    @Parameters(index = "1", description = "run id")
    long run;

    @Parameters(index = "2", description = "the file's path in the zip, as `results ls` shows it")
    String path;

    @Option(names = "--stage", defaultValue = "final", description = "stage (default final)")
    String stage;

    @Override
    public Integer call() {
        RunvaultCli cli = cli();
        RestClient client = client();
        long artifact = RunResults.artifactId(client, job, run, stage);
        String encoded = Arrays.stream(path.split("/", -1))
                .map(segment -> URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("/"));
        PrintStream out = cli.out();
        try (InputStream content = client.open("/api/v1/artifacts/" + artifact + "/entries/" + encoded)) {
            content.transferTo(out);
        } catch (IOException e) {
            // The server cuts an entry short when it fails its checks, so a broken stream is not a truncated success.
            throw new CliException(path + " broke off: " + e.getMessage(), ExitCode.NETWORK);
        }
        out.flush();
        return 0;
    }
}
