package io.runvault.cli;

/** A failure the CLI reports as one line and a non-zero exit code, without a stack trace. */
class CliException extends RuntimeException {
    private final ExitCode exitCode;

    CliException(String message) {
        this(message, ExitCode.OTHER);
    }

    CliException(String message, ExitCode exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    ExitCode exitCode() {
        return exitCode;
    }
}
