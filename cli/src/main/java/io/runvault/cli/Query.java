package io.runvault.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Query parameters added to a path only when given, encoded. */
final class Query {
    private Query() {
    }

    static void add(StringBuilder path, String name, Object value) {
        if (value != null) {
            path.append(path.indexOf("?") < 0 ? '?' : '&').append(name).append('=')
                    .append(URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
        }
    }
}
