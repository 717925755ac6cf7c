package io.runvault.adapters.in.rest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.Deserializer;
import io.micronaut.serde.LimitingStream;
import io.micronaut.serde.SerdeRegistry;
import io.micronaut.serde.config.SerdeConfiguration;
import io.micronaut.serde.jackson.JacksonDecoder;
import io.micronaut.web.router.exceptions.UnsatisfiedBodyRouteException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Binds a JSON body with the deserializers Micronaut binds a {@code @Body} with, reading it through
 * {@link StrictJson#parser}, so that the one pass that binds the body also holds it to the JSON rules. Whatever is
 * refused is answered as {@link StrictJsonFilter} and binding answer it: a broken rule first (anywhere in the body),
 * then a missing body, then a value of the wrong type, reported as a conversion error of the argument "body".
 */
@Singleton
final class StrictBodies {
    private static final String BODY = "body";

    private final SerdeRegistry registry;
    private final SerdeConfiguration configuration;

    StrictBodies(SerdeRegistry registry, SerdeConfiguration configuration) {
        this.registry = registry;
        this.configuration = configuration;
    }

    /** A reader of one type of body; made once per endpoint, as finding the deserializer is not free. */
    <T> Reader<T> reader(Class<T> type) {
        Argument<T> argument = Argument.of(type, BODY);
        Deserializer.DecoderContext context = registry.newDecoderContext(null);
        try {
            return new Reader<>(argument, context, context.findDeserializer(argument).createSpecific(context,
                    argument), configuration);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads bodies of one type; see {@link StrictBodies}. */
    static final class Reader<T> {
        private final Argument<T> argument;
        private final Deserializer.DecoderContext context;
        private final Deserializer<? extends T> deserializer;
        private final SerdeConfiguration configuration;

        private Reader(Argument<T> argument, Deserializer.DecoderContext context,
                Deserializer<? extends T> deserializer, SerdeConfiguration configuration) {
            this.argument = argument;
            this.context = context;
            this.deserializer = deserializer;
            this.configuration = configuration;
        }

        T read(byte[] body) {
            if (body == null || body.length == 0) {
                throw new UnsatisfiedBodyRouteException(BODY, argument);
            }
            try (StrictJson.Checked parser = StrictJson.parser(body)) {
                T value;
                try {
                    value = deserializer.deserializeNullable(JacksonDecoder.create(parser,
                            LimitingStream.limitsFromConfiguration(configuration)), context, argument);
                } catch (IOException | RuntimeException e) {
                    throw refused(parser, e);
                }
                parser.finish();
                if (value == null) {
                    throw new UnsatisfiedBodyRouteException(BODY, argument);
                }
                return value;
            } catch (JsonProcessingException e) {
                throw StrictJson.notJson(e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * What to answer for a body the deserializer gave up on: a rule it broke on the way (the deserializer may have
         * wrapped the refusal), the JSON itself broken, a rule broken further on, or else the deserializer's own
         * complaint.
         */
        private RuntimeException refused(StrictJson.Checked parser, Exception e) throws IOException {
            if (parser.refusal() != null) {
                return parser.refusal();
            }
            for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
                if (cause instanceof JsonProcessingException broken) {
                    return StrictJson.notJson(broken);
                }
            }
            if (e instanceof RuntimeException runtime) {
                parser.finish();
                return runtime;
            }
            // Where the value that did not fit begins, taken before the rest is read; one column in, so that a
            // token ending there is not taken for it.
            JsonLocation at = parser.currentTokenLocation();
            parser.finish();
            Exception misfit = new MisTyped(at.getLineNr(), at.getColumnNr() + 1, e);
            // As binding reports it: the argument, the value it had (none yet), and why.
            return new ConversionErrorException(argument, () -> misfit);
        }
    }

    /**
     * A value of the wrong type, at the place {@link StrictJson#fieldAt} names the field from. The deserializer's own
     * place may lie past the value, where this parser's checks have already read a string through.
     */
    private static final class MisTyped extends IOException {
        MisTyped(int line, int column, Exception cause) {
            super("has the wrong type or form (line: " + line + ", column: " + column + ")", cause);
        }
    }
}
