package dev.portcullis.core.internal;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/** A response body read into a string (strict UTF-8), aborted as soon as it exceeds a byte limit. */
final class LimitedBody implements HttpResponse.BodySubscriber<String> {
    /** Thrown (as the body's failure) when the limit is exceeded. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super("body over the limit", null);
        }
    }

    /** What a body that is not UTF-8 reads as: a lone surrogate, never valid text. */
    static final String NOT_UTF_8 = "\uD800";

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
        result.complete(decode(buffer, size));
    }

    /**
     * The body as text. Bytes that are not well-formed UTF-8 are not repaired: the body becomes
     * {@link #NOT_UTF_8}, a lone surrogate, which no strict reader accepts ({@link JsonParser#parseObject(String)}),
     * so it is refused as not JSON rather than read with replacement characters.
     */
    static String decode(byte[] bytes, int length) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length))
                    .toString();
        } catch (CharacterCodingException e) {
            return NOT_UTF_8;
        }
    }
}
