package io.runvault.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.net.http.HttpRequest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Every results upload gives the buffers its request body arrived in back to the server's allocator: a server that
 * keeps one per upload runs out of direct memory after some tens of thousands of uploads, however small.
 */
@MicronautTest(transactional = false)
class UploadBuffersTest extends ServerTest {
    private static final int UPLOADS = 1500;

    @Test
    void aResultsUploadKeepsNoneOfItsRequestBuffers() {
        long job = api().post("/api/v1/jobs", "{}").id();
        long run = api().post("/api/v1/jobs/" + job + "/runs", "{\"runs\":[{\"config\":{}}]}").body().get("runs")
                .get(0).get("id").getLongValue();
        Api worker = workerFor(job, null);
        byte[] body = Arrays.copyOf(ArtifactsApiTest.zip("out.csv", "x".repeat(3000)), 6000);
        assertEquals(201, upload(worker, job, run, body));
        // The first uploads fill the allocator's caches; after them, the memory it hands out must stay flat.
        for (int i = 0; i < 100; i++) {
            assertEquals(200, upload(worker, job, run, body));
        }
        long before = used();
        for (int i = 0; i < UPLOADS; i++) {
            assertEquals(200, upload(worker, job, run, body));
        }
        long grown = used() - before;
        // Kept buffers would add at least one body's worth per upload; a few chunks of slack cover the caches.
        assertTrue(grown < (long) UPLOADS * body.length / 4, "the allocator's memory grew by " + grown + " bytes over "
                + UPLOADS + " uploads of " + body.length + " bytes");
    }

    private static int upload(Api worker, long job, long run, byte[] body) {
        return worker.send(worker.request("/api/v1/jobs/" + job + "/runs/" + run + "/results")
                .header("Content-Type", "application/zip")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body))).status();
    }

    private static long used() {
        ByteBufAllocatorMetric metric = assertInstanceOf(ByteBufAllocatorMetricProvider.class,
                ByteBufAllocator.DEFAULT).metric();
        return metric.usedDirectMemory() + metric.usedHeapMemory();
    }
}
