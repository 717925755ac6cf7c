package io.runvault.adapters.in.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Prefer headers as clients send them, and as no client should: what is not understood is ignored, never refused. */
class AsyncPreferenceTest {

    private static AsyncPreference of(String... headers) {
        return AsyncPreference.of(List.of(headers));
    }

    @Test
    void respondAsyncWithAWaitInAnyCaseAndSpacing() {
        assertEquals(new AsyncPreference(true, Duration.ofSeconds(10)), of("respond-async, wait=10"));
        assertEquals(new AsyncPreference(true, Duration.ofSeconds(7)), of(" Respond-Async ,WAIT = \"7\" "));
        assertEquals(new AsyncPreference(true, Duration.ofSeconds(3)), of("wait=3", "respond-async"),
                "preferences spread over several headers");
        assertEquals(new AsyncPreference(true, Duration.ZERO), of("respond-async"));
        assertEquals(new AsyncPreference(true, Duration.ZERO), of("respond-async; foo=bar, handling=lenient"));
    }

    @Test
    void aWaitAloneOrOtherPreferencesAskNothingOfTheCompletion() {
        assertFalse(of("wait=10").respondAsync());
        assertFalse(of("return=minimal, handling=strict").respondAsync());
        assertFalse(of().respondAsync());
        assertFalse(of("respond-async=no").respondAsync(), "respond-async takes no value");
    }

    @Test
    void aWaitBeyondTheLongestIsTheLongestHoweverManyDigits() {
        assertEquals(AsyncPreference.MAX_WAIT, of("respond-async, wait=61").holdFor());
        assertEquals(AsyncPreference.MAX_WAIT, of("respond-async, wait=99999999999999999999999999999999").holdFor());
        assertEquals(Duration.ofSeconds(5), of("respond-async, wait=0000000000000000000000000005").holdFor());
        assertEquals(Duration.ZERO, of("respond-async, wait=000").holdFor());
    }

    @Test
    void aWaitThatIsNotAnAsciiNumberIsIgnored() {
        for (String wait : List.of("１０", "-5", "+5", "5.5", "1e3", "", "\u0000", "10s", "٣", "\uD800")) {
            AsyncPreference preference = of("respond-async, wait=" + wait);
            assertTrue(preference.respondAsync(), wait);
            assertEquals(Duration.ZERO, preference.holdFor(), wait);
        }
    }
}
