package dev.portcullis.core.internal;

import dev.portcullis.core.KeySetListener;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Delivers key-set events of one issuer to the validator's listeners. A listener that throws is
 * logged once (its class and the exception's class, no stack trace) and otherwise ignored: events
 * never break validation nor a fetch.
 */
final class KeySetEvents {
    private static final System.Logger LOG = System.getLogger("dev.portcullis.jwks");

    /** Delivers to nobody. */
    static final KeySetEvents NONE = new KeySetEvents("-", List.of(), ConcurrentHashMap.newKeySet());

    private final String issuerName;
    private final List<KeySetListener> listeners;
    private final Set<KeySetListener> misbehaved; // shared by all issuers of one validator

    private KeySetEvents(String issuerName, List<KeySetListener> listeners, Set<KeySetListener> misbehaved) {
        this.issuerName = issuerName;
        this.listeners = listeners;
        this.misbehaved = misbehaved;
    }

    /** Events for the listeners of one validator; see {@link #forIssuer(String)}. */
    static KeySetEvents to(List<KeySetListener> listeners) {
        return new KeySetEvents("-", List.copyOf(listeners), ConcurrentHashMap.newKeySet());
    }

    /** The same listeners, for the issuer named {@code name}. */
    KeySetEvents forIssuer(String name) {
        return new KeySetEvents(name, listeners, misbehaved);
    }

    String issuerName() {
        return issuerName;
    }

    void fetchSucceeded(int keyCount, Duration duration) {
        each(l -> l.fetchSucceeded(issuerName, keyCount, duration));
    }

    void fetchFailed(KeySetListener.FailureKind kind) {
        each(l -> l.fetchFailed(issuerName, kind));
    }

    void outageStarted(KeySetListener.FailureKind kind) {
        each(l -> l.outageStarted(issuerName, kind));
    }

    void outageEnded(Duration outage) {
        each(l -> l.outageEnded(issuerName, outage));
    }

    void refetchSuppressed(Duration retryAfter) {
        each(l -> l.refetchSuppressed(issuerName, retryAfter));
    }

    void keySetChanged(Set<String> added, Set<String> removed) {
        each(l -> l.keySetChanged(issuerName, Set.copyOf(added), Set.copyOf(removed)));
    }

    private void each(Consumer<KeySetListener> event) {
        for (KeySetListener listener : listeners) {
            try {
                event.accept(listener);
            } catch (RuntimeException e) {
                if (misbehaved.add(listener)) {
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "Key-set listener {0} threw {1}; ignored, and not"
                                    + " reported again (listeners must not throw)",
                            listener.getClass().getName(),
                            e.getClass().getName());
                }
            }
        }
    }
}
