package dev.portcullis.samples.orders;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The orders API: its resources are discovered; Portcullis' adapter is discovered from its jar. */
@ApplicationPath("/")
public class OrdersApplication extends Application {}
