package dev.portcullis.jaxrs.conformance;

import dev.portcullis.servlet.it.ServerLogs;
import dev.portcullis.testkit.LocalIdp;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@link ConformanceCases} in Open Liberty: the filter-only WAR and the JAX-RS-only WAR give the
 * same answers. Only the deployment and the log reading are Liberty's.
 */
@ExtendWith(ArquillianExtension.class)
class ConformanceIT {
    static final LocalIdp IDP = LocalIdp.start();
    static final ConformanceCases CASES = new ConformanceCases(IDP, new ConformanceCases.ServerLog() {
        @Override
        public boolean await(Predicate<String> line, Duration timeout) {
            return ServerLogs.await(line, timeout);
        }

        @Override
        public List<String> lines() {
            return ServerLogs.lines().stream().map(ServerLogs.Line::text).toList();
        }
    });

    @Deployment(name = ConformanceWars.FILTER, testable = false)
    static WebArchive filterWar() {
        return ConformanceWars.filterOnly(IDP);
    }

    @Deployment(name = ConformanceWars.JAXRS, testable = false)
    static WebArchive jaxrsWar() {
        return ConformanceWars.jaxrsOnly(IDP);
    }

    @ArquillianResource
    @OperateOnDeployment(ConformanceWars.FILTER)
    URL filterBase;

    @ArquillianResource
    @OperateOnDeployment(ConformanceWars.JAXRS)
    URL jaxrsBase;

    static final DpopConformanceCases DPOP = new DpopConformanceCases(IDP);

    @AfterAll
    static void stopIdp() {
        IDP.close();
    }

    static List<String> cases() {
        return ConformanceCases.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void bothAdaptersAnswerTheSame(String name) {
        CASES.check(name, new ConformanceCases.Target("filter-only WAR", filterBase, ConformanceWars.FILTER));
        CASES.check(name, new ConformanceCases.Target("JAX-RS-only WAR", jaxrsBase, ConformanceWars.JAXRS));
    }

    static List<String> dpopCases() {
        return DpopConformanceCases.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dpopCases")
    void bothAdaptersCheckDpopTheSame(String name) {
        DPOP.check(name, new ConformanceCases.Target("filter-only WAR", filterBase, ConformanceWars.FILTER));
        DPOP.check(name, new ConformanceCases.Target("JAX-RS-only WAR", jaxrsBase, ConformanceWars.JAXRS));
    }
}
