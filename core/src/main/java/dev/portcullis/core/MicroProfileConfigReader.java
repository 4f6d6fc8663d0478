package dev.portcullis.core;

import org.eclipse.microprofile.config.Config;

/**
 * Reads a {@link ValidatorConfig} from MicroProfile Config. Needs the MicroProfile Config API at
 * run time (an optional dependency of this library); everything else works without it.
 *
 * @deprecated use {@link Settings}: {@code Settings.builder().build().validatorConfig()} reads the
 * same properties, from MicroProfile Config when the server has it and from system properties,
 * environment variables and {@code microprofile-config.properties} when it has not.
 *
 * @since 0.1.0
 */
@Deprecated(since = "0.1.0")
public final class MicroProfileConfigReader {
    private MicroProfileConfigReader() {}

    /**
     * Reads from the given configuration.
     *
     * @throws IllegalArgumentException naming the property and the value expected
     */
    public static ValidatorConfig read(Config config) {
        return ValidatorConfig.fromProperties(name -> config.getOptionalValue(name, String.class));
    }

    /** Reads as {@link Settings} does, with the current thread's context class loader. */
    public static ValidatorConfig read() {
        return Settings.builder().build().validatorConfig();
    }
}
