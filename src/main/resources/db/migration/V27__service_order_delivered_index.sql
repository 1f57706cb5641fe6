-- The cockpit counts delivered service orders by delivery date (CockpitIndicators.servicesDelivered): an index, so
-- that a report reads the orders of its period instead of the whole table.
CREATE INDEX service_order_delivered_idx ON service_order (status, delivered_on);
