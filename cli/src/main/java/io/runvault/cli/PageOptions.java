package io.runvault.cli;

import picocli.CommandLine.Option;

/** The paging options every list command shares: every page by default, or one with {@code --limit}/{@code --cursor}. */
final class PageOptions {
    @Option(names = "--limit", description = "one page of this many items (1-500)")
    Integer limit;

    @Option(names = "--cursor", description = "the page after the one that gave this cursor")
    String cursor;
}
