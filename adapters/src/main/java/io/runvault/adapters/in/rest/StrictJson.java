package io.runvault.adapters.in.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
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
        try (Checked parser = parser(body)) {
            if (parser.nextToken() == null) {
                return;
            }
            parser.finish();
        } catch (JsonProcessingException e) {
            throw notJson(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A parser of the body that holds each token it reads to these rules, so that an endpoint can read its body and
     * check it in one pass; {@link Checked#finish} then checks whatever the reader did not look at.
     */
    static Checked parser(byte[] body) throws IOException {
        return new Checked(FACTORY.createParser(body));
    }

    /** The refusal of a body that is not JSON at all, with where the parser gave up. */
    static InvalidValue notJson(JsonProcessingException e) {
        return new InvalidValue("body", "is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")");
    }

    /** A parser that refuses, as {@link InvalidValue}, the first token that breaks the rules; see {@link #parser}. */
    static final class Checked extends JsonParserDelegate {
        private int depth;
        private InvalidValue refusal;

        private Checked(JsonParser parser) {
            super(parser);
        }

        @Override
        public JsonToken nextToken() throws IOException {
            JsonToken token = delegate.nextToken();
            if (token != null) {
                try {
                    check(token);
                } catch (InvalidValue invalid) {
                    refusal = invalid;
                    throw invalid;
                }
            }
            return token;
        }

        // The shortcuts a binder reads with go through nextToken too: a delegate would answer them from the inner
        // parser, past the checks.

        @Override
        public JsonToken nextValue() throws IOException {
            JsonToken token = nextToken();
            return token == JsonToken.FIELD_NAME ? nextToken() : token;
        }

        @Override
        public String nextFieldName() throws IOException {
            return nextToken() == JsonToken.FIELD_NAME ? delegate.currentName() : null;
        }

        @Override
        public boolean nextFieldName(SerializableString name) throws IOException {
            return nextToken() == JsonToken.FIELD_NAME && name.getValue().equals(delegate.currentName());
        }

        @Override
        public String nextTextValue() throws IOException {
            return nextToken() == JsonToken.VALUE_STRING ? delegate.getText() : null;
        }

        @Override
        public int nextIntValue(int defaultValue) throws IOException {
            return nextToken() == JsonToken.VALUE_NUMBER_INT ? delegate.getIntValue() : defaultValue;
        }

        @Override
        public long nextLongValue(long defaultValue) throws IOException {
            return nextToken() == JsonToken.VALUE_NUMBER_INT ? delegate.getLongValue() : defaultValue;
        }

        @Override
        public Boolean nextBooleanValue() throws IOException {
            JsonToken token = nextToken();
            return token == JsonToken.VALUE_TRUE ? Boolean.TRUE : token == JsonToken.VALUE_FALSE ? Boolean.FALSE : null;
        }

        /** The refusal of a token read so far; a binder reading through this parser may have wrapped it. */
        InvalidValue refusal() {
            return refusal;
        }

        /** Skips through {@link #nextToken}, so that what is skipped is checked too. */
        @Override
        public JsonParser skipChildren() throws IOException {
            if (!delegate.hasToken(JsonToken.START_OBJECT) && !delegate.hasToken(JsonToken.START_ARRAY)) {
                return this;
            }
            for (int open = 1; open > 0; ) {
                JsonToken token = nextToken();
                if (token == null) {
                    return this;
                }
                open += token.isStructStart() ? 1 : token.isStructEnd() ? -1 : 0;
            }
            return this;
        }

        /**
         * Reads and checks the rest of the value the parser is in, then that nothing follows it. Does nothing once a
         * token was refused: the first refusal is the one to report.
         */
        void finish() throws IOException {
            if (refusal != null) {
                return;
            }
            while (depth > 0 && nextToken() != null) {
                // Each token is checked as it is read.
            }
            if (delegate.nextToken() != null) {
                throw new InvalidValue("body", "must be one JSON value with nothing after it");
            }
        }

        private void check(JsonToken token) throws IOException {
            switch (token) {
                case START_OBJECT, START_ARRAY -> {
                    if (++depth > MAX_DEPTH) {
                        throw new InvalidValue(field(delegate.getParsingContext().getParent()),
                                "nests deeper than " + MAX_DEPTH + " levels");
                    }
                }
                case END_OBJECT, END_ARRAY -> depth--;
                case FIELD_NAME, VALUE_STRING -> checkText(delegate);
                case VALUE_NUMBER_INT -> {
                    if (delegate.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                        throw new InvalidValue(field(delegate.getParsingContext()), "is too large a number");
                    }
                }
                case VALUE_NUMBER_FLOAT -> {
                    if (mayOverflow(delegate) && !Double.isFinite(delegate.getDoubleValue())) {
                        throw new InvalidValue(field(delegate.getParsingContext()), "is too large a number");
                    }
                }
                default -> {
                }
            }
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
        // The parser's own characters: a String of every value read would be made only to be looked at.
        if (!isCleanText(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength())) {
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

    /** {@link #isCleanText(String)} of {@code length} characters from {@code offset}. */
    static boolean isCleanText(char[] text, int offset, int length) {
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            char c = text[i];
            boolean unpaired = Character.isHighSurrogate(c)
                    ? i + 1 == end || !Character.isLowSurrogate(text[++i])
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
