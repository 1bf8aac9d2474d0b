"""Read models: what the REST API, the pages, validation's explanations and the network read from the store."""
