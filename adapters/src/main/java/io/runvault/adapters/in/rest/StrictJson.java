package io.runvault.adapters.in.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.runvault.domain.InvalidValue;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JSON every body must be before it is bound: one value and nothing after it, no key twice in an object,
 * nested at most {@value #MAX_DEPTH} levels, strings free of NUL and of unpaired surrogates (the database can store
 * neither), and numbers a long or a double can hold. A refusal names the field, in the form {@code runs[0].config.k}.
 */
final class StrictJson {
    static final int MAX_DEPTH = 32;
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private StrictJson() {
    }

    /** Checks the body; an empty one is left to the binding (a required body is reported missing there). */
    static void check(byte[] body) {
        try (JsonParser parser = FACTORY.createParser(body)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return;
            }
            int depth = 0;
            do {
                switch (token) {
                    case START_OBJECT, START_ARRAY -> {
                        if (++depth > MAX_DEPTH) {
                            throw new InvalidValue(field(parser.getParsingContext().getParent()),
                                    "nests deeper than " + MAX_DEPTH + " levels");
                        }
                    }
                    case END_OBJECT, END_ARRAY -> depth--;
                    case FIELD_NAME, VALUE_STRING -> checkText(parser);
                    case VALUE_NUMBER_INT -> {
                        if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                            throw new InvalidValue(field(parser.getParsingContext()), "is too large a number");
                        }
                    }
                    case VALUE_NUMBER_FLOAT -> {
                        if (mayOverflow(parser) && !Double.isFinite(parser.getDoubleValue())) {
                            throw new InvalidValue(field(parser.getParsingContext()), "is too large a number");
                        }
                    }
                    default -> {
                    }
                }
                token = parser.nextToken();
            } while (depth > 0 && token != null);
            if (parser.nextToken() != null) {
                throw new InvalidValue("body", "must be one JSON value with nothing after it");
            }
        } catch (JsonProcessingException e) {
            throw new InvalidValue("body", "is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Only a number with an exponent, or with more digits than a double's largest value has, can be too large: the
     * others are never parsed here, which in a batch of configs would be most of the work.
     */
    private static boolean mayOverflow(JsonParser parser) throws IOException {
        char[] text = parser.getTextCharacters();
        int start = parser.getTextOffset();
        int length = parser.getTextLength();
        if (length > 300) {
            return true;
        }
        for (int i = start; i < start + length; i++) {
            if (text[i] == 'e' || text[i] == 'E') {
                return true;
            }
        }
        return false;
    }

    private static void checkText(JsonParser parser) throws IOException {
        if (!isCleanText(parser.getText())) {
            throw new InvalidValue(field(parser.getParsingContext()),
                    "must not contain NUL or unpaired surrogate characters");
        }
    }

    /** Free of NUL and of surrogates that do not form a pair: text the database and UTF-8 can both hold. */
    static boolean isCleanText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean unpaired = Character.isHighSurrogate(c)
                    ? i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(++i))
                    : Character.isLowSurrogate(c);
            if (c == 0 || unpaired) {
                return false;
            }
        }
        return true;
    }

    /**
     * The field at a place the parser reported (a value of the wrong type, found when binding the body): the value
     * that ends at or after that line and column; "body" when the place is not found.
     */
    static String fieldAt(byte[] body, int line, int column) {
        try (JsonParser parser = FACTORY.createParser(body)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                var end = parser.currentLocation();
                if (end.getLineNr() > line || end.getLineNr() == line && end.getColumnNr() >= column) {
                    return token.isStructStart() ? field(parser.getParsingContext().getParent())
                            : field(parser.getParsingContext());
                }
            }
        } catch (IOException e) {
            // Past the place already, or not JSON at all: fall back to naming the body.
        }
        return "body";
    }

    /** The context's path as clients write it: {@code runs[0].config.k}; "body" for the document itself. */
    static String field(JsonStreamContext context) {
        java.util.ArrayDeque<String> segments = new java.util.ArrayDeque<>();
        for (JsonStreamContext at = context; at != null && !at.inRoot(); at = at.getParent()) {
            if (at.inArray()) {
                segments.push("[" + Math.max(at.getCurrentIndex(), 0) + "]");
            } else if (at.getCurrentName() != null) {
                segments.push("." + at.getCurrentName());
            }
        }
        String field = String.join("", segments);
        return field.isEmpty() ? "body" : field.startsWith(".") ? field.substring(1) : field;
    }
}
