"""Model to triples: the only stage that mints IRIs and builds RDF terms."""
