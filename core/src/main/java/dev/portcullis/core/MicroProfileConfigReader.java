package dev.portcullis.core;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Reads a {@link ValidatorConfig} from MicroProfile Config. Needs the MicroProfile Config API at
 * run time (an optional dependency of this library); everything else works without it.
 */
public final class MicroProfileConfigReader {
    private MicroProfileConfigReader() {
    }

    /**
     * Reads from the given configuration.
     *
     * @throws IllegalArgumentException naming the property and the value expected
     */
    public static ValidatorConfig read(Config config) {
        return ValidatorConfig.fromProperties(name -> config.getOptionalValue(name, String.class));
    }

    /** Reads from the configuration of the current thread's context class loader. */
    public static ValidatorConfig read() {
        return read(ConfigProvider.getConfig());
    }
}
