package io.runvault.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CLI's exit codes, stable for scripts: the one place a failure becomes a number. 3 and 4 keep the meaning
 * {@code jobs watch} has always given them.
 */
enum ExitCode {
    OK(0, "success"),
    OTHER(1, "any other failure (a missing file, a checksum that does not match, a request the server rejects)"),
    USAGE(2, "usage: an unknown command or option, a missing argument, a request the server calls invalid (400)"),
    FAILED(3, "the job (jobs watch) or the operation (admin archive|restore|purge|verify) ended FAILED"),
    CANCELLED(4, "the job (jobs watch) ended CANCELLED"),
    AUTH(5, "no token, or the server refused it (401, 403)"),
    NOT_FOUND(6, "not found (404), or purged (410)"),
    CONFLICT(7, "conflict (409): e.g. the job has ended, other bytes are stored, another operation runs"),
    NETWORK(8, "the server could not be reached, or the connection broke"),
    SERVER(9, "the server failed (5xx), e.g. its storage or database is unavailable");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    int code() {
        return code;
    }

    /** What a refused request's status means to a script. */
    static ExitCode forStatus(int status) {
        return switch (status) {
            case 400 -> USAGE;
            case 401, 403 -> AUTH;
            case 404, 410 -> NOT_FOUND;
            case 409 -> CONFLICT;
            default -> status >= 500 ? SERVER : OTHER;
        };
    }

    /** The table shown by {@code --help}. */
    static Map<String, String> helpList() {
        Map<String, String> list = new LinkedHashMap<>();
        for (ExitCode exit : values()) {
            list.put(String.format("%2d", exit.code), exit.meaning);
        }
        return list;
    }
}
