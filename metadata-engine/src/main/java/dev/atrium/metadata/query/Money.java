package dev.atrium.metadata.query;

import java.time.LocalDate;
import java.util.UUID;

/**
 * How a report converts currency amounts: into the organisation's corporate currency at the rate in
 * effect on {@code asOf} (the latest rate valid from that day or before), from its exchange-rate table.
 */
public record Money(String corporate, UUID tenant, LocalDate asOf) {}
