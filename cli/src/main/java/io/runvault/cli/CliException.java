package io.runvault.cli;

/** A failure the CLI reports as one line and a non-zero exit code, without a stack trace. */
class CliException extends RuntimeException {
    private static final String PROBLEM_PREFIX = "urn:runvault:problem:";

    private final ExitCode exitCode;
    private final String problem;

    CliException(String message) {
        this(message, ExitCode.OTHER);
    }

    CliException(String message, ExitCode exitCode) {
        this(message, exitCode, null);
    }

    /** {@code problemType}: the server's problem type, when it answered with one. */
    CliException(String message, ExitCode exitCode, String problemType) {
        super(message);
        this.exitCode = exitCode;
        this.problem = problemType != null && problemType.startsWith(PROBLEM_PREFIX)
                ? problemType.substring(PROBLEM_PREFIX.length()) : null;
    }

    ExitCode exitCode() {
        return exitCode;
    }

    /** Whether the server refused with this problem (its slug, as in {@code job-purged}). */
    boolean is(String slug) {
        return slug.equals(problem);
    }
}
