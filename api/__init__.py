"""newsgraph's HTTP interface: SPARQL 1.1 Protocol, Graph Store Protocol, REST, entity pages."""
