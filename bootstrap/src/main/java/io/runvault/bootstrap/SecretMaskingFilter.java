package io.runvault.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Marker;
import org.slf4j.helpers.FormattingTuple;
import org.slf4j.helpers.MessageFormatter;

/**
 * Logging: keeps presigned-URL signatures, Authorization headers and bearer tokens out of every log line, whichever
 * library writes them (the HTTP client's wire log, the embedded S3 server's request log, exception messages). A
 * message carrying one is dropped and logged again, masked, by the same logger at the same level; so is one with a
 * parameter whose text may change before an appender formats it, written as the text that was examined.
 */
public final class SecretMaskingFilter extends TurboFilter {
    private static final String MASK = "***";
    private static final String FQCN = SecretMaskingFilter.class.getName();
    private static final List<Pattern> SECRETS = List.of(
            // Query-string signatures of presigned URLs (SigV4 and V2), possibly URL-encoded.
            Pattern.compile("(?i)((?:X-Amz-Signature|Signature)(?:=|%3D))[0-9A-Za-z%+/=]+"),
            // Header values: "Authorization: AWS4-HMAC-SHA256 …", "authorization=[Bearer …]", JSON-ish forms.
            Pattern.compile("(?i)((?:proxy-)?authorization[\"']?\\s*[:=]\\s*\\[?[\"']?)[^\\r\\n\"'\\]\\[]+"),
            Pattern.compile("(?i)((?:X-Amz-Security-Token|X-Amz-Credential)(?:=|%3D|:\\s*))[^&\\s\"'\\]\\[]+"),
            Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]+"));
    private static final Pattern HINT = Pattern.compile("(?i)signature|authorization|bearer|x-amz-");
    /** Parameters whose text never changes once they exist. */
    private static final Set<Class<?>> UNCHANGING = Set.of(String.class, Integer.class, Long.class, Short.class,
            Byte.class, Double.class, Float.class, Boolean.class, Character.class, BigInteger.class, BigDecimal.class,
            UUID.class, Instant.class, Duration.class);

    /** Set while re-logging, so the masked event passes without being examined again. */
    private static final ThreadLocal<Boolean> RELOGGING = ThreadLocal.withInitial(() -> false);

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
            Throwable t) {
        // Turbo filters see every call, enabled or not: decide cheaply unless the event will really be written.
        if (level == null || !level.isGreaterOrEqual(logger.getEffectiveLevel()) || RELOGGING.get()) {
            return FilterReply.NEUTRAL;
        }
        FormattingTuple formatted = format == null ? null : MessageFormatter.arrayFormat(format, params);
        String message = formatted == null ? null : formatted.getMessage();
        // A throwable passed as the last parameter rather than on its own is the event's throwable all the same.
        Throwable thrown = t != null || formatted == null ? t : formatted.getThrowable();
        String masked = message != null && HINT.matcher(message).find() ? mask(message) : message;
        boolean secretInMessage = masked != null && !masked.equals(message);
        boolean secretInThrowable = thrown != null && hasSecret(thrown);
        if (!secretInMessage && !secretInThrowable && !mayChange(params, thrown)) {
            return FilterReply.NEUTRAL;
        }
        RELOGGING.set(true);
        try {
            logger.log(marker, FQCN, Level.toLocationAwareLoggerInteger(level),
                    masked, null, secretInThrowable ? masked(thrown) : thrown);
        } finally {
            RELOGGING.set(false);
        }
        return FilterReply.DENY;
    }

    /**
     * Whether a parameter's text may differ when the appender formats the event from what was examined here: a
     * connection or a request another thread is still parsing prints its URI, signature and all, a moment later. Such
     * an event is written as the text that was examined, never formatted again.
     */
    private static boolean mayChange(Object[] params, Throwable thrown) {
        if (params == null) {
            return false;
        }
        for (Object param : params) {
            if (param != null && param != thrown && !UNCHANGING.contains(param.getClass())
                    && !(param instanceof Enum<?>)) {
                return true;
            }
        }
        return false;
    }

    /** The text with every secret replaced by {@value #MASK}. */
    static String mask(String text) {
        String masked = text;
        for (Pattern secret : SECRETS) {
            Matcher matcher = secret.matcher(masked);
            if (matcher.find()) {
                masked = matcher.replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
            }
        }
        return masked;
    }

    private static boolean hasSecret(Throwable t) {
        for (Throwable cause = t; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            String text = cause.getMessage();
            if (text != null && !mask(text).equals(text)) {
                return true;
            }
        }
        return false;
    }

    /** The same chain of throwables, stack traces kept, messages masked. */
    private static Throwable masked(Throwable t) {
        Throwable cause = t.getCause() == null || t.getCause() == t ? null : masked(t.getCause());
        String text = t.getMessage() == null ? null : mask(t.getMessage());
        MaskedThrowable copy = new MaskedThrowable(t.getClass().getName() + (text == null ? "" : ": " + text), cause);
        copy.setStackTrace(t.getStackTrace());
        return copy;
    }

    /** Stands in for a throwable whose message carried a secret; its text starts with the original class name. */
    private static final class MaskedThrowable extends RuntimeException {
        MaskedThrowable(String message, Throwable cause) {
            super(message, cause, false, true);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }
}
