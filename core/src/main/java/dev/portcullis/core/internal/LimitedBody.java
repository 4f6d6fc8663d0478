package dev.portcullis.core.internal;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/** A response body read into a string, aborted as soon as it exceeds a byte limit. */
final class LimitedBody implements HttpResponse.BodySubscriber<String> {
    /** Thrown (as the body's failure) when the limit is exceeded. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super("body over the limit", null);
        }
    }

    private final int limit;
    private final CompletableFuture<String> result = new CompletableFuture<>();
    private byte[] buffer = new byte[8192];
    private int size;
    private Flow.Subscription subscription;

    LimitedBody(int limit) {
        this.limit = limit;
    }

    static HttpResponse.BodyHandler<String> handler(int limit) {
        return info -> {
            long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
            return new LimitedBody(declared > limit ? -1 : limit);
        };
    }

    @Override
    public CompletionStage<String> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        this.subscription = s;
        if (limit < 0) { // declared Content-Length already over the limit: read nothing
            s.cancel();
            result.completeExceptionally(new TooLarge());
            return;
        }
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer b : items) {
            int n = b.remaining();
            if ((long) size + n > limit) {
                subscription.cancel();
                result.completeExceptionally(new TooLarge());
                return;
            }
            if (size + n > buffer.length) {
                byte[] bigger = new byte[Math.min(limit, Math.max(buffer.length * 2, size + n))];
                System.arraycopy(buffer, 0, bigger, 0, size);
                buffer = bigger;
            }
            b.get(buffer, size, n);
            size += n;
        }
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        result.complete(new String(buffer, 0, size, StandardCharsets.UTF_8));
    }
}
