package io.runvault.adapters.in.rest;

import io.micronaut.core.type.Argument;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Deserializer;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * Reads an id from a JSON body as a JSON integer only: the default reading truncates {@code 1.5} to run 1 and takes
 * {@code "1"} as well, so one id could be spelt several ways.
 */
@Singleton
public class WholeNumber implements Deserializer<Long> {
    static final String REASON = "must be a whole number";

    @Override
    public Long deserialize(Decoder decoder, DecoderContext context, Argument<? super Long> type) throws IOException {
        Object value = decoder.decodeArbitrary();
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        throw decoder.createDeserializationException(REASON, value);
    }
}
