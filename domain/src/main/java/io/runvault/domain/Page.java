package io.runvault.domain;

import java.util.List;
import java.util.function.Function;

/** Value object: one page of a list and the position to continue after, null on the last page. */
public record Page<T>(List<T> items, Long next) {
    public Page {
        items = List.copyOf(items);
    }

    /** Builds a page from up to limit+1 fetched items: the extra one only proves that more exist. */
    public static <T> Page<T> of(List<T> fetched, int limit, Function<T, Long> position) {
        if (fetched.size() <= limit) {
            return new Page<>(fetched, null);
        }
        List<T> items = fetched.subList(0, limit);
        return new Page<>(items, position.apply(items.getLast()));
    }

    /** The items that pass, at the same position: a page may come out shorter, never skip what follows. */
    public Page<T> filter(java.util.function.Predicate<T> keep) {
        return new Page<>(items.stream().filter(keep).toList(), next);
    }

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), next);
    }
}
