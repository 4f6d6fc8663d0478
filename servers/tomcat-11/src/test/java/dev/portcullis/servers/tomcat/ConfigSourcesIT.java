package dev.portcullis.servers.tomcat;

import dev.portcullis.servers.ExplodedWars;
import dev.portcullis.servers.ForkedTomcat;
import dev.portcullis.servlet.it.EchoServlet;
import dev.portcullis.servlet.it.Http;
import dev.portcullis.servlet.it.Wars;
import dev.portcullis.testkit.LocalIdp;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where Portcullis reads its settings on a server without MicroProfile Config (Tomcat 11): the
 * WAR's {@code META-INF/microprofile-config.properties}, {@code web.xml} context parameters,
 * environment variables and system properties, each alone, then which one wins: context parameter >
 * system property > environment variable > properties file. The setting shown is
 * {@code portcullis.realm}, the realm of a 401's challenge. Environment variables and system
 * properties belong to a process, so each group below runs its own Tomcat JVM; in every one the
 * issuer is given only as the environment variable {@code MP_JWT_VERIFY_ISSUER} (as the README tells),
 * and the audience and keys only in the properties file.
 */
class ConfigSourcesIT {
    static final LocalIdp IDP = LocalIdp.start();
    static final Path WORK = Path.of(System.getProperty("portcullis.server.work", "target/server"))
            .resolve("config-sources");
    static final String FROM_FILE = "realm-from-properties-file";
    static final String FROM_CONTEXT = "realm-from-context-parameter";
    static final String FROM_ENV = "realm-from-environment-variable";
    static final String FROM_SYSTEM = "realm-from-system-property";

    @AfterAll
    static void stopIdp() {
        IDP.close();
    }

