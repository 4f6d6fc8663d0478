package dev.portcullis.core.internal;

import dev.portcullis.core.TokenValidator;
import dev.portcullis.core.ValidatorMXBean;

import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;

/**
 * A validator's JMX view, {@code dev.portcullis:type=TokenValidator,name="<name>"} (with {@code #2},
 * {@code #3}... when the name is taken): registered when the validator is built, gone when it is closed.
 */
final class ValidatorJmx implements ValidatorMXBean {
    private static final System.Logger LOG = System.getLogger("dev.portcullis");

    private final TokenValidator validator;

    private ValidatorJmx(TokenValidator validator) {
        this.validator = validator;
    }

    /** Registers the view of {@code validator}; null when this runtime has no JMX or it refused. */
    static ObjectName register(String name, TokenValidator validator) {
        MBeanServer server;
        try {
            server = ManagementFactory.getPlatformMBeanServer();
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
        for (int i = 1; i < 100; i++) {
            try {
                ObjectName on = new ObjectName(
                        "dev.portcullis:type=TokenValidator,name=" + ObjectName.quote(i == 1 ? name : name + "#" + i));
                server.registerMBean(new ValidatorJmx(validator), on);
                return on;
            } catch (InstanceAlreadyExistsException e) {
                // another validator with that name: try the next suffix
            } catch (JMException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "JMX registration of validator {0} failed", name);
                return null;
            }
        }
        return null;
    }

    static void unregister(ObjectName on) {
        if (on == null) {
            return;
        }
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(on);
        } catch (JMException | RuntimeException e) {
            // already gone
        }
    }

    @Override
    public long getAccepted() {
        return validator.metrics().accepted();
    }

    @Override
    public long getRejected() {
        return validator.metrics().rejectedTotal();
    }

    @Override
    public Map<String, Long> getRejectedByReason() {
        Map<String, Long> out = new TreeMap<>();
        validator.metrics().rejected().forEach((r, n) -> out.put(r.name(), n));
        return out;
    }

    @Override
    public Map<String, Long> getAcceptedByIssuer() {
        Map<String, Long> out = new TreeMap<>();
        validator.metrics().issuers().forEach((n, s) -> out.put(n, s.accepted()));
        return out;
    }

    @Override
    public Map<String, Long> getRejectedByIssuer() {
        Map<String, Long> out = new TreeMap<>();
        validator
                .metrics()
                .issuers()
                .forEach((n, s) -> s.rejected().forEach((r, count) -> out.put(n + ":" + r.name(), count)));
        return out;
    }

    @Override
    public Map<String, String> getKeyStatus() {
        Map<String, String> out = new TreeMap<>();
        validator
                .metrics()
                .issuers()
                .forEach((n, s) -> out.put(
                        n,
                        "keys " + s.keyIds() + ", last fetch "
                                + (s.lastKeyFetch() == null ? "never" : s.lastKeyFetch()) + ", fetch failures "
                                + s.keyFetchFailures()
                                + (s.outage() ? ", OUTAGE: serving last known keys" : "")));
        return out;
    }

    @Override
    public String getConfiguration() {
        return validator instanceof MeteredTokenValidator metered
                ? metered.configuration()
                : ConfigSummary.describe(validator.config());
    }
}
