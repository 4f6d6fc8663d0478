package dev.portcullis.benchmarks.soak;

import com.sun.tools.attach.VirtualMachine;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * Liberty's JVM seen over JMX: the soak attaches to it (same user, same machine) and starts its local management
 * agent, which listens on the loopback only. {@link #sample()} forces a full GC and reads the heap used after it,
 * from the full collector's {@code LastGcInfo}, and the live thread count.
 */
final class LibertyJvm implements AutoCloseable {
    private static final ObjectName MEMORY = name("java.lang:type=Memory");
    private static final ObjectName THREADING = name("java.lang:type=Threading");
    private static final ObjectName COLLECTORS = name("java.lang:type=GarbageCollector,*");
    private static final ObjectName POOLS = name("java.lang:type=MemoryPool,*");

    private final JMXConnector connector;
    private final MBeanServerConnection mbeans;
    private final ObjectName fullCollector;
    private final Set<String> heapPools = new HashSet<>();

    /**
     * One reading.
     *
     * @param heapAfterFullGcBytes heap used right after the forced full GC
     * @param liveThreads          live threads, daemon or not
     * @param fullGcs              full collections so far (the forced ones included)
     */
    record Sample(long heapAfterFullGcBytes, int liveThreads, long fullGcs) {
        double heapMb() {
            return heapAfterFullGcBytes / (1024.0 * 1024.0);
        }
    }

    private LibertyJvm(JMXConnector connector) throws Exception {
        this.connector = connector;
        this.mbeans = connector.getMBeanServerConnection();
        ObjectName full = null;
        for (ObjectName collector : mbeans.queryNames(COLLECTORS, null)) {
            String n = collector.getKeyProperty("name");
            if (n.contains("Old") || n.contains("MarkSweep") || n.contains("Full")) {
                full = collector;
            }
        }
        this.fullCollector = full;
        for (ObjectName pool : mbeans.queryNames(POOLS, null)) {
            if ("HEAP".equals(String.valueOf(mbeans.getAttribute(pool, "Type")))) {
                heapPools.add(pool.getKeyProperty("name"));
            }
        }
    }

    static LibertyJvm attach(long pid) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        String address;
        try {
            address = vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
        return new LibertyJvm(JMXConnectorFactory.connect(new JMXServiceURL(address)));
    }

    String fullCollectorName() {
        return fullCollector == null ? "none found" : fullCollector.getKeyProperty("name");
    }

    Sample sample() throws Exception {
        mbeans.invoke(MEMORY, "gc", null, null); // System.gc(): a full collection (G1, Parallel, Serial)
        long heap = heapAfterLastFullGc();
        if (heap < 0) {
            CompositeData usage = (CompositeData) mbeans.getAttribute(MEMORY, "HeapMemoryUsage");
            heap = (Long) usage.get("used");
        }
        int threads = (Integer) mbeans.getAttribute(THREADING, "ThreadCount");
        long fullGcs = fullCollector == null ? -1 : (Long) mbeans.getAttribute(fullCollector, "CollectionCount");
        return new Sample(heap, threads, fullGcs);
    }

    private long heapAfterLastFullGc() throws Exception {
        if (fullCollector == null) {
            return -1;
        }
        CompositeData info = (CompositeData) mbeans.getAttribute(fullCollector, "LastGcInfo");
        if (info == null) {
            return -1;
        }
        TabularData after = (TabularData) info.get("memoryUsageAfterGc");
        long used = 0;
        for (Object row : after.values()) {
            CompositeData entry = (CompositeData) row;
            if (heapPools.contains((String) entry.get("key"))) {
                used += (Long) ((CompositeData) entry.get("value")).get("used");
            }
        }
        return used;
    }

    @Override
    public void close() {
        try {
            connector.close();
        } catch (IOException e) {
            // Liberty may already be gone
        }
    }

    private static ObjectName name(String text) {
        try {
            return new ObjectName(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
