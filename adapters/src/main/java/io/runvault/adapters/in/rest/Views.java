package io.runvault.adapters.in.rest;

import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.annotation.Serdeable;
import io.runvault.domain.Job;
import io.runvault.domain.Page;
import io.runvault.domain.Run;
import java.util.List;
import java.util.function.Function;

/** JSON shapes the API returns. */
final class Views {
    private Views() {
    }

    /** A job as the API shows it, with the storage prefix all its artifacts go under. */
    @Serdeable
    record JobView(long id, String owner, List<String> tags, String status, String createdAt, String storagePrefix) {
        static JobView of(Job job) {
            return new JobView(job.id().value(), job.owner().value(), job.tags().values(), job.status().name(),
                    job.createdAt().toString(), job.prefix().value());
        }
    }

    /** A run as the API shows it. */
    @Serdeable
    record RunView(long id, long jobId, long seq, JsonNode config, String status, String createdAt) {
        static RunView of(Run run, JsonNode config) {
            return new RunView(run.id().value(), run.jobId().value(), run.seq(), config, run.status().name(),
                    run.createdAt().toString());
        }
    }

    /** A batch of runs just created. */
    @Serdeable
    record RunsView(List<RunView> runs) {
    }

    /** One page of a list; nextCursor is absent on the last page. */
    @Serdeable
    record PageView<T>(List<T> items, String nextCursor) {
        static <D, T> PageView<T> of(Page<D> page, Function<D, T> view) {
            return new PageView<>(page.items().stream().map(view).toList(), Cursor.encode(page.next()));
        }
    }
}
