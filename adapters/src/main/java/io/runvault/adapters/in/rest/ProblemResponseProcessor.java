package io.runvault.adapters.in.rest;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import io.micronaut.http.server.exceptions.response.Error;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns every error Micronaut itself reports (unknown route, wrong method, malformed JSON, failed bean validation,
 * body too large) into problem+json, so clients see one error format whatever layer refused them.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
public class ProblemResponseProcessor implements ErrorResponseProcessor<Problem> {
    private static final Pattern UNCONVERTED = Pattern.compile(
            "Failed to convert argument \\[(\\w+)\\].*", Pattern.DOTALL);
    private static final Pattern PROPERTY = Pattern.compile("Error decoding property \\[(?:[^\\]]*\\s)?(\\w+)\\]");
    private static final Pattern PARSER_LOCATION = Pattern.compile("line: (\\d+), column: (\\d+)");
    private static final Pattern LOCATED = Pattern.compile("([A-Za-z_][\\w.\\[\\]]*): (.+)", Pattern.DOTALL);

    @Override
    public MutableHttpResponse<Problem> processResponse(ErrorContext context, MutableHttpResponse<?> base) {
        int status = base.code();
        String instance = context.getRequest().getPath();
        byte[] body = context.getRequest().getAttribute(StrictJsonFilter.BODY, byte[].class).orElse(null);
        List<Problem.FieldError> errors = context.getErrors().stream().map(error -> fieldError(error, body)).toList();
        String detail = errors.size() == 1 ? errors.getFirst().message() : null;
        Problem problem = switch (status) {
            case 400 -> Problem.of("invalid-request", "The request is not valid", status,
                    detail == null ? "see errors" : detail, instance).withErrors(errors);
            case 404 -> Problem.of("not-found", "No such resource", status, detail, instance);
            case 405 -> Problem.of("method-not-allowed", "Method not allowed here", status, detail, instance);
            case 406 -> Problem.of("not-acceptable", "No acceptable representation", status, detail, instance);
            case 413 -> Problem.of("payload-too-large", "The request body is too large", status, detail, instance);
            case 415 -> Problem.of("unsupported-media-type", "Unsupported content type", status, detail, instance);
            default -> status >= 500
                    ? Problem.of("internal", "Internal error", status, "the server failed; nothing was changed "
                            + "unless the response said so", instance)
                    : Problem.of("http-" + status, base.reason(), status, detail, instance).withErrors(errors);
        };
        return base.body(problem).contentType(Problem.MEDIA_TYPE);
    }

    /** Bean validation reports "body.tags[0]: must not be null" with no separate path; split it for clients. */
    private static Problem.FieldError fieldError(Error error, byte[] body) {
        Matcher unconverted = UNCONVERTED.matcher(error.getMessage());
        if (unconverted.matches()) {
            return unconverted(unconverted.group(1), error.getMessage(), body);
        }
        if (error.getPath().isPresent()) {
            return new Problem.FieldError(field(error.getPath().get()), error.getMessage());
        }
        Matcher located = LOCATED.matcher(error.getMessage());
        if (located.matches()) {
            return new Problem.FieldError(field(located.group(1)), located.group(2));
        }
        return new Problem.FieldError(null, error.getMessage());
    }

    /**
     * A value that could not be bound: named by its property (for a body) or parameter, without the binder's own
     * message, which names the server's classes and its parser.
     */
    private static Problem.FieldError unconverted(String argument, String message, byte[] body) {
        String reason = message.contains(WholeNumber.REASON) ? WholeNumber.REASON : "has the wrong type or form";
        if (!argument.equals("body")) {
            return new Problem.FieldError(argument, reason);
        }
        Matcher at = PARSER_LOCATION.matcher(message);
        if (body != null && at.find()) {
            return new Problem.FieldError(StrictJson.fieldAt(body, Integer.parseInt(at.group(1)),
                    Integer.parseInt(at.group(2))), reason);
        }
        Matcher property = PROPERTY.matcher(message);
        return new Problem.FieldError(property.find() ? property.group(1) : "body", reason);
    }

    /** Bean validation paths read like "create.body.tags[0]"; clients want "tags[0]". */
    private static String field(String path) {
        int body = path.indexOf("body.");
        if (body >= 0 && (body == 0 || path.charAt(body - 1) == '.')) {
            return path.substring(body + "body.".length());
        }
        return path;
    }
}