    /** A filter-protected WAR: the properties file holds the audience, the keys and {@code file}; web.xml the context parameters. */
    static Path war(String name, Map<String, String> file, Map<String, String> contextParameters) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("mp.jwt.verify.audiences", "orders-api");
        properties.put("mp.jwt.verify.publickey.location", IDP.jwksUri().toString());
        properties.putAll(file);
        WebArchive war = Wars.protectedWar(name, properties, EchoServlet.class);
        if (!contextParameters.isEmpty()) {
            war.setWebXML(new StringAsset("""
                    <?xml version="1.0" encoding="UTF-8"?>
                    <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0" metadata-complete="false">
                    %s</web-app>
                    """.formatted(contextParameters.entrySet().stream()
                    .map(e -> "  <context-param><param-name>" + e.getKey() + "</param-name><param-value>" + e.getValue()
                            + "</param-value></context-param>\n")
                    .collect(Collectors.joining()))));
        }
        return ExplodedWars.explode(war, WORK.resolve("wars"));
    }

    static ForkedTomcat tomcat(
            String name,
            Map<String, String> environment,
            Map<String, String> systemProperties,
            Map<String, Path> wars) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put("MP_JWT_VERIFY_ISSUER", IDP.issuer());
        return ForkedTomcat.start(WORK.resolve(name), env, systemProperties, wars);
    }

    /** The realm of the bare challenge a request without a token gets. */
    static String realm(URL base) {
        HttpResponse<String> r = Http.get(base, "anything", null);
        assertThat(r.statusCode())
                .as("%s without a token (body %s)", base, r.body())
                .isEqualTo(401);
        String challenge = r.headers().firstValue("WWW-Authenticate").orElseThrow();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "Bearer realm=\"([^\"]*)\"(, resource_metadata=\"[^\"]+\")?")
                .matcher(challenge);
        assertThat(m.matches()).as(challenge).isTrue();
        return m.group(1);
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class NoRealmOutsideTheWar {
        ForkedTomcat tomcat;

        @BeforeAll
        void start() {
            tomcat = tomcat(
                    "no-realm-outside",
                    Map.of(),
                    Map.of(),
                    Map.of(
                            "file-only", war("file-only", Map.of("portcullis.realm", FROM_FILE), Map.of()),
                            "context-only", war("context-only", Map.of(), Map.of("portcullis.realm", FROM_CONTEXT)),
                            "context-and-file",
                                    war(
                                            "context-and-file",
                                            Map.of("portcullis.realm", FROM_FILE),
                                            Map.of("portcullis.realm", FROM_CONTEXT)),
                            "nowhere", war("nowhere", Map.of(), Map.of())));
        }

        @AfterAll
        void stop() {
            tomcat.close();
        }

        @Test
        void realmFromTheWarsMicroProfileConfigProperties() {
            assertThat(realm(tomcat.base("file-only"))).isEqualTo(FROM_FILE);
        }

        @Test
        void realmFromAWebXmlContextParameter() {
            assertThat(realm(tomcat.base("context-only"))).isEqualTo(FROM_CONTEXT);
        }

        @Test
        void contextParameterWinsOverThePropertiesFile() {
            assertThat(realm(tomcat.base("context-and-file"))).isEqualTo(FROM_CONTEXT);
        }

        @Test
        void withTheRealmSetNowhereTheRealmIsTheContextRoot() {
            assertThat(realm(tomcat.base("nowhere"))).isEqualTo("nowhere");
        }

        @Test
        void issuerFromTheEnvironmentVariableMpJwtVerifyIssuerAcceptsItsTokens() {
            HttpResponse<String> r =
                    Http.get(tomcat.base("nowhere"), "anything", IDP.token().build());
            assertThat(r.statusCode()).as("body %s", r.body()).isEqualTo(200);
            HttpResponse<String> other = Http.get(
                    tomcat.base("nowhere"),
                    "anything",
                    IDP.token().issuer("https://other.example.com").build());
            assertThat(other.statusCode()).isEqualTo(401);
        }

        @Test
        void startupLineNamesTheSourcesReadWithoutMicroProfileConfig() {
            assertThat(tomcat.output())
                    .anySatisfy(
                            l -> assertThat(l)
                                    .contains(
                                            "Portcullis settings of /file-only read from: filter init parameters, context parameters, "
                                                    + "system properties, environment variables, META-INF/microprofile-config.properties (100)"));
            assertThat(tomcat.output()).noneMatch(l -> l.contains("MicroProfile Config"));
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class RealmInAnEnvironmentVariable {
        ForkedTomcat tomcat;

        @BeforeAll
        void start() {
            tomcat = tomcat(
                    "env",
                    Map.of("PORTCULLIS_REALM", FROM_ENV),
                    Map.of(),
                    Map.of(
                            "env-only", war("env-only", Map.of(), Map.of()),
                            "env-and-file", war("env-and-file", Map.of("portcullis.realm", FROM_FILE), Map.of()),
                            "env-and-context",
                                    war("env-and-context", Map.of(), Map.of("portcullis.realm", FROM_CONTEXT))));
        }

        @AfterAll
        void stop() {
            tomcat.close();
        }

        @Test
        void realmFromTheEnvironmentVariablePortcullisRealm() {
            assertThat(realm(tomcat.base("env-only"))).isEqualTo(FROM_ENV);
        }

        @Test
        void environmentVariableWinsOverThePropertiesFile() {
            assertThat(realm(tomcat.base("env-and-file"))).isEqualTo(FROM_ENV);
        }

        @Test
        void contextParameterWinsOverTheEnvironmentVariable() {
            assertThat(realm(tomcat.base("env-and-context"))).isEqualTo(FROM_CONTEXT);
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class RealmInASystemPropertyAndAnEnvironmentVariable {
        ForkedTomcat tomcat;

        @BeforeAll
        void start() {
            tomcat = tomcat(
                    "system-and-env",
                    Map.of("PORTCULLIS_REALM", FROM_ENV),
                    Map.of("portcullis.realm", FROM_SYSTEM),
                    Map.of(
                            "system-env-and-file",
                            war("system-env-and-file", Map.of("portcullis.realm", FROM_FILE), Map.of()),
                            "system-and-context",
                            war("system-and-context", Map.of(), Map.of("portcullis.realm", FROM_CONTEXT))));
        }

        @AfterAll
        void stop() {
            tomcat.close();
        }

        @Test
        void systemPropertyWinsOverTheEnvironmentVariableAndThePropertiesFile() {
            assertThat(realm(tomcat.base("system-env-and-file"))).isEqualTo(FROM_SYSTEM);
        }

        @Test
        void contextParameterWinsOverTheSystemProperty() {
            assertThat(realm(tomcat.base("system-and-context"))).isEqualTo(FROM_CONTEXT);
        }
    }
}
