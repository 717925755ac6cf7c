package io.runvault.adapters.in.rest;

import io.micronaut.serde.annotation.Serdeable;
import io.runvault.domain.Page;
import java.util.List;
import java.util.function.Function;

/** One page of any list the API answers; nextCursor is absent on the last page. */
@Serdeable
public record PageView<T>(List<T> items, String nextCursor) {
    /** The page's items, each shown through {@code view}, and the cursor of the next page. */
    public static <D, T> PageView<T> of(Page<D> page, Function<D, T> view) {
        return new PageView<>(page.items().stream().map(view).toList(), Cursor.encode(page.next()));
    }
}
